"""POST /api/v1/uploads: PDF, PNG or JPEG (by content, not by name), ≤ 3 MB, localized refusals."""

import struct
import zlib
from io import BytesIO

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fastapi.testclient import TestClient
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject
from sqlalchemy import select

from api import models  # noqa: F401 - every table on Base.metadata
from api.database import Base
from api.errors import ApiError
from api.uploads import images, pdf, service
from api.uploads.models import MAX_UPLOAD_BYTES, PDF_ONLY, Upload
from tests.image_samples import make_jpeg, make_png, png_chunk
from tests.pdf_samples import make_pdf

PDF = make_pdf()


def post(
    client: TestClient,
    content: bytes,
    *,
    name: str = "facture.pdf",
    session_id: str = "up-1",
    **extra,
):  # type: ignore[no-untyped-def]
    return client.post(
        "/api/v1/uploads",
        data={"session_id": session_id, **extra.pop("data", {})},
        files={"file": (name, content, extra.pop("content_type", "application/pdf"))},
        **extra,
    )


def test_a_pdf_is_stored_and_described(client: TestClient) -> None:
    response = post(client, PDF, name="Facture mars.pdf")

    assert response.status_code == 201, response.text
    body = response.json()
    assert set(body) == {"id", "filename", "size", "content_type"}
    assert body["filename"] == "Facture mars.pdf"
    assert body["size"] == len(PDF) and body["content_type"] == "application/pdf"
    with client.app.state.session_factory() as db:
        stored = service.get_or_raise(db=db, upload_id=body["id"])
        assert stored.data == PDF and stored.session_id == "up-1"
        assert [u.id for u in service.list_for_session(db=db, session_id="up-1")] == [body["id"]]


def test_exactly_3_mb_is_accepted(client: TestClient) -> None:
    content = make_pdf(size=MAX_UPLOAD_BYTES)

    response = post(client, content)

    assert response.status_code == 201 and response.json()["size"] == MAX_UPLOAD_BYTES


def test_a_file_over_3_mb_is_refused_with_413_in_the_users_language(client: TestClient) -> None:
    big = PDF + b"0" * (MAX_UPLOAD_BYTES - len(PDF) + 1)

    fr = post(client, big)
    ar = post(client, big, data={"lang": "ar"})
    en = post(client, PDF + b"0" * (5 * 1024 * 1024), headers={"Accept-Language": "en-GB,en;q=0.8"})

    assert fr.status_code == ar.status_code == en.status_code == 413
    assert fr.json()["error"] == {
        "code": "file_too_large",
        "message": "Le fichier dépasse 3 Mo. Réduisez sa taille ou scindez-le, puis réessayez.",
    }
    assert "3 ميغابايت" in ar.json()["error"]["message"]
    assert en.json()["error"]["message"].startswith("The file is larger than 3 MB")
    with client.app.state.session_factory() as db:
        assert db.scalars(select(Upload)).all() == []


def test_the_type_is_read_from_the_content_whatever_the_name_says(client: TestClient) -> None:
    broken_png_named_pdf = post(client, b"\x89PNG\r\n\x1a\n....", name="scan.pdf")
    exe_named_pdf = post(client, b"MZ\x90\x00\x03" + b"\x00" * 200, name="facture.pdf")
    html = post(
        client, b"<html><script>alert(1)</script></html>", name="page.pdf", content_type="text/html"
    )
    pdf_named_docx = post(client, PDF, name="contrat.docx")
    png_named_pdf = post(client, make_png(), name="capture.pdf", content_type="application/pdf")

    assert broken_png_named_pdf.status_code == 415
    assert broken_png_named_pdf.json()["error"]["code"] == "image_unreadable"
    for response in (exe_named_pdf, html):
        assert response.status_code == 415
        assert response.json()["error"]["code"] == "unsupported_document_type"
    assert exe_named_pdf.json()["error"]["message"].startswith(
        "Seuls les fichiers PDF, PNG ou JPEG sont acceptés"
    )
    # What it is, not what it is called: the stored name says the real type.
    assert pdf_named_docx.status_code == 201 and png_named_pdf.status_code == 201
    assert pdf_named_docx.json()["filename"] == "contrat.docx.pdf"
    assert png_named_pdf.json()["filename"] == "capture.pdf.png"
    assert png_named_pdf.json()["content_type"] == "image/png"


def test_png_and_jpeg_are_stored_with_the_detected_type(client: TestClient) -> None:
    png = post(client, make_png(), name="écran.png", content_type="application/octet-stream")
    jpeg = post(client, make_jpeg(), name="photo.JPG", content_type="image/png")

    assert png.status_code == jpeg.status_code == 201, (png.text, jpeg.text)
    assert (png.json()["content_type"], png.json()["filename"]) == ("image/png", "écran.png")
    assert (jpeg.json()["content_type"], jpeg.json()["filename"]) == ("image/jpeg", "photo.JPG")


def test_images_of_exactly_3_mb_pass_one_byte_more_does_not(client: TestClient) -> None:
    assert post(client, make_png(pad_to=MAX_UPLOAD_BYTES), name="a.png").status_code == 201
    assert post(client, make_jpeg(pad_to=MAX_UPLOAD_BYTES), name="a.jpg").status_code == 201
    over = post(client, make_jpeg(pad_to=MAX_UPLOAD_BYTES + 1), name="a.jpg")
    assert over.status_code == 413 and over.json()["error"]["code"] == "file_too_large"


