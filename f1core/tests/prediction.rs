//! Walk-forward evaluation of the race models on the real dump.

mod common;

use f1core::model::race_eval::*;

#[test]
fn walk_forward_2024_beats_the_grid_only_baseline() {
    let t = std::time::Instant::now();
    let wf = walk_forward_dataset(common::dataset(), &WalkForwardOptions::new(2024)).unwrap();
    println!("{wf}");
    eprintln!("{:?}", t.elapsed());
    let post = wf.method(POST_QUALIFYING).unwrap().winner_log_loss.unwrap();
    let grid = wf.method(GRID_ONLY).unwrap().winner_log_loss.unwrap();
    assert!(post < grid, "{post} vs {grid}");
    // The GBDT qualifying model beats the last-3 average (docs/prediction.md).
    let gbdt = wf.method(QUALI_GBDT).unwrap().quali_mae.unwrap();
    let last3 = wf.method(QUALI_LAST3).unwrap().quali_mae.unwrap();
    assert!(gbdt < last3, "{gbdt} vs {last3}");
}

/// The qualifying model fitted on 2021–2023 forecasts the 2024 opener's
/// qualifying without its qualifying columns, explains itself, and saves.
#[test]
fn qualifying_forecast_for_bahrain_2024() {
    use f1core::explain::{ExplainRequest, explain};
    use f1core::features::{FeatureBuilder, RaceSample};
    use f1core::model::quali::{QualiModel, default_params, rank_within_field};
    let fb = FeatureBuilder::new(common::dataset()).unwrap();
    let train = fb.samples(2021..=2023).unwrap();
    let train: Vec<&RaceSample> = train.iter().collect();
    let model = QualiModel::fit(&train, &default_params()).unwrap();
    assert!(
        !model
            .features
            .iter()
            .any(|f| f.starts_with("grid") || f.starts_with("quali"))
    );
    let mut m = fb.race(2024, 1).unwrap();
    let pred = model.predict(&m).unwrap();
    assert_eq!(pred.len(), 20);
    assert!(pred.iter().all(|p| (1.0..=20.0).contains(p)), "{pred:?}");
    // The reigning champion is forecast at the front, a rookie-free
    // back-marker team at the back half.
    let at = |who: &str| m.rows.iter().position(|r| r.driver_ref == who).unwrap();
    let order = rank_within_field(&pred);
    assert!(order[at("max_verstappen")] <= 2.0, "{order:?}");
    assert!(order[at("sargeant")] >= 11.0, "{order:?}");
    // Qualifying columns blanked: the same forecast (it never reads them).
    let (rows, cols) = (m.n_rows(), m.n_cols());
    let blanked: Vec<usize> = (0..cols)
        .filter(|&j| m.columns[j].name.starts_with("quali"))
        .collect();
    assert!(blanked.len() >= 3, "{blanked:?}");
    for i in 0..rows {
        for &j in &blanked {
            m.values[i * cols + j] = f64::NAN;
        }
    }
    assert_eq!(model.predict(&m).unwrap(), pred);
    // TreeSHAP over the model's own trees: contributions add up.
    let rows = model.rows(&m).unwrap();
    let req = ExplainRequest {
        subjects: m.rows.iter().map(|r| r.driver_ref.clone()).collect(),
        outcome: "qualifying position".into(),
        group: 0,
        top: 3,
        feature_labels: vec![],
    };
    let why = explain(&model.ensemble, &rows, &req).unwrap();
    let ver = &why[at("max_verstappen")];
    assert!((ver.prediction - pred[at("max_verstappen")]).abs() < 1e-9);
    assert!(ver.top[0].contribution < 0.0, "{ver:?}");
    // Saved and loaded: the same numbers.
    let json = serde_json::to_string(&model).unwrap();
    let back: QualiModel = serde_json::from_str(&json).unwrap();
    assert_eq!(back.predict(&m).unwrap(), pred);
    // A matrix without a feature the model reads: a typed error naming it.
    m.columns[0].name = "renamed".into();
    let e = model.predict(&m).unwrap_err().to_string();
    assert!(e.contains("drv_pos_last5"), "{e}");
}

