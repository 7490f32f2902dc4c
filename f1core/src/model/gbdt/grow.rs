//! Growing one tree, depth by depth, from gradient/hessian histograms.
//!
//! Each node owns a contiguous range of the sampled row indices. A split's
//! two children get their histograms by the subtraction trick: the smaller
//! child is scanned, the larger is its parent minus it.

use super::GbdtParams;
use super::bins::Bins;

/// Gradient, hessian and row count of a bin (or a node).
pub(super) type Stat = [f64; 3];

/// A split found on bins: rows with `code <= bin` go left, NaN rows
/// follow `default_left`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct BinSplit {
    pub feature: usize,
    pub bin: u8,
    pub default_left: bool,
    pub gain: f64,
}

/// A grown node: a split with the indices of its children, or a leaf.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum GrownNode {
    Split {
        split: BinSplit,
        left: usize,
        right: usize,
        cover: f64,
    },
    Leaf {
        value: f64,
        cover: f64,
    },
}

/// The objective's half: `0.5 × G² / (H + λ)`, the loss reduction of a
/// node's optimal leaf.
#[inline]
fn score(g: f64, h: f64, lambda: f64) -> f64 {
    g * g / (h + lambda)
}

/// The best split of a node from its histogram, over `features`; `None`
/// when no split gains more than `min_split_gain`. Ties keep the first
/// found: features in order, bins ascending, missing right before left.
pub(super) fn best_split(
    bins: &Bins,
    hist: &[Stat],
    total: Stat,
    features: &[usize],
    p: &GbdtParams,
) -> Option<BinSplit> {
    let [g, h, _] = total;
    let lambda = p.lambda;
    let parent = score(g, h, lambda);
    let mut best: Option<BinSplit> = None;
    // The gain to beat: `min_split_gain`, then the best so far (a plain
    // local rather than the option, which the hot loop re-read).
    let mut to_beat = p.min_split_gain;
    let ok = |s: Stat| s[2] >= 1.0 && s[1] >= p.min_child_hessian && s[1] + lambda > 0.0;
    for &f in features {
        let hf = &hist[bins.offsets[f]..bins.offsets[f + 1]];
        let (values, nan) = hf.split_at(hf.len() - 1);
        let nan = nan[0];
        let mut left = [0.0; 3];
        // Thresholds at the cuts: the last value bin never goes left whole.
        for (b, s) in values[..values.len() - 1].iter().enumerate() {
            (0..3).for_each(|k| left[k] += s[k]);
            let with_nan = [left[0] + nan[0], left[1] + nan[1], left[2] + nan[2]];
            // Without missing rows here, missing follows the heavier side.
            let choices: &[(Stat, bool)] = if nan[2] > 0.0 {
                &[(left, false), (with_nan, true)]
            } else {
                &[(left, left[1] >= h - left[1])]
            };
            for &(l, default_left) in choices {
                let r = [total[0] - l[0], h - l[1], total[2] - l[2]];
                if !(ok(l) && ok(r)) {
                    continue;
                }
                let gain = 0.5 * (score(l[0], l[1], lambda) + score(r[0], r[1], lambda) - parent);
                if gain > to_beat {
                    to_beat = gain;
                    best = Some(BinSplit {
                        feature: f,
                        bin: b as u8,
                        default_left,
                        gain,
                    });
                }
            }
        }
    }
    best
}

/// Whether a row whose code for the split's feature is `code` goes left.
#[inline]
pub(super) fn goes_left(s: &BinSplit, code: u8, nan_code: u8) -> bool {
    if code == nan_code {
        s.default_left
    } else {
        code <= s.bin
    }
}

/// Adds the rows' gradients into `hist` (zeroed first).
fn fill(bins: &Bins, rows: &[u32], grad: &[f64], hess: &[f64], hist: &mut [Stat]) {
    hist.iter_mut().for_each(|s| *s = [0.0; 3]);
    let nf = bins.cuts.len();
    for &r in rows {
        let r = r as usize;
        let (g, h) = (grad[r], hess[r]);
        let codes = &bins.codes[r * nf..(r + 1) * nf];
        for (&c, &off) in codes.iter().zip(&bins.offsets) {
            let s = &mut hist[off + c as usize];
            s[0] += g;
            s[1] += h;
            s[2] += 1.0;
        }
    }
}

/// A node waiting to be split: its place in the tree, its rows and sums.
struct Open {
    at: usize,
    start: usize,
    end: usize,
    total: Stat,
    hist: Vec<Stat>,
}

/// Histogram buffers kept from tree to tree: each is a few hundred KB, and
/// a fresh allocation that size is fresh pages from the OS (page faults
/// were a sixth of training time).
#[derive(Default)]
pub(super) struct Pool(Vec<Vec<Stat>>);

