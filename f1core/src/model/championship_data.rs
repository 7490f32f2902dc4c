//! A [`ChampionshipRequest`] from a loaded dump (feature `data`): the
//! standings after a round (points, round-by-round points where scores are
//! dropped, countback), the rest of the calendar with its sprints, and the
//! strengths of the field from the pre-qualifying race model, fitted on the
//! races up to that round only.

use super::championship::{
    ChampionshipConstructor, ChampionshipDriver, ChampionshipRequest, ChampionshipResponse,
    DEFAULT_DRIVER_FORM_SD, FASTEST_LAP_BY_POSITION, RemainingRound, championship,
};
use super::race::{RaceModel, RaceModelKind};
use super::race_fit::{FitOptions, fit};
use crate::dataset::Dataset;
use crate::error::{Error, Result};
use crate::features::{FeatureBuilder, FieldEntry, RaceSample, UpcomingRace};
use crate::standings::{self, PointsSystem, RoundResults, SeasonResults};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Spread of the per-run constructor form offset used by default: chosen
/// on the 1996–2009 snapshots, before looking at 2010–2024 (see
/// docs/prediction.md).
pub const DEFAULT_FORM_SD: f64 = 0.5;

/// How a snapshot's request is made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnapshotOptions {
    pub runs: u32,
    pub seed: u64,
    /// Seasons before the snapshot's the race model is fitted on (plus the
    /// season's rounds so far).
    pub train_seasons: u16,
    pub fit: FitOptions,
    pub form_sd: f64,
    /// Spread of the per-run driver form offset (see
    /// [`ChampionshipRequest::driver_form_sd`]).
    #[serde(default = "default_driver_form_sd")]
    pub driver_form_sd: f64,
    /// The season's sprint rounds, when the dump cannot tell: a calendar
    /// row of a season ahead has no session dates (the 2025 rows have
    /// none). `None`: sprint sessions or sprint results in the dump.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sprint_rounds: Option<Vec<u32>>,
}

impl Default for SnapshotOptions {
    fn default() -> Self {
        SnapshotOptions {
            runs: 10_000,
            seed: 1,
            train_seasons: 8,
            fit: FitOptions::default(),
            form_sd: DEFAULT_FORM_SD,
            driver_form_sd: DEFAULT_DRIVER_FORM_SD,
            sprint_rounds: None,
        }
    }
}

fn default_driver_form_sd() -> f64 {
    DEFAULT_DRIVER_FORM_SD
}

/// Counts of classified places 1, 2, … per key.
fn count_place(map: &mut HashMap<String, Vec<u32>>, key: &str, place: Option<u32>) {
    if let Some(p) = place.filter(|p| (1..=standings::MAX_POSITION).contains(p)) {
        let v = map.entry(key.to_string()).or_default();
        if v.len() < p as usize {
            v.resize(p as usize, 0);
        }
        v[p as usize - 1] += 1;
    }
}

/// The season's completed rounds up to `after_round` (which must have
/// results, unless 0).
fn rounds_so_far(ds: &Dataset, season: u16, after_round: u32) -> Result<SeasonResults> {
    let mut s = ds.season_results(season)?;
    s.rounds.retain(|r| r.round <= after_round);
    if after_round > 0 && !s.rounds.iter().any(|r| r.round == after_round) {
        return Err(Error::NotFound(format!(
            "results of {season} round {after_round} (the snapshot must follow a completed round)"
        )));
    }
    Ok(s)
}

/// Drivers' and constructors' states after the rounds in `s`.
fn states(
    s: &SeasonResults,
    sys: &PointsSystem,
) -> Result<(Vec<ChampionshipDriver>, Vec<ChampionshipConstructor>)> {
    if s.rounds.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let all = standings::standings_by_round_with(s, sys)?;
    let (mut dfin, mut cfin) = (HashMap::new(), HashMap::new());
    for r in &s.rounds {
        for e in &r.race {
            count_place(&mut dfin, &e.driver, e.position);
            count_place(&mut cfin, &e.constructor, e.position);
        }
    }
    // Round-by-round gross points, only where the rules drop scores.
    let per_round = |drops: bool, gross: &dyn Fn(&standings::Standings) -> HashMap<String, f64>| {
        let mut out: HashMap<String, Vec<(u32, f64)>> = HashMap::new();
        if !drops {
            return out;
        }
        let mut prev: HashMap<String, f64> = HashMap::new();
        for st in &all {
            for (k, g) in gross(st) {
                let before = prev.get(&k).copied().unwrap_or(0.0);
                if g != before {
                    out.entry(k.clone())
                        .or_default()
                        .push((st.round, g - before));
                }
                prev.insert(k, g);
            }
        }
        out
    };
    let mut drounds = per_round(!sys.drop.is_empty(), &|st| {
        (st.drivers.iter())
            .map(|d| (d.driver_ref.clone(), d.gross_points))
            .collect()
    });
    let mut crounds = per_round(!sys.constructor_drop.is_empty(), &|st| {
        (st.constructors.iter())
            .map(|c| (c.constructor_ref.clone(), c.gross_points))
            .collect()
    });
    let last = all
        .last()
        .ok_or_else(|| Error::NotFound("standings".into()))?;
    let drivers = (last.drivers.iter())
        .map(|d| ChampionshipDriver {
            driver_ref: d.driver_ref.clone(),
            constructor_ref: d.constructor_refs.last().cloned().unwrap_or_default(),
            points: if sys.drop.is_empty() {
                d.points
            } else {
                d.gross_points
            },
            strength: None,
            round_points: drounds.remove(&d.driver_ref).unwrap_or_default(),
            finishes: dfin.remove(&d.driver_ref).unwrap_or_default(),
        })
        .collect();
    let constructors = (last.constructors.iter())
        .map(|c| ChampionshipConstructor {
            constructor_ref: c.constructor_ref.clone(),
            points: if sys.constructor_drop.is_empty() {
                c.points
            } else {
                c.gross_points
            },
            round_points: crounds.remove(&c.constructor_ref).unwrap_or_default(),
            finishes: cfin.remove(&c.constructor_ref).unwrap_or_default(),
        })
        .collect();
    Ok((drivers, constructors))
}

