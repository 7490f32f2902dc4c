//! Python binding (pyo3): translation only.
