use super::Id;
use serde::{Deserialize, Serialize};

/// A safety-car period, from the dump's `safety_cars.csv`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SafetyCar {
    /// The race it belongs to, matched by year and name.
    pub race_id: Id,
    pub cause: String,
    pub deployed_lap: u32,
    /// Lap the safety car came in; `None` when the race ended under it.
    pub retreated_lap: Option<u32>,
    /// Full laps run behind the safety car.
    pub full_laps: u32,
}

/// A red flag, from the dump's `red_flags.csv`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RedFlag {
    pub race_id: Id,
    pub lap: u32,
    /// Whether the race resumed (`Y`), did not (`N`), or resumed under new
    /// rules; the dump's text as is.
    pub resumed: String,
    pub incident: String,
}

/// Laps run under the virtual safety car in a race (an estimate shipped with
/// the dump).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VscLaps {
    pub race_id: Id,
    pub laps: Vec<u32>,
}
