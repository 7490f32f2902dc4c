//! The whole Ergast dump from CSV to every round's standings of every season.
//! `benches/compare_pandas.py` times pandas' `read_csv` of the same files in
//! the same session; docs/PERFORMANCE.md records the ratio.

use criterion::{Criterion, criterion_group, criterion_main};
use f1core::Dataset;
use std::hint::black_box;
use std::path::PathBuf;

fn data_dir() -> PathBuf {
    std::env::var_os("F1CORE_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data"))
}

/// Standings after every round of every completed season (both tables in
/// full, names held once per season); returns the row count.
fn every_round(ds: &Dataset) -> usize {
    ds.completed_seasons()
        .into_iter()
        .map(|year| {
            ds.standings_every_round(year)
                .expect("valid season")
                .rounds
                .iter()
                .map(|s| s.drivers.len() + s.constructors.len())
                .sum::<usize>()
        })
        .sum()
}

/// The same through the JSON-friendly types: `season_results` (refs and
/// names copied into every entry) and `standings_by_round` (copied into
/// every row of every round).
fn every_round_as_standings(ds: &Dataset) -> usize {
    ds.completed_seasons()
        .into_iter()
        .map(|year| {
            let season = ds.season_results(year).expect("season");
            f1core::standings::standings_by_round(&season)
                .expect("valid season")
                .iter()
                .map(|s| s.drivers.len() + s.constructors.len())
                .sum::<usize>()
        })
        .sum()
}

fn bench(c: &mut Criterion) {
    let dir = data_dir();
    let ds = Dataset::load(&dir).expect("the Ergast dump (set F1CORE_DATA)");
    assert_eq!(every_round(&ds), every_round_as_standings(&ds));
    let mut g = c.benchmark_group("dump");
    g.sample_size(20);
    g.bench_function("load", |b| {
        b.iter(|| Dataset::load(black_box(&dir)).unwrap())
    });
    g.bench_function("standings_every_round_1950_2024", |b| {
        b.iter(|| every_round(black_box(&ds)))
    });
    g.bench_function("standings_every_round_as_standings", |b| {
        b.iter(|| every_round_as_standings(black_box(&ds)))
    });
    g.bench_function("load_and_standings_end_to_end", |b| {
        b.iter(|| every_round(&Dataset::load(black_box(&dir)).unwrap()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
