"""« Où en est mon dossier ? » in the conversation: one turn that reads what the message
names (a claim's or a portal file's reference, a ship, a kind of file and maybe a status)
and tells the signed-in owner where their files stand.

- A claim reference (REC-…), or claims named with no reference: the claims' own turn.
- A file reference (N° DFD, N° d'enregistrement, N° facture, N° manifeste, IMO): that
  file; a reference that fits several kinds finds each of the user's matches (buttons).
- A ship's name with « navire », « manifeste »…: the user's manifests of that vessel.
- A kind of file, maybe with a status (« quels titres sont échus ? »): the user's files of
  that kind in that status, one told at once, several as buttons.
- Nothing of these (« où en est mon dossier ? »): the user's latest files of every kind.
Nothing found is said, with buttons to list each kind the user may see (the chat's search
with filters). Another organisation's file is told like an unknown one."""

import re
from dataclasses import dataclass
from typing import Final

from sqlalchemy.orm import Session

from api import i18n
from api.accounts import service as accounts
from api.accounts.models import User
from api.claims import service as claims
from api.claims import texts as claim_texts
from api.conversations import service as conversations
from api.database import as_utc
from api.i18n import reply_lang
from api.portal_files import texts
from api.portal_files.catalog import FILE_KINDS, KINDS, FileKind, StatusSpec
from api.portal_files.models import (
    FileFilters,
    FileLookupTurn,
    FileRecord,
    LookupButton,
    LookupMessage,
    LookupSource,
)
from api.portal_files.service import (
    Candidate,
    find_references,
    get_visible,
    list_visible,
    manifests_of_vessel,
    scope_of,
    status_text,
    to_read,
)
from api.portal_files.sources import PortalUnavailable, Sources
from knowledge.questions import asks_how, names_own_file, opens_with_how
from knowledge.text import fold

# What a kind-or-claim button asks for (`kind` of the lookup): a portal file's kind, or claims.
ListedKind = FileKind | str
CLAIMS: Final = "claim"
MAX_CHOICES: Final = 5
# Stems that name claims (« réclamation », « شكاية », « chikaya »).
_CLAIM_WORDS: Final = ("reclam", "plainte", "claim", "complain", "chikaya", "chkaya", "شكا", "تظلم")
_LATIN: Final = re.compile(r"[a-z]")
# « le navire Atlas Demo », "the vessel MSC Aurora": a name written with capitals after the word.
_VESSEL_NAME: Final = re.compile(r"(?i:navire|bateau|vessel|ship|babour)\s+((?:[A-Z][\w'-]*\s?)+)")


def _says(folded: str, stem: str) -> bool:
    """Whether the folded message holds the stem: a Latin one at a word's start, and as a
    whole word (a plural allowed) when it ends with "$" (« bill$ » is not in « billet »), an
    Arabic one anywhere (articles and pronouns are glued to Arabic words)."""
    whole = stem.endswith("$")
    stem = fold(stem.rstrip("$"))
    if _LATIN.search(stem):
        end = r"s?(?!\w)" if whole else ""
        return re.search(rf"(?<!\w){re.escape(stem)}{end}", folded) is not None
    return stem in folded


def kinds_named(text: str) -> list[FileKind]:
    folded = fold(text)
    return [kind for kind in FILE_KINDS if any(_says(folded, s) for s in KINDS[kind].said)]


def names_claims(text: str) -> bool:
    folded = fold(text)
    return any(_says(folded, stem) for stem in _CLAIM_WORDS)


def status_named(text: str, kinds: list[FileKind]) -> str | None:
    """The status of these kinds the message names, by its longest stem (« impayée » is
    not « payée »), or None."""
    folded = fold(text)
    best: tuple[int, str] | None = None
    for kind in kinds:
        for status, spec in KINDS[kind].statuses.items():
            for stem in spec.said:
                if _says(folded, stem) and (best is None or len(stem) > best[0]):
                    best = (len(stem), status)
    return best[1] if best else None


def names_a_file(text: str) -> bool:
    """The message names a claim or a portal file by its reference (a payload never does)."""
    if text.startswith("/"):
        return False
    return claims.find_reference(text) is not None or bool(find_references(text=text))


# « Que signifie l'état Échu d'un titre ? » asks what a status means, not which files are in it.
_MEANING: Final = re.compile(
    r"signifi|veut dire|c'est quoi|\bmean|definition|يعني|معنى|ma3na|ya3ni|chno hiya",
    re.IGNORECASE,
)


# « statut de ma facture », "status of my import licence", « حالة طلبي », « fin wslat … dyali ».
_STATUS_QUESTION: Final = re.compile(
    r"statut|status|\betat\b|\bou en est|where is|where's|avancement|حالة|وضعية|مآل|أين وصل"
    r"|fin wsl|fin wsal|l7ala|chno w9e3",
    re.IGNORECASE,
)


def asks_own_status(text: str) -> bool:
    """« Où en est ma DFD ? », "status of my import licence": the status of one of the
    user's files of a kind, asked in the first person, not how it is done."""
    folded = fold(text)
    return (
        bool(kinds_named(text))
        and names_own_file(text)
        and _STATUS_QUESTION.search(folded) is not None
        and not asks_how(text)
        and not opens_with_how(text)
        and _MEANING.search(folded) is None
    )


