"""standings_from_results on hand-written seasons (no data files)."""

import json

import pytest

import f1core


def entry(driver, team, position, **kw):
    return {"driver": driver, "constructor": team, "position": position, **kw}


SEASON = {
    "year": 2024,
    "rounds": [
        {
            "round": 1,
            "name": "One",
            "race": [
                entry("alice", "red", 1, driver_name="Alice A", constructor_name="Red"),
                entry("bob", "blue", 2, fastest_lap_rank=1),
                entry("carol", "red", 3),
                entry("dave", "blue", None, points=None),
            ],
        },
        {
            "round": 2,
            "race": [entry("bob", "blue", 1), entry("carol", "red", 2), entry("alice", "red", 3)],
            "sprint": [entry("carol", "red", 1), entry("alice", "red", 2)],
        },
    ],
}


def test_points_computed_by_points_system():
    s = f1core.standings_from_results(SEASON)
    assert s["year"] == 2024 and s["round"] == 2
    drivers = s["drivers"].select("driver_ref", "points", "wins").rows()
    # 2024: 25-18-15 (+1 fastest lap in the top ten), sprint 8-7.
    assert drivers == [
        ("alice", 25 + 15 + 7, 1),
        ("bob", 18 + 1 + 25, 1),
        ("carol", 15 + 18 + 8, 0),
        ("dave", 0, 0),
    ]
    assert s["drivers"]["position"].to_list() == [1, 2, 3, 4]
    assert s["drivers"]["driver_name"][0] == "Alice A"
    teams = s["constructors"].select("constructor_ref", "points").rows()
    assert teams == [("red", 47 + 41), ("blue", 44)]


def test_after_round_and_json_string():
    s = f1core.standings_from_results(json.dumps(SEASON), 1)
    assert s["round"] == 1
    assert s["drivers"]["driver_ref"].to_list() == ["alice", "bob", "carol", "dave"]
    with pytest.raises(f1core.NotFoundError):
        f1core.standings_from_results(SEASON, 7)


def test_official_points_kept():
    season = {"year": 2024, "rounds": [{"round": 1, "race": [
        entry("a", "x", 1, points=1.5), entry("b", "y", 2, points=3.0)]}]}
    s = f1core.standings_from_results(season)
    assert s["drivers"].select("driver_ref", "points").rows() == [("b", 3.0), ("a", 1.5)]


def test_tie_broken_by_countback():
    # 2008 system 10-8-6-5-4-3-2-1: a and b both score 10; a's win ranks it
    # first although b is listed first.
    season = {"year": 2008, "rounds": [
        {"round": 1, "race": [entry("b", "y", 2), entry("a", "x", 1), entry("c", "z", 3)]},
        {"round": 2, "race": [entry("c", "z", 1), entry("e", "w", 2), entry("b", "y", 7),
                              entry("a", "x", None)]},
    ]}
    s = f1core.standings_from_results(season)
    rows = s["drivers"].select("driver_ref", "points", "wins").rows()
    assert rows == [("c", 16.0, 1), ("a", 10.0, 1), ("b", 10.0, 0), ("e", 8.0, 0)]
