//! Race model inference and retraining on the real dump (issue 4 goals:
//! predict 20 drivers ≤ 10 µs; retrain for one race ≤ 0.5 s).
//!
//! - `predict/odds_20_drivers`: scores + P(win), P(podium), P(points) and
//!   expected position for the 2024 Bahrain field from its feature matrix.
//! - `predict/predict_20_drivers`: the same, returning rows with refs.
//! - `predict/scores_20_drivers` and `predict/field_odds_20_drivers`: its
//!   two halves — the linear scores, and the odds from those scores.
//! - `predict/retrain_fit`: one post-qualifying fit on the 8 seasons before
//!   2024 (the walk-forward's per-race step, features cached).
//! - `predict/retrain_with_new_race`: features of the newly completed race
//!   (polars) plus that fit.
//!
//! docs/prediction.md and docs/PERFORMANCE.md record the medians.

use criterion::{Criterion, criterion_group, criterion_main};
use f1core::Dataset;
use f1core::features::{FeatureBuilder, RaceSample};
use f1core::model::race::RaceModelKind;
use f1core::model::race_fit::{FitOptions, fit};
use f1core::model::race_odds::field_odds;
use std::hint::black_box;
use std::path::PathBuf;

fn data_dir() -> PathBuf {
    std::env::var_os("F1CORE_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data"))
}

fn bench(c: &mut Criterion) {
    let ds = Dataset::load(data_dir()).expect("the Ergast dump (set F1CORE_DATA)");
    let fb = FeatureBuilder::new(&ds).unwrap();
    let samples = fb.samples(2016..=2023).unwrap();
    let train: Vec<&RaceSample> = samples.iter().collect();
    let opts = FitOptions::default();
    let model = fit(RaceModelKind::PostQualifying, &train, &opts).unwrap();
    let bahrain = fb.race(2024, 1).unwrap();
    assert_eq!(bahrain.n_rows(), 20);
    let mut g = c.benchmark_group("predict");
    let mut out = Vec::new();
    g.bench_function("odds_20_drivers", |b| {
        b.iter(|| model.odds_into(black_box(&bahrain), 10, &mut out).unwrap())
    });
    g.bench_function("predict_20_drivers", |b| {
        b.iter(|| model.predict(black_box(&bahrain), 10).unwrap())
    });
    g.bench_function("scores_20_drivers", |b| {
        b.iter(|| model.scores(black_box(&bahrain)).unwrap())
    });
    let scores = model.scores(&bahrain).unwrap();
    g.bench_function("field_odds_20_drivers", |b| {
        b.iter(|| field_odds(black_box(&scores), 10, &mut out))
    });
    g.sample_size(10);
    g.bench_function("retrain_fit", |b| {
        b.iter(|| fit(RaceModelKind::PostQualifying, black_box(&train), &opts).unwrap())
    });
    g.bench_function("retrain_with_new_race", |b| {
        b.iter(|| {
            let new = fb.sample(2024, 1).unwrap();
            let mut with_new = train.clone();
            with_new.push(&new);
            fit(RaceModelKind::PostQualifying, &with_new, &opts).unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
