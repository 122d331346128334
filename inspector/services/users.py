"""People: inspectors with their 执法证号, office staff, supervisors, administrators.

Law enforcement needs two officers per inspection, each identified by a 执法证号 printed on every
document, so the number's form is checked here once instead of in every dialog.

Accounts are managed by an administrator (create, reset a password, change the role, deactivate,
unlock); the rules live here so the app and the command line obey the same ones. The office can never
lock itself out: the last active administrator who can sign in cannot be demoted or deactivated.
A fresh database has no accounts: :func:`needs_first_admin` tells the app to offer
:func:`create_first_admin`, which works only while no administrator can sign in.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inspector.domain import Role
from inspector.domain.office import MIN_DIGITS, cert_format_description
from inspector.errors import NotFoundError, PermissionDenied, UserError, ValidationError
from inspector.i18n import tr
from inspector.services import audit, auth, key_slots, throttle
from inspector.services import settings as settings_service
from inspector.services.actor import Actor
from inspector.storage.models import User
from inspector.storage.rows import view_of
from inspector.storage.types import utcnow

USERNAME_RE = re.compile(r"^[A-Za-z0-9_.\-]{2,64}$")


@dataclass(frozen=True)
class UserInput:
    username: str
    name: str
    role: str = Role.INSPECTOR.value
    cert_no: str | None = None
    unit: str = ""


@dataclass(frozen=True)
class UserView:
    id: uuid.UUID
    username: str
    name: str
    role: str
    cert_no: str | None
    unit: str
    active: bool
    has_password: bool = False
    locked_until: dt.datetime | None = None

    @property
    def label(self) -> str:
        return f"{self.name}（{self.cert_no}）" if self.cert_no else self.name

    @property
    def flags(self) -> list[str]:
        """What is unusual about the account (deactivated, no password, sign-in delayed), as the
        accounts dialog and ``inspector users list`` say it; empty for an account in use."""
        flags = []
        if not self.active:
            flags.append(tr("deactivated"))
        if not self.has_password:
            flags.append(tr("no password"))
        if self.locked_until:
            flags.append(tr("sign-in delayed until {time}", time=auth.local_time_text(self.locked_until)))
        return flags


def to_view(u: User) -> UserView:
    locked = u.locked_until if u.locked_until is not None and u.locked_until > utcnow() else None
    return view_of(UserView, u, has_password=bool(u.password_hash), locked_until=locked)


def validate_cert_no(session: Session, cert_no: str) -> str | None:
    """A translated message when ``cert_no`` is not a 执法证号 in this office's form, else None."""
    pattern = settings_service.load(session).cert_no_pattern
    if not re.match(pattern, cert_no) or sum(ch.isdigit() for ch in cert_no) < MIN_DIGITS:
        return tr(
            '"{no}" is not a valid 执法证号: use the number printed on the law-enforcement card ({form}).',
            no=cert_no,
            form=cert_format_description(pattern),
        )
    return None


def create_user(session: Session, actor: Actor, data: UserInput, *, password: str | None = None) -> UserView:
    """Add an account (administrators only). Without ``password`` the person cannot sign in until an
    administrator sets one (accounts that only appear on documents need none)."""
    actor.require(Role.ADMIN)
    return _create(session, actor, data, password)


def _create(session: Session, actor: Actor | None, data: UserInput, password: str | None) -> UserView:
    problems: list[tuple[str, str]] = []
    username, name, cert = data.username.strip(), data.name.strip(), (data.cert_no or "").strip() or None
    if not USERNAME_RE.match(username):
        problems.append(
            ("username", tr("The user name must be 2 to 64 letters, digits, dots, dashes or underscores."))
        )
    if not name or len(name) > 64:
        problems.append(("name", tr("The name is required (at most 64 characters).")))
    if data.role not in Role._value2member_map_:
        problems.append(("role", tr('Unknown role "{role}".', role=data.role)))
    if data.role == Role.INSPECTOR.value and not cert:
        problems.append(("cert_no", tr("An inspector needs a 执法证号.")))
    if cert:
        msg = validate_cert_no(session, cert)
        if msg:
            problems.append(("cert_no", msg))
    if session.execute(select(User.id).where(User.username == username)).first():
        problems.append(("username", tr("The user name {name} is taken.", name=username)))
    if password is not None:
        problems += [("password", msg) for msg in auth.password_problems(password, username)]
    if problems:
        raise ValidationError(problems)
    hashed = auth.hash_password(password) if password is not None else None
    user = User(
        id=uuid.uuid4(),
        username=username,
        name=name,
        role=data.role,
        cert_no=cert,
        unit=data.unit.strip(),
        password_hash=hashed,
    )
    session.add(user)
    session.flush()
    if password is not None:
        key_slots.password_set(session, username, password)
    view = to_view(user)
    audit.record(
        session,
        actor or _self(user),
        "create",
        "user",
        user.id,
        after={
            "username": username,
            "name": name,
            "role": data.role,
            "cert_no": cert,
            "password": password is not None,
        },
    )
    return view


