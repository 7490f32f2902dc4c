"""Type stubs of the native module ``f1core._f1core`` (re-exported by ``f1core``).

Tables are polars DataFrames (Arrow columns; ``.to_pandas()`` for pandas).
Records are dicts with snake_case keys. Durations are float seconds, dates
ISO ``YYYY-MM-DD`` strings, times ``HH:MM:SS`` strings, enums strings
(compounds ``SOFT`` ``MEDIUM`` ``HARD`` ``INTERMEDIATE`` ``WET``).
``tests/test_stubs.py`` checks these stubs against the module both ways.
"""

import datetime
import os
import pathlib
from typing import Any, Callable, Optional, Sequence, Union

import numpy
import polars

__version__: str
LAP_COLUMNS: list[str]

Progress = Optional[Callable[[int, int], object]]
LapsSource = Union["Laps", str, os.PathLike[str], Any]
ModelSource = Union["TyreModel", "TyreFit", "Circuit", dict[str, Any], str]

class F1CoreError(Exception):
    """Base class of every error raised by f1core. ``str(e)`` is the core's message."""

class DataError(F1CoreError):
    """A data file or frame is malformed: missing column, bad value, dangling id."""

class NotFoundError(F1CoreError):
    """A query named a season, round, driver, ... the data does not hold."""

class InvalidInputError(F1CoreError):
    """An argument or a JSON/dict input is out of range, malformed or inconsistent."""

class F1IOError(F1CoreError, OSError):
    """A data file or directory is missing or unreadable. Also an ``OSError``."""

class Dataset:
    """The Ergast-schema dump loaded into memory, with its queries.

    Years and rounds are non-negative ints (a negative or huge one raises
    ``OverflowError``).
    """

    @staticmethod
    def load(path: Union[str, os.PathLike[str], None] = None) -> "Dataset":
        """Loads the dump from ``path`` (the CSV folder, or a folder holding
        ``ergast/``); ``None`` reads ``$F1CORE_DATA``. Raises
        :class:`F1IOError` when files are missing, :class:`DataError` when a
        file is malformed."""
    def seasons(self) -> polars.DataFrame:
        """Every season: ``year``, ``url``; oldest first."""
    def completed_seasons(self) -> list[int]:
        """Years with at least one race result, oldest first."""
    def races(self, year: int) -> polars.DataFrame:
        """A season's races in round order: ``id``, ``year``, ``round``,
        ``circuit_id``, ``name``, ``date``, ``time``, ``url``, ``sessions``
        (list of ``{kind, date, time}``). Empty for a year not in the data."""
    def current_race(
        self, date: Union[datetime.date, str, None] = None
    ) -> Optional[dict[str, Any]]:
        """The race in progress on ``date`` (default today), else the next one:
        ``{year, round, name, circuit_ref, date, status, ...}``; ``None`` after
        the last race in the data."""
    def race_results(self, year: int, round: int) -> polars.DataFrame:
        """A race's classification joined with names: ``position``,
        ``driver_ref``, ``driver_name``, ``constructor_ref``, ``grid``,
        ``laps``, ``time`` (s), ``gap`` (struct ``{kind, gap}``), ``status``,
        ``points``, ``fastest_lap_time`` (s), ... Raises
        :class:`NotFoundError` for an unknown race."""
    def sprint_results(self, year: int, round: int) -> polars.DataFrame:
        """A sprint's classification, columns as ``race_results``; empty when
        the weekend had none."""
    def qualifying(self, year: int, round: int) -> polars.DataFrame:
        """Qualifying in qualifying order, ``q1``/``q2``/``q3`` in seconds."""
    def driver_standings(self, year: int, round: Optional[int] = None) -> polars.DataFrame:
        """Drivers' championship after ``round`` (default: the latest completed):
        ``year``, ``round``, ``position``, ``driver_ref``, ``driver_name``,
        ``constructor_refs``, ``points``, ``gross_points``, ``wins``, ``excluded``."""
    def constructor_standings(self, year: int, round: Optional[int] = None) -> polars.DataFrame:
        """Constructors' championship after ``round`` (default: the latest completed)."""
    def driver_season(self, driver_ref: str, year: int) -> dict[str, Any]:
        """A driver's season: wins, podiums, points, DNF rate, average grid and
        finish, qualifying and race head-to-head against each teammate."""
    def season_performance(self, year: int) -> polars.DataFrame:
        """``driver_season`` for every driver of the season, by points."""
    def circuit_insights(self, circuit_ref: str, since: Optional[int] = None) -> dict[str, Any]:
        """Races held, lap record, pit stops per driver, pole-to-win rate,
        safety-car frequency, red flags and winners by constructor at a circuit,
        from season ``since`` on when given."""
    def features(self, year: int, round: int) -> polars.DataFrame:
        """Point-in-time features of a race of the dump: one row per starter
        (``driver_ref``, ``constructor_ref``, ``driver_id``,
        ``constructor_id``, then one float column per feature of
        :func:`feature_catalog`, null where missing), from earlier races only
        plus the race's own grid and qualifying. :class:`NotFoundError` for a
        race not in the dump."""
    def upcoming_features(
        self,
        year: int,
        round: int,
        circuit_ref: str,
        entries: Union[Sequence[dict[str, Any]], Any],
    ) -> polars.DataFrame:
        """Features of a race the dump has no result for, from its entry
        list: ``[{"driver_ref", "constructor_ref", "grid"?, "quali_position"?,
        "q1"?, "q2"?, "q3"?}]`` (dicts or a frame of them). Unknown drivers,
        teams or circuit get missing history."""
    def season_results(self, year: int) -> dict[str, Any]:
        """A season's completed rounds as ``standings_from_results`` input:
        ``{year, rounds: [{round, name, race: [entry], sprint: [entry]}]}`` with
        entries ``{driver, driver_name, constructor, constructor_name, position,
        points, fastest_lap_rank}`` (official points kept)."""

