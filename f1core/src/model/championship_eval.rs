//! Calibration of the title odds: snapshots of past seasons (after a
//! fraction of their rounds), the predicted title probabilities against the
//! actual champions, beside two baselines scored on the same snapshots:
//! "probability ∝ current points" and "the leader wins".

use serde::{Deserialize, Serialize};
use std::fmt;

/// One championship at one snapshot: each entrant's title probability by
/// each method, and who won.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TitleSnapshot {
    pub season: u16,
    pub after_round: u32,
    pub rounds: u32,
    /// `drivers` or `constructors`.
    pub championship: String,
    pub champion: String,
    /// Entrants in standings order at the snapshot.
    pub keys: Vec<String>,
    pub points: Vec<f64>,
    pub model: Vec<f64>,
}

pub const MODEL: &str = "Monte Carlo (pre-qualifying Plackett-Luce)";
pub const PROPORTIONAL: &str = "baseline: probability ∝ current points";
pub const LEADER: &str = "baseline: the leader wins";

/// Probabilities are floored here for the log-loss (a baseline's 0 for the
/// eventual champion would otherwise cost ∞).
pub const LOG_LOSS_FLOOR: f64 = 1e-3;

impl TitleSnapshot {
    /// Title probabilities by `method` (one of the constants above).
    pub fn probabilities(&self, method: &str) -> Vec<f64> {
        let n = self.keys.len();
        match method {
            MODEL => self.model.clone(),
            PROPORTIONAL => {
                let total: f64 = self.points.iter().map(|p| p.max(0.0)).sum();
                (self.points.iter())
                    .map(|p| {
                        if total > 0.0 {
                            p.max(0.0) / total
                        } else {
                            1.0 / n as f64
                        }
                    })
                    .collect()
            }
            _ => (0..n).map(|i| f64::from(i == 0)).collect(),
        }
    }

    fn outcome(&self) -> Vec<f64> {
        (self.keys.iter())
            .map(|k| f64::from(*k == self.champion))
            .collect()
    }
}

/// One bin of the reliability table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReliabilityBin {
    pub lo: f64,
    pub hi: f64,
    /// Entrant-snapshots predicted in [lo, hi).
    pub count: usize,
    pub mean_predicted: f64,
    /// Share of them that became champion.
    pub observed: f64,
}

/// A method's scores over the snapshots of one championship (or both).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MethodCalibration {
    pub method: String,
    pub championship: String,
    pub snapshots: usize,
    /// Mean over snapshots of Σ over entrants (p − won)².
    pub brier: f64,
    /// Mean over snapshots of −ln max(p(champion), floor).
    pub log_loss: f64,
    /// Share of snapshots whose favourite became champion.
    pub favourite_won: f64,
    pub reliability: Vec<ReliabilityBin>,
}

/// Bin edges of the reliability table.
pub const BINS: [f64; 8] = [0.0, 0.05, 0.2, 0.4, 0.6, 0.8, 0.95, 1.0 + 1e-9];

/// Scores `method` over `snaps`.
pub fn score(snaps: &[&TitleSnapshot], method: &str, championship: &str) -> MethodCalibration {
    let (mut brier, mut ll, mut fav) = (0.0, 0.0, 0.0);
    let mut bins: Vec<(usize, f64, f64)> = vec![(0, 0.0, 0.0); BINS.len() - 1];
    for s in snaps {
        let p = s.probabilities(method);
        let y = s.outcome();
        brier += p.iter().zip(&y).map(|(p, y)| (p - y).powi(2)).sum::<f64>();
        let won = y.iter().position(|&y| y == 1.0);
        ll -= won
            .map_or(LOG_LOSS_FLOOR, |i| p[i].max(LOG_LOSS_FLOOR))
            .ln();
        let top = (0..p.len()).max_by(|&a, &b| p[a].total_cmp(&p[b]).then(b.cmp(&a)));
        fav += f64::from(top.is_some() && top == won);
        for (p, y) in p.iter().zip(&y) {
            if let Some(b) = BINS.windows(2).position(|w| *p >= w[0] && *p < w[1]) {
                bins[b].0 += 1;
                bins[b].1 += p;
                bins[b].2 += y;
            }
        }
    }
    let n = snaps.len().max(1) as f64;
    MethodCalibration {
        method: method.to_string(),
        championship: championship.to_string(),
        snapshots: snaps.len(),
        brier: brier / n,
        log_loss: ll / n,
        favourite_won: fav / n,
        reliability: (bins.iter().enumerate())
            .map(|(i, &(count, p, y))| {
                let c = count.max(1) as f64;
                ReliabilityBin {
                    lo: BINS[i],
                    hi: BINS[i + 1].min(1.0),
                    count,
                    mean_predicted: p / c,
                    observed: y / c,
                }
            })
            .collect(),
    }
}

/// Every snapshot and the scores of each method, per championship and both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    pub snapshots: Vec<TitleSnapshot>,
    pub scores: Vec<MethodCalibration>,
}

