"""Re-inspection: a derived checklist of the failed items only, the original findings beside the new
answers, and the result computed from the answers; plus the board's filters and paging."""

from __future__ import annotations

import datetime as dt

import pytest

from inspector import workflows
from inspector.config import Config
from inspector.domain import AnswerResult, rectification_result_label
from inspector.errors import UserError
from inspector.services import inspections, users
from inspector.services.actor import SYSTEM
from inspector.services.documents import views as dviews
from inspector.services.followup import board, machine, reinspection
from inspector.services.followup import views as fviews
from inspector.services.form_snapshots import load_snapshot
from inspector.storage.db import Database
from inspector.storage.models import Inspection
from tests.documents.doc_helpers import issue
from tests.factories import finalized, people, site
from tests.followup.helpers import issued, reinspect

C, N = AnswerResult.COMPLIANT, AnswerResult.NON_COMPLIANT


def test_reinspection_checks_only_the_failed_items(db: Database) -> None:
    with db.write() as s:
        who = people(s)
    rid = issued(db, who, bad={"T-05": "候诊区未张贴标志", "T-02": "内间发现B超机1台"})
    now = dt.datetime.now(dt.UTC)
    with pytest.raises(UserError, match="签收"), db.write() as s:
        reinspection.start_reinspection(s, who.inspector_a, rid, who.pair, now)
    with db.write() as s:
        machine.serve(s, who.office, rid, fviews.local_today())
    with db.write() as s:
        view = reinspection.start_reinspection(
            s, who.inspector_a, rid, who.pair, now - dt.timedelta(minutes=5)
        )
    assert view.kind == "reinspection" and view.rectification_id == rid and view.status == "draft"
    assert view.form_id == "test-reinspection"
    with db.read() as s:
        form = inspections.form_of(s, view.id)
        assert load_snapshot(s, view.form_sha256) == form
        insp = s.get(Inspection, view.id)
        assert insp is not None and insp.rectification_id == rid
        original = reinspection.original_findings(s, view.id)
    assert [i.code for i in form.items] == ["T-02", "T-05"]  # checklist order, nothing else
    assert all(i.required and i.condition is None for i in form.items)
    assert form.title.endswith("（复查）")
    assert original["T-05"].finding == "候诊区未张贴标志" and original["T-05"].photos == []
    finding, photos = original["T-02"]
    assert finding == "内间发现B超机1台" and [p.item_code for p in photos] == ["T-02"]
    with pytest.raises(UserError, match="进行中"), db.write() as s:  # one re-inspection at a time
        reinspection.start_reinspection(s, who.inspector_a, rid, who.pair, now)
    with pytest.raises(UserError, match="定稿"), db.write() as s:
        reinspection.record_result(s, who.inspector_a, view.id)


@pytest.mark.parametrize(
    ("answers", "result"),
    [
        ({"T-01": C, "T-05": C}, "corrected"),
        ({"T-01": C, "T-05": N}, "partly"),
        ({"T-01": N, "T-05": N}, "not_corrected"),
    ],
)
def test_result_is_computed_from_the_answers(
    sqlite_db: Database, answers: dict[str, AnswerResult], result: str
) -> None:
    db = sqlite_db
    with db.write() as s:
        who = people(s)
    rid = issued(db, who)
    with db.write() as s:
        machine.serve(s, who.office, rid, fviews.local_today())
    reinspect(db, who, rid, answers)
    with db.read() as s:
        view = fviews.get_rectification(s, rid)
    assert view.status == "reinspected" and view.result == result
    assert view.events[-1].note == "复查结果：" + rectification_result_label(result)


