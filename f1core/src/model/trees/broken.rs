//! Hand-crafted broken model files: each must be a typed error naming what
//! is wrong, never a panic, a stack overflow or a hang.

use super::tests::{xgb_model, xgb_tree};
use super::*;
use crate::Error;

/// The error's text, asserting it is a model error (or JSON, for syntax).
fn model_err(r: crate::Result<Ensemble>) -> String {
    match r {
        Err(e @ (Error::Model { .. } | Error::Json(_))) => e.to_string(),
        other => panic!("expected a model error, got {other:?}"),
    }
}

fn xgb(tree: serde_json::Value) -> crate::Result<Ensemble> {
    Ensemble::from_xgboost_json(&xgb_model("reg:squarederror", "0.5", 0, vec![tree]))
}

#[test]
fn xgboost_cycle_and_shared_child() {
    // 0 → (1, 2), 1 → (0, 2): back to the root.
    let t = xgb_tree(
        &[1, 0, -1],
        &[2, 2, -1],
        &[0, 1, 0],
        &[0.5, 0.5, 1.0],
        &[0, 0, 0],
    );
    let msg = model_err(xgb(t));
    assert!(
        msg.contains("tree 0 node 1") && msg.contains("reached twice"),
        "{msg}"
    );
    let t = xgb_tree(
        &[1, -1, -1],
        &[1, -1, -1],
        &[0, 0, 0],
        &[0.5, 0.0, 1.0],
        &[0, 0, 0],
    );
    assert!(model_err(xgb(t)).contains("reached twice"));
    // A node that is its own child.
    let t = xgb_tree(&[0, -1], &[1, -1], &[0, 0], &[0.5, 1.0], &[0, 0]);
    assert!(model_err(xgb(t)).contains("reached twice"));
}

#[test]
fn xgboost_indices_out_of_range() {
    let t = xgb_tree(
        &[1, -1, -1],
        &[7, -1, -1],
        &[0, 0, 0],
        &[0.5, 0.0, 1.0],
        &[0, 0, 0],
    );
    assert!(model_err(xgb(t)).contains("child 7 out of range 0..3"));
    let t = xgb_tree(
        &[-5, -1, -1],
        &[2, -1, -1],
        &[0, 0, 0],
        &[0.5, 0.0, 1.0],
        &[0, 0, 0],
    );
    assert!(model_err(xgb(t)).contains("child -5"));
    let t = xgb_tree(
        &[1, -1, -1],
        &[2, -1, -1],
        &[9, 0, 0],
        &[0.5, 0.0, 1.0],
        &[0, 0, 0],
    );
    assert!(model_err(xgb(t)).contains("feature 9 out of range 0..2"));
    let t = xgb_tree(
        &[1, -1, -1],
        &[2, -1, -1],
        &[-1, 0, 0],
        &[0.5, 0.0, 1.0],
        &[0, 0, 0],
    );
    assert!(model_err(xgb(t)).contains("feature -1"));
}

#[test]
fn xgboost_absurd_depth_is_an_error_not_a_stack_overflow() {
    // A chain of 100,000 splits: node i → (leaf i+1... ) as left, next split as right.
    let n = 200_001usize;
    let (mut l, mut r) = (vec![-1i64; n], vec![-1i64; n]);
    for i in (0..n - 1).step_by(2) {
        l[i] = i as i64 + 1;
        r[i] = i as i64 + 2;
    }
    let t = xgb_tree(&l, &r, &vec![0; n], &vec![0.5; n], &vec![0; n]);
    assert!(model_err(xgb(t)).contains("deeper than 256"));
}

