//! The flat ensemble: every tree's nodes in one array, children of a split
//! side by side (right = left + 1) so that a step down is one compare and one
//! add, and leaves looping onto themselves so that every row of a block can
//! take the same number of steps without a branch on "is this a leaf?".

use serde::{Deserialize, Serialize};

/// How the margin (sum of leaves plus base) becomes a prediction.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Transform {
    /// Regression and ranking: the margin itself.
    Identity,
    /// Binary classification: `1 / (1 + exp(-scale * margin))` per group
    /// (LightGBM's `sigmoid:` parameter is the scale; XGBoost's is 1).
    Sigmoid { scale: f64 },
    /// Multiclass: softmax over the groups of a row.
    Softmax,
    /// Count/positive targets (Poisson, gamma, Tweedie): `exp(margin)`.
    Exp,
}

/// The arithmetic the original library predicts with, kept so that imported
/// models give its numbers to the last bit that matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// XGBoost: feature values rounded to float32 before each split (its
    /// `x < t` then equals `x <= next_below(t)`, the rule stored here), and
    /// leaves summed in float32 onto the base margin, tree by tree.
    F32,
    /// LightGBM and f1core's own models: float64 throughout.
    F64,
}

/// What a model needs besides its trees.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnsembleParams {
    /// One name per input column; rows must have exactly this many values.
    pub feature_names: Vec<String>,
    /// Outputs per row: 1, or the number of classes.
    pub num_groups: usize,
    /// Margin each group starts from (already in margin space), one value
    /// per group.
    pub base_margin: Vec<f64>,
    pub transform: Transform,
    pub precision: Precision,
    /// Objective as the original library names it, for display.
    pub objective: String,
}

/// One step of a tree. Splits and leaves share the layout: a leaf has
/// threshold +∞, default-left and `left` = itself, so it keeps a row in place.
#[derive(Debug, Clone, Copy, PartialEq)]
#[repr(C)]
pub(crate) struct Node {
    pub threshold: f64,
    /// Byte offset (index × [`NODE_BYTES`]) of the left child in the node
    /// array; the right child follows it. Offsets spare the inference loop
    /// a shift per step.
    pub at_left: u32,
    /// `(feature << 2 | missing flags) × LANES`. `feature << 2 | flags` is
    /// the node's slot in a row expanded to four copies per feature (see
    /// [`expand_value`]); inference interleaves [`LANES`] rows slot by slot,
    /// so `meta + lane` is the value to compare: one load, one compare.
    pub meta: u32,
}

pub(crate) const NODE_BYTES: usize = std::mem::size_of::<Node>();

/// Rows walked together by inference (and interleaved in its buffers).
pub(crate) const LANES: usize = 8;
const LANE_SHIFT: u32 = LANES.trailing_zeros();
/// Features above this do not fit `meta`.
pub(crate) const MAX_FEATURES: usize = 1 << (30 - LANE_SHIFT);
pub(crate) const DEFAULT_LEFT: u32 = 1 << LANE_SHIFT;
/// LightGBM's missing type "Zero": |x| ≤ 1e-35 (and NaN) is missing.
pub(crate) const ZERO_MISSING: u32 = 2 << LANE_SHIFT;
/// Categorical splits reuse the two flag bits: NaN goes left ...
pub(crate) const CAT_MISSING_LEFT: u32 = DEFAULT_LEFT;
/// ... and every negative value is "no category" (XGBoost), where LightGBM
/// truncates first, so that (-1, 0) is category 0.
pub(crate) const CAT_NEGATIVE_INVALID: u32 = ZERO_MISSING;

/// Whether `x` goes left at the categorical split with flags `meta` whose
/// bitset is at `offset` in `cats`: its whole part is in the set.
#[inline]
pub(crate) fn in_category_set(cats: &[u32], offset: f64, x: f64, meta: u32) -> bool {
    if x.is_nan() {
        return meta & CAT_MISSING_LEFT != 0;
    }
    let lowest = if meta & CAT_NEGATIVE_INVALID != 0 {
        0.0
    } else {
        -1.0
    };
    // Out of the int range: C's cast gives a negative (LightGBM), XGBoost
    // calls it invalid; both go right.
    let valid = (x > lowest || x == 0.0) && x < 2_147_483_648.0;
    if !valid {
        return false;
    }
    let (c, at) = (x as u32 as usize, offset as usize);
    let words = cats[at] as usize;
    c / 32 < words && cats[at + 1 + c / 32] & (1 << (c % 32)) != 0
}

/// A categorical split: `threshold` is the offset in `Ensemble::cats` of
/// its bitset (word count first, then the words); its slot is the raw copy.
pub(crate) const CATEGORICAL: u32 = 1 << 31;
/// LightGBM's `kZeroThreshold` (1e-35f widened to double).
pub(crate) const ZERO_THRESHOLD: f64 = 1e-35f32 as f64;

/// The four copies of a feature value, indexed by a node's flag bits, such
/// that `copy <= threshold` alone routes it: a missing value becomes NaN
/// (fails every `<=`: right) or -∞ (passes every `<=`: left).
#[inline]
pub(crate) fn expand_value(x: f64) -> [f64; 4] {
    let zero = x.is_nan() || (-ZERO_THRESHOLD..=ZERO_THRESHOLD).contains(&x);
    let nan_left = if x.is_nan() { f64::NEG_INFINITY } else { x };
    let (zr, zl) = if zero {
        (f64::NAN, f64::NEG_INFINITY)
    } else {
        (x, x)
    };
    [x, nan_left, zr, zl]
}

impl Node {
    /// Index of the left child (the right one is +1).
    #[inline(always)]
    pub fn left(self) -> usize {
        self.at_left as usize / NODE_BYTES
    }

