//! Request validation and the integer lap costs both optimisers share.
//!
//! Costs are summed in integer picoseconds: lap times are rounded once per
//! lap, after which addition is exact and associative. That makes
//! mathematically tied strategies (e.g. the same two stints in either order)
//! tie exactly, so the tie-break — and hence the top-K list — is
//! deterministic and the same for the DP and the brute-force reference.

use super::{OptimiseRequest, PlannedStint, Strategy, Weather};
use crate::domain::Compound;
use crate::error::{Error, Result};
use crate::tyre::TyreModel;

pub(crate) const MAX_LAPS: u32 = 200;
pub(crate) const MAX_STOPS: u32 = 10;
/// Stints a strategy can have (`MAX_STOPS + 1`); sizes the inline keys.
pub(crate) const MAX_STINTS: usize = MAX_STOPS as usize + 1;
pub(crate) const MAX_SETS: usize = 16;
pub(crate) const MAX_SET_AGE: u32 = 200;
pub(crate) const MAX_TOP_K: u32 = 20;
/// Bound on any lap time / pit loss so picosecond sums fit an i64
/// (200 laps + 10 stops of 1e4 s = 2.1e18 ps < 9.2e18).
const MAX_SECS: f64 = 1e4;
const PS: f64 = 1e12;

/// A kind of set the optimiser can fit: compound, age when fitted, and how
/// many such sets there are (`u32::MAX` = unlimited).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct SetType {
    pub compound: Compound,
    pub age: u32,
    pub count: u32,
}

/// A validated request in the form the optimisers use.
#[derive(Debug)]
pub(crate) struct Prepared {
    pub laps: u32,
    pub min_stint: u32,
    pub max_stints: usize,
    pub top_k: usize,
    pub dry: bool,
    pub starting: Option<Compound>,
    pub unlimited: bool,
    /// Usable set types, sorted by (compound, age): the tie-break order.
    pub types: Vec<SetType>,
    pub pit_ps: i64,
    /// Fuel part of the race time: the same for every strategy.
    pub fuel_ps: i64,
}

fn invalid<T>(msg: String) -> Result<T> {
    Err(Error::InvalidInput(msg))
}

fn to_ps(secs: f64, what: &dyn Fn() -> String) -> Result<i64> {
    if !(secs.is_finite() && secs.abs() <= MAX_SECS) {
        return invalid(format!("{} is {secs} s, outside ±{MAX_SECS} s", what()));
    }
    Ok((secs * PS).round() as i64)
}

/// Lap time without the fuel part (compound, wear at `age`), in ps.
pub(crate) fn tyre_ps(model: &TyreModel, c: Compound, age: u32, laps: u32) -> Result<i64> {
    // On the last lap the model's fuel term is zero.
    let t = model
        .lap_time(c, age, laps, laps)
        .ok_or_else(|| Error::InvalidInput(format!("the model has no {c:?}")))?;
    to_ps(t, &|| format!("the {c:?} lap time at tyre age {age}"))
}

/// Fuel part of lap `lap`, in ps.
pub(crate) fn fuel_lap_ps(model: &TyreModel, lap: u32, laps: u32) -> Result<i64> {
    let f = model.fuel_effect * laps.saturating_sub(lap) as f64;
    to_ps(f, &|| format!("the fuel effect on lap {lap}"))
}

pub(crate) fn weather_allows(dry: bool, c: Compound) -> bool {
    c.is_dry() == dry
}

