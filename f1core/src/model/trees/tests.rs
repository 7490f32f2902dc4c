//! Importers on hand-written files, the split rules, the block kernel
//! against a one-row walk, and broken files → typed errors.

use super::*;
use crate::Error;
use serde_json::{Value, json};

pub(crate) fn xgb_tree(
    left: &[i64],
    right: &[i64],
    feat: &[i64],
    cond: &[f64],
    dl: &[u8],
) -> Value {
    let n = left.len();
    json!({
        "base_weights": vec![0.0; n], "categories": [], "categories_nodes": [],
        "categories_segments": [], "categories_sizes": [], "default_left": dl, "id": 0,
        "left_children": left, "loss_changes": vec![0.0; n], "parents": vec![0; n],
        "right_children": right, "split_conditions": cond, "split_indices": feat,
        "split_type": vec![0; n], "sum_hessian": vec![4.0; n],
        "tree_param": {"num_deleted": "0", "num_feature": "2", "num_nodes": n.to_string(), "size_leaf_vector": "1"}
    })
}

pub(crate) fn xgb_model(
    objective: &str,
    base_score: &str,
    classes: usize,
    trees: Vec<Value>,
) -> String {
    let info: Vec<usize> = (0..trees.len()).map(|t| t % classes.max(1)).collect();
    json!({
        "learner": {
            "attributes": {}, "feature_names": ["grid", "form"], "feature_types": [],
            "gradient_booster": {"name": "gbtree", "model": {
                "gbtree_model_param": {"num_parallel_tree": "1", "num_trees": trees.len().to_string()},
                "iteration_indptr": [], "tree_info": info, "trees": trees}},
            "learner_model_param": {"base_score": base_score, "boost_from_average": "1",
                "num_class": classes.to_string(), "num_feature": "2", "num_target": "1"},
            "objective": {"name": objective}
        },
        "version": [3, 2, 0]
    })
    .to_string()
}

/// grid < 0.5 (missing → left): -1 | 2.
fn stump() -> Value {
    xgb_tree(
        &[1, -1, -1],
        &[2, -1, -1],
        &[0, 0, 0],
        &[0.5, -1.0, 2.0],
        &[1, 0, 0],
    )
}

#[test]
fn xgboost_base_score_scalar_and_array_forms_and_logit() {
    for base in ["5E-1", "[5E-1]", " [ 0.5 ] "] {
        let e = Ensemble::from_xgboost_json(&xgb_model("binary:logistic", base, 0, vec![stump()]))
            .unwrap();
        assert_eq!(
            e.predict_margin(&[0.0, 0.0, 1.0, 0.0]).unwrap(),
            vec![-1.0, 2.0]
        );
    }
    let e = Ensemble::from_xgboost_json(&xgb_model("binary:logistic", "[8E-1]", 0, vec![stump()]))
        .unwrap();
    let m = e.predict_margin(&[1.0, 0.0]).unwrap()[0];
    assert!((m - (2.0 + (0.8f64 / 0.2).ln())).abs() < 1e-6, "{m}");
    let p = e.predict(&[1.0, 0.0]).unwrap()[0];
    assert!((p - 1.0 / (1.0 + (-m).exp())).abs() < 1e-12);
    // Regression keeps base_score as the margin; out-of-range logit base is an error.
    let r = Ensemble::from_xgboost_json(&xgb_model("reg:squarederror", "[3E1]", 0, vec![stump()]))
        .unwrap();
    assert_eq!(r.predict(&[1.0, 0.0]).unwrap(), vec![32.0]);
    let err = Ensemble::from_xgboost_json(&xgb_model("binary:logistic", "1.5", 0, vec![stump()]));
    assert!(matches!(err, Err(Error::Model { .. })), "{err:?}");
}

#[test]
fn xgboost_compares_in_float32_with_default_left() {
    let e =
        Ensemble::from_xgboost_json(&xgb_model("reg:squarederror", "0", 0, vec![stump()])).unwrap();
    let just_below = 0.5 - 1e-12; // rounds to 0.5f32: XGBoost sends it right
    let rows = [
        0.5,
        0.0,
        just_below,
        0.0,
        0.4999,
        0.0,
        f64::NAN,
        0.0,
        -0.0,
        0.0,
    ];
    assert_eq!(
        e.predict_margin(&rows).unwrap(),
        vec![2.0, 2.0, -1.0, -1.0, -1.0]
    );
}

