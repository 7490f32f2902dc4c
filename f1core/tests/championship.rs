//! Championship probabilities on the real dump: snapshots, calibration
//! over 2010–2024 against the baselines, bad inputs.

mod common;

use f1core::ErrorKind;
use f1core::features::{FeatureBuilder, FieldEntry};
use f1core::model::championship::championship;
use f1core::model::championship_data::*;
use f1core::model::championship_eval::*;
use f1core::model::race::RaceModelKind;
use f1core::model::race_fit::fit;

/// Tuning of `form_sd` on 1996–2009 (before the calibration seasons):
/// `cargo test -p f1core --test championship -- --ignored --nocapture`.
#[test]
#[ignore]
fn form_sd_tuning_on_1996_2009() {
    let ds = common::dataset();
    let fb = FeatureBuilder::new(ds).unwrap();
    let samples = fb.samples(1988..=2009).unwrap();
    for sd in [0.0, 0.25, 0.5, 0.75, 1.0] {
        let opts = SnapshotOptions {
            runs: 4000,
            form_sd: sd,
            driver_form_sd: 0.0,
            ..SnapshotOptions::default()
        };
        let c = calibrate_with(ds, &fb, &samples, 1996..=2009, &[0.5, 2.0 / 3.0], &opts).unwrap();
        println!("form_sd {sd}\n{c}");
    }
}

/// Tuning of `driver_form_sd` on 1996–2009, the same rule as `form_sd`
/// (lowest Brier over both championships, ties within 0.003 to the lower
/// log-loss): driver_form_sd 0–0.6 at form_sd 0.5 and, as a joint grid,
/// at 0.25 and 0.75. Scores are means over seeds 1–5 (4,000 runs each), so
/// that the Monte Carlo noise of one seed does not pick the value.
#[test]
#[ignore]
fn driver_form_sd_tuning_on_1996_2009() {
    let ds = common::dataset();
    let fb = FeatureBuilder::new(ds).unwrap();
    let samples = fb.samples(1988..=2009).unwrap();
    let seeds = 1..=5u64;
    let mut rows = Vec::new();
    for form_sd in [0.5, 0.25, 0.75] {
        for driver_form_sd in [0.0, 0.15, 0.3, 0.45, 0.6] {
            let mut sum = [0.0; 6];
            let mut both = Vec::new();
            for seed in seeds.clone() {
                let opts = SnapshotOptions {
                    runs: 4000,
                    seed,
                    form_sd,
                    driver_form_sd,
                    ..SnapshotOptions::default()
                };
                let c = calibrate_with(ds, &fb, &samples, 1996..=2009, &[0.5, 2.0 / 3.0], &opts)
                    .unwrap();
                for (i, ch) in ["drivers", "constructors", "both"].iter().enumerate() {
                    let m = c.score(MODEL, ch).unwrap();
                    sum[2 * i] += m.brier;
                    sum[2 * i + 1] += m.log_loss;
                    if *ch == "both" {
                        both.push((m.brier, m.log_loss));
                    }
                }
                if seed == 1 {
                    println!("form_sd {form_sd} driver_form_sd {driver_form_sd} seed 1\n{c}");
                }
            }
            let k = both.len() as f64;
            let m = sum.map(|x| x / k);
            // Spread over the seeds: the Monte Carlo noise of one seed.
            let sd = |f: fn(&(f64, f64)) -> f64, mean: f64| {
                (both.iter().map(|x| (f(x) - mean).powi(2)).sum::<f64>() / (k - 1.0)).sqrt()
            };
            rows.push(format!(
                "form_sd {form_sd:.2} driver_form_sd {driver_form_sd:.2} | drivers {:.4} {:.4} | constructors {:.4} {:.4} | both {:.4} {:.4} (sd over seeds {:.4} {:.4})",
                m[0], m[1], m[2], m[3], m[4], m[5], sd(|x| x.0, m[4]), sd(|x| x.1, m[5])
            ));
        }
    }
    println!("mean over seeds 1-5 (Brier, log-loss)\n{}", rows.join("\n"));
}

