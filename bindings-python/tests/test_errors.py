"""Exception classes and messages."""

import json

import pytest

import f1core


def test_hierarchy():
    for cls in (f1core.DataError, f1core.NotFoundError, f1core.InvalidInputError, f1core.F1IOError):
        assert issubclass(cls, f1core.F1CoreError)
        assert cls.__module__ == "f1core"
    assert issubclass(f1core.F1IOError, OSError)
    assert issubclass(f1core.F1CoreError, Exception)


def test_missing_directory(tmp_path):
    missing = tmp_path / "nope"
    with pytest.raises(f1core.F1IOError) as info:
        f1core.Dataset.load(missing)
    e = info.value
    assert isinstance(e, f1core.F1CoreError) and isinstance(e, OSError)
    # The core's Display text, exactly: MissingFile { path, hint: DATA_HINT }.
    msg = str(e)
    first, hint = msg.split("\n", 1)
    assert first == f"missing file {missing / 'races.csv'}"
    assert hint.startswith("  f1core needs the Ergast-schema CSV dump")
    assert "F1CORE_DATA=DIR" in hint


def test_no_path_and_no_env(monkeypatch):
    monkeypatch.delenv("F1CORE_DATA", raising=False)
    with pytest.raises(f1core.F1IOError, match=r"^no data directory given\n"):
        f1core.Dataset.load()


def test_malformed_data_file(tmp_path):
    (tmp_path / "races.csv").write_text("not,the,right,header\n1,2,3,4\n")
    with pytest.raises(f1core.F1CoreError) as info:
        f1core.Dataset.load(tmp_path)
    assert isinstance(info.value, (f1core.DataError, f1core.F1IOError))


def test_unknown_season(ds):
    with pytest.raises(f1core.NotFoundError) as info:
        ds.driver_standings(1900)
    assert str(info.value) == "not found: season 1900"
    with pytest.raises(f1core.NotFoundError, match=r"^not found: race 2024 round 99$"):
        ds.race_results(2024, 99)
    with pytest.raises(f1core.NotFoundError):
        ds.season_results(1900)


def test_bad_date(ds):
    with pytest.raises(f1core.InvalidInputError, match=r"^invalid input: date"):
        ds.current_race("2024-13-01")
    with pytest.raises(f1core.InvalidInputError):
        ds.current_race(20240601)


def test_malformed_json():
    with pytest.raises(f1core.InvalidInputError) as info:
        f1core.standings_from_results("{not json")
    assert str(info.value).startswith("invalid JSON: ")
    assert isinstance(info.value, f1core.F1CoreError)


def test_wrong_shape():
    with pytest.raises(f1core.InvalidInputError):
        f1core.standings_from_results({"year": 2024})
    with pytest.raises(f1core.InvalidInputError):
        f1core.standings_from_results(json.dumps({"year": "x", "rounds": []}))
    with pytest.raises(f1core.InvalidInputError):
        f1core.standings_from_results([1, 2, 3])


@pytest.mark.parametrize("position", [0, 4_000_000_000])
def test_bad_positions_do_not_crash(position):
    season = {"year": 2024, "rounds": [{"round": 1, "race": [
        {"driver": "a", "constructor": "x", "position": position}]}]}
    with pytest.raises(f1core.InvalidInputError, match="position"):
        f1core.standings_from_results(season)


def test_a_rust_panic_is_an_exception_not_an_abort():
    """pyo3 catches a panic at the FFI boundary and raises
    ``pyo3_runtime.PanicException`` (a BaseException, so ``except Exception``
    does not swallow it); the interpreter carries on. The trigger exists in
    debug builds only (``maturin develop``)."""
    from f1core import _f1core

    trigger = getattr(_f1core, "_panic_for_tests", None)
    if trigger is None:
        pytest.skip("release build: no panic trigger")
    with pytest.raises(BaseException) as info:
        trigger("boom")
    assert type(info.value).__name__ == "PanicException"
    assert "boom" in str(info.value)
    assert not isinstance(info.value, f1core.F1CoreError)
    assert f1core.parse_duration("1:27.452") == pytest.approx(87.452)  # still alive
