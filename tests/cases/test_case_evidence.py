"""Kept items, their photos and decisions; interviews and their 问/答 pairs; the 身份证号 check."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from inspector import workflows
from inspector.domain import CaseStatus
from inspector.errors import UserError, ValidationError
from inspector.services import audit
from inspector.services.cases import interviews, views
from inspector.services.cases.identity import id_number_problem
from inspector.services.cases.interviews import InterviewInput
from inspector.services.cases.views import QAPair
from inspector.storage.case_models import KeptItem
from inspector.storage.db import Database
from inspector.storage.models import Photo
from inspector.workflows import cases as flows
from tests.cases.helpers import OPERATOR_ID, case_in, people, status_of


def test_items_are_saved_field_by_field_and_link_the_case_photos(sqlite_db: Database) -> None:
    db = sqlite_db
    with db.write() as s:
        who = people(s)
    cid = case_in(db, who, CaseStatus.OPENED)
    changes = workflows.perform(db, lambda s: flows.keep_item(s, who.inspector_a, cid))
    item_id = changes.created
    assert item_id is not None and changes.board and status_of(db, cid) == "investigating"
    for field, value in (("name", "B超机"), ("brand", "迈瑞"), ("model", "DP-10"), ("serial_no", "SN123")):
        workflows.perform(
            db, lambda s, f=field, v=value: flows.update_item(s, who.inspector_a, item_id, **{f: v})
        )
    workflows.perform(db, lambda s: flows.update_item(s, who.inspector_a, item_id, quantity=2, unit="台"))
    with db.read() as s:
        case = views.get_case(s, cid)
        photos = list(
            s.execute(select(Photo.id).where(Photo.inspection_id == case.inspections[0].id)).scalars()
        )
    workflows.perform(db, lambda s: flows.set_item_photos(s, who.inspector_a, item_id, photos))
    with db.read() as s:
        item = views.get_item(s, item_id)
        assert audit.verify_rows(s) == []
    assert (item.name, item.brand, item.model, item.serial_no, item.quantity, item.unit) == (
        "B超机",
        "迈瑞",
        "DP-10",
        "SN123",
        2,
        "台",
    )
    assert set(item.photo_ids) == set(photos) and len(photos) == 2
    # A photo of another inspection is refused; nothing changes.
    with pytest.raises(ValidationError):
        workflows.perform(db, lambda s: flows.set_item_photos(s, who.inspector_a, item_id, [uuid.uuid4()]))
    with pytest.raises(ValidationError):
        workflows.perform(db, lambda s: flows.update_item(s, who.inspector_a, item_id, quantity=-1))
    with db.read() as s:
        assert views.get_item(s, item_id).quantity == 2


def test_a_decided_item_no_longer_changes(sqlite_db: Database) -> None:
    db = sqlite_db
    with db.write() as s:
        who = people(s)
    cid = case_in(db, who, CaseStatus.INVESTIGATING)
    with pytest.raises(ValidationError):  # an unnamed line cannot be decided
        workflows.perform(db, lambda s: flows.keep_item(s, who.inspector_a, cid)) and workflows.perform(
            db, lambda s: flows.decide_kept(s, who.supervisor, cid, "return")
        )
    with db.write() as s:
        for item in s.execute(select(KeptItem).where(KeptItem.case_id == cid, KeptItem.name == "")).scalars():
            s.delete(item)
    workflows.perform(db, lambda s: flows.decide_kept(s, who.supervisor, cid, "confiscate", "依法没收"))
    with db.read() as s:
        (item,) = views.get_case(s, cid).items
    assert item.decision == "confiscate" and item.decided_by_name == "赵监督"
    with pytest.raises(UserError):
        workflows.perform(db, lambda s: flows.update_item(s, who.inspector_a, item.id, name="别的"))
    with pytest.raises(UserError):
        workflows.perform(db, lambda s: flows.decide_kept(s, who.supervisor, cid, "return"))
    with pytest.raises(ValidationError):
        workflows.perform(db, lambda s: flows.decide_kept(s, who.supervisor, cid, "burn"))


def test_interviews_several_per_case_saved_as_typed(sqlite_db: Database) -> None:
    db = sqlite_db
    with db.write() as s:
        who = people(s)
    cid = case_in(db, who, CaseStatus.OPENED)
    first = workflows.perform(
        db,
        lambda s: flows.start_interview(
            s,
            who.inspector_a,
            cid,
            InterviewInput(person_name="王某某", relation="当事人", place="东关村12号"),
        ),
    ).created
    assert first is not None and status_of(db, cid) == "investigating"
    pairs = (QAPair("你在此开展B超检查多久了？", "半年左右。"), QAPair("检查收费多少？", "每次200元。"))
    workflows.perform(db, lambda s: flows.update_interview(s, who.inspector_a, first, pairs=pairs))
    workflows.perform(
        db, lambda s: flows.update_interview(s, who.inspector_a, first, person_id_number=OPERATOR_ID.lower())
    )
    second = workflows.perform(
        db,
        lambda s: flows.start_interview(
            s, who.inspector_b, cid, InterviewInput(person_name="李某", relation="就诊者")
        ),
    ).created
    with db.read() as s:
        talks = views.get_case(s, cid).interviews
    assert [t.id for t in talks] == [first, second]
    assert talks[0].pairs == pairs and talks[0].person_id_number == OPERATOR_ID
    assert [o.name for o in talks[0].officers] == ["张伟", "李芳"]
    assert interviews.issue_problems(talks[0]) == []
    assert interviews.issue_problems(talks[1])  # no 身份证号, no pairs yet


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "问：你叫什么名字？\n答：王某某。\n问:在此行医多久?\n答:一年。",
            [("你叫什么名字？", "王某某。"), ("在此行医多久?", "一年。")],
        ),
        ("Q: name?\nA: Wang\ncontinued\n", [("name?", "Wang\ncontinued")]),
    ],
)
def test_qa_file(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(p.question, p.answer) for p in interviews.parse_qa(text)] == expected


@pytest.mark.parametrize(
    ("text", "where"),
    [("答：先回答\n", "1"), ("问：一\n问：二\n答：二\n", "1"), ("随便写的\n", "1"), ("", "")],
)
def test_a_bad_qa_file_is_refused(text: str, where: str) -> None:
    with pytest.raises(ValidationError) as err:
        interviews.parse_qa(text)
    assert where in err.value.message


def test_id_numbers() -> None:
    assert id_number_problem(OPERATOR_ID) is None
    assert id_number_problem("11010519491231002X") is None  # the standard's own example
    wrong = OPERATOR_ID[:-1] + ("0" if OPERATOR_ID[-1] != "0" else "1")
    assert "校验" in (id_number_problem(wrong) or "")
    assert id_number_problem("41010519801301003X")  # the 13th month
    assert id_number_problem("4101051980")
    assert id_number_problem("")
