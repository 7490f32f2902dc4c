//! From plain trees (children by index, any order) to the flat, checked
//! [`Ensemble`]. Importers and f1core's own trainers all come through here,
//! so every model gets the same checks. The walk is iterative and visits
//! each node at most once: a cycle, a shared child or an absurd depth is an
//! error, never a hang or a stack overflow.

use super::ensemble::{
    CAT_MISSING_LEFT, CAT_NEGATIVE_INVALID, CATEGORICAL, DEFAULT_LEFT, Ensemble, EnsembleParams,
    LANES, MAX_FEATURES, NODE_BYTES, Node, Precision, TreeMeta, ZERO_MISSING,
};
use crate::{Error, Result};
use serde::{Deserialize, Serialize};

/// Deepest tree accepted. XGBoost's default is 6 and LightGBM's 31 leaves
/// reach at most 30; 256 leaves room for unusual models while bounding
/// TreeSHAP's path buffers and recursion.
pub const MAX_DEPTH: usize = 256;

/// Most features and output groups a model file may declare: beyond them
/// a corrupt count would make the importer allocate without end.
pub const MAX_MODEL_FEATURES: usize = 1 << 20;
pub const MAX_GROUPS: usize = 1 << 16;

/// Rejects absurd feature or group counts before anything is sized by them.
pub(crate) fn check_shape(format: &'static str, features: usize, groups: usize) -> Result<()> {
    if features == 0 || features > MAX_MODEL_FEATURES {
        let msg = format!("{features} features (need 1 to {MAX_MODEL_FEATURES})");
        return Err(bad(format, "features", msg));
    }
    if groups == 0 || groups > MAX_GROUPS {
        let msg = format!("{groups} output groups (need 1 to {MAX_GROUPS})");
        return Err(bad(format, "groups", msg));
    }
    Ok(())
}

/// One node of a [`Tree`]; children are indices into the tree's `nodes`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum TreeNode {
    /// A present `x` goes `left` when `x <= threshold`, else `right`; a
    /// missing one (NaN, or |x| ≤ 1e-35 with `zero_is_missing`) goes left
    /// exactly when `default_left`.
    Split {
        feature: usize,
        threshold: f64,
        left: usize,
        right: usize,
        default_left: bool,
        #[serde(default)]
        zero_is_missing: bool,
        /// Training rows (or hessian sum) that reached the node: TreeSHAP's weights.
        cover: f64,
    },
    /// A value whose whole part (truncated toward zero) is in
    /// `left_categories` goes `left`; other categories, values ≤ -1 (or
    /// any negative with `negatives_invalid`, XGBoost's rule) and ≥ 2^31 go
    /// `right`; NaN goes left exactly when `missing_left`.
    Categorical {
        feature: usize,
        left_categories: Vec<u32>,
        left: usize,
        right: usize,
        #[serde(default)]
        missing_left: bool,
        #[serde(default)]
        negatives_invalid: bool,
        cover: f64,
    },
    Leaf {
        value: f64,
        cover: f64,
    },
}

/// Largest category id a categorical split may name (bounds its bitset).
pub const MAX_CATEGORY: u32 = 1 << 20;

impl TreeNode {
    fn children(&self) -> Option<(usize, usize)> {
        match *self {
            TreeNode::Split { left, right, .. } | TreeNode::Categorical { left, right, .. } => {
                Some((left, right))
            }
            TreeNode::Leaf { .. } => None,
        }
    }
}

/// One tree: `nodes[0]` is the root. `group` is the output (class) it adds to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tree {
    pub nodes: Vec<TreeNode>,
    #[serde(default)]
    pub group: usize,
}

impl Ensemble {
    /// Checks and flattens trees into an ensemble (f1core's own models).
    pub fn new(trees: Vec<Tree>, params: EnsembleParams) -> Result<Ensemble> {
        build(&trees, params, "tree")
    }
}