def test_board_filters_sorts_and_pages(db: Database) -> None:
    with db.write() as s:
        who = people(s)
        c = users.actor_for(
            users.create_user(s, SYSTEM, users.UserInput("wang", "王强", cert_no="41010020200003"))
        )
    assert who.inspector_b.user_id is not None and c.user_id is not None
    pair2 = [who.inspector_b.user_id, c.user_id]
    r1 = issued(db, who, deadline_days=20, district="城关镇", kind="clinic")
    r2 = issued(
        db,
        who,
        deadline_days=5,
        district="河西镇",
        kind="pharmacy",
        bad={"T-03": "登记簿缺页"},
        inspector_ids=pair2,
    )
    r3 = issued(db, who, deadline_days=12, district="河西镇", kind="clinic")
    F = board.RectificationFilter  # noqa: N806 - a short alias keeps the table of cases readable
    with db.write() as s:
        machine.serve(s, who.office, r3, fviews.local_today())
    with db.read() as s:

        def ids(f: board.RectificationFilter, **kw: int) -> list[object]:
            return [r.id for r in board.list_rectifications(s, f, **kw)]  # type: ignore[arg-type]

        assert ids(F()) == [r2, r3, r1]  # by deadline
        assert ids(F(descending=True)) == [r1, r3, r2]
        assert ids(F(district="河西镇")) == [r2, r3]
        assert ids(F(site_kind="pharmacy")) == [r2]
        assert ids(F(inspector_id=c.user_id)) == [r2]
        assert ids(F(inspector_id=who.inspector_a.user_id)) == [r3, r1]
        assert ids(F(item_code="T-03")) == [r2]
        assert ids(F(item_code="T-05")) == [r3, r1]
        assert ids(F(statuses=("served",))) == [r3]
        assert ids(F(statuses=("closed", "escalated"))) == []
        assert ids(F(), limit=2) == [r2, r3] and ids(F(), limit=2, offset=2) == [r1]
        assert board.count_rectifications(s, F(district="河西镇", item_code="T-05")) == 1
        row = board.list_rectifications(s, F(item_code="T-03"))[0]
        assert row.item_codes == ("T-03",) and row.inspectors == ("李芳", "王强")
        assert row.site_kind == "pharmacy" and row.district == "河西镇"
        assert "T-05" in board.board_item_codes(s)


def test_notice_to_reinspection_opinion_through_the_workflows(db: Database, backend_config: Config) -> None:
    """The real chain: issuing the notice opens the rectification, serving it serves both, and
    issuing the 复查意见书 of the finalized re-inspection records the result, each one workflow."""
    with db.write() as s:
        who = people(s)
        sid = site(s)
    iid = finalized(db, who, sid, {"T-01": "未悬挂许可证", "T-05": "未张贴标志"})
    notice = issue(db, backend_config, who.office, iid, "notice")
    with db.read() as s:
        rid = fviews.rectification_for_inspection(s, iid)
    assert rid is not None and notice.rectification_id == rid
    with db.write() as s:
        workflows.serve_rectification(
            s, who.office, backend_config, rid, served_on=fviews.local_today(), note="当事人签收"
        )
    with db.write() as s:
        view = reinspection.start_reinspection(s, who.inspector_a, rid, who.pair, dt.datetime.now(dt.UTC))
        for code in ("T-01", "T-05"):  # the opinion states what was found, also when corrected
            inspections.record_answer(s, who.inspector_a, view.id, code, result=C, finding="已改正")
        inspections.finalize(s, who.inspector_a, view.id)
    changes = workflows.perform(
        db, lambda s: workflows.complete_reinspection(s, who.inspector_a, backend_config, view.id)
    )
    assert changes.created is not None and changes.rectifications == {rid} and changes.board
    with db.read() as s:
        doc = dviews.get_document(s, backend_config, changes.created)
        rect = fviews.get_rectification(s, rid)
        assert dviews.get_document(s, backend_config, notice.id).served
    assert doc.kind == "reinspection" and doc.file_path.exists() and doc.rectification_id == rid
    assert rect.status == "reinspected" and rect.result == "corrected"
    assert rect.events[-1].note == f"复查意见书 {doc.number}：已整改"
    assert rect.notice_number == notice.number
    with pytest.raises(UserError), db.write() as s:  # already re-inspected: no second opinion, no file
        workflows.complete_reinspection(s, who.inspector_a, backend_config, view.id)
    issued = sorted(p.name for p in backend_config.documents_dir.rglob("*号*.docx"))
    assert issued == sorted([f"{notice.number}.docx", f"{doc.number}.docx"])
