//! Which laps a tyre fit may use: clean racing laps, slow outliers out.

use crate::domain::{Compound, Lap};
use std::collections::BTreeMap;

/// The laps fit for tyre wear, in input order.
///
/// Kept: lap 2 onwards, neither in- nor out-lap, green track status all lap,
/// with a lap time, a compound and a tyre life ≥ 1. Then outliers are
/// dropped (traffic, mistakes, damage), slow side only:
/// 1. per driver stint: time > median + 3 · max(1.4826 · MAD, 0.1 s);
/// 2. per driver: time > 107 % of the driver's median of the laps left.
pub fn clean_laps(laps: &[Lap]) -> Vec<&Lap> {
    let basic: Vec<&Lap> = laps
        .iter()
        .filter(|l| {
            l.lap_number > 1
                && !l.pit_in
                && !l.pit_out
                && l.track_status.is_green()
                && l.lap_time.is_some()
                && l.compound.is_some()
                && l.tyre_life.is_some_and(|t| t >= 1)
        })
        .collect();
    let secs = |l: &Lap| l.lap_time.map_or(f64::NAN, |d| d.as_secs_f64());
    let mut by_stint: BTreeMap<StintKey, Vec<f64>> = BTreeMap::new();
    for l in &basic {
        by_stint
            .entry((l.driver.as_str(), l.stint, l.compound))
            .or_default()
            .push(secs(l));
    }
    let limits: BTreeMap<_, f64> = by_stint
        .into_iter()
        .map(|(k, v)| {
            let med = median(&v);
            let mad = median(&v.iter().map(|t| (t - med).abs()).collect::<Vec<_>>());
            (k, med + 3.0 * (1.4826 * mad).max(0.1))
        })
        .collect();
    let stage1: Vec<&Lap> = basic
        .into_iter()
        .filter(|l| secs(l) <= limits[&(l.driver.as_str(), l.stint, l.compound)])
        .collect();
    let mut by_driver: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for l in &stage1 {
        by_driver
            .entry(l.driver.as_str())
            .or_default()
            .push(secs(l));
    }
    let driver_med: BTreeMap<&str, f64> = by_driver
        .into_iter()
        .map(|(k, v)| (k, median(&v)))
        .collect();
    stage1
        .into_iter()
        .filter(|l| secs(l) <= 1.07 * driver_med[l.driver.as_str()])
        .collect()
}

/// Driver, stint number and compound of a lap.
type StintKey<'a> = (&'a str, Option<u32>, Option<Compound>);

fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    match n {
        0 => f64::NAN,
        _ if n % 2 == 1 => s[n / 2],
        _ => 0.5 * (s[n / 2 - 1] + s[n / 2]),
    }
}
