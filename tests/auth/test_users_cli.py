"""``inspector users …`` and ``--as``: the command line obeys the same rules as the app."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from inspector.cli import main
from inspector.services import auth
from tests.identity import CLI_PASSWORD, CliAs


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_first_admin_then_accounts_managed_as_that_admin(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    d = ["--data-dir", str(data_dir)]
    monkeypatch.setattr("sys.stdin", io.StringIO("admin-pass-1\n"))
    code, out, _ = run(
        capsys, "users", "add", "admin", "--name", "管理员", "--role", "admin", "--password-stdin", *d
    )
    assert code == 0 and "已创建账号 admin" in out
    monkeypatch.setenv("INSPECTOR_PASSWORD", "admin-pass-1")
    monkeypatch.setenv("INSPECTOR_NEW_PASSWORD", "zhang-pass-1")
    code, out, _ = run(
        capsys, "users", "add", "zhang", "--name", "张伟", "--cert-no", "41010020200001", "--as", "admin", *d
    )
    assert code == 0
    code, out, _ = run(capsys, "users", "list", "--json", *d)
    listed = {u["username"]: u for u in json.loads(out)}
    assert listed["zhang"]["has_password"] and listed["zhang"]["role"] == "inspector"
    # an inspector may not manage accounts: refused by the core, exit 2, nothing changed
    monkeypatch.setenv("INSPECTOR_PASSWORD", "zhang-pass-1")
    code, _, err = run(capsys, "users", "role", "zhang", "admin", "--as", "zhang", *d)
    assert code == 2 and "无权" in err
    # but changes their own password, proving the current one
    monkeypatch.setenv("INSPECTOR_NEW_PASSWORD", "zhang-pass-2")
    code, out, _ = run(capsys, "users", "passwd", "zhang", "--as", "zhang", *d)
    assert code == 0
    monkeypatch.setenv("INSPECTOR_PASSWORD", "zhang-pass-1")
    code, _, err = run(capsys, "users", "list", "--as", "zhang", *d)
    assert code == 2 and "用户名或密码错误" in err
    monkeypatch.setenv("INSPECTOR_PASSWORD", "admin-pass-1")
    code, out, _ = run(capsys, "users", "deactivate", "zhang", "--as", "admin", *d)
    assert code == 0 and "已停用" in out
    code, out, _ = run(capsys, "users", "list", *d)
    assert "zhang" not in out
    code, out, _ = run(capsys, "users", "list", "--all", *d)
    assert "zhang" in out and "已停用" in out
    code, _, err = run(capsys, "users", "deactivate", "admin", "--as", "admin", *d)
    assert code == 2 and "不能停用自己" in err


def test_failures_slow_down_via_cli_and_an_admin_lifts_the_delay(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, cli_as: CliAs
) -> None:
    d = ["--data-dir", str(data_dir)]
    admin = cli_as(data_dir)
    monkeypatch.setenv("INSPECTOR_NEW_PASSWORD", "li-pass-123")
    assert run(capsys, "users", "add", "li", "--name", "李芳", "--role", "office", *admin, *d)[0] == 0
    monkeypatch.setenv("INSPECTOR_PASSWORD", "wrong")
    for _ in range(auth.throttle.FREE_FAILURES):
        code, _, err = run(capsys, "users", "list", "--as", "li", *d)
        assert code == 2 and "用户名或密码错误" in err
    code, _, err = run(capsys, "users", "list", "--as", "li", *d)
    assert code == 2 and "请等待" in err
    monkeypatch.setenv("INSPECTOR_PASSWORD", "li-pass-123")  # even the right one waits
    code, _, err = run(capsys, "users", "list", "--as", "li", *d)
    assert code == 2 and "请等待" in err
    admin = cli_as(data_dir)  # the administrator is not held up by li's failures
    code, out, _ = run(capsys, "users", "list", *admin, *d)
    assert code == 0 and "登录须等待至" in out
    assert run(capsys, "users", "unlock", "li", *admin, *d)[0] == 0
    monkeypatch.setenv("INSPECTOR_PASSWORD", "li-pass-123")
    assert run(capsys, "users", "list", "--as", "li", *d)[0] == 0


def test_no_terminal_and_no_password_is_a_clear_error(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, cli_as: CliAs
) -> None:
    admin = cli_as(data_dir)
    monkeypatch.delenv("INSPECTOR_NEW_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, _, err = run(
        capsys, "users", "add", "x1", "--name", "某", "--role", "office", "--data-dir", str(data_dir), *admin
    )
    assert code == 2 and "--password-stdin" in err and "Traceback" not in err
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    code, _, err = run(
        capsys,
        "users",
        "add",
        "x1",
        "--name",
        "某",
        "--role",
        "office",
        "--password-stdin",
        "--data-dir",
        str(data_dir),
        *admin,
    )
    assert code == 2 and "至少需要 8 个字符" in err
    monkeypatch.delenv("INSPECTOR_PASSWORD")  # both passwords on standard input, one per line
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{CLI_PASSWORD}\nx1-pass-word\n"))
    code, out, _ = run(
        capsys,
        "users",
        "add",
        "x1",
        "--name",
        "某",
        "--role",
        "office",
        "--password-stdin",
        *admin,
        "--data-dir",
        str(data_dir),
    )
    assert code == 0, out
    monkeypatch.setenv("INSPECTOR_PASSWORD", "x1-pass-word")
    assert run(capsys, "users", "list", "--as", "x1", "--data-dir", str(data_dir))[0] == 0
