//! Championship Monte Carlo on hand-made seasons whose answers are known.

use super::championship::*;
use crate::error::Error;
use crate::standings::{DropBlock, PointsSystem};

fn driver(key: &str, team: &str, points: f64, strength: Option<f64>) -> ChampionshipDriver {
    ChampionshipDriver {
        driver_ref: key.into(),
        constructor_ref: team.into(),
        points,
        strength,
        round_points: Vec::new(),
        finishes: Vec::new(),
    }
}

fn request(
    year: u16,
    after: u32,
    drivers: Vec<ChampionshipDriver>,
    rounds: &[u32],
) -> ChampionshipRequest {
    ChampionshipRequest {
        season: year,
        after_round: after,
        drivers,
        constructors: Vec::new(),
        remaining: (rounds.iter())
            .map(|&round| RemainingRound {
                round,
                sprint: false,
            })
            .collect(),
        points: PointsSystem::for_season(year, 0),
        runs: 20_000,
        seed: 7,
        fastest_lap_by_position: FASTEST_LAP_BY_POSITION.to_vec(),
        form_sd: 0.0,
        driver_form_sd: 0.0,
    }
}

/// A 2024-like snapshot: 20 cars of 10 teams, 8 rounds and 2 sprints left.
fn field_2024() -> ChampionshipRequest {
    let drivers = (0..20)
        .map(|i| {
            let mut d = driver(
                &format!("d{i}"),
                &format!("t{}", i / 2),
                (200 - 10 * i).max(0) as f64,
                Some(-0.25 * i as f64),
            );
            d.finishes = vec![(10 - i / 2).max(0) as u32];
            d
        })
        .collect();
    let mut r = request(2024, 16, drivers, &[17, 18, 19, 20, 21, 22, 23, 24]);
    r.remaining[2].sprint = true;
    r.remaining[5].sprint = true;
    r.runs = 4000;
    r
}

#[test]
fn deterministic_per_seed_and_coherent() {
    let req = field_2024();
    let a = championship(&req).unwrap();
    assert_eq!(a, championship(&req).unwrap());
    let b = championship(&ChampionshipRequest {
        seed: 8,
        ..req.clone()
    })
    .unwrap();
    assert_ne!(a.drivers, b.drivers);
    for table in [&a.drivers, &a.constructors] {
        let n = table.len();
        let title: f64 = table.iter().map(|o| o.p_title).sum();
        assert!((title - 1.0).abs() < 1e-9, "{title}");
        for p in 0..n {
            let col: f64 = table.iter().map(|o| o.p_position[p]).sum();
            assert!((col - 1.0).abs() < 1e-9);
        }
        for o in table.iter() {
            assert!((o.p_position.iter().sum::<f64>() - 1.0).abs() < 1e-9);
            assert!(o.points_q05 <= o.points_q50 && o.points_q50 <= o.points_q95);
            assert!(o.points_q05 >= o.current_points);
        }
    }
    assert_eq!((a.drivers.len(), a.constructors.len()), (20, 10));
    // The leader, strongest too, is the favourite of both titles.
    assert_eq!(a.drivers[0].key, "d0");
    assert_eq!(a.constructors[0].key, "t0");
    assert!(a.drivers[0].p_title > 0.5 && a.drivers[0].p_title < 1.0);
    // Points handed out: 8 races × 101, 2 sprints × 36, and the
    // fastest-lap point when it falls in the top 10 (P = 0.89).
    let given: f64 = a
        .drivers
        .iter()
        .map(|o| o.expected_points - o.current_points)
        .sum();
    let want = 8.0 * 101.0 + 2.0 * 36.0 + 8.0 * 0.89;
    assert!((given - want).abs() < 0.2, "{given} vs {want}");
    // Constructors get the same (fastest lap included since 2019).
    let given_c: f64 = a.constructors.iter().map(|o| o.expected_points).sum();
    assert!((given_c - given).abs() < 1e-6, "{given_c} vs {given}");
}

