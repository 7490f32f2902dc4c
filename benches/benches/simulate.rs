//! The strategy simulator on a real race: building the field from a lap
//! table (fit included) once per race, then one what-if per keystroke.

use criterion::{Criterion, criterion_group, criterion_main};
use f1core::data::read_laps;
use f1core::domain::Compound;
use f1core::sim::{Pace, PassingRule, PlannedStop, RaceField};
use std::hint::black_box;
use std::path::PathBuf;

fn laps_path() -> PathBuf {
    std::env::var_os("F1CORE_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data"))
        .join("laps/2024-bahrain-grand-prix.csv")
}

fn bench(c: &mut Criterion) {
    let laps = read_laps(&laps_path()).expect("the shared lap tables (set F1CORE_DATA)");
    let rule = PassingRule::new(1.0);
    let field = RaceField::from_laps(&laps, rule).unwrap();
    let mut req = field.actual_strategy("HAM").unwrap();
    req.pit_stops.push(PlannedStop {
        lap: 45,
        compound: Compound::Soft,
        tyre_age: 0,
    });
    let mut g = c.benchmark_group("simulate");
    g.bench_function("field_from_laps_bahrain", |b| {
        b.iter(|| RaceField::from_laps(black_box(&laps), rule).unwrap())
    });
    g.bench_function("what_if_actual_pace", |b| {
        b.iter(|| field.simulate(black_box(&req)).unwrap())
    });
    req.pace = Pace::Model;
    g.bench_function("what_if_model_pace", |b| {
        b.iter(|| field.simulate(black_box(&req)).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
