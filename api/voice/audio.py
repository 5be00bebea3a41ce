"""Decode what a browser records (webm/opus, ogg, wav, mp3, m4a) into 16 kHz mono samples.

PyAV (FFmpeg's libraries, bundled in its wheel) reads every container browsers produce; the
format is found from the bytes, never from a file name or content type. Decoding stops as
soon as the clip passes the duration limit, so a small file that expands into hours of audio
(low-bitrate opus) never fills the memory.
"""

import io
from dataclasses import dataclass

import av
import numpy as np

SAMPLE_RATE = 16_000
# A recorder stopped at the limit can still run a few hundred milliseconds over it.
DURATION_GRACE_SECONDS = 1.0
# Below -60 dBFS at its loudest, a clip is silence (a muted or unplugged microphone).
SILENCE_PEAK = 1e-3


class AudioError(Exception):
    """A clip that cannot be transcribed; `code` is the API error code that says why."""

    code = "audio_unreadable"


class UnreadableAudio(AudioError):
    code = "audio_unreadable"


class AudioTooLong(AudioError):
    code = "audio_too_long"


class NoSpeech(AudioError):
    code = "no_speech"


@dataclass(frozen=True)
class Clip:
    samples: np.ndarray  # float32, mono, SAMPLE_RATE

    @property
    def seconds(self) -> float:
        return len(self.samples) / SAMPLE_RATE

    @property
    def is_silent(self) -> bool:
        return not len(self.samples) or float(np.max(np.abs(self.samples))) < SILENCE_PEAK


def _declared_seconds(
    container: av.container.InputContainer, stream: av.AudioStream
) -> float | None:
    """The duration the container announces (wav, mp3, m4a do; a browser's webm does not)."""
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / av.time_base
    return None


def decode(data: bytes, *, max_seconds: float) -> Clip:
    """The clip's samples; UnreadableAudio or AudioTooLong when it cannot be used."""
    limit = int((max_seconds + DURATION_GRACE_SECONDS) * SAMPLE_RATE)
    try:
        container = av.open(io.BytesIO(data), mode="r", metadata_errors="ignore")
    except (av.FFmpegError, ValueError, UnicodeDecodeError) as exc:
        raise UnreadableAudio(str(exc)) from exc
    chunks: list[np.ndarray] = []
    total = 0
    with container:
        if not container.streams.audio:
            raise UnreadableAudio("no audio stream")
        stream = container.streams.audio[0]
        declared = _declared_seconds(container, stream)
        if declared is not None and declared * SAMPLE_RATE > limit:
            raise AudioTooLong(f"{declared:.1f} s")
        resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
        try:
            for frame in container.decode(stream):
                frame.pts = None  # resample by sample count: recorders' timestamps can jump
                for out in resampler.resample(frame):
                    chunk = out.to_ndarray().reshape(-1)
                    total += len(chunk)
                    if total > limit:
                        raise AudioTooLong(f"over {max_seconds:.0f} s")
                    chunks.append(chunk)
            for out in resampler.resample(None):
                chunks.append(out.to_ndarray().reshape(-1))
        except av.FFmpegError as exc:
            # A recording cut short (tab closed mid-upload) still has its beginning: keep it.
            if not chunks:
                raise UnreadableAudio(str(exc)) from exc
    if not chunks:
        raise UnreadableAudio("no audio frames")
    samples = np.concatenate(chunks).astype(np.float32, copy=False)
    return Clip(samples=samples)
