//! The strategy simulator on the three shared 2024 races: replaying each
//! classified driver's actual strategy must reproduce where they finished
//! and how long their race took — with the driver's own laps driving the car
//! (the simulator's default) and, as a test of the fitted model, with the
//! model alone.

mod common;

use f1core::catalogue;
use f1core::data::read_laps;
use f1core::sim::{Pace, PassingRule, RaceField};

const RACES: [(&str, &str); 3] = [
    ("bahrain", "bahrain"),
    ("spanish", "catalunya"),
    ("italian", "monza"),
];

fn field(race: &str, circuit: &str) -> RaceField {
    let path = common::data_dir().join(format!("laps/2024-{race}-grand-prix.csv"));
    let laps = read_laps(&path).unwrap();
    let facts = catalogue::get(circuit).unwrap();
    RaceField::from_laps(&laps, PassingRule::new(facts.overtake_delta)).unwrap()
}

struct Replay {
    drivers: usize,
    positions: usize,
    /// |simulated − actual| / actual race time, %, per driver.
    errors: Vec<f64>,
}

fn replay(f: &RaceField, race: &str, pace: Pace) -> Replay {
    let classified = f.classified();
    let mut out = Replay {
        drivers: classified.len(),
        positions: 0,
        errors: Vec::new(),
    };
    for d in &classified {
        let mut req = f.actual_strategy(d).unwrap();
        req.pace = pace;
        let r = f.simulate(&req).unwrap();
        assert!(
            r.time_gained.abs() < 1e-9,
            "{d}: the replay is its own baseline"
        );
        let (laps, actual) = f.actual_race_time(d).unwrap();
        // Same distance: a car may be lapped once more or less than it was.
        let sim: f64 = r
            .lap_by_lap
            .iter()
            .take(laps as usize)
            .map(|l| l.lap_time)
            .sum();
        let err = 100.0 * (sim - actual) / actual;
        let hit = r.simulated_position == r.original_position.unwrap();
        out.positions += usize::from(hit);
        // A lap the table lacks has no actual time to compare with.
        let estimated = f.estimated_laps(d).unwrap();
        if estimated.is_empty() {
            out.errors.push(err.abs());
        } else {
            println!("  {race} {d}: laps {estimated:?} untimed in the table, time not compared");
        }
        if !hit || err.abs() > 0.02 {
            println!(
                "  {race} {pace:?} {d}: P{} → P{}, {sim:.3} s vs {actual:.3} s over {laps} laps ({err:+.3} %)",
                r.original_position.unwrap(),
                r.simulated_position,
            );
        }
    }
    let mean = out.errors.iter().sum::<f64>() / out.errors.len() as f64;
    let max = out.errors.iter().copied().fold(0.0, f64::max);
    println!(
        "{race} {pace:?}: positions {}/{} reproduced; race time |error| mean {mean:.3} %, max {max:.3} %; stop cost {:.2} s",
        out.positions,
        out.drivers,
        f.pit_loss()
    );
    out
}

fn check(pace: Pace, min_rate: f64) {
    let (mut n, mut hits) = (0, 0);
    for (race, circuit) in RACES {
        let f = field(race, circuit);
        let r = replay(&f, race, pace);
        let max = r.errors.iter().copied().fold(0.0, f64::max);
        assert!(
            max <= 0.5,
            "{race} {pace:?}: a replayed race time is off by {max:.3} %"
        );
        n += r.drivers;
        hits += r.positions;
    }
    let rate = hits as f64 / n as f64;
    println!(
        "{pace:?}: {hits}/{n} = {:.1} % positions reproduced",
        100.0 * rate
    );
    assert!(
        rate >= min_rate,
        "{pace:?}: {:.1} % of positions reproduced",
        100.0 * rate
    );
}

/// The simulator as users run it: the issue's bar, ≥ 90 % and ≤ 0.5 %.
#[test]
fn replay_with_actual_pace() {
    check(Pace::Actual, 0.9);
}

/// The fitted model alone: race times within 0.5 %; positions (midfield
/// gaps of 1–3 s over 90 minutes) are printed with a floor that catches a
/// broken model or passing rule.
#[test]
fn replay_with_model_pace() {
    check(Pace::Model, 0.7);
}

/// Changing the strategy changes the race by what the model says it should.
#[test]
fn a_different_strategy_moves_the_driver() {
    use f1core::domain::Compound;
    use f1core::sim::PlannedStop;
    let f = field("bahrain", "bahrain");
    let actual = f.actual_strategy("VER").unwrap();
    // Verstappen ran SOFT–HARD–SOFT, stopping after laps 17 and 37.
    let stops: Vec<u32> = actual.pit_stops.iter().map(|s| s.lap).collect();
    assert_eq!(stops, [17, 37]);
    // An extra stop costs about a stop's time loss less what fresher tyres
    // give back, and the rest of the field does not move.
    let mut extra = actual.clone();
    extra.pit_stops.push(PlannedStop {
        lap: 50,
        compound: Compound::Soft,
        tyre_age: 0,
    });
    let r = f.simulate(&extra).unwrap();
    let lost = -r.time_gained;
    println!(
        "VER + stop on lap 50: {lost:.2} s lost, P{}",
        r.simulated_position
    );
    assert!(lost > 10.0 && lost < f.pit_loss(), "{lost}");
    assert_eq!(r.lap_by_lap.len(), 57);
    assert_eq!(r.lap_by_lap[50].tyre_age, 1, "a new set on lap 51");
    assert_eq!(r.lap_by_lap[50].compound, Compound::Soft);
    // The response is the seed's shape.
    let json = serde_json::to_value(&r).unwrap();
    for k in [
        "original_position",
        "simulated_position",
        "time_gained",
        "lap_by_lap",
    ] {
        assert!(json.get(k).is_some(), "{k}");
    }
    let lap = &json["lap_by_lap"][0];
    for k in [
        "lap",
        "position",
        "lap_time",
        "compound",
        "tyre_age",
        "gap_to_leader",
    ] {
        assert!(lap.get(k).is_some(), "{k}");
    }
    // A slower car (Sargeant, last) that no longer stops twice gains time.
    let sar = f.actual_strategy("SAR").unwrap();
    let one_stop = f1core::sim::SimulateRequest {
        pit_stops: vec![PlannedStop {
            lap: 30,
            compound: Compound::Hard,
            tyre_age: 0,
        }],
        ..sar.clone()
    };
    let r = f.simulate(&one_stop).unwrap();
    println!(
        "SAR one stop: {:+.2} s, P{} → P{}",
        r.time_gained,
        r.original_position.unwrap(),
        r.simulated_position
    );
}