impl Ensemble {
    /// The trees back in plain form (breadth-first, root first), e.g. to
    /// save an ensemble as JSON with [`Ensemble::params`]:
    /// `Ensemble::new(e.trees(), e.params().clone())` rebuilds it exactly.
    /// Imported XGBoost splits appear in the `x <= threshold` rule.
    pub fn trees(&self) -> Vec<Tree> {
        self.trees
            .iter()
            .map(|t| {
                let root = t.root as usize;
                let nodes = (root..root + t.len as usize)
                    .map(|i| {
                        let (n, cover) = (self.nodes[i], self.covers[i]);
                        if self.is_leaf(i) {
                            return TreeNode::Leaf {
                                value: self.values[i],
                                cover,
                            };
                        }
                        if n.is_categorical() {
                            let at = n.threshold as usize;
                            let words = &self.cats[at + 1..at + 1 + self.cats[at] as usize];
                            let left_categories = (0..words.len() as u32 * 32)
                                .filter(|&c| words[c as usize / 32] & (1 << (c % 32)) != 0)
                                .collect();
                            return TreeNode::Categorical {
                                feature: n.feature(),
                                left_categories,
                                left: n.left() - root,
                                right: n.left() + 1 - root,
                                missing_left: n.meta & CAT_MISSING_LEFT != 0,
                                negatives_invalid: n.meta & CAT_NEGATIVE_INVALID != 0,
                                cover,
                            };
                        }
                        TreeNode::Split {
                            feature: n.feature(),
                            threshold: n.threshold,
                            left: n.left() - root,
                            right: n.left() + 1 - root,
                            default_left: n.meta & DEFAULT_LEFT != 0,
                            zero_is_missing: n.meta & ZERO_MISSING != 0,
                            cover,
                        }
                    })
                    .collect();
                Tree {
                    nodes,
                    group: t.group as usize,
                }
            })
            .collect()
    }
}

/// A model-file error of `format` at `location` (the importers' one way
/// of saying what is wrong where).
pub(super) fn bad(
    format: &'static str,
    location: impl Into<String>,
    message: impl Into<String>,
) -> Error {
    Error::Model {
        format,
        location: location.into(),
        message: message.into(),
    }
}

/// A part of a `format` model file f1core does not implement.
pub(super) fn unsupported(format: &'static str, what: impl Into<String>) -> Error {
    Error::UnsupportedModel {
        format,
        what: what.into(),
    }
}

/// Builds the ensemble; `format` names the source in errors.
pub(crate) fn build(
    trees: &[Tree],
    mut params: EnsembleParams,
    format: &'static str,
) -> Result<Ensemble> {
    let nf = params.feature_names.len();
    let groups = params.num_groups;
    check_shape(format, nf, groups)?;
    const { assert!(MAX_MODEL_FEATURES < MAX_FEATURES) };
    if params.base_margin.len() != groups {
        return Err(bad(
            format,
            "base_margin",
            format!(
                "{} values for {groups} output groups",
                params.base_margin.len()
            ),
        ));
    }
    if let Some(b) = params.base_margin.iter().find(|b| !b.is_finite()) {
        return Err(bad(format, "base_margin", format!("{b} is not finite")));
    }
    let f32_mode = params.precision == Precision::F32;
    if f32_mode {
        params
            .base_margin
            .iter_mut()
            .for_each(|b| *b = *b as f32 as f64);
    }
    let total: usize = trees.iter().map(|t| t.nodes.len()).sum();
    if total + 2 >= u32::MAX as usize / NODE_BYTES {
        return Err(bad(format, "trees", format!("{total} nodes is too many")));
    }
    let mut e = Ensemble {
        nodes: Vec::with_capacity(total),
        values: Vec::with_capacity(total),
        covers: Vec::with_capacity(total),
        trees: Vec::with_capacity(trees.len()),
        params,
        zero_missing: false,
        cats: Vec::new(),
        compiled: None,
    };
    for (t, tree) in trees.iter().enumerate() {
        if tree.group >= groups {
            let msg = format!("group {} but the model has {groups}", tree.group);
            return Err(bad(format, format!("tree {t}"), msg));
        }
        flatten(&mut e, t, tree, nf, f32_mode, format)?;
    }
    // Two sentinels close the array so that `left + 1` of any node, even
    // of a leaf, is an index: the inference loop relies on it.
    let end = (e.nodes.len() * NODE_BYTES) as u32;
    for _ in 0..2 {
        e.nodes.push(Node {
            threshold: f64::INFINITY,
            at_left: end,
            meta: DEFAULT_LEFT,
        });
        e.values.push(0.0);
        e.covers.push(0.0);
    }
    e.compiled = super::compiled::compile(&e);
    Ok(e)
}

