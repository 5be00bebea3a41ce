"""knowledge.portals: portals named in a question."""

from knowledge.portals import mentioned, without_mentions


def test_names_of_each_portal_in_every_language() -> None:
    assert mentioned("Comment changer mon mot de passe sur le portail des banques ?") == ["banques"]
    assert mentioned("How do I look up manifests on the customs portal?") == ["douane"]
    assert mentioned("كيف أسجل الدخول إلى بوابة التجارة الخارجية؟") == ["pmpce"]
    assert mentioned("fin kayna demande de franchise f portail MIC") == ["mic"]
    assert mentioned("adresse de souscription.portnet.ma") == ["rnoce"]


def test_customs_as_a_topic_is_not_the_customs_portal() -> None:
    assert mentioned("annuler mon compte douane") == []
    assert mentioned("I want to use the mic to talk") == []


def test_without_mentions_keeps_the_topic() -> None:
    assert (
        without_mentions("Comment changer mon mot de passe sur le portail des banques ?")
        == "comment changer mon mot de passe ?"
    )
