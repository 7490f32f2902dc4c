//! [`TreeShap`]: exact path-dependent TreeSHAP for a whole ensemble, by
//! per-leaf tables for shallow trees ([`super::tables`]) and Algorithm 2
//! ([`super::shap`]) for the rest. Both give the same values.

use super::shap::{Alg2, node_means};
use super::tables::{TABLE_LIMIT, Tables};
use crate::Result;
use crate::model::trees::Ensemble;

/// Rows explained together, tree by tree.
const BLOCK: usize = 64;

/// A model prepared for SHAP values: building it tabulates the shallow
/// trees once (about the cost of explaining a few rows), after which each
/// row is cheap. Keep one per model when explaining repeatedly.
pub struct TreeShap<'a> {
    model: &'a Ensemble,
    /// Each node's expected value under the training covers.
    means: Vec<f64>,
    tables: Tables,
}

impl<'a> TreeShap<'a> {
    pub fn new(model: &'a Ensemble) -> TreeShap<'a> {
        Self::with_table_limit(model, TABLE_LIMIT)
    }

    /// `limit` = 0 runs Algorithm 2 on every tree (tests compare the two).
    pub(super) fn with_table_limit(model: &'a Ensemble, limit: usize) -> TreeShap<'a> {
        TreeShap {
            model,
            means: node_means(model),
            tables: Tables::new(model, limit),
        }
    }

    /// The model this was prepared for.
    pub fn model(&self) -> &'a Ensemble {
        self.model
    }

    /// SHAP values of row-major `rows`: per row, per output group,
    /// `num_features` contributions then the bias (base margin plus each
    /// tree's expected value) — the layout of XGBoost's `pred_contribs`.
    /// Each group's values sum to its margin.
    pub fn contributions(&self, rows: &[f64]) -> Result<Vec<f64>> {
        let e = self.model;
        let n = e.row_count(rows)?;
        let (nf, g) = (e.num_features(), e.num_groups());
        let width = nf + 1;
        let mut out = vec![0.0; n * g * width];
        let mut alg2 = Alg2::new(e);
        let (mut x, mut x4, mut dirs) = (Vec::new(), Vec::new(), Vec::new());
        let (mut xs, mut x4s) = (Vec::new(), Vec::new());
        // Trees outer, rows inner: a tree's tables stay in cache for a block.
        for (rows, out) in rows
            .chunks(BLOCK * nf)
            .zip(out.chunks_mut(BLOCK * g * width))
        {
            xs.clear();
            x4s.clear();
            for row in rows.chunks(nf) {
                e.prepare_row(row, &mut x);
                e.expand_row(&x, &mut x4);
                xs.extend_from_slice(&x);
                x4s.extend_from_slice(&x4);
            }
            for (t, meta) in e.trees.iter().enumerate() {
                let gi = meta.group as usize;
                let tabulated = self.tables.has(t);
                for (r, out) in out.chunks_mut(g * width).enumerate() {
                    let phi = &mut out[gi * width..(gi + 1) * width];
                    phi[nf] += self.means[meta.root as usize];
                    if tabulated {
                        self.tables
                            .add(e, t, &x4s[r * 4 * nf..(r + 1) * 4 * nf], phi, &mut dirs);
                    } else {
                        alg2.add(e, t, &xs[r * nf..(r + 1) * nf], phi);
                    }
                }
            }
            for out in out.chunks_mut(g * width) {
                for (gi, b) in e.params().base_margin.iter().enumerate() {
                    out[gi * width + nf] += b;
                }
            }
        }
        Ok(out)
    }
}

/// SHAP values of row-major `rows` ([`TreeShap::contributions`] with a
/// one-off preparation).
pub fn contributions(model: &Ensemble, rows: &[f64]) -> Result<Vec<f64>> {
    TreeShap::new(model).contributions(rows)
}
