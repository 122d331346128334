"""Who the tests' command lines run as.

Commands that change anything need ``--as USER`` and the password (``inspector/cli/context.py``).
The ``cli_as`` fixture (``tests/conftest.py``) calls :func:`ensure_account` and sets
``INSPECTOR_PASSWORD``: ``cli_as(config_or_data_dir)`` acts as an administrator ``cli-admin``,
``cli_as(where, "zhang")`` as an existing account of the test's world, given the test password.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from inspector.config import Config
from inspector.services import auth, unlock, users
from inspector.services.actor import SYSTEM
from inspector.storage.db import open_database
from inspector.storage.models import User

CLI_ADMIN = "cli-admin"
CLI_PASSWORD = "cli-pass-123"
CliAs = Callable[..., list[str]]


def ensure_account(config: Config, username: str = CLI_ADMIN) -> None:
    """``username`` exists in the database (an administrator when it is new) with the test password
    (and, in an encrypted directory, a key slot for it: ``--as`` unlocks with it)."""
    if config.key is None and unlock.data_state(config) is unlock.DataState.ENCRYPTED:
        from tests.conftest import RECOVERY_CODES

        config = unlock.unlock_with_recovery(config, RECOVERY_CODES[config.data_dir])
    database = open_database(config)
    try:
        with database.write() as s:
            user = s.execute(select(User).where(User.username == username)).scalar_one_or_none()
            if user is None:
                data = users.UserInput(username, "命令行管理员", role="admin")
                users.create_user(s, SYSTEM, data, password=CLI_PASSWORD)
            elif not auth.verify_password(CLI_PASSWORD, user.password_hash):
                users.set_password(s, SYSTEM, user.id, CLI_PASSWORD)
    finally:
        database.close()
