"""The generated projects' pytest plugin (tests/loop_blocking.py), run by a real pytest on
real event loops: a blocking call in the service's code fails the test that ran it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from apiforge.rendering import render

SERVICE = """\
import asyncio
import time


async def nap_async() -> None:
    time.sleep(0.3)


async def wait_async() -> None:
    await asyncio.sleep(0.3)


async def compute_async() -> None:
    start = time.thread_time()
    while time.thread_time() - start < 0.04:
        pass
"""

TESTS = """\
import asyncio
import os
import subprocess
import sys
import threading
import time

import pytest

from service import compute_async, nap_async, wait_async

HOG = (
    "import os, time\\n"
    "os.sched_setaffinity(0, {0})\\n"
    "end = time.monotonic() + 30\\n"
    "while time.monotonic() < end:\\n"
    "    pass\\n"
)


def test_in_the_main_thread() -> None:
    asyncio.run(nap_async())


def test_in_a_loop_thread() -> None:
    loop = threading.Thread(target=asyncio.run, args=(nap_async(),), name="loop-thread")
    loop.start()
    loop.join(timeout=5)


def test_awaiting_does_not_block() -> None:
    asyncio.run(wait_async())


async def _set_up() -> None:
    time.sleep(0.3)


def test_a_tests_own_set_up_is_not_blamed() -> None:
    asyncio.run(_set_up())


@pytest.mark.allow_loop_blocking
def test_exempt() -> None:
    asyncio.run(nap_async())


def test_a_starved_thread_is_slow_not_blocked() -> None:
    # On one core with two busy processes, 40 ms of CPU take over 100 ms.
    os.sched_setaffinity(0, {0})
    hogs = [subprocess.Popen([sys.executable, "-c", HOG]) for _ in range(2)]
    try:
        time.sleep(0.2)
        start = time.monotonic()
        asyncio.run(compute_async())
        assert time.monotonic() - start > 0.1, "the machine did not starve it"
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait(timeout=10)
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with the plugin in its tests/, as a generated one has it."""
    plugin = render("project/loop_blocking.py.jinja", {"flavour": "sqlalchemy"})
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "loop_blocking.py").write_text(plugin)
    (tmp_path / "tests" / "conftest.py").write_text('pytest_plugins = ["loop_blocking"]\n')
    (tmp_path / "tests" / "test_naps.py").write_text(TESTS)
    (tmp_path / "service.py").write_text(SERVICE)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pytest.ini_options]\npythonpath = ["."]\nloop_block_threshold_ms = 100\n'
    )
    return tmp_path


def pytest_in(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """pytest in `project`, with its own plugins only (this environment's start slowly)."""
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args]
    env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=60)


def test_a_blocked_loop_fails_the_test_and_names_the_call(project: Path) -> None:
    # --strict-markers: the marker is registered.
    result = pytest_in(project, "--strict-markers")
    output = result.stdout
    assert result.returncode == 1, output
    failed = {line.split()[1] for line in output.splitlines() if line.startswith("FAILED ")}
    assert failed == {
        "tests/test_naps.py::test_in_the_main_thread",
        "tests/test_naps.py::test_in_a_loop_thread",
    }, output
    sleep_line = SERVICE.splitlines().index("    time.sleep(0.3)") + 1
    where = f"at service.py:{sleep_line} in nap_async"
    assert f"in thread 'MainThread', {where}" in output, output
    assert f"in thread 'loop-thread', {where}" in output, output
    assert "4 passed" in output


def test_the_threshold_is_configurable(project: Path) -> None:
    blocking = ("-k", "test_in_the_main_thread")
    assert pytest_in(project, *blocking).returncode == 1
    assert pytest_in(project, *blocking, "--loop-block-threshold-ms", "0").returncode == 0
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace("= 100", "= 1000"))
    assert pytest_in(project, *blocking).returncode == 0
    pyproject.write_text(pyproject.read_text().replace("= 1000", '= "soon"'))
    result = pytest_in(project, *blocking)
    assert "loop_block_threshold_ms is a number of milliseconds, not 'soon'" in result.stderr
    assert result.returncode == 4