#[test]
fn xgboost_wrong_array_lengths_and_bad_fields() {
    let mut t = xgb_tree(
        &[1, -1, -1],
        &[2, -1, -1],
        &[0, 0, 0],
        &[0.5, 0.0, 1.0],
        &[0, 0, 0],
    );
    t["sum_hessian"] = serde_json::json!([1.0, 1.0]);
    assert!(model_err(xgb(t.clone())).contains("sum_hessian: 2 values for 3 nodes"));
    t["sum_hessian"] = serde_json::json!([1.0, 1.0, 1.0]);
    t["default_left"] = serde_json::json!([2, 0, 0]);
    assert!(model_err(xgb(t.clone())).contains("default_left[0]"));
    t["default_left"] = serde_json::json!([false, true, false]);
    assert!(xgb(t.clone()).is_ok(), "booleans are accepted as well");
    t["tree_param"]["num_nodes"] = serde_json::json!("x");
    assert!(model_err(xgb(t)).contains("num_nodes"));
    let huge = xgb_model("reg:squarederror", "0.5", 0, vec![])
        .replace("\"num_feature\":\"2\"", "\"num_feature\":\"99999999999\"");
    assert!(model_err(Ensemble::from_xgboost_json(&huge)).contains("features (need 1 to"));
    let two = xgb_model("reg:squarederror", "0.5", 0, vec![]);
    let two = two.replace("\"tree_info\":[]", "\"tree_info\":[0]");
    assert!(model_err(Ensemble::from_xgboost_json(&two)).contains("tree_info"));
}

#[test]
fn xgboost_truncated_and_non_json() {
    let stump = xgb_tree(
        &[1, -1, -1],
        &[2, -1, -1],
        &[0, 0, 0],
        &[0.5, 0.0, 1.0],
        &[0, 0, 0],
    );
    let good = xgb_model("reg:squarederror", "0.5", 0, vec![stump]);
    assert!(Ensemble::from_xgboost_json(&good).is_ok());
    for cut in [0, 1, 10, good.len() / 2, good.len() - 1] {
        assert!(matches!(
            Ensemble::from_xgboost_json(&good[..cut]),
            Err(Error::Json(_))
        ));
    }
    // NaN is not JSON; deep nesting hits serde_json's recursion limit.
    let nan = good.replace("\"0.5\"", "NaN");
    assert!(matches!(
        Ensemble::from_xgboost_json(&nan),
        Err(Error::Json(_))
    ));
    let deep = "[".repeat(1_000_000);
    assert!(matches!(
        Ensemble::from_xgboost_json(&deep),
        Err(Error::Json(_))
    ));
}

#[test]
fn xgboost_unsupported_parts_say_so() {
    let mut t = xgb_tree(
        &[1, -1, -1],
        &[2, -1, -1],
        &[0, 0, 0],
        &[0.5, 0.0, 1.0],
        &[0, 0, 0],
    );
    // A categorical split needs its category list, in range.
    t["split_type"] = serde_json::json!([1, 0, 0]);
    let e = xgb(t.clone()).unwrap_err();
    assert!(
        e.to_string()
            .contains("categorical split without categories"),
        "{e}"
    );
    t["categories_nodes"] = serde_json::json!([0]);
    t["categories_segments"] = serde_json::json!([0]);
    t["categories_sizes"] = serde_json::json!([3]);
    t["categories"] = serde_json::json!([1, 2]);
    assert!(model_err(xgb(t.clone())).contains("categories 0 + 3 out of range"));
    t["categories"] = serde_json::json!([1, -2, 5]);
    assert!(model_err(xgb(t.clone())).contains("category -2"));
    t["categories"] = serde_json::json!([1, 2, 5]);
    assert!(xgb(t.clone()).is_ok());
    t["split_type"] = serde_json::json!([2, 0, 0]);
    assert!(model_err(xgb(t)).contains("split_type[0]"));
    let json = xgb_model("survival:cox", "0.5", 0, vec![]);
    let e = Ensemble::from_xgboost_json(&json).unwrap_err();
    assert!(
        e.to_string()
            .contains("unsupported: objective \"survival:cox\""),
        "{e}"
    );
    let dart = xgb_model("reg:squarederror", "0.5", 0, vec![]).replace("\"gbtree\"", "\"dart\"");
    let e = Ensemble::from_xgboost_json(&dart).unwrap_err();
    assert!(matches!(e, Error::UnsupportedModel { .. }));
}

const LGB: &str = "tree\nversion=v4\nnum_class=1\nnum_tree_per_iteration=1\nmax_feature_idx=1\n\
objective=regression\nfeature_names=a b\n\n";

