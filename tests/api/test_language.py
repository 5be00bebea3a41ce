import pytest

from api.language import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bonjour", "fr"),
        ("Bonsoir, comment changer mon mot de passe ?", "fr"),
        ("je veux parler à un conseiller", "fr"),
        ("svp aidez moi", "fr"),
        ("slt", "fr"),
        ("hello", "en"),
        ("How do I reset my MFA?", "en"),
        ("I cannot dial the support number", "en"),
        ("مرحبا", "ar"),
        ("كيف أغير كلمة المرور؟", "ar"),
        ("بغيت نبدل mot de passe", "ar"),
        ("salam", "darija"),
        ("kifach nbddel mot de passe", "darija"),
        ("chno howa RIB li khasni n3ti", "darija"),
        ("bghit nhder m3a chi wa7ed", "darija"),
        ("3afak fin nlqa les factures", "darija"),
    ],
)
def test_detects_the_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["ok", "123", "?!", "👍", "   "])
def test_text_without_language_keeps_the_conversation_language(text: str) -> None:
    assert detect_language(text, default="en") == "en"
    assert detect_language(text, default="ar") == "ar"
