"""Procedures (démarches): the public API of the signed-in user's drafts, and the
internal routes the Rasa form relays chat answers through. Every route answers a
`BotTurn` (what to say next), except the reads of drafts."""

from fastapi import APIRouter

from api.conversations import service as conversations
from api.deps import CurrentUser, InternalCaller, SessionDep, SettingsDep
from api.errors import error_responses
from api.procedures import service
from api.procedures.models import (
    AnswerIn,
    BotTurn,
    DraftList,
    DraftRead,
    DraftStatus,
    InternalAnswer,
    InternalStart,
    ProcedureStart,
)

router = APIRouter(prefix="/procedures", tags=["procedures"])
internal_router = APIRouter(prefix="/internal/procedures", tags=["internal"])


@router.post("", response_model=BotTurn, responses=error_responses(401, 404))
def start_procedure(body: ProcedureStart, db: SessionDep, user: CurrentUser) -> BotTurn:
    """Start a procedure, or resume the open draft of that kind (from any device)."""
    if body.session_id is not None:
        # Files are checked against this conversation: it must be the caller's.
        conversations.ensure_not_others(db=db, session_id=body.session_id, user_id=user.id)
    turn = service.start(
        db=db,
        kind=body.kind,
        user=user,
        session_id=body.session_id,
        portal=body.portal,
        lang=body.lang,
    )
    db.commit()
    return turn


@router.get("/drafts", response_model=DraftList, responses=error_responses(401))
def list_drafts(db: SessionDep, user: CurrentUser, status: DraftStatus | None = None) -> DraftList:
    drafts = service.list_for_owner(db=db, user=user, status=status)
    return DraftList(drafts=[service.read(d) for d in drafts])


@router.get("/drafts/{draft_id}", response_model=DraftRead, responses=error_responses(401, 404))
def read_draft(draft_id: str, db: SessionDep, user: CurrentUser) -> DraftRead:
    return service.read(service.get_or_raise(db=db, draft_id=draft_id, user=user))


@router.post(
    "/drafts/{draft_id}/answers", response_model=BotTurn, responses=error_responses(401, 404, 409)
)
def answer_draft(draft_id: str, body: AnswerIn, db: SessionDep, user: CurrentUser) -> BotTurn:
    """One field (`field`/`value`; without `field`, the one asked now), a whole step
    (`values`), or uploaded files (`attachments`)."""
    draft = service.get_or_raise(db=db, draft_id=draft_id, user=user)
    turn = service.answer(
        db=db,
        draft=draft,
        text=body.value,
        values=body.values,
        attachments=body.attachments,
        field=body.field,
    )
    db.commit()
    return turn


@router.post(
    "/drafts/{draft_id}/back", response_model=BotTurn, responses=error_responses(401, 404, 409)
)
def go_back(draft_id: str, db: SessionDep, user: CurrentUser) -> BotTurn:
    turn = service.back(db=db, draft=service.get_or_raise(db=db, draft_id=draft_id, user=user))
    db.commit()
    return turn


@router.post(
    "/drafts/{draft_id}/confirm", response_model=BotTurn, responses=error_responses(401, 404, 409)
)
def confirm_draft(draft_id: str, db: SessionDep, user: CurrentUser) -> BotTurn:
    turn = service.confirm(db=db, draft=service.get_or_raise(db=db, draft_id=draft_id, user=user))
    db.commit()
    return turn


@router.post(
    "/drafts/{draft_id}/cancel", response_model=BotTurn, responses=error_responses(401, 404, 409)
)
def cancel_draft(draft_id: str, db: SessionDep, user: CurrentUser) -> BotTurn:
    turn = service.cancel(db=db, draft=service.get_or_raise(db=db, draft_id=draft_id, user=user))
    db.commit()
    return turn


# ---------------------------------------------------------------- for the Rasa actions
# Who is answering is the conversation's signed-in owner, never who the caller says.


@internal_router.post("/start", response_model=BotTurn, responses=error_responses(401, 404))
def chat_start(body: InternalStart, db: SessionDep, _caller: InternalCaller) -> BotTurn:
    turn = service.chat_start(db=db, session_id=body.session_id, intent=body.intent, text=body.text)
    db.commit()
    return turn


@internal_router.get("/prompt", response_model=BotTurn, responses=error_responses(401, 404))
def chat_prompt(session_id: str, db: SessionDep, _caller: InternalCaller) -> BotTurn:
    turn = service.chat_prompt(db=db, session_id=session_id)
    db.commit()
    return turn


@internal_router.post("/answer", response_model=BotTurn, responses=error_responses(401, 404))
def chat_answer(
    body: InternalAnswer, db: SessionDep, settings: SettingsDep, _caller: InternalCaller
) -> BotTurn:
    turn = service.chat_answer(
        db=db,
        session_id=body.session_id,
        text=body.text,
        intent=body.intent,
        confidence=body.confidence,
        form_id=body.form.id if body.form else None,
        values=body.form.values if body.form else None,
        attachments=body.attachments,
    )
    if turn.status == "human":
        # « Je veux parler à quelqu'un » in a procedure: the draft is kept, and the handoff
        # offer (or, nobody being there, the contact form) follows.
        from api.handoff.contact import human_turn

        turn = human_turn(db=db, settings=settings, session_id=body.session_id, turn=turn)
    db.commit()
    return turn
