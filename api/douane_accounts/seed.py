"""The Douane account of the demo RNOCE user (api/accounts/seed.py), so « Actualiser vos
données », « Annuler votre compte » and « Restaurer votre compte » can be tried locally.
Invented data; nothing comes from the guides' screenshots.

Run with the demo users (`python -m api.accounts seed`); adds the account only if missing."""

from sqlalchemy.orm import Session

from api.accounts import service as accounts
from api.douane_accounts import service
from api.douane_accounts.models import DouaneAccount

DEMO_LOGIN = "demo.rnoce@example.ma"
DEMO_ACCOUNT = {
    "entity_type": "personne_morale",
    "operator_type": "exportateur",
    "ice": "000000000000003",
    "rc_number": "900003",
    "identifiant_fiscal": "90000003",
    "rc_centre": "Casablanca",
    "raison_sociale": "Société Démo Export",
}


def seed(*, db: Session) -> DouaneAccount | None:
    """Opens the demo RNOCE user's Douane account if that user exists without one; returns
    the account created, else None. Commits."""
    owner = accounts.get_by_login(db=db, realm=service.REALM, login=DEMO_LOGIN)
    if owner is None or service.get_account(db=db, owner_user_id=owner.id) is not None:
        return None
    account = service.open_account(db=db, owner=owner, **DEMO_ACCOUNT)
    db.commit()
    return account