def standings_from_results(
    season: Union[dict[str, Any], str], round: Optional[int] = None
) -> dict[str, Any]:
    """Both championships from a ``SeasonResults`` dict or JSON string (the shape
    of :meth:`Dataset.season_results`), after ``round`` (default: the last given).

    An entry's ``points`` may be omitted or None: the season's points system
    then scores its ``position`` (and ``fastest_lap_rank``). Returns ``{year,
    round, drivers, constructors}``, the last two frames like
    ``driver_standings`` / ``constructor_standings``. Raises
    :class:`InvalidInputError` for malformed input and :class:`NotFoundError`
    when ``round`` is not in the results.
    """

class Laps:
    """A race's laps (FastF1 ``session.laps``), read and checked."""

    def __len__(self) -> int:
        """Number of laps."""
    @property
    def race_laps(self) -> int:
        """Race distance: the highest lap number."""
    def to_polars(self) -> polars.DataFrame:
        """One row per lap: ``driver``, ``team``, ``lap_number``, ``lap_time``,
        ``sector1``..``sector3``, ``stint``, ``compound``, ``tyre_life``,
        ``fresh_tyre``, ``pit_in``, ``pit_out``, ``track_status`` (struct of
        ``yellow``, ``safety_car``, ``red``, ``vsc``), ``position``, ``time``."""
    def to_pandas(self) -> Any:
        """``to_polars().to_pandas()`` (needs pyarrow)."""
    def stints(self) -> polars.DataFrame:
        """Runs of laps on one set: ``driver``, ``stint``, ``compound``,
        ``first_lap``, ``last_lap``, ``start_tyre_age``."""

def read_laps(source: LapsSource) -> Laps:
    """Reads a race's laps from a FastF1 lap CSV path or a ``session.laps``
    frame as FastF1 types it (pandas via pyarrow, polars, or any Arrow stream):
    timedelta columns with NaT, float lap numbers, text or categorical
    compounds, booleans, ``TrackStatus`` text. Only ``LAP_COLUMNS`` are read.
    Raises :class:`DataError` naming the row (``df.iloc`` position) and column
    of a bad cell."""

class TyreModel:
    """A race's lap-time model: base lap + compound offset + wear(age) +
    fuel effect · (laps − lap)."""

    def __init__(self, model: ModelSource) -> None:
        """A model from a dict or JSON string ``{base_lap, fuel_effect,
        compounds: [{compound, offset, degradation: {form, ...}}]}`` (or another
        model, fit or circuit). Raises :class:`InvalidInputError`."""
    def __eq__(self, value: object) -> bool:
        """Same parameters."""
    @property
    def base_lap(self) -> float:
        """Lap time (s) on a new set of the reference compound, fuel effect removed."""
    @property
    def fuel_effect(self) -> float:
        """Seconds per lap gained as fuel burns."""
    @property
    def compounds(self) -> list[dict[str, Any]]:
        """Per compound: ``{compound, offset, degradation: {form, ...}}``."""
    def lap_time(self, compound: str, age: int, lap: int, laps: int) -> Optional[float]:
        """Lap time of lap ``lap`` of a ``laps``-lap race on ``compound`` with
        ``age`` laps already on the set; ``None`` if the model lacks the compound."""
    def curves(self, max_age: int = 40) -> polars.DataFrame:
        """Each compound's offset plus wear at ages 0..=max_age:
        ``compound``, ``age``, ``tyre_delta``, ``wear``."""
    def to_dict(self) -> dict[str, Any]:
        """The model as a dict (the core's JSON shape)."""

class TyreFit:
    """A tyre model fitted to a race's laps, with its diagnostics."""

    @property
    def model(self) -> TyreModel:
        """The fitted model."""
    @property
    def race_laps(self) -> int:
        """Race distance the fit used."""
    @property
    def reference_compound(self) -> str:
        """The compound with offset 0."""
    @property
    def driver_offsets(self) -> dict[str, float]:
        """Pace offset (s/lap) per driver code; they average to zero."""
    @property
    def forms(self) -> dict[str, str]:
        """Degradation form per compound: ``linear``, ``quadratic``, ``logarithmic``."""
    @property
    def std_errors(self) -> dict[str, float]:
        """Standard error per parameter: ``fuel_effect``, ``offset.HARD``, ``rate.SOFT``, ..."""
    @property
    def rmse(self) -> float:
        """In-sample RMS residual, seconds."""
    @property
    def loso_rmse(self) -> float:
        """Leave-one-stint-out RMSE of the chosen forms, seconds."""
    @property
    def n_laps_used(self) -> int:
        """Clean laps the fit used."""
    def points(self) -> polars.DataFrame:
        """The fitted laps: ``driver``, ``compound``, ``stint``, ``lap``,
        ``age``, ``lap_time``, ``tyre_delta`` (lap time minus base, fuel and
        driver) and ``model`` (the model's offset plus wear)."""
    def curves(self, max_age: int = 40) -> polars.DataFrame:
        """The model's curves, as :meth:`TyreModel.curves`."""
    def to_dict(self) -> dict[str, Any]:
        """The fit as a dict (the core's JSON shape)."""

