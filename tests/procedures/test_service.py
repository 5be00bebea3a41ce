"""The procedures engine, on a toy procedure declared in tests/procedures/toy.py."""

import sys
from typing import Any

import pytest
from sqlalchemy.orm import Session

from api.accounts.models import User
from api.errors import ApiError, NotFound
from api.procedures import definitions, service
from api.procedures.models import BotTurn, Draft
from tests.procedures import toy
from tests.procedures.conftest import make_upload

SESSION = "session-1"


def begin(db: Session, user: User, *, lang: str = "fr", portal: str = "pmpce") -> Draft:
    turn = service.start(
        db=db, kind=toy.KIND, user=user, session_id=SESSION, portal=portal, lang=lang
    )
    assert turn.status == "asking"
    assert turn.draft_id is not None
    draft = service.get(db=db, draft_id=turn.draft_id)
    assert draft is not None
    return draft


def say(db: Session, draft: Draft, text: str | None = None, **kwargs: Any) -> BotTurn:
    return service.answer(db=db, draft=draft, text=text, **kwargs)


def question(turn: BotTurn) -> str:
    return turn.messages[-1].text


def titles(turn: BotTurn) -> list[str]:
    return [b.title for b in turn.messages[-1].buttons]


def to_contact(db: Session, draft: Draft, category: str = "Demande d'information") -> None:
    say(db, draft, category)
    say(db, draft, "Titre d'importation")


def to_summary(db: Session, draft: Draft) -> BotTurn:
    to_contact(db, draft)
    say(db, draft, "a@b.ma")
    say(db, draft, "passer")
    say(db, draft, "passer")
    say(db, draft, "Mon objet")
    say(db, draft, "3")
    return say(db, draft, "passer")


# ---------------------------------------------------------------- start, resume, login


def test_start_asks_the_first_field_with_its_choices_as_buttons(db: Session, user: User) -> None:
    turn = service.start(
        db=db, kind=toy.KIND, user=user, session_id=SESSION, portal="pmpce", lang="fr"
    )

    assert turn.status == "asking"
    assert "Demande jouet" in turn.messages[0].text
    assert turn.messages[-1].kind == "question"
    assert "Étape 1/3" in question(turn) and "Quel type de demande ?" in question(turn)
    buttons = turn.messages[-1].buttons
    assert [b.title for b in buttons] == [
        "Réclamation",
        "Demande d'information",
        "Incident technique",
    ]
    assert all(b.payload == b.title for b in buttons)
    draft = service.get(db=db, draft_id=turn.draft_id or "")
    assert draft is not None and draft.field == "category" and draft.step_index == 0


def test_questions_and_buttons_in_arabic(db: Session, user: User) -> None:
    turn = service.start(
        db=db, kind=toy.KIND, user=user, session_id=SESSION, portal="pmpce", lang="ar"
    )

    assert "ما نوع الطلب؟" in question(turn)
    assert titles(turn) == ["شكاية", "طلب معلومات", "عطل تقني"]


def test_not_signed_in_gets_the_sign_in_button(db: Session) -> None:
    turn = service.start(
        db=db, kind=toy.KIND, user=None, session_id=SESSION, portal="pmpce", lang="en"
    )

    assert turn.status == "login_required"
    assert turn.draft_id is None
    [button] = turn.messages[0].buttons
    assert (button.title, button.payload) == ("Sign in", "/request_login")
    assert db.query(Draft).count() == 0


def test_an_unknown_kind_is_not_found(db: Session, user: User) -> None:
    with pytest.raises(NotFound) as error:
        service.start(db=db, kind="nope", user=user, session_id=None, portal="pmpce", lang="fr")
    assert error.value.code == "procedure_not_found"


def test_starting_again_resumes_the_open_draft_from_another_session(
    db: Session, user: User
) -> None:
    draft = begin(db, user)
    say(db, draft, "Réclamation")
    db.commit()

    turn = service.start(
        db=db, kind=toy.KIND, user=user, session_id="session-2", portal="pmpce", lang="fr"
    )

    assert turn.draft_id == draft.id
    assert "Je reprends" in turn.messages[0].text
    assert "Quel service ?" in question(turn)
    assert draft.session_id == "session-2"
    assert service.current(db=db, user=user) is draft