pub(crate) fn prepare(req: &OptimiseRequest) -> Result<Prepared> {
    if !(1..=MAX_LAPS).contains(&req.laps) {
        return invalid(format!("laps must be 1..={MAX_LAPS}, got {}", req.laps));
    }
    if req.max_stops > MAX_STOPS {
        return invalid(format!(
            "max_stops must be ≤ {MAX_STOPS}, got {}",
            req.max_stops
        ));
    }
    if !(req.pit_loss.is_finite() && req.pit_loss >= 0.0) {
        return invalid(format!(
            "pit_loss must be finite and ≥ 0, got {}",
            req.pit_loss
        ));
    }
    if req.min_stint == 0 {
        return invalid("min_stint must be ≥ 1, got 0".into());
    }
    if !(1..=MAX_TOP_K).contains(&req.top_k) {
        return invalid(format!("top_k must be 1..={MAX_TOP_K}, got {}", req.top_k));
    }
    req.model.validate()?;
    let dry = req.weather == Weather::Dry;
    let laps = req.laps;
    let pit_ps = to_ps(req.pit_loss, &|| "pit_loss".into())?;

    let types = match &req.sets {
        None => {
            let mut cs: Vec<Compound> = req
                .model
                .compounds
                .iter()
                .map(|m| m.compound)
                .filter(|&c| weather_allows(dry, c))
                .collect();
            cs.sort();
            cs.into_iter()
                .map(|compound| SetType {
                    compound,
                    age: 0,
                    count: u32::MAX,
                })
                .collect()
        }
        Some(sets) => {
            if sets.len() > MAX_SETS {
                return invalid(format!("at most {MAX_SETS} sets, got {}", sets.len()));
            }
            let mut types: Vec<SetType> = Vec::new();
            for (i, s) in sets.iter().enumerate() {
                if s.age > MAX_SET_AGE {
                    return invalid(format!("set {i} has age {}, max {MAX_SET_AGE}", s.age));
                }
                // Sets for the other weather are simply not fitted.
                if !weather_allows(dry, s.compound) {
                    continue;
                }
                if req.model.compound(s.compound).is_none() {
                    return invalid(format!(
                        "set {i} is {:?} but the model has no {:?}",
                        s.compound, s.compound
                    ));
                }
                match types
                    .iter_mut()
                    .find(|t| t.compound == s.compound && t.age == s.age)
                {
                    Some(t) => t.count += 1,
                    None => types.push(SetType {
                        compound: s.compound,
                        age: s.age,
                        count: 1,
                    }),
                }
            }
            types.sort();
            types
        }
    };
    let weather = if dry { "dry" } else { "wet" };
    if types.is_empty() {
        return invalid(format!("no {weather} compound is available"));
    }
    if let Some(c) = req.starting
        && !types.iter().any(|t| t.compound == c)
    {
        return invalid(format!(
            "starting compound {c:?} is not available in a {weather} race"
        ));
    }
    if req.min_stint > laps {
        return invalid(format!(
            "min_stint {} is longer than the race ({laps} laps)",
            req.min_stint
        ));
    }
    if dry {
        let mut cs: Vec<Compound> = types.iter().map(|t| t.compound).collect();
        cs.dedup();
        if cs.len() < 2 {
            return invalid(format!(
                "a dry race must use two different dry compounds, only {cs:?} available"
            ));
        }
        if req.max_stops == 0 {
            return invalid(
                "a dry race needs at least one stop (two compounds), max_stops is 0".into(),
            );
        }
        if 2 * req.min_stint > laps {
            return invalid(format!(
                "a dry race needs two stints of ≥ {} laps, the race has {laps}",
                req.min_stint
            ));
        }
    }
    let mut fuel_ps = 0i64;
    for lap in 1..=laps {
        fuel_ps += fuel_lap_ps(&req.model, lap, laps)?;
    }
    Ok(Prepared {
        laps,
        min_stint: req.min_stint,
        max_stints: req.max_stops as usize + 1,
        top_k: req.top_k as usize,
        dry,
        starting: req.starting,
        unlimited: req.sets.is_none(),
        types,
        pit_ps,
        fuel_ps,
    })
}

/// The error when the rules leave no strategy (after the specific checks).
pub(crate) fn no_strategy(req: &OptimiseRequest) -> Error {
    Error::InvalidInput(format!(
        "no strategy satisfies the rules: {} laps, ≤ {} stops, stints ≥ {} laps, {} set(s){}",
        req.laps,
        req.max_stops,
        req.min_stint,
        req.sets
            .as_ref()
            .map_or("unlimited".to_string(), |s| s.len().to_string()),
        if req.weather == Weather::Dry {
            ", two dry compounds"
        } else {
            ""
        }
    ))
}

/// Builds the output for stints given as (compound, start_age, last_lap).
pub(crate) fn strategy(total_time: f64, stints: &[(Compound, u32, u32)]) -> Strategy {
    let mut first = 1;
    let stints: Vec<PlannedStint> = stints
        .iter()
        .map(|&(compound, start_age, last_lap)| {
            let s = PlannedStint {
                compound,
                first_lap: first,
                last_lap,
                start_age,
            };
            first = last_lap + 1;
            s
        })
        .collect();
    let pit_laps = stints[..stints.len().saturating_sub(1)]
        .iter()
        .map(|s| s.last_lap)
        .collect();
    Strategy {
        total_time,
        stops: (stints.len() as u32).saturating_sub(1),
        stints,
        pit_laps,
    }
}

/// Tie-break key element of a stint: compound first, then its last lap.
pub(crate) fn key_of(c: Compound, last_lap: u32) -> u16 {
    ((c as u16) << 8) | last_lap as u16
}

pub(crate) fn ps_to_secs(ps: i64) -> f64 {
    ps as f64 / PS
}
