//! The championship tables of the Monte Carlo (see `championship_sim`):
//! each entrant's state at the snapshot, the rules that act on it later
//! (exclusions, deductions, restarts, dropped scores) and one run's totals.

use super::championship::ChampionshipRequest;
use crate::standings::{Adjustment, DropBlock};

/// One championship's entrants (drivers or constructors) and their state
/// at the snapshot.
pub(super) struct Table {
    pub(super) keys: Vec<String>,
    pub(super) base_points: Vec<f64>,
    /// With dropped scores: points per round so far, and what was deducted
    /// beyond them (Σ round points − points).
    pub(super) base_rounds: Vec<Vec<(u32, f64)>>,
    pub(super) deducted: Vec<f64>,
    pub(super) base_finishes: Vec<Vec<u32>>,
    pub(super) drops: Vec<DropBlock>,
    /// Excluded from the final classification (ranked behind everyone).
    pub(super) excluded: Vec<bool>,
    /// Deductions still to come, taken off the final total.
    pub(super) later_deduction: Vec<f64>,
    /// `(remaining-round index, entrant)`: restarts from zero there.
    pub(super) restarts: Vec<(usize, usize)>,
}

/// An entrant at the snapshot: key, points, round points, countback.
pub(super) type Entrant = (String, f64, Vec<(u32, f64)>, Vec<u32>);

/// One run's running totals for a table.
pub(super) struct State {
    pub(super) points: Vec<f64>,
    /// Points per remaining round (only read under dropped scores).
    pub(super) rounds: Vec<f64>,
    /// Entrant was restarted: the snapshot's points no longer count.
    pub(super) restarted: Vec<bool>,
    /// Countback, `places` per entrant.
    pub(super) finishes: Vec<u32>,
}

impl Table {
    pub(super) fn new(
        req: &ChampionshipRequest,
        entrants: Vec<Entrant>,
        constructor: bool,
    ) -> Table {
        let sys = &req.points;
        let drops = if constructor {
            sys.constructor_drop.clone()
        } else {
            sys.drop.clone()
        };
        let n = entrants.len();
        let mut t = Table {
            keys: Vec::with_capacity(n),
            base_points: Vec::with_capacity(n),
            base_rounds: Vec::with_capacity(n),
            deducted: Vec::with_capacity(n),
            base_finishes: Vec::with_capacity(n),
            drops,
            excluded: vec![false; n],
            later_deduction: vec![0.0; n],
            restarts: Vec::new(),
        };
        for (key, points, rounds, finishes) in entrants {
            t.keys.push(key);
            t.base_points.push(points);
            t.deducted
                .push(rounds.iter().map(|r| r.1).sum::<f64>() - points);
            t.base_rounds.push(rounds);
            t.base_finishes.push(finishes);
        }
        let last = req.remaining.last().map_or(req.after_round, |r| r.round);
        let ix = |key: &str| t.keys.iter().position(|k| k == key);
        let mut restarts = Vec::new();
        for a in &sys.adjustments {
            match a {
                Adjustment::Exclude {
                    key,
                    constructor: c,
                    from_round,
                } if *c == constructor && *from_round <= last => {
                    if let Some(i) = ix(key) {
                        t.excluded[i] = true;
                    }
                }
                Adjustment::Deduct {
                    key,
                    constructor: c,
                    round,
                    points,
                } if *c == constructor && *round > req.after_round => {
                    if let Some(i) = ix(key) {
                        t.later_deduction[i] += points;
                    }
                }
                Adjustment::Restart {
                    key,
                    constructor: c,
                    round,
                } if *c == constructor && *round > req.after_round => {
                    let at = req.remaining.iter().position(|r| r.round >= *round);
                    if let (Some(at), Some(i)) = (at, ix(key)) {
                        restarts.push((at, i));
                    }
                }
                _ => {}
            }
        }
        t.restarts = restarts;
        t
    }

    pub(super) fn len(&self) -> usize {
        self.keys.len()
    }

    pub(super) fn state(&self, places: usize, rounds: usize) -> State {
        State {
            points: vec![0.0; self.len()],
            rounds: vec![0.0; self.len() * rounds],
            restarted: vec![false; self.len()],
            finishes: vec![0; self.len() * places],
        }
    }

    pub(super) fn reset(&self, s: &mut State, places: usize) {
        s.points.copy_from_slice(&self.base_points);
        s.rounds.fill(0.0);
        s.restarted.fill(false);
        s.finishes.fill(0);
        for (i, f) in self.base_finishes.iter().enumerate() {
            s.finishes[i * places..i * places + f.len()].copy_from_slice(f);
        }
    }

    pub(super) fn restart_at(&self, s: &mut State, at: usize, places: usize) {
        for &(_, i) in self.restarts.iter().filter(|r| r.0 == at) {
            s.points[i] = 0.0;
            s.restarted[i] = true;
            s.finishes[i * places..(i + 1) * places].fill(0);
            let n = s.rounds.len() / self.len();
            s.rounds[i * n..i * n + at].fill(0.0);
        }
    }

    /// Counting points at the end of a run (dropped scores, deductions).
    pub(super) fn net(
        &self,
        s: &State,
        rem: &[u32],
        i: usize,
        scratch: &mut Vec<(u32, f64)>,
    ) -> f64 {
        let total = if self.drops.is_empty() {
            s.points[i]
        } else {
            scratch.clear();
            if !s.restarted[i] {
                scratch.extend_from_slice(&self.base_rounds[i]);
            }
            let n = rem.len();
            scratch.extend(
                rem.iter()
                    .zip(&s.rounds[i * n..(i + 1) * n])
                    .map(|(r, p)| (*r, *p)),
            );
            let deducted = if s.restarted[i] {
                0.0
            } else {
                self.deducted[i]
            };
            best_of(scratch, &self.drops) - deducted
        };
        total - self.later_deduction[i]
    }

    /// Counting points at the snapshot.
    pub(super) fn current(&self, i: usize) -> f64 {
        if self.drops.is_empty() {
            self.base_points[i]
        } else {
            let mut v = self.base_rounds[i].clone();
            best_of(&mut v, &self.drops) - self.deducted[i]
        }
    }
}

/// Σ of the best results per block of rounds, as `standings` counts them.
fn best_of(rounds: &mut [(u32, f64)], drops: &[DropBlock]) -> f64 {
    let mut net = 0.0;
    let mut from = 0;
    let mut block: Vec<f64> = Vec::new();
    for b in drops {
        let to = if b.rounds == 0 {
            u32::MAX
        } else {
            from + b.rounds
        };
        block.clear();
        block.extend(
            rounds
                .iter()
                .filter(|(r, _)| *r > from && *r <= to)
                .map(|r| r.1),
        );
        block.sort_by(|a, b| b.total_cmp(a));
        net += block.iter().take(b.best as usize).sum::<f64>();
        from = to;
        if b.rounds == 0 {
            break;
        }
    }
    net
}
