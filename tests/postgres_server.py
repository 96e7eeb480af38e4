"""A throw-away PostgreSQL server for the tests: its own folder, a free 127.0.0.1 port, gone afterwards.

Never the system's cluster, never port 5432: ``initdb`` makes a new cluster in a temporary
folder, ``pg_ctl`` starts it listening on 127.0.0.1 alone (and on a Unix socket in that
folder), and :meth:`ThrowAwayServer.stop` removes it all. ``initdb`` refuses to run as root,
so under root the server runs as the ``postgres`` user (``runuser``), which Debian's
``postgresql`` package creates.

Logins use passwords (SCRAM) over TCP, as a newsroom's server would; the superuser is
``owner`` with :data:`OWNER_PASSWORD`. The server trades durability for speed (``fsync``
off): it lives for one test session.

Where no PostgreSQL is installed, :func:`find_binaries` says why, and the fixtures skip the
tests that need one, unless ``FACTCHECK_REQUIRE_POSTGRES=1`` (set by ``.ci/run``), which
makes a missing server a failure.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

OWNER = "owner"
OWNER_PASSWORD = "owner-secret"
REQUIRE_ENV = "FACTCHECK_REQUIRE_POSTGRES"


class NoPostgres(RuntimeError):
    """PostgreSQL's server programs are not installed here, or cannot be run."""


def find_binaries() -> Path:
    """The folder holding ``initdb`` and ``pg_ctl``: the newest of Debian's, else the PATH's."""
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version, reverse=True):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).resolve().parent
    raise NoPostgres("PostgreSQL's server is not installed (no initdb): apt-get install postgresql")


def _version(folder: str) -> float:
    try:
        return float(Path(folder).parent.name)
    except ValueError:
        return 0.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ThrowAwayServer:
    """One PostgreSQL cluster in a temporary folder; :meth:`start` it, :meth:`stop` it (and it is gone)."""

    def __init__(self, *, ssl: bool = False) -> None:
        self.bin = find_binaries()
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="factcheck-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.ssl = ssl
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            try:
                account = pwd.getpwnam("postgres")
            except KeyError:
                raise NoPostgres("running as root needs the 'postgres' user to run initdb (apt-get install postgresql)")
            os.chown(self.folder, account.pw_uid, account.pw_gid)
        self.folder.chmod(0o700)

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        command = list(args)
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            log = self.log.read_text(errors="replace") if self.log.exists() else ""
            raise NoPostgres(f"{' '.join(args[:2])} failed ({result.returncode}): {result.stderr.strip()}\n{log}")
        return result

    def start(self) -> ThrowAwayServer:
        password_file = self.folder / "owner-password"
        password_file.write_text(OWNER_PASSWORD + "\n")
        if self._as_postgres:
            shutil.chown(password_file, "postgres", "postgres")
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", OWNER, f"--pwfile={password_file}",
                  "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8",
                  "--no-sync")
        password_file.unlink()
        settings = {
            "listen_addresses": "127.0.0.1", "port": str(self.port), "unix_socket_directories": str(self.folder),
            # No fsync, but commits reach the OS at once: a crash() of the server loses none.
            "fsync": "off", "full_page_writes": "off", "max_connections": "200",
            "shared_buffers": "64MB",
            "log_statement": "ddl",  # so a test can show that no password reaches the server's log
        }
        if self.ssl:
            settings.update(self._make_certificate())
        with open(self.data / "postgresql.conf", "a") as conf:
            for name, value in settings.items():
                conf.write(f"{name} = '{value}'\n")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start")
        return self

    def _make_certificate(self) -> dict[str, str]:
        """A self-signed certificate for 127.0.0.1 (:attr:`certificate`, a client's sslrootcert) and
        a pg_hba.conf that takes TCP connections only over TLS."""
        cert, key = self.data / "server.crt", self.data / "server.key"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True, timeout=60)
        if self._as_postgres:
            for path in (cert, key):
                shutil.chown(path, "postgres", "postgres")
        key.chmod(0o600)
        self.certificate = self.folder / "ca.pem"
        shutil.copy(cert, self.certificate)
        self.certificate.chmod(0o644)
        hba = self.data / "pg_hba.conf"
        lines = [line for line in hba.read_text().splitlines() if not line.startswith("host")]
        hba.write_text("\n".join(lines + ["hostssl all all 127.0.0.1/32 scram-sha-256",
                                          "hostnossl all all 127.0.0.1/32 reject"]) + "\n")
        return {"ssl": "on", "ssl_cert_file": str(cert), "ssl_key_file": str(key)}

    def crash(self) -> None:
        """Stop the server at once, as a crash or a pulled cable would, keeping its data for :meth:`restart`."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def restart(self) -> None:
        """Start the server again on the same port, after :meth:`crash`."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start")

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, user: str = OWNER, password: str | None = OWNER_PASSWORD, database: str = "postgres") -> str:
        """A connection URL for ``user`` on ``database`` (no password in it when ``password`` is None)."""
        secret = f":{password}" if password is not None else ""
        return f"postgresql://{user}{secret}@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str, database: str = "postgres") -> None:
        """Run ``sql`` as the superuser, outside a transaction (CREATE DATABASE, say)."""
        import psycopg

        with psycopg.connect(self.url(database=database), autocommit=True) as conn:
            conn.execute(sql)


