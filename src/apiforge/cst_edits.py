"""Edits of the user's Python files with libcst: each inserts only the lines it means to,
keeps comments and layout, and changes nothing when its lines are already there."""

import ast
from collections.abc import Callable, Sequence

import libcst as cst

from .errors import ApiforgeError
from .source_facts import bound_names


class AnchorError(ApiforgeError):
    """The place an edit hooks onto is missing; `lines` are what to add by hand."""


class ClashError(ApiforgeError):
    """A different definition of the same name is already there."""


_BLANK = cst.EmptyLine(indent=False)


def _parse(code: str, path: str) -> cst.Module:
    try:
        return cst.parse_module(code)
    except cst.ParserSyntaxError as error:
        raise ClashError(f"{path} does not parse ({_syntax_error(code, error)})") from None


def _syntax_error(code: str, error: cst.ParserSyntaxError) -> str:
    """`line N: reason` in Python's words: libcst's message repeats `parser error: error at`
    and a position of its own."""
    try:
        ast.parse(code)
    except SyntaxError as python:
        return f"line {python.lineno}: {python.msg}"
    return f"line {error.editor_line}: libcst cannot read it"


def _statement(code: str) -> cst.SimpleStatementLine:
    statement = cst.parse_module(code).body[0]
    assert isinstance(statement, cst.SimpleStatementLine), code
    return statement


def _bare(node: cst.CSTNode) -> str:
    """A node's code without the blank lines and comments above it."""
    if isinstance(node, cst.FunctionDef | cst.ClassDef | cst.SimpleStatementLine):
        node = node.with_changes(leading_lines=())
    return cst.Module([]).code_for_node(node).strip()


def _relative_module(node: cst.BaseStatement) -> str | None:
    """`items.routes` for `from .items.routes import ...`, else None."""
    match node:
        case cst.SimpleStatementLine(body=[cst.ImportFrom(relative=[_], module=module)]) if (
            module is not None
        ):
            return cst.Module([]).code_for_node(module)
    return None


def _absolute_module(node: cst.BaseStatement) -> str | None:
    """`apps.api.items.routes` for `from apps.api.items.routes import ...`, else None."""
    match node:
        case cst.SimpleStatementLine(body=[cst.ImportFrom(relative=[], module=module)]) if (
            module is not None
        ):
            return cst.Module([]).code_for_node(module)
    return None


def _is_import(node: cst.BaseStatement) -> bool:
    match node:
        case cst.SimpleStatementLine(body=[cst.Import() | cst.ImportFrom()]):
            return True
    return False


def add_relative_import(code: str, path: str, line: str) -> str:
    """Add `line` (`from .x.y import z`) among the file's relative imports, sorted by module."""
    return _add_from_import(code, path, line, _relative_module)


def add_import(code: str, path: str, line: str) -> str:
    """Add `line` (`from a.b import c`) among the imports from the same top-level package,
    sorted by module; else after the last import, in a section of its own."""
    top = (_absolute_module(_statement(line)) or "").split(".")[0]

    def same_package(node: cst.BaseStatement) -> str | None:
        name = _absolute_module(node)
        return name if name is not None and name.split(".")[0] == top else None

    return _add_from_import(code, path, line, same_package)


def _add_from_import(
    code: str, path: str, line: str, group: Callable[[cst.BaseStatement], str | None]
) -> str:
    """Add the import `line` sorted among the statements `group` names a module for."""
    module = _parse(code, path)
    new = _statement(line)
    new_module = group(new)
    if any(_bare(stmt) == _bare(new) for stmt in module.body):
        return code
    taken = bound_names(code) & bound_names(line)
    if taken:
        raise ClashError(f"{path} already defines {', '.join(sorted(taken))} otherwise")
    body = list(module.body)
    relatives = [i for i, stmt in enumerate(body) if group(stmt) is not None]
    if relatives:
        later = [i for i in relatives if (group(body[i]) or "") > (new_module or "")]
        if later:
            at = later[0]
            # The new line opens the section: it takes over the blank line above it.
            opener = body[at]
            assert isinstance(opener, cst.SimpleStatementLine)
            body[at] = opener.with_changes(leading_lines=())
            new = new.with_changes(leading_lines=opener.leading_lines)
        else:
            at = relatives[-1] + 1
    else:
        imports = [i for i, stmt in enumerate(body) if _is_import(stmt)]
        if not imports:
            raise AnchorError(f"{path}: no import block to add to", line)
        at = imports[-1] + 1
        new = new.with_changes(leading_lines=(_BLANK,))
    body.insert(at, new)
    return module.with_changes(body=body).code


