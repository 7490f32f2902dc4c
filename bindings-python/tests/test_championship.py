"""Championship probabilities from Python on the real dump: the Rust core's
numbers (f1core/tests/championship.rs), requests as dicts, progress, errors."""
import json

import pytest

import f1core


@pytest.fixture(scope="module")
def finale(ds):
    """2024 before the Abu Dhabi finale, as the core's test
    snapshot_2024_before_the_finale runs it (20,000 seasons, seed 1)."""
    calls = []
    c = f1core.championship(ds, 2024, 23, runs=20_000,
                            progress=lambda d, t: calls.append((d, t)))
    return c, calls


def test_2024_before_the_finale_as_in_rust(finale):
    c, _ = finale
    assert (c.season, c.after_round, c.runs, c.seed) == (2024, 23, 20_000, 1)
    d = c.drivers
    assert d.columns == ["driver_ref", "current_points", "p_title", "expected_points",
                         "points_q05", "points_q50", "points_q95", "expected_position",
                         "p_position"]
    ver = d.row(0, named=True)
    # Verstappen had clinched: P(title) exactly 1 with 429 points.
    assert (ver["driver_ref"], ver["p_title"], ver["current_points"]) == ("max_verstappen", 1.0, 429.0)
    assert ver["p_position"][0] == 1.0
    t = {r["constructor_ref"]: r for r in c.constructors.iter_rows(named=True)}
    assert (t["mclaren"]["current_points"], t["ferrari"]["current_points"]) == (640.0, 619.0)
    assert 0.5 < t["mclaren"]["p_title"] < 1.0
    assert abs(t["mclaren"]["p_title"] + t["ferrari"]["p_title"] - 1) < 1e-9
    assert t["red_bull"]["p_title"] == 0.0
    # Odds are distributions; quantiles ordered and never below today's points.
    assert abs(d["p_title"].sum() - 1) < 1e-9
    for r in d.iter_rows(named=True):
        assert r["current_points"] <= r["points_q05"] <= r["points_q50"] <= r["points_q95"]
        assert abs(sum(r["p_position"]) - 1) < 1e-9
    # One race left: at most 26 more points (win + fastest lap).
    assert (d["expected_points"] - d["current_points"]).max() <= 26
    assert "<f1core.Championship 2024 after round 23, 20000 runs (seed 1): " \
           "drivers' favourite max_verstappen 100.0 %, constructors' mclaren" in repr(c)


def test_progress_counts_seasons_fit_and_simulation(finale):
    _, calls = finale
    # 9 seasons of features (2016-2024), the fit in 10 units, 100 of seasons.
    assert calls[0] == (0, 119) and calls[-1] == (119, 119)
    done = [d for d, _ in calls]
    assert done == sorted(set(done)) and {9, 19, 69}.issubset(done)


def test_request_dict_round_trip_gives_the_same_numbers(ds, finale):
    c, _ = finale
    req = f1core.championship_request(ds, 2024, 23, runs=20_000)
    assert [r["round"] for r in req["remaining"]] == [24]
    assert sum(d["strength"] is not None for d in req["drivers"]) == 20
    # Through JSON and back (the Rust test's check), and as a dict.
    again = f1core.simulate_championship(json.dumps(req))
    assert again.to_dict() == c.to_dict()
    assert f1core.simulate_championship(req).to_dict() == c.to_dict()


def test_own_strengths_change_the_odds(ds):
    req = f1core.championship_request(ds, 2024, 20, runs=4000, seed=7)
    base = f1core.simulate_championship(req)
    for d in req["drivers"]:
        if d["driver_ref"] == "norris" and d["strength"] is not None:
            d["strength"] += 5.0  # a far faster car for the last rounds
    boosted = f1core.simulate_championship(req)
    p = lambda c: c.drivers.filter(c.drivers["driver_ref"] == "norris")["p_title"][0]
    assert p(boosted) > p(base) + 0.2
    # The same seed gives the same numbers; another seed others.
    assert f1core.simulate_championship(dict(req, seed=7)).to_dict() == boosted.to_dict()
    assert f1core.simulate_championship(dict(req, seed=8)).to_dict() != boosted.to_dict()


def test_typed_errors(ds):
    with pytest.raises(f1core.NotFoundError, match="2024 round 30"):
        f1core.championship(ds, 2024, 30, runs=10)
    with pytest.raises(f1core.InvalidInputError, match="entry list"):
        f1core.championship(ds, 2025, 0, runs=10)
    with pytest.raises(f1core.InvalidInputError, match="runs 0"):
        f1core.championship(ds, 2024, 23, runs=0)
    with pytest.raises(f1core.InvalidInputError, match="championship request"):
        f1core.simulate_championship({"season": 2024})
    req = f1core.championship_request(ds, 2024, 23, runs=10)
    req["form_sd"] = -1.0
    with pytest.raises(f1core.InvalidInputError, match="form_sd -1"):
        f1core.simulate_championship(req)
    req["form_sd"] = 0.5
    req["driver_form_sd"] = -0.1
    with pytest.raises(f1core.InvalidInputError, match="driver_form_sd -0.1"):
        f1core.simulate_championship(req)
    with pytest.raises(f1core.InvalidInputError, match="driver_form_sd NaN"):
        f1core.championship(ds, 2024, 23, runs=10, driver_form_sd=float("nan"))


def test_driver_form_spread_keyword(ds):
    """driver_form_sd reaches the request; 0 (the default) gives the
    numbers without it, a spread others (it draws per-driver offsets)."""
    req = f1core.championship_request(ds, 2024, 20, runs=2000, driver_form_sd=0.4)
    assert (req["form_sd"], req["driver_form_sd"]) == (0.5, 0.4)
    assert f1core.championship_request(ds, 2024, 20, runs=10)["driver_form_sd"] == 0.0
    spread = f1core.simulate_championship(req)
    assert f1core.championship(ds, 2024, 20, runs=2000, driver_form_sd=0.4).to_dict() == spread.to_dict()
    plain = f1core.simulate_championship(dict(req, driver_form_sd=0.0))
    assert plain.to_dict() == f1core.championship(ds, 2024, 20, runs=2000).to_dict()
    assert plain.to_dict() != spread.to_dict()


def test_sprint_rounds_where_the_dump_cannot_tell(ds, finale):
    """A sprint added to the 2024 finale (which had none): the request says
    so, and the field's expected totals grow by a sprint's 36 points (up to
    the sampled fastest-lap point, which may go outside the top 10: the
    Rust test on 2025, without that point, finds exactly 6 x 36)."""
    req = f1core.championship_request(ds, 2024, 23, runs=20_000, sprint_rounds=[19, 24])
    assert req["remaining"] == [{"round": 24, "sprint": True}]
    with_sprint = f1core.simulate_championship(req)
    total = lambda c: sum(d["expected_points"] for d in c.to_dict()["drivers"])
    assert total(with_sprint) - total(finale[0]) == pytest.approx(36.0, abs=0.01)
    with pytest.raises(f1core.InvalidInputError, match="no round 30"):
        f1core.championship_request(ds, 2024, 23, runs=10, sprint_rounds=[30])
