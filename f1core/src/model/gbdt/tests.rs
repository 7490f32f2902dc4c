use super::*;
use crate::explain::contributions;

pub(super) fn names(nf: usize) -> Vec<String> {
    (0..nf).map(|i| format!("x{i}")).collect()
}

/// Rows of `nf` uniform values in [0, 1) and a target per row.
fn data(n: usize, nf: usize, seed: u64, f: impl Fn(&[f64]) -> f64) -> (Vec<f64>, Vec<f64>) {
    let mut rng = SimRng::new(seed);
    let x: Vec<f64> = (0..n * nf).map(|_| rng.uniform()).collect();
    let y = x.chunks(nf).map(&f).collect();
    (x, y)
}

fn mse(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(a, b)| (a - b).powi(2)).sum::<f64>() / a.len() as f64
}

#[test]
fn learns_a_step_plus_a_slope_and_ignores_noise_features() {
    let f = |r: &[f64]| 3.0 * f64::from(r[0] > 0.5) + 2.0 * r[1];
    let (x, y) = data(2000, 4, 1, f);
    let p = GbdtParams {
        n_trees: 200,
        max_depth: 3,
        ..GbdtParams::default()
    };
    let m = train(&x, &y, &names(4), &p).unwrap();
    assert_eq!((m.num_trees(), m.max_depth()), (200, 3));
    let (xt, yt) = data(1000, 4, 2, f);
    let err = mse(&m.predict(&xt).unwrap(), &yt);
    // Target variance ≈ 2.6; the slope in 255 bins is nearly exact.
    assert!(err < 0.01, "test MSE {err}");
    // The noise features earn (almost) nothing: mean |SHAP| per feature.
    let phi = contributions(&m, &xt).unwrap();
    let mean_abs = |j: usize| phi.chunks(5).map(|c| c[j].abs()).sum::<f64>() / 1000.0;
    assert!(mean_abs(0) > 1.0 && mean_abs(1) > 0.3, "{}", mean_abs(1));
    assert!(
        mean_abs(2) < 0.02 && mean_abs(3) < 0.02,
        "{} {}",
        mean_abs(2),
        mean_abs(3)
    );
}

#[test]
fn logistic_separates_two_classes() {
    let f = |r: &[f64]| f64::from(r[0] + r[1] > 1.0);
    let (x, y) = data(2000, 2, 3, f);
    let p = GbdtParams {
        objective: GbdtObjective::Logistic,
        n_trees: 100,
        learning_rate: 0.3,
        ..GbdtParams::default()
    };
    let m = train(&x, &y, &names(2), &p).unwrap();
    let (xt, yt) = data(1000, 2, 4, f);
    let prob = m.predict(&xt).unwrap();
    assert!(prob.iter().all(|&q| (0.0..=1.0).contains(&q)));
    let right = prob
        .iter()
        .zip(&yt)
        .filter(|(q, y)| (**q > 0.5) == (**y > 0.5))
        .count();
    assert!(right > 960, "{right} of 1000");
}

#[test]
fn same_seed_same_model_other_seed_other_model() {
    let (x, y) = data(500, 6, 5, |r| r[0] * 4.0 - r[3] + r[5] * r[1]);
    let p = GbdtParams {
        n_trees: 20,
        subsample: 0.7,
        colsample: 0.5,
        seed: 11,
        ..GbdtParams::default()
    };
    let a = train(&x, &y, &names(6), &p).unwrap();
    assert_eq!(a, train(&x, &y, &names(6), &p).unwrap());
    let b = train(
        &x,
        &y,
        &names(6),
        &GbdtParams {
            seed: 12,
            ..p.clone()
        },
    )
    .unwrap();
    assert_ne!(a, b);
    // Column sampling: each tree splits on at most 3 of the 6 features.
    for t in a.trees() {
        let mut used: Vec<usize> = t
            .nodes
            .iter()
            .filter_map(|n| match n {
                TreeNode::Split { feature, .. } => Some(*feature),
                _ => None,
            })
            .collect();
        used.sort_unstable();
        used.dedup();
        assert!(used.len() <= 3, "{used:?}");
    }
}

