//! Point-in-time features on the real dump.

mod common;

use f1core::features::{FEATURES, FeatureBuilder};

#[test]
fn explore() {
    let ds = common::dataset();
    let t = std::time::Instant::now();
    let fb = FeatureBuilder::new(ds).unwrap();
    eprintln!("hist {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let m = fb.race(2024, 5).unwrap();
    eprintln!("race {:?}", t.elapsed());
    for (i, r) in m.rows.iter().enumerate().take(4) {
        eprintln!("{}", r.driver_ref);
        for (j, (n, _, _)) in FEATURES.iter().enumerate() {
            eprintln!("  {n} = {}", m.row(i)[j]);
        }
    }
}
