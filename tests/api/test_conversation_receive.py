"""conversations.receive: the user's message is stored once, whatever the client retries."""

from fastapi.testclient import TestClient

from api.conversations import service as conversations


def test_a_message_is_stored_then_found_again_under_its_client_message_id(
    client: TestClient,
) -> None:
    with client.app.state.session_factory() as db:
        conversation = conversations.get_or_create(
            db=db, session_id="receive-1", portal="douane", lang="fr"
        )
        first, first_is_new = conversations.receive(
            db=db, conversation=conversation, text="bonjour", lang="fr", client_message_id="m-1"
        )
        again, again_is_new = conversations.receive(
            db=db, conversation=conversation, text="bonjour", lang="fr", client_message_id="m-1"
        )
        other, other_is_new = conversations.receive(
            db=db, conversation=conversation, text="bonjour", lang="fr", client_message_id=None
        )

        assert (first_is_new, again_is_new, other_is_new) == (True, False, True)
        assert again.id == first.id and other.id != first.id
        stored = conversations.list_messages(db=db, conversation=conversation)
        assert [(m.sender, m.seq) for m in stored] == [("user", 1), ("user", 2)]
