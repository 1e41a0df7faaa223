"""Chinese first: every UI string has a Chinese translation, and the catalogue really loads."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
ZH_PO = ROOT / "examapp" / "translations" / "zh_Hans_CN" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}


def _source_msgids() -> dict[str, str]:
    """msgid -> first place it is used, extracted the same way `make i18n` does."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    found: dict[str, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        found.setdefault(msgid, f"{filename}:{lineno}")
    return found


def test_every_ui_string_has_a_chinese_translation() -> None:
    """Is any English msgid in the code or templates missing from the zh_Hans_CN catalogue?

    To fix: `make i18n`, translate the new entries in the .po (or scripts/po_fill.py), commit.
    """
    with open(ZH_PO, "rb") as fh:
        catalog = read_po(fh)
    missing = [
        f"{where}: {msgid!r}"
        for msgid, where in sorted(_source_msgids().items(), key=lambda kv: kv[1])
        if not (catalog.get(msgid) and catalog.get(msgid).string)
    ]
    assert missing == [], "untranslated:\n" + "\n".join(missing)


def test_catalogue_folder_is_named_for_babel() -> None:
    """A zh_CN folder would be silently ignored: the Chinese catalogue must be zh_Hans_CN."""
    folders = {p.name for p in (ROOT / "examapp" / "translations").iterdir() if p.is_dir()}
    assert {"zh_Hans_CN", "en"} <= folders and "zh_CN" not in folders