#[test]
fn xgboost_softmax_groups_and_per_class_base() {
    let trees = vec![stump(), stump(), stump()];
    let json = xgb_model("multi:softprob", "[1E-1,2E-1,3E-1]", 3, trees);
    let e = Ensemble::from_xgboost_json(&json).unwrap();
    let m = e.predict_margin(&[1.0, 0.0]).unwrap();
    let want = [2.1f32 as f64, 2.2f32 as f64, 2.3f32 as f64];
    m.iter()
        .zip(want)
        .for_each(|(a, b)| assert!((a - b).abs() < 1e-6, "{m:?}"));
    let p = e.predict(&[1.0, 0.0]).unwrap();
    assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12 && p[2] > p[1] && p[1] > p[0]);
    let bad_len = xgb_model("multi:softprob", "[1E-1,2E-1]", 3, vec![stump(); 3]);
    assert!(matches!(
        Ensemble::from_xgboost_json(&bad_len),
        Err(Error::Model { .. })
    ));
}

const LGB_HEAD: &str = "tree\nversion=v4\nnum_class=1\nnum_tree_per_iteration=1\nlabel_index=0\nmax_feature_idx=1\nobjective=binary sigmoid:2\nfeature_names=grid form\ntree_sizes=1\n\n";

fn lgb(decision_type: &str, threshold: &str) -> String {
    format!(
        "{LGB_HEAD}Tree=0\nnum_leaves=3\nnum_cat=0\nsplit_feature=0 1\nsplit_gain=1 1\n\
         threshold={threshold} 0.5\ndecision_type={decision_type} 2\nleft_child=-1 -2\nright_child=1 -3\n\
         leaf_value=0.25 -0.5 1.5\nleaf_weight=1 1 1\nleaf_count=10 5 5\ninternal_value=0 0\n\
         internal_weight=2 1\ninternal_count=20 10\nis_linear=0\nshrinkage=1\n\n\nend of trees\n\nparameters:\nend of parameters\n"
    )
}

#[test]
fn lightgbm_decision_types_and_le_rule() {
    // Node 0: grid <= 3 → leaf 0.25, else node 1: form <= 0.5 → -0.5 | 1.5.
    let rows = |g: f64| [g, 0.0];
    let margin = |dt: &str, thr: &str, g: f64| {
        Ensemble::from_lightgbm_text(&lgb(dt, thr))
            .unwrap()
            .predict_margin(&rows(g))
            .unwrap()[0]
    };
    assert_eq!(margin("2", "3", 3.0), 0.25); // `<=`: equal goes left
    assert_eq!(margin("2", "3", 3.0000001), -0.5);
    // None (bits 0): NaN is read as 0.0, whatever default_left says.
    assert_eq!(margin("0", "3", f64::NAN), 0.25);
    assert_eq!(margin("2", "-1", f64::NAN), -0.5);
    // NaN (8 = 2 << 2): NaN follows default_left (bit 2).
    assert_eq!(margin("8", "3", f64::NAN), -0.5);
    assert_eq!(margin("10", "-1", f64::NAN), 0.25);
    // Zero (4): 0, ±1e-35 and NaN are missing; default right here.
    assert_eq!(margin("4", "3", 0.0), -0.5);
    assert_eq!(margin("4", "3", f64::NAN), -0.5);
    assert_eq!(margin("4", "3", 1e-3), 0.25);
    assert_eq!(margin("6", "-3", 0.0), 0.25);
    let e = Ensemble::from_lightgbm_text(&lgb("2", "3")).unwrap();
    assert_eq!(e.params().transform, Transform::Sigmoid { scale: 2.0 });
    assert_eq!(e.feature_names(), ["grid", "form"]);
}

#[test]
fn lightgbm_one_leaf_tree() {
    let text = format!(
        "{LGB_HEAD}Tree=0\nnum_leaves=1\nnum_cat=0\nsplit_feature=\nsplit_gain=\nthreshold=\ndecision_type=\n\
         left_child=\nright_child=\nleaf_value=-0.75\nleaf_weight=\nleaf_count=0\ninternal_value=\n\
         internal_weight=\ninternal_count=\nis_linear=0\nshrinkage=1\n\n\nend of trees\n"
    );
    let e = Ensemble::from_lightgbm_text(&text).unwrap();
    assert_eq!(e.predict_margin(&[1.0, 2.0]).unwrap(), vec![-0.75]);
}

/// A random ensemble (repeated features; with `zero`, also zero-missing
/// and categorical splits).
pub(crate) fn random_ensemble(
    seed: u64,
    trees: usize,
    depth: usize,
    nf: usize,
    zero: bool,
) -> Ensemble {
    let mut rng = Rng(seed);
    let trees = (0..trees)
        .map(|t| {
            let mut nodes = Vec::new();
            grow(&mut rng, &mut nodes, depth, nf, zero);
            Tree {
                nodes,
                group: t % 2,
            }
        })
        .collect();
    let params = EnsembleParams {
        feature_names: (0..nf).map(|i| format!("x{i}")).collect(),
        num_groups: 2,
        base_margin: vec![0.25, -0.5],
        transform: Transform::Softmax,
        precision: Precision::F64,
        objective: "test".into(),
    };
    Ensemble::new(trees, params).unwrap()
}

