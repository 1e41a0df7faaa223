"""A real server process for browser and crash tests: its own database, demo data, a free port."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """`flask run` (or gunicorn with N workers) in a subprocess against a SQLite file.

    ``prepare()`` runs the migrations and loads the demo data; ``start()`` serves it.
    """

    def __init__(
        self, workdir: Path, extra_env: dict[str, str] | None = None, gunicorn_workers: int = 0
    ) -> None:
        self.gunicorn_workers = gunicorn_workers
        self.workdir = workdir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "KEFU_ENV": "development",
            "DATABASE_URL": f"sqlite:///{workdir / 'live.sqlite3'}",
            "SECRET_KEY": "live-test-secret",
            "LOGIN_RATE_LIMIT": "1000 per minute",
            **(extra_env or {}),
        }
        self.process: subprocess.Popen | None = None
        self.log = workdir / "server.log"

    def flask(self, *args: str) -> str:
        """Run a flask CLI command against this server's database."""
        done = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    def prepare(self) -> LiveServer:
        self.flask("db", "upgrade")
        self.flask("demo", "load")
        return self

    def mark_read(self, username: str, module: str) -> None:
        """Record every lesson of a module as read by a user, straight into the SQLite file.

        A shortcut for tests that need an exam unlocked without reading lessons in a browser.
        """
        with sqlite3.connect(self.workdir / "live.sqlite3") as conn:
            conn.execute(
                "INSERT INTO lesson_progress (user_id, lesson_id, opened_at, completed_at) "
                "SELECT u.id, l.id, '2026-01-01 00:00:00.000000', '2026-01-01 00:10:00.000000' "
                "FROM users u, lessons l WHERE u.username = ? AND l.module_id = ? AND NOT EXISTS "
                "(SELECT 1 FROM lesson_progress p WHERE p.user_id = u.id AND p.lesson_id = l.id)",
                (username, module),
            )

    def command(self) -> list[str]:
        if self.gunicorn_workers:
            bind = f"127.0.0.1:{self.port}"
            workers = str(self.gunicorn_workers)
            return [sys.executable, "-m", "gunicorn", "-w", workers, "-b", bind, "wsgi:app"]
        return [sys.executable, "-m", "flask", "--app", "wsgi", "run", "--port", str(self.port)]

    def start(self) -> LiveServer:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self.command(),
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/auth/login", timeout=2)
                return self
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.2)
        raise RuntimeError(f"server did not start:\n{self.log.read_text(errors='replace')}")

    def kill(self) -> None:
        """SIGKILL: no clean shutdown, as in a crash."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