/// The calibration: mid-season (after ⌈n/2⌉ rounds) and two-thirds
/// snapshots of 2010–2024, default options (form_sd chosen on 1996–2009).
#[test]
fn calibration_2010_2024_beats_the_baselines() {
    let ds = common::dataset();
    let opts = SnapshotOptions::default();
    let c = calibrate(ds, 2010..=2024, &[0.5, 2.0 / 3.0], &opts).unwrap();
    println!("{c}");
    for s in &c.snapshots {
        let i = s.keys.iter().position(|k| *k == s.champion).unwrap();
        println!(
            "{} after {:>2}/{}: {:<12} {:<16} P(title) {:.3}, leader {} ({:.3})",
            s.season,
            s.after_round,
            s.rounds,
            s.championship,
            s.champion,
            s.model[i],
            s.keys[0],
            s.model[0]
        );
    }
    assert_eq!(c.snapshots.len(), 60);
    let get = |m: &str, ch: &str| c.score(m, ch).unwrap();
    for ch in ["drivers", "constructors", "both"] {
        let (m, p) = (get(MODEL, ch), get(PROPORTIONAL, ch));
        assert!(m.brier < p.brier, "{ch}: {} vs {}", m.brier, p.brier);
        assert!(
            m.log_loss < p.log_loss,
            "{ch}: {} vs {}",
            m.log_loss,
            p.log_loss
        );
    }
    let (m, l) = (get(MODEL, "both"), get(LEADER, "both"));
    assert!(m.brier < l.brier, "{} vs {}", m.brier, l.brier);
    assert!(m.log_loss < l.log_loss, "{} vs {}", m.log_loss, l.log_loss);
    // Each snapshot's odds are a distribution over the table.
    for s in &c.snapshots {
        let total: f64 = s.model.iter().sum();
        assert!(
            total > 0.99 && total <= 1.0 + 1e-9,
            "{} {}: {total}",
            s.season,
            s.championship
        );
    }
}

/// 2024 before the Abu Dhabi finale: Verstappen had clinched the title;
/// McLaren led Ferrari by 21 with 44 points at most to gain.
#[test]
fn snapshot_2024_before_the_finale() {
    let ds = common::dataset();
    let opts = SnapshotOptions {
        runs: 20_000,
        ..SnapshotOptions::default()
    };
    let req = championship_request(ds, 2024, 23, None, &opts).unwrap();
    assert_eq!(req.remaining.len(), 1);
    assert_eq!(
        req.drivers.iter().filter(|d| d.strength.is_some()).count(),
        20
    );
    let r = f1core::model::championship::championship(&req).unwrap();
    let ver = r.driver("max_verstappen").unwrap();
    assert_eq!((ver.p_title, ver.current_points), (1.0, 429.0));
    let (mcl, fer) = (
        r.constructor("mclaren").unwrap(),
        r.constructor("ferrari").unwrap(),
    );
    assert_eq!((mcl.current_points, fer.current_points), (640.0, 619.0));
    assert!(mcl.p_title > 0.5 && mcl.p_title < 1.0, "{mcl:?}");
    assert!(
        (mcl.p_title + fer.p_title - 1.0).abs() < 1e-9,
        "{:?}",
        r.constructors
    );
    assert_eq!(r.constructor("red_bull").unwrap().p_title, 0.0);
    // Through JSON and back (what a binding does): the same numbers.
    let json = serde_json::to_string(&req).unwrap();
    let back: f1core::model::championship::ChampionshipRequest =
        serde_json::from_str(&json).unwrap();
    assert_eq!(f1core::model::championship::championship(&back).unwrap(), r);
}

#[test]
fn snapshots_need_a_completed_round_or_an_entry_list() {
    let ds = common::dataset();
    let opts = SnapshotOptions {
        runs: 10,
        ..SnapshotOptions::default()
    };
    let e = championship_request(ds, 2024, 30, None, &opts).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound, "{e}");
    assert!(e.to_string().contains("2024 round 30"), "{e}");
    let e = championship_request(ds, 2025, 0, None, &opts).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
    assert!(e.to_string().contains("entry list"), "{e}");
    let e = championship_request(ds, 2025, 1, None, &opts).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound, "{e}");
}

