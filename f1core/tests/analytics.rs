//! Analytics on the real dump, checked against facts a fan knows (each
//! verified against the CSVs before being asserted).

mod common;

use f1core::ErrorKind;
use f1core::analytics::{DriverSeason, TeammateHeadToHead};
use std::time::Duration;

fn season(driver: &str, year: u16) -> DriverSeason {
    common::dataset().driver_season(driver, year).unwrap()
}

fn mate<'a>(s: &'a DriverSeason, teammate: &str) -> &'a TeammateHeadToHead {
    s.teammates
        .iter()
        .find(|t| t.teammate_ref == teammate)
        .unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn verstappen_2023() {
    let s = season("max_verstappen", 2023);
    assert_eq!(s.constructor_refs, ["red_bull"]);
    assert_eq!(
        (s.races_entered, s.races_started, s.classified_finishes),
        (22, 22, 22)
    );
    // 19 wins of 22 (not 22: Pérez won Jeddah and Baku, Sainz Singapore).
    assert_eq!(s.wins, 19);
    assert_eq!(s.podiums, 21);
    // Race + sprint points equal the official 575 (no dropped scores).
    assert_eq!(s.points, 575.0);
    assert_eq!(s.sprint_points, 45.0);
    // Qualifying P1 13 times, Spa included (he started 6th after a penalty).
    assert_eq!(s.poles, 13);
    assert_eq!(s.fastest_laps, Some(9));
    assert_eq!(s.dnfs, 0);
    assert_eq!(s.dnf_rate, Some(0.0));
    assert!(close(s.avg_finish.unwrap(), 28.0 / 22.0));

    let h = mate(&s, "perez");
    assert_eq!(h.races_together, 22);
    assert_eq!((h.race.driver_ahead, h.race.teammate_ahead), (20, 2));
    assert_eq!(
        (h.qualifying.driver_ahead, h.qualifying.teammate_ahead),
        (20, 2)
    );
}

#[test]
fn head_to_head_is_symmetric() {
    let (v, p) = (season("max_verstappen", 2023), season("perez", 2023));
    let (vp, pv) = (mate(&v, "perez"), mate(&p, "max_verstappen"));
    assert_eq!(vp.race.driver_ahead, pv.race.teammate_ahead);
    assert_eq!(vp.qualifying.teammate_ahead, pv.qualifying.driver_ahead);
    // Pérez started Melbourne and Qatar from the pit lane: left out of avg_grid.
    assert_eq!(p.pit_lane_starts, 2);
    assert_eq!(p.dnfs, 2);
}

#[test]
fn verstappen_2024() {
    let s = season("max_verstappen", 2024);
    assert_eq!(s.wins, 9);
    assert_eq!(s.points, 437.0);
    assert_eq!(s.races_started, 24);
    assert_eq!(s.dnfs, 1); // Melbourne, brake fire
}

#[test]
fn hamilton_2020() {
    let s = season("hamilton", 2020);
    assert_eq!(s.wins, 11);
    assert_eq!(s.poles, 10);
    assert_eq!(s.points, 347.0);
    // Missed the Sakhir GP with COVID-19: 16 of 17 races.
    assert_eq!(s.races_entered, 16);
    let h = mate(&s, "bottas");
    assert_eq!((h.race.driver_ahead, h.race.teammate_ahead), (12, 4));
    assert_eq!(
        (h.qualifying.driver_ahead, h.qualifying.teammate_ahead),
        (11, 5)
    );
}

#[test]
fn old_seasons_have_no_fastest_lap_data() {
    let s = season("senna", 1988);
    assert_eq!(s.wins, 8);
    assert_eq!(s.fastest_laps, None);
    assert_eq!(mate(&s, "prost").races_together, 16);
}

