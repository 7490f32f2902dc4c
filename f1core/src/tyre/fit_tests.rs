use super::*;
use crate::domain::TrackStatus;
use std::time::Duration;

fn splitmix(state: &mut u64) -> f64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

fn lap(driver: &str, n: u32, t: f64, stint: u32, c: Compound, life: u32) -> Lap {
    Lap {
        driver: driver.into(),
        team: None,
        lap_number: n,
        lap_time: Some(Duration::from_secs_f64(t)),
        sector1: None,
        sector2: None,
        sector3: None,
        stint: Some(stint),
        compound: Some(c),
        tyre_life: Some(life),
        fresh_tyre: Some(true),
        pit_in: false,
        pit_out: false,
        track_status: TrackStatus::default(),
        position: None,
        time: None,
    }
}

/// 6 drivers, 50 laps, two stops each, S/M/H from a known model.
fn synthetic(noise: f64) -> (Vec<Lap>, TyreModel) {
    let truth = TyreModel {
        base_lap: 90.0,
        fuel_effect: 0.06,
        compounds: vec![
            CompoundModel {
                compound: Compound::Soft,
                offset: 0.0,
                degradation: Degradation::Quadratic {
                    rate: 0.08,
                    curve: 0.004,
                },
            },
            CompoundModel {
                compound: Compound::Medium,
                offset: 0.5,
                degradation: Degradation::Linear { rate: 0.05 },
            },
            CompoundModel {
                compound: Compound::Hard,
                offset: 0.9,
                degradation: Degradation::Linear { rate: 0.03 },
            },
        ],
    };
    let plans: [&[(Compound, u32)]; 6] = [
        &[
            (Compound::Soft, 12),
            (Compound::Medium, 20),
            (Compound::Hard, 18),
        ],
        &[
            (Compound::Medium, 18),
            (Compound::Hard, 22),
            (Compound::Soft, 10),
        ],
        &[
            (Compound::Hard, 25),
            (Compound::Soft, 10),
            (Compound::Medium, 15),
        ],
        &[
            (Compound::Soft, 14),
            (Compound::Hard, 20),
            (Compound::Medium, 16),
        ],
        &[
            (Compound::Medium, 15),
            (Compound::Soft, 12),
            (Compound::Hard, 23),
        ],
        &[
            (Compound::Hard, 20),
            (Compound::Medium, 17),
            (Compound::Soft, 13),
        ],
    ];
    let mut rng = 7u64;
    let mut laps = Vec::new();
    for (d, plan) in plans.iter().enumerate() {
        let name = format!("D{d}");
        let pace = d as f64 * 0.2 - 0.5;
        let mut n = 1;
        for (s, &(c, len)) in plan.iter().enumerate() {
            for age in 0..len {
                let t = truth.lap_time(c, age, n, 50).unwrap()
                    + pace
                    + noise * (splitmix(&mut rng) - 0.5);
                let mut l = lap(&name, n, t, s as u32 + 1, c, age + 1);
                l.pit_out = age == 0 && s > 0;
                l.pit_in = age + 1 == len && s + 1 < plan.len();
                laps.push(l);
                n += 1;
            }
        }
    }
    (laps, truth)
}

#[test]
fn recovers_a_known_model() {
    let (laps, truth) = synthetic(0.2);
    let f = fit(&laps, 50).unwrap();
    assert!((f.model.fuel_effect - 0.06).abs() < 0.01, "{f:?}");
    assert!((f.model.base_lap - 90.0).abs() < 0.3, "{f:?}");
    for c in [Compound::Soft, Compound::Medium, Compound::Hard] {
        for age in [0, 5, 10] {
            let got = f.model.lap_time(c, age, 25, 50).unwrap();
            let want = truth.lap_time(c, age, 25, 50).unwrap();
            assert!((got - want).abs() < 0.15, "{c:?} {age}: {got} vs {want}");
        }
    }
    let soft = f.model.compound(Compound::Soft).unwrap();
    assert!(
        matches!(soft.degradation, Degradation::Quadratic { .. }),
        "{f:?}"
    );
    let (m, b) = loso_rmse(&laps, 50).unwrap();
    assert!(m < b, "{m} vs {b}");
    assert!(m < 0.15, "{m}");
    for (name, se) in &f.std_errors {
        assert!(se.is_finite() && *se > 0.0 && *se < 0.1, "{name} {se}");
    }
    let pace: f64 = f.driver_offsets.iter().map(|d| d.1).sum();
    assert!(pace.abs() < 1e-9);
}

#[test]
fn exact_without_noise() {
    let (laps, _) = synthetic(0.0);
    let f = fit(&laps, 50).unwrap();
    assert!(f.rmse < 1e-6, "{}", f.rmse);
    assert!((f.model.fuel_effect - 0.06).abs() < 1e-6);
}

#[test]
fn degenerate_input_is_invalid_not_a_panic() {
    assert!(matches!(fit(&[], 50), Err(Error::InvalidInput(_))));
    let one = [lap("A", 2, 90.0, 1, Compound::Soft, 2)];
    assert!(matches!(fit(&one, 50), Err(Error::InvalidInput(_))));
    // One driver, one stint: the fuel and wear columns coincide.
    let laps: Vec<Lap> = (2..30)
        .map(|n| lap("A", n, 90.0 + 0.01 * n as f64, 1, Compound::Soft, n))
        .collect();
    assert!(matches!(fit(&laps, 50), Err(Error::InvalidInput(_))));
    assert!(matches!(loso_rmse(&laps, 50), Err(Error::InvalidInput(_))));
    assert!(matches!(fit(&laps, 0), Err(Error::InvalidInput(_))));
    assert!(matches!(fit(&laps, 10), Err(Error::InvalidInput(_))));
}

#[test]
fn one_compound_fits_with_it_as_reference() {
    let (mut laps, _) = synthetic(0.2);
    laps.iter_mut()
        .for_each(|l| l.compound = Some(Compound::Hard));
    let f = fit(&laps, 50).unwrap();
    assert_eq!(f.reference_compound, Compound::Hard);
    assert_eq!(f.model.compounds.len(), 1);
    assert_eq!(f.model.compounds[0].offset, 0.0);
}

#[test]
fn cleaning_drops_flagged_and_slow_laps() {
    let mut laps: Vec<Lap> = (1..=12)
        .map(|n| lap("A", n, 90.0, 1, Compound::Soft, n))
        .collect();
    laps[3].track_status.safety_car = true;
    laps[5].lap_time = Some(Duration::from_secs_f64(95.0));
    laps[7].pit_in = true;
    let kept: Vec<u32> = clean_laps(&laps).iter().map(|l| l.lap_number).collect();
    assert_eq!(kept, vec![2, 3, 5, 7, 9, 10, 11, 12]);
}
