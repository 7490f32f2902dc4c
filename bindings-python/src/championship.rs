//! Championship probabilities: `championship` (title odds as of a round of
//! the dump), `championship_request` (the request it simulates, to edit)
//! and `simulate_championship` (any request, e.g. your own strengths).

use crate::convert;
use crate::dataset::Dataset;
use crate::error::OrRaise;
use crate::race_model::FIT_UNITS;
use f1core::features::FieldEntry;
use f1core::model::championship::{
    ChampionOdds, ChampionshipRequest, ChampionshipResponse, championship_with_progress,
};
use f1core::model::championship_data::{SnapshotOptions, request_from_model, training_races};
use f1core::model::race::RaceModelKind;
use f1core::model::race_fit::fit_with_progress;
use f1core::progress::Phases;
use pyo3::prelude::*;
use serde::ser::{Serialize, SerializeMap, Serializer};

// The signatures' literals `form_sd=0.5` and `driver_form_sd=0.0` (literals,
// so Python's signature shows them) are the core's defaults.
const _: () = assert!(f1core::model::championship_data::DEFAULT_FORM_SD == 0.5);
const _: () = assert!(f1core::model::championship::DEFAULT_DRIVER_FORM_SD == 0.0);

/// Progress units of the title simulation (the core reports at most 100).
pub const TITLE_UNITS: usize = 100;

/// Both title races as simulated: per driver and per constructor P(title),
/// expected final points, quantiles and expected final position.
#[pyclass(module = "f1core", frozen)]
pub struct Championship {
    pub inner: ChampionshipResponse,
}

/// A row of odds with the key named for its table.
struct Row<'a>(&'static str, &'a ChampionOdds);

impl Serialize for Row<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let o = self.1;
        let mut m = s.serialize_map(Some(9))?;
        m.serialize_entry(self.0, &o.key)?;
        m.serialize_entry("current_points", &o.current_points)?;
        m.serialize_entry("p_title", &o.p_title)?;
        m.serialize_entry("expected_points", &o.expected_points)?;
        m.serialize_entry("points_q05", &o.points_q05)?;
        m.serialize_entry("points_q50", &o.points_q50)?;
        m.serialize_entry("points_q95", &o.points_q95)?;
        m.serialize_entry("expected_position", &o.expected_position)?;
        m.serialize_entry("p_position", &o.p_position)?;
        m.end()
    }
}

fn table<'py>(
    py: Python<'py>,
    key: &'static str,
    odds: &[ChampionOdds],
) -> PyResult<Bound<'py, PyAny>> {
    let rows: Vec<Row> = odds.iter().map(|o| Row(key, o)).collect();
    convert::frame(py, &rows)
}

fn leader(odds: &[ChampionOdds]) -> String {
    odds.first().map_or("-".into(), |o| {
        format!("{} {:.1} %", o.key, 100.0 * o.p_title)
    })
}

#[pymethods]
impl Championship {
    fn __repr__(&self) -> String {
        let r = &self.inner;
        format!(
            "<f1core.Championship {} after round {}, {} runs (seed {}): drivers' favourite {}, constructors' {}>",
            r.season,
            r.after_round,
            r.runs,
            r.seed,
            leader(&r.drivers),
            leader(&r.constructors)
        )
    }

    /// The season simulated.
    #[getter]
    fn season(&self) -> u16 {
        self.inner.season
    }

    /// The last completed round of the snapshot (0 = before the season).
    #[getter]
    fn after_round(&self) -> u32 {
        self.inner.after_round
    }

    /// Seasons simulated.
    #[getter]
    fn runs(&self) -> u32 {
        self.inner.runs
    }

    /// The seed the generator started from.
    #[getter]
    fn seed(&self) -> u64 {
        self.inner.seed
    }

    /// Drivers by P(title), then expected position: `driver_ref`,
    /// `current_points`, `p_title`, `expected_points`, `points_q05`,
    /// `points_q50`, `points_q95`, `expected_position`, `p_position`
    /// (P(finishing 1st, 2nd, …), a list).
    #[getter]
    fn drivers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        table(py, "driver_ref", &self.inner.drivers)
    }

    /// Constructors, as `drivers` with `constructor_ref`.
    #[getter]
    fn constructors<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        table(py, "constructor_ref", &self.inner.constructors)
    }

    /// The response as a dict (the core's JSON shape: rows keyed by `key`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner)
    }
}

