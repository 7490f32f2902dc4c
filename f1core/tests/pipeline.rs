//! The post-race pipeline on the real dump: retrain, register, forecast.

mod common;

use f1core::ErrorKind;
use f1core::domain::ModelType;
use f1core::features::FieldEntry;
use f1core::model::championship_data::SnapshotOptions;
use f1core::model::pipeline::{PipelineRequest, after_race};
use f1core::model::race::RaceModel;
use f1core::model::registry::Registry;

/// The field of a race of the dump as an entry list, with or without grid.
fn entries(year: u16, round: u32, grid: bool) -> Vec<FieldEntry> {
    (common::dataset()
        .race_results(year, round)
        .unwrap()
        .into_iter())
    .map(|r| FieldEntry {
        driver_ref: r.driver_ref,
        constructor_ref: r.constructor_ref,
        grid: grid.then_some(r.grid),
        quali_position: None,
        q1: None,
        q2: None,
        q3: None,
    })
    .collect()
}

#[test]
fn after_2024_round_10_registers_and_forecasts_round_11() {
    let ds = common::dataset();
    let dir = tempfile::tempdir().unwrap();
    let mut req = PipelineRequest::new(2024, 10, entries(2024, 11, true));
    req.train_seasons = 2;
    req.registry = Some(dir.path().to_path_buf());
    req.trained_at = Some("2024-06-24T12:00:00Z".into());
    req.championship = Some(SnapshotOptions {
        runs: 2000,
        ..SnapshotOptions::default()
    });
    let out = after_race(ds, &req).unwrap();
    assert_eq!(
        (out.completed.name.as_str(), out.next.round),
        ("Spanish Grand Prix", 11)
    );
    assert_eq!(out.next.circuit_ref, "red_bull_ring");
    // 2022 and 2023 (22 races each) and 2024's first 10.
    assert_eq!(out.races_count, 54);
    assert_eq!(out.evaluation.races, 10);
    // The three models registered with their walk-forward metrics.
    assert_eq!(out.registered.len(), 3);
    let post = &out.registered[0];
    assert_eq!(
        (post.model_type, post.version.as_str()),
        (ModelType::RaceWinner, "v1")
    );
    assert_eq!(post.races_count, 54);
    assert_eq!(post.trained_at, "2024-06-24T12:00:00Z");
    for k in [
        "accuracy",
        "log_loss",
        "podium_brier",
        "mae",
        "baseline_grid_log_loss",
    ] {
        assert!(post.metrics[k].is_finite(), "{k}: {:?}", post.metrics);
    }
    assert_eq!(post.metrics["eval_races"], 10.0);
    assert_eq!(post.hyperparameters["trained_through"], "2024 R10");
    assert!(post.feature_names.contains(&"grid".to_string()));
    // QUALI: the GBDT's walk-forward MAE beside the last-3 baseline's, both
    // in positions (1..=20, so an MAE above 10 would be nonsense).
    let q = &out.registered[2];
    assert_eq!((q.model_type, q.version.as_str()), (ModelType::Quali, "v1"));
    for k in ["mae", "baseline_last3_mae"] {
        assert!(
            q.metrics[k] > 0.5 && q.metrics[k] < 10.0,
            "{k}: {:?}",
            q.metrics
        );
    }
    assert_eq!(q.hyperparameters["max_depth"], 3);
    assert!(!q.feature_names.contains(&"grid".to_string()));
    // The next race's qualifying forecast: every entry, best first.
    assert_eq!(out.qualifying.len(), 20);
    assert!((out.qualifying.windows(2)).all(|w| w[0].expected_position <= w[1].expected_position));
    assert!(
        out.qualifying
            .iter()
            .all(|f| (1.0..=20.0).contains(&f.expected_position))
    );
    // With a grid the post-qualifying model forecasts: a coherent field.
    assert_eq!(out.forecast_model, ModelType::RaceWinner);
    assert_eq!(out.forecast_version.as_deref(), Some("v1"));
    assert_eq!(out.predictions.len(), 20);
    let sum: f64 = out.predictions.iter().map(|p| p.odds.p_win).sum();
    assert!((sum - 1.0).abs() < 1e-12);
    let p_points: f64 = out.predictions.iter().map(|p| p.odds.p_points).sum();
    assert!((p_points - 10.0).abs() < 1e-9);
    assert!(
        out.predictions
            .windows(2)
            .all(|w| w[0].odds.p_win >= w[1].odds.p_win)
    );
    // The saved model gives the same forecast.
    let reg = Registry::open(dir.path()).unwrap();
    let (_, model): (_, RaceModel) = reg.load(ModelType::RaceWinner, "v1").unwrap();
    let fb = f1core::features::FeatureBuilder::new(ds).unwrap();
    let m = fb
        .upcoming(&f1core::features::UpcomingRace {
            year: 2024,
            round: 11,
            circuit_ref: "red_bull_ring".into(),
            entries: req.entries.clone(),
        })
        .unwrap();
    let again = model.predict(&m, 10).unwrap();
    let ver = |v: &[f1core::model::race::DriverOdds]| {
        v.iter()
            .find(|p| p.driver_ref == "max_verstappen")
            .unwrap()
            .odds
            .p_win
    };
    assert!((ver(&again) - ver(&out.predictions)).abs() < 1e-12);
    // Championship as of round 10, 14 rounds and 5 sprints left.
    let c = out.championship.as_ref().unwrap();
    assert_eq!(c.after_round, 10);
    assert_eq!(c.drivers[0].key, "max_verstappen");
    // A second run without a grid: pre-qualifying forecast, v2, promoted.
    req.entries = entries(2024, 11, false);
    req.promote = true;
    req.championship = None;
    let out = after_race(ds, &req).unwrap();
    assert_eq!(out.forecast_model, ModelType::RacePreQuali);
    assert_eq!(out.forecast_version.as_deref(), Some("v2"));
    assert!(out.championship.is_none());
    let (meta, _): (_, RaceModel) = reg.latest_production(ModelType::RaceWinner).unwrap();
    assert_eq!(meta.version, "v2");
    // Three models per run; the QUALI model loads back and forecasts alike.
    assert_eq!(reg.list().unwrap().len(), 6);
    let (_, q): (_, f1core::model::quali::QualiModel) = reg.load(ModelType::Quali, "v2").unwrap();
    let again = q.predict(&m).unwrap();
    let best = again.iter().copied().fold(f64::INFINITY, f64::min);
    assert!((best - out.qualifying[0].expected_position).abs() < 1e-12);
}

#[test]
fn bad_pipeline_requests_are_typed_errors() {
    let ds = common::dataset();
    let e = after_race(ds, &PipelineRequest::new(2025, 1, entries(2024, 1, false))).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound, "{e}");
    assert!(e.to_string().contains("2025 round 1"), "{e}");
    let e = after_race(ds, &PipelineRequest::new(2024, 3, Vec::new())).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
    let mut twice = entries(2024, 4, false);
    twice.push(twice[0].clone());
    let mut req = PipelineRequest::new(2024, 3, twice);
    req.train_seasons = 1;
    let e = after_race(ds, &req).unwrap_err();
    assert!(e.to_string().contains("entered twice"), "{e}");
}