/// A model fitted on 2021–2023 forecasts the 2024 opener: coherent odds,
/// the pole-sitter the favourite, and the forecast for the same race built
/// as an upcoming race (entry list + grid) identical.
#[test]
fn post_qualifying_forecast_for_bahrain_2024() {
    use f1core::features::{FeatureBuilder, FieldEntry, RaceSample, UpcomingRace};
    use f1core::model::race::RaceModelKind;
    use f1core::model::race_fit::{FitOptions, fit};
    let ds = common::dataset();
    let fb = FeatureBuilder::new(ds).unwrap();
    let train = fb.samples(2021..=2023).unwrap();
    let train: Vec<&RaceSample> = train.iter().collect();
    let model = fit(
        RaceModelKind::PostQualifying,
        &train,
        &FitOptions::default(),
    )
    .unwrap();
    assert_eq!(model.features.len(), 43);
    let m = fb.race(2024, 1).unwrap();
    let odds = model.predict(&m, 10).unwrap();
    let sum = |f: fn(&f1core::model::race::DriverOdds) -> f64| odds.iter().map(f).sum::<f64>();
    assert!((sum(|o| o.odds.p_win) - 1.0).abs() < 1e-12);
    assert!((sum(|o| o.odds.p_podium) - 3.0).abs() < 1e-9);
    assert!((sum(|o| o.odds.p_points) - 10.0).abs() < 1e-9);
    assert!((sum(|o| o.odds.expected_position) - 210.0).abs() < 1e-9);
    let fav = odds
        .iter()
        .max_by(|a, b| a.odds.p_win.total_cmp(&b.odds.p_win))
        .unwrap();
    assert_eq!(fav.driver_ref, "max_verstappen");
    assert!(fav.odds.p_win > 0.4, "{fav:?}");
    // The pre-qualifying model does not read the grid.
    let pre = fit(RaceModelKind::PreQualifying, &train, &FitOptions::default()).unwrap();
    assert!(
        !pre.features
            .iter()
            .any(|f| f.starts_with("grid") || f.starts_with("quali"))
    );
    assert_eq!(pre.predict(&m, 10).unwrap().len(), 20);
    // A matrix without a feature the model reads is a typed error.
    let mut short = m.clone();
    short.columns[0].name = "renamed".into();
    let e = model.predict(&short, 10).unwrap_err().to_string();
    assert!(e.contains("drv_pos_last5"), "{e}");
    // Serialisable as is (for the registry to come); serde_json's float
    // parsing may be off by an ulp.
    let json = serde_json::to_string(&model).unwrap();
    let back: f1core::model::race::RaceModel = serde_json::from_str(&json).unwrap();
    for (a, b) in back.predict(&m, 10).unwrap().iter().zip(&odds) {
        assert_eq!(a.driver_ref, b.driver_ref);
        assert!((a.odds.p_win - b.odds.p_win).abs() < 1e-12);
        assert!((a.odds.expected_position - b.odds.expected_position).abs() < 1e-12);
    }
    // Built as an upcoming race from its entry list and grid: same odds
    // for the grid-only model (qualifying times are not passed here).
    let grid = f1core::model::race_eval::grid_only(&train).unwrap();
    let entries = ds
        .race_results(2024, 1)
        .unwrap()
        .into_iter()
        .map(|r| FieldEntry {
            driver_ref: r.driver_ref,
            constructor_ref: r.constructor_ref,
            grid: Some(r.grid),
            quali_position: None,
            q1: None,
            q2: None,
            q3: None,
        })
        .collect();
    let up = UpcomingRace {
        year: 2024,
        round: 1,
        circuit_ref: "bahrain".into(),
        entries,
    };
    let a = grid.predict(&m, 10).unwrap();
    let b = grid.predict(&fb.upcoming(&up).unwrap(), 10).unwrap();
    assert_eq!(a, b);
}
