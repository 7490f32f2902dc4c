"""Runs the Python examples (examples/python/*.py) as a user would."""
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_quickstart(data_dir):
    env = {**os.environ, "F1CORE_DATA": str(data_dir)}
    out = subprocess.run(
        [sys.executable, str(REPO / "examples" / "python" / "quickstart.py")],
        env=env, capture_output=True, text=True, check=True,
    ).stdout
    lines = out.splitlines()
    assert lines[1].split() == ["1", "Max", "Verstappen", "437.0", "9"]
    assert "Monza lap record: Rubens Barrichello 81.046 s" in out
    assert "error: not found: race 1949 round 1" in out
