"""Which checklists exist: the built-in ones plus an office's files in ``<data_dir>/forms``.

An office adds a checklist by dropping a TOML file there, or replaces a built-in one by giving it the
same ``id`` and a higher ``version``. A file with a lower or equal version is ignored, and an invalid
file is skipped; both are listed in :attr:`FormRegistry.problems` (``inspector forms list`` shows
them) and never stop the app. ``legal.toml`` in the same folder extends the legal catalogue.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from inspector.domain import Designation, SiteKind, designation_label, site_kind_label
from inspector.errors import NotFoundError
from inspector.forms.legal import BUILTIN_NAME, LegalCatalogue, load_legal_catalogue
from inspector.forms.loader import load_form_bytes, load_form_file
from inspector.forms.model import Form
from inspector.forms.reader import FormError
from inspector.i18n import os_reason, tr

BUILTIN = "builtin"
USER = "user"
USER_LEGAL_FILE = BUILTIN_NAME


@dataclass(frozen=True)
class SkippedForm:
    """A file of the office's forms folder that is not used, and why.

    ``invalid`` is true when the file has errors; false when it is valid but ignored (for example a
    version not higher than the built-in one).
    """

    path: Path
    reasons: tuple[str, ...]
    invalid: bool


class FormRegistry:
    """Every usable checklist, by id and version; the highest version of an id is the active one."""

    def __init__(self, forms: list[Form], problems: list[SkippedForm], catalogue: LegalCatalogue) -> None:
        self._versions: dict[str, dict[str, Form]] = {}
        for form in forms:
            self._versions.setdefault(form.id, {})[form.version] = form
        self.problems = problems
        self.catalogue = catalogue

    def all(self) -> list[Form]:
        """The active (highest) version of every checklist, ordered by id."""
        return [self.get(form_id) for form_id in sorted(self._versions)]

    def versions(self, form_id: str) -> list[Form]:
        """All loaded versions of one checklist, oldest first."""
        return sorted(self._versions.get(form_id, {}).values(), key=lambda f: f.version_key)

    def get(self, form_id: str, version: str | None = None) -> Form:
        versions = self._versions.get(form_id)
        if not versions:
            raise NotFoundError(
                tr(
                    'There is no checklist "{form_id}". Run "inspector forms list" to see the '
                    "available ones.",
                    form_id=form_id,
                )
            )
        if version is None:
            return max(versions.values(), key=lambda f: f.version_key)
        try:
            return versions[version]
        except KeyError:
            raise NotFoundError(
                tr(
                    'The checklist "{form_id}" has no version {version} (available: {available}).',
                    form_id=form_id,
                    version=version,
                    available=", ".join(f.version for f in self.versions(form_id)),
                )
            ) from None

    def for_site(self, kind: SiteKind | str, designations: Iterable[Designation | str] = ()) -> list[Form]:
        """The checklists that fit a site of ``kind`` holding ``designations``, the default first.

        Which checklist fits is the checklists' data (``site_kinds`` and ``designations``). Those a
        designation calls for come first (in the order ultrasound, termination, delivery), then those
        for the kind; built-in before an office's own, then by id. Per id this is the highest version
        that fits: if an office's newer clinic checklist drops ``unlicensed``, unlicensed sites keep the
        built-in one instead of having none.
        """
        kind = SiteKind(kind)
        held = [d for d in Designation if d in {Designation(x) for x in designations}]
        ranked: list[tuple[tuple[int, int, str], Form]] = []
        for form_id in sorted(self._versions):
            fitting = [
                f for f in self.versions(form_id) if kind in f.site_kinds or set(held) & set(f.designations)
            ]
            if not fitting:
                continue
            form = fitting[-1]
            by_designation = [i for i, d in enumerate(held) if d in form.designations]
            rank = by_designation[0] if by_designation else len(Designation)
            ranked.append(((rank, int(form.origin != BUILTIN), form.id), form))
        return [form for _, form in sorted(ranked, key=lambda pair: pair[0])]

    def default_for_site(self, kind: SiteKind | str, designations: Iterable[Designation | str] = ()) -> Form:
        """The checklist a new inspection of such a site starts with (:meth:`for_site`'s first)."""
        held = list(designations)
        forms = self.for_site(kind, held)
        if not forms:
            what = "、".join([site_kind_label(kind), *(designation_label(d) for d in held)])
            raise NotFoundError(
                tr(
                    "No checklist applies to {what}. Add one to the forms folder of the data directory "
                    "(its site_kinds or designations must name it), or choose a checklist by hand.",
                    what=what,
                )
            )
        return forms[0]


def _builtin_forms(catalogue: LegalCatalogue) -> list[Form]:
    folder = resources.files("inspector.forms") / "builtin"
    forms = []
    for ref in sorted(folder.iterdir(), key=lambda r: r.name):
        if ref.name.endswith(".toml"):
            form = load_form_bytes(ref.read_bytes(), ref.name, catalogue)
            forms.append(replace(form, source=f"{BUILTIN}:{ref.name}", origin=BUILTIN))
    return forms


def _ignored_reason(
    form: Form, path: Path, builtin: Form | None, user_seen: dict[tuple[str, tuple[int, ...]], Path]
) -> str | None:
    """Why a valid office form is not used, or ``None`` when it is."""
    if builtin is not None and form.version_key <= builtin.version_key:
        return tr(
            '{file}: ignored: version {version} of "{form_id}" is not higher than the built-in '
            "version {builtin}; raise the version to replace the built-in checklist",
            file=path.name,
            version=form.version,
            form_id=form.id,
            builtin=builtin.version,
        )
    first = user_seen.get((form.id, form.version_key))
    if first is not None:
        return tr(
            '{file}: ignored: version {version} of "{form_id}" is already defined in {other}',
            file=path.name,
            version=form.version,
            form_id=form.id,
            other=first.name,
        )
    return None


def load_registry(user_forms_dir: Path | None = None) -> FormRegistry:
    """Load the built-in checklists and the office's; never fails because of an office's file."""
    problems: list[SkippedForm] = []
    catalogue = load_legal_catalogue()
    if user_forms_dir is not None:
        legal_file = user_forms_dir / USER_LEGAL_FILE
        try:
            catalogue = load_legal_catalogue(legal_file)
        except FormError as err:
            problems.append(SkippedForm(legal_file, tuple(err.problems), invalid=True))
    forms = _builtin_forms(catalogue)
    builtin_versions = {form.id: form for form in forms}
    if user_forms_dir is not None:
        try:
            paths = sorted(p for p in user_forms_dir.glob("*.toml") if p.name != USER_LEGAL_FILE)
        except OSError as err:
            paths = []
            problems.append(
                SkippedForm(
                    user_forms_dir,
                    (tr("cannot read the folder: {reason}", reason=os_reason(err)),),
                    invalid=True,
                )
            )
        user_seen: dict[tuple[str, tuple[int, ...]], Path] = {}
        for path in paths:
            try:
                form = replace(load_form_file(path, catalogue), origin=USER)
            except FormError as err:
                problems.append(SkippedForm(path, tuple(err.problems), invalid=True))
                continue
            reason = _ignored_reason(form, path, builtin_versions.get(form.id), user_seen)
            if reason is not None:
                problems.append(SkippedForm(path, (reason,), invalid=False))
                continue
            user_seen[(form.id, form.version_key)] = path
            forms.append(form)
    return FormRegistry(forms, problems, catalogue)
