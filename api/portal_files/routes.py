"""Portal files over HTTP: the signed-in user's files (list with the guides' filters, one by
reference) and the lookup the action server tells in the chat."""

from collections.abc import Iterator
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from api.accounts.models import User
from api.deps import CurrentUser, InternalCaller, SessionDep, SettingsDep, require_role
from api.errors import ApiError, error_responses
from api.i18n import REPLY_LANGS, from_accept_language
from api.portal_files import chat, events, service
from api.portal_files.catalog import FILE_KINDS, FileKind
from api.portal_files.models import (
    MAX_REFERENCE_CHARS,
    FileFilters,
    FileLookupTurn,
    FileRecord,
    FileStatusChange,
    PortalFileList,
    PortalFileRead,
    StaffFileList,
)
from api.portal_files.sources import Sources, http_client, sources_for

router = APIRouter(prefix="/files", tags=["portal files"])
internal_router = APIRouter(prefix="/internal/files", tags=["internal"])
staff_router = APIRouter(prefix="/staff/files", tags=["portal files (staff)"])

Staff = Annotated[User, Depends(require_role("agent", "staff"))]

_SHORT = Query(max_length=MAX_REFERENCE_CHARS)


def get_sources(db: SessionDep, settings: SettingsDep) -> Iterator[Sources]:
    """The demo tables, or the portal systems (one HTTP client per request, closed after)."""
    if settings.portal_files_url is None:
        yield sources_for(settings=settings, db=db)
        return
    with http_client(settings) as client:
        yield sources_for(settings=settings, db=db, client=client)


SourcesDep = Annotated[Sources, Depends(get_sources)]


@router.get("", response_model=PortalFileList, responses=error_responses(401, 422, 503))
def list_my_files(
    request: Request,
    user: CurrentUser,
    sources: SourcesDep,
    kind: FileKind | None = None,
    status: Annotated[str | None, _SHORT] = None,
    reference: Annotated[str | None, _SHORT] = None,
    category: Annotated[str | None, _SHORT] = None,
    tariff_code: Annotated[str | None, _SHORT] = None,
    modification_status: Annotated[str | None, _SHORT] = None,
    created_from: datetime | None = None,
    created_to: datetime | None = None,
    imo: Annotated[str | None, _SHORT] = None,
    voyage: Annotated[str | None, _SHORT] = None,
    notice: Annotated[str | None, _SHORT] = None,
    call: Annotated[str | None, _SHORT] = None,
    port: Annotated[str | None, _SHORT] = None,
    regime: Annotated[str | None, _SHORT] = None,
    arrival_from: Annotated[str | None, _SHORT] = None,
    arrival_to: Annotated[str | None, _SHORT] = None,
) -> PortalFileList:
    """The files the caller may see (its organisation's, its bank's domiciliations, or what
    was addressed to its administration), newest first, with the filters of the portal
    pages; a portal that does not answer gives 503 portal_unavailable."""
    filters = FileFilters(
        reference=reference,
        status=status,
        category=category,
        tariff_code=tariff_code,
        modification_status=modification_status,
        created_from=created_from,
        created_to=created_to,
        imo=imo,
        voyage=voyage,
        notice=notice,
        call=call,
        port=port,
        regime=regime,
        arrival_from=arrival_from,
        arrival_to=arrival_to,
    )
    kinds = (kind,) if kind is not None else FILE_KINDS
    records = service.list_visible(sources=sources, user=user, kinds=kinds, filters=filters)
    lang = from_accept_language(request.headers.get("accept-language"))
    return PortalFileList(files=[service.to_read(record=r, lang=lang) for r in records])


@router.get(
    "/{kind}/{reference}",
    response_model=PortalFileRead,
    responses=error_responses(401, 404, 422, 503),
)
def read_my_file(
    kind: str, reference: str, request: Request, user: CurrentUser, sources: SourcesDep
) -> PortalFileRead:
    """One file by its reference as the guides write it (a DFD's 14 digits, spaces allowed);
    someone else's file answers 404 like an unknown reference."""
    record = service.get_visible_or_raise(
        sources=sources, kind=kind, reference=reference[:MAX_REFERENCE_CHARS], user=user
    )
    lang = from_accept_language(request.headers.get("accept-language"))
    return service.to_read(record=record, lang=lang)


@internal_router.get("/lookup", response_model=FileLookupTurn, responses=error_responses(401))
def lookup_file(
    db: SessionDep,
    sources: SourcesDep,
    _caller: InternalCaller,
    session_id: Annotated[str, Query(min_length=1, max_length=64)],
    text: Annotated[str, Query(min_length=1, max_length=2000)],
    lang: str = "fr",
    kind: Annotated[str | None, Query(max_length=16)] = None,
) -> FileLookupTurn:
    """« Où en est mon dossier ? » for the conversation's signed-in owner (never an
    identity the caller names): the claims and portal files the message names, told as a
    turn. `kind` is a kind of file (or "claim") chosen with a button."""
    return chat.my_files_turn(
        db=db,
        sources=sources,
        session_id=session_id,
        text=text,
        lang=lang if lang in REPLY_LANGS else "fr",
        kind=kind,
    )


# ---------------------------------------------------------------- staff: the demo files


def demo_files_only(settings: SettingsDep) -> None:
    """With TIJARIA_PORTAL_FILES_URL set, the portal systems own the statuses: nothing to
    list or change here."""
    if settings.portal_files_url is not None:
        raise ApiError("portal_files_not_demo", status_code=409)


DemoFilesOnly = Annotated[None, Depends(demo_files_only)]


@staff_router.get("", response_model=StaffFileList, responses=error_responses(401, 403, 409))
def list_demo_files(
    request: Request, db: SessionDep, _staff: Staff, _demo: DemoFilesOnly
) -> StaffFileList:
    """Every demo file (kind, reference, owner, status and the statuses it may take), for
    the console's « Dossiers portails (démo) »."""
    lang = from_accept_language(request.headers.get("accept-language"))
    return events.list_demo_files(db=db, lang=lang)


@staff_router.post(
    "/{kind}/{reference}/status",
    response_model=PortalFileRead,
    responses=error_responses(401, 403, 404, 409, 422),
)
def change_file_status(
    kind: str,
    reference: str,
    body: FileStatusChange,
    request: Request,
    db: SessionDep,
    staff: Staff,
    _demo: DemoFilesOnly,
) -> PortalFileRead:
    """Sets a demo file's status; everyone who may see the file (its operator, the bank of
    a title, the administration it was addressed to) is told in each open conversation,
    live. The same status again changes nothing and tells nobody."""
    row, _told = events.change_status(
        db=db,
        kind=kind,
        reference=reference[:MAX_REFERENCE_CHARS],
        status=body.status,
        actor=staff,
    )
    db.commit()
    lang = from_accept_language(request.headers.get("accept-language"))
    return service.to_read(record=FileRecord.model_validate(row), lang=lang)
