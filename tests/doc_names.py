"""The names a rendered project's docs mention, and whether that project has them.

`test_docs.py` states the rules; this module applies them. It reads a rendered project
without installing it (its Python with ast, its Makefile, `.env.example`, `pyproject.toml`)
and its docs with markdown-it, so each failure names the doc, the line and the name.
"""

import ast
import builtins
import re
import shlex
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path

from markdown_it import MarkdownIt

from .support import INSTALLED_DIRS

# A path in a doc ends in one of these, has a `/`, or is a dotfile (`.env`) or a `Makefile`.
FILE_SUFFIXES = (".py", ".md", ".toml", ".yml", ".yaml", ".ini", ".cfg", ".txt", ".json", ".lock")
PATH_WORD = re.compile(r"\.\w[\w.-]*|[A-Z][a-z]+file")
SHELL_FENCES = {"sh", "shell", "bash", "console"}
PYTHON_FENCES = {"python", "py"}
# `DATABASE_URL`, `DB_POOL=true`, `$WEB_CONCURRENCY`, `DB_CONN_MAX_AGE > 0`.
ENV_VARIABLE = re.compile(r"\$?\{?([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\}?(?:\s*[=<>!]=?\s*\S*)?")
# `demo.main:create_app` in a command line.
MODULE_ATTRIBUTE = re.compile(r"([A-Za-z_][\w.]*):([A-Za-z_]\w*)(?:\(\))?")
MAKE_TARGET = re.compile(r"^([A-Za-z0-9][\w.-]*)\s*:(?!=)", re.MULTILINE)
# In a chain, an instance of what comes before: `ArticleHelper().stats_async`.
CALL = "()"


def is_camel(name: str) -> bool:
    """`ItemHelper`, `AsyncClient`: a class. Not `F`, `BEGIN` or `DB_POOL`."""
    return name[:1].isupper() and any(char.islower() for char in name)


@dataclass(frozen=True)
class Mention:
    """Where a doc mentions something: `README.md:42` and that line's code."""

    doc: str
    line: int
    text: str

    def missing(self, name: str, reason: str) -> str:
        return f"{self.doc}:{self.line}: `{self.text}` names {name!r}, but {reason}"


@dataclass(frozen=True)
class Imported:
    """A name a module imports from another module of the project."""

    module: str
    name: str


