"""Render the main screens with demo data to PNG files, as a user sees them (``make screenshots``).

A development tool, not part of the app: it lives with the scripts so that the shipped ``inspector.ui``
package holds only what a user runs. Usage: ``python scripts/screenshots.py OUT_DIR``. Builds demo
data in a temporary directory, opens the screens at 1366x768 in Chinese on the offscreen platform,
and writes:

- ``01-sites.png`` the site registry, ``02-new-inspection.png`` the new-inspection dialog,
- ``03-checklist.png`` the walk-through at a non-compliant item with its finding and photos,
- ``04-finalize.png`` the finalize summary, ``05-settings.png`` the settings,
- ``06-checklist-150.png`` the walk-through again at 150 % scaling (a separate process, because the
  scale factor must be set before Qt starts), to check that text stays readable and unclipped,
- ``07-reinspection.png`` a re-inspection's walk-through with the original finding above the answer,
- ``08-frame.png`` the window as it first appears, before the database is open,
- ``09-dashboard.png`` the follow-up statistics of the last twelve months, charts beside their tables,
- ``10-issue-refused.png`` the issue dialog refusing a notice that would cite an unverified article,
  saying which one and how an office confirms it,
- ``20-…23-`` the case screens (``scripts/case_screenshots.py``).

With ``--documents DIR`` it also renders one PNG per document kind from the demo (page 1 beside the
page the party and the officers sign), through LibreOffice and pdftoppm, for the README.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from inspector.config import Config
    from inspector.forms import FormRegistry
    from inspector.services.actor import Actor
    from inspector.services.signing import SigningDetails
    from inspector.storage.db import Database
    from inspector.ui.context import UiContext
    from inspector.ui.main_window import MainWindow

SIZE = (1366, 768)
SCALED_SCREEN = (1920, 1080)  # at 150 %: 1280×720 of layout


def offscreen(width: int, height: int) -> str:
    """The offscreen platform with a screen of ``width`` × ``height`` (its own is 800×800), so that
    the windows size themselves to a laptop's screen as they do on one."""
    config = Path(tempfile.gettempdir()) / f"inspector-screen-{width}x{height}.json"
    screen = {"name": "laptop", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96}
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    return f"offscreen:configfile={config}"


if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":  # `make screenshots` says just that
    os.environ["QT_QPA_PLATFORM"] = offscreen(*SIZE)

SCALED_SIZE = (1280, 720)  # a 1920x1080 screen at 150 %
FINDING = "诊室内间发现便携式B超机1台（无铭牌），耦合剂2瓶、热敏打印纸1卷，现场有孕妇候诊。"


def _prepare(data_dir: Path) -> None:
    """Demo data plus one clinic inspection answered up to a non-compliant item with photos."""
    from inspector import demo
    from inspector.config import resolve
    from inspector.demo.photos import make_demo_photo
    from inspector.domain import AnswerResult, SiteKind
    from inspector.forms import load_registry
    from inspector.services import inspections, photos, sites, users
    from inspector.storage.db import open_database

    config = resolve(data_dir)
    db = open_database(config)
    demo.seed(db, config)
    registry = load_registry(config.forms_dir)
    with db.read() as s:
        site = sites.search_sites(s, sites.SiteFilter(kinds=(SiteKind.UNLICENSED.value,)), limit=1)[0]
        pair = [u for u in users.list_users(s, role="inspector") if u.cert_no][:2]
    actor = users.actor_for(pair[0])
    started = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=40)
    with db.write() as s:
        view = inspections.start_inspection(
            s,
            actor,
            inspections.StartInput(
                site_id=site.id,
                form=registry.default_for_site(site.kind, site.designation_set),
                inspector_ids=[p.id for p in pair],
                started_at=started,
                party_name="王某",
                party_title="房主",
                companions="村委会主任李某",
                location_note=site.address,
            ),
        )
        for code in ("CL-01", "CL-02", "CL-03"):
            inspections.record_answer(s, actor, view.id, code, result=AnswerResult.COMPLIANT)
        inspections.record_answer(
            s, actor, view.id, "CL-04", result=AnswerResult.NON_COMPLIANT, finding=FINDING
        )
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for n, label in enumerate(("便携式B超机", "耦合剂")):
            path = Path(tmp) / f"IMG_{n}.jpg"
            make_demo_photo(
                path, label, when=(started + dt.timedelta(minutes=12 + n)).astimezone(), size=(1280, 960)
            )
            paths.append(path)
        photos.ingest_files(db, config, actor, view.id, paths, item_code="CL-04")
    (data_dir / "screenshot-inspection").write_text(f"{view.id}\n{pair[0].id}\n", encoding="utf-8")
    refused = _prepare_refused(db, config, actor, [p.id for p in pair], registry)
    (data_dir / "screenshot-refused").write_text(f"{refused}\n", encoding="utf-8")
    reinspection = _prepare_reinspection(db, config, actor, [p.id for p in pair], registry)
    (data_dir / "screenshot-reinspection").write_text(f"{reinspection}\n", encoding="utf-8")
    db.close()


