//! Inference. Rows are taken in blocks and expanded so that each feature
//! has four copies with missing values already routed (see
//! [`expand_value`]); then each tree walks [`LANES`] rows at once, level by
//! level, so that their independent load-compare-step chains overlap in the
//! CPU. One step is one node load, one value load and one compare.

use super::ensemble::{Ensemble, Node, Precision, expand_value};
use crate::{Error, Result};

/// Rows expanded at a time: 20 drivers of a race fit in one block.
const BLOCK: usize = 32;
/// Rows walked together through one tree.
const LANES: usize = 8;

/// One step down on an expanded row: the child its value leads to (a leaf
/// leads to itself). NaN fails `<=`, so a missing copy routes itself.
#[inline(always)]
fn step(nodes: &[Node], i: u32, row: &[f64]) -> u32 {
    // SAFETY: `i` is a tree root or a previous step's result, and `build`
    // makes every node's `left` and `left + 1` valid indices of `nodes`
    // (sentinels close the array) and every `meta` < 4 × features, which
    // is `row.len()` (asserted in `block`). Bounds checks here cost ~40 %.
    unsafe {
        let n = *nodes.get_unchecked(i as usize);
        let x = *row.get_unchecked(n.meta as usize);
        n.left + 1 - (x <= n.threshold) as u32
    }
}

impl Ensemble {
    /// Checks that `rows` is a whole number of rows of `num_features` values
    /// and returns the row count.
    pub(crate) fn row_count(&self, rows: &[f64]) -> Result<usize> {
        let nf = self.num_features();
        if !rows.len().is_multiple_of(nf) {
            return Err(Error::InvalidInput(format!(
                "rows: {} values is not a multiple of the model's {nf} features",
                rows.len()
            )));
        }
        Ok(rows.len() / nf)
    }

    /// A row as the original library sees it (float32 for XGBoost).
    pub(crate) fn prepare_row(&self, row: &[f64], out: &mut Vec<f64>) {
        out.clear();
        match self.params.precision {
            Precision::F32 => out.extend(row.iter().map(|&x| x as f32 as f64)),
            Precision::F64 => out.extend_from_slice(row),
        }
    }

    /// Raw scores (sum of leaves plus base margin) of row-major `rows`:
    /// `num_groups` values per row.
    pub fn predict_margin(&self, rows: &[f64]) -> Result<Vec<f64>> {
        let mut out = vec![0.0; self.row_count(rows)? * self.num_groups()];
        self.predict_margin_into(rows, &mut out)?;
        Ok(out)
    }

    /// Predictions (probabilities, values, scores) of row-major `rows`:
    /// `num_groups` values per row.
    pub fn predict(&self, rows: &[f64]) -> Result<Vec<f64>> {
        let mut out = self.predict_margin(rows)?;
        for row in out.chunks_mut(self.num_groups()) {
            self.transform_row(row);
        }
        Ok(out)
    }

    /// [`Ensemble::predict_margin`] into a caller's buffer.
    pub fn predict_margin_into(&self, rows: &[f64], out: &mut [f64]) -> Result<()> {
        let n = self.row_count(rows)?;
        let (nf, g) = (self.num_features(), self.num_groups());
        if out.len() != n * g {
            return Err(Error::InvalidInput(format!(
                "output: {} values for {n} rows × {g} groups",
                out.len()
            )));
        }
        let mut xs = Vec::new();
        let mut acc32 = Vec::new();
        for (block, out) in rows.chunks(BLOCK * nf).zip(out.chunks_mut(BLOCK * g)) {
            self.expand(block, &mut xs);
            self.block(&xs, block.len() / nf, out, &mut acc32);
        }
        Ok(())
    }

    /// Rows → four copies per value (float32-rounded for XGBoost), padded
    /// with copies of the first row to a whole number of [`LANES`].
    fn expand(&self, rows: &[f64], xs: &mut Vec<f64>) {
        let f32_in = self.params.precision == Precision::F32;
        xs.clear();
        for &x in rows {
            xs.extend(expand_value(if f32_in { x as f32 as f64 } else { x }));
        }
        let width = 4 * self.num_features();
        while !xs.len().is_multiple_of(width * LANES) {
            xs.extend_from_within(..width);
        }
    }

    /// Margins of up to [`BLOCK`] expanded rows (`b` real ones).
    fn block(&self, xs: &[f64], b: usize, out: &mut [f64], acc32: &mut Vec<f32>) {
        let (g, width) = (self.num_groups(), 4 * self.num_features());
        for o in out.chunks_mut(g) {
            o.copy_from_slice(&self.params.base_margin);
        }
        let f32_sums = self.params.precision == Precision::F32;
        if f32_sums {
            acc32.clear();
            acc32.extend(out.iter().map(|&m| m as f32));
        }
        let nodes = &self.nodes[..];
        for t in &self.trees {
            let gi = t.group as usize;
            for (l, lane_rows) in xs.chunks_exact(width * LANES).enumerate() {
                let rows: [&[f64]; LANES] =
                    std::array::from_fn(|k| &lane_rows[k * width..(k + 1) * width]);
                assert!(rows.iter().all(|r| r.len() == width));
                let mut idx = [t.root; LANES];
                for _ in 0..t.depth {
                    for (i, row) in idx.iter_mut().zip(rows) {
                        *i = step(nodes, *i, row);
                    }
                }
                for (k, &i) in idx.iter().enumerate() {
                    let r = l * LANES + k;
                    if r >= b {
                        break;
                    }
                    let v = self.values[i as usize];
                    if f32_sums {
                        acc32[r * g + gi] += v as f32;
                    } else {
                        out[r * g + gi] += v;
                    }
                }
            }
        }
        if f32_sums {
            out.iter_mut()
                .zip(acc32.iter())
                .for_each(|(o, &a)| *o = a as f64);
        }
    }

    /// The leaf (node index) one prepared row reaches in tree `t`, one row
    /// at a time: the reference the block kernel is tested against.
    #[cfg(test)]
    pub(crate) fn leaf_of(&self, t: usize, row: &[f64]) -> usize {
        let meta = self.trees[t];
        let mut i = meta.root;
        for _ in 0..meta.depth {
            let n = self.nodes[i as usize];
            i = n.left + !n.goes_left(row[n.feature()]) as u32;
        }
        i as usize
    }
}
