use super::Id;
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Circuit {
    pub id: Id,
    /// Stable key, e.g. `monza`.
    pub circuit_ref: String,
    pub name: String,
    pub location: String,
    pub country: String,
    pub lat: f64,
    pub lng: f64,
    /// Altitude in metres, where known.
    pub alt: Option<i32>,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Season {
    pub year: u16,
    pub url: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SessionKind {
    Fp1,
    Fp2,
    Fp3,
    Qualifying,
    Sprint,
    Race,
}

/// One session of a race weekend; times are UTC where the dump gives them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub kind: SessionKind,
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Race {
    pub id: Id,
    pub year: u16,
    pub round: u32,
    pub circuit_id: Id,
    pub name: String,
    /// Race day.
    pub date: NaiveDate,
    /// Race start (UTC), where known.
    pub time: Option<NaiveTime>,
    pub url: String,
    /// The weekend's sessions in date order, race included; older seasons
    /// list only the race.
    pub sessions: Vec<Session>,
}

impl Race {
    /// First day of the race weekend: the earliest listed session, or two
    /// days before the race where the dump lists no practice dates.
    pub fn weekend_start(&self) -> NaiveDate {
        let listed = self
            .sessions
            .iter()
            .map(|s| s.date)
            .min()
            .unwrap_or(self.date);
        listed.min(self.date - chrono::Days::new(2))
    }

    /// Whether a sprint is scheduled this weekend.
    pub fn has_sprint(&self) -> bool {
        self.sessions.iter().any(|s| s.kind == SessionKind::Sprint)
    }

    /// Status on a given day: completed once race day is past (or results
    /// exist), in progress from the weekend's first day, else scheduled.
    pub fn status_on(&self, today: NaiveDate, has_results: bool) -> RaceStatus {
        if today > self.date || (has_results && today >= self.date) {
            RaceStatus::Completed
        } else if today >= self.weekend_start() {
            RaceStatus::InProgress
        } else {
            RaceStatus::Scheduled
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RaceStatus {
    Scheduled,
    InProgress,
    Completed,
}
