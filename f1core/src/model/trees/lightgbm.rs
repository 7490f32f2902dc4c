//! LightGBM text models (`Booster.save_model`, format `version=v4`).
//!
//! Splits are `x <= threshold` in float64. `decision_type` bits: 1 =
//! categorical, 2 = default left, bits 2–3 = missing type
//! (0 None: NaN is read as 0.0; 1 Zero: NaN and |x| ≤ 1e-35 are missing;
//! 2 NaN: NaN is missing). A categorical split sends a value left when its
//! whole part is in the split's bitset (`cat_boundaries`, `cat_threshold`);
//! NaN, negatives and other categories go right. Covers are the row counts
//! (`internal_count`, `leaf_count`), as LightGBM's own `pred_contrib` uses.

use super::build::{Tree, TreeNode, build, check_shape};
use super::ensemble::{Ensemble, EnsembleParams, Precision, Transform};
use crate::{Error, Result};
use std::collections::HashMap;

const FORMAT: &str = "lightgbm";

fn bad(location: impl Into<String>, message: impl Into<String>) -> Error {
    super::build::bad(FORMAT, location, message)
}

fn unsupported(what: impl Into<String>) -> Error {
    super::build::unsupported(FORMAT, what)
}

/// `key=value` lines of one section; a bare line (`average_output`) maps to "".
fn section<'a>(lines: &[&'a str]) -> HashMap<&'a str, &'a str> {
    lines
        .iter()
        .map(|l| l.split_once('=').unwrap_or((l, "")))
        .collect()
}

fn number<T: std::str::FromStr>(location: &str, text: &str) -> Result<T> {
    text.trim()
        .parse()
        .map_err(|_| bad(location, format!("cannot read {text:?} as a number")))
}

/// A space-separated array that must hold `len` values.
fn array<T: std::str::FromStr>(
    tree: &HashMap<&str, &str>,
    at: &str,
    key: &str,
    len: usize,
) -> Result<Vec<T>> {
    let loc = format!("{at}: {key}");
    let text = tree.get(key).ok_or_else(|| bad(&loc, "missing"))?;
    let values = text
        .split_whitespace()
        .map(|v| number(&loc, v))
        .collect::<Result<Vec<T>>>()?;
    if values.len() != len {
        return Err(bad(
            &loc,
            format!("{} values, expected {len}", values.len()),
        ));
    }
    Ok(values)
}

/// The objective line, e.g. `binary sigmoid:1` or `multiclass num_class:3`.
fn transform(objective: &str) -> Result<Transform> {
    let mut parts = objective.split_whitespace();
    let name = parts.next().unwrap_or("");
    let mut sigmoid = 1.0;
    for p in parts {
        match p.split_once(':') {
            Some(("sigmoid", v)) => sigmoid = number("objective", v)?,
            None if p == "sqrt" => return Err(unsupported("regression with `sqrt`")),
            _ => {}
        }
    }
    Ok(match name {
        "binary" | "multiclassova" | "cross_entropy" | "xentropy" => {
            Transform::Sigmoid { scale: sigmoid }
        }
        "multiclass" | "softmax" => Transform::Softmax,
        "poisson" | "gamma" | "tweedie" => Transform::Exp,
        "" | "regression" | "regression_l2" | "regression_l1" | "huber" | "fair" | "quantile"
        | "mape" | "lambdarank" | "rank_xendcg" | "custom" => Transform::Identity,
        other => return Err(unsupported(format!("objective {other:?}"))),
    })
}

impl Ensemble {
    /// Imports a model saved by LightGBM (`save_model` / `model_to_string`).
    pub fn from_lightgbm_text(text: &str) -> Result<Ensemble> {
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        let end = lines
            .iter()
            .position(|l| *l == "end of trees")
            .ok_or_else(|| bad("file", "no `end of trees` line (truncated?)"))?;
        let first_tree = lines[..end]
            .iter()
            .position(|l| l.starts_with("Tree="))
            .unwrap_or(end);
        let header = section(&lines[..first_tree]);
        if lines.first() != Some(&"tree") {
            return Err(bad("line 1", "expected `tree`"));
        }
        if header.contains_key("average_output") {
            return Err(unsupported("average_output (boosting=rf)"));
        }
        // Read as u64 so an absurd count gets the same "too many" error on
        // 32-bit wasm as on 64-bit hosts, not a parse error.
        let nf = number::<u64>(
            "max_feature_idx",
            header.get("max_feature_idx").unwrap_or(&""),
        )?
        .saturating_add(1);
        let nf = usize::try_from(nf).unwrap_or(usize::MAX);
        let groups: u64 = number(
            "num_tree_per_iteration",
            header.get("num_tree_per_iteration").unwrap_or(&"1"),
        )?;
        let groups = usize::try_from(groups).unwrap_or(usize::MAX);
        check_shape(FORMAT, nf, groups)?;
        let objective = header.get("objective").copied().unwrap_or("").to_string();
        let feature_names: Vec<String> = match header.get("feature_names") {
            Some(names) => names.split_whitespace().map(String::from).collect(),
            None => (0..nf).map(|i| format!("Column_{i}")).collect(),
        };
        if feature_names.len() != nf {
            let msg = format!(
                "{} names for max_feature_idx + 1 = {nf}",
                feature_names.len()
            );
            return Err(bad("feature_names", msg));
        }
        // Tree blocks: from each `Tree=` line to the next blank line.
        let mut trees = Vec::new();
        let mut i = first_tree;
        while i < end {
            if lines[i].is_empty() {
                i += 1;
                continue;
            }
            let stop = (i..end).find(|&j| lines[j].is_empty()).unwrap_or(end);
            let block = section(&lines[i..stop]);
            let at = format!("tree {}", trees.len());
            if !block.contains_key("Tree") {
                return Err(bad(&at, format!("expected `Tree=`, found {:?}", lines[i])));
            }
            trees.push(tree(&block, &at, trees.len() % groups)?);
            i = stop;
        }
        if let Some(sizes) = header.get("tree_sizes") {
            let declared = sizes.split_whitespace().count();
            if declared != trees.len() {
                let msg = format!("{declared} trees declared, {} found", trees.len());
                return Err(bad("tree_sizes", msg));
            }
        }
        let params = EnsembleParams {
            feature_names,
            num_groups: groups,
            base_margin: vec![0.0; groups],
            transform: transform(&objective)?,
            precision: Precision::F64,
            objective,
        };
        build(&trees, params, FORMAT)
    }
}