impl Pool {
    fn take(&mut self, len: usize) -> Vec<Stat> {
        let mut v = self.0.pop().unwrap_or_default();
        v.resize(len, [0.0; 3]);
        v
    }

    fn give(&mut self, v: Vec<Stat>) {
        self.0.push(v);
    }
}

/// Grows one tree on `rows` (sampled row indices, reordered in place)
/// over `features`. Leaf values are already scaled by the learning rate.
pub(super) fn grow(
    bins: &Bins,
    rows: &mut [u32],
    grad: &[f64],
    hess: &[f64],
    features: &[usize],
    p: &GbdtParams,
    pool: &mut Pool,
) -> Vec<GrownNode> {
    let leaf = |t: Stat| GrownNode::Leaf {
        value: if t[1] + p.lambda > 0.0 {
            -t[0] / (t[1] + p.lambda) * p.learning_rate
        } else {
            0.0
        },
        cover: t[1],
    };
    let mut hist = pool.take(bins.total());
    fill(bins, rows, grad, hess, &mut hist);
    let total = rows.iter().fold([0.0; 3], |t, &r| {
        [t[0] + grad[r as usize], t[1] + hess[r as usize], t[2] + 1.0]
    });
    let mut nodes = vec![leaf(total)];
    let mut level = vec![Open {
        at: 0,
        start: 0,
        end: rows.len(),
        total,
        hist,
    }];
    let mut scratch = Vec::with_capacity(rows.len());
    for depth in 0..p.max_depth {
        let mut next = Vec::with_capacity(level.len() * 2);
        for node in level {
            let Some(split) = best_split(bins, &node.hist, node.total, features, p) else {
                pool.give(node.hist);
                continue;
            };
            let nan = bins.nan_code(split.feature);
            let nf = bins.cuts.len();
            let mid = partition(&mut rows[node.start..node.end], &mut scratch, |r| {
                goes_left(&split, bins.codes[r as usize * nf + split.feature], nan)
            }) + node.start;
            let sum = |rs: &[u32]| {
                rs.iter().fold([0.0; 3], |t, &r| {
                    [t[0] + grad[r as usize], t[1] + hess[r as usize], t[2] + 1.0]
                })
            };
            let (lt, rt) = (sum(&rows[node.start..mid]), sum(&rows[mid..node.end]));
            let (left, right) = (nodes.len(), nodes.len() + 1);
            nodes.push(leaf(lt));
            nodes.push(leaf(rt));
            nodes[node.at] = GrownNode::Split {
                split,
                left,
                right,
                cover: node.total[1],
            };
            if depth + 1 == p.max_depth {
                pool.give(node.hist);
                continue;
            }
            // The subtraction trick: scan the smaller child only.
            let mut parent = node.hist;
            let mut small = pool.take(parent.len());
            let left_small = mid - node.start <= node.end - mid;
            let small_rows = if left_small {
                &rows[node.start..mid]
            } else {
                &rows[mid..node.end]
            };
            fill(bins, small_rows, grad, hess, &mut small);
            for (p, s) in parent.iter_mut().zip(&small) {
                (0..3).for_each(|k| p[k] -= s[k]);
            }
            let (lh, rh) = if left_small {
                (small, parent)
            } else {
                (parent, small)
            };
            next.push(Open {
                at: left,
                start: node.start,
                end: mid,
                total: lt,
                hist: lh,
            });
            next.push(Open {
                at: right,
                start: mid,
                end: node.end,
                total: rt,
                hist: rh,
            });
        }
        level = next;
        if level.is_empty() {
            break;
        }
    }
    level.into_iter().for_each(|n| pool.give(n.hist));
    nodes
}

/// Stable partition: rows going left first, in their order, then the
/// others; returns the count going left.
fn partition(rows: &mut [u32], scratch: &mut Vec<u32>, left: impl Fn(u32) -> bool) -> usize {
    scratch.clear();
    let mut k = 0;
    for i in 0..rows.len() {
        let r = rows[i];
        if left(r) {
            rows[k] = r;
            k += 1;
        } else {
            scratch.push(r);
        }
    }
    rows[k..].copy_from_slice(scratch);
    k
}

/// The leaf value a binned row reaches in a grown tree.
pub(super) fn leaf_value(nodes: &[GrownNode], bins: &Bins, row: usize) -> f64 {
    let nf = bins.cuts.len();
    let mut i = 0;
    loop {
        match &nodes[i] {
            GrownNode::Leaf { value, .. } => return *value,
            GrownNode::Split {
                split, left, right, ..
            } => {
                let f = split.feature;
                let go = goes_left(split, bins.codes[row * nf + f], bins.nan_code(f));
                i = if go { *left } else { *right };
            }
        }
    }
}
