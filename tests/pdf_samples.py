"""Real PDFs for the upload tests, made with pypdf: the core parses what it is sent."""

from io import BytesIO

from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject, TextStringObject


def make_pdf(
    *, size: int | None = None, javascript: str | None = None, launch: bool = False
) -> bytes:
    """A one-page PDF; `size` pads it to exactly that many bytes; `javascript` runs when it
    is opened; `launch` opens a program when it is opened."""
    content = _build(padding=0, javascript=javascript, launch=launch)
    if size is None:
        return content
    padding = size - len(content)
    for _ in range(5):  # the cross-reference offsets grow a digit or two with the padding
        padded = _build(padding=padding, javascript=javascript, launch=launch)
        if len(padded) == size:
            return padded
        padding += size - len(padded)
    raise AssertionError(f"cannot pad a PDF to {size} bytes")


def _build(*, padding: int, javascript: str | None, launch: bool) -> bytes:
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "Facture"})
    # The page's content stream, padded with spaces (blank, valid drawing instructions).
    contents = DecodedStreamObject()
    contents.set_data(b"%TijarIA test page\n" + b" " * max(0, padding))
    page[NameObject("/Contents")] = writer._add_object(contents)
    action: DictionaryObject | None = None
    if javascript is not None:
        action = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject(javascript),
            }
        )
    if launch:
        action = DictionaryObject(
            {
                NameObject("/S"): NameObject("/Launch"),
                NameObject("/F"): TextStringObject("calc.exe"),
            }
        )
    if action is not None:
        # What the file does when it is opened.
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