/// The dump's 2025 calendar rows carry no session dates, so a season ahead
/// has no sprints unless they are given; given, each adds exactly the 36
/// points of a sprint's top 8 to the field's expected totals.
#[test]
fn sprint_rounds_of_a_season_ahead() {
    let ds = common::dataset();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/data/entry_2025_australia.json"
    ))
    .unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let entries: Vec<FieldEntry> = serde_json::from_value(doc["entries"].clone()).unwrap();
    let mut opts = SnapshotOptions {
        runs: 2_000,
        ..SnapshotOptions::default()
    };
    let fb = FeatureBuilder::new(ds).unwrap();
    let samples = fb.samples(2017..=2025).unwrap();
    let train = training_races(&samples, 2025, 0, opts.train_seasons);
    let model = fit(RaceModelKind::PreQualifying, &train, &opts.fit).unwrap();
    let request = |opts: &SnapshotOptions| {
        request_from_model(ds, &fb, &model, 2025, 0, Some(entries.clone()), opts)
    };
    let without = request(&opts).unwrap();
    assert_eq!(without.remaining.len(), 24);
    assert!(without.remaining.iter().all(|r| !r.sprint));
    let sprints = vec![2, 6, 13, 19, 21, 23];
    opts.sprint_rounds = Some(sprints.clone());
    let with = request(&opts).unwrap();
    let got: Vec<u32> = (with.remaining.iter())
        .filter(|r| r.sprint)
        .map(|r| r.round)
        .collect();
    assert_eq!(got, sprints);
    let total = |req| -> f64 {
        let r = championship(req).unwrap();
        r.drivers.iter().map(|d| d.expected_points).sum()
    };
    let extra = total(&with) - total(&without);
    assert!((extra - 6.0 * 36.0).abs() < 1e-6, "{extra}");
    opts.sprint_rounds = Some(vec![2, 30]);
    let e = request(&opts).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
    assert!(e.to_string().contains("no round 30"), "{e}");
}

/// 1988, best 11 results of 16: after Suzuka (round 15) Senna had clinched
/// on counting points although Prost had scored more in all. The request's
/// round-by-round points reproduce the official counting totals.
#[test]
fn dropped_scores_1988_from_the_dump() {
    let ds = common::dataset();
    let opts = SnapshotOptions {
        runs: 2000,
        ..SnapshotOptions::default()
    };
    let req = championship_request(ds, 1988, 15, None, &opts).unwrap();
    assert_eq!(req.points.drop.len(), 1);
    let r = f1core::model::championship::championship(&req).unwrap();
    let now = ds.standings(1988, Some(15)).unwrap();
    for d in now.drivers.iter().take(6) {
        assert_eq!(
            r.driver(&d.driver_ref).unwrap().current_points,
            d.points,
            "{}",
            d.driver_ref
        );
    }
    let (senna, prost) = (r.driver("senna").unwrap(), r.driver("prost").unwrap());
    assert!(prost.current_points < senna.current_points);
    let gross = |k: &str| {
        req.drivers
            .iter()
            .find(|d| d.driver_ref == k)
            .unwrap()
            .points
    };
    assert!(
        gross("prost") > gross("senna"),
        "{} {}",
        gross("prost"),
        gross("senna")
    );
    assert_eq!(senna.p_title, 1.0);
    assert_eq!(r.constructors[0].key, "mclaren");
}

/// Older rules from the dump: split drop blocks, constructors' best car
/// only and their own drops, half points (1975). Counting points at the
/// snapshot match the standings'; the odds are a distribution.
#[test]
fn older_rules_from_the_dump_match_the_standings() {
    let ds = common::dataset();
    let opts = SnapshotOptions {
        runs: 500,
        ..SnapshotOptions::default()
    };
    for (year, round) in [(1958, 8), (1970, 10), (1975, 12)] {
        let r = championship_dataset(ds, year, round, &opts).unwrap();
        let now = ds.standings(year, Some(round)).unwrap();
        for d in now.drivers.iter().take(6) {
            let got = r.driver(&d.driver_ref).unwrap().current_points;
            assert_eq!(got, d.points, "{year} {}", d.driver_ref);
        }
        for c in now.constructors.iter().take(4) {
            let got = r.constructor(&c.constructor_ref).unwrap().current_points;
            assert_eq!(got, c.points, "{year} {}", c.constructor_ref);
        }
        let total: f64 = r.drivers.iter().map(|d| d.p_title).sum();
        assert!((total - 1.0).abs() < 1e-9, "{year}: {total}");
    }
}