def _prepare_reinspection(
    db: Database, config: Config, actor: Actor, pair: list[uuid.UUID], registry: FormRegistry
) -> uuid.UUID:
    """A clinic inspected with two non-compliant items (with photos), its notice served, and the
    re-inspection started: the walk-through that shows the original findings."""
    from inspector import workflows
    from inspector.demo.photos import make_demo_photo
    from inspector.domain import AnswerResult, SiteKind
    from inspector.forms import AnswerType, visible_items
    from inspector.services import inspections, photos, sites

    with db.read() as s:
        site = sites.search_sites(s, sites.SiteFilter(kinds=(SiteKind.CLINIC.value,)), limit=1)[0]
    started = dt.datetime.now(dt.UTC) - dt.timedelta(days=12)
    form = registry.default_for_site(site.kind, site.designation_set)
    with db.write() as s:
        view = inspections.start_inspection(
            s,
            actor,
            inspections.StartInput(
                site_id=site.id,
                form=form,
                inspector_ids=pair,
                started_at=started,
                party_name="刘某",
                party_title="负责人",
            ),
        )
    bad = {
        "CL-05": "诊室内间发现刮宫器械1套、米非司酮片3盒（批号20250611），现场有孕妇候诊。",
        "CL-06": "坐诊人员张某未能出示母婴保健技术考核合格证书，自述为护士。",
    }
    with db.write() as s:
        done: set[str] = set()
        while todo := [i for i in visible_items(form, view.states()) if i.code not in done]:
            for item in todo:
                done.add(item.code)
                if item.code in bad:
                    inspections.record_answer(
                        s,
                        actor,
                        view.id,
                        item.code,
                        result=AnswerResult.NON_COMPLIANT,
                        finding=bad[item.code],
                    )
                elif item.answer_type is AnswerType.CHECK:
                    inspections.record_answer(s, actor, view.id, item.code, result=AnswerResult.COMPLIANT)
                elif item.required:
                    value = {
                        AnswerType.NUMBER: "1",
                        AnswerType.DATE: started.date().isoformat(),
                        AnswerType.CHOICE: item.choices[0] if item.choices else "",
                    }.get(item.answer_type, "无")
                    inspections.record_answer(s, actor, view.id, item.code, value=value)
            view = inspections.get_inspection(s, view.id)
    with tempfile.TemporaryDirectory() as tmp:
        for n, code in enumerate(bad):
            path = Path(tmp) / f"IMG_1{n}.jpg"
            make_demo_photo(path, f"{code} 现场", when=started.astimezone(), size=(1280, 960))
            photos.ingest_files(db, config, actor, view.id, [path], item_code=code)
    with db.write() as s:
        workflows.finalize_inspection(
            s, actor, view.id, finished_at=started + dt.timedelta(hours=1), details=_signed("刘某")
        )
    issued = started + dt.timedelta(hours=2)
    notice = workflows.perform(
        db, lambda s: workflows.issue_document(s, actor, config, view.id, "notice", issued_at=issued)
    )
    (rid,) = notice.rectifications
    with db.write() as s:
        workflows.serve_rectification(s, actor, config, rid, served_on=issued)
    with db.write() as s:
        again = workflows.start_reinspection(s, actor, rid, pair, dt.datetime.now(dt.UTC))
    assert again.created is not None
    return again.created


