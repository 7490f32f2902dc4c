//! `f1core::Error` → a thrown JS `Error`.
//!
//! The JS error carries the core's message unchanged (`err.message`) and the
//! coarse class from `f1core::ErrorKind::as_str` as `err.code`
//! (`IoError`, `DataError`, `NotFoundError`, `InvalidInputError`), so callers
//! can branch on `code` without parsing messages.

use f1core::{Error, ErrorKind};

/// The `code` of a thrown error: one of `ErrorKind::as_str`'s names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code(&'static str);

impl AsRef<str> for Code {
    fn as_ref(&self) -> &str {
        self.0
    }
}

impl From<ErrorKind> for Code {
    fn from(kind: ErrorKind) -> Self {
        Code(kind.as_str())
    }
}

/// What every exported function returns: napi throws the `Err` side as a JS
/// `Error` whose `code` is the `Code` and whose `message` is the reason.
/// (Named `Result` because `#[napi]` recognises fallible returns by that name.)
pub type Result<T> = napi::Result<T, Code>;

/// The JS error for a core error: same message, kind as `code`.
pub fn js_error(e: Error) -> napi::Error<Code> {
    napi::Error::new(Code::from(e.kind()), e.to_string())
}

/// Shorthand for `InvalidInputError`s raised by the binding itself (argument
/// checks), worded by the core's own `InvalidInput` variant.
pub fn invalid_input(message: impl Into<String>) -> napi::Error<Code> {
    js_error(Error::InvalidInput(message.into()))
}

/// `.map_err(js_error)` as a method: `dataset.race_results(y, r).js()?`.
pub trait IntoJs<T> {
    fn js(self) -> Result<T>;
}

impl<T> IntoJs<T> for f1core::Result<T> {
    fn js(self) -> Result<T> {
        self.map_err(js_error)
    }
}
