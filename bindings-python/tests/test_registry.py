"""The model registry from Python: save, list, load, promote, damage."""
import json

import pytest

import f1core


@pytest.fixture(scope="module")
def model(ds):
    return f1core.train_race_model(ds, [2023])


def test_save_list_load_promote(tmp_path, ds, model):
    reg = f1core.Registry(tmp_path / "models")
    assert reg.list() == [] and reg.next_version("RACE_WINNER") == "v1"
    m1 = reg.save(model, metrics={"log_loss": 1.7})
    assert (m1["model_type"], m1["version"], m1["is_production"]) == ("RACE_WINNER", "v1", False)
    assert m1["races_count"] == model.races_count and m1["feature_names"] == model.features
    assert m1["hyperparameters"]["l2"] == 0.5 and m1["trained_at"][:2] == "20"
    m2 = reg.save(model, is_production=True)
    assert m2["version"] == "v2"
    reg.save({"weights": [1, 2]}, model_type="QUALI", version="v7")
    listed = [(m["model_type"], m["version"], m["is_production"]) for m in reg.list()]
    assert listed == [("QUALI", "v7", False), ("RACE_WINNER", "v1", False), ("RACE_WINNER", "v2", True)]
    loaded, meta = reg.latest_production("RACE_WINNER")
    assert isinstance(loaded, f1core.RaceModel) and meta["version"] == "v2"
    a, b = model.predict(ds, 2024, 2), loaded.predict(ds, 2024, 2)
    assert (a["p_win"] - b["p_win"]).abs().max() < 1e-12
    reg.promote("RACE_WINNER", "v1")
    assert reg.latest_production("RACE_WINNER")[1]["version"] == "v1"
    other, meta = reg.load("QUALI", "v7")
    assert other == {"weights": [1, 2]} and meta["model_type"] == "QUALI"
    assert "2 models" not in repr(reg) and "(3 models)" in repr(reg)


def test_registry_errors(tmp_path, model):
    reg = f1core.Registry(tmp_path)
    reg.save(model)
    with pytest.raises(f1core.InvalidInputError, match="never overwritten"):
        reg.save(model, version="v1")
    with pytest.raises(f1core.InvalidInputError, match="v1, v2"):
        reg.save(model, version="latest")
    with pytest.raises(f1core.InvalidInputError, match="model_type"):
        reg.save({"a": 1})
    with pytest.raises(f1core.InvalidInputError, match="model_type"):
        reg.load("RACE_LOSER", "v1")
    with pytest.raises(f1core.NotFoundError, match="v9"):
        reg.load("RACE_WINNER", "v9")
    with pytest.raises(f1core.NotFoundError, match="production"):
        reg.latest_production("RACE_WINNER")
    with pytest.raises(f1core.NotFoundError):
        reg.promote("RACE_WINNER", "v4")
    # An edited model body fails its checksum: a DataError naming the file.
    path = tmp_path / "RACE_WINNER-v1.json"
    doc = json.loads(path.read_text())
    doc["model"]["weights"][0] += 1
    path.write_text(json.dumps(doc))
    with pytest.raises(f1core.DataError, match="checksum"):
        reg.load("RACE_WINNER", "v1")
    with pytest.raises(f1core.DataError, match="RACE_WINNER-v1.json"):
        reg.list()
    with pytest.raises(f1core.F1IOError):
        f1core.Registry("/proc/no/such/dir")
