mod common;

use chrono::NaiveDate;
use f1core::domain::{RaceStatus, StatusClass};
use std::time::Duration;

#[test]
fn loads_every_table_of_the_real_dump() {
    let ds = common::dataset();
    let t = ds.tables();
    assert_eq!(t.seasons.first().map(|s| s.year), Some(1950));
    assert_eq!(t.seasons.last().map(|s| s.year), Some(2025));
    assert_eq!(t.circuits.len(), 77);
    assert_eq!(t.drivers.len(), 864);
    assert_eq!(t.constructors.len(), 212);
    assert_eq!(t.races.len(), 1149);
    assert_eq!(t.results.len(), 26759);
    assert_eq!(t.sprint_results.len(), 360);
    assert_eq!(t.qualifying.len(), 10494);
    assert_eq!(t.pit_stops.len(), 11371);
    assert_eq!(t.driver_standings.len(), 34863);
    assert_eq!(t.constructor_standings.len(), 13391);
    assert_eq!(t.safety_cars.len(), 346);
    assert_eq!(t.red_flags.len(), 98);
    assert!(!t.vsc.is_empty());
    assert_eq!(ds.completed_seasons().last(), Some(&2024));
    assert_eq!(ds.races(2025).len(), 24);
    assert!(ds.races(2025).iter().all(|r| !ds.has_results(r.id)));
}

#[test]
fn result_times_gaps_and_statuses_are_typed() {
    let ds = common::dataset();
    // 2008 Australian GP: Hamilton won in 1:34:50.616, Heidfeld +5.478.
    let rows = ds.race_results(2008, 1).unwrap();
    let winner = &rows[0];
    assert_eq!(winner.driver_ref, "hamilton");
    assert_eq!(winner.constructor_name, "McLaren");
    assert_eq!(winner.time, Some(Duration::from_millis(5_690_616)));
    assert_eq!(winner.fastest_lap_time, Some(Duration::from_millis(87_452)));
    assert_eq!(winner.status_class, StatusClass::Finished);
    let second = &rows[1];
    assert_eq!(second.driver_ref, "heidfeld");
    assert_eq!(
        second.gap,
        Some(f1core::timing::Gap::Time {
            gap: Duration::from_millis(5478)
        })
    );
    assert!(rows.iter().any(|r| r.status_class == StatusClass::Lapped));
    assert!(rows.iter().any(|r| r.status_class == StatusClass::Retired));
    // 1:27.452 qualifying laps; Q3 is a Duration.
    let q = ds.qualifying(2008, 1).unwrap();
    assert_eq!(q[0].driver_ref, "hamilton");
    assert_eq!(q[0].q1, Some(Duration::from_millis(86_572)));
    assert_eq!(q[0].q3, Some(Duration::from_millis(86_714)));
}

#[test]
fn sprints_are_loaded_and_joined() {
    let ds = common::dataset();
    // 2021 British GP (round 10) held the first sprint, won by Verstappen.
    let sprint = ds.sprint_results(2021, 10).unwrap();
    assert_eq!(sprint[0].driver_ref, "max_verstappen");
    assert_eq!(sprint[0].points, 3.0);
    assert_eq!(sprint[0].time, Some(Duration::from_millis(1_538_426)));
    let race = ds.race(2021, 10).unwrap();
    assert!(ds.summary(race, race.date).has_sprint);
}

#[test]
fn current_race_follows_the_calendar() {
    let ds = common::dataset();
    let on = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    // Before the 2025 opener: the Australian GP is next.
    let next = ds.current_race(on("2025-01-10")).unwrap();
    assert_eq!(
        (next.year, next.round, next.status),
        (2025, 1, RaceStatus::Scheduled)
    );
    assert_eq!(next.circuit_ref, "albert_park");
    // Race weekend of the 2025 Chinese GP (21-23 March; the 2025 rows list
    // no session dates, so the weekend is taken as Friday to Sunday).
    let now = ds.current_race(on("2025-03-22")).unwrap();
    assert_eq!((now.round, now.status), (2, RaceStatus::InProgress));
    // 2024 Chinese GP weekend: sessions from the dump, sprint on Saturday.
    let china = ds.race(2024, 5).unwrap();
    let s = ds.summary(china, on("2024-04-19"));
    assert_eq!(s.status, RaceStatus::InProgress);
    assert!(s.has_sprint);
    assert_eq!(s.sessions.len(), 5); // FP1, FP2 (sprint shoot-out), quali, sprint, race
    assert_eq!(
        ds.summary(china, on("2024-04-18")).status,
        RaceStatus::Scheduled
    );
    assert_eq!(
        ds.summary(china, on("2024-04-21")).status,
        RaceStatus::Completed
    );
    // The Monday after a race, the next one is current.
    let after = ds.current_race(on("2025-03-24")).unwrap();
    assert_eq!(after.round, 3);
    // After the season's last race there is none.
    assert!(ds.current_race(on("2026-01-01")).is_none());
}

#[test]
fn unknown_season_or_round_is_not_found() {
    let ds = common::dataset();
    let e = ds.race_results(1949, 1).unwrap_err();
    assert_eq!(e.kind(), f1core::ErrorKind::NotFound);
    assert_eq!(e.to_string(), "not found: race 1949 round 1");
}
