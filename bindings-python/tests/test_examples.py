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


PNG = b"\x89PNG\r\n\x1a\n"


def test_tyre_strategy_writes_its_plots(data_dir, tmp_path):
    env = {**os.environ, "F1CORE_DATA": str(data_dir), "MPLBACKEND": "Agg"}
    out = subprocess.run(
        [sys.executable, str(REPO / "examples" / "python" / "tyre_strategy.py"),
         "--out", str(tmp_path / "plots")],
        env=env, capture_output=True, text=True, check=True,
    ).stdout
    assert out.startswith("<f1core.TyreFit SOFT linear, HARD linear;")
    assert "<f1core.Strategies 3 over 57 laps" in out
    assert "VER on strategy #1 against the real field: <f1core.Simulation VER P1 →" in out
    for name in ("degradation.png", "strategies.png"):
        png = (tmp_path / "plots" / name).read_bytes()
        assert png[:8] == PNG, name
        assert len(png) > 10_000, f"{name}: {len(png)} bytes"


def test_win_probability_writes_its_plots(data_dir, tmp_path):
    env = {**os.environ, "F1CORE_DATA": str(data_dir), "MPLBACKEND": "Agg"}
    out = subprocess.run(
        [sys.executable, str(REPO / "examples" / "python" / "win_probability.py"),
         "--out", str(tmp_path / "plots")],
        env=env, capture_output=True, text=True, check=True,
    ).stdout
    assert out.startswith("<f1core.RaceModel post_qualifying on 66 races, 43 features")
    assert "│ max_verstappen ┆ 0.635874" in out  # the favourite of the 2024 opener
    assert "<f1core.Ensemble 60 trees (depth ≤ 3), 43 features" in out
    assert "max_verstappen's win chance is driven up by" in out
    for name in ("win_probability.png", "shap.png"):
        png = (tmp_path / "plots" / name).read_bytes()
        assert png[:8] == PNG, name
        assert len(png) > 10_000, f"{name}: {len(png)} bytes"
