"""f1core: Formula 1 analytics backed by the f1core Rust library.

Load the Ergast-schema CSV dump once, then query it::

    import f1core, pandas as pd

    ds = f1core.Dataset.load("/path/to/data")   # or None: $F1CORE_DATA
    pd.DataFrame(ds.race_results(2008, 1))
    ds.driver_standings(2024)[0]["driver_ref"]   # 'max_verstappen'

Rows are ``list[dict]`` with snake_case keys, durations as float seconds and
dates as ISO ``YYYY-MM-DD`` strings, so ``pandas.DataFrame(rows)`` and
``polars.DataFrame(rows)`` take them as they are.

``standings_from_results`` computes both championships from a plain
``SeasonResults`` dict or JSON string (the shape ``Dataset.season_results``
returns), without any data files.

Errors derive from :class:`F1CoreError`: :class:`DataError` (malformed data),
:class:`NotFoundError` (unknown season, round, ...), :class:`InvalidInputError`
(bad argument or JSON) and :class:`F1IOError` (missing or unreadable file; also
an :class:`OSError`). Messages are the Rust core's, unchanged.
"""

from ._f1core import (
    DataError,
    Dataset,
    F1CoreError,
    F1IOError,
    InvalidInputError,
    NotFoundError,
    __version__,
    standings_from_results,
)

__all__ = [
    "Dataset",
    "standings_from_results",
    "F1CoreError",
    "DataError",
    "NotFoundError",
    "InvalidInputError",
    "F1IOError",
    "__version__",
]
