"""Rule by rule: each validator of api.subscriptions.rules, called as the procedures
engine calls it `(value, context)`, and the catalogue's conditions through
service.check_fields. No database."""

from datetime import date, timedelta
from typing import Any

import pytest

from api import i18n
from api.procedures.definitions import Context, Refusal
from api.subscriptions import catalog, rules, service


def ctx(**data: Any) -> Context:
    return Context(portal="rnoce", lang="fr", data=data)


def refused(validator: Any, value: Any, context: Context | None = None) -> Refusal:
    with pytest.raises(Refusal) as caught:
        validator(value, context or ctx())
    return caught.value


@pytest.mark.parametrize("value", ["00998877665544", "0099887766554433"])
def test_an_ice_of_14_or_16_characters_is_refused_naming_the_rule(value: str) -> None:
    refusal = refused(rules.ice, value)

    assert refusal.code == "subscription_ice_length"
    assert refusal.params == {"count": len(value)}
    message = i18n.text(refusal.code, "fr", **refusal.params)
    assert f"exactement 15 caractères (vous en avez saisi {len(value)})" in message


def test_an_ice_of_15_digits_is_accepted_spaces_ignored() -> None:
    assert rules.ice(" 009 988 776 655 443 ", ctx()) == "009988776655443"
    assert refused(rules.ice, "00998877665544A").code == "subscription_ice_digits"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("2" * 23, "subscription_rib_length"),
        ("2" * 25, "subscription_rib_length"),
        ("2" * 23 + "A", "subscription_rib_digits"),
        ("٢" * 24, "subscription_rib_digits"),  # Arabic-Indic digits are not the RIB's
    ],
)
def test_a_rib_is_exactly_24_digits(value: str, code: str) -> None:
    assert refused(rules.rib, value).code == code


def test_a_rib_of_24_digits_is_accepted() -> None:
    assert rules.rib("2307 8000 0000 0000 0000 0011", ctx()) == "230780000000000000000011"


@pytest.mark.parametrize(
    "value", ["0522123456", "06 61 00 00 00", "+212 661000000", "00212522123456"]
)
def test_moroccan_phones_are_accepted_and_normalised(value: str) -> None:
    assert rules.phone(value, ctx()).startswith("0")
    assert len(rules.phone(value, ctx())) == 10


@pytest.mark.parametrize("value", ["12345", "0122123456", "05221234567", "téléphone"])
def test_other_phones_are_refused(value: str) -> None:
    assert refused(rules.phone, value).code == "subscription_phone_invalid"


def test_emails() -> None:
    assert rules.email(" Contact@Essai-Demo.MA ", ctx()) == "contact@essai-demo.ma"
    for bad in ("contact", "contact@", "a@b", "a b@c.ma"):
        assert refused(rules.email, bad).code == "subscription_email_invalid"


def test_dates() -> None:
    assert rules.past_date("02/05/2019", ctx()) == "2019-05-02"
    assert rules.past_date("2019-05-02", ctx()) == "2019-05-02"
    assert refused(rules.past_date, "31/02/2019").code == "subscription_date_invalid"
    assert refused(rules.past_date, "hier").code == "subscription_date_invalid"
    tomorrow = (date.today() + timedelta(days=2)).strftime("%d/%m/%Y")
    assert refused(rules.past_date, tomorrow).code == "subscription_date_future"
    yesterday = (date.today() - timedelta(days=2)).strftime("%d/%m/%Y")
    assert refused(rules.valid_until, yesterday).code == "subscription_date_expired"
    assert rules.valid_until(tomorrow, ctx()) > date.today().isoformat()


def test_identity_numbers_follow_the_id_type() -> None:
    assert rules.identity_number("zz 999001", ctx(id_type="cin")) == "ZZ999001"
    assert refused(rules.identity_number, "999001", ctx(id_type="cin")).code == (
        "subscription_cin_invalid"
    )
    assert rules.identity_number("X1234567", ctx(id_type="passeport")) == "X1234567"
    assert refused(rules.identity_number, "X1", ctx(id_type="passeport")).code == (
        "subscription_identifier_invalid"
    )


def test_the_mandataire_is_one_of_the_managers() -> None:
    managers = [{"id_number": "ZZ999001", "first_name": "Karim", "last_name": "Essai"}]

    assert rules.mandataire("zz999001 - Karim - Essai", ctx(managers=managers)) == "ZZ999001"
    refusal = refused(rules.mandataire, "ZZ999002", ctx(managers=managers))
    assert refusal.code == "subscription_mandataire_not_manager"
    assert "ZZ999001" in i18n.text(refusal.code, "fr", **refusal.params)


