"""The user's actions as workflows: each does every step it means, in one transaction, and says what
it changed; none can leave a rectification stranded."""

from __future__ import annotations

import ast
import datetime as dt
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import inspector
from inspector import workflows
from inspector.config import Config
from inspector.domain import AnswerResult, DocumentKind
from inspector.errors import UserError
from inspector.services import audit
from inspector.services.documents import issuing
from inspector.services.documents import views as dviews
from inspector.services.followup import reinspection
from inspector.services.followup import views as fviews
from inspector.storage.db import Database
from inspector.storage.models import Counter, Document
from inspector.workflows import Changes
from tests.factories import People, finalized, people, site
from tests.followup.helpers import reinspect

BAD = {"T-01": "未悬挂许可证", "T-05": "未张贴标志"}


def _notice(db: Database, config: Config, who: People) -> tuple[uuid.UUID, Changes]:
    with db.write() as s:
        sid = site(s)
    iid = finalized(db, who, sid, BAD)
    changes = workflows.perform(
        db, lambda s: workflows.issue_document(s, who.office, config, iid, DocumentKind.NOTICE)
    )
    return iid, changes


def _served(db: Database, config: Config, who: People) -> uuid.UUID:
    _, changes = _notice(db, config, who)
    (rid,) = changes.rectifications
    workflows.perform(
        db,
        lambda s: workflows.serve_rectification(s, who.office, config, rid, served_on=fviews.local_today()),
    )
    return rid


def test_issuing_a_notice_opens_its_rectification_and_says_so(db: Database, backend_config: Config) -> None:
    with db.write() as s:
        who = people(s)
    iid, changes = _notice(db, backend_config, who)
    assert changes.created is not None and changes.documents == {changes.created}
    assert changes.inspections == {iid} and changes.board and changes.statistics
    (rid,) = changes.rectifications
    assert changes.files and changes.files[0].is_file()
    with db.read() as s:
        doc = dviews.get_document(s, backend_config, changes.created)
        rect = fviews.get_rectification(s, rid)
        assert audit.verify_rows(s) == []  # the link between the two was sealed, not slipped in
    assert doc.rectification_id == rid and rect.notice_id == doc.id and rect.status == "issued"
    assert [i.code for i in rect.items] == ["T-01", "T-05"]


def test_a_reinspection_never_issues_a_second_notice(sqlite_db: Database, sqlite_config: Config) -> None:
    db, config = sqlite_db, sqlite_config
    with db.write() as s:
        who = people(s)
    rid = _served(db, config, who)
    again = reinspect(db, who, rid, {"T-01": AnswerResult.NON_COMPLIANT, "T-05": AnswerResult.NON_COMPLIANT})
    with db.read() as s:
        before = (
            s.execute(select(func.count()).select_from(Document)).scalar_one(),
            list(config.documents_dir.rglob("*.docx")),
        )
        counters = s.execute(select(Counter.series, Counter.value)).all()
        draft = issuing.prepare_issue(s, config, again, DocumentKind.NOTICE)
    assert not draft.can_issue and any("复查不再出具新的意见书" in r for r in draft.refusals)
    with pytest.raises(UserError, match="复查不再出具新的意见书"):
        workflows.perform(db, lambda s: workflows.issue_document(s, who.inspector_a, config, again, "notice"))
    with db.read() as s:
        assert s.execute(select(func.count()).select_from(Document)).scalar_one() == before[0]
        assert s.execute(select(Counter.series, Counter.value)).all() == counters
    assert list(config.documents_dir.rglob("*.docx")) == before[1]


def test_an_uncorrected_reinspection_proposes_escalation(sqlite_db: Database, sqlite_config: Config) -> None:
    db, config = sqlite_db, sqlite_config
    with db.write() as s:
        who = people(s)
    rid = _served(db, config, who)
    bad = {"T-01": AnswerResult.NON_COMPLIANT, "T-05": AnswerResult.NON_COMPLIANT}
    reinsp = reinspect(db, who, rid, bad, record=False)
    changes = workflows.perform(
        db, lambda s: workflows.issue_document(s, who.inspector_a, config, reinsp, "reinspection")
    )
    assert changes.rectifications == {rid} and changes.escalation_proposed == {rid}
    assert "立案" in (workflows.escalation_advice(changes) or "")
    with db.read() as s:
        rect = fviews.get_rectification(s, rid)
    assert rect.status == "reinspected" and rect.result == "not_corrected"
    closed = workflows.perform(
        db, lambda s: workflows.escalate(s, who.supervisor, rid, "case", "逾期未改，立案")
    )
    assert closed.escalation_proposed == frozenset() and workflows.escalation_advice(closed) is None


def test_serving_the_notice_on_the_documents_page_serves_its_rectification(
    sqlite_db: Database, sqlite_config: Config
) -> None:
    db, config = sqlite_db, sqlite_config
    with db.write() as s:
        who = people(s)
    _, issued = _notice(db, config, who)
    assert issued.created is not None
    changes = workflows.perform(db, lambda s: workflows.serve_document(s, who.office, config, issued.created))
    assert changes.board and changes.rectifications == issued.rectifications
    with db.read() as s:
        (rid,) = issued.rectifications
        rect = fviews.get_rectification(s, rid)
        notice = dviews.get_document(s, config, issued.created)
    assert rect.status == "served" and notice.served and rect.served_at == notice.served_at


