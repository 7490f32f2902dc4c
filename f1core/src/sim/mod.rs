//! Race simulation: one car's strategy lap by lap against the real field
//! ([`RaceField::simulate`]) and the Monte Carlo race model. Pure Rust (no
//! polars), so it runs in wasm32.

mod field;
mod measure;
mod options;
mod replay;
pub mod traffic;

pub use field::RaceField;
pub use options::FieldOptions;
pub use replay::{Pace, PlannedStop, SimLap, SimulateRequest, SimulateResponse};
pub use traffic::{CarLap, PassingRule};
