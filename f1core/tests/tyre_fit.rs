//! Fits the tyre model to the three shared 2024 races.

mod common;

use f1core::data::read_laps;
use f1core::domain::Compound;
use f1core::tyre::fit::{fit, loso_rmse};

fn check(name: &str, race_laps: u32) -> (f64, f64) {
    let path = common::data_dir().join(format!("laps/2024-{name}-grand-prix.csv"));
    let laps = read_laps(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let f = fit(&laps, race_laps).unwrap_or_else(|e| panic!("{name}: {e}"));
    let (model, baseline) = loso_rmse(&laps, race_laps).unwrap();
    println!(
        "{name}: {} laps used, base {:.3} s, fuel {:.4} s/lap, in-sample RMSE {:.3} s",
        f.n_laps_used, f.model.base_lap, f.model.fuel_effect, f.rmse
    );
    for c in &f.model.compounds {
        println!(
            "  {:?}: offset {:+.3}, {:?}",
            c.compound, c.offset, c.degradation
        );
    }
    for (k, se) in &f.std_errors {
        println!("  se {k}: {se:.4}");
    }
    println!("  LOSO RMSE model {model:.3} s vs per-compound baseline {baseline:.3} s");
    assert!(model < baseline, "{name}: {model} vs {baseline}");
    assert!(
        (0.0..=0.15).contains(&f.model.fuel_effect),
        "{name}: fuel {}",
        f.model.fuel_effect
    );
    let new_set = |c| f.model.lap_time(c, 0, race_laps, race_laps);
    if let (Some(s), Some(h)) = (new_set(Compound::Soft), new_set(Compound::Hard)) {
        assert!(s < h, "{name}: soft {s} not faster than hard {h}");
    }
    (model, baseline)
}

#[test]
fn bahrain() {
    check("bahrain", 57);
}

#[test]
fn spanish() {
    check("spanish", 66);
}

#[test]
fn italian() {
    check("italian", 53);
}

#[test]
fn progress_and_plot_points_of_the_bahrain_fit() {
    use f1core::domain::race_laps;
    use f1core::tyre::fit::fit_with_progress;
    use f1core::tyre::{wear_curves, wear_points};
    let path = common::data_dir().join("laps/2024-bahrain-grand-prix.csv");
    let laps = read_laps(&path).unwrap();
    let n = race_laps(&laps);
    assert_eq!(n, 57);
    let mut calls = Vec::new();
    let f = fit_with_progress(&laps, n, &mut |done, total| calls.push((done, total))).unwrap();
    assert_eq!(f, fit(&laps, n).unwrap());
    // Two compounds fitted: 3² form combinations, reported 0..=9.
    assert_eq!(f.model.compounds.len(), 2);
    assert_eq!(calls, (0..=9).map(|d| (d, 9)).collect::<Vec<_>>());

    // The points are the fitted laps: their residuals are the fit's.
    let points = wear_points(&f, &laps, n);
    assert_eq!(points.len(), f.n_laps_used);
    let resid: Vec<f64> = points.iter().map(|p| p.tyre_delta - p.model).collect();
    let rms = (resid.iter().map(|r| r * r).sum::<f64>() / resid.len() as f64).sqrt();
    assert!((rms - f.rmse).abs() < 1e-9, "{rms} vs {}", f.rmse);
    for c in [Compound::Soft, Compound::Hard] {
        let of_c: Vec<f64> = points
            .iter()
            .zip(&resid)
            .filter(|(p, _)| p.compound == c)
            .map(|(_, r)| *r)
            .collect();
        let mean = of_c.iter().sum::<f64>() / of_c.len() as f64;
        assert!(mean.abs() < 1e-6, "{c:?}: mean residual {mean}");
    }

    let curves = wear_curves(&f.model, 30);
    assert_eq!(curves.len(), 2 * 31);
    let reference = &curves[0];
    assert_eq!(
        (reference.compound, reference.age),
        (f.reference_compound, 0)
    );
    assert_eq!((reference.tyre_delta, reference.wear), (0.0, 0.0));
    let hard_30 = curves.last().unwrap();
    let m = f.model.compound(Compound::Hard).unwrap();
    assert_eq!(hard_30.tyre_delta, m.offset + m.degradation.loss(30));
}