def fit_tyre_model(
    laps: LapsSource, race_laps: Optional[int] = None, *, progress: Progress = None
) -> TyreFit:
    """Fits the tyre model to a race's laps (a ``Laps``, path or frame):
    least squares with a pace offset per driver, each compound's wear form
    chosen by leave-one-stint-out error. ``race_laps`` defaults to the
    highest lap number. Runs without the GIL; ``progress(done, total)`` is
    called as the forms are tried. Raises :class:`InvalidInputError` when too
    few clean laps are left."""

class Strategies:
    """The fastest distinct strategies of an :func:`optimise` call, best first."""

    def __len__(self) -> int:
        """Number of strategies."""
    def __getitem__(self, key: int) -> dict[str, Any]:
        """Strategy ``key`` (negative counts from the end): ``{total_time, stops, stints: [{compound, first_lap,
        last_lap, start_age}], pit_laps}``."""
    @property
    def best(self) -> dict[str, Any]:
        """The fastest strategy (``self[0]``)."""
    def to_polars(self) -> polars.DataFrame:
        """One row per strategy: ``total_time``, ``stops``, ``stints``, ``pit_laps``."""
    @property
    def lap_by_lap(self) -> polars.DataFrame:
        """Every lap of every strategy on the model: ``strategy`` (rank, 1 =
        fastest), ``lap``, ``compound``, ``tyre_age`` (laps on the set at the
        end of the lap), ``lap_time``, ``pit_loss``, ``race_time``."""
    @property
    def request(self) -> dict[str, Any]:
        """The request as the core read it, defaults filled in."""

def optimise(
    model: ModelSource,
    laps: int,
    pit_loss: float,
    *,
    max_stops: int = 3,
    min_stint: int = 1,
    weather: str = "DRY",
    sets: Optional[Sequence[dict[str, Any]]] = None,
    starting: Optional[str] = None,
    top_k: int = 3,
    compounds_used: Optional[Sequence[str]] = None,
) -> Strategies:
    """The exact fastest race strategies for one car: ``model`` (a
    ``TyreModel``, ``TyreFit``, ``Circuit`` or dict), race distance ``laps``,
    ``pit_loss`` seconds per stop, at most ``max_stops`` stops, stints of at
    least ``min_stint`` laps, ``weather`` ``DRY`` (two dry compounds) or
    ``WET``, ``sets`` available (``[{"compound": "SOFT", "age": 3}]``, default
    unlimited new sets), ``starting`` compound, ``top_k`` distinct strategies.
    Mid-race, ``laps`` is the laps to go and ``compounds_used`` the compounds
    already run (they count towards the two-compound rule). Raises :class:`InvalidInputError` naming a bad or infeasible value."""

class RaceField:
    """A race's real field (from its lap table) to run strategies against."""

    def __init__(
        self,
        laps: LapsSource,
        *,
        circuit: Optional[str] = None,
        overtake_delta: Optional[float] = None,
        pit_loss: Optional[float] = None,
        progress: Progress = None,
    ) -> None:
        """Builds the field from a race's laps, fitting the tyre model. The
        passing rule needs ``overtake_delta`` (s/lap) or a catalogue
        ``circuit`` to take it from; ``pit_loss`` replaces the stop cost
        measured in the race. ``progress(done, total)`` follows the fit."""
    @property
    def race_laps(self) -> int:
        """Race distance in laps."""
    @property
    def pit_loss(self) -> float:
        """Seconds a stop costs (in-lap and out-lap together)."""
    @property
    def drivers(self) -> list[str]:
        """Timing codes of the field, sorted."""
    @property
    def classified(self) -> list[str]:
        """Classified drivers in finishing order."""
    @property
    def fitted(self) -> TyreFit:
        """The tyre model fitted to the race."""
    def actual_strategy(self, driver: str) -> dict[str, Any]:
        """A driver's actual strategy as :func:`simulate` keyword arguments:
        ``simulate(field, **field.actual_strategy("VER"))`` replays it."""
    def actual_race_time(self, driver: str) -> tuple[int, float]:
        """A driver's actual (laps completed, race time in seconds)."""
    def simulate(
        self,
        driver: str,
        pit_stops: Sequence[dict[str, Any]],
        starting_compound: str,
        *,
        starting_tyre_age: Optional[int] = None,
        weather: str = "DRY",
        pace: str = "ACTUAL",
    ) -> "Simulation":
        """``simulate(self, ...)``."""

