"""Filling a template with a context: docxtpl (Jinja in Word XML), then the reproducible package writer.

The context is plain JSON (what :class:`~inspector.storage.models.Document` stores); only here is it
turned into what docxtpl needs: each photo gets an ``image`` (an ``InlineImage`` of its working copy,
fitted into the appendix's picture box). Jinja runs in the template sandbox
(:mod:`inspector.documents.sandbox`: a template is data, never code; one that tries more than showing
fields is refused before it is filled), with autoescaping (a finding may contain ``<`` or ``&``) and
``StrictUndefined`` (a misspelt placeholder stops the document instead of leaving a hole in an
official paper).
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import io
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from docx.shared import Mm
from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError

from inspector.documents.package import docx_bytes
from inspector.documents.sandbox import (
    TemplateSandbox,
    paragraph_text,
    refusal_message,
    refusals,
    sandbox_environment,
    template_parts,
)
from inspector.errors import UserError
from inspector.i18n import tr

# The picture box of the photo appendix (the template's first column is 86 mm wide); three rows of
# 4:3 photos fit on an A4 page with the appendix heading.
PHOTO_BOX_MM = (80.0, 60.0)

ImageSource = Callable[[Mapping[str, Any]], Path | bytes]


class TemplateProblemError(UserError):
    """A template cannot be used: a Jinja syntax error, an unknown placeholder, an unreadable file."""


def jinja_environment() -> TemplateSandbox:
    """The environment every template is parsed and filled with: the sandbox, never plain Jinja."""
    return sandbox_environment()


_WALKED: dict[str, None] = {}  # hashes of templates the walk found clean (the same bytes, the same answer)


def refuse_unsafe(tpl: Any, template_name: str, sha256: str = "") -> None:
    """Refuse a template whose placeholders do more than show fields, before anything is filled.
    A part that does not parse is left to the render, which reports the syntax error."""
    if sha256 and sha256 in _WALKED:
        return
    env = jinja_environment()
    for part in template_parts(tpl):
        try:
            tree = env.parse(part.source)
        except TemplateSyntaxError:
            continue
        for refusal in refusals(tree):
            raise TemplateProblemError(
                tr(
                    "The template {name} was refused and nothing in it was run: {problem}",
                    name=template_name,
                    problem=refusal_message(refusal, paragraph_text(part, refusal.lineno)),
                )
            )
    if sha256:
        if len(_WALKED) >= 64:
            _WALKED.pop(next(iter(_WALKED)))
        _WALKED[sha256] = None


def _fit(size: tuple[int, int], box_mm: tuple[float, float]) -> tuple[Any, Any]:
    """Width and height (EMU) of a picture of ``size`` pixels fitted into ``box_mm``, aspect kept."""
    width, height = size
    box_w, box_h = box_mm
    if width <= 0 or height <= 0:
        return Mm(box_w), None
    scale = min(box_w / width, box_h / height)
    return Mm(width * scale), Mm(height * scale)


def _image_size(source: Path | bytes) -> tuple[int, int]:
    from PIL import Image

    with Image.open(io.BytesIO(source) if isinstance(source, bytes) else source) as image:
        return image.size


def render_docx(
    template: bytes,
    context: Mapping[str, Any],
    image_source: ImageSource | None,
    *,
    template_name: str,
) -> bytes:
    """The rendered document's bytes; identical for identical inputs.

    ``image_source(photo)`` gives the picture (path or bytes) of each entry of ``context["photos"]``;
    ``None`` renders the photos without pictures (only for previews of templates without data).
    The core properties' dates are ``context["issued_at"]``.
    """
    tpl = _open_template(template, template_name)
    refuse_unsafe(tpl, template_name, hashlib.sha256(template).hexdigest())
    data = _with_pictures(tpl, context, image_source)
    _fill(tpl, data, template_name)
    issued = dt.datetime.fromisoformat(str(context.get("issued_at") or "2000-01-01T00:00:00+00:00"))
    return docx_bytes(tpl.docx, issued)


def _open_template(template: bytes, template_name: str) -> Any:
    """The template as an initialised ``DocxTemplate``; a file that is not Word is the user's problem,
    said as such, whatever the zip or XML library raised."""
    from docxtpl import DocxTemplate

    try:
        tpl = DocxTemplate(io.BytesIO(template))
        tpl.init_docx()
    except Exception as err:  # a zip that is not a Word document fails in many ways
        raise TemplateProblemError(
            tr(
                "The template {name} is not a readable Word (.docx) file: {reason}",
                name=template_name,
                reason=str(err) or type(err).__name__,
            )
        ) from err
    return tpl


def _with_pictures(tpl: Any, context: Mapping[str, Any], image_source: ImageSource | None) -> dict[str, Any]:
    """A copy of the context (the caller's stays JSON) in which each photo has its ``image``: the
    picture fitted into the appendix's box, or empty where there is none."""
    from docxtpl import InlineImage

    data: dict[str, Any] = copy.deepcopy(dict(context))
    for photo in data.get("photos", []):
        source = image_source(photo) if image_source is not None else None
        if source is None:
            photo["image"] = ""
            continue
        width, height = _fit(_image_size(source), PHOTO_BOX_MM)
        descriptor = io.BytesIO(source) if isinstance(source, bytes) else str(source)
        photo["image"] = InlineImage(tpl, descriptor, width=width, height=height)
    return data


def _fill(tpl: Any, data: dict[str, Any], template_name: str) -> None:
    """Run the template's Jinja in the sandbox; each way a template can fail becomes a message that
    tells the office what to correct in Word."""
    try:
        tpl.render(data, jinja_env=jinja_environment(), autoescape=True)
    except SecurityError as err:  # the sandbox's own wall, behind the walk of refuse_unsafe
        raise TemplateProblemError(
            tr(
                "The template {name} was refused and nothing in it was run: a placeholder uses “{what}”, "
                "which a template may not do. A template may only show the fields that “inspector "
                "templates fields” lists.",
                name=template_name,
                what=str(err)[:80],
            )
        ) from err
    except TemplateSyntaxError as err:
        raise TemplateProblemError(
            tr(
                "The template {name} has a syntax error: {reason} (near “{where}”). Correct "
                "the placeholder in Word.",
                name=template_name,
                reason=err.message or "",
                where=_near(err),
            )
        ) from err
    except UndefinedError as err:
        raise TemplateProblemError(
            tr(
                "The template {name} uses a placeholder that does not exist: {reason}. Run "
                "“inspector templates check” on it.",
                name=template_name,
                reason=err.message or "",
            )
        ) from err
    except TemplateError as err:
        raise TemplateProblemError(
            tr(
                "The template {name} cannot be filled: {reason}",
                name=template_name,
                reason=err.message or type(err).__name__,
            )
        ) from err


def _near(err: TemplateSyntaxError) -> str:
    context = getattr(err, "docx_context", None)
    if context:
        lines = [line.strip() for line in context if line.strip()]
        return " / ".join(lines)[:160]
    return ""
