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


def _imported(node: cst.BaseStatement) -> set[tuple[str, str, str | None]]:
    """(module, name, alias) of each name the `from` import `node` binds, whatever its layout;
    the module keeps its leading dots."""
    match node:
        case cst.SimpleStatementLine(
            body=[cst.ImportFrom(relative=dots, module=module, names=[*names])]
        ):
            dotted = "." * len(dots) + ("" if module is None else _dotted(module))
            return {(dotted, alias.evaluated_name, alias.evaluated_alias) for alias in names}
    return set()


def _dotted(name: cst.Attribute | cst.Name) -> str:
    return cst.Module([]).code_for_node(name)


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
    wanted = _imported(new)
    # Already imported, however laid out (parentheses, a comment, among other names).
    if wanted and wanted <= set().union(*map(_imported, module.body)):
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


def _value(stmt: cst.BaseStatement, name: str, annotated: bool) -> cst.BaseExpression | None:
    """What `stmt` assigns to `name` alone: `NAME = value`, or `NAME: T = value` if `annotated`."""
    match stmt:
        case cst.SimpleStatementLine(
            body=[
                cst.Assign(targets=[cst.AssignTarget(target=cst.Name(value=target))], value=value)
            ]
        ) if target == name:
            return value
        case cst.SimpleStatementLine(
            body=[cst.AnnAssign(target=cst.Name(value=target), value=value)]
        ) if target == name and annotated:
            return value
    return None


def _assigned(module: cst.Module, name: str, annotated: bool) -> list[cst.BaseExpression]:
    """What the module's top-level statements assign to `name`, in order: the last one is in
    effect."""
    values = (_value(stmt, name, annotated) for stmt in module.body)
    return [value for value in values if value is not None]


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
    anchors = [
        i
        for i, s in enumerate(body)
        if _calls(s, obj, attr) or _value(s, obj, annotated=True) is not None
    ]
    if not anchors:
        raise AnchorError(f"{path}: no `{obj} = ...` to register with", line)
    body.insert(anchors[-1] + 1, new)
    return module.with_changes(body=body).code


_Items = cst.List | cst.Tuple
# The comma between two elements of a list laid out in line.
_INLINE = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))


def _string(element: cst.BaseElement) -> str | None:
    """The element's value when it is a plain string literal."""
    match element.value:
        case cst.SimpleString(evaluated_value=str(value)):
            return value
    return None


def _line_break(indent: cst.SimpleWhitespace) -> cst.ParenthesizedWhitespace:
    return cst.ParenthesizedWhitespace(indent=True, last_line=indent)


def _comma(element: cst.BaseElement) -> cst.Comma:
    return element.comma if isinstance(element.comma, cst.Comma) else cst.Comma()


def _line_gaps(
    items: _Items,
) -> tuple[cst.ParenthesizedWhitespace, cst.ParenthesizedWhitespace] | None:
    """The whitespace after the opening bracket and before the closing one (the same when
    empty) when both break the line: `items` is laid out one element a line. Else None."""
    if isinstance(items, cst.List):
        opening, closing = items.lbracket.whitespace_after, items.rbracket.whitespace_before
    elif items.lpar:
        opening, closing = items.lpar[-1].whitespace_after, items.rpar[0].whitespace_before
    else:
        return None
    end = closing if items.elements else opening
    match opening, end:
        case cst.ParenthesizedWhitespace(), cst.ParenthesizedWhitespace():
            return opening, end
    return None


def _with_gaps(
    items: _Items, opening: cst.ParenthesizedWhitespace, closing: cst.ParenthesizedWhitespace
) -> _Items:
    """`items` with this whitespace inside its brackets."""
    if isinstance(items, cst.List):
        return items.with_changes(
            lbracket=items.lbracket.with_changes(whitespace_after=opening),
            rbracket=items.rbracket.with_changes(whitespace_before=closing),
        )
    lpar = items.lpar[-1].with_changes(whitespace_after=opening)
    rpar = items.rpar[0].with_changes(whitespace_before=closing)
    return items.with_changes(lpar=[*items.lpar[:-1], lpar], rpar=[rpar, *items.rpar[1:]])


def _separator(items: _Items) -> cst.Comma:
    """The comma between two elements: a line break in a list laid out one element a line."""
    gaps = _line_gaps(items)
    if gaps is None:
        return _INLINE
    return cst.Comma(whitespace_after=_line_break(gaps[0].last_line))


def _with_element(items: _Items, at: int, new: cst.Element) -> _Items:
    """`items` with `new` inserted at index `at`, in the list's own layout: on a line of its
    own when one element a line, else in line after `, `."""
    elements = list(items.elements)
    if at == len(elements):
        return _appended(items, new)
    if at == 0:
        comma = _separator(items)
    else:
        # The new line goes right below the element before it (which keeps its own comment):
        # comment lines in between stay above the element they precede.
        before = _comma(elements[at - 1])
        gap = before.whitespace_after
        if isinstance(gap, cst.ParenthesizedWhitespace):
            elements[at - 1] = elements[at - 1].with_changes(
                comma=before.with_changes(whitespace_after=gap.with_changes(empty_lines=[]))
            )
            gap = _line_break(gap.last_line).with_changes(empty_lines=gap.empty_lines)
        comma = before.with_changes(whitespace_after=gap)
    elements.insert(at, new.with_changes(comma=comma))
    return items.with_changes(elements=elements)


