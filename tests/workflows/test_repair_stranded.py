"""Rectifications stranded by the old issue path: ``inspector verify`` names them, and migration
``0008_repair_stranded`` moves them on with their re-inspection's result, sealed in the audit trail
(so verify then finds nothing at all), on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid

from alembic import command
from sqlalchemy import select

from inspector import workflows
from inspector.config import Config
from inspector.domain import AnswerResult, DocumentKind
from inspector.services import verify
from inspector.services.documents import issuing
from inspector.services.followup import views
from inspector.storage.db import Database, alembic_config, current_revision, head_revision
from inspector.storage.models import AuditEvent, Document
from tests.factories import People, finalized, people, site
from tests.followup.helpers import issued, reinspect


def _opinion_without_result(db: Database, config: Config, who: People) -> tuple[uuid.UUID, uuid.UUID]:
    """What the re-inspection page's issue path did before the workflow: the 复查意见书 issued by the
    documents service alone, the rectification left served."""
    with db.write() as s:
        sid = site(s)
    iid = finalized(db, who, sid, {"T-01": "未悬挂许可证", "T-05": "未张贴标志"})
    changes = workflows.perform(db, lambda s: workflows.issue_document(s, who.office, config, iid, "notice"))
    (rid,) = changes.rectifications
    workflows.perform(
        db, lambda s: workflows.serve_rectification(s, who.office, config, rid, served_on=views.local_today())
    )
    bad = {"T-01": AnswerResult.COMPLIANT, "T-05": AnswerResult.NON_COMPLIANT}
    reinsp = reinspect(db, who, rid, bad, record=False)
    with db.write() as s:
        opinion = issuing.issue_document(s, config, who.inspector_a, reinsp, DocumentKind.REINSPECTION)
    return rid, opinion.document.id


def _finalized_without_notice(db: Database, who: People) -> uuid.UUID:
    """The old path for a rectification without a notice: the re-inspection finalized, no result."""
    from inspector.services.followup import machine

    rid = issued(db, who)
    with db.write() as s:
        machine.serve(s, who.office, rid, views.local_today())
    reinspect(db, who, rid, {"T-01": AnswerResult.COMPLIANT, "T-05": AnswerResult.COMPLIANT}, record=False)
    return rid


def _rerun_migration(db: Database) -> None:
    cfg = alembic_config(db.engine)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0007_device_keys")  # the revision before the repair
        command.upgrade(cfg, "head")


def test_verify_reports_and_the_migration_repairs_stranded_rectifications(
    db: Database, backend_config: Config
) -> None:
    with db.write() as s:
        who = people(s)
    stranded, opinion_id = _opinion_without_result(db, backend_config, who)
    no_notice = _finalized_without_notice(db, who)
    healthy = issued(db, who)  # waiting for its service: not stranded
    with db.read() as s:
        report = verify.verify_all(s, backend_config)
        linked = s.get(Document, opinion_id).rectification_id  # type: ignore[union-attr]
    found = sorted(p.subject for p in report.problems if p.area == "rectification")
    assert found == sorted([str(stranded), str(no_notice)])
    assert all("rectifications complete" in p.reason for p in report.problems if p.area == "rectification")
    assert [p for p in report.problems if p.area != "rectification"] == []

    _rerun_migration(db)
    assert current_revision(db.engine) == head_revision()  # 0008_repair_stranded and what follows it
    with db.read() as s:
        first = views.get_rectification(s, stranded)
        second = views.get_rectification(s, no_notice)
        untouched = views.get_rectification(s, healthy)
        opinion = s.get(Document, opinion_id)
        events = s.execute(select(AuditEvent).where(AuditEvent.actor_name == "system")).scalars().all()
        repair = [e for e in events if (e.detail or {}).get("migration") == "0008_repair_stranded"][-1]
        after = verify.verify_all(s, backend_config)
    assert (first.status, first.result) == ("reinspected", "partly")
    assert (second.status, second.result) == ("reinspected", "corrected")
    assert untouched.status == "issued" and untouched.result is None
    assert first.events[-1].from_status == "served" and first.events[-1].actor_id is None
    assert "迁移 0008" in first.events[-1].note and opinion is not None
    assert opinion.number in first.events[-1].note
    assert opinion.rectification_id == linked  # the opinion is a legal record: left as issued
    assert repair.action == "transition"  # later migrations seal the rows they change in their own events
    assert after.problems == []  # the repair is in the trail: no record "changed behind the app's back"
    # Closing works again: the blocker's "已签收 cannot become 已结案" is gone.
    workflows.perform(db, lambda s: workflows.close(s, who.supervisor, stranded, "复查部分整改，另案处理"))
    with db.read() as s:
        assert views.get_rectification(s, stranded).status == "closed"
