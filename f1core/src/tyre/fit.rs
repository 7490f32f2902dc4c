//! Fitting the [`TyreModel`] to a race's laps by least squares.
//!
//! Lap time = base + compound offset + degradation_c(age) + fuel_effect ·
//! (race_laps − lap) + driver offset, where age = `TyreLife − 1` (laps on the
//! set before this lap). Every degradation form is linear in its parameters
//! (`ln(1 + a)` is a fixed feature of the `scale` form), so each fit is an
//! exact normal-equation solve (a small column-scaled Cholesky, pure Rust).
//! No iterative optimiser is needed: there is no nonlinear parameter.
//!
//! The form of each compound (linear / quadratic / logarithmic) is chosen by
//! leave-one-stint-out (LOSO) error over every combination of forms. LOSO is
//! cheap: each stint's contribution to XᵀX and Xᵀy is kept, so a held-out fit
//! is a subtraction and a p×p solve.

use crate::domain::{Compound, Lap};
use crate::error::{Error, Result};
use crate::tyre::{CompoundModel, Degradation, TyreModel};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Compounds with fewer clean laps than this are left out of the fit.
pub const MIN_COMPOUND_LAPS: usize = 10;

/// Degradation form without parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Form {
    Linear,
    Quadratic,
    Logarithmic,
}

impl Form {
    const ALL: [Form; 3] = [Form::Linear, Form::Quadratic, Form::Logarithmic];

    fn width(self) -> usize {
        match self {
            Form::Quadratic => 2,
            _ => 1,
        }
    }

    fn features(self, age: f64, out: &mut Vec<f64>) {
        match self {
            Form::Linear => out.push(age),
            Form::Quadratic => {
                out.push(age);
                out.push(age * age);
            }
            Form::Logarithmic => out.push(age.ln_1p()),
        }
    }
}

/// A fitted race model with its diagnostics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FittedModel {
    /// `base_lap` is the mean driver's pace on a new set of
    /// `reference_compound` (offset 0) with the fuel effect removed.
    pub model: TyreModel,
    pub reference_compound: Compound,
    /// Pace offset of each driver in seconds; they average to zero.
    pub driver_offsets: Vec<(String, f64)>,
    /// Degradation form chosen per compound.
    pub forms: Vec<(Compound, Form)>,
    /// Standard errors, named `fuel_effect`, `offset.MEDIUM`, `rate.SOFT`,
    /// `curve.SOFT`, `scale.HARD`, ... (σ² (XᵀX)⁻¹ with σ² = RSS / (n − p)).
    pub std_errors: Vec<(String, f64)>,
    /// In-sample root-mean-square residual, seconds.
    pub rmse: f64,
    /// Leave-one-stint-out RMSE of the chosen forms (the forms were chosen by
    /// this same criterion, so it is slightly optimistic).
    pub loso_rmse: f64,
    pub n_laps_used: usize,
}

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

/// A clean lap reduced to what the regression needs.
struct Obs {
    time: f64,
    driver: usize,
    compound: usize,
    age: f64,
    fuel: f64,
    stint: usize,
}

/// Clean laps indexed for the regression.
struct Prepared {
    obs: Vec<Obs>,
    /// Sorted; index 0 is the reference compound.
    compounds: Vec<Compound>,
    /// Sorted; index 0 is the reference driver of the solve.
    drivers: Vec<String>,
    n_stints: usize,
}

fn prepare(laps: &[Lap], race_laps: u32) -> Result<Prepared> {
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
struct Design<'a> {
    p: &'a Prepared,
    forms: &'a [Form],
    /// First degradation column of each compound.
    deg_start: Vec<usize>,
    driver_start: usize,
    width: usize,
}

