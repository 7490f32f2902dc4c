use super::Id;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A model's forecast for one driver in one race.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    pub race_id: Id,
    pub driver_ref: String,
    pub p_win: f64,
    pub p_podium: f64,
    pub p_points: f64,
    pub expected_position: f64,
    /// Version of the model that made it.
    pub model_version: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ModelType {
    RaceWinner,
    RacePreQuali,
    Quali,
}

/// What the registry records of a trained model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelMetadata {
    pub model_type: ModelType,
    pub version: String,
    /// RFC 3339 timestamp of training.
    pub trained_at: String,
    pub races_count: u32,
    /// e.g. `accuracy`, `log_loss`, `mae`, `rmse`.
    pub metrics: BTreeMap<String, f64>,
    pub hyperparameters: BTreeMap<String, serde_json::Value>,
    pub feature_names: Vec<String>,
    pub is_production: bool,
}
