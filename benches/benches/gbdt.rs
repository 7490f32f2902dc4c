//! Training f1core's histogram GBDT: the qualifying model's shape (about
//! eight seasons of entries, 36 pre-qualifying features) with synthetic
//! values, 200 trees of depth 4, with and without row/column sampling.

use criterion::{Criterion, criterion_group, criterion_main};
use f1core::model::gbdt::{GbdtParams, train};
use f1core::sim::SimRng;
use std::hint::black_box;

const ROWS: usize = 3500;
const FEATURES: usize = 36;

/// Rows of uniform values (some whole numbers, 5 % missing) and a target
/// that depends on a few of them.
fn data() -> (Vec<f64>, Vec<f64>) {
    let mut rng = SimRng::new(1);
    let x: Vec<f64> = (0..ROWS * FEATURES)
        .map(|i| match i % 4 {
            _ if rng.chance(0.05) => f64::NAN,
            0 => f64::from(rng.below(20)),
            _ => rng.uniform(),
        })
        .collect();
    let y = x
        .chunks(FEATURES)
        .map(|r| {
            let v = |j: usize| if r[j].is_nan() { 0.5 } else { r[j] };
            v(0) + 5.0 * v(1) * v(2) + rng.normal()
        })
        .collect();
    (x, y)
}

fn bench(c: &mut Criterion) {
    let (x, y) = data();
    let names: Vec<String> = (0..FEATURES).map(|i| format!("f{i}")).collect();
    let full = GbdtParams {
        n_trees: 200,
        max_depth: 4,
        ..GbdtParams::default()
    };
    let sampled = GbdtParams {
        subsample: 0.8,
        colsample: 0.5,
        ..full.clone()
    };
    let mut g = c.benchmark_group("gbdt");
    g.sample_size(10);
    g.bench_function("train_3500rows_36features_200trees_depth4", |b| {
        b.iter(|| train(black_box(&x), &y, &names, &full).unwrap())
    });
    g.bench_function("train_sampled_3500rows_36features_200trees_depth4", |b| {
        b.iter(|| train(black_box(&x), &y, &names, &sampled).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
