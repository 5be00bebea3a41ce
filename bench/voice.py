"""Whisper speed and accuracy on generated speech.

espeak-ng speaks portal questions in French, Arabic and English (3–5 s each; 140 words a
minute) and, with --long, a ~20 s French clip; each is encoded as webm/opus, as Chromium
uploads it, and transcribed through api.voice's Transcriber (decoding, VAD, Whisper: the
API's path), once with the sentence's language as the hint (what the page's data-lang
gives) and once without. Prints per language the word error rate (jiwer; espeak's robotic
voice makes these pessimistic), how often the language came out wrong, how often the API
would ask the user to confirm what it heard, how often it would answer at once and the word
error rate of those, and the real-time factor (transcription time / audio duration).

    python bench/voice.py                  the dev sentences below (the ones tuned on)
    python bench/voice.py --sentences tests/voice/heldout_sentences.yaml   held out: never tuned on
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
from typing import Any

import jiwer
import numpy as np
import yaml

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
        # The question of issue 10 §5, heard as English without a hint.
        "Quels documents faut-il pour la souscription à la douane ?",
        # Added while tuning issue 10 §5 (dev: tuned on, unlike the held-out file).
        "Comment consulter ma déclaration unique de marchandises ?",
        "Mon compte est bloqué après trois essais.",
        "Je n'ai pas reçu le code de vérification par courriel.",
    ],
    "en": [
        "How do I change my password on the customs portal?",
        "I would like to file a new complaint about my declaration.",
        "I cannot log in to my account.",
        "Where can I see the status of my claim?",
        "How do I subscribe to the RNOCE portal?",
        # Added while tuning issue 10 §5 (dev).
        "My account is locked after three attempts.",
        "I did not receive the verification code by email.",
    ],
    # With its vowels: espeak reads unvowelled Arabic badly.
    "ar": [
        "كَيْفَ أُغَيِّرُ كَلِمَةَ المُرُورِ؟",
        "أُرِيدُ تَقْدِيمَ شِكَايَةٍ جَدِيدَةٍ.",
        "لَا أَسْتَطِيعُ الدُّخُولَ إِلَى حِسَابِي.",
        "أَيْنَ أَجِدُ حَالَةَ طَلَبِي؟",
        "مَرْحَبًا، أُرِيدُ الِاشْتِرَاكَ فِي البَوَّابَةِ.",
        # Added while tuning issue 10 §5 (dev).
        "هَلْ يُمْكِنُنِي تَغْيِيرُ عُنْوَانِ بَرِيدِي الإِلِكْتْرُونِيِّ؟",
        "حِسَابِي مُغْلَقٌ، مَاذَا أَفْعَلُ؟",
        "أُرِيدُ مَعْرِفَةَ وَضْعِيَّةِ التَّصْرِيحِ.",
        "شُكْرًا جَزِيلًا عَلَى المُسَاعَدَةِ.",
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


def load_sentences(path: Path | None) -> dict[str, list[str]]:
    """The dev sentences above, or a YAML file's ({fr: [...], ar: [...], en: [...]})."""
    if path is None:
        return SENTENCES
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {lang: [str(s) for s in data[lang]] for lang in ("fr", "ar", "en") if data.get(lang)}


Short = list[tuple[str, str, bytes, float]]


def make_clips(
    directory: Path, sentences: dict[str, list[str]], *, wpm: int, long: bool
) -> tuple[Short, tuple[str, bytes, float] | None]:
    """Short clips (lang, reference, webm bytes, seconds) and, if asked, a long French one."""
    short = []
    pieces = []
    rate = 16_000
    for lang, texts in sentences.items():
        for index, sentence in enumerate(texts):
            wav = speech.speak(sentence, lang, directory / f"{lang}-{index}.wav", wpm=wpm)
            samples, rate = speech.read_samples(wav)
            data = speech.encode(samples, rate, "webm")
            short.append((lang, sentence, data, decode(data, max_seconds=60).seconds))
            if lang == "fr":
                pieces += [samples, speech.silence(PAUSE_SECONDS, rate=rate)]
    if not long or not pieces:
        return short, None
    long_samples = np.concatenate(pieces)
    long_data = speech.encode(long_samples, rate, "webm")
    reference = " ".join(sentences["fr"])
    return short, (reference, long_data, decode(long_data, max_seconds=60).seconds)


