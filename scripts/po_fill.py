"""Fill msgstr values in a .po catalogue from a JSON object {msgid: translation}.

Usage: python scripts/po_fill.py examapp/translations/zh_Hans_CN/LC_MESSAGES/messages.po new.json
Existing translations are replaced only for the msgids given; everything else is left alone.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po


def main(po_path: str, json_path: str) -> int:
    """Apply the translations and report msgids that are not in the catalogue."""
    with open(po_path, "rb") as fh:
        catalog = read_po(fh)
    wanted = json.loads(Path(json_path).read_text(encoding="utf-8"))
    unknown = [msgid for msgid in wanted if msgid not in catalog]
    for msgid, text in wanted.items():
        if msgid in catalog:
            catalog[msgid].string = text
            catalog[msgid].flags.discard("fuzzy")
    with open(po_path, "wb") as fh:
        write_po(fh, catalog, width=100)
    for msgid in unknown:
        print(f"not in catalogue (run make i18n first?): {msgid}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
