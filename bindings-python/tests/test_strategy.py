"""Tyre model fit, optimiser, simulator and circuit catalogue on the shared races."""

import json

import pytest

import f1core
from conftest import fastf1_frame

pl = pytest.importorskip("polars")


@pytest.fixture(scope="module")
def bahrain(data_dir):
    return f1core.read_laps(data_dir / "laps" / "2024-bahrain-grand-prix.csv")


@pytest.fixture(scope="module")
def fit(bahrain):
    return f1core.fit_tyre_model(bahrain)


def test_fit_matches_the_core_figures(fit):
    # docs/strategy.md: Bahrain, 976 clean laps, SOFT and HARD linear,
    # fuel 0.071 s/lap, LOSO RMSE 0.402 s.
    assert fit.race_laps == 57
    assert fit.n_laps_used == 976
    assert fit.forms == {"SOFT": "linear", "HARD": "linear"}
    assert fit.model.fuel_effect == pytest.approx(0.071, abs=5e-4)
    assert fit.loso_rmse == pytest.approx(0.402, abs=5e-4)
    assert fit.reference_compound == "SOFT"
    offsets = fit.driver_offsets
    assert len(offsets) == 20 and sum(offsets.values()) == pytest.approx(0, abs=1e-9)
    assert set(fit.std_errors) == {"fuel_effect", "offset.HARD", "rate.SOFT", "rate.HARD"}
    assert repr(fit).startswith("<f1core.TyreFit SOFT linear, HARD linear; fuel 0.0713 s/lap; 976 clean laps of 57")
    d = fit.to_dict()
    assert d["n_laps_used"] == 976 and d["model"] == fit.model.to_dict()


def test_fit_accepts_a_fastf1_frame_and_reports_progress(data_dir, fit):
    calls = []
    again = f1core.fit_tyre_model(fastf1_frame(data_dir, "bahrain"), 57,
                                  progress=lambda done, total: calls.append((done, total)))
    assert again.model == fit.model
    assert calls == [(d, 9) for d in range(10)]


def test_progress_errors_surface(bahrain):
    def boom(done, total):
        raise KeyError("stop")
    with pytest.raises(KeyError, match="stop"):
        f1core.fit_tyre_model(bahrain, progress=boom)


def test_points_and_curves(fit):
    points = fit.points()
    assert points.height == fit.n_laps_used
    resid = points["tyre_delta"] - points["model"]
    assert (resid ** 2).mean() ** 0.5 == pytest.approx(fit.rmse, abs=1e-9)
    curves = fit.curves(max_age=30)
    assert curves.columns == ["compound", "age", "tyre_delta", "wear"]
    assert curves.height == 2 * 31
    soft = curves.filter(pl.col("compound") == "SOFT")
    rate = fit.model.compounds[0]["degradation"]["rate"]
    assert soft["wear"].to_list()[10] == pytest.approx(10 * rate)


def test_tyre_model_round_trip_and_lap_time(fit):
    m = f1core.TyreModel(fit.model.to_dict())
    assert m == fit.model
    from_json = f1core.TyreModel(json.dumps(fit.model.to_dict()))
    assert from_json.base_lap == pytest.approx(m.base_lap, rel=1e-15)
    base = m.lap_time("SOFT", 0, 57, 57)
    assert base == pytest.approx(m.base_lap)
    assert m.lap_time("MEDIUM", 0, 1, 57) is None
    with pytest.raises(f1core.InvalidInputError, match="base_lap must be positive"):
        f1core.TyreModel({**m.to_dict(), "base_lap": -1})
    with pytest.raises(f1core.InvalidInputError, match="tyre model"):
        f1core.TyreModel({"base_lap": 90})


def test_optimise_with_the_fitted_model(fit):
    best = f1core.optimise(fit, laps=57, pit_loss=22.0, max_stops=3, min_stint=5, top_k=3)
    assert len(best) == 3
    times = [s["total_time"] for s in best]
    assert times == sorted(times)
    assert best.best == best[0] and best[-1] == best[2]
    assert [s["total_time"] for s in best] == times  # iterates as a sequence
    with pytest.raises(IndexError):
        best[3]
    laps = best.lap_by_lap
    assert laps.height == 3 * 57
    last = laps.group_by("strategy").agg(pl.col("race_time").last()).sort("strategy")
    assert last["race_time"].to_list() == pytest.approx(times, abs=1e-6)
    assert best.request["min_stint"] == 5 and best.request["weather"] == "DRY"
    table = best.to_polars()
    assert table.columns == ["total_time", "stops", "stints", "pit_laps"]
    assert repr(best).startswith("<f1core.Strategies 3 over 57 laps, pit loss 22.0 s\n  #1 ")