#[test]
fn a_title_out_of_reach_is_certain_and_the_winner_decides_a_close_one() {
    // 60 ahead with two races left (at most 2 × 26 to gain): certain.
    let req = request(
        2024,
        22,
        vec![
            driver("a", "x", 100.0, Some(-3.0)),
            driver("b", "y", 40.0, Some(3.0)),
        ],
        &[23, 24],
    );
    let r = championship(&req).unwrap();
    assert_eq!(r.driver("a").unwrap().p_title, 1.0);
    // 5 ahead, one race of two cars left: whoever wins is champion (the
    // winner gains 7, the fastest lap cannot close it), so
    // P(title a) = P(a wins) = 3 / (3 + 1).
    let req = request(
        2024,
        23,
        vec![
            driver("a", "x", 105.0, Some(3f64.ln())),
            driver("b", "y", 100.0, Some(0.0)),
        ],
        &[24],
    );
    let p = championship(&req).unwrap().driver("a").unwrap().p_title;
    assert!((p - 0.75).abs() < 0.015, "{p}");
}

#[test]
fn ties_go_to_countback() {
    // 2015: no fastest-lap point. 7 ahead: if b wins they are level on
    // points and the count of wins decides.
    let mut a = driver("a", "x", 107.0, Some(0.0));
    let mut b = driver("b", "y", 100.0, Some(0.0));
    a.finishes = vec![3];
    b.finishes = vec![1];
    let req = request(2015, 18, vec![a.clone(), b.clone()], &[19]);
    assert_eq!(
        championship(&req).unwrap().driver("a").unwrap().p_title,
        1.0
    );
    a.finishes = vec![1];
    let req = request(2015, 18, vec![a, b], &[19]);
    let p = championship(&req).unwrap().driver("a").unwrap().p_title;
    assert!((p - 0.5).abs() < 0.015, "{p}");
}

#[test]
fn double_points_finale_of_2014() {
    // 10 ahead before the last round: a win is worth 50 − 36 = 14 in 2014
    // (round 19 doubled), 7 in 2013.
    let cars = || {
        vec![
            driver("a", "x", 110.0, Some(0.0)),
            driver("b", "y", 100.0, Some(0.0)),
        ]
    };
    let p2013 = championship(&request(2013, 18, cars(), &[19])).unwrap();
    assert_eq!(p2013.driver("a").unwrap().p_title, 1.0);
    let p2014 = championship(&request(2014, 18, cars(), &[19])).unwrap();
    let p = p2014.driver("a").unwrap().p_title;
    assert!((p - 0.5).abs() < 0.015, "{p}");
    let e = p2014.driver("a").unwrap().expected_points;
    assert!((e - (110.0 + 43.0)).abs() < 0.3, "{e}");
}

#[test]
fn fastest_lap_point_by_finishing_place() {
    // b never beats a: a scores 25 + P(FL | 2 cars) = 0.29 / 0.47.
    let req = request(
        2021,
        21,
        vec![
            driver("a", "x", 0.0, Some(50.0)),
            driver("b", "x", 0.0, Some(0.0)),
        ],
        &[22],
    );
    let r = championship(&req).unwrap();
    let a = r.driver("a").unwrap().expected_points;
    assert!((a - (25.0 + 0.29 / 0.47)).abs() < 0.015, "{a}");
    // The team gets the one point whoever sets it.
    let x = r.constructor("x").unwrap().expected_points;
    assert_eq!(x, 25.0 + 18.0 + 1.0);
}

