//! A planned race lap by lap, on the model the plan was optimised on.

use super::{OptimiseRequest, Strategy};
use crate::domain::Compound;
use serde::{Deserialize, Serialize};

/// One lap of a planned strategy.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PlannedLap {
    /// Rank of the strategy among those returned (1 = fastest).
    pub strategy: u32,
    pub lap: u32,
    pub compound: Compound,
    /// Laps on the set at the end of this lap (FastF1's `TyreLife`).
    pub tyre_age: u32,
    /// The model's lap time, seconds (stop excluded).
    pub lap_time: f64,
    /// `pit_loss` on an in-lap, else 0.
    pub pit_loss: f64,
    /// Race time at the end of the lap, stops included.
    pub race_time: f64,
}

/// Every lap of each strategy (ranked in the order given), on `req`'s model.
/// The race times end at each strategy's `total_time`.
pub fn lap_by_lap(req: &OptimiseRequest, strategies: &[Strategy]) -> Vec<PlannedLap> {
    let mut out = Vec::with_capacity(strategies.len() * req.laps as usize);
    for (rank, s) in (1u32..).zip(strategies) {
        let mut race_time = 0.0;
        for p in &s.stints {
            for lap in p.first_lap..=p.last_lap {
                let age = p.start_age + (lap - p.first_lap);
                // Strategies come from this model: every compound is in it.
                let lap_time = req
                    .model
                    .lap_time(p.compound, age, lap, req.laps)
                    .unwrap_or(f64::NAN);
                let pit_loss = if lap == p.last_lap && lap < req.laps {
                    req.pit_loss
                } else {
                    0.0
                };
                race_time += lap_time + pit_loss;
                out.push(PlannedLap {
                    strategy: rank,
                    lap,
                    compound: p.compound,
                    tyre_age: age + 1,
                    lap_time,
                    pit_loss,
                    race_time,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strategy::optimise;

    #[test]
    fn laps_add_up_to_each_strategy_total() {
        let facts = crate::catalogue::get("monza").unwrap();
        let req: OptimiseRequest = serde_json::from_value(serde_json::json!({
            "laps": facts.race_laps, "pit_loss": facts.pit_loss, "model": facts.tyre_model(),
            "max_stops": 3, "min_stint": 5, "weather": "DRY", "top_k": 3,
        }))
        .unwrap();
        let best = optimise(&req).unwrap();
        let laps = lap_by_lap(&req, &best);
        assert_eq!(laps.len(), 3 * req.laps as usize);
        for (rank, s) in (1u32..).zip(&best) {
            let own: Vec<&PlannedLap> = laps.iter().filter(|l| l.strategy == rank).collect();
            assert!(own.iter().map(|l| l.lap).eq(1..=req.laps));
            let last = own.last().unwrap();
            assert!((last.race_time - s.total_time).abs() < 1e-6, "#{rank}");
            let pits: Vec<u32> = own
                .iter()
                .filter(|l| l.pit_loss > 0.0)
                .map(|l| l.lap)
                .collect();
            assert_eq!(pits, s.pit_laps);
            // A new set reads TyreLife 1 on its first lap.
            for st in &s.stints {
                let first = own[st.first_lap as usize - 1];
                assert_eq!(
                    (first.compound, first.tyre_age),
                    (st.compound, st.start_age + 1)
                );
            }
        }
    }
}