def test_optimise_from_the_catalogue_and_bad_requests():
    monza = f1core.circuit("monza")
    best = f1core.optimise(monza, monza.race_laps, monza.pit_loss, top_k=1)
    assert best.best["stops"] >= 1
    sets = [{"compound": "MEDIUM"}, {"compound": "HARD", "age": 2}]
    plan = f1core.optimise(monza.tyre_model(), 53, 21.5, sets=sets, starting="HARD")
    assert plan.best["stints"][0] == {"compound": "HARD", "first_lap": 1,
                                      "last_lap": plan.best["stints"][0]["last_lap"], "start_age": 2}
    with pytest.raises(f1core.InvalidInputError, match="laps"):
        f1core.optimise(monza, 0, 21.5)
    with pytest.raises(f1core.InvalidInputError, match="unknown variant `dry`"):
        f1core.optimise(monza, 53, 21.5, weather="dry")
    with pytest.raises(TypeError):
        f1core.optimise(monza, 53, 21.5, 3)  # options are keyword-only


def test_simulate_against_the_real_field(bahrain):
    field = f1core.RaceField(bahrain, circuit="bahrain")
    assert field.race_laps == 57 and field.classified[0] == "VER"
    assert len(field.drivers) == 20
    actual = field.actual_strategy("VER")
    assert actual["pit_stops"] == [{"lap": 17, "compound": "HARD", "tyre_age": 0},
                                   {"lap": 37, "compound": "SOFT", "tyre_age": 0}]
    replay = f1core.simulate(field, **actual)
    assert replay.time_gained == pytest.approx(0, abs=1e-9)
    assert replay.simulated_position == replay.original_position == 1
    laps, t = field.actual_race_time("VER")
    assert replay.race_time == pytest.approx(t, abs=1e-6) and laps == 57
    other = field.simulate("VER", [{"lap": 25, "compound": "HARD"}], "SOFT")
    assert other.laps_completed == 57
    frame = other.lap_by_lap
    assert frame.columns == ["lap", "position", "lap_time", "compound", "tyre_age", "gap_to_leader"]
    assert frame.filter(pl.col("lap") == 26)["compound"].item() == "HARD"
    assert other.stints[1]["first_lap"] == 26
    assert other.to_dict()["time_gained"] == other.time_gained
    assert repr(other).startswith("<f1core.Simulation VER P1 → P")
    with pytest.raises(f1core.NotFoundError):
        f1core.simulate(field, "ZZZ", [], "SOFT")
    with pytest.raises(f1core.InvalidInputError):
        f1core.simulate(field, "VER", [{"lap": 90, "compound": "HARD"}], "SOFT")


def test_race_field_options(bahrain):
    field = f1core.RaceField(bahrain, overtake_delta=0.8, pit_loss=30.0)
    assert field.pit_loss == pytest.approx(30.0)
    assert field.fitted.n_laps_used == 976
    with pytest.raises(f1core.InvalidInputError, match="circuit"):
        f1core.RaceField(bahrain)
    with pytest.raises(f1core.NotFoundError, match="atlantis"):
        f1core.RaceField(bahrain, circuit="atlantis")


def test_circuit_catalogue():
    table = f1core.circuits()
    assert table.height == 24 and table["circuit_ref"][0] == "albert_park"
    monza = f1core.circuit("MONZA")
    assert monza.circuit_ref == "monza" and monza.race_laps == 53
    assert monza.race_distance_km == pytest.approx(53 * monza.lap_length_km)
    assert monza.to_dict()["overtake_delta"] == monza.overtake_delta
    assert repr(monza).startswith("<f1core.Circuit monza (Autodromo Nazionale di Monza, Italy)")
    assert monza.tyre_model().compounds[1]["compound"] == "MEDIUM"
    with pytest.raises(f1core.NotFoundError, match="valid refs include"):
        f1core.circuit("atlantis")


def test_durations():
    assert f1core.parse_duration("1:27.452") == pytest.approx(87.452)
    assert f1core.parse_duration("1:34:50.616") == pytest.approx(5690.616)
    assert f1core.format_duration(87.452) == "1:27.452"
    with pytest.raises(f1core.InvalidInputError, match="cannot read"):
        f1core.parse_duration("soon")
    with pytest.raises(f1core.InvalidInputError):
        f1core.format_duration(-1.0)