def test_another_users_draft_is_not_found(db: Session, user: User, other: User) -> None:
    draft = begin(db, user)

    with pytest.raises(NotFound) as error:
        service.get_or_raise(db=db, draft_id=draft.id, user=other)
    assert error.value.code == "procedure_draft_not_found"
    with pytest.raises(NotFound):
        service.get_or_raise(db=db, draft_id="unknown", user=user)
    assert service.current(db=db, user=other) is None
    assert service.list_for_owner(db=db, user=other) == []


# ---------------------------------------------------------------- choices


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("Réclamation", "claim"),
        ("reclamation", "claim"),
        ("  RÉCLAMATION !", "claim"),
        ("شكاية", "claim"),  # a label in another language
        ("Complaint", "claim"),
        ("chikaya", "claim"),  # a synonym (Darija in Latin letters)
        ("plainte", "claim"),
        ("info", "info"),  # the value
        ("2", "info"),  # its number in the list
        ("reclammation", "claim"),  # fuzzy
        ("demande d'infromation", "info"),
        ("incident tecnique", "incident"),
    ],
)
def test_a_choice_by_label_synonym_number_or_close_spelling(
    db: Session, user: User, typed: str, value: str
) -> None:
    draft = begin(db, user)

    turn = say(db, draft, typed)

    assert turn.status == "asking", turn
    assert draft.data["category"] == value
    assert draft.field == "service"


def test_a_word_that_names_no_choice_is_refused_with_the_list(db: Session, user: User) -> None:
    draft = begin(db, user)

    turn = say(db, draft, "pizza")

    assert turn.status == "refused"
    assert turn.messages[0].kind == "refusal"
    assert turn.messages[0].text == (
        "« Type de demande » : choisissez l'une des propositions "
        "(Réclamation, Demande d'information, Incident technique)."
    )
    assert turn.messages[-1].kind == "question"
    assert "category" not in draft.data


def test_choices_depend_on_the_portal(db: Session, user: User) -> None:
    draft = begin(db, user, portal="douane")

    turn = say(db, draft, "Réclamation")

    assert titles(turn) == ["BADR"]


def test_free_text_is_matched_to_the_list_or_kept_as_typed(db: Session, user: User) -> None:
    draft = begin(db, user)
    say(db, draft, "Réclamation")
    say(db, draft, "titre importation")
    assert draft.data["service"] == "titre"

    say(db, draft, "retour")
    say(db, draft, "Le guichet des cartes")
    assert draft.data["service"] == "Le guichet des cartes"


# ---------------------------------------------------------------- digressions


def test_a_question_instead_of_a_choice_is_a_digression(db: Session, user: User) -> None:
    draft = begin(db, user)

    turn = say(db, draft, "comment créer un compte ?")

    assert turn.status == "digression"
    assert turn.messages == []
    assert "category" not in draft.data
    assert "Quel type de demande ?" in question(service.prompt(draft=draft))


def test_rasa_reading_a_question_makes_it_a_digression(db: Session, user: User) -> None:
    draft = begin(db, user)

    assert say(db, draft, "c'est quoi BADR", intent="ask_question", confidence=0.7).status == (
        "digression"
    )
    assert say(db, draft, "c'est quoi BADR", intent="ask_question", confidence=0.3).status == (
        "refused"
    )


def test_a_question_on_a_free_text_choice_field_is_a_digression(db: Session, user: User) -> None:
    draft = begin(db, user)
    say(db, draft, "Réclamation")

    assert say(db, draft, "où trouver la liste des services ?").status == "digression"
    assert "service" not in draft.data


def test_a_free_text_field_takes_a_question_as_its_answer(db: Session, user: User) -> None:
    draft = begin(db, user)
    to_contact(db, draft)
    say(db, draft, "a@b.ma")
    say(db, draft, "passer")
    say(db, draft, "passer")

    turn = say(db, draft, "pourquoi ?", intent="ask_question", confidence=0.6)

    assert turn.status == "asking"
    assert draft.data["object"] == "pourquoi ?"


