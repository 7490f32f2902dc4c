"""The binding on the real shared Ergast dump."""

import datetime
import os

import pytest

import f1core

pl = pytest.importorskip("polars")


def test_load_and_repr(ds):
    text = repr(ds)
    assert text.startswith("<f1core.Dataset seasons=1950-2025 ")
    assert "races=" in text and "results=" in text
    years = ds.seasons()["year"].to_list()
    assert years[0] == 1950 and 2024 in years
    assert ds.completed_seasons()[-1] == 2024


def test_load_accepts_pathlike_and_env(data_dir, monkeypatch):
    monkeypatch.setenv("F1CORE_DATA", str(data_dir))
    assert repr(f1core.Dataset.load()) == repr(f1core.Dataset.load(data_dir))
    assert repr(f1core.Dataset.load(os.fspath(data_dir / "ergast"))).startswith("<f1core.Dataset")


def test_races_and_current_race(ds):
    races = ds.races(2024)
    assert races.height == 24
    first = races.row(0, named=True)
    assert first["name"] == "Bahrain Grand Prix" and first["date"] == "2024-03-02"
    assert first["sessions"][0] == {"kind": "FP1", "date": "2024-02-29", "time": "11:30:00"}
    assert ds.races(1900).is_empty()
    by_date = ds.current_race(datetime.date(2024, 6, 1))
    assert by_date == ds.current_race("2024-06-01")
    assert by_date["name"] == "Canadian Grand Prix" and by_date["status"] == "SCHEDULED"
    assert ds.current_race(datetime.datetime(2024, 6, 1, 12, 0)) == by_date
    assert ds.current_race("2099-01-01") is None
    ds.current_race()  # today: a dict or None, no error


def test_driver_standings_2024(ds):
    rows = ds.driver_standings(2024)
    champ = rows.row(0, named=True)
    assert champ["driver_ref"] == "max_verstappen"
    assert champ["points"] == 437
    assert champ["wins"] == 9
    assert champ["position"] == 1


def test_constructor_standings_2024(ds):
    champ = ds.constructor_standings(2024).row(0, named=True)
    assert champ["constructor_ref"] == "mclaren"
    assert champ["points"] == 666


def test_standings_after_a_round(ds):
    after_one = ds.driver_standings(2024, 1)
    assert after_one["driver_ref"][0] == "max_verstappen"
    assert after_one["round"][0] == 1


def test_race_results_2008_round_1(ds):
    rows = ds.race_results(2008, 1)
    winner = rows.row(0, named=True)
    assert winner["driver_ref"] == "hamilton"
    assert winner["position"] == 1
    assert winner["time"] == pytest.approx(5690.616, abs=1e-6)
    assert rows["gap"][1] == {"kind": "time", "gap": pytest.approx(5.478)}
    assert isinstance(winner["fastest_lap_time"], float)


def test_sprint_and_qualifying(ds):
    assert ds.sprint_results(2024, 1).is_empty()
    sprint = [r for r in ds.races(2024).iter_rows(named=True)
              if any(s["kind"] == "SPRINT" for s in r["sessions"])]
    assert sprint, "2024 had sprint weekends"
    rows = ds.sprint_results(2024, sprint[0]["round"])
    assert rows.height > 0 and rows["position"][0] == 1
    q = ds.qualifying(2024, 1)
    assert q["driver_ref"][0] == "max_verstappen"
    assert q.schema["q3"] == pl.Float64


def test_dataframes(ds):
    frame = ds.race_results(2008, 1)
    expected = [
        "position", "position_text", "position_order", "number", "driver_ref",
        "driver_code", "driver_name", "constructor_ref", "constructor_name", "grid",
        "laps", "time", "gap", "status", "status_class", "points",
        "fastest_lap_rank", "fastest_lap_time",
    ]
    assert isinstance(frame, pl.DataFrame)
    assert frame.columns == expected
    assert frame.height == 22
    assert frame.schema["time"] == pl.Float64
    assert frame.schema["gap"] == pl.Struct({"kind": pl.String, "gap": pl.Float64})
    # Unclassified cars have no position: a null, not a made-up number.
    unplaced = frame.filter(pl.col("position").is_null())["position_text"].to_list()
    assert len(unplaced) == 14 and not any(t.isdigit() for t in unplaced)

    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    df = frame.to_pandas()
    assert list(df.columns) == expected
    assert df["time"].dtype == "float64"
    assert ds.driver_standings(2024).to_pandas().loc[0, "points"] == 437
    assert ds.qualifying(2024, 1).height == 20


def test_season_results_round_trip(ds):
    season = ds.season_results(2024)
    assert season["year"] == 2024 and len(season["rounds"]) == 24
    computed = f1core.standings_from_results(season)
    assert computed["drivers"].equals(ds.driver_standings(2024))
    assert computed["constructors"].equals(ds.constructor_standings(2024))
