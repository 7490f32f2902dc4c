//! Request validation and everything computed once per request: catalogue
//! defaults, resolved strategies, lap-time tables and the points table. The
//! race loop then only adds numbers it finds here.

use super::{MAX_CARS, MAX_RUNS, MonteCarloRequest, StrategyChoice};
use crate::catalogue::{self, CircuitFacts};
use crate::domain::Compound;
use crate::error::{Error, Result};
use crate::sim::traffic::PassingRule;
use crate::standings::PointsSystem;
use crate::strategy::{OptimiseRequest, PlannedStint, Strategy, Weather, optimise};
use crate::tyre::TyreModel;
use std::collections::BTreeMap;

const MAX_LAPS: u32 = 200;
const MAX_STOPS: usize = 10;
/// The optimiser's top-K limit.
const MAX_RANK: u32 = 20;

/// One stint as the race loop uses it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Stint {
    /// Start of the compound's row in the tyre table.
    pub tyre: u32,
    pub start_age: u32,
    /// In-lap of the stop that ends it; `NO_STOP` for the last stint.
    pub end: u32,
}

pub(super) const NO_STOP: u32 = u32::MAX;

/// A validated request, ready to race.
#[derive(Debug)]
pub(super) struct Prepared {
    pub n: usize,
    pub laps: u32,
    /// `tyre[row + age]`: lap time at tyre `age` without fuel (the model's
    /// last-lap time); one row per model compound, long enough for any age
    /// a race can reach.
    pub tyre: Vec<f64>,
    /// `fuel[lap]`: fuel part of lap `lap` (index 0 unused).
    pub fuel: Vec<f64>,
    pub pace: Vec<f64>,
    /// Car index on each grid slot.
    pub grid: Vec<u16>,
    pub plans: Vec<Vec<Stint>>,
    pub planned: Vec<Vec<PlannedStint>>,
    pub dnf: Vec<f64>,
    pub rule: PassingRule,
    pub lap_sd: f64,
    pub start_sd: f64,
    pub grid_gap: f64,
    pub p_sc: f64,
    pub p_vsc: f64,
    pub sc_laps: u32,
    pub vsc_laps: u32,
    pub sc_lap: f64,
    pub vsc_lap: f64,
    /// Pit loss under green, safety car, VSC.
    pub pit_loss: [f64; 3],
    pub queue_gap: f64,
    pub pit_window: u32,
    pub points_season: u16,
    /// Points by finishing place (index 0 = winner), `n` long.
    pub points: Vec<f64>,
    /// Fastest-lap bonus for each finishing place (0 where none).
    pub fastest_lap_bonus: Vec<f64>,
}

fn bad<T>(msg: String) -> Result<T> {
    Err(Error::InvalidInput(msg))
}

fn check(what: &str, v: f64, ok: bool) -> Result<()> {
    if ok && v.is_finite() {
        Ok(())
    } else {
        bad(format!("{what} out of range: {v}"))
    }
}

fn unit(what: &str, v: f64) -> Result<()> {
    check(what, v, (0.0..=1.0).contains(&v))
}

fn non_negative(what: &str, v: f64) -> Result<()> {
    check(what, v, v >= 0.0)
}

/// A figure from the request, else from the circuit, else an error naming it.
fn pick<T>(
    given: Option<T>,
    circuit: Option<&CircuitFacts>,
    f: fn(&CircuitFacts) -> T,
    what: &str,
) -> Result<T> {
    match (given, circuit) {
        (Some(v), _) => Ok(v),
        (None, Some(c)) => Ok(f(c)),
        (None, None) => bad(format!("`{what}` is required when no `circuit` is given")),
    }
}

