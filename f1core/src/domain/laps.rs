use crate::timing::opt_secs;
use serde::{Deserialize, Serialize};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Compound {
    Soft,
    Medium,
    Hard,
    Intermediate,
    Wet,
}

impl Compound {
    /// Dry-weather slick.
    pub fn is_dry(self) -> bool {
        matches!(self, Compound::Soft | Compound::Medium | Compound::Hard)
    }

    /// Reads FastF1's compound names (`SOFT`, `MEDIUM`, ...), any case.
    pub fn parse(text: &str) -> Option<Compound> {
        match text.trim().to_ascii_uppercase().as_str() {
            "SOFT" => Some(Compound::Soft),
            "MEDIUM" => Some(Compound::Medium),
            "HARD" => Some(Compound::Hard),
            "INTERMEDIATE" => Some(Compound::Intermediate),
            "WET" => Some(Compound::Wet),
            _ => None,
        }
    }
}

/// Track status flags seen during a lap (FastF1 codes 1, 2, 4, 5, 6, 7).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackStatus {
    pub yellow: bool,
    pub safety_car: bool,
    pub red: bool,
    pub vsc: bool,
}

impl TrackStatus {
    /// Parses FastF1's concatenated codes, e.g. `"1"`, `"124"`, `"67"`.
    pub fn parse(codes: &str) -> Option<TrackStatus> {
        let mut s = TrackStatus::default();
        for c in codes.trim().chars() {
            match c {
                '1' => {}
                '2' => s.yellow = true,
                '4' => s.safety_car = true,
                '5' => s.red = true,
                '6' | '7' => s.vsc = true,
                _ => return None,
            }
        }
        Some(s)
    }

    pub fn is_green(self) -> bool {
        self == TrackStatus::default()
    }
}

/// One driver's lap of a race.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lap {
    /// Timing code, e.g. `VER`.
    pub driver: String,
    pub team: Option<String>,
    pub lap_number: u32,
    #[serde(with = "opt_secs")]
    pub lap_time: Option<Duration>,
    #[serde(with = "opt_secs")]
    pub sector1: Option<Duration>,
    #[serde(with = "opt_secs")]
    pub sector2: Option<Duration>,
    #[serde(with = "opt_secs")]
    pub sector3: Option<Duration>,
    pub stint: Option<u32>,
    pub compound: Option<Compound>,
    /// Laps on this set at the end of the lap, counting laps run before the race.
    pub tyre_life: Option<u32>,
    pub fresh_tyre: Option<bool>,
    /// The car entered the pit lane at the end of this lap.
    pub pit_in: bool,
    /// The car left the pit lane at the start of this lap.
    pub pit_out: bool,
    pub track_status: TrackStatus,
    pub position: Option<u32>,
    /// Race clock at the end of the lap, from lights out.
    #[serde(with = "opt_secs")]
    pub time: Option<Duration>,
}

/// A stop in the pits, from `pit_stops.csv`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PitStop {
    pub race_id: super::Id,
    pub driver_id: super::Id,
    pub stop: u32,
    pub lap: u32,
    /// Pit-lane time (entry to exit); long ones span red flags.
    #[serde(with = "opt_secs")]
    pub duration: Option<Duration>,
}

/// A run of consecutive laps on one set of tyres.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stint {
    pub driver: String,
    pub stint: u32,
    pub compound: Option<Compound>,
    pub first_lap: u32,
    pub last_lap: u32,
    /// Tyre age (laps) when the stint began.
    pub start_tyre_age: u32,
}

impl Stint {
    pub fn laps(&self) -> u32 {
        self.last_lap + 1 - self.first_lap
    }
}
