"""Small valid PNG and JPEG files made here (no image library in the core's venv)."""

import struct
import zlib


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def make_png(width: int = 4, height: int = 3, *, pad_to: int = 0) -> bytes:
    """An RGB image, each row a filter byte then its pixels; `pad_to` adds an ancillary
    text chunk so the file reaches that size."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + bytes(range(3)) * width for _ in range(height))
    body = png_chunk(b"IHDR", header) + png_chunk(b"IDAT", zlib.compress(rows))
    end = png_chunk(b"IEND", b"")
    png = b"\x89PNG\r\n\x1a\n" + body
    if pad_to:
        filler = max(0, pad_to - len(png) - len(end) - 12 - 8)
        png += png_chunk(b"tEXt", b"Comment\x00" + b"x" * filler)
    return png + end


def make_jpeg(*, pad_to: int = 0) -> bytes:
    """A baseline 8×8 grey JPEG: one block, DC difference 0 and end-of-block, each coded
    by a one-symbol Huffman table (the bits 0 0, padded with 1s)."""
    segments = [
        b"\xff\xd8",
        # DQT: table 0, all ones.
        b"\xff\xdb" + struct.pack(">H", 67) + b"\x00" + b"\x01" * 64,
        # SOF0: 8-bit, 8×8, one component (id 1, 1×1 sampling, table 0).
        b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, 8, 8, 1) + b"\x01\x11\x00",
        # DHT: DC table 0 and AC table 0, one code of length 1 each (symbol 0).
        b"\xff\xc4" + struct.pack(">H", 20) + b"\x00" + b"\x01" + b"\x00" * 15 + b"\x00",
        b"\xff\xc4" + struct.pack(">H", 20) + b"\x10" + b"\x01" + b"\x00" * 15 + b"\x00",
    ]
    if pad_to:
        used = sum(map(len, segments)) + 10 + 1 + 2
        comment = max(0, pad_to - used - 4)
        while comment > 0:
            part = min(comment, 65533 - 2)
            segments.append(b"\xff\xfe" + struct.pack(">H", part + 2) + b"c" * part)
            comment -= part + 4
    segments += [
        # SOS: one component, tables 0/0, spectral 0-63.
        b"\xff\xda" + struct.pack(">HB", 8, 1) + b"\x01\x00" + b"\x00\x3f\x00",
        b"\x3f",
        b"\xff\xd9",
    ]
    return b"".join(segments)