pub(super) fn prepare(req: &MonteCarloRequest) -> Result<Prepared> {
    let circuit = req.circuit.as_deref().map(catalogue::get).transpose()?;
    let laps = pick(req.laps, circuit, |c| c.race_laps, "laps")?;
    if !(1..=MAX_LAPS).contains(&laps) {
        return bad(format!("laps must be 1..={MAX_LAPS}, got {laps}"));
    }
    let pit_loss = pick(req.pit_loss, circuit, |c| c.pit_loss, "pit_loss")?;
    non_negative("pit_loss", pit_loss)?;
    let model = pick(req.model.clone(), circuit, |c| c.tyre_model(), "model")?;
    model.validate()?;
    let rule = pick(
        req.passing,
        circuit,
        |c| PassingRule::new(c.overtake_delta),
        "passing",
    )?;
    rule.validate()?;
    let n = req.cars.len();
    if !(1..=MAX_CARS).contains(&n) {
        return bad(format!("cars: 1..={MAX_CARS} cars, got {n}"));
    }
    if !(1..=MAX_RUNS).contains(&req.runs) {
        return bad(format!("runs must be 1..={MAX_RUNS}, got {}", req.runs));
    }
    let noise = &req.noise;
    non_negative("noise.lap_sd", noise.lap_sd)?;
    non_negative("noise.start_sd", noise.start_sd)?;
    non_negative("noise.grid_gap", noise.grid_gap)?;
    let nt = &req.neutralisation;
    let p_sc = nt
        .safety_car_probability
        .or(circuit.map(|c| c.safety_car_probability))
        .unwrap_or(0.0);
    let p_vsc = nt
        .vsc_probability
        .or(circuit.map(|c| c.vsc_probability))
        .unwrap_or(0.0);
    unit("neutralisation.safety_car_probability", p_sc)?;
    unit("neutralisation.vsc_probability", p_vsc)?;
    for (what, v) in [
        ("safety_car_lap_factor", nt.safety_car_lap_factor),
        ("vsc_lap_factor", nt.vsc_lap_factor),
    ] {
        check(
            &format!("neutralisation.{what}"),
            v,
            (1.0..=5.0).contains(&v),
        )?;
    }
    unit(
        "neutralisation.safety_car_pit_factor",
        nt.safety_car_pit_factor,
    )?;
    unit("neutralisation.vsc_pit_factor", nt.vsc_pit_factor)?;
    non_negative("neutralisation.queue_gap", nt.queue_gap)?;
    for (what, v) in [
        ("safety_car_laps", nt.safety_car_laps),
        ("vsc_laps", nt.vsc_laps),
    ] {
        if !(1..=MAX_LAPS).contains(&v) {
            return bad(format!(
                "neutralisation.{what} must be 1..={MAX_LAPS}, got {v}"
            ));
        }
    }
    let points_season = req.points_season.unwrap_or(super::DEFAULT_POINTS_SEASON);
    if points_season < 1950 {
        return bad(format!("points_season must be ≥ 1950, got {points_season}"));
    }

    let mut pace = Vec::with_capacity(n);
    let mut dnf = Vec::with_capacity(n);
    for (i, car) in req.cars.iter().enumerate() {
        check(
            &format!("cars[{i}].pace_offset"),
            car.pace_offset,
            car.pace_offset.abs() <= 60.0,
        )?;
        unit(&format!("cars[{i}].dnf_probability"), car.dnf_probability)?;
        pace.push(car.pace_offset);
        dnf.push(car.dnf_probability);
    }
    let grid = grid_order(req)?;
    let planned = strategies(req, laps, pit_loss, &model)?;
    let max_age = planned
        .iter()
        .flatten()
        .map(|s| s.start_age)
        .max()
        .unwrap_or(0);
    let stride = (laps + max_age + 1) as usize;
    let mut tyre = Vec::with_capacity(model.compounds.len() * stride);
    for m in &model.compounds {
        for age in 0..stride as u32 {
            // On the last lap the model's fuel term is zero.
            tyre.push(
                model
                    .lap_time(m.compound, age, laps, laps)
                    .unwrap_or(f64::NAN),
            );
        }
    }
    let fuel = (0..=laps)
        .map(|l| model.fuel_effect * laps.saturating_sub(l) as f64)
        .collect();
    let plans = planned
        .iter()
        .map(|stints| {
            let last = stints.len() - 1;
            stints
                .iter()
                .enumerate()
                .map(|(i, s)| Stint {
                    tyre: (stride
                        * model
                            .compounds
                            .iter()
                            .position(|m| m.compound == s.compound)
                            .unwrap_or(0)) as u32,
                    start_age: s.start_age,
                    end: if i == last { NO_STOP } else { s.last_lap },
                })
                .collect()
        })
        .collect();
    let ps = PointsSystem::for_season(points_season, 0);
    let points = (1..=n as u32)
        .map(|p| ps.position_points(0, Some(p), false))
        .collect();
    let fastest_lap_bonus = (1..=n as u32)
        .map(|p| ps.fastest_lap_points(Some(p), Some(1), false))
        .collect();
    Ok(Prepared {
        n,
        laps,
        tyre,
        fuel,
        pace,
        grid,
        plans,
        planned,
        dnf,
        rule,
        lap_sd: noise.lap_sd,
        start_sd: noise.start_sd,
        grid_gap: noise.grid_gap,
        p_sc,
        p_vsc,
        sc_laps: nt.safety_car_laps,
        vsc_laps: nt.vsc_laps,
        sc_lap: model.base_lap * nt.safety_car_lap_factor,
        vsc_lap: model.base_lap * nt.vsc_lap_factor,
        pit_loss: [
            pit_loss,
            pit_loss * nt.safety_car_pit_factor,
            pit_loss * nt.vsc_pit_factor,
        ],
        queue_gap: nt.queue_gap,
        pit_window: nt.pit_window.min(laps),
        points_season,
        points,
        fastest_lap_bonus,
    })
}

