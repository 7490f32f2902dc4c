"""FastF1 lap frames in (pandas and polars, as FastF1 types them), laps out as frames."""

import pytest

import f1core
from conftest import LAPS_RACES, fastf1_frame

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
pytest.importorskip("pyarrow")


@pytest.mark.parametrize("race", LAPS_RACES)
def test_fastf1_frame_reads_as_its_csv(data_dir, race):
    df = fastf1_frame(data_dir, race)
    assert str(df["LapTime"].dtype) == "timedelta64[ns]"
    assert df["PitInTime"].isna().any(), "NaT is part of the test"
    assert df["LapNumber"].dtype == "float64"
    from_frame = f1core.read_laps(df)
    from_csv = f1core.read_laps(data_dir / "laps" / f"2024-{race}-grand-prix.csv")
    assert len(from_frame) == len(from_csv) == len(df)
    assert from_frame.to_polars().equals(from_csv.to_polars())


@pytest.mark.parametrize("unit", ["ns", "us", "ms"])
def test_units_categoricals_and_polars_frames(data_dir, laps_csv, unit):
    expected = f1core.read_laps(laps_csv).to_polars()
    df = fastf1_frame(data_dir, "bahrain", unit)
    df["Compound"] = df["Compound"].astype("category")
    df["Driver"] = df["Driver"].astype("category")
    assert f1core.read_laps(df).to_polars().equals(expected)
    # The same frame in polars (Duration, Categorical columns).
    frame = pl.from_pandas(df)
    assert frame.schema["LapTime"] == pl.Duration(unit)
    assert frame.schema["Compound"] == pl.Categorical
    assert f1core.read_laps(frame).to_polars().equals(expected)
    # Track status held as integers reads the same.
    ints = frame.with_columns(pl.col("TrackStatus").cast(pl.Int64))
    assert f1core.read_laps(ints).to_polars().equals(expected)


def test_laps_out_as_frames(laps_csv):
    laps = f1core.read_laps(laps_csv)
    assert repr(laps) == "<f1core.Laps 1129 laps of 20 drivers, race distance 57 laps>"
    assert laps.race_laps == 57
    df = laps.to_polars()
    assert df.height == 1129
    assert df.schema["lap_time"] == pl.Float64
    assert df.schema["track_status"] == pl.Struct(
        {"yellow": pl.Boolean, "safety_car": pl.Boolean, "red": pl.Boolean, "vsc": pl.Boolean})
    ver = df.filter(pl.col("driver") == "VER")
    # Sum of Verstappen's laps is the official race time, 1:31:44.742.
    assert ver["lap_time"].sum() == pytest.approx(5504.742, abs=1e-6)
    assert ver["lap_number"].to_list() == list(range(1, 58))
    stints = laps.stints().filter(pl.col("driver") == "VER")
    assert stints.select("compound", "first_lap", "last_lap").rows() == [
        ("SOFT", 1, 17), ("HARD", 18, 37), ("SOFT", 38, 57)]
    assert laps.to_pandas()["lap_time"].dtype == "float64"
    # A Laps object passes through unchanged.
    assert f1core.read_laps(laps).to_polars().equals(df)


def test_bad_frames_name_row_and_column(data_dir):
    df = fastf1_frame(data_dir, "bahrain")
    bad = df.copy()
    bad.loc[5, "LapTime"] = pd.Timedelta(seconds=-1)
    with pytest.raises(f1core.DataError) as info:
        f1core.read_laps(bad)
    assert str(info.value).startswith('DataFrame:5: column `LapTime`: cannot read "-1 s"')

    bad = df.copy()
    bad["Compound"] = bad["Compound"].astype(object)
    bad.loc[7, "Compound"] = "HYPERSOFT"
    with pytest.raises(f1core.DataError, match=r'^DataFrame:7: column `Compound`: cannot read "HYPERSOFT"'):
        f1core.read_laps(bad)

    bad = df.copy()
    bad.loc[3, "LapNumber"] = 1.5
    with pytest.raises(f1core.DataError, match=r"^DataFrame:3: column `LapNumber`"):
        f1core.read_laps(bad)

    with pytest.raises(f1core.DataError, match="missing column `Stint`"):
        f1core.read_laps(df.drop(columns=["Stint"]))

    wrong = pl.from_pandas(df).with_columns(pl.Series("LapTime", [[90.0]] * len(df)))
    with pytest.raises(f1core.DataError, match="column `LapTime`: cannot read Arrow type"):
        f1core.read_laps(wrong)

    with pytest.raises(TypeError, match="expected a path"):
        f1core.read_laps(42)
    with pytest.raises(f1core.F1IOError):
        f1core.read_laps(data_dir / "laps" / "no-such-race.csv")


def test_any_arrow_stream_producer(data_dir, laps_csv):
    pa = pytest.importorskip("pyarrow")
    table = pa.Table.from_pandas(fastf1_frame(data_dir, "bahrain"), preserve_index=False)
    assert f1core.read_laps(table).to_polars().equals(f1core.read_laps(laps_csv).to_polars())


def test_laps_file(data_dir):
    path = f1core.laps_file("2024-bahrain-grand-prix", data_dir)
    assert str(path).endswith("laps/2024-bahrain-grand-prix.csv")
    with pytest.raises(f1core.NotFoundError, match="no lap table for 2023-x"):
        f1core.laps_file("2023-x", data_dir)
