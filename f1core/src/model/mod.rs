//! Prediction models and their registry.

pub mod registry;
