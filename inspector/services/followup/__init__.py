"""Rectification follow-up, by what each part holds.

- :mod:`~inspector.services.followup.views`: the frozen views of a rectification, the calendar rules
  they show (deadlines, overdue) and the loading of one rectification;
- :mod:`~inspector.services.followup.machine`: the state machine, the only place a status changes;
- :mod:`~inspector.services.followup.reinspection`: the re-inspection of the failed items and its
  result;
- :mod:`~inspector.services.followup.board`: the supervisor board's page, counts and filters.

Nothing here issues or serves a document: a user's action that does both (a notice opens the
rectification, the 复查意见书 records the result) is a workflow in :mod:`inspector.workflows`, so this
package and :mod:`inspector.services.documents` never import each other.
"""