/// Appends one tree in breadth-first order, so each split's children get
/// adjacent slots; unreachable nodes (XGBoost's deleted ones) are dropped.
fn flatten(
    e: &mut Ensemble,
    t: usize,
    tree: &Tree,
    nf: usize,
    f32_mode: bool,
    format: &'static str,
) -> Result<()> {
    let n = tree.nodes.len();
    if n == 0 {
        return Err(bad(format, format!("tree {t}"), "has no nodes"));
    }
    let at = |i: usize| format!("tree {t} node {i}");
    let root = e.nodes.len();
    // order[k] = original index of the node placed at root + k.
    let mut order: Vec<usize> = vec![0];
    let mut depth: Vec<u32> = vec![0];
    let mut slot = vec![usize::MAX; n];
    slot[0] = 0;
    let mut head = 0;
    while head < order.len() {
        let i = order[head];
        if let Some((left, right)) = tree.nodes[i].children() {
            let d = depth[head] + 1;
            if d as usize > MAX_DEPTH {
                return Err(bad(format, at(i), format!("tree deeper than {MAX_DEPTH}")));
            }
            for c in [left, right] {
                if c >= n {
                    return Err(bad(format, at(i), format!("child {c} out of range 0..{n}")));
                }
                if slot[c] != usize::MAX {
                    let msg = format!("child {c} is reached twice (a cycle or a shared node)");
                    return Err(bad(format, at(i), msg));
                }
                slot[c] = order.len();
                order.push(c);
                depth.push(d);
            }
        }
        head += 1;
    }
    let mut max_depth = 0;
    for (k, &i) in order.iter().enumerate() {
        let here = (root + k) as u32;
        let (node, value, cover) = match tree.nodes[i] {
            TreeNode::Leaf { value, cover } => {
                if !value.is_finite() {
                    return Err(bad(
                        format,
                        at(i),
                        format!("leaf value {value} is not finite"),
                    ));
                }
                let value = if f32_mode { value as f32 as f64 } else { value };
                let leaf = Node {
                    threshold: f64::INFINITY,
                    at_left: here * NODE_BYTES as u32,
                    meta: DEFAULT_LEFT,
                };
                (leaf, value, cover)
            }
            TreeNode::Categorical {
                feature,
                ref left_categories,
                left,
                missing_left,
                negatives_invalid,
                cover,
                ..
            } => {
                if feature >= nf {
                    let msg = format!("feature {feature} out of range 0..{nf}");
                    return Err(bad(format, at(i), msg));
                }
                if let Some(c) = left_categories.iter().find(|&&c| c > MAX_CATEGORY) {
                    let msg = format!("category {c} above {MAX_CATEGORY}");
                    return Err(bad(format, at(i), msg));
                }
                max_depth = max_depth.max(depth[k]);
                let words = left_categories
                    .iter()
                    .max()
                    .map_or(0, |&m| m as usize / 32 + 1);
                let offset = e.cats.len();
                e.cats.push(words as u32);
                e.cats.resize(offset + 1 + words, 0);
                for &c in left_categories {
                    e.cats[offset + 1 + c as usize / 32] |= 1 << (c % 32);
                }
                let mut meta = ((feature as u32) << 2 << LANES.trailing_zeros()) | CATEGORICAL;
                if missing_left {
                    meta |= CAT_MISSING_LEFT;
                }
                if negatives_invalid {
                    meta |= CAT_NEGATIVE_INVALID;
                }
                let at_left = ((root + slot[left]) * NODE_BYTES) as u32;
                let node = Node {
                    threshold: offset as f64,
                    at_left,
                    meta,
                };
                (node, 0.0, cover)
            }
            TreeNode::Split {
                feature,
                threshold,
                left,
                default_left,
                zero_is_missing,
                cover,
                ..
            } => {
                if feature >= nf {
                    let msg = format!("feature {feature} out of range 0..{nf}");
                    return Err(bad(format, at(i), msg));
                }
                if threshold.is_nan() {
                    return Err(bad(format, at(i), "threshold is NaN"));
                }
                max_depth = max_depth.max(depth[k]);
                let mut meta = (feature as u32) << 2 << LANES.trailing_zeros();
                if default_left {
                    meta |= DEFAULT_LEFT;
                }
                if zero_is_missing {
                    meta |= ZERO_MISSING;
                    e.zero_missing = true;
                }
                let at_left = ((root + slot[left]) * NODE_BYTES) as u32;
                (
                    Node {
                        threshold,
                        at_left,
                        meta,
                    },
                    0.0,
                    cover,
                )
            }
        };
        if !(cover.is_finite() && cover >= 0.0) {
            return Err(bad(
                format,
                at(i),
                format!("cover {cover} is not a finite count ≥ 0"),
            ));
        }
        e.nodes.push(node);
        e.values.push(value);
        e.covers.push(cover);
    }
    e.trees.push(TreeMeta {
        root: root as u32,
        len: order.len() as u32,
        depth: if order.len() > 1 { max_depth + 1 } else { 0 },
        group: tree.group as u32,
    });
    Ok(())
}
