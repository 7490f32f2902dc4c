//! Point-in-time features on the real dump: the leak tests, the entry-list
//! variant, and values checked by hand against the results.

mod common;

use f1core::Dataset;
use f1core::dataset::Tables;
use f1core::features::{FEATURES, FeatureBuilder, FeatureMatrix, FieldEntry, UpcomingRace};
use std::collections::HashSet;

/// The dump with every race after (year, round) deleted, and the race
/// itself too when `keep_target` is false.
fn truncated(ds: &Dataset, year: u16, round: u32, keep_target: bool) -> Dataset {
    let mut t: Tables = ds.tables().clone();
    let keep = |y: u16, r: u32| (y, r) < (year, round) || (keep_target && (y, r) == (year, round));
    t.races.retain(|r| keep(r.year, r.round));
    let ids: HashSet<u32> = t.races.iter().map(|r| r.id).collect();
    t.results.retain(|r| ids.contains(&r.race_id));
    t.sprint_results.retain(|r| ids.contains(&r.race_id));
    t.qualifying.retain(|q| ids.contains(&q.race_id));
    t.pit_stops.retain(|p| ids.contains(&p.race_id));
    t.driver_standings.retain(|s| ids.contains(&s.race_id));
    t.constructor_standings.retain(|s| ids.contains(&s.race_id));
    t.safety_cars.retain(|s| ids.contains(&s.race_id));
    t.red_flags.retain(|s| ids.contains(&s.race_id));
    t.vsc.retain(|s| ids.contains(&s.race_id));
    Dataset::from_tables(t)
}

/// Equal cell by cell, NaN equal to NaN; names the first difference.
fn assert_same(a: &FeatureMatrix, b: &FeatureMatrix, what: &str) {
    assert_eq!(a.columns, b.columns);
    assert_eq!(a.rows, b.rows, "{what}");
    for i in 0..a.n_rows() {
        for (j, (x, y)) in a.row(i).iter().zip(b.row(i)).enumerate() {
            assert!(
                x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()),
                "{what}: {} {}: {x} vs {y}",
                a.rows[i].driver_ref,
                FEATURES[j].0
            );
        }
    }
}

/// Races across eras: sprint weekends, a season opener, the 2000s, the 1980s.
const TARGETS: [(u16, u32); 5] = [(2024, 11), (2024, 1), (2021, 10), (2005, 7), (1988, 3)];

#[test]
fn features_ignore_every_later_race() {
    let ds = common::dataset();
    let full = FeatureBuilder::new(ds).unwrap();
    for (year, round) in TARGETS {
        let cut = truncated(ds, year, round, true);
        let a = full.race(year, round).unwrap();
        let b = FeatureBuilder::new(&cut)
            .unwrap()
            .race(year, round)
            .unwrap();
        assert_same(&a, &b, &format!("{year} round {round}"));
    }
}

/// The strongest form: the race itself deleted too, its entry list, grid
/// and qualifying passed in as for a race not yet run. Same features, so
/// nothing of the race's own result is read either.
/// A snapshot's samples stop at its round: the same samples as the whole
/// seasons cut there, without building the later races.
#[test]
fn samples_through_a_round_are_the_whole_seasons_cut_there() {
    let ds = common::dataset();
    let fb = FeatureBuilder::new(ds).unwrap();
    let cut = fb.samples_through(2023..=2024, 10).unwrap();
    let all = fb.samples(2023..=2024).unwrap();
    let kept: Vec<_> = (all.iter())
        .filter(|s| s.year == 2023 || s.round <= 10)
        .collect();
    assert_eq!(cut.len(), 22 + 10);
    assert_eq!(cut.len(), kept.len());
    for (a, b) in cut.iter().zip(kept) {
        assert_eq!(
            (a.year, a.round, &a.finish, &a.quali),
            (b.year, b.round, &b.finish, &b.quali)
        );
        assert_same(&a.features, &b.features, "samples_through");
    }
}

#[test]
fn features_ignore_the_race_result_itself() {
    let ds = common::dataset();
    let full = FeatureBuilder::new(ds).unwrap();
    for (year, round) in TARGETS {
        let a = full.race(year, round).unwrap();
        let race = ds.race(year, round).unwrap();
        let quali = ds.qualifying(year, round).unwrap();
        let secs = |d: Option<std::time::Duration>| d.map(|d| d.as_secs_f64());
        let entries = ds
            .race_results(year, round)
            .unwrap()
            .into_iter()
            .filter(|r| a.rows.iter().any(|k| k.driver_ref == r.driver_ref))
            .map(|r| {
                let q = quali.iter().find(|q| q.driver_ref == r.driver_ref);
                FieldEntry {
                    driver_ref: r.driver_ref.clone(),
                    constructor_ref: r.constructor_ref.clone(),
                    grid: Some(r.grid),
                    quali_position: q.map(|q| q.position),
                    q1: q.and_then(|q| secs(q.q1)),
                    q2: q.and_then(|q| secs(q.q2)),
                    q3: q.and_then(|q| secs(q.q3)),
                }
            })
            .collect();
        let cut = truncated(ds, year, round, false);
        let upcoming = UpcomingRace {
            year,
            round,
            circuit_ref: ds.circuit(race.circuit_id).unwrap().circuit_ref.clone(),
            entries,
        };
        let b = FeatureBuilder::new(&cut)
            .unwrap()
            .upcoming(&upcoming)
            .unwrap();
        assert_same(&a, &b, &format!("{year} round {round} as upcoming"));
    }
}