def test_damaged_images_are_refused() -> None:
    png, jpeg = make_png(), make_jpeg()
    bad_crc = png[:20] + bytes([png[20] ^ 1]) + png[21:]
    # A 2×2 header over pixels that inflate to 20 MB (read a megabyte at a time, refused).
    swollen = (
        png[:8]
        + png_chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 20_000_000, 9))
        + png_chunk(b"IEND", b"")
    )
    cases = {
        "png cut short": png[:-12],
        "png bad checksum": bad_crc,
        "png header only": png[:33],
        "png pixels larger than its header": swollen,
        "jpeg without end": jpeg[:-2],
        "jpeg magic only": b"\xff\xd8\xff\xe0" + b"\x00" * 50,
    }
    for name, content in cases.items():
        kind = images.sniff(content)
        assert kind is not None and not images.is_valid(content, kind), name
        try:
            service.check(filename="x.png", content=content)
        except ApiError as refused:
            assert refused.code == "image_unreadable" and refused.status_code == 415, name
        else:
            raise AssertionError(f"{name} was accepted")


def test_a_pdf_only_use_keeps_refusing_images() -> None:
    for image in (make_png(), make_jpeg()):
        try:
            service.check(filename="scan.pdf", content=image, accept=PDF_ONLY)
        except ApiError as refused:
            assert refused.code == "unsupported_file_type" and refused.status_code == 415
        else:
            raise AssertionError("an image passed a PDF-only check")
    assert service.check(filename="x", content=PDF, accept=PDF_ONLY) == "application/pdf"


def test_empty_missing_file_and_bad_session_are_4xx(client: TestClient) -> None:
    empty = post(client, b"")
    no_file = client.post(
        "/api/v1/uploads", data={"session_id": "up-1"}, headers={"Accept-Language": "ar"}
    )
    bad_session = post(client, PDF, session_id="pas une session")
    not_multipart = client.post("/api/v1/uploads", json={"session_id": "up-1"})

    assert empty.status_code == 400 and empty.json()["error"]["code"] == "empty_file"
    assert no_file.status_code == 422 and no_file.json()["error"]["code"] == "missing_file"
    assert no_file.json()["error"]["message"].startswith("لم يُستلم")
    assert (
        bad_session.status_code == 422
        and bad_session.json()["error"]["code"] == "invalid_session_id"
    )
    assert (
        not_multipart.status_code == 422
        and not_multipart.json()["error"]["code"] == "invalid_session_id"
    )


def test_the_stored_name_is_a_safe_base_name() -> None:
    assert service.safe_filename("../../etc/passwd.pdf") == "passwd.pdf"
    assert service.safe_filename("C:\\Users\\x\\relevé bancaire.pdf") == "relevé bancaire.pdf"
    assert service.safe_filename("a\x00b<script>.pdf") == "ab_script_.pdf"
    assert service.safe_filename("") == "document.pdf"
    assert service.safe_filename("", "image/jpeg") == "document.jpg"
    assert service.safe_filename("scan.JPEG", "image/jpeg") == "scan.JPEG"
    assert len(service.safe_filename("x" * 400 + ".pdf")) == 255


def test_the_migration_matches_the_model(client: TestClient) -> None:
    with client.app.state.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        diff = [d for d in compare_metadata(context, Base.metadata) if "uploads" in repr(d)]

    assert diff == []


def test_only_a_pdf_that_parses_without_active_content_is_stored(client: TestClient) -> None:
    """Issue 12: the `%PDF-` header is not enough; the file is parsed (pypdf)."""
    valid = make_pdf()
    truncated = post(client, valid[: len(valid) // 2])
    cut_before_eof = post(client, valid[:-8])
    html = post(client, b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n")
    javascript = post(client, make_pdf(javascript="app.alert('x')"), data={"lang": "en"})
    launch = post(client, make_pdf(launch=True))

    for response in (truncated, cut_before_eof, html):
        assert response.status_code == 415, response.text
        assert response.json()["error"]["code"] == "pdf_unreadable"
    assert truncated.json()["error"]["message"].startswith("Ce PDF est illisible, incomplet")
    for response in (javascript, launch):
        assert response.status_code == 422, response.text
        assert response.json()["error"]["code"] == "pdf_active_content"
    assert javascript.json()["error"]["message"].startswith("This PDF contains active content")
    with client.app.state.session_factory() as db:
        assert db.scalars(select(Upload)).all() == []


def test_active_content_is_found_wherever_it_hides() -> None:
    # JavaScript in the document's name tree and in a link annotation, not in OpenAction.
    writer = PdfWriter()
    page = writer.add_blank_page(width=200, height=200)
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("x")}
    )
    link = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/A"): writer._add_object(action),
        }
    )
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(link)])
    out = BytesIO()
    writer.write(out)

    assert pdf.inspect(make_pdf()) == "ok"
    assert pdf.inspect(out.getvalue()) == "active_content"
