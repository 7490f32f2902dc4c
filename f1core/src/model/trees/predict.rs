//! Inference. Rows are taken in blocks; each tree walks all rows of a block
//! level by level, so the rows' independent compare-and-step chains overlap
//! in the CPU instead of waiting on one another.

use super::ensemble::{DEFAULT_LEFT, Ensemble, Node, Precision};
use crate::{Error, Result};

/// Rows walked together: 20 drivers of a race fit in one block.
const BLOCK: usize = 32;

/// One step down: the child a value leads to (a leaf leads to itself).
#[inline(always)]
fn step<const ZERO_MISSING: bool>(nodes: &[Node], i: u32, row: &[f64]) -> u32 {
    let n = nodes[i as usize];
    let x = row[n.feature()];
    let left = if ZERO_MISSING {
        n.goes_left(x)
    } else {
        // NaN fails `<=`, so then only the default-left bit counts.
        (x <= n.threshold) | (x.is_nan() & (n.meta & DEFAULT_LEFT != 0))
    };
    n.left + (!left) as u32
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

    /// [`Ensemble::predict_margin`] into a caller's buffer (no allocation
    /// for float64 models).
    pub fn predict_margin_into(&self, rows: &[f64], out: &mut [f64]) -> Result<()> {
        let n = self.row_count(rows)?;
        let (nf, g) = (self.num_features(), self.num_groups());
        if out.len() != n * g {
            return Err(Error::InvalidInput(format!(
                "output: {} values for {n} rows × {g} groups",
                out.len()
            )));
        }
        let mut rounded = Vec::new();
        let mut acc32 = Vec::new();
        for (block, out) in rows.chunks(BLOCK * nf).zip(out.chunks_mut(BLOCK * g)) {
            let x = match self.params.precision {
                Precision::F64 => block,
                Precision::F32 => {
                    rounded.clear();
                    rounded.extend(block.iter().map(|&v| v as f32 as f64));
                    &rounded[..]
                }
            };
            if self.zero_missing {
                self.block::<true>(x, out, &mut acc32);
            } else {
                self.block::<false>(x, out, &mut acc32);
            }
        }
        Ok(())
    }

    /// Margins of up to [`BLOCK`] rows.
    fn block<const ZM: bool>(&self, x: &[f64], out: &mut [f64], acc32: &mut Vec<f32>) {
        let (nf, g) = (self.num_features(), self.num_groups());
        let b = x.len() / nf;
        let f32_sums = self.params.precision == Precision::F32;
        for o in out.chunks_mut(g) {
            o.copy_from_slice(&self.params.base_margin);
        }
        if f32_sums {
            acc32.clear();
            acc32.extend(out.iter().map(|&m| m as f32));
        }
        let nodes = &self.nodes[..];
        let mut idx = [0u32; BLOCK];
        for t in &self.trees {
            idx[..b].fill(t.root);
            for _ in 0..t.depth {
                for (r, i) in idx[..b].iter_mut().enumerate() {
                    *i = step::<ZM>(nodes, *i, &x[r * nf..(r + 1) * nf]);
                }
            }
            let gi = t.group as usize;
            if f32_sums {
                for (r, &i) in idx[..b].iter().enumerate() {
                    acc32[r * g + gi] += self.values[i as usize] as f32;
                }
            } else {
                for (r, &i) in idx[..b].iter().enumerate() {
                    out[r * g + gi] += self.values[i as usize];
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
            i = step::<true>(&self.nodes, i, row);
        }
        i as usize
    }
}
