import pandas as pd
import pytest

import f1core


def test_driver_season_verstappen_2023(ds):
    s = ds.driver_season("max_verstappen", 2023)
    assert s["wins"] == 19
    assert s["points"] == 575
    h2h = {t["teammate_ref"]: t for t in s["teammates"]}
    assert h2h["perez"]["race"]["driver_ahead"] == 20
    assert h2h["perez"]["qualifying"] == {"compared": 22, "driver_ahead": 20, "teammate_ahead": 2}


def test_season_performance_frame(ds):
    df = ds.season_performance(2020).to_pandas()
    top = df.iloc[0]
    assert top["driver_ref"] == "hamilton" and top["wins"] == 11


def test_circuit_insights_monza(ds):
    c = ds.circuit_insights("monza")
    assert c["lap_record"]["driver_ref"] == "barrichello"
    assert abs(c["lap_record"]["time"] - 81.046) < 1e-9
    with pytest.raises(f1core.NotFoundError, match="circuit `atlantis`"):
        ds.circuit_insights("atlantis")
