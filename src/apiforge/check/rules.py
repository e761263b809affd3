"""The rules: each code, what it catches, and what to do instead."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    # A format string: the checks fill in what they found (`{call}`, `{name}`...).
    message: str


RULES = {
    rule.code: rule
    for rule in (
        Rule("AF000", "syntax-error", "cannot parse this file: {error}"),
        Rule(
            "AF001",
            "async-helper-name",
            "async helper method `{name}` must end in `_async`: rename it `{name}_async`",
        ),
        Rule(
            "AF002",
            "sync-helper-name",
            "sync helper method `{name}` must not end in `_async`: rename it `{fixed}`, "
            "or make it `async def`",
        ),
        Rule(
            "AF101",
            "blocking-django-orm",
            "`{call}` is Django's sync ORM and blocks the event loop inside `async def`: {fix}",
        ),
        Rule(
            "AF102",
            "sync-queryset-evaluation",
            "{what} runs the query synchronously inside `async def`: {fix}",
        ),
        Rule(
            "AF103",
            "blocking-sqlalchemy",
            "`{call}` is a sync SQLAlchemy session or engine and blocks the event loop inside "
            "`async def`: use the async one (`async with db.reader_async() as session:`, "
            "`await session.execute(...)`), or make this a sync `def`",
        ),
        Rule(
            "AF104",
            "blocking-http-client",
            "`{call}` is a sync HTTP client and blocks the event loop inside `async def`: "
            "await the project's shared async client (`Upstream`, `await ..._async(...)`)",
        ),
        Rule(
            "AF201",
            "no-such-django-async-method",
            "Django has no `{name}()`: {fix}",
        ),
        Rule(
            "AF301",
            "coroutine-not-awaited",
            "the coroutine of `{call}` is never awaited, so its work never runs: "
            "`await` it, or pass it on (return it, gather it, hand it to a task group)",
        ),
        Rule(
            "AF401",
            "nested-sync-async-conversion",
            "`{outer}` runs `{inner}`: a conversion nested in another blocks a thread and can "
            "deadlock; call the async code from async code, or the sync code from sync code",
        ),
        Rule(
            "AF501",
            "query-in-route",
            "route `{route}` queries the database itself (`{call}`): move the query into a "
            "helper method and call that from the route",
        ),
        Rule(
            "AF601",
            "client-per-request",
            "`{call}` opens a new HTTP client (connections, TLS) on every call: use the "
            "project's shared client (`integrations/clients.py`, reached by a dependency)",
        ),
        Rule(
            "AF701",
            "dropped-task",
            "the task of `{call}` is dropped: the loop keeps only a weak reference, so it can "
            "vanish mid-run and its errors go unseen; keep it (`asyncio.TaskGroup`, or store "
            "it and await it)",
        ),
    )
}


def selected(select: list[str], ignore: list[str]) -> set[str]:
    """The codes `select` names (codes or prefixes: `AF1`) and `ignore` does not."""
    unknown = [
        prefix for prefix in (*select, *ignore) if not any(c.startswith(prefix) for c in RULES)
    ]
    if unknown:
        raise ValueError(
            f"unknown rule code or prefix: {', '.join(unknown)} (codes: {', '.join(RULES)})"
        )
    codes = {code for code in RULES if any(code.startswith(prefix) for prefix in select)}
    return {code for code in codes if not any(code.startswith(prefix) for prefix in ignore)}