def asks_for_files(text: str) -> bool:
    """A message that names one of the user's files (a reference) or asks for a kind of
    file in a status (« quels titres sont échus ? »): a look in the user's files, not a
    question for the guides (unless it asks how, or what the status means)."""
    if names_a_file(text) or asks_own_status(text):
        return True
    if asks_how(text) or opens_with_how(text) or _MEANING.search(fold(text)):
        return False
    kinds = kinds_named(text)
    return bool(kinds) and status_named(text, kinds) is not None


def visible_kinds(user: User) -> list[FileKind]:
    """The kinds of file this user may see (an operator all five, a bank its titles, an
    administration what is addressed to it)."""
    scope = scope_of(user=user)
    if scope is None:
        return []
    if scope.bank is not None:
        return ["title"]
    if scope.administration is not None:
        return [k for k in FILE_KINDS if KINDS[k].administration == scope.administration]
    return list(FILE_KINDS)


@dataclass(frozen=True)
class Said:
    """What the message names."""

    candidates: list[Candidate]
    kinds: list[FileKind]
    status: str | None
    claims: bool
    ships: bool


def read_message(text: str, kind: str | None) -> Said:
    named = kinds_named(text)
    kinds: list[FileKind] = [kind] if kind in KINDS else named
    return Said(
        candidates=find_references(text=text),
        kinds=kinds,
        status=status_named(text, kinds) if kinds else None,
        claims=kind == CLAIMS or (kind is None and names_claims(text)),
        ships="manifest" in named,
    )


# ---------------------------------------------------------------- the turn


def _login(lang: str) -> FileLookupTurn:
    button = LookupButton(title=texts.chat_text("login_button", lang), payload="/request_login")
    return FileLookupTurn(
        status="login_required",
        messages=[LookupMessage(text=texts.chat_text("login", lang), buttons=[button])],
    )


def kind_button(kind: ListedKind, lang: str) -> LookupButton:
    """« Mes factures »: lists the user's files of that kind (a payload Rasa reads as the
    ask_my_files intent with its `file_kind` entity, whatever the language)."""
    title = (
        texts.chat_text("my_claims", lang) if kind == CLAIMS else KINDS[kind].mine[lang]  # type: ignore[index]
    )
    return LookupButton(title=title, payload=f'/ask_my_files{{"file_kind": "{kind}"}}')


def _search_offer(user: User, lang: str) -> list[LookupButton]:
    return [kind_button(kind, lang) for kind in [*visible_kinds(user), CLAIMS]]


def file_button(record: FileRecord, lang: str) -> LookupButton:
    read = to_read(record=record, lang=lang)
    return LookupButton(
        title=f"{read.kind_label} {read.reference} – {read.status_label}",
        payload=texts.chat_text(
            "ask", lang, kind=KINDS[record.kind].short[lang], reference=read.reference
        ),
    )


def told(record: FileRecord, lang: str) -> FileLookupTurn:
    read = to_read(record=record, lang=lang)
    source = LookupSource(
        title=read.source.title, guide=read.source.guide, section=read.source.section
    )
    return FileLookupTurn(
        status="done",
        messages=[LookupMessage(text=status_text(read=read, lang=lang), sources=[source])],
    )


def vessel_named(text: str) -> str | None:
    """The ship's name a message gives after « navire », "vessel"…: capitalised words."""
    match = _VESSEL_NAME.search(text)
    return match.group(1).strip() if match else None


def _nothing(user: User, lang: str, text: str) -> FileLookupTurn:
    return FileLookupTurn(
        status="none",
        messages=[LookupMessage(text=text, buttons=_search_offer(user, lang))],
    )


def _choose(found: list[FileRecord], lang: str, key: str, **params: str) -> FileLookupTurn:
    buttons = [file_button(record, lang) for record in found[:MAX_CHOICES]]
    text = texts.chat_text(key, lang, count=str(len(found)), **params)
    if len(found) > MAX_CHOICES:
        text += " " + texts.chat_text("more", lang, shown=str(MAX_CHOICES))
    return FileLookupTurn(status="choose", messages=[LookupMessage(text=text, buttons=buttons)])


def _by_reference(*, sources: Sources, user: User, said: Said, lang: str) -> FileLookupTurn:
    found: list[FileRecord] = []
    for candidate in said.candidates:
        if (
            said.kinds
            and candidate.kind not in said.kinds
            and not candidate.reference.startswith("IMO")
        ):
            continue  # « ma DFD 2026… » does not mean a title with the same digits
        if candidate.reference.startswith("IMO"):
            hits = list_visible(
                sources=sources,
                user=user,
                kinds=("manifest",),
                filters=FileFilters(imo=candidate.reference[3:]),
            )
        else:
            record = get_visible(
                sources=sources, kind=candidate.kind, reference=candidate.reference, user=user
            )
            hits = [record] if record is not None else []
        found.extend(
            r for r in hits if all((f.kind, f.reference) != (r.kind, r.reference) for f in found)
        )
    if len(found) == 1:
        return told(found[0], lang)
    if found:
        return _choose(found, lang, "choose")
    shown = ", ".join(dict.fromkeys(c.reference for c in said.candidates))
    return FileLookupTurn(
        status="none",
        messages=[
            LookupMessage(
                text=texts.chat_text("not_found", lang, reference=shown),
                buttons=_search_offer(user, lang),
            )
        ],
    )


