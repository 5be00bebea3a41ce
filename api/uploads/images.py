"""Is this upload a PNG or JPEG image an agent can safely open? Read structurally, not
trusted by its first bytes: every PNG chunk's checksum, the header's dimensions and the
compressed pixels (inflated, up to the size the header announces: no decompression
bomb), or the JPEG's segments up to a frame header, a scan and the end marker. No image
library is needed for that, and none is installed in the core."""

import struct
import zlib
from typing import Literal

ImageType = Literal["image/png", "image/jpeg"]

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
# Larger than any scan or photo a claim needs, small enough to inflate safely.
MAX_PIXELS = 40_000_000
_TAIL_BYTES = 1024
_INFLATE_STEP = 1 << 20
# PNG colour types and the bit depths each allows, with the samples per pixel.
_PNG_COLOURS: dict[int, tuple[frozenset[int], int]] = {
    0: (frozenset({1, 2, 4, 8, 16}), 1),
    2: (frozenset({8, 16}), 3),
    3: (frozenset({1, 2, 4, 8}), 1),
    4: (frozenset({8, 16}), 2),
    6: (frozenset({8, 16}), 4),
}
# JPEG start-of-frame markers (C4 = DHT, C8 = JPG extension, CC = DAC are not frames).
_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_SOS, _EOI, _TEM = 0xDA, 0xD9, 0x01
_RST = frozenset(range(0xD0, 0xD8))


def sniff(content: bytes) -> ImageType | None:
    """What the first bytes claim (still to be checked with `is_valid`)."""
    if content.startswith(PNG_SIGNATURE):
        return "image/png"
    if content.startswith(JPEG_MAGIC):
        return "image/jpeg"
    return None


def is_valid(content: bytes, kind: ImageType) -> bool:
    try:
        return _valid_png(content) if kind == "image/png" else _valid_jpeg(content)
    except (struct.error, zlib.error, ValueError, IndexError):
        return False


def _valid_png(content: bytes) -> bool:
    position = len(PNG_SIGNATURE)
    header: tuple[int, int, int, int, int] | None = None
    compressed: list[bytes] = []
    while position + 12 <= len(content):
        (length,) = struct.unpack(">I", content[position : position + 4])
        kind = content[position + 4 : position + 8]
        data = content[position + 8 : position + 8 + length]
        if len(data) != length or position + 12 + length > len(content):
            return False
        (crc,) = struct.unpack(">I", content[position + 8 + length : position + 12 + length])
        if zlib.crc32(kind + data) != crc:
            return False
        position += 12 + length
        if header is None:
            if kind != b"IHDR" or length != 13:
                return False
            width, height, depth, colour, _, _, _ = struct.unpack(">IIBBBBB", data)
            header = (width, height, depth, colour, data[12])
        elif kind == b"IDAT":
            compressed.append(data)
        elif kind == b"IEND":
            return header is not None and bool(compressed) and _pixels_inflate(header, compressed)
    return False  # cut short: no IEND


def _pixels_inflate(header: tuple[int, int, int, int, int], compressed: list[bytes]) -> bool:
    width, height, depth, colour, interlace = header
    if colour not in _PNG_COLOURS or depth not in _PNG_COLOURS[colour][0]:
        return False
    if not 0 < width * height <= MAX_PIXELS or interlace not in (0, 1):
        return False
    row = (width * depth * _PNG_COLOURS[colour][1] + 7) // 8 + 1  # + the filter byte
    expected = row * height
    # Counted a megabyte at a time, never held: a small file may inflate enormously.
    inflater = zlib.decompressobj()
    pending = b"".join(compressed)
    produced = 0
    while pending and not inflater.eof and produced <= expected:
        produced += len(inflater.decompress(pending, _INFLATE_STEP))
        pending = inflater.unconsumed_tail
    if not inflater.eof:
        produced += len(inflater.flush())
    if interlace == 1:  # seven passes of varying sizes: it must inflate, whole, no larger
        return 0 < produced <= expected and inflater.eof
    return produced == expected and inflater.eof


def _valid_jpeg(content: bytes) -> bool:
    if _EOI_MARKER not in content[-_TAIL_BYTES:]:
        return False
    position = 2
    frame = False
    while position + 4 <= len(content):
        if content[position] != 0xFF:
            return False
        marker = content[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker in _RST or marker == _TEM:
            position += 2
            continue
        if marker == _EOI:
            return False  # an end before any scan
        (length,) = struct.unpack(">H", content[position + 2 : position + 4])
        if length < 2 or position + 2 + length > len(content):
            return False
        segment = content[position + 4 : position + 2 + length]
        if marker in _SOF:
            if len(segment) < 6:
                return False
            _, height, width, components = struct.unpack(">BHHB", segment[:6])
            if not (0 < width and 0 < height and 0 < width * height <= MAX_PIXELS):
                return False
            if components not in (1, 3, 4):
                return False
            frame = True
        position += 2 + length
        if marker == _SOS:
            return frame and _EOI_MARKER in content[position:]
    return False


_EOI_MARKER = bytes((0xFF, _EOI))
