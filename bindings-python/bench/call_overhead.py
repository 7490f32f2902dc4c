"""Call overhead and frame conversion of the Python binding (timeit).

    python bindings-python/bench/call_overhead.py [--data DIR]

Prints the median time per call of a trivial f1core call (goal ≤ 5 µs)
beside a plain Python function call, and the time to move a full race's
laps frame (FastF1 types, 1129 rows) in and out. Numbers depend on the
build: `maturin develop` is a debug build, `pip install` a release one;
docs/PERFORMANCE.md says which was measured.
"""

import argparse
import os
import statistics
import timeit
from pathlib import Path

import f1core


def per_call(stmt, number, repeat=7):
    """Median seconds per call over `repeat` runs of `number` calls."""
    return statistics.median(t / number for t in timeit.repeat(stmt, number=number, repeat=repeat))


def show(label, seconds):
    unit, scale = ("µs", 1e6) if seconds < 1e-3 else ("ms", 1e3)
    print(f"  {label:<52} {seconds * scale:9.2f} {unit}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=os.environ.get("F1CORE_DATA", "../shared/data"))
    data = Path(parser.parse_args().data)

    def python_noop(text):
        return text

    print("trivial calls (median per call):")
    show("python function call (reference)", per_call(lambda: python_noop("1:27.452"), 200_000))
    show('f1core.parse_duration("1:27.452")', per_call(lambda: f1core.parse_duration("1:27.452"), 200_000))
    show("f1core.format_duration(87.452)", per_call(lambda: f1core.format_duration(87.452), 200_000))

    import pandas as pd
    import polars as pl
    import pyarrow as pa

    path = f1core.laps_file("2024-bahrain-grand-prix", data)
    df = pd.read_csv(path, dtype={"TrackStatus": str})
    for c in ["Time", "LapTime", "PitOutTime", "PitInTime", "Sector1Time", "Sector2Time",
              "Sector3Time", "LapStartTime"]:
        df[c] = pd.to_timedelta(df[c]).astype("timedelta64[ns]")
    frame = pl.from_pandas(df)
    laps = f1core.read_laps(df)
    cols = [c for c in f1core.LAP_COLUMNS if c in df.columns]
    print(f"full race laps frame ({len(df)} rows, {len(df.columns)} columns, FastF1 types):")
    show("pandas → pyarrow only (selected columns)", per_call(
        lambda: pa.Table.from_pandas(df[cols], preserve_index=False), 50))
    show("read_laps(pandas frame)  (Arrow in + checks)", per_call(lambda: f1core.read_laps(df), 50))
    show("read_laps(polars frame)", per_call(lambda: f1core.read_laps(frame), 50))
    show("read_laps(CSV path)", per_call(lambda: f1core.read_laps(path), 50))
    show("Laps.to_polars()  (Arrow out)", per_call(laps.to_polars, 50))
    show("Laps.to_pandas()", per_call(laps.to_pandas, 50))


if __name__ == "__main__":
    main()
