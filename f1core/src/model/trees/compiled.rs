//! A compiled layout for the inference hot path, built once per ensemble
//! whose trees are numeric and at most [`MAX_COMPILED_DEPTH`] deep.
//!
//! Every tree is padded to one complete tree of the ensemble's depth `D`
//! (a leaf above depth `D` becomes splits that send every row left, down
//! to copies of its value), stored level by level: node `i`'s children are
//! `2i + 1` and `2i + 2`. A step is then one node load (threshold and
//! slot side by side), one value load and one compare — no child offset to
//! load and no leaf test — and every tree takes exactly `D` steps.
//!
//! Models that predict in float32 (XGBoost) keep float32 nodes and values:
//! half the bytes. The results stay bit-identical to the general walk:
//! rows are float32 already, and a float64 threshold `t` becomes the
//! largest float32 `≤ t`, which orders every float32 `x` the same way.

use super::ensemble::{Ensemble, LANES, NODE_BYTES, Precision};

/// Deepest ensemble compiled (a padded tree holds 2^D leaves).
pub(crate) const MAX_COMPILED_DEPTH: u32 = 8;

/// The value type of a compiled layout: `f32` or `f64`.
pub(crate) trait Lane: Copy + PartialOrd + Default + std::fmt::Debug {
    /// The threshold that orders every value of this type as `t` does.
    fn threshold(t: f64) -> Self;
    /// A row copy (already exact in this type, or NaN/±∞).
    fn value(x: f64) -> Self;
}

impl Lane for f64 {
    fn threshold(t: f64) -> f64 {
        t
    }
    fn value(x: f64) -> f64 {
        x
    }
}

impl Lane for f32 {
    /// Rounded toward −∞: for float32 `x`, `x <= t` ⇔ `x <= t'`.
    fn threshold(t: f64) -> f32 {
        let f = t as f32;
        if f64::from(f) > t { f.next_down() } else { f }
    }
    fn value(x: f64) -> f32 {
        x as f32
    }
}

/// One split: rows go left when their copy at `slot + lane` is `<= threshold`.
#[derive(Debug, Clone, Copy, PartialEq)]
#[repr(C)]
pub(crate) struct Split<T> {
    pub threshold: T,
    /// The node's `meta`: copy index × [`LANES`].
    pub slot: u32,
}

/// Complete trees of depth `depth`, tree `t`'s splits at
/// `t × (2^depth − 1)` and its leaves at `t × 2^depth`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Complete<T> {
    pub depth: u32,
    pub splits: Vec<Split<T>>,
    pub leaves: Vec<f64>,
    pub groups: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Compiled {
    F32(Complete<f32>),
    F64(Complete<f64>),
}

/// The compiled layout of `e`, if it has one (no categorical splits, depth
/// at most [`MAX_COMPILED_DEPTH`]).
pub(crate) fn compile(e: &Ensemble) -> Option<Compiled> {
    let depth = e.trees.iter().map(|t| t.depth).max().unwrap_or(0);
    if e.has_categorical() || depth > MAX_COMPILED_DEPTH || e.trees.is_empty() {
        return None;
    }
    Some(match e.params.precision {
        Precision::F32 => Compiled::F32(complete(e, depth)),
        Precision::F64 => Compiled::F64(complete(e, depth)),
    })
}

fn complete<T: Lane>(e: &Ensemble, depth: u32) -> Complete<T> {
    let (inner, outer) = ((1usize << depth) - 1, 1usize << depth);
    let mut c = Complete {
        depth,
        splits: Vec::with_capacity(e.trees.len() * inner),
        leaves: Vec::with_capacity(e.trees.len() * outer),
        groups: e.trees.iter().map(|t| t.group).collect(),
    };
    for t in &e.trees {
        let (s0, l0) = (c.splits.len(), c.leaves.len());
        c.splits.resize(s0 + inner, Split::default());
        c.leaves.resize(l0 + outer, 0.0);
        let (splits, leaves) = (&mut c.splits[s0..], &mut c.leaves[l0..]);
        place(e, t.root as usize, 0, 0, depth, splits, leaves);
    }
    c
}

