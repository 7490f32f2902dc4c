//! Inference. Rows are taken in blocks and expanded so that each feature
//! has four copies with missing values already routed (see
//! [`expand_value`]), [`LANES`] rows interleaved copy by copy. Then each
//! tree walks [`LANES`] rows at once, level by level, so that their
//! independent load-compare-step chains overlap in the CPU; rows left over
//! walk [`LANES`] trees at once instead. One step is one node load, one
//! value load (at `meta + lane` from one base) and one compare.

use super::compiled::{Compiled, Lane};
use super::ensemble::{
    CATEGORICAL, Ensemble, LANES, NODE_BYTES, Node, Precision, expand_value, in_category_set,
};
use crate::{Error, Result};

/// Rows expanded at a time: 20 drivers of a race fit in one block.
const BLOCK: usize = 32;

/// One step down, node positions as byte offsets: the child that lane
/// `lane` of an interleaved group leads to (a leaf leads to itself). NaN
/// fails `<=`, so a missing copy routes itself.
/// `CAT` (a model with categorical splits): test each node's kind; else
/// every node is numeric.
#[inline(always)]
fn step<const CAT: bool>(
    nodes: &[Node],
    cats: &[u32],
    at: usize,
    group: &[f64],
    lane: usize,
) -> usize {
    debug_assert!(at.is_multiple_of(NODE_BYTES) && at / NODE_BYTES < nodes.len());
    // SAFETY: `at` is a tree root's offset or a previous step's result, and
    // `build` makes every node's left and right child valid positions in
    // `nodes` (two sentinels close the array, so a leaf's +1 is too) and
    // every `slot_meta()` (`meta` less categorical flags) < 4 × features × LANES =
    // `group.len()` (groups come from `chunks_exact`), with `meta` a
    // multiple of LANES and `lane` < LANES; the bit is set only in models
    // that take the `CAT` path, which masks it. Bounds checks would add two
    // compare-and-branch pairs to a six-instruction step.
    unsafe {
        let n = *nodes.as_ptr().cast::<u8>().add(at).cast::<Node>();
        let slot = if CAT { n.slot_meta() } else { n.meta };
        let x = *group.get_unchecked(slot as usize + lane);
        let go_left = if CAT && n.meta & CATEGORICAL != 0 {
            in_category_set(cats, n.threshold, x, n.meta)
        } else {
            x <= n.threshold
        };
        // A branch here would be mispredicted about half the time.
        let left = n.at_left as usize;
        std::hint::select_unpredictable(go_left, left, left + NODE_BYTES)
    }
}

/// The margins of one block: base margins, then leaves added tree by tree
/// (in float32 for XGBoost, as it sums).
struct Acc<'a> {
    out: &'a mut [f64],
    acc32: &'a mut Vec<f32>,
    groups: usize,
    f32_sums: bool,
}

impl<'a> Acc<'a> {
    fn new(e: &Ensemble, out: &'a mut [f64], acc32: &'a mut Vec<f32>) -> Acc<'a> {
        let groups = e.num_groups();
        for o in out.chunks_mut(groups) {
            o.copy_from_slice(&e.params.base_margin);
        }
        let f32_sums = e.params.precision == Precision::F32;
        if f32_sums {
            acc32.clear();
            acc32.extend(out.iter().map(|&m| m as f32));
        }
        Acc {
            out,
            acc32,
            groups,
            f32_sums,
        }
    }

    #[inline(always)]
    fn add(&mut self, row: usize, group: u32, v: f64) {
        let k = row * self.groups + group as usize;
        if self.f32_sums {
            self.acc32[k] += v as f32;
        } else {
            self.out[k] += v;
        }
    }

    fn finish(self) {
        if self.f32_sums {
            (self.out.iter_mut())
                .zip(self.acc32.iter())
                .for_each(|(o, &a)| *o = f64::from(a));
        }
    }
}