impl<'a> Design<'a> {
    fn new(p: &'a Prepared, forms: &'a [Form]) -> Self {
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
    fn row(&self, o: &Obs, out: &mut Vec<f64>) {
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
    fn stint_grams(&self) -> Vec<(Vec<f64>, Vec<f64>)> {
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

    fn predict(&self, beta: &[f64], o: &Obs) -> f64 {
        let mut row = Vec::new();
        self.row(o, &mut row);
        row.iter().zip(beta).map(|(x, b)| x * b).sum()
    }
}

/// Cholesky factor of a symmetric matrix scaled to unit diagonal, or `None`
/// when it is (numerically) singular.
struct Chol {
    n: usize,
    l: Vec<f64>,
    scale: Vec<f64>,
}

impl Chol {
    fn new(a: &[f64], n: usize) -> Option<Chol> {
        let mut scale = vec![0.0; n];
        for i in 0..n {
            let d = a[i * n + i];
            if !(d.is_finite() && d > 0.0) {
                return None;
            }
            scale[i] = d.sqrt();
        }
        let mut l = vec![0.0; n * n];
        for i in 0..n {
            for j in 0..=i {
                let mut s = a[i * n + j] / (scale[i] * scale[j]);
                for k in 0..j {
                    s -= l[i * n + k] * l[j * n + k];
                }
                if i == j {
                    if s <= 1e-10 {
                        return None;
                    }
                    l[i * n + i] = s.sqrt();
                } else {
                    l[i * n + j] = s / l[j * n + j];
                }
            }
        }
        Some(Chol { n, l, scale })
    }

    fn solve(&self, b: &[f64]) -> Vec<f64> {
        let n = self.n;
        let mut y: Vec<f64> = (0..n).map(|i| b[i] / self.scale[i]).collect();
        for i in 0..n {
            for k in 0..i {
                y[i] -= self.l[i * n + k] * y[k];
            }
            y[i] /= self.l[i * n + i];
        }
        for i in (0..n).rev() {
            for k in i + 1..n {
                y[i] -= self.l[k * n + i] * y[k];
            }
            y[i] /= self.l[i * n + i];
        }
        y.iter_mut().zip(&self.scale).for_each(|(v, s)| *v /= s);
        y
    }

    /// Diagonal element `i` of the inverse.
    fn inv_diag(&self, i: usize) -> f64 {
        let mut e = vec![0.0; self.n];
        e[i] = 1.0;
        self.solve(&e)[i]
    }
}

fn sum_grams(g: &[(Vec<f64>, Vec<f64>)], w: usize) -> (Vec<f64>, Vec<f64>) {
    let mut a = vec![0.0; w * w];
    let mut b = vec![0.0; w];
    for (x, y) in g {
        a.iter_mut().zip(x).for_each(|(s, v)| *s += v);
        b.iter_mut().zip(y).for_each(|(s, v)| *s += v);
    }
    (a, b)
}

/// Squared LOSO errors of the model and of the per-compound constant
/// baseline, over the stints that can be held out (the rest of the data
/// still determines every parameter and the compound's mean).
struct Loso {
    model_sse: f64,
    base_sse: f64,
    n: usize,
}

fn loso(d: &Design) -> Loso {
    let w = d.width;
    let grams = d.stint_grams();
    let (a, b) = sum_grams(&grams, w);
    let nc = d.p.compounds.len();
    let (mut csum, mut ccount) = (vec![0.0; nc], vec![0usize; nc]);
    let mut by_stint: Vec<Vec<&Obs>> = vec![Vec::new(); d.p.n_stints];
    for o in &d.p.obs {
        csum[o.compound] += o.time;
        ccount[o.compound] += 1;
        by_stint[o.stint].push(o);
    }
    let mut out = Loso {
        model_sse: 0.0,
        base_sse: 0.0,
        n: 0,
    };
    for (s, held) in by_stint.iter().enumerate() {
        let Some(first) = held.first() else { continue };
        let c = first.compound;
        let rest = ccount[c] - held.len();
        if rest == 0 {
            continue;
        }
        let ga: Vec<f64> = a.iter().zip(&grams[s].0).map(|(x, y)| x - y).collect();
        let gb: Vec<f64> = b.iter().zip(&grams[s].1).map(|(x, y)| x - y).collect();
        let Some(ch) = Chol::new(&ga, w) else {
            continue;
        };
        let beta = ch.solve(&gb);
        let mean = (csum[c] - held.iter().map(|o| o.time).sum::<f64>()) / rest as f64;
        for o in held {
            out.model_sse += (d.predict(&beta, o) - o.time).powi(2);
            out.base_sse += (mean - o.time).powi(2);
            out.n += 1;
        }
    }
    out
}

/// Every assignment of forms to `n` compounds, simplest first.
fn form_combinations(n: usize) -> Vec<Vec<Form>> {
    let mut all = vec![Vec::new()];
    for _ in 0..n {
        all = all
            .into_iter()
            .flat_map(|v: Vec<Form>| {
                Form::ALL.iter().map(move |f| {
                    let mut v = v.clone();
                    v.push(*f);
                    v
                })
            })
            .collect();
    }
    all
}

/// The forms with the lowest LOSO RMSE, and that LOSO result.
fn choose_forms(p: &Prepared, progress: &mut dyn FnMut(usize, usize)) -> Result<(Vec<Form>, Loso)> {
    let mut best: Option<(Vec<Form>, Loso)> = None;
    let all = form_combinations(p.compounds.len());
    let total = all.len();
    progress(0, total);
    for (i, forms) in all.into_iter().enumerate() {
        let l = loso(&Design::new(p, &forms));
        progress(i + 1, total);
        if l.n == 0 {
            continue;
        }
        let better = best
            .as_ref()
            .is_none_or(|(_, b)| l.model_sse / (l.n as f64) < b.model_sse / (b.n as f64));
        if better {
            best = Some((forms, l));
        }
    }
    best.ok_or_else(|| {
        Error::InvalidInput(
            "too few clean stints: no stint can be held out with the rest still \
             determining every parameter"
                .into(),
        )
    })
}

/// Fits the model to a race's laps (`race_laps` laps long); see the module
/// docs. Errors with `InvalidInput` when too few clean laps are left or the
/// parameters are not identifiable (e.g. one driver on one stint).
pub fn fit(laps: &[Lap], race_laps: u32) -> Result<FittedModel> {
    fit_with_progress(laps, race_laps, &mut crate::progress::ignore)
}

/// [`fit`], reporting progress through the search over degradation forms
/// (`total` = 3^compounds combinations; see [`crate::progress`]).
pub fn fit_with_progress(
    laps: &[Lap],
    race_laps: u32,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<FittedModel> {
    let p = prepare(laps, race_laps)?;
    let (forms, l) = choose_forms(&p, progress)?;
    let d = Design::new(&p, &forms);
    let w = d.width;
    let n = p.obs.len();
    if n <= w {
        return Err(Error::InvalidInput(format!(
            "{n} clean laps for {w} parameters"
        )));
    }
    let (a, b) = sum_grams(&d.stint_grams(), w);
    let ch = Chol::new(&a, w).ok_or_else(|| {
        Error::InvalidInput("singular normal equations: parameters not identifiable".into())
    })?;
    let beta = ch.solve(&b);
    let rss: f64 = p
        .obs
        .iter()
        .map(|o| (d.predict(&beta, o) - o.time).powi(2))
        .sum();
    let sigma2 = rss / (n - w) as f64;
    let se = |i: usize| (sigma2 * ch.inv_diag(i)).max(0.0).sqrt();

    let mut driver_raw = vec![0.0];
    driver_raw.extend_from_slice(&beta[d.driver_start..]);
    let mean_driver = driver_raw.iter().sum::<f64>() / driver_raw.len() as f64;
    let driver_offsets = p
        .drivers
        .iter()
        .zip(&driver_raw)
        .map(|(name, v)| (name.clone(), v - mean_driver))
        .collect();

    let mut std_errors = vec![("fuel_effect".to_string(), se(1))];
    let mut compounds = Vec::with_capacity(p.compounds.len());
    for (ci, (&c, &f)) in p.compounds.iter().zip(&forms).enumerate() {
        let name = serde_json::to_value(c)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_else(|| format!("{c:?}"));
        let offset = if ci == 0 { 0.0 } else { beta[1 + ci] };
        if ci > 0 {
            std_errors.push((format!("offset.{name}"), se(1 + ci)));
        }
        let s = d.deg_start[ci];
        let degradation = match f {
            Form::Linear => {
                std_errors.push((format!("rate.{name}"), se(s)));
                Degradation::Linear { rate: beta[s] }
            }
            Form::Quadratic => {
                std_errors.push((format!("rate.{name}"), se(s)));
                std_errors.push((format!("curve.{name}"), se(s + 1)));
                Degradation::Quadratic {
                    rate: beta[s],
                    curve: beta[s + 1],
                }
            }
            Form::Logarithmic => {
                std_errors.push((format!("scale.{name}"), se(s)));
                Degradation::Logarithmic { scale: beta[s] }
            }
        };
        compounds.push(CompoundModel {
            compound: c,
            offset,
            degradation,
        });
    }
    let model = TyreModel {
        base_lap: beta[0] + mean_driver,
        fuel_effect: beta[1],
        compounds,
    };
    model.validate()?;
    Ok(FittedModel {
        model,
        reference_compound: p.compounds[0],
        driver_offsets,
        forms: p.compounds.iter().copied().zip(forms).collect(),
        std_errors,
        rmse: (rss / n as f64).sqrt(),
        loso_rmse: (l.model_sse / l.n as f64).sqrt(),
        n_laps_used: n,
    })
}

/// Leave-one-stint-out RMSE (seconds) of the fitted model and of a
/// per-compound constant (mean clean lap of the compound without the held-out
/// stint), over the same held-out laps. Stints whose removal leaves a
/// parameter undetermined (a driver's only stint, a compound's only stint)
/// are not held out.
pub fn loso_rmse(laps: &[Lap], race_laps: u32) -> Result<(f64, f64)> {
    let p = prepare(laps, race_laps)?;
    let (_, l) = choose_forms(&p, &mut crate::progress::ignore)?;
    let n = l.n as f64;
    Ok(((l.model_sse / n).sqrt(), (l.base_sse / n).sqrt()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::TrackStatus;
    use std::time::Duration;

    fn splitmix(state: &mut u64) -> f64 {
        *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }

    fn lap(driver: &str, n: u32, t: f64, stint: u32, c: Compound, life: u32) -> Lap {
        Lap {
            driver: driver.into(),
            team: None,
            lap_number: n,
            lap_time: Some(Duration::from_secs_f64(t)),
            sector1: None,
            sector2: None,
            sector3: None,
            stint: Some(stint),
            compound: Some(c),
            tyre_life: Some(life),
            fresh_tyre: Some(true),
            pit_in: false,
            pit_out: false,
            track_status: TrackStatus::default(),
            position: None,
            time: None,
        }
    }

    /// 6 drivers, 50 laps, two stops each, S/M/H from a known model.
    fn synthetic(noise: f64) -> (Vec<Lap>, TyreModel) {
        let truth = TyreModel {
            base_lap: 90.0,
            fuel_effect: 0.06,
            compounds: vec![
                CompoundModel {
                    compound: Compound::Soft,
                    offset: 0.0,
                    degradation: Degradation::Quadratic {
                        rate: 0.08,
                        curve: 0.004,
                    },
                },
                CompoundModel {
                    compound: Compound::Medium,
                    offset: 0.5,
                    degradation: Degradation::Linear { rate: 0.05 },
                },
                CompoundModel {
                    compound: Compound::Hard,
                    offset: 0.9,
                    degradation: Degradation::Linear { rate: 0.03 },
                },
            ],
        };
        let plans: [&[(Compound, u32)]; 6] = [
            &[
                (Compound::Soft, 12),
                (Compound::Medium, 20),
                (Compound::Hard, 18),
            ],
            &[
                (Compound::Medium, 18),
                (Compound::Hard, 22),
                (Compound::Soft, 10),
            ],
            &[
                (Compound::Hard, 25),
                (Compound::Soft, 10),
                (Compound::Medium, 15),
            ],
            &[
                (Compound::Soft, 14),
                (Compound::Hard, 20),
                (Compound::Medium, 16),
            ],
            &[
                (Compound::Medium, 15),
                (Compound::Soft, 12),
                (Compound::Hard, 23),
            ],
            &[
                (Compound::Hard, 20),
                (Compound::Medium, 17),
                (Compound::Soft, 13),
            ],
        ];
        let mut rng = 7u64;
        let mut laps = Vec::new();
        for (d, plan) in plans.iter().enumerate() {
            let name = format!("D{d}");
            let pace = d as f64 * 0.2 - 0.5;
            let mut n = 1;
            for (s, &(c, len)) in plan.iter().enumerate() {
                for age in 0..len {
                    let t = truth.lap_time(c, age, n, 50).unwrap()
                        + pace
                        + noise * (splitmix(&mut rng) - 0.5);
                    let mut l = lap(&name, n, t, s as u32 + 1, c, age + 1);
                    l.pit_out = age == 0 && s > 0;
                    l.pit_in = age + 1 == len && s + 1 < plan.len();
                    laps.push(l);
                    n += 1;
                }
            }
        }
        (laps, truth)
    }

    #[test]
    fn recovers_a_known_model() {
        let (laps, truth) = synthetic(0.2);
        let f = fit(&laps, 50).unwrap();
        assert!((f.model.fuel_effect - 0.06).abs() < 0.01, "{f:?}");
        assert!((f.model.base_lap - 90.0).abs() < 0.3, "{f:?}");
        for c in [Compound::Soft, Compound::Medium, Compound::Hard] {
            for age in [0, 5, 10] {
                let got = f.model.lap_time(c, age, 25, 50).unwrap();
                let want = truth.lap_time(c, age, 25, 50).unwrap();
                assert!((got - want).abs() < 0.15, "{c:?} {age}: {got} vs {want}");
            }
        }
        let soft = f.model.compound(Compound::Soft).unwrap();
        assert!(
            matches!(soft.degradation, Degradation::Quadratic { .. }),
            "{f:?}"
        );
        let (m, b) = loso_rmse(&laps, 50).unwrap();
        assert!(m < b, "{m} vs {b}");
        assert!(m < 0.15, "{m}");
        for (name, se) in &f.std_errors {
            assert!(se.is_finite() && *se > 0.0 && *se < 0.1, "{name} {se}");
        }
        let pace: f64 = f.driver_offsets.iter().map(|d| d.1).sum();
        assert!(pace.abs() < 1e-9);
    }

    #[test]
    fn exact_without_noise() {
        let (laps, _) = synthetic(0.0);
        let f = fit(&laps, 50).unwrap();
        assert!(f.rmse < 1e-6, "{}", f.rmse);
        assert!((f.model.fuel_effect - 0.06).abs() < 1e-6);
    }

    #[test]
    fn degenerate_input_is_invalid_not_a_panic() {
        assert!(matches!(fit(&[], 50), Err(Error::InvalidInput(_))));
        let one = [lap("A", 2, 90.0, 1, Compound::Soft, 2)];
        assert!(matches!(fit(&one, 50), Err(Error::InvalidInput(_))));
        // One driver, one stint: the fuel and wear columns coincide.
        let laps: Vec<Lap> = (2..30)
            .map(|n| lap("A", n, 90.0 + 0.01 * n as f64, 1, Compound::Soft, n))
            .collect();
        assert!(matches!(fit(&laps, 50), Err(Error::InvalidInput(_))));
        assert!(matches!(loso_rmse(&laps, 50), Err(Error::InvalidInput(_))));
        assert!(matches!(fit(&laps, 0), Err(Error::InvalidInput(_))));
        assert!(matches!(fit(&laps, 10), Err(Error::InvalidInput(_))));
    }

    #[test]
    fn one_compound_fits_with_it_as_reference() {
        let (mut laps, _) = synthetic(0.2);
        laps.iter_mut()
            .for_each(|l| l.compound = Some(Compound::Hard));
        let f = fit(&laps, 50).unwrap();
        assert_eq!(f.reference_compound, Compound::Hard);
        assert_eq!(f.model.compounds.len(), 1);
        assert_eq!(f.model.compounds[0].offset, 0.0);
    }

    #[test]
    fn cleaning_drops_flagged_and_slow_laps() {
        let mut laps: Vec<Lap> = (1..=12)
            .map(|n| lap("A", n, 90.0, 1, Compound::Soft, n))
            .collect();
        laps[3].track_status.safety_car = true;
        laps[5].lap_time = Some(Duration::from_secs_f64(95.0));
        laps[7].pit_in = true;
        let kept: Vec<u32> = clean_laps(&laps).iter().map(|l| l.lap_number).collect();
        assert_eq!(kept, vec![2, 3, 5, 7, 9, 10, 11, 12]);
    }
}
