"""Attachment storage. Every function takes the session and keyword arguments only."""

import hashlib
import re
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session

from api import i18n
from api.errors import ApiError, NotFound
from api.uploads import pdf
from api.uploads.models import MAX_UPLOAD_BYTES, PDF_CONTENT_TYPE, Upload, UploadCreate

PDF_MAGIC = b"%PDF-"
_UNSAFE_NAME = re.compile(r"[^\w.\- ()]+")


def safe_filename(name: str) -> str:
    """The file's base name without path parts or control characters, never empty, ≤ 255 chars."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = _UNSAFE_NAME.sub("_", base).strip(" .") or "document.pdf"
    if not base.lower().endswith(".pdf"):
        base += ".pdf"
    if len(base) > 255:
        base = base[:251] + ".pdf"
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


def check(*, filename: str, content: bytes) -> None:
    """Refuse what is not a PDF of at most MAX_UPLOAD_BYTES, whatever its name says, and a
    PDF that is damaged or would run something when an agent opens it. Parses the file:
    call it from a worker thread."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise ApiError(
            "file_too_large", status_code=413, limit_mb=MAX_UPLOAD_BYTES // (1024 * 1024)
        )
    if not content:
        raise ApiError("empty_file", status_code=400)
    if not filename.lower().endswith(".pdf") or not content.startswith(PDF_MAGIC):
        raise ApiError("unsupported_file_type", status_code=415)
    verdict = pdf.inspect(content)
    if verdict == "unreadable":
        raise ApiError("pdf_unreadable", status_code=415)
    if verdict == "active_content":
        raise ApiError("pdf_active_content", status_code=422)


def create(*, db: Session, upload: UploadCreate) -> Upload:
    check(filename=upload.filename, content=upload.content)
    row = Upload(
        session_id=upload.session_id,
        filename=safe_filename(upload.filename),
        content_type=PDF_CONTENT_TYPE,
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
