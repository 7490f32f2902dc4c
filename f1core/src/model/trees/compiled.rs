//! A compiled layout for the inference hot path, built once per ensemble
//! whose trees are numeric and at most [`MAX_COMPILED_DEPTH`] deep.
//!
//! Every tree is padded to one complete tree of the ensemble's depth `D`
//! (a leaf above depth `D` becomes splits that send every row left, down
//! to copies of its value), stored level by level from 1: node `i`'s
//! children are `2i` and `2i + 1`, so a step is two loads (the node's slot,
//! then the value), an integer compare with the threshold beside the slot
//! and `i = 2i + (x > t)` — no child offset to load and no leaf test — and
//! every tree takes exactly `D` steps. Slot 0 of each tree is unused, so a
//! tree is 2^D splits and 2^D leaves.
//!
//! Values and thresholds are compared as integer order keys (see [`Lane`]).
//! Models that predict in float32 (XGBoost) keep 32-bit keys and float32
//! leaves: half the bytes. The results stay bit-identical to the general
//! walk: rows are float32 already, a float64 threshold `t` becomes the
//! largest float32 `≤ t` (which orders every float32 `x` the same way), and
//! leaves are summed in the same order and type.

use super::ensemble::{Ensemble, LANES, NODE_BYTES, Precision};

/// Deepest ensemble compiled (a padded tree holds 2^D leaves).
pub(crate) const MAX_COMPILED_DEPTH: u32 = 8;

/// The value type of a compiled layout. Row copies and thresholds are
/// compared as order keys: unsigned integers that sort as the floats do
/// (−0 as +0, NaN above +∞), so that a step is an integer compare — on
/// x86 a float load and compare take several cycles more of the chain a
/// row's walk waits on.
pub(crate) trait Lane: Copy + Ord + Default + std::fmt::Debug {
    /// The float type of leaves and sums.
    type Leaf: Copy + Default + std::fmt::Debug + PartialEq + std::ops::AddAssign;
    /// The key of the threshold that orders every value of this type as
    /// `t` does.
    fn threshold(t: f64) -> Self;
    /// The key of a row copy (exact in this type, or NaN/±∞).
    fn value(x: f64) -> Self;
    fn leaf(v: f64) -> Self::Leaf;
    fn leaf_f64(v: Self::Leaf) -> f64;
    /// `2i + (x > t)`: the next position.
    fn twice_plus_right(i: usize, x: Self, t: &Self) -> usize;
}

/// `2i + (x > *t)` in two instructions on x86-64: `cmp [t], x` sets the
/// carry exactly when `*t < x` (unsigned), and `adc i, i` adds it to
/// `2i`. Compilers emit a compare, a set, a zeroing and two adds here, and
/// the walk is bound by instruction throughput (about four per cycle).
#[cfg(target_arch = "x86_64")]
macro_rules! twice_plus_right {
    ($i:expr, $x:expr, $t:expr, $width:literal, $reg:literal) => {{
        let mut i: usize = $i;
        // SAFETY: reads the one key `$t` points to (a live reference) and
        // changes only `i` and the flags.
        unsafe {
            std::arch::asm!(
                concat!("cmp ", $width, " ptr [{t}], {x", $reg, "}"),
                "adc {i}, {i}",
                t = in(reg) $t as *const _,
                x = in(reg) $x,
                i = inout(reg) i,
                options(pure, readonly, nostack),
            );
        }
        i
    }};
}

/// Sign-magnitude bits → an unsigned key in float order.
macro_rules! order_key {
    ($bits:expr, $sign:expr) => {{
        let b = $bits;
        if b & $sign != 0 { !b } else { b | $sign }
    }};
}

impl Lane for u64 {
    type Leaf = f64;
    fn threshold(t: f64) -> u64 {
        Self::value(t)
    }
    fn value(x: f64) -> u64 {
        if x.is_nan() {
            return u64::MAX;
        }
        // `x + 0.0` turns −0 into +0 (they compare equal as floats).
        order_key!((x + 0.0).to_bits(), 1u64 << 63)
    }
    fn leaf(v: f64) -> f64 {
        v
    }
    fn leaf_f64(v: f64) -> f64 {
        v
    }
    #[inline(always)]
    fn twice_plus_right(i: usize, x: u64, t: &u64) -> usize {
        #[cfg(target_arch = "x86_64")]
        return twice_plus_right!(i, x, t, "qword", "");
        #[cfg(not(target_arch = "x86_64"))]
        return 2 * i + usize::from(x > *t);
    }
}

