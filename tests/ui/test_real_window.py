"""The real window in its own process, beside real ``factcheck`` commands, killed with SIGKILL.

The worst bug found so far lived only here: with the window open, Qt's file dialog (or
anything else in the window's process) opened and closed the library file, which
released every SQLite lock the process held (POSIX advisory locks belong to the
process); a ``factcheck list`` in another process then believed it was the library's
last user and deleted the WAL that held the window's saved edits. These tests run the
app under Xvfb (CI installs it) and on the offscreen platform.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the window is killed with SIGKILL")

DRIVER = Path(__file__).with_name("real_window_driver.py")
ARTICLE = ("Council approves new cycle lanes\n\n"
           "The council voted 7–2 on Tuesday to approve the lanes. Work starts in May.\n")
SECOND = "Mayor says crime fell\n\nCrime fell 40% last year, the mayor said.\n"
READ_TIMEOUT_S = 60  # a generous bound on the window's start-up and on each of its answers


@pytest.fixture(scope="module")
def xvfb():
    """A private virtual X server for the module's windows; its display name."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (.ci/run installs it); the offscreen run still ran")
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1400x1000x24", "-nolisten", "tcp"],
                              pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as numbers:
        number = numbers.readline().strip()
    yield f":{number}"
    server.terminate()
    server.wait(10)


@pytest.fixture(params=["xvfb", "offscreen"])
def display(request):
    """Each test runs against a real X display under Xvfb, and on Qt's offscreen platform."""
    return request.getfixturevalue("xvfb") if request.param == "xvfb" else None


@pytest.fixture
def environment(tmp_path, display, runtime_dir):
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)
    if display is None:
        env["QT_QPA_PLATFORM"] = "offscreen"
    else:
        env["DISPLAY"] = display
        env["QT_QPA_PLATFORM"] = "xcb"
    env["FACTCHECK_SETTINGS"] = str(tmp_path / "settings.ini")
    (tmp_path / "settings.ini").write_text("[preferences]\nreviewer_name=Dana Reyes\n", encoding="utf-8")
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg-data")
    env["XDG_RUNTIME_DIR"] = runtime_dir
    env.pop("FACTCHECK_DB", None)
    return env


class RealWindow:
    def __init__(self, library: Path, env: dict, log: Path) -> None:
        self.log = log
        self._stderr = open(log, "wb")
        self.process = subprocess.Popen([sys.executable, str(DRIVER), "--db", str(library)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr,
                                        env=env)
        self._pending = b""
        try:
            assert self.read() == "ready"
        except BaseException:
            self.kill()  # a driver that never got ready does not outlive its test
            raise

    def read(self, timeout_s: float = READ_TIMEOUT_S) -> str:
        """The driver's next line; fails with its standard error if none comes within ``timeout_s``."""
        deadline = time.monotonic() + timeout_s
        fd = self.process.stdout.fileno()
        while b"\n" not in self._pending:
            remaining = deadline - time.monotonic()
            ready, _, _ = select.select([fd], [], [], max(0.0, remaining))
            if not ready:
                pytest.fail(f"the window said nothing for {timeout_s:g} s; its standard error:\n{self.stderr()}")
            chunk = os.read(fd, 65536)
            if not chunk:
                pytest.fail(f"the window ended (status {self.process.poll()}); its standard error:\n{self.stderr()}")
            self._pending += chunk
        line, self._pending = self._pending.split(b"\n", 1)
        return line.decode("utf-8")

    def stderr(self) -> str:
        self._stderr.flush()
        return self.log.read_text(encoding="utf-8", errors="replace")

    def ask(self, command: str) -> str:
        self.process.stdin.write(command.encode() + b"\n")
        self.process.stdin.flush()
        return self.read()

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)
        self.close()

    def close(self) -> None:
        self.process.stdin.close()
        self.process.stdout.close()
        self._stderr.close()


@pytest.fixture
def real_window(tmp_path, environment):
    windows: list[RealWindow] = []

    def start(library: Path) -> RealWindow:
        windows.append(RealWindow(library, environment, tmp_path / f"window-{len(windows)}.log"))
        return windows[-1]

    yield start
    for window in windows:
        if window.process.poll() is None:
            window.process.send_signal(signal.SIGCONT)  # if a test stopped it
            window.kill()
        else:
            window.close()


def test_a_window_that_never_says_ready_fails_its_test_with_its_stderr_instead_of_hanging(tmp_path, monkeypatch):
    stuck = tmp_path / "stuck_driver.py"
    stuck.write_text("import sys, time\nprint('stuck starting', file=sys.stderr, flush=True)\ntime.sleep(600)\n",
                     encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "DRIVER", stuck)
    monkeypatch.setattr(RealWindow.read, "__defaults__", (1.0,))  # READ_TIMEOUT_S, shortened
    with pytest.raises(pytest.fail.Exception, match="stuck starting"):
        RealWindow(tmp_path / "library.db", dict(os.environ), tmp_path / "stuck.log")


