//! Why a tree model predicted what it did. [`contributions`] (or a prepared
//! [`TreeShap`]) gives exact TreeSHAP values for any [`Ensemble`] (imported
//! or f1core's own);
//! [`explain`] turns them into, per row (driver), the features that pushed
//! the prediction most, each with its value and signed contribution, and
//! one plain-English sentence.

mod shap;
mod tables;
mod text;
mod treeshap;

pub use treeshap::{TreeShap, contributions};

use crate::model::trees::Ensemble;
use crate::{Error, Result};
use serde::{Deserialize, Serialize};

/// What to explain and how to word it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExplainRequest {
    /// Who each row is about ("Verstappen"), one per row.
    pub subjects: Vec<String>,
    /// The prediction in words ("win chance", "finishing position").
    pub outcome: String,
    /// Output group (class) to explain; 0 for single-output models.
    #[serde(default)]
    pub group: usize,
    /// Features to report per row, largest |contribution| first.
    #[serde(default = "default_top")]
    pub top: usize,
    /// Display names per feature ("grid"), in the model's feature order;
    /// empty means the model's own names.
    #[serde(default)]
    pub feature_labels: Vec<String>,
}

fn default_top() -> usize {
    3
}

/// One feature's part in one prediction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureContribution {
    pub feature: String,
    /// The row's value; `None` when missing (NaN).
    pub value: Option<f64>,
    /// Signed SHAP value in margin units (log-odds for logistic models).
    pub contribution: f64,
}

/// One row's explanation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    pub subject: String,
    /// The model's output for the group (probability, value, score).
    pub prediction: f64,
    /// Raw score: `base_value` plus every feature's contribution.
    pub margin: f64,
    /// Expected margin over the training data (SHAP's bias term).
    pub base_value: f64,
    pub top: Vec<FeatureContribution>,
    pub sentence: String,
}

/// Explains each row of row-major `rows` (one per subject).
pub fn explain(model: &Ensemble, rows: &[f64], req: &ExplainRequest) -> Result<Vec<Explanation>> {
    TreeShap::new(model).explain(rows, req)
}

impl TreeShap<'_> {
    /// [`explain`] with this prepared model (no per-call table building).
    pub fn explain(&self, rows: &[f64], req: &ExplainRequest) -> Result<Vec<Explanation>> {
        explain_with(self, rows, req)
    }
}

fn explain_with(shap: &TreeShap, rows: &[f64], req: &ExplainRequest) -> Result<Vec<Explanation>> {
    let model = shap.model();
    let n = model.row_count(rows)?;
    let (nf, g) = (model.num_features(), model.num_groups());
    if req.subjects.len() != n {
        return Err(Error::InvalidInput(format!(
            "subjects: {} names for {n} rows",
            req.subjects.len()
        )));
    }
    if req.group >= g {
        return Err(Error::InvalidInput(format!(
            "group: {} but the model has {g} output groups",
            req.group
        )));
    }
    let labels = match req.feature_labels.len() {
        0 => model.feature_names(),
        l if l == nf => &req.feature_labels[..],
        l => {
            return Err(Error::InvalidInput(format!(
                "feature_labels: {l} labels for {nf} features"
            )));
        }
    };
    let phi = shap.contributions(rows)?;
    let preds = model.predict(rows)?;
    let width = nf + 1;
    let mut out = Vec::with_capacity(n);
    for (r, subject) in req.subjects.iter().enumerate() {
        let row = &rows[r * nf..(r + 1) * nf];
        let p = &phi[(r * g + req.group) * width..(r * g + req.group + 1) * width];
        let mut order: Vec<usize> = (0..nf).filter(|&f| p[f] != 0.0).collect();
        order.sort_by(|&a, &b| p[b].abs().total_cmp(&p[a].abs()).then(a.cmp(&b)));
        let top: Vec<FeatureContribution> = order
            .iter()
            .take(req.top)
            .map(|&f| FeatureContribution {
                feature: labels[f].clone(),
                value: (!row[f].is_nan()).then_some(row[f]),
                contribution: p[f],
            })
            .collect();
        out.push(Explanation {
            sentence: text::sentence(subject, &req.outcome, &top),
            subject: subject.clone(),
            prediction: preds[r * g + req.group],
            margin: p.iter().sum(),
            base_value: p[nf],
            top,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
