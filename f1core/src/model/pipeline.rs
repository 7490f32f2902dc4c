//! The post-race pipeline (seed §6.2, feature `data`): after a race is in
//! the dump, one call retrains the race models on everything up to it,
//! scores them by walk-forward over the season so far, registers the new
//! versions with those metrics, and forecasts the next race of the
//! calendar from its entry list (and grid, once known) — plus, optionally,
//! the championship odds from that point.

use super::championship::{ChampionshipResponse, championship_with_progress};
use super::championship_data::{SnapshotOptions, request_from_model, training_races};
use super::gbdt::GbdtParams;
use super::quali::{self, QualiModel};
use super::race::{DriverOdds, RaceModel, RaceModelKind};
use super::race_eval::{
    GRID_ONLY, MethodScore, POST_QUALIFYING, PRE_QUALIFYING, QUALI_GBDT, QUALI_LAST3, WalkForward,
    WalkForwardOptions, walk_forward_with_progress,
};
use super::race_fit::{FitOptions, fit_with_progress};
use super::registry::Registry;
use crate::dataset::Dataset;
use crate::domain::{ModelMetadata, ModelType};
use crate::error::{Error, Result};
use crate::features::{FeatureBuilder, FieldEntry, UpcomingRace};
use crate::progress::Phases;
use crate::standings::PointsSystem;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// What to run after a race.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PipelineRequest {
    /// The race just completed; it must have results in the dump.
    pub season: u16,
    pub round: u32,
    /// The next race's field (driver → constructor); with `grid` on every
    /// entry the post-qualifying model forecasts, else the pre-qualifying.
    pub entries: Vec<FieldEntry>,
    /// Where to register the new versions; `None` = do not save.
    #[serde(default)]
    pub registry: Option<PathBuf>,
    /// Mark the new versions as production.
    #[serde(default)]
    pub promote: bool,
    #[serde(default = "default_train_seasons")]
    pub train_seasons: u16,
    #[serde(default)]
    pub fit: FitOptions,
    /// Championship odds as of the completed race (or, when the next race
    /// opens a new season, before its first round); `None` = skip.
    #[serde(default)]
    pub championship: Option<SnapshotOptions>,
    /// RFC 3339 training time to record; `None` = now.
    #[serde(default)]
    pub trained_at: Option<String>,
    /// The qualifying model's settings (evaluated, registered as QUALI and
    /// forecasting the next race's qualifying order); `None` = skip it.
    #[serde(default = "default_quali")]
    pub quali: Option<GbdtParams>,
}

fn default_quali() -> Option<GbdtParams> {
    Some(quali::default_params())
}

fn default_train_seasons() -> u16 {
    8
}

impl PipelineRequest {
    /// Defaults for everything but the race and the entry list.
    pub fn new(season: u16, round: u32, entries: Vec<FieldEntry>) -> Self {
        PipelineRequest {
            season,
            round,
            entries,
            registry: None,
            promote: false,
            train_seasons: default_train_seasons(),
            fit: FitOptions::default(),
            championship: None,
            trained_at: None,
            quali: default_quali(),
        }
    }
}

/// A race of the calendar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RaceRef {
    pub year: u16,
    pub round: u32,
    pub name: String,
    pub circuit_ref: String,
    pub date: String,
}

/// What the pipeline did and forecast.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PipelineResponse {
    pub completed: RaceRef,
    pub next: RaceRef,
    /// Walk-forward over the completed race's season up to it: each race
    /// forecast by models fitted on earlier races only.
    pub evaluation: WalkForward,
    /// Races the new models were fitted on.
    pub races_count: u32,
    /// The versions registered (empty without a registry).
    pub registered: Vec<ModelMetadata>,
    /// The model that forecast the next race, and its version if saved.
    pub forecast_model: ModelType,
    pub forecast_version: Option<String>,
    /// The next race's field by P(win), highest first.
    pub predictions: Vec<DriverOdds>,
    /// The next race's qualifying forecast, best first (without a QUALI
    /// model: empty).
    pub qualifying: Vec<QualiForecast>,
    pub championship: Option<ChampionshipResponse>,
}

/// One driver's predicted qualifying position (a regression value: not
/// necessarily a whole number).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QualiForecast {
    pub driver_ref: String,
    pub expected_position: f64,
}

