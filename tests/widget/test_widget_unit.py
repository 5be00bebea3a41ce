"""Runs the widget's JavaScript unit tests (tests/widget/unit.test.mjs) with node's test runner."""

import shutil
import subprocess
from pathlib import Path

import pytest

UNIT_TESTS = Path(__file__).with_name("unit.test.mjs")


def test_widget_pure_functions() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("skipped: no node (the browser tests still cover the widget)")
    result = subprocess.run(
        [node, "--test", str(UNIT_TESTS)], check=False, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
