"""An office's forms folder: new checklists, overrides by higher version, and files that never break
the app."""

from __future__ import annotations

from pathlib import Path

from inspector.domain import SiteKind
from inspector.forms import load_registry
from tests.forms.forms_helpers import builtin_data, dumps, minimal_form


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_user_form_adds_a_checklist(tmp_path: Path) -> None:
    write(tmp_path, "mine.toml", dumps(minimal_form()))
    registry = load_registry(tmp_path)
    form = registry.get("test")
    assert form.origin == "user" and form.source == str(tmp_path / "mine.toml")
    assert [f.id for f in registry.for_site(SiteKind.CLINIC)] == ["clinic", "test"]
    assert registry.default_for_site(SiteKind.CLINIC).id == "clinic"
    assert registry.problems == []


def test_higher_version_overrides_builtin(tmp_path: Path) -> None:
    data = builtin_data("clinic.toml")
    data["version"] = "1.1"
    data["title"]["zh"] = "本县个体诊所检查表"
    write(tmp_path, "clinic-local.toml", dumps(data))
    registry = load_registry(tmp_path)
    active = registry.get("clinic")
    assert active.version == "1.1" and active.title == "本县个体诊所检查表" and active.origin == "user"
    assert registry.default_for_site(SiteKind.UNLICENSED) is active
    assert [f.version for f in registry.versions("clinic")] == ["1", "1.1"]
    assert registry.get("clinic", "1").origin == "builtin"
    assert len(registry.all()) == 4


def test_override_that_drops_a_site_kind_keeps_the_older_form_for_it(tmp_path: Path) -> None:
    data = builtin_data("clinic.toml")
    data["version"] = "2"
    data["site_kinds"] = ["clinic"]
    write(tmp_path, "clinic2.toml", dumps(data))
    registry = load_registry(tmp_path)
    assert registry.default_for_site(SiteKind.CLINIC).version == "2"
    assert registry.default_for_site(SiteKind.UNLICENSED).version == "1"


def test_lower_or_equal_version_is_ignored_with_a_warning(tmp_path: Path) -> None:
    data = builtin_data("pharmacy.toml")
    data["title"]["zh"] = "旧版"
    write(tmp_path, "a.toml", dumps(data))
    data["version"] = "0.9"
    write(tmp_path, "b.toml", dumps(data))
    registry = load_registry(tmp_path)
    assert registry.get("pharmacy").origin == "builtin"
    assert [(p.path.name, p.invalid) for p in registry.problems] == [("a.toml", False), ("b.toml", False)]
    assert "不高于内置版本 1" in registry.problems[0].reasons[0]


def test_same_user_version_twice(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", dumps(minimal_form()))
    write(tmp_path, "b.toml", dumps(minimal_form()))
    registry = load_registry(tmp_path)
    assert [p.path.name for p in registry.problems] == ["b.toml"]
    assert "已在 a.toml 中定义" in registry.problems[0].reasons[0]


def test_invalid_user_form_is_listed_and_skipped(tmp_path: Path) -> None:
    data = minimal_form()
    data["sections"][0]["items"][0]["legal"] = ["规定-99"]
    write(tmp_path, "broken.toml", dumps(data))
    write(tmp_path, "garbage.toml", "\x00\x01 not toml at all [[[")
    write(tmp_path, "notes.txt", "ignored: not a .toml file")
    registry = load_registry(tmp_path)
    assert len(registry.all()) == 4
    assert [(p.path.name, p.invalid) for p in registry.problems] == [
        ("broken.toml", True),
        ("garbage.toml", True),
    ]
    reason = (
        "broken.toml: sections[0].items[0].legal[0]: "
        "未知的法律依据“规定-99”；请在 legal.toml 中添加或更正拼写"
    )
    assert registry.problems[0].reasons == (reason,)


def test_missing_folder_is_fine(tmp_path: Path) -> None:
    registry = load_registry(tmp_path / "does-not-exist")
    assert len(registry.all()) == 4 and registry.problems == []


def test_office_legal_catalogue_extends_and_corrects(tmp_path: Path) -> None:
    write(
        tmp_path,
        "legal.toml",
        """
[laws."本县规定"]
title = "某县打击“两非”工作实施方案"
kind = "local"

[[articles]]
ref = "本县-5"
law = "本县规定"
title = "第五条"
text = "孕期B超检查实行实名登记。"
verified = true
confirmed = { by = "王伟", on = "2026-03-01", source = "某县打击“两非”工作实施方案（县卫发〔2026〕1号）" }

[[articles]]
ref = "地方-孕情实名登记"
law = "地方规定"
title = "孕期B超检查实名登记"
text = "（本县文件原文）"
verified = true
confirmed = { by = "王伟", on = "2026-03-01", source = "县卫发〔2026〕1号" }
""",
    )
    data = minimal_form()
    data["sections"][0]["items"][1]["legal"] = ["本县-5"]
    write(tmp_path, "county.toml", dumps(data))
    registry = load_registry(tmp_path)
    assert registry.problems == []
    assert registry.get("test").article("本县-5").citation == "某县打击“两非”工作实施方案：第五条"
    us05 = registry.get("ultrasound").article("地方-孕情实名登记")
    assert us05.verified and us05.text == "（本县文件原文）"
    assert registry.get("ultrasound").sha256 != load_registry(None).get("ultrasound").sha256


def test_invalid_office_catalogue_falls_back_to_builtin(tmp_path: Path) -> None:
    write(tmp_path, "legal.toml", "[[articles]]\nref = 1\n")
    registry = load_registry(tmp_path)
    assert len(registry.all()) == 4
    assert registry.problems[0].path.name == "legal.toml" and registry.problems[0].invalid
    assert any("articles[0].ref: 应为文字，实际为整数" in r for r in registry.problems[0].reasons)
