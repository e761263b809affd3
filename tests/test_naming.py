"""The naming rule: singular or plural in, the same names out; refused names say why."""

import keyword
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apiforge.naming import (
    AMBIGUOUS_NAMES,
    MAX_NAME_LENGTH,
    NamingError,
    helper_method_name,
    reserved_names,
    resource_names,
    to_pascal,
)

from .support import NOUNS


@pytest.mark.parametrize(
    ("name", "singular", "plural", "class_name"),
    [
        ("banner", "banner", "banners", "Banner"),
        ("banners", "banner", "banners", "Banner"),
        ("categories", "category", "categories", "Category"),
        ("box", "box", "boxes", "Box"),
        ("addresses", "address", "addresses", "Address"),
        ("day", "day", "days", "Day"),
        ("BlogPost", "blog_post", "blog_posts", "BlogPost"),
        ("blog-posts", "blog_post", "blog_posts", "BlogPost"),
        ("people", "person", "people", "Person"),
        ("sales_person", "sales_person", "sales_people", "SalesPerson"),
        ("houses", "house", "houses", "House"),
    ],
)
def test_names(name: str, singular: str, plural: str, class_name: str) -> None:
    names = resource_names(name)
    assert (names.singular, names.plural, names.class_name) == (singular, plural, class_name)
    assert (names.module, names.table, names.url) == (plural, plural, f"/{plural}")
    assert names.helper_class == f"{class_name}Helper"


@pytest.mark.parametrize(("singular", "plural"), NOUNS, ids=[pair[0] for pair in NOUNS])
def test_real_nouns_in_either_form_give_the_same_names(singular: str, plural: str) -> None:
    for name in (singular, plural, to_pascal(singular), plural.replace("_", "-")):
        names = resource_names(name)
        assert (names.singular, names.plural) == (singular, plural), name
        assert names.class_name == to_pascal(singular)
        assert (names.module, names.url) == (plural, f"/{plural}")


def test_the_noun_list_is_long() -> None:
    assert len(NOUNS) >= 150


@pytest.mark.parametrize("name", ["news", "species", "series", "sheep", "fish", "equipment"])
def test_a_noun_without_a_distinct_plural_asks_for_the_other_form(name: str) -> None:
    with pytest.raises(NamingError, match=f"keep /{name} with --singular"):
        resource_names(name)
    names = resource_names(name, singular=f"{name}_item")
    assert (names.singular, names.plural, names.class_name) == (
        f"{name}_item",
        name,
        to_pascal(f"{name}_item"),
    )
    assert names.url == f"/{name}"


@pytest.mark.parametrize(
    ("name", "overrides", "singular", "plural"),
    [
        # inflect reads `menus` as a singular (like `bus`) and pluralises `epoch` as `epoches`.
        ("menu", {"plural": "menus"}, "menu", "menus"),
        ("menus", {"plural": "menus"}, "menu", "menus"),
        ("epoch", {"plural": "epochs"}, "epoch", "epochs"),
        ("menus", {"singular": "menu"}, "menu", "menus"),
        ("person", {"plural": "persons"}, "person", "persons"),
        ("news", {"singular": "NewsItem"}, "news_item", "news"),
        ("news_item", {"singular": "news_item", "plural": "news"}, "news_item", "news"),
    ],
)
def test_overrides(name: str, overrides: dict[str, str], singular: str, plural: str) -> None:
    names = resource_names(name, **overrides)
    assert (names.singular, names.plural) == (singular, plural)


@pytest.mark.parametrize(
    ("name", "overrides", "message"),
    [
        ("menu", {}, "--plural menus"),
        ("banner", {"singular": "a", "plural": "b"}, "NAME must be the --singular or the --plural"),
        ("news", {"plural": "news"}, "no singular of 'news' found: give it with --singular"),
        ("news", {"singular": "news", "plural": "news"}, "both 'news'"),
        ("widget", {"plural": "json"}, "standard-library"),
        ("widget", {"plural": "Bad Name!"}, "--plural"),
        ("widget", {"plural": "w" * 41}, "limited to 40"),
    ],
)
def test_refused_overrides(name: str, overrides: dict[str, str], message: str) -> None:
    with pytest.raises(NamingError, match=re.escape(message)):
        resource_names(name, **overrides)


def test_names_are_limited_to_40_characters() -> None:
    name = "order_item_" + "x" * (MAX_NAME_LENGTH - len("order_item__box")) + "_box"
    assert len(name) == MAX_NAME_LENGTH
    assert resource_names(name).plural == name + "es"
    with pytest.raises(NamingError, match="has 41 characters; names are limited to 40"):
        resource_names(name + "x")


def test_reserved_names_are_the_list_copier_validates_with() -> None:
    assert {"json", "class", "fastapi", "migrations"} <= reserved_names()


@pytest.mark.parametrize("name", ["l", "L"])
def test_a_name_that_reads_like_a_digit_is_refused(name: str) -> None:
    with pytest.raises(NamingError, match="reads like the digit 1"):
        resource_names(name)


def test_helper_suffix() -> None:
    assert helper_method_name("archive", is_async=True) == "archive_async"
    assert helper_method_name("archive_async", is_async=True) == "archive_async"
    assert helper_method_name("archive", is_async=False) == "archive"
    with pytest.raises(NamingError, match="marks async helpers"):
        helper_method_name("archive_async", is_async=False)


NAMES = st.one_of(
    st.from_regex(r"[a-z][a-z0-9_]{0,24}", fullmatch=True),
    st.from_regex(r"[A-Za-z][A-Za-z0-9 -]{0,16}", fullmatch=True),
    st.text(max_size=12),
)


@given(NAMES)
def test_any_name_is_refused_or_named_consistently(name: str) -> None:
    try:
        names = resource_names(name)
    except NamingError:
        return
    assert resource_names(names.singular) == names
    assert resource_names(names.plural) == names
    assert names.singular != names.plural
    for identifier in (names.singular, names.plural, names.class_name, names.helper_class):
        assert identifier.isidentifier()
        assert not keyword.iskeyword(identifier)
        assert identifier not in AMBIGUOUS_NAMES
    assert names.module not in reserved_names()
