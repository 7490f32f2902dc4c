//! Tree-ensemble inference and exact TreeSHAP: 20 rows (a race's drivers)
//! through 200 trees of depth 4 (issue goals ≤ 10 µs and ≤ 1 ms), and one
//! row alone.
//!
//! With `F1CORE_TREES_BENCH_DIR` (written by `benches/compare_xgboost.py`)
//! the model is the XGBoost one that script times in the same session, and
//! the rows are real race entries; without it (CI's `cargo test --benches`)
//! a synthetic ensemble of the same shape is used.

use criterion::{Criterion, criterion_group, criterion_main};
use f1core::explain::{TreeShap, contributions};
use f1core::model::gbdt::{GbdtParams, train};
use f1core::model::trees::{Ensemble, EnsembleParams, Precision, Transform, Tree, TreeNode};
use std::hint::black_box;
use std::path::Path;

const FEATURES: usize = 7;

/// SplitMix64 → [0, 1).
fn uniform(state: &mut u64) -> f64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
}

/// 200 complete depth-4 trees (15 splits, 16 leaves) on 7 features.
fn synthetic() -> (Ensemble, Vec<f64>) {
    let mut s = 42;
    let trees = (0..200)
        .map(|_| {
            let mut nodes = Vec::with_capacity(31);
            for i in 0..31usize {
                // Halved at each level: node i sits at level log2(i + 1).
                let cover = 64.0 / f64::from(1u32 << (i + 1).ilog2());
                nodes.push(if i < 15 {
                    TreeNode::Split {
                        feature: (uniform(&mut s) * FEATURES as f64) as usize,
                        threshold: (uniform(&mut s) * 20.0).floor() + 0.5,
                        left: 2 * i + 1,
                        right: 2 * i + 2,
                        default_left: uniform(&mut s) < 0.5,
                        zero_is_missing: false,
                        cover,
                    }
                } else {
                    TreeNode::Leaf {
                        value: uniform(&mut s) - 0.5,
                        cover,
                    }
                });
            }
            Tree { nodes, group: 0 }
        })
        .collect();
    let params = EnsembleParams {
        feature_names: (0..FEATURES).map(|i| format!("f{i}")).collect(),
        num_groups: 1,
        base_margin: vec![0.0],
        transform: Transform::Sigmoid { scale: 1.0 },
        precision: Precision::F32,
        objective: "binary:logistic".into(),
    };
    let rows = (0..20 * FEATURES)
        .map(|i| {
            if i % 17 == 3 {
                f64::NAN
            } else {
                (uniform(&mut s) * 20.0).floor()
            }
        })
        .collect();
    (Ensemble::new(trees, params).expect("valid trees"), rows)
}

/// The script's model (`bench_model.json`) and rows (`bench_rows.csv`, "nan" for missing).
fn from_dir(dir: &Path) -> (Ensemble, Vec<f64>) {
    let json = std::fs::read_to_string(dir.join("bench_model.json")).expect("bench_model.json");
    let model = Ensemble::from_xgboost_json(&json).expect("XGBoost model");
    let rows = std::fs::read_to_string(dir.join("bench_rows.csv")).expect("bench_rows.csv");
    let rows = rows
        .split([',', '\n'])
        .filter(|v| !v.trim().is_empty())
        .map(|v| v.trim().parse::<f64>().expect("a number or nan"))
        .collect();
    (model, rows)
}

/// A 200-tree, depth-4 model from `f1core::model::gbdt` on `nf` features.
fn own_gbdt(nf: usize) -> Ensemble {
    let mut s = 7;
    let x: Vec<f64> = (0..2000 * nf)
        .map(|_| (uniform(&mut s) * 20.0).floor())
        .collect();
    let y: Vec<f64> = x
        .chunks(nf)
        .map(|r| r[0] - r[nf - 1] + uniform(&mut s))
        .collect();
    let names: Vec<String> = (0..nf).map(|i| format!("f{i}")).collect();
    let params = GbdtParams {
        n_trees: 200,
        max_depth: 4,
        min_child_hessian: 1.0,
        ..GbdtParams::default()
    };
    let m = train(&x, &y, &names, &params).expect("trains");
    assert_eq!((m.num_trees(), m.max_depth()), (200, 4));
    m
}

fn bench(c: &mut Criterion) {
    let (model, rows) = match std::env::var_os("F1CORE_TREES_BENCH_DIR") {
        Some(dir) => from_dir(Path::new(&dir)),
        None => synthetic(),
    };
    assert_eq!(rows.len(), 20 * model.num_features());
    assert_eq!((model.num_trees(), model.max_depth()), (200, 4));
    // SHAP adds up to the margin: the benched code computes the real thing.
    let margin = model.predict_margin(&rows).unwrap();
    let phi = contributions(&model, &rows).unwrap();
    for (c, m) in phi.chunks(model.num_features() + 1).zip(&margin) {
        assert!((c.iter().sum::<f64>() - m).abs() < 1e-4 * m.abs().max(1.0));
    }
    let mut g = c.benchmark_group("trees");
    g.bench_function("predict_20rows_200trees_depth4", |b| {
        b.iter(|| model.predict(black_box(&rows)).unwrap())
    });
    // A prepared TreeShap (per-leaf tables built once), then the one-off
    // call that builds them too, as `explain` does.
    let shap = TreeShap::new(&model);
    g.bench_function("treeshap_20rows_200trees_depth4", |b| {
        b.iter(|| shap.contributions(black_box(&rows)).unwrap())
    });
    g.bench_function("treeshap_unprepared_20rows_200trees_depth4", |b| {
        b.iter(|| contributions(&model, black_box(&rows)).unwrap())
    });
    // f1core's own GBDT (float64 model) of the same shape, trained on
    // synthetic rows of the same width.
    let own = own_gbdt(model.num_features());
    g.bench_function("predict_20rows_own_gbdt_200trees_depth4", |b| {
        b.iter(|| own.predict(black_box(&rows)).unwrap())
    });
    g.bench_function("predict_1row_200trees_depth4", |b| {
        b.iter(|| {
            model
                .predict(black_box(&rows[..model.num_features()]))
                .unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
