"""What a project's Python files already define, read with `ast` (fast, read-only)."""

import ast


def _tree(code: str) -> ast.Module:
    try:
        return ast.parse(code)
    except SyntaxError:
        return ast.Module(body=[], type_ignores=[])


def bound_names(code: str) -> set[str]:
    """Names a module binds at top level: imports, assignments, functions, classes."""
    names: set[str] = set()
    for node in _tree(code).body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def functions(code: str) -> set[str]:
    """Names of the module's top-level functions."""
    return {
        node.name
        for node in _tree(code).body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }


def route_keys(code: str, router: str = "router") -> set[tuple[str, str]]:
    """(method, path) of every `@router.<method>("<path>")` in the module."""
    return {(method, path) for method, path, _ in routes(code, router)}


def routes(code: str, router: str = "router") -> list[tuple[str, str, str]]:
    """(method, path, function) of every `@router.<method>("<path>")`, in module order."""
    found: list[tuple[str, str, str]] = []
    for node in _tree(code).body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for decorator in node.decorator_list:
            match decorator:
                case ast.Call(
                    func=ast.Attribute(value=ast.Name(id=name), attr=method),
                    args=[ast.Constant(value=str(path)), *_],
                ) if name == router:
                    found.append((method, path, node.name))
    return found


def class_methods(code: str, class_name: str) -> set[str] | None:
    """Method names of class `class_name`; None when the module has no such class."""
    return classes(code).get(class_name)


def classes(code: str) -> dict[str, set[str]]:
    """Method names of each top-level class of the module."""
    return {
        node.name: {
            item.name
            for item in node.body
            if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        for node in _tree(code).body
        if isinstance(node, ast.ClassDef)
    }


def str_assignments(code: str) -> dict[str, str | None]:
    """Top-level `name = "text"` / `name: T = None` assignments (Alembic's revision ids)."""
    return _str_assignments(_tree(code).body)


def class_str_assignments(code: str, class_name: str) -> dict[str, str | None] | None:
    """The same assignments in the body of top-level class `class_name` (a settings class's
    defaults); None when the module has no such class."""
    for node in _tree(code).body:
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            return _str_assignments(node.body)
    return None


def _str_assignments(body: list[ast.stmt]) -> dict[str, str | None]:
    values: dict[str, str | None] = {}
    for node in body:
        target = value = None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign):
            target, value = node.target, node.value
        if (
            isinstance(target, ast.Name)
            and isinstance(value, ast.Constant)
            and (value.value is None or isinstance(value.value, str))
        ):
            values[target.id] = value.value
    return values


def creates_table(code: str, table: str) -> bool:
    """Whether the module calls `op.create_table("<table>", ...)`."""
    for node in ast.walk(_tree(code)):
        match node:
            case ast.Call(
                func=ast.Attribute(attr="create_table"), args=[ast.Constant(value=str(name)), *_]
            ) if name == table:
                return True
    return False