/// Children before parents (post-order), root last, then moved to index 0.
fn grow(rng: &mut Rng, nodes: &mut Vec<TreeNode>, depth: usize, nf: usize, zero: bool) {
    fn sub(
        rng: &mut Rng,
        nodes: &mut Vec<TreeNode>,
        depth: usize,
        nf: usize,
        zero: bool,
    ) -> (usize, f64) {
        if depth == 0 || rng.next() < 0.15 {
            let cover = 1.0 + (rng.next() * 20.0).floor();
            nodes.push(TreeNode::Leaf {
                value: rng.next() * 2.0 - 1.0,
                cover,
            });
            return (nodes.len() - 1, cover);
        }
        let (left, cl) = sub(rng, nodes, depth - 1, nf, zero);
        let (right, cr) = sub(rng, nodes, depth - 1, nf, zero);
        let feature = (rng.next() * nf as f64) as usize;
        if zero && rng.next() < 0.25 {
            // Categories 0..4 (rows hold -1.5..4.5, NaN and 0): some go left.
            let left_categories = (0..5).filter(|_| rng.next() < 0.5).collect();
            let (missing_left, negatives_invalid) = (rng.next() < 0.5, rng.next() < 0.5);
            nodes.push(TreeNode::Categorical {
                feature,
                left_categories,
                left,
                right,
                missing_left,
                negatives_invalid,
                cover: cl + cr,
            });
            return (nodes.len() - 1, cl + cr);
        }
        nodes.push(TreeNode::Split {
            feature,
            threshold: (rng.next() * 4.0).floor() - 1.0,
            left,
            right,
            default_left: rng.next() < 0.5,
            zero_is_missing: zero && rng.next() < 0.3,
            cover: cl + cr,
        });
        (nodes.len() - 1, cl + cr)
    }
    let (root, _) = sub(rng, nodes, depth, nf, zero);
    let last = nodes.len() - 1;
    nodes.swap(0, root.min(last));
    // Fix child indices that pointed at 0 or `last` after the swap.
    for n in nodes.iter_mut() {
        if let TreeNode::Split { left, right, .. } | TreeNode::Categorical { left, right, .. } = n {
            for c in [left, right] {
                *c = if *c == 0 {
                    last
                } else if *c == last {
                    0
                } else {
                    *c
                };
            }
        }
    }
}

