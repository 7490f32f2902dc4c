//! Joined, flat rows for users: results and qualifying with driver and
//! constructor names, ready to become a DataFrame or a JSON response.

use super::Dataset;
use crate::domain::{Id, QualifyingResult, RaceResult, RaceStatus, Session, StatusClass};
use crate::error::Result;
use crate::timing::{Gap, opt_secs};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RaceSummary {
    pub race_id: Id,
    pub year: u16,
    pub round: u32,
    pub name: String,
    pub date: NaiveDate,
    pub circuit_ref: String,
    pub circuit_name: String,
    pub country: String,
    pub status: RaceStatus,
    pub has_sprint: bool,
    pub sessions: Vec<Session>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultRow {
    pub position: Option<u32>,
    pub position_text: String,
    pub position_order: u32,
    pub number: Option<u32>,
    pub driver_ref: String,
    pub driver_code: Option<String>,
    pub driver_name: String,
    pub constructor_ref: String,
    pub constructor_name: String,
    pub grid: u32,
    pub laps: u32,
    #[serde(with = "opt_secs")]
    pub time: Option<Duration>,
    pub gap: Option<Gap>,
    pub status: String,
    pub status_class: StatusClass,
    pub points: f64,
    pub fastest_lap_rank: Option<u32>,
    #[serde(with = "opt_secs")]
    pub fastest_lap_time: Option<Duration>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QualifyingRow {
    pub position: u32,
    pub number: Option<u32>,
    pub driver_ref: String,
    pub driver_code: Option<String>,
    pub driver_name: String,
    pub constructor_ref: String,
    pub constructor_name: String,
    #[serde(with = "opt_secs")]
    pub q1: Option<Duration>,
    #[serde(with = "opt_secs")]
    pub q2: Option<Duration>,
    #[serde(with = "opt_secs")]
    pub q3: Option<Duration>,
}

impl Dataset {
    fn names(
        &self,
        driver_id: Id,
        constructor_id: Id,
    ) -> (String, Option<String>, String, String, String) {
        let d = self.driver(driver_id);
        let c = self.constructor(constructor_id);
        (
            d.map(|d| d.driver_ref.clone()).unwrap_or_default(),
            d.and_then(|d| d.code.clone()),
            d.map(|d| d.full_name()).unwrap_or_default(),
            c.map(|c| c.constructor_ref.clone()).unwrap_or_default(),
            c.map(|c| c.name.clone()).unwrap_or_default(),
        )
    }

    fn result_row(&self, r: &RaceResult) -> ResultRow {
        let (driver_ref, driver_code, driver_name, constructor_ref, constructor_name) =
            self.names(r.driver_id, r.constructor_id);
        ResultRow {
            position: r.position,
            position_text: r.position_text.clone(),
            position_order: r.position_order,
            number: r.number,
            driver_ref,
            driver_code,
            driver_name,
            constructor_ref,
            constructor_name,
            grid: r.grid,
            laps: r.laps,
            time: r.time,
            gap: r.gap,
            status: self
                .status(r.status_id)
                .map(|s| s.status.clone())
                .unwrap_or_default(),
            status_class: r.status_class,
            points: r.points,
            fastest_lap_rank: r.fastest_lap_rank,
            fastest_lap_time: r.fastest_lap_time,
        }
    }

    /// A race's classification joined with names (seed `GET /races/{id}/results`).
    pub fn race_results(&self, year: u16, round: u32) -> Result<Vec<ResultRow>> {
        let race = self.race(year, round)?;
        Ok(self
            .results_of(race.id)
            .into_iter()
            .map(|r| self.result_row(r))
            .collect())
    }

    /// A sprint's classification joined with names (empty without a sprint).
    pub fn sprint_results(&self, year: u16, round: u32) -> Result<Vec<ResultRow>> {
        let race = self.race(year, round)?;
        Ok(self
            .sprint_results_of(race.id)
            .into_iter()
            .map(|r| self.result_row(r))
            .collect())
    }

    /// Qualifying joined with names, in qualifying order.
    pub fn qualifying(&self, year: u16, round: u32) -> Result<Vec<QualifyingRow>> {
        let race = self.race(year, round)?;
        Ok(self
            .qualifying_of(race.id)
            .into_iter()
            .map(|q: &QualifyingResult| {
                let (driver_ref, driver_code, driver_name, constructor_ref, constructor_name) =
                    self.names(q.driver_id, q.constructor_id);
                QualifyingRow {
                    position: q.position,
                    number: q.number,
                    driver_ref,
                    driver_code,
                    driver_name,
                    constructor_ref,
                    constructor_name,
                    q1: q.q1,
                    q2: q.q2,
                    q3: q.q3,
                }
            })
            .collect())
    }
}
