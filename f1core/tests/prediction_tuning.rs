//! The hyperparameter search behind `FitOptions::default()`
//! (docs/prediction.md): the full walk-forward over the validation seasons
//! 2018–2023 for each configuration. Slow in a debug build; run it with
//!
//!     cargo test --release -p f1core --test prediction_tuning -- --ignored --nocapture

mod common;

use f1core::features::FeatureBuilder;
use f1core::model::race_eval::*;
use f1core::model::race_fit::FitOptions;

#[test]
#[ignore]
fn validation_grid_2018_2023() {
    let samples = FeatureBuilder::new(common::dataset())
        .unwrap()
        .samples(2010..=2023)
        .unwrap();
    let seasons = 2018..=2023u16;
    println!(
        "stages l2 free-grid half-life | winner log-loss, accuracy, podium Brier, position MAE (post) | pre log-loss | grid log-loss"
    );
    for stages in [1, 2, 3, 5, 10] {
        for l2 in [0.01, 0.05, 0.2, 0.5, 1.0, 2.0] {
            for free in [false, true] {
                for half_life in [0.0, 2.0, 4.0] {
                    let fit = FitOptions {
                        stages,
                        l2,
                        unpenalised: if free {
                            vec!["grid".into(), "grid_log".into()]
                        } else {
                            vec![]
                        },
                        half_life_seasons: half_life,
                        max_iters: 200,
                    };
                    let mut sum = [0.0; 6];
                    for season in seasons.clone() {
                        let opts = WalkForwardOptions {
                            season,
                            train_seasons: 8,
                            fit: fit.clone(),
                            quali: None,
                        };
                        let wf = walk_forward(&samples, &opts).unwrap();
                        let (p, q, g) = (
                            wf.method(POST_QUALIFYING).unwrap(),
                            wf.method(PRE_QUALIFYING).unwrap(),
                            wf.method(GRID_ONLY).unwrap(),
                        );
                        for (s, v) in sum.iter_mut().zip([
                            p.winner_log_loss,
                            p.winner_accuracy,
                            p.podium_brier,
                            p.position_mae,
                            q.winner_log_loss,
                            g.winner_log_loss,
                        ]) {
                            *s += v.unwrap() / 6.0;
                        }
                    }
                    println!(
                        "{stages:>2} {l2:<4} {free:<5} {half_life} | {:.3} {:.3} {:.4} {:.3} | {:.3} | {:.3}",
                        sum[0], sum[1], sum[2], sum[3], sum[4], sum[5]
                    );
                }
            }
        }
    }
}
