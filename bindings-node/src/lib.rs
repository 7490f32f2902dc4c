//! Node binding (napi-rs): translation only.
//!
//! `Dataset` wraps `f1core::Dataset`; every method forwards to the core and
//! returns plain JS objects (see `convert`). Core errors are thrown as JS
//! `Error`s with the core's message and a `code` (see `error`). Every export
//! is `catch_unwind`, so a panic in the core becomes a thrown `Error` instead
//! of aborting the Node process.
#![cfg(not(target_arch = "wasm32"))]

mod convert;
mod error;

use convert::{date_or_today, season_from_js, to_js};
use error::{IntoJs, Result};
use napi::{Env, Unknown};
use napi_derive::napi;
use serde_json::Value;

/// The Ergast dump, loaded once and queried in memory.
#[napi]
pub struct Dataset {
    inner: f1core::Dataset,
}

#[napi]
impl Dataset {
    /// Loads the Ergast CSV dump from `path` (the CSV folder or one holding
    /// `ergast/`); without a path, from the `F1CORE_DATA` environment variable.
    #[napi(factory, catch_unwind)]
    pub fn load(path: Option<String>) -> Result<Dataset> {
        let inner = f1core::Dataset::open(path.as_deref().map(std::path::Path::new)).js()?;
        Ok(Dataset { inner })
    }

    /// Every season in the dump, `{ year, url }`, oldest first.
    #[napi(catch_unwind, ts_return_type = "Array<Season>")]
    pub fn seasons<'e>(&self, env: &'e Env) -> Result<Unknown<'e>> {
        to_js(env, &self.inner.seasons())
    }

    /// A season's races in round order with their status as of today
    /// (empty for a year the dump does not list).
    #[napi(catch_unwind, ts_return_type = "Array<RaceSummary>")]
    pub fn races<'e>(&self, env: &'e Env, year: i64) -> Result<Unknown<'e>> {
        let today = date_or_today(None)?;
        let races = self.inner.races(convert::year(year)?);
        to_js(
            env,
            &races
                .iter()
                .map(|r| self.inner.summary(r, today))
                .collect::<Vec<_>>(),
        )
    }

    /// The race in progress on `date` (ISO `YYYY-MM-DD`, default today), else
    /// the next one scheduled; `null` after the last race in the data.
    #[napi(catch_unwind, ts_return_type = "RaceSummary | null")]
    pub fn current_race<'e>(&self, env: &'e Env, date: Option<String>) -> Result<Unknown<'e>> {
        to_js(env, &self.inner.current_race(date_or_today(date)?))
    }

    /// A race's classification with driver and constructor names.
    #[napi(catch_unwind, ts_return_type = "Array<ResultRow>")]
    pub fn race_results<'e>(&self, env: &'e Env, year: i64, round: i64) -> Result<Unknown<'e>> {
        to_js(
            env,
            &self
                .inner
                .race_results(convert::year(year)?, convert::round(round)?)
                .js()?,
        )
    }

    /// A sprint's classification (empty when the weekend had no sprint).
    #[napi(catch_unwind, ts_return_type = "Array<ResultRow>")]
    pub fn sprint_results<'e>(&self, env: &'e Env, year: i64, round: i64) -> Result<Unknown<'e>> {
        to_js(
            env,
            &self
                .inner
                .sprint_results(convert::year(year)?, convert::round(round)?)
                .js()?,
        )
    }

    /// Qualifying in qualifying order; q1/q2/q3 in seconds or `null`.
    #[napi(catch_unwind, ts_return_type = "Array<QualifyingRow>")]
    pub fn qualifying<'e>(&self, env: &'e Env, year: i64, round: i64) -> Result<Unknown<'e>> {
        to_js(
            env,
            &self
                .inner
                .qualifying(convert::year(year)?, convert::round(round)?)
                .js()?,
        )
    }

    /// Drivers' championship after `round` (default: the latest completed).
    #[napi(catch_unwind, ts_return_type = "Array<DriverStanding>")]
    pub fn driver_standings<'e>(
        &self,
        env: &'e Env,
        year: i64,
        round: Option<i64>,
    ) -> Result<Unknown<'e>> {
        to_js(
            env,
            &self
                .inner
                .driver_standings(convert::year(year)?, round.map(convert::round).transpose()?)
                .js()?,
        )
    }

    /// Constructors' championship after `round` (default: the latest completed).
    #[napi(catch_unwind, ts_return_type = "Array<ConstructorStanding>")]
    pub fn constructor_standings<'e>(
        &self,
        env: &'e Env,
        year: i64,
        round: Option<i64>,
    ) -> Result<Unknown<'e>> {
        to_js(
            env,
            &self
                .inner
                .constructor_standings(convert::year(year)?, round.map(convert::round).transpose()?)
                .js()?,
        )
    }

    /// A driver's season: starts, average finish/grid/qualifying, points,
    /// wins, podiums, poles, DNF rate and teammate head-to-head.
    #[napi(catch_unwind, ts_return_type = "DriverSeason")]
    pub fn driver_season<'e>(
        &self,
        env: &'e Env,
        driver_ref: String,
        year: i64,
    ) -> Result<Unknown<'e>> {
        to_js(
            env,
            &self
                .inner
                .driver_season(&driver_ref, convert::year(year)?)
                .js()?,
        )
    }

    /// `driverSeason` for every driver of a season, by points.
    #[napi(catch_unwind, ts_return_type = "Array<DriverSeason>")]
    pub fn season_performance<'e>(&self, env: &'e Env, year: i64) -> Result<Unknown<'e>> {
        to_js(
            env,
            &self.inner.season_performance(convert::year(year)?).js()?,
        )
    }

    /// Lap record, pit stops per driver, pole-to-win rate, safety cars, red
    /// flags and winners at a circuit, from season `since` on when given.
    #[napi(catch_unwind, ts_return_type = "CircuitInsights")]
    pub fn circuit_insights<'e>(
        &self,
        env: &'e Env,
        circuit_ref: String,
        since: Option<i64>,
    ) -> Result<Unknown<'e>> {
        let since = since.map(convert::year).transpose()?;
        to_js(env, &self.inner.circuit_insights(&circuit_ref, since).js()?)
    }

    /// A season's completed rounds in the `SeasonResults` shape that
    /// `standingsFromResults` (and the WASM binding) take.
    #[napi(catch_unwind, ts_return_type = "SeasonResults")]
    pub fn season_results<'e>(&self, env: &'e Env, year: i64) -> Result<Unknown<'e>> {
        to_js(env, &self.inner.season_results(convert::year(year)?).js()?)
    }
}

/// Both championships after the last round of `season`, computed from the
/// results given (a `SeasonResults` object or its JSON text). Entries without
/// `points` score by the season's points system.
#[napi(
    catch_unwind,
    ts_args_type = "season: SeasonResults | string",
    ts_return_type = "Standings"
)]
pub fn standings_from_results<'e>(env: &'e Env, season: Value) -> Result<Unknown<'e>> {
    let season = season_from_js(season)?;
    to_js(env, &f1core::standings::standings(&season, None).js()?)
}
