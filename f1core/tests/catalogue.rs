//! The embedded circuit catalogue checked against the real Ergast dump.
//! Method and tolerances: docs/circuits.md.

mod common;

use f1core::Dataset;
use f1core::catalogue::{self, CircuitFacts};
use f1core::domain::{Id, Race};
use std::collections::BTreeSet;

/// Races at this circuit that have results, in date order.
fn races_at<'a>(ds: &'a Dataset, c: &CircuitFacts) -> Vec<&'a Race> {
    let id = ds.circuit_by_ref(&c.circuit_ref).unwrap().id;
    ds.all_races()
        .iter()
        .filter(|r| r.circuit_id == id && ds.has_results(r.id))
        .collect()
}

fn race_2024<'a>(ds: &'a Dataset, c: &CircuitFacts) -> Option<&'a Race> {
    races_at(ds, c).into_iter().find(|r| r.year == 2024)
}

/// (laps, race time in s) of the 2024 winner.
fn winner(ds: &Dataset, race_id: Id) -> (u32, f64) {
    let w = ds
        .results_of(race_id)
        .into_iter()
        .find(|r| r.position_order == 1)
        .unwrap();
    (w.laps, w.time.unwrap().as_secs_f64())
}

#[test]
fn covers_exactly_the_2025_calendar() {
    let ds = common::dataset();
    let cal: Vec<&str> = ds
        .races(2025)
        .iter()
        .map(|r| ds.circuit(r.circuit_id).unwrap().circuit_ref.as_str())
        .collect();
    assert_eq!(cal.len(), 24);
    // No circuit hosts two rounds in 2025: 24 races, 24 circuits.
    assert_eq!(cal.iter().collect::<BTreeSet<_>>().len(), 24);
    let ours: Vec<&str> = catalogue::all()
        .iter()
        .map(|c| c.circuit_ref.as_ref())
        .collect();
    assert_eq!(ours, cal, "catalogue follows the calendar order");
    for c in catalogue::all() {
        let d = ds.circuit_by_ref(&c.circuit_ref).unwrap();
        assert_eq!(c.name, d.name.as_str());
        assert_eq!(c.country, d.country.as_str());
    }
}

#[test]
fn race_distance_is_the_fewest_laps_over_305_km() {
    for c in catalogue::all() {
        let d = c.race_distance_km();
        if c.circuit_ref == "monaco" {
            // Monaco is exempt from the 305 km rule: 78 laps, ~260 km.
            assert!((255.0..265.0).contains(&d), "monaco {d}");
        } else {
            // Sporting regulations: fewest laps exceeding 305 km.
            assert!(
                d > 305.0 && d - c.lap_length_km < 305.0,
                "{} {d}",
                c.circuit_ref
            );
        }
    }
}

#[test]
fn race_laps_match_the_2024_winner() {
    let ds = common::dataset();
    // São Paulo 2024 stopped at 69 of 71 laps (two-hour limit after the
    // rain and red flag).
    let expected_short = BTreeSet::from(["interlagos"]);
    let mut short = BTreeSet::new();
    for c in catalogue::all() {
        let r = race_2024(ds, c).unwrap_or_else(|| panic!("{} raced in 2024", c.circuit_ref));
        let (laps, _) = winner(ds, r.id);
        eprintln!(
            "{:14} catalogue {:3} winner 2024 {laps:3}",
            c.circuit_ref, c.race_laps
        );
        if laps != c.race_laps {
            short.insert(c.circuit_ref.as_ref());
        }
    }
    assert_eq!(short, expected_short);
}

#[test]
fn typical_lap_is_near_the_2024_winners_average() {
    let ds = common::dataset();
    let red_flagged: BTreeSet<Id> = ds.tables().red_flags.iter().map(|f| f.race_id).collect();
    // Not representative of a dry green lap: Canada 2024 started wet with two
    // safety cars; Qatar 2024 had three safety-car periods.
    let exceptions = ["villeneuve", "losail"];
    let mut skipped = BTreeSet::new();
    for c in catalogue::all() {
        let r = race_2024(ds, c).unwrap();
        let (laps, secs) = winner(ds, r.id);
        let avg = secs / laps as f64;
        let dev = (c.typical_race_lap - avg) / avg;
        eprintln!(
            "{:14} typical {:6.1} winner avg 2024 {avg:6.1} ({:+.1} %)",
            c.circuit_ref,
            c.typical_race_lap,
            dev * 100.0
        );
        // A red-flagged race's time includes the suspension.
        if red_flagged.contains(&r.id) || exceptions.contains(&c.circuit_ref.as_ref()) {
            skipped.insert(c.circuit_ref.as_ref());
            continue;
        }
        assert!(dev.abs() <= 0.08, "{} {dev}", c.circuit_ref);
    }
    let expected = BTreeSet::from(["suzuka", "monaco", "interlagos", "villeneuve", "losail"]);
    assert_eq!(skipped, expected);
}

