//! The Monte Carlo race model: `monte_carlo` (a field raced many times with
//! a seed) and its `MonteCarlo` result (per-driver distributions).

use crate::convert;
use crate::error::OrRaise;
use crate::tyre::model_of;
use f1core::sim::SimRng;
use f1core::sim::monte_carlo::{self as mc, DriverOutcome, MonteCarloRequest, MonteCarloResponse};
use pyo3::prelude::*;
use serde_json::json;

/// Progress batches when a callback is given (a tqdm bar moves in 1/50ths).
const BATCHES: u32 = 50;

/// A field raced `runs` times: each driver's finishing-position distribution,
/// win / podium / DNF odds, expected points and mean race time.
#[pyclass(module = "f1core", frozen)]
struct MonteCarlo {
    inner: MonteCarloResponse,
}

#[pymethods]
impl MonteCarlo {
    fn __repr__(&self) -> String {
        let r = &self.inner;
        let fav = r
            .drivers
            .iter()
            .max_by(|a, b| a.win_probability.total_cmp(&b.win_probability))
            .map_or("-".to_string(), |d| {
                format!("{} {:.1} %", d.driver, 100.0 * d.win_probability)
            });
        format!(
            "<f1core.MonteCarlo {} runs (seed {}) of {} cars over {} laps; favourite {fav}; SC in {} races>",
            r.runs,
            r.seed,
            r.drivers.len(),
            r.laps,
            r.safety_car_races
        )
    }

    /// Races run.
    #[getter]
    fn runs(&self) -> u32 {
        self.inner.runs
    }

    /// The seed the generator started from.
    #[getter]
    fn seed(&self) -> u64 {
        self.inner.seed
    }

    /// Race distance in laps.
    #[getter]
    fn laps(&self) -> u32 {
        self.inner.laps
    }

    /// Season whose points system scored the races.
    #[getter]
    fn points_season(&self) -> u16 {
        self.inner.points_season
    }

    /// Races that had a safety-car period.
    #[getter]
    fn safety_car_races(&self) -> u32 {
        self.inner.safety_car_races
    }

    /// Races that had a virtual-safety-car period.
    #[getter]
    fn vsc_races(&self) -> u32 {
        self.inner.vsc_races
    }

    /// One row per driver in request order: `driver`, `grid`, `strategy`,
    /// `positions` (counts per place), `position_probabilities`, `dnf`,
    /// `dnf_probability`, `win_probability`, `podium_probability`,
    /// `expected_points`, `mean_position`, `mean_race_time`.
    #[getter]
    fn drivers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::frame(py, &self.inner.drivers)
    }

    /// The response as a dict (the core's JSON shape).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner)
    }
}

/// Cars from a list of dicts or a polars / pandas frame of them.
fn cars_of(cars: &Bound<'_, PyAny>) -> PyResult<serde_json::Value> {
    let rows = if cars.hasattr("to_dicts")? {
        cars.call_method0("to_dicts")?
    } else if cars.hasattr("to_dict")? && cars.hasattr("columns")? {
        cars.call_method1("to_dict", ("records",))?
    } else {
        cars.clone()
    };
    convert::json(&rows, "cars")
}

/// Runs `req` in `BATCHES` parts on one generator, reporting after each,
/// and adds the parts up. The generator's stream is the one `simulate`
/// draws, so counts and probabilities equal an unbatched run's; means
/// (points, position, race time) are weighted means of the parts, equal
/// to float rounding. (The core has no progress hook for Monte Carlo yet.)
fn batched(
    req: &MonteCarloRequest,
    progress: &mut dyn FnMut(usize, usize),
) -> f1core::Result<MonteCarloResponse> {
    let total = BATCHES.min(req.runs.max(1));
    let mut rng = SimRng::new(req.seed);
    let mut part = req.clone();
    let mut sum: Option<MonteCarloResponse> = None;
    progress(0, total as usize);
    for b in 0..total {
        part.runs = req.runs / total + u32::from(b < req.runs % total);
        let r = mc::simulate_with(&part, &mut rng)?;
        sum = Some(match sum {
            None => r,
            Some(s) => add(s, &r),
        });
        progress(b as usize + 1, total as usize);
    }
    Ok(finish(sum.expect("at least one batch")))
}

