"""What Django's ORM offers, sync and async (Django 5.2: `django/db/models/query.py`)."""

# QuerySet and Manager methods that run a query, and the async form of each.
QUERIES = {
    name: f"a{name}"
    for name in (
        "aggregate",
        "bulk_create",
        "bulk_update",
        "contains",
        "count",
        "create",
        "delete",
        "earliest",
        "exists",
        "explain",
        "first",
        "get",
        "get_or_create",
        "in_bulk",
        "iterator",
        "last",
        "latest",
        "update",
        "update_or_create",
    )
}

# Model instance methods that run a query, and the async form of each. `delete` is also a
# QuerySet method: a model's takes no positional argument.
INSTANCE_QUERIES = {"save": "asave", "delete": "adelete", "refresh_from_db": "arefresh_from_db"}

# Every async method a project calls on models, querysets, related managers and auth.
ASYNC_METHODS = frozenset(
    {
        *QUERIES.values(),
        *INSTANCE_QUERIES.values(),
        "aadd",
        "aclear",
        "aremove",
        "aset",
        "aauthenticate",
        "alogin",
        "alogout",
        "acreate_user",
        "acreate_superuser",
    }
)

# QuerySet methods that build a query without running it: there is nothing to await, so no
# async form. `a<name>()` is a mistake, seen even in guides (`aall()`).
LAZY = (
    "all",
    "alias",
    "annotate",
    "dates",
    "datetimes",
    "defer",
    "difference",
    "distinct",
    "exclude",
    "extra",
    "filter",
    "intersection",
    "none",
    "only",
    "order_by",
    "prefetch_related",
    "raw",
    "reverse",
    "select_for_update",
    "select_related",
    "union",
    "using",
    "values",
    "values_list",
)
NO_ASYNC_FORM = {f"a{name}": name for name in LAZY}


def no_async_form_fix(name: str) -> str:
    """What to write instead of `a<lazy>()`."""
    lazy = NO_ASYNC_FORM[name]
    if lazy == "all":
        return (
            "`.all()` runs no query; iterate the queryset with `async for row in queryset`, "
            "or build a list with `[row async for row in queryset]`"
        )
    return f"`.{lazy}()` runs no query; chain `.{lazy}(...)`, then iterate with `async for`"