impl<T: Lane> Default for Split<T> {
    fn default() -> Self {
        Split {
            threshold: T::default(),
            slot: 0,
        }
    }
}

/// Puts source node `i` at complete position `p` (level `level`).
fn place<T: Lane>(
    e: &Ensemble,
    i: usize,
    p: usize,
    level: u32,
    depth: u32,
    splits: &mut [Split<T>],
    leaves: &mut [f64],
) {
    if level == depth {
        // `build` bounds every tree's depth, so a node this deep is a leaf.
        leaves[p - splits.len()] = e.values[i];
        return;
    }
    let (left, right) = if e.is_leaf(i) {
        // Copy 1 of feature 0 is never NaN (NaN becomes −∞): always left.
        splits[p] = Split {
            threshold: T::threshold(f64::INFINITY),
            slot: LANES as u32,
        };
        (i, i)
    } else {
        let n = e.nodes[i];
        splits[p] = Split {
            threshold: T::threshold(n.threshold),
            slot: n.meta,
        };
        (n.left(), n.left() + 1)
    };
    place(e, left, 2 * p + 1, level + 1, depth, splits, leaves);
    place(e, right, 2 * p + 2, level + 1, depth, splits, leaves);
}

/// One step down from position `i` for the copy group `group`, lane `lane`.
#[inline(always)]
fn step<T: Lane>(splits: &[Split<T>], i: usize, group: &[T], lane: usize) -> usize {
    let n = splits[i];
    let x = group[n.slot as usize + lane];
    // NaN fails `<=`: a missing copy goes right; −∞ passes it.
    2 * i + 1 + usize::from(!(x <= n.threshold))
}

impl<T: Lane> Complete<T> {
    /// Walks `b` expanded rows (groups of [`LANES`] rows in `xs`) through
    /// every tree and hands `add(row, group, leaf value)` each leaf, tree by
    /// tree for each row. Whole groups walk a tree together; rows left over
    /// walk [`LANES`] trees at once.
    pub fn walk(&self, xs: &[T], group_len: usize, b: usize, mut add: impl FnMut(usize, u32, f64)) {
        let d = self.depth as usize;
        let (inner, outer) = ((1usize << d) - 1, 1usize << d);
        let full = b / LANES;
        let groups: Vec<&[T]> = xs.chunks_exact(group_len).collect();
        let trees = self.groups.len();
        for t in 0..trees {
            let splits = &self.splits[t * inner..(t + 1) * inner];
            let leaves = &self.leaves[t * outer..(t + 1) * outer];
            for (gr, group) in groups[..full].iter().enumerate() {
                let mut idx = [0usize; LANES];
                for _ in 0..d {
                    for (lane, i) in idx.iter_mut().enumerate() {
                        *i = step(splits, *i, group, lane);
                    }
                }
                for (lane, &i) in idx.iter().enumerate() {
                    add(gr * LANES + lane, self.groups[t], leaves[i - inner]);
                }
            }
        }
        for r in full * LANES..b {
            let (group, lane) = (groups[r / LANES], r % LANES);
            for t0 in (0..trees).step_by(LANES) {
                let k = LANES.min(trees - t0);
                let splits = &self.splits[t0 * inner..(t0 + k) * inner];
                let mut idx = [0usize; LANES];
                for _ in 0..d {
                    for (j, i) in idx[..k].iter_mut().enumerate() {
                        *i = step(&splits[j * inner..], *i, group, lane);
                    }
                }
                for (j, &i) in idx[..k].iter().enumerate() {
                    let t = t0 + j;
                    add(r, self.groups[t], self.leaves[t * outer + i - inner]);
                }
            }
        }
    }
}

// The general layout's node size, for the docs' comparison.
const _: () = assert!(NODE_BYTES == 16 && std::mem::size_of::<Split<f32>>() == 8);
