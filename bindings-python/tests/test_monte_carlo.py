"""Monte Carlo from Python: the Rust core's golden numbers, progress, errors."""
import pytest

import f1core


def golden_request():
    """The request of the core's test golden_numbers_for_seed_2025
    (f1core/src/sim/monte_carlo/tests.rs)."""
    cars = [{"driver": f"d{i:02}", "pace_offset": 0.15 * i, "dnf_probability": 0.1}
            for i in range(10)]
    cars[3]["strategy"] = {"kind": "stops", "starting": "MEDIUM",
                           "pit_stops": [{"lap": 25, "compound": "HARD"}]}
    cars[5]["strategy"] = {"kind": "optimal", "rank": 2}
    return dict(cars=cars, circuit="monza", runs=400, seed=2025, points_season=2024)


def test_same_seed_same_numbers_as_rust():
    r = f1core.monte_carlo(**golden_request())
    d = r.to_dict()["drivers"]
    assert (r.safety_car_races, r.vsc_races) == (163, 106)
    assert d[0]["positions"] == [359, 5, 0, 0, 0, 0, 0, 0, 0, 0]
    assert d[3]["positions"] == [0, 8, 67, 228, 53, 2, 0, 0, 0, 0]
    assert d[0]["expected_points"] == 23.18
    assert d[9]["mean_race_time"] == 4615.602952231494
    assert d[5]["mean_position"] == 5.686813186813187


def test_distribution_frame():
    r = f1core.monte_carlo(**golden_request())
    df = r.drivers
    assert df["driver"].to_list() == [f"d{i:02}" for i in range(10)]
    assert df["grid"].to_list() == list(range(1, 11))
    for p in df["position_probabilities"]:
        assert len(p) == 10
    # Every race has exactly one winner (the field never all retires here).
    assert abs(df["win_probability"].sum() - 1) < 1e-12
    assert abs(df["win_probability"][0] - 359 / 400) < 1e-15
    assert (df["dnf"] + df["positions"].list.sum() == 400).all()
    assert "<f1core.MonteCarlo 400 runs (seed 2025) of 10 cars over 53 laps; favourite d00" in repr(r)


def test_progress_counts_races_and_changes_no_number():
    # The core reports races run in 100 units; the numbers are the core's
    # unbatched ones exactly (golden values above).
    calls = []
    a = f1core.monte_carlo(**golden_request())
    b = f1core.monte_carlo(**golden_request(), progress=lambda d, t: calls.append((d, t)))
    assert calls == [(d, 100) for d in range(101)]
    assert a.to_dict() == b.to_dict()
    small = dict(golden_request(), runs=7)
    calls.clear()
    f1core.monte_carlo(**small, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(d, 7) for d in range(8)]


def test_a_failing_progress_callback_raises_after_the_work():
    def boom(done, total):
        if done == 3:
            raise KeyError("stop")
    with pytest.raises(KeyError):
        f1core.monte_carlo(**golden_request(), progress=boom)


def test_explicit_race_without_circuit_and_a_frame_of_cars():
    pl = pytest.importorskip("polars")
    cars = pl.DataFrame({"driver": ["fast", "slow"], "pace_offset": [0.0, 1.5]})
    r = f1core.monte_carlo(cars, laps=30, pit_loss=20.0, model=f1core.circuit("monza"),
                           passing=0.8, runs=200, seed=3)
    df = r.drivers
    assert r.laps == 30 and r.runs == 200
    assert df["win_probability"][0] > 0.9
    assert r.safety_car_races == 0  # no circuit: no SC odds


def test_errors_name_what_is_wrong():
    with pytest.raises(f1core.InvalidInputError, match="laps|circuit"):
        f1core.monte_carlo([{"driver": "a"}, {"driver": "b"}], runs=10)
    with pytest.raises(f1core.NotFoundError):
        f1core.monte_carlo([{"driver": "a"}], circuit="nowhere", runs=10)
    with pytest.raises(f1core.InvalidInputError, match="unknown field"):
        f1core.monte_carlo([{"driver": "a", "speed": 3}], circuit="monza", runs=10)
    with pytest.raises(f1core.InvalidInputError, match="runs"):
        f1core.monte_carlo([{"driver": "a"}], circuit="monza", runs=0)