def _signed(name: str) -> SigningDetails:
    from inspector.domain import Recusal
    from inspector.services.signing import SigningDetails

    return SigningDetails(party_name=name, party_title="负责人", recusal=Recusal.DECLINED.value)


def _prepare_refused(
    db: Database, config: Config, actor: Actor, pair: list[uuid.UUID], registry: FormRegistry
) -> uuid.UUID:
    """An ultrasound site whose only finding cites an article nobody verified yet (规定 第十一条):
    the notice is refused until an office confirms it."""
    from inspector import workflows
    from inspector.domain import AnswerResult, Designation
    from inspector.forms import AnswerType, visible_items
    from inspector.services import inspections, sites

    with db.read() as s:
        found = sites.search_sites(s, sites.SiteFilter(designation=Designation.ULTRASOUND.value), limit=20)
    site = next(f for f in found if registry.default_for_site(f.kind, f.designation_set).id == "ultrasound")
    form = registry.default_for_site(site.kind, site.designation_set)
    started = dt.datetime.now(dt.UTC) - dt.timedelta(days=3)
    with db.write() as s:
        view = inspections.start_inspection(
            s,
            actor,
            inspections.StartInput(site_id=site.id, form=form, inspector_ids=pair, started_at=started),
        )
        for item in visible_items(form, {}):
            if item.code == "US-04":
                finding = "B超室门口未张贴禁止非医学需要的胎儿性别鉴定的标志和举报电话。"
                inspections.record_answer(
                    s, actor, view.id, item.code, result=AnswerResult.NON_COMPLIANT, finding=finding
                )
            elif item.answer_type is AnswerType.CHECK:
                inspections.record_answer(s, actor, view.id, item.code, result=AnswerResult.COMPLIANT)
            else:
                inspections.record_answer(s, actor, view.id, item.code, value="20")
    with tempfile.TemporaryDirectory() as tmp:
        from inspector.demo.photos import make_demo_photo
        from inspector.services import photos

        path = make_demo_photo(Path(tmp) / "IMG_sign.jpg", "B超室门口", when=started.astimezone())
        photos.ingest_files(db, config, actor, view.id, [path], item_code="US-04")
    with db.write() as s:
        workflows.finalize_inspection(
            s, actor, view.id, finished_at=started + dt.timedelta(hours=1), details=_signed("孙某")
        )
    return view.id


def _app(lang: str = "zh_CN") -> QApplication:
    from inspector.ui import i18n as ui_i18n
    from inspector.ui.app import make_app

    app = make_app([])
    if not ui_i18n.install(app, lang):
        raise SystemExit("The Chinese catalogue is not compiled: run `make translations` first.")
    return app


def _open(data_dir: Path) -> tuple[UiContext, uuid.UUID]:
    from inspector.config import resolve
    from inspector.services import users
    from inspector.storage.db import open_database
    from inspector.ui.context import UiContext

    inspection_id, user_id = (data_dir / "screenshot-inspection").read_text(encoding="utf-8").split()
    config = resolve(data_dir)
    db = open_database(config)
    with db.read() as s:
        actor = users.actor_for(users.get_user(s, uuid.UUID(user_id)))
    return UiContext(config=config, db=db, actor=actor), uuid.UUID(inspection_id)


def _settle() -> None:
    from PySide6.QtTest import QTest

    QTest.qWait(250)


def _save(widget: QWidget, path: Path) -> None:
    _settle()
    if not widget.grab().save(str(path)):
        raise SystemExit(f"cannot write {path}")
    print(path)


def _walkthrough(window: MainWindow, inspection_id: uuid.UUID) -> None:
    window.open_inspection(inspection_id)
    page = window.inspection_page
    assert page is not None
    page.go_to("CL-04")
    page.item_view.finding.setFocus()


