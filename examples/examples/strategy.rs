//! The README's main command: optimal race strategies for a circuit.
//!
//!     cargo run -p f1core-examples --example strategy -- monza
//!
//! Runs on the embedded circuit catalogue, no files needed. With
//! `--data DIR` (or `F1CORE_DATA`) it also fits the tyre model to the
//! circuit's latest lap table in `DIR/laps`, compares the recommendation
//! with what the winner did, and replays the race with the winner on it.

use f1core::catalogue::{self, CircuitFacts};
use f1core::sim::{PassingRule, PlannedStop, RaceField, SimulateRequest};
use f1core::strategy::{OptimiseRequest, Strategy, Weather, optimise};
use f1core::tyre::TyreModel;
use std::path::PathBuf;
use std::process::ExitCode;

struct Args {
    circuit: String,
    stops: u32,
    top: u32,
    data: Option<PathBuf>,
}

const USAGE: &str = "usage: strategy [CIRCUIT_REF] [--stops N] [--top K] [--data DIR]";

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        circuit: "monza".into(),
        stops: 3,
        top: 3,
        data: std::env::var_os("F1CORE_DATA").map(PathBuf::from),
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--stops" => args.stops = value()?.parse().map_err(|_| "--stops takes a number")?,
            "--top" => args.top = value()?.parse().map_err(|_| "--top takes a number")?,
            "--data" => args.data = Some(PathBuf::from(value()?)),
            "-h" | "--help" => return Err(USAGE.into()),
            s if !s.starts_with('-') => args.circuit = s.to_string(),
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    Ok(args)
}

fn request(laps: u32, pit_loss: f64, model: TyreModel, a: &Args) -> OptimiseRequest {
    OptimiseRequest {
        laps,
        pit_loss,
        model,
        max_stops: a.stops,
        min_stint: 5,
        weather: Weather::Dry,
        sets: None,
        starting: None,
        top_k: a.top,
        compounds_used: Vec::new(),
    }
}

fn describe(s: &Strategy) -> String {
    let stints: Vec<String> = s
        .stints
        .iter()
        .map(|p| format!("{:?} {}–{}", p.compound, p.first_lap, p.last_lap))
        .collect();
    format!("{} stop(s): {}", s.stops, stints.join(" → "))
}

fn print_strategies(list: &[Strategy]) {
    for (k, s) in list.iter().enumerate() {
        let behind = s.total_time - list[0].total_time;
        println!(
            "  #{} {:<48} {:>9.1} s  +{behind:.1}",
            k + 1,
            describe(s),
            s.total_time
        );
    }
}

/// Lap-by-lap table of a strategy on the model.
fn print_laps(s: &Strategy, model: &TyreModel, laps: u32, pit_loss: f64) {
    println!("\n  lap  compound  tyre age  lap time   race time");
    let mut t = 0.0;
    for p in &s.stints {
        for lap in p.first_lap..=p.last_lap {
            let age = p.start_age + lap - p.first_lap;
            let mut lt = model
                .lap_time(p.compound, age, lap, laps)
                .unwrap_or(f64::NAN);
            let pit = lap == p.last_lap && lap < laps;
            if pit {
                lt += pit_loss;
            }
            t += lt;
            println!(
                "  {lap:>3}  {:<8}  {:>8}  {:>8}  {:>10}{}",
                format!("{:?}", p.compound),
                age + 1,
                f1core::timing::format_duration(std::time::Duration::from_secs_f64(lt)),
                f1core::timing::format_duration(std::time::Duration::from_secs_f64(t)),
                if pit { "  pit" } else { "" }
            );
        }
    }
}

fn offline(facts: &CircuitFacts, a: &Args) -> f1core::Result<()> {
    println!(
        "{} ({}): {} laps of {:.3} km, pit stop ≈ {:.1} s, safety car in {:.0} % of races",
        facts.name,
        facts.country,
        facts.race_laps,
        facts.lap_length_km,
        facts.pit_loss,
        100.0 * facts.safety_car_probability
    );
    let model = facts.tyre_model();
    let best = optimise(&request(facts.race_laps, facts.pit_loss, model.clone(), a))?;
    println!(
        "\nFastest strategies on the catalogue's tyre model (≤ {} stops):",
        a.stops
    );
    print_strategies(&best);
    print_laps(&best[0], &model, facts.race_laps, facts.pit_loss);
    Ok(())
}

/// The circuit's latest race with a lap table under `dir`.
fn with_data(facts: &CircuitFacts, dir: &std::path::Path, a: &Args) -> f1core::Result<()> {
    let ds = f1core::Dataset::load(dir)?;
    let circuit = ds.circuit_by_ref(&facts.circuit_ref)?;
    let found = ds
        .all_races()
        .iter()
        .rev()
        .filter(|r| r.circuit_id == circuit.id)
        .find_map(|r| {
            let slug = f1core::data::race_slug(r.year, &r.name);
            f1core::data::laps_file(dir, &slug).ok().map(|p| (r, p))
        });
    let Some((race, path)) = found else {
        println!(
            "\nNo lap table for {} under {}/laps.",
            circuit.name,
            dir.display()
        );
        return Ok(());
    };
    let laps = f1core::data::read_laps(&path)?;
    let field = RaceField::from_laps(&laps, PassingRule::new(facts.overtake_delta))?;
    let n = field.race_laps();
    let fit = field.fitted();
    println!(
        "\n{} {}: tyre model fitted to {} clean laps (LOSO RMSE {:.3} s), stops cost {:.1} s",
        race.year,
        race.name,
        fit.n_laps_used,
        fit.loso_rmse,
        field.pit_loss()
    );
    let best = optimise(&request(n, field.pit_loss(), fit.model.clone(), a))?;
    print_strategies(&best);
    let winner = field.classified()[0].to_string();
    let actual = field.actual_strategy(&winner)?;
    let stops: Vec<String> = actual
        .pit_stops
        .iter()
        .map(|s| format!("lap {} → {:?}", s.lap, s.compound))
        .collect();
    println!(
        "  winner {winner} actually ran: {:?} start, {}",
        actual.starting_compound,
        stops.join(", ")
    );
    let plan = &best[0].stints;
    let what_if = SimulateRequest {
        pit_stops: plan[1..]
            .iter()
            .map(|p| PlannedStop {
                lap: p.first_lap - 1,
                compound: p.compound,
                tyre_age: 0,
            })
            .collect(),
        starting_compound: plan[0].compound,
        starting_tyre_age: None,
        ..actual
    };
    let r = field.simulate(&what_if)?;
    println!(
        "  {winner} on recommendation #1 against the real field: P{} → P{}, {:+.1} s",
        r.original_position.unwrap_or(0),
        r.simulated_position,
        r.time_gained
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
    let result = catalogue::get(&args.circuit).and_then(|facts| {
        offline(facts, &args)?;
        match &args.data {
            Some(dir) => with_data(facts, dir, &args),
            None => Ok(()),
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
