"""One walk over a module's syntax tree, reporting where it breaks the rules."""

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from . import django_orm
from .rules import RULES


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    column: int
    code: str
    message: str


@dataclass(frozen=True)
class Context:
    """What the checks know of the project around a module."""

    django: bool = True  # Django's ORM rules apply
    sqlalchemy: bool = True  # SQLAlchemy's session rules apply
    shared_clients: bool = False  # the project keeps one HTTP client per upstream


@dataclass
class Scope:
    """A function being walked (or the module: `node` None)."""

    node: ast.AST | None = None
    is_async: bool = False
    route: str | None = None  # the route's name, when the function is one
    helper_method: bool = False
    querysets: set[str] = field(default_factory=set)  # names bound to a Django queryset
    sessions: set[str] = field(default_factory=set)  # names bound to a database session
    sync_sessions: set[str] = field(default_factory=set)  # ...to a sync one


ROUTE_DECORATORS = {"get", "post", "put", "patch", "delete", "head", "options", "api_route"}
ROUTE_DECORATORS |= {"route", "websocket"}
# The project's `Database` (db.py): these give sync sessions; `*_async` the async ones.
SYNC_SESSION_FACTORIES = {"reader", "writer", "autocommit"}
SYNC_SQLALCHEMY = {"sqlalchemy.orm.Session", "sqlalchemy.orm.sessionmaker"}
SYNC_SQLALCHEMY |= {"sqlalchemy.create_engine", "sqlalchemy.orm.scoped_session"}
SESSION_METHODS = {"execute", "scalars", "scalar", "get", "add", "add_all", "commit", "flush"}
SESSION_METHODS |= {"refresh", "delete", "merge", "query", "rollback", "stream", "stream_scalars"}
SQLALCHEMY_STATEMENTS = {"select", "insert", "update", "delete", "text", "union"}
HTTP_CLIENTS = {"httpx.Client", "httpx2.Client", "httpx.AsyncClient", "httpx2.AsyncClient"}
HTTP_CLIENTS |= {"aiohttp.ClientSession"}
SYNC_HTTP_CLIENTS = {"httpx.Client", "httpx2.Client"}
# httpx2's module-level calls, each a sync request (ruff's ASYNC rules know httpx, not httpx2).
SYNC_HTTP_CALLS = {f"httpx2.{verb}" for verb in ("get", "post", "put", "patch", "delete")}
SYNC_HTTP_CALLS |= {"httpx2.head", "httpx2.options", "httpx2.request", "httpx2.stream"}
TO_ASYNC = {"asgiref.sync.sync_to_async", "asgiref.sync.SyncToAsync"}
TO_SYNC = {"asgiref.sync.async_to_sync", "asgiref.sync.AsyncToSync"}
ATOMIC_FIX = (
    "Django has no async transaction; put the transaction's work in a sync helper and "
    "await it through `sync_to_async(..., thread_sensitive=True)`"
)
EVALUATING_BUILTINS = {
    "list": "build the list with `[row async for row in queryset]`",
    "tuple": "build a list with `[row async for row in queryset]`",
    "set": "build a list with `[row async for row in queryset]`",
    "sorted": "order in the query (`.order_by()`), then `[row async for row in queryset]`",
    "len": "count in the database with `await queryset.acount()`",
    "bool": "ask the database with `await queryset.aexists()`",
}


def _text(node: ast.AST, limit: int = 60) -> str:
    text = ast.unparse(node)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _called(call: ast.Call) -> str:
    return f"{_text(call.func)}()"


def _chain(node: ast.AST) -> Iterator[ast.AST]:
    """`node` and what it is built on: `a.b(c).d` gives `a.b(c).d`, `a.b(c)`, `a.b`, `a`."""
    while True:
        yield node
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, (ast.Attribute, ast.Subscript)):
            node = node.value
        else:
            return


def _attributes(node: ast.AST) -> set[str]:
    return {link.attr for link in _chain(node) if isinstance(link, ast.Attribute)}


def _attribute_name(node: ast.AST) -> str:
    return node.attr if isinstance(node, ast.Attribute) else ""


def _is_dunder(name: str) -> bool:
    return name.startswith("__") and name.endswith("__")


