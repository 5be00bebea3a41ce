"""Attachment storage. Every function takes the session and keyword arguments only."""

import hashlib
import re
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session

from api import i18n
from api.errors import ApiError, NotFound
from api.uploads import images, pdf
from api.uploads.models import (
    DOCUMENT_TYPES,
    JPEG_CONTENT_TYPE,
    MAX_UPLOAD_BYTES,
    PDF_CONTENT_TYPE,
    PDF_ONLY,
    PNG_CONTENT_TYPE,
    Upload,
    UploadCreate,
)

PDF_MAGIC = b"%PDF-"
_UNSAFE_NAME = re.compile(r"[^\w.\- ()]+")
# The extensions a stored file's name may end with, by its content type (the first is added
# when the name has none of them: the name then says what the content is).
EXTENSIONS: dict[str, tuple[str, ...]] = {
    PDF_CONTENT_TYPE: (".pdf",),
    PNG_CONTENT_TYPE: (".png",),
    JPEG_CONTENT_TYPE: (".jpg", ".jpeg", ".jpe"),
}


def safe_filename(name: str, content_type: str = PDF_CONTENT_TYPE) -> str:
    """The file's base name without path parts or control characters, never empty, ≤ 255
    chars, ending with an extension of its real (detected) content type."""
    extension = EXTENSIONS[content_type][0]
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = _UNSAFE_NAME.sub("_", base).strip(" .") or f"document{extension}"
    if not base.lower().endswith(EXTENSIONS[content_type]):
        base += extension
    if len(base) > 255:
        base = base[: 255 - len(extension)] + extension
    return base


i18n.register(
    {
        "pdf_unreadable": {
            "fr": (
                "Ce PDF est illisible, incomplet ou protégé par un mot de passe. Enregistrez "
                "votre document à nouveau au format PDF (par exemple « Imprimer » puis "
                "« Enregistrer au format PDF »), puis réessayez."
            ),
            "ar": (
                "ملف PDF هذا غير مقروء أو غير مكتمل أو محمي بكلمة مرور. احفظ وثيقتك من جديد "
                "بصيغة PDF (مثلًا «طباعة» ثم «حفظ بصيغة PDF») ثم أعد المحاولة."
            ),
            "en": (
                "This PDF is unreadable, incomplete or password-protected. Save your document "
                'as a PDF again (for example "Print", then "Save as PDF"), then try again.'
            ),
        },
        "unsupported_document_type": {
            "fr": (
                "Seuls les fichiers PDF, PNG ou JPEG sont acceptés (le type est reconnu au "
                "contenu du fichier, pas à son nom). Enregistrez votre document dans l'un de ces "
                "formats puis réessayez."
            ),
            "ar": (
                "لا تُقبل إلا ملفات PDF أو PNG أو JPEG (يُتعرّف على النوع من محتوى الملف لا من "
                "اسمه). احفظ وثيقتك بإحدى هذه الصيغ ثم أعد المحاولة."
            ),
            "en": (
                "Only PDF, PNG or JPEG files are accepted (the type is read from the file's "
                "content, not its name). Save your document in one of these formats, then "
                "try again."
            ),
        },
        "image_unreadable": {
            "fr": (
                "Cette image est illisible ou incomplète. Enregistrez-la à nouveau (PNG ou JPEG) "
                "ou prenez une nouvelle capture, puis réessayez."
            ),
            "ar": "هذه الصورة غير مقروءة أو غير مكتملة. احفظها من جديد (PNG أو JPEG) أو التقط صورة جديدة ثم أعد المحاولة.",
            "en": (
                "This image is unreadable or incomplete. Save it again (PNG or JPEG) or take a "
                "new screenshot, then try again."
            ),
        },
        "pdf_active_content": {
            "fr": (
                "Ce PDF contient du contenu actif (JavaScript, lancement de programme ou "
                "formulaire qui envoie des données) : il est refusé par sécurité. Enregistrez-le "
                "à nouveau avec « Imprimer » puis « Enregistrer au format PDF », puis réessayez."
            ),
            "ar": (
                "يحتوي ملف PDF هذا على محتوى نشط (JavaScript أو تشغيل برنامج أو استمارة ترسل "
                "بيانات)، لذا رُفض لأسباب أمنية. احفظه من جديد عبر «طباعة» ثم «حفظ بصيغة PDF» "
                "ثم أعد المحاولة."
            ),
            "en": (
                "This PDF contains active content (JavaScript, launching a program, or a form "
                'that sends data), so it is refused for safety. Save it again with "Print", '
                'then "Save as PDF", then try again.'
            ),
        },
    }
)


def unsupported(accept: tuple[str, ...]) -> ApiError:
    """The refusal of a type `accept` does not list, in the words of that use."""
    code = "unsupported_file_type" if tuple(accept) == PDF_ONLY else "unsupported_document_type"
    return ApiError(code, status_code=415)


def check(*, filename: str, content: bytes, accept: tuple[str, ...] = DOCUMENT_TYPES) -> str:
    """The content type of a file of at most MAX_UPLOAD_BYTES, read from its content (the
    name is never believed): a PDF that parses without active content, or a PNG / JPEG
    that reads whole, if `accept` lists it. Anything else is refused with a localized
    code. Parses the file: call it from a worker thread."""
    del filename  # what a file is named says nothing of what it is
    if len(content) > MAX_UPLOAD_BYTES:
        raise ApiError(
            "file_too_large", status_code=413, limit_mb=MAX_UPLOAD_BYTES // (1024 * 1024)
        )
    if not content:
        raise ApiError("empty_file", status_code=400)
    image = images.sniff(content)
    kind = PDF_CONTENT_TYPE if content.startswith(PDF_MAGIC) else image
    if kind is None or kind not in accept:
        raise unsupported(accept)
    if image is not None:
        if not images.is_valid(content, image):
            raise ApiError("image_unreadable", status_code=415)
        return image
    verdict = pdf.inspect(content)
    if verdict == "unreadable":
        raise ApiError("pdf_unreadable", status_code=415)
    if verdict == "active_content":
        raise ApiError("pdf_active_content", status_code=422)
    return PDF_CONTENT_TYPE


def create(
    *, db: Session, upload: UploadCreate, accept: tuple[str, ...] = DOCUMENT_TYPES
) -> Upload:
    content_type = check(filename=upload.filename, content=upload.content, accept=accept)
    row = Upload(
        session_id=upload.session_id,
        filename=safe_filename(upload.filename, content_type),
        content_type=content_type,
        size=len(upload.content),
        sha256=hashlib.sha256(upload.content).hexdigest(),
        data=upload.content,
    )
    db.add(row)
    db.commit()  # the upload is its own unit of work
    return row


def get(*, db: Session, upload_id: str) -> Upload | None:
    return db.get(Upload, upload_id)


def get_or_raise(*, db: Session, upload_id: str) -> Upload:
    upload = get(db=db, upload_id=upload_id)
    if upload is None:
        raise NotFound("upload_not_found")
    return upload


def list_for_session(*, db: Session, session_id: str) -> list[Upload]:
    return list(
        db.scalars(
            select(Upload).where(Upload.session_id == session_id).order_by(Upload.created_at)
        )
    )
