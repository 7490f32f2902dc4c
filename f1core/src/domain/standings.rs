use serde::{Deserialize, Serialize};

/// A driver's championship standing after a round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DriverStanding {
    pub year: u16,
    pub round: u32,
    pub position: u32,
    pub driver_ref: String,
    pub driver_name: String,
    /// Constructors the driver scored or raced for this season, latest last.
    pub constructor_refs: Vec<String>,
    /// Points that count towards the title (after dropped scores).
    pub points: f64,
    /// All points scored, dropped ones included.
    pub gross_points: f64,
    pub wins: u32,
    /// Excluded from the championship (Schumacher 1997): listed last.
    #[serde(default)]
    pub excluded: bool,
}

/// A constructor's championship standing after a round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConstructorStanding {
    pub year: u16,
    pub round: u32,
    pub position: u32,
    pub constructor_ref: String,
    pub constructor_name: String,
    pub points: f64,
    pub gross_points: f64,
    pub wins: u32,
}