def test_finalizing_a_reinspection_without_a_notice_records_its_result(
    sqlite_db: Database, sqlite_config: Config
) -> None:
    """No notice, so no 复查意见书 can be issued: the result is recorded when the re-inspection is
    finalized instead of waiting for ever."""
    from tests.followup.helpers import issued

    db = sqlite_db
    with db.write() as s:
        who = people(s)
    rid = issued(db, who)
    workflows.perform(
        db,
        lambda s: workflows.serve_rectification(
            s, who.office, sqlite_config, rid, served_on=fviews.local_today()
        ),
    )
    with db.write() as s:
        started = workflows.start_reinspection(s, who.inspector_a, rid, who.pair, dt.datetime.now(dt.UTC))
    assert started.created is not None and started.rectifications == {rid}
    from inspector.services import inspections

    with db.write() as s:
        for code in ("T-01", "T-05"):
            inspections.record_answer(
                s, who.inspector_a, started.created, code, result=AnswerResult.COMPLIANT
            )
        changes = workflows.finalize_inspection(s, who.inspector_a, started.created)
    assert changes.statistics and changes.rectifications == {rid}
    with db.read() as s:
        assert fviews.get_rectification(s, rid).status == "reinspected"
        assert reinspection.stranded(s) == []


def test_a_stranded_rectification_is_found_and_recovered(sqlite_db: Database, sqlite_config: Config) -> None:
    """The old bug, reproduced with the documents service alone: the opinion issued, the
    rectification left served. Verify names it; "complete" records the result from that opinion."""
    db, config = sqlite_db, sqlite_config
    with db.write() as s:
        who = people(s)
    rid = _served(db, config, who)
    reinsp = reinspect(
        db, who, rid, {"T-01": AnswerResult.COMPLIANT, "T-05": AnswerResult.COMPLIANT}, record=False
    )
    with db.write() as s:
        opinion = issuing.issue_document(
            s, config, who.inspector_a, reinsp, DocumentKind.REINSPECTION
        ).document
    with db.read() as s:
        assert reinspection.stranded(s) == [rid]
    changes = workflows.perform(
        db, lambda s: workflows.complete_reinspection(s, who.inspector_a, config, reinsp)
    )
    assert changes.rectifications == {rid} and changes.documents == frozenset()  # left as issued
    with db.read() as s:
        rect = fviews.get_rectification(s, rid)
        assert reinspection.stranded(s) == []
        assert audit.verify_rows(s) == []
    assert rect.status == "reinspected" and rect.result == "corrected"
    assert opinion.number in rect.events[-1].note


def test_a_failed_commit_removes_the_written_file(
    sqlite_db: Database, sqlite_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, config = sqlite_db, sqlite_config
    with db.write() as s:
        who = people(s)
        sid = site(s)
    iid = finalized(db, who, sid, BAD)
    written: list[Path] = []

    def action(s: Session) -> Changes:
        changes = workflows.issue_document(s, who.office, config, iid, "record")
        written.extend(changes.files)
        assert all(p.is_file() for p in written)
        monkeypatch.setattr(s, "commit", _fail)
        return changes

    with pytest.raises(RuntimeError, match="disk full"):
        workflows.perform(db, action)
    assert written and not any(p.exists() for p in written)
    with db.read() as s:
        assert s.execute(select(func.count()).select_from(Document)).scalar_one() == 0


def _fail() -> None:
    raise RuntimeError("disk full")


def test_changes_merge() -> None:
    a, b, c = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    one = Changes(documents=frozenset({a}), created=a, files=(Path("x"),))
    two = Changes(rectifications=frozenset({b}), board=True, created=c, files=(Path("x"), Path("y")))
    both = one | two
    assert both.documents == {a} and both.rectifications == {b} and both.board and not both.statistics
    assert both.created == c and both.files == (Path("x"), Path("y"))
    assert (two | Changes()).created == c and Changes().empty and not both.empty


# --- the screens and commands call only the workflows for these actions ---------------------------

# Service functions that are one step of a user's action; only inspector/workflows may call them.
STEPS = {
    "issue_document": "issuing",
    "link_rectification": "issuing",
    "mark_served": "serving",
    "open_rectification": "machine",
    "attach_notice": "machine",
    "serve": "machine",
    "close": "machine",
    "escalate": "machine",
    "change_deadline": "machine",
    "start_reinspection": "reinspection",
    "record_result": "reinspection",
    "finalize": "inspections",
}


def test_screens_and_commands_call_the_workflows_only() -> None:
    root = Path(inspector.__file__).parent
    offences = []
    for path in [*root.joinpath("ui").rglob("*.py"), *root.joinpath("cli").rglob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and STEPS.get(node.attr) == node.value.id
            ):
                offences.append(f"{path.relative_to(root)}:{node.lineno}: {node.value.id}.{node.attr}")
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and any(alias.name in STEPS for alias in node.names)
            ) and not node.module.startswith("inspector.workflows"):
                offences.append(f"{path.relative_to(root)}:{node.lineno}: from {node.module} import …")
    assert offences == []


def test_documents_and_followup_services_do_not_import_each_other() -> None:
    root = Path(inspector.__file__).parent / "services"
    for here, other in (("documents", "followup"), ("followup", "documents")):
        for path in root.joinpath(here).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
                elif isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                assert not any(n.startswith(f"inspector.services.{other}") for n in names), path