def _by_kind(*, sources: Sources, user: User, said: Said, lang: str) -> FileLookupTurn:
    kinds = tuple(k for k in said.kinds if k in visible_kinds(user))
    what = ", ".join(KINDS[k].mine[lang] for k in said.kinds)
    status = said.status
    found = (
        list_visible(sources=sources, user=user, kinds=kinds, filters=FileFilters(status=status))
        if kinds
        else []
    )
    label = _status_label(kinds or tuple(said.kinds), status, lang)
    if not found:
        key = "none_in_status" if label else "none_of_kind"
        return FileLookupTurn(
            status="none",
            messages=[
                LookupMessage(
                    text=texts.chat_text(key, lang, what=what, status=label or ""),
                    buttons=_search_offer(user, lang),
                )
            ],
        )
    if len(found) == 1:
        return told(found[0], lang)
    key = "listed_in_status" if label else "listed"
    return _choose(found, lang, key, what=what, status=label or "")


def _status_label(kinds: tuple[FileKind, ...], status: str | None, lang: str) -> str | None:
    if status is None:
        return None
    spec: StatusSpec | None = next(
        (KINDS[k].statuses[status] for k in kinds if status in KINDS[k].statuses), None
    )
    return spec.label[lang] if spec else None


def _latest(*, db: Session, sources: Sources, user: User, lang: str) -> FileLookupTurn:
    """« Où en est mon dossier ? »: the latest claims and files, newest first."""
    files = list_visible(
        sources=sources, user=user, kinds=tuple(visible_kinds(user)), filters=FileFilters()
    )
    recent = claims.list_for_owner(db=db, user=user)[:MAX_CHOICES]
    dated: list[tuple[object, LookupButton]] = [
        (record.created_at, file_button(record, lang)) for record in files[:MAX_CHOICES]
    ]
    for claim in recent:
        follow = claim_texts.follow_button(reference=claim.reference, lang=lang)
        title = f"{claim.reference} – {claim_texts.status_label(claim.status, lang)} – {claim.object[:60]}"
        dated.append(
            (as_utc(claim.created_at), LookupButton(title=title, payload=follow["payload"]))
        )
    if not dated:
        return FileLookupTurn(
            status="none",
            messages=[
                LookupMessage(
                    text=texts.chat_text("nothing", lang), buttons=_search_offer(user, lang)
                )
            ],
        )
    dated.sort(key=lambda pair: pair[0], reverse=True)  # type: ignore[arg-type, return-value]
    return FileLookupTurn(
        status="choose",
        messages=[
            LookupMessage(
                text=texts.chat_text("latest", lang),
                buttons=[button for _, button in dated[:MAX_CHOICES]],
            )
        ],
    )


def _claims_turn(
    *, db: Session, session_id: str, reference: str | None, lang: str
) -> FileLookupTurn:
    turn = claims.status_turn(db=db, session_id=session_id, reference=reference, lang=lang)
    return FileLookupTurn.model_validate(turn.model_dump())


def my_files_turn(
    *,
    db: Session,
    sources: Sources,
    session_id: str,
    text: str,
    lang: str,
    kind: str | None = None,
) -> FileLookupTurn:
    """For the conversation's signed-in owner only (never whoever the caller says). `kind`
    comes from a « Mes factures » button (a file kind, or "claim")."""
    lang = reply_lang(lang)
    identity = conversations.identity(db=db, session_id=session_id)
    conversation = conversations.get(db=db, session_id=session_id)
    if identity.user is None or conversation is None or conversation.user_id is None:
        return _login(lang)
    user = accounts.get_or_raise(db=db, user_id=conversation.user_id)
    claim = claims.find_reference(text)
    said = read_message(text, kind)
    try:
        if claim is not None or (said.claims and not said.candidates and not said.kinds):
            return _claims_turn(db=db, session_id=session_id, reference=claim, lang=lang)
        if said.candidates:
            return _by_reference(sources=sources, user=user, said=said, lang=lang)
        if said.ships:
            vessels = manifests_of_vessel(sources=sources, user=user, text=text)
            if len(vessels) == 1:
                return told(vessels[0], lang)
            if vessels:
                return _choose(vessels, lang, "choose")
            name = vessel_named(text)
            if name is not None:
                return _nothing(user, lang, texts.chat_text("no_vessel", lang, vessel=name))
        if said.kinds:
            return _by_kind(sources=sources, user=user, said=said, lang=lang)
        return _latest(db=db, sources=sources, user=user, lang=lang)
    except PortalUnavailable as error:
        message = i18n.text(error.code, lang, **error.params)
        return FileLookupTurn(status="unavailable", messages=[LookupMessage(text=message)])
