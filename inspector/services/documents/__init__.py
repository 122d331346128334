"""The office's enforcement documents, by what each part holds.

- :mod:`~inspector.services.documents.views`: issued documents as the UI and the CLI see them, and
  the documents page's list;
- :mod:`~inspector.services.documents.building`: the render context and file name of a document;
- :mod:`~inspector.services.documents.issuing`: what may be issued, the issue dialog's draft, issuing
  (number, file, row) and previews;
- :mod:`~inspector.services.documents.serving`: recording that a document was served (送达);
- :mod:`~inspector.services.documents.evidence`: regenerating, checking and restoring issued files;
- :mod:`~inspector.services.documents.export`: the documents of a period, verified, into a folder.

Nothing here changes a rectification: the workflows in :mod:`inspector.workflows` issue a notice and
open its rectification (or issue a 复查意见书 and record the re-inspection's result) together, so this
package and :mod:`inspector.services.followup` never import each other.
"""
