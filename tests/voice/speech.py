"""Test speech, generated rather than downloaded: espeak-ng speaks, PyAV encodes.

espeak-ng (Debian package; `make browser` installs it) writes a WAV; PyAV turns it into
what browsers upload: webm/opus (Chromium, Firefox), ogg/opus, mp3, m4a/AAC (Safari).
Also used by bench/voice.py.
"""

import io
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

ESPEAK = shutil.which("espeak-ng")

# espeak voice and speed (words per minute) that Whisper base understands best.
VOICES = {"fr": ("fr", 140), "en": ("en-us", 150), "ar": ("ar", 130)}


@dataclass(frozen=True)
class Utterance:
    lang: str
    text: str
    # Words the transcript reliably contains (espeak's robotic voice and Whisper base are far
    # from perfect: the other words may come out garbled).
    keywords: tuple[str, ...] = ()
    # espeak-ng's speed, if not the voice's own (VOICES).
    wpm: int | None = None


# Questions a user asks about the portals. Arabic is written with its vowels (tashkeel):
# espeak reads unvowelled Arabic badly.
UTTERANCES = {
    "fr_password": Utterance(
        "fr",
        "Bonjour, je voudrais changer mon mot de passe sur le portail Douane.",
        ("mot de passe",),
    ),
    "en_password": Utterance(
        "en", "How do I change my password on the customs portal?", ("password",)
    ),
    "en_complaint": Utterance(
        "en", "I would like to file a new complaint about my declaration.", ("complaint",)
    ),
    "ar_password": Utterance("ar", "كَيْفَ أُغَيِّرُ كَلِمَةَ المُرُورِ؟", ("كلمة",)),
    # The question of issue 10 §5: without a hint, Whisper base hears it as English.
    # At 140 words a minute, Whisper base scores it 1.00 English (and transliterates it).
    "ar_thanks": Utterance("ar", "شُكْرًا جَزِيلًا عَلَى المُسَاعَدَةِ.", ("شكرا",), wpm=140),
    "fr_documents": Utterance("fr", "Quels documents faut-il pour la souscription à la douane ?"),
}

# container format, codec, sample rate (what each browser's recorder produces)
FORMATS: dict[str, tuple[str, str, int]] = {
    "wav": ("wav", "pcm_s16le", 16_000),
    "webm": ("webm", "libopus", 48_000),
    "ogg": ("ogg", "libopus", 48_000),
    "mp3": ("mp3", "libmp3lame", 44_100),
    "m4a": ("ipod", "aac", 44_100),
}


def have_espeak() -> bool:
    return ESPEAK is not None


def speak(text: str, lang: str, path: Path, *, wpm: int | None = None) -> Path:
    """A WAV of espeak-ng saying `text` in `lang` (fr, ar or en), at `wpm` words a minute
    (default: the voice's own speed in VOICES)."""
    if ESPEAK is None:
        raise RuntimeError("espeak-ng is not installed (`make browser` installs it)")
    voice, speed = VOICES[lang]
    speed = wpm or speed
    subprocess.run([ESPEAK, "-v", voice, "-s", str(speed), "-w", str(path), text], check=True)
    return path


def read_samples(path_or_bytes: Path | bytes) -> tuple[np.ndarray, int]:
    """(mono float32 samples, sample rate) of an audio file."""
    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else str(path_or_bytes)
    with av.open(source) as container:
        stream = container.streams.audio[0]
        rate = stream.rate
        resampler = av.AudioResampler(format="flt", layout="mono", rate=rate)
        chunks = [
            out.to_ndarray().reshape(-1)
            for frame in container.decode(stream)
            for out in resampler.resample(frame)
        ]
    return np.concatenate(chunks).astype(np.float32), rate


def encode(samples: np.ndarray, rate: int, fmt: str) -> bytes:
    """Mono float32 samples at `rate` encoded as `fmt` (a key of FORMATS)."""
    container_format, codec, out_rate = FORMATS[fmt]
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format=container_format) as out:
        stream = out.add_stream(codec, rate=out_rate, layout="mono")
        context = stream.codec_context
        resampler = av.AudioResampler(
            format=context.format.name,
            layout="mono",
            rate=out_rate,
            frame_size=context.frame_size or None,
        )
        frame = av.AudioFrame.from_ndarray(
            np.ascontiguousarray(samples, dtype=np.float32).reshape(1, -1),
            format="flt",
            layout="mono",
        )
        frame.sample_rate = rate
        for chunk in [*resampler.resample(frame), *resampler.resample(None)]:
            out.mux(stream.encode(chunk))
        out.mux(stream.encode(None))
    return buffer.getvalue()


def tone(
    seconds: float, *, rate: int = 16_000, frequency: float = 440.0, level: float = 0.3
) -> np.ndarray:
    t = np.arange(int(seconds * rate), dtype=np.float32) / rate
    return (level * np.sin(2 * np.pi * frequency * t)).astype(np.float32)


def silence(seconds: float, *, rate: int = 16_000) -> np.ndarray:
    return np.zeros(int(seconds * rate), dtype=np.float32)