#[test]
fn season_table_sorted_and_consistent() {
    let ds = common::dataset();
    let t = ds.season_performance(2023).unwrap();
    assert_eq!(t.len(), 22);
    assert_eq!(t[0].driver_ref, "max_verstappen");
    assert_eq!(t[1].driver_ref, "perez");
    assert!(t.windows(2).all(|w| w[0].points >= w[1].points));
    assert_eq!(t.iter().map(|d| d.wins).sum::<u32>(), 22);
    assert_eq!(t.iter().map(|d| d.poles).sum::<u32>(), 22);
    // Each table row equals the single-driver query.
    assert_eq!(t[2], ds.driver_season(&t[2].driver_ref, 2023).unwrap());
}

#[test]
fn every_season_computes() {
    let ds = common::dataset();
    for year in ds.completed_seasons() {
        let t = ds.season_performance(year).unwrap();
        let races = ds.races(year).len() as u32;
        for d in &t {
            assert!(
                d.races_started <= d.races_entered && d.races_entered <= races,
                "{year} {}",
                d.driver_ref
            );
            assert!(
                d.dnf_rate.is_none_or(|r| (0.0..=1.0).contains(&r)),
                "{year} {}",
                d.driver_ref
            );
        }
    }
}

#[test]
fn season_table_is_fast() {
    let ds = common::dataset();
    ds.season_performance(2024).unwrap(); // warm up
    let t = std::time::Instant::now();
    ds.season_performance(2024).unwrap();
    // About a millisecond in a debug build; per-driver scans of all results
    // would take far longer.
    assert!(
        t.elapsed() < Duration::from_millis(200),
        "{:?}",
        t.elapsed()
    );
}

#[test]
fn not_found() {
    let ds = common::dataset();
    let err = ds.driver_season("nobody", 2023).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(err.to_string().contains("nobody"));

    let err = ds.driver_season("max_verstappen", 1990).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(err.to_string().contains("no race in season 1990"), "{err}");

    let err = ds.season_performance(1900).unwrap_err();
    assert!(err.to_string().contains("season 1900"), "{err}");
    // 2025 is on the calendar but has no results.
    assert_eq!(
        ds.season_performance(2025).unwrap_err().kind(),
        ErrorKind::NotFound
    );
    assert_eq!(
        ds.driver_season("max_verstappen", 2025).unwrap_err().kind(),
        ErrorKind::NotFound
    );

    let err = ds.circuit_insights("atlantis", None).unwrap_err();
    assert!(err.to_string().contains("atlantis"), "{err}");
    let err = ds.circuit_insights("monaco", Some(2030)).unwrap_err();
    assert!(err.to_string().contains("since 2030"), "{err}");
}

#[test]
fn monza() {
    let c = common::dataset().circuit_insights("monza", None).unwrap();
    assert_eq!(c.races_held, 74); // every season but 1980 (Imola)
    assert!(!c.years.contains(&1980));
    let rec = c.lap_record.unwrap();
    assert_eq!((rec.driver_ref.as_str(), rec.year), ("barrichello", 2004));
    assert_eq!(rec.time, Duration::from_millis(81_046));
    assert_eq!(c.winners_by_constructor[0].constructor_ref, "ferrari");
    assert_eq!(c.winners_by_constructor[0].wins, 20);
}

#[test]
fn monaco() {
    let ds = common::dataset();
    let c = ds.circuit_insights("monaco", None).unwrap();
    assert_eq!(c.races_held, 70);
    assert!(!c.years.contains(&2020)); // cancelled
    let rec = c.lap_record.as_ref().unwrap();
    assert_eq!((rec.driver_ref.as_str(), rec.year), ("hamilton", 2021));
    assert_eq!(rec.time, Duration::from_millis(72_909));
    let best = c.most_successful_driver.as_ref().unwrap();
    assert_eq!((best.driver_ref.as_str(), best.wins), ("senna", 6));
    assert_eq!(c.winners_by_constructor[0].constructor_ref, "mclaren");
    assert_eq!(c.winners_by_constructor[0].wins, 15);

    // Pole matters more here than at Monza or Silverstone.
    assert_eq!((c.pole_to_win.pole_wins, c.pole_to_win.races), (31, 70));
    for other in ["monza", "silverstone"] {
        let o = ds.circuit_insights(other, None).unwrap();
        assert!(c.pole_to_win.rate > o.pole_to_win.rate, "{other}");
    }

    // safety_cars.csv covers 1993–2024: 31 Monaco GPs, 15 with a safety car.
    let sc = &c.safety_cars;
    assert_eq!((sc.first_season, sc.last_season), (Some(1993), Some(2024)));
    assert_eq!(
        (sc.races, sc.races_with_safety_car, sc.deployments),
        (31, 15, 25)
    );
    assert_eq!(c.red_flags.red_flags, 8);
}

