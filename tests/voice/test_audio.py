"""Decoding what browsers record, and the clip limits (PyAV only: no model, fast)."""

import io
import os

import av
import numpy as np
import pytest

from api.voice import audio
from api.voice.audio import AudioTooLong, UnreadableAudio, decode
from tests.voice import speech
from tests.voice.conftest import Clips


@pytest.mark.parametrize("fmt", list(speech.FORMATS))
def test_every_browser_format_decodes_to_16_khz_mono(clips: Clips, fmt: str) -> None:
    reference = decode(clips.get("fr_password", "wav"), max_seconds=60)

    clip = decode(clips.get("fr_password", fmt), max_seconds=60)

    assert clip.samples.dtype == np.float32 and clip.samples.ndim == 1
    # Codecs pad a little (encoder delay, last frame), never more than a tenth of a second.
    assert clip.seconds == pytest.approx(reference.seconds, abs=0.1)
    assert not clip.is_silent
    assert float(np.max(np.abs(clip.samples))) <= 1.01


@pytest.mark.parametrize(
    "data",
    [b"", b"not audio at all", os.urandom(20_000), b"RIFF\x00\x00\x00\x00WAVEfmt " + bytes(64)],
    ids=["empty", "text", "random", "truncated-wav-header"],
)
def test_garbage_is_unreadable(data: bytes) -> None:
    with pytest.raises(UnreadableAudio):
        decode(data, max_seconds=60)


def test_a_file_without_audio_is_unreadable() -> None:
    # A picture: FFmpeg recognises the file, but there is nothing to listen to.
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="image2pipe") as out:
        stream = out.add_stream("png", rate=1)
        stream.width, stream.height, stream.pix_fmt = 8, 8, "rgb24"
        frame = av.VideoFrame.from_ndarray(np.zeros((8, 8, 3), dtype=np.uint8), format="rgb24")
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            out.mux(packet)

    with pytest.raises(UnreadableAudio):
        decode(buffer.getvalue(), max_seconds=60)


@pytest.mark.parametrize("fmt", ["wav", "webm", "mp3"])
def test_a_clip_over_the_limit_is_refused(fmt: str) -> None:
    data = speech.encode(speech.tone(8.0), 16_000, fmt)

    with pytest.raises(AudioTooLong):
        decode(data, max_seconds=5)
    assert decode(data, max_seconds=8).seconds == pytest.approx(8.0, abs=0.1)


def test_the_limit_holds_while_decoding_when_the_container_does_not_say(monkeypatch) -> None:
    # Chromium's MediaRecorder writes webm without a duration: the decoder must count.
    monkeypatch.setattr(audio, "_declared_seconds", lambda container, stream: None)
    data = speech.encode(speech.tone(8.0), 16_000, "webm")

    with pytest.raises(AudioTooLong):
        decode(data, max_seconds=5)


def test_a_recorder_stopped_a_little_late_is_still_accepted() -> None:
    data = speech.encode(speech.tone(5.5), 16_000, "webm")

    assert decode(data, max_seconds=5).seconds == pytest.approx(5.5, abs=0.1)


def test_silence_is_recognised() -> None:
    assert decode(speech.encode(speech.silence(2.0), 16_000, "webm"), max_seconds=60).is_silent
    assert not decode(speech.encode(speech.tone(2.0), 16_000, "webm"), max_seconds=60).is_silent
