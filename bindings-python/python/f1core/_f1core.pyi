"""Type stubs of the native module ``f1core._f1core`` (re-exported by ``f1core``).

Rows are plain dicts with snake_case keys: durations are float seconds, dates
ISO ``YYYY-MM-DD`` strings, times ``HH:MM:SS`` strings, enums strings.
"""

import datetime
import os
from typing import Any, Optional, Union

__version__: str

Row = dict[str, Any]

class F1CoreError(Exception):
    """Base class of every error raised by f1core. ``str(e)`` is the core's message."""

class DataError(F1CoreError):
    """A data file is malformed: missing column, bad value, dangling id."""

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
        """Load the CSV dump from ``path`` (the folder holding ``races.csv``, or
        one holding ``ergast/``); ``None`` reads ``$F1CORE_DATA``.

        Releases the GIL while reading. Raises :class:`F1IOError` when the
        folder or a file is missing, :class:`DataError` when a file is malformed.
        """

    def seasons(self) -> list[Row]:
        """Every season in the data as ``{year, url}``, oldest first."""

    def completed_seasons(self) -> list[int]:
        """Years with at least one race result, oldest first."""

    def races(self, year: int) -> list[Row]:
        """A season's races in round order (``[]`` for a year not in the data).

        Keys: id, year, round, circuit_id, name, date, time, url, sessions
        (a list of ``{kind, date, time}``).
        """

    def current_race(self, date: Union[datetime.date, str, None] = None) -> Optional[Row]:
        """The race in progress on ``date`` (default: today), else the next one
        scheduled; ``None`` after the last race in the data.

        Keys: race_id, year, round, name, date, circuit_ref, circuit_name,
        country, status (SCHEDULED / IN_PROGRESS / COMPLETED), has_sprint, sessions.
        """

    def race_results(self, year: int, round: int) -> list[Row]:
        """A race's classification in finishing order, joined with names.

        Keys: position, position_text, position_order, number, driver_ref,
        driver_code, driver_name, constructor_ref, constructor_name, grid, laps,
        time (s), gap (``{kind: "time", gap: s}`` or ``{kind: "laps", laps: n}``
        or None), status, status_class, points, fastest_lap_rank,
        fastest_lap_time (s). Raises :class:`NotFoundError` for an unknown race.
        """

    def sprint_results(self, year: int, round: int) -> list[Row]:
        """A sprint's classification (same keys as ``race_results``; ``[]``
        when the weekend had no sprint)."""

    def qualifying(self, year: int, round: int) -> list[Row]:
        """Qualifying in order. Keys: position, number, driver_ref, driver_code,
        driver_name, constructor_ref, constructor_name, q1, q2, q3 (s or None)."""

    def driver_standings(self, year: int, round: Optional[int] = None) -> list[Row]:
        """Drivers' championship after ``round`` (latest completed when None).

        Keys: year, round, position, driver_ref, driver_name, constructor_refs,
        points, gross_points, wins.
        """

    def constructor_standings(self, year: int, round: Optional[int] = None) -> list[Row]:
        """Constructors' championship after ``round`` (latest completed when None).

        Keys: year, round, position, constructor_ref, constructor_name, points,
        gross_points, wins.
        """

    def driver_season(self, driver_ref: str, year: int) -> dict[str, Any]:
        """A driver's season (see docs/analytics.md): starts, average finish,
        grid and qualifying position, points, wins, podiums, poles, fastest
        laps, DNF rate and ``teammates`` head-to-head rows."""
    def season_performance(self, year: int) -> list[dict[str, Any]]:
        """``driver_season`` for every driver of the season, by points."""
    def circuit_insights(self, circuit_ref: str, since: Optional[int] = None) -> dict[str, Any]:
        """Races held, lap record, pit stops per driver, pole-to-win rate,
        safety-car frequency, red flags and winners by constructor at a circuit,
        from season ``since`` on when given."""
    def season_results(self, year: int) -> dict[str, Any]:
        """A season's completed rounds as ``standings_from_results`` input:
        ``{year, rounds: [{round, name, race: [entry], sprint: [entry]}]}`` with
        entries ``{driver, driver_name, constructor, constructor_name, position,
        points, fastest_lap_rank}`` (official points kept)."""

def standings_from_results(season: Union[dict[str, Any], str], round: Optional[int] = None) -> dict[str, Any]:
    """Both championships from a ``SeasonResults`` dict or JSON string (the shape
    of :meth:`Dataset.season_results`), after ``round`` (default: the last given).

    An entry's ``points`` may be omitted or None: the season's points system
    then scores its ``position`` (and ``fastest_lap_rank``). Returns
    ``{year, round, drivers: [...], constructors: [...]}`` with the rows of
    ``driver_standings`` / ``constructor_standings``. Raises
    :class:`InvalidInputError` for malformed input (bad JSON, wrong types,
    positions outside 1..999) and :class:`NotFoundError` when ``round`` is not
    in the results.
    """
