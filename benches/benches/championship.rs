//! Championship Monte Carlo (issue 4): 10,000 seasons of the rest of a
//! 24-round year — 20 drivers of 10 teams, all 24 rounds (6 with a sprint)
//! still to run, 2024 rules (fastest-lap point, sprint table), constructor
//! form spread on. Synthetic strengths (no data needed): the kernel's cost
//! does not depend on their values.
//!
//! docs/PERFORMANCE.md records the median.

use criterion::{Criterion, criterion_group, criterion_main};
use f1core::model::championship::*;
use f1core::standings::PointsSystem;
use std::hint::black_box;

fn request() -> ChampionshipRequest {
    ChampionshipRequest {
        season: 2024,
        after_round: 0,
        drivers: (0..20)
            .map(|i| ChampionshipDriver {
                driver_ref: format!("d{i}"),
                constructor_ref: format!("t{}", i / 2),
                points: 0.0,
                strength: Some(-0.2 * i as f64),
                round_points: Vec::new(),
                finishes: Vec::new(),
            })
            .collect(),
        constructors: Vec::new(),
        remaining: (1..=24)
            .map(|round| RemainingRound {
                round,
                sprint: round % 4 == 2,
            })
            .collect(),
        points: PointsSystem::for_season(2024, 24),
        runs: 10_000,
        seed: 1,
        fastest_lap_by_position: FASTEST_LAP_BY_POSITION.to_vec(),
        form_sd: 0.5,
        driver_form_sd: DEFAULT_DRIVER_FORM_SD,
    }
}

fn bench(c: &mut Criterion) {
    let req = request();
    let mut g = c.benchmark_group("championship");
    g.sample_size(10);
    g.bench_function("10000_seasons_24_rounds", |b| {
        b.iter(|| championship(black_box(&req)).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