class Simulation:
    """One driver's race on a chosen strategy against the real field (seed §4.4)."""

    @property
    def driver(self) -> str:
        """Timing code."""
    @property
    def original_position(self) -> Optional[int]:
        """Where the driver actually finished."""
    @property
    def simulated_position(self) -> int:
        """Where the strategy finishes."""
    @property
    def time_gained(self) -> float:
        """Seconds gained over the actual strategy on the same footing (positive = faster)."""
    @property
    def race_time(self) -> float:
        """Simulated race time, seconds."""
    @property
    def laps_completed(self) -> int:
        """Laps completed when the flag fell."""
    @property
    def stints(self) -> list[dict[str, Any]]:
        """The stints run: ``compound``, ``first_lap``, ``last_lap``, ``start_age``."""
    @property
    def lap_by_lap(self) -> polars.DataFrame:
        """Per lap: ``lap``, ``position``, ``lap_time``, ``compound``,
        ``tyre_age``, ``gap_to_leader``."""
    def to_dict(self) -> dict[str, Any]:
        """The response as a dict (seed §4.4 shape)."""

def simulate(
    race: RaceField,
    driver: str,
    pit_stops: Sequence[dict[str, Any]],
    starting_compound: str,
    *,
    starting_tyre_age: Optional[int] = None,
    weather: str = "DRY",
    pace: str = "ACTUAL",
) -> Simulation:
    """Runs ``driver`` on a strategy against the field of ``race``:
    ``pit_stops`` = ``[{"lap": 17, "compound": "HARD"}, ...]`` (pit at the end
    of ``lap``; optional ``tyre_age`` of the set fitted), ``starting_compound``
    the first set (``starting_tyre_age`` laps old, default the driver's actual
    age if the compound matches), ``pace`` ``ACTUAL`` (the driver's own laps,
    changed where the strategy changes them) or ``MODEL``. Raises
    :class:`NotFoundError` for an unknown driver, :class:`InvalidInputError`
    for an impossible plan."""

class Circuit:
    """What f1core knows about a 2025 circuit without data files."""

    @property
    def circuit_ref(self) -> str:
        """Ergast ``circuitRef``."""
    @property
    def name(self) -> str:
        """Circuit name as the Ergast dump spells it."""
    @property
    def country(self) -> str:
        """Country as the Ergast dump spells it."""
    @property
    def race_laps(self) -> int:
        """Scheduled race distance in laps."""
    @property
    def lap_length_km(self) -> float:
        """Lap length in km."""
    @property
    def pit_loss(self) -> float:
        """Seconds a green-flag stop costs."""
    @property
    def typical_race_lap(self) -> float:
        """A representative dry race lap, seconds."""
    @property
    def safety_car_probability(self) -> float:
        """Chance of at least one safety car."""
    @property
    def vsc_probability(self) -> float:
        """Chance of at least one virtual safety car."""
    @property
    def overtaking_difficulty(self) -> float:
        """0 (easy) to 1."""
    @property
    def overtake_delta(self) -> float:
        """Pace advantage (s/lap) a car needs to pass."""
    @property
    def fuel_effect(self) -> float:
        """Seconds per lap gained as fuel burns."""
    @property
    def tyre_stress(self) -> str:
        """``low``, ``medium`` or ``high``."""
    @property
    def race_distance_km(self) -> float:
        """Race distance in km."""
    def tyre_model(self) -> TyreModel:
        """The circuit's default model (MEDIUM the reference)."""
    def to_dict(self) -> dict[str, Any]:
        """The facts as a dict."""

def circuit(circuit_ref: str) -> Circuit:
    """The catalogue circuit with this ``circuitRef`` (case-insensitive);
    :class:`NotFoundError` suggests valid refs."""

def circuits() -> polars.DataFrame:
    """Every circuit of the 2025 calendar, in calendar order."""

def parse_duration(text: str) -> float:
    """Seconds from F1 timing text: ``1:27.452``, ``1:34:50.616``, ``5.478``;
    :class:`InvalidInputError` otherwise."""

def format_duration(seconds: float) -> str:
    """F1 timing text of ``seconds``: ``1:27.452``."""

def laps_file(race: str, data: Union[str, os.PathLike[str], None] = None) -> pathlib.Path:
    """The lap table of ``race`` (``2024-bahrain-grand-prix``) under the data
    directory (``data``, else ``$F1CORE_DATA``)."""

class PitWindow:
    """The best race to the flag for every lap the next stop could be made on."""

    @property
    def best(self) -> dict[str, Any]:
        """The fastest option: ``pit_lap`` (``None`` = no stop),
        ``next_compound``, ``time`` (s to the flag), ``delta``, ``plan``."""
    @property
    def window(self) -> list[int]:
        """In-laps within ``tolerance`` of the best, ascending."""
    @property
    def next_compound(self) -> Optional[str]:
        """The compound to fit at the next stop (``None``: no stop possible)."""
    @property
    def no_stop(self) -> Optional[dict[str, Any]]:
        """Running to the flag on this set, when the rules allow it."""
    @property
    def options(self) -> polars.DataFrame:
        """One row per feasible in-lap: ``pit_lap``, ``next_compound``,
        ``time``, ``delta``, ``plan`` (struct)."""
    @property
    def undercut(self) -> Optional[dict[str, Any]]:
        """We stop next lap, the car ahead ``laps_later`` laps later:
        ``first_stop``, ``second_stop``, ``first_compound``, ``gain``,
        ``gap``, ``margin``, ``works``; ``None`` without ``ahead``."""
    @property
    def overcut(self) -> Optional[dict[str, Any]]:
        """The car behind stops next lap, we ``laps_later`` laps later."""
    @property
    def request(self) -> dict[str, Any]:
        """The request as the core read it (defaults filled in)."""
    def to_dict(self) -> dict[str, Any]:
        """The whole answer as a dict (the core's JSON shape)."""