fn race_ref(ds: &Dataset, year: u16, round: u32) -> Result<RaceRef> {
    let r = ds.race(year, round)?;
    Ok(RaceRef {
        year,
        round,
        name: r.name.clone(),
        circuit_ref: (ds.circuit(r.circuit_id).map(|c| c.circuit_ref.clone())).unwrap_or_default(),
        date: r.date.to_string(),
    })
}

fn now_rfc3339() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// Registry metrics from a walk-forward row (and the grid-only baseline's
/// log-loss beside them, for context).
fn metrics(m: Option<&MethodScore>, wf: &WalkForward) -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    if let Some(m) = m {
        for (k, v) in [
            ("accuracy", m.winner_accuracy),
            ("log_loss", m.winner_log_loss),
            ("podium_brier", m.podium_brier),
            ("mae", m.position_mae),
        ] {
            if let Some(v) = v {
                out.insert(k.to_string(), v);
            }
        }
    }
    if let Some(v) = wf.method(GRID_ONLY).and_then(|g| g.winner_log_loss) {
        out.insert("baseline_grid_log_loss".into(), v);
    }
    out.insert("eval_races".into(), wf.races as f64);
    out
}

/// The QUALI row's scores beside the last-3 baseline's.
fn quali_metrics(wf: &WalkForward) -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    for (key, row) in [("mae", QUALI_GBDT), ("baseline_last3_mae", QUALI_LAST3)] {
        if let Some(v) = wf.method(row).and_then(|m| m.quali_mae) {
            out.insert(key.to_string(), v);
        }
    }
    out.insert("eval_races".into(), wf.races as f64);
    out
}

/// A serde struct's fields as hyperparameters.
fn object<T: Serialize>(v: &T) -> Result<BTreeMap<String, serde_json::Value>> {
    Ok(match serde_json::to_value(v)? {
        serde_json::Value::Object(m) => m.into_iter().collect(),
        _ => BTreeMap::new(),
    })
}

fn hyperparameters(req: &PipelineRequest) -> Result<BTreeMap<String, serde_json::Value>> {
    let mut h: BTreeMap<String, serde_json::Value> = match serde_json::to_value(&req.fit)? {
        serde_json::Value::Object(m) => m.into_iter().collect(),
        _ => BTreeMap::new(),
    };
    h.insert("train_seasons".into(), req.train_seasons.into());
    h.insert(
        "trained_through".into(),
        format!("{} R{}", req.season, req.round).into(),
    );
    Ok(h)
}

/// Runs the pipeline.
pub fn after_race(ds: &Dataset, req: &PipelineRequest) -> Result<PipelineResponse> {
    after_race_with_progress(ds, req, &mut crate::progress::ignore)
}

/// Units of [`after_race_with_progress`]: per season of features, per
/// race of the walk-forward, per fit, and the championship's simulation.
const FIT_UNITS: usize = 10;
const CHAMPIONSHIP_UNITS: usize = 100;

