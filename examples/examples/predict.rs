//! Walk-forward evaluation of the race models over one season: each race is
//! predicted by models fitted on earlier races only, beside the baselines.
//!
//!     cargo run -p f1core-examples --example predict -- --data ../shared/data --season 2024
//!
//! `--data` may be omitted when `F1CORE_DATA` is set; `--train-seasons N`
//! sets how many earlier seasons the fits use (default 8). Any season of
//! the dump works; the first ones have little or no history to learn from.

use f1core::model::race_eval::{WalkForwardOptions, walk_forward_dataset};
use std::path::PathBuf;
use std::process::ExitCode;

struct Args {
    data: Option<PathBuf>,
    season: u16,
    train_seasons: Option<u16>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        data: None,
        season: 2024,
        train_seasons: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--data" => args.data = Some(PathBuf::from(value()?)),
            "--season" => {
                args.season = value()?
                    .parse()
                    .map_err(|_| "--season takes a year".to_string())?
            }
            "--train-seasons" => {
                args.train_seasons = Some(
                    value()?
                        .parse()
                        .map_err(|_| "--train-seasons takes a number".to_string())?,
                )
            }
            "-h" | "--help" => {
                return Err(
                    "usage: predict [--data DIR] [--season YYYY] [--train-seasons N]".into(),
                );
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(args)
}

fn run(args: Args) -> f1core::Result<()> {
    let started = std::time::Instant::now();
    let ds = f1core::Dataset::open(args.data.as_deref())?;
    let mut opts = WalkForwardOptions::new(args.season);
    if let Some(n) = args.train_seasons {
        opts.train_seasons = n;
    }
    let wf = walk_forward_dataset(&ds, &opts)?;
    println!("{wf}");
    println!(
        "(fits: L2 {}, {} ordered places, half-life {} seasons, {} training seasons; {:.1?} in all)",
        opts.fit.l2,
        opts.fit.stages,
        opts.fit.half_life_seasons,
        opts.train_seasons,
        started.elapsed()
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
