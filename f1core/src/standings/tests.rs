//! Unit tests of the points systems on small hand-made seasons.

use super::*;

fn e(driver: &str, team: &str, position: Option<u32>, fl: Option<u32>) -> Entry {
    Entry {
        driver: driver.into(),
        driver_name: String::new(),
        driver_surname: String::new(),
        constructor: team.into(),
        constructor_name: String::new(),
        position,
        order: None,
        points: None,
        fastest_lap_rank: fl,
        disqualified: false,
        did_not_qualify: false,
    }
}

fn round(n: u32, race: Vec<Entry>, sprint: Vec<Entry>) -> RoundResults {
    RoundResults {
        round: n,
        name: String::new(),
        race,
        sprint,
        drivers_only: false,
    }
}

fn pts(s: &Standings, driver: &str) -> f64 {
    s.drivers
        .iter()
        .find(|d| d.driver_ref == driver)
        .map_or(-1.0, |d| d.points)
}

#[test]
fn finale_of_2014_scores_double() {
    let p = PointsSystem::for_season(2014, 19);
    assert_eq!(p.points_for(19, Some(1), None, false), 50.0);
    assert_eq!(p.points_for(18, Some(1), None, false), 25.0);
}

#[test]
fn fastest_lap_point_2019_needs_top_ten() {
    let p = PointsSystem::for_season(2019, 21);
    assert_eq!(p.points_for(1, Some(10), Some(1), false), 2.0);
    assert_eq!(p.points_for(1, Some(11), Some(1), false), 0.0);
    assert_eq!(p.points_for(1, None, Some(1), false), 0.0);
    // 1950s: one point for the fastest lap whoever set it.
    assert_eq!(
        PointsSystem::for_season(1955, 7).points_for(1, None, Some(1), false),
        1.0
    );
    assert_eq!(
        PointsSystem::for_season(2010, 19).points_for(1, Some(1), Some(1), false),
        25.0
    );
}

#[test]
fn sprints_2021_and_2022() {
    assert_eq!(
        PointsSystem::for_season(2021, 22).points_for(10, Some(1), None, true),
        3.0
    );
    assert_eq!(
        PointsSystem::for_season(2021, 22).points_for(10, Some(4), None, true),
        0.0
    );
    assert_eq!(
        PointsSystem::for_season(2022, 22).points_for(4, Some(8), None, true),
        1.0
    );
    let season = SeasonResults {
        year: 2021,
        rounds: vec![round(
            1,
            vec![e("a", "x", Some(1), None), e("b", "y", Some(2), Some(1))],
            vec![e("b", "y", Some(1), None), e("a", "x", Some(2), None)],
        )],
    };
    let s = standings(&season, None).unwrap();
    assert_eq!(pts(&s, "a"), 27.0);
    assert_eq!(pts(&s, "b"), 22.0); // 18 + fastest lap + 3
    assert_eq!(s.constructors[0].points, 27.0);
}

#[test]
fn half_points_and_best_car_only() {
    // 1975 Spain (round 4) was halved; constructors score the best car only.
    let season = SeasonResults {
        year: 1975,
        rounds: vec![round(
            4,
            vec![
                e("mass", "mclaren", Some(1), None),
                e("ef", "mclaren", Some(2), None),
            ],
            vec![],
        )],
    };
    let s = standings(&season, None).unwrap();
    assert_eq!(pts(&s, "mass"), 4.5);
    assert_eq!(s.constructors[0].points, 4.5);
}

#[test]
fn dropped_scores_decide_a_title() {
    // Best 11 of 16 (1981-90). a: 11 wins + 2 seconds = 111 gross, 99 net;
    // b: 2 wins + 11 seconds = 84 gross, 18 + 54 = 72 net.
    let mut rounds = Vec::new();
    for n in 1..=16u32 {
        let (a, b) = match n {
            1..=11 => (Some(1), Some(2)),
            12 | 13 => (Some(2), Some(1)),
            _ => (None, None),
        };
        rounds.push(round(
            n,
            vec![e("a", "x", a, None), e("b", "y", b, None)],
            vec![],
        ));
    }
    let s = standings(&SeasonResults { year: 1988, rounds }, None).unwrap();
    assert_eq!(s.drivers[0].driver_ref, "a");
    assert_eq!(s.drivers[0].points, 99.0);
    assert_eq!(s.drivers[0].gross_points, 111.0);
    assert_eq!(s.drivers[1].points, 9.0 * 2.0 + 6.0 * 9.0);
}

