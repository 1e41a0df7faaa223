"""Translated messages that also work outside a request (CLI commands, tests, cron)."""

from __future__ import annotations

from flask import has_request_context
from flask_babel import gettext


def tr(message: str, **values: object) -> str:
    """gettext in a request (the visitor's language); the English msgid filled in otherwise."""
    if has_request_context():
        return gettext(message, **values)
    return message % values if values else message