REVIEWERS = {"alice": "editor", "bob": "editor", "carol": "editor", "rita": "reporter", "ron": "reporter"}


def password_of(login: str) -> str:
    return f"{login}-pw"


class SharedDesk:
    """Libraries on one :class:`ThrowAwayServer`, each a copy of a template made by ``server init``."""

    TEMPLATE = "factcheck_template"

    def __init__(self, server: ThrowAwayServer) -> None:
        from factcheck.store.postgres_admin import add_reviewer, init_server

        self.server = server
        self._made: set[str] = set()
        server.admin(f"CREATE DATABASE {self.TEMPLATE}")
        owner_url = server.url(database=self.TEMPLATE)
        init_server(owner_url)
        for login, role in REVIEWERS.items():
            add_reviewer(owner_url, login, role, password_of(login))

    def new_library(self, name: str) -> str:
        """A new, empty shared library in database ``name`` (a copy of the template); its owner's URL."""
        if name in self._made:
            raise ValueError(f"library {name} exists already")
        self.server.admin(f'CREATE DATABASE "{name}" TEMPLATE {self.TEMPLATE} STRATEGY FILE_COPY')
        self._made.add(name)
        return self.server.url(database=name)

    def has(self, name: str) -> bool:
        return name in self._made

    def url(self, name: str, login: str = OWNER) -> str:
        """``login``'s URL on library ``name`` (the owner's when no login is named)."""
        if login == OWNER:
            return self.server.url(database=name)
        return self.server.url(login, password_of(login), name)


def start_or_skip(**kwargs) -> ThrowAwayServer:
    """A server of the test's own (one it may crash); the test is skipped without PostgreSQL, unless CI requires it."""
    import pytest

    try:
        return ThrowAwayServer(**kwargs).start()
    except NoPostgres as why:
        if os.environ.get(REQUIRE_ENV) == "1":
            raise
        pytest.skip(f"no PostgreSQL server: {why}")


def desk_of_one(server: ThrowAwayServer, login: str = "alice", role: str = "editor") -> str:
    """A library ``desk`` on ``server`` made by ``server init``, with one reviewer; that reviewer's URL."""
    from factcheck.store.postgres_admin import add_reviewer, init_server

    server.admin("CREATE DATABASE desk")
    init_server(server.url(database="desk"))
    add_reviewer(server.url(database="desk"), login, role, password_of(login))
    return server.url(login, password_of(login), "desk")