def test_a_clear_question_on_a_free_text_field_is_a_digression(db: Session, user: User) -> None:
    draft = begin(db, user)
    to_contact(db, draft)
    say(db, draft, "a@b.ma")
    say(db, draft, "passer")
    say(db, draft, "passer")

    # Rasa sure it is a question, and it reads as one: answered from the guides first.
    turn = say(
        db, draft, "Comment changer mon mot de passe ?", intent="ask_question", confidence=0.93
    )
    assert turn.status == "digression" and "object" not in draft.data
    # Sure, but not written as a question: the user's words are the answer.
    turn = say(db, draft, "mot de passe refusé", intent="ask_question", confidence=0.93)
    assert turn.status == "asking" and draft.data["object"] == "mot de passe refusé"


def test_a_bad_date_that_is_a_question_is_a_digression(db: Session, user: User) -> None:
    draft = begin(db, user)
    to_contact(db, draft)
    say(db, draft, "a@b.ma")
    say(db, draft, "passer")

    assert say(db, draft, "quelle date mettre ?").status == "digression"
    assert say(db, draft, "hier").status == "refused"


# ---------------------------------------------------------------- commands


@pytest.mark.parametrize("typed", ["annuler", "Annuler.", "إلغاء", "lghi", "cancel", "Cancel"])
def test_cancel_in_every_language(db: Session, user: User, typed: str) -> None:
    draft = begin(db, user)
    say(db, draft, "Réclamation")

    turn = say(db, draft, typed)

    assert turn.status == "cancelled"
    assert draft.status == "cancelled"
    assert service.current(db=db, user=user) is None
    with pytest.raises(ApiError) as error:
        say(db, draft, "BADR")
    assert (error.value.code, error.value.status_code) == ("procedure_closed", 409)


def test_cancel_by_intent_only_when_rasa_is_sure_and_the_message_short(
    db: Session, user: User
) -> None:
    draft = begin(db, user)
    to_contact(db, draft)
    say(db, draft, "a@b.ma")
    say(db, draft, "passer")
    say(db, draft, "passer")

    long_text = "le portail annule toutes mes demandes depuis lundi matin sans raison"
    turn = say(db, draft, long_text[:20], intent="cancel_procedure", confidence=0.5)
    assert turn.status == "asking" and draft.data["object"] == long_text[:20]

    say(db, draft, "retour")
    turn = say(db, draft, long_text, intent="cancel_procedure", confidence=0.95)
    assert turn.status == "refused"  # an answer (too long for the field), not a command

    turn = say(db, draft, "laisse tomber tout ça", intent="cancel_procedure", confidence=0.9)
    assert turn.status == "cancelled"


@pytest.mark.parametrize("typed", ["retour", "revenir en arrière", "رجوع", "rje3", "back"])
def test_back_forgets_the_last_answer_and_asks_it_again(
    db: Session, user: User, typed: str
) -> None:
    draft = begin(db, user)
    say(db, draft, "Réclamation")
    say(db, draft, "BADR inconnu")

    turn = say(db, draft, typed)

    assert turn.status == "asking"
    assert "Quel service ?" in question(turn)
    assert "service" not in draft.data and draft.data["category"] == "claim"
    say(db, draft, typed)
    assert draft.data == {} and draft.field == "category"
    turn = say(db, draft, typed)  # nothing before the first question
    assert "Quel type de demande ?" in question(turn)


def test_back_by_intent(db: Session, user: User) -> None:
    draft = begin(db, user)
    say(db, draft, "Réclamation")

    turn = say(db, draft, "je me suis trompé", intent="go_back", confidence=0.92)

    assert draft.field == "category" and "Quel type" in question(turn)


def test_asking_for_a_person_keeps_the_draft(db: Session, user: User) -> None:
    draft = begin(db, user)
    say(db, draft, "Réclamation")

    turn = say(db, draft, "je veux parler à quelqu'un", intent="ask_human", confidence=0.97)

    assert turn.status == "human"
    assert draft.status == "draft" and draft.data == {"category": "claim"}
    assert say(db, draft, "agent").status == "human"


def test_summary_in_the_middle_then_the_question_again(db: Session, user: User) -> None:
    draft = begin(db, user)
    say(db, draft, "Réclamation")

    turn = say(db, draft, "résumé")

    assert turn.status == "asking"
    assert turn.messages[0].kind == "summary"
    assert "• Type de demande : Réclamation" in turn.messages[0].text
    assert "Quel service ?" in question(turn)
    assert say(db, draft, "ملخص").messages[0].kind == "summary"


