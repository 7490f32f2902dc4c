//! The compiled layout against the general walk, and its order keys.

use super::compiled::Lane;
use super::tests::{random_ensemble, random_rows};
use super::*;

/// The compiled layout gives the general walk's margins bit for bit: float64
/// and float32 models (thresholds not exact in float32 included), trees of
/// mixed depth padded, NaN, zero-as-missing, infinities, rows left over.
#[test]
fn compiled_layout_matches_the_general_walk() {
    for (seed, depth, zero) in [(3, 4, false), (5, 6, false), (9, 8, false), (13, 3, false)] {
        let mut e = random_ensemble(seed, 37, depth, 5, zero);
        // Zero-as-missing without categorical splits, and odd thresholds.
        let mut trees = e.trees();
        for (k, t) in trees.iter_mut().enumerate() {
            for n in t.nodes.iter_mut() {
                if let TreeNode::Split {
                    threshold,
                    zero_is_missing,
                    ..
                } = n
                {
                    *threshold += 0.1 * (k % 3) as f64;
                    *zero_is_missing = k % 4 == 1;
                }
            }
        }
        let one_group: Vec<Tree> = (trees.iter().cloned())
            .map(|t| Tree { group: 0, ..t })
            .collect();
        for (precision, groups) in [
            (Precision::F64, 2),
            (Precision::F32, 2),
            (Precision::F64, 1),
            (Precision::F32, 1),
        ] {
            let mut params = e.params().clone();
            params.precision = precision;
            let trees = if groups == 1 {
                params.num_groups = 1;
                params.base_margin = vec![0.3];
                params.transform = Transform::Identity;
                one_group.clone()
            } else {
                trees.clone()
            };
            e = Ensemble::new(trees, params).unwrap();
            assert!(e.compiled.is_some(), "depth {depth}");
            let mut rows = random_rows(seed + 1, 45, 5);
            rows[3] = f64::INFINITY;
            rows[8] = f64::NEG_INFINITY;
            rows[12] = 1e300;
            // Values on the float32 neighbours of thresholds x.1 and x.2.
            for (i, v) in rows.iter_mut().enumerate().skip(15).step_by(2) {
                let t = (i % 5) as f64 - 1.0 + 0.1 * (i % 3) as f64;
                *v = f64::from(t as f32);
            }
            let got = e.predict_margin(&rows).unwrap();
            let mut general = e.clone();
            general.compiled = None;
            let want = general.predict_margin(&rows).unwrap();
            assert_eq!(
                got.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
                want.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
                "seed {seed} {precision:?}"
            );
        }
    }
    // Categorical splits or deep trees keep the general layout.
    assert!(random_ensemble(7, 5, 4, 5, true).compiled.is_none());
    assert!(random_ensemble(7, 5, 9, 5, false).compiled.is_none());
}

/// Keys order values as `<=` does, for every pair of interesting
/// values (the threshold side never NaN).
#[test]
fn keys_compare_as_the_floats_do() {
    let mut v = vec![
        0.0,
        -0.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        1.0,
        -1.0,
        1e-310,
        -1e-310,
        f64::from(f32::MAX),
        f64::from(f32::MIN_POSITIVE) / 2.0,
        0.1,
        -0.1,
        1e300,
        -1e300,
        f64::MAX,
    ];
    v.extend(v.clone().iter().map(|x| f64::from(*x as f32)));
    for &x in &v {
        for &t in v.iter().filter(|t| !t.is_nan()) {
            assert_eq!(x <= t, u64::value(x) <= u64::threshold(t), "{x} <= {t}");
            let x32 = f64::from(x as f32);
            assert_eq!(
                x32 <= t,
                u32::value(x32) <= u32::threshold(t),
                "{x32} <= {t} (f32)"
            );
        }
    }
}
