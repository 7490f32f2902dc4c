//! Embedded circuit catalogue: facts for every circuit of the 2025 calendar,
//! so strategy features work with no data on disk. Pure Rust (the table is a
//! `static`), usable on wasm32.
//!
//! Race laps and lap lengths are official; pit loss is derived from the
//! Ergast dump's pit-lane times; typical lap, safety-car odds, overtaking and
//! tyre figures are estimates. `docs/circuits.md` gives the source of every
//! column and what `tests/catalogue.rs` checks against the dump.

mod table;

use crate::domain::Compound;
use crate::error::{Error, Result};
use crate::tyre::{CompoundModel, Degradation, TyreModel};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// How hard a circuit is on tyres; picks the default wear rates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TyreStress {
    Low,
    Medium,
    High,
}

/// What f1core knows about a circuit without any data files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct CircuitFacts {
    /// The Ergast `circuitRef`, e.g. `monza`.
    pub circuit_ref: Cow<'static, str>,
    /// Circuit name as the Ergast dump spells it.
    pub name: Cow<'static, str>,
    /// Country as the Ergast dump spells it (`UK`, `USA`, `UAE`; Las Vegas is
    /// `United States` there).
    pub country: Cow<'static, str>,
    /// Scheduled race distance in laps (official).
    pub race_laps: u32,
    /// Lap length in km (official).
    pub lap_length_km: f64,
    /// Seconds a green-flag pit stop costs against staying out.
    pub pit_loss: f64,
    /// A representative dry race lap (seconds): mid-race fuel, used tyres.
    pub typical_race_lap: f64,
    /// Chance of at least one safety car in the race.
    pub safety_car_probability: f64,
    /// Chance of at least one virtual safety car in the race.
    pub vsc_probability: f64,
    /// 0 (easy) to 1 (next to impossible).
    pub overtaking_difficulty: f64,
    /// Pace advantage (s/lap) a car needs to pass within a few laps.
    pub overtake_delta: f64,
    /// Seconds per lap gained as fuel burns off.
    pub fuel_effect: f64,
    pub tyre_stress: TyreStress,
}

/// Every circuit of the 2025 calendar, in calendar order.
pub fn all() -> &'static [CircuitFacts] {
    &table::CIRCUITS
}

/// The circuit with this Ergast `circuitRef` (case-insensitive).
pub fn get(circuit_ref: &str) -> Result<&'static CircuitFacts> {
    let wanted = circuit_ref.trim();
    all()
        .iter()
        .find(|c| c.circuit_ref.eq_ignore_ascii_case(wanted))
        .ok_or_else(|| {
            // Suggest refs sharing the first letter, else the first few.
            let first = wanted.chars().next().map(|c| c.to_ascii_lowercase());
            let mut hints: Vec<&str> = all()
                .iter()
                .map(|c| c.circuit_ref.as_ref())
                .filter(|r| first.is_some_and(|f| r.starts_with(f)))
                .collect();
            if hints.is_empty() {
                hints = all()
                    .iter()
                    .take(5)
                    .map(|c| c.circuit_ref.as_ref())
                    .collect();
            }
            Error::NotFound(format!(
                "circuit `{wanted}` is not in the catalogue of {} circuits; valid refs include {}",
                all().len(),
                hints.join(", ")
            ))
        })
}

/// Default tyre parameters per stress level (estimates, see docs/circuits.md):
/// (soft offset, hard offset, soft rate, soft curve, medium rate, hard rate).
fn stress_params(s: TyreStress) -> (f64, f64, f64, f64, f64, f64) {
    match s {
        TyreStress::Low => (-0.40, 0.35, 0.05, 0.002, 0.035, 0.020),
        TyreStress::Medium => (-0.45, 0.40, 0.07, 0.003, 0.050, 0.030),
        TyreStress::High => (-0.50, 0.45, 0.10, 0.004, 0.070, 0.045),
    }
}

impl CircuitFacts {
    /// Race distance in km.
    pub fn race_distance_km(&self) -> f64 {
        self.race_laps as f64 * self.lap_length_km
    }

