//! The regression's data: clean laps indexed by driver, compound and stint
//! ([`Prepared`]), and the columns of one assignment of degradation forms
//! ([`Design`]): rows, per-stint Gram matrices, predictions.

use super::clean::clean_laps;
use super::fit::{Form, MIN_COMPOUND_LAPS};
use crate::domain::{Compound, Lap};
use crate::error::{Error, Result};
use std::collections::BTreeMap;

/// A clean lap reduced to what the regression needs.
pub(super) struct Obs {
    pub(super) time: f64,
    pub(super) driver: usize,
    pub(super) compound: usize,
    pub(super) age: f64,
    pub(super) fuel: f64,
    pub(super) stint: usize,
}

/// Clean laps indexed for the regression.
pub(super) struct Prepared {
    pub(super) obs: Vec<Obs>,
    /// Sorted; index 0 is the reference compound.
    pub(super) compounds: Vec<Compound>,
    /// Sorted; index 0 is the reference driver of the solve.
    pub(super) drivers: Vec<String>,
    pub(super) n_stints: usize,
}

pub(super) fn prepare(laps: &[Lap], race_laps: u32) -> Result<Prepared> {
    if race_laps == 0 {
        return Err(Error::InvalidInput("race_laps must be positive".into()));
    }
    let clean = clean_laps(laps);
    if let Some(l) = clean.iter().find(|l| l.lap_number > race_laps) {
        return Err(Error::InvalidInput(format!(
            "{} lap {} is beyond race_laps {race_laps}",
            l.driver, l.lap_number
        )));
    }
    let mut per_compound: BTreeMap<Compound, usize> = BTreeMap::new();
    for l in &clean {
        if let Some(c) = l.compound {
            *per_compound.entry(c).or_default() += 1;
        }
    }
    let compounds: Vec<Compound> = per_compound
        .into_iter()
        .filter(|&(_, n)| n >= MIN_COMPOUND_LAPS)
        .map(|(c, _)| c)
        .collect();
    let used: Vec<&Lap> = clean
        .into_iter()
        .filter(|l| l.compound.is_some_and(|c| compounds.contains(&c)))
        .collect();
    let mut drivers: Vec<String> = used.iter().map(|l| l.driver.clone()).collect();
    drivers.sort();
    drivers.dedup();
    let mut stint_ids: BTreeMap<(&str, Option<u32>, Compound), usize> = BTreeMap::new();
    let mut obs = Vec::with_capacity(used.len());
    for l in &used {
        let (Some(c), Some(t), Some(life)) = (l.compound, l.lap_time, l.tyre_life) else {
            continue;
        };
        let next = stint_ids.len();
        let stint = *stint_ids
            .entry((l.driver.as_str(), l.stint, c))
            .or_insert(next);
        obs.push(Obs {
            time: t.as_secs_f64(),
            driver: drivers.binary_search(&l.driver).unwrap_or(0),
            compound: compounds.binary_search(&c).unwrap_or(0),
            age: f64::from(life - 1),
            fuel: f64::from(race_laps - l.lap_number),
            stint,
        });
    }
    if compounds.is_empty() {
        return Err(Error::InvalidInput(format!(
            "no compound has {MIN_COMPOUND_LAPS} clean laps to fit"
        )));
    }
    Ok(Prepared {
        obs,
        compounds,
        drivers,
        n_stints: stint_ids.len(),
    })
}

/// Column layout for one assignment of forms.
pub(super) struct Design<'a> {
    pub(super) p: &'a Prepared,
    pub(super) forms: &'a [Form],
    /// First degradation column of each compound.
    pub(super) deg_start: Vec<usize>,
    pub(super) driver_start: usize,
    pub(super) width: usize,
}

impl<'a> Design<'a> {
    pub(super) fn new(p: &'a Prepared, forms: &'a [Form]) -> Self {
        // Columns: intercept, fuel, offsets of compounds 1.., degradation
        // per compound, offsets of drivers 1..
        let mut col = 2 + p.compounds.len() - 1;
        let mut deg_start = Vec::with_capacity(forms.len());
        for f in forms {
            deg_start.push(col);
            col += f.width();
        }
        let driver_start = col;
        let width = col + p.drivers.len().saturating_sub(1);
        Design {
            p,
            forms,
            deg_start,
            driver_start,
            width,
        }
    }

    /// The row of `o` as a dense vector.
    pub(super) fn row(&self, o: &Obs, out: &mut Vec<f64>) {
        out.clear();
        out.resize(self.width, 0.0);
        out[0] = 1.0;
        out[1] = o.fuel;
        if o.compound > 0 {
            out[1 + o.compound] = 1.0;
        }
        let mut f = Vec::with_capacity(2);
        self.forms[o.compound].features(o.age, &mut f);
        let s = self.deg_start[o.compound];
        out[s..s + f.len()].copy_from_slice(&f);
        if o.driver > 0 {
            out[self.driver_start + o.driver - 1] = 1.0;
        }
    }

    /// XᵀX and Xᵀy of each stint.
    pub(super) fn stint_grams(&self) -> Vec<(Vec<f64>, Vec<f64>)> {
        let w = self.width;
        let mut g = vec![(vec![0.0; w * w], vec![0.0; w]); self.p.n_stints];
        let mut row = Vec::new();
        for o in &self.p.obs {
            self.row(o, &mut row);
            let (xtx, xty) = &mut g[o.stint];
            for i in 0..w {
                if row[i] == 0.0 {
                    continue;
                }
                xty[i] += row[i] * o.time;
                for j in 0..w {
                    xtx[i * w + j] += row[i] * row[j];
                }
            }
        }
        g
    }

    pub(super) fn predict(&self, beta: &[f64], o: &Obs) -> f64 {
        let mut row = Vec::new();
        self.row(o, &mut row);
        row.iter().zip(beta).map(|(x, b)| x * b).sum()
    }
}

pub(super) fn sum_grams(g: &[(Vec<f64>, Vec<f64>)], w: usize) -> (Vec<f64>, Vec<f64>) {
    let mut a = vec![0.0; w * w];
    let mut b = vec![0.0; w];
    for (x, y) in g {
        a.iter_mut().zip(x).for_each(|(s, v)| *s += v);
        b.iter_mut().zip(y).for_each(|(s, v)| *s += v);
    }
    (a, b)
}
