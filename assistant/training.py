"""`python -m assistant.training --rasa-venv DIR`: a trained Rasa model for the current project.

The model is named after a hash of what it is trained from (config.yml, domain.yml,
data/), and kept in a cache outside the work tree too, so a clean clone on the same
machine, or an unchanged project, never trains twice.
"""

import argparse
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


def ensure_model(rasa_venv: Path, root: Path = PROJECT_ROOT) -> Path:
    name = f"tijaria-{fingerprint(root)}"
    model = root / "models" / f"{name}.tar.gz"
    cached = cache_dir() / model.name
    if model.exists():
        return model
    model.parent.mkdir(parents=True, exist_ok=True)
    if cached.exists():
        shutil.copy2(cached, model)
        print(f"[train] reusing the cached model {cached}", file=sys.stderr)
        return model
    print("[train] training the Rasa model (config, domain or data changed)…", file=sys.stderr)
    started = time.monotonic()
    subprocess.run(
        [str(rasa_venv / "bin" / "rasa"), "train", "--fixed-model-name", name, "--out", "models"],
        cwd=root,
        env=rasa_env(),
        check=True,
    )
    cached.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(model, cached)
    print(f"[train] trained in {time.monotonic() - started:.0f} s: {model}", file=sys.stderr)
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rasa-venv", type=Path, required=True)
    args = parser.parse_args()
    print(ensure_model(args.rasa_venv))


if __name__ == "__main__":
    main()
