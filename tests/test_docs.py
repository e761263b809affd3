"""The generated docs name only what the generated project has.

For every rendered answer set, README.md and docs/*.md are read with a markdown parser;
each inline code span, each line of a shell block and each Python block is checked against
the rendered project, which is read (ast, Makefile, .env.example), never installed:

- `make <target>`: the Makefile has that target.
- A path (it has a `/`, ends in a file suffix, or is a dotfile or a `Makefile`): a file or
  directory of the project (`demo/db.py` may sit under `src/`), or one its tools make
  (`uv.lock`, or a name its .gitignore matches: `.venv`).
- An environment variable (UPPER_CASE with an underscore, maybe `=value`): a key of
  .env.example or a word the project's code and config use (`CONN_MAX_AGE` in settings.py,
  `WEB_CONCURRENCY` in the Makefile), or the own of a dependency or of a tool the Makefile
  runs, named after it (`DJANGO_ALLOW_ASYNC_UNSAFE`, `UV_PYTHON`).
- `module:attribute` in a command (`uvicorn demo.asgi:application`): both exist.
- Python: each dotted name (`ItemHelper.get_item_async`, `db.reader_async()`). Its first
  part decides whose name it is:
  * the project's, when a module of the project defines it at top level or it is a
    top-level package: then all of it must exist. An attribute of a class is looked up in
    the class and its project bases; past a library base (a Django model's `objects`), a
    function's result or a variable, types are unknown and the rest is not checked.
  * a library's, when it is a module of the standard library, a builtin, the import name
    of a dependency in the project's pyproject.toml, or a name some rendered project
    imports from a library (`sync_to_async`, `AsyncSession`): not checked. This is the
    whole allow-list: what the generated code itself imports, so it never drifts from it.
  * otherwise an example's own variable (`session`, `item`), not checked, except that
    `x.SomeClass` needs `x` to be a module of the project or a library (so
    `httpx.AsyncClient` fails where only httpx2 is installed), and a bare CamelCase name in
    prose must be the project's or a library's. In a code block, a model the block uses
    without importing it is the example's (`Article` where there is no articles app).
  Unless a library holds it, a name ending in `_async` is the project's suffix for its own
  async helpers: some function or method of the project must have it.
  A Python block must parse (top-level `await` and `async with` allowed).
- Anything else (a placeholder like `<name>` or `path/to/`, a glob, a URL, a value, a
  sentence, a path outside the project) is prose.
"""

import pytest

from .doc_names import Checker, Project, docs
from .support import COMBINATIONS, Render, ids


@pytest.fixture(scope="session")
def library_names(render: Render) -> set[str]:
    """What any rendered project imports from a library: the docs may name it anywhere."""
    names: set[str] = set()
    for answers in COMBINATIONS:
        names |= Project.read(render(**answers)).library_imports
    return names


@pytest.mark.parametrize("answers", COMBINATIONS, ids=ids)
def test_docs_name_only_what_the_project_has(
    render: Render, library_names: set[str], answers: dict[str, object]
) -> None:
    project = render(**answers)
    checker = Checker.of(project, library_names)
    for doc, text in docs(project).items():
        checker.check_doc(doc, text)
    if checker.failures:
        pytest.fail("\n".join(["the docs name what the project lacks:", *checker.failures]))


WRONG = """\
Call `ItemHelper.get_item`, `Database.session` or `ItemHelper().list_items_async`.
Run `make serve`, set `DB_TIMEOUT=3`, read `demo/nowhere.py`, use `httpx.AsyncClient`.
Right: `DATABASE_URL`, `.venv`, `uv.lock`, `src/demo/db.py`, `Database.reader_async`,
`UV_PYTHON=3.12`, `path/to/apiforge`.

```python
from demo.items.helpers import ItemHelper, ItemMaker
helper.archive_all_async()
```

```console
$ DB_TIMEOUT=3 make test
$ uvicorn demo.main:make_app --factory
```

```python
helper = <Resource>Helper()
```
"""


def test_each_kind_of_wrong_name_fails_with_its_doc_and_line(
    render: Render, library_names: set[str]
) -> None:
    project = render(**COMBINATIONS[0])  # sqlalchemy, async, with the items example
    checker = Checker.of(project, library_names)
    checker.check_doc("docs/wrong.md", WRONG)
    assert [failure.split(", but")[0] for failure in checker.failures] == [
        "docs/wrong.md:1: `ItemHelper.get_item` names 'ItemHelper.get_item'",
        "docs/wrong.md:1: `Database.session` names 'Database.session'",
        "docs/wrong.md:2: `make serve` names 'make serve'",
        "docs/wrong.md:2: `DB_TIMEOUT=3` names 'DB_TIMEOUT'",
        "docs/wrong.md:2: `demo/nowhere.py` names 'demo/nowhere.py'",
        "docs/wrong.md:2: `httpx.AsyncClient` names 'httpx.AsyncClient'",
        "docs/wrong.md:7: `from demo.items.helpers import ItemHelper, ItemMaker`"
        " names 'demo.items.helpers.ItemMaker'",
        "docs/wrong.md:8: `helper.archive_all_async()` names 'helper.archive_all_async'",
        "docs/wrong.md:12: `$ DB_TIMEOUT=3 make test` names 'DB_TIMEOUT'",
        "docs/wrong.md:13: `$ uvicorn demo.main:make_app --factory` names 'demo.main.make_app'",
        "docs/wrong.md:17: `helper = <Resource>Helper()` names 'the code block'",
    ]