#[test]
fn dropped_scores_and_best_car_only() {
    // Best result only: a's second win does not count.
    let mut sys = PointsSystem::for_season(1975, 0);
    sys.drop = vec![DropBlock { rounds: 0, best: 1 }];
    sys.constructor_drop.clear();
    let mut a = driver("a", "x", 9.0, Some(50.0));
    a.round_points = vec![(1, 9.0)];
    let b = driver("b", "x", 0.0, Some(0.0));
    let c = driver("c", "y", 0.0, Some(-50.0));
    let mut req = request(1975, 1, vec![a, b, c], &[2]);
    req.points = sys.clone();
    let r = championship(&req).unwrap();
    assert_eq!(r.driver("a").unwrap().current_points, 9.0);
    assert_eq!(r.driver("a").unwrap().expected_points, 9.0);
    // 1975 constructors: the best car's points only (a's 9, not b's 6 too).
    assert_eq!(r.constructor("x").unwrap().expected_points, 9.0);
    assert_eq!(r.constructor("y").unwrap().expected_points, 4.0);
    // Without round-by-round points the drops cannot be applied.
    req.drivers[0].round_points.clear();
    let e = championship(&req).unwrap_err().to_string();
    assert!(e.contains("round_points"), "{e}");
}

#[test]
fn an_excluded_team_never_takes_the_title() {
    // 2007: McLaren excluded from the constructors' championship.
    let req = request(
        2007,
        10,
        vec![
            driver("a", "mclaren", 100.0, Some(2.0)),
            driver("b", "ferrari", 10.0, Some(0.0)),
        ],
        &[11, 12],
    );
    let r = championship(&req).unwrap();
    assert_eq!(r.constructor("mclaren").unwrap().p_title, 0.0);
    assert_eq!(r.driver("a").unwrap().p_title, 1.0);
}

#[test]
fn sprints_and_form_spread_move_the_odds() {
    let base = field_2024();
    let sharp = championship(&base).unwrap();
    let loose = championship(&ChampionshipRequest {
        form_sd: 1.0,
        ..base.clone()
    })
    .unwrap();
    let (p0, p1) = (sharp.drivers[0].p_title, loose.drivers[0].p_title);
    assert!(p1 < p0 - 0.02, "{p1} vs {p0}");
    let mut no_sprint = base.clone();
    no_sprint
        .remaining
        .iter_mut()
        .for_each(|r| r.sprint = false);
    let r = championship(&no_sprint).unwrap();
    let given: f64 = r
        .drivers
        .iter()
        .map(|o| o.expected_points - o.current_points)
        .sum();
    assert!((given - (8.0 * 101.0 + 8.0 * 0.89)).abs() < 0.2, "{given}");
}

