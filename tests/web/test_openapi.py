"""Does the exam API behave as docs/openapi.yaml says? Each request and response is validated."""

from __future__ import annotations

from pathlib import Path

import pytest
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename
from werkzeug.test import EnvironBuilder

from tests.web import exam_helpers
from tests.web.exam_helpers import EXAM_ID

clock = exam_helpers.clock
sample_exam = exam_helpers.sample_exam

SPEC_PATH = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"


@pytest.fixture(scope="module")
def openapi() -> OpenAPI:
    return OpenAPI.from_file_path(str(SPEC_PATH))


def test_the_spec_itself_is_valid_openapi_3_1():
    """Is docs/openapi.yaml a valid OpenAPI 3.1 document?"""
    document, _ = read_from_filename(str(SPEC_PATH))
    assert document["openapi"].startswith("3.1")
    validate(document)


class Checked:
    """Send requests through the test client and validate both sides against the spec."""

    def __init__(self, client, openapi: OpenAPI) -> None:
        self.client, self.openapi = client, openapi
        self.operations: set[tuple[str, str, int]] = set()

    def __call__(self, method: str, path: str, payload: dict | None = None):
        headers = {"Accept": "application/json"}
        if method != "GET":
            headers["X-CSRFToken"] = self.client.csrf_token()
        builder = dict(path=path, method=method, headers=headers)
        if payload is not None:
            builder["json"] = payload
        # The client sends its cookies itself; the copy for validation needs them spelled out.
        cookie = self.client.get_cookie("session")
        validated = {**builder, "headers": {**headers, "Cookie": f"session={cookie.value}"}}
        request = EnvironBuilder(**validated).get_request()
        self.openapi.validate_request(WerkzeugOpenAPIRequest(request))
        response = self.client.open(**builder)
        self.openapi.validate_response(
            WerkzeugOpenAPIRequest(request), WerkzeugOpenAPIResponse(response)
        )
        self.operations.add((method, path, response.status_code))
        return response


def test_every_endpoint_and_status_matches_the_spec(login_as, openapi, sample_exam, clock):
    """Do start, read, save (ok, stale, invalid, late), submit and result match the spec?"""
    call = Checked(login_as("trainee"), openapi)
    paper = call("POST", f"/learn/api/exams/{EXAM_ID}/attempts", {}).get_json()
    attempt = f"/learn/api/attempts/{paper['attempt_id']}"
    assert call("POST", f"/learn/api/exams/{EXAM_ID}/attempts").status_code == 200
    assert call("GET", attempt).status_code == 200
    assert call("GET", attempt + "/result").status_code == 409
    key = paper["items"][0]["options"][0]["key"]
    assert call("PUT", attempt + "/answers/1", {"chosen": [key], "revision": 0}).status_code == 200
    assert call("PUT", attempt + "/answers/1", {"chosen": [key], "revision": 0}).status_code == 409
    assert call("PUT", attempt + "/answers/1", {"chosen": ["Z"], "revision": 1}).status_code == 400
    assert call("PUT", attempt + "/answers/99", {"chosen": [], "revision": 0}).status_code == 404
    assert call("POST", attempt + "/submit", {}).status_code == 200
    assert call("POST", attempt + "/submit").status_code == 200
    assert call("PUT", attempt + "/answers/2", {"chosen": [], "revision": 0}).status_code == 409
    assert call("GET", attempt + "/result").status_code == 200
    assert call("GET", attempt).get_json()["state"] == "graded"
    assert call("GET", "/learn/api/attempts/999999").status_code == 404
    assert call("POST", "/learn/api/exams/no-such-exam/attempts", {}).status_code == 404
    assert call("POST", f"/learn/api/exams/{EXAM_ID}/attempts", {}).status_code == 409  # wait


def test_refusal_to_start_matches_the_spec(login_as, openapi, sample_exam, clock):
    """Does a refused start (locked by a module) answer with the documented problem body?"""
    exam_helpers.set_spec(EXAM_ID, requires_modules=["communication"])
    call = Checked(login_as("trainee"), openapi)
    refused = call("POST", f"/learn/api/exams/{EXAM_ID}/attempts", {})
    assert refused.status_code == 409 and refused.get_json()["reason"] == "cannot_start"


def test_late_answer_matches_the_spec(login_as, openapi, sample_exam, clock):
    """Does an answer after deadline + grace get the documented 409 `deadline` body?"""
    call = Checked(login_as("trainee"), openapi)
    paper = call("POST", f"/learn/api/exams/{EXAM_ID}/attempts", {}).get_json()
    clock.advance(minutes=11)
    late = call(
        "PUT", f"/learn/api/attempts/{paper['attempt_id']}/answers/1", {"chosen": [], "revision": 0}
    )
    assert late.status_code == 409 and late.get_json()["reason"] == "deadline"
