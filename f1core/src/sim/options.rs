//! Building a race's field as a request: what a binding passes to get a
//! [`RaceField`] from a lap table without knowing the core's types.

use super::field::RaceField;
use super::traffic::PassingRule;
use crate::catalogue;
use crate::domain::{Lap, race_laps};
use crate::error::{Error, Result};
use crate::tyre::fit::fit_with_progress;
use serde::{Deserialize, Serialize};

/// How to build a [`RaceField`]: the passing rule from `overtake_delta` or
/// else the catalogue `circuit`'s; `pit_loss` replaces the stop cost
/// measured in the race ([`RaceField::set_pit_loss`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldOptions {
    /// A catalogue `circuitRef` (`bahrain`, `monza`, ...).
    #[serde(default)]
    pub circuit: Option<String>,
    /// Pace advantage (s/lap) a car needs to pass.
    #[serde(default)]
    pub overtake_delta: Option<f64>,
    /// Seconds per stop, in-lap and out-lap together.
    #[serde(default)]
    pub pit_loss: Option<f64>,
}

impl RaceField {
    /// Fits the tyre model to the lap table (race distance: its highest lap
    /// number) and builds the field as `opts` says, reporting the fit's
    /// progress (see [`crate::progress`]).
    pub fn build(
        laps: &[Lap],
        opts: &FieldOptions,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<RaceField> {
        let delta = match (opts.overtake_delta, &opts.circuit) {
            (Some(d), _) => d,
            (None, Some(c)) => catalogue::get(c)?.overtake_delta,
            (None, None) => {
                return Err(Error::InvalidInput(
                    "a race field needs `circuit` (a catalogue circuitRef) or `overtake_delta`"
                        .into(),
                ));
            }
        };
        let passing = PassingRule::new(delta);
        passing.validate()?;
        let fitted = fit_with_progress(laps, race_laps(laps), progress)?;
        let mut field = RaceField::with_model(laps, fitted, passing)?;
        if let Some(p) = opts.pit_loss {
            field.set_pit_loss(p)?;
        }
        Ok(field)
    }
}