def _appended(items: _Items, new: cst.Element) -> _Items:
    """`items` with `new` last, taking over the trailing comma if any."""
    elements = list(items.elements)
    gaps = _line_gaps(items)
    if gaps is None:
        if elements:
            new = new.with_changes(comma=elements[-1].comma)
            elements[-1] = elements[-1].with_changes(comma=_INLINE)
        return items.with_changes(elements=[*elements, new])
    # One element a line: the new line goes below the comment lines that close the list
    # (such as "add yours here").
    opening, end = gaps
    if elements:
        above = end.with_changes(last_line=opening.last_line)
        comma = _comma(elements[-1])
        elements[-1] = elements[-1].with_changes(comma=comma.with_changes(whitespace_after=above))
    else:
        # No element to take the indent from: four spaces more than the closing bracket.
        comma = cst.Comma()
        opening = end.with_changes(last_line=cst.SimpleWhitespace(end.last_line.value + "    "))
    updated = _with_gaps(items, opening, _line_break(end.last_line))
    return updated.with_changes(elements=[*elements, new.with_changes(comma=comma)])


def _new_string(value: str) -> cst.Element:
    return cst.Element(cst.SimpleString(f'"{value}"'))


def _replaced(module: cst.Module, old: cst.CSTNode, new: cst.CSTNode) -> str:
    return cst.ensure_type(module.deep_replace(old, new), cst.Module).code


def add_to_all(code: str, path: str, name: str) -> str:
    """Add `"name"` to the module's `__all__` list or tuple, in sorted position."""
    module = _parse(code, path)
    found = [
        value
        for value in _assigned(module, "__all__", annotated=False)
        if isinstance(value, _Items)
    ]
    if not found:
        raise AnchorError(f"{path}: no `__all__ = [...]` list", f'__all__ += ["{name}"]')
    items = found[-1]
    names = [_string(element) for element in items.elements]
    if name in names:
        return code
    # Before the first greater string: other elements (`*base.__all__`) keep their place.
    at = next((i for i, n in enumerate(names) if n is not None and n > name), len(names))
    return _replaced(module, items, _with_element(items, at, _new_string(name)))


def add_to_list(code: str, path: str, name: str, value: str, after_prefix: str) -> str:
    """Add the string `value` to the list `NAME = [...]` (the last one, the one in effect):
    after the last string starting with `after_prefix`, or at the end."""
    module = _parse(code, path)
    found = [v for v in _assigned(module, name, annotated=True) if isinstance(v, cst.List)]
    if not found:
        raise AnchorError(f"{path}: no `{name} = [...]` list", f'"{value}",  # in {name}')
    items = found[-1]
    strings = [_string(element) for element in items.elements]
    if value in strings:
        return code
    ours = [i for i, s in enumerate(strings) if s is not None and s.startswith(after_prefix)]
    at = ours[-1] + 1 if ours else len(strings)
    return _replaced(module, items, _with_element(items, at, _new_string(value)))


def add_name_to_list(code: str, path: str, name: str, value: str) -> str:
    """Add the name `value` last to the list `NAME = [...]` (the last one, the one in effect).
    An empty list opens one element a line with a trailing comma, which ruff keeps: a registry
    reads, and diffs, one entry a line."""
    module = _parse(code, path)
    found = [v for v in _assigned(module, name, annotated=True) if isinstance(v, cst.List)]
    if not found:
        raise AnchorError(f"{path}: no `{name} = [...]` list", f"{value},  # in {name}")
    items = found[-1]
    if any(
        isinstance(element.value, cst.Name) and element.value.value == value
        for element in items.elements
    ):
        return code
    new = cst.Element(cst.Name(value))
    if not items.elements:
        indent = cst.SimpleWhitespace("    ")
        opened = items.with_changes(
            lbracket=items.lbracket.with_changes(whitespace_after=_line_break(indent)),
            rbracket=items.rbracket.with_changes(
                whitespace_before=_line_break(cst.SimpleWhitespace(""))
            ),
            elements=[new.with_changes(comma=cst.Comma())],
        )
        return _replaced(module, items, opened)
    return _replaced(module, items, _appended(items, new))


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
        if bound_names(line) <= bound_names(code):
            continue
        if _relative_module(statement) is not None:
            code = add_relative_import(code, path, line)
        elif _absolute_module(statement) is not None:
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
    inner = _indented(target.body)
    body = _merge_functions(inner.body, new, f"{path}: {class_name}", blank=1)
    if body is None:
        return code
    updated = target.with_changes(body=inner.with_changes(body=body))
    return module.with_changes(body=[updated if s is target else s for s in module.body]).code


def _indented(suite: cst.BaseSuite) -> cst.IndentedBlock:
    """`suite` as an indented block, to take more statements: `class A: pass  # c` becomes
    `class A:` then `pass  # c` on a line of its own."""
    if isinstance(suite, cst.SimpleStatementSuite):
        line = cst.SimpleStatementLine(suite.body, trailing_whitespace=suite.trailing_whitespace)
        return cst.IndentedBlock(body=[line])
    return cst.ensure_type(suite, cst.IndentedBlock)
