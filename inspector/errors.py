"""Two kinds of failure, kept apart on purpose.

:class:`UserError` is caused by the environment or by what a person typed (a bad file, a locked
database, a missing template). It carries a translated message that says what is wrong and what to
do; the UI shows it in a dialog or next to the field, the CLI prints it and exits with status 2.
Anything else is a bug and is reported as one, never dressed up as a user message.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can understand and fix; ``str(err)`` is already translated."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class ValidationError(UserError):
    """Input refused before anything was written; ``problems`` lists every reason, field by field."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        text = "\n".join(f"{field}: {msg}" if field else msg for field, msg in problems)
        super().__init__(text, field=problems[0][0] if problems else None)


class NotFoundError(UserError):
    """A record named by the user (an id, a code) does not exist."""


class PermissionDenied(UserError):
    """The signed-in user's role does not allow the action; enforced in the core, not only the UI."""


class DatabaseError(UserError):
    """The database cannot be opened or written: locked, corrupt, from a newer version, unreachable."""
