//! Pit-stop window: from a race state (laps completed, the set on the car,
//! compounds used, stops left) the exact best race time to the flag for
//! every lap the car could make its next stop on, the laps within a
//! tolerance of the best, and the undercut / overcut against the cars around
//! (`undercut.rs`). See docs/strategy.md, "Pit window".
//!
//! A stop at the end of lap `s` costs the current set's laps up to `s`, the
//! pit loss, and the best plan for the `laps − s` laps left. The fuel term
//! depends only on the lap, and the lap's distance to the flag is the same in
//! the sub-race, so that best plan is exactly the optimiser's answer for a
//! `laps − s`-lap race. One DP sweep that tries every stint length holds the
//! answer for every sub-race length at once.

use super::rules::{self, MAX_SECS, MAX_SET_AGE, StintSpec, invalid};
use super::undercut::{self, PitDuel};
use super::{OptimiseRequest, Strategy, TyreSet, Weather, dp};
use crate::domain::Compound;
use crate::error::{Error, Result};
use crate::tyre::TyreModel;
use serde::{Deserialize, Serialize};

/// A car's race state and the rules for the rest of its race.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PitWindowRequest {
    /// Race distance in laps, 1..=200.
    pub laps: u32,
    /// Laps completed, `0..laps` (0 = on the grid).
    pub current_lap: u32,
    /// Compound of the set on the car.
    pub compound: Compound,
    /// Laps on that set at the end of `current_lap` (FastF1's `TyreLife` of
    /// that lap), ≤ 200.
    pub tyre_age: u32,
    /// Compounds of the earlier stints of this race (the current compound
    /// counts by itself); see `OptimiseRequest::compounds_used`.
    #[serde(default)]
    pub compounds_used: Vec<Compound>,
    /// Lap-time model of this car.
    pub model: TyreModel,
    /// Seconds lost per pit stop, finite and ≥ 0.
    pub pit_loss: f64,
    /// Stops still allowed, ≤ 10.
    pub max_stops: u32,
    /// Every stint after the next stop runs at least this many laps (≥ 1);
    /// the current stint, already under way, is not held to it.
    #[serde(default = "one")]
    pub min_stint: u32,
    /// Which compounds may be fitted from now on.
    pub weather: Weather,
    /// The sets left to fit (not the one on the car); `None` = unlimited new
    /// sets of every model compound.
    #[serde(default)]
    pub sets: Option<Vec<TyreSet>>,
    /// Seconds from the best time that a stop lap may lose and still be in
    /// the window, 0..=10⁴.
    #[serde(default = "default_tolerance")]
    pub tolerance: f64,
    /// The car in front, for the undercut.
    #[serde(default)]
    pub ahead: Option<Rival>,
    /// The car behind, for the overcut.
    #[serde(default)]
    pub behind: Option<Rival>,
    /// In the undercut and overcut the second car stops this many laps after
    /// the first (≥ 1).
    #[serde(default = "one")]
    pub laps_later: u32,
}

fn one() -> u32 {
    1
}

fn default_tolerance() -> f64 {
    1.0
}

/// A car ahead or behind, run on the same lap-time model.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rival {
    /// Seconds between it and us at the line at the end of `current_lap`,
    /// 0..=10⁴ (positive whether it is ahead or behind).
    pub gap: f64,
    pub compound: Compound,
    /// Laps on its set at the end of `current_lap`, ≤ 200.
    pub tyre_age: u32,
    /// Seconds per lap it is slower than our car on the same tyres
    /// (negative = faster).
    #[serde(default)]
    pub pace_offset: f64,
    /// The new compound it fits when it stops first (the overcut); default:
    /// the one our own best plan fits when stopping on that lap.
    #[serde(default)]
    pub next_compound: Option<Compound>,
}