# ---------------------------------------------------------------- rules


def test_required_when_asks_a_field_only_when_it_applies(db: Session, user: User) -> None:
    draft = begin(db, user)
    to_contact(db, draft, "Demande d'information")
    say(db, draft, "a@b.ma")
    assert draft.field == "phone"  # no ICE for an information request

    say(db, draft, "retour")
    say(db, draft, "retour")
    say(db, draft, "retour")
    say(db, draft, "Réclamation")
    say(db, draft, "BADR")
    turn = say(db, draft, "a@b.ma")
    assert draft.field == "ice" and "Votre ICE ?" in question(turn)


def test_a_validator_refusal_names_the_rule_in_the_users_language(db: Session, user: User) -> None:
    draft = begin(db, user, lang="ar")
    to_contact(db, draft, "شكاية")
    say(db, draft, "a@b.ma")

    turn = say(db, draft, "1234")

    assert turn.status == "refused"
    assert turn.messages[0].text == "«ICE»: 15 رقمًا بالضبط."
    turn = say(db, draft, "001 234 567 000 089")
    assert turn.status == "asking" and draft.data["ice"] == "001234567000089"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("pas un mail", "« E-mail » : une adresse e-mail comme nom@exemple.ma."),
        ("", "« E-mail » est obligatoire."),
    ],
)
def test_field_types_are_checked(db: Session, user: User, typed: str, message: str) -> None:
    draft = begin(db, user)
    to_contact(db, draft)

    turn = say(db, draft, typed)

    assert turn.status == "refused"
    assert turn.messages[0].text == message


def test_optional_fields_are_skipped_and_values_parsed(db: Session, user: User) -> None:
    draft = begin(db, user)
    to_contact(db, draft)
    say(db, draft, "A@B.ma")
    turn = say(db, draft, "12")
    assert turn.status == "refused" and "8 à 15 chiffres" in turn.messages[0].text
    assert "Passer" in titles(turn)
    say(db, draft, "06 12 34 56 78")
    say(db, draft, "05/03/2026")
    say(db, draft, "Objet")
    turn = say(db, draft, "trois")
    assert turn.status == "refused" and "un nombre" in turn.messages[0].text
    say(db, draft, "2,5")

    assert draft.data == {
        "category": "info",
        "service": "titre",
        "email": "a@b.ma",
        "phone": "0612345678",
        "when": "2026-03-05",
        "object": "Objet",
        "count": 2.5,
    }


def test_max_length_is_told(db: Session, user: User) -> None:
    draft = begin(db, user)
    to_contact(db, draft)
    say(db, draft, "a@b.ma")
    say(db, draft, "passer")
    say(db, draft, "passer")

    turn = say(db, draft, "x" * 21)

    assert turn.messages[0].text == "« Objet » : 20 caractères au plus (vous en avez écrit 21)."


# ---------------------------------------------------------------- form cards


def test_a_card_step_carries_the_form_of_the_whole_step(db: Session, user: User) -> None:
    draft = begin(db, user)
    to_contact(db, draft)
    say(db, draft, "a@b.ma")
    say(db, draft, "passer")

    turn = say(db, draft, "passer")

    card = turn.messages[-1].form
    assert card is not None
    assert card["id"] == f"{draft.id}:details"
    assert card["title"] == "Détails"
    assert card["submit_label"] == "Envoyer"
    assert [(f["name"], f["type"], f["required"]) for f in card["fields"]] == [
        ("object", "text", True),
        ("count", "number", True),
        ("files", "file", False),
    ]
    assert card["fields"][0]["max_length"] == 20
    assert card["fields"][2]["accept"] == list(toy.PDF_OR_PNG)
    assert "L'objet ?" in question(turn)  # still answerable one field at a time
    # Steps without as_card carry none.
    say(db, draft, "retour")
    assert service.prompt(draft=draft).messages[-1].form is None


