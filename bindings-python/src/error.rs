//! `f1core::Error` → Python exceptions, one class per `f1core::ErrorKind`.
//!
//! ```text
//! F1CoreError(Exception)
//! ├── DataError            ErrorKind::Data          malformed data file
//! ├── NotFoundError        ErrorKind::NotFound      unknown season, round, ...
//! ├── InvalidInputError    ErrorKind::InvalidInput  bad argument or JSON
//! └── F1IOError(OSError)   ErrorKind::Io            missing/unreadable file
//! ```
//! The message is the core's `Display` text, unchanged.

use f1core::{Error, ErrorKind};
use pyo3::exceptions::{PyException, PyOSError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple, PyType};

pyo3::create_exception!(
    f1core,
    F1CoreError,
    PyException,
    "Base class of every error raised by f1core."
);
pyo3::create_exception!(
    f1core,
    DataError,
    F1CoreError,
    "A data file is malformed: missing column, bad value, dangling id."
);
pyo3::create_exception!(
    f1core,
    NotFoundError,
    F1CoreError,
    "A query named a season, round, driver, ... the data does not hold."
);
pyo3::create_exception!(
    f1core,
    InvalidInputError,
    F1CoreError,
    "An argument or a JSON/dict input is out of range, malformed or inconsistent."
);

const IO_DOC: &str = "A data file or directory is missing or unreadable. Also an OSError.";

/// `class F1IOError(F1CoreError, OSError)`: `create_exception!` takes one base,
/// so the class is made once with `type(name, bases, dict)`.
pub fn io_error_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    static TYPE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    let ty = TYPE.get_or_try_init(py, || -> PyResult<Py<PyType>> {
        let bases = PyTuple::new(
            py,
            [py.get_type::<F1CoreError>(), py.get_type::<PyOSError>()],
        )?;
        let ns = PyDict::new(py);
        ns.set_item("__doc__", IO_DOC)?;
        ns.set_item("__module__", "f1core")?;
        let ty = py.get_type::<PyType>().call1(("F1IOError", bases, ns))?;
        Ok(ty.cast_into::<PyType>()?.unbind())
    })?;
    Ok(ty.bind(py))
}

/// The Python exception for a core error.
pub fn to_py(err: Error) -> PyErr {
    let msg = err.to_string();
    match err.kind() {
        ErrorKind::Data => DataError::new_err(msg),
        ErrorKind::NotFound => NotFoundError::new_err(msg),
        ErrorKind::InvalidInput => InvalidInputError::new_err(msg),
        ErrorKind::Io => Python::attach(|py| match io_error_type(py) {
            Ok(ty) => PyErr::from_type(ty.clone(), msg),
            Err(e) => e,
        }),
    }
}

/// `PyResult` from a core `Result`: `core_call().or_raise()?`.
pub trait OrRaise<T> {
    fn or_raise(self) -> PyResult<T>;
}

impl<T> OrRaise<T> for f1core::Result<T> {
    fn or_raise(self) -> PyResult<T> {
        self.map_err(to_py)
    }
}

/// Adds the exception classes to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("F1CoreError", py.get_type::<F1CoreError>())?;
    m.add("DataError", py.get_type::<DataError>())?;
    m.add("NotFoundError", py.get_type::<NotFoundError>())?;
    m.add("InvalidInputError", py.get_type::<InvalidInputError>())?;
    m.add("F1IOError", io_error_type(py)?)?;
    Ok(())
}