def pit_window(
    model: ModelSource,
    laps: int,
    current_lap: int,
    compound: str,
    tyre_age: int,
    pit_loss: float,
    *,
    compounds_used: Optional[Sequence[str]] = None,
    max_stops: int = 2,
    min_stint: int = 1,
    weather: str = "DRY",
    sets: Optional[Sequence[dict[str, Any]]] = None,
    tolerance: float = 1.0,
    ahead: Optional[dict[str, Any]] = None,
    behind: Optional[dict[str, Any]] = None,
    laps_later: int = 1,
) -> PitWindow:
    """The pit window of a car that has completed ``current_lap`` of ``laps``
    on a ``compound`` set ``tyre_age`` laps old: the exact best race time to
    the flag for every next-stop lap, the laps within ``tolerance`` seconds
    of the best, and with ``ahead`` / ``behind`` (``{"gap", "compound",
    "tyre_age", "pace_offset"?, "next_compound"?}``) the undercut and
    overcut. Raises :class:`InvalidInputError` naming a bad value."""

class MonteCarlo:
    """A field raced many times: each driver's finishing distribution."""

    @property
    def runs(self) -> int:
        """Races run."""
    @property
    def seed(self) -> int:
        """The seed the generator started from."""
    @property
    def laps(self) -> int:
        """Race distance in laps."""
    @property
    def points_season(self) -> int:
        """Season whose points system scored the races."""
    @property
    def safety_car_races(self) -> int:
        """Races that had a safety-car period."""
    @property
    def vsc_races(self) -> int:
        """Races that had a virtual-safety-car period."""
    @property
    def drivers(self) -> polars.DataFrame:
        """One row per driver in request order: ``driver``, ``grid``,
        ``strategy``, ``positions`` (counts per place),
        ``position_probabilities``, ``dnf``, ``dnf_probability``,
        ``win_probability``, ``podium_probability``, ``expected_points``,
        ``mean_position``, ``mean_race_time``."""
    def to_dict(self) -> dict[str, Any]:
        """The response as a dict (the core's JSON shape)."""

def monte_carlo(
    cars: Union[Sequence[dict[str, Any]], Any],
    *,
    circuit: Optional[str] = None,
    laps: Optional[int] = None,
    pit_loss: Optional[float] = None,
    model: Optional[ModelSource] = None,
    passing: Union[float, dict[str, float], None] = None,
    runs: int = 10000,
    seed: int = 0,
    noise: Optional[dict[str, float]] = None,
    neutralisation: Optional[dict[str, Any]] = None,
    points_season: Optional[int] = None,
    weather: Optional[str] = None,
    max_stops: int = 3,
    min_stint: int = 1,
    progress: Progress = None,
) -> MonteCarlo:
    """Races a field ``runs`` times with a seeded generator (the same seed
    gives the same numbers as the Rust core, on every platform). ``cars``:
    dicts (or a frame of rows) ``{driver, pace_offset?, grid?, strategy?,
    dnf_probability?}``, a ``strategy`` being ``{"kind": "optimal", "rank": 1}``
    (default) or ``{"kind": "stops", "starting": "MEDIUM", "pit_stops":
    [{"lap": 20, "compound": "HARD"}]}``. A catalogue ``circuit`` supplies the
    laps, pit loss, tyre model, passing rule (``passing``: an overtake delta
    or ``{"overtake_delta", "follow_gap"}``) and SC/VSC odds not given.
    ``noise`` (``lap_sd``, ``start_sd``, ``grid_gap``) and ``neutralisation``
    are dicts of the core's fields. Runs without the GIL;
    ``progress(done, total)`` counts the races run (at most 100 units) and
    leaves the numbers as they are."""

def feature_catalog() -> polars.DataFrame:
    """Every built-in feature in column order: ``name``, ``group``
    (``driver_form``, ``circuit``, ``constructor``, ``qualifying``,
    ``championship``), ``description``."""

