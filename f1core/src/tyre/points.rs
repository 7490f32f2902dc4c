//! What to plot of a fitted tyre model: each clean lap with the effects the
//! model explains apart from the tyre removed, beside the model's curves.

use super::TyreModel;
use super::fit::{FittedModel, clean_laps};
use crate::domain::{Compound, Lap};
use serde::{Deserialize, Serialize};

/// A clean lap of the fitted race, tyre part isolated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WearPoint {
    pub driver: String,
    pub compound: Compound,
    pub stint: Option<u32>,
    pub lap: u32,
    /// Laps on the set before this lap (`TyreLife − 1`), as in the fit.
    pub age: u32,
    /// Seconds, as timed.
    pub lap_time: f64,
    /// `lap_time` minus base lap, fuel effect and the driver's offset: the
    /// compound offset plus wear this lap shows, comparable with `model`.
    pub tyre_delta: f64,
    /// The model's compound offset plus wear at `age`.
    pub model: f64,
}

/// The fitted model's curve at one tyre age.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CurvePoint {
    pub compound: Compound,
    /// Laps on the set before the lap.
    pub age: u32,
    /// Compound offset plus wear, seconds, relative to a new set of the
    /// reference compound.
    pub tyre_delta: f64,
    /// Wear alone (0 on a new set).
    pub wear: f64,
}

/// The laps `fitted` was fitted on (`clean_laps`, compounds and drivers the
/// fit has), with the tyre part of each lap time isolated. `race_laps` is
/// the distance the fit was given.
pub fn wear_points(fitted: &FittedModel, laps: &[Lap], race_laps: u32) -> Vec<WearPoint> {
    let m = &fitted.model;
    clean_laps(laps)
        .into_iter()
        .filter_map(|l| {
            let c = l.compound?;
            let cm = m.compound(c)?;
            let offset = fitted
                .driver_offsets
                .iter()
                .find(|(d, _)| *d == l.driver)?
                .1;
            let t = l.lap_time?.as_secs_f64();
            let age = l.tyre_life?.checked_sub(1)?;
            let fuel = m.fuel_effect * race_laps.saturating_sub(l.lap_number) as f64;
            Some(WearPoint {
                driver: l.driver.clone(),
                compound: c,
                stint: l.stint,
                lap: l.lap_number,
                age,
                lap_time: t,
                tyre_delta: t - m.base_lap - fuel - offset,
                model: cm.offset + cm.degradation.loss(age),
            })
        })
        .collect()
}

/// Each compound's curve at ages `0..=max_age`, compounds in model order.
pub fn wear_curves(model: &TyreModel, max_age: u32) -> Vec<CurvePoint> {
    model
        .compounds
        .iter()
        .flat_map(|cm| {
            (0..=max_age).map(move |age| {
                let wear = cm.degradation.loss(age);
                CurvePoint {
                    compound: cm.compound,
                    age,
                    tyre_delta: cm.offset + wear,
                    wear,
                }
            })
        })
        .collect()
}
