"""Times pandas.read_csv of the files f1core's loader reads, in this session,
and prints it beside criterion's last `dump` estimates as ratios.

    cargo bench -p f1core-benches --bench dump
    python benches/compare_pandas.py            # needs pandas

Reads the data through F1CORE_DATA (default ../shared/data beside the repo).
"""
import json
import os
import pathlib
import statistics
import time

import pandas as pd

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = pathlib.Path(os.environ.get("F1CORE_DATA", ROOT.parent / "shared" / "data"))
ERGAST = DATA / "ergast" if (DATA / "ergast").is_dir() else DATA
FILES = [
    "seasons.csv", "circuits.csv", "drivers.csv", "constructors.csv", "status.csv",
    "races.csv", "results.csv", "sprint_results.csv", "qualifying.csv", "pit_stops.csv",
    "driver_standings.csv", "constructor_standings.csv", "safety_cars.csv", "red_flags.csv",
]


def read_all():
    frames = {f: pd.read_csv(ERGAST / f, na_values=["\\N"], keep_default_na=False) for f in FILES}
    with open(ERGAST / "virtual_safety_car_estimates.json") as fh:
        frames["vsc"] = json.load(fh)
    return frames


def median_seconds(fn, repeat=20):
    fn()  # warm the page cache and imports
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def criterion_median(name):
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    path = target / "criterion" / "dump" / name / "new" / "estimates.json"
    if not path.exists():
        return None
    return json.loads(path.read_text())["median"]["point_estimate"] / 1e9


def main():
    pandas_s = median_seconds(read_all)
    print(f"pandas {pd.__version__} read_csv of {len(FILES)} files + json: {pandas_s * 1e3:.1f} ms (median of 20)")
    for name in ["load", "standings_every_round_1950_2024", "standings_every_round_as_standings",
                 "load_and_standings_end_to_end"]:
        ours = criterion_median(name)
        if ours is None:
            print(f"f1core {name}: no criterion estimate; run `cargo bench -p f1core-benches --bench dump` first")
            continue
        print(f"f1core {name}: {ours * 1e3:.2f} ms  -> pandas read_csv / f1core = {pandas_s / ours:.1f}x")


if __name__ == "__main__":
    main()
