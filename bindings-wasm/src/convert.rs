//! serde ↔ JS. Values cross as plain JS objects in the core's serde form
//! (snake_case keys, durations in seconds, `null` for missing values), the
//! same shape the Node and Python bindings use.

use crate::error::{IntoJs, invalid_input};
use f1core::standings::SeasonResults;
use serde::Serialize;
use serde::de::{DeserializeOwned, Error as _};
use wasm_bindgen::{JsCast, JsValue};

/// Any core value → a JS value (maps as plain objects, `None` as `null`).
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| invalid_input(format!("cannot convert to a JS value: {e}")))
}

/// A value given as a JS object or as JSON text. Malformed input is the core's
/// `invalid JSON: ...` error (`InvalidInputError`).
pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, JsValue> {
    let parsed = match value.as_string() {
        Some(text) => serde_json::from_str(&text),
        None => serde_wasm_bindgen::from_value(value)
            .map_err(|e| serde_json::Error::custom(message_of(e.into()))),
    };
    parsed.map_err(f1core::Error::from).js()
}

/// The `message` of a JS `Error` (serde-wasm-bindgen's errors are JS errors).
fn message_of(error: JsValue) -> String {
    match error.dyn_ref::<js_sys::Error>() {
        Some(e) => e.message().into(),
        None => format!("{error:?}"),
    }
}

/// A `SeasonResults` from a JS object or a JSON string.
pub fn season_from_js(value: JsValue) -> Result<SeasonResults, JsValue> {
    from_js(value)
}
