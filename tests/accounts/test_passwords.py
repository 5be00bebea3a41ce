import pytest

from api.accounts import passwords
from api.accounts.texts import MissingRules


@pytest.mark.parametrize(
    ("candidate", "missing"),
    [
        ("Str0ng-Passw0rd!", []),
        ("Ab1!xyzw", []),
        ("Ab1!xyz", ["length"]),
        ("str0ng-passw0rd!", ["upper"]),
        ("STR0NG-PASSW0RD!", ["lower"]),
        ("Strong-Password!", ["digit"]),
        ("Str0ngPassw0rd", ["special"]),
        ("abc", ["length", "upper", "digit", "special"]),
        ("", ["length", "upper", "lower", "digit", "special"]),
        ("Été-2026x", []),
    ],
)
def test_portnet_rules_name_what_is_missing(candidate: str, missing: list[str]) -> None:
    assert passwords.missing_portnet_rules(candidate) == missing


def test_missing_rules_read_as_a_sentence_in_each_language() -> None:
    rules = MissingRules(["upper", "digit", "special"])
    assert rules.render("fr") == (
        "une lettre majuscule, un chiffre et un caractère spécial (par exemple ! ? @ # -)"
    )
    assert rules.render("en").startswith("an upper-case letter, a digit and a special")
    assert "رقمًا" in rules.render("ar")


@pytest.mark.parametrize(
    ("candidate", "valid"),
    [
        ("abcd", True),
        ("ab12", True),
        ("A1b2c3", True),
        ("abc", False),
        ("ab-12", False),
        ("", False),
    ],
)
def test_rnoce_rule_is_four_or_more_alphanumerics(candidate: str, valid: bool) -> None:
    assert passwords.is_valid_rnoce_password(candidate) is valid


def test_hash_is_argon2_and_verifies_only_the_right_password() -> None:
    hashed = passwords.hash_password("Str0ng-Passw0rd!")
    assert hashed.startswith("$argon2id$")
    assert passwords.verify_password("Str0ng-Passw0rd!", hashed)
    assert not passwords.verify_password("str0ng-Passw0rd!", hashed)


def test_no_hash_never_verifies() -> None:
    assert not passwords.verify_password("anything", None)
    assert not passwords.verify_password("anything", "not-a-hash")