/// Two parts' counts, and their sums in place of the means.
fn add(mut s: MonteCarloResponse, r: &MonteCarloResponse) -> MonteCarloResponse {
    let (a_runs, b_runs) = (f64::from(s.runs), f64::from(r.runs));
    for (d, e) in s.drivers.iter_mut().zip(&r.drivers) {
        let (fa, fb) = (finished(d), finished(e));
        for (x, y) in d.positions.iter_mut().zip(&e.positions) {
            *x += y;
        }
        d.dnf += e.dnf;
        d.expected_points = d.expected_points * a_runs + e.expected_points * b_runs;
        d.expected_points /= a_runs + b_runs;
        d.mean_position = weighted(d.mean_position, fa, e.mean_position, fb);
        d.mean_race_time = weighted(d.mean_race_time, fa, e.mean_race_time, fb);
    }
    s.runs += r.runs;
    s.safety_car_races += r.safety_car_races;
    s.vsc_races += r.vsc_races;
    s
}

fn finished(d: &DriverOutcome) -> f64 {
    f64::from(d.positions.iter().sum::<u32>())
}

/// Mean over both parts' finishes.
fn weighted(a: Option<f64>, na: f64, b: Option<f64>, nb: f64) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) => Some((a * na + b * nb) / (na + nb)),
        (a, None) => a,
        (None, b) => b,
    }
}

/// Probabilities from the summed counts.
fn finish(mut s: MonteCarloResponse) -> MonteCarloResponse {
    let runs = f64::from(s.runs);
    for d in &mut s.drivers {
        let share = |k: u32| f64::from(k) / runs;
        d.position_probabilities = d.positions.iter().map(|&k| share(k)).collect();
        d.dnf_probability = share(d.dnf);
        d.win_probability = share(d.positions[0]);
        d.podium_probability = share(d.positions.iter().take(3).sum());
    }
    s
}

/// Races a field `runs` times. `cars`: a list of dicts (or a frame of
/// rows) `{driver, pace_offset?, grid?, strategy?, dnf_probability?}`, a
/// `strategy` being `{"kind": "optimal", "rank": 1}` (default) or
/// `{"kind": "stops", "starting": "MEDIUM", "pit_stops": [{"lap", "compound"}]}`.
/// A catalogue `circuit` gives the laps, pit loss, tyre model, passing rule
/// and SC/VSC odds not given. `noise` and `neutralisation` are dicts of the
/// core's fields. The same seed gives the same numbers on every platform;
/// `progress(done, total)` runs the races in 50 batches (see `batched`).
#[pyfunction]
#[pyo3(signature = (cars, *, circuit=None, laps=None, pit_loss=None, model=None, passing=None, runs=10000, seed=0, noise=None, neutralisation=None, points_season=None, weather=None, max_stops=3, min_stint=1, progress=None))]
#[allow(clippy::too_many_arguments)]
fn monte_carlo(
    py: Python<'_>,
    cars: &Bound<'_, PyAny>,
    circuit: Option<String>,
    laps: Option<u32>,
    pit_loss: Option<f64>,
    model: Option<&Bound<'_, PyAny>>,
    passing: Option<&Bound<'_, PyAny>>,
    runs: u32,
    seed: u64,
    noise: Option<&Bound<'_, PyAny>>,
    neutralisation: Option<&Bound<'_, PyAny>>,
    points_season: Option<u16>,
    weather: Option<String>,
    max_stops: u32,
    min_stint: u32,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<MonteCarlo> {
    let model = match model {
        Some(m) if !m.is_none() => serde_json::to_value(model_of(m)?).unwrap_or_default(),
        _ => serde_json::Value::Null,
    };
    let passing = match passing {
        Some(p) if p.extract::<f64>().is_ok() => json!({"overtake_delta": p.extract::<f64>()?}),
        other => convert::opt_json(other, "passing")?,
    };
    let mut req = json!({
        "circuit": circuit, "laps": laps, "pit_loss": pit_loss, "model": model,
        "passing": passing, "cars": cars_of(cars)?, "runs": runs, "seed": seed,
        "points_season": points_season, "weather": weather,
        "max_stops": max_stops, "min_stint": min_stint,
    });
    for (key, value) in [("noise", noise), ("neutralisation", neutralisation)] {
        if let Some(v) = value.filter(|v| !v.is_none()) {
            req[key] = convert::json(v, key)?;
        }
    }
    let req: MonteCarloRequest = convert::request(req, "monte_carlo")?;
    let out = match progress.filter(|p| !p.is_none()) {
        None => py.detach(|| mc::simulate(&req)),
        Some(_) => convert::detach_with_progress(py, progress, |p| batched(&req, p))?,
    };
    Ok(MonteCarlo {
        inner: out.or_raise()?,
    })
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<MonteCarlo>()?;
    m.add_function(wrap_pyfunction!(monte_carlo, m)?)?;
    Ok(())
}
