"""Cases (立案查处), by what each part holds.

- :mod:`~inspector.services.cases.views`: the frozen views of a case, its kept items and interviews;
- :mod:`~inspector.services.cases.deadlines`: the two time limits (立案 within 7 days of discovery,
  a decision on kept items within 7 days), computed for a given day;
- :mod:`~inspector.services.cases.machine`: the state machine, the only place a status changes, and
  the supervisor's decisions (立案, 不予立案, 移送, 作出处理, 结案);
- :mod:`~inspector.services.cases.opening`: proposing a case (待立案) and editing it before approval;
- :mod:`~inspector.services.cases.evidence`: 证据先行登记保存, the item list, its photos, the decision;
- :mod:`~inspector.services.cases.interviews`: 询问笔录, question and answer pairs;
- :mod:`~inspector.services.cases.board`: the case list, the undecided kept items for the
  supervisor's board, the inspections waiting for a case;
- :mod:`~inspector.services.cases.identity`: the check of a 身份证号.

Nothing here issues a document or moves a rectification: a user's action that does several of these
is a workflow in :mod:`inspector.workflows.cases`.
"""
