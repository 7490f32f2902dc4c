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

    /// [`resolve_lap`](Self::resolve_lap) made cheap enough for simulators
    /// that resolve millions of laps; same result, bit for bit, for times
    /// that are not NaN (test `fast_resolve_is_identical`). A car ends at the
    /// largest of its own time and the times cars it may not pass hold it
    /// to, so the checks may be run in any order and extra ones are
    /// harmless. Three consequences:
    ///
    /// - Once a car's time is at least `follow_gap` behind every car ahead
    ///   of it (the running maximum of their times, kept in `prefix_max`),
    ///   no earlier car can hold it up (rounded addition is monotone), so
    ///   the scan stops.
    /// - The checks against the two cars just ahead always run, as selects
    ///   rather than branches, before the early exit is tested: whether a
    ///   car is held is a coin toss for the branch predictor.
    /// - The car two ahead is checked first: its time is known a step
    ///   earlier, so only the last check waits for the car just ahead.
    ///
    /// O(n) per lap unless cars pass. `prefix_max` is scratch of at least
    /// `cars.len()`.
    pub fn resolve_lap_fast(&self, cars: &[CarLap], out: &mut [f64], prefix_max: &mut [f64]) {
        let n = cars.len();
        // Same lengths up front: no bounds checks in the loop.
        let (out, prefix_max) = (&mut out[..n], &mut prefix_max[..n]);
        let gap = self.follow_gap;
        // One check of `resolve_lap` against a car ahead that finished at
        // `out_j`; `t` may only grow. Written as a select, not a branch.
        let check = |me: &CarLap, t: f64, ahead: &CarLap, out_j: f64| -> f64 {
            let held_at = out_j + gap;
            let may_pass =
                me.pitted | ahead.pitted | (ahead.lap_time - me.lap_time >= self.overtake_delta);
            if (t < held_at) & !may_pass {
                held_at
            } else {
                t
            }
        };
        // The two cars just ahead and the running maximum stay in registers.
        let (mut out1, mut out2, mut running) = (0.0, 0.0, f64::NEG_INFINITY);
        for i in 0..n {
            let me = &cars[i];
            let mut t = me.prev + me.lap_time;
            if i >= 2 {
                t = check(me, t, &cars[i - 2], out2);
            }
            if i >= 1 {
                t = check(me, t, &cars[i - 1], out1);
            }
            let mut j = i.saturating_sub(2);
            while j > 0 && t < prefix_max[j - 1] + gap {
                j -= 1;
                t = check(me, t, &cars[j], out[j]);
            }
            out[i] = t;
            running = running.max(t);
            prefix_max[i] = running;
            (out2, out1) = (out1, t);
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

    /// The early exit and the order of the checks change nothing: 20,000
    /// random laps (bunched and spread fields, pit stops, deltas from 0 to
    /// "never"), same bits.
    #[test]
    fn fast_resolve_is_identical() {
        let mut rng = crate::sim::SimRng::new(3);
        let (mut slow, mut fast, mut scratch) = ([0.0; 24], [0.0; 24], [0.0; 24]);
        let mut cars = Vec::new();
        let mut held = 0;
        for case in 0..20_000 {
            let n = 1 + rng.below(24) as usize;
            let spread = [0.05, 0.4, 2.0][case % 3];
            let rule = PassingRule {
                overtake_delta: [0.0, 0.3, 1.0, f64::INFINITY][rng.below(4) as usize],
                follow_gap: [0.0, 0.5, 1.0][rng.below(3) as usize],
            };
            cars.clear();
            let mut prev = 100.0;
            for _ in 0..n {
                prev += spread * rng.uniform();
                cars.push(CarLap {
                    prev,
                    lap_time: 90.0 + 1.5 * rng.normal(),
                    pitted: rng.chance(0.1),
                });
            }
            rule.resolve_lap(&cars, &mut slow[..n]);
            rule.resolve_lap_fast(&cars, &mut fast[..n], &mut scratch);
            for i in 0..n {
                assert_eq!(slow[i].to_bits(), fast[i].to_bits(), "case {case} car {i}");
                held += usize::from(slow[i] != cars[i].prev + cars[i].lap_time);
            }
        }
        // The cases exercise the rule, not just free air.
        assert!(held > 20_000, "{held}");
    }
}
