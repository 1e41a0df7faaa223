"""Onboarding statuses and incidents as people read them: labels and select choices.

This module owns the presentation side of onboarding: the name of a status or an incident in the
page's language (Chinese first, English when the request's locale is English) and the
(value, label) pairs the manager's selects offer. It reads no database and writes nothing;
``services.onboarding`` re-exports these names for its callers.
"""

from __future__ import annotations

from flask import has_request_context
from flask_babel import get_locale

from ..domain.discipline_policy import INCIDENT_LABELS, Incident
from ..domain.onboarding_states import STATUS_LABELS, Status


def _pick(labels: tuple[str, str]) -> str:
    # Outside a request (CLI, tests of the services) Chinese, the site's default language.
    english = has_request_context() and str(get_locale()) == "en"
    return labels[1] if english else labels[0]


def status_label(status: str) -> str:
    """A status's name in the page's language (Chinese first)."""
    try:
        return _pick(STATUS_LABELS[Status(status)])
    except ValueError:
        return status


def incident_label(incident: str) -> str:
    """An incident's description in the page's language."""
    try:
        return _pick(INCIDENT_LABELS[Incident(incident)])
    except ValueError:
        return incident


def incident_choices() -> list[tuple[str, str]]:
    """(value, label) for the manager's incident select."""
    return [(i.value, incident_label(i)) for i in Incident]


def status_choices(current: str) -> list[tuple[str, str]]:
    """(value, label) of every status but the current one; the domain says which are legal."""
    return [(s.value, status_label(s)) for s in Status if s != current]
