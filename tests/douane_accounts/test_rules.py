"""The field rules as the procedures engine calls them: `(value, context) -> value`, or
Refusal(code, **params) naming the rule."""

from datetime import date, timedelta
from typing import Any

import pytest

from api import i18n
from api.douane_accounts import rules
from api.douane_accounts import texts as _texts  # noqa: F401 - registers the refusals
from api.procedures.definitions import Context, Refusal


def context(**data: Any) -> Context:
    return Context(portal="rnoce", lang="fr", data=data)


def refusal(rule: Any, value: Any, ctx: Context | None = None) -> Refusal:
    with pytest.raises(Refusal) as caught:
        rule(value, ctx or context())
    return caught.value


@pytest.mark.parametrize("typed", ["001234567000089", " 001 234 567 000 089 "])
def test_ice_of_15_digits(typed: str) -> None:
    assert rules.ice(typed, context()) == "001234567000089"


@pytest.mark.parametrize(
    ("typed", "length"),
    [
        ("00123456700008", 14),
        ("0012345670000891", 16),
        ("00123456700008A", 15),
        ("٠٠١٢٣٤٥٦٧٠٠٠٠٨٩", 15),
    ],
)
def test_ice_of_another_length_or_with_letters_is_refused(typed: str, length: int) -> None:
    refused = refusal(rules.ice, typed)

    assert (refused.code, refused.params) == ("douane_ice_format", {"length": length})


def test_a_blank_field_is_required() -> None:
    assert refusal(rules.raison_sociale, "   ").code == "douane_field_required"
    assert refusal(rules.ice, None).code == "douane_field_required"


def test_choices_by_value_or_label_in_any_language() -> None:
    assert rules.operator_type("Transitaire", context()) == "transitaire"
    assert rules.operator_type("مستورد", context()) == "importateur"
    assert (
        rules.cancellation_reason("Liquidation judiciaire", context()) == "liquidation_judiciaire"
    )
    refused = refusal(rules.cancellation_reason, "fusion")
    assert refused.code == "douane_choice_unknown"
    assert i18n.text(refused.code, "en", label="Reason", **refused.params).endswith(
        "(Judicial liquidation, Striking off (radiation))."
    )


@pytest.mark.parametrize(
    ("day", "three_months_before"),
    [
        (date(2026, 12, 2), date(2026, 9, 2)),
        (date(2026, 5, 31), date(2026, 2, 28)),
        (date(2028, 5, 31), date(2028, 2, 29)),
        (date(2026, 2, 15), date(2025, 11, 15)),
    ],
)
def test_months_before(day: date, three_months_before: date) -> None:
    assert rules.months_before(day, 3) == three_months_before


def test_modele_j_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rules, "today", lambda: date(2026, 12, 2))

    assert rules.modele_j_date("02/09/2026", context()) == "2026-09-02"
    assert rules.modele_j_date("2026-12-02", context()) == "2026-12-02"
    assert rules.modele_j_date(date(2026, 10, 1), context()) == "2026-10-01"
    old = refusal(rules.modele_j_date, "01/09/2026")
    assert old.code == "douane_modele_j_too_old"
    assert old.params == {"date": "01/09/2026", "oldest": "02/09/2026", "months": 3}
    assert refusal(rules.modele_j_date, "03/12/2026").code == "douane_date_in_future"
    assert refusal(rules.modele_j_date, "demain").code == "douane_invalid_date"
    assert refusal(rules.modele_j_date, "").code == "douane_field_required"


def test_the_adii_decision_is_needed_for_a_transitaire_changing_its_raison_sociale() -> None:
    account = {"operator_type": "transitaire", "raison_sociale": "Transit Essai SARL"}
    changing = context(raison_sociale="Transit Essai Nouveau SARL", douane_account=account)
    same_name = context(raison_sociale=" Transit  Essai SARL", douane_account=account)
    importer = context(
        raison_sociale="Autre SARL",
        douane_account={"operator_type": "importateur", "raison_sociale": "Essai SARL"},
    )

    assert rules.needs_adii_decision(changing)
    assert not rules.needs_adii_decision(same_name) and not rules.needs_adii_decision(importer)
    assert (
        refusal(rules.adii_decision_given, None, changing).code == "douane_adii_decision_required"
    )
    assert rules.adii_decision_given(["upload-1"], changing) == ["upload-1"]
    assert rules.adii_decision_given(None, importer) is None


def test_documents_required_by_the_cancellation_reason_and_the_restoration_proof() -> None:
    assert rules.needs_judgement(context(reason="liquidation_judiciaire"))
    assert not rules.needs_judgement(context(reason="radiation"))
    assert rules.needs_radiation_modele_j(context(reason="radiation"))
    assert rules.needs_restoration_modele_j(context(proof="modele_j"))
    assert rules.needs_general_assembly_minutes(context(proof="general_assembly_minutes"))
    assert rules.CANCELLATION_DOCUMENT_TYPES == ("application/pdf",)
    assert "image/png" in rules.MODIFICATION_DOCUMENT_TYPES


def test_reason_and_comment() -> None:
    assert rules.restoration_reason("  Reprise  d'activité ", context()) == "Reprise d'activité"
    assert refusal(rules.restoration_reason, " ").code == "douane_field_required"
    assert rules.comment("  ", context()) is None
    assert (
        refusal(rules.comment, "x" * (rules.MAX_REASON_CHARS + 1)).code == "douane_field_too_long"
    )


def test_every_refusal_is_told_in_three_languages() -> None:
    codes = [
        "douane_field_required",
        "douane_field_too_long",
        "douane_choice_unknown",
        "douane_ice_format",
        "douane_invalid_date",
        "douane_date_in_future",
        "douane_modele_j_too_old",
        "douane_adii_decision_required",
        "douane_document_pdf_only",
        "douane_restoration_proof_required",
    ]
    params = {
        "label": "L",
        "limit": 1,
        "length": 2,
        "choices": "a",
        "date": "d",
        "oldest": "o",
        "months": 3,
    }
    for code in codes:
        texts = {lang: i18n.text(code, lang, **params) for lang in ("fr", "ar", "en")}
        assert len(set(texts.values())) == 3, code
        assert all("L" in text for text in texts.values()), code


def test_today_is_utc() -> None:
    assert abs(rules.today() - date.today()) <= timedelta(days=1)