#[test]
fn bad_requests_are_typed_errors() {
    use f1core::domain::Compound;
    use f1core::sim::{PlannedStop, SimulateRequest};
    use f1core::strategy::Weather;
    let f = field("italian", "monza");
    let req = |stops: Vec<(u32, Compound)>, start, weather| SimulateRequest {
        race: None,
        driver: "LEC".into(),
        pit_stops: stops
            .into_iter()
            .map(|(lap, compound)| PlannedStop {
                lap,
                compound,
                tyre_age: 0,
            })
            .collect(),
        starting_compound: start,
        starting_tyre_age: None,
        weather,
        pace: Pace::Actual,
    };
    let err = |r: SimulateRequest| f.simulate(&r).unwrap_err().to_string();
    let e = err(req(
        vec![(20, Compound::Medium)],
        Compound::Medium,
        Weather::Dry,
    ));
    assert!(e.contains("two different dry compounds"), "{e}");
    let e = err(req(
        vec![(60, Compound::Hard)],
        Compound::Medium,
        Weather::Dry,
    ));
    assert!(e.contains("lap 60"), "{e}");
    let e = err(req(
        vec![(30, Compound::Hard), (20, Compound::Medium)],
        Compound::Medium,
        Weather::Dry,
    ));
    assert!(e.contains("increasing"), "{e}");
    let e = err(req(
        vec![(20, Compound::Wet)],
        Compound::Intermediate,
        Weather::Wet,
    ));
    assert!(e.contains("no Intermediate laps"), "{e}");
    let e = err(req(
        vec![(20, Compound::Hard)],
        Compound::Intermediate,
        Weather::Dry,
    ));
    assert!(e.contains("not a dry compound"), "{e}");
    let mut r = req(vec![(20, Compound::Hard)], Compound::Medium, Weather::Dry);
    r.driver = "XXX".into();
    let e = f.simulate(&r).unwrap_err();
    assert_eq!(e.kind(), f1core::ErrorKind::NotFound);
    // JSON in the seed's shape (pace defaults to ACTUAL).
    let r: SimulateRequest = serde_json::from_str(
        r#"{"race": "2024-italian-grand-prix", "driver": "LEC", "starting_compound": "HARD",
            "pit_stops": [{"lap": 25, "compound": "MEDIUM"}], "weather": "DRY"}"#,
    )
    .unwrap();
    let out = f.simulate(&r).unwrap();
    assert_eq!(out.stints.len(), 2);
    assert_eq!(out.original_position, Some(1));
}

#[test]
fn field_options_pick_the_passing_rule_and_stop_cost() {
    use f1core::ErrorKind;
    use f1core::progress::ignore;
    use f1core::sim::FieldOptions;
    let path = common::data_dir().join("laps/2024-bahrain-grand-prix.csv");
    let laps = read_laps(&path).unwrap();
    let opts = |json: &str| serde_json::from_str::<FieldOptions>(json).unwrap();
    let built = RaceField::build(&laps, &opts(r#"{"circuit": "bahrain"}"#), &mut ignore).unwrap();
    let reference = field("bahrain", "bahrain");
    assert_eq!(built.pit_loss(), reference.pit_loss());
    assert_eq!(built.classified(), reference.classified());
    let req = reference.actual_strategy("VER").unwrap();
    assert_eq!(
        built.simulate(&req).unwrap(),
        reference.simulate(&req).unwrap()
    );

    let dearer = RaceField::build(
        &laps,
        &opts(r#"{"overtake_delta": 0.8, "pit_loss": 30}"#),
        &mut ignore,
    )
    .unwrap();
    assert!((dearer.pit_loss() - 30.0).abs() < 1e-12);
    for (json, kind) in [
        ("{}", ErrorKind::InvalidInput),
        (r#"{"circuit": "atlantis"}"#, ErrorKind::NotFound),
        (r#"{"overtake_delta": -1}"#, ErrorKind::InvalidInput),
        (
            r#"{"circuit": "bahrain", "pit_loss": -5}"#,
            ErrorKind::InvalidInput,
        ),
    ] {
        let e = RaceField::build(&laps, &opts(json), &mut ignore).unwrap_err();
        assert_eq!(e.kind(), kind, "{json}: {e}");
    }
}
