"""`python -m assistant.training --rasa-venv DIR`: a trained Rasa model for the current project.

The model is named after a hash of what it is trained from (config.yml, domain.yml,
data/), and kept in a cache outside the work tree too, so a clean clone on the same
machine, or an unchanged project, never trains twice.
"""

import argparse
import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from api.config import PROJECT_ROOT

TRAINING_INPUTS = ("config.yml", "domain.yml", "data")


def fingerprint(root: Path = PROJECT_ROOT) -> str:
    digest = hashlib.sha256()
    for name in TRAINING_INPUTS:
        path = root / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            digest.update(str(file.relative_to(root)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def cache_dir() -> Path:
    base = os.environ.get("TIJARIA_CACHE_DIR") or Path.home() / ".cache" / "tijaria"
    return Path(base) / "models"


def rasa_env() -> dict[str, str]:
    return {
        **os.environ,
        "RASA_TELEMETRY_ENABLED": "false",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        "TF_CPP_MIN_LOG_LEVEL": "2",
    }


def copy_atomically(source: Path, target: Path) -> None:
    """Copy under a temporary name beside the target, then rename: parallel runs share the
    cache, and a reader sees either no file or a whole one, never a file being written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        shutil.copy2(source, temporary)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def ensure_model(rasa_venv: Path, root: Path = PROJECT_ROOT) -> Path:
    name = f"tijaria-{fingerprint(root)}"
    model = root / "models" / f"{name}.tar.gz"
    cached = cache_dir() / model.name
    if model.exists():
        return model
    model.parent.mkdir(parents=True, exist_ok=True)
    if cached.exists():
        copy_atomically(cached, model)
        print(f"[train] reusing the cached model {cached}", file=sys.stderr)
        return model
    print("[train] training the Rasa model (config, domain or data changed)…", file=sys.stderr)
    started = time.monotonic()
    # Rasa trains into a name of its own, moved into place only once complete: a
    # parallel run never takes a half-written archive for a model.
    partial = f"{name}-partial-{os.getpid()}"  # no dot: Rasa would cut it as a suffix
    subprocess.run(
        [
            str(rasa_venv / "bin" / "rasa"),
            "train",
            "--fixed-model-name",
            partial,
            "--out",
            "models",
        ],
        cwd=root,
        env=rasa_env(),
        check=True,
        # Our stdout is the model path, captured by `model=$(…)` in the Makefile: Rasa's
        # own chatter ("Your Rasa model is trained and saved at …") goes to stderr (fd 2,
        # whatever sys.stderr is: Rasa's output never passes through this process).
        stdout=2,
    )
    os.replace(model.parent / f"{partial}.tar.gz", model)
    copy_atomically(model, cached)
    print(f"[train] trained in {time.monotonic() - started:.0f} s: {model}", file=sys.stderr)
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rasa-venv", type=Path, required=True)
    parser.add_argument("--project", type=Path, default=PROJECT_ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args()
    # Only the model's path may reach stdout (the Makefile captures it): anything else
    # printed on the way is diagnostics, for stderr.
    with contextlib.redirect_stdout(sys.stderr):
        model = ensure_model(args.rasa_venv, args.project)
    print(model)


if __name__ == "__main__":
    main()