#[test]
fn pit_stops_monaco_vs_bahrain() {
    let ds = common::dataset();
    let m = ds.circuit_insights("monaco", None).unwrap().pit_stops;
    let b = ds.circuit_insights("bahrain", None).unwrap().pit_stops;
    assert_eq!((m.races, m.stops, m.starters), (13, 411, 271));
    assert_eq!((b.races, b.stops, b.starters), (14, 686, 287));
    assert!(m.avg_per_driver.unwrap() < 1.6 && b.avg_per_driver.unwrap() > 2.3);

    // 2024 alone: 23 stops by 20 starters at Monaco, 43 in Bahrain.
    let m24 = ds.circuit_insights("monaco", Some(2024)).unwrap();
    assert_eq!(m24.years, [2024]);
    assert!(close(m24.pit_stops.avg_per_driver.unwrap(), 1.15));
    let b24 = ds.circuit_insights("bahrain", Some(2024)).unwrap();
    assert!(close(b24.pit_stops.avg_per_driver.unwrap(), 2.15));
}

#[test]
fn silverstone_winners() {
    let c = common::dataset()
        .circuit_insights("silverstone", None)
        .unwrap();
    let top: Vec<(&str, u32)> = c
        .winners_by_constructor
        .iter()
        .take(3)
        .map(|w| (w.constructor_ref.as_str(), w.wins))
        .collect();
    assert_eq!(top, [("ferrari", 15), ("mclaren", 12), ("mercedes", 9)]);
    assert_eq!(
        c.winners_by_constructor.iter().map(|w| w.wins).sum::<u32>(),
        c.races_held
    );
    let best = c.most_successful_driver.unwrap();
    assert_eq!((best.driver_ref.as_str(), best.wins), ("hamilton", 9));
    // 2020 held two races here (British and 70th Anniversary GP).
    assert_eq!(c.years.iter().filter(|&&y| y == 2020).count(), 1);
    assert_eq!(c.races_held as usize, c.years.len() + 1);
}

#[test]
fn bahrain_record_is_from_the_outer_loop() {
    // Documented limit: the dump gives one circuit id per venue, so the 2020
    // Sakhir GP on the short outer layout holds the "record".
    let c = common::dataset().circuit_insights("bahrain", None).unwrap();
    let rec = c.lap_record.unwrap();
    assert_eq!(rec.race_name, "Sakhir Grand Prix");
    assert_eq!(rec.driver_ref, "russell");
    let c = common::dataset()
        .circuit_insights("bahrain", Some(2021))
        .unwrap();
    assert_eq!(c.lap_record.unwrap().race_name, "Bahrain Grand Prix");
}

#[test]
fn json_shape() {
    let ds = common::dataset();
    let v = serde_json::to_value(ds.driver_season("hamilton", 2020).unwrap()).unwrap();
    assert_eq!(v["wins"], 11);
    assert_eq!(v["teammates"][0]["qualifying"]["driver_ahead"], 11);
    let v = serde_json::to_value(ds.circuit_insights("monza", None).unwrap()).unwrap();
    assert_eq!(v["lap_record"]["time"], 81.046); // seconds
    assert_eq!(v["safety_cars"]["first_season"], 1993);
}
