//! Race simulation: lap by lap against the real field ([`replay`]) and the
//! Monte Carlo race model. Pure Rust (no polars), so it runs in wasm32.

pub mod monte_carlo;
pub mod rng;
pub mod traffic;

pub use monte_carlo::{MonteCarloRequest, MonteCarloResponse};
pub use rng::SimRng;
pub use traffic::{CarLap, PassingRule};
