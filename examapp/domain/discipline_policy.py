"""The discipline policy file: the incident kinds, their consequences and every threshold.

This module owns reading ``policy/onboarding.yaml`` (safe YAML, with the line of every key) and
checking it into a ``Policy``: the positive-integer thresholds, the consequence of each
``Incident`` (warnings, disqualify or blacklist), and the Chinese/English incident labels. Applying
incidents to a person's history happens in ``discipline``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem, ValidationFailed

DEFAULT_POLICY_PATH = Path(__file__).resolve().parents[2] / "policy" / "onboarding.yaml"


class Incident(StrEnum):
    LATE_LEAVE = "late_leave"
    ABSENCE_WITHOUT_LEAVE = "absence_without_leave"
    COMPLAINT_UPHELD = "complaint_upheld"
    CHEATING = "cheating"
    PROXY_TAKER = "proxy_taker"
    FALSIFIED_PERFORMANCE = "falsified_performance"
    QUARTERLY_RETAKE_FAILED = "quarterly_retake_failed"
    NO_SERVICE_RECORD = "no_service_record"
    RED_LINE_1 = "red_line_1"
    RED_LINE_2 = "red_line_2"
    RED_LINE_3 = "red_line_3"
    RED_LINE_4 = "red_line_4"
    RED_LINE_5 = "red_line_5"
    RED_LINE_6 = "red_line_6"
    RED_LINE_7 = "red_line_7"


# The service rules' seven red lines (高压线) are described here, in our words, for the manager's form.
INCIDENT_LABELS: dict[Incident, tuple[str, str]] = {
    Incident.LATE_LEAVE: ("请假过晚（离班次开始太近）", "Leave asked for too close to the shift"),
    Incident.ABSENCE_WITHOUT_LEAVE: ("未请假缺席班次（旷工）", "Missed a shift without leave"),
    Incident.COMPLAINT_UPHELD: ("非业务类投诉成立", "Upheld complaint about conduct"),
    Incident.CHEATING: ("考试作弊", "Cheated in an exam"),
    Incident.PROXY_TAKER: ("代考（找人替考或替人考试）", "Proxy exam taker"),
    Incident.FALSIFIED_PERFORMANCE: ("绩效造假", "Falsified performance"),
    Incident.QUARTERLY_RETAKE_FAILED: ("季度考核补考未通过", "Failed the quarterly retake"),
    Incident.NO_SERVICE_RECORD: ("长期没有服务记录", "No service record for too long"),
    Incident.RED_LINE_1: (
        "红线1：出借、转卖或泄露本人服务账号",
        "Red line 1: lent, sold or exposed own account",
    ),
    Incident.RED_LINE_2: (
        "红线2：辱骂、欺骗或报复顾客",
        "Red line 2: insulted, deceived or retaliated",
    ),
    Incident.RED_LINE_3: (
        "红线3：服务时推销自己的商品",
        "Red line 3: sold own goods while serving",
    ),
    Incident.RED_LINE_4: (
        "红线4：向顾客索要与本次服务无关的信息",
        "Red line 4: asked for unneeded details",
    ),
    Incident.RED_LINE_5: ("红线5：把顾客信息挪作他用", "Red line 5: reused customer information"),
    Incident.RED_LINE_6: (
        "红线6：泄露顾客资料或公司商业信息",
        "Red line 6: leaked customer or business data",
    ),
    Incident.RED_LINE_7: (
        "红线7：利用系统权限从事违法犯罪",
        "Red line 7: used permissions for crime",
    ),
}


class Outcome(StrEnum):
    WARNING = "warning"
    DISQUALIFY = "disqualify"
    BLACKLIST = "blacklist"


@dataclass(frozen=True)
class Consequence:
    """What one incident leads to; ``warnings`` is set only for Outcome.WARNING."""

    outcome: Outcome
    warnings: int = 0


@dataclass(frozen=True)
class Policy:
    """Every onboarding and discipline threshold; see policy/onboarding.yaml for what each means."""

    trial_days: int
    leave_min_notice_hours: int
    warning_window_days: int
    warnings_for_suspension: int
    suspension_days: int
    suspension_window_days: int
    suspensions_for_disqualification: int
    max_idle_days: int
    incidents: Mapping[Incident, Consequence]


# YAML section -> key -> Policy field; all are positive integers.
_NUMBERS: dict[str, dict[str, str]] = {
    "trial": {"days": "trial_days"},
    "leave": {"min_notice_hours": "leave_min_notice_hours"},
    "warnings": {"window_days": "warning_window_days", "for_suspension": "warnings_for_suspension"},
    "suspension": {
        "days": "suspension_days",
        "window_days": "suspension_window_days",
        "for_disqualification": "suspensions_for_disqualification",
    },
    "service": {"max_idle_days": "max_idle_days"},
}


def _is_positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _consequence(value: Any) -> Consequence | None:
    if value in (Outcome.DISQUALIFY, Outcome.BLACKLIST):
        return Consequence(Outcome(value))
    if (
        isinstance(value, dict)
        and value.keys() == {"warnings"}
        and _is_positive_int(value["warnings"])
    ):
        return Consequence(Outcome.WARNING, value["warnings"])
    return None


def policy_from_mapping(
    data: Any, source: str = "<policy>", lines: Mapping[str, int] | None = None
) -> Policy:
    """Validate a parsed policy and build it; ValidationFailed lists every bad key at once."""
    lines = lines or {}
    problems: list[Problem] = []

    def problem(key: str, message: str) -> None:
        problems.append(Problem(source, lines.get(key, 0), "", key, message))

    if not isinstance(data, dict):
        raise ValidationFailed([Problem(source, 0, "", "", "策略文件的顶层应是键值映射")])
    for key in data.keys() - {*_NUMBERS, "incidents"}:
        problem(str(key), "未知的键")
    values: dict[str, Any] = {}
    for section, keys in _NUMBERS.items():
        block = data.get(section)
        if not isinstance(block, dict):
            problem(section, "缺少此项" if block is None else "应是键值映射")
            continue
        for key in block.keys() - keys.keys():
            problem(f"{section}.{key}", "未知的键")
        for key, attr in keys.items():
            value = block.get(key)
            if _is_positive_int(value):
                values[attr] = value
            else:
                problem(
                    f"{section}.{key}",
                    "缺少此项" if value is None else f"应为正整数，实际是 {value!r}",
                )
    incidents = data.get("incidents")
    consequences: dict[Incident, Consequence] = {}
    if not isinstance(incidents, dict):
        problem("incidents", "缺少此项" if incidents is None else "应是键值映射")
    else:
        for key in incidents.keys() - set(Incident):
            problem(f"incidents.{key}", "未知的违规类型")
        for incident in Incident:
            found = _consequence(incidents.get(incident.value))
            if found is not None:
                consequences[incident] = found
            elif incident.value not in incidents:
                problem(f"incidents.{incident}", "缺少此项（每种违规都要写明后果）")
            else:
                problem(f"incidents.{incident}", "应为 disqualify、blacklist 或 {warnings: 正整数}")
    if problems:
        raise ValidationFailed(problems)
    return Policy(**values, incidents=consequences)


def _key_lines(node: yaml.Node | None, prefix: str = "") -> dict[str, int]:
    """Map dotted keys to their 1-based line in the file, so problems point at the line."""
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = f"{prefix}{key_node.value}"
            lines[key] = key_node.start_mark.line + 1
            lines.update(_key_lines(value_node, f"{key}."))
    return lines


def load_policy(path: str | Path = DEFAULT_POLICY_PATH) -> Policy:
    """Read and validate the policy file (safe YAML); ValidationFailed names the file, line and key."""
    text = Path(path).read_text(encoding="utf-8")
    try:
        lines = _key_lines(yaml.compose(text, Loader=yaml.SafeLoader))
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 0
        raise ValidationFailed(
            [Problem(str(path), line, "", "", f"YAML 格式错误：{exc.problem}")]
        ) from exc
    return policy_from_mapping(data, str(path), lines)
