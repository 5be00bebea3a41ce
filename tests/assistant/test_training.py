import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from api.config import PROJECT_ROOT
from assistant.training import copy_atomically, fingerprint


def make_project(root: Path) -> None:
    (root / "data").mkdir()
    (root / "config.yml").write_text("language: fr\n")
    (root / "domain.yml").write_text("intents: [greet]\n")
    (root / "data" / "nlu.yml").write_text("nlu: []\n")


def test_fingerprint_changes_with_any_training_input(tmp_path: Path) -> None:
    make_project(tmp_path)
    before = fingerprint(tmp_path)

    (tmp_path / "data" / "rules.yml").write_text("rules: []\n")

    assert fingerprint(tmp_path) != before


def test_fingerprint_ignores_other_files(tmp_path: Path) -> None:
    make_project(tmp_path)
    before = fingerprint(tmp_path)

    (tmp_path / "README.md").write_text("hello")

    assert fingerprint(tmp_path) == before


FAKE_RASA = """#!{python}
# Stands in for `rasa train`: chatters on stdout, as the real one does, then writes the model.
import pathlib, sys
args = sys.argv[1:]
name, out = args[args.index("--fixed-model-name") + 1], args[args.index("--out") + 1]
# Rasa 3.6 names the file as rasa/model_training.py's _determine_model_name does.
if not name.endswith(".tar.gz"):
    name = pathlib.Path(name).with_suffix(".tar.gz").name
print("Your Rasa model is trained and saved at 'models/" + name + "'.", flush=True)
pathlib.Path(out).mkdir(exist_ok=True)
(pathlib.Path(out) / name).write_bytes(b"model")
with open({calls!r}, "a") as calls:
    calls.write("train\\n")
"""


def fake_rasa_venv(tmp_path: Path) -> tuple[Path, Path]:
    venv, calls = tmp_path / "venv", tmp_path / "calls"
    (venv / "bin").mkdir(parents=True)
    rasa = venv / "bin" / "rasa"
    rasa.write_text(FAKE_RASA.format(python=sys.executable, calls=str(calls)))
    rasa.chmod(0o755)
    return venv, calls


def run_training(venv: Path, project: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "assistant.training",
            "--rasa-venv",
            str(venv),
            "--project",
            str(project),
        ],
        cwd=PROJECT_ROOT,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "TIJARIA_CACHE_DIR": str(cache)},
        capture_output=True,
        text=True,
        check=True,
    )


def test_only_the_model_path_reaches_stdout_when_training(tmp_path: Path) -> None:
    project, cache = tmp_path / "project", tmp_path / "cache"
    project.mkdir()
    make_project(project)
    venv, calls = fake_rasa_venv(tmp_path)

    first = run_training(venv, project, cache)

    model = project / "models" / f"tijaria-{fingerprint(project)}.tar.gz"
    # `model=$(python -m assistant.training …)` in the Makefile takes all of stdout.
    assert first.stdout == f"{model}\n"
    assert "Your Rasa model is trained" in first.stderr
    assert model.read_bytes() == b"model"
    assert (cache / "models" / model.name).read_bytes() == b"model"
    assert sorted(p.name for p in model.parent.iterdir()) == [model.name]

    model.unlink()  # a fresh clone on the same machine: the cached model is copied
    again = run_training(venv, project, cache)

    assert again.stdout == f"{model}\n"
    assert model.read_bytes() == b"model"
    assert calls.read_text() == "train\n"  # trained once


def test_the_cache_copy_appears_whole_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, target = tmp_path / "model.tar.gz", tmp_path / "cache" / "model.tar.gz"
    source.write_bytes(b"x" * 1000)
    seen_during_copy: list[bool] = []
    real_copy = shutil.copy2

    def copy_and_look(src: Path, dst: Path) -> object:
        result = real_copy(src, dst)
        seen_during_copy.append(target.exists())
        return result

    monkeypatch.setattr(shutil, "copy2", copy_and_look)

    copy_atomically(source, target)

    # Another run reading the cache while the bytes are written finds no file, not half of one.
    assert seen_during_copy == [False]
    assert target.read_bytes() == source.read_bytes()
    assert [p.name for p in target.parent.iterdir()] == [target.name]
