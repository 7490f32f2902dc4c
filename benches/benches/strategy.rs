//! Pit-strategy optimiser: the exact DP on a 70-lap, 3-compound race with up
//! to 4 stops (issue goal ≤ 1 ms), the same with top_k = 5, and brute-force
//! enumeration of the same race limited to ≤ 2 stops for scale.
//! docs/strategy.md records the medians.

use criterion::{Criterion, criterion_group, criterion_main};
use f1core::domain::Compound;
use f1core::strategy::{OptimiseRequest, Weather, brute_force, optimise};
use f1core::tyre::{CompoundModel, Degradation, TyreModel};
use std::hint::black_box;

fn race(max_stops: u32, top_k: u32) -> OptimiseRequest {
    let c = |compound, offset, rate, curve| CompoundModel {
        compound,
        offset,
        degradation: Degradation::Quadratic { rate, curve },
    };
    OptimiseRequest {
        laps: 70,
        pit_loss: 21.0,
        model: TyreModel {
            base_lap: 78.0,
            fuel_effect: 0.035,
            compounds: vec![
                c(Compound::Soft, -0.9, 0.08, 0.002),
                c(Compound::Medium, -0.4, 0.05, 0.001),
                c(Compound::Hard, 0.0, 0.03, 0.0005),
            ],
        },
        max_stops,
        min_stint: 1,
        weather: Weather::Dry,
        sets: None,
        starting: None,
        top_k,
        compounds_used: vec![],
    }
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("strategy");
    let (r4, r4k5, r2) = (race(4, 1), race(4, 5), race(2, 1));
    // Same optimum from both on the brute-forceable race.
    let (a, b) = (optimise(&r2).unwrap(), brute_force(&r2).unwrap());
    assert!((a[0].total_time - b[0].total_time).abs() < 1e-9);
    g.bench_function("dp_70laps_4stops", |b| {
        b.iter(|| optimise(black_box(&r4)).unwrap())
    });
    g.bench_function("dp_70laps_4stops_top5", |b| {
        b.iter(|| optimise(black_box(&r4k5)).unwrap())
    });
    g.bench_function("dp_70laps_2stops", |b| {
        b.iter(|| optimise(black_box(&r2)).unwrap())
    });
    g.sample_size(10);
    g.bench_function("brute_70laps_2stops", |b| {
        b.iter(|| brute_force(black_box(&r2)).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