class ModuleChecker(ast.NodeVisitor):
    def __init__(self, path: str, context: Context) -> None:
        self.path = path
        self.context = context
        self.findings: dict[tuple[int, int, str], Finding] = {}
        self.imports: dict[str, str] = {}  # local name -> what it names: "asyncio.create_task"
        self.tree = ast.Module(body=[], type_ignores=[])
        self.scopes = [Scope()]
        self.awaited: set[int] = set()  # ids of the calls that are awaited
        self.class_names: list[str] = []

    def check(self, tree: ast.Module) -> list[Finding]:
        self.tree = tree
        self.visit(tree)
        return list(self.findings.values())

    # A module is walked once: each node visited, nothing else. Expression contexts and
    # operators are nodes too, with nothing to check: skipped.
    LEAVES = (ast.expr_context, ast.operator, ast.cmpop, ast.unaryop, ast.boolop, ast.Constant)

    def visit(self, node: ast.AST) -> None:
        visitor = getattr(self, f"visit_{type(node).__name__}", None)
        if visitor:
            visitor(node)
        else:
            self.generic_visit(node)

    def generic_visit(self, node: ast.AST) -> None:
        leaves = self.LEAVES
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, ast.AST) and not isinstance(item, leaves):
                        self.visit(item)
            elif isinstance(value, ast.AST) and not isinstance(value, leaves):
                self.visit(value)

    @cached_property
    def functions(self) -> dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]]:
        """The module's functions and methods by name (for the few checks that follow calls)."""
        functions: dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]] = {}
        for node in ast.walk(self.tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                functions.setdefault(node.name, []).append(node)
        return functions

    def report(self, node: ast.AST, code: str, **facts: str) -> None:
        line, column = getattr(node, "lineno", 1), getattr(node, "col_offset", 0) + 1
        message = RULES[code].message.format(**facts)
        # One report a place: the calls of one chain (`db.reader().begin()`) start together.
        self.findings.setdefault(
            (line, column, code), Finding(self.path, line, column, code, message)
        )

    @property
    def scope(self) -> Scope:
        return self.scopes[-1]

    def qualified(self, node: ast.AST) -> str:
        """The dotted name `node` refers to through the module's imports ("" if none)."""
        parts: list[str] = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name):
            return ""
        base = self.imports.get(node.id, node.id)
        return ".".join([base, *reversed(parts)])

    # Imports, classes and functions

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.asname:
                self.imports[alias.asname] = alias.name
            else:
                self.imports[alias.name.partition(".")[0]] = alias.name.partition(".")[0]

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        for alias in node.names:
            self.imports[alias.asname or alias.name] = f"{node.module or ''}.{alias.name}"

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.class_names.append(node.name)
        if node.name.endswith("Helper"):
            for method in node.body:
                if isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    self.check_helper_name(method)
        self.generic_visit(node)
        self.class_names.pop()

    def check_helper_name(self, method: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        name = method.name
        if _is_dunder(name):
            return
        if isinstance(method, ast.AsyncFunctionDef) and not name.endswith("_async"):
            self.report(method, "AF001", name=name)
        elif isinstance(method, ast.FunctionDef) and name.endswith("_async"):
            decorators = {_text(d) for d in method.decorator_list}
            if not decorators & {"property", "cached_property", "functools.cached_property"}:
                self.report(method, "AF002", name=name, fixed=name.removesuffix("_async"))

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.visit_function(node, is_async=False)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self.visit_function(node, is_async=True)

    def visit_Lambda(self, node: ast.Lambda) -> None:
        # A lambda runs wherever it is called: handed to sync_to_async, in a thread.
        self.scopes.append(Scope(node))
        self.generic_visit(node)
        self.scopes.pop()

    def visit_function(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, *, is_async: bool
    ) -> None:
        for decorator in node.decorator_list:
            self.visit(decorator)
            self.check_conversion_decorator(node, decorator)
            if is_async and self.context.django and self.is_atomic(decorator):
                self.report(decorator, "AF101", call=f"@{_text(decorator)}", fix=ATOMIC_FIX)
        in_class = bool(self.class_names) and self.scope.node is None
        scope = Scope(
            node,
            is_async=is_async,
            route=node.name
            if any(self.is_route_decorator(d) for d in node.decorator_list)
            else None,
            helper_method=in_class and self.class_names[-1].endswith("Helper"),
        )
        arguments = node.args
        for argument in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs):
            annotation = _text(argument.annotation, 200) if argument.annotation else ""
            if "QuerySet" in annotation:
                scope.querysets.add(argument.arg)
            if "Session" in annotation:
                scope.sessions.add(argument.arg)
                if "AsyncSession" not in annotation:
                    scope.sync_sessions.add(argument.arg)
        self.scopes.append(scope)
        for statement in node.body:
            self.visit(statement)
        self.scopes.pop()

    def is_route_decorator(self, decorator: ast.AST) -> bool:
        return (
            isinstance(decorator, ast.Call)
            and isinstance(decorator.func, ast.Attribute)
            and decorator.func.attr in ROUTE_DECORATORS
        )

    # Statements

    def visit_Assign(self, node: ast.Assign) -> None:
        if len(node.targets) == 1 and isinstance(target := node.targets[0], ast.Name):
            if self.is_queryset(node.value):
                self.scope.querysets.add(target.id)
            if self.is_coroutine_call(node.value) and not self.is_read(target.id):
                assert isinstance(node.value, ast.Call)
                self.report(node.value, "AF301", call=_called(node.value))
        self.generic_visit(node)

    def visit_Expr(self, node: ast.Expr) -> None:
        value = node.value
        if isinstance(value, ast.Call):
            if self.is_coroutine_call(value):
                self.report(value, "AF301", call=_called(value))
            if self.is_loose_task(value):
                self.report(value, "AF701", call=_called(value))
        self.generic_visit(node)

    def visit_If(self, node: ast.If) -> None:
        self.check_condition(node.test)
        self.generic_visit(node)

    def visit_While(self, node: ast.While) -> None:
        self.check_condition(node.test)
        self.generic_visit(node)

    def visit_Assert(self, node: ast.Assert) -> None:
        self.check_condition(node.test)
        self.generic_visit(node)

    def visit_UnaryOp(self, node: ast.UnaryOp) -> None:
        if isinstance(node.op, ast.Not):
            self.check_condition(node.operand)
        self.generic_visit(node)

    def visit_BoolOp(self, node: ast.BoolOp) -> None:
        for value in node.values:
            self.check_condition(value)
        self.generic_visit(node)

    def check_condition(self, test: ast.expr) -> None:
        """A coroutine is always true: `if helper.exists_async():` never asks."""
        if self.is_coroutine_call(test):
            assert isinstance(test, ast.Call)
            self.report(test, "AF301", call=_called(test))
        elif self.scope.is_async and self.context.django and self.is_queryset(test):
            fix = "ask the database with `await queryset.aexists()`"
            self.report(test, "AF102", what="testing a queryset's truth", fix=fix)

    def visit_For(self, node: ast.For) -> None:
        if self.scope.is_async and self.context.django and self.is_queryset(node.iter):
            fix = "iterate with `async for row in queryset`"
            self.report(node, "AF102", what="a `for` loop over a queryset", fix=fix)
        self.generic_visit(node)

    def visit_comprehension(self, node: ast.comprehension) -> None:
        if (
            self.scope.is_async
            and self.context.django
            and not node.is_async
            and self.is_queryset(node.iter)
        ):
            fix = "iterate with `async for`: `[row async for row in queryset]`"
            self.report(node.iter, "AF102", what="a comprehension over a queryset", fix=fix)
        self.generic_visit(node)

    def visit_With(self, node: ast.With) -> None:
        for item in node.items:
            context = item.context_expr
            if self.scope.is_async and self.is_upstream(context):
                self.report(context, "AF104", call=f"with {_text(context)}")
            if isinstance(item.optional_vars, ast.Name) and self.is_session_source(context):
                self.scope.sessions.add(item.optional_vars.id)
        self.generic_visit(node)

    def visit_AsyncWith(self, node: ast.AsyncWith) -> None:
        for item in node.items:
            self.awaited.add(id(item.context_expr))
            if isinstance(item.optional_vars, ast.Name) and self.is_session_source(
                item.context_expr
            ):
                self.scope.sessions.add(item.optional_vars.id)
        self.generic_visit(node)

    def visit_AsyncFor(self, node: ast.AsyncFor) -> None:
        self.awaited.add(id(node.iter))
        self.generic_visit(node)

    # Expressions

    def visit_Await(self, node: ast.Await) -> None:
        self.awaited.add(id(node.value))
        self.generic_visit(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        if (
            self.scope.is_async
            and self.context.django
            and not isinstance(node.slice, ast.Slice)
            and isinstance(node.ctx, ast.Load)
            and self.is_queryset(node.value)
        ):
            fix = "await `queryset.afirst()`, or `.aget(...)` for one row"
            self.report(node, "AF102", what="indexing a queryset", fix=fix)
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        scope = self.scope
        if scope.route and node.attr == "objects" and isinstance(node.ctx, ast.Load):
            self.report(node, "AF501", route=scope.route, call=_text(node))
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        awaited = id(node) in self.awaited
        if self.context.django:
            self.check_no_async_form(node)
        if self.scope.is_async and not awaited:
            self.check_blocking(node)
        self.check_route_query(node)
        self.check_client_per_request(node)
        self.check_conversion_call(node)
        self.generic_visit(node)

    # The checks of a call

    def check_no_async_form(self, call: ast.Call) -> None:
        func = call.func
        if not isinstance(func, ast.Attribute) or func.attr not in django_orm.NO_ASYNC_FORM:
            return
        # Sessions have an `avalues()`; querysets do not.
        if func.attr == "avalues" and not self.is_queryset(func.value):
            return
        self.report(call, "AF201", name=func.attr, fix=django_orm.no_async_form_fix(func.attr))

    def check_blocking(self, call: ast.Call) -> None:
        func = call.func
        qualified = self.qualified(func)
        if self.context.django and isinstance(func, ast.Attribute):
            method = func.attr
            if method in django_orm.QUERIES and self.is_queryset(func.value):
                fix = f"await its async form, `{django_orm.QUERIES[method]}()`"
                self.report(call, "AF101", call=_called(call), fix=fix)
            elif method in django_orm.INSTANCE_QUERIES and self.is_instance_query(call):
                fix = f"await its async form, `{django_orm.INSTANCE_QUERIES[method]}()`"
                self.report(call, "AF101", call=_called(call), fix=fix)
        evaluates = isinstance(func, ast.Name) and func.id in EVALUATING_BUILTINS
        if self.context.django and evaluates and call.args and self.is_queryset(call.args[0]):
            assert isinstance(func, ast.Name)
            what = f"`{func.id}()` of a queryset"
            self.report(call, "AF102", what=what, fix=EVALUATING_BUILTINS[func.id])
        if self.context.django and self.is_atomic(call):
            self.report(call, "AF101", call=_called(call), fix=ATOMIC_FIX)
        if self.context.sqlalchemy and self.is_sync_sqlalchemy(call):
            self.report(call, "AF103", call=_called(call))
        if qualified in SYNC_HTTP_CLIENTS or qualified in SYNC_HTTP_CALLS:
            self.report(call, "AF104", call=_called(call))

    def check_route_query(self, call: ast.Call) -> None:
        scope = self.scope
        if not scope.route:
            return
        func = call.func
        qualified = self.qualified(func)
        module, _, name = qualified.rpartition(".")
        statement = module.startswith("sqlalchemy") and name in SQLALCHEMY_STATEMENTS
        session_call = (
            isinstance(func, ast.Attribute)
            and func.attr in SESSION_METHODS
            and self.is_session(func.value)
        )
        if statement or session_call:
            self.report(call, "AF501", route=scope.route, call=_called(call))

    def check_client_per_request(self, call: ast.Call) -> None:
        scope = self.scope
        if not self.context.shared_clients or not (scope.route or scope.helper_method):
            return
        qualified = self.qualified(call.func)
        if qualified in HTTP_CLIENTS or self.is_upstream(call):
            self.report(call, "AF601", call=_called(call))

    def check_conversion_call(self, call: ast.Call) -> None:
        """`sync_to_async(f)` where `f` runs `async_to_sync`, and the reverse."""
        outer = self.conversion(call.func)
        if not outer or not call.args:
            return
        inner = self.conversion_inside(call.args[0], opposite_of=outer)
        if inner:
            outer_text = f"{_text(call.func)}({_text(call.args[0])})"
            self.report(call, "AF401", outer=outer_text, inner=inner)

    def check_conversion_decorator(
        self, function: ast.FunctionDef | ast.AsyncFunctionDef, decorator: ast.expr
    ) -> None:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        outer = self.conversion(target)
        if not outer:
            return
        inner = self.conversions_in(function, opposite_of=outer)
        if inner:
            self.report(decorator, "AF401", outer=f"@{_text(target)} {function.name}", inner=inner)

    def conversion(self, func: ast.AST) -> str:
        """`to_async` or `to_sync` when `func` is one of asgiref's conversions, else ""."""
        qualified = self.qualified(func)
        return "to_async" if qualified in TO_ASYNC else "to_sync" if qualified in TO_SYNC else ""

    def conversion_inside(self, target: ast.AST, *, opposite_of: str) -> str:
        """The conversion opposite to `opposite_of` that `target`, once called, runs."""
        if isinstance(target, ast.Call) and self.conversion(target.func) not in ("", opposite_of):
            return _text(target.func)
        if isinstance(target, ast.Lambda):
            return self.conversions_in(target, opposite_of=opposite_of)
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", None)
        for function in self.functions.get(name or "", []):
            if found := self.conversions_in(function, opposite_of=opposite_of):
                return found
        return ""

    def conversions_in(self, function: ast.AST, *, opposite_of: str) -> str:
        for node in ast.walk(function):
            if isinstance(node, ast.Call):
                kind = self.conversion(node.func)
                if kind and kind != opposite_of:
                    return _text(node.func)
        return ""

    # What an expression is

    def is_queryset(self, node: ast.AST) -> bool:
        """`Model.objects...`, or a name bound to one in this function."""
        for link in _chain(node):
            if isinstance(link, ast.Attribute) and link.attr == "objects":
                return True
            if isinstance(link, ast.Name):
                return link.id in self.scope.querysets
        return False

    def is_read(self, name: str) -> bool:
        """Whether the function being walked reads `name` anywhere."""
        return any(
            isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load)
            for node in ast.walk(self.scope.node or self.tree)
        )

    def is_session(self, node: ast.AST) -> bool:
        return isinstance(node, ast.Name) and node.id in self.scope.sessions

    def is_session_source(self, node: ast.AST) -> bool:
        """`db.reader()`, `db.writer_async.begin()`, `Session(engine)`..."""
        attributes = _attributes(node)
        bases = {name.removesuffix("_async") for name in attributes}
        qualified = self.qualified(node.func) if isinstance(node, ast.Call) else ""
        return bool(bases & {"reader", "writer", "autocommit"}) or qualified.endswith("Session")

    def is_sync_sqlalchemy(self, call: ast.Call) -> bool:
        """`Session(engine)`, `db.reader()`, `db.writer.begin()`, `db.sync_engine.connect()`,
        or a method of a sync session."""
        func = call.func
        if self.qualified(func) in SYNC_SQLALCHEMY:
            return True
        if not isinstance(func, ast.Attribute):
            return False
        receiver = func.value
        return (
            func.attr in SYNC_SESSION_FACTORIES
            or (func.attr == "begin" and _attribute_name(receiver) == "writer")
            or _attribute_name(receiver) == "sync_engine"
            or (isinstance(receiver, ast.Name) and receiver.id in self.scope.sync_sessions)
        )

    def is_instance_query(self, call: ast.Call) -> bool:
        """`item.save()`, `item.delete()`: not a session's `delete(row)`."""
        assert isinstance(call.func, ast.Attribute)
        return not (call.func.attr == "delete" and call.args) and not self.is_session(
            call.func.value
        )

    def is_upstream(self, node: ast.AST) -> bool:
        """`Upstream(...)`: the project's shared client, opened where it should be shared."""
        return isinstance(node, ast.Call) and (
            self.qualified(node.func).rpartition(".")[2] == "Upstream"
        )

    def is_atomic(self, node: ast.AST) -> bool:
        target = node.func if isinstance(node, ast.Call) else node
        return self.qualified(target) == "django.db.transaction.atomic"

    def is_coroutine_call(self, node: ast.AST) -> bool:
        if not isinstance(node, ast.Call):
            return False
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name.endswith("_async"):
            return True
        return (
            self.context.django
            and isinstance(func, ast.Attribute)
            and name in django_orm.ASYNC_METHODS
        )

    def is_loose_task(self, call: ast.Call) -> bool:
        func = call.func
        if self.qualified(func) in ("asyncio.create_task", "asyncio.ensure_future"):
            return True
        if not isinstance(func, ast.Attribute) or func.attr not in ("create_task", "ensure_future"):
            return False
        receiver = func.value
        if isinstance(receiver, ast.Call):
            return self.qualified(receiver.func) in (
                "asyncio.get_running_loop",
                "asyncio.get_event_loop",
            )
        return isinstance(receiver, ast.Name) and "loop" in receiver.id


def check_source(source: str, path: str, context: Context) -> list[Finding]:
    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError as error:
        line, column = error.lineno or 1, error.offset or 1
        message = RULES["AF000"].message.format(error=error.msg)
        return [Finding(path, line, column, "AF000", message)]
    except ValueError as error:  # a NUL byte, on Python 3.11
        return [Finding(path, 1, 1, "AF000", RULES["AF000"].message.format(error=error))]
    return ModuleChecker(path, context).check(tree)
