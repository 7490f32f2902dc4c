"""Trains XGBoost and LightGBM models on a real race-entry feature matrix and
writes them with the originals' predictions, margins and SHAP contributions,
for f1core/tests/trees_parity.rs to compare against.

    python f1core/tests/parity/train_trees.py OUT_DIR
    F1CORE_PARITY_DIR=OUT_DIR cargo test -p f1core --test trees_parity

Needs the f1core package, xgboost-cpu==3.2.* (pred_contribs is exact
TreeSHAP up to 3.2), lightgbm==4.*, polars, pandas, numpy. Data: F1CORE_DATA (default ../shared/data).

The matrix is f1core's own point-in-time features (the Python package,
built first by the test command: `f1core.Dataset.features`), one row per
race entry of 2016-2024, only facts known before the race. Their NaNs
(pit-lane starts, no qualifying time, debutants, a first visit to a
circuit) exercise missing-value routing. Two more cases add the circuit as a categorical feature (XGBoost and
LightGBM category splits), with edge rows for NaN, negative, fractional
and huge codes. OUT_DIR/manifest.json lists the cases; nothing here is
committed.
"""
import json
import os
import pathlib
import sys

import lightgbm as lgb
import numpy as np
import pandas as pd
import xgboost as xgb

ROOT = pathlib.Path(__file__).resolve().parents[3]
DATA = pathlib.Path(os.environ.get("F1CORE_DATA", ROOT.parent / "shared" / "data"))
ERGAST = DATA / "ergast" if (DATA / "ergast").is_dir() else DATA

FEATURES = []  # f1core's feature names, set by build_features


def build_features(first_year=2016, last_year=2024):
    """f1core's features of every completed race of the years, with each
    entry's finishing order, race key and circuit (pandas)."""
    import f1core
    import polars as pl

    FEATURES[:] = f1core.feature_catalog()["name"].to_list()
    ds = f1core.Dataset.load(DATA)
    frames = []
    for year in range(first_year, last_year + 1):
        races = ds.races(year)
        for rnd, circuit in zip(races["round"].to_list(), races["circuit_id"].to_list()):
            result = ds.race_results(year, rnd)
            if result.height == 0:
                continue
            f = ds.features(year, rnd).join(
                result.select("driver_ref", pl.col("position_order").alias("positionOrder")),
                on="driver_ref",
            )
            frames.append(f.with_columns(
                year=pl.lit(year), round=pl.lit(float(rnd)),
                raceId=pl.lit(year * 100 + rnd), circuitId=pl.lit(circuit),
            ))
    df = pl.concat(frames, how="vertical_relaxed").to_pandas()
    return df.rename(columns={"driver_ref": "surname"})


def targets(df):
    pos = df["positionOrder"]
    return {
        "win": (pos == 1).astype(int).to_numpy(),
        "finish": pos.astype(float).to_numpy(),
        # 0 podium, 1 other points finish, 2 no points
        "band": np.select([pos <= 3, pos <= 10], [0, 1], 2),
        "relevance": np.clip(11 - pos, 0, None).astype(int).to_numpy(),
        "race": df["raceId"].to_numpy(),
    }


