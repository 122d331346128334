"""``inspector forms list|check|show|confirm-article``: the checklists and the legal catalogue.

``check FILE`` is what an office runs after editing a checklist file: exit 0 when the file can be
used, otherwise every problem is printed and the exit status is 1. Without a file, ``check`` lists
the articles the checklists cite that are not verified yet (a document citing one cannot be issued)
and how to confirm each. ``confirm-article`` records such a confirmation in the office's
``forms/legal.toml``; it is the only one of these commands that opens the database (to know who
confirms).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from inspector.cli.context import Context
from inspector.cli.parsers import Actions, command, command_actions
from inspector.domain import answer_result_label
from inspector.errors import UserError
from inspector.forms import (
    Article,
    Form,
    FormError,
    Item,
    confirm_hint,
    load_form_file,
    load_legal_catalogue,
    load_registry,
    unverified_reason,
)
from inspector.forms.confirm import confirm_article
from inspector.forms.labels import (
    action_label,
    answer_type_label,
    citation_label,
    form_title,
    item_question,
    section_title,
    severity_label,
)
from inspector.forms.legal import LegalCatalogue
from inspector.forms.model import Action, AnswerType
from inspector.forms.registry import BUILTIN, USER_LEGAL_FILE
from inspector.i18n import os_reason, tr


def register(sub: Actions) -> None:
    s = command_actions(sub, "forms", "checklists: list them, check a checklist file, show one")
    ls = command(s, "list", "list the checklists and any skipped files", _list)
    ls.add_argument("--json", action="store_true", help="print JSON")
    ck = command(
        s,
        "check",
        "validate a checklist file (or legal.toml), exit 1 on problems; without FILE, list the "
        "cited articles that are not verified yet",
        _check,
    )
    ck.add_argument("file", type=Path, nargs="?", default=None)
    sh = command(s, "show", "print one checklist", _show)
    sh.add_argument("form_id", metavar="ID")
    sh.add_argument("--version", default=None, help="a specific version (default: the active one)")
    sh.add_argument("--json", action="store_true", help="print the frozen JSON form with its hash")
    cf = command(
        s,
        "confirm-article",
        "record that an entry of the legal catalogue was checked against the official text "
        "(office or supervisor; written to the office's forms/legal.toml)",
        _confirm,
    )
    cf.add_argument("ref", metavar="ID", help='the entry, e.g. "规定-20" (see "inspector forms check")')
    cf.add_argument("--source", required=True, help="the official text checked against (gazette, 文号, date)")
    cf.add_argument("--text", type=Path, metavar="FILE", help="UTF-8 file with the whole official text")
    cf.add_argument(
        "--article", type=int, metavar="N", help="the article number, when it differs or is unknown"
    )
    cf.add_argument("--title", help="for a policy or local document: its name, 文号 and clause")


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
                        "designations": [d.value for d in f.designations],
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
        kinds = ", ".join([*(k.value for k in f.site_kinds), *(f"定点:{d.value}" for d in f.designations)])
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


def _unverified_cited(forms: list[Form]) -> dict[str, tuple[Article, list[str]]]:
    """Every entry the checklists cite that may not be cited yet, with the items citing it."""
    found: dict[str, tuple[Article, list[str]]] = {}
    for form in forms:
        for item in form.items:
            for ref in item.legal:
                article = form.article(ref)
                if not article.citable:
                    found.setdefault(ref, (article, []))[1].append(item.code)
    return found


def _order(pair: tuple[Article, list[str]]) -> tuple[str, int, int, int, str]:
    a = pair[0]
    return (a.law_key, a.article or 0, a.paragraph or 0, a.point or 0, a.ref)


def _report_unverified(ctx: Context, forms: list[Form]) -> None:
    found = _unverified_cited(forms)
    law = sorted(((a, codes) for a, codes in found.values() if a.is_law), key=_order)
    policy = sorted(((a, codes) for a, codes in found.values() if not a.is_law), key=_order)
    if not found:
        ctx.out(tr("Every article the checklists cite is verified."))
        return
    if law:
        heading = tr(
            "{n} cited article(s) are not verified; a document citing one cannot be issued "
            "until an office confirms it:",
            n=len(law),
        )
        _print_cited(ctx, heading, law, with_reason=True)
        ctx.out(confirm_hint(law[0][0]))
    if policy:
        heading = tr(
            "{n} reason(s) for the check (policies, local documents; never printed as law) are not "
            "confirmed; a document names only confirmed ones:",
            n=len(policy),
        )
        _print_cited(ctx, heading, policy, with_reason=False)


def _print_cited(
    ctx: Context, heading: str, cited: list[tuple[Article, list[str]]], *, with_reason: bool
) -> None:
    """A heading, then each cited article with the checklist items citing it (and why it is not verified)."""
    ctx.out(heading)
    for article, codes in cited:
        ctx.out(f"  {article.ref}  {article.citation}  [{', '.join(dict.fromkeys(codes))}]")
        if with_reason:
            ctx.out("    " + unverified_reason(article))


def _check_office(ctx: Context) -> int:
    registry = load_registry(ctx.config.forms_dir)
    for skipped in registry.problems:
        for reason in skipped.reasons:
            ctx.out(reason)
    _report_unverified(ctx, registry.all())
    return 1 if any(p.invalid for p in registry.problems) else 0


def _check(ctx: Context, args: argparse.Namespace) -> int:
    path: Path | None = args.file
    if path is None:
        return _check_office(ctx)
    catalogue, legal_problems = _catalogue(ctx)
    for problem in legal_problems:
        ctx.out(problem)
    try:
        if path.name == USER_LEGAL_FILE:
            checked = load_legal_catalogue(path)
            ctx.out(
                tr(
                    "{file}: valid legal catalogue ({n} articles, {unverified} not verified).",
                    file=path.name,
                    n=len(checked),
                    unverified=sum(1 for a in checked if not a.citable),
                )
            )
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
    _report_unverified(ctx, [form])
    return 0


def _confirm(ctx: Context, args: argparse.Namespace) -> int:
    text = None
    if args.text is not None:
        try:
            text = args.text.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as err:
            raise UserError(
                tr("Cannot read the text file {file}: {reason}", file=str(args.text), reason=os_reason(err))
            ) from None
    user_file = ctx.config.forms_dir / USER_LEGAL_FILE
    try:
        article = confirm_article(
            user_file,
            ctx.actor,
            args.ref,
            source=args.source,
            text=text,
            article=args.article,
            title=args.title,
        )
    except OSError as err:
        raise UserError(
            tr("Cannot write {file}: {reason}", file=str(user_file), reason=os_reason(err))
        ) from None
    ctx.out(
        tr(
            "Confirmed {citation} ({ref}) by {name}; recorded in {file}.",
            citation=article.citation,
            ref=article.ref,
            name=ctx.actor.name,
            file=str(user_file),
        )
    )
    if article.has_text:
        ctx.out(article.text)
    return 0


def _citations(form: Form, refs: tuple[str, ...]) -> str:
    return "；".join(citation_label(form.article(ref)) for ref in refs)


def _show_legal(ctx: Context, form: Form, item: Item) -> None:
    """The item's legal data: 违反, 依据, 移送, the reasons for the check, the facts and the action."""
    if item.fact:
        ctx.out("    " + tr("Fact (经查，你单位…): {text}", text=item.fact))
    if item.compliant_fact:
        ctx.out("    " + tr("When compliant: {text}", text=item.compliant_fact))
    classified = item.action is not None or item.violates or item.basis or item.crime or item.grounds
    rows = (
        [
            (item.violates, tr("Violates (违反): {refs}")),
            (item.basis, tr("Basis of the order (依据): {refs}")),
            (item.crime, tr("Transfer to the police where a crime is suspected: {refs}")),
            (item.grounds, tr("Reason for the check (not law): {refs}")),
        ]
        if classified
        else [(item.legal, tr("Legal basis: {refs}"))]
    )
    for refs, label in rows:
        if refs:
            ctx.out("    " + label.format(refs=_citations(form, refs)))
    if item.action is not None:
        ctx.out("    " + tr("Action: {action}", action=action_label(item.action)))
    if item.action is Action.TRANSFER_DRUG:
        return
    if item.correction and (item.action is None or item.action.has_deadline) and item.deadline_days:
        ctx.out(
            "    "
            + tr("Correction: {text} (within {days} days)", text=item.correction, days=item.deadline_days)
        )
    elif item.correction and (item.action is None or item.action.has_deadline):
        ctx.out(
            "    " + tr("Correction: {text} (within the office's default deadline)", text=item.correction)
        )
    elif item.correction:
        ctx.out("    " + tr("Order: {text} (at once, no deadline)", text=item.correction))


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
    ctx.out(tr("Site kinds: {kinds}", kinds=", ".join(k.value for k in form.site_kinds) or "—"))
    ctx.out(
        tr("Designations: {designations}", designations=", ".join(d.value for d in form.designations) or "—")
    )
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
            _show_legal(ctx, form, item)
    return 0