class RaceModel:
    """A fitted race model: a linear Plackett-Luce score per car, turned into
    coherent odds over the field."""

    def __init__(self, model: Union[dict[str, Any], str]) -> None:
        """A model from its dict or JSON string (``to_dict()``'s shape)."""
    @property
    def kind(self) -> str:
        """``post_qualifying``, ``pre_qualifying`` or ``grid_only``."""
    @property
    def features(self) -> list[str]:
        """The features it reads, in weight order."""
    @property
    def races_count(self) -> int:
        """Races it was fitted on."""
    @property
    def coefficients(self) -> polars.DataFrame:
        """One row per feature: ``feature``, ``weight`` (per standard
        deviation), ``mean``, ``scale``."""
    def predict(self, dataset: Dataset, year: int, round: int) -> polars.DataFrame:
        """Odds for every starter of a race of the dump: ``driver_ref``,
        ``constructor_ref``, ``score``, ``p_win``, ``p_podium``, ``p_points``,
        ``expected_position`` (coherent: they sum to 1, 3, the scoring places
        and n(n+1)/2)."""
    def predict_upcoming(
        self,
        dataset: Dataset,
        year: int,
        round: int,
        circuit_ref: str,
        entries: Union[Sequence[dict[str, Any]], Any],
    ) -> polars.DataFrame:
        """Odds for a race the dump has no result for, from its entry list
        (see :meth:`Dataset.upcoming_features`)."""
    def to_dict(self) -> dict[str, Any]:
        """The model as a dict (the core's JSON shape)."""

def train_race_model(
    dataset: Dataset,
    seasons: Sequence[int],
    *,
    kind: str = "post_qualifying",
    stages: int = 2,
    l2: float = 0.5,
    unpenalised: Optional[Sequence[str]] = None,
    half_life_seasons: float = 0.0,
    max_iters: int = 200,
    progress: Progress = None,
) -> RaceModel:
    """Fits a race model (``post_qualifying`` or ``pre_qualifying``) on every
    race with results in ``seasons`` (e.g. ``range(2016, 2024)``). The fit
    options default to the core's; ``unpenalised`` ``None`` = the grid
    features. Runs without the GIL; ``progress(done, total)`` counts seasons
    of features built (one unit each), then the fit's L-BFGS iterations (in
    10 units)."""

class WalkForward:
    """A season's walk-forward evaluation of the race models and baselines."""

    @property
    def season(self) -> int:
        """The season evaluated."""
    @property
    def races(self) -> int:
        """Races of the season scored."""
    @property
    def first_training_races(self) -> int:
        """Races the first fit of the season was trained on."""
    @property
    def table(self) -> polars.DataFrame:
        """One row per method: ``method``, ``winner_accuracy``,
        ``winner_log_loss``, ``podium_brier``, ``position_mae``,
        ``quali_mae`` (null where the method does not forecast it)."""
    def to_dict(self) -> dict[str, Any]:
        """The evaluation as a dict (the core's JSON shape)."""

def evaluate_race_models(
    dataset: Dataset,
    season: int,
    *,
    train_seasons: int = 8,
    stages: int = 2,
    l2: float = 0.5,
    unpenalised: Optional[Sequence[str]] = None,
    half_life_seasons: float = 0.0,
    max_iters: int = 200,
    qualifying: bool = True,
    progress: Progress = None,
) -> WalkForward:
    """Walk-forward evaluation of ``season``: each race predicted by post- and
    pre-qualifying models fitted on the ``train_seasons`` seasons before and
    the season's earlier rounds only, scored beside the baselines; with
    ``qualifying`` also f1core's GBDT qualifying model (one fit per race). Runs
    without the GIL; ``progress(done, total)`` counts seasons of features
    built, then races evaluated (one unit each)."""

class Championship:
    """Both title races as simulated: per driver and per constructor
    P(title), expected final points, quantiles and expected final position."""

    @property
    def season(self) -> int:
        """The season simulated."""
    @property
    def after_round(self) -> int:
        """The last completed round of the snapshot (0 = before the season)."""
    @property
    def runs(self) -> int:
        """Seasons simulated."""
    @property
    def seed(self) -> int:
        """The seed the generator started from."""
    @property
    def drivers(self) -> polars.DataFrame:
        """Drivers by P(title), then expected position: ``driver_ref``,
        ``current_points``, ``p_title``, ``expected_points``, ``points_q05``,
        ``points_q50``, ``points_q95``, ``expected_position``, ``p_position``
        (P(finishing 1st, 2nd, ...), a list)."""
    @property
    def constructors(self) -> polars.DataFrame:
        """Constructors, as ``drivers`` with ``constructor_ref``."""
    def to_dict(self) -> dict[str, Any]:
        """The response as a dict (the core's JSON shape: rows keyed by ``key``)."""

def championship(
    dataset: Dataset,
    season: int,
    after_round: int,
    *,
    runs: int = 10000,
    seed: int = 1,
    form_sd: float = 0.5,
    driver_form_sd: float = 0.0,
    train_seasons: int = 8,
    entries: Union[Sequence[dict[str, Any]], Any, None] = None,
    sprint_rounds: Optional[Sequence[int]] = None,
    progress: Progress = None,
) -> Championship:
    """Title odds for ``season`` after round ``after_round`` (0 = before the
    season; then ``entries`` is needed): the standings so far, the rest of
    the calendar with its sprints and the season's points rules, strengths
    from the pre-qualifying race model fitted on the ``train_seasons``
    seasons before and the rounds so far, ``runs`` simulated seasons.
    ``sprint_rounds``: the season's sprint rounds where the dump cannot
    tell (a season ahead has no session dates); default: from the dump.
    ``form_sd``: spread of a per-season constructor form offset;
    ``driver_form_sd``: of a per-season driver offset on top (0: none).
    ``entries``: the field of the remaining rounds (``driver_ref``,
    ``constructor_ref``), default the last round's. The same seed gives the
    same numbers as the Rust core. Runs without the GIL;
    ``progress(done, total)`` counts seasons of features, the fit (10
    units) and the simulation (100 units)."""