/// Byte offset of node `i`.
fn at(i: u32) -> usize {
    i as usize * NODE_BYTES
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
        let mut acc32 = Vec::new();
        let group_len = 4 * nf * LANES;
        let blocks = rows.chunks(BLOCK * nf).zip(out.chunks_mut(BLOCK * g));
        match &self.compiled {
            Some(Compiled::F32(c)) => {
                let mut xs = Vec::new();
                for (block, out) in blocks {
                    self.expand(block, &mut xs, u32::value);
                    if g == 1 {
                        let base = self.params.base_margin[0];
                        c.margins(&xs, group_len, block.len() / nf, base, out);
                        continue;
                    }
                    let mut acc = Acc::new(self, out, &mut acc32);
                    c.walk(&xs, group_len, block.len() / nf, |r, gi, v| {
                        acc.add(r, gi, v)
                    });
                    acc.finish();
                }
            }
            Some(Compiled::F64(c)) => {
                let mut xs = Vec::new();
                for (block, out) in blocks {
                    self.expand(block, &mut xs, u64::value);
                    if g == 1 {
                        let base = self.params.base_margin[0];
                        c.margins(&xs, group_len, block.len() / nf, base, out);
                        continue;
                    }
                    let mut acc = Acc::new(self, out, &mut acc32);
                    c.walk(&xs, group_len, block.len() / nf, |r, gi, v| {
                        acc.add(r, gi, v)
                    });
                    acc.finish();
                }
            }
            None => {
                let mut xs = Vec::new();
                for (block, out) in blocks {
                    self.expand(block, &mut xs, |x| x);
                    let mut acc = Acc::new(self, out, &mut acc32);
                    if self.has_categorical() {
                        self.block::<true>(&xs, block.len() / nf, &mut acc);
                    } else {
                        self.block::<false>(&xs, block.len() / nf, &mut acc);
                    }
                    acc.finish();
                }
            }
        }
        Ok(())
    }

    /// One prepared row → four copies per value (see [`expand_value`]).
    pub(crate) fn expand_row(&self, row: &[f64], xs: &mut Vec<f64>) {
        xs.clear();
        row.iter().for_each(|&x| xs.extend(expand_value(x)));
    }

    /// Rows → four copies per value (float32-rounded for XGBoost), in
    /// groups of [`LANES`] rows stored copy-major: `group[slot × LANES + lane]`.
    fn expand<T: Copy + Default>(&self, rows: &[f64], xs: &mut Vec<T>, key: impl Fn(f64) -> T) {
        let f32_in = self.params.precision == Precision::F32;
        let nf = self.num_features();
        let group = 4 * nf * LANES;
        xs.clear();
        xs.resize(rows.len().div_ceil(nf * LANES) * group, T::default());
        for (r, row) in rows.chunks_exact(nf).enumerate() {
            let (g, lane) = (r / LANES, r % LANES);
            for (f, &x) in row.iter().enumerate() {
                let copies = expand_value(if f32_in { x as f32 as f64 } else { x });
                for (c, v) in copies.into_iter().enumerate() {
                    xs[g * group + (4 * f + c) * LANES + lane] = key(v);
                }
            }
        }
    }

    /// Margins of up to [`BLOCK`] rows (`b` of them, expanded in `xs`):
    /// whole groups of [`LANES`] rows walk each tree together; the rows
    /// left over walk [`LANES`] trees at a time each (so one row alone still
    /// overlaps eight chains). Leaves are added tree by tree in model order,
    /// as XGBoost's float32 sums are.
    fn block<const CAT: bool>(&self, xs: &[f64], b: usize, acc: &mut Acc) {
        let group_len = 4 * self.num_features() * LANES;
        let mut add = |r: usize, gi: u32, at: usize| acc.add(r, gi, self.values[at / NODE_BYTES]);
        let nodes = &self.nodes[..];
        let groups: Vec<&[f64]> = xs.chunks_exact(group_len).collect();
        let full = b / LANES;
        for t in &self.trees {
            for (gr, group) in groups[..full].iter().enumerate() {
                let mut idx = [at(t.root); LANES];
                for _ in 0..t.depth {
                    for (lane, i) in idx.iter_mut().enumerate() {
                        *i = step::<CAT>(nodes, &self.cats, *i, group, lane);
                    }
                }
                for (lane, &i) in idx.iter().enumerate() {
                    add(gr * LANES + lane, t.group, i);
                }
            }
        }
        // A sentinel (it loops onto itself) fills the lanes past the last tree.
        let sentinel = at(nodes.len() as u32 - 2);
        for r in full * LANES..b {
            let (group, lane) = (groups[r / LANES], r % LANES);
            for trees in self.trees.chunks(LANES) {
                let depth = trees.iter().map(|t| t.depth).max().unwrap_or(0);
                let mut idx: [usize; LANES] =
                    std::array::from_fn(|k| trees.get(k).map_or(sentinel, |t| at(t.root)));
                for _ in 0..depth {
                    for i in idx.iter_mut() {
                        *i = step::<CAT>(nodes, &self.cats, *i, group, lane);
                    }
                }
                for (t, &i) in trees.iter().zip(&idx) {
                    add(r, t.group, i);
                }
            }
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
            i = (n.left() + usize::from(!self.decide(i as usize, row[n.feature()]))) as u32;
        }
        i as usize
    }
}
