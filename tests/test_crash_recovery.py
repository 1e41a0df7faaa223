"""Does an acknowledged answer survive `kill -9` of the server? A real server process is killed."""

from __future__ import annotations

import http.cookiejar
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.live_server import LiveServer

pytestmark = pytest.mark.slow

EXAM_ID = "module-communication"  # unlocked by marking the communication lessons read
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


class Browser:
    """Just enough of a browser: cookies, CSRF token, JSON calls."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.token = ""

    def page(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            html = response.read().decode()
        self.token = CSRF_META.search(html).group(1)
        return html

    def login(self, username: str, password: str = "kefu-demo") -> None:
        self.page("/auth/login")
        form = {"username": username, "password": password, "csrf_token": self.token}
        data = urllib.parse.urlencode(form).encode()
        self.opener.open(self.base + "/auth/login", data=data, timeout=30).read()
        self.page("/learn/")  # fails if the login did not land on the trainee's home

    def json(self, method: str, path: str, payload: dict | None = None) -> tuple[int, dict]:
        request = urllib.request.Request(
            self.base + path,
            method=method,
            data=json.dumps(payload or {}).encode() if method != "GET" else None,
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "X-CSRFToken": self.token,
            },
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())


@pytest.fixture
def server(tmp_path: Path):
    live = LiveServer(tmp_path).prepare()
    live.mark_read("demo-trainee", "communication")
    live.start()
    yield live
    live.stop()


def test_acknowledged_answers_and_deadline_survive_sigkill(server: LiveServer):
    """After answers were acknowledged (200), a SIGKILL and a restart: is every answer still there,
    with the original deadline?"""
    browser = Browser(server.url)
    browser.login("demo-trainee")
    status, paper = browser.json("POST", f"/learn/api/exams/{EXAM_ID}/attempts")
    assert status == 200, paper
    attempt = f"/learn/api/attempts/{paper['attempt_id']}"
    acknowledged = {}
    for item in paper["items"][:8]:
        chosen = [item["options"][-1]["key"]]
        status, body = browser.json(
            "PUT", f"{attempt}/answers/{item['position']}", {"chosen": chosen, "revision": 0}
        )
        assert status == 200 and body["saved"] is True, body
        acknowledged[item["position"]] = (chosen, body["revision"])

    server.kill()  # SIGKILL right after the last 200: no clean shutdown, no flush
    server.start()

    status, after = browser.json("GET", attempt)
    assert status == 200, after
    assert after["state"] == "open"
    assert after["deadline"] == paper["deadline"]
    assert after["started_at"] == paper["started_at"]
    saved = {item["position"]: (item["chosen"], item["revision"]) for item in after["items"]}
    for position, answer in acknowledged.items():
        assert saved[position] == answer, f"answer {position} lost"
    status, resumed = browser.json("POST", f"/learn/api/exams/{EXAM_ID}/attempts")
    assert resumed["attempt_id"] == paper["attempt_id"] and resumed["deadline"] == paper["deadline"]
