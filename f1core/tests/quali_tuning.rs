//! The search behind `quali::default_params()` (docs/prediction.md): the
//! qualifying model's walk-forward MAE over the validation seasons
//! 2022–2023 for each configuration, beside the last-3 baseline. 2024 is
//! not looked at here. Slow in a debug build; run it with
//!
//!     cargo test --release -p f1core --test quali_tuning -- --ignored --nocapture

mod common;

use f1core::features::{FeatureBuilder, RaceSample};
use f1core::model::gbdt::GbdtParams;
use f1core::model::quali::walk_forward_mae;

/// The last-3 baseline's MAE over `tests` (mid-field for a driver without
/// history, as in the walk-forward table).
fn baseline(tests: &[&RaceSample]) -> f64 {
    let (mut sum, mut n) = (0.0, 0.0);
    for s in tests {
        let last3 = s.features.column("drv_quali_last3").unwrap();
        let field = s.quali.iter().flatten().count() as f64;
        for (p, q) in last3.iter().zip(&s.quali) {
            if let Some(q) = q {
                let guess = if p.is_finite() {
                    *p
                } else {
                    (field + 1.0) / 2.0
                };
                sum += (guess - f64::from(*q)).abs();
                n += 1.0;
            }
        }
    }
    sum / n
}

#[test]
#[ignore]
fn validation_grid_2022_2023() {
    let samples = FeatureBuilder::new(common::dataset())
        .unwrap()
        .samples(2014..=2023)
        .unwrap();
    let seasons = [2022u16, 2023];
    let tests: Vec<Vec<&RaceSample>> = seasons
        .iter()
        .map(|&y| samples.iter().filter(|s| s.year == y).collect())
        .collect();
    let base: Vec<f64> = tests.iter().map(|t| baseline(t)).collect();
    println!("baseline last-3: {:.3} {:.3}", base[0], base[1]);
    println!("trees lr depth min_hess sub col | MAE 2022 2023 mean");
    for (n_trees, learning_rate) in [(100, 0.1), (200, 0.05), (400, 0.025)] {
        for max_depth in [2, 3, 4] {
            for min_child_hessian in [5.0, 20.0, 50.0] {
                for (subsample, colsample) in [(1.0, 1.0), (0.8, 0.5)] {
                    let p = GbdtParams {
                        n_trees,
                        learning_rate,
                        max_depth,
                        min_child_hessian,
                        subsample,
                        colsample,
                        ..GbdtParams::default()
                    };
                    let mae: Vec<f64> = seasons
                        .iter()
                        .zip(&tests)
                        .map(|(&y, t)| walk_forward_mae(&samples, t, y - 8, &p).unwrap().unwrap())
                        .collect();
                    println!(
                        "{n_trees:>3} {learning_rate:<5} {max_depth} {min_child_hessian:>4} {subsample} {colsample} | {:.3} {:.3} {:.3}",
                        mae[0],
                        mae[1],
                        (mae[0] + mae[1]) / 2.0
                    );
                }
            }
        }
    }
}

/// Two choices around the chosen settings, same seasons: how many seasons
/// back to train on, and whether to hand out the predicted order (ranks
/// 1..n within the race) instead of the raw expected position.
#[test]
#[ignore]
fn validation_variants_2022_2023() {
    use f1core::model::quali::{QualiModel, default_params, rank_within_field};
    let samples = FeatureBuilder::new(common::dataset())
        .unwrap()
        .samples(2014..=2023)
        .unwrap();
    println!("train seasons, ranked | MAE 2022 2023 mean");
    for back in [3u16, 5, 8] {
        let mut sums = [[0.0; 2]; 2];
        for (k, season) in [2022u16, 2023].into_iter().enumerate() {
            let mut n = 0.0;
            let tests: Vec<&RaceSample> = samples.iter().filter(|s| s.year == season).collect();
            for test in tests {
                let train: Vec<&RaceSample> = (samples.iter())
                    .filter(|s| {
                        s.year >= season - back && (s.year, s.round) < (test.year, test.round)
                    })
                    .collect();
                let m = QualiModel::fit(&train, &default_params()).unwrap();
                let raw = m.predict(&test.features).unwrap();
                let ranked = rank_within_field(&raw);
                for ((r, o), q) in raw.iter().zip(&ranked).zip(&test.quali) {
                    if let Some(q) = q {
                        sums[0][k] += (r - f64::from(*q)).abs();
                        sums[1][k] += (o - f64::from(*q)).abs();
                        n += 1.0;
                    }
                }
            }
            sums[0][k] /= n;
            sums[1][k] /= n;
        }
        for (ranked, s) in [false, true].iter().zip(&sums) {
            println!(
                "{back} {ranked:<5} | {:.3} {:.3} {:.3}",
                s[0],
                s[1],
                (s[0] + s[1]) / 2.0
            );
        }
    }
}
