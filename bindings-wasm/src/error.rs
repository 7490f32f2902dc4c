//! `f1core::Error` → a JS `Error` with the core's exact message as `message`
//! and the coarse class from `f1core::ErrorKind::as_str` as `code`
//! (`InvalidInputError`, `NotFoundError`, ...), as the Node binding throws.

use f1core::Error;
use wasm_bindgen::JsValue;

/// The JS error for a core error.
pub fn js_error(e: Error) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    // Setting a property on a fresh plain Error cannot fail.
    let _ = js_sys::Reflect::set(
        &err,
        &JsValue::from_str("code"),
        &JsValue::from_str(e.kind().as_str()),
    );
    err.into()
}

/// An `InvalidInputError` raised by the binding's own argument checks,
/// worded by the core's `InvalidInput` variant.
pub fn invalid_input(message: impl Into<String>) -> JsValue {
    js_error(Error::InvalidInput(message.into()))
}

/// `.map_err(js_error)` as a method.
pub trait IntoJs<T> {
    fn js(self) -> Result<T, JsValue>;
}

impl<T> IntoJs<T> for f1core::Result<T> {
    fn js(self) -> Result<T, JsValue> {
        self.map_err(js_error)
    }
}