/// Car index per grid slot: the given slots (a permutation of 1..=n) or the
/// list order.
fn grid_order(req: &MonteCarloRequest) -> Result<Vec<u16>> {
    let n = req.cars.len();
    let given = req.cars.iter().filter(|c| c.grid.is_some()).count();
    if given == 0 {
        return Ok((0..n as u16).collect());
    }
    if given != n {
        return bad(format!(
            "cars: grid given for {given} of {n} cars; give it for all or none"
        ));
    }
    let mut slots = vec![u16::MAX; n];
    for (i, car) in req.cars.iter().enumerate() {
        let g = car.grid.unwrap_or(0);
        let slot = (g as usize).checked_sub(1).filter(|&s| s < n);
        match slot {
            Some(s) if slots[s] == u16::MAX => slots[s] = i as u16,
            _ => return bad(format!("cars[{i}].grid: {g} is not a free slot of 1..={n}")),
        }
    }
    Ok(slots)
}

/// Every car's plan as stints: given stops checked, `optimal` ones from the
/// DP (one optimiser run per distinct starting compound).
fn strategies(
    req: &MonteCarloRequest,
    laps: u32,
    pit_loss: f64,
    model: &TyreModel,
) -> Result<Vec<Vec<PlannedStint>>> {
    let weather = req.weather.unwrap_or(Weather::Dry);
    // Deepest rank asked per starting compound: one DP run each.
    let mut optimal: BTreeMap<Option<Compound>, (u32, Vec<Strategy>)> = BTreeMap::new();
    for (i, car) in req.cars.iter().enumerate() {
        if let StrategyChoice::Optimal { rank, starting } = &car.strategy {
            if !(1..=MAX_RANK).contains(rank) {
                return bad(format!(
                    "cars[{i}].strategy.rank must be 1..={MAX_RANK}, got {rank}"
                ));
            }
            let deepest = &mut optimal.entry(*starting).or_default().0;
            *deepest = (*deepest).max(*rank);
        }
    }
    for (starting, (top_k, found)) in optimal.iter_mut() {
        *found = optimise(&OptimiseRequest {
            laps,
            pit_loss,
            model: model.clone(),
            max_stops: req.max_stops,
            min_stint: req.min_stint,
            weather,
            sets: None,
            starting: *starting,
            top_k: *top_k,
            compounds_used: Vec::new(),
        })?;
    }
    let mut out = Vec::with_capacity(req.cars.len());
    for (i, car) in req.cars.iter().enumerate() {
        let plan = match &car.strategy {
            StrategyChoice::Optimal { rank, starting } => {
                let found = &optimal[starting].1;
                match found.get(*rank as usize - 1) {
                    Some(s) => s.stints.clone(),
                    None => {
                        return bad(format!(
                            "cars[{i}].strategy.rank: {rank} asked, only {} distinct strategies exist",
                            found.len()
                        ));
                    }
                }
            }
            StrategyChoice::Stops {
                starting,
                pit_stops,
            } => {
                let at = |j: usize| format!("cars[{i}].strategy.pit_stops[{j}]");
                if pit_stops.len() > MAX_STOPS {
                    return bad(format!(
                        "cars[{i}].strategy.pit_stops: at most {MAX_STOPS} stops"
                    ));
                }
                let mut stints = Vec::with_capacity(pit_stops.len() + 1);
                let (mut compound, mut first) = (*starting, 1);
                for (j, stop) in pit_stops.iter().enumerate() {
                    if stop.lap < first || stop.lap >= laps {
                        return bad(format!(
                            "{}.lap: {} must be {first}..{laps} (after the previous stop, before the last lap)",
                            at(j),
                            stop.lap
                        ));
                    }
                    stints.push(PlannedStint {
                        compound,
                        first_lap: first,
                        last_lap: stop.lap,
                        start_age: 0,
                    });
                    (compound, first) = (stop.compound, stop.lap + 1);
                }
                stints.push(PlannedStint {
                    compound,
                    first_lap: first,
                    last_lap: laps,
                    start_age: 0,
                });
                for s in &stints {
                    if model.compound(s.compound).is_none() {
                        return bad(format!(
                            "cars[{i}].strategy: the model has no {:?}",
                            s.compound
                        ));
                    }
                }
                stints
            }
        };
        out.push(plan);
    }
    Ok(out)
}