def test_a_whole_step_at_once_keeps_the_good_values_and_marks_the_bad(
    db: Session, user: User
) -> None:
    draft = begin(db, user)
    to_contact(db, draft)
    say(db, draft, "a@b.ma")
    say(db, draft, "passer")
    say(db, draft, "passer")
    form_id = f"{draft.id}:details"

    turn = say(db, draft, values={"object": "Bon objet", "count": "beaucoup"}, form_id=form_id)

    assert turn.status == "refused"
    assert [m.text for m in turn.messages if m.kind == "refusal"] == [
        "« Nombre » : un nombre (par exemple 12 ou 12,5)."
    ]
    card = turn.messages[-1].form
    assert card is not None
    by_name = {f["name"]: f for f in card["fields"]}
    assert by_name["object"]["value"] == "Bon objet" and by_name["object"]["error"] is None
    assert by_name["count"]["error"] == "« Nombre » : un nombre (par exemple 12 ou 12,5)."
    upload = make_upload(db, SESSION)

    turn = say(db, draft, values={"count": "4", "files": [upload]}, form_id=form_id)

    assert turn.status == "asking" and turn.messages[-1].kind == "summary"
    assert (draft.data["object"], draft.data["count"], draft.data["files"]) == (
        "Bon objet",
        4,
        [upload],
    )


def test_a_card_of_another_step_is_refused(db: Session, user: User) -> None:
    draft = begin(db, user)

    turn = say(db, draft, values={"object": "x"}, form_id=f"{draft.id}:details")

    assert turn.status == "refused"
    assert "n'est plus celui de l'étape en cours" in turn.messages[0].text
    assert draft.data == {}


# ---------------------------------------------------------------- files


def at_files(db: Session, user: User) -> Draft:
    draft = begin(db, user)
    to_contact(db, draft)
    say(db, draft, "a@b.ma")
    say(db, draft, "passer")
    say(db, draft, "passer")
    say(db, draft, "Objet")
    say(db, draft, "1")
    assert draft.field == "files"
    return draft


def test_files_one_by_one_then_done(db: Session, user: User) -> None:
    draft = at_files(db, user)
    first = make_upload(db, SESSION)

    turn = say(db, draft, "📎 doc.pdf", attachments=[first])

    assert turn.status == "asking" and "1/2" in question(turn) and titles(turn) == ["Terminé"]
    turn = say(db, draft, "terminé")
    assert draft.data["files"] == [first]
    assert turn.messages[-1].kind == "summary"
    assert "• Pièces jointes : 1 fichier(s) : " in question(turn)
    assert question(turn).count(".pdf") == 1  # the file is named, not counted only


def test_the_last_file_allowed_ends_the_field(db: Session, user: User) -> None:
    draft = at_files(db, user)
    ids = [make_upload(db, SESSION), make_upload(db, SESSION, content_type="image/png")]

    turn = say(db, draft, attachments=ids)

    assert draft.data["files"] == ids and turn.messages[-1].kind == "summary"


@pytest.mark.parametrize(
    ("kwargs", "session", "message"),
    [
        ({}, "another-session", "Ce fichier est introuvable dans cette conversation"),
        (
            {"content_type": "image/jpeg", "filename": "photo.jpg"},
            SESSION,
            "« photo.jpg » : types acceptés : PDF, PNG.",
        ),
        ({"size": toy.MAX_FILE_BYTES + 1}, SESSION, "« doc.pdf » : 2 Mo au plus par fichier."),
    ],
)
def test_file_refusals(
    db: Session, user: User, kwargs: dict[str, Any], session: str, message: str
) -> None:
    draft = at_files(db, user)
    upload = make_upload(db, session, **kwargs)

    turn = say(db, draft, attachments=[upload])

    assert turn.status == "refused"
    assert turn.messages[0].text.startswith(message)
    assert "files" not in draft.data


def test_an_unknown_upload_and_too_many_files_are_refused(db: Session, user: User) -> None:
    draft = at_files(db, user)

    assert say(db, draft, attachments=["nope"]).status == "refused"
    ids = [make_upload(db, SESSION) for _ in range(3)]
    turn = say(db, draft, attachments=ids)
    assert turn.messages[0].text == "« Pièces jointes » : 2 fichier(s) au plus."