/// One choice for the next stop, and the best race from now given it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PitOption {
    /// In-lap of the next stop; `None` = run to the flag on this set.
    pub pit_lap: Option<u32>,
    /// Compound fitted at that stop.
    pub next_compound: Option<Compound>,
    /// Modelled seconds from the end of `current_lap` to the flag.
    pub time: f64,
    /// `time` minus the best option's time (≥ 0).
    pub delta: f64,
    /// The whole plan from `current_lap + 1`, the current set's stint first;
    /// `total_time` equals `time`.
    pub plan: Strategy,
}

/// The answer: every option, the window and the fights for position.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PitWindow {
    /// The fastest option (ties go to the later stop, and to not stopping).
    pub best: PitOption,
    /// In-laps whose option is within `tolerance` of the best, ascending.
    /// Whether not stopping is also within it: `no_stop.delta`.
    pub window: Vec<u32>,
    /// The compound to fit at the next stop: that of the best option that
    /// stops, even when not stopping is better (`None`: no stop possible).
    pub next_compound: Option<Compound>,
    /// Running to the flag on this set, when the rules allow it.
    pub no_stop: Option<PitOption>,
    /// One per feasible in-lap, ascending.
    pub options: Vec<PitOption>,
    /// We stop next lap, the car ahead `laps_later` laps later.
    pub undercut: Option<PitDuel>,
    /// The car behind stops next lap, we `laps_later` laps later.
    pub overcut: Option<PitDuel>,
}

/// The best race from every next-stop lap; see the module doc.
pub fn pit_window(req: &PitWindowRequest) -> Result<PitWindow> {
    validate(req)?;
    let (n, l0, model) = (req.laps, req.current_lap, &req.model);
    let dry = req.weather == Weather::Dry;
    let mut used = req.compounds_used.clone();
    used.push(req.compound);

    // cur[i]: tyre cost of the next i laps on the current set, in ps.
    let to_go = n - l0;
    let mut cur = Vec::with_capacity(to_go as usize + 1);
    cur.push(0i64);
    for i in 0..to_go {
        let c = rules::tyre_ps(model, req.compound, req.tyre_age + i, n)?;
        cur.push(cur[i as usize] + c);
    }
    let mut fuel = 0i64; // the same for every option
    for lap in l0 + 1..=n {
        fuel += rules::fuel_lap_ps(model, lap, n)?;
    }

    // (time in ps, option) for each feasible next-stop lap.
    let mut found: Vec<(i64, Option<u32>, Strategy)> = Vec::new();
    let longest = to_go - 1; // laps left after a stop next lap
    if req.max_stops >= 1 && longest >= req.min_stint {
        let sub = OptimiseRequest {
            laps: longest,
            pit_loss: req.pit_loss,
            model: model.clone(),
            max_stops: req.max_stops - 1,
            min_stint: req.min_stint,
            weather: req.weather,
            sets: req.sets.clone(),
            starting: None,
            top_k: 1,
            compounds_used: used.clone(),
        };
        let sw = dp::sweep(&sub, rules::prepare_unchecked(&sub)?, true)?;
        for s in l0 + 1..=n - req.min_stint {
            let Some((cost, rest)) = sw.best_plan(n - s) else {
                continue; // no legal plan for the laps left
            };
            let ps = cur[(s - l0) as usize] + sw.p.pit_ps + cost + fuel;
            let mut stints = vec![(req.compound, req.tyre_age, s)];
            stints.extend(rest.iter().map(|&(c, age, last)| (c, age, s + last)));
            found.push((ps, Some(s), plan(l0, ps, &stints)));
        }
    }
    if rules::two_compounds_met(dry, &used, &[]) {
        let ps = cur[to_go as usize] + fuel;
        found.push((ps, None, plan(l0, ps, &[(req.compound, req.tyre_age, n)])));
    }
    let Some(best_ps) = found.iter().map(|f| f.0).min() else {
        return invalid(format!(
            "no plan from lap {l0} satisfies the rules: {to_go} laps to go, ≤ {} stops, \
             stints ≥ {} laps, {} set(s){}",
            req.max_stops,
            req.min_stint,
            req.sets
                .as_ref()
                .map_or("unlimited".to_string(), |s| s.len().to_string()),
            if dry { ", two dry compounds" } else { "" }
        ));
    };
    let tol_ps = rules::to_ps(req.tolerance, &|| "tolerance".into())?;
    let option = |(ps, pit_lap, plan): (i64, Option<u32>, Strategy)| PitOption {
        pit_lap,
        next_compound: plan.stints.get(1).map(|s| s.compound),
        time: plan.total_time,
        delta: rules::ps_to_secs(ps - best_ps),
        plan,
    };
    let window = found
        .iter()
        .filter(|f| f.1.is_some() && f.0 - best_ps <= tol_ps)
        .filter_map(|f| f.1)
        .collect();
    // Ties go to the later stop: staying out keeps the choice open.
    let best = found
        .iter()
        .min_by_key(|f| (f.0, std::cmp::Reverse(f.1.unwrap_or(u32::MAX))))
        .cloned()
        .map(option)
        .ok_or_else(|| Error::InvalidInput("no plan".into()))?;
    let mut options: Vec<PitOption> = found.into_iter().map(option).collect();
    let no_stop = options.pop_if(|o| o.pit_lap.is_none());
    let next_compound = options
        .iter()
        .rev() // ties: the later stop, as for `best`
        .min_by(|a, b| a.delta.total_cmp(&b.delta))
        .and_then(|o| o.next_compound);
    let (undercut, overcut) = undercut::duels(req, &options)?;
    Ok(PitWindow {
        best,
        window,
        next_compound,
        no_stop,
        options,
        undercut,
        overcut,
    })
}

