"""Is this upload a PDF a PORTNET agent can safely open? Parsed with pypdf, not trusted by
its first bytes: a truncated file, HTML behind a `%PDF-` header, or a PDF that runs
something when opened (JavaScript, launching a program, sending a form, Flash, XFA
scripts) is refused before it is stored."""

import logging
from io import BytesIO
from typing import Literal

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, PdfObject

log = logging.getLogger(__name__)

Verdict = Literal["ok", "unreadable", "active_content"]

# Keys under which a PDF keeps something that runs, and action types (/S) that do.
_ACTIVE_KEYS = frozenset({"/JS", "/JavaScript", "/RichMedia", "/XFA"})
_ACTIVE_ACTIONS = frozenset(
    {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/RichMediaExecute", "/GoToE"}
)
# A PDF ends with %%EOF (perhaps followed by a line end or a little junk); one that does
# not was cut short on the way.
_TAIL_BYTES = 1024
# Objects looked at, at most: more than any real invoice or statute has in 3 MB.
_MAX_OBJECTS = 200_000


def inspect(content: bytes) -> Verdict:
    if not content.startswith(b"%PDF-") or b"%%EOF" not in content[-_TAIL_BYTES:]:
        return "unreadable"
    try:
        reader = PdfReader(BytesIO(content), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return "unreadable"  # password-protected: neither we nor an agent could open it
        if len(reader.pages) < 1:
            return "unreadable"
        return "active_content" if _has_active_content(reader) else "ok"
    except Exception as exc:  # noqa: BLE001 - any failure to parse untrusted bytes is a refusal
        log.info("upload refused, PDF unreadable: %s: %s", type(exc).__name__, exc)
        return "unreadable"


def _has_active_content(reader: PdfReader) -> bool:
    """Looks at every object of the file, reachable from the catalogue or not (a viewer that
    rebuilds a damaged cross-reference table may reach what pypdf does not)."""
    pending: list[PdfObject] = [reader.trailer]
    for generation, numbers in reader.xref.items():
        pending.extend(IndirectObject(number, generation, reader) for number in numbers)
    pending.extend(IndirectObject(number, 0, reader) for number in reader.xref_objStm)
    seen: set[tuple[int, int]] = set()
    looked = 0
    while pending:
        looked += 1
        if looked > _MAX_OBJECTS:
            raise ValueError("too many objects")
        item = pending.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            resolved = item.get_object()
            if resolved is None:
                continue
            item = resolved
        if isinstance(item, DictionaryObject):  # stream dictionaries too, not their data
            if _ACTIVE_KEYS & set(item.keys()):
                return True
            action = item.get("/S")
            if isinstance(action, IndirectObject):
                action = action.get_object()
            if isinstance(action, NameObject) and action in _ACTIVE_ACTIONS:
                return True
            pending.extend(item.values())
        elif isinstance(item, ArrayObject):
            pending.extend(item)
    return False
