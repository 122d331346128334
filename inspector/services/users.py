"""People: inspectors with their 执法证号, office staff, supervisors, administrators.

Law enforcement needs two officers per inspection, each identified by a 执法证号 printed on every
document, so the number's form is checked here once instead of in every dialog.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector.errors import NotFoundError, ValidationError
from inspector.i18n import tr
from inspector.services import audit
from inspector.services import settings as settings_service
from inspector.services.actor import Actor
from inspector.storage.models import Role, User

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

    @property
    def label(self) -> str:
        return f"{self.name}（{self.cert_no}）" if self.cert_no else self.name


def to_view(u: User) -> UserView:
    return UserView(id=u.id, username=u.username, name=u.name, role=u.role, cert_no=u.cert_no, unit=u.unit,
                    active=u.active)


def validate_cert_no(session: Session, cert_no: str) -> str | None:
    """A translated message when ``cert_no`` is not a 执法证号 in this office's form, else None."""
    pattern = settings_service.load(session).cert_no_pattern
    if not re.match(pattern, cert_no) or sum(ch.isdigit() for ch in cert_no) < 4:
        return tr("\"{no}\" is not a valid 执法证号: use the number printed on the law-enforcement card "
                  "(6 to 32 characters with at least 4 digits).", no=cert_no)
    return None


def create_user(session: Session, actor: Actor, data: UserInput) -> UserView:
    actor.require(Role.ADMIN, Role.SUPERVISOR)
    problems: list[tuple[str, str]] = []
    username, name, cert = data.username.strip(), data.name.strip(), (data.cert_no or "").strip() or None
    if not USERNAME_RE.match(username):
        problems.append(("username", tr("The user name must be 2 to 64 letters, digits, dots, dashes or "
                                        "underscores.")))
    if not name or len(name) > 64:
        problems.append(("name", tr("The name is required (at most 64 characters).")))
    if data.role not in Role._value2member_map_:
        problems.append(("role", tr("Unknown role \"{role}\".", role=data.role)))
    if data.role == Role.INSPECTOR.value and not cert:
        problems.append(("cert_no", tr("An inspector needs a 执法证号.")))
    if cert:
        msg = validate_cert_no(session, cert)
        if msg:
            problems.append(("cert_no", msg))
    if session.execute(select(User.id).where(User.username == username)).first():
        problems.append(("username", tr("The user name {name} is taken.", name=username)))
    if problems:
        raise ValidationError(problems)
    user = User(id=uuid.uuid4(), username=username, name=name, role=data.role, cert_no=cert,
                unit=data.unit.strip())
    session.add(user)
    session.flush()
    view = to_view(user)
    audit.record(session, actor, "create", "user", user.id,
                 after={"username": username, "name": name, "role": data.role, "cert_no": cert})
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
