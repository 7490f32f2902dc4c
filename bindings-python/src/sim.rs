//! The strategy simulator: one car's race against the real field
//! (`RaceField`, `simulate`, `Simulation`).

use crate::convert;
use crate::error::OrRaise;
use crate::laps::laps_of;
use crate::tyre::TyreFit;
use f1core::domain::Lap;
use f1core::sim::{FieldOptions, SimulateRequest, SimulateResponse};
use pyo3::prelude::*;
use serde_json::json;
use std::sync::Arc;

/// A race's real field (from its lap table) to run strategies against.
#[pyclass(module = "f1core", frozen)]
struct RaceField {
    inner: f1core::sim::RaceField,
    laps: Arc<Vec<Lap>>,
}

#[pymethods]
impl RaceField {
    /// Builds the field from a race's laps (a `Laps`, path or frame),
    /// fitting the tyre model. The passing rule needs `overtake_delta` (s/lap)
    /// or a catalogue `circuit` to take it from; `pit_loss` replaces the stop
    /// cost measured in the race. `progress(done, total)` follows the fit.
    #[new]
    #[pyo3(signature = (laps, *, circuit=None, overtake_delta=None, pit_loss=None, progress=None))]
    fn new(
        py: Python<'_>,
        laps: &Bound<'_, PyAny>,
        circuit: Option<String>,
        overtake_delta: Option<f64>,
        pit_loss: Option<f64>,
        progress: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<RaceField> {
        let laps = laps_of(py, laps)?;
        let opts: FieldOptions = convert::request(
            json!({"circuit": circuit, "overtake_delta": overtake_delta, "pit_loss": pit_loss}),
            "race field",
        )?;
        let inner = convert::detach_with_progress(py, progress, |p| {
            f1core::sim::RaceField::build(&laps, &opts, p)
        })?
        .or_raise()?;
        Ok(RaceField { inner, laps })
    }

    fn __repr__(&self) -> String {
        format!(
            "<f1core.RaceField {} cars, {} laps, stop cost {:.2} s, winner {}>",
            self.inner.drivers().len(),
            self.inner.race_laps(),
            self.inner.pit_loss(),
            self.inner.classified().first().copied().unwrap_or("-")
        )
    }

    /// Race distance in laps.
    #[getter]
    fn race_laps(&self) -> u32 {
        self.inner.race_laps()
    }

    /// Seconds a stop costs (in-lap and out-lap together).
    #[getter]
    fn pit_loss(&self) -> f64 {
        self.inner.pit_loss()
    }

    /// Timing codes of the field, sorted.
    #[getter]
    fn drivers(&self) -> Vec<String> {
        self.inner
            .drivers()
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    /// Classified drivers in finishing order.
    #[getter]
    fn classified(&self) -> Vec<String> {
        self.inner
            .classified()
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    /// The tyre model fitted to the race (a `TyreFit`).
    #[getter]
    fn fitted(&self) -> TyreFit {
        TyreFit {
            fitted: self.inner.fitted().clone(),
            race_laps: self.inner.race_laps(),
            laps: self.laps.clone(),
        }
    }

    /// A driver's actual strategy as `simulate` keyword arguments:
    /// `f1core.simulate(field, **field.actual_strategy("VER"))` replays it.
    fn actual_strategy<'py>(&self, py: Python<'py>, driver: &str) -> PyResult<Bound<'py, PyAny>> {
        let req = self.inner.actual_strategy(driver).or_raise()?;
        let d = convert::to_py(py, &req)?;
        d.del_item("race")?;
        Ok(d)
    }

    /// A driver's actual (laps completed, race time in seconds).
    fn actual_race_time(&self, driver: &str) -> PyResult<(u32, f64)> {
        self.inner.actual_race_time(driver).or_raise()
    }

    /// `f1core.simulate(self, ...)`.
    #[pyo3(signature = (driver, pit_stops, starting_compound, *, starting_tyre_age=None, weather="DRY", pace="ACTUAL"))]
    fn simulate(
        &self,
        driver: &str,
        pit_stops: &Bound<'_, PyAny>,
        starting_compound: &str,
        starting_tyre_age: Option<u32>,
        weather: &str,
        pace: &str,
    ) -> PyResult<Simulation> {
        simulate(
            self,
            driver,
            pit_stops,
            starting_compound,
            starting_tyre_age,
            weather,
            pace,
        )
    }
}

/// One driver's race on a strategy of your choosing against the real field.
#[pyclass(module = "f1core", frozen)]
struct Simulation {
    inner: SimulateResponse,
}

#[pymethods]
impl Simulation {
    fn __repr__(&self) -> String {
        let r = &self.inner;
        let from = r.original_position.map_or("-".into(), |p| format!("P{p}"));
        format!(
            "<f1core.Simulation {} {from} → P{}, {:+.3} s gained, {} laps in {:.3} s>",
            r.driver, r.simulated_position, r.time_gained, r.laps_completed, r.race_time
        )
    }

