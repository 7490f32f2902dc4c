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

use super::cholesky::Chol;
pub use super::clean::clean_laps;
use super::design::{Design, Obs, Prepared, prepare, sum_grams};
use crate::domain::{Compound, Lap};
use crate::error::{Error, Result};
use crate::tyre::{CompoundModel, Degradation, TyreModel};
use serde::{Deserialize, Serialize};

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

    pub(super) fn width(self) -> usize {
        match self {
            Form::Quadratic => 2,
            _ => 1,
        }
    }

    pub(super) fn features(self, age: f64, out: &mut Vec<f64>) {
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
#[path = "fit_tests.rs"]
mod tests;
