//! Walk-forward evaluation: for each race of a season, fit on earlier races
//! only, predict it, score the forecast; the baselines are scored in the
//! same run on the same races.

use super::gbdt::GbdtParams;
use super::race::{RaceModel, RaceModelKind};
use super::race_fit::{FitOptions, fit, refit};
use super::race_odds::Odds;
use crate::error::{Error, Result};
use crate::features::RaceSample;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What to evaluate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WalkForwardOptions {
    pub season: u16,
    /// Seasons before `season` the fits may use (plus the season's earlier
    /// rounds).
    pub train_seasons: u16,
    pub fit: FitOptions,
    /// The qualifying model's settings; `None` leaves its row out (each
    /// race adds a GBDT fit).
    #[serde(default)]
    pub quali: Option<GbdtParams>,
}

impl WalkForwardOptions {
    pub fn new(season: u16) -> Self {
        WalkForwardOptions {
            season,
            train_seasons: 8,
            fit: FitOptions::default(),
            quali: Some(super::quali::default_params()),
        }
    }
}

/// A method's scores over the season; `None` where it does not forecast
/// that quantity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MethodScore {
    pub method: String,
    pub winner_accuracy: Option<f64>,
    pub winner_log_loss: Option<f64>,
    /// Mean over cars of (P(podium) − podium)².
    pub podium_brier: Option<f64>,
    /// Mean over cars of |expected − actual finishing order|.
    pub position_mae: Option<f64>,
    /// Mean over cars of |predicted − actual qualifying position|.
    pub quali_mae: Option<f64>,
}

/// The walk-forward table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WalkForward {
    pub season: u16,
    pub races: usize,
    /// Races the first fit of the season was trained on.
    pub first_training_races: usize,
    pub methods: Vec<MethodScore>,
}

impl WalkForward {
    pub fn method(&self, name: &str) -> Option<&MethodScore> {
        self.methods.iter().find(|m| m.method == name)
    }
}

pub const POST_QUALIFYING: &str = "Plackett-Luce, post-qualifying";
pub const PRE_QUALIFYING: &str = "Plackett-Luce, pre-qualifying";
pub const GRID_ONLY: &str = "baseline: grid-only conditional logit";
pub const POLE_WINS: &str = "baseline: pole-sitter wins";
pub const QUALI_LAST3: &str = "baseline: quali = driver's last-3 average";
pub const QUALI_GBDT: &str = "GBDT qualifying, pre-qualifying features";

/// Running sums of one method's scores.
#[derive(Default)]
struct Tally {
    races: f64,
    correct: f64,
    log_loss: f64,
    cars: f64,
    brier: f64,
    abs_pos: f64,
}

impl Tally {
    fn add(&mut self, s: &RaceSample, odds: &[Odds]) {
        let Some(winner) = s.finish.iter().position(|&f| f == 1) else {
            return;
        };
        let pick = (0..odds.len()).max_by(|&a, &b| odds[a].p_win.total_cmp(&odds[b].p_win));
        self.races += 1.0;
        self.correct += f64::from(pick == Some(winner));
        self.log_loss -= odds[winner].p_win.max(1e-15).ln();
        for (o, &f) in odds.iter().zip(&s.finish) {
            let podium = f64::from(f <= 3);
            self.cars += 1.0;
            self.brier += (o.p_podium - podium).powi(2);
            self.abs_pos += (o.expected_position - f as f64).abs();
        }
    }

    fn score(&self, method: &str) -> MethodScore {
        let per = |x: f64, n: f64| (n > 0.0).then(|| x / n);
        MethodScore {
            method: method.to_string(),
            winner_accuracy: per(self.correct, self.races),
            winner_log_loss: per(self.log_loss, self.races),
            podium_brier: per(self.brier, self.cars),
            position_mae: per(self.abs_pos, self.cars),
            quali_mae: None,
        }
    }
}

fn column(s: &RaceSample, name: &str) -> Result<Vec<f64>> {
    s.features.column(name)
}

/// "Pole-sitter wins": the pole-sitter gets the training races' pole win
/// rate, the others share the rest; podium = front three; position = grid.
fn pole_odds(s: &RaceSample, pole_rate: f64) -> Result<Vec<Odds>> {
    let grid = column(s, "grid")?;
    let n = grid.len() as f64;
    let has_pole = grid.contains(&1.0);
    Ok(grid
        .iter()
        .map(|&g| Odds {
            p_win: match (has_pole, g == 1.0) {
                (true, true) => pole_rate,
                (true, false) => (1.0 - pole_rate) / (n - 1.0).max(1.0),
                (false, _) => 1.0 / n,
            },
            p_podium: f64::from(g <= 3.0),
            p_points: f64::NAN,
            expected_position: if g.is_finite() { g } else { (n + 1.0) / 2.0 },
        })
        .collect())
}

/// Share of races won from pole.
fn pole_win_rate(train: &[&RaceSample]) -> Result<f64> {
    let (mut poles, mut wins) = (0.0, 0.0);
    for s in train {
        let grid = column(s, "grid")?;
        if let Some(i) = grid.iter().position(|&g| g == 1.0) {
            poles += 1.0;
            wins += f64::from(s.finish[i] == 1);
        }
    }
    // A prior of one win in two poles keeps an empty history sensible.
    Ok((wins + 1.0) / (poles + 2.0))
}