@dataclass
class Project:
    """What a rendered project defines, read with ast: nothing is installed or imported."""

    root: Path
    modules: dict[str, ast.Module] = field(default_factory=dict)
    # Each module's top-level names: classes, functions, variables, imports of own modules.
    namespaces: dict[str, dict[str, ast.AST | Imported]] = field(default_factory=dict)
    functions: set[str] = field(default_factory=set)  # every def and async def, methods too
    library_imports: set[str] = field(default_factory=set)  # modules and names from libraries
    packages: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, root: Path) -> "Project":
        project = cls(root)
        for relative in project_paths(root):
            if relative.suffix == ".py":
                parts = relative.with_suffix("").parts
                parts = parts[1:] if parts[0] == "src" else parts
                name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
                project.modules[name] = ast.parse((root / relative).read_text())
        project.packages = {name.split(".")[0] for name in project.modules}
        for name, tree in project.modules.items():
            project.namespaces[name] = project._namespace(name, tree)
            for node in ast.walk(tree):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    project.functions.add(node.name)
                elif isinstance(node, ast.Import):
                    project.library_imports |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and not project.is_own(node):
                    project.library_imports.add((node.module or "").split(".")[0])
                    project.library_imports |= {a.asname or a.name for a in node.names}
        project.library_imports -= project.packages
        return project

    def is_own(self, node: ast.ImportFrom) -> bool:
        return node.level > 0 or (node.module or "").split(".")[0] in self.packages

    def _namespace(self, module: str, tree: ast.Module) -> dict[str, ast.AST | Imported]:
        names: dict[str, ast.AST | Imported] = {**members(tree.body)}
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and self.is_own(node):
                source = self._absolute(module, node)
                names |= {
                    alias.asname or alias.name: Imported(source, alias.name) for alias in node.names
                }
        return names

    def _absolute(self, module: str, node: ast.ImportFrom) -> str:
        """The dotted name of the module a `from ... import` in `module` reads."""
        if not node.level:
            return node.module or ""
        parts = module.split(".")
        is_package = any(
            (self.root / base).joinpath(*parts, "__init__.py").exists() for base in (".", "src")
        )
        package = parts if is_package else parts[:-1]
        package = package[: len(package) - node.level + 1]
        return ".".join([*package, *([node.module] if node.module else [])])

    def is_defined(self, name: str) -> bool:
        return name in self.packages or any(name in names for names in self.namespaces.values())

    def missing(self, chain: list[str]) -> str | None:
        """Why the project has no `chain` (["ItemHelper", "get_item_async"]), or None."""
        root = chain[0]
        if root in self.packages:
            for end in range(len(chain), 0, -1):
                if ".".join(chain[:end]) in self.modules:
                    return self._missing_in(".".join(chain[:end]), chain[end:])
            return f"the project has no module {'.'.join(chain[:2])}"
        reasons = [
            self._missing_after(names[root], chain[1:], root)
            for names in self.namespaces.values()
            if root in names
        ]
        if not reasons:
            return f"the project defines no {root}"
        return None if None in reasons else reasons[0]

    def _missing_in(self, module: str, rest: list[str]) -> str | None:
        if not rest:
            return None
        node = self.namespaces[module].get(rest[0])
        if node is None:
            return f"{module} defines no {rest[0]}"
        return self._missing_after(node, rest[1:], f"{module}.{rest[0]}")

    def _missing_after(self, node: ast.AST | Imported, rest: list[str], path: str) -> str | None:
        """`rest` read from `node`. A class's attributes are checked; past anything else
        (a function's result, a variable) the type is unknown, so nothing more is."""
        if isinstance(node, Imported):
            return self.missing([*node.module.split("."), node.name, *rest])
        rest = rest[1:] if rest[:1] == [CALL] else rest
        if not isinstance(node, ast.ClassDef) or not rest:
            return None
        attributes = members(node.body)
        if rest[0] in attributes:
            return self._missing_after(attributes[rest[0]], rest[1:], f"{path}.{rest[0]}")
        for base in node.bases:
            base = base.value if isinstance(base, ast.Subscript) else base
            name = base.id if isinstance(base, ast.Name) else ""
            own = [names[name] for names in self.namespaces.values() if name in names]
            if not own:
                return None  # a library's class: the attribute may be inherited from it
            if any(self._missing_after(cls, [CALL, *rest], path) is None for cls in own):
                return None
        return f"{path} has no attribute {rest[0]}"


def members(body: list[ast.stmt]) -> dict[str, ast.AST]:
    """The names a module or class body defines: classes, functions, assignments."""
    names: dict[str, ast.AST] = {}
    for node in body:
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            names[node.name] = node
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {target.id: node for target in targets if isinstance(target, ast.Name)}
    return names


