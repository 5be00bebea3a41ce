from pathlib import Path

from assistant.training import fingerprint


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
