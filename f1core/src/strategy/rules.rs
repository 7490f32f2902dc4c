//! Request validation and the integer lap costs both optimisers share.
//!
//! Costs are summed in integer picoseconds: lap times are rounded once per
//! lap, after which addition is exact and associative. That makes
//! mathematically tied strategies (e.g. the same two stints in either order)
//! tie exactly, so the tie-break — and hence the top-K list — is
//! deterministic and the same for the DP and the brute-force reference.

use super::{OptimiseRequest, PlannedStint, Strategy, TyreSet, Weather};
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
pub(crate) const MAX_SECS: f64 = 1e4;
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
    /// `compounds_used` of the request: compounds run before these laps.
    pub used: Vec<Compound>,
    pub starting: Option<Compound>,
    pub unlimited: bool,
    /// Usable set types, sorted by (compound, age): the tie-break order.
    pub types: Vec<SetType>,
    pub pit_ps: i64,
    /// Fuel part of the race time: the same for every strategy.
    pub fuel_ps: i64,
}

pub(crate) fn invalid<T>(msg: String) -> Result<T> {
    Err(Error::InvalidInput(msg))
}

pub(crate) fn to_ps(secs: f64, what: &dyn Fn() -> String) -> Result<i64> {
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

/// The two-compound rule for a plan running `plan` after `used`: in the dry
/// at least two different dry compounds over the whole race, unless an
/// Intermediate or Wet was used (FIA Sporting Regulations: the rule applies
/// only to races run entirely on slicks). Always met in the wet.
pub(crate) fn two_compounds_met(dry: bool, used: &[Compound], plan: &[Compound]) -> bool {
    if !dry || used.iter().any(|c| !c.is_dry()) {
        return true;
    }
    let mut cs: Vec<Compound> = used.iter().chain(plan).copied().collect();
    cs.sort();
    cs.dedup();
    cs.len() >= 2
}

/// Whether the rule still asks anything of the plan (dry, not yet met).
fn rule_pending(dry: bool, used: &[Compound]) -> bool {
    !two_compounds_met(dry, used, &[])
}

/// The set types a request may fit, sorted by (compound, age): explicit sets
/// grouped, or one unlimited new set per model compound. Sets of the other
/// weather are dropped; a set of a compound the model lacks is an error.
pub(crate) fn set_types(
    sets: Option<&[TyreSet]>,
    model: &TyreModel,
    dry: bool,
) -> Result<Vec<SetType>> {
    let Some(sets) = sets else {
        let mut cs: Vec<Compound> = model
            .compounds
            .iter()
            .map(|m| m.compound)
            .filter(|&c| weather_allows(dry, c))
            .collect();
        cs.sort();
        return Ok(cs
            .into_iter()
            .map(|compound| SetType {
                compound,
                age: 0,
                count: u32::MAX,
            })
            .collect());
    };
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
        if model.compound(s.compound).is_none() {
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
    Ok(types)
}

/// Checks the shared scalar fields of a request (also used by the pit window).
pub(crate) fn check_limits(
    laps: u32,
    max_stops: u32,
    pit_loss: f64,
    min_stint: u32,
    model: &TyreModel,
) -> Result<()> {
    if !(1..=MAX_LAPS).contains(&laps) {
        return invalid(format!("laps must be 1..={MAX_LAPS}, got {laps}"));
    }
    if max_stops > MAX_STOPS {
        return invalid(format!("max_stops must be ≤ {MAX_STOPS}, got {max_stops}"));
    }
    if !(pit_loss.is_finite() && pit_loss >= 0.0) {
        return invalid(format!("pit_loss must be finite and ≥ 0, got {pit_loss}"));
    }
    if min_stint == 0 {
        return invalid("min_stint must be ≥ 1, got 0".into());
    }
    model.validate()
}

/// Validates a request and converts it, without the feasibility checks of
/// [`prepare`] (the DP finds infeasibility itself; the pit window needs
/// every sub-race length, not only feasible full races).
pub(crate) fn prepare_unchecked(req: &OptimiseRequest) -> Result<Prepared> {
    check_limits(
        req.laps,
        req.max_stops,
        req.pit_loss,
        req.min_stint,
        &req.model,
    )?;
    if !(1..=MAX_TOP_K).contains(&req.top_k) {
        return invalid(format!("top_k must be 1..={MAX_TOP_K}, got {}", req.top_k));
    }
    let dry = req.weather == Weather::Dry;
    let laps = req.laps;
    let pit_ps = to_ps(req.pit_loss, &|| "pit_loss".into())?;
    let types = set_types(req.sets.as_deref(), &req.model, dry)?;
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
        used: req.compounds_used.clone(),
        starting: req.starting,
        unlimited: req.sets.is_none(),
        types,
        pit_ps,
        fuel_ps,
    })
}

/// [`prepare_unchecked`] plus early, specific errors for infeasible requests.
pub(crate) fn prepare(req: &OptimiseRequest) -> Result<Prepared> {
    let p = prepare_unchecked(req)?;
    let laps = p.laps;
    let weather = if p.dry { "dry" } else { "wet" };
    if p.types.is_empty() {
        return invalid(format!("no {weather} compound is available"));
    }
    if let Some(c) = req.starting
        && !p.types.iter().any(|t| t.compound == c)
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
    if rule_pending(p.dry, &p.used) {
        let avail: Vec<Compound> = p.types.iter().map(|t| t.compound).collect();
        if !two_compounds_met(true, &p.used, &avail) {
            let mut cs: Vec<Compound> = p.used.iter().chain(&avail).copied().collect();
            cs.sort();
            cs.dedup();
            return invalid(format!(
                "a dry race must use two different dry compounds, only {cs:?} available"
            ));
        }
        // One compound already used: a single stint of another one will do.
        if p.used.is_empty() {
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
    }
    Ok(p)
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
        if rule_pending(req.weather == Weather::Dry, &req.compounds_used) {
            ", two dry compounds"
        } else {
            ""
        }
    ))
}

/// A planned stint as the optimisers carry it: (compound, start_age, last_lap).
pub(crate) type StintSpec = (Compound, u32, u32);

/// Builds the output for stints given as (compound, start_age, last_lap).
pub(crate) fn strategy(total_time: f64, stints: &[StintSpec]) -> Strategy {
    strategy_from(1, total_time, stints)
}

/// [`strategy`] for a plan whose first stint starts on lap `first`.
pub(crate) fn strategy_from(mut first: u32, total_time: f64, stints: &[StintSpec]) -> Strategy {
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