#[test]
fn countback_breaks_ties() {
    let season = SeasonResults {
        year: 2010,
        rounds: vec![
            round(
                1,
                vec![e("a", "x", Some(1), None), e("b", "y", Some(2), None)],
                vec![],
            ),
            round(
                2,
                vec![
                    e("b", "y", Some(1), None),
                    e("c", "z", Some(2), None),
                    e("a", "x", None, None),
                ],
                vec![],
            ),
            round(
                3,
                vec![
                    e("c", "z", Some(2), None),
                    e("b", "y", None, None),
                    e("a", "x", Some(2), None),
                ],
                vec![],
            ),
        ],
    };
    let s = standings(&season, None).unwrap();
    // a: 25+18 = 43 (a win, a second); b: 18+25 = 43 (a win, a second); c: 36.
    // Level on countback too: the full result order decides (b's DNF ranks 2nd).
    assert_eq!(
        s.drivers
            .iter()
            .map(|d| d.driver_ref.as_str())
            .collect::<Vec<_>>(),
        ["b", "a", "c"]
    );
    assert_eq!(s.drivers[0].wins, 1);
}

#[test]
fn level_rows_go_by_surname_and_listing_decides_what_counts() {
    let named = |driver: &str, name: &str, surname: &str, position, order| Entry {
        driver_name: name.into(),
        driver_surname: surname.into(),
        order: Some(order),
        ..e(driver, driver, position, None)
    };
    let dq = |mut x: Entry| {
        x.disqualified = true;
        x
    };
    let order = |year: u16, race: Vec<Entry>| -> Vec<String> {
        let season = SeasonResults {
            year,
            rounds: vec![round(1, race, vec![])],
        };
        let s = standings(&season, None).unwrap();
        s.drivers.iter().map(|d| d.driver_ref.clone()).collect()
    };
    // Level on everything: surname, case- and accent-insensitive, then forename.
    let race = vec![
        named("w", "Al Winner", "Winner", Some(1), 1),
        named("z", "Zed Zeta", "Zeta", None, 2),
        named("e", "Phil Étancelin", "Étancelin", None, 2),
        named("d2", "Bo de Cesaris", "de Cesaris", None, 2),
        named("d1", "Al de Cesaris", "de Cesaris", None, 2),
    ];
    assert_eq!(order(2010, race), ["w", "d1", "d2", "e", "z"]);
    // 1960: a disqualified place does not count (listed only with a result).
    let race = vec![
        named("w", "Al Winner", "Winner", Some(1), 1),
        named("r", "Bo Retired", "Retired", None, 3),
        dq(named("q", "Cy Aaron", "Aaron", None, 2)),
        named("q", "Cy Aaron", "Aaron", None, 4),
    ];
    assert_eq!(order(1960, race), ["w", "r", "q"]);
    // Both have one 9th place; y's retirement ranks better than b's. That
    // decides in 2010; in 2000 (tables list only classified drivers)
    // unclassified places do not count and the surname decides.
    let two = |year: u16| -> Vec<String> {
        let season = SeasonResults {
            year,
            rounds: vec![
                round(
                    1,
                    vec![
                        named("y", "Yo Young", "Young", Some(9), 9),
                        named("b", "Bo Brown", "Brown", None, 12),
                    ],
                    vec![],
                ),
                round(
                    2,
                    vec![
                        named("b", "Bo Brown", "Brown", Some(9), 9),
                        named("y", "Yo Young", "Young", None, 10),
                    ],
                    vec![],
                ),
            ],
        };
        let s = standings(&season, None).unwrap();
        s.drivers.iter().map(|d| d.driver_ref.clone()).collect()
    };
    assert_eq!(two(2010), ["y", "b"]);
    assert_eq!(two(2000), ["b", "y"]);
}

#[test]
fn bad_positions_are_typed_errors() {
    let season = SeasonResults {
        year: 2024,
        rounds: vec![round(1, vec![e("a", "x", Some(0), None)], vec![])],
    };
    let err = standings(&season, None).unwrap_err();
    assert!(
        matches!(err, Error::InvalidInput(ref m) if m.contains("position 0")),
        "{err}"
    );
    let season = SeasonResults {
        year: 2024,
        rounds: vec![round(1, vec![e("a", "x", Some(4_000_000), None)], vec![])],
    };
    assert!(matches!(
        standings(&season, None),
        Err(Error::InvalidInput(_))
    ));
    assert!(matches!(
        standings_by_round(&season),
        Err(Error::InvalidInput(_))
    ));
}

#[test]
fn simple_json_still_works() {
    let json = r#"{"year": 2024, "rounds": [{"round": 1, "race": [
        {"driver": "a", "constructor": "x", "position": 1},
        {"driver": "b", "constructor": "x", "position": null}]}]}"#;
    let season: SeasonResults = serde_json::from_str(json).unwrap();
    let s = standings(&season, Some(1)).unwrap();
    assert_eq!(pts(&s, "a"), 25.0);
    assert_eq!(s.constructors[0].points, 25.0);
}