def test_six_gu_users_are_refused_five_accepted() -> None:
    assert rules.at_most_gu_users([{}] * 5, ctx()) == [{}] * 5
    refusal = refused(rules.at_most_gu_users, [{}] * 6)
    assert refusal.code == "subscription_too_many_gu_users"
    assert "Au plus 5" in i18n.text(refusal.code, "fr", **refusal.params)


def test_choices_by_value_label_or_synonym_and_unknown_ones_listed() -> None:
    check = rules.one_of(catalog.OPERATOR_TYPES)
    assert check("Importateur", ctx()) == "importateur"
    assert check("Freight forwarder", ctx()) == "freight_forwarder"
    refusal = refused(check, "grossiste")
    assert "Exportateur" in i18n.text(refusal.code, "fr", **refusal.params)


def test_rc_centres() -> None:
    assert rules.rc_centre("81", ctx()) == "81 CASABLANCA"
    assert rules.rc_centre("tanger", ctx()) == "61 TANGER"
    assert rules.rc_centre("12 Khouribga", ctx()) == "12 KHOURIBGA"
    assert refused(rules.rc_centre, "Nulle part").code == "subscription_rc_centre_unknown"


def test_terms_must_be_accepted() -> None:
    check = rules.yes("subscription_terms_not_accepted")
    assert check(True, ctx()) is True
    assert refused(check, False).code == "subscription_terms_not_accepted"


def _company_refusals(path: str = "douane", **values: Any) -> dict[str, str]:
    _, refusals = service.check_fields(
        fields=catalog.COMPANY.fields,
        values=values,
        base={"path": path},
        lang="fr",
        prefix="",
        finish=True,
    )
    return {r.field: r.code for r in refusals}


def test_domicilie_chez_is_required_only_for_a_domiciliation_origin() -> None:
    assert _company_refusals(origin="domiciliation")["domicilie_chez"] == "subscription_required"
    assert "domicilie_chez" not in _company_refusals(origin="bail")
    assert _company_refusals(origin="Bail", domicilie_chez="Centre Démo")["domicilie_chez"] == (
        "subscription_field_not_asked"
    )
    assert "domicilie_chez" not in _company_refusals(
        origin="domiciliation", domicilie_chez="Centre d'affaires Démo"
    )


def test_cnss_and_taxe_professionnelle_belong_to_portnet_and_agrement_to_transitaires() -> None:
    douane = _company_refusals("douane", operator_type="importateur")
    portnet = _company_refusals("portnet_douane", operator_type="transitaire")

    assert "taxe_professionnelle" not in douane and "agrement" not in douane
    assert portnet["taxe_professionnelle"] == "subscription_required"
    assert portnet["agrement"] == "subscription_required"
    assert "cnss" not in portnet  # asked, optional (no star in the guide's form)
    assert _company_refusals("douane", cnss="123")["cnss"] == "subscription_field_not_asked"


def test_every_refusal_code_is_told_in_french_arabic_and_english() -> None:
    from api.subscriptions import texts

    codes = [key for key in i18n._TEXTS if key.startswith("subscription_")] + ["badr_unavailable"]
    assert len(codes) > 30
    for code in codes:
        variants = i18n._TEXTS[code]
        assert set(variants) == {"fr", "ar", "en"}, code
        assert len({variants["fr"], variants["ar"], variants["en"]}) == 3, code
    assert texts.STATUS_LABELS["processing"]["fr"] == "En cours de traitement"


def test_an_electronic_signature_needs_the_signed_contract() -> None:
    check = rules.contract_signed
    assert check({"signature": "manual"}, ctx()) == {"signature": "manual"}
    assert check({"signature": "electronic", "signed_contract": "u1"}, ctx())
    assert refused(check, {"signature": "electronic"}).code == (
        "subscription_contract_file_required"
    )


def test_the_catalogue_lists_every_step_of_each_path() -> None:
    names = {path: [s.name for s in catalog.steps_for(path)] for path in catalog.PATHS}

    assert names["douane"] == ["verification", "company", "managers", "documents", "terms"]
    assert names["modification"] == names["douane"]
    assert names["portnet_douane"] == [
        "verification",
        "company",
        "managers",
        "mandataire",
        "documents",
        "gu_users",
        "contacts",
        "bank",
        "contract",
        "terms",
    ]
    for step in catalog.STEPS:
        for spec in step.fields:
            assert {"fr", "ar", "en"} <= set(spec.label), spec.name


def test_a_field_declared_for_the_procedures_engine_keeps_its_rules() -> None:
    spec = catalog.COMPANY.field("ice")
    assert spec is not None

    field = catalog.engine_field(spec)

    assert field.label["ar"] and field.question["fr"] == "Numéro ICE ?"
    with pytest.raises(Refusal):
        for validator in field.validators:
            validator("123", ctx())
    old = catalog.engine_field(spec, path="modification")
    assert old.label["fr"] == "Ancien numéro ICE"
