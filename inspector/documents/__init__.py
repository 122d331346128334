"""The Word documents of an inspection, without Qt and without the database.

- :mod:`~inspector.documents.schema`: the placeholders a template may use, per document kind.
- :mod:`~inspector.documents.context`: the render context (plain JSON) built from an inspection.
- :mod:`~inspector.documents.render`: docxtpl rendering into reproducible .docx bytes.
- :mod:`~inspector.documents.package`: the byte-for-byte reproducible package writer, atomic writes.
- :mod:`~inspector.documents.templates`: built-in / office templates, their archive, the checker.
- :mod:`~inspector.documents.pdf`: PDF through LibreOffice and page images through pdftoppm.

Numbers, issuing and the evidence rules live in :mod:`inspector.services.documents` and
:mod:`inspector.services.numbering`.
"""