def render_all(data_dir: Path, out: Path) -> None:
    from PySide6.QtCore import Qt

    from inspector.ui.documents.issue_dialog import IssueDialog
    from inspector.ui.followup import FollowupPage
    from inspector.ui.inspection.finalize_dialog import FinalizeDialog
    from inspector.ui.main_window import MainWindow
    from inspector.ui.new_inspection_dialog import NewInspectionDialog
    from inspector.ui.settings_dialog import SettingsDialog

    _app()
    ctx, inspection_id = _open(data_dir)
    frame = MainWindow(ctx.config)  # what run() shows before the data layer is imported
    frame.resize(*SIZE)
    frame.show()
    _save(frame, out / "08-frame.png")
    frame.close()
    window = MainWindow(ctx)
    window.resize(*SIZE)
    window.show()
    window.build_late_pages()
    _save(window, out / "01-sites.png")

    dialog = NewInspectionDialog(ctx, parent=window)
    dialog.site_search.setText("卫生院")
    _settle()  # the search runs after the typing pause
    dialog.site_table.selectRow(0)
    first, second = dialog.inspector_combos[:2]
    other = next(i for i in range(1, second.count()) if second.itemData(i) not in (None, first.currentData()))
    second.setCurrentIndex(other)  # a colleague: the same person cannot fill both places
    dialog.party_name.setText("刘建国")
    dialog.companions.setText("院办主任陈芳")
    dialog.show()
    _save(dialog, out / "02-new-inspection.png")
    dialog.close()

    _walkthrough(window, inspection_id)
    _save(window, out / "03-checklist.png")

    page = window.inspection_page
    assert page is not None
    for item in page.visible():
        if page.states.get(item.code) is None or page.states[item.code].result.value == "unanswered":
            if item.answer_type.value == "check":
                page.saver.set_result(item.code, page.states["CL-01"].result)
            elif item.required:
                page.saver.save(item.code, value="见现场笔录")
    final = FinalizeDialog.for_inspection(page.view, page.form, page.states, window)
    final.show()
    _save(final, out / "04-finalize.png")
    final.close()

    refused_id = uuid.UUID((data_dir / "screenshot-refused").read_text(encoding="utf-8").strip())
    issue = IssueDialog(ctx, refused_id, "notice", window)
    issue.resize(*SIZE)
    issue.show()
    _save(issue, out / "10-issue-refused.png")
    issue.close()

    reinspection = uuid.UUID((data_dir / "screenshot-reinspection").read_text(encoding="utf-8").strip())
    window.open_inspection(reinspection)
    _save(window, out / "07-reinspection.png")

    settings = SettingsDialog(ctx, window)
    settings.show()
    _save(settings, out / "05-settings.png")
    settings.close()

    window.close_inspection()
    window.nav.setCurrentRow(window.PAGES.index("followup"))
    followup = window.followup_page
    assert isinstance(followup, FollowupPage)
    today = dt.date.today()
    dashboard = followup.show_dashboard()
    dashboard.set_period(today - dt.timedelta(days=365), today)
    dashboard.refresh()
    _save(window, out / "09-dashboard.png")
    import case_screenshots  # scripts/: the case screens and a rendered 证据先行登记保存决定书

    case_screenshots.render_cases(window, ctx, out, _save)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    window.close()


def render_scaled(data_dir: Path, out: Path) -> None:
    from inspector.ui.main_window import MainWindow

    _app()
    ctx, inspection_id = _open(data_dir)
    window = MainWindow(ctx)
    window.resize(*SCALED_SIZE)
    window.show()
    _walkthrough(window, inspection_id)
    _save(window, out / "06-checklist-150.png")
    window.close()


def main(argv: list[str]) -> int:
    if len(argv) >= 3 and argv[0] == "--scaled":
        render_scaled(Path(argv[1]), Path(argv[2]))
        return 0
    documents: Path | None = None
    if len(argv) == 3 and argv[1] == "--documents":
        documents = Path(argv[2]).resolve()
        argv = argv[:1]
    if len(argv) != 1:
        print("usage: python scripts/screenshots.py OUT_DIR [--documents DIR]", file=sys.stderr)
        return 2
    out = Path(argv[0]).resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="inspector-shots-") as tmp:
        data_dir = Path(tmp)
        _prepare(data_dir)
        if documents is not None:
            from document_pictures import render_documents  # beside this file

            render_documents(data_dir, documents)
        # The scaled shot first, in its own process, before this process starts Qt.
        env = {**os.environ, "QT_SCALE_FACTOR": "1.5", "QT_QPA_PLATFORM": offscreen(*SCALED_SCREEN)}
        subprocess.run(
            [sys.executable, __file__, "--scaled", str(data_dir), str(out)],
            check=True,
            env=env,
        )
        render_all(data_dir, out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
