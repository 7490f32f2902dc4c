//! Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, Algorithm 2),
//! laid out as XGBoost's `RegTree::TreeShap` so that the two agree term by
//! term: each path element carries the fraction of training cover that
//! flows down the path without the feature (`zero`) and whether the row
//! follows it (`one`); `pweight`s are the Shapley permutation weights.

use crate::Result;
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

/// Total permutation weight of the path with element `pi` unwound.
fn unwound_sum(p: &[PathElement], ud: usize, pi: usize, inv: &[f64]) -> f64 {
    let (one, zero) = (p[pi].one, p[pi].zero);
    let d1 = (ud + 1) as f64;
    let inv_d1 = inv[ud + 1];
    let mut total = 0.0;
    if one != 0.0 {
        let inv_one = 1.0 / one;
        let mut next = p[ud].pweight;
        for i in (0..ud).rev() {
            let tmp = next * d1 * inv[i + 1] * inv_one;
            total += tmp;
            next = p[i].pweight - tmp * zero * ((ud - i) as f64 * inv_d1);
        }
    } else if zero != 0.0 {
        let scale = d1 / zero;
        for i in (0..ud).rev() {
            total += p[i].pweight * scale * inv[ud - i];
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
        let left = n.left as usize;
        let (hot, cold) = if n.goes_left(self.x[f]) {
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
fn node_means(e: &Ensemble) -> Vec<f64> {
    let mut mean = e.values.clone();
    // Children sit after their parent, so a backward pass sees them first.
    let trees_end = e.trees.last().map_or(0, |t| (t.root + t.len) as usize);
    for i in (0..trees_end).rev() {
        if e.is_leaf(i) {
            continue;
        }
        let (l, r) = (e.nodes[i].left as usize, e.nodes[i].left as usize + 1);
        let (cl, cr, c) = (e.covers[l], e.covers[r], e.covers[i]);
        mean[i] = if c > 0.0 {
            (mean[l] * cl + mean[r] * cr) / c
        } else {
            (mean[l] + mean[r]) / 2.0
        };
    }
    mean
}

/// SHAP values of row-major `rows`: per row, per output group,
/// `num_features` contributions then the bias (base margin plus each tree's
/// expected value) — the layout of XGBoost's `pred_contribs`. Each group's
/// values sum to its margin.
pub fn contributions(e: &Ensemble, rows: &[f64]) -> Result<Vec<f64>> {
    let n = e.row_count(rows)?;
    let (nf, g) = (e.num_features(), e.num_groups());
    let width = nf + 1;
    let mut out = vec![0.0; n * g * width];
    let means = node_means(e);
    let maxd = e.max_depth() + 2;
    let mut buf = vec![PathElement::default(); maxd * (maxd + 1) / 2];
    let mut x = Vec::with_capacity(nf);
    let inv = reciprocals();
    for (row, out) in rows.chunks(nf).zip(out.chunks_mut(g * width)) {
        e.prepare_row(row, &mut x);
        for t in &e.trees {
            let gi = t.group as usize;
            let phi = &mut out[gi * width..(gi + 1) * width];
            phi[nf] += means[t.root as usize];
            if t.depth == 0 {
                continue;
            }
            let mut walk = Walk {
                e,
                x: &x,
                phi,
                buf: &mut buf,
                inv: &inv,
            };
            walk.node(t.root as usize, 0, 0, 1.0, 1.0, -1);
        }
        for (gi, b) in e.params().base_margin.iter().enumerate() {
            out[gi * width + nf] += b;
        }
    }
    Ok(out)
}