def run(
    transcriber: Transcriber,
    short: Short,
    long: tuple[str, bytes, float] | None,
    *,
    hint: bool,
    verbose: bool,
) -> dict[str, float]:
    """Per language: WER, how often the language came out wrong, how often the API would
    ask « C'est bien votre question ? » (low confidence), and the real-time factor.
    `hint`: the sentence's language is given, as the page's data-lang would give it."""
    transcriber.submit(short[0][2], language="fr").result()  # warm: first inference allocates
    by_lang: dict[str, dict[str, list[Any]]] = {}
    rtf_short = []
    for lang, reference, data, seconds in short:
        started = time.perf_counter()
        doubtful = False
        try:
            result = transcriber.submit(data, language=lang if hint else None).result()
            text, elapsed, heard = result.text, result.elapsed, result.language
            doubtful = bool(getattr(result, "doubtful", False))
        except NoSpeech:  # what the API answers 422 no_speech: counted as nothing heard
            text, elapsed, heard = "", time.perf_counter() - started, "-"
        row = by_lang.setdefault(lang, {"refs": [], "hyps": [], "wrong": [], "asked": []})
        row["refs"].append(wer_text(reference))
        row["hyps"].append(wer_text(text))
        row["wrong"].append(heard != lang)
        row["asked"].append(doubtful)
        rtf_short.append(elapsed / seconds)
        if verbose:
            extra = ""
            if hasattr(result, "avg_logprob") and text:
                extra = (
                    f" lp={result.avg_logprob:.2f} ns={result.no_speech_prob:.2f} "
                    f"p={result.language_probability:.2f}"
                )
            print(
                f"    {lang}>{heard} {seconds:4.1f} s {elapsed:5.2f} s{' ASK' if doubtful else ''}"
                f"{extra}  {text or '(no speech)'}",
                flush=True,
            )
    figures: dict[str, float] = {}
    for lang, row in by_lang.items():
        figures[f"wer_{lang}"] = jiwer.wer(row["refs"], row["hyps"])
        figures[f"wronglang_{lang}"] = statistics.mean(row["wrong"])
        figures[f"asked_{lang}"] = statistics.mean(row["asked"])
        # What would be answered at once: heard (not « no speech ») and not asked about.
        answered = [
            (ref, hyp)
            for ref, hyp, asked in zip(row["refs"], row["hyps"], row["asked"], strict=True)
            if hyp and not asked
        ]
        figures[f"answered_{lang}"] = len(answered) / len(row["refs"])
        figures[f"answeredwer_{lang}"] = (
            jiwer.wer([r for r, _ in answered], [h for _, h in answered])
            if answered
            else float("nan")
        )
    figures["rtf_short"] = statistics.mean(rtf_short)
    figures["rtf_short_max"] = max(rtf_short)
    if long is not None:
        reference, data, seconds = long
        result = transcriber.submit(data, language="fr" if hint else None).result()
        if verbose:
            print(f"    long {seconds:4.1f} s {result.elapsed:5.2f} s  {result.text}")
        figures["wer_long_fr"] = jiwer.wer(wer_text(reference), wer_text(result.text))
        figures["rtf_long"] = result.elapsed / seconds
        figures["long_seconds"] = seconds
    return figures


def report(name: str, figures: dict[str, float]) -> None:
    langs = [k[4:] for k in figures if k.startswith("wer_") and k != "wer_long_fr"]
    parts = [
        f"{lang} WER {figures[f'wer_{lang}']:5.1%} wrong-lang {figures[f'wronglang_{lang}']:4.0%} "
        f"asked {figures[f'asked_{lang}']:4.0%} answered {figures[f'answered_{lang}']:4.0%} "
        f"at WER {figures[f'answeredwer_{lang}']:5.1%}"
        for lang in langs
    ]
    line = f"{name:<30} " + " | ".join(parts)
    line += f" | RTF {figures['rtf_short']:.3f} (max {figures['rtf_short_max']:.3f})"
    if "wer_long_fr" in figures:
        line += (
            f" | ~{figures['long_seconds']:.0f} s fr: WER {figures['wer_long_fr']:5.1%} "
            f"RTF {figures['rtf_long']:.3f}"
        )
    print(line, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--grid", action="store_true", help="compare window, beam, VAD, prompt")
    parser.add_argument(
        "--threads", type=int, default=None, help="CPU threads (default: the settings')"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="print every transcript")
    parser.add_argument(
        "--sentences",
        type=Path,
        default=None,
        help="a YAML file of sentences per language (default: the dev sentences above); "
        "tests/voice/heldout_sentences.yaml is the held-out set, never tuned on",
    )
    parser.add_argument("--wpm", type=int, default=140, help="espeak-ng speed (words/min)")
    parser.add_argument("--long", action="store_true", help="also a ~20 s French clip")
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

    sentences = load_sentences(args.sentences)
    with tempfile.TemporaryDirectory() as tmp:
        short, long = make_clips(Path(tmp), sentences, wpm=args.wpm, long=args.long)
    print(
        f"clips: {args.sentences or 'dev sentences'}, espeak-ng {args.wpm} wpm, "
        f"{len(short)} short ({min(c[3] for c in short):.1f}–{max(c[3] for c in short):.1f} s)"
        + (f", one of {long[2]:.1f} s" if long else "")
        + f"; {base.threads} CPU threads, {base.compute_type}"
    )

    configs: list[tuple[str, WhisperOptions, bool]] = [
        (f"beam {base.beam_size}, page lang hint", base, True),
        (f"beam {base.beam_size}, no lang", base, False),
    ]
    if args.grid:
        configs += [
            ("full 30 s window, hinted", replace(base, trim_window=False), True),
            ("full 30 s window, detected", replace(base, trim_window=False), False),
            ("beam 1, hinted", replace(base, beam_size=1), True),
            ("beam 5, hinted", replace(base, beam_size=5), True),
            ("no VAD, hinted", replace(base, vad=False), True),
            ("no prompt, hinted", replace(base, prompt=False), True),
            ("hint forced, hinted", replace(base, hint_override=2.0), True),
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
