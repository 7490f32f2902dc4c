//! Teammate head-to-head: same constructor, same race.

use super::started;
use crate::dataset::Dataset;
use crate::domain::{Id, RaceResult};
use serde::{Deserialize, Serialize};

/// Who came out ahead, from the season's driver's point of view.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeadToHead {
    /// Meetings compared (`driver_ahead + teammate_ahead`).
    pub compared: u32,
    pub driver_ahead: u32,
    pub teammate_ahead: u32,
}

impl HeadToHead {
    fn record(&mut self, driver_ahead: bool) {
        self.compared += 1;
        if driver_ahead {
            self.driver_ahead += 1;
        } else {
            self.teammate_ahead += 1;
        }
    }
}

/// A driver against one teammate over a season.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeammateHeadToHead {
    pub teammate_ref: String,
    pub teammate_name: String,
    /// Constructors they drove for together, in first-shared order.
    pub constructor_refs: Vec<String>,
    /// Races both were entered for the same constructor.
    pub races_together: u32,
    /// Finishing order (`position_order`, so retirements rank by laps run) in
    /// races both started.
    pub race: HeadToHead,
    /// Qualifying position in races where both have a qualifying row.
    pub qualifying: HeadToHead,
}

/// Running tally against one teammate.
#[derive(Debug, Default)]
pub(crate) struct MateTally {
    constructors: Vec<Id>,
    races_together: u32,
    race: HeadToHead,
    qualifying: HeadToHead,
}

impl MateTally {
    /// Records one race where `me` and `mate` drove for the same constructor;
    /// `*_quali` are their qualifying positions, where known.
    pub(crate) fn record(
        &mut self,
        me: &RaceResult,
        mate: &RaceResult,
        my_quali: Option<u32>,
        mate_quali: Option<u32>,
    ) {
        if !self.constructors.contains(&me.constructor_id) {
            self.constructors.push(me.constructor_id);
        }
        self.races_together += 1;
        if started(me) && started(mate) {
            self.race.record(me.position_order < mate.position_order);
        }
        if let (Some(a), Some(b)) = (my_quali, mate_quali) {
            self.qualifying.record(a < b);
        }
    }
}

/// Turns tallies into responses, most races together first.
pub(crate) fn teammate_rows(
    ds: &Dataset,
    tallies: Vec<(Id, MateTally)>,
) -> Vec<TeammateHeadToHead> {
    let mut rows: Vec<TeammateHeadToHead> = tallies
        .into_iter()
        .map(|(mate, t)| TeammateHeadToHead {
            teammate_ref: ds.driver_ref_of(mate),
            teammate_name: ds.driver_name_of(mate),
            constructor_refs: t
                .constructors
                .iter()
                .map(|&c| ds.constructor_ref_of(c))
                .collect(),
            races_together: t.races_together,
            race: t.race,
            qualifying: t.qualifying,
        })
        .collect();
    rows.sort_by(|a, b| {
        b.races_together
            .cmp(&a.races_together)
            .then_with(|| a.teammate_ref.cmp(&b.teammate_ref))
    });
    rows
}
