"""f1core's own GBDT from Python: a qualifying model trained on f1core's
pre-qualifying features of 2023, scored on races it did not see, saved and
read back, deterministic per seed; bad settings are typed errors."""
import numpy as np
import polars as pl
import pytest

import f1core


@pytest.fixture(scope="module")
def quali(ds):
    """Pre-qualifying features and qualifying position, 2023 rounds 1-22."""
    cat = f1core.feature_catalog()
    names = cat.filter(pl.col("group") != "qualifying")["name"].to_list()
    frames = []
    for rnd in range(1, 23):
        f = ds.features(2023, rnd)
        q = ds.qualifying(2023, rnd).select("driver_ref", pl.col("position").alias("q"))
        frames.append(f.join(q, on="driver_ref", how="inner").with_columns(pl.lit(rnd).alias("rnd")))
    return pl.concat(frames, how="vertical_relaxed"), names


def test_learns_qualifying_order_and_round_trips(quali, tmp_path):
    df, names = quali
    train, test = df.filter(pl.col("rnd") <= 16), df.filter(pl.col("rnd") > 16)
    calls = []
    e = f1core.train_gbdt(train.select(names), train["q"], n_trees=100, max_depth=3,
                          learning_rate=0.05, min_child_hessian=20, subsample=0.8,
                          colsample=0.5, seed=7, progress=lambda d, t: calls.append((d, t)))
    assert e.feature_names == names and e.num_trees == 100 and e.max_depth <= 3
    assert calls[-1] == (100, 100)
    # Six unseen races: better than calling everyone mid-field, and in range.
    pred = e.predict(test.select(names))
    truth = test["q"].to_numpy().astype(float)
    mae = np.abs(pred - truth).mean()
    assert mae < np.abs(truth.mean() - truth).mean() - 1.0, mae
    assert 1 <= pred.min() and pred.max() <= 20
    # Columns by name from a frame in any order; numpy as is.
    assert np.array_equal(e.predict(test.select(list(reversed(names)))), pred)
    assert np.array_equal(e.predict(test.select(names).to_numpy()), pred)
    # SHAP sums to the prediction (squared error: margin = prediction).
    shap = e.contributions(test.select(names))
    assert np.abs(shap.sum(axis=1) - pred).max() < 1e-9
    # Saved, read back: the same numbers.
    path = tmp_path / "quali.json"
    e.save(path)
    assert np.array_equal(f1core.Ensemble.load(path).predict(test.select(names)), pred)
    assert f1core.Ensemble.from_json(e.to_json()).to_json() == e.to_json()
    # The same seed, the same model; another seed, another sample.
    again = f1core.train_gbdt(train.select(names).to_pandas(), train["q"].to_numpy(),
                              n_trees=100, max_depth=3, learning_rate=0.05,
                              min_child_hessian=20, subsample=0.8, colsample=0.5, seed=7)
    assert again.to_json() == e.to_json()
    other = f1core.train_gbdt(train.select(names), train["q"], n_trees=100, max_depth=3,
                              learning_rate=0.05, min_child_hessian=20, subsample=0.8,
                              colsample=0.5, seed=8)
    assert other.to_json() != e.to_json()


def test_logistic_numpy_names_and_errors(quali):
    df, names = quali
    x = df.select(names).to_numpy()
    pole = (df["q"] == 1).to_numpy().astype(float)
    e = f1core.train_gbdt(x, pole, objective="logistic", n_trees=30, max_depth=2)
    assert e.feature_names == [f"f{i}" for i in range(len(names))]
    p = e.predict(x)
    assert ((0 < p) & (p < 1)).all()
    # Pole-sitters get a higher chance than the rest, on average.
    assert p[pole == 1].mean() > 3 * p[pole == 0].mean()
    with pytest.raises(f1core.InvalidInputError, match="max_depth"):
        f1core.train_gbdt(x, pole, max_depth=0)
    with pytest.raises(f1core.InvalidInputError, match="objective `poisson`"):
        f1core.train_gbdt(x, pole, objective="poisson")
    with pytest.raises(f1core.InvalidInputError):
        f1core.train_gbdt(x, pole[:-1])
    with pytest.raises(f1core.InvalidInputError):
        f1core.Ensemble.from_json('{"params": {}, "trees": 1}')
