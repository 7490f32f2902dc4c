"""Point-in-time features from the real dump, as polars frames."""
import polars as pl
import pytest

import f1core


def row(frame, driver):
    return frame.filter(pl.col("driver_ref") == driver).row(0, named=True)


def test_features_of_a_dump_race_match_the_record(ds):
    # Before Suzuka 2024 (round 5 is Shanghai): Verstappen had won 3 of 4.
    m = ds.features(2024, 5)
    assert m.height == 20
    catalog = f1core.feature_catalog()
    assert m.columns[:4] == ["driver_ref", "constructor_ref", "driver_id", "constructor_id"]
    assert m.columns[4:] == catalog["name"].to_list()
    ver = row(m, "max_verstappen")
    assert ver["drv_wins_season"] == 3.0
    assert ver["champ_pts"] == 77.0
    assert ver["grid"] == 1.0
    assert row(m, "perez")["champ_gap"] == 13.0
    assert all(m[c].dtype == pl.Float64 for c in m.columns[4:])


def test_round_one_has_no_championship_yet_but_float_columns(ds):
    m = ds.features(2024, 1)
    assert m["champ_pos"].null_count() == m.height
    assert m["champ_pos"].dtype == pl.Float64
    assert m["drv_pos_prev_season"].null_count() < m.height


def test_catalog_names_groups_and_descriptions():
    c = f1core.feature_catalog()
    assert c.columns == ["name", "group", "description"]
    assert c.height >= 30
    assert set(c["group"]) <= {"driver_form", "circuit", "constructor", "qualifying", "championship"}
    assert (c["description"].str.len_chars() > 10).all()


def test_upcoming_race_from_an_entry_list(ds):
    pd = pytest.importorskip("pandas")
    entries = [
        {"driver_ref": "max_verstappen", "constructor_ref": "red_bull", "grid": 3},
        {"driver_ref": "norris", "constructor_ref": "mclaren", "grid": 1},
        {"driver_ref": "antonelli_rookie", "constructor_ref": "mercedes"},
        {"driver_ref": "new_driver", "constructor_ref": "new_team", "grid": 0},
    ]
    m = ds.upcoming_features(2025, 1, "albert_park", entries)
    assert m["driver_ref"].to_list() == [e["driver_ref"] for e in entries]
    assert row(m, "antonelli_rookie")["driver_id"] is None
    assert row(m, "antonelli_rookie")["drv_pos_last5"] is None
    assert row(m, "new_driver")["grid"] == 4.0  # pit lane: back of the grid
    # A pandas frame of the entries gives the same features.
    assert ds.upcoming_features(2025, 1, "albert_park", pd.DataFrame(entries)).equals(m)


def test_bad_feature_requests_raise_typed_errors(ds):
    with pytest.raises(f1core.NotFoundError, match="1949"):
        ds.features(1949, 1)
    twice = [{"driver_ref": "norris", "constructor_ref": "mclaren"}] * 2
    with pytest.raises(f1core.InvalidInputError, match="`norris` entered twice"):
        ds.upcoming_features(2025, 1, "albert_park", twice)
    with pytest.raises(f1core.InvalidInputError, match="q1"):
        ds.upcoming_features(2025, 1, "albert_park",
                             [{"driver_ref": "norris", "constructor_ref": "mclaren", "q1": -3.0}])
    with pytest.raises(f1core.InvalidInputError, match="constructor_ref"):
        ds.upcoming_features(2025, 1, "albert_park", [{"driver_ref": "norris"}])