    /// Timing code.
    #[getter]
    fn driver(&self) -> String {
        self.inner.driver.clone()
    }

    /// Where the driver actually finished.
    #[getter]
    fn original_position(&self) -> Option<u32> {
        self.inner.original_position
    }

    /// Where the strategy finishes.
    #[getter]
    fn simulated_position(&self) -> u32 {
        self.inner.simulated_position
    }

    /// Seconds gained over the actual strategy on the same footing.
    #[getter]
    fn time_gained(&self) -> f64 {
        self.inner.time_gained
    }

    /// Simulated race time, seconds.
    #[getter]
    fn race_time(&self) -> f64 {
        self.inner.race_time
    }

    /// Laps completed when the flag fell.
    #[getter]
    fn laps_completed(&self) -> u32 {
        self.inner.laps_completed
    }

    /// The stints run: `compound`, `first_lap`, `last_lap`, `start_age`.
    #[getter]
    fn stints<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner.stints)
    }

    /// Per lap: `lap`, `position`, `lap_time`, `compound`, `tyre_age`, `gap_to_leader`.
    #[getter]
    fn lap_by_lap<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::frame(py, &self.inner.lap_by_lap)
    }

    /// The response as a dict (seed §4.4 shape).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner)
    }
}

/// Runs `driver` on a strategy against the field of `race` (a `RaceField`):
/// `pit_stops` = `[{"lap": 17, "compound": "HARD"}, ...]` (pit at the end of
/// `lap`; optional `tyre_age` of the set fitted), `starting_compound` the
/// first set (`starting_tyre_age` laps old, default the actual age if the
/// compound matches), `pace` `ACTUAL` (the driver's own laps, changed where
/// the strategy changes them) or `MODEL`.
#[pyfunction]
#[pyo3(signature = (race, driver, pit_stops, starting_compound, *, starting_tyre_age=None, weather="DRY", pace="ACTUAL"))]
fn simulate(
    race: &RaceField,
    driver: &str,
    pit_stops: &Bound<'_, PyAny>,
    starting_compound: &str,
    starting_tyre_age: Option<u32>,
    weather: &str,
    pace: &str,
) -> PyResult<Simulation> {
    let req: SimulateRequest = convert::request(
        json!({
            "driver": driver, "pit_stops": convert::json(pit_stops, "pit_stops")?,
            "starting_compound": starting_compound, "starting_tyre_age": starting_tyre_age,
            "weather": weather, "pace": pace,
        }),
        "simulate",
    )?;
    let py = pit_stops.py();
    let inner = py.detach(|| race.inner.simulate(&req)).or_raise()?;
    Ok(Simulation { inner })
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<RaceField>()?;
    m.add_class::<Simulation>()?;
    m.add_function(wrap_pyfunction!(simulate, m)?)?;
    Ok(())
}