@dataclass
class Checker:
    """The rules of `test_docs.py`, applied to one rendered project."""

    project: Project
    library_names: set[str]  # what some rendered project imports from a library
    dependencies: set[str]  # import names of this project's pyproject.toml dependencies
    failures: dict[str, None] = field(default_factory=dict)  # ordered, without repeats

    @classmethod
    def of(cls, root: Path, library_names: set[str]) -> "Checker":
        return cls(Project.read(root), library_names, dependency_modules(root))

    @property
    def root(self) -> Path:
        return self.project.root

    def fail(self, mention: Mention, name: str, reason: str) -> None:
        self.failures[mention.missing(name, reason)] = None

    def is_library(self, name: str) -> bool:
        return (
            name in self.library_names
            or name in self.project.library_imports
            or name in self.dependencies
            or name in sys.stdlib_module_names
            or hasattr(builtins, name)
        )

    def check_doc(self, relative: str, text: str) -> None:
        """Every name a markdown doc, at `relative` in the project, mentions."""
        lines = text.splitlines()
        for token in MarkdownIt("commonmark").enable("table").parse(text):
            start = token.map[0] if token.map else 0
            info = token.info.strip()
            if token.type == "fence" and info in SHELL_FENCES:
                for number, line in enumerate(token.content.splitlines(), start + 2):
                    self.check_command(Mention(relative, number, line.strip()))
            elif token.type == "fence" and info in PYTHON_FENCES:
                self.check_block(relative, start + 2, token.content)
            elif token.type == "inline":
                for child in token.children or []:
                    if child.type == "code_inline":
                        number = line_of(lines, child.content, start)
                        self.check_span(Mention(relative, number, child.content))

    def check_span(self, mention: Mention) -> None:
        text = mention.text.strip()
        if not text or re.search(r"<\w+>|\*|://|\bpath/to/|^[-/~]|^\.\.", text):
            return  # a placeholder, a pattern, a URL, an option, a path outside: prose
        if ENV_VARIABLE.fullmatch(text):
            self.check_env_variable(mention, text)
        elif self.is_path(text):
            self.check_path(mention, text)
        elif not self.check_python(mention, text, first_line=mention.line):
            self.check_command(mention)

    def check_block(self, doc: str, first_line: int, source: str) -> None:
        mention = Mention(doc, first_line, source.splitlines()[0])
        if not self.check_python(mention, source, first_line=first_line, in_prose=False):
            self.fail(mention, "the code block", "it is not valid Python")

    def check_env_variable(self, mention: Mention, text: str) -> None:
        """Known to the project, or named after a dependency or a tool its Makefile runs:
        theirs (`DJANGO_ALLOW_ASYNC_UNSAFE`, `UV_PYTHON`)."""
        match = ENV_VARIABLE.fullmatch(text)
        name = match.group(1) if match else text.split("=")[0]
        if name in env_example_keys(self.root) or self.used_by_project(name):
            return
        owners = self.dependencies | make_tools(self.root)
        if not any(name.startswith(f"{owner.upper()}_") for owner in owners):
            self.fail(mention, name, "it is not in .env.example, and the project never uses it")

    def used_by_project(self, word: str) -> bool:
        pattern = re.compile(rf"\b{re.escape(word)}\b")
        return any(pattern.search(text) for text in code_and_config(self.root))

    @staticmethod
    def is_path(text: str) -> bool:
        if re.search(r"[\s()]", text):
            return False
        return "/" in text or text.endswith(FILE_SUFFIXES) or bool(PATH_WORD.fullmatch(text))

    def check_path(self, mention: Mention, text: str) -> None:
        """A file or directory of the project (`demo/db.py` is also `src/demo/db.py`), or
        one its tools make: `uv.lock`, or a name its .gitignore matches (`.venv`, `demo.db`)."""
        wanted = Path(text.rstrip("/")).parts
        if any(path.parts[-len(wanted) :] == wanted for path in project_paths(self.root)):
            return
        if wanted[-1] == "uv.lock" or any(
            fnmatch(wanted[-1], pattern.strip("/")) for pattern in ignored(self.root)
        ):
            return
        self.fail(mention, text, "the project has no such file or directory")

    def check_command(self, mention: Mention) -> None:
        """A shell line: its `VAR=value` prefixes, `make <target>`, `module:attribute`."""
        try:
            words = shlex.split(mention.text.removeprefix("$ "), comments=True)
        except ValueError:
            return
        while words and re.match(r"[A-Z][A-Z0-9_]*=", words[0]):
            self.check_env_variable(mention, words.pop(0))
        target = words[1] if words[:1] == ["make"] and len(words) > 1 else "="
        if "=" not in target and target not in make_targets(self.root):
            self.fail(mention, f"make {target}", "the Makefile has no such target")
        for word in words[1:]:
            match = MODULE_ATTRIBUTE.fullmatch(word)
            if match and match.group(1).split(".")[0] in self.project.packages:
                chain = [*match.group(1).split("."), match.group(2)]
                if reason := self.project.missing(chain):
                    self.fail(mention, ".".join(chain), reason)

    def check_python(
        self, mention: Mention, source: str, *, first_line: int, in_prose: bool = True
    ) -> bool:
        """Every dotted name of a span or block of Python; False if it is not Python."""
        source = f"{source} ..." if source.rstrip().endswith(":") else source
        try:
            tree = ast.parse(source)
        except SyntaxError:
            return False
        lines = source.splitlines()
        bound = bound_names(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.ImportFrom)
                and (node.module or "").split(".")[0] in self.project.packages
            ):
                # An example that imports the project's code: that code must exist.
                bound -= {alias.asname or alias.name for alias in node.names}
                at = Mention(mention.doc, first_line + node.lineno - 1, lines[node.lineno - 1])
                for alias in node.names:
                    chain = [*(node.module or "").split("."), alias.name]
                    if reason := self.project.missing(chain):
                        self.fail(at, ".".join(chain), reason)
        for chain, lineno in dotted_names(tree):
            at = Mention(mention.doc, first_line + lineno - 1, lines[lineno - 1].strip())
            self.check_chain(at, chain, bound, in_prose=in_prose)
        return True

    def check_chain(
        self, mention: Mention, chain: list[str], bound: set[str], *, in_prose: bool
    ) -> None:
        root, attributes = chain[0], [part for part in chain[1:] if part != CALL]
        name = ".".join([root, *attributes])
        suffixed = attributes  # where a name ending in `_async` must be the project's
        if root in bound:
            pass  # the example's own variable, function or import
        elif self.project.is_defined(root):
            if reason := self.project.missing(chain):
                return self.fail(mention, name, reason)
        elif self.is_library(root):
            return None
        elif in_prose and is_camel(root):
            reason = f"the project has no {root} (a library's? write it with its module)"
            return self.fail(mention, name, reason)
        elif any(is_camel(part) for part in attributes):
            return self.fail(mention, name, f"{root} is neither a module here nor a library")
        else:
            suffixed = attributes or [root]
        for part in suffixed:
            if re.fullmatch(r"\w+_async", part) and part not in self.project.functions:
                self.fail(mention, name, f"the project has no method or function {part}")
        return None


