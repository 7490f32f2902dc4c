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

/// Highest finishing position accepted in a `SeasonResults`.
const MAX_POSITION: u32 = 1000;

/// The `message` of a JS `Error` (serde-wasm-bindgen's errors are JS errors).
fn message_of(error: JsValue) -> String {
    match error.dyn_ref::<js_sys::Error>() {
        Some(e) => e.message().into(),
        None => format!("{error:?}"),
    }
}

/// A `SeasonResults`, checked so that nothing in it can make the core panic
/// (which on wasm32 aborts the module instance): positions are 1-based and
/// small, as the core indexes points tables by `position - 1` and sizes its
/// countback table by `position`.
pub fn season_from_js(value: JsValue) -> Result<SeasonResults, JsValue> {
    let season: SeasonResults = from_js(value)?;
    for round in &season.rounds {
        let sessions = [("race", &round.race), ("sprint", &round.sprint)];
        for (session, entries) in sessions {
            let bad = |p: &u32| !(1..=MAX_POSITION).contains(p);
            if let Some(e) = entries
                .iter()
                .find(|e| e.position.as_ref().is_some_and(bad))
            {
                return Err(invalid_input(format!(
                    "{} round {} {session}: `{}` has position {} (positions run 1..={MAX_POSITION}; use null when not classified)",
                    season.year,
                    round.round,
                    e.driver,
                    e.position.unwrap_or_default()
                )));
            }
        }
    }
    Ok(season)
}

/// Whether `f1core::timing::parse_duration` can take `text` without its
/// `Duration::from_secs_f64` overflowing: every `:`-separated field's whole
/// part has at most 12 digits (< 10^12 h, far below `u64::MAX` seconds).
pub fn duration_text_in_range(text: &str) -> bool {
    text.split(':').all(|field| {
        field
            .split('.')
            .next()
            .unwrap_or("")
            .trim()
            .trim_start_matches('+')
            .len()
            <= 12
    })
}
