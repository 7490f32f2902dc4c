pub mod race;
pub mod race_eval;
pub mod race_fit;
mod race_lbfgs;
pub mod race_odds;
