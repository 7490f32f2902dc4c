use super::Id;
use crate::timing::{Gap, opt_secs};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Broad class of a result's status text, for DNF rates and the like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusClass {
    /// Took the chequered flag on the lead lap.
    Finished,
    /// Classified, one or more laps down (`+1 Lap`).
    Lapped,
    /// Stopped during the race: accident, mechanical, ... .
    Retired,
    Disqualified,
    /// Entered but did not start, qualify or pre-qualify, or withdrew.
    DidNotStart,
    /// Ran but completed too little distance to be classified.
    NotClassified,
}

impl StatusClass {
    /// Classifies an Ergast `status.csv` text.
    pub fn of(status: &str) -> StatusClass {
        let s = status.trim();
        if s == "Finished" {
            return StatusClass::Finished;
        }
        if s.starts_with('+') && s.contains("Lap") {
            return StatusClass::Lapped;
        }
        match s {
            "Disqualified" | "Excluded" | "Underweight" => StatusClass::Disqualified,
            "Did not qualify" | "Did not prequalify" | "Withdrew" | "107% Rule"
            | "Not restarted" | "Driver unwell" | "Illness" | "Injured" | "Injury"
            | "Eye injury" | "Physical" | "Safety concerns" => StatusClass::DidNotStart,
            "Not classified" => StatusClass::NotClassified,
            _ => StatusClass::Retired,
        }
    }

    /// Did not finish: retired, disqualified or unclassified after starting.
    pub fn is_dnf(self) -> bool {
        matches!(
            self,
            StatusClass::Retired | StatusClass::Disqualified | StatusClass::NotClassified
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultStatus {
    pub id: Id,
    pub status: String,
    pub class: StatusClass,
}

/// One car's classification in a race or a sprint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RaceResult {
    pub id: Id,
    pub race_id: Id,
    pub driver_id: Id,
    pub constructor_id: Id,
    pub number: Option<u32>,
    /// Starting position; `0` means a pit-lane start.
    pub grid: u32,
    /// Classified position, `None` when not classified.
    pub position: Option<u32>,
    /// `1`.. or R (retired), D (disqualified), E (excluded), W (withdrawn),
    /// F (failed to qualify), N (not classified).
    pub position_text: String,
    /// Order of the whole entry list, classified or not.
    pub position_order: u32,
    /// Points as officially awarded (shared drives, half points included).
    pub points: f64,
    pub laps: u32,
    /// Total race time, for cars classified on the lead lap.
    #[serde(with = "opt_secs")]
    pub time: Option<Duration>,
    /// Gap to the winner as the dump's `time` cell gives it.
    pub gap: Option<Gap>,
    pub fastest_lap: Option<u32>,
    /// Rank of this car's fastest lap in the race.
    pub fastest_lap_rank: Option<u32>,
    #[serde(with = "opt_secs")]
    pub fastest_lap_time: Option<Duration>,
    /// km/h.
    pub fastest_lap_speed: Option<f64>,
    pub status_id: Id,
    pub status_class: StatusClass,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QualifyingResult {
    pub id: Id,
    pub race_id: Id,
    pub driver_id: Id,
    pub constructor_id: Id,
    pub number: Option<u32>,
    pub position: u32,
    #[serde(with = "opt_secs")]
    pub q1: Option<Duration>,
    #[serde(with = "opt_secs")]
    pub q2: Option<Duration>,
    #[serde(with = "opt_secs")]
    pub q3: Option<Duration>,
}

impl QualifyingResult {
    /// The driver's best time of the session.
    pub fn best(&self) -> Option<Duration> {
        [self.q1, self.q2, self.q3].into_iter().flatten().min()
    }
}
