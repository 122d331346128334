"""Templates are data: a Word template that carries code runs nothing, and says where the code is.

The payload is the one from the trial: ``{{ cycler.__init__.__globals__.os.system('…') }}`` typed
into a paragraph of ``word/document.xml``, here creating a marker file. A control shows that plain
Jinja really runs it; then it is refused by ``inspector templates check``, by issuing a notice with it
as the office's template, and by issuing from a data directory restored from a backup that carried
it, each time with the placeholder and its paragraph named, no marker file and nothing changed.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from pathlib import Path

import jinja2
import pytest
from docx import Document as WordDocument

from inspector.backup import BackupSecret, create_backup, restore_backup
from inspector.cli import main
from inspector.config import Config, resolve
from inspector.documents import render, schema
from inspector.documents.render import TemplateProblemError, render_docx
from inspector.documents.template_check import check_template
from inspector.documents.templates import builtin_template
from inspector.domain import DocumentKind
from inspector.services.unlock import unlock_with_recovery
from inspector.storage.db import Database, open_database
from tests.conftest import RECOVERY_CODES
from tests.documents.doc_helpers import Office, issue, make_inspection, make_office
from tests.security.exchange_setup import assert_unchanged, snapshot

PAYLOAD = "{{{{ cycler.__init__.__globals__.os.system('touch {marker}') }}}}"
SHOWN = "cycler.__init__.__globals__.os.system("


def payload_template(marker: Path, *, where: str = "body") -> bytes:
    """The built-in notice with the payload in a paragraph, the header or the document title."""
    word = WordDocument(io.BytesIO(builtin_template(DocumentKind.NOTICE).data))
    code = PAYLOAD.format(marker=marker)
    if where == "body":
        word.add_paragraph(f"整改要求：{code}")
    elif where == "header":
        word.sections[0].header.add_paragraph(f"页眉{code}")
    else:
        word.core_properties.title = code
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def test_control_plain_jinja_runs_the_payload(tmp_path: Path) -> None:
    """Without the sandbox the payload is live code: the tests below would fail on a plain Jinja."""
    marker = tmp_path / "pwned"
    jinja2.Environment().from_string(PAYLOAD.format(marker=marker)).render()
    assert marker.exists()


def test_templates_check_reports_it_and_runs_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "notice.docx"
    path.write_bytes(payload_template(marker))
    assert main(["--data-dir", str(tmp_path / "d"), "templates", "check", str(path)]) == 1
    err = capsys.readouterr().err
    assert SHOWN in err and "“cycler”" in err and "整改要求" in err and "__globals__" in err
    assert "不能使用" in err
    assert not marker.exists()


@pytest.mark.parametrize("where", ["header", "title"])
def test_the_payload_elsewhere_in_the_file_is_found_too(tmp_path: Path, where: str) -> None:
    marker = tmp_path / "pwned"
    data = payload_template(marker, where=where)
    report = check_template(data, "notice.docx", DocumentKind.NOTICE)
    assert not report.ok and SHOWN in "\n".join(report.errors)
    with pytest.raises(TemplateProblemError, match="cycler"):
        render_docx(data, schema.sample_context("notice"), None, template_name="notice.docx")
    assert not marker.exists()


VARIANTS = [
    ("{{ site.name.__class__ }}", "__class__"),
    ("{{ site['__class__'] }}", "__class__"),
    ("{{ joiner() }}", "“joiner”"),
    ("{% set ns = namespace(a=1) %}{{ ns.a }}", "“namespace”"),
    ("{{ lipsum(1000) }}", "“lipsum”"),
    ("{% for i in range(999999999) %}x{% endfor %}", "“range”"),
    ("{{ site.name.upper() }}", "调用了函数"),
    ("{{ site.name|safe }}", "“safe”"),
    ("{{ site.name|attr('__class__') }}", "“attr”"),
    ("{{ '%s' % site.name }}", "“%”"),
    ("{{ site.name * 100000000 }}", "“*”"),
    ("{% include 'other.docx' %}", "加载了其他模板"),
    ("{% autoescape false %}{{ site.name }}{% endautoescape %}", "关闭了转义"),
    ("{% macro m() %}x{% endmacro %}{{ m() }}", "宏"),
]


@pytest.mark.parametrize(("text", "reason"), VARIANTS, ids=[v[0] for v in VARIANTS])
def test_everything_beyond_showing_a_field_is_refused(text: str, reason: str) -> None:
    word = WordDocument(io.BytesIO(builtin_template(DocumentKind.NOTICE).data))
    word.add_paragraph(f"违规段落：{text}")
    out = io.BytesIO()
    word.save(out)
    report = check_template(out.getvalue(), "notice.docx", DocumentKind.NOTICE)
    joined = "\n".join(report.errors)
    assert not report.ok and reason in joined and "违规段落" in joined, joined
    with pytest.raises(TemplateProblemError, match="未被执行"):
        render_docx(out.getvalue(), schema.sample_context("notice"), None, template_name="notice.docx")


def test_the_sandbox_stops_what_the_walk_would_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second wall alone: with the static walk switched off, rendering still runs nothing."""
    monkeypatch.setattr(render, "refusals", lambda _tree: [])
    monkeypatch.setattr(render, "_WALKED", {})  # what this test lets through is not remembered as clean
    marker = tmp_path / "pwned"
    with pytest.raises(TemplateProblemError, match="不允许"):
        render_docx(
            payload_template(marker), schema.sample_context("notice"), None, template_name="notice.docx"
        )
    assert not marker.exists()