def test_a_file_field_without_files(db: Session, user: User) -> None:
    draft = at_files(db, user)

    turn = say(db, draft, "voici")
    assert turn.status == "refused"
    assert "bouton trombone, ou dites « passer »" in turn.messages[0].text
    assert say(db, draft, "je l'envoie comment ?").status == "digression"
    say(db, draft, "passer")
    assert draft.data["files"] == []


# ---------------------------------------------------------------- summary, confirm, modify


def test_confirm_submits_the_applicable_answers_and_stores_the_reference(
    db: Session, user: User
) -> None:
    draft = begin(db, user, lang="en")
    turn = to_summary(db, draft)
    assert turn.status == "asking"
    assert titles(turn) == ["Confirm", "Edit", "Cancel"]
    assert "Here is the summary" in question(turn)

    turn = say(db, draft, "Confirm")

    assert turn.status == "done"
    assert turn.reference == "TOY-0001" == draft.reference
    assert turn.messages[0].text == "Sent. Reference: TOY-0001."
    assert draft.status == "submitted"
    [call] = toy.SUBMITTED.calls
    assert call["user_id"] == user.id
    assert call["data"]["category"] == "info" and "ice" not in call["data"]
    assert service.prompt(draft=draft).status == "done"


def test_an_answer_that_is_not_a_command_repeats_the_summary(db: Session, user: User) -> None:
    draft = begin(db, user)
    to_summary(db, draft)

    turn = say(db, draft, "euh")

    assert turn.status == "asking" and turn.messages[-1].kind == "summary"
    assert say(db, draft, "c'est quoi un ICE ?").status == "digression"
    assert say(db, draft, "wakha").status == "done"  # Darija « ok »


def test_modify_a_step_then_back_to_the_summary(db: Session, user: User) -> None:
    draft = begin(db, user)
    to_summary(db, draft)

    turn = say(db, draft, "Modifier")
    assert titles(turn) == ["Type et service", "Contact", "Détails"]
    turn = say(db, draft, "Détails")
    card = turn.messages[-1].form
    assert card is not None and card["fields"][0]["value"] == "Mon objet"  # pre-filled
    turn = say(
        db, draft, values={"object": "Nouvel objet", "count": "3"}, form_id=f"{draft.id}:details"
    )
    assert turn.status == "asking"
    turn = say(db, draft, "passer")

    assert turn.messages[-1].kind == "summary"
    assert "• Objet : Nouvel objet" in question(turn)
    assert "_prefill" not in draft.data


def test_changing_an_answer_that_makes_a_field_apply_asks_it(db: Session, user: User) -> None:
    draft = begin(db, user)
    to_summary(db, draft)
    say(db, draft, "modifier")
    say(db, draft, "type et service")

    say(db, draft, "Réclamation")
    turn = say(db, draft, "BADR")

    assert "Votre ICE ?" in question(turn)
    say(db, draft, "001234567000089")
    assert say(db, draft, "confirmer").status == "done"
    assert toy.SUBMITTED.calls[0]["data"]["ice"] == "001234567000089"


def test_back_from_the_step_choice_shows_the_summary(db: Session, user: User) -> None:
    draft = begin(db, user)
    to_summary(db, draft)
    say(db, draft, "modifier")

    turn = say(db, draft, "retour")

    assert turn.messages[-1].kind == "summary"


def test_a_submission_refused_keeps_the_draft_open(db: Session, user: User) -> None:
    draft = begin(db, user)
    to_contact(db, draft)
    say(db, draft, "a@b.ma")
    say(db, draft, "passer")
    say(db, draft, "passer")
    say(db, draft, "refuse-me")
    say(db, draft, "1")
    say(db, draft, "passer")

    turn = service.confirm(db=db, draft=draft)

    assert turn.status == "refused"
    assert turn.messages[0].text == "Le service refuse cet objet."
    assert turn.messages[-1].kind == "summary"
    assert draft.status == "draft" and toy.SUBMITTED.calls == []


def test_confirm_before_the_end_asks_the_next_question(db: Session, user: User) -> None:
    draft = begin(db, user)

    turn = service.confirm(db=db, draft=draft)

    assert turn.status == "asking" and "Quel type" in question(turn)
    assert draft.status == "draft"


