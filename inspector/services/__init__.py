"""Domain services: typed functions that take a Session, enforce the rules and return dataclasses.

The caller owns the transaction (``with db.write() as s: ...``); services never commit, so one user
action is exactly one transaction whether it comes from the UI, the CLI or a test.
"""
