//! Titles decided by dropped scores, recomputed from positions alone
//! (`points: None`): the points system, not the data's points, decides.

mod common;

use f1core::standings::{SeasonResults, standings};

fn from_positions(year: u16) -> SeasonResults {
    let mut s = common::dataset().season_results(year).unwrap();
    for r in &mut s.rounds {
        for e in r.race.iter_mut().chain(r.sprint.iter_mut()) {
            e.points = None;
        }
    }
    s
}

#[test]
fn senna_1988_champion_on_best_eleven() {
    let s = standings(&from_positions(1988), None).unwrap();
    let (senna, prost) = (&s.drivers[0], &s.drivers[1]);
    assert_eq!((senna.driver_ref.as_str(), senna.points), ("senna", 90.0));
    assert_eq!(
        (prost.driver_ref.as_str(), prost.points, prost.gross_points),
        ("prost", 87.0, 105.0)
    );
    assert!(prost.gross_points > senna.gross_points);
}

#[test]
fn surtees_1964_beats_hill_on_dropped_scores() {
    let s = standings(&from_positions(1964), None).unwrap();
    let (surtees, hill) = (&s.drivers[0], &s.drivers[1]);
    assert_eq!(
        (surtees.driver_ref.as_str(), surtees.points),
        ("surtees", 40.0)
    );
    assert_eq!(
        (hill.driver_ref.as_str(), hill.points, hill.gross_points),
        ("hill", 39.0, 41.0)
    );
}

#[test]
fn modern_seasons_from_positions_match_official_points() {
    // Positions + fastest laps + sprints reproduce the data's points from 2010
    // to 2023 (2014 double finale, 2019- fastest lap, 2021 Spa half points).
    // 2024 is off by one point for Hamilton: not yet explained (docs).
    let ds = common::dataset();
    for year in 2010..=2023u16 {
        let a = standings(&from_positions(year), None).unwrap();
        let b = ds.standings(year, None).unwrap();
        for (x, y) in a.drivers.iter().zip(&b.drivers) {
            assert_eq!(
                (year, &x.driver_ref, x.points),
                (year, &y.driver_ref, y.points)
            );
        }
    }
}
