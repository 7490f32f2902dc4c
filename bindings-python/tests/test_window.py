"""The pit window and mid-race optimise."""
import pytest

import f1core


@pytest.fixture(scope="module")
def monza():
    return f1core.circuit("monza")


def test_pit_window_is_the_best_of_its_options(monza):
    w = f1core.pit_window(monza, 53, 20, "MEDIUM", 20, monza.pit_loss)
    opts = w.options
    assert opts["pit_lap"].to_list() == sorted(opts["pit_lap"].to_list())
    assert opts["pit_lap"].min() == 21
    assert abs(opts["time"].min() - w.best["time"]) < 1e-9
    assert opts["delta"].min() == 0.0
    inside = opts.filter(opts["delta"] <= 1.0)["pit_lap"].to_list()
    assert w.window == inside
    assert w.next_compound in ("SOFT", "MEDIUM", "HARD")
    assert w.best["plan"]["stints"][0]["compound"] == "MEDIUM"
    assert w.best["plan"]["stints"][0]["first_lap"] == 21
    assert w.no_stop is None  # one dry compound so far: a stop is required
    assert repr(w).startswith("<f1core.PitWindow after lap 20 of 53: best pit lap")


def test_the_same_stint_plan_as_optimise_for_the_laps_to_go(monza):
    # Having run MEDIUM and HARD already, no stop is legal mid-race.
    w = f1core.pit_window(monza, 53, 40, "HARD", 15, 22.0, compounds_used=["MEDIUM"])
    assert w.no_stop is not None and w.no_stop["pit_lap"] is None
    rest = f1core.optimise(monza, 13, 22.0, compounds_used=["MEDIUM", "HARD"], top_k=1)
    assert rest.best["stops"] <= 1
    with pytest.raises(f1core.InvalidInputError):
        f1core.optimise(monza, 13, 22.0, max_stops=0, starting="SOFT")


def test_undercut_and_overcut(monza):
    car = {"gap": 0.4, "compound": "MEDIUM", "tyre_age": 24}
    w = f1core.pit_window(monza, 53, 22, "MEDIUM", 22, 22.0, ahead=car, behind=car, laps_later=2)
    for duel in (w.undercut, w.overcut):
        assert duel["first_stop"] == 23 and duel["second_stop"] == 25
        assert duel["works"] == (duel["margin"] > 0)
    assert abs(w.undercut["margin"] - (w.undercut["gain"] - 0.4)) < 1e-9
    assert abs(w.overcut["margin"] - (0.4 - w.overcut["gain"])) < 1e-9
    assert w.to_dict()["undercut"] == w.undercut


def test_pit_window_errors_name_the_value(monza):
    with pytest.raises(f1core.InvalidInputError, match="tolerance"):
        f1core.pit_window(monza, 53, 20, "MEDIUM", 20, 22.0, tolerance=-1.0)
    with pytest.raises(f1core.InvalidInputError, match="SUPERSOFT|compound"):
        f1core.pit_window(monza, 53, 20, "SUPERSOFT", 20, 22.0)
    with pytest.raises(f1core.InvalidInputError, match="current_lap|lap"):
        f1core.pit_window(monza, 53, 60, "MEDIUM", 20, 22.0)
