//! TreeSHAP by per-leaf tables for shallow trees: the same exact values as
//! Algorithm 2 (tests check both against brute force), found by lookup.
//!
//! Path-dependent TreeSHAP splits over leaves. For a leaf with value `v`
//! whose path splits on the distinct features `F` (k of them), let `z_j` be
//! the product of cover ratios (child / parent) along the path at splits on
//! `j`, and `o_j` = 1 when the row takes the path's direction at every such
//! split. The leaf gives feature `i` ∈ F
//!
//!   v · (o_i − z_i) · Σ_{S ⊆ A∖{i}} w(|S|, k) · Π_{j ∈ F∖S∖{i}} z_j,
//!   A = { j : o_j = 1 },  w(s, k) = s! (k − 1 − s)! / k!
//!
//! The sum depends on the row only through `A`, so it is tabulated once per
//! leaf for every `i` and every subset of `F∖{i}` (k · 2^(k−1) values); a
//! row then costs one pass over the leaf's path and k lookups.

use crate::model::trees::Ensemble;

/// Largest table kept per tree (values); deeper trees use Algorithm 2.
pub(super) const TABLE_LIMIT: usize = 4096;

struct Leaf {
    /// Range in `Tables::steps`: (node, goes left?, slot of its feature).
    steps: (u32, u32),
    /// Range in `Tables::slots`: k distinct features with their `z`.
    slots: (u32, u32),
    /// Start in `Tables::values` of k blocks of 2^(k−1), times `v`.
    values: u32,
}

/// The tables of the trees that fit [`TABLE_LIMIT`].
pub(super) struct Tables {
    /// Per tree: its leaves' range in `leaves`, or `None` (Algorithm 2).
    trees: Vec<Option<(u32, u32)>>,
    leaves: Vec<Leaf>,
    steps: Vec<(u32, bool, u8)>,
    slots: Vec<(u32, f64)>,
    values: Vec<f64>,
}

/// w(s, k) = s! (k − 1 − s)! / k!: the Shapley weight of a coalition of `s`
/// among `k` players.
fn weight(s: usize, k: usize) -> f64 {
    let fact = |n: usize| (1..=n).map(|v| v as f64).product::<f64>();
    fact(s) * fact(k - 1 - s) / fact(k)
}

/// `mask` with bit `i` taken out (bits above it move down one).
#[inline]
fn without(mask: usize, i: usize) -> usize {
    (mask & ((1 << i) - 1)) | ((mask >> (i + 1)) << i)
}

impl Tables {
    pub(super) fn new(e: &Ensemble, limit: usize) -> Tables {
        // Upper bounds for trees that fit (leaves ≤ (len + 1) / 2, k ≤ depth).
        let (mut leaves, mut steps, mut values) = (0, 0, 0);
        for t in e.trees.iter().filter(|t| t.depth > 0 && t.depth <= 12) {
            let (l, d) = ((t.len as usize).div_ceil(2), t.depth as usize);
            leaves += l;
            steps += l * d;
            values += limit.min((l * d) << (d - 1));
        }
        let mut tables = Tables {
            trees: Vec::with_capacity(e.trees.len()),
            leaves: Vec::with_capacity(leaves),
            steps: Vec::with_capacity(steps),
            slots: Vec::with_capacity(steps),
            values: Vec::with_capacity(values),
        };
        for t in &e.trees {
            let mark = (
                tables.leaves.len(),
                tables.steps.len(),
                tables.slots.len(),
                tables.values.len(),
            );
            let fits = t.depth > 0
                && t.depth <= 12
                && tables.tree(e, t.root as usize, t.len as usize, limit);
            if fits {
                tables
                    .trees
                    .push(Some((mark.0 as u32, tables.leaves.len() as u32)));
            } else {
                tables.leaves.truncate(mark.0);
                tables.steps.truncate(mark.1);
                tables.slots.truncate(mark.2);
                tables.values.truncate(mark.3);
                tables.trees.push(None);
            }
        }
        tables
    }

    /// Whether tree `t` is tabulated (else the caller runs Algorithm 2).
    pub(super) fn has(&self, t: usize) -> bool {
        self.trees[t].is_some()
    }

