//! WASM binding (wasm-bindgen): translation only, for the pure core (no
//! polars, no files). Standings are computed from results passed in as a JS
//! object or JSON text; errors are thrown as JS `Error`s with the core's
//! message and a `code` (see `error`).
//!
//! Built for `wasm32-unknown-unknown`; it also compiles (harmlessly, nothing
//! runs) on other targets so `cargo check/clippy --workspace` cover it.
//! wasm32 aborts on panic, so inputs the core would panic on are rejected
//! here first (see `convert`).

mod convert;
mod error;

use convert::{season_from_js, to_js};
use error::{IntoJs, invalid_input};
use f1core::standings::{self, PointsSystem};
use f1core::timing;
use std::time::Duration;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = include_str!("../types.d.ts");

/// Both championships after the last round of `season` (a `SeasonResults`
/// object or its JSON text). Entries without `points` score by the season's
/// points system.
#[wasm_bindgen(js_name = standingsFromResults, unchecked_return_type = "Standings")]
pub fn standings_from_results(
    #[wasm_bindgen(unchecked_param_type = "SeasonResults | string")] season: JsValue,
) -> Result<JsValue, JsValue> {
    let season = season_from_js(season)?;
    to_js(&standings::standings(&season, None).js()?)
}

/// Standings after every round of `season`, in round order.
#[wasm_bindgen(js_name = standingsByRound, unchecked_return_type = "Array<Standings>")]
pub fn standings_by_round(
    #[wasm_bindgen(unchecked_param_type = "SeasonResults | string")] season: JsValue,
) -> Result<JsValue, JsValue> {
    let season = season_from_js(season)?;
    to_js(&standings::standings_by_round(&season).js()?)
}

/// The points system in force in `year` for a season of `rounds` races.
#[wasm_bindgen(js_name = pointsSystem, unchecked_return_type = "PointsSystem")]
pub fn points_system(year: u16, rounds: u32) -> Result<JsValue, JsValue> {
    to_js(&PointsSystem::for_season(year, rounds))
}

/// Seconds in a clock-style time (`1:34:50.616`, `1:27.452`, `+5.478`), or
/// `undefined` when the text is not one.
#[wasm_bindgen(js_name = parseDuration)]
pub fn parse_duration(text: &str) -> Option<f64> {
    timing::parse_duration(text).map(|d| d.as_secs_f64())
}

/// A result's gap cell (`+5.478`, `+1 Lap`) as `{kind: 'time', gap}` (seconds)
/// or `{kind: 'laps', laps}`; `undefined` when the text is not one.
#[wasm_bindgen(js_name = parseGap, unchecked_return_type = "Gap | undefined")]
pub fn parse_gap(text: &str) -> Result<JsValue, JsValue> {
    match timing::parse_gap(text) {
        Some(gap) => to_js(&gap),
        None => Ok(JsValue::UNDEFINED),
    }
}

/// Seconds as F1 timing screens show them: `1:34:50.616`, `1:27.452`, `5.478`.
#[wasm_bindgen(js_name = formatDuration)]
pub fn format_duration(seconds: f64) -> Result<String, JsValue> {
    Duration::try_from_secs_f64(seconds)
        .map(timing::format_duration)
        .map_err(|_| invalid_input(format!("{seconds} is not a duration in seconds")))
}