/// The plan of an option, laps numbered in the race, time in seconds.
fn plan(l0: u32, ps: i64, stints: &[StintSpec]) -> Strategy {
    rules::strategy_from(l0 + 1, rules::ps_to_secs(ps), stints)
}

fn validate(req: &PitWindowRequest) -> Result<()> {
    rules::check_limits(
        req.laps,
        req.max_stops,
        req.pit_loss,
        req.min_stint,
        &req.model,
    )?;
    if req.current_lap >= req.laps {
        return invalid(format!(
            "current_lap must be below laps ({}), got {}",
            req.laps, req.current_lap
        ));
    }
    check_set("compound", req.compound, req.tyre_age, &req.model)?;
    if !(0.0..=MAX_SECS).contains(&req.tolerance) {
        return invalid(format!(
            "tolerance must be 0..={MAX_SECS} s, got {}",
            req.tolerance
        ));
    }
    if req.laps_later == 0 {
        return invalid("laps_later must be ≥ 1, got 0".into());
    }
    rules::set_types(req.sets.as_deref(), &req.model, req.weather == Weather::Dry)?;
    for (name, rival) in [("ahead", &req.ahead), ("behind", &req.behind)] {
        let Some(r) = rival else { continue };
        if !(0.0..=MAX_SECS).contains(&r.gap) {
            return invalid(format!(
                "{name}.gap must be 0..={MAX_SECS} s, got {}",
                r.gap
            ));
        }
        if !(r.pace_offset.is_finite() && r.pace_offset.abs() <= MAX_SECS) {
            return invalid(format!(
                "{name}.pace_offset must be within ±{MAX_SECS} s, got {}",
                r.pace_offset
            ));
        }
        check_set(
            &format!("{name}.compound"),
            r.compound,
            r.tyre_age,
            &req.model,
        )?;
        if let Some(c) = r.next_compound {
            check_set(&format!("{name}.next_compound"), c, 0, &req.model)?;
        }
    }
    Ok(())
}

fn check_set(field: &str, c: Compound, age: u32, model: &TyreModel) -> Result<()> {
    if model.compound(c).is_none() {
        return invalid(format!("{field} is {c:?} but the model has no {c:?}"));
    }
    if age > MAX_SET_AGE {
        return invalid(format!("{field}: tyre age {age} is above {MAX_SET_AGE}"));
    }
    Ok(())
}