def list_users(session: Session, *, role: str | None = None, active_only: bool = True) -> list[UserView]:
    q = select(User).order_by(User.name)
    if role:
        q = q.where(User.role == role)
    if active_only:
        q = q.where(User.active.is_(True))
    return [to_view(u) for u in session.execute(q).scalars()]


def get_user(session: Session, user_id: uuid.UUID) -> UserView:
    u = session.get(User, user_id)
    if u is None:
        raise NotFoundError(tr("No user with id {id}.", id=user_id))
    return to_view(u)


def find_user(session: Session, username: str) -> UserView:
    u = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if u is None:
        raise NotFoundError(tr("No user named {name}.", name=username))
    return to_view(u)


def actor_for(view: UserView) -> Actor:
    return Actor(user_id=view.id, name=view.name, role=Role(view.role))


# --- account management (administrators) ---------------------------------------------------------


def _self(u: User) -> Actor:
    return Actor(user_id=u.id, name=u.name, role=Role(u.role))


def _row(session: Session, user_id: uuid.UUID) -> User:
    u = session.get(User, user_id)
    if u is None:
        raise NotFoundError(tr("No user with id {id}.", id=user_id))
    return u


def _usable_admins(session: Session) -> int:
    """Active administrators who can sign in."""
    q = (
        select(func.count())
        .select_from(User)
        .where(User.role == Role.ADMIN.value, User.active.is_(True), User.password_hash.is_not(None))
    )
    return int(session.execute(q).scalar_one())


def _keep_an_admin(session: Session, before: int) -> None:
    """Refuse a change that leaves no administrator able to sign in (when there was one)."""
    session.flush()
    if before > 0 and _usable_admins(session) == 0:
        raise UserError(
            tr(
                "This would leave no active administrator who can sign in. Make another account "
                "an administrator first."
            )
        )


def needs_first_admin(session: Session) -> bool:
    """True while nobody can sign in as an administrator: the app then offers to create the first one."""
    return _usable_admins(session) == 0


def create_first_admin(session: Session, data: UserInput, password: str) -> UserView:
    """The first start of a fresh database: create an administrator without being signed in."""
    if not needs_first_admin(session):
        raise PermissionDenied(
            tr("An administrator already exists. Sign in as an administrator to add accounts.")
        )
    return _create(
        session,
        None,
        UserInput(
            username=data.username,
            name=data.name,
            role=Role.ADMIN.value,
            cert_no=data.cert_no,
            unit=data.unit,
        ),
        password,
    )


def set_password(session: Session, actor: Actor, user_id: uuid.UUID, new_password: str) -> UserView:
    """An administrator sets (resets) someone's password; this also lifts a lock-out."""
    actor.require(Role.ADMIN)
    u = _row(session, user_id)
    problems = auth.password_problems(new_password, u.username)
    if problems:
        raise ValidationError([("password", msg) for msg in problems])
    u.password_hash = auth.hash_password(new_password)
    throttle.clear(session, u.username)
    u.failed_logins = 0
    u.locked_until = None
    session.flush()
    if u.active:
        key_slots.password_set(session, u.username, new_password)
    audit.record(session, actor, "password.reset", "user", u.id)
    return to_view(u)


