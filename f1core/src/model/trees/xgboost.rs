//! XGBoost JSON models (`Booster.save_model("model.json")`, 2.x–3.2).
//!
//! XGBoost compares `x < split_condition` on float32 and sums leaves in
//! float32; both are kept through [`Precision::F32`]. Categorical splits
//! (`split_type` 1) list the categories that go right. Leaf values are the
//! `split_conditions` of leaves (`left_children == -1`), covers are
//! `sum_hessian` (what XGBoost's own TreeSHAP weighs paths with).

use super::build::{Tree, TreeNode, build, check_shape};
use super::ensemble::{Ensemble, EnsembleParams, Precision, Transform};
use crate::{Error, Result};
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;

const FORMAT: &str = "xgboost";

#[derive(Deserialize)]
struct Root {
    learner: Learner,
}

#[derive(Deserialize)]
struct Learner {
    #[serde(default)]
    feature_names: Vec<String>,
    gradient_booster: Booster,
    learner_model_param: ModelParam,
    objective: Objective,
}

#[derive(Deserialize)]
struct Booster {
    name: String,
    model: Option<GbTree>,
}

#[derive(Deserialize)]
struct GbTree {
    tree_info: Vec<i64>,
    trees: Vec<XTree>,
}

#[derive(Deserialize)]
struct ModelParam {
    base_score: String,
    #[serde(default)]
    num_class: Option<String>,
    num_feature: String,
    #[serde(default)]
    num_target: Option<String>,
}

#[derive(Deserialize)]
struct Objective {
    name: String,
}

#[derive(Deserialize)]
struct XTree {
    left_children: Vec<i64>,
    right_children: Vec<i64>,
    split_indices: Vec<i64>,
    split_conditions: Vec<f64>,
    default_left: Vec<Value>,
    sum_hessian: Vec<f64>,
    #[serde(default)]
    split_type: Vec<i64>,
    #[serde(default)]
    categories: Vec<i64>,
    #[serde(default)]
    categories_nodes: Vec<i64>,
    #[serde(default)]
    categories_segments: Vec<i64>,
    #[serde(default)]
    categories_sizes: Vec<i64>,
    tree_param: TreeParam,
}

#[derive(Deserialize)]
struct TreeParam {
    num_nodes: String,
    #[serde(default)]
    size_leaf_vector: Option<String>,
}

fn bad(location: impl Into<String>, message: impl Into<String>) -> Error {
    super::build::bad(FORMAT, location, message)
}

fn unsupported(what: impl Into<String>) -> Error {
    super::build::unsupported(FORMAT, what)
}

/// A count XGBoost stores as a decimal string. Read as u64 and saturated, so
/// an absurd count meets the same bound check on 32-bit wasm as elsewhere.
fn count(field: &str, text: &str) -> Result<usize> {
    let n: u64 = text
        .trim()
        .parse()
        .map_err(|_| bad(field, format!("{text:?} is not a count")))?;
    Ok(usize::try_from(n).unwrap_or(usize::MAX))
}

/// How an objective turns margins into outputs and `base_score` (stored in
/// output space) into a margin.
/// `base_score` (output space) → margin; `None` when out of the domain.
type ToMargin = fn(f32) -> Option<f32>;

fn objective(name: &str) -> Result<(Transform, ToMargin)> {
    fn ident(p: f32) -> Option<f32> {
        Some(p)
    }
    // XGBoost's ProbToMargin for logistic objectives, in float as it does.
    fn logit(p: f32) -> Option<f32> {
        (p > 0.0 && p < 1.0).then(|| -(1.0f32 / p - 1.0).ln())
    }
    fn log(p: f32) -> Option<f32> {
        (p > 0.0).then(|| p.ln())
    }
    let sigmoid = Transform::Sigmoid { scale: 1.0 };
    Ok(match name {
        "binary:logistic" | "reg:logistic" => (sigmoid, logit as ToMargin),
        "binary:logitraw" => (Transform::Identity, logit),
        "reg:squarederror"
        | "reg:squaredlogerror"
        | "reg:pseudohubererror"
        | "reg:absoluteerror"
        | "reg:quantileerror"
        | "rank:pairwise"
        | "rank:ndcg"
        | "rank:map" => (Transform::Identity, ident),
        "multi:softprob" => (Transform::Softmax, ident),
        "count:poisson" | "reg:gamma" | "reg:tweedie" => (Transform::Exp, log),
        other => return Err(unsupported(format!("objective {other:?}"))),
    })
}