impl Lane for u32 {
    type Leaf = f32;
    /// Rounded toward −∞ first: for float32 `x`, `x <= t` ⇔ `x <= t'`.
    fn threshold(t: f64) -> u32 {
        let f = t as f32;
        let f = if f64::from(f) > t { f.next_down() } else { f };
        Self::value(f64::from(f))
    }
    fn value(x: f64) -> u32 {
        if x.is_nan() {
            return u32::MAX;
        }
        order_key!((x as f32 + 0.0).to_bits(), 1u32 << 31)
    }
    fn leaf(v: f64) -> f32 {
        v as f32
    }
    fn leaf_f64(v: f32) -> f64 {
        f64::from(v)
    }
    #[inline(always)]
    fn twice_plus_right(i: usize, x: u32, t: &u32) -> usize {
        #[cfg(target_arch = "x86_64")]
        return twice_plus_right!(i, x, t, "dword", ":e");
        #[cfg(not(target_arch = "x86_64"))]
        return 2 * i + usize::from(x > *t);
    }
}

/// One split: rows go left when the key of their copy at `slot + lane` is
/// `<= threshold`.
#[derive(Debug, Clone, Copy, PartialEq)]
#[repr(C)]
pub(crate) struct Split<T> {
    pub threshold: T,
    /// The node's `meta`: copy index × [`LANES`].
    pub slot: u32,
}

