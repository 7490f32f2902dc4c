//! Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, Algorithm 2),
//! laid out as XGBoost's `RegTree::TreeShap` so that the two agree term by
//! term: each path element carries the fraction of training cover that
//! flows down the path without the feature (`zero`) and whether the row
//! follows it (`one`); `pweight`s are the Shapley permutation weights.

use crate::model::trees::{Ensemble, MAX_DEPTH};

#[derive(Debug, Clone, Copy, Default)]
struct PathElement {
    /// Feature split on (-1 for the root's sentinel element).
    feature: isize,
    zero: f64,
    one: f64,
    pweight: f64,
}

/// 1/k for the path lengths met (depth ≤ MAX_DEPTH): multiplying by these
/// instead of dividing is most of TreeSHAP's speed; one fractions are 0 or
/// 1 in path-dependent TreeSHAP, so dividing by them is never needed.
fn reciprocals() -> Vec<f64> {
    (0..MAX_DEPTH + 4).map(|k| 1.0 / k as f64).collect()
}

fn extend(p: &mut [PathElement], ud: usize, zero: f64, one: f64, feature: isize, inv: &[f64]) {
    let pweight = if ud == 0 { 1.0 } else { 0.0 };
    p[ud] = PathElement {
        feature,
        zero,
        one,
        pweight,
    };
    let inv_d1 = inv[ud + 1];
    for i in (0..ud).rev() {
        p[i + 1].pweight += one * p[i].pweight * ((i + 1) as f64 * inv_d1);
        p[i].pweight = zero * p[i].pweight * ((ud - i) as f64 * inv_d1);
    }
}

/// Undoes the extension by element `pi` (a feature met again lower down).
fn unwind(p: &mut [PathElement], ud: usize, pi: usize, inv: &[f64]) {
    let (one, zero) = (p[pi].one, p[pi].zero);
    let d1 = (ud + 1) as f64;
    let inv_d1 = inv[ud + 1];
    let mut next = p[ud].pweight;
    for i in (0..ud).rev() {
        if one != 0.0 {
            let tmp = p[i].pweight;
            p[i].pweight = next * d1 * inv[i + 1] / one;
            next = tmp - p[i].pweight * zero * ((ud - i) as f64 * inv_d1);
        } else {
            p[i].pweight = p[i].pweight * d1 / zero * inv[ud - i];
        }
    }
    for i in pi..ud {
        p[i].feature = p[i + 1].feature;
        p[i].zero = p[i + 1].zero;
        p[i].one = p[i + 1].one;
    }
}

/// Total permutation weight of the path with element `pi` unwound. The
/// factors are formed off the loop-carried chain (`next`), which is then
/// one multiply and one multiply-subtract per step: this loop is most of
/// TreeSHAP's time.
fn unwound_sum(p: &[PathElement], ud: usize, pi: usize, inv: &[f64]) -> f64 {
    let (one, zero) = (p[pi].one, p[pi].zero);
    let d1 = (ud + 1) as f64;
    let inv_d1 = inv[ud + 1];
    let mut total = 0.0;
    if one != 0.0 {
        let up = d1 / one;
        let down = zero * inv_d1;
        let mut next = p[ud].pweight;
        for i in (0..ud).rev() {
            let tmp = next * (up * inv[i + 1]);
            total += tmp;
            next = p[i].pweight - tmp * (down * (ud - i) as f64);
        }
    } else if zero != 0.0 {
        let scale = d1 / zero;
        for i in (0..ud).rev() {
            total += p[i].pweight * (scale * inv[ud - i]);
        }
    }
    total
}

/// One row through one tree: adds each feature's share of the leaf value to `phi`.
struct Walk<'a> {
    e: &'a Ensemble,
    x: &'a [f64],
    phi: &'a mut [f64],
    buf: &'a mut [PathElement],
    inv: &'a [f64],
}

impl Walk<'_> {
    fn node(
        &mut self,
        node: usize,
        parent: usize,
        mut ud: usize,
        zero: f64,
        one: f64,
        feat: isize,
    ) {
        let off = parent + ud + 1;
        self.buf.copy_within(parent..parent + ud + 1, off);
        extend(&mut self.buf[off..], ud, zero, one, feat, self.inv);
        let e = self.e;
        if e.is_leaf(node) {
            let p = &self.buf[off..];
            let v = e.values[node];
            for i in 1..=ud {
                let w = unwound_sum(p, ud, i, self.inv);
                self.phi[p[i].feature as usize] += w * (p[i].one - p[i].zero) * v;
            }
            return;
        }
        let n = e.nodes[node];
        let f = n.feature();
        let left = n.left();
        let (hot, cold) = if e.decide(node, self.x[f]) {
            (left, left + 1)
        } else {
            (left + 1, left)
        };
        let w = e.covers[node];
        let share = |c: usize| if w > 0.0 { e.covers[c] / w } else { 0.5 };
        let (hot_zero, cold_zero) = (share(hot), share(cold));
        let (mut in_zero, mut in_one) = (1.0, 1.0);
        let p = &mut self.buf[off..];
        if let Some(pi) = (0..=ud).find(|&i| p[i].feature == f as isize) {
            in_zero = p[pi].zero;
            in_one = p[pi].one;
            unwind(p, ud, pi, self.inv);
            ud -= 1;
        }
        self.node(hot, off, ud + 1, hot_zero * in_zero, in_one, f as isize);
        // A cold branch no training row reached adds exactly nothing.
        if cold_zero * in_zero != 0.0 {
            self.node(cold, off, ud + 1, cold_zero * in_zero, 0.0, f as isize);
        }
    }
}

/// Each node's expected value under the training covers (a leaf's is its value).
pub(super) fn node_means(e: &Ensemble) -> Vec<f64> {
    let mut mean = e.values.clone();
    // Children sit after their parent, so a backward pass sees them first.
    let trees_end = e.trees.last().map_or(0, |t| (t.root + t.len) as usize);
    for i in (0..trees_end).rev() {
        if e.is_leaf(i) {
            continue;
        }
        let (l, r) = (e.nodes[i].left(), e.nodes[i].left() + 1);
        let (cl, cr, c) = (e.covers[l], e.covers[r], e.covers[i]);
        mean[i] = if c > 0.0 {
            (mean[l] * cl + mean[r] * cr) / c
        } else {
            (mean[l] + mean[r]) / 2.0
        };
    }
    mean
}

/// Algorithm 2's scratch: the path buffer and reciprocals, sized once.
pub(super) struct Alg2 {
    buf: Vec<PathElement>,
    inv: Vec<f64>,
}

impl Alg2 {
    pub(super) fn new(e: &Ensemble) -> Alg2 {
        let maxd = e.max_depth() + 2;
        Alg2 {
            buf: vec![PathElement::default(); maxd * (maxd + 1) / 2],
            inv: reciprocals(),
        }
    }

    /// Adds tree `t`'s contributions for one prepared row `x` to `phi`.
    pub(super) fn add(&mut self, e: &Ensemble, t: usize, x: &[f64], phi: &mut [f64]) {
        let meta = e.trees[t];
        if meta.depth == 0 {
            return;
        }
        let mut walk = Walk {
            e,
            x,
            phi,
            buf: &mut self.buf,
            inv: &self.inv,
        };
        walk.node(meta.root as usize, 0, 0, 1.0, 1.0, -1);
    }
}