def championship_request(
    dataset: Dataset,
    season: int,
    after_round: int,
    *,
    runs: int = 10000,
    seed: int = 1,
    form_sd: float = 0.5,
    driver_form_sd: float = 0.0,
    train_seasons: int = 8,
    entries: Union[Sequence[dict[str, Any]], Any, None] = None,
    sprint_rounds: Optional[Sequence[int]] = None,
    progress: Progress = None,
) -> dict[str, Any]:
    """The request :func:`championship` simulates, as a dict (``drivers``
    with ``points`` and ``strength``, ``constructors``, ``remaining``
    rounds, ``points`` rules, ``runs``, ``seed``, ``form_sd``, ``driver_form_sd``, ...): edit it
    and pass it to :func:`simulate_championship`."""

def simulate_championship(
    request: Union[dict[str, Any], str],
    *,
    progress: Progress = None,
) -> Championship:
    """Simulates a championship request (a dict of
    :func:`championship_request`'s shape, or its JSON): the rest of a season
    from your own standings and strengths. Runs without the GIL;
    ``progress(done, total)`` counts seasons simulated (at most 100 units)."""

class PostRace:
    """What :func:`after_race` did and forecast."""

    @property
    def completed(self) -> dict[str, Any]:
        """The race just completed: ``year``, ``round``, ``name``,
        ``circuit_ref``, ``date``."""
    @property
    def next(self) -> dict[str, Any]:
        """The race forecast, the next of the calendar (same keys)."""
    @property
    def evaluation(self) -> WalkForward:
        """Walk-forward over the completed race's season up to it."""
    @property
    def races_count(self) -> int:
        """Races the new models were fitted on."""
    @property
    def registered(self) -> list[dict[str, Any]]:
        """The versions registered, as metadata dicts (``model_type``,
        ``version``, ``metrics``, ...); empty without a registry."""
    @property
    def forecast_model(self) -> str:
        """``RACE_WINNER`` (post-qualifying, with a grid) or ``RACE_PRE_QUALI``."""
    @property
    def forecast_version(self) -> Optional[str]:
        """The registered version of the model that forecast, if saved."""
    @property
    def predictions(self) -> polars.DataFrame:
        """The next race's field by P(win): ``driver_ref``,
        ``constructor_ref``, ``score``, ``p_win``, ``p_podium``,
        ``p_points``, ``expected_position``."""
    @property
    def qualifying(self) -> polars.DataFrame:
        """The next race's qualifying forecast, best first: ``driver_ref``,
        ``expected_position`` (empty when ``qualifying=False``)."""
    @property
    def championship(self) -> Optional[Championship]:
        """Title odds from the completed race, or ``None``."""
    def to_dict(self) -> dict[str, Any]:
        """The response as a dict (the core's JSON shape)."""

def after_race(
    dataset: Dataset,
    season: int,
    round: int,
    entries: Union[Sequence[dict[str, Any]], Any],
    *,
    grid: Union[dict[str, int], Sequence[int], None] = None,
    registry: Union[str, os.PathLike[str], None] = None,
    promote: bool = False,
    train_seasons: int = 8,
    championship: bool = True,
    runs: int = 10000,
    seed: int = 1,
    form_sd: float = 0.5,
    driver_form_sd: float = 0.0,
    sprint_rounds: Optional[Sequence[int]] = None,
    trained_at: Optional[str] = None,
    qualifying: bool = True,
    progress: Progress = None,
) -> PostRace:
    """After race ``round`` of ``season`` is in the dump: retrains the post-
    and pre-qualifying race models, scores them by walk-forward over the
    season so far, registers both (``RACE_WINNER``, ``RACE_PRE_QUALI``; with
    ``qualifying`` also the GBDT qualifying model, ``QUALI``) with
    those metrics in ``registry`` (a directory; ``None`` = do not save;
    ``promote`` marks them production), and forecasts the next race of the
    calendar from ``entries`` (``driver_ref``, ``constructor_ref``, optional
    ``grid``). ``grid`` (``{driver_ref: slot}`` or slots in entry order)
    sets the grid; with a grid on every entry the post-qualifying model
    forecasts, else the pre-qualifying. With ``championship`` the title odds
    from that point are simulated (``runs``, ``seed``, ``form_sd``,
    ``driver_form_sd``, ``sprint_rounds`` for a season ahead whose sprints the dump lacks). Runs
    without the GIL; ``progress(done, total)`` counts seasons of features,
    races of the walk-forward, the two fits and the title simulation."""

