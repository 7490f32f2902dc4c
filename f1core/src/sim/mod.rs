//! Race simulation: one car's strategy lap by lap against the real field
//! ([`RaceField::simulate`]) and the Monte Carlo race model. Pure Rust (no
//! polars), so it runs in wasm32.

mod field;
mod measure;
pub mod monte_carlo;
mod options;
mod replay;
pub mod rng;
pub mod traffic;

pub use field::RaceField;
pub use monte_carlo::{MonteCarloRequest, MonteCarloResponse};
pub use options::FieldOptions;
pub use replay::{Pace, PlannedStop, SimLap, SimulateRequest, SimulateResponse};
pub use rng::SimRng;
pub use traffic::{CarLap, PassingRule};