#[test]
fn typical_lap_is_a_little_over_the_latest_fastest_lap() {
    let ds = common::dataset();
    // São Paulo 2024 was wet throughout: its fastest lap is no dry reference.
    let mut skipped = Vec::new();
    for c in catalogue::all() {
        // Latest race with fastest laps in the dump (Monaco 2024 has none).
        let (year, fastest) = races_at(ds, c)
            .into_iter()
            .rev()
            .find_map(|r| {
                let best = ds
                    .results_of(r.id)
                    .into_iter()
                    .filter_map(|x| x.fastest_lap_time)
                    .min()?;
                Some((r.year, best.as_secs_f64()))
            })
            .unwrap();
        assert!(year >= 2023, "{} {year}", c.circuit_ref);
        let ratio = c.typical_race_lap / fastest;
        eprintln!("{:14} typical / fastest {year} {ratio:.3}", c.circuit_ref);
        if c.circuit_ref == "interlagos" {
            skipped.push(ratio);
            continue;
        }
        assert!((1.0..=1.08).contains(&ratio), "{} {ratio}", c.circuit_ref);
    }
    assert!(
        skipped[0] < 1.0,
        "interlagos 2024 no longer slower than dry"
    );
}

#[test]
fn safety_car_odds_follow_2015_to_2024() {
    let ds = common::dataset();
    let vsc: BTreeSet<Id> = ds.tables().vsc.iter().map(|v| v.race_id).collect();
    for c in catalogue::all() {
        let races: Vec<_> = races_at(ds, c)
            .into_iter()
            .filter(|r| (2015..=2024).contains(&r.year))
            .collect();
        let n = races.len() as f64;
        assert!(n >= 2.0, "{}: {n} races", c.circuit_ref);
        let sc = races
            .iter()
            .filter(|r| ds.safety_cars_of(r.id).next().is_some())
            .count() as f64
            / n;
        let v = races.iter().filter(|r| vsc.contains(&r.id)).count() as f64 / n;
        eprintln!(
            "{:14} races {n:2} SC {:.2} vs {sc:.2}  VSC {:.2} vs {v:.2}",
            c.circuit_ref, c.safety_car_probability, c.vsc_probability
        );
        assert!(
            (c.safety_car_probability - sc).abs() <= 0.25,
            "{} SC",
            c.circuit_ref
        );
        assert!(
            (c.vsc_probability - v).abs() <= 0.25,
            "{} VSC",
            c.circuit_ref
        );
    }
}

#[test]
fn pit_loss_is_a_little_under_the_pit_lane_time() {
    let ds = common::dataset();
    for c in catalogue::all() {
        // Pit-lane times 2022-2024; stops over 60 s span red flags.
        let mut lane: Vec<f64> = races_at(ds, c)
            .into_iter()
            .filter(|r| r.year >= 2022)
            .flat_map(|r| ds.pit_stops_of(r.id))
            .filter_map(|p| p.duration.map(|d| d.as_secs_f64()))
            .filter(|&s| s < 60.0)
            .collect();
        assert!(lane.len() >= 20, "{}: {} stops", c.circuit_ref, lane.len());
        lane.sort_by(f64::total_cmp);
        let median = lane[lane.len() / 2];
        let saved = median - c.pit_loss;
        eprintln!(
            "{:14} pit lane median {median:5.2} pit loss {:4.1} (track stretch {saved:.2})",
            c.circuit_ref, c.pit_loss
        );
        // Loss = lane time - green-flag time over the same stretch.
        assert!((1.0..=6.0).contains(&saved), "{} {saved}", c.circuit_ref);
    }
}
