"""f1core: Formula 1 analytics and strategy, backed by the f1core Rust library.

Tables come back as polars DataFrames (moved as Arrow columns; pandas is one
``.to_pandas()`` away); single records as dicts with snake_case keys.
Durations are float seconds, dates ISO ``YYYY-MM-DD`` strings.

The Ergast dump::

    import f1core

    ds = f1core.Dataset.load("/path/to/data")   # or None: $F1CORE_DATA
    ds.driver_standings(2024)                   # polars DataFrame
    ds.race_results(2008, 1).to_pandas()

Laps, tyre model, strategies, simulation (FastF1 frames go in as they are)::

    laps = f1core.read_laps(session.laps)        # pandas / polars frame or CSV path
    fit = f1core.fit_tyre_model(laps)            # TyreFit: .model, .driver_offsets, ...
    best = f1core.optimise(fit.model, laps=57, pit_loss=22.0, top_k=3)
    best.lap_by_lap                              # one row per lap of each strategy
    field = f1core.RaceField(laps, circuit="bahrain")
    f1core.simulate(field, "VER", pit_stops=[{"lap": 20, "compound": "HARD"}],
                    starting_compound="SOFT")

Prediction (features from earlier races only)::

    ds.features(2024, 5)                                  # polars frame
    model = f1core.train_race_model(ds, range(2021, 2024))
    model.predict(ds, 2024, 1)                            # p_win, p_podium, ...
    f1core.monte_carlo(cars, circuit="monza", runs=10_000, seed=7)
    f1core.Ensemble.load("model.json").explain(x, ["VER"], outcome="win chance")
    f1core.championship(ds, 2024, 23).drivers             # p_title, expected_points, ...
    f1core.after_race(ds, 2024, 24, entries, registry="models")  # retrain, register, forecast

Work that takes time runs without the GIL; ``fit_tyre_model``,
``RaceField``, ``monte_carlo``, ``train_race_model``,
``evaluate_race_models``, ``championship``, ``championship_request``,
``simulate_championship`` and ``after_race`` take
``progress=callable(done, total)``.

Errors derive from :class:`F1CoreError`: :class:`DataError` (malformed data),
:class:`NotFoundError` (unknown season, round, driver, circuit, ...),
:class:`InvalidInputError` (bad argument) and :class:`F1IOError` (missing or
unreadable file; also an :class:`OSError`). Messages are the Rust core's.
"""

from ._f1core import (
    Championship,
    Circuit,
    DataError,
    Dataset,
    Ensemble,
    F1CoreError,
    F1IOError,
    InvalidInputError,
    LAP_COLUMNS,
    Laps,
    MonteCarlo,
    NotFoundError,
    PostRace,
    PitWindow,
    RaceField,
    RaceModel,
    Registry,
    Simulation,
    Strategies,
    TyreFit,
    TyreModel,
    WalkForward,
    __version__,
    after_race,
    championship,
    championship_request,
    circuit,
    circuits,
    evaluate_race_models,
    feature_catalog,
    fit_tyre_model,
    format_duration,
    laps_file,
    monte_carlo,
    optimise,
    parse_duration,
    pit_window,
    read_laps,
    simulate,
    simulate_championship,
    standings_from_results,
    train_gbdt,
    train_race_model,
)

__all__ = [
    "Dataset",
    "standings_from_results",
    "Laps",
    "read_laps",
    "laps_file",
    "LAP_COLUMNS",
    "TyreModel",
    "TyreFit",
    "fit_tyre_model",
    "Strategies",
    "optimise",
    "RaceField",
    "Simulation",
    "simulate",
    "MonteCarlo",
    "monte_carlo",
    "PitWindow",
    "pit_window",
    "feature_catalog",
    "RaceModel",
    "train_race_model",
    "WalkForward",
    "evaluate_race_models",
    "Championship",
    "championship",
    "championship_request",
    "simulate_championship",
    "PostRace",
    "after_race",
    "Registry",
    "Ensemble",
    "train_gbdt",
    "Circuit",
    "circuit",
    "circuits",
    "parse_duration",
    "format_duration",
    "F1CoreError",
    "DataError",
    "NotFoundError",
    "InvalidInputError",
    "F1IOError",
    "__version__",
]
