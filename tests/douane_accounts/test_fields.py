"""The declared fields run through the procedures engine's own check (what the conversation
will do): the engine parses, then the rules of api/douane_accounts/rules.py decide."""

from typing import Any

import pytest

from api.douane_accounts import fields, rules
from api.procedures import service as engine
from api.procedures.definitions import Context, Field, Refusal


def check(field: Field, raw: Any, **data: Any) -> Any:
    ctx = Context(portal="rnoce", lang="en", data=data)
    return engine.check_value(db=None, draft=None, field=field, raw=raw, ctx=ctx)  # type: ignore[arg-type]


def refused(field: Field, raw: Any, **data: Any) -> str:
    with pytest.raises(Refusal) as caught:
        check(field, raw, **data)
    return engine.refusal_text(caught.value, field=field, lang="en")


def test_the_engine_runs_the_rules() -> None:
    assert check(fields.ICE, "001 234 567 000 089") == "001234567000089"
    assert refused(fields.ICE, "12345678901234") == (
        '"ICE number" must be exactly 15 digits (you entered 14).'
    )
    assert check(fields.OPERATOR_TYPE, "transitaire") == "transitaire"
    assert check(fields.CANCELLATION_FIELDS[0], "Radiation") == "radiation"
    assert "must not be more than 3 months old" in refused(fields.MODELE_J_DATE, "01/01/2020")


def test_documents_are_asked_when_the_guide_says() -> None:
    transitaire = Context(
        portal="rnoce",
        lang="fr",
        data={
            "raison_sociale": "Nouveau Nom SARL",
            rules.ACCOUNT_KEY: {"operator_type": "transitaire", "raison_sociale": "Ancien SARL"},
        },
    )
    by_name = {f.name: f for f in fields.CANCELLATION_FIELDS}

    assert fields.ADII_DECISION.required_when is not None
    assert fields.ADII_DECISION.required_when(transitaire)
    assert by_name["judgement"].accept == ("application/pdf",)
    assert by_name["modele_j"].required_when is rules.needs_radiation_modele_j
    assert fields.RESTORATION_FIELDS[0].name == "handwritten_request"
    for field in (
        *fields.MODIFICATION_FIELDS,
        *fields.CANCELLATION_FIELDS,
        *fields.RESTORATION_FIELDS,
    ):
        assert set(field.label) == set(field.question) == {"fr", "ar", "en"}, field.name
