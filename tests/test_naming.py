"""The naming rule: singular or plural in, the same names out; refused names say why."""

import keyword

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apiforge.naming import (
    AMBIGUOUS_NAMES,
    NamingError,
    helper_method_name,
    reserved_names,
    resource_names,
)


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


def test_reserved_names_are_the_list_copier_validates_with() -> None:
    assert {"json", "class", "fastapi", "migrations"} <= reserved_names()


@pytest.mark.parametrize("name", ["l", "ls", "L"])
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
