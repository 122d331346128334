"""``inspector forms list|check|show``: the checklists, without opening the database.

``check`` is what an office runs after editing a checklist file: exit 0 when the file can be used,
otherwise every problem is printed and the exit status is 1.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from inspector.cli.context import Context, add_common
from inspector.domain import answer_result_label
from inspector.forms import Form, FormError, load_form_file, load_legal_catalogue, load_registry
from inspector.forms.labels import (
    answer_type_label,
    citation_label,
    form_title,
    item_question,
    section_title,
    severity_label,
)
from inspector.forms.legal import LegalCatalogue
from inspector.forms.model import AnswerType
from inspector.forms.registry import BUILTIN, USER_LEGAL_FILE
from inspector.i18n import tr


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("forms", help="checklists: list them, check a checklist file, show one")
    add_common(p)
    s = p.add_subparsers(dest="forms_command", required=True, metavar="ACTION")
    ls = s.add_parser("list", help="list the checklists and any skipped files")
    add_common(ls)
    ls.add_argument("--json", action="store_true", help="print JSON")
    ls.set_defaults(handler=_list)
    ck = s.add_parser("check", help="validate a checklist file (or legal.toml); exit 1 on problems")
    add_common(ck)
    ck.add_argument("file", type=Path)
    ck.set_defaults(handler=_check)
    sh = s.add_parser("show", help="print one checklist")
    add_common(sh)
    sh.add_argument("form_id", metavar="ID")
    sh.add_argument("--version", default=None, help="a specific version (default: the active one)")
    sh.add_argument("--json", action="store_true", help="print the frozen JSON form with its hash")
    sh.set_defaults(handler=_show)


def _origin(form: Form) -> str:
    return tr("built-in") if form.origin == BUILTIN else tr("office")


def _list(ctx: Context, args: argparse.Namespace) -> int:
    registry = load_registry(ctx.config.forms_dir)
    forms = registry.all()
    if args.json:
        ctx.out_json(
            {
                "forms": [
                    {
                        "id": f.id,
                        "version": f.version,
                        "origin": f.origin,
                        "source": f.source,
                        "title": f.title,
                        "title_en": f.title_en,
                        "site_kinds": [k.value for k in f.site_kinds],
                        "items": len(f.items),
                        "sha256": f.sha256,
                    }
                    for f in forms
                ],
                "skipped": [
                    {"path": str(p.path), "invalid": p.invalid, "problems": list(p.reasons)}
                    for p in registry.problems
                ],
            }
        )
        return 0
    for f in forms:
        kinds = ", ".join(k.value for k in f.site_kinds)
        ctx.out(
            f"{f.id:<22} {f.version:<6} {_origin(f):<6} {kinds:<32} "
            + tr("{n} items", n=len(f.items))
            + f"  {form_title(f)}"
        )
    ctx.out(tr("{n} checklists", n=len(forms)))
    if registry.problems:
        ctx.out("")
        ctx.out(tr("Files in {folder} that are not used:", folder=str(ctx.config.forms_dir)))
        for skipped in registry.problems:
            label = tr("invalid") if skipped.invalid else tr("ignored")
            ctx.out(f"  {skipped.path.name} ({label})")
            for reason in skipped.reasons:
                ctx.out(f"    {reason}")
    return 0


def _catalogue(ctx: Context) -> tuple[LegalCatalogue, list[str]]:
    try:
        return load_legal_catalogue(ctx.config.forms_dir / USER_LEGAL_FILE), []
    except FormError as err:
        return load_legal_catalogue(), err.problems


def _check(ctx: Context, args: argparse.Namespace) -> int:
    path: Path = args.file
    catalogue, legal_problems = _catalogue(ctx)
    for problem in legal_problems:
        ctx.out(problem)
    try:
        if path.name == USER_LEGAL_FILE:
            checked = load_legal_catalogue(path)
            ctx.out(tr("{file}: valid legal catalogue ({n} articles).", file=path.name, n=len(checked)))
            return 0
        form = load_form_file(path, catalogue)
    except FormError as err:
        for problem in err.problems:
            ctx.out(problem)
        ctx.err(
            tr(
                "{file}: {count} problem(s); the file cannot be used.",
                file=path.name,
                count=len(err.problems),
            )
        )
        return 1
    ctx.out(
        tr(
            '{file}: valid checklist "{form_id}" version {version}: {sections} sections, {items} items.',
            file=path.name,
            form_id=form.id,
            version=form.version,
            sections=len(form.sections),
            items=len(form.items),
        )
    )
    builtin = {f.id: f for f in load_registry(None).all()}.get(form.id)
    if builtin is not None and form.version_key <= builtin.version_key:
        ctx.out(
            tr(
                'Note: the built-in checklist "{form_id}" has version {builtin}; this file is ignored unless '
                "its version is higher.",
                form_id=form.id,
                builtin=builtin.version,
            )
        )
    return 0


def _show(ctx: Context, args: argparse.Namespace) -> int:
    registry = load_registry(ctx.config.forms_dir)
    form = registry.get(args.form_id, args.version)
    if args.json:
        data = json.loads(form.canonical_json())
        data["sha256"] = form.sha256
        data["origin"] = form.origin
        ctx.out_json(data)
        return 0
    ctx.out(f"{form_title(form)}  ({form.id} {form.version}, {_origin(form)}, sha256 {form.sha256[:12]})")
    ctx.out(tr("Site kinds: {kinds}", kinds=", ".join(k.value for k in form.site_kinds)))
    if form.description:
        ctx.out(form.description)
    for section in form.sections:
        ctx.out("")
        ctx.out(f"== {section_title(section)}")
        for item in section.items:
            tag = f"  [{severity_label(item.severity)}]" if item.answer_type is AnswerType.CHECK else ""
            ctx.out(f"{item.code}{tag}  {item_question(item)}")
            if item.answer_type is not AnswerType.CHECK:
                kind = answer_type_label(item.answer_type)
                if item.choices:
                    kind += ": " + " / ".join(item.choices)
                ctx.out("    " + tr("Answer: {kind}", kind=kind))
            if item.condition is not None:
                ctx.out(
                    "    "
                    + tr(
                        "Shown only when {code} is {answers}",
                        code=item.condition.item,
                        answers=" / ".join(answer_result_label(a) for a in item.condition.answers),
                    )
                )
            if item.guidance:
                ctx.out("    " + tr("How to check: {text}", text=item.guidance))
            if item.evidence:
                ctx.out("    " + tr("Photograph: {text}", text=item.evidence))
            if item.legal:
                ctx.out(
                    "    "
                    + tr(
                        "Legal basis: {refs}",
                        refs="；".join(citation_label(a) for a in form.articles_for(item)),
                    )
                )
            if item.correction:
                ctx.out(
                    "    "
                    + tr(
                        "Correction: {text} (within {days} days)",
                        text=item.correction,
                        days=item.deadline_days,
                    )
                )
    return 0