def nan_to_none(a):
    return [None if np.isnan(v) else float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def group_sizes(race_ids):
    _, idx, counts = np.unique(race_ids, return_index=True, return_counts=True)
    return counts[np.argsort(idx)]


def xgb_cases(X, t, test):
    base = dict(max_depth=4, eta=0.1, seed=1, nthread=1)
    specs = {
        "xgb_binary": ({"objective": "binary:logistic"}, t["win"]),
        "xgb_regression": ({"objective": "reg:squarederror", "max_depth": 5}, t["finish"]),
        "xgb_multiclass": ({"objective": "multi:softprob", "num_class": 3}, t["band"]),
        "xgb_rank_pairwise": ({"objective": "rank:pairwise"}, t["relevance"]),
        "xgb_rank_ndcg": ({"objective": "rank:ndcg"}, t["relevance"]),
    }
    for name, (params, y) in specs.items():
        dm = xgb.DMatrix(X, label=y, feature_names=FEATURES, missing=np.nan)
        if params["objective"].startswith("rank:"):
            dm.set_group(group_sizes(t["race"]))
        bst = xgb.train({**base, **params}, dm, num_boost_round=60)
        dt = xgb.DMatrix(test, feature_names=FEATURES, missing=np.nan)
        yield name, "xgboost", bst, {
            "margin": bst.predict(dt, output_margin=True),
            "prediction": bst.predict(dt),
            "contributions": bst.predict(dt, pred_contribs=True),
        }


EDGE_CATEGORIES = [np.nan, -1.0, -0.5, 0.5, 1.7, 1e6, 2.0**31 + 5]


def with_edge_categories(T):
    """Appends copies of the first row whose category is NaN, negative,
    fractional or huge: the libraries' own outputs define those cases."""
    edge = np.repeat(T[:1], len(EDGE_CATEGORIES), axis=0)
    edge[:, -1] = EDGE_CATEGORIES
    return np.vstack([T, edge])


def xgb_categorical_case(train, test, t):
    """The circuit as a categorical feature (XGBoost partition splits);
    codes from 0 so that category 0 can be in a set (the -0.5 edge row)."""
    cols = FEATURES + ["circuit"]
    X = train[FEATURES].assign(circuit=train["circuitId"] - 1).to_numpy(np.float64)
    T = with_edge_categories(test[FEATURES].assign(circuit=test["circuitId"] - 1).to_numpy(np.float64))
    types = ["q"] * len(FEATURES) + ["c"]
    dm = xgb.DMatrix(X, label=t["win"], feature_names=cols, feature_types=types, enable_categorical=True)
    params = dict(objective="binary:logistic", max_depth=4, eta=0.1, seed=1, nthread=1, max_cat_to_onehot=1)
    bst = xgb.train(params, dm, num_boost_round=60)
    dt = xgb.DMatrix(T, feature_names=cols, feature_types=types, enable_categorical=True)
    return bst, cols, T, {
        "margin": bst.predict(dt, output_margin=True),
        "prediction": bst.predict(dt),
        "contributions": bst.predict(dt, pred_contribs=True),
    }


def lgb_categorical_case(train, test, t):
    """The circuit as a categorical feature (LightGBM category bitsets)."""
    cols = FEATURES + ["circuit"]
    X = train[FEATURES].assign(circuit=train["circuitId"] - 1).to_numpy(np.float64)
    T = with_edge_categories(test[FEATURES].assign(circuit=test["circuitId"] - 1).to_numpy(np.float64))
    params = dict(objective="binary", num_leaves=15, learning_rate=0.1, seed=1, num_threads=1,
                  verbose=-1, deterministic=True, min_data_per_group=20, cat_smooth=5)
    ds = lgb.Dataset(X, label=t["win"], feature_name=cols, categorical_feature=["circuit"])
    bst = lgb.train(params, ds, num_boost_round=60)
    return bst, cols, T, {
        "margin": bst.predict(T, raw_score=True),
        "prediction": bst.predict(T),
        "contributions": bst.predict(T, pred_contrib=True),
    }


def lgb_cases(X, t, test):
    base = dict(num_leaves=15, learning_rate=0.1, seed=1, num_threads=1, verbose=-1, deterministic=True)
    specs = {
        "lgb_binary": ({"objective": "binary"}, t["win"]),
        # missing type Zero on every split
        "lgb_binary_zero_missing": ({"objective": "binary", "zero_as_missing": True}, t["win"]),
        "lgb_regression": ({"objective": "regression"}, t["finish"]),
        # missing type None: NaN is read as 0.0
        "lgb_regression_no_missing": ({"objective": "regression", "use_missing": False}, t["finish"]),
        "lgb_multiclass": ({"objective": "multiclass", "num_class": 3}, t["band"]),
        "lgb_lambdarank": ({"objective": "lambdarank"}, t["relevance"]),
    }
    for name, (params, y) in specs.items():
        ds = lgb.Dataset(X, label=y, feature_name=FEATURES, free_raw_data=False)
        if params["objective"] == "lambdarank":
            ds.set_group(group_sizes(t["race"]))
        bst = lgb.train({**base, **params}, ds, num_boost_round=60)
        yield name, "lightgbm", bst, {
            "margin": bst.predict(test, raw_score=True),
            "prediction": bst.predict(test),
            "contributions": bst.predict(test, pred_contrib=True),
        }


def main():
    out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "target" / "parity")
    out.mkdir(parents=True, exist_ok=True)
    df = build_features()
    train, test = df[df["year"] <= 2022], df[df["year"] >= 2023]
    X, T = train[FEATURES].to_numpy(np.float64), test[FEATURES].to_numpy(np.float64)
    t = targets(train)
    cases = []
    for name, fmt, bst, expected in [*xgb_cases(X, t, T), *lgb_cases(X, t, T)]:
        model_file = f"{name}.json" if fmt == "xgboost" else f"{name}.txt"
        bst.save_model(str(out / model_file))
        cases.append({"name": name, "format": fmt, "model": model_file})
        if name == "xgb_binary":
            # xgboost 2.x wrote base_score as a scalar ("5E-1"); same model, same outputs.
            model = json.loads((out / model_file).read_text())
            param = model["learner"]["learner_model_param"]
            param["base_score"] = param["base_score"].strip("[]")
            (out / "xgb_binary_scalar_base.json").write_text(json.dumps(model))
            cases.append({"name": "xgb_binary_scalar_base", "format": fmt, "model": "xgb_binary_scalar_base.json"})
        for case in cases[-2 if name == "xgb_binary" else -1:]:
            (out / f"{case['name']}.expected.json").write_text(json.dumps({
                "rows": len(T),
                "subjects": test["surname"].tolist(),
                "features": FEATURES,
                "x": nan_to_none(T),
                **{k: nan_to_none(v) for k, v in expected.items()},
            }))
    for name, fmt, make in [("xgb_binary_categorical.json", "xgboost", xgb_categorical_case),
                            ("lgb_binary_categorical.txt", "lightgbm", lgb_categorical_case)]:
        bst, cols, Tc, expected = make(train, test, t)
        bst.save_model(str(out / name))
        stem = name.rsplit(".", 1)[0]
        cases.append({"name": stem, "format": fmt, "model": name})
        (out / f"{stem}.expected.json").write_text(json.dumps({
            "rows": len(Tc), "features": cols, "x": nan_to_none(Tc),
            "subjects": test["surname"].tolist() + [f"edge circuit={c}" for c in EDGE_CATEGORIES],
            **{k: nan_to_none(v) for k, v in expected.items()},
        }))
    manifest = {
        "xgboost": xgb.__version__, "lightgbm": lgb.__version__,
        "train_rows": len(X), "test_rows": len(T),
        "nan_share": float(np.isnan(T).mean()), "cases": cases,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    print(f"parity: {len(cases)} models, {len(X)} training rows, {len(T)} test rows "
          f"({manifest['nan_share']:.1%} NaN) → {out}")


if __name__ == "__main__":
    main()
