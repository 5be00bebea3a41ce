import pytest
from fastapi.testclient import TestClient

TOKEN = {"X-Internal-Token": "internal-test-token"}


def search(client: TestClient, q: str, **params: object) -> dict:
    response = client.get("/api/v1/knowledge/search", params={"q": q, **params})
    assert response.status_code == 200, response.text
    return response.json()


def test_search_ranks_articles_with_scores(client: TestClient) -> None:
    body = search(client, "combien de chiffres dans le RIB ?", portal="rnoce", limit=3)

    results = body["results"]
    assert len(results) == 3
    assert results[0]["id"] == "rnoce-bank-account"
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)
    assert results[0]["source"]["guide"].startswith("Guide")


@pytest.mark.parametrize(
    ("lang", "title_words"), [("ar", "البنكي"), ("en", "Bank account"), ("fr", "Compte bancaire")]
)
def test_search_answers_in_the_requested_language(
    client: TestClient, lang: str, title_words: str
) -> None:
    top = search(client, "RIB", portal="rnoce", lang=lang)["results"][0]

    assert top["lang"] == lang
    assert title_words.lower() in top["title"].lower()


def test_search_validates_its_parameters(client: TestClient) -> None:
    assert client.get("/api/v1/knowledge/search", params={"q": ""}).status_code == 422
    assert (
        client.get("/api/v1/knowledge/search", params={"q": "x", "portal": "nope"}).status_code
        == 422
    )
    assert (
        client.get("/api/v1/knowledge/search", params={"q": "x", "lang": "de"}).status_code == 422
    )


def test_article_by_id(client: TestClient) -> None:
    article = client.get(
        "/api/v1/knowledge/articles/rnoce-bank-account", params={"lang": "en"}
    ).json()

    assert article["id"] == "rnoce-bank-account" and article["lang"] == "en"
    assert "24" in article["body"]
    assert client.get("/api/v1/knowledge/articles/no-such-article").status_code == 404


def test_answer_is_internal(client: TestClient) -> None:
    response = client.post("/api/v1/internal/knowledge/answer", json={"question": "RIB"})

    assert response.status_code == 401


def test_answer_a_clear_question(client: TestClient) -> None:
    body = client.post(
        "/api/v1/internal/knowledge/answer",
        json={
            "question": "Quels navigateurs sont compatibles avec PORTNET ?",
            "portal": "douane",
            "lang": "fr",
        },
        headers=TOKEN,
    ).json()

    assert body["kind"] == "answer"
    assert body["article"]["id"] == "common-access-browsers"


@pytest.mark.parametrize(
    "question", ["recette du couscous aux légumes", "who won the football match yesterday"]
)
def test_off_topic_questions_get_no_article(client: TestClient, question: str) -> None:
    body = client.post(
        "/api/v1/internal/knowledge/answer",
        json={"question": question, "lang": "fr"},
        headers=TOKEN,
    ).json()

    assert body["kind"] == "none"


def test_a_vague_question_is_answered_with_the_close_alternative_as_see_also(
    client: TestClient,
) -> None:
    """Issue 10: the likeliest article first, « Voir aussi » for the close ones, rather than
    a clarifying question before anything can be read."""
    body = client.post(
        "/api/v1/internal/knowledge/answer",
        json={"question": "mot de passe", "portal": "pmpce", "lang": "fr"},
        headers=TOKEN,
    ).json()

    assert body["kind"] == "answer"
    assert "mot de passe" in body["article"]["title"].lower()
    assert body["see_also"] and all("mot de passe" in c["title"].lower() for c in body["see_also"])


def test_a_goodbye_that_asks_something_is_answered(client: TestClient) -> None:
    body = client.post(
        "/api/v1/internal/knowledge/answer",
        json={
            "question": "Je peux parler au lieu d'écrire ?",
            "portal": "pmpce",
            "lang": "fr",
            "intent": "goodbye",
            "intent_confidence": 1.0,
        },
        headers=TOKEN,
    ).json()

    assert body["kind"] == "answer"
    assert body["article"]["id"] == "common-tijaria"


def test_a_meant_goodbye_is_left_to_rasa(client: TestClient) -> None:
    body = client.post(
        "/api/v1/internal/knowledge/answer",
        json={"question": "au revoir, merci", "intent": "goodbye", "intent_confidence": 0.99},
        headers=TOKEN,
    ).json()

    assert (body["kind"], body["act"]) == ("act", "goodbye")
