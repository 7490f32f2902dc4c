//! The GBDT against a plainly written exact greedy learner: every split
//! and leaf of a few boosted trees on small data with repeated values and
//! NaN.

use super::bins::between;
use super::tests::names;
use super::*;

/// Exact greedy learner on raw values, written plainly: every threshold
/// between globally distinct neighbours, sums over the node's rows.
struct Brute<'a> {
    x: &'a [f64],
    nf: usize,
    cuts: Vec<Vec<f64>>,
    p: &'a GbdtParams,
}

impl Brute<'_> {
    fn sums(&self, rows: &[usize], g: &[f64], h: &[f64]) -> [f64; 3] {
        rows.iter()
            .fold([0.0; 3], |s, &r| [s[0] + g[r], s[1] + h[r], s[2] + 1.0])
    }

    fn tree(
        &self,
        rows: &[usize],
        g: &[f64],
        h: &[f64],
        depth: usize,
        out: &mut Vec<TreeNode>,
    ) -> usize {
        let p = self.p;
        let t = self.sums(rows, g, h);
        let at = out.len();
        out.push(TreeNode::Leaf {
            value: -t[0] / (t[1] + p.lambda) * p.learning_rate,
            cover: t[1],
        });
        if depth == p.max_depth {
            return at;
        }
        let sc = |s: [f64; 3]| s[0] * s[0] / (s[1] + p.lambda);
        let ok = |s: [f64; 3]| s[2] >= 1.0 && s[1] >= p.min_child_hessian;
        let mut best: Option<(f64, usize, f64, bool)> = None;
        for f in 0..self.nf {
            let nan: Vec<usize> = rows
                .iter()
                .copied()
                .filter(|&r| self.x[r * self.nf + f].is_nan())
                .collect();
            for &c in &self.cuts[f] {
                let left: Vec<usize> = rows
                    .iter()
                    .copied()
                    .filter(|&r| self.x[r * self.nf + f] <= c)
                    .collect();
                let l = self.sums(&left, g, h);
                let n = self.sums(&nan, g, h);
                let with_nan = [l[0] + n[0], l[1] + n[1], l[2] + n[2]];
                let choices = if nan.is_empty() {
                    vec![(l, l[1] >= t[1] - l[1])]
                } else {
                    vec![(l, false), (with_nan, true)]
                };
                for (l, dl) in choices {
                    let r = [t[0] - l[0], t[1] - l[1], t[2] - l[2]];
                    if !(ok(l) && ok(r)) {
                        continue;
                    }
                    let gain = 0.5 * (sc(l) + sc(r) - sc(t));
                    if gain > p.min_split_gain && best.is_none_or(|b| gain > b.0) {
                        best = Some((gain, f, c, dl));
                    }
                }
            }
        }
        let Some((_, f, c, dl)) = best else { return at };
        let go = |r: &usize| {
            let v = self.x[r * self.nf + f];
            if v.is_nan() { dl } else { v <= c }
        };
        let (lr, rr): (Vec<usize>, Vec<usize>) = rows.iter().copied().partition(|r| go(r));
        let left = self.tree(&lr, g, h, depth + 1, out);
        let right = self.tree(&rr, g, h, depth + 1, out);
        out[at] = TreeNode::Split {
            feature: f,
            threshold: c,
            left,
            right,
            default_left: dl,
            zero_is_missing: false,
            cover: t[1],
        };
        at
    }
}

#[test]
fn matches_an_exact_greedy_learner_on_tiny_data() {
    let mut rng = SimRng::new(7);
    let (n, nf) = (40, 3);
    // Repeated values (feature 1 has 5 levels) and some NaN.
    let x: Vec<f64> = (0..n * nf)
        .map(|i| match i % nf {
            0 => rng.uniform(),
            1 => f64::from(rng.below(5)),
            _ if rng.chance(0.25) => f64::NAN,
            _ => rng.uniform() * 10.0,
        })
        .collect();
    let y: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
    let p = GbdtParams {
        n_trees: 5,
        max_depth: 3,
        learning_rate: 0.5,
        min_child_hessian: 2.0,
        ..GbdtParams::default()
    };
    let model = train(&x, &y, &names(nf), &p).unwrap();
    let mut cuts = Vec::new();
    for f in 0..nf {
        let mut v: Vec<f64> = (0..n)
            .map(|r| x[r * nf + f])
            .filter(|v| !v.is_nan())
            .collect();
        v.sort_by(f64::total_cmp);
        v.dedup();
        cuts.push(v.windows(2).map(|w| between(w[0], w[1])).collect());
    }
    let brute = Brute {
        x: &x,
        nf,
        cuts,
        p: &p,
    };
    let mean = y.iter().sum::<f64>() / n as f64;
    let mut margin = vec![mean; n];
    let rows: Vec<usize> = (0..n).collect();
    let mut splits = 0;
    for tree in model.trees() {
        let g: Vec<f64> = margin.iter().zip(&y).map(|(m, y)| m - y).collect();
        let mut nodes = Vec::new();
        brute.tree(&rows, &g, &vec![1.0; n], 0, &mut nodes);
        let want = Ensemble::new(vec![Tree { nodes, group: 0 }], model.params().clone()).unwrap();
        let want = &want.trees()[0];
        assert_eq!(tree.nodes.len(), want.nodes.len());
        for (a, b) in tree.nodes.iter().zip(&want.nodes) {
            match (a, b) {
                (TreeNode::Leaf { value: va, .. }, TreeNode::Leaf { value: vb, .. }) => {
                    assert!((va - vb).abs() < 1e-9, "{va} vs {vb}")
                }
                (
                    TreeNode::Split {
                        feature: fa,
                        threshold: ta,
                        default_left: da,
                        ..
                    },
                    TreeNode::Split {
                        feature: fb,
                        threshold: tb,
                        default_left: db,
                        ..
                    },
                ) => {
                    assert_eq!((fa, ta, da), (fb, tb, db));
                    splits += 1;
                }
                _ => panic!("{a:?} vs {b:?}"),
            }
        }
        let one = Ensemble::new(vec![tree], model.params().clone()).unwrap();
        let base = model.params().base_margin[0];
        for (m, v) in margin.iter_mut().zip(one.predict_margin(&x).unwrap()) {
            *m += v - base;
        }
    }
    assert!(splits >= 20, "{splits} splits compared");
}
