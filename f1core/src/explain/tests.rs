//! TreeSHAP against Shapley values computed by brute force over every
//! feature subset (the paper's Algorithm 1 expectation), and the sentence.

use super::*;
use crate::model::trees::{EnsembleParams, Precision, Transform, Tree, TreeNode};

/// E[f(x) | x_S] under path-dependent covers (Algorithm 1), one tree.
fn expected(e: &Ensemble, t: usize, x: &[f64], s: u32) -> f64 {
    fn go(e: &Ensemble, i: usize, x: &[f64], s: u32) -> f64 {
        if e.is_leaf(i) {
            return e.values[i];
        }
        let n = e.nodes[i];
        let (l, r) = (n.left(), n.left() + 1);
        if s & (1 << n.feature()) != 0 {
            go(e, if e.decide(i, x[n.feature()]) { l } else { r }, x, s)
        } else {
            (go(e, l, x, s) * e.covers[l] + go(e, r, x, s) * e.covers[r]) / e.covers[i]
        }
    }
    go(e, e.trees[t].root as usize, x, s)
}

fn brute_force(e: &Ensemble, x: &[f64], group: usize) -> Vec<f64> {
    let m = e.num_features();
    let fact = |k: usize| (1..=k).map(|v| v as f64).product::<f64>();
    let f = |s: u32| -> f64 {
        (0..e.num_trees())
            .filter(|&t| e.trees[t].group as usize == group)
            .map(|t| expected(e, t, x, s))
            .sum()
    };
    (0..m)
        .map(|i| {
            (0..1u32 << m)
                .filter(|s| s & (1 << i) == 0)
                .map(|s| {
                    let k = s.count_ones() as usize;
                    fact(k) * fact(m - k - 1) / fact(m) * (f(s | 1 << i) - f(s))
                })
                .sum()
        })
        .collect()
}

#[test]
fn treeshap_equals_brute_force_shapley_values_and_sums_to_margin() {
    use crate::model::trees::tests::{random_ensemble, random_rows};
    // Algorithm 2 alone, tables alone, and the default mix.
    for (zero, limit) in [
        (false, 0),
        (true, 0),
        (false, usize::MAX),
        (true, usize::MAX),
        (true, 300),
    ] {
        // Depth 6 over 5 features: features repeat along paths (the unwind case).
        let e = random_ensemble(3, 12, 6, 5, zero);
        let rows = random_rows(5, 30, 5);
        let phi = TreeShap::with_table_limit(&e, limit)
            .contributions(&rows)
            .unwrap();
        let margins = e.predict_margin(&rows).unwrap();
        for (r, x) in rows.chunks(5).enumerate() {
            for g in 0..2 {
                let p = &phi[(r * 2 + g) * 6..(r * 2 + g + 1) * 6];
                let want = brute_force(&e, x, g);
                for (a, b) in p[..5].iter().zip(&want) {
                    assert!(
                        (a - b).abs() < 1e-9,
                        "limit {limit} row {r} group {g}: {p:?} vs {want:?}"
                    );
                }
                let sum: f64 = p.iter().sum();
                assert!(
                    (sum - margins[r * 2 + g]).abs() < 1e-9,
                    "row {r}: {sum} vs margin"
                );
            }
        }
    }
}

/// grid <= 3.5 → +1.5 else -1; form <= 5 → +0.5 else -0.25.
fn race_model() -> Ensemble {
    let split = |feature, threshold, cover| TreeNode::Split {
        feature,
        threshold,
        left: 1,
        right: 2,
        default_left: false,
        zero_is_missing: false,
        cover,
    };
    let leaf = |value, cover| TreeNode::Leaf { value, cover };
    let trees = vec![
        Tree {
            nodes: vec![split(0, 3.5, 20.0), leaf(1.5, 4.0), leaf(-1.0, 16.0)],
            group: 0,
        },
        Tree {
            nodes: vec![split(1, 5.0, 20.0), leaf(0.5, 10.0), leaf(-0.25, 10.0)],
            group: 0,
        },
    ];
    let params = EnsembleParams {
        feature_names: vec!["grid".into(), "last5_finish".into(), "age".into()],
        num_groups: 1,
        base_margin: vec![-2.0],
        transform: Transform::Sigmoid { scale: 1.0 },
        precision: Precision::F64,
        objective: "binary:logistic".into(),
    };
    Ensemble::new(trees, params).unwrap()
}

#[test]
fn explain_names_values_signs_and_sentence() {
    let e = race_model();
    let req = ExplainRequest {
        subjects: vec!["Verstappen".into(), "Sargeant".into()],
        outcome: "win chance".into(),
        group: 0,
        top: 3,
        feature_labels: vec![],
    };
    let rows = [1.0, 2.4, 27.0, 18.0, f64::NAN, 23.0];
    let out = explain(&e, &rows, &req).unwrap();
    let v = &out[0];
    // Tree 1: E = (1.5*4 - 16)/20 = -0.5, x goes left: +2.0. Tree 2: E = 0.125, +0.375.
    assert_eq!(
        v.top.len(),
        2,
        "age is never split on: no contribution, not listed"
    );
    assert_eq!(
        (v.top[0].feature.as_str(), v.top[0].value),
        ("grid", Some(1.0))
    );
    assert!((v.top[0].contribution - 2.0).abs() < 1e-12);
    assert!((v.top[1].contribution - 0.375).abs() < 1e-12);
    assert!((v.base_value - (-2.0 - 0.5 + 0.125)).abs() < 1e-12);
    assert!((v.margin - 0.0).abs() < 1e-12 && (v.prediction - 0.5).abs() < 1e-12);
    assert_eq!(
        v.sentence,
        "Verstappen's win chance is driven up by grid 1 (+2.00) and last5_finish 2.40 (+0.38)."
    );
    let s = &out[1];
    assert_eq!(s.top[1].value, None);
    assert_eq!(
        s.sentence,
        "Sargeant's win chance is driven down by grid 18 (-0.50) and last5_finish missing (-0.38)."
    );
    let json = serde_json::to_value(&out[0]).unwrap();
    assert_eq!(json["top"][0]["feature"], "grid");
    let mut bad = req.clone();
    bad.subjects.pop();
    assert!(matches!(
        explain(&e, &rows, &bad),
        Err(crate::Error::InvalidInput(_))
    ));
    bad = req.clone();
    bad.group = 1;
    assert!(matches!(
        explain(&e, &rows, &bad),
        Err(crate::Error::InvalidInput(_))
    ));
}
