"""Whisper speed and accuracy on generated speech.

espeak-ng speaks portal questions in French, Arabic and English (3–5 s each) and a ~20 s
French clip; each is encoded as webm/opus, as Chromium uploads it, and transcribed through
api.voice's Transcriber (decoding, VAD, Whisper: the API's path). Prints the model's
join and load times, word error rate per language (jiwer; espeak's robotic voice makes these
pessimistic), and the real-time factor (transcription time / audio duration).

    python bench/voice.py                  the API's settings (TIJARIA_WHISPER_*)
    python bench/voice.py --grid           also the 30 s window, beam 1 vs 5, VAD and prompt
    python bench/voice.py --threads 2      as many CPU threads as the target machine has

Target: RTF ≤ 0.25 on 3–5 s clips on 2 cores.
"""

import argparse
import re
import statistics
import sys
import tempfile
import time
import unicodedata
from dataclasses import replace
from pathlib import Path

import jiwer
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.config import Settings
from api.voice import model_files
from api.voice.audio import NoSpeech, decode
from api.voice.service import whisper_options
from api.voice.transcriber import Transcriber, WhisperOptions
from tests.voice import speech

SENTENCES = {
    "fr": [
        "Je veux modifier mon mot de passe sur le portail Douane.",
        "Comment faire une nouvelle réclamation ?",
        "Je n'arrive pas à me connecter à mon compte.",
        "Où puis-je consulter les manifestes ?",
        "Je voudrais m'inscrire sur le portail RNOCE.",
        "Quels documents faut-il pour la souscription ?",
    ],
    "en": [
        "How do I change my password on the customs portal?",
        "I would like to file a new complaint about my declaration.",
        "I cannot log in to my account.",
        "Where can I see the status of my claim?",
        "How do I subscribe to the RNOCE portal?",
    ],
    # With its vowels: espeak reads unvowelled Arabic badly.
    "ar": [
        "كَيْفَ أُغَيِّرُ كَلِمَةَ المُرُورِ؟",
        "أُرِيدُ تَقْدِيمَ شِكَايَةٍ جَدِيدَةٍ.",
        "لَا أَسْتَطِيعُ الدُّخُولَ إِلَى حِسَابِي.",
        "أَيْنَ أَجِدُ حَالَةَ طَلَبِي؟",
        "مَرْحَبًا، أُرِيدُ الِاشْتِرَاكَ فِي البَوَّابَةِ.",
    ],
}
PAUSE_SECONDS = 0.6


def strip_marks(text: str) -> str:
    # French accents are kept (NFC), Arabic diacritics dropped: only they are optional.
    return "".join(
        ch
        for ch in unicodedata.normalize("NFC", text)
        if not ("\u064b" <= ch <= "\u065f" or ch == "\u0670")
    )


def wer_text(text: str) -> str:
    text = strip_marks(unicodedata.normalize("NFC", text)).lower()
    text = re.sub(r"[^\w\s'-]", " ", text.replace("’", "'"))
    return " ".join(text.split())


def make_clips(
    directory: Path,
) -> tuple[list[tuple[str, str, bytes, float]], tuple[str, bytes, float]]:
    """Short clips (lang, reference, webm bytes, seconds) and the long French one."""
    short = []
    pieces = []
    for lang, sentences in SENTENCES.items():
        for index, sentence in enumerate(sentences):
            wav = speech.speak(sentence, lang, directory / f"{lang}-{index}.wav")
            samples, rate = speech.read_samples(wav)
            data = speech.encode(samples, rate, "webm")
            short.append((lang, sentence, data, decode(data, max_seconds=60).seconds))
            if lang == "fr":
                pieces += [samples, speech.silence(PAUSE_SECONDS, rate=rate)]
    long_samples = np.concatenate(pieces)
    long_data = speech.encode(long_samples, rate, "webm")
    reference = " ".join(SENTENCES["fr"])
    return short, (reference, long_data, decode(long_data, max_seconds=60).seconds)


