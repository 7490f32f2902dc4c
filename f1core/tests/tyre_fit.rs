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