fn lgb_tree(body: &str) -> crate::Result<Ensemble> {
    Ensemble::from_lightgbm_text(&format!(
        "{LGB}Tree=0\nnum_leaves=3\nnum_cat=0\n{body}\n\n\nend of trees\n"
    ))
}

const OK_TREE: &str = "split_feature=0 1\nthreshold=1 2\ndecision_type=2 2\nleft_child=1 -1\n\
right_child=-2 -3\nleaf_value=1 2 3\nleaf_count=1 1 1\ninternal_count=3 2";

#[test]
fn lightgbm_broken_trees() {
    assert!(lgb_tree(OK_TREE).is_ok());
    let with = |from: &str, to: &str| lgb_tree(&OK_TREE.replace(from, to));
    let cases = [
        (with("left_child=1 -1", "left_child=0 -1"), "reached twice"),
        (
            with("left_child=1 -1", "left_child=5 -1"),
            "child 5 out of range",
        ),
        (
            with("right_child=-2 -3", "right_child=-2 -9"),
            "child -9 out of range",
        ),
        (
            with("split_feature=0 1", "split_feature=0 4"),
            "feature 4 out of range",
        ),
        (with("threshold=1 2", "threshold=nan 2"), "threshold is NaN"),
        (
            with("threshold=1 2", "threshold=1"),
            "threshold: 1 values, expected 2",
        ),
        (with("leaf_value=1 2 3", "leaf_value=1 2 inf"), "not finite"),
        (
            with("leaf_value=1 2 3", "leaf_value=1 two 3"),
            "cannot read \"two\"",
        ),
        (
            with("decision_type=2 2", "decision_type=2 14"),
            "missing type 3",
        ),
        (with("\ninternal_count=3 2", ""), "internal_count: missing"),
    ];
    for (r, want) in cases {
        let msg = model_err(r);
        assert!(msg.contains(want), "{msg} should say {want}");
    }
    // A categorical split without category sets.
    let e = with("decision_type=2 2", "decision_type=2 3").unwrap_err();
    assert!(
        e.to_string().contains("category set 2 out of range 0..0"),
        "{e}"
    );
}

#[test]
fn lightgbm_absurd_depth_and_truncation() {
    let n = 5000; // a chain: split i → (leaf i, split i+1)
    let left: Vec<String> = (0..n).map(|i| format!("{}", -(i as i64) - 1)).collect();
    let right: Vec<String> = (0..n)
        .map(|i| {
            if i + 1 < n {
                format!("{}", i + 1)
            } else {
                format!("{}", -(n as i64) - 1)
            }
        })
        .collect();
    let body = format!(
        "split_feature={}\nthreshold={}\ndecision_type={}\nleft_child={}\nright_child={}\nleaf_value={}\nleaf_count={}\ninternal_count={}",
        vec!["0"; n].join(" "),
        vec!["1"; n].join(" "),
        vec!["2"; n].join(" "),
        left.join(" "),
        right.join(" "),
        vec!["1"; n + 1].join(" "),
        vec!["1"; n + 1].join(" "),
        vec!["1"; n].join(" ")
    );
    let text = format!(
        "{LGB}Tree=0\nnum_leaves={}\nnum_cat=0\n{body}\n\nend of trees\n",
        n + 1
    );
    assert!(model_err(Ensemble::from_lightgbm_text(&text)).contains("deeper than 256"));
    let good = format!("{LGB}Tree=0\nnum_leaves=3\nnum_cat=0\n{OK_TREE}\n\nend of trees\n");
    for cut in [0, 5, good.len() / 2, good.len() - 14] {
        let r = Ensemble::from_lightgbm_text(&good[..cut]);
        assert!(matches!(r, Err(Error::Model { .. })), "cut at {cut}: {r:?}");
    }
    let wrong_names = good.replace("feature_names=a b", "feature_names=a");
    assert!(model_err(Ensemble::from_lightgbm_text(&wrong_names)).contains("1 names"));
    // Absurd counts are refused before anything is sized by them.
    let huge = good.replace("max_feature_idx=1", "max_feature_idx=18446744073709551615");
    assert!(model_err(Ensemble::from_lightgbm_text(&huge)).contains("features (need 1 to"));
    let huge = good.replace(
        "num_tree_per_iteration=1",
        "num_tree_per_iteration=999999999",
    );
    assert!(model_err(Ensemble::from_lightgbm_text(&huge)).contains("output groups"));
}

