//! Monte Carlo race simulation fed with safety-car odds from the real dump
//! (`safety_cars.csv`, the VSC estimates) through
//! `Dataset::neutralisation_odds`. The simulator's own behaviour is tested
//! in `sim::monte_carlo::tests`; docs/strategy.md ("Monte Carlo").

mod common;

use f1core::ErrorKind;
use f1core::catalogue;
use f1core::sim::monte_carlo::{CarEntry, MonteCarloRequest, Neutralisation, Noise, simulate};

/// Singapore 2015–2024: eight races (none in 2020–21), six with a safety
/// car.
#[test]
fn odds_at_marina_bay_since_2015() {
    let ds = common::dataset();
    let odds = ds.neutralisation_odds("marina_bay", Some(2015)).unwrap();
    assert_eq!(odds.safety_car_races, 8);
    assert_eq!(odds.safety_car_probability, Some(0.75));
    let laps = odds.mean_safety_car_laps.unwrap();
    assert!((2.0..7.0).contains(&laps), "{laps}");
    assert_eq!(odds.vsc_races, 8);
    let vsc = odds.vsc_probability.unwrap();
    assert!((0.0..=1.0).contains(&vsc));
    // The whole history: safety cars only counted from 1993 (Singapore's
    // first race was 2008, so the same races plus 2008–2014).
    let all = ds.neutralisation_odds("marina_bay", None).unwrap();
    assert_eq!(all.safety_car_races, 15);
    assert!(ds.neutralisation_odds("not_a_circuit", None).is_err());
    let e = ds.neutralisation_odds("monza", Some(2030)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
}

/// Over every catalogue circuit: the helper's shares are the share of
/// races with a `safety_cars.csv` row / a VSC estimate, counted here
/// independently, and the catalogue's estimates are within 0.25 of them.
#[test]
fn odds_match_a_direct_count_for_every_circuit() {
    let ds = common::dataset();
    let vsc: std::collections::HashSet<_> = ds.tables().vsc.iter().map(|v| v.race_id).collect();
    for c in catalogue::all() {
        let odds = ds.neutralisation_odds(&c.circuit_ref, Some(2015)).unwrap();
        let id = ds.circuit_by_ref(&c.circuit_ref).unwrap().id;
        let races: Vec<_> = ds
            .all_races()
            .iter()
            .filter(|r| r.circuit_id == id && r.year >= 2015 && ds.has_results(r.id))
            .collect();
        let n = races.len() as f64;
        let sc = races
            .iter()
            .filter(|r| ds.safety_cars_of(r.id).next().is_some())
            .count() as f64;
        let v = races.iter().filter(|r| vsc.contains(&r.id)).count() as f64;
        assert_eq!(
            odds.safety_car_races as usize,
            races.len(),
            "{}",
            c.circuit_ref
        );
        assert_eq!(odds.safety_car_probability, Some(sc / n));
        assert_eq!(odds.vsc_probability, Some(v / n));
        assert!((odds.safety_car_probability.unwrap() - c.safety_car_probability).abs() <= 0.25);
    }
}

/// The simulator fed the dump's odds (Jeddah: every race since 2021 had a
/// safety car; Singapore 6 of 8; Barcelona 3 of 10) produces safety cars
/// at those rates.
#[test]
fn simulated_safety_cars_follow_the_dump() {
    let ds = common::dataset();
    let mut rates = Vec::new();
    for circuit in ["jeddah", "marina_bay", "catalunya"] {
        let odds = ds.neutralisation_odds(circuit, Some(2015)).unwrap();
        let (p_sc, p_vsc) = (
            odds.safety_car_probability.unwrap(),
            odds.vsc_probability.unwrap(),
        );
        let runs = 3000;
        let req = MonteCarloRequest {
            circuit: Some(circuit.into()),
            laps: None,
            pit_loss: None,
            model: None,
            passing: None,
            cars: (0..6)
                .map(|i| CarEntry {
                    driver: format!("d{i}"),
                    pace_offset: 0.2 * i as f64,
                    grid: None,
                    strategy: Default::default(),
                    dnf_probability: 0.05,
                })
                .collect(),
            runs,
            seed: 11,
            noise: Noise::default(),
            neutralisation: Neutralisation {
                safety_car_probability: Some(p_sc),
                vsc_probability: Some(p_vsc),
                safety_car_laps: odds.mean_safety_car_laps.unwrap().round() as u32,
                ..Neutralisation::default()
            },
            points_season: None,
            weather: None,
            max_stops: 3,
            min_stint: 1,
        };
        let r = simulate(&req).unwrap();
        let got = f64::from(r.safety_car_races) / f64::from(runs);
        eprintln!("{circuit:12} dump SC {p_sc:.3} VSC {p_vsc:.3}  simulated SC {got:.3}");
        // Four standard errors (0.036 at p = 0.5); exact at p = 1.
        assert!((got - p_sc).abs() < 0.04, "{circuit}: {got} vs {p_sc}");
        rates.push(got);
    }
    assert!(rates[0] > rates[1] && rates[1] > rates[2], "{rates:?}");
}