pub(crate) struct Rng(pub u64);
impl Rng {
    /// SplitMix64 → [0, 1).
    pub fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

pub(crate) fn random_rows(seed: u64, n: usize, nf: usize) -> Vec<f64> {
    let mut rng = Rng(seed);
    (0..n * nf)
        .map(|_| match rng.next() {
            p if p < 0.1 => f64::NAN,
            p if p < 0.2 => 0.0,
            _ => (rng.next() * 5.0).floor() - 1.5 + rng.next(),
        })
        .collect()
}

#[test]
fn block_kernel_matches_one_row_walk() {
    for zero in [false, true] {
        let e = random_ensemble(7, 43, 6, 5, zero); // 43: the last tree lanes hold sentinels
        assert_eq!((e.zero_missing, e.has_categorical()), (zero, zero));
        let rows = random_rows(11, 77, 5); // 32 + 32 + 13 (8 row lanes + 5 tree-lane rows)
        let got = e.predict_margin(&rows).unwrap();
        for (r, row) in rows.chunks(5).enumerate() {
            let mut want = e.params().base_margin.clone();
            for t in 0..e.num_trees() {
                want[e.trees[t].group as usize] += e.values[e.leaf_of(t, row)];
            }
            assert_eq!(&got[r * 2..r * 2 + 2], &want[..], "row {r}");
        }
    }
}

#[test]
fn bad_rows_are_invalid_input() {
    let e = random_ensemble(1, 2, 2, 3, false);
    assert!(matches!(
        e.predict(&[1.0, 2.0]),
        Err(Error::InvalidInput(_))
    ));
    let mut out = vec![0.0; 3];
    assert!(matches!(
        e.predict_margin_into(&[1.0; 3], &mut out),
        Err(Error::InvalidInput(_))
    ));
}

#[test]
fn trees_round_trip_through_json() {
    for e in [
        random_ensemble(5, 9, 5, 4, true),
        Ensemble::from_xgboost_json(&xgb_model(
            "binary:logistic",
            "[3E-1]",
            0,
            vec![stump(), stump()],
        ))
        .unwrap(),
        Ensemble::from_lightgbm_text(&lgb("6", "3")).unwrap(),
    ] {
        let json = serde_json::to_string(&(e.trees(), e.params())).unwrap();
        let (trees, params): (Vec<Tree>, EnsembleParams) = serde_json::from_str(&json).unwrap();
        let back = Ensemble::new(trees, params).unwrap();
        assert!(back == e, "the rebuilt ensemble differs");
    }
}

#[test]
fn lightgbm_categorical_splits() {
    // Node 0: grid in {1, 3, 5, 7} (bitset 170) → node 1, else leaf 2.0;
    // node 1: form <= 0.5 → 0.25 | -0.5. Node 2 of the header's second set
    // (categories 32 and 33) is unused but must parse.
    let text = format!(
        "{LGB_HEAD}Tree=0\nnum_leaves=3\nnum_cat=2\nsplit_feature=0 1\nsplit_gain=1 1\n\
         threshold=0 0.5\ndecision_type=9 2\nleft_child=1 -1\nright_child=-3 -2\n\
         leaf_value=0.25 -0.5 2\nleaf_weight=1 1 1\nleaf_count=5 5 10\ninternal_value=0 0\n\
         internal_weight=2 1\ninternal_count=20 10\ncat_boundaries=0 1 3\ncat_threshold=170 0 3\n\
         is_linear=0\nshrinkage=1\n\n\nend of trees\n"
    );
    let e = Ensemble::from_lightgbm_text(&text).unwrap();
    let margin = |g: f64| e.predict_margin(&[g, 0.0]).unwrap()[0];
    // As LightGBM 4.7 predicts (checked on a trained model): whole part in
    // the set goes left; NaN, negatives, others and ≥ 2^31 go right.
    for (g, want) in [
        (1.0, 0.25),
        (1.7, 0.25),
        (3.0, 0.25),
        (7.0, 0.25),
        (0.0, 2.0),
        (2.0, 2.0),
    ] {
        assert_eq!(margin(g), want, "grid {g}");
    }
    for g in [
        f64::NAN,
        -1.0,
        100.0,
        2f64.powi(31) + 5.0,
        1e20,
        f64::INFINITY,
    ] {
        assert_eq!(margin(g), 2.0, "grid {g}");
    }
    assert_eq!(
        margin(-0.5),
        2.0,
        "-0.5 truncates to category 0, not in the set"
    );
    let TreeNode::Categorical {
        left_categories, ..
    } = &e.trees()[0].nodes[0]
    else {
        panic!("root is categorical")
    };
    assert_eq!(left_categories, &[1, 3, 5, 7]);
    let bad = text.replace("threshold=0 0.5", "threshold=5 0.5");
    let err = Ensemble::from_lightgbm_text(&bad).unwrap_err().to_string();
    assert!(err.contains("category set 5 out of range 0..2"), "{err}");
    let bad = text.replace("cat_boundaries=0 1 3", "cat_boundaries=0 3 1");
    assert!(Ensemble::from_lightgbm_text(&bad).is_err());
    let huge = text.replace("cat_threshold=170 0 3", "cat_threshold=170 0 4294967295");
    let huge = huge.replace("cat_boundaries=0 1 3", "cat_boundaries=0 1 40000");
    assert!(Ensemble::from_lightgbm_text(&huge).is_err());
}

#[test]
fn xgboost_categorical_splits() {
    // grid in {0, 3} goes RIGHT in XGBoost (to 2.0), others left (-1.0);
    // NaN takes the default (left here); negatives are "no category" (left).
    let mut t = xgb_tree(
        &[1, -1, -1],
        &[2, -1, -1],
        &[0, 0, 0],
        &[0.0, -1.0, 2.0],
        &[1, 0, 0],
    );
    t["split_type"] = json!([1, 0, 0]);
    t["categories_nodes"] = json!([0]);
    t["categories_segments"] = json!([0]);
    t["categories_sizes"] = json!([2]);
    t["categories"] = json!([0, 3]);
    let e = Ensemble::from_xgboost_json(&xgb_model("reg:squarederror", "0", 0, vec![t])).unwrap();
    let margin = |g: f64| e.predict_margin(&[g, 0.0]).unwrap()[0];
    for (g, want) in [
        (0.0, 2.0),
        (3.0, 2.0),
        (3.9, 2.0),
        (1.0, -1.0),
        (4.0, -1.0),
        (100.0, -1.0),
    ] {
        assert_eq!(margin(g), want, "grid {g}");
    }
    // -0.5 would be category 0 by LightGBM's rule; XGBoost calls it invalid.
    for g in [f64::NAN, -0.5, -1.0, 1e10] {
        assert_eq!(margin(g), -1.0, "grid {g}");
    }
}
