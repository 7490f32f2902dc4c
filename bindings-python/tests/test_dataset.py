"""The binding on the real shared Ergast dump."""

import datetime
import os

import pytest

import f1core


def test_load_and_repr(ds):
    text = repr(ds)
    assert text.startswith("<f1core.Dataset seasons=1950-2025 ")
    assert "races=" in text and "results=" in text
    years = [s["year"] for s in ds.seasons()]
    assert years[0] == 1950 and 2024 in years
    assert ds.completed_seasons()[-1] == 2024


def test_load_accepts_pathlike_and_env(data_dir, monkeypatch):
    monkeypatch.setenv("F1CORE_DATA", str(data_dir))
    assert repr(f1core.Dataset.load()) == repr(f1core.Dataset.load(data_dir))
    assert repr(f1core.Dataset.load(os.fspath(data_dir / "ergast"))).startswith("<f1core.Dataset")


def test_races_and_current_race(ds):
    races = ds.races(2024)
    assert len(races) == 24
    assert races[0]["name"] == "Bahrain Grand Prix" and races[0]["date"] == "2024-03-02"
    assert ds.races(1900) == []
    by_date = ds.current_race(datetime.date(2024, 6, 1))
    assert by_date == ds.current_race("2024-06-01")
    assert by_date["name"] == "Canadian Grand Prix" and by_date["status"] == "SCHEDULED"
    assert ds.current_race(datetime.datetime(2024, 6, 1, 12, 0)) == by_date
    assert ds.current_race("2099-01-01") is None
    ds.current_race()  # today: a dict or None, no error


def test_driver_standings_2024(ds):
    rows = ds.driver_standings(2024)
    champ = rows[0]
    assert champ["driver_ref"] == "max_verstappen"
    assert champ["points"] == 437
    assert champ["wins"] == 9
    assert champ["position"] == 1


def test_constructor_standings_2024(ds):
    champ = ds.constructor_standings(2024)[0]
    assert champ["constructor_ref"] == "mclaren"
    assert champ["points"] == 666


def test_standings_after_a_round(ds):
    after_one = ds.driver_standings(2024, 1)
    assert after_one[0]["driver_ref"] == "max_verstappen"
    assert after_one[0]["round"] == 1


def test_race_results_2008_round_1(ds):
    rows = ds.race_results(2008, 1)
    winner = rows[0]
    assert winner["driver_ref"] == "hamilton"
    assert winner["position"] == 1
    assert winner["time"] == pytest.approx(5690.616, abs=1e-6)
    assert rows[1]["gap"] == {"kind": "time", "gap": pytest.approx(5.478)}
    assert isinstance(winner["fastest_lap_time"], float)


def test_sprint_and_qualifying(ds):
    assert ds.sprint_results(2024, 1) == []
    sprint = [r for r in ds.races(2024) if any(s["kind"] == "SPRINT" for s in r["sessions"])]
    assert sprint, "2024 had sprint weekends"
    rows = ds.sprint_results(2024, sprint[0]["round"])
    assert rows and rows[0]["position"] == 1
    q = ds.qualifying(2024, 1)
    assert q[0]["driver_ref"] == "max_verstappen"
    assert isinstance(q[0]["q3"], float)


def test_dataframes(ds):
    pd = pytest.importorskip("pandas")
    rows = ds.race_results(2008, 1)
    df = pd.DataFrame(rows)
    expected = [
        "position", "position_text", "position_order", "number", "driver_ref",
        "driver_code", "driver_name", "constructor_ref", "constructor_name", "grid",
        "laps", "time", "gap", "status", "status_class", "points",
        "fastest_lap_rank", "fastest_lap_time",
    ]
    assert list(df.columns) == expected
    assert len(df) == 22
    assert df["time"].dtype == "float64"
    assert pd.DataFrame(ds.driver_standings(2024)).loc[0, "points"] == 437

    pl = pytest.importorskip("polars")
    frame = pl.DataFrame(rows)
    assert frame.columns == expected
    assert frame["time"].dtype == pl.Float64
    assert pl.DataFrame(ds.qualifying(2024, 1)).height == 20


def test_season_results_round_trip(ds):
    season = ds.season_results(2024)
    assert season["year"] == 2024 and len(season["rounds"]) == 24
    computed = f1core.standings_from_results(season)
    assert computed["drivers"] == ds.driver_standings(2024)
    assert computed["constructors"] == ds.constructor_standings(2024)
