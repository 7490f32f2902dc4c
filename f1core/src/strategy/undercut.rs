//! Undercut and overcut: who is ahead once both cars have stopped, when one
//! stops next lap and the other `laps_later` laps after it.
//!
//! Both cars run our lap-time model (the rival plus its `pace_offset`) and
//! lose the same `pit_loss`. The cars are compared at the end of the second
//! car's in-lap with both stops' loss counted, i.e. when the second car has
//! rejoined. Between the stops each car runs free air: the first stopper's
//! new set is a pit-loss behind, too far to be held up by the other.

use super::window::{PitOption, PitWindowRequest, Rival};
use crate::domain::Compound;
use crate::error::{Error, Result};
use crate::tyre::TyreModel;
use serde::{Deserialize, Serialize};

/// One car stops on `first_stop`, the other on `second_stop`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PitDuel {
    /// In-lap of the car that stops first: us in the undercut, the car
    /// behind in the overcut.
    pub first_stop: u32,
    pub second_stop: u32,
    /// The new compound of the first stopper (age 0 for the rival; ours is
    /// the set our best plan fits when stopping on `first_stop`).
    pub first_compound: Compound,
    /// Seconds the first stopper gains on the other over laps
    /// `current_lap + 1 ..= second_stop`, both stops included.
    pub gain: f64,
    /// The gap at the end of `current_lap` (from the request).
    pub gap: f64,
    /// Our lead after both stops, seconds (negative = behind): undercut
    /// `gain − gap`, overcut `gap − gain`.
    pub margin: f64,
    /// `margin > 0`: the undercut gets us ahead / the overcut keeps us ahead.
    pub works: bool,
}

/// Seconds for laps `from..=to` on a set of compound `c` that had `age`
/// laps at the start of lap `from`, plus `offset` per lap.
fn run(
    model: &TyreModel,
    c: Compound,
    age: u32,
    from: u32,
    to: u32,
    laps: u32,
    offset: f64,
) -> Result<f64> {
    let mut t = 0.0;
    for lap in from..=to {
        t += model
            .lap_time(c, age + (lap - from), lap, laps)
            .ok_or_else(|| Error::InvalidInput(format!("the model has no {c:?}")))?
            + offset;
    }
    Ok(t)
}

/// The undercut against `req.ahead` and the overcut against `req.behind`,
/// each `None` when that car is not given, the second stop would not come
/// before the last lap, or our own stop in it is not a feasible option.
pub(crate) fn duels(
    req: &PitWindowRequest,
    options: &[PitOption],
) -> Result<(Option<PitDuel>, Option<PitDuel>)> {
    let (n, m, pit) = (req.laps, &req.model, req.pit_loss);
    let s1 = req.current_lap + 1;
    let s2 = s1.saturating_add(req.laps_later);
    if s2 >= n {
        return Ok((None, None));
    }
    let at = |lap: u32| options.iter().find(|o| o.pit_lap == Some(lap));
    // Our laps on the current set from s1 to `to`.
    let stay = |to: u32| run(m, req.compound, req.tyre_age, s1, to, n, 0.0);
    let duel = |first_compound, gain: f64, r: &Rival, margin| PitDuel {
        first_stop: s1,
        second_stop: s2,
        first_compound,
        gain,
        gap: r.gap,
        margin,
        works: margin > 0.0,
    };

    let mut undercut = None;
    if let (Some(r), Some(o)) = (&req.ahead, at(s1)) {
        let new = o.plan.stints[1];
        let ours = stay(s1)? + pit + run(m, new.compound, new.start_age, s1 + 1, s2, n, 0.0)?;
        let theirs = run(m, r.compound, r.tyre_age, s1, s2, n, r.pace_offset)? + pit;
        let gain = theirs - ours;
        undercut = Some(duel(new.compound, gain, r, gain - r.gap));
    }

    let mut overcut = None;
    if let (Some(r), Some(_)) = (&req.behind, at(s2)) {
        let next = r
            .next_compound
            .or_else(|| at(s1).and_then(|o| o.next_compound));
        if let Some(c) = next {
            let theirs = run(m, r.compound, r.tyre_age, s1, s1, n, r.pace_offset)?
                + pit
                + run(m, c, 0, s1 + 1, s2, n, r.pace_offset)?;
            let ours = stay(s2)? + pit;
            let gain = ours - theirs;
            overcut = Some(duel(c, gain, r, r.gap - gain));
        }
    }
    Ok((undercut, overcut))
}
