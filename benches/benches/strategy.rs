//! Pit-strategy optimiser: the exact DP on a 70-lap, 3-compound race with up
//! to 4 stops (issue goal ≤ 1 ms), the same with top_k = 5, and brute-force
//! enumeration of the same race limited to ≤ 2 stops for scale. Pit window:
//! the same race after lap 20 on a 20-lap-old Soft, ≤ 4 stops left, with
//! cars ahead and behind; beside it, the naive way (one `optimise` per
//! possible stop lap). docs/strategy.md and docs/PERFORMANCE.md record the
//! medians.

use criterion::{Criterion, criterion_group, criterion_main};
use f1core::domain::Compound;
use f1core::strategy::{
    OptimiseRequest, PitWindowRequest, Rival, Weather, brute_force, optimise, pit_window,
};
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

fn window_at_lap_20() -> PitWindowRequest {
    let rival = |gap| Rival {
        gap,
        compound: Compound::Soft,
        tyre_age: 20,
        pace_offset: 0.1,
        next_compound: None,
    };
    let r = race(4, 1);
    PitWindowRequest {
        laps: r.laps,
        current_lap: 20,
        compound: Compound::Soft,
        tyre_age: 20,
        compounds_used: vec![],
        model: r.model,
        pit_loss: r.pit_loss,
        max_stops: 4,
        min_stint: 1,
        weather: Weather::Dry,
        sets: None,
        tolerance: 1.0,
        ahead: Some(rival(1.2)),
        behind: Some(rival(0.9)),
        laps_later: 1,
    }
}

/// The window the naive way: the optimiser on the laps left, per stop lap
/// (current-set laps not added: this only times the optimiser calls).
fn window_by_optimise_per_lap(w: &PitWindowRequest) -> Vec<f64> {
    (w.current_lap + 1..w.laps)
        .map(|s| {
            let rest = optimise(&OptimiseRequest {
                laps: w.laps - s,
                pit_loss: w.pit_loss,
                model: w.model.clone(),
                max_stops: w.max_stops - 1,
                min_stint: w.min_stint,
                weather: w.weather,
                sets: None,
                starting: None,
                top_k: 1,
                compounds_used: vec![w.compound],
            });
            rest.unwrap()[0].total_time
        })
        .collect()
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
    let w = window_at_lap_20();
    let win = pit_window(&w).unwrap();
    assert_eq!(win.options.len(), 49);
    assert!(win.window.contains(&win.best.pit_lap.unwrap()));
    g.bench_function("pit_window_70laps_lap20", |b| {
        b.iter(|| pit_window(black_box(&w)).unwrap())
    });
    g.bench_function("optimise_per_stop_lap_70laps_lap20", |b| {
        b.iter(|| window_by_optimise_per_lap(black_box(&w)))
    });
    g.sample_size(10);
    g.bench_function("brute_70laps_2stops", |b| {
        b.iter(|| brute_force(black_box(&r2)).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
