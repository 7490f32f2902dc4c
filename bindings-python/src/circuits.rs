//! The embedded catalogue of the 2025 circuits: `Circuit`, `circuit`, `circuits`.

use crate::convert;
use crate::error::OrRaise;
use crate::tyre::TyreModel;
use f1core::catalogue::{self, CircuitFacts};
use pyo3::prelude::*;

/// What f1core knows about a 2025 circuit without data files.
#[pyclass(module = "f1core", frozen)]
pub struct Circuit {
    /// Ergast `circuitRef`.
    #[pyo3(get)]
    circuit_ref: String,
    /// Circuit name as the Ergast dump spells it.
    #[pyo3(get)]
    name: String,
    /// Country as the Ergast dump spells it.
    #[pyo3(get)]
    country: String,
    /// Scheduled race distance in laps.
    #[pyo3(get)]
    race_laps: u32,
    /// Lap length in km.
    #[pyo3(get)]
    lap_length_km: f64,
    /// Seconds a green-flag stop costs.
    #[pyo3(get)]
    pit_loss: f64,
    /// A representative dry race lap, seconds.
    #[pyo3(get)]
    typical_race_lap: f64,
    /// Chance of at least one safety car.
    #[pyo3(get)]
    safety_car_probability: f64,
    /// Chance of at least one virtual safety car.
    #[pyo3(get)]
    vsc_probability: f64,
    /// 0 (easy) to 1.
    #[pyo3(get)]
    overtaking_difficulty: f64,
    /// Pace advantage (s/lap) a car needs to pass.
    #[pyo3(get)]
    overtake_delta: f64,
    /// Seconds per lap gained as fuel burns.
    #[pyo3(get)]
    fuel_effect: f64,
    /// `low`, `medium` or `high`.
    #[pyo3(get)]
    tyre_stress: String,
    pub facts: &'static CircuitFacts,
}

impl From<&'static CircuitFacts> for Circuit {
    fn from(f: &'static CircuitFacts) -> Circuit {
        Circuit {
            circuit_ref: f.circuit_ref.to_string(),
            name: f.name.to_string(),
            country: f.country.to_string(),
            race_laps: f.race_laps,
            lap_length_km: f.lap_length_km,
            pit_loss: f.pit_loss,
            typical_race_lap: f.typical_race_lap,
            safety_car_probability: f.safety_car_probability,
            vsc_probability: f.vsc_probability,
            overtaking_difficulty: f.overtaking_difficulty,
            overtake_delta: f.overtake_delta,
            fuel_effect: f.fuel_effect,
            tyre_stress: convert::name(&f.tyre_stress),
            facts: f,
        }
    }
}

#[pymethods]
impl Circuit {
    fn __repr__(&self) -> String {
        format!(
            "<f1core.Circuit {} ({}, {}): {} laps of {:.3} km, stop {:.1} s>",
            self.circuit_ref,
            self.name,
            self.country,
            self.race_laps,
            self.lap_length_km,
            self.pit_loss
        )
    }

    /// Race distance in km.
    #[getter]
    fn race_distance_km(&self) -> f64 {
        self.facts.race_distance_km()
    }

    /// The circuit's default `TyreModel` (MEDIUM the reference).
    fn tyre_model(&self) -> TyreModel {
        TyreModel {
            inner: self.facts.tyre_model(),
        }
    }

    /// The facts as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, self.facts)
    }
}

/// The catalogue circuit with this `circuitRef` (case-insensitive).
#[pyfunction]
fn circuit(circuit_ref: &str) -> PyResult<Circuit> {
    Ok(Circuit::from(catalogue::get(circuit_ref).or_raise()?))
}

/// Every circuit of the 2025 calendar, in calendar order, as a frame.
#[pyfunction]
fn circuits(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    convert::frame(py, catalogue::all())
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Circuit>()?;
    m.add_function(wrap_pyfunction!(circuit, m)?)?;
    m.add_function(wrap_pyfunction!(circuits, m)?)?;
    Ok(())
}