def test_fields_loops_and_the_allowed_filters_still_work() -> None:
    word = WordDocument(io.BytesIO(builtin_template(DocumentKind.NOTICE).data))
    word.add_paragraph(
        "共{{ findings|length }}项{% for f in findings %}{{ loop.index }}.{{ f.order|lower }}"
        "{{ f.fact|default('无')|truncate(20) }}{% if not loop.last %}、{% endif %}{% endfor %}"
        "{{ site['name']|upper }}{{ photos[0].caption|trim }}"
    )
    out = io.BytesIO()
    word.save(out)
    assert check_template(out.getvalue(), "notice.docx", DocumentKind.NOTICE).ok
    data = render_docx(out.getvalue(), schema.sample_context("notice"), None, template_name="notice.docx")
    text = "\n".join(p.text for p in WordDocument(io.BytesIO(data)).paragraphs)
    assert "共2项1.示例order示例fact" in text


@dataclass(frozen=True)
class _Poisoned:
    """An office with a finalized inspection whose own notice template carries the payload."""

    office: Office
    inspection: uuid.UUID
    marker: Path
    template: Path


def _poisoned(config: Config, db: Database, tmp_path: Path) -> _Poisoned:
    (tmp_path / "camera").mkdir()
    office = make_office(db)
    inspection = make_inspection(db, config, office, tmp_path / "camera")
    marker = tmp_path / "pwned"
    template = config.templates_dir / "notice.docx"
    template.parent.mkdir(parents=True, exist_ok=True)
    template.write_bytes(payload_template(marker))
    return _Poisoned(office, inspection, marker, template)


def _issue_refused(config: Config, db: Database, p: _Poisoned) -> None:
    before = snapshot(config, db)
    with pytest.raises(TemplateProblemError, match="cycler") as info:
        issue(db, config, p.office.office, p.inspection, DocumentKind.NOTICE)
    assert SHOWN in info.value.message and "整改要求" in info.value.message
    assert not p.marker.exists()
    assert_unchanged(config, db, before)


def test_issuing_with_the_office_template_runs_nothing(
    sqlite_config: Config, sqlite_db: Database, tmp_path: Path
) -> None:
    p = _poisoned(sqlite_config, sqlite_db, tmp_path)
    _issue_refused(sqlite_config, sqlite_db, p)
    p.template.unlink()  # the control: the same inspection issues with a clean template
    assert issue(sqlite_db, sqlite_config, p.office.office, p.inspection, DocumentKind.NOTICE).number


def test_a_restored_backup_carrying_the_template_runs_nothing(
    sqlite_config: Config, sqlite_db: Database, tmp_path: Path
) -> None:
    p = _poisoned(sqlite_config, sqlite_db, tmp_path)
    backup = tmp_path / "backup.zip"
    create_backup(sqlite_config, backup)
    code = RECOVERY_CODES[sqlite_config.data_dir]  # the backup of an encrypted directory is encrypted
    restored = restore_backup(backup, tmp_path / "restored", secret=BackupSecret(None, code))
    assert (restored.data_dir / "templates" / "notice.docx").read_bytes() == p.template.read_bytes()
    config = unlock_with_recovery(resolve(restored.data_dir), code)
    db = open_database(config)
    try:
        _issue_refused(config, db, p)
    finally:
        db.close()