def factcheck(env: dict, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "factcheck", *map(str, args)], env=env, text=True,
                          capture_output=True, timeout=60)


def test_saved_edits_survive_a_dialog_commands_beside_the_window_and_sigkill(tmp_path, environment, real_window):
    library = tmp_path / "desk" / "library.db"
    first, second = tmp_path / "lanes.txt", tmp_path / "crime.txt"
    first.write_text(ARTICLE, encoding="utf-8")
    second.write_text(SECOND, encoding="utf-8")
    assert factcheck(environment, "--db", library, "import", first).returncode == 0

    window = real_window(library)
    assert window.ask("dialog") == "dialog-done"
    imported = factcheck(environment, "--db", library, "import", second)
    assert imported.returncode == 0, imported.stderr
    listed = factcheck(environment, "--db", library, "list")
    assert listed.returncode == 0, listed.stderr
    assert "Mayor says crime fell" in listed.stdout and "Council approves new cycle lanes" in listed.stdout
    exported = factcheck(environment, "--db", library, "export", "1", "--format", "json")
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout)["article"]["title"] == "Council approves new cycle lanes"

    saved = window.ask("mark")
    assert saved.startswith("saved "), saved
    quote = json.loads(saved.removeprefix("saved "))
    window.kill()

    conn = sqlite3.connect(library)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("SELECT count(*) FROM claims WHERE quote = ?", [quote]).fetchone() == (1,)
        titles = {title for (title,) in conn.execute("SELECT title FROM articles")}
        assert {"Council approves new cycle lanes", "Mayor says crime fell"} <= titles
        who = conn.execute("SELECT DISTINCT h.changed_by FROM history h JOIN claims c ON c.id = h.claim_id"
                           " WHERE c.quote = ?", [quote]).fetchall()
        assert who == [("Dana Reyes",)]  # the reviewer's chosen name, in the window's edits
    finally:
        conn.close()


def test_an_article_imported_on_the_command_line_appears_in_the_window_at_once(tmp_path, environment, real_window):
    library = tmp_path / "library.db"
    first, second = tmp_path / "lanes.txt", tmp_path / "crime.txt"
    first.write_text(ARTICLE, encoding="utf-8")
    second.write_text(SECOND, encoding="utf-8")
    assert factcheck(environment, "--db", library, "import", first).returncode == 0
    window = real_window(library)
    assert "Mayor says crime fell" not in json.loads(window.ask("titles").removeprefix("titles "))

    imported = factcheck(environment, "--db", library, "import", second)

    assert imported.returncode == 0, imported.stderr
    assert "Mayor says crime fell" in imported.stdout
    assert "Mayor says crime fell" in json.loads(window.ask("titles").removeprefix("titles "))


def test_the_window_wears_factcheck_s_icon_once_it_has_painted(tmp_path, environment, real_window):
    window = real_window(tmp_path / "library.db")
    deadline = time.monotonic() + 10
    while (answer := window.ask("icon")) != "icon True" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert answer == "icon True"  # set just after the first paint (app.set_icon), never forgotten


def test_a_second_launch_with_a_file_hands_it_to_the_open_window(tmp_path, environment, real_window):
    library = tmp_path / "library.db"
    second = tmp_path / "crime.txt"
    second.write_text(SECOND, encoding="utf-8")
    window = real_window(library)

    launched = factcheck(environment, "--db", library, second)

    assert launched.returncode == 0, launched.stderr
    assert "Mayor says crime fell" in json.loads(window.ask("titles").removeprefix("titles "))


def test_a_command_gives_up_on_a_stopped_window_which_later_leaves_the_request_undone(tmp_path, environment,
                                                                                      real_window):
    """A window stopped with SIGSTOP takes connections (into the backlog) but cannot answer."""
    library = tmp_path / "library.db"
    second = tmp_path / "crime.txt"
    second.write_text(SECOND, encoding="utf-8")
    window = real_window(library)
    assert factcheck(environment, "--db", library, "list").returncode == 0  # the window is listening
    quick = dict(environment, FACTCHECK_BUSY_TIMEOUT_MS="1000")

    window.process.send_signal(signal.SIGSTOP)
    try:
        imported = subprocess.run([sys.executable, "-m", "factcheck", "--db", str(library), "import", str(second)],
                                  env=quick, text=True, capture_output=True, timeout=30)
    finally:
        window.process.send_signal(signal.SIGCONT)

    assert imported.returncode == 1
    assert "did not answer" in imported.stderr and "nothing was done" in imported.stderr, imported.stderr
    deadline = time.monotonic() + READ_TIMEOUT_S  # the resumed window reads the request, and leaves it
    while "gave up" not in window.stderr():
        assert time.monotonic() < deadline, window.stderr()
        time.sleep(0.05)
    assert "Mayor says crime fell" not in json.loads(window.ask("titles").removeprefix("titles "))
    listed = factcheck(environment, "--db", library, "list")  # and answers the next command at once
    assert listed.returncode == 0, listed.stderr
