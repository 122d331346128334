"""The user's actions that span several services, each one function and one transaction.

Issuing a notice opens the rectification; recording a re-inspection's 复查意见书 moves the
rectification on; opening a case gathers the inspection's evidence. When such an action is two
service calls made by whoever drives it, one screen forgets the second call and a record is left
stranded. So every page, dialog and command calls the function here, which calls the services in
order inside the caller's transaction and returns what it changed (:class:`Changes`), so the
interface refreshes exactly what depends on it.
"""
