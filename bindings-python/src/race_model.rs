//! The race outcome models: `train_race_model` (Plackett–Luce, post- or
//! pre-qualifying), `RaceModel.predict` (P(win), P(podium), P(points),
//! E[position]) and the walk-forward `evaluate_race_models`.

use crate::convert;
use crate::dataset::Dataset;
use crate::error::OrRaise;
use f1core::features::{FeatureMatrix, RaceSample};
use f1core::model::race::{self, RaceModelKind};
use f1core::model::race_eval::{self, WalkForwardOptions};
use f1core::model::race_fit::{self, FitOptions};
use f1core::progress::Phases;
use f1core::standings::PointsSystem;
use pyo3::prelude::*;
use serde_json::json;

/// Progress units of one fit (its L-BFGS iterations, scaled).
pub const FIT_UNITS: usize = 10;

/// A fitted race model: a linear Plackett–Luce score per car, turned into
/// coherent odds over the field.
#[pyclass(module = "f1core", frozen)]
pub struct RaceModel {
    pub inner: race::RaceModel,
}

/// Fit options from keyword arguments; `None` keeps the core's default.
fn fit_options(
    stages: usize,
    l2: f64,
    unpenalised: Option<Vec<String>>,
    half_life_seasons: f64,
    max_iters: u64,
) -> PyResult<FitOptions> {
    let unpenalised = unpenalised.unwrap_or_else(|| FitOptions::default().unpenalised);
    convert::request(
        json!({"stages": stages, "l2": l2, "unpenalised": unpenalised,
               "half_life_seasons": half_life_seasons, "max_iters": max_iters}),
        "fit options",
    )
}

impl RaceModel {
    fn odds<'py>(
        &self,
        py: Python<'py>,
        m: &FeatureMatrix,
        year: u16,
    ) -> PyResult<Bound<'py, PyAny>> {
        let places = PointsSystem::for_season(year, 0).race.len();
        let odds = self.inner.predict(m, places).or_raise()?;
        convert::frame(py, &odds)
    }
}

#[pymethods]
impl RaceModel {
    /// A model from its dict or JSON string (`to_dict()`'s shape).
    #[new]
    fn new(model: &Bound<'_, PyAny>) -> PyResult<RaceModel> {
        let inner: race::RaceModel = convert::from_py(model, "race model")?;
        if inner.weights.len() != inner.features.len()
            || inner.mean.len() != inner.features.len()
            || inner.scale.len() != inner.features.len()
        {
            return Err(f1core::Error::InvalidInput(format!(
                "race model: {} features but {} weights, {} means, {} scales",
                inner.features.len(),
                inner.weights.len(),
                inner.mean.len(),
                inner.scale.len()
            )))
            .or_raise();
        }
        Ok(RaceModel { inner })
    }

    fn __repr__(&self) -> String {
        let m = &self.inner;
        let mut top: Vec<(&String, f64)> =
            m.features.iter().zip(m.weights.iter().copied()).collect();
        top.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
        let top: Vec<String> = top
            .iter()
            .take(3)
            .map(|(f, w)| format!("{f} {w:+.3}"))
            .collect();
        format!(
            "<f1core.RaceModel {} on {} races, {} features; strongest: {}>",
            convert::name(&m.kind),
            m.races_count,
            m.features.len(),
            top.join(", ")
        )
    }

    /// `post_qualifying`, `pre_qualifying` or `grid_only`.
    #[getter]
    fn kind(&self) -> String {
        convert::name(&self.inner.kind)
    }

    /// The features it reads, in weight order.
    #[getter]
    fn features(&self) -> Vec<String> {
        self.inner.features.clone()
    }

    /// Races it was fitted on.
    #[getter]
    fn races_count(&self) -> u32 {
        self.inner.races_count
    }

    /// One row per feature: `feature`, `weight` (per standard deviation),
    /// `mean`, `scale`; score = Σ weight · (x − mean) / scale.
    #[getter]
    fn coefficients<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let m = &self.inner;
        let rows: Vec<Coefficient> = (0..m.features.len())
            .map(|j| Coefficient {
                feature: &m.features[j],
                weight: m.weights[j],
                mean: m.mean[j],
                scale: m.scale[j],
            })
            .collect();
        convert::frame(py, &rows)
    }

    /// Odds for every starter of a race of the dump (features from earlier
    /// races only): `driver_ref`, `constructor_ref`, `score`, `p_win`,
    /// `p_podium`, `p_points`, `expected_position`, in grid-file order.
    fn predict<'py>(
        &self,
        py: Python<'py>,
        dataset: &Dataset,
        year: u16,
        round: u32,
    ) -> PyResult<Bound<'py, PyAny>> {
        let m = dataset.builder(py)?.race(py, year, round)?;
        self.odds(py, &m, year)
    }

    /// Odds for a race the dump has no result for, from its entry list
    /// (see `Dataset.upcoming_features`).
    fn predict_upcoming<'py>(
        &self,
        py: Python<'py>,
        dataset: &Dataset,
        year: u16,
        round: u32,
        circuit_ref: &str,
        entries: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let race = crate::features::upcoming(year, round, circuit_ref, entries)?;
        let m = dataset.builder(py)?.upcoming(py, &race)?;
        self.odds(py, &m, year)
    }

    /// The model as a dict (the core's JSON shape; `RaceModel(d)` reads it).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner)
    }
}

/// One feature's weight and standardisation.
#[derive(serde::Serialize)]
struct Coefficient<'a> {
    feature: &'a str,
    weight: f64,
    mean: f64,
    scale: f64,
}