/// `base_score` as 2.x writes it (`"5E-1"`) or 3.x (`"[2.6E-1,...]"`).
fn base_scores(text: &str) -> Result<Vec<f64>> {
    let field = "learner_model_param.base_score";
    let t = text.trim();
    let inner = t.strip_prefix('[').and_then(|s| s.strip_suffix(']'));
    inner
        .unwrap_or(t)
        .split(',')
        .map(|v| {
            v.trim()
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| bad(field, format!("cannot read {text:?} as numbers")))
        })
        .collect()
}

impl Ensemble {
    /// Imports a model saved by XGBoost's `save_model` as JSON.
    pub fn from_xgboost_json(json: &str) -> Result<Ensemble> {
        let root: Root = serde_json::from_str(json)?;
        let l = root.learner;
        let booster = &l.gradient_booster.name;
        if booster != "gbtree" {
            return Err(unsupported(format!("booster {booster:?} (only gbtree)")));
        }
        let model = l
            .gradient_booster
            .model
            .ok_or_else(|| bad("learner.gradient_booster", "no `model`"))?;
        let p = &l.learner_model_param;
        let nf = count("learner_model_param.num_feature", &p.num_feature)?;
        let classes = match &p.num_class {
            Some(c) => count("learner_model_param.num_class", c)?,
            None => 0,
        };
        let targets = match &p.num_target {
            Some(c) => count("learner_model_param.num_target", c)?,
            None => 1,
        };
        let groups = classes.max(targets).max(1);
        check_shape(FORMAT, nf, groups)?;
        let (transform, to_margin) = objective(&l.objective.name)?;
        let scores = base_scores(&p.base_score)?;
        if scores.len() != 1 && scores.len() != groups {
            let msg = format!("{} values for {groups} output groups", scores.len());
            return Err(bad("learner_model_param.base_score", msg));
        }
        let base_margin = (0..groups)
            .map(|g| {
                let s = scores[if scores.len() == 1 { 0 } else { g }];
                to_margin(s as f32).map(f64::from).ok_or_else(|| {
                    let msg = format!("{s} is out of range for {}", l.objective.name);
                    bad("learner_model_param.base_score", msg)
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let feature_names = match l.feature_names.len() {
            0 => (0..nf).map(|i| format!("f{i}")).collect(),
            n if n == nf => l.feature_names,
            n => {
                return Err(bad(
                    "learner.feature_names",
                    format!("{n} names for {nf} features"),
                ));
            }
        };
        if model.tree_info.len() != model.trees.len() {
            let msg = format!(
                "{} entries for {} trees",
                model.tree_info.len(),
                model.trees.len()
            );
            return Err(bad("tree_info", msg));
        }
        let trees = model
            .trees
            .iter()
            .zip(&model.tree_info)
            .enumerate()
            .map(|(t, (tree, &group))| {
                let group = usize::try_from(group)
                    .map_err(|_| bad(format!("tree_info[{t}]"), format!("group {group}")))?;
                convert(t, tree, group)
            })
            .collect::<Result<Vec<_>>>()?;
        let params = EnsembleParams {
            feature_names,
            num_groups: groups,
            base_margin,
            transform,
            precision: Precision::F32,
            objective: l.objective.name,
        };
        build(&trees, params, FORMAT)
    }
}

/// A tree's category lists by node: `categories_nodes[k]` owns
/// `categories[segments[k] .. segments[k] + sizes[k]]`.
fn categories(t: usize, x: &XTree, n: usize) -> Result<HashMap<usize, Vec<u32>>> {
    let at = |field: &str| format!("tree {t}: {field}");
    let k = x.categories_nodes.len();
    if x.categories_segments.len() != k || x.categories_sizes.len() != k {
        let msg = format!(
            "{k} nodes, {} segments, {} sizes",
            x.categories_segments.len(),
            x.categories_sizes.len()
        );
        return Err(bad(at("categories_nodes"), msg));
    }
    let mut out = HashMap::new();
    for j in 0..k {
        let (node, from, size) = (
            x.categories_nodes[j],
            x.categories_segments[j],
            x.categories_sizes[j],
        );
        let range = usize::try_from(from)
            .ok()
            .zip(usize::try_from(size).ok())
            .and_then(|(f, s)| Some(f..f.checked_add(s)?))
            .filter(|r| r.end <= x.categories.len());
        let (Some(range), Some(node)) = (range, usize::try_from(node).ok().filter(|&v| v < n))
        else {
            let msg = format!("node {node}, categories {from} + {size} out of range");
            return Err(bad(at("categories_segments"), msg));
        };
        let set = x.categories[range]
            .iter()
            .map(|&c| u32::try_from(c).map_err(|_| bad(at("categories"), format!("category {c}"))))
            .collect::<Result<Vec<u32>>>()?;
        out.insert(node, set);
    }
    Ok(out)
}

/// One XGBoost tree (parallel arrays) → [`Tree`] in the `x <= t` rule.
fn convert(t: usize, x: &XTree, group: usize) -> Result<Tree> {
    let n = count(
        &format!("tree {t}: tree_param.num_nodes"),
        &x.tree_param.num_nodes,
    )?;
    if let Some(s) = &x.tree_param.size_leaf_vector
        && count(&format!("tree {t}: size_leaf_vector"), s)? > 1
    {
        return Err(unsupported(format!(
            "tree {t}: vector leaves (multi_output_tree)"
        )));
    }
    let lengths = [
        ("left_children", x.left_children.len()),
        ("right_children", x.right_children.len()),
        ("split_indices", x.split_indices.len()),
        ("split_conditions", x.split_conditions.len()),
        ("default_left", x.default_left.len()),
        ("sum_hessian", x.sum_hessian.len()),
    ];
    for (name, len) in lengths {
        if len != n {
            return Err(bad(
                format!("tree {t}: {name}"),
                format!("{len} values for {n} nodes"),
            ));
        }
    }
    if !x.split_type.is_empty() && x.split_type.len() != n {
        let msg = format!("{} values for {n} nodes", x.split_type.len());
        return Err(bad(format!("tree {t}: split_type"), msg));
    }
    let child = |i: usize, c: i64| {
        usize::try_from(c).ok().filter(|&c| c < n).ok_or_else(|| {
            bad(
                format!("tree {t} node {i}"),
                format!("child {c} out of range 0..{n}"),
            )
        })
    };
    let cats = categories(t, x, n)?;
    let mut nodes = Vec::with_capacity(n);
    for i in 0..n {
        let cover = x.sum_hessian[i];
        if x.left_children[i] == -1 && x.right_children[i] == -1 {
            let value = x.split_conditions[i];
            nodes.push(TreeNode::Leaf { value, cover });
            continue;
        }
        let feature = usize::try_from(x.split_indices[i]).map_err(|_| {
            bad(
                format!("tree {t} node {i}"),
                format!("feature {} out of range", x.split_indices[i]),
            )
        })?;
        let default_left = match &x.default_left[i] {
            Value::Bool(b) => *b,
            Value::Number(v) if v.as_u64() == Some(0) => false,
            Value::Number(v) if v.as_u64() == Some(1) => true,
            v => {
                return Err(bad(
                    format!("tree {t}: default_left[{i}]"),
                    format!("{v} is not 0/1"),
                ));
            }
        };
        match x.split_type.get(i).copied().unwrap_or(0) {
            0 => {}
            1 => {
                // XGBoost sends the listed categories right and the rest —
                // and any negative value — left: swap the children so the
                // set goes left, as f1core's categorical split reads.
                let set = cats.get(&i).ok_or_else(|| {
                    bad(
                        format!("tree {t} node {i}"),
                        "categorical split without categories",
                    )
                })?;
                nodes.push(TreeNode::Categorical {
                    feature,
                    left_categories: set.clone(),
                    left: child(i, x.right_children[i])?,
                    right: child(i, x.left_children[i])?,
                    missing_left: !default_left,
                    negatives_invalid: true,
                    cover,
                });
                continue;
            }
            k => {
                return Err(bad(
                    format!("tree {t}: split_type[{i}]"),
                    format!("{k} is not 0/1"),
                ));
            }
        }
        // `x < t` on float32 is `x <= the float32 just below t` for float32 x.
        let threshold = (x.split_conditions[i] as f32).next_down() as f64;
        nodes.push(TreeNode::Split {
            feature,
            threshold,
            left: child(i, x.left_children[i])?,
            right: child(i, x.right_children[i])?,
            default_left,
            zero_is_missing: false,
            cover,
        });
    }
    Ok(Tree { nodes, group })
}