impl Calibration {
    pub fn new(snapshots: Vec<TitleSnapshot>) -> Calibration {
        let mut scores = Vec::new();
        for ch in ["drivers", "constructors", "both"] {
            let subset: Vec<&TitleSnapshot> = (snapshots.iter())
                .filter(|s| ch == "both" || s.championship == ch)
                .collect();
            for m in [MODEL, PROPORTIONAL, LEADER] {
                scores.push(score(&subset, m, ch));
            }
        }
        Calibration { snapshots, scores }
    }

    pub fn score(&self, method: &str, championship: &str) -> Option<&MethodCalibration> {
        (self.scores.iter()).find(|s| s.method == method && s.championship == championship)
    }
}

impl fmt::Display for Calibration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<44} {:<13} {:>5} {:>7} {:>8} {:>10}",
            "method", "championship", "snaps", "Brier", "log-loss", "fav. won"
        )?;
        for s in &self.scores {
            writeln!(
                f,
                "{:<44} {:<13} {:>5} {:>7.3} {:>8.3} {:>9.1} %",
                s.method,
                s.championship,
                s.snapshots,
                s.brier,
                s.log_loss,
                100.0 * s.favourite_won
            )?;
        }
        writeln!(
            f,
            "\nreliability, both championships (count: mean predicted → observed)"
        )?;
        for s in self.scores.iter().filter(|s| s.championship == "both") {
            write!(f, "{:<44}", s.method)?;
            for b in s.reliability.iter().filter(|b| b.count > 0) {
                write!(
                    f,
                    " [{:.2},{:.2}) {}: {:.2}→{:.2} ",
                    b.lo, b.hi, b.count, b.mean_predicted, b.observed
                )?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

/// Snapshots of `seasons` after ⌈n·fraction⌉ of their n rounds, for each
/// fraction, with the model's odds (feature `data`).
#[cfg(feature = "data")]
pub fn calibrate(
    ds: &crate::Dataset,
    seasons: std::ops::RangeInclusive<u16>,
    fractions: &[f64],
    opts: &super::championship_data::SnapshotOptions,
) -> crate::Result<Calibration> {
    let fb = crate::features::FeatureBuilder::new(ds)?;
    let first = seasons.start().saturating_sub(opts.train_seasons);
    let samples = fb.samples(first..=*seasons.end())?;
    calibrate_with(ds, &fb, &samples, seasons, fractions, opts)
}

/// As [`calibrate`], with the feature builder and the race samples (the
/// seasons and `train_seasons` before them) made once by the caller.
#[cfg(feature = "data")]
pub fn calibrate_with(
    ds: &crate::Dataset,
    fb: &crate::features::FeatureBuilder,
    samples: &[crate::features::RaceSample],
    seasons: std::ops::RangeInclusive<u16>,
    fractions: &[f64],
    opts: &super::championship_data::SnapshotOptions,
) -> crate::Result<Calibration> {
    use super::championship::championship;
    use super::championship_data::{request_from_model, training_races};
    use super::race::RaceModelKind;
    use super::race_fit::fit;
    let mut snaps = Vec::new();
    for season in seasons {
        let n = ds.races(season).len() as u32;
        let done = ds.races(season).iter().all(|r| ds.has_results(r.id));
        if n == 0 || !done {
            return Err(crate::Error::NotFound(format!(
                "a completed season {season} to calibrate on"
            )));
        }
        let last = ds.standings(season, None)?;
        for &fr in fractions {
            let after = ((n as f64 * fr).ceil() as u32).clamp(1, n - 1);
            let train = training_races(samples, season, after, opts.train_seasons);
            let model = fit(RaceModelKind::PreQualifying, &train, &opts.fit)?;
            let req = request_from_model(ds, fb, &model, season, after, None, opts)?;
            let res = championship(&req)?;
            let now = ds.standings(season, Some(after))?;
            let tables = [
                (
                    "drivers",
                    last.drivers[0].driver_ref.clone(),
                    (now.drivers.iter())
                        .map(|d| (d.driver_ref.clone(), d.points))
                        .collect::<Vec<_>>(),
                    &res.drivers,
                ),
                (
                    "constructors",
                    (last.constructors.first())
                        .map_or(String::new(), |c| c.constructor_ref.clone()),
                    (now.constructors.iter())
                        .map(|c| (c.constructor_ref.clone(), c.points))
                        .collect(),
                    &res.constructors,
                ),
            ];
            for (ch, champion, table, odds) in tables {
                if table.is_empty() || champion.is_empty() {
                    continue;
                }
                let p = |k: &str| odds.iter().find(|o| o.key == k).map_or(0.0, |o| o.p_title);
                snaps.push(TitleSnapshot {
                    season,
                    after_round: after,
                    rounds: n,
                    championship: ch.to_string(),
                    champion,
                    model: table.iter().map(|(k, _)| p(k)).collect(),
                    keys: table.iter().map(|(k, _)| k.clone()).collect(),
                    points: table.iter().map(|(_, p)| *p).collect(),
                });
            }
        }
    }
    Ok(Calibration::new(snaps))
}
