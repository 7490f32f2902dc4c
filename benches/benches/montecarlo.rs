//! Monte Carlo race simulation: full 70-lap races of a 20-car field (issue
//! goal ≥ 50,000 races/s on one core), with lap noise, start variance,
//! SC/VSC and retirements on. Throughput is in races (elements) per second.
//! docs/PERFORMANCE.md and docs/strategy.md record the medians.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use f1core::domain::Compound;
use f1core::sim::PassingRule;
use f1core::sim::monte_carlo::{
    CarEntry, MonteCarloRequest, Neutralisation, Noise, PitStop, StrategyChoice, simulate,
};
use f1core::tyre::{CompoundModel, Degradation, TyreModel};
use std::hint::black_box;

/// 20 cars 0.1 s/lap apart, on the three best one- and two-stop plans and
/// one given plan; SC 50 %, VSC 30 %, 5 % retirements per car.
fn field(runs: u32) -> MonteCarloRequest {
    let c = |compound, offset, rate, curve| CompoundModel {
        compound,
        offset,
        degradation: Degradation::Quadratic { rate, curve },
    };
    let cars = (0..20)
        .map(|i| CarEntry {
            driver: format!("car{i:02}"),
            pace_offset: 0.1 * i as f64,
            grid: None,
            strategy: if i % 4 == 3 {
                StrategyChoice::Stops {
                    starting: Compound::Medium,
                    pit_stops: vec![PitStop {
                        lap: 30,
                        compound: Compound::Hard,
                    }],
                }
            } else {
                StrategyChoice::Optimal {
                    rank: 1 + i % 3,
                    starting: None,
                }
            },
            dnf_probability: 0.05,
        })
        .collect();
    MonteCarloRequest {
        circuit: None,
        laps: Some(70),
        pit_loss: Some(21.0),
        model: Some(TyreModel {
            base_lap: 78.0,
            fuel_effect: 0.035,
            compounds: vec![
                c(Compound::Soft, -0.9, 0.08, 0.002),
                c(Compound::Medium, -0.4, 0.05, 0.001),
                c(Compound::Hard, 0.0, 0.03, 0.0005),
            ],
        }),
        passing: Some(PassingRule::new(0.8)),
        cars,
        runs,
        seed: 7,
        noise: Noise::default(),
        neutralisation: Neutralisation {
            safety_car_probability: Some(0.5),
            vsc_probability: Some(0.3),
            ..Neutralisation::default()
        },
        points_season: None,
        weather: None,
        max_stops: 3,
        min_stint: 1,
    }
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("montecarlo");
    let runs = 2_000;
    let req = field(runs);
    g.throughput(Throughput::Elements(u64::from(runs)));
    g.bench_function("20cars_70laps_x2000", |b| {
        b.iter(|| simulate(black_box(&req)).unwrap())
    });
    // The per-request part alone: validation, three DP runs, tables.
    let one = field(1);
    g.throughput(Throughput::Elements(1));
    g.bench_function("prepare_and_1_race", |b| {
        b.iter(|| simulate(black_box(&one)).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
