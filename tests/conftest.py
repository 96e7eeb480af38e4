"""Shared test settings: headless Qt, deterministic Hypothesis, temporary settings and libraries."""

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

settings.register_profile("factcheck", derandomize=True, deadline=None, database=None)
settings.register_profile("thorough", deadline=None, max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "factcheck"))


@pytest.fixture(autouse=True)
def _isolated_user_files(tmp_path, monkeypatch):
    """No test reads or writes the real user's library or settings."""
    monkeypatch.setenv("FACTCHECK_DB", str(tmp_path / "default-library.db"))
    monkeypatch.setenv("FACTCHECK_SETTINGS", str(tmp_path / "default-settings.ini"))


@pytest.fixture(autouse=True)
def runtime_dir(monkeypatch):
    """A short private folder for windows' channel sockets, removed afterwards: nothing left in /tmp.

    Short: a Unix socket's path holds about 100 bytes, and pytest's tmp_path is longer.
    """
    folder = tempfile.mkdtemp(prefix="fcrun-", dir="/tmp")
    monkeypatch.setenv("XDG_RUNTIME_DIR", folder)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def child_process():
    """start(script, *args, ready=LINE): a Python child that holds something until the test ends.

    The child prints ``ready`` once it holds it (a lock, an open library, a transaction)
    and keeps it until its standard input closes; the test may also kill it.
    """
    children: list[subprocess.Popen] = []

    def start(script: str, *args, ready: str) -> subprocess.Popen:
        child = subprocess.Popen([sys.executable, "-c", script, *map(str, args)],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        children.append(child)
        assert child.stdout.readline() == ready + "\n"
        return child

    yield start
    for child in children:
        if child.poll() is None:
            child.stdin.close()  # lets it let go on its own (roll back, release)
            try:
                child.wait(10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        else:
            child.stdin.close()
        child.stdout.close()


@pytest.fixture(scope="session")
def postgres_server():
    """A throw-away PostgreSQL server for the whole run (tests/postgres_server.py), started on first use.

    Without PostgreSQL installed the tests that need it are skipped, saying why, unless
    ``FACTCHECK_REQUIRE_POSTGRES=1`` (CI) makes that a failure.
    """
    from postgres_server import REQUIRE_ENV, NoPostgres, ThrowAwayServer

    try:
        server = ThrowAwayServer().start()
    except NoPostgres as why:
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"{REQUIRE_ENV}=1 but no PostgreSQL server could be started: {why}")
        pytest.skip(f"no PostgreSQL server: {why}")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def shared_desk(postgres_server):
    """A desk on the throw-away server: a template library made by ``server init``, and its reviewers.

    ``shared_desk.new_library(name)`` copies the template into a new database and returns
    its owner's URL; ``shared_desk.url(name, login)`` is a reviewer's URL on it. Reviewers
    (password = their name + "-pw"): editors alice, bob and carol; reporters rita and ron.
    """
    from postgres_server import SharedDesk

    return SharedDesk(postgres_server)
