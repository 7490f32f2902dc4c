"""Trains XGBoost and LightGBM models on a real race-entry feature matrix and
writes them with the originals' predictions, margins and SHAP contributions,
for f1core/tests/trees_parity.rs to compare against.

    python f1core/tests/parity/train_trees.py OUT_DIR
    F1CORE_PARITY_DIR=OUT_DIR cargo test -p f1core --test trees_parity

Needs xgboost-cpu==3.2.* (pred_contribs is exact TreeSHAP up to 3.2),
lightgbm==4.*, pandas, numpy. Data: F1CORE_DATA (default ../shared/data).

The matrix is built here from the Ergast CSVs (f1core's features module is
not merged yet): one row per race entry, only facts known before the race.
NaNs are kept on purpose (pit-lane starts, no qualifying time, debutants,
a first visit to a circuit) so that missing-value routing is exercised.
Two more cases add the circuit as a categorical feature (XGBoost and
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

FEATURES = [
    "grid",                    # starting slot; 0 (pit lane) → NaN
    "quali_position",          # NaN without a qualifying row
    "driver_last5_finish",     # mean finishing order, previous 5 races; NaN on debut
    "constructor_last5_points",
    "driver_circuit_best",     # best finish at this circuit before; NaN on a first visit
    "driver_starts",
    "round",
]


def read(name):
    return pd.read_csv(ERGAST / name, na_values=["\\N"], keep_default_na=False)


def build_features(first_year=2010):
    races = read("races.csv")[["raceId", "year", "round", "circuitId"]]
    races = races.sort_values(["year", "round"]).reset_index(drop=True)
    races["order"] = np.arange(len(races))
    res = read("results.csv")[["raceId", "driverId", "constructorId", "grid", "positionOrder", "points"]]
    res = res.merge(races, on="raceId").sort_values(["order", "positionOrder"])
    quali = read("qualifying.csv")[["raceId", "driverId", "position"]]
    quali = quali.drop_duplicates(["raceId", "driverId"]).rename(columns={"position": "quali_position"})
    res = res.merge(quali, on=["raceId", "driverId"], how="left")
    res["grid"] = res["grid"].where(res["grid"] > 0)
    by_driver = res.groupby("driverId")["positionOrder"]
    res["driver_last5_finish"] = by_driver.transform(lambda s: s.shift(1).rolling(5, min_periods=1).mean())
    res["driver_starts"] = res.groupby("driverId").cumcount().astype(float)
    res["driver_circuit_best"] = res.groupby(["driverId", "circuitId"])["positionOrder"].transform(
        lambda s: s.shift(1).cummin()
    )
    team = res.groupby(["order", "constructorId"], as_index=False)["points"].sum().sort_values("order")
    team["constructor_last5_points"] = team.groupby("constructorId")["points"].transform(
        lambda s: s.shift(1).rolling(5, min_periods=1).sum()
    )
    res = res.merge(team[["order", "constructorId", "constructor_last5_points"]], on=["order", "constructorId"])
    res = res.merge(read("drivers.csv")[["driverId", "surname"]], on="driverId")
    res = res[res["year"] >= first_year].sort_values(["order", "positionOrder"]).reset_index(drop=True)
    res["round"] = res["round"].astype(float)
    return res


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
