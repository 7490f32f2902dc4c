use super::Id;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Driver {
    pub id: Id,
    /// Stable key, e.g. `max_verstappen`.
    pub driver_ref: String,
    /// Permanent car number, where the driver has one.
    pub number: Option<u32>,
    /// Three-letter timing code, e.g. `VER`.
    pub code: Option<String>,
    pub forename: String,
    pub surname: String,
    pub dob: Option<NaiveDate>,
    pub nationality: String,
    pub url: String,
}

impl Driver {
    pub fn full_name(&self) -> String {
        let mut s = String::with_capacity(self.forename.len() + 1 + self.surname.len());
        s.push_str(&self.forename);
        s.push(' ');
        s.push_str(&self.surname);
        s
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Constructor {
    pub id: Id,
    /// Stable key, e.g. `red_bull`.
    pub constructor_ref: String,
    pub name: String,
    pub nationality: String,
    pub url: String,
}
