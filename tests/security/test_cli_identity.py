"""The command line knows who runs it: no password-less administrator (issue 12, point 3).

Every registered command is in the one table (``inspector/cli/context.py``); every command that
changes something refuses to run without ``--as USER`` and leaves every row and file as it was; the
attacks that worked before (promote an inspector, add an administrator, reset the administrator's
password, all without a password) are refused; ``--as`` checks the password like the app's sign-in.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from inspector.cli import build_parser, case_documents_cmd, sites_cmd
from inspector.cli.context import COMMANDS, Access, access_of, leaf_commands
from inspector.config import Config
from inspector.services.throttle import this_source
from inspector.storage.db import Database
from inspector.storage.models import AuditEvent, User
from tests.security.cli_helpers import (
    ADMIN,
    ADMIN_PASSWORD,
    INSPECTOR,
    INSPECTOR_PASSWORD,
    Office,
    failed_unlocks,
    make_office,
    reading,
    rows,
    run,
    state,
    verified,
)

ID = str(uuid.UUID(int=7))
# A command line for every command that changes something, as an attacker would type it. A new
# changing command must add one (test_every_changing_command_has_an_attack_here).
ATTACKS: dict[str, list[str]] = {
    "sites import": ["sites", "import", "sites.csv"],
    "photos add": ["photos", "add", ID, "photo.jpg"],
    "document": ["document", ID, "--kind", "notice", "--out", "n.docx"],
    "documents served": ["documents", "served", ID],
    "documents void": ["documents", "void", "2026-0001", "--reason", "作废"],
    "documents verify": ["documents", "verify", "--restore"],
    "rectifications serve": ["rectifications", "serve", ID],
    "rectifications reinspect": ["rectifications", "reinspect", ID, "--inspectors", "a,b"],
    "rectifications complete": ["rectifications", "complete", ID],
    "rectifications close": ["rectifications", "close", ID],
    "rectifications escalate": ["rectifications", "escalate", ID, "--kind", "case"],
    "rectifications deadline": ["rectifications", "deadline", ID, "--date", "2030-01-01"],
    "plan": ["plan", "--count", "1", "--create"],
    "users add": ["users", "add", "evil", "--name", "坏人", "--role", "admin", "--no-password"],
    "users passwd": ["users", "passwd", ADMIN, "--password-stdin"],
    "users role": ["users", "role", INSPECTOR, "admin"],
    "users deactivate": ["users", "deactivate", ADMIN],
    "users activate": ["users", "activate", ADMIN],
    "users unlock": ["users", "unlock", ADMIN],
    "exchange export": ["exchange", "export", "--out", "p.zip"],
    "exchange import": ["exchange", "import", "p.zip"],
    "exchange resolve": ["exchange", "resolve", "abcd", "--keep", "theirs"],
    "restore": ["restore", "backup.zip", "--force"],
    "db encrypt": ["db", "encrypt"],
    "exchange enrol": ["exchange", "enrol", "key.json", "--name", "笔记本"],
    "exchange revoke": ["exchange", "revoke", "笔记本"],
    "forms confirm-article": ["forms", "confirm-article", "规定-20", "--source", "公报"],
    "cases open": ["cases", "open", ID, "--cause", "某某涉嫌无证行医"],
    "cases approve": ["cases", "approve", ID],
    "cases keep": ["cases", "keep", ID, "--item", "B超机"],
    "cases decide-kept": ["cases", "decide-kept", ID, "--decision", "confiscate"],
    "cases interview": [
        "cases",
        "interview",
        ID,
        "--person",
        "张三",
        "--id-number",
        "1",
        "--qa-file",
        "qa.txt",
    ],
    "cases transfer": ["cases", "transfer", ID, "--to", "police", "--reason", "涉嫌犯罪"],
    "cases close": ["cases", "close", ID, "--result", "结案"],
}
# ``document`` issues a case's documents too (ID is the case's, or the interview's): each kind is
# refused the same way without --as.
ATTACKS |= {
    f"document {kind}": ["document", ID, "--kind", kind, "--out", "n.docx"]
    for kind in case_documents_cmd.CLI_KINDS
}


@pytest.fixture
def office(sqlite_db: Database, sqlite_config: Config, tmp_path: Path) -> Office:
    return make_office(sqlite_db, sqlite_config, tmp_path)


def test_every_command_is_in_the_table_and_the_table_names_only_commands() -> None:
    registered = {path for path, _ in leaf_commands(build_parser())}
    assert registered, "the walk found no commands; the check would be vacuous"
    assert sorted(registered - set(COMMANDS)) == [], "decide in inspector/cli/context.py COMMANDS"
    assert sorted(set(COMMANDS) - registered) == [], "COMMANDS names a command that does not exist"


def test_every_changing_command_has_an_attack_here(office: Office) -> None:
    parser = build_parser()
    changing = set()
    for path, rule in COMMANDS.items():
        if rule in (Access.CHANGE, Access.FIRST_ADMIN):
            changing.add(path)
        elif not isinstance(rule, Access):  # decided by the arguments: its changing form is here
            assert path in ATTACKS, path
            assert (
                access_of(path, parser.parse_args([*ATTACKS[path], *office.dir]), office.config)
                is Access.CHANGE
            )
    assert changing <= set(ATTACKS), sorted(changing - set(ATTACKS))
    # the reading forms of the same commands stay readable by the system account
    assert (
        access_of("documents verify", parser.parse_args(["documents", "verify"]), office.config)
        is Access.READ
    )
    assert access_of("plan", parser.parse_args(["plan", "--verify", ID]), office.config) is Access.READ


@pytest.mark.parametrize("path", sorted(ATTACKS))
def test_a_changing_command_without_as_is_refused_and_changes_nothing(
    path: str,
    office: Office,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "backup.zip").write_bytes(b"not looked at")
    monkeypatch.setenv("INSPECTOR_PASSWORD", ADMIN_PASSWORD)  # even with the password at hand
    before = state(office.config)
    code, out, err = run(capsys, *ATTACKS[path], *office.dir, stdin="new-admin-pass\n")
    assert code == 2, (out, err)
    assert "--as" in err and "未作任何改动" in err and "Traceback" not in err
    assert state(office.config) == before
    assert not (tmp_path / "p.zip").exists() and not (tmp_path / "n.docx").exists()
    assert verified(office.config).ok


def test_the_attacks_that_worked_before_are_refused(
    office: Office, capsys: pytest.CaptureFixture[str]
) -> None:
    sign_in_bookkeeping = ("audit_events", "sign_in_throttle")  # a wrong password is counted
    before_rows, before_files = rows(office.config, skip=sign_in_bookkeeping), state(office.config)[1]
    attacks = (
        ["users", "role", INSPECTOR, "admin"],
        ["users", "add", "evil", "--name", "坏人", "--role", "admin", "--no-password"],
        ["users", "passwd", ADMIN, "--password-stdin"],
        ["users", "add", "evil", "--name", "坏人", "--role", "admin", "--as", INSPECTOR, "--password-stdin"],
    )
    for attack in attacks:
        code, _, err = run(capsys, *attack, *office.dir, stdin="evil-pass-1\nevil-pass-1\n")
        assert code == 2 and "Traceback" not in err, err
    assert rows(office.config, skip=sign_in_bookkeeping) == before_rows
    assert state(office.config)[1] == before_files
    with reading(office.config) as s:
        roles = dict(s.execute(select(User.username, User.role)).all())
    assert roles[INSPECTOR] == "inspector" and "evil" not in roles
    assert failed_unlocks(office.config, INSPECTOR) == 1  # the wrong password was counted, as in the app
    assert verified(office.config).ok


def test_as_signs_in_like_the_app_and_the_role_decides(
    office: Office, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSPECTOR_PASSWORD", INSPECTOR_PASSWORD)
    code, _, err = run(capsys, "users", "role", INSPECTOR, "admin", "--as", INSPECTOR, *office.dir)
    assert code == 2 and "无权" in err  # signed in, but an inspector may not manage accounts
    monkeypatch.setenv("INSPECTOR_PASSWORD", ADMIN_PASSWORD)
    code, out, _ = run(capsys, "users", "role", INSPECTOR, "supervisor", "--as", ADMIN, *office.dir)
    assert code == 0 and INSPECTOR in out
    # the password may come on standard input instead (first line)
    monkeypatch.delenv("INSPECTOR_PASSWORD")
    code, out, _ = run(
        capsys,
        "users",
        "role",
        INSPECTOR,
        "inspector",
        "--as",
        ADMIN,
        "--password-stdin",
        *office.dir,
        stdin=f"{ADMIN_PASSWORD}\n",
    )
    assert code == 0
    # a follow-up action names a person: before, "--as boss" worked without boss's password
    code, _, err = run(
        capsys,
        "rectifications",
        "close",
        str(office.world.rectification_id),
        "--as",
        ADMIN,
        "--password-stdin",
        *office.dir,
        stdin="guessed-pass\n",
    )
    assert code == 2 and "用户名或密码错误" in err
    assert failed_unlocks(office.config, ADMIN) == 1


def test_the_first_administrator_only_while_there_is_none(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = ["--data-dir", str(data_dir)]
    code, _, err = run(
        capsys,
        "users",
        "add",
        "chief",
        "--name",
        "局长",
        "--role",
        "admin",
        "--password-stdin",
        *d,
        stdin="chief-pass-1\n",
    )
    assert code == 0, err
    config = Config(data_dir=data_dir, db_url=f"sqlite:///{data_dir / 'inspector.sqlite3'}")
    before = state(config)
    code, _, err = run(
        capsys,
        "users",
        "add",
        "second",
        "--name",
        "二把手",
        "--role",
        "admin",
        "--password-stdin",
        *d,
        stdin="second-pass-1\n",
    )
    assert code == 2 and "已有管理员" in err
    code, _, err = run(
        capsys, "users", "add", "clerk", "--name", "办事员", "--role", "office", "--no-password", *d
    )
    assert code == 2 and "--as" in err
    assert state(config) == before


def test_maintenance_as_the_system_account_names_the_os_user_and_host(
    office: Office, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "backup", "--out", str(tmp_path / "b.zip"), *office.dir)
    assert code == 0, err
    code, _, err = run(capsys, "db", "rebuild-stats", *office.dir)
    assert code == 0, err
    with reading(office.config) as s:
        names = (
            s.execute(
                select(AuditEvent.actor_name).where(AuditEvent.action.in_(["backup", "db.rebuild_stats"]))
            )
            .scalars()
            .all()
        )
    assert names == [f"system ({this_source()})"] * 2
    assert verified(office.config).ok


def test_a_reading_command_cannot_write_even_by_mistake(
    office: Office, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A command classified as reading gets a database that refuses to write: a misclassified
    command fails as the bug it is (exit 3) instead of changing records as the system account."""

    def sneaky(ctx, args):  # type: ignore[no-untyped-def]
        from inspector.services import sites

        with ctx.db.write() as s:
            sites.create_site(s, ctx.actor, sites.SiteInput(kind="clinic", name="暗中添加"))
        return 0

    monkeypatch.setattr(sites_cmd, "_list", sneaky)
    before = state(office.config)
    code, _, err = run(capsys, "sites", "list", *office.dir)
    assert code == 3 and "classified as reading" in err
    assert state(office.config) == before
