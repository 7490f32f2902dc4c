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


def matrix(data: Any, feature_names: Sequence[str]) -> tuple:
    """``(bytes, rows)`` of ``data`` as a C-ordered float64 matrix: a numpy
    2-D array (or nested lists; one row as 1-D), or a polars / pandas frame
    whose columns ``feature_names`` are taken in that order (a frame without
    all of them is used as it is, when it has exactly as many columns).
    Missing values (None, null, NaN) become NaN."""
    import numpy as np

    module = type(data).__module__.split(".")[0]
    if module in ("polars", "pandas"):
        if hasattr(data, "collect") and not hasattr(data, "to_pandas"):
            data = data.collect()  # a polars LazyFrame
        columns = list(data.columns)
        missing = [c for c in feature_names if c not in columns]
        if not missing:
            data = data[list(feature_names)]
        elif len(columns) != len(feature_names):
            from ._f1core import InvalidInputError

            raise InvalidInputError(
                f"the frame lacks the model's feature(s) {missing[:5]} "
                f"and has {len(columns)} columns, not {len(feature_names)}"
            )
        if module == "polars":
            import polars as pl

            array = data.select(pl.all().cast(pl.Float64)).to_numpy()
        else:
            array = data.to_numpy(dtype="float64", na_value=np.nan)
    else:
        array = np.asarray(data, dtype=np.float64)
    if array.ndim == 1:
        array = array.reshape(1, -1)
    if array.ndim != 2:
        from ._f1core import InvalidInputError

        raise InvalidInputError(f"expected a 2-D matrix of rows, got {array.ndim} dimensions")
    return np.ascontiguousarray(array, dtype=np.float64).tobytes(), array.shape[0]


def array(data: bytes, shape: Sequence[int]) -> Any:
    """A writable float64 numpy array of ``shape`` from native-order bytes."""
    import numpy as np

    return np.frombuffer(data, dtype=np.float64).reshape(tuple(shape)).copy()
