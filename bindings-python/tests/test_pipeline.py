"""The post-race pipeline from Python on the real dump: retrain, register,
forecast, title odds (as f1core/tests/pipeline.rs), progress, errors."""
import pytest

import f1core


def field(ds, year, rnd, grid):
    cols = ["driver_ref", "constructor_ref"] + (["grid"] if grid else [])
    return ds.race_results(year, rnd).select(cols)


def test_after_2024_round_10_registers_and_forecasts_round_11(ds, tmp_path):
    calls = []
    entries = field(ds, 2024, 11, grid=False)
    g = field(ds, 2024, 11, grid=True)
    grid = dict(zip(g["driver_ref"], g["grid"]))
    out = f1core.after_race(ds, 2024, 10, entries.to_pandas(), grid=grid,
                            registry=tmp_path, train_seasons=2, runs=2000,
                            trained_at="2024-06-24T12:00:00Z",
                            progress=lambda d, t: calls.append((d, t)))
    assert (out.completed["name"], out.next["round"]) == ("Spanish Grand Prix", 11)
    assert out.next["circuit_ref"] == "red_bull_ring"
    assert out.races_count == 54 and out.evaluation.races == 10
    # The three models registered with their walk-forward metrics.
    reg = out.registered
    assert [(m["model_type"], m["version"]) for m in reg] == [("RACE_WINNER", "v1"),
                                                            ("RACE_PRE_QUALI", "v1"),
                                                            ("QUALI", "v1")]
    assert 0.5 < reg[2]["metrics"]["mae"] < 10
    q = out.qualifying
    assert q.height == 20 and q["expected_position"].to_list() == sorted(q["expected_position"])
    assert reg[0]["metrics"]["eval_races"] == 10.0
    assert reg[0]["trained_at"] == "2024-06-24T12:00:00Z"
    for k in ("accuracy", "log_loss", "podium_brier", "mae", "baseline_grid_log_loss"):
        assert reg[0]["metrics"][k] >= 0
    # The grid was given: the post-qualifying model forecast, coherent odds.
    assert (out.forecast_model, out.forecast_version) == ("RACE_WINNER", "v1")
    p = out.predictions
    assert p.height == 20 and abs(p["p_win"].sum() - 1) < 1e-12
    assert abs(p["p_points"].sum() - 10) < 1e-9
    assert p["p_win"].to_list() == sorted(p["p_win"], reverse=True)
    # The registered model gives the same forecast.
    model, meta = f1core.Registry(tmp_path).load("RACE_WINNER", "v1")
    again = model.predict_upcoming(ds, 2024, 11, "red_bull_ring",
                                   field(ds, 2024, 11, grid=True))
    ver = lambda f: f.filter(f["driver_ref"] == "max_verstappen")["p_win"][0]
    assert abs(ver(again) - ver(p)) < 1e-12
    c = out.championship
    assert c.after_round == 10 and c.drivers["driver_ref"][0] == "max_verstappen"
    # The core's pipeline and the binding's championship() (its own route
    # through the core's steps) give the same numbers for the same seed.
    alone = f1core.championship(ds, 2024, 10, runs=2000, train_seasons=2,
                                entries=field(ds, 2024, 11, grid=True))
    assert alone.to_dict() == c.to_dict()
    # Progress: 3 seasons, 10 races, 2 fits of 10 units, the qualifying
    # model's fit, 100 of simulation.
    assert calls[0] == (0, 134) and calls[-1] == (134, 134)
    assert [d for d, _ in calls] == sorted(set(d for d, _ in calls))
    assert "registered [RACE_WINNER v1, RACE_PRE_QUALI v1, QUALI v1]" in repr(out)
    # No grid, promoted, no title odds: pre-qualifying forecast, v2.
    out = f1core.after_race(ds, 2024, 10, entries, registry=str(tmp_path), promote=True,
                            train_seasons=2, championship=False, qualifying=False)
    assert (out.forecast_model, out.forecast_version) == ("RACE_PRE_QUALI", "v2")
    assert out.qualifying.height == 0 and len(out.registered) == 2
    assert out.championship is None
    assert f1core.Registry(tmp_path).latest_production("RACE_WINNER")[1]["version"] == "v2"


def test_pipeline_errors(ds):
    entries = field(ds, 2024, 1, grid=False)
    with pytest.raises(f1core.NotFoundError, match="2025 round 1"):
        f1core.after_race(ds, 2025, 1, entries)
    with pytest.raises(f1core.InvalidInputError, match="empty"):
        f1core.after_race(ds, 2024, 3, [])
    with pytest.raises(f1core.InvalidInputError, match="grid: 2 slots for 20 entries"):
        f1core.after_race(ds, 2024, 3, entries, grid=[1, 2])
    with pytest.raises(f1core.InvalidInputError, match="no slot for `max_verstappen`"):
        f1core.after_race(ds, 2024, 3, entries, grid={"norris": 1})