/// The field of the last completed round: who drives for whom.
fn last_field(r: &RoundResults) -> Vec<FieldEntry> {
    (r.race.iter())
        .map(|e| FieldEntry {
            driver_ref: e.driver.clone(),
            constructor_ref: e.constructor.clone(),
            grid: None,
            quali_position: None,
            q1: None,
            q2: None,
            q3: None,
        })
        .collect()
}

/// The request for `season` after `after_round`, with the strengths from
/// `model` (a pre-qualifying race model) for the next race of the
/// calendar. `entries` is the field of the remaining rounds; `None` = the
/// field of round `after_round` (required before the first round).
pub fn request_from_model(
    ds: &Dataset,
    fb: &FeatureBuilder,
    model: &RaceModel,
    season: u16,
    after_round: u32,
    entries: Option<Vec<FieldEntry>>,
    opts: &SnapshotOptions,
) -> Result<ChampionshipRequest> {
    let so_far = rounds_so_far(ds, season, after_round)?;
    let sys = PointsSystem::for_season(season, ds.races(season).len() as u32);
    let (mut drivers, constructors) = states(&so_far, &sys)?;
    let entries = match (entries, so_far.rounds.last()) {
        (Some(e), _) => e,
        (None, Some(r)) => last_field(r),
        (None, None) => {
            return Err(Error::InvalidInput(format!(
                "championship {season} before its first round: an entry list is needed"
            )));
        }
    };
    let calendar = ds.races(season);
    if let Some(bad) =
        (opts.sprint_rounds.iter().flatten()).find(|&&s| !calendar.iter().any(|r| r.round == s))
    {
        return Err(Error::InvalidInput(format!(
            "sprint_rounds: {season} has no round {bad} in the calendar"
        )));
    }
    let remaining: Vec<RemainingRound> = (calendar.iter())
        .filter(|r| r.round > after_round)
        .map(|r| RemainingRound {
            round: r.round,
            sprint: match &opts.sprint_rounds {
                Some(list) => list.contains(&r.round),
                None => r.has_sprint() || !ds.sprint_results_slice(r.id).is_empty(),
            },
        })
        .collect();
    if let Some(next) = remaining.first() {
        let race = ds.race(season, next.round)?;
        let circuit_ref =
            (ds.circuit(race.circuit_id).map(|c| c.circuit_ref.clone())).unwrap_or_default();
        let m = fb.upcoming(&UpcomingRace {
            year: season,
            round: next.round,
            circuit_ref,
            entries: entries.clone(),
        })?;
        let scores = model.scores(&m)?;
        for (e, s) in entries.iter().zip(scores) {
            match drivers.iter_mut().find(|d| d.driver_ref == e.driver_ref) {
                Some(d) => {
                    d.strength = Some(s);
                    d.constructor_ref = e.constructor_ref.clone();
                }
                None => drivers.push(ChampionshipDriver {
                    driver_ref: e.driver_ref.clone(),
                    constructor_ref: e.constructor_ref.clone(),
                    points: 0.0,
                    strength: Some(s),
                    round_points: Vec::new(),
                    finishes: Vec::new(),
                }),
            }
        }
    }
    Ok(ChampionshipRequest {
        season,
        after_round,
        drivers,
        constructors,
        remaining,
        points: sys,
        runs: opts.runs,
        seed: opts.seed,
        fastest_lap_by_position: FASTEST_LAP_BY_POSITION.to_vec(),
        form_sd: opts.form_sd,
        driver_form_sd: opts.driver_form_sd,
    })
}

/// The races a snapshot's model may learn from: `train_seasons` before the
/// season, and the season's rounds up to `after_round`.
pub fn training_races(
    samples: &[RaceSample],
    season: u16,
    after_round: u32,
    train_seasons: u16,
) -> Vec<&RaceSample> {
    let first = season.saturating_sub(train_seasons);
    (samples.iter())
        .filter(|s| s.year >= first && (s.year, s.round) <= (season, after_round))
        .collect()
}

/// The request for `season` after `after_round`, fitting the pre-qualifying
/// model on the races up to that point.
pub fn championship_request(
    ds: &Dataset,
    season: u16,
    after_round: u32,
    entries: Option<Vec<FieldEntry>>,
    opts: &SnapshotOptions,
) -> Result<ChampionshipRequest> {
    let fb = FeatureBuilder::new(ds)?;
    let first = season.saturating_sub(opts.train_seasons);
    let samples = fb.samples_through(first..=season, after_round)?;
    let train = training_races(&samples, season, after_round, opts.train_seasons);
    let model = fit(RaceModelKind::PreQualifying, &train, &opts.fit)?;
    request_from_model(ds, &fb, &model, season, after_round, entries, opts)
}

/// Title odds for `season` after `after_round`, straight from the dump.
pub fn championship_dataset(
    ds: &Dataset,
    season: u16,
    after_round: u32,
    opts: &SnapshotOptions,
) -> Result<ChampionshipResponse> {
    championship(&championship_request(ds, season, after_round, None, opts)?)
}
