"""Demo users, one per role, so a person trying TijarIA locally can sign in.

Created on the first start only (`make run` calls `python -m api.accounts seed`).
Their data is invented; nothing comes from the guides' screenshots.
"""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.accounts import service, totp
from api.accounts.models import User, UserCreate
from api.database import utcnow

DEMO_PASSWORD = "Portnet-Demo-2026!"
# The RNOCE private space asks for 4+ alphanumeric characters only.
DEMO_RNOCE_PASSWORD = "demo2026"

DEMO_USERS: tuple[UserCreate, ...] = (
    UserCreate(
        login="demo.operateur",
        email="demo.operateur@example.ma",
        display_name="Opérateur Démo",
        role="operator",
        organisation="Société Démo Import SARL",
        ice="000000000000001",
        profile="Importateur",
        password=DEMO_PASSWORD,
        is_demo=True,
    ),
    UserCreate(
        login="demo.douane",
        email="demo.douane@example.ma",
        display_name="Utilisateur Douane Démo",
        role="administration",
        administration="douane",
        password=DEMO_PASSWORD,
        is_demo=True,
    ),
    UserCreate(
        login="demo.banque",
        email="demo.banque@example.ma",
        display_name="Utilisateur Banque Démo",
        role="administration",
        administration="banques",
        organisation="Banque Démo du Maroc",
        password=DEMO_PASSWORD,
        is_demo=True,
    ),
    UserCreate(
        login="demo.mic",
        email="demo.mic@example.ma",
        display_name="Utilisateur MIC Démo",
        role="administration",
        administration="mic",
        password=DEMO_PASSWORD,
        is_demo=True,
    ),
    UserCreate(
        login="demo.agent",
        email="demo.agent@example.ma",
        display_name="Agent PORTNET Démo",
        role="agent",
        password=DEMO_PASSWORD,
        is_demo=True,
    ),
    UserCreate(
        login="demo.staff",
        email="demo.staff@example.ma",
        display_name="Équipe PORTNET Démo",
        role="staff",
        password=DEMO_PASSWORD,
        is_demo=True,
    ),
    UserCreate(
        realm="rnoce",
        login="demo.rnoce@example.ma",
        email="demo.rnoce@example.ma",
        display_name="Société Démo Export",
        role="operator",
        organisation="Société Démo Export",
        address="Casablanca",
        phone="0500000000",
        password=DEMO_RNOCE_PASSWORD,
        is_demo=True,
    ),
)
# Signs in for the first time, so the enrolment QR code shows.
NOT_ENROLLED = {"demo.staff"}


@dataclass(frozen=True)
class SeededUser:
    user: User
    password: str


def seed(*, db: Session) -> list[SeededUser]:
    """Creates the demo users that do not exist yet; returns those it created. Commits."""
    created: list[SeededUser] = []
    for user_in in DEMO_USERS:
        if service.get_by_login(db=db, realm=user_in.realm, login=user_in.login) is not None:
            continue
        user = service.create(db=db, user_in=user_in)
        if user.realm == "rnoce":
            user.email_confirmed_at = utcnow()
        elif user.login not in NOT_ENROLLED:
            user.totp_secret = totp.new_secret()
        created.append(SeededUser(user=user, password=user_in.password or ""))
    db.commit()
    return created


def demo_users(*, db: Session) -> list[User]:
    return list(
        db.scalars(select(User).where(User.is_demo.is_(True)).order_by(User.realm, User.role))
    )


def current_demo_code(*, db: Session, login: str) -> str | None:
    """The TOTP code a demo user's authenticator would show now (demo users only)."""
    user = service.get_by_login(db=db, realm="portnet", login=login)
    if user is None or not user.is_demo:
        return None
    secret = user.totp_secret or user.totp_pending_secret
    return totp.current_code(secret) if secret else None