    /// Tabulates one tree; false when it would exceed `limit` values.
    fn tree(&mut self, e: &Ensemble, root: usize, len: usize, limit: usize) -> bool {
        let start = self.values.len();
        // Parents (children follow their parent in the node array).
        let mut parent = vec![usize::MAX; len];
        for i in root..root + len {
            if !e.is_leaf(i) {
                let l = e.nodes[i].left();
                parent[l - root] = i;
                parent[l + 1 - root] = i;
            }
        }
        let (mut path, mut z, mut others, mut prod) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for node in (root..root + len).filter(|&i| e.is_leaf(i)) {
            path.clear();
            let mut c = node;
            while c != root {
                let p = parent[c - root];
                path.push((p, c == e.nodes[p].left()));
                c = p;
            }
            path.reverse();
            let first_slot = self.slots.len();
            let first_step = self.steps.len();
            for &(n, left) in &path {
                let f = e.nodes[n].feature() as u32;
                let child = e.nodes[n].left() + usize::from(!left);
                let ratio = if e.covers[n] > 0.0 {
                    e.covers[child] / e.covers[n]
                } else {
                    0.0
                };
                let slot = match self.slots[first_slot..].iter().position(|s| s.0 == f) {
                    Some(s) => s,
                    None => {
                        self.slots.push((f, 1.0));
                        self.slots.len() - first_slot - 1
                    }
                };
                self.slots[first_slot + slot].1 *= ratio;
                self.steps.push((n as u32, left, slot as u8));
            }
            let k = self.slots.len() - first_slot;
            if self.values.len() - start + (k << (k - 1)) > limit {
                return false;
            }
            self.leaves.push(Leaf {
                steps: (first_step as u32, self.steps.len() as u32),
                slots: (first_slot as u32, self.slots.len() as u32),
                values: self.values.len() as u32,
            });
            z.clear();
            z.extend(self.slots[first_slot..].iter().map(|s| s.1));
            let (v, m) = (e.values[node], k - 1);
            let w: [f64; 13] = std::array::from_fn(|s| if s < k { weight(s, k) } else { 0.0 });
            prod.resize(1 << m, 1.0);
            for i in 0..k {
                others.clear();
                others.extend((0..k).filter(|&j| j != i).map(|j| z[j]));
                // prod[mask] = Π z over the others in `mask`.
                for mask in 1..1usize << m {
                    let low = mask.trailing_zeros() as usize;
                    prod[mask] = prod[mask & (mask - 1)] * others[low];
                }
                let full = (1 << m) - 1;
                for a in 0..1usize << m {
                    // Σ over S ⊆ a of w(|S|, k) · Π_{j ∉ S} z_j (j over F∖{i}).
                    let (mut sum, mut s) = (0.0, a);
                    loop {
                        sum += w[s.count_ones() as usize] * prod[full ^ s];
                        if s == 0 {
                            break;
                        }
                        s = (s - 1) & a;
                    }
                    self.values.push(v * sum);
                }
            }
        }
        true
    }

    /// Adds tree `t`'s contributions for one expanded row (`x4`, four
    /// copies per feature as inference uses) to `phi`; `dirs` is scratch.
    pub(super) fn add(
        &self,
        e: &Ensemble,
        t: usize,
        x4: &[f64],
        phi: &mut [f64],
        dirs: &mut Vec<bool>,
    ) {
        let Some((first, last)) = self.trees[t] else {
            return;
        };
        let meta = e.trees[t];
        let root = meta.root as usize;
        dirs.clear();
        dirs.extend(
            e.nodes[root..root + meta.len as usize]
                .iter()
                .enumerate()
                .map(|(j, n)| {
                    if n.is_categorical() {
                        e.decide(root + j, x4[n.slot()])
                    } else {
                        x4[n.slot()] <= n.threshold
                    }
                }),
        );
        for leaf in &self.leaves[first as usize..last as usize] {
            let slots = &self.slots[leaf.slots.0 as usize..leaf.slots.1 as usize];
            let k = slots.len();
            let mut a = (1usize << k) - 1;
            for &(n, left, slot) in &self.steps[leaf.steps.0 as usize..leaf.steps.1 as usize] {
                // Branch-free: the outcome is a coin flip to the predictor.
                let off_path = usize::from(dirs[n as usize - root] ^ left);
                a &= !(off_path << slot);
            }
            let values = &self.values[leaf.values as usize..];
            let block = 1 << (k - 1);
            for (i, &(f, z)) in slots.iter().enumerate() {
                let o = ((a >> i) & 1) as f64;
                phi[f as usize] += (o - z) * values[i * block + without(a, i)];
            }
        }
    }
}
