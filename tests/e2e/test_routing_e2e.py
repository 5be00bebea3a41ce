"""Issue 10 part 2 and issue 11 through the real Rasa, action server and core.

- the four questions of the issue, each swallowed by a dialogue act before, are answered
  from the guides; a real goodbye still says goodbye;
- a message with close alternatives gets the likeliest article and « Voir aussi »;
- the support phone in Rasa's replies is the core's setting (TIJARIA_SUPPORT_PHONE).
"""

from collections.abc import Iterator

import httpx
import pytest

from tests.e2e.conftest import RunningTijaria

pytestmark = pytest.mark.e2e

PHONE = "+212 522 00 11 22"


@pytest.fixture(scope="module")
def stack(request: pytest.FixtureRequest) -> Iterator[RunningTijaria]:
    """The stack, started with a support phone of its own: Rasa must show this one."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TIJARIA_SUPPORT_PHONE", PHONE)
        running = request.getfixturevalue("tijaria")
    yield running


def post_chat(stack: RunningTijaria, session_id: str, message: str, portal: str) -> dict:
    response = httpx.post(
        f"{stack.api_url}/api/v1/chat",
        json={"session_id": session_id, "message": message, "portal": portal},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    return response.json()


def answered(reply: dict) -> list[str]:
    return [
        source["url"].split("/articles/", 1)[1].split("?", 1)[0]
        for message in reply["messages"]
        for source in message["sources"]
    ]


@pytest.mark.parametrize(
    ("message", "portal", "expected"),
    [
        ("Je peux parler au lieu d'écrire ?", "pmpce", {"common-tijaria"}),
        ("Pourquoi on me demande de cocher je ne suis pas un robot", "douane", {"common-captcha"}),
        ("How can I file a complaint?", "pmpce", {"common-new-claim"}),
        ("Combien de caractères pour le numéro ICE ?", "rnoce", None),
    ],
)
def test_the_issues_questions_are_answered_from_the_guides(
    stack: RunningTijaria, message: str, portal: str, expected: set[str] | None
) -> None:
    reply = post_chat(stack, f"route-{abs(hash(message))}", message, portal)

    texts = " ".join(m["text"] for m in reply["messages"])
    assert "Au revoir" not in texts and "Goodbye" not in texts
    articles = answered(reply)
    assert articles, texts
    if expected:
        assert articles[0] in expected, articles


def test_a_real_goodbye_still_says_goodbye(stack: RunningTijaria) -> None:
    reply = post_chat(stack, "route-bye", "au revoir, merci pour tout", "pmpce")

    assert not answered(reply)
    assert any(w in m["text"] for m in reply["messages"] for w in ("Au revoir", "Avec plaisir"))


def test_asking_for_a_human_shows_the_configured_support_phone(stack: RunningTijaria) -> None:
    """No agent is on duty in this stack: the phone, then the contact form."""
    reply = post_chat(stack, "route-human", "je veux parler à un conseiller humain", "pmpce")

    first, *rest = reply["messages"]
    assert PHONE in first["text"]
    assert "+212 520 47 31 00" not in first["text"]
    assert any(m.get("form") for m in rest), rest


def test_close_alternatives_come_as_see_also_buttons_that_answer(stack: RunningTijaria) -> None:
    reply = post_chat(stack, "route-see-also", "mot de passe", "pmpce")

    first, see_also = reply["messages"][0], reply["messages"][-1]
    assert first["sources"], "the likeliest article is answered at once"
    assert see_also["text"] == "Voir aussi :" and see_also["buttons"]
    chosen = see_also["buttons"][0]

    [answer] = post_chat(stack, "route-see-also", chosen["payload"], "pmpce")["messages"]

    assert answer["text"].startswith(f"**{chosen['title']}**")
    assert answer["sources"]