#[test]
fn missing_values_learn_their_own_direction() {
    // x0 missing ⇒ y = 5; otherwise y = 0 below 0.5, 1 above.
    let mut rng = SimRng::new(9);
    let x: Vec<f64> = (0..600)
        .map(|_| {
            if rng.chance(0.2) {
                f64::NAN
            } else {
                rng.uniform()
            }
        })
        .collect();
    let y: Vec<f64> = x
        .iter()
        .map(|&v| if v.is_nan() { 5.0 } else { f64::from(v > 0.5) })
        .collect();
    let p = GbdtParams {
        n_trees: 100,
        max_depth: 2,
        learning_rate: 0.3,
        ..GbdtParams::default()
    };
    let m = train(&x, &y, &names(1), &p).unwrap();
    let pred = m.predict(&[f64::NAN, 0.2, 0.8]).unwrap();
    assert!(
        (pred[0] - 5.0).abs() < 0.05 && pred[1].abs() < 0.05 && (pred[2] - 1.0).abs() < 0.05,
        "{pred:?}"
    );
    // No missing values in training: a missing one follows the heavier side.
    let x: Vec<f64> = (0..300).map(f64::from).collect();
    let y: Vec<f64> = x.iter().map(|&v| f64::from(v >= 200.0)).collect();
    let p = GbdtParams {
        n_trees: 1,
        max_depth: 1,
        learning_rate: 1.0,
        lambda: 0.0,
        ..GbdtParams::default()
    };
    let m = train(&x, &y, &names(1), &p).unwrap();
    let pred = m.predict(&[f64::NAN, 0.0, 250.0]).unwrap();
    let want = [0.0, 0.0, 1.0];
    assert!(
        pred.iter().zip(want).all(|(p, w)| (p - w).abs() < 1e-12),
        "{pred:?}"
    );
}

#[test]
fn saved_trees_rebuild_the_same_model_and_shap_adds_up() {
    let (x, y) = data(300, 3, 6, |r| r[0] - 2.0 * r[2]);
    let m = train(&x, &y, &names(3), &GbdtParams::default()).unwrap();
    assert_eq!(Ensemble::new(m.trees(), m.params().clone()).unwrap(), m);
    let margin = m.predict_margin(&x[..30]).unwrap();
    let phi = contributions(&m, &x[..30]).unwrap();
    for (c, want) in phi.chunks(4).zip(&margin) {
        assert!((c.iter().sum::<f64>() - want).abs() < 1e-9);
    }
}

#[test]
fn bad_params_and_data_are_typed_errors_naming_the_field() {
    let (x, y) = data(10, 2, 8, |r| r[0]);
    let cases: Vec<(GbdtParams, &str)> = vec![
        (
            GbdtParams {
                n_trees: 0,
                ..GbdtParams::default()
            },
            "n_trees",
        ),
        (
            GbdtParams {
                max_depth: 0,
                ..GbdtParams::default()
            },
            "max_depth",
        ),
        (
            GbdtParams {
                max_depth: 17,
                ..GbdtParams::default()
            },
            "max_depth",
        ),
        (
            GbdtParams {
                max_bins: 256,
                ..GbdtParams::default()
            },
            "max_bins",
        ),
        (
            GbdtParams {
                learning_rate: 0.0,
                ..GbdtParams::default()
            },
            "learning_rate",
        ),
        (
            GbdtParams {
                learning_rate: f64::NAN,
                ..GbdtParams::default()
            },
            "learning_rate",
        ),
        (
            GbdtParams {
                lambda: -1.0,
                ..GbdtParams::default()
            },
            "lambda",
        ),
        (
            GbdtParams {
                min_child_hessian: f64::INFINITY,
                ..GbdtParams::default()
            },
            "min_child_hessian",
        ),
        (
            GbdtParams {
                min_split_gain: -0.1,
                ..GbdtParams::default()
            },
            "min_split_gain",
        ),
        (
            GbdtParams {
                subsample: 1.5,
                ..GbdtParams::default()
            },
            "subsample",
        ),
        (
            GbdtParams {
                colsample: 0.0,
                ..GbdtParams::default()
            },
            "colsample",
        ),
    ];
    for (p, field) in cases {
        let e = train(&x, &y, &names(2), &p).unwrap_err();
        assert!(matches!(e, Error::InvalidInput(_)), "{e:?}");
        assert!(e.to_string().contains(&format!("`{field}`")), "{e}");
    }
    let p = GbdtParams::default();
    let e = train(&x[..19], &y, &names(2), &p).unwrap_err().to_string();
    assert!(e.contains("19 values for 10 rows"), "{e}");
    let e = train(&[], &[], &names(2), &p).unwrap_err().to_string();
    assert!(e.contains("no training rows"), "{e}");
    let mut bad_y = y.clone();
    bad_y[3] = f64::NAN;
    let e = train(&x, &bad_y, &names(2), &p).unwrap_err().to_string();
    assert!(e.contains("y[3]"), "{e}");
    let logistic = GbdtParams {
        objective: GbdtObjective::Logistic,
        ..p
    };
    let e = train(
        &x,
        &y.iter().map(|v| v * 2.0).collect::<Vec<_>>(),
        &names(2),
        &logistic,
    )
    .unwrap_err();
    assert!(e.to_string().contains("[0, 1]"), "{e}");
    // Partial JSON takes the defaults; a wrong type is a serde error.
    let p: GbdtParams = serde_json::from_str(r#"{"n_trees": 7, "objective": "logistic"}"#).unwrap();
    assert_eq!(
        (p.n_trees, p.objective, p.max_depth),
        (7, GbdtObjective::Logistic, 4)
    );
    assert!(serde_json::from_str::<GbdtParams>(r#"{"max_depth": "deep"}"#).is_err());
}
