//! Tyre and fuel model of a race: lap time = base + compound offset +
//! degradation(tyre age) + fuel effect(lap). [`fit`] fits it to a race's
//! laps; the strategy optimiser and the simulator only evaluate it.

mod cholesky;
mod clean;
mod design;
pub mod fit;
mod points;

pub use points::{CurvePoint, WearPoint, wear_curves, wear_points};

use crate::domain::Compound;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// How lap time grows with tyre age `a` (laps on the set before this lap).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum Degradation {
    /// `rate * a`
    Linear { rate: f64 },
    /// `rate * a + curve * a²`
    Quadratic { rate: f64, curve: f64 },
    /// `scale * ln(1 + a)`
    Logarithmic { scale: f64 },
}

impl Degradation {
    /// Seconds lost to wear on a lap run with `age` laps already on the set.
    pub fn loss(&self, age: u32) -> f64 {
        let a = age as f64;
        match *self {
            Degradation::Linear { rate } => rate * a,
            Degradation::Quadratic { rate, curve } => rate * a + curve * a * a,
            // libm, not std: std defers to the platform C library, whose log1p
            // may differ in the last bit between glibc and wasm32.
            Degradation::Logarithmic { scale } => scale * libm::log1p(a),
        }
    }

    fn check(&self) -> Result<()> {
        let ok = match *self {
            Degradation::Linear { rate } => rate.is_finite(),
            Degradation::Quadratic { rate, curve } => rate.is_finite() && curve.is_finite(),
            Degradation::Logarithmic { scale } => scale.is_finite(),
        };
        ok.then_some(()).ok_or_else(|| {
            Error::InvalidInput(format!("degradation parameters must be finite: {self:?}"))
        })
    }
}

/// One compound's pace: offset to the base lap and its wear.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CompoundModel {
    pub compound: Compound,
    /// Seconds relative to the base lap on a new set (negative = faster).
    pub offset: f64,
    pub degradation: Degradation,
}

/// A race's lap-time model for one car (or the field's reference car).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TyreModel {
    /// Lap time in seconds on a new set of the reference compound, full fuel
    /// effect removed (i.e. at the end of the race).
    pub base_lap: f64,
    /// Seconds gained per lap as fuel burns: lap `l` (1-based) of `n` runs
    /// `fuel_effect * (n - l)` slower than the last lap.
    pub fuel_effect: f64,
    pub compounds: Vec<CompoundModel>,
}

impl TyreModel {
    pub fn compound(&self, c: Compound) -> Option<&CompoundModel> {
        self.compounds.iter().find(|m| m.compound == c)
    }

    /// Lap time of lap `lap` (1-based) of a `laps`-lap race on compound `c`
    /// with `age` laps already on the set.
    pub fn lap_time(&self, c: Compound, age: u32, lap: u32, laps: u32) -> Option<f64> {
        let m = self.compound(c)?;
        let fuel = self.fuel_effect * laps.saturating_sub(lap) as f64;
        Some(self.base_lap + m.offset + m.degradation.loss(age) + fuel)
    }

    /// Checks the model is usable: finite numbers, a positive base lap, no
    /// compound listed twice.
    pub fn validate(&self) -> Result<()> {
        if !(self.base_lap.is_finite() && self.base_lap > 0.0) {
            return Err(Error::InvalidInput(format!(
                "base_lap must be positive, got {}",
                self.base_lap
            )));
        }
        if !self.fuel_effect.is_finite() {
            return Err(Error::InvalidInput(format!(
                "fuel_effect must be finite, got {}",
                self.fuel_effect
            )));
        }
        for (i, m) in self.compounds.iter().enumerate() {
            if !m.offset.is_finite() {
                return Err(Error::InvalidInput(format!(
                    "{:?} offset must be finite",
                    m.compound
                )));
            }
            m.degradation.check()?;
            if self.compounds[..i].iter().any(|o| o.compound == m.compound) {
                return Err(Error::InvalidInput(format!(
                    "{:?} listed twice",
                    m.compound
                )));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lap_time_adds_offset_wear_and_fuel() {
        let m = TyreModel {
            base_lap: 90.0,
            fuel_effect: 0.05,
            compounds: vec![CompoundModel {
                compound: Compound::Soft,
                offset: -0.5,
                degradation: Degradation::Quadratic {
                    rate: 0.1,
                    curve: 0.01,
                },
            }],
        };
        // lap 1 of 50, 3 laps old: 90 - 0.5 + (0.3 + 0.09) + 0.05 * 49
        let t = m.lap_time(Compound::Soft, 3, 1, 50).unwrap();
        assert!((t - (90.0 - 0.5 + 0.39 + 2.45)).abs() < 1e-12);
        assert_eq!(m.lap_time(Compound::Hard, 0, 1, 50), None);
        assert!((Degradation::Logarithmic { scale: 1.0 }.loss(0)).abs() < 1e-12);
        m.validate().unwrap();
        let mut bad = m.clone();
        bad.compounds.push(bad.compounds[0]);
        assert!(bad.validate().is_err());
    }
}