def _assigns(stmt: cst.BaseStatement, name: str) -> bool:
    match stmt:
        case cst.SimpleStatementLine(
            body=[cst.Assign(targets=[cst.AssignTarget(target=cst.Name(value=target))])]
        ) if target == name:
            return True
        case cst.SimpleStatementLine(body=[cst.AnnAssign(target=cst.Name(value=target))]) if (
            target == name
        ):
            return True
    return False


def _calls(stmt: cst.BaseStatement, obj: str, attr: str) -> bool:
    match stmt:
        case cst.SimpleStatementLine(
            body=[
                cst.Expr(
                    value=cst.Call(
                        func=cst.Attribute(value=cst.Name(value=o), attr=cst.Name(value=a))
                    )
                )
            ]
        ) if (o, a) == (obj, attr):
            return True
    return False


def add_call(code: str, path: str, obj: str, attr: str, line: str) -> str:
    """Add `line` (a call `obj.attr(...)`) after the last such call, or after `obj = ...`."""
    module = _parse(code, path)
    new = _statement(line)
    if any(_bare(stmt) == _bare(new) for stmt in module.body):
        return code
    body = list(module.body)
    anchors = [i for i, s in enumerate(body) if _calls(s, obj, attr) or _assigns(s, obj)]
    if not anchors:
        raise AnchorError(f"{path}: no `{obj} = ...` to register with", line)
    body.insert(anchors[-1] + 1, new)
    return module.with_changes(body=body).code


class _AddToAll(cst.CSTTransformer):
    def __init__(self, name: str) -> None:
        self.name = name
        self.found = False

    def leave_Assign(self, original: cst.Assign, updated: cst.Assign) -> cst.Assign:
        match updated.targets:
            case [cst.AssignTarget(target=cst.Name(value="__all__"))]:
                pass
            case _:
                return updated
        if not isinstance(updated.value, cst.List | cst.Tuple):
            return updated
        self.found = True
        elements = list(updated.value.elements)
        names = [e.value.evaluated_value for e in elements if isinstance(e.value, cst.SimpleString)]
        if self.name in names:
            return updated
        later = [i for i, n in enumerate(names) if isinstance(n, str) and n > self.name]
        at = later[0] if later else len(elements)
        last_comma = elements[-1].comma if elements else cst.MaybeSentinel.DEFAULT
        elements.insert(at, cst.Element(cst.SimpleString(f'"{self.name}"')))
        separator = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        # Every element but the last needs a comma; the last keeps the list's trailing one.
        elements = [
            e if isinstance(e.comma, cst.Comma) else e.with_changes(comma=separator)
            for e in elements[:-1]
        ] + [elements[-1].with_changes(comma=last_comma)]
        return updated.with_changes(value=updated.value.with_changes(elements=elements))


def add_to_all(code: str, path: str, name: str) -> str:
    """Add `"name"` to the module's `__all__` list, in sorted position."""
    module = _parse(code, path)
    transformer = _AddToAll(name)
    result = module.visit(transformer)
    if not transformer.found:
        raise AnchorError(f"{path}: no `__all__ = [...]` list", f'__all__ += ["{name}"]')
    return result.code


def _list_assignment(stmt: cst.BaseStatement, name: str) -> cst.List | None:
    """The list `stmt` assigns to `name` (`NAME = [...]` or `NAME: T = [...]`), else None."""
    match stmt:
        case cst.SimpleStatementLine(
            body=[
                cst.Assign(targets=[cst.AssignTarget(target=cst.Name(value=target))], value=value)
            ]
        ) if target == name and isinstance(value, cst.List):
            return value
        case cst.SimpleStatementLine(
            body=[cst.AnnAssign(target=cst.Name(value=target), value=value)]
        ) if target == name and isinstance(value, cst.List):
            return value
    return None


def _with_item_after(items: cst.List, at: int, new: cst.Element) -> cst.List:
    """`items` with `new` inserted after element `at`, one element a line when it is so laid
    out; comments between the last element and `]` stay above the new one."""
    elements = list(items.elements)
    anchor = elements[at]
    comma = anchor.comma if isinstance(anchor.comma, cst.Comma) else cst.Comma()
    closing = items.rbracket.whitespace_before
    opening = items.lbracket.whitespace_after
    multiline = isinstance(closing, cst.ParenthesizedWhitespace) and isinstance(
        opening, cst.ParenthesizedWhitespace
    )
    if at < len(elements) - 1 or not multiline:
        if not multiline:
            comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
            new = new.with_changes(comma=anchor.comma)
        else:
            new = new.with_changes(comma=comma)
        elements[at] = anchor.with_changes(comma=comma)
        elements.insert(at + 1, new)
        return items.with_changes(elements=elements)
    assert isinstance(closing, cst.ParenthesizedWhitespace)
    assert isinstance(opening, cst.ParenthesizedWhitespace)
    between = closing.with_changes(last_line=opening.last_line)
    elements[at] = anchor.with_changes(comma=comma.with_changes(whitespace_after=between))
    elements.append(new.with_changes(comma=comma))
    end = closing.with_changes(first_line=cst.TrailingWhitespace(), empty_lines=[])
    return items.with_changes(
        elements=elements, rbracket=items.rbracket.with_changes(whitespace_before=end)
    )


