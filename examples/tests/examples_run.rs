//! Runs the built examples as a user would, on the shared data.

use std::path::PathBuf;
use std::process::Command;

fn example(name: &str) -> Command {
    // Integration tests live in target/<profile>/deps; examples beside it.
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap().join("examples");
    Command::new(dir.join(name))
}

fn data_dir() -> PathBuf {
    std::env::var_os("F1CORE_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data"))
}

#[test]
fn season_prints_the_2024_tables() {
    let out = example("season")
        .args(["--year", "2024", "--data"])
        .arg(data_dir())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("2024 World Championship after round 24 (Abu Dhabi Grand Prix)"),
        "{text}"
    );
    let first = text
        .lines()
        .find(|l| l.trim_start().starts_with("1  "))
        .unwrap();
    assert!(
        first.contains("Max Verstappen") && first.contains("437"),
        "{first}"
    );
    assert!(text.contains("McLaren") && text.contains("666"), "{text}");
    // Analytics of the leader and of the round's circuit.
    assert!(
        text.contains("Max Verstappen in 2024: 24 starts, 9 wins, 14 podiums"),
        "{text}"
    );
    assert!(text.contains("vs Sergio Pérez: races 23-1"), "{text}");
    assert!(
        text.contains("Yas Marina Circuit (16 races held)"),
        "{text}"
    );
}

#[test]
fn season_without_data_explains_how_to_get_it() {
    let out = example("season")
        .env_remove("F1CORE_DATA")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no data directory given") && err.contains("F1CORE_DATA"),
        "{err}"
    );
}

#[test]
fn quickstart_prints_standings_and_a_season() {
    let out = example("quickstart")
        .env("F1CORE_DATA", data_dir())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.starts_with("1 Max Verstappen 437 pts, 9 wins\n2 Lando Norris 374 pts, 4 wins\n"),
        "{text}"
    );
    assert!(
        text.contains("Verstappen 2023: 19 wins from 22 starts"),
        "{text}"
    );
}

/// The README's main command on a machine with no data at all.
#[test]
fn strategy_runs_offline_on_the_catalogue() {
    let out = example("strategy")
        .arg("monza")
        .env_remove("F1CORE_DATA")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("Autodromo Nazionale di Monza (Italy): 53 laps"),
        "{text}"
    );
    assert!(text.contains("  #3 "), "three strategies: {text}");
    // One row per lap of the best strategy, laps 1 to 53, with one stop marked.
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| {
            l.split_whitespace()
                .next()
                .is_some_and(|w| w.parse::<u32>().is_ok())
        })
        .collect();
    assert_eq!(rows.len(), 53, "{text}");
    assert!(rows[52].trim_start().starts_with("53 "), "{text}");
    assert!(
        rows.iter().filter(|r| r.ends_with("pit")).count() >= 1,
        "{text}"
    );
    let bad = example("strategy")
        .arg("nowhere")
        .env_remove("F1CORE_DATA")
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("nowhere"));
}

/// With the data: the fitted model, the winner's actual plan and the replay.
#[test]
fn strategy_with_data_fits_the_real_race() {
    let out = example("strategy")
        .args(["bahrain", "--data"])
        .arg(data_dir())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("2024 Bahrain Grand Prix: tyre model fitted to"),
        "{text}"
    );
    assert!(
        text.contains("winner VER actually ran: Soft start, lap 17 → Hard, lap 37 → Soft"),
        "{text}"
    );
    assert!(
        text.contains("VER on recommendation #1 against the real field: P1 → P"),
        "{text}"
    );
}

fn predict(args: &[&str]) -> (bool, String, String) {
    let out = example("predict")
        .args(args)
        .arg("--data")
        .arg(data_dir())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.success(), text, err)
}

/// Any season of the dump: 2010 with two seasons of history (kept short:
/// f1core's own tests check the 2024 table against its bar).
#[test]
fn predict_prints_a_walk_forward_table() {
    let (ok, text, err) = predict(&["--season", "2010", "--train-seasons", "2"]);
    assert!(ok, "{text}\n{err}");
    assert!(text.contains("Walk-forward 2010: 19 races"), "{text}");
    for method in [
        "Plackett-Luce, post-qualifying",
        "Plackett-Luce, pre-qualifying",
        "baseline: grid-only conditional logit",
        "baseline: pole-sitter wins",
        "baseline: quali = driver's last-3 average",
        "GBDT qualifying, pre-qualifying features",
    ] {
        let line = text
            .lines()
            .find(|l| l.starts_with(method))
            .unwrap_or_else(|| panic!("{method}\n{text}"));
        assert!(line.contains('.'), "{line}");
    }
}

/// The first season has no earlier races: the first forecast is uniform,
/// and the table still comes out.
#[test]
fn predict_runs_on_the_first_season_and_explains_a_missing_one() {
    let (ok, text, err) = predict(&["--season", "1950"]);
    assert!(ok, "{text}\n{err}");
    assert!(text.contains("Walk-forward 1950: 7 races"), "{text}");
    let (ok, _, err) = predict(&["--season", "1949"]);
    assert!(!ok && err.contains("season 1949"), "{err}");
}

#[test]
fn next_race_forecasts_the_2025_opener_and_registers_models() {
    let reg = std::env::temp_dir().join(format!("f1core-next-race-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&reg);
    let out = example("next_race")
        .args(["--runs", "2000", "--sprints", "2,6,13,19,21,23", "--data"])
        .arg(data_dir())
        .arg("--registry")
        .arg(&reg)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("Trained through 2024 Abu Dhabi Grand Prix (round 24): 190 races"),
        "{text}"
    );
    assert!(
        text.contains("2025 Australian Grand Prix, 2025-03-16 (round 1): forecast by RacePreQuali"),
        "{text}"
    );
    assert!(text.contains("Σ P(win) = 1.000"), "{text}");
    // All 20 entries of the list, rookies included, are in the table.
    for d in ["norris", "antonelli", "bortoleto", "hadjar", "hamilton"] {
        assert!(
            text.lines().any(|l| l.trim_start().starts_with(d)),
            "{d}: {text}"
        );
    }
    assert!(
        text.contains("2025 title odds before round 1 (2000 simulated seasons, sprint rounds [2, 6, 13, 19, 21, 23])"),
        "{text}"
    );
    assert!(
        text.contains("actual champions: max_verstappen (437 pts), mclaren (666 pts)"),
        "{text}"
    );
    assert!(
        text.contains("max_verstappen     100.0 %       429"),
        "{text}"
    );
    assert!(
        reg.join("RACE_WINNER-v1.json").exists() && reg.join("RACE_PRE_QUALI-v1.json").exists()
    );
    let _ = std::fs::remove_dir_all(&reg);
}