fn value(m: &FeatureMatrix, driver: &str, feature: &str) -> f64 {
    let i = m.rows.iter().position(|k| k.driver_ref == driver).unwrap();
    m.row(i)[m.column_index(feature).unwrap()]
}

/// Before the 2024 Chinese GP (round 5) Verstappen had won Bahrain, Jeddah
/// and Suzuka and retired in Melbourne; he took pole in Shanghai.
#[test]
fn features_match_the_record() {
    let ds = common::dataset();
    let m = FeatureBuilder::new(ds).unwrap().race(2024, 5).unwrap();
    assert!(m.n_cols() >= 30 && m.n_rows() == 20);
    let v = |d: &str, f: &str| value(&m, d, f);
    assert_eq!(v("max_verstappen", "drv_wins_season"), 3.0);
    assert_eq!(v("max_verstappen", "drv_podiums_season"), 3.0);
    assert_eq!(v("max_verstappen", "champ_pos"), 1.0);
    assert_eq!(v("max_verstappen", "champ_pts"), 77.0);
    assert_eq!(v("perez", "champ_gap"), 13.0);
    assert_eq!(v("max_verstappen", "grid"), 1.0);
    assert_eq!(v("max_verstappen", "quali_gap_pct"), 0.0);
    assert_eq!(v("max_verstappen", "con_champ_pos"), 1.0);
    // Melbourne was his one retirement in his last 10 starts.
    assert_eq!(v("max_verstappen", "drv_dnf_last10"), 0.1);
    // Every built-in feature has a name and a description at run time.
    for c in &m.columns {
        assert!(!c.name.is_empty() && c.description.len() > 10, "{c:?}");
    }
}

#[test]
fn upcoming_race_takes_rookies_new_teams_and_rejects_bad_lists() {
    let ds = common::dataset();
    let fb = FeatureBuilder::new(ds).unwrap();
    let entry = |d: &str, c: &str, grid| FieldEntry {
        driver_ref: d.into(),
        constructor_ref: c.into(),
        grid,
        quali_position: None,
        q1: None,
        q2: None,
        q3: None,
    };
    let mut race = UpcomingRace {
        year: 2025,
        round: 1,
        circuit_ref: "albert_park".into(),
        entries: vec![
            entry("max_verstappen", "red_bull", Some(3)),
            entry("norris", "mclaren", Some(1)),
            entry("antonelli_rookie", "mercedes", None),
            entry("new_driver", "new_team", Some(0)),
        ],
    };
    let m = fb.upcoming(&race).unwrap();
    assert_eq!(m.n_rows(), 4);
    assert_eq!(m.rows[2].driver_id, None);
    assert!(value(&m, "antonelli_rookie", "drv_pos_last5").is_nan());
    assert_eq!(value(&m, "antonelli_rookie", "drv_starts_log"), 0.0);
    assert!(value(&m, "antonelli_rookie", "con_pos_last5").is_finite());
    assert!(value(&m, "new_driver", "con_pos_last5").is_nan());
    // A pit-lane start is the back of the grid; no grid yet is missing.
    assert_eq!(value(&m, "new_driver", "grid"), 4.0);
    assert!(value(&m, "antonelli_rookie", "grid").is_nan());
    // Round 1: no championship yet; last season's form is there.
    assert!(value(&m, "norris", "champ_pos").is_nan());
    assert!(value(&m, "norris", "drv_pos_prev_season") < 5.0);
    // The same entry twice, a nonsense lap time, no entries: typed errors.
    race.entries.push(entry("norris", "mclaren", None));
    let e = fb.upcoming(&race).unwrap_err().to_string();
    assert!(e.contains("`norris` entered twice"), "{e}");
    race.entries.pop();
    race.entries[0].q1 = Some(-3.0);
    let e = fb.upcoming(&race).unwrap_err().to_string();
    assert!(e.contains("q1") && e.contains("max_verstappen"), "{e}");
    race.entries.clear();
    assert!(fb.upcoming(&race).is_err());
}

#[test]
fn users_add_their_own_columns() {
    let ds = common::dataset();
    let mut m = FeatureBuilder::new(ds).unwrap().race(2024, 1).unwrap();
    let rain = vec![0.0; m.n_rows()];
    m.add_column("rain_mm", "forecast rain at the start", &rain)
        .unwrap();
    assert_eq!(m.column("rain_mm").unwrap(), rain);
    assert_eq!(m.column("grid").unwrap()[0], 1.0);
    assert!(m.add_column("rain_mm", "again", &rain).is_err());
    assert!(m.add_column("fp3", "too short", &[1.0]).is_err());
}

/// docs/prediction.md lists every built-in feature with its description.
#[test]
fn docs_list_every_feature() {
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../docs/prediction.md"
    ))
    .unwrap();
    for (name, _, description) in FEATURES {
        assert!(
            doc.contains(&format!("`{name}`")) && doc.contains(description),
            "docs/prediction.md lacks {name}: {description}"
        );
    }
}