/// Mean |last-3 average − qualifying position| over cars that qualified;
/// a driver without history is predicted mid-field.
fn quali_errors(s: &RaceSample) -> Result<(f64, f64)> {
    let last3 = column(s, "drv_quali_last3")?;
    let n = s.quali.iter().flatten().count() as f64;
    let (mut sum, mut count) = (0.0, 0.0);
    for (p, q) in last3.iter().zip(&s.quali) {
        if let Some(q) = q {
            let guess = if p.is_finite() { *p } else { (n + 1.0) / 2.0 };
            sum += (guess - *q as f64).abs();
            count += 1.0;
        }
    }
    Ok((sum, count))
}

/// Runs the walk-forward over `samples` (which must hold the season and
/// the training seasons before it; extra ones are ignored).
pub fn walk_forward(samples: &[RaceSample], opts: &WalkForwardOptions) -> Result<WalkForward> {
    walk_forward_with_progress(samples, opts, &mut crate::progress::ignore)
}

/// As [`walk_forward`], reporting races evaluated (see [`crate::progress`]).
pub fn walk_forward_with_progress(
    samples: &[RaceSample],
    opts: &WalkForwardOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<WalkForward> {
    let season = opts.season;
    let first_year = season.saturating_sub(opts.train_seasons);
    let tests: Vec<&RaceSample> = samples.iter().filter(|s| s.year == season).collect();
    if tests.is_empty() {
        return Err(Error::NotFound(format!("race results of season {season}")));
    }
    let kinds = [
        (POST_QUALIFYING, RaceModelKind::PostQualifying),
        (PRE_QUALIFYING, RaceModelKind::PreQualifying),
    ];
    let mut tallies: Vec<Tally> = (0..4).map(|_| Tally::default()).collect();
    let (mut q_sum, mut q_n) = (0.0, 0.0);
    let mut first_training_races = 0;
    let mut odds = Vec::new();
    let mut models: Vec<Option<RaceModel>> = vec![None, None];
    progress(0, tests.len());
    for (t, test) in tests.iter().enumerate() {
        let train: Vec<&RaceSample> = (samples.iter())
            .filter(|s| s.year >= first_year && (s.year, s.round) < (test.year, test.round))
            .collect();
        if t == 0 {
            first_training_races = train.len();
        }
        for (i, (_, kind)) in kinds.iter().enumerate() {
            // Each fit starts from the previous race's optimum.
            let m = match &models[i] {
                Some(prev) => refit(prev, &train)?,
                None => fit(*kind, &train, &opts.fit)?,
            };
            m.odds_into(&test.features, test.scoring_places, &mut odds)?;
            tallies[i].add(test, &odds);
            models[i] = Some(m);
        }
        let grid = grid_only(&train)?;
        grid.odds_into(&test.features, test.scoring_places, &mut odds)?;
        tallies[2].add(test, &odds);
        tallies[3].add(test, &pole_odds(test, pole_win_rate(&train)?)?);
        let (s, n) = quali_errors(test)?;
        q_sum += s;
        q_n += n;
        progress(t + 1, tests.len());
    }
    let mut methods: Vec<MethodScore> = [POST_QUALIFYING, PRE_QUALIFYING, GRID_ONLY, POLE_WINS]
        .iter()
        .zip(&tallies)
        .map(|(name, t)| t.score(name))
        .collect();
    methods.push(MethodScore {
        method: QUALI_LAST3.to_string(),
        winner_accuracy: None,
        winner_log_loss: None,
        podium_brier: None,
        position_mae: None,
        quali_mae: (q_n > 0.0).then(|| q_sum / q_n),
    });
    if let Some(params) = &opts.quali {
        methods.push(MethodScore {
            method: QUALI_GBDT.to_string(),
            winner_accuracy: None,
            winner_log_loss: None,
            podium_brier: None,
            position_mae: None,
            quali_mae: super::quali::walk_forward_mae(samples, &tests, first_year, params)?,
        });
    }
    Ok(WalkForward {
        season,
        races: tests.len(),
        first_training_races,
        methods,
    })
}

/// The grid-only baseline: a winner-only conditional logit on the grid.
pub fn grid_only(train: &[&RaceSample]) -> Result<RaceModel> {
    let opts = FitOptions {
        stages: 1,
        l2: 0.0,
        unpenalised: Vec::new(),
        half_life_seasons: 0.0,
        max_iters: 200,
    };
    fit(RaceModelKind::GridOnly, train, &opts)
}

impl fmt::Display for WalkForward {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Walk-forward {}: {} races, each fitted on earlier races only ({} for the first)",
            self.season, self.races, self.first_training_races
        )?;
        writeln!(
            f,
            "{:<42} {:>10} {:>10} {:>10} {:>10} {:>10}",
            "method", "win acc", "win LL", "pod Brier", "pos MAE", "quali MAE"
        )?;
        let cell = |x: Option<f64>, pct: bool| match x {
            Some(v) if pct => format!("{:.1} %", v * 100.0),
            Some(v) => format!("{v:.3}"),
            None => "—".to_string(),
        };
        for m in &self.methods {
            writeln!(
                f,
                "{:<42} {:>10} {:>10} {:>10} {:>10} {:>10}",
                m.method,
                cell(m.winner_accuracy, true),
                cell(m.winner_log_loss, false),
                cell(m.podium_brier, false),
                cell(m.position_mae, false),
                cell(m.quali_mae, false),
            )?;
        }
        Ok(())
    }
}

/// Builds the samples and runs [`walk_forward`] on a loaded dump.
#[cfg(feature = "data")]
pub fn walk_forward_dataset(ds: &crate::Dataset, opts: &WalkForwardOptions) -> Result<WalkForward> {
    let fb = crate::features::FeatureBuilder::new(ds)?;
    let first = opts.season.saturating_sub(opts.train_seasons);
    let samples = fb.samples(first..=opts.season)?;
    walk_forward(&samples, opts)
}
