"""Trainer uploads: every format previews and imports, problems show exactly, confirm can't be forged."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from examapp.domain.banks import load_catalog
from examapp.domain.formats import build_template
from examapp.domain.textdiff import text_diff
from examapp.extensions import db
from examapp.models import BankImport, QuestionRecord, QuestionVersion, utcnow
from examapp.services import bank_uploads, banks
from tests.factories import fixture_banks_dir, load_sample_bank, make_user

FIXTURES = fixture_banks_dir()
SAMPLE = (FIXTURES / "valid" / "sample-bank.yaml").read_bytes()
TOKEN = re.compile(r'name="token" type="hidden" value="([^"]+)"')


def _upload(client, data: bytes, filename: str, **fields):
    form = {"file": (io.BytesIO(data), filename), **fields}
    return client.form_post("/trainer/upload", form, content_type="multipart/form-data")


def _token(page) -> str:
    match = TOKEN.search(page.get_data(as_text=True))
    assert match, "no confirm form on the preview page"
    return match.group(1)


def _confirm(client, token: str):
    return client.form_post("/trainer/upload/confirm", {"token": token})


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _done_imports() -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(BankImport)
        .where(BankImport.summary["state"].as_string() == "done")
    )


def test_yaml_upload_previews_then_imports_on_confirm(app, login_as) -> None:
    """Does a new YAML bank show as 12 added questions, import only on confirm, and land on a summary?"""
    client = login_as("trainer")
    page = _upload(client, SAMPLE, "sample-bank.yaml")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "sample-s-001" in html and "sample-tf-004" in html
    assert _count(QuestionRecord) == 0, "a preview must not import"
    done = _confirm(client, _token(page))
    assert done.status_code == 302 and "/trainer/imports/" in done.headers["Location"]
    assert sorted(banks.current_questions()) == sorted(load_catalog([FIXTURES / "valid"]).questions)
    summary = client.get(done.headers["Location"])
    assert summary.status_code == 200 and "sample-m-004" in summary.get_data(as_text=True)
    record = db.session.scalars(select(BankImport)).one()
    assert record.user_id == client.user.id and record.summary["state"] == "done"


def test_the_preview_shows_the_exact_problem_lines(app, login_as) -> None:
    """Does a broken file list every problem as file:line: id: field: message and import nothing?"""
    client = login_as("trainer")
    bad = (FIXTURES / "bad" / "many-problems.yaml").read_bytes()
    page = _upload(client, bad, "many-problems.yaml")
    html = page.get_data(as_text=True)
    expected = [
        "many-problems.yaml:10: bad-001: anwser: 未知字段 anwser，是否想写 answer？ / unknown field, did you mean answer?",
        "many-problems.yaml:22: bad-003: answer: 答案 E 不在选项 A, B, C 中 / answer not among options",
        "many-problems.yaml:32: bad-005: stem: 题干不能为空 / stem must not be empty",
    ]
    for line in expected:
        assert f"<code>{line}</code>" in html
    assert html.count("<li><code>many-problems.yaml:") == 12
    assert 'name="token"' not in html
    assert _count(QuestionRecord) == 0 and _count(BankImport) == 0


def test_an_edit_previews_as_a_diff_and_creates_a_version(app, login_as) -> None:
    """Does an edited bank show added/changed/removed with before and after, then version on confirm?"""
    load_sample_bank()
    old = banks.current_versions(["sample-s-003"])["sample-s-003"]
    text = SAMPLE.decode()
    text = text.replace("无法满足顾客的要求时", "顾客的要求无法满足时")
    text = text[: text.index("  - id: sample-tf-004")]
    text += (
        "  - {id: sample-tf-005, type: truefalse, stem: 新题, answer: true, explanation: 新解析}\n"
    )
    client = login_as("trainer")
    page = _upload(client, text.encode(), "sample-bank.yaml")
    html = page.get_data(as_text=True)
    before = load_catalog([FIXTURES / "valid"]).questions["sample-s-003"].stem
    runs = text_diff(before, before.replace("无法满足顾客的要求时", "顾客的要求无法满足时"))
    tags = {"added": "<ins>{}</ins>", "removed": "<del>{}</del>", "same": "{}"}
    assert "".join(tags[op].format(text) for op, text in runs) in html
    assert "sample-tf-005" in html and "sample-tf-004" in html and "sample-s-003" in html
    _confirm(client, _token(page))
    assert banks.current_questions()["sample-s-003"].stem.startswith("顾客的要求无法满足时")
    assert "sample-tf-004" not in banks.current_questions()
    db.session.expire_all()
    assert db.session.get(QuestionVersion, old.id).snapshot["stem"].startswith("无法满足")


def test_an_unchanged_upload_offers_nothing_to_confirm(app, login_as) -> None:
    """Does re-uploading the stored bank say nothing would change, with no confirm button?"""
    load_sample_bank()
    page = _upload(login_as("trainer"), SAMPLE, "sample-bank.yaml")
    html = page.get_data(as_text=True)
    assert 'name="token"' not in html
    assert _count(BankImport) == 1  # only load_sample_bank's record; no pending preview kept


@pytest.mark.parametrize(
    ("filename", "data", "bank", "expected"),
    [
        (
            "sample.aiken",
            (FIXTURES / "formats" / "sample.aiken").read_bytes(),
            "aiken-bank",
            {"aiken-bank-001": {"B"}, "aiken-bank-002": {"A", "C"}},
        ),
        (
            "sample.gift",
            (FIXTURES / "formats" / "sample.gift").read_bytes().split(b"::gift-match")[0],
            "gift-bank",
            {
                "gift-s-001": {"B"},
                "gift-m-002": {"A", "B"},
                "gift-tf-003": {"F"},
                "gift-bank-004": {"A"},
            },
        ),
        (
            "template.xlsx",
            build_template(),
            "tpl",
            {"tpl-001": {"B"}, "tpl-002": {"A", "B"}, "tpl-003": {"T"}},
        ),
    ],
)
def test_other_formats_preview_and_import_to_the_expected_questions(
    app, login_as, filename: str, data: bytes, bank: str, expected: dict
) -> None:
    """Do Aiken, GIFT and Excel uploads (with bank id and module) import exactly these answer keys?"""
    client = login_as("trainer")
    page = _upload(client, data, filename, bank_id=bank, module="communication")
    html = page.get_data(as_text=True)
    assert "Converted YAML" in html or "转换" in html
    _confirm(client, _token(page))
    stored = banks.current_questions()
    assert {qid: set(q.answer) for qid, q in stored.items()} == expected
    assert {q.bank for q in stored.values()} == {bank}
    assert {q.module for q in stored.values()} == {"communication"}


def test_unsupported_gift_questions_are_reported_not_dropped(app, login_as) -> None:
    """Does a GIFT matching question stop the upload with its line, instead of vanishing?"""
    page = _upload(
        login_as("trainer"),
        (FIXTURES / "formats" / "sample.gift").read_bytes(),
        "sample.gift",
        bank_id="gift-bank",
        module="communication",
    )
    assert "<code>sample.gift:21: -: type: 不支持的题型" in page.get_data(as_text=True)
    assert _count(QuestionRecord) == 0


def test_a_converted_upload_needs_a_module(app, login_as) -> None:
    """Is an Aiken upload without a module refused with a line saying what to fill in?"""
    page = _upload(
        login_as("trainer"), (FIXTURES / "formats" / "sample.aiken").read_bytes(), "q.aiken"
    )
    assert "q.aiken:0: -: module:" in page.get_data(as_text=True)


def test_a_forged_or_reused_token_is_refused(app, login_as) -> None:
    """Can a confirm import anything but the stored preview: a guessed secret, twice, or another's?"""
    owner = login_as("trainer")
    token = _token(_upload(owner, SAMPLE, "sample-bank.yaml"))
    row_id, _, secret = token.partition(".")
    for forged in (f"{row_id}.{secret[:-1]}x", f"{int(row_id) + 1}.{secret}", "nonsense", ""):
        assert _confirm(owner, forged).status_code in (400, 409)
    other = login_as("trainer")
    assert _confirm(other, token).status_code == 409
    assert _count(QuestionRecord) == 0
    assert _confirm(owner, token).status_code == 302
    assert _confirm(owner, token).status_code == 409, "a preview can be confirmed once"
    assert _done_imports() == 1


