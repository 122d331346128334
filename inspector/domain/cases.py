"""A case (立案查处): its states, where it came from, who the party is, where it is transferred to, and
what becomes of the evidence kept at the site (证据先行登记保存).

A case goes ``待立案 → 已立案 → 调查中 → 已移送 / 已作出处理 → 已结案``: an inspector proposes it (from a
finalized inspection with serious findings, a failed re-inspection, a report from the public or a
transfer in), a supervisor approves 立案, the investigation (kept items, interviews) follows, and the
case ends handed to another authority or decided by the office, then closed. A matter the office has
no jurisdiction over (a drug sale) may be transferred before 立案; a proposal may be refused (不予立案),
which closes it. The machine itself is the table in ``services/cases/machine.py``.

The time limits are the law's: 立案 within 7 days of discovery (卫生行政处罚程序), and a decision on
kept items within 7 days (行政处罚法 第五十六条); the supervisor's board shows an undecided item
list from day 5.
"""

from __future__ import annotations

from enum import StrEnum

from inspector.domain.labels import labeller
from inspector.i18n import tr

# 立案 within this many days of the discovery (卫生行政处罚程序); later approvals carry a warning.
OPEN_WITHIN_DAYS = 7
# 行政处罚法 第五十六条: "应当在七日内及时作出处理决定".
KEPT_DECISION_DAYS = 7
# An item list still undecided on this day after keeping shows on the supervisor's board.
KEPT_WARN_DAY = 5


class CaseStatus(StrEnum):
    PROPOSED = "proposed"  # 待立案
    OPENED = "opened"  # 已立案
    INVESTIGATING = "investigating"  # 调查中
    TRANSFERRED = "transferred"  # 已移送
    DECIDED = "decided"  # 已作出处理
    CLOSED = "closed"  # 已结案


class CaseSource(StrEnum):
    INSPECTION = "inspection"  # 监督检查中发现
    REPORT = "report"  # 群众投诉举报
    TRANSFER_IN = "transfer_in"  # 其他机关移送


class PartyKind(StrEnum):
    """A registry site (an institution with its licence), or a person (an unlicensed operator)."""

    SITE = "site"
    PERSON = "person"


class TransferTarget(StrEnum):
    """Who receives a transferred case: the police for suspected crimes (刑法 第三百三十六条), the drug
    regulator for drug sales. The bodies' names are office settings."""

    POLICE = "police"  # 公安机关
    DRUG = "drug"  # 药品监督管理部门


class KeptDecision(StrEnum):
    """What becomes of an item kept under 先行登记保存 (先行登记保存处理决定)."""

    RETURN = "return"  # 解除先行登记保存，予以返还
    TRANSFER = "transfer"  # 随案移送
    CONFISCATE = "confiscate"  # 依法予以没收


case_status_label = labeller(
    lambda: {
        CaseStatus.PROPOSED.value: tr("awaiting approval (待立案)"),
        CaseStatus.OPENED.value: tr("opened (已立案)"),
        CaseStatus.INVESTIGATING.value: tr("under investigation (调查中)"),
        CaseStatus.TRANSFERRED.value: tr("transferred (已移送)"),
        CaseStatus.DECIDED.value: tr("decided (已作出处理)"),
        CaseStatus.CLOSED.value: tr("closed (已结案)"),
    }
)


case_source_label = labeller(
    lambda: {
        CaseSource.INSPECTION.value: tr("found in an inspection"),
        CaseSource.REPORT.value: tr("report from the public"),
        CaseSource.TRANSFER_IN.value: tr("transferred in by another authority"),
    }
)


party_kind_label = labeller(
    lambda: {
        PartyKind.SITE.value: tr("institution"),
        PartyKind.PERSON.value: tr("person"),
    }
)


transfer_target_label = labeller(
    lambda: {
        TransferTarget.POLICE.value: tr("public security (公安机关)"),
        TransferTarget.DRUG.value: tr("drug regulator (药品监督管理部门)"),
    }
)


kept_decision_label = labeller(
    lambda: {
        KeptDecision.RETURN.value: tr("return (返还)"),
        KeptDecision.TRANSFER.value: tr("transfer with the case (移送)"),
        KeptDecision.CONFISCATE.value: tr("confiscate (没收)"),
    }
)