def add_to_list(code: str, path: str, name: str, value: str, after_prefix: str) -> str:
    """Add the string `value` to the list `NAME = [...]`: after the last string starting with
    `after_prefix`, or at the end."""
    module = _parse(code, path)
    hand = f'"{value}",  # in {name}'
    found = [(i, _list_assignment(s, name)) for i, s in enumerate(module.body)]
    lists = [(i, items) for i, items in found if items is not None]
    if not lists:
        raise AnchorError(f"{path}: no `{name} = [...]` list", hand)
    index, items = lists[0]
    strings = [
        e.value.evaluated_value if isinstance(e.value, cst.SimpleString) else None
        for e in items.elements
    ]
    if value in strings:
        return code
    new = cst.Element(cst.SimpleString(f'"{value}"'))
    if not items.elements:
        updated = items.with_changes(elements=[new])
    else:
        ours = [
            i for i, s in enumerate(strings) if isinstance(s, str) and s.startswith(after_prefix)
        ]
        updated = _with_item_after(items, ours[-1] if ours else len(items.elements) - 1, new)
    statement = module.body[index]
    replaced = statement.deep_replace(items, updated)
    assert isinstance(replaced, cst.SimpleStatementLine)
    body = list(module.body)
    body[index] = replaced
    return module.with_changes(body=body).code


def _functions(code: str) -> list[cst.FunctionDef]:
    return [s for s in cst.parse_module(code).body if isinstance(s, cst.FunctionDef)]


def _merge_functions(
    existing: Sequence[cst.BaseStatement],
    new: list[cst.FunctionDef],
    where: str,
    blank: int,
    before: frozenset[str] = frozenset(),
) -> list[cst.BaseStatement] | None:
    """`existing` with the functions of `new` it lacks (by name), placed before the first
    function named in `before`, or at the end; None when it has them all."""
    defined = {s.name.value: s for s in existing if isinstance(s, cst.FunctionDef)}
    missing = []
    for function in new:
        found = defined.get(function.name.value)
        if found is None:
            missing.append(function.with_changes(leading_lines=(_BLANK,) * blank))
        elif _bare(found) != _bare(function):
            raise ClashError(f"{where} already defines {function.name.value}(), differently")
    if not missing:
        return None
    at = next(
        (
            i
            for i, s in enumerate(existing)
            if isinstance(s, cst.FunctionDef) and s.name.value in before
        ),
        len(existing),
    )
    return [*existing[:at], *missing, *existing[at:]]


def add_functions(
    code: str, path: str, functions: str, before: frozenset[str] = frozenset()
) -> str:
    """Add the top-level functions of `functions` the module lacks (by name): at the end,
    or before the first function named in `before`; and the `from` imports they need."""
    for statement in cst.parse_module(functions).body:
        line = _bare(statement)
        if _absolute_module(statement) is not None and not bound_names(line) <= bound_names(code):
            code = add_import(code, path, line)
    module = _parse(code, path)
    body = _merge_functions(module.body, _functions(functions), path, blank=2, before=before)
    return code if body is None else module.with_changes(body=body).code


def add_methods(code: str, path: str, class_name: str, methods: str) -> str:
    """Append the methods of `methods` (one class, any name) to class `class_name`."""
    module = _parse(code, path)
    classes = [s for s in module.body if isinstance(s, cst.ClassDef) and s.name.value == class_name]
    wrapper = cst.parse_module(methods).body[0]
    assert isinstance(wrapper, cst.ClassDef)
    assert isinstance(wrapper.body, cst.IndentedBlock)
    new = [s for s in wrapper.body.body if isinstance(s, cst.FunctionDef)]
    if not classes:
        lines = "".join(cst.Module([]).code_for_node(s) for s in new)
        raise AnchorError(f"{path}: no class {class_name} to add the method to", lines)
    target = classes[0]
    assert isinstance(target, cst.ClassDef)
    inner = target.body
    assert isinstance(inner, cst.IndentedBlock)
    body = _merge_functions(inner.body, new, f"{path}: {class_name}", blank=1)
    if body is None:
        return code
    updated = target.with_changes(body=inner.with_changes(body=body))
    return module.with_changes(body=[updated if s is target else s for s in module.body]).code