/// Entries from Python (`None` = the field of the last completed round).
fn field(entries: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Vec<FieldEntry>>> {
    match entries.filter(|e| !e.is_none()) {
        None => Ok(None),
        Some(e) => convert::request(crate::features::entries_json(e)?, "entries").map(Some),
    }
}

/// The request for `season` after `after_round` as the core's
/// `championship_request` builds it (the pre-qualifying model fitted on the
/// races up to the round), reporting on `phases` (seasons, then the fit).
fn request(
    ds: &f1core::Dataset,
    builder: &crate::features::Builder,
    season: u16,
    after_round: u32,
    entries: Option<Vec<FieldEntry>>,
    opts: &SnapshotOptions,
    phases: &mut Phases,
) -> f1core::Result<ChampionshipRequest> {
    let first = season.saturating_sub(opts.train_seasons);
    let samples = builder.samples_through(first..=season, after_round, phases)?;
    let train = training_races(&samples, season, after_round, opts.train_seasons);
    let model = phases.part(FIT_UNITS, |p| {
        fit_with_progress(RaceModelKind::PreQualifying, &train, &opts.fit, p)
    })?;
    request_from_model(
        ds,
        builder.inner(),
        &model,
        season,
        after_round,
        entries,
        opts,
    )
}

/// Title odds for `season` after round `after_round` (0 = before the
/// season; then `entries` is needed): the standings so far, the rest of the
/// calendar with its sprints and the season's points rules, the field's
/// strengths from the pre-qualifying race model fitted on the
/// `train_seasons` seasons before and the rounds so far, and `runs`
/// simulated seasons. `form_sd` is the spread of a per-season constructor
/// form offset, `driver_form_sd` that of a per-season driver offset on top
/// (defaults: the core's, chosen on 1996–2009). `entries`: the
/// field of the remaining rounds (`driver_ref`, `constructor_ref`; a list of
/// dicts or a frame), default the last round's. `sprint_rounds`: the
/// season's sprint rounds where the dump cannot tell (a season ahead: its
/// calendar rows have no session dates); default: from the dump. The same seed gives the
/// same numbers as the Rust core. Runs without the GIL; `progress(done,
/// total)` counts seasons of features, the fit (10 units), the simulation
/// (100 units).
#[pyfunction]
#[pyo3(signature = (dataset, season, after_round, *, runs=10000, seed=1, form_sd=0.5, driver_form_sd=0.0, train_seasons=8, entries=None, sprint_rounds=None, progress=None))]
#[allow(clippy::too_many_arguments)]
fn championship(
    py: Python<'_>,
    dataset: &Dataset,
    season: u16,
    after_round: u32,
    runs: u32,
    seed: u64,
    form_sd: f64,
    driver_form_sd: f64,
    train_seasons: u16,
    entries: Option<&Bound<'_, PyAny>>,
    sprint_rounds: Option<Vec<u32>>,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<Championship> {
    let entries = field(entries)?;
    let opts = SnapshotOptions {
        runs,
        seed,
        form_sd,
        driver_form_sd,
        train_seasons,
        sprint_rounds,
        ..SnapshotOptions::default() // fit options: the core's
    };
    let inner = snapshot(
        py,
        dataset,
        (season, after_round),
        entries,
        &opts,
        progress,
        TITLE_UNITS,
        |req, phases| phases.part(TITLE_UNITS, |p| championship_with_progress(&req, p)),
    )?;
    Ok(Championship { inner })
}

/// The request `championship` simulates, as a dict: `season`,
/// `after_round`, `drivers` (`driver_ref`, `constructor_ref`, `points`,
/// `strength`, `round_points`, `finishes`), `constructors`, `remaining`
/// rounds, `points` (the season's rules), `runs`, `seed`,
/// `fastest_lap_by_position`, `form_sd`, `driver_form_sd`. Edit it (your own strengths, a
/// different field) and pass it to `simulate_championship`.
#[pyfunction]
#[pyo3(signature = (dataset, season, after_round, *, runs=10000, seed=1, form_sd=0.5, driver_form_sd=0.0, train_seasons=8, entries=None, sprint_rounds=None, progress=None))]
#[allow(clippy::too_many_arguments)]
fn championship_request<'py>(
    py: Python<'py>,
    dataset: &Dataset,
    season: u16,
    after_round: u32,
    runs: u32,
    seed: u64,
    form_sd: f64,
    driver_form_sd: f64,
    train_seasons: u16,
    entries: Option<&Bound<'py, PyAny>>,
    sprint_rounds: Option<Vec<u32>>,
    progress: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let entries = field(entries)?;
    let opts = SnapshotOptions {
        runs,
        seed,
        form_sd,
        driver_form_sd,
        train_seasons,
        sprint_rounds,
        ..SnapshotOptions::default() // fit options: the core's
    };
    let req = snapshot(
        py,
        dataset,
        (season, after_round),
        entries,
        &opts,
        progress,
        0,
        |req, _| Ok(req),
    )?;
    convert::to_py(py, &req)
}

/// The request for a snapshot (`round` = (season, after round)), then
/// `then` on it (`then_units` of progress), all without the GIL; progress
/// counts seasons of features, the fit, then `then`'s units.
#[allow(clippy::too_many_arguments)]
fn snapshot<T: Send>(
    py: Python<'_>,
    dataset: &Dataset,
    (season, after_round): (u16, u32),
    entries: Option<Vec<FieldEntry>>,
    opts: &SnapshotOptions,
    progress: Option<&Bound<'_, PyAny>>,
    then_units: usize,
    then: impl FnOnce(ChampionshipRequest, &mut Phases) -> f1core::Result<T> + Send,
) -> PyResult<T> {
    let (ds, builder) = (&*dataset.inner, dataset.builder(py)?);
    let seasons = usize::from(season - season.saturating_sub(opts.train_seasons)) + 1;
    convert::detach_with_progress(py, progress, |p| {
        let mut phases = Phases::new(p, seasons + FIT_UNITS + then_units);
        let req = request(ds, builder, season, after_round, entries, opts, &mut phases)?;
        let out = then(req, &mut phases)?;
        phases.finish();
        Ok::<_, f1core::Error>(out)
    })?
    .or_raise()
}

/// Simulates a championship request (a dict of `championship_request`'s
/// shape, or its JSON): the rest of a season from your own standings and
/// strengths. Runs without the GIL; `progress(done, total)` counts the
/// seasons simulated (at most 100 units).
#[pyfunction]
#[pyo3(signature = (request, *, progress=None))]
fn simulate_championship(
    py: Python<'_>,
    request: &Bound<'_, PyAny>,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<Championship> {
    let req: ChampionshipRequest = convert::from_py(request, "championship request")?;
    let inner =
        convert::detach_with_progress(py, progress, |p| championship_with_progress(&req, p))?
            .or_raise()?;
    Ok(Championship { inner })
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Championship>()?;
    m.add_function(wrap_pyfunction!(championship, m)?)?;
    m.add_function(wrap_pyfunction!(championship_request, m)?)?;
    m.add_function(wrap_pyfunction!(simulate_championship, m)?)?;
    Ok(())
}
