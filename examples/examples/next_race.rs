//! The post-race pipeline on the dump: retrain on every race up to the last
//! one with results (2024 Abu Dhabi in the shared data), register the new
//! model versions, forecast the next race of the calendar (the 2025
//! opener) from an entry list, and show the title odds — then check the
//! championship model on the 2024 finale.
//!
//!     cargo run -p f1core-examples --example next_race -- --data ../shared/data
//!
//! `--entry FILE`: the next race's entry list as JSON (`{"entries":
//! [{"driver_ref": …, "constructor_ref": …, "grid": …}]}`; default: the
//! hand-written 2025 Australian GP list in examples/data). With a `grid` on
//! every entry the post-qualifying model forecasts. `--registry DIR`: save
//! (and promote) the new versions there. `--runs N`: title simulations.
//! `--sprints R,R,…`: the sprint rounds of the season ahead, which the
//! dump's calendar rows for it do not carry (2025: 2,6,13,19,21,23).

use f1core::features::FieldEntry;
use f1core::model::championship::{ChampionOdds, championship};
use f1core::model::championship_data::{SnapshotOptions, championship_request};
use f1core::model::pipeline::{PipelineRequest, after_race};
use std::path::PathBuf;
use std::process::ExitCode;

struct Args {
    data: Option<PathBuf>,
    entry: PathBuf,
    registry: Option<PathBuf>,
    runs: u32,
    sprints: Option<Vec<u32>>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        data: None,
        entry: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/entry_2025_australia.json"),
        registry: None,
        runs: 10_000,
        sprints: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--data" => args.data = Some(PathBuf::from(value()?)),
            "--entry" => args.entry = PathBuf::from(value()?),
            "--registry" => args.registry = Some(PathBuf::from(value()?)),
            "--runs" => args.runs = value()?.parse().map_err(|_| "--runs takes a number")?,
            "--sprints" => {
                let list: Result<Vec<u32>, _> =
                    value()?.split(',').map(|r| r.trim().parse()).collect();
                args.sprints = Some(list.map_err(|_| "--sprints takes rounds: 2,6,13")?);
            }
            "-h" | "--help" => {
                return Err(
                    "usage: next_race [--data DIR] [--entry FILE] [--registry DIR] [--runs N] \
                     [--sprints R,R,...]"
                        .into(),
                );
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(args)
}

/// `{"entries": [...]}` or a bare list of entries.
fn read_entries(path: &PathBuf) -> f1core::Result<Vec<FieldEntry>> {
    let text = std::fs::read_to_string(path).map_err(|source| f1core::Error::Io {
        path: path.clone(),
        source,
    })?;
    let mut doc: serde_json::Value = serde_json::from_str(&text)?;
    let list = match doc.get_mut("entries") {
        Some(v) => v.take(),
        None => doc,
    };
    Ok(serde_json::from_value(list)?)
}

fn print_titles(what: &str, odds: &[ChampionOdds], top: usize) {
    println!(
        "  {what:<16} {:>8} {:>9} {:>12}",
        "P(title)", "now", "E[final]"
    );
    for o in odds.iter().take(top) {
        println!(
            "  {:<16} {:>7.1} % {:>9} {:>12.1}",
            o.key,
            100.0 * o.p_title,
            o.current_points,
            o.expected_points
        );
    }
}

fn run(args: Args) -> f1core::Result<()> {
    let ds = f1core::Dataset::open(args.data.as_deref())?;
    let entries = read_entries(&args.entry)?;
    let last = (ds.all_races().iter().rev())
        .find(|r| ds.has_results(r.id))
        .ok_or_else(|| f1core::Error::NotFound("a race with results".into()))?;
    let snapshot = SnapshotOptions {
        runs: args.runs,
        ..SnapshotOptions::default()
    };
    let mut req = PipelineRequest::new(last.year, last.round, entries);
    req.registry = args.registry.clone();
    req.promote = args.registry.is_some();
    req.championship = Some(SnapshotOptions {
        sprint_rounds: args.sprints.clone(),
        ..snapshot.clone()
    });
    let started = std::time::Instant::now();
    let out = after_race(&ds, &req)?;
    println!(
        "Trained through {} {} (round {}): {} races, {:.1?}",
        out.completed.year,
        out.completed.name,
        out.completed.round,
        out.races_count,
        started.elapsed()
    );
    println!(
        "Walk-forward over {} so far ({} races):",
        out.evaluation.season, out.evaluation.races
    );
    for m in out.evaluation.methods.iter().take(3) {
        println!(
            "  {:<40} winner log-loss {:.3}, accuracy {:.1} %",
            m.method,
            m.winner_log_loss.unwrap_or(f64::NAN),
            100.0 * m.winner_accuracy.unwrap_or(f64::NAN)
        );
    }
    for m in &out.registered {
        println!(
            "Registered {:?} {} (production: {}) in {}",
            m.model_type,
            m.version,
            m.is_production,
            args.registry
                .as_ref()
                .map(|d| d.display().to_string())
                .unwrap_or_default()
        );
    }
    println!(
        "\n{} {}, {} (round {}): forecast by {:?}",
        out.next.year, out.next.name, out.next.date, out.next.round, out.forecast_model
    );
    println!(
        "  {:<16} {:<14} {:>7} {:>9} {:>9} {:>7}",
        "driver", "constructor", "P(win)", "P(podium)", "P(points)", "E[pos]"
    );
    for p in &out.predictions {
        println!(
            "  {:<16} {:<14} {:>6.1} % {:>7.1} % {:>7.1} % {:>7.2}",
            p.driver_ref,
            p.constructor_ref,
            100.0 * p.odds.p_win,
            100.0 * p.odds.p_podium,
            100.0 * p.odds.p_points,
            p.odds.expected_position
        );
    }
    let sum: f64 = out.predictions.iter().map(|p| p.odds.p_win).sum();
    println!("  Σ P(win) = {sum:.3}");
    if let Some(c) = &out.championship {
        let sprints = match &args.sprints {
            Some(list) => format!("sprint rounds {list:?}"),
            None => "sprints as in the dump".into(),
        };
        println!(
            "\n{} title odds before round {} ({} simulated seasons, {sprints}):",
            c.season,
            c.after_round + 1,
            c.runs
        );
        print_titles("driver", &c.drivers, 5);
        print_titles("constructor", &c.constructors, 3);
    }
    // The check: 2024 before its final round, against what happened.
    let req = championship_request(&ds, 2024, 23, None, &snapshot)?;
    let c = championship(&req)?;
    println!("\nCheck: 2024 title odds before the final round (Abu Dhabi):");
    print_titles("driver", &c.drivers, 3);
    print_titles("constructor", &c.constructors, 3);
    let fin = ds.standings(2024, None)?;
    println!(
        "  actual champions: {} ({} pts), {} ({} pts)",
        fin.drivers[0].driver_ref,
        fin.drivers[0].points,
        fin.constructors[0].constructor_ref,
        fin.constructors[0].points
    );
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
