//! The typed F1 domain model. Every type is serde-serialisable with
//! snake_case fields; durations serialise as seconds (`f64`), dates as
//! `YYYY-MM-DD`. Stable keys are the Ergast numeric ids and refs
//! (`driver_ref`, `constructor_ref`, `circuit_ref`).

mod calendar;
mod incidents;
mod laps;
mod model;
mod people;
mod results;
mod standings;

pub use calendar::{Circuit, Race, RaceStatus, Season, Session, SessionKind};
pub use incidents::{RedFlag, SafetyCar, VscLaps};
pub use laps::{Compound, Lap, PitStop, Stint, TrackStatus, race_laps, stints};
pub use model::{ModelMetadata, ModelType, Prediction};
pub use people::{Constructor, Driver};
pub use results::{QualifyingResult, RaceResult, ResultStatus, StatusClass};
pub use standings::{ConstructorStanding, DriverStanding};

/// Numeric id of a row in the Ergast tables.
pub type Id = u32;