#[test]
fn own_trees_are_checked_too() {
    let params = EnsembleParams {
        feature_names: vec!["grid".into()],
        num_groups: 1,
        base_margin: vec![0.0],
        transform: Transform::Identity,
        precision: Precision::F64,
        objective: "own".into(),
    };
    let leaf = TreeNode::Leaf {
        value: 1.0,
        cover: 1.0,
    };
    let split = |left, right| TreeNode::Split {
        feature: 0,
        threshold: 1.0,
        left,
        right,
        default_left: true,
        zero_is_missing: false,
        cover: 2.0,
    };
    let mk = |nodes: Vec<TreeNode>| Ensemble::new(vec![Tree { nodes, group: 0 }], params.clone());
    assert!(mk(vec![split(1, 2), leaf.clone(), leaf.clone()]).is_ok());
    assert!(model_err(mk(vec![])).contains("no nodes"));
    assert!(model_err(mk(vec![split(1, 0), leaf.clone()])).contains("reached twice"));
    let group1 = Ensemble::new(
        vec![Tree {
            nodes: vec![leaf],
            group: 1,
        }],
        params.clone(),
    );
    assert!(model_err(group1).contains("group 1"));
    let mut p = params.clone();
    p.base_margin = vec![f64::NAN];
    assert!(model_err(Ensemble::new(vec![], p)).contains("not finite"));
}

/// Thousands of random corruptions of valid files (digits, signs,
/// brackets, deletions): each parses or is an error, never a panic, and
/// whatever parses also predicts and explains without one.
#[test]
fn mutated_files_never_panic() {
    use super::tests::{Rng, xgb_tree};
    let t = xgb_tree(
        &[1, 3, -1, -1, -1],
        &[2, 4, -1, -1, -1],
        &[0, 1, 0, 0, 0],
        &[0.5, 2.0, 1.0, -1.0, 3.0],
        &[1, 0, 0, 0, 0],
    );
    let xgb = xgb_model("binary:logistic", "[5E-1]", 0, vec![t]);
    let lgb = format!("{LGB}Tree=0\nnum_leaves=3\nnum_cat=0\n{OK_TREE}\n\nend of trees\n");
    let mut rng = Rng(99);
    let alphabet = b"0123456789-.,[]{}\": eE\nnan";
    let rows = [0.0, 1.0, f64::NAN, 3.0, 0.5, f64::NAN];
    let (mut parsed, mut rejected) = (0, 0);
    for (text, is_xgb) in [(&xgb, true), (&lgb, false)] {
        for _ in 0..3000 {
            let mut bytes = text.as_bytes().to_vec();
            for _ in 0..1 + (rng.next() * 3.0) as usize {
                let at = (rng.next() * bytes.len() as f64) as usize;
                match (rng.next() * 3.0) as usize {
                    0 => bytes[at] = alphabet[(rng.next() * alphabet.len() as f64) as usize],
                    1 => {
                        let end = (at + 1 + (rng.next() * 8.0) as usize).min(bytes.len());
                        bytes.drain(at..end);
                    }
                    _ => bytes.insert(at, alphabet[(rng.next() * alphabet.len() as f64) as usize]),
                }
            }
            let Ok(text) = String::from_utf8(bytes) else {
                continue;
            };
            let model = if is_xgb {
                Ensemble::from_xgboost_json(&text)
            } else {
                Ensemble::from_lightgbm_text(&text)
            };
            match model {
                Ok(m) => {
                    parsed += 1;
                    let n = m.num_features();
                    let rows = &rows[..rows.len() / n * n];
                    m.predict(rows).unwrap();
                    crate::explain::contributions(&m, rows).unwrap();
                }
                Err(_) => rejected += 1,
            }
        }
    }
    assert!(
        parsed > 100 && rejected > 1000,
        "parsed {parsed}, rejected {rejected}"
    );
}