def test_the_confirm_imports_the_server_copy_not_a_client_copy(app, login_as) -> None:
    """If the client sends extra YAML along with the token, is only the previewed file imported?"""
    client = login_as("trainer")
    token = _token(_upload(client, SAMPLE, "sample-bank.yaml"))
    evil = SAMPLE.decode().replace("answer: B\n", "answer: A\n", 1)
    client.form_post("/trainer/upload/confirm", {"token": token, "yaml": evil})
    assert banks.current_questions()["sample-s-001"].answer == frozenset({"B"})


def test_a_preview_goes_stale_when_the_bank_changes_underneath(app, login_as, tmp_path) -> None:
    """If someone imports an edit after my preview, does my confirm refuse instead of misleading?"""
    load_sample_bank()
    client = login_as("trainer")
    mine = SAMPLE.decode().replace("亲 或 您", "亲或您")
    token = _token(_upload(client, mine.encode(), "sample-bank.yaml"))
    theirs = tmp_path / "sample-bank.yaml"
    theirs.write_text(SAMPLE.decode().replace("江浙沪", "江浙沪皖"), encoding="utf-8")
    banks.import_paths([theirs, FIXTURES / "valid" / "exams"])
    response = _confirm(client, token)
    assert response.status_code == 409
    assert "changed since the preview" in response.get_data(as_text=True)
    assert banks.current_questions()["sample-s-002"].options[2][1] == "亲 或 您"