def change_own_password(session: Session, actor: Actor, current: str, new_password: str) -> UserView:
    """A signed-in person changes their own password, proving the current one."""
    if actor.user_id is None:
        raise UserError(tr("The built-in system account has no password."))
    u = _row(session, actor.user_id)
    if not auth.verify_password(current, u.password_hash):
        raise ValidationError([("current", tr("The current password is wrong."))])
    problems = auth.password_problems(new_password, u.username)
    if problems:
        raise ValidationError([("password", msg) for msg in problems])
    u.password_hash = auth.hash_password(new_password)
    session.flush()
    key_slots.password_set(session, u.username, new_password)
    audit.record(session, actor, "password.change", "user", u.id)
    return to_view(u)


def set_role(session: Session, actor: Actor, user_id: uuid.UUID, role: str) -> UserView:
    actor.require(Role.ADMIN)
    if role not in Role._value2member_map_:
        raise ValidationError([("role", tr('Unknown role "{role}".', role=role))])
    u = _row(session, user_id)
    if role == u.role:
        return to_view(u)
    if role == Role.INSPECTOR.value and not u.cert_no:
        raise ValidationError([("cert_no", tr("An inspector needs a 执法证号."))])
    admins = _usable_admins(session)
    before = u.role
    u.role = role
    _keep_an_admin(session, admins)
    audit.record(session, actor, "role", "user", u.id, before={"role": before}, after={"role": role})
    return to_view(u)


def set_active(session: Session, actor: Actor, user_id: uuid.UUID, active: bool) -> UserView:
    """Deactivate (or reactivate) an account; deactivated people cannot sign in, their records stay."""
    actor.require(Role.ADMIN)
    u = _row(session, user_id)
    if not active and actor.user_id == u.id:
        raise UserError(tr("You cannot deactivate your own account."))
    if u.active == active:
        return to_view(u)
    admins = _usable_admins(session)
    u.active = active
    _keep_an_admin(session, admins)
    if not active:
        # The password no longer opens the data; reactivating needs a new password (set_password).
        key_slots.account_closed(session, u.username)
    elif key_slots.is_encrypted(session) and not key_slots.has_slot(session, u.username):
        u.password_hash = None  # shown as "no password": an administrator sets a new one
        session.flush()
    audit.record(session, actor, "activate" if active else "deactivate", "user", u.id)
    return to_view(u)


def unlock(session: Session, actor: Actor, user_id: uuid.UUID) -> UserView:
    """Lift the sign-in delay of an account from every computer (after failed attempts)."""
    actor.require(Role.ADMIN)
    u = _row(session, user_id)
    throttle.clear(session, u.username)
    key_slots.waits_lifted(session, u.username)
    u.failed_logins = 0
    u.locked_until = None
    session.flush()
    audit.record(session, actor, "unlock", "user", u.id)
    return to_view(u)


def update_user(
    session: Session,
    actor: Actor,
    user_id: uuid.UUID,
    *,
    name: str | None = None,
    cert_no: str | None = None,
    unit: str | None = None,
) -> UserView:
    """Change a person's name, 执法证号 or unit (administrators only)."""
    actor.require(Role.ADMIN)
    u = _row(session, user_id)
    before = {"name": u.name, "cert_no": u.cert_no, "unit": u.unit}
    problems: list[tuple[str, str]] = []
    cert_given = cert_no is not None
    if name is not None:
        name = name.strip()
        if not name or len(name) > 64:
            problems.append(("name", tr("The name is required (at most 64 characters).")))
    if cert_no is not None:
        cert_no = cert_no.strip() or None
        if cert_no:
            msg = validate_cert_no(session, cert_no)
            if msg:
                problems.append(("cert_no", msg))
        elif u.role == Role.INSPECTOR.value:
            problems.append(("cert_no", tr("An inspector needs a 执法证号.")))
    if problems:
        raise ValidationError(problems)
    if name is not None:
        u.name = name
    if cert_given:
        u.cert_no = cert_no
    if unit is not None:
        u.unit = unit.strip()
    session.flush()
    audit.record(
        session,
        actor,
        "update",
        "user",
        u.id,
        before=before,
        after={"name": u.name, "cert_no": u.cert_no, "unit": u.unit},
    )
    return to_view(u)