/// As [`after_race`], reporting progress (see [`crate::progress`]): the
/// seasons of features built, the races of the walk-forward, the two fits
/// and the title simulation, on one fixed total.
pub fn after_race_with_progress(
    ds: &Dataset,
    req: &PipelineRequest,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<PipelineResponse> {
    if req.entries.is_empty() {
        return Err(Error::InvalidInput(
            "pipeline: the next race's entry list is empty".into(),
        ));
    }
    let race = ds.race(req.season, req.round)?;
    if !ds.has_results(race.id) {
        return Err(Error::NotFound(format!(
            "results of {} round {} (the pipeline runs after a completed race)",
            req.season, req.round
        )));
    }
    let completed = race_ref(ds, req.season, req.round)?;
    let next = (ds.all_races().iter())
        .find(|r| (r.year, r.round) > (req.season, req.round))
        .ok_or_else(|| {
            Error::NotFound(format!(
                "a race after {} round {} in the calendar",
                req.season, req.round
            ))
        })?;
    let next = race_ref(ds, next.year, next.round)?;
    let fb = FeatureBuilder::new(ds)?;
    let first = req.season.saturating_sub(req.train_seasons);
    let seasons = usize::from(req.season - first) + 1;
    let rounds = req.round as usize;
    let title_units = if req.championship.is_some() {
        CHAMPIONSHIP_UNITS
    } else {
        0
    };
    let quali_units = usize::from(req.quali.is_some());
    let mut phases = Phases::new(
        progress,
        seasons + rounds + 2 * FIT_UNITS + quali_units + title_units,
    );
    let mut samples = Vec::new();
    for year in first..=req.season {
        let through = if year == req.season {
            req.round
        } else {
            u32::MAX
        };
        samples.extend(phases.part(1, |_| fb.samples_through(year..=year, through))?);
    }
    let wf = WalkForwardOptions {
        season: req.season,
        train_seasons: req.train_seasons,
        fit: req.fit.clone(),
        quali: req.quali.clone(),
    };
    let evaluation = phases.part(rounds, |p| walk_forward_with_progress(&samples, &wf, p))?;
    let train = training_races(&samples, req.season, req.round, req.train_seasons);
    let [post, pre] = [RaceModelKind::PostQualifying, RaceModelKind::PreQualifying]
        .map(|kind| phases.part(FIT_UNITS, |p| fit_with_progress(kind, &train, &req.fit, p)));
    let (post, pre) = (post?, pre?);
    let quali_model = match &req.quali {
        Some(params) => Some(phases.part(quali_units, |_| QualiModel::fit(&train, params))?),
        None => None,
    };
    let trained_at = req.trained_at.clone().unwrap_or_else(now_rfc3339);
    let hyper = hyperparameters(req)?;
    let mut registered = Vec::new();
    if let Some(dir) = &req.registry {
        let reg = Registry::open(dir)?;
        for (t, model, row) in [
            (ModelType::RaceWinner, &post, POST_QUALIFYING),
            (ModelType::RacePreQuali, &pre, PRE_QUALIFYING),
        ] {
            let meta = ModelMetadata {
                model_type: t,
                version: String::new(),
                trained_at: trained_at.clone(),
                races_count: model.races_count,
                metrics: metrics(evaluation.method(row), &evaluation),
                hyperparameters: hyper.clone(),
                feature_names: model.features.clone(),
                is_production: req.promote,
            };
            registered.push(reg.save(meta, model)?);
        }
        if let Some(q) = &quali_model {
            let meta = ModelMetadata {
                model_type: ModelType::Quali,
                version: String::new(),
                trained_at: trained_at.clone(),
                races_count: q.races_count,
                metrics: quali_metrics(&evaluation),
                hyperparameters: object(&q.params)?,
                feature_names: q.features.clone(),
                is_production: req.promote,
            };
            registered.push(reg.save(meta, q)?);
        }
    }
    let with_grid = !req.entries.is_empty() && req.entries.iter().all(|e| e.grid.is_some());
    let (model, forecast_model): (&RaceModel, _) = if with_grid {
        (&post, ModelType::RaceWinner)
    } else {
        (&pre, ModelType::RacePreQuali)
    };
    let m = fb.upcoming(&UpcomingRace {
        year: next.year,
        round: next.round,
        circuit_ref: next.circuit_ref.clone(),
        entries: req.entries.clone(),
    })?;
    let mut qualifying = Vec::new();
    if let Some(q) = &quali_model {
        let pred = q.predict(&m)?;
        qualifying = (m.rows.iter().zip(pred))
            .map(|(r, p)| QualiForecast {
                driver_ref: r.driver_ref.clone(),
                expected_position: p,
            })
            .collect();
        qualifying.sort_by(|a, b| a.expected_position.total_cmp(&b.expected_position));
    }
    let places = PointsSystem::for_season(next.year, 0).race.len();
    let mut predictions = model.predict(&m, places)?;
    predictions.sort_by(|a, b| b.odds.p_win.total_cmp(&a.odds.p_win));
    let championship = match &req.championship {
        None => None,
        Some(opts) => {
            // A new season starts from zero with the next race's field.
            let (season, after) = if next.year == req.season {
                (req.season, req.round)
            } else {
                (next.year, 0)
            };
            let c = request_from_model(
                ds,
                &fb,
                &pre,
                season,
                after,
                Some(req.entries.clone()),
                opts,
            )?;
            Some(phases.part(title_units, |p| championship_with_progress(&c, p))?)
        }
    };
    phases.finish();
    Ok(PipelineResponse {
        completed,
        next,
        races_count: post.races_count,
        forecast_version: (registered.iter())
            .find(|m| m.model_type == forecast_model)
            .map(|m| m.version.clone()),
        forecast_model,
        registered,
        evaluation,
        predictions,
        qualifying,
        championship,
    })
}
