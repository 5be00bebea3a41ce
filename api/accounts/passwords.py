"""Password hashing (Argon2id) and the strength rules the guides give."""

import re
from functools import cache
from pathlib import Path
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()

# Verifying against this keeps an unknown login as slow as a wrong password,
# so response time does not tell which logins exist.
_DUMMY_HASH = _hasher.hash("not-a-real-password")

PortnetRule = Literal["length", "upper", "lower", "digit", "special"]
_PORTNET_MIN_LENGTH = 8
_RNOCE_PASSWORD = re.compile(r"^[A-Za-z0-9]{4,}$")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def missing_portnet_rules(password: str) -> list[PortnetRule]:
    """Portnet ID: at least 8 characters mixing upper and lower case, digits and special characters."""
    missing: list[PortnetRule] = []
    if len(password) < _PORTNET_MIN_LENGTH:
        missing.append("length")
    if not any(c.isupper() for c in password):
        missing.append("upper")
    if not any(c.islower() for c in password):
        missing.append("lower")
    if not any(c.isdigit() for c in password):
        missing.append("digit")
    if all(c.isalnum() for c in password):
        missing.append("special")
    return missing


_COMMON_PASSWORDS = Path(__file__).with_name("common_passwords.txt")
# Digits and symbols around a word ("Password1!", "2024Azerty!") are what people add to
# pass the rules; the word inside is what a password-guessing list tries first.
_AROUND_WORD = re.compile(r"^[\W\d_]+|[\W\d_]+$")
_LEET = str.maketrans(
    {"@": "a", "4": "a", "0": "o", "1": "i", "!": "i", "3": "e", "$": "s", "5": "s"}
)
# A shorter word inside is too often a coincidence ("Ab1!cat…"): not refused for it.
_MIN_WORD = 4


@cache
def _common_passwords() -> frozenset[str]:
    lines = _COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def is_common_password(password: str) -> bool:
    """A password of breached-password lists, or one of them dressed up to pass the rules
    ("Password1!", "P@ssw0rd2024", "Azerty123!"). Offline: the 10,000 most common."""
    common = _common_passwords()
    lowered = password.strip().lower()
    word = _AROUND_WORD.sub("", lowered)
    candidates = {lowered}
    if len(word) >= _MIN_WORD:
        candidates |= {word, word.translate(_LEET)}
    return not candidates.isdisjoint(common)


def is_valid_rnoce_password(password: str) -> bool:
    """The RNOCE private space asks for 4 or more alphanumeric characters."""
    return bool(_RNOCE_PASSWORD.match(password))
