import os
from pathlib import Path

import pytest

import f1core

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The shared real data: $F1CORE_DATA, else <repo>/../shared/data."""
    d = Path(os.environ.get("F1CORE_DATA") or REPO.parent / "shared" / "data")
    if not d.is_dir():
        pytest.skip(f"no data directory at {d}")
    return d


@pytest.fixture(scope="session")
def ds(data_dir) -> f1core.Dataset:
    return f1core.Dataset.load(data_dir)


LAPS_RACES = ["bahrain", "spanish", "italian"]
TIMEDELTAS = ["Time", "LapTime", "PitOutTime", "PitInTime", "Sector1Time",
              "Sector2Time", "Sector3Time", "LapStartTime"]


def fastf1_frame(data_dir: Path, race: str, unit: str = "ns"):
    """A shared lap CSV typed as FastF1 types ``session.laps``: timedelta64
    columns (NaT where empty), float lap numbers, object text (compound,
    track status, driver number), booleans, plus columns f1core never reads."""
    pd = pytest.importorskip("pandas")
    df = pd.read_csv(data_dir / "laps" / f"2024-{race}-grand-prix.csv",
                     dtype={"DriverNumber": str, "TrackStatus": str})
    for c in TIMEDELTAS:
        df[c] = pd.to_timedelta(df[c]).astype(f"timedelta64[{unit}]")
    df["LapStartDate"] = pd.Timestamp("2024-03-02 15:03") + df["LapStartTime"]
    df["Deleted"] = False
    df["IsAccurate"] = df["LapTime"].notna()
    return df


@pytest.fixture(scope="session")
def laps_csv(data_dir) -> Path:
    return data_dir / "laps" / "2024-bahrain-grand-prix.csv"