class Registry:
    """A directory of versioned model artifacts (``<MODEL_TYPE>-v<N>.json``)."""

    def __init__(self, path: Union[str, os.PathLike[str]]) -> None:
        """Opens the registry in ``path``, creating the directory if needed."""
    @property
    def path(self) -> pathlib.Path:
        """The registry directory."""
    def list(self) -> list[dict[str, Any]]:
        """Every artifact's metadata, by type then version. A damaged file
        raises :class:`DataError` naming it."""
    def next_version(self, model_type: str) -> str:
        """The next free version of a model type (``v1``, ``v2``, ...)."""
    def save(
        self,
        model: Union[RaceModel, dict[str, Any]],
        *,
        model_type: Optional[str] = None,
        version: Optional[str] = None,
        metrics: Optional[dict[str, float]] = None,
        hyperparameters: Optional[dict[str, Any]] = None,
        feature_names: Optional[Sequence[str]] = None,
        races_count: Optional[int] = None,
        trained_at: Optional[str] = None,
        is_production: bool = False,
    ) -> dict[str, Any]:
        """Saves ``model`` as a new version and returns its metadata. Model
        types: ``RACE_WINNER``, ``RACE_PRE_QUALI``, ``QUALI`` (a
        ``RaceModel``'s defaults from its kind). Never overwrites a version."""
    def load(self, model_type: str, version: str) -> tuple[Union[RaceModel, dict[str, Any]], dict[str, Any]]:
        """``(model, metadata)`` of one version. :class:`NotFoundError` when
        missing, :class:`DataError` when damaged or edited."""
    def latest_production(self, model_type: str) -> tuple[Union[RaceModel, dict[str, Any]], dict[str, Any]]:
        """``(model, metadata)`` of the production version of a type."""
    def promote(self, model_type: str, version: str) -> None:
        """Marks ``version`` as the production model of its type (only it)."""

class Ensemble:
    """A validated tree ensemble (XGBoost, LightGBM), with exact TreeSHAP."""

    @staticmethod
    def from_xgboost_json(text: str) -> "Ensemble":
        """Imports a model XGBoost saved as JSON (2.x-3.2), given as text.
        Text not of that format raises :class:`InvalidInputError`; a model
        failing the checks (cycles, bad indices, NaN) :class:`DataError`."""
    @staticmethod
    def from_lightgbm_text(text: str) -> "Ensemble":
        """Imports a model LightGBM saved as text (v4), given as text."""
    @staticmethod
    def from_json(text: str) -> "Ensemble":
        """An ensemble from f1core's own JSON form (``to_json``), checked
        again as it is read."""
    @staticmethod
    def load(path: Union[str, os.PathLike[str]]) -> "Ensemble":
        """Reads a model file: f1core's own JSON (``save``), XGBoost JSON or
        LightGBM text."""
    def to_json(self) -> str:
        """f1core's own JSON form: the params and the plain trees."""
    def save(self, path: Union[str, os.PathLike[str]]) -> None:
        """Writes ``to_json()`` to ``path`` (read back with ``Ensemble.load``)."""
    @property
    def feature_names(self) -> list[str]:
        """One name per input column, in order."""
    @property
    def num_features(self) -> int:
        """Input columns a row must have."""
    @property
    def num_groups(self) -> int:
        """Outputs per row: 1, or the number of classes."""
    @property
    def num_trees(self) -> int:
        """Trees in the ensemble."""
    @property
    def max_depth(self) -> int:
        """Depth of the deepest tree."""
    @property
    def objective(self) -> str:
        """The objective as the training library names it."""
    def predict(self, data: Any, *, margin: bool = False) -> "numpy.ndarray":
        """Predictions for the rows of ``data`` (a numpy 2-D array, or a
        polars / pandas frame holding the model's feature columns; NaN/null =
        missing): shape ``(rows,)`` or ``(rows, groups)``. ``margin=True``
        gives raw scores."""
    def contributions(self, data: Any) -> "numpy.ndarray":
        """Exact TreeSHAP values in margin units: ``(rows, num_features + 1)``
        (last column the bias) or ``(rows, groups, num_features + 1)``; each
        row sums to its margin."""
    def explain(
        self,
        data: Any,
        subjects: Sequence[str],
        *,
        outcome: str = "prediction",
        group: int = 0,
        top: int = 3,
        feature_labels: Optional[Sequence[str]] = None,
    ) -> list[dict[str, Any]]:
        """Per row (one per ``subjects`` name): ``subject``, ``prediction``,
        ``margin``, ``base_value``, ``top`` features (``feature``, ``value``,
        ``contribution``) and a plain-English ``sentence`` about ``outcome``."""

def train_gbdt(
    data: Any,
    target: Any,
    *,
    feature_names: Optional[Sequence[str]] = None,
    objective: str = "squared_error",
    n_trees: int = 100,
    max_depth: int = 4,
    learning_rate: float = 0.1,
    reg_lambda: float = 1.0,
    min_child_hessian: float = 1.0,
    min_split_gain: float = 0.0,
    max_bins: int = 255,
    subsample: float = 1.0,
    colsample: float = 1.0,
    seed: int = 0,
    progress: Progress = None,
) -> Ensemble:
    """Trains f1core's histogram GBDT (the one behind the qualifying model)
    on ``data`` (rows x features: a numpy 2-D array or a polars / pandas
    frame; NaN or null = missing) against ``target``. ``feature_names``
    default to the frame's columns, else ``f0``, ``f1``, .... ``objective``:
    ``squared_error`` or ``logistic`` (targets in [0, 1]). Subsampling is
    seeded by ``seed``: the same call gives the same model in every runtime.
    Runs without the GIL; ``progress(done, total)`` counts trees."""