/// Complete trees of depth `depth`, tree `t`'s splits at `t × 2^depth`
/// (from its slot 1) and its leaves at `t × 2^depth`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Complete<T: Lane> {
    pub depth: u32,
    pub splits: Vec<Split<T>>,
    /// Leaf values (float32 models: float32, as `build` rounded them).
    pub leaves: Vec<T::Leaf>,
    pub groups: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Compiled {
    F32(Complete<u32>),
    F64(Complete<u64>),
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
    let outer = 1usize << depth;
    let mut c = Complete {
        depth,
        splits: Vec::with_capacity(e.trees.len() * outer),
        leaves: Vec::with_capacity(e.trees.len() * outer),
        groups: e.trees.iter().map(|t| t.group).collect(),
    };
    for t in &e.trees {
        let (s0, l0) = (c.splits.len(), c.leaves.len());
        c.splits.resize(s0 + outer, Split::default());
        c.leaves.resize(l0 + outer, T::Leaf::default());
        let (splits, leaves) = (&mut c.splits[s0..], &mut c.leaves[l0..]);
        place(e, t.root as usize, 1, 0, depth, splits, leaves);
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
    leaves: &mut [T::Leaf],
) {
    if level == depth {
        // `build` bounds every tree's depth, so a node this deep is a leaf.
        leaves[p - splits.len()] = T::leaf(e.values[i]);
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
    place(e, left, 2 * p, level + 1, depth, splits, leaves);
    place(e, right, 2 * p + 1, level + 1, depth, splits, leaves);
}

/// One step down from position `i` of a tree whose splits start at
/// `base`, for the copy group `group`, lane `lane`.
#[inline(always)]
fn step<T: Lane>(splits: &[Split<T>], base: usize, i: usize, group: &[T], lane: usize) -> usize {
    debug_assert!(base + i < splits.len());
    // SAFETY: `walk` takes `depth` steps from 1 in a tree of 2^depth
    // splits at `base`, so before each step `i < 2^depth` and
    // `base + i` indexes `splits`; every `slot` is a `meta` that `build`
    // checked (< 4 × features × LANES) or `LANES` (pass-through, features
    // ≥ 1), and `lane < LANES`, so `slot + lane < group.len()` (groups come
    // from `chunks_exact` of that length). Bounds checks would add two
    // compare-and-branch pairs to a five-instruction step.
    unsafe {
        let n = splits.as_ptr().add(base + i);
        let slot = (*n).slot as usize;
        debug_assert!(slot + lane < group.len());
        let x = *group.get_unchecked(slot + lane);
        // NaN (the largest key) goes right; −∞ (the smallest) goes left.
        T::twice_plus_right(i, x, &(*n).threshold)
    }
}

impl<T: Lane> Complete<T> {
    /// Walks `b` expanded rows (groups of [`LANES`] rows in `xs`) through
    /// every tree and hands `add(row, group, leaf value)` each leaf, tree by
    /// tree for each row. Whole groups walk a tree together; rows left over
    /// walk [`LANES`] trees at once.
    pub fn walk(&self, xs: &[T], group_len: usize, b: usize, mut add: impl FnMut(usize, u32, f64)) {
        let d = self.depth as usize;
        let outer = 1usize << d;
        let full = b / LANES;
        let groups: Vec<&[T]> = xs.chunks_exact(group_len).collect();
        let trees = self.groups.len();
        let splits = &self.splits[..];
        assert!(splits.len() == trees * outer && self.leaves.len() == trees * outer);
        for t in 0..trees {
            let tree = &splits[t * outer..(t + 1) * outer];
            let leaves = &self.leaves[t * outer..(t + 1) * outer];
            for (gr, group) in groups[..full].iter().enumerate() {
                let mut idx = [1usize; LANES];
                for _ in 0..d {
                    for (lane, i) in idx.iter_mut().enumerate() {
                        *i = step(tree, 0, *i, group, lane);
                    }
                }
                for (lane, &i) in idx.iter().enumerate() {
                    add(
                        gr * LANES + lane,
                        self.groups[t],
                        T::leaf_f64(leaves[i - outer]),
                    );
                }
            }
        }
        for r in full * LANES..b {
            let (group, lane) = (groups[r / LANES], r % LANES);
            for t0 in (0..trees).step_by(LANES) {
                let k = LANES.min(trees - t0);
                let mut idx = [1usize; LANES];
                for _ in 0..d {
                    for (j, i) in idx[..k].iter_mut().enumerate() {
                        *i = step(splits, (t0 + j) * outer, *i, group, lane);
                    }
                }
                for (j, &i) in idx[..k].iter().enumerate() {
                    let t = t0 + j;
                    add(
                        r,
                        self.groups[t],
                        T::leaf_f64(self.leaves[t * outer + i - outer]),
                    );
                }
            }
        }
    }
}

impl<T: Lane> Complete<T> {
    /// [`Complete::walk`] for a one-output model, summing in registers:
    /// each group of [`LANES`] rows keeps its sums while it walks every
    /// tree (the trees stay in L1 for a 20-row call), so a leaf costs one
    /// load and one add. `out[r] = base + leaves in tree order`, in `T`.
    pub fn margins(&self, xs: &[T], group_len: usize, b: usize, base: f64, out: &mut [f64]) {
        let trees = self.groups.len();
        let outer = 1usize << self.depth;
        assert!(self.splits.len() == trees * outer && self.leaves.len() == trees * outer);
        assert!(out.len() >= b);
        for (gr, group) in xs.chunks_exact(group_len).enumerate() {
            // Whole groups walk 8 lanes at once; the last group's rows in
            // runs of 4, 2 and 1 (the trees' walks overlap in the CPU
            // whatever the run length: a tree is a handful of instructions).
            let (rows, out) = (b - gr * LANES, &mut out[gr * LANES..]);
            let mut lane = 0;
            for run in [8, 4, 2, 1] {
                while rows - lane >= run && lane + run <= LANES {
                    let o = &mut out[lane..lane + run];
                    match run {
                        8 => self.run::<8>(group, lane, base, o),
                        4 => self.run::<4>(group, lane, base, o),
                        2 => self.run::<2>(group, lane, base, o),
                        _ => self.run::<1>(group, lane, base, o),
                    }
                    lane += run;
                }
            }
        }
    }

    /// Sums of lanes `lane0 .. lane0 + N` of one group over every tree.
    #[inline(always)]
    fn run<const N: usize>(&self, group: &[T], lane0: usize, base: f64, out: &mut [f64]) {
        let outer = 1usize << self.depth;
        let mut acc = [T::leaf(base); N];
        for (tree, leaves) in self
            .splits
            .chunks_exact(outer)
            .zip(self.leaves.chunks_exact(outer))
        {
            let mut idx = [1usize; N];
            for _ in 0..self.depth {
                for (k, i) in idx.iter_mut().enumerate() {
                    *i = step(tree, 0, *i, group, lane0 + k);
                }
            }
            for (a, &i) in acc.iter_mut().zip(&idx) {
                // SAFETY: after `depth` steps from 1, `outer ≤ i < 2 × outer`.
                *a += unsafe { *leaves.get_unchecked(i - outer) };
            }
        }
        for (o, a) in out.iter_mut().zip(acc) {
            *o = T::leaf_f64(a);
        }
    }
}

// The general layout's node size, for the docs' comparison.
const _: () = assert!(NODE_BYTES == 16 && std::mem::size_of::<Split<u32>>() == 8);
