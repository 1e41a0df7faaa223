"""Load benchmark: N trainees on a live server start an exam and save answers concurrently.

Runs `flask run` or gunicorn (tests/live_server.py) on 127.0.0.1 with its own SQLite file and the demo data,
creates the trainees directly in that database, logs each one in through the real form, starts
the communication module test (its lessons marked read) and then, from one thread per trainee, saves answers
through exam-core's `PUT /learn/api/attempts/<id>/answers/<position>` until the time is up.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from tests.live_server import ROOT, LiveServer

EXAM_ID = "module-communication"
PASSWORD = "bench-password-1"
CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')

CREATE_USERS = """
import sys
from wsgi import app
from examapp.services import accounts
from examapp.models import User
from examapp.extensions import db
with app.app_context():
    for n in range(int(sys.argv[1])):
        name = f"bench-{n:03d}"
        if db.session.query(User).filter_by(username=name).first() is None:
            accounts.create_user(name, sys.argv[2], role="trainee", display_name=f"压测学员{n}")
"""


@dataclass
class LoadResult:
    trainees: int
    seconds: float
    latencies: list[float] = field(default_factory=list)  # successful saves, seconds
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, latency: float, ok: bool, sample: str = "") -> None:
        with self.lock:
            if ok:
                self.latencies.append(latency)
            else:
                self.errors += 1
                if len(self.error_samples) < 5:
                    self.error_samples.append(sample)

    def percentile(self, p: float) -> float | None:
        if not self.latencies:
            return None
        if len(self.latencies) == 1:
            return self.latencies[0]
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[int(p) - 1]


def _csrf(session: requests.Session, url: str) -> str:
    match = CSRF.search(session.get(url, timeout=30).text)
    if not match:
        raise RuntimeError(f"no CSRF token on {url}")
    return match.group(1)


def _sign_in(base: str, username: str) -> requests.Session:
    session = requests.Session()
    token = _csrf(session, f"{base}/auth/login")
    response = session.post(
        f"{base}/auth/login",
        data={"username": username, "password": PASSWORD, "csrf_token": token},
        allow_redirects=False,
        timeout=30,
    )
    if response.status_code != 302:
        raise RuntimeError(f"login of {username} failed: {response.status_code}")
    session.headers["X-CSRFToken"] = _csrf(session, f"{base}/learn/")
    return session


def _trainee(
    base: str, username: str, seconds: float, start: threading.Barrier, out: LoadResult
) -> None:
    try:
        session = _sign_in(base, username)
        paper = session.post(f"{base}/learn/api/exams/{EXAM_ID}/attempts", json={}, timeout=30)
        paper.raise_for_status()
        data = paper.json()
    except Exception as exc:  # counted as an error; the run goes on
        out.record(0, False, f"{username} start: {exc}")
        start.abort()
        return
    items = data["items"]
    revisions = {item["position"]: item["revision"] for item in items}
    try:
        start.wait(timeout=120)
    except threading.BrokenBarrierError:
        return
    stop_at = time.monotonic() + seconds  # everyone leaves the barrier together
    n = 0
    while time.monotonic() < stop_at:
        item = items[n % len(items)]
        n += 1
        key = item["options"][n % len(item["options"])]["key"]
        url = f"{base}/learn/api/attempts/{data['attempt_id']}/answers/{item['position']}"
        began = time.perf_counter()
        try:
            response = session.put(
                url, json={"chosen": [key], "revision": revisions[item["position"]]}, timeout=30
            )
            latency = time.perf_counter() - began
            ok = response.status_code == 200
            if ok:
                revisions[item["position"]] = response.json()["revision"]
            out.record(latency, ok, f"{response.status_code} {response.text[:120]}")
        except requests.RequestException as exc:
            out.record(time.perf_counter() - began, False, str(exc)[:120])


def run(trainees: int = 30, seconds: float = 15.0, gunicorn_workers: int = 0) -> LoadResult:
    """Start a live server, run the trainees for ``seconds`` (capped at 30 s), kill the server.

    ``gunicorn_workers=0`` serves with `flask run` (one process, threads); N > 0 with gunicorn.
    """
    seconds = min(seconds, 30.0)
    with tempfile.TemporaryDirectory(prefix="kefu-bench-") as tmp:
        server = LiveServer(Path(tmp), gunicorn_workers=gunicorn_workers).prepare()
        subprocess.run(
            [sys.executable, "-c", CREATE_USERS, str(trainees), PASSWORD],
            cwd=ROOT,
            env=server.env,
            check=True,
            capture_output=True,
            timeout=300,
        )
        for n in range(trainees):
            server.mark_read(f"bench-{n:03d}", "communication")
        server.start()
        try:
            result = LoadResult(trainees, seconds)
            # Everyone signs in and starts the exam first; the clock runs for the saving phase only.
            start = threading.Barrier(trainees)
            threads = [
                threading.Thread(
                    target=_trainee, args=(server.url, f"bench-{n:03d}", seconds, start, result)
                )
                for n in range(trainees)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=seconds + 180)
            return result
        finally:
            server.stop()