/// Fits a race model on every race with results in `seasons` (an iterable
/// of years, e.g. `range(2016, 2024)`): `kind` `post_qualifying` (grid and
/// qualifying known) or `pre_qualifying`. The fit options default to the
/// core's (chosen by walk-forward on 2018–2023). Runs without the GIL;
/// `progress(done, total)` counts seasons of features built (one unit
/// each), then the fit's L-BFGS iterations (in 10 units).
#[pyfunction]
#[pyo3(signature = (dataset, seasons, *, kind="post_qualifying", stages=2, l2=0.5, unpenalised=None, half_life_seasons=0.0, max_iters=200, progress=None))]
#[allow(clippy::too_many_arguments)]
fn train_race_model(
    py: Python<'_>,
    dataset: &Dataset,
    seasons: Vec<u16>,
    kind: &str,
    stages: usize,
    l2: f64,
    unpenalised: Option<Vec<String>>,
    half_life_seasons: f64,
    max_iters: u64,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<RaceModel> {
    let kind: RaceModelKind = convert::request(json!(kind), "kind")?;
    let opts = fit_options(stages, l2, unpenalised, half_life_seasons, max_iters)?;
    let (Some(&first), Some(&last)) = (seasons.iter().min(), seasons.iter().max()) else {
        return Err(f1core::Error::InvalidInput("seasons: none given".into())).or_raise();
    };
    let builder = dataset.builder(py)?;
    let inner = convert::detach_with_progress(py, progress, |p| {
        let mut phases = Phases::new(p, usize::from(last - first) + 1 + FIT_UNITS);
        let samples = builder.samples(first..=last, &mut phases)?;
        let train: Vec<&RaceSample> = samples
            .iter()
            .filter(|s| seasons.contains(&s.year))
            .collect();
        let m = phases.part(FIT_UNITS, |p| {
            race_fit::fit_with_progress(kind, &train, &opts, p)
        })?;
        phases.finish();
        Ok::<_, f1core::Error>(m)
    })?
    .or_raise()?;
    Ok(RaceModel { inner })
}

/// A walk-forward evaluation of a season: each race predicted by models
/// fitted on earlier races only, beside the baselines.
#[pyclass(module = "f1core", frozen)]
pub struct WalkForward {
    pub inner: race_eval::WalkForward,
}

#[pymethods]
impl WalkForward {
    fn __repr__(&self) -> String {
        format!(
            "<f1core.WalkForward\n{}>",
            self.inner.to_string().trim_end()
        )
    }

    /// The season evaluated.
    #[getter]
    fn season(&self) -> u16 {
        self.inner.season
    }

    /// Races of the season scored.
    #[getter]
    fn races(&self) -> usize {
        self.inner.races
    }

    /// Races the first fit of the season was trained on.
    #[getter]
    fn first_training_races(&self) -> usize {
        self.inner.first_training_races
    }

    /// One row per method: `method`, `winner_accuracy`, `winner_log_loss`,
    /// `podium_brier`, `position_mae`, `quali_mae` (null where the method
    /// does not forecast it).
    #[getter]
    fn table<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::frame(py, &self.inner.methods)
    }

    /// The evaluation as a dict (the core's JSON shape).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner)
    }
}

/// Walk-forward evaluation of `season`: for each race, the post- and
/// pre-qualifying models are fitted on the `train_seasons` seasons before
/// and the season's earlier rounds, predict it, and are scored beside the
/// baselines (grid-only logit, pole-sitter wins, last-3 qualifying); with
/// `qualifying` also f1core's GBDT qualifying model (one fit per race).
/// Runs without the GIL; `progress(done, total)` counts seasons of
/// features built, then races evaluated (one unit each).
#[pyfunction]
#[pyo3(signature = (dataset, season, *, train_seasons=8, stages=2, l2=0.5, unpenalised=None, half_life_seasons=0.0, max_iters=200, qualifying=true, progress=None))]
#[allow(clippy::too_many_arguments)]
fn evaluate_race_models(
    py: Python<'_>,
    dataset: &Dataset,
    season: u16,
    train_seasons: u16,
    stages: usize,
    l2: f64,
    unpenalised: Option<Vec<String>>,
    half_life_seasons: f64,
    max_iters: u64,
    qualifying: bool,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<WalkForward> {
    let opts = WalkForwardOptions {
        season,
        train_seasons,
        fit: fit_options(stages, l2, unpenalised, half_life_seasons, max_iters)?,
        quali: qualifying.then(f1core::model::quali::default_params),
    };
    let builder = dataset.builder(py)?;
    let first = season.saturating_sub(train_seasons);
    let ds = &dataset.inner;
    let races = (ds.races(season).iter())
        .filter(|r| ds.has_results(r.id))
        .count();
    let inner = convert::detach_with_progress(py, progress, |p| {
        let mut phases = Phases::new(p, usize::from(season - first) + 1 + races);
        let samples = builder.samples(first..=season, &mut phases)?;
        let wf = phases.part(races, |p| {
            race_eval::walk_forward_with_progress(&samples, &opts, p)
        })?;
        phases.finish();
        Ok::<_, f1core::Error>(wf)
    })?
    .or_raise()?;
    Ok(WalkForward { inner })
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<RaceModel>()?;
    m.add_class::<WalkForward>()?;
    m.add_function(wrap_pyfunction!(train_race_model, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate_race_models, m)?)?;
    Ok(())
}
