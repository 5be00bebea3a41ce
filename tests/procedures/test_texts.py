"""The engine's texts: every one in fr, ar and en, with the same placeholders."""

import string

from api import i18n
from api.procedures import texts  # noqa: F401  (registers them)


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_text_in_three_languages_with_the_same_placeholders() -> None:
    keys = [key for key in i18n._TEXTS if key.startswith("procedure_")]
    assert len(keys) > 30

    for key in keys:
        variants = i18n._TEXTS[key]
        assert set(variants) == {"fr", "ar", "en"}, key
        assert all(v.strip() for v in variants.values()), key
        assert placeholders(variants["ar"]) == placeholders(variants["fr"]), key
        assert placeholders(variants["en"]) == placeholders(variants["fr"]), key