    /// The default lap-time model: MEDIUM is the reference (offset 0); a new
    /// MEDIUM at half distance runs `typical_race_lap`. INTERMEDIATE and WET
    /// offsets are what a lap costs in the conditions that call for them,
    /// relative to the dry base lap.
    pub fn tyre_model(&self) -> TyreModel {
        let (soft, hard, soft_rate, soft_curve, med_rate, hard_rate) =
            stress_params(self.tyre_stress);
        let half = (self.race_laps - self.race_laps / 2) as f64;
        let base_lap = self.typical_race_lap - self.fuel_effect * half;
        let m = |compound, offset, degradation| CompoundModel {
            compound,
            offset,
            degradation,
        };
        TyreModel {
            base_lap,
            fuel_effect: self.fuel_effect,
            compounds: vec![
                m(
                    Compound::Soft,
                    soft,
                    Degradation::Quadratic {
                        rate: soft_rate,
                        curve: soft_curve,
                    },
                ),
                m(
                    Compound::Medium,
                    0.0,
                    Degradation::Linear { rate: med_rate },
                ),
                m(
                    Compound::Hard,
                    hard,
                    Degradation::Linear { rate: hard_rate },
                ),
                m(
                    Compound::Intermediate,
                    0.10 * base_lap,
                    Degradation::Linear { rate: 0.05 },
                ),
                m(
                    Compound::Wet,
                    0.18 * base_lap,
                    Degradation::Linear { rate: 0.03 },
                ),
            ],
        }
    }

    /// Checks every figure is in range (probabilities in 0..=1, positive
    /// times and lengths).
    pub fn validate(&self) -> Result<()> {
        let bad = |what: &str, v: f64| {
            Err(Error::InvalidInput(format!(
                "{}: {what} out of range: {v}",
                self.circuit_ref
            )))
        };
        let unit = |v: f64| (0.0..=1.0).contains(&v);
        let pos = |v: f64| v.is_finite() && v > 0.0;
        if self.race_laps == 0 {
            return bad("race_laps", 0.0);
        }
        for (what, v, ok) in [
            ("lap_length_km", self.lap_length_km, pos(self.lap_length_km)),
            ("pit_loss", self.pit_loss, pos(self.pit_loss)),
            (
                "typical_race_lap",
                self.typical_race_lap,
                pos(self.typical_race_lap),
            ),
            (
                "safety_car_probability",
                self.safety_car_probability,
                unit(self.safety_car_probability),
            ),
            (
                "vsc_probability",
                self.vsc_probability,
                unit(self.vsc_probability),
            ),
            (
                "overtaking_difficulty",
                self.overtaking_difficulty,
                unit(self.overtaking_difficulty),
            ),
            (
                "overtake_delta",
                self.overtake_delta,
                pos(self.overtake_delta),
            ),
            ("fuel_effect", self.fuel_effect, pos(self.fuel_effect)),
        ] {
            if !ok {
                return bad(what, v);
            }
        }
        self.tyre_model().validate()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_monza_and_case_insensitive() {
        let m = get("monza").unwrap();
        assert_eq!(m.race_laps, 53);
        assert_eq!(m.lap_length_km, 5.793);
        assert_eq!(get(" Monza ").unwrap().circuit_ref, "monza");
    }

    #[test]
    fn unknown_ref_names_it_and_lists_valid_ones() {
        let e = get("mugello").unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::NotFound);
        let msg = e.to_string();
        assert!(msg.contains("mugello") && msg.contains("monza"), "{msg}");
        let msg = get("").unwrap_err().to_string();
        assert!(msg.contains("albert_park"), "{msg}");
    }

    #[test]
    fn every_circuit_validates_and_refs_are_unique() {
        assert_eq!(all().len(), 24);
        for (i, c) in all().iter().enumerate() {
            c.validate().unwrap();
            assert!(all()[..i].iter().all(|o| o.circuit_ref != c.circuit_ref));
        }
    }

    #[test]
    fn tyre_model_matches_typical_lap_and_spread() {
        for c in all() {
            let t = c.tyre_model();
            assert_eq!(t.compounds.len(), 5);
            let mid = c.race_laps / 2;
            let med = t.lap_time(Compound::Medium, 0, mid, c.race_laps).unwrap();
            assert!((med - c.typical_race_lap).abs() < 1e-9, "{}", c.circuit_ref);
            // New soft 0.6-1.0 s faster than new hard.
            let gap = t.compound(Compound::Hard).unwrap().offset
                - t.compound(Compound::Soft).unwrap().offset;
            assert!((0.6..=1.0).contains(&gap), "{}: {gap}", c.circuit_ref);
        }
    }

    #[test]
    fn fuel_effect_follows_the_documented_rule() {
        // 0.03 s/lap per kg on a 5 km lap, ~100 kg burnt over the race.
        for c in all() {
            let rule = 0.6 * c.lap_length_km / c.race_laps as f64;
            assert!((c.fuel_effect - rule).abs() < 0.001, "{}", c.circuit_ref);
        }
    }

    #[test]
    fn json_round_trip() {
        let json = serde_json::to_string(all()).unwrap();
        assert!(json.contains("\"circuit_ref\":\"albert_park\""));
        assert!(json.contains("\"tyre_stress\":\"high\""));
        let back: Vec<CircuitFacts> = serde_json::from_str(&json).unwrap();
        assert_eq!(back.as_slice(), all());
    }
}
