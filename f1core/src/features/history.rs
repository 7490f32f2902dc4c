//! Every started car of every race with results as one polars frame: the
//! per-row facts the point-in-time aggregates are computed from. A row holds
//! only what was known once its own race was over (its sequence numbers
//! count earlier rows only), so filtering on `k` is enough to stay in time.

use super::quali::{self, QualiIn};
use crate::analytics::started;
use crate::dataset::Dataset;
use crate::domain::{Id, QualifyingResult, RaceResult, StatusClass};
use crate::error::{Error, Result};
use polars::prelude::*;
use std::collections::HashMap;

pub(crate) fn polars_err(e: PolarsError) -> Error {
    Error::InvalidInput(format!("feature computation: {e}"))
}

/// Statuses that end a race by the driver's doing (or a crash), not the
/// car's: the rest of `Retired` counts as a technical failure.
fn incident(status: &str) -> bool {
    [
        "Accident",
        "Collision",
        "Spun",
        "Damage",
        "damage",
        "Fatal",
        "Puncture",
    ]
    .iter()
    .any(|w| status.contains(w))
}

/// Seconds of an optional duration.
pub(crate) fn secs(d: Option<std::time::Duration>) -> Option<f64> {
    d.map(|d| d.as_secs_f64())
}

pub(crate) fn quali_in(constructor: Id, q: Option<&QualifyingResult>) -> QualiIn {
    QualiIn {
        constructor,
        position: q.map(|q| q.position),
        times: q.map_or([None; 3], |q| [secs(q.q1), secs(q.q2), secs(q.q3)]),
    }
}

/// Grid slot as a number: a pit-lane start (0) counts as the back of the grid.
pub(crate) fn grid_slot(grid: u32, field: usize) -> f64 {
    if grid == 0 { field as f64 } else { grid as f64 }
}

#[derive(Default)]
struct Cols {
    k: Vec<u32>,
    year: Vec<u32>,
    round: Vec<u32>,
    circuit: Vec<u32>,
    driver: Vec<u32>,
    constructor: Vec<u32>,
    drv_n: Vec<u32>,
    con_n: Vec<u32>,
    finish: Vec<f64>,
    points: Vec<f64>,
    win: Vec<f64>,
    podium: Vec<f64>,
    dnf: Vec<f64>,
    mech: Vec<f64>,
    grid: Vec<f64>,
    gain: Vec<f64>,
    abs_gain: Vec<f64>,
    laps_share: Vec<Option<f64>>,
    quali: Vec<Option<f64>>,
    qgap: Vec<Option<f64>>,
    tm_quali: Vec<Option<f64>>,
    ahead_tm: Vec<Option<f64>>,
}

fn opt(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// The history frame, one row per started car, in race order.
pub(crate) fn build(ds: &Dataset) -> Result<DataFrame> {
    let mut c = Cols::default();
    let mut drv_starts: HashMap<Id, u32> = HashMap::new();
    let mut con_races: HashMap<Id, u32> = HashMap::new();
    for (k, race) in ds.all_races().iter().enumerate() {
        let field: Vec<&RaceResult> = ds
            .results_slice(race.id)
            .iter()
            .filter(|r| started(r))
            .collect();
        if field.is_empty() {
            continue;
        }
        let sprint: HashMap<Id, f64> = (ds.sprint_results_slice(race.id).iter())
            .map(|s| (s.driver_id, s.points))
            .collect();
        let quali_rows = ds.qualifying_of(race.id);
        let qin: Vec<QualiIn> = (field.iter())
            .map(|r| {
                let q = quali_rows.iter().find(|q| q.driver_id == r.driver_id);
                quali_in(r.constructor_id, q.copied())
            })
            .collect();
        let qout = quali::derive(&qin);
        let max_laps = field.iter().map(|r| r.laps).max().unwrap_or(0);
        let mut seen_cons: Vec<Id> = Vec::new();
        for (i, r) in field.iter().enumerate() {
            let n = drv_starts.entry(r.driver_id).or_insert(0);
            c.drv_n.push(*n);
            *n += 1;
            if !seen_cons.contains(&r.constructor_id) {
                seen_cons.push(r.constructor_id);
                *con_races.entry(r.constructor_id).or_insert(0) += 1;
            }
            c.con_n.push(con_races[&r.constructor_id] - 1);
            c.k.push(k as u32);
            c.year.push(race.year as u32);
            c.round.push(race.round);
            c.circuit.push(race.circuit_id);
            c.driver.push(r.driver_id);
            c.constructor.push(r.constructor_id);
            let finish = r.position_order as f64;
            let grid = grid_slot(r.grid, field.len());
            c.finish.push(finish);
            c.points
                .push(r.points + sprint.get(&r.driver_id).copied().unwrap_or(0.0));
            c.win.push(f64::from(r.position == Some(1)));
            c.podium.push(f64::from(r.position.is_some_and(|p| p <= 3)));
            c.dnf.push(f64::from(r.status_class.is_dnf()));
            let status = ds.status(r.status_id).map_or("", |s| s.status.as_str());
            c.mech.push(f64::from(
                r.status_class == StatusClass::Retired && !incident(status),
            ));
            c.grid.push(grid);
            c.gain.push(grid - finish);
            c.abs_gain.push((grid - finish).abs());
            c.laps_share
                .push((max_laps > 0).then(|| r.laps as f64 / max_laps as f64));
            c.quali.push(qin[i].position.map(f64::from));
            c.qgap.push(opt(qout[i].gap_pct));
            c.tm_quali.push(opt(qout[i].tm_pos_diff));
            let mates: Vec<u32> = (field.iter())
                .filter(|m| m.constructor_id == r.constructor_id && m.driver_id != r.driver_id)
                .map(|m| m.position_order)
                .collect();
            c.ahead_tm.push((!mates.is_empty()).then(|| {
                let beaten = mates.iter().filter(|&&m| r.position_order < m).count();
                beaten as f64 / mates.len() as f64
            }));
        }
    }
    let col = |name: &str, s: Series| -> Column { s.with_name(name.into()).into() };
    let u = |name: &str, v: Vec<u32>| col(name, Series::new(name.into(), v));
    let f = |name: &str, v: Vec<f64>| col(name, Series::new(name.into(), v));
    let o = |name: &str, v: Vec<Option<f64>>| col(name, Series::new(name.into(), v));
    let height = c.k.len();
    DataFrame::new(
        height,
        vec![
            u("k", c.k),
            u("year", c.year),
            u("round", c.round),
            u("circuit", c.circuit),
            u("driver", c.driver),
            u("constructor", c.constructor),
            u("drv_n", c.drv_n),
            u("con_n", c.con_n),
            f("finish", c.finish),
            f("points", c.points),
            f("win", c.win),
            f("podium", c.podium),
            f("dnf", c.dnf),
            f("mech", c.mech),
            f("grid", c.grid),
            f("gain", c.gain),
            f("abs_gain", c.abs_gain),
            o("laps_share", c.laps_share),
            o("quali", c.quali),
            o("qgap", c.qgap),
            o("tm_quali", c.tm_quali),
            o("ahead_tm", c.ahead_tm),
        ],
    )
    .map_err(polars_err)
}