def run(
    transcriber: Transcriber,
    short: list[tuple[str, str, bytes, float]],
    long: tuple[str, bytes, float],
    *,
    hint: bool,
    verbose: bool,
) -> dict[str, float]:
    transcriber.submit(short[0][2], language="fr").result()  # warm: first inference allocates
    by_lang: dict[str, tuple[list[str], list[str]]] = {}
    rtf_short = []
    for lang, reference, data, seconds in short:
        started = time.perf_counter()
        try:
            result = transcriber.submit(data, language=lang if hint else None).result()
            text, elapsed = result.text, result.elapsed
        except NoSpeech:  # what the API answers 422 no_speech: counted as nothing heard
            text, elapsed = "", time.perf_counter() - started
        refs, hyps = by_lang.setdefault(lang, ([], []))
        refs.append(wer_text(reference))
        hyps.append(wer_text(text))
        rtf_short.append(elapsed / seconds)
        if verbose:
            print(f"    {lang} {seconds:4.1f} s {elapsed:5.2f} s  {text or '(no speech)'}")
    reference, data, seconds = long
    result = transcriber.submit(data, language="fr" if hint else None).result()
    if verbose:
        print(f"    long {seconds:4.1f} s {result.elapsed:5.2f} s  {result.text}")
    figures = {f"wer_{lang}": jiwer.wer(refs, hyps) for lang, (refs, hyps) in by_lang.items()}
    figures["wer_long_fr"] = jiwer.wer(wer_text(reference), wer_text(result.text))
    figures["rtf_short"] = statistics.mean(rtf_short)
    figures["rtf_short_max"] = max(rtf_short)
    figures["rtf_long"] = result.elapsed / seconds
    figures["long_seconds"] = seconds
    return figures


def report(name: str, figures: dict[str, float]) -> None:
    print(
        f"{name:<34} WER fr {figures['wer_fr']:5.1%}  en {figures['wer_en']:5.1%}  "
        f"ar {figures['wer_ar']:5.1%}  long-fr {figures['wer_long_fr']:5.1%} | "
        f"RTF 3–5 s {figures['rtf_short']:.3f} (max {figures['rtf_short_max']:.3f})  "
        f"~{figures['long_seconds']:.0f} s {figures['rtf_long']:.3f}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--grid", action="store_true", help="compare window, beam, VAD, prompt")
    parser.add_argument(
        "--threads", type=int, default=None, help="CPU threads (default: the settings')"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="print every transcript")
    args = parser.parse_args()
    if not speech.have_espeak():
        sys.exit("espeak-ng is needed: apt-get install espeak-ng (or `make browser`)")

    base = whisper_options(Settings())
    if args.threads is not None:
        base = replace(base, cpu_threads=args.threads)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as cache:
        model_files.ensure_bundled(Path(cache))
        join_seconds = time.perf_counter() - started
    directory = model_files.resolve(base.model)
    print(f"model: {directory}")
    print(f"join the two halves (cold, into an empty cache): {join_seconds:.2f} s")

    with tempfile.TemporaryDirectory() as tmp:
        short, long = make_clips(Path(tmp))
    print(
        f"clips: {len(short)} short ({min(c[3] for c in short):.1f}–{max(c[3] for c in short):.1f} s), "
        f"one of {long[2]:.1f} s; {base.threads} CPU threads, {base.compute_type}"
    )

    configs: list[tuple[str, WhisperOptions, bool]] = [
        (f"settings (beam {base.beam_size}), hinted", base, True),
        (f"settings (beam {base.beam_size}), detected", base, False),
    ]
    if args.grid:
        configs += [
            ("full 30 s window, hinted", replace(base, trim_window=False), True),
            ("full 30 s window, detected", replace(base, trim_window=False), False),
            ("beam 1, hinted", replace(base, beam_size=1), True),
            ("beam 5, hinted", replace(base, beam_size=5), True),
            ("no VAD, hinted", replace(base, vad=False), True),
            ("no prompt, hinted", replace(base, prompt=False), True),
        ]
    loaded: dict[tuple[str | None, str, int], Transcriber] = {}
    for name, options, hint in configs:
        key = (options.model, options.compute_type, options.threads)
        transcriber = Transcriber(options)
        if key in loaded:  # the same weights: share them, only the decoding options differ
            shared_model = loaded[key]._loaded()
            transcriber = Transcriber(options, load_model=lambda _o, m=shared_model: m)
        else:
            transcriber.warm_up().result()
            print(f"model load: {transcriber.load_seconds:.2f} s")
            loaded[key] = transcriber
        report(name, run(transcriber, short, long, hint=hint, verbose=args.verbose))


if __name__ == "__main__":
    main()
