"""Operators the local BADR stand-in knows (api/subscriptions/badr.py), so the check has
a registered answer offline. Invented companies and numbers.

Run with the demo users (`python -m api.accounts seed`); adds only those missing."""

from typing import Any

from sqlalchemy.orm import Session

from api.subscriptions.models import BadrOperator

KNOWN_OPERATORS: tuple[dict[str, Any], ...] = (
    {
        "ice": "001122334455667",
        "if_number": "4455661",
        "rc": "90817",
        "rc_centre": "81 CASABLANCA",
        "operator_type": "importateur",
        "company": {
            "entity_type": "personne_morale",
            "raison_sociale": "Démo Atlas Import SARL",
            "start_date": "2015-03-02",
            "head_office": "12 rue de l'Exemple, Casablanca",
            "city": "Casablanca",
            "activity_sector": "(4690) Commerce de gros non spécialisé",
            "sigle": "DAI",
            "enseigne": "Atlas Import Démo",
            "phone": "0522000101",
        },
    },
    {
        "ice": "001122334455668",
        "if_number": "4455662",
        "rc": "71234",
        "rc_centre": "61 TANGER",
        "operator_type": "exportateur",
        "company": {
            "entity_type": "personne_morale",
            "raison_sociale": "Démo Détroit Export SA",
            "start_date": "2011-09-15",
            "head_office": "5 avenue Fictive, Tanger",
            "city": "Tanger",
            "sigle": "DDE",
            "enseigne": "Détroit Export Démo",
        },
    },
    {
        "ice": "001122334455669",
        "if_number": "4455663",
        "rc": "55120",
        "rc_centre": "3 RABAT",
        "operator_type": "transitaire",
        "company": {
            "entity_type": "personne_morale",
            "raison_sociale": "Démo Transit Conseil SARL",
            "start_date": "2018-01-08",
            "city": "Rabat",
            "agrement": "AGR-DEMO-0042",
        },
    },
)


def seed(*, db: Session) -> int:
    """Adds the known operators missing; how many were added."""
    added = 0
    for operator in KNOWN_OPERATORS:
        if db.get(BadrOperator, operator["ice"]) is None:
            db.add(BadrOperator(**operator))
            added += 1
    db.commit()
    return added