def test_an_expired_preview_cannot_be_confirmed(app) -> None:
    """Is a preview older than PENDING_TTL refused (and cleaned up by the next preview)?"""
    user = make_user(role="trainer")
    start = utcnow()
    old = bank_uploads.preview_upload(SAMPLE, "sample-bank.yaml", user=user, now=start)
    later = start + bank_uploads.PENDING_TTL + timedelta(minutes=1)
    with pytest.raises(bank_uploads.PreviewExpired):
        bank_uploads.confirm_upload(old.token, user, now=later)
    fresh = bank_uploads.preview_upload(SAMPLE, "sample-bank.yaml", user=user, now=later)
    assert _count(BankImport) == 1, "the expired preview was deleted"
    with pytest.raises(bank_uploads.PreviewExpired):
        bank_uploads.confirm_upload(old.token, user, now=later)
    assert bank_uploads.confirm_upload(fresh.token, user, now=later).added


def test_an_oversized_upload_gets_a_clear_413_page(app, login_as) -> None:
    """Does a file over MAX_CONTENT_LENGTH get 413 with a page saying what to do?"""
    client = login_as("trainer")
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    response = _upload(client, b"#" * (128 * 1024), "huge.yaml")
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert '<p class="error-code">413</p>' in html and "文件过大" in html
    assert _count(BankImport) == 0


def test_a_file_over_the_bank_size_limit_is_a_problem_line(app, login_as) -> None:
    """Is a file under the request limit but over the 2 MB bank limit refused with a problem line?"""
    from examapp.domain.bank_yaml import MAX_BANK_BYTES

    client = login_as("trainer")
    page = _upload(client, b"#" * (MAX_BANK_BYTES + 1), "big.yaml")
    assert "big.yaml:0: -: -: 文件太大" in page.get_data(as_text=True)


def test_the_uploaded_filename_cannot_carry_a_path(app) -> None:
    """Is a filename like ../../etc/x.yaml reduced to its base name before it is shown or stored?"""
    assert bank_uploads.clean_filename("../../etc/x.yaml") == "x.yaml"
    assert bank_uploads.clean_filename("C:\\Users\\a\\b.gift") == "b.gift"
    assert bank_uploads.clean_filename("") == "upload.yaml"
