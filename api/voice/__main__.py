"""`python -m api.voice prepare|verify|transcribe FILE [--lang fr]`.

prepare     join the Whisper base model into the cache if it is not there (`make run` does
            it, so the first voice request does not pay for it); honours TIJARIA_WHISPER_MODEL
verify      re-hash the joined model against the recorded SHA-256
transcribe  print what Whisper hears in an audio file (a quick manual check)
"""

import argparse
import sys
import time
from pathlib import Path

from api.config import get_settings
from api.voice import model_files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m api.voice")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("prepare", help="join the Whisper model into the cache")
    commands.add_parser("verify", help="check the joined model's SHA-256")
    transcribe = commands.add_parser("transcribe", help="transcribe an audio file")
    transcribe.add_argument("file", type=Path)
    transcribe.add_argument("--lang", choices=["fr", "ar", "en"], default=None)
    args = parser.parse_args(argv)
    settings = get_settings()

    try:
        if args.command == "prepare":
            started = time.perf_counter()
            directory = model_files.resolve(settings.whisper_model)
            print(
                f"[voice] Whisper model ready in {directory} "
                f"({time.perf_counter() - started:.1f} s)",
                file=sys.stderr,
            )
        elif args.command == "verify":
            directory = model_files.ensure_bundled()
            model_files.verify(directory)
            print(f"[voice] {directory}: sizes and SHA-256 match", file=sys.stderr)
        else:
            from api.voice.service import whisper_options
            from api.voice.transcriber import Transcriber

            transcriber = Transcriber(whisper_options(settings))
            result = transcriber.submit(args.file.read_bytes(), language=args.lang).result()
            print(result.text)
            print(
                f"[voice] {result.language} (p={result.language_probability:.2f}), "
                f"{result.seconds:.1f} s of audio in {result.elapsed:.2f} s, "
                f"model loaded in {transcriber.load_seconds:.2f} s",
                file=sys.stderr,
            )
    except model_files.ModelUnavailable as exc:
        print(f"[voice] {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
