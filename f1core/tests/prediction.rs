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
