//! A season's championship tables and analytics from the dump.
//!
//!     cargo run -p f1core-examples --example season -- --data ../shared/data --year 2024
//!
//! `--data` may be omitted when `F1CORE_DATA` is set; `--round N` stops the
//! standings after round N.

use std::path::PathBuf;
use std::process::ExitCode;

struct Args {
    data: Option<PathBuf>,
    year: u16,
    round: Option<u32>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        data: None,
        year: 2024,
        round: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--data" => args.data = Some(PathBuf::from(value()?)),
            "--year" => {
                args.year = value()?
                    .parse()
                    .map_err(|_| "--year takes a year".to_string())?
            }
            "--round" => {
                args.round = Some(
                    value()?
                        .parse()
                        .map_err(|_| "--round takes a number".to_string())?,
                )
            }
            "-h" | "--help" => {
                return Err("usage: season [--data DIR] [--year YYYY] [--round N]".into());
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(args)
}

fn run(args: Args) -> f1core::Result<()> {
    let dir = f1core::data::resolve_data_dir(args.data.as_deref())?;
    let started = std::time::Instant::now();
    let ds = f1core::data::load_ergast(&dir)?;
    let s = ds.standings(args.year, args.round)?;
    let race = ds.race(s.year, s.round)?;
    println!(
        "{} World Championship after round {} ({}), dump loaded from {} in {:.0?}\n",
        s.year,
        s.round,
        race.name,
        dir.display(),
        started.elapsed()
    );
    println!(
        "{:>3}  {:<26} {:<22} {:>7} {:>4}",
        "Pos", "Driver", "Constructor", "Points", "Wins"
    );
    for d in &s.drivers {
        let team = d
            .constructor_refs
            .last()
            .and_then(|r| ds.constructor_by_ref(r).ok());
        let team = team.map(|c| c.name.as_str()).unwrap_or("");
        println!(
            "{:>3}  {:<26} {:<22} {:>7} {:>4}",
            d.position, d.driver_name, team, d.points, d.wins
        );
    }
    if !s.constructors.is_empty() {
        println!(
            "\n{:>3}  {:<30} {:>7} {:>4}",
            "Pos", "Constructor", "Points", "Wins"
        );
        for c in &s.constructors {
            println!(
                "{:>3}  {:<30} {:>7} {:>4}",
                c.position, c.constructor_name, c.points, c.wins
            );
        }
    }
    analytics(&ds, &s.drivers[0].driver_ref, s.year, race)
}

/// The leader's season and the round's circuit, from the analytics module.
fn analytics(
    ds: &f1core::Dataset,
    leader: &str,
    year: u16,
    race: &f1core::domain::Race,
) -> f1core::Result<()> {
    let d = ds.driver_season(leader, year)?;
    let pct = |x: Option<f64>| x.map_or("-".into(), |v| format!("{:.0} %", v * 100.0));
    let avg = |x: Option<f64>| x.map_or("-".into(), |v| format!("{v:.1}"));
    println!(
        "\n{} in {year}: {} starts, {} wins, {} podiums, {} poles, avg finish {}, avg grid {}, DNF rate {}",
        d.driver_name,
        d.races_started,
        d.wins,
        d.podiums,
        d.poles,
        avg(d.avg_finish),
        avg(d.avg_grid),
        pct(d.dnf_rate)
    );
    for t in &d.teammates {
        println!(
            "  vs {}: races {}-{}, qualifying {}-{}",
            t.teammate_name,
            t.race.driver_ahead,
            t.race.teammate_ahead,
            t.qualifying.driver_ahead,
            t.qualifying.teammate_ahead
        );
    }
    let circuit = ds
        .circuit(race.circuit_id)
        .map(|c| c.circuit_ref.clone())
        .unwrap_or_default();
    let c = ds.circuit_insights(&circuit, None)?;
    println!("\n{} ({} races held)", c.circuit_name, c.races_held);
    if let Some(r) = &c.lap_record {
        println!(
            "  lap record (race fastest laps): {} by {} in {}",
            f1core::timing::format_duration(r.time),
            r.driver_name,
            r.year
        );
    }
    println!(
        "  pole-to-win: {} of {} ({})",
        c.pole_to_win.pole_wins,
        c.pole_to_win.races,
        pct(c.pole_to_win.rate)
    );
    println!(
        "  safety car in {} of {} races (safety-car data {}-{})",
        c.safety_cars.races_with_safety_car,
        c.safety_cars.races,
        c.safety_cars.first_season.unwrap_or_default(),
        c.safety_cars.last_season.unwrap_or_default()
    );
    if let Some(w) = c.winners_by_constructor.first() {
        println!(
            "  most wins by a constructor: {} ({})",
            w.constructor_name, w.wins
        );
    }
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("{msg}");
            return ExitCode::from(2);
        }
    };
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
