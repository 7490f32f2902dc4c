"""Race models on the real dump: train, predict, walk-forward evaluation."""
import threading

import polars as pl
import pytest

import f1core


@pytest.fixture(scope="module")
def model(ds):
    return f1core.train_race_model(ds, range(2021, 2024))


def test_bahrain_2024_forecast_is_coherent_with_verstappen_favourite(ds, model):
    # The same fit as the core's test post_qualifying_forecast_for_bahrain_2024.
    assert model.kind == "post_qualifying"
    assert len(model.features) == 43 and model.races_count > 60
    odds = model.predict(ds, 2024, 1)
    assert odds.columns == ["driver_ref", "constructor_ref", "score", "p_win",
                            "p_podium", "p_points", "expected_position"]
    assert odds.height == 20
    assert abs(odds["p_win"].sum() - 1) < 1e-12
    assert abs(odds["p_podium"].sum() - 3) < 1e-9
    assert abs(odds["p_points"].sum() - 10) < 1e-9
    assert abs(odds["expected_position"].sum() - 210) < 1e-9
    fav = odds.sort("p_win", descending=True).row(0, named=True)
    assert fav["driver_ref"] == "max_verstappen" and fav["p_win"] > 0.4
    assert "post_qualifying on" in repr(model)
    coef = model.coefficients
    assert coef["feature"].to_list() == model.features
    assert coef.filter(pl.col("feature") == "grid")["weight"][0] < 0  # further back, weaker


def test_round_trip_through_a_dict_and_upcoming_race(ds, model):
    back = f1core.RaceModel(model.to_dict())
    a, b = model.predict(ds, 2024, 1), back.predict(ds, 2024, 1)
    assert (a["p_win"] - b["p_win"]).abs().max() < 1e-12
    entries = ds.race_results(2024, 1).select("driver_ref", "constructor_ref", "grid")
    up = model.predict_upcoming(ds, 2024, 1, "bahrain", entries)
    assert up["driver_ref"].to_list() == entries["driver_ref"].to_list()
    assert abs(up["p_win"].sum() - 1) < 1e-12


def test_pre_qualifying_model_reads_no_grid(ds):
    calls = []
    pre = f1core.train_race_model(ds, [2023], kind="pre_qualifying",
                                  progress=lambda d, t: calls.append((d, t)))
    assert not any(f.startswith(("grid", "quali")) for f in pre.features)
    # One season of features, then the fit's iterations in 10 units (of 20
    # of the 200 allowed; this fit converges within the first).
    assert calls[:2] == [(0, 11), (1, 11)] and calls[-1] == (11, 11)
    assert [d for d, _ in calls] == sorted(set(d for d, _ in calls))
    assert pre.predict(ds, 2024, 3).height == ds.features(2024, 3).height == 19  # Sargeant sat out


def test_training_errors(ds, model):
    with pytest.raises(f1core.InvalidInputError, match="kind"):
        f1core.train_race_model(ds, [2023], kind="post_race")
    with pytest.raises(f1core.InvalidInputError, match="l2"):
        f1core.train_race_model(ds, [2023], l2=-1.0)
    with pytest.raises(f1core.InvalidInputError, match="seasons"):
        f1core.train_race_model(ds, [])
    with pytest.raises(f1core.NotFoundError):
        model.predict(ds, 1949, 1)
    with pytest.raises(f1core.InvalidInputError):
        f1core.RaceModel({"kind": "post_qualifying"})
    bad = model.to_dict()
    bad["weights"] = bad["weights"][:3]
    with pytest.raises(f1core.InvalidInputError, match="43 features but 3 weights"):
        f1core.RaceModel(bad)


def test_walk_forward_2024_beats_the_grid_only_baseline(ds):
    # The core's test walk_forward_2024_beats_the_grid_only_baseline, from
    # Python, with a progress bar and the GIL released meanwhile.
    calls, ticks, done = [], [], threading.Event()

    def tick():
        while not done.is_set():
            ticks.append(1)
            done.wait(0.05)

    t = threading.Thread(target=tick)
    t.start()
    try:
        wf = f1core.evaluate_race_models(ds, 2024, progress=lambda d, n: calls.append((d, n)))
    finally:
        done.set()
        t.join()
    assert len(ticks) > 3  # another Python thread ran during the evaluation
    # Nine seasons of features (2016-2024), then each of the 24 races.
    assert calls[0] == (0, 33) and calls[-1] == (33, 33)
    assert [d for d, _ in calls] == list(range(34))
    assert wf.season == 2024 and wf.races == 24
    table = wf.table
    assert table.columns == ["method", "winner_accuracy", "winner_log_loss",
                             "podium_brier", "position_mae", "quali_mae"]
    ll = dict(zip(table["method"], table["winner_log_loss"]))
    assert ll["Plackett-Luce, post-qualifying"] < ll["baseline: grid-only conditional logit"]
    assert table.filter(pl.col("method").str.starts_with("baseline: quali"))["winner_log_loss"][0] is None
    assert "Walk-forward 2024: 24 races" in repr(wf)


def test_walk_forward_of_a_season_without_results(ds):
    with pytest.raises(f1core.NotFoundError, match="2030"):
        f1core.evaluate_race_models(ds, 2030, train_seasons=1)
