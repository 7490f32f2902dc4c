use super::*;
use crate::features::{FeatureGroup, FeatureInfo, FeatureMatrix, RowKey};

/// A seeded generator: races of 12 cars with two features, finishing
/// orders drawn from Plackett–Luce with weights (1.5, -0.7).
fn races(count: usize) -> Vec<RaceSample> {
    let mut x = 7u64;
    let mut uniform = move || {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (x >> 11) as f64 / (1u64 << 53) as f64
    };
    let info = |name: &str| FeatureInfo {
        name: name.into(),
        group: FeatureGroup::Extra,
        description: String::new(),
    };
    (0..count)
        .map(|r| {
            let n = 12;
            let values: Vec<f64> = (0..n * 2).map(|_| uniform() * 2.0 - 1.0).collect();
            // Exponential race: smaller Exp(λ) time finishes first.
            let mut t: Vec<(f64, usize)> = (0..n)
                .map(|i| {
                    let s = 1.5 * values[2 * i] - 0.7 * values[2 * i + 1];
                    (-(1.0 - uniform()).ln() / s.exp(), i)
                })
                .collect();
            t.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut finish = vec![0; n];
            for (place, (_, i)) in t.iter().enumerate() {
                finish[*i] = place as u32 + 1;
            }
            RaceSample {
                race_id: r as u32,
                year: 2000,
                round: r as u32,
                features: FeatureMatrix {
                    columns: vec![info("a"), info("b")],
                    rows: (0..n)
                        .map(|i| RowKey {
                            driver_id: Some(i as u32),
                            driver_ref: format!("d{i}"),
                            constructor_id: None,
                            constructor_ref: String::new(),
                        })
                        .collect(),
                    values,
                },
                finish,
                quali: vec![None; n],
                scoring_places: 10,
            }
        })
        .collect()
}

#[test]
fn recovers_plackett_luce_weights() {
    let data = races(400);
    let refs: Vec<&RaceSample> = data.iter().collect();
    let opts = FitOptions {
        stages: 11,
        l2: 0.0,
        half_life_seasons: 0.0,
        max_iters: 200,
        unpenalised: vec![],
    };
    let m = fit_features(
        RaceModelKind::PostQualifying,
        vec!["a".into(), "b".into()],
        &refs,
        &opts,
    )
    .unwrap();
    // Weights are per standard deviation: undo it.
    let w: Vec<f64> = m.weights.iter().zip(&m.scale).map(|(w, s)| w / s).collect();
    assert!(
        (w[0] - 1.5).abs() < 0.15 && (w[1] + 0.7).abs() < 0.15,
        "{w:?}"
    );
    // Winner-only fits the same model, with more noise.
    let opts = FitOptions { stages: 1, ..opts };
    let m1 = fit_features(
        RaceModelKind::GridOnly,
        vec!["a".into(), "b".into()],
        &refs,
        &opts,
    )
    .unwrap();
    assert!(
        m1.weights[0] > 0.0 && m1.weights[1] < 0.0,
        "{:?}",
        m1.weights
    );
}

/// Progress counts L-BFGS iterations out of `max_iters` and changes
/// nothing in the fit.
#[test]
fn progress_counts_iterations_and_the_fit_stays_the_same() {
    let data = races(200);
    let refs: Vec<&RaceSample> = data.iter().collect();
    let opts = FitOptions {
        stages: 3,
        l2: 0.01,
        half_life_seasons: 0.0,
        max_iters: 50,
        unpenalised: vec![],
    };
    let features = vec!["a".to_string(), "b".to_string()];
    let kind = RaceModelKind::PostQualifying;
    let plain = fit_features(kind, features.clone(), &refs, &opts).unwrap();
    let mut calls = Vec::new();
    let m = fit_from(kind, features, &refs, &opts, None, &mut |d, t| {
        calls.push((d, t))
    })
    .unwrap();
    assert_eq!(m, plain);
    assert_eq!(calls.first(), Some(&(0, 50)));
    assert_eq!(calls.last(), Some(&(50, 50)));
    // The iterations run before convergence (two here), one call each.
    assert!(calls.len() >= 3, "{calls:?}");
    assert!(calls.windows(2).all(|w| w[0].0 < w[1].0), "{calls:?}");
    assert!(calls.iter().all(|&(_, t)| t == 50));
}

#[test]
fn gradient_matches_finite_differences() {
    let data = races(20);
    let refs: Vec<&RaceSample> = data.iter().collect();
    let opts = FitOptions {
        stages: 3,
        l2: 0.1,
        half_life_seasons: 1.0,
        max_iters: 0,
        unpenalised: vec![],
    };
    // Build the problem the way `fit_features` does, through a fit
    // with no iterations, then probe it directly.
    let m = fit_features(
        RaceModelKind::GridOnly,
        vec!["a".into(), "b".into()],
        &refs,
        &opts,
    )
    .unwrap();
    assert_eq!(m.weights.len(), 2);
    let p = Problem {
        x: data
            .iter()
            .flat_map(|s| s.features.values.clone())
            .collect(),
        d: 2,
        races: (0..20)
            .map(|r| Race {
                start: r * 12,
                n: 12,
                stages: 3,
                weight: 1.0 + r as f64,
            })
            .collect(),
        l2: vec![0.1, 0.1],
        cache: RefCell::new(None),
    };
    let w = [0.3, -0.2];
    let (_, g) = p.eval(&w);
    for j in 0..2 {
        let (mut a, mut b) = (w, w);
        a[j] += 1e-6;
        b[j] -= 1e-6;
        let num = (p.eval(&a).0 - p.eval(&b).0) / 2e-6;
        assert!((num - g[j]).abs() < 1e-6, "{j}: {num} vs {}", g[j]);
    }
}

#[test]
fn no_data_is_the_uniform_model_and_bad_options_are_errors() {
    let m = fit(RaceModelKind::GridOnly, &[], &FitOptions::default()).unwrap();
    assert_eq!(m.weights, vec![0.0, 0.0]);
    for bad in [
        FitOptions {
            stages: 0,
            ..FitOptions::default()
        },
        FitOptions {
            l2: -1.0,
            ..FitOptions::default()
        },
        FitOptions {
            half_life_seasons: f64::NAN,
            ..FitOptions::default()
        },
    ] {
        let e = fit(RaceModelKind::GridOnly, &[], &bad).unwrap_err();
        assert!(matches!(e, Error::InvalidInput(_)), "{e}");
    }
}
