"""Tree ensembles from Python: XGBoost / LightGBM models trained here on
f1core's features, imported, predicted and explained like the libraries."""
import numpy as np
import polars as pl
import pytest

import f1core

xgb = pytest.importorskip("xgboost")


@pytest.fixture(scope="module")
def data(ds):
    """Features and 'won' of the 2023 races (one frame)."""
    frames = []
    for rnd in range(1, 23):
        f = ds.features(2023, rnd)
        res = ds.race_results(2023, rnd).select("driver_ref", "position")
        frames.append(f.join(res, on="driver_ref", how="left"))
    df = pl.concat(frames, how="vertical_relaxed")
    names = f1core.feature_catalog()["name"].to_list()
    x = df.select(names).to_numpy()
    y = (df["position"] == 1).fill_null(False).to_numpy().astype(float)
    return df, names, x, y


@pytest.fixture(scope="module")
def booster(data):
    _, names, x, y = data
    d = xgb.DMatrix(x, label=y, feature_names=names, missing=np.nan)
    return xgb.train({"objective": "binary:logistic", "max_depth": 3, "eta": 0.3, "seed": 1},
                     d, num_boost_round=20)


def test_xgboost_import_predicts_and_explains_like_xgboost(tmp_path, data, booster):
    df, names, x, _ = data
    path = tmp_path / "win.json"
    booster.save_model(str(path))
    e = f1core.Ensemble.load(path)
    assert f1core.Ensemble.from_xgboost_json(path.read_text()).num_trees == e.num_trees == 20
    assert e.feature_names == names and e.num_groups == 1 and e.objective == "binary:logistic"
    want = booster.predict(xgb.DMatrix(x, feature_names=names, missing=np.nan))
    got = e.predict(x)
    assert got.shape == (len(x),) and got.flags.writeable
    assert np.abs(got - want).max() < 1e-6
    # A polars or pandas frame: columns taken by name, whatever the order.
    assert np.array_equal(e.predict(df.select(list(reversed(names)))), got)
    assert np.array_equal(e.predict(df.to_pandas()), got)
    shap = e.contributions(x)
    assert shap.shape == (len(x), len(names) + 1)
    want_shap = booster.predict(xgb.DMatrix(x, feature_names=names, missing=np.nan),
                                pred_contribs=True)
    assert np.abs(shap - want_shap).max() < 1e-4
    assert np.abs(shap.sum(axis=1) - e.predict(x, margin=True)).max() < 1e-6
    ex = e.explain(x[:3], ["A", "B", "C"], outcome="win chance", top=2)
    assert [r["subject"] for r in ex] == ["A", "B", "C"]
    assert len(ex[0]["top"]) == 2 and "win chance" in ex[0]["sentence"]
    assert ex[0]["top"][0]["feature"] in names
    assert "<f1core.Ensemble 20 trees" in repr(e)


def test_lightgbm_text(data):
    lgb = pytest.importorskip("lightgbm")
    _, names, x, y = data
    m = lgb.train({"objective": "binary", "num_leaves": 7, "verbose": -1, "seed": 1},
                  lgb.Dataset(x, label=y, feature_name=names), num_boost_round=10)
    e = f1core.Ensemble.from_lightgbm_text(m.model_to_string())
    assert np.abs(e.predict(x) - m.predict(x)).max() < 1e-9


def test_tree_errors(tmp_path, data, booster):
    _, names, x, _ = data
    with pytest.raises(f1core.InvalidInputError, match="gradient_booster"):
        f1core.Ensemble.from_xgboost_json('{"learner": {}}')
    with pytest.raises(f1core.F1CoreError):
        f1core.Ensemble.from_lightgbm_text("not a model")
    with pytest.raises(f1core.F1IOError):
        f1core.Ensemble.load(tmp_path / "missing.json")
    path = tmp_path / "m.json"
    booster.save_model(str(path))
    e = f1core.Ensemble.load(path)
    with pytest.raises(f1core.InvalidInputError):
        e.predict(x[:, :5])
    with pytest.raises(f1core.InvalidInputError, match="lacks the model's feature"):
        e.predict(pl.DataFrame({"a": [1.0]}))
    with pytest.raises(f1core.InvalidInputError):
        e.explain(x[:2], ["only one"])
