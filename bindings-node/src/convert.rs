//! serde ↔ JS: every row crosses as a plain JS object built from the core's
//! serde form (snake_case keys, durations as seconds, dates as `YYYY-MM-DD`,
//! missing values as `null`), the same shape the Python and WASM bindings use.

use crate::error::{IntoJs, Result, invalid_input};
use chrono::NaiveDate;
use f1core::standings::SeasonResults;
use napi::{Env, Unknown};
use serde::Serialize;
use serde_json::Value;

/// Any core value → a JS value, serialised straight into JS objects (struct
/// field order kept).
pub fn to_js<'e, T: Serialize>(env: &'e Env, value: &T) -> Result<Unknown<'e>> {
    env.to_js_value(value)
        .map_err(|e| invalid_input(format!("cannot convert to a JS value: {}", e.reason)))
}

/// A `SeasonResults` given as a JS object or as JSON text. Malformed input is
/// the core's `invalid JSON: ...` error (`InvalidInputError`).
pub fn season_from_js(season: Value) -> Result<SeasonResults> {
    let parsed = match season {
        Value::String(text) => serde_json::from_str(&text),
        value => serde_json::from_value(value),
    };
    parsed.map_err(f1core::Error::from).js()
}

/// A JS number as a season year (napi has already truncated it to an integer).
pub fn year(year: i64) -> Result<u16> {
    u16::try_from(year).map_err(|_| invalid_input(format!("year {year} is out of range")))
}

/// A JS number as a round number.
pub fn round(round: i64) -> Result<u32> {
    u32::try_from(round).map_err(|_| invalid_input(format!("round {round} is out of range")))
}

/// An ISO date (`2024-06-30`), or today (UTC) when absent.
pub fn date_or_today(date: Option<String>) -> Result<NaiveDate> {
    match date {
        Some(text) => NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map_err(|e| invalid_input(format!("date {text:?}: {e} (expected YYYY-MM-DD)"))),
        None => {
            let secs = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0);
            chrono::DateTime::from_timestamp(secs, 0)
                .map(|t| t.date_naive())
                .ok_or_else(|| invalid_input("the system clock is out of range"))
        }
    }
}