def test_the_draft_survives_a_new_session_object(db: Session, user: User) -> None:
    draft = begin(db, user)
    say(db, draft, "Réclamation")
    db.commit()
    db.expire_all()

    stored = service.get_or_raise(db=db, draft_id=draft.id, user=user)

    assert stored.data == {"category": "claim"} and stored.field == "service"


# ---------------------------------------------------------------- the catalog


def test_the_engine_works_without_a_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service, "CATALOG_MODULE", "tests.procedures.no_such_catalog")

    assert service.procedure_or_raise(toy.KIND) is toy.TOY


def test_the_engine_loads_the_catalog(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    (tmp_path / "fake_catalog.py").write_text(
        "from api.procedures import definitions\n"
        "from tests.procedures import toy\n"
        "definitions.register(definitions.Procedure(\n"
        "    kind='fake', title={'fr': 'Fausse'}, steps=(), submit=toy.submit,\n"
        "    intents=('file_fake',)))\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(service, "CATALOG_MODULE", "fake_catalog")
    monkeypatch.setattr(definitions, "_REGISTRY", dict(definitions._REGISTRY))
    monkeypatch.delitem(sys.modules, "fake_catalog", raising=False)
    assert definitions.get("fake") is None

    assert service.procedure_or_raise("fake").kind == "fake"
    assert service.for_intent("file_fake") is definitions.get("fake")
    assert service.for_intent("file_toy") is toy.TOY


def test_a_catalog_that_fails_to_import_is_an_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    (tmp_path / "broken_catalog.py").write_text("import no_such_module_anywhere\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(service, "CATALOG_MODULE", "broken_catalog")

    with pytest.raises(ModuleNotFoundError):
        service.procedure_or_raise(toy.KIND)


def test_a_file_sent_while_another_field_is_asked_waits_for_the_file_field(
    db: Session, user: User
) -> None:
    draft = begin(db, user)
    to_contact(db, draft)
    say(db, draft, "a@b.ma")
    say(db, draft, "passer")
    say(db, draft, "passer")
    upload = make_upload(db, SESSION)

    turn = say(db, draft, "📎 doc.pdf", attachments=[upload])

    assert turn.status == "asking" and "L'objet ?" in question(turn)
    assert "object" not in draft.data
    assert service.read(draft).data == answers_so_far(draft)  # no bookkeeping shown
    say(db, draft, "Objet")
    turn = say(db, draft, "1")
    assert "1/2" in question(turn)
    say(db, draft, "terminé")
    assert draft.data["files"] == [upload]


def answers_so_far(draft: Draft) -> dict[str, Any]:
    return {k: v for k, v in draft.data.items() if not k.startswith("_")}


def test_a_card_is_an_answer_whatever_its_text_says(db: Session, user: User) -> None:
    draft = begin(db, user)
    to_contact(db, draft)
    say(db, draft, "a@b.ma")
    say(db, draft, "passer")
    say(db, draft, "passer")

    turn = say(
        db,
        draft,
        "annuler",
        intent="cancel_procedure",
        confidence=0.99,
        values={"object": "annuler", "count": "1"},
        form_id=f"{draft.id}:details",
    )

    assert turn.status == "asking" and draft.status == "draft"
    assert draft.data["object"] == "annuler"


def test_a_question_a_validator_refuses_is_a_digression(db: Session, user: User) -> None:
    draft = begin(db, user)
    to_contact(db, draft, "Réclamation")
    say(db, draft, "a@b.ma")
    assert draft.field == "ice"

    assert say(db, draft, "c'est quoi l'ICE ?").status == "digression"
    assert say(db, draft, "c'est quoi l'ICE").status == "refused"


def test_resume_the_draft_the_text_names(
    db: Session, user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(definitions, "_REGISTRY", dict(definitions._REGISTRY))
    definitions.register(
        definitions.Procedure(
            kind="other", title={"fr": "Autre"}, names=("bidule",), steps=(), submit=toy.submit
        )
    )
    draft = begin(db, user)

    assert service.draft_to_resume(db=db, user=user, text="reprendre ma demande jouet") is draft
    assert service.draft_to_resume(db=db, user=user, text="reprendre") is draft
    assert service.draft_to_resume(db=db, user=user, text="reprendre mon bidule") is None