    #[inline(always)]
    pub fn feature(self) -> usize {
        ((self.meta & !CATEGORICAL) >> (2 + LANE_SHIFT)) as usize
    }

    /// Index of the node's copy in one expanded row (`4 × feature + flags`;
    /// the raw copy for a categorical split).
    #[inline(always)]
    pub fn slot(self) -> usize {
        (self.slot_meta() >> LANE_SHIFT) as usize
    }

    /// `meta` without the bits that do not pick the copy: the value's index
    /// in an interleaved group, less the lane.
    #[inline(always)]
    pub fn slot_meta(self) -> u32 {
        let flags = if self.is_categorical() {
            CATEGORICAL | DEFAULT_LEFT | ZERO_MISSING
        } else {
            0
        };
        self.meta & !flags
    }

    /// Whether a value goes to the left child of a numeric split.
    #[inline(always)]
    pub fn goes_left(self, x: f64) -> bool {
        expand_value(x)[self.slot() & 3] <= self.threshold
    }

    #[inline(always)]
    pub fn is_categorical(self) -> bool {
        self.meta & CATEGORICAL != 0
    }
}

/// Where one tree lives in the node array.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TreeMeta {
    pub root: u32,
    /// Nodes of this tree: `root .. root + len`.
    pub len: u32,
    /// Longest root-to-leaf path (0 for a lone leaf).
    pub depth: u32,
    pub group: u32,
}

/// A validated tree ensemble. Build one with [`Ensemble::new`] or an importer.
/// As JSON it is its params and plain trees (`{"params": …, "trees": […]}`),
/// checked again by [`Ensemble::new`] when read back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "SavedEnsemble", try_from = "SavedEnsemble")]
pub struct Ensemble {
    /// Every tree's nodes, then two sentinels. Invariants (set by `build`,
    /// relied on by the unchecked inference loop): each node's `left()` and
    /// `left() + 1` index this array; each `meta` is below 4 × features × LANES.
    pub(crate) nodes: Vec<Node>,
    /// Leaf value per node (0 for splits).
    pub(crate) values: Vec<f64>,
    /// Cover (hessian sum or row count) per node, for TreeSHAP.
    pub(crate) covers: Vec<f64>,
    pub(crate) trees: Vec<TreeMeta>,
    pub(crate) params: EnsembleParams,
    /// Any node with [`ZERO_MISSING`] (LightGBM's missing type Zero).
    pub(crate) zero_missing: bool,
    /// Category bitsets of categorical splits: per split, its word count,
    /// then the words (bit `c` set: category `c` goes left).
    pub(crate) cats: Vec<u32>,
    /// The hot path's layout (see [`super::compiled`]), when the model fits it.
    pub(crate) compiled: Option<super::compiled::Compiled>,
}

/// The serde form of an [`Ensemble`].
#[derive(Serialize, Deserialize)]
struct SavedEnsemble {
    params: EnsembleParams,
    trees: Vec<super::Tree>,
}

impl From<Ensemble> for SavedEnsemble {
    fn from(e: Ensemble) -> Self {
        SavedEnsemble {
            trees: e.trees(),
            params: e.params,
        }
    }
}

impl TryFrom<SavedEnsemble> for Ensemble {
    type Error = crate::Error;
    fn try_from(s: SavedEnsemble) -> crate::Result<Ensemble> {
        Ensemble::new(s.trees, s.params)
    }
}

impl Ensemble {
    pub fn num_features(&self) -> usize {
        self.params.feature_names.len()
    }

    pub fn feature_names(&self) -> &[String] {
        &self.params.feature_names
    }

    pub fn num_groups(&self) -> usize {
        self.params.num_groups
    }

    pub fn num_trees(&self) -> usize {
        self.trees.len()
    }

    pub fn params(&self) -> &EnsembleParams {
        &self.params
    }

    /// Deepest tree's depth.
    pub fn max_depth(&self) -> usize {
        self.trees
            .iter()
            .map(|t| t.depth as usize)
            .max()
            .unwrap_or(0)
    }

    /// Whether row value `x` (float32-rounded for XGBoost) goes left at
    /// split `i`, numeric or categorical (see [`in_category_set`]).
    #[inline]
    pub(crate) fn decide(&self, i: usize, x: f64) -> bool {
        let n = self.nodes[i];
        if !n.is_categorical() {
            return n.goes_left(x);
        }
        in_category_set(&self.cats, n.threshold, x, n.meta)
    }

    /// Whether any split is categorical (then inference takes the general
    /// step; every categorical split has at least its word count in `cats`).
    #[inline]
    pub(crate) fn has_categorical(&self) -> bool {
        !self.cats.is_empty()
    }

    /// Whether node `i` is a leaf (it points at itself).
    #[inline]
    pub(crate) fn is_leaf(&self, i: usize) -> bool {
        self.nodes[i].left() == i
    }

    /// Turns one row's margins (`num_groups` values) into predictions in place.
    pub(crate) fn transform_row(&self, row: &mut [f64]) {
        match self.params.transform {
            Transform::Identity => {}
            Transform::Sigmoid { scale } => {
                for m in row.iter_mut() {
                    *m = 1.0 / (1.0 + (-scale * *m).exp());
                }
            }
            Transform::Exp => row.iter_mut().for_each(|m| *m = m.exp()),
            Transform::Softmax => {
                let max = row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let mut sum = 0.0;
                for m in row.iter_mut() {
                    *m = (*m - max).exp();
                    sum += *m;
                }
                row.iter_mut().for_each(|m| *m /= sum);
            }
        }
    }
}
