"""Frames handed to f1core, made ready for the Arrow stream interface.

Translation only: pick the columns the core reads (a FastF1 ``session.laps``
frame has 30-odd, most of them unread), and give pandas frames an Arrow view
(through pyarrow). The Rust side then takes the columns with
``__arrow_c_stream__``, without going through Python objects row by row.
"""

from __future__ import annotations

from typing import Any, Sequence


def arrow_source(frame: Any, columns: Sequence[str]) -> Any:
    """An object with ``__arrow_c_stream__`` holding the ``columns`` of
    ``frame`` that it has: a pandas or polars DataFrame, or anything that
    already speaks the Arrow PyCapsule protocol (pyarrow, DuckDB, ...)."""
    module = type(frame).__module__.split(".")[0]
    if module == "pandas":
        keep = [c for c in columns if c in frame.columns]
        try:
            import pyarrow
        except ImportError as e:  # pragma: no cover - depends on the install
            raise ImportError(
                "reading a pandas frame needs pyarrow: pip install pyarrow"
            ) from e
        return pyarrow.Table.from_pandas(frame[keep], preserve_index=False)
    if module == "polars":
        if hasattr(frame, "collect") and not hasattr(frame, "to_pandas"):
            frame = frame.collect()  # a LazyFrame
        keep = [c for c in columns if c in frame.columns]
        return frame.select(keep)
    if hasattr(frame, "__arrow_c_stream__"):
        return frame
    raise TypeError(
        "expected a path, f1core.Laps, or a pandas / polars / Arrow frame of laps, "
        f"got {type(frame).__name__}"
    )