def line_of(lines: list[str], span: str, start: int) -> int:
    """The line (from 1) where a code span starts, searching from its block's first line."""
    first = span.split()[0] if span.split() else span
    for number in range(start, len(lines)):
        if f"`{first}" in lines[number] or first in lines[number]:
            return number + 1
    return start + 1


def bound_names(tree: ast.AST) -> set[str]:
    """Names an example binds itself: its variables, parameters, functions and imports."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    return names


def dotted_names(tree: ast.AST) -> Iterator[tuple[list[str], int]]:
    """Each outermost `a.b().c` of the tree, as (["a", "b", "()", "c"], line). A chain starts
    at a name: in `f(x)[0].y`, only `f` is one."""
    inner: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            inner.add(id(node.value))
        elif isinstance(node, ast.Call):
            inner.add(id(node.func))
    for node in ast.walk(tree):
        if id(node) not in inner and isinstance(node, ast.Attribute | ast.Name | ast.Call):
            chain = _chain(node)
            if chain:
                yield chain, node.lineno


def _chain(node: ast.AST) -> list[str] | None:
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.Attribute):
        base = _chain(node.value)
        return None if base is None else [*base, node.attr]
    if isinstance(node, ast.Call):
        base = _chain(node.func)
        return None if base is None else [*base, CALL]
    return None


def dependency_modules(root: Path) -> set[str]:
    """The import names of pyproject.toml's dependencies, every group included."""
    pyproject = tomllib.loads((root / "pyproject.toml").read_text())
    requirements = list(pyproject["project"].get("dependencies", []))
    for group in pyproject.get("dependency-groups", {}).values():
        requirements += [entry for entry in group if isinstance(entry, str)]
    names = (re.match(r"[A-Za-z0-9_.-]+", entry) for entry in requirements)
    return {match.group(0).lower().replace("-", "_") for match in names if match}


def env_example_keys(root: Path) -> set[str]:
    lines = (root / ".env.example").read_text().splitlines()
    return {line.split("=")[0] for line in lines if "=" in line and not line.startswith("#")}


def ignored(root: Path) -> list[str]:
    """The patterns of the project's .gitignore."""
    lines = (root / ".gitignore").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def make_targets(root: Path) -> set[str]:
    return set(MAKE_TARGET.findall((root / "Makefile").read_text())) - {".PHONY"}


def make_tools(root: Path) -> set[str]:
    """The commands the Makefile's recipes run: `uv`, `uvx`..."""
    recipes = (root / "Makefile").read_text().splitlines()
    return {line.split()[0] for line in recipes if line.startswith("\t") and line.split()}


def project_paths(root: Path) -> Iterator[Path]:
    """Every file and directory of the project, relative to it; installs left out."""
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if not set(INSTALLED_DIRS) & set(relative.parts):
            yield relative


def code_and_config(root: Path) -> Iterator[str]:
    """The text of every file but the docs: code, Makefile, Dockerfile, compose, CI..."""
    for relative in project_paths(root):
        path = root / relative
        if path.is_file() and path.suffix != ".md":
            yield path.read_text(errors="replace")


def docs(root: Path) -> dict[str, str]:
    """README.md and docs/*.md, by path in the project."""
    paths = [root / "README.md", *sorted((root / "docs").glob("*.md"))]
    return {str(path.relative_to(root)): path.read_text() for path in paths}