/// A tree's category sets: `cat_boundaries` (num_cat + 1 offsets) cut
/// `cat_threshold` (32-bit words) into one bitset per categorical split.
fn categories(b: &HashMap<&str, &str>, at: &str) -> Result<Vec<Vec<u32>>> {
    let n: usize = number(&format!("{at}: num_cat"), b.get("num_cat").unwrap_or(&"0"))?;
    if n == 0 {
        return Ok(Vec::new());
    }
    let text = b.get("cat_boundaries").copied().unwrap_or("");
    let bounds: Vec<usize> = array(b, at, "cat_boundaries", n.min(text.len()) + 1)?;
    let words: Vec<u32> = array(b, at, "cat_threshold", bounds[n])?;
    (0..n)
        .map(|k| {
            let (from, to) = (bounds[k], bounds[k + 1]);
            if from > to || (k == 0 && from != 0) {
                let msg = format!("offsets {from}..{to} of set {k} are not increasing from 0");
                return Err(bad(format!("{at}: cat_boundaries"), msg));
            }
            let set = words[from..to].iter().enumerate();
            Ok(set
                .flat_map(|(w, &bits)| {
                    (0..32)
                        .filter(move |j| bits & (1 << j) != 0)
                        .map(move |j| (w * 32 + j) as u32)
                })
                .collect())
        })
        .collect()
}

/// One `Tree=` block. Internal nodes keep their index; leaf `j` (child
/// `-(j + 1)` in LightGBM) becomes node `num_leaves - 1 + j`.
fn tree(b: &HashMap<&str, &str>, at: &str, group: usize) -> Result<Tree> {
    let leaves: usize = number(
        &format!("{at}: num_leaves"),
        b.get("num_leaves").unwrap_or(&""),
    )?;
    if leaves == 0 {
        return Err(bad(format!("{at}: num_leaves"), "0"));
    }
    if b.get("is_linear").is_some_and(|c| c.trim() != "0") {
        return Err(unsupported(format!("{at}: linear trees")));
    }
    let splits = leaves - 1;
    let leaf_value: Vec<f64> = array(b, at, "leaf_value", leaves)?;
    let leaf_count: Vec<f64> = array(b, at, "leaf_count", leaves)?;
    let mut nodes = Vec::with_capacity(splits + leaves);
    if splits > 0 {
        let feature: Vec<usize> = array(b, at, "split_feature", splits)?;
        let threshold: Vec<f64> = array(b, at, "threshold", splits)?;
        let decision: Vec<u8> = array(b, at, "decision_type", splits)?;
        let left: Vec<i64> = array(b, at, "left_child", splits)?;
        let right: Vec<i64> = array(b, at, "right_child", splits)?;
        let count: Vec<f64> = array(b, at, "internal_count", splits)?;
        let cats = categories(b, at)?;
        let child = |i: usize, c: i64| -> Result<usize> {
            let idx = if c >= 0 {
                usize::try_from(c).ok().filter(|&c| c < splits)
            } else {
                usize::try_from(-(c + 1))
                    .ok()
                    .filter(|&j| j < leaves)
                    .map(|j| splits + j)
            };
            idx.ok_or_else(|| bad(format!("{at} node {i}"), format!("child {c} out of range")))
        };
        for i in 0..splits {
            let d = decision[i];
            if d & 1 != 0 {
                // Categorical: `threshold` indexes the tree's bitsets.
                let t = threshold[i];
                let set = cats
                    .get(t as usize)
                    .filter(|_| t >= 0.0 && t.fract() == 0.0)
                    .ok_or_else(|| {
                        let msg = format!("category set {t} out of range 0..{}", cats.len());
                        bad(format!("{at} node {i}"), msg)
                    })?;
                nodes.push(TreeNode::Categorical {
                    feature: feature[i],
                    left_categories: set.clone(),
                    left: child(i, left[i])?,
                    right: child(i, right[i])?,
                    missing_left: false,
                    negatives_invalid: false,
                    cover: count[i],
                });
                continue;
            }
            let (default_left, zero_is_missing) = match (d >> 2) & 3 {
                // None: NaN is compared as 0.0.
                0 => (0.0 <= threshold[i], false),
                1 => (d & 2 != 0, true),
                2 => (d & 2 != 0, false),
                m => return Err(bad(format!("{at} node {i}"), format!("missing type {m}"))),
            };
            nodes.push(TreeNode::Split {
                feature: feature[i],
                threshold: threshold[i],
                left: child(i, left[i])?,
                right: child(i, right[i])?,
                default_left,
                zero_is_missing,
                cover: count[i],
            });
        }
    }
    nodes.extend(
        leaf_value
            .into_iter()
            .zip(leaf_count)
            .map(|(value, cover)| TreeNode::Leaf { value, cover }),
    );
    // A one-leaf tree has its leaf as root; otherwise node 0 is the root split.
    Ok(Tree { nodes, group })
}
