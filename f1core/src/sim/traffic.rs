//! Track position: who may pass whom on a lap. Shared by every simulator so
//! "held up" means the same thing in a replay and in Monte Carlo.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// A car takes a place on track only with a lap-time advantage of at least
/// `overtake_delta` seconds over the car it passes, or when either car is in
/// the pits that lap; otherwise it crosses the line `follow_gap` behind it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PassingRule {
    pub overtake_delta: f64,
    #[serde(default = "default_gap")]
    pub follow_gap: f64,
}

/// Seconds behind a car that a car unable to pass it crosses the line: about
/// the gap at which the dirty air stops a following car gaining.
pub const DEFAULT_FOLLOW_GAP: f64 = 0.5;

fn default_gap() -> f64 {
    DEFAULT_FOLLOW_GAP
}

/// One car's lap as the rule sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CarLap {
    /// Race time at the end of the previous lap.
    pub prev: f64,
    /// The lap time it would run in free air.
    pub lap_time: f64,
    /// The car pits at the end of this lap or left the pits at its start.
    pub pitted: bool,
}

impl PassingRule {
    pub fn new(overtake_delta: f64) -> PassingRule {
        PassingRule {
            overtake_delta,
            follow_gap: DEFAULT_FOLLOW_GAP,
        }
    }

    pub fn validate(&self) -> Result<()> {
        let ok = |x: f64| x.is_finite() && x >= 0.0;
        if ok(self.overtake_delta) && ok(self.follow_gap) {
            Ok(())
        } else {
            Err(Error::InvalidInput(format!(
                "overtake_delta and follow_gap must be finite and ≥ 0, got {} and {}",
                self.overtake_delta, self.follow_gap
            )))
        }
    }

    /// Whether car `me` may pass car `ahead` on this lap.
    pub fn can_pass(&self, me: &CarLap, ahead: &CarLap) -> bool {
        me.pitted || ahead.pitted || ahead.lap_time - me.lap_time >= self.overtake_delta
    }

    /// Resolves one lap for cars given in track order (sorted by `prev`):
    /// writes each car's race time at the end of the lap to `out`. A car that
    /// would get within `follow_gap` of (or past) a car it may not pass is
    /// held `follow_gap` behind it. O(n²) in the worst case, O(n) when the
    /// field is spread out.
    pub fn resolve_lap(&self, cars: &[CarLap], out: &mut [f64]) {
        debug_assert_eq!(cars.len(), out.len());
        for i in 0..cars.len() {
            let me = &cars[i];
            let mut t = me.prev + me.lap_time;
            for j in (0..i).rev() {
                if t < out[j] + self.follow_gap && !self.can_pass(me, &cars[j]) {
                    t = out[j] + self.follow_gap;
                }
            }
            out[i] = t;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn car(prev: f64, lap_time: f64) -> CarLap {
        CarLap {
            prev,
            lap_time,
            pitted: false,
        }
    }

    #[test]
    fn faster_car_is_held_unless_advantage_reaches_delta() {
        let rule = PassingRule::new(1.0);
        let mut out = [0.0; 2];
        // 0.8 s quicker, starting 0.3 s behind: held 0.5 s behind.
        rule.resolve_lap(&[car(100.0, 90.8), car(100.3, 90.0)], &mut out);
        assert_eq!(out, [190.8, 191.3]);
        // 1.2 s quicker: passes.
        rule.resolve_lap(&[car(100.0, 91.2), car(100.3, 90.0)], &mut out);
        assert_eq!(out, [191.2, 190.3]);
        // Through the pits: passes whatever the pace.
        let pit = CarLap {
            pitted: true,
            ..car(100.0, 90.8)
        };
        rule.resolve_lap(&[pit, car(100.3, 90.0)], &mut out);
        assert_eq!(out, [190.8, 190.3]);
    }

    #[test]
    fn a_queue_stacks_behind_the_slow_car() {
        let rule = PassingRule::new(1.0);
        let mut out = [0.0; 3];
        rule.resolve_lap(&[car(0.0, 95.0), car(0.4, 94.5), car(0.8, 94.2)], &mut out);
        assert_eq!(out, [95.0, 95.5, 96.0]);
        // A spread-out field is untouched.
        rule.resolve_lap(&[car(0.0, 95.0), car(5.0, 94.5)], &mut out[..2]);
        assert_eq!(&out[..2], &[95.0, 99.5]);
        assert!(PassingRule::new(f64::NAN).validate().is_err());
    }
}
