"""XGBoost against f1core on the same tree model, in the same session.

Trains a 200-tree depth-4 binary:logistic model on the real race-entry
matrix of f1core/tests/parity/train_trees.py, writes it and 20 real rows
(the 2024 Bahrain Grand Prix entries) to OUT (default
$CARGO_TARGET_DIR/trees-bench), times XGBoost's `inplace_predict` and
`pred_contribs` on them (1 thread, like f1core), then runs
`cargo bench --bench trees` on the same files and prints the ratios.

    python benches/compare_xgboost.py            # needs xgboost-cpu==3.2.*, lightgbm, pandas
    python benches/compare_xgboost.py --no-bench # XGBoost side only
"""
import json
import os
import pathlib
import statistics
import subprocess
import sys
import time

import numpy as np
import xgboost as xgb

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "f1core" / "tests" / "parity"))
import train_trees  # noqa: E402

TARGET = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
OUT = TARGET / "trees-bench"
BENCHES = [
    ("predict_20rows_200trees_depth4", "predict_20rows_200trees_depth4"),
    ("treeshap_20rows_200trees_depth4", "treeshap_20rows_200trees_depth4"),
    ("treeshap_20rows_200trees_depth4", "treeshap_unprepared_20rows_200trees_depth4"),
    ("predict_1row_200trees_depth4", "predict_1row_200trees_depth4"),
]


def prepare():
    df = train_trees.build_features()
    train = df[df["year"] <= 2023]
    X = train[train_trees.FEATURES].to_numpy(np.float64)
    y = (train["positionOrder"] == 1).astype(int).to_numpy()
    dm = xgb.DMatrix(X, label=y, feature_names=train_trees.FEATURES, missing=np.nan)
    params = {"objective": "binary:logistic", "max_depth": 4, "eta": 0.05, "seed": 1, "nthread": 1,
              "min_child_weight": 0, "gamma": 0}
    bst = xgb.train(params, dm, num_boost_round=200)
    race = df[(df["year"] == 2024) & (df["round"] == 1)]
    rows = race[train_trees.FEATURES].to_numpy(np.float64)[:20]
    OUT.mkdir(parents=True, exist_ok=True)
    bst.save_model(str(OUT / "bench_model.json"))
    np.savetxt(OUT / "bench_rows.csv", rows, delimiter=",", fmt="%.17g")
    return bst, rows


def per_call(fn, calls=200, repeat=30):
    fn()
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        for _ in range(calls):
            fn()
        runs.append((time.perf_counter() - t) / calls)
    return statistics.median(runs)


def criterion_median(name):
    path = TARGET / "criterion" / "trees" / name / "new" / "estimates.json"
    if not path.exists():
        return None
    return json.loads(path.read_text())["median"]["point_estimate"] / 1e9


def main():
    bst, rows = prepare()
    bst.set_param({"nthread": 1})
    trees = json.loads((OUT / "bench_model.json").read_text())["learner"]["gradient_booster"]["model"]["trees"]
    nodes = [int(t["tree_param"]["num_nodes"]) for t in trees]
    print(f"model: {len(trees)} trees, {min(nodes)}-{max(nodes)} nodes each (mean {np.mean(nodes):.1f}); rows: {rows.shape}, "
          f"{int(np.isnan(rows).sum())} NaN; xgboost {xgb.__version__}")
    dm = xgb.DMatrix(rows, feature_names=train_trees.FEATURES, missing=np.nan)
    ours = {
        "predict_20rows_200trees_depth4": per_call(lambda: bst.inplace_predict(rows)),
        "treeshap_20rows_200trees_depth4": per_call(lambda: bst.predict(dm, pred_contribs=True), calls=20),
        "predict_1row_200trees_depth4": per_call(lambda: bst.inplace_predict(rows[:1])),
    }
    for name, s in ours.items():
        print(f"xgboost {name}: {s * 1e6:.1f} µs")
    if "--no-bench" not in sys.argv:
        env = {**os.environ, "F1CORE_TREES_BENCH_DIR": str(OUT)}
        subprocess.run(["cargo", "bench", "-p", "f1core-benches", "--bench", "trees"], cwd=ROOT, env=env, check=True)
    for xgb_name, name in BENCHES:
        f1 = criterion_median(name)
        if f1 is None:
            print(f"f1core {name}: no criterion estimate")
            continue
        print(f"f1core {name}: {f1 * 1e6:.2f} µs  -> xgboost / f1core = {ours[xgb_name] / f1:.1f}x")


if __name__ == "__main__":
    main()