/// driver_form_sd = 0 draws nothing: the numbers are those computed before
/// the per-driver offset existed (commit 6ad5580, form_sd 0.5, seed 7).
#[test]
fn no_driver_form_keeps_the_numbers_of_before() {
    let req = ChampionshipRequest {
        form_sd: 0.5,
        driver_form_sd: 0.0,
        ..field_2024()
    };
    let r = championship(&req).unwrap();
    let got: Vec<(&str, f64, f64, f64, f64)> = (r.drivers.iter().take(3))
        .chain(r.constructors.iter().take(2))
        .map(|o| {
            let k = o.key.as_str();
            (
                k,
                o.p_title,
                o.expected_points,
                o.points_q05,
                o.expected_position,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("d0", 0.64225, 328.5565, 281.0, 1.5165),
            ("d1", 0.18475, 306.32775, 257.0, 2.3695),
            ("d2", 0.128, 283.818, 235.0, 3.04425),
            ("t0", 0.66825, 244.88425, 160.0, 1.438),
            ("t1", 0.25125, 195.86925, 112.0, 2.17),
        ]
    );
}

/// Two teammates far ahead of the field, one a little stronger: the
/// constructor offset moves both alike, a driver offset splits them, so
/// the weaker one's title odds rise; the team's title stays certain.
#[test]
fn driver_form_spread_separates_teammates() {
    let mut drivers = vec![
        driver("a", "x", 100.0, Some(0.3)),
        driver("b", "x", 100.0, Some(0.0)),
    ];
    drivers
        .extend((0..8).map(|i| driver(&format!("o{i}"), &format!("y{}", i / 2), 0.0, Some(-6.0))));
    let base = ChampionshipRequest {
        runs: 4000,
        form_sd: 0.5,
        ..request(2024, 12, drivers, &[13, 14, 15, 16, 17, 18, 19, 20])
    };
    let team_only = championship(&base).unwrap();
    let own = championship(&ChampionshipRequest {
        driver_form_sd: 0.6,
        ..base.clone()
    })
    .unwrap();
    assert_eq!(
        own,
        championship(&ChampionshipRequest {
            driver_form_sd: 0.6,
            ..base.clone()
        })
        .unwrap()
    );
    let (b0, b1) = (
        team_only.driver("b").unwrap().p_title,
        own.driver("b").unwrap().p_title,
    );
    assert!(b1 > b0 + 0.03, "{b1} vs {b0}");
    assert_eq!(own.constructor("x").unwrap().p_title, 1.0);
}

#[test]
fn progress_is_reported_in_batches() {
    let mut calls = Vec::new();
    let req = ChampionshipRequest {
        runs: 250,
        ..field_2024()
    };
    championship_with_progress(&req, &mut |d, t| calls.push((d, t))).unwrap();
    assert_eq!(calls.first(), Some(&(0, 100)));
    assert_eq!(calls.last(), Some(&(100, 100)));
    assert_eq!(calls.len(), 101);
    assert!(calls.windows(2).all(|w| w[0].0 < w[1].0));
}

#[test]
fn bad_requests_are_typed_errors() {
    let ok = field_2024();
    let cases: Vec<(ChampionshipRequest, &str)> = vec![
        (
            ChampionshipRequest {
                runs: 0,
                ..ok.clone()
            },
            "runs 0",
        ),
        (
            ChampionshipRequest {
                form_sd: -1.0,
                ..ok.clone()
            },
            "form_sd",
        ),
        (
            ChampionshipRequest {
                driver_form_sd: -0.1,
                ..ok.clone()
            },
            "driver_form_sd -0.1",
        ),
        (
            ChampionshipRequest {
                driver_form_sd: f64::NAN,
                ..ok.clone()
            },
            "driver_form_sd NaN",
        ),
        (
            ChampionshipRequest {
                fastest_lap_by_position: vec![0.9, 0.2],
                ..ok.clone()
            },
            "fastest_lap_by_position",
        ),
        (
            {
                let mut r = ok.clone();
                r.drivers[3].strength = Some(f64::NAN);
                r
            },
            "driver `d3`: strength NaN",
        ),
        (
            {
                let mut r = ok.clone();
                r.drivers[4].driver_ref = "d0".into();
                r
            },
            "driver `d0` is empty or listed twice",
        ),
        (
            {
                let mut r = ok.clone();
                r.remaining[0].round = 16;
                r
            },
            "remaining round 16",
        ),
        (
            {
                let mut r = ok.clone();
                r.drivers[1].points = f64::INFINITY;
                r
            },
            "driver `d1`: points inf",
        ),
        (
            {
                let mut r = ok.clone();
                r.drivers.iter_mut().for_each(|d| d.strength = None);
                r
            },
            "no driver has a strength",
        ),
    ];
    for (req, want) in cases {
        let e = championship(&req).unwrap_err();
        assert!(matches!(e, Error::InvalidInput(_)), "{e}");
        assert!(e.to_string().contains(want), "{e} / {want}");
    }
}

#[test]
fn request_json_round_trip_with_defaults() {
    let json = r#"{"season": 2024, "after_round": 23,
        "drivers": [{"driver_ref": "a", "constructor_ref": "x", "points": 10, "strength": 0.5}],
        "remaining": [{"round": 24}],
        "points": {"year": 2024, "race": [25, 18], "sprint": [], "fastest_lap": null},
        "runs": 10, "seed": 1}"#;
    let req: ChampionshipRequest = serde_json::from_str(json).unwrap();
    assert_eq!(
        req.fastest_lap_by_position,
        FASTEST_LAP_BY_POSITION.to_vec()
    );
    let r = championship(&req).unwrap();
    assert_eq!(r.driver("a").unwrap().expected_points, 35.0);
}
