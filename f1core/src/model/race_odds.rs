//! From Plackett–Luce scores to coherent odds over a field: P(win),
//! P(top 3), P(top k) and the expected finishing position.
//!
//! Plackett–Luce orders are those of an "exponential race": driver i
//! finishes at an Exp(λᵢ) time, λᵢ = e^{scoreᵢ}. So
//! P(i in the top k) = ∫ λᵢ e^{-λᵢ t} P(fewer than k others done by t) dt,
//! and "others done by t" is a Poisson-binomial count. The integral is taken
//! over z = ln t, where each integrand is smooth and bell-shaped, by the
//! trapezoid rule on an infinite grid (geometric convergence): the nodes
//! left of the first one are summed in closed form. At a node, every car's
//! leave-one-out count below k comes from prefix and suffix count
//! distributions truncated at k, so a node costs O(n·k) with no division;
//! four nodes run side by side in SIMD-friendly lanes. P(win) (a softmax)
//! and the expected position (1 + Σⱼ λⱼ/(λᵢ+λⱼ)) are exact; the top-k sums
//! are then made exactly k.

/// Odds of one car.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Odds {
    pub p_win: f64,
    pub p_podium: f64,
    /// P(finishing in the points): top `scoring_places`.
    pub p_points: f64,
    pub expected_position: f64,
}

/// Trapezoid step in ln t: ln √2, so t doubles every two nodes and a block
/// of four nodes is the last block squared twice (see `integrate`). Top-k
/// errors ≤ 1e-7 against exact enumeration (see the tests; a step of 0.4
/// gives 8e-7, 0.5 gives 3e-5).
const STEP: f64 = std::f64::consts::LN_2 / 2.0;
/// Nodes computed side by side.
const LANES: usize = 4;
type Lanes = [f64; LANES];
/// Largest error per car allowed from the closed-form left tail.
const TAIL_TOL: f64 = 1e-8;
/// The grid ends when P(at most k finished) is below this ...
const STOP: f64 = 1e-10;
/// ... or when every car that can finish surely has (λt above this).
const ALL_DONE: f64 = 50.0;
const MAX_NODES: usize = 400;

/// Odds for every car from its score (any finite reals; only differences
/// matter). `out` gets one entry per score. Non-finite scores count as
/// hopeless (λ = 0).
pub fn field_odds(scores: &[f64], scoring_places: usize, out: &mut Vec<Odds>) {
    let n = scores.len();
    out.clear();
    out.resize(n, Odds::default());
    if n == 0 {
        return;
    }
    let top = scores
        .iter()
        .copied()
        .filter(|s| s.is_finite())
        .fold(f64::MIN, f64::max);
    let mut lam: Vec<f64> = (scores.iter())
        .map(|&s| if s.is_finite() { (s - top).exp() } else { 0.0 })
        .collect();
    if lam.iter().all(|&l| l == 0.0) {
        lam.fill(1.0); // no finite score: nothing to tell the cars apart
    }
    let total: f64 = lam.iter().sum();
    for (i, o) in out.iter_mut().enumerate() {
        o.p_win = lam[i] / total;
        o.expected_position = 1.0;
    }
    for i in 0..n {
        for j in i + 1..n {
            let s = lam[i] + lam[j];
            // Two hopeless cars are level: half a place each.
            let pi = if s > 0.0 { lam[i] / s } else { 0.5 };
            out[i].expected_position += 1.0 - pi;
            out[j].expected_position += pi;
        }
    }
    let k_points = scoring_places.min(n);
    let (top3, topk) = top_k(&lam, total, 3.min(n), k_points);
    for (i, o) in out.iter_mut().enumerate() {
        o.p_podium = top3[i].max(o.p_win);
        o.p_points = topk[i].max(o.p_win);
        if k_points >= 3 {
            o.p_points = o.p_points.max(o.p_podium);
        }
    }
}

/// P(rank ≤ a) and P(rank ≤ b) for every car; each list sums to exactly
/// a and b.
fn top_k(lam: &[f64], total: f64, a: usize, b: usize) -> (Vec<f64>, Vec<f64>) {
    let n = lam.len();
    // P(rank ≤ k) needs the others' count below k; k = n is certain.
    let need = a.max(b).min(n - 1);
    let (ka, kb) = (a.min(need), b.min(need));
    let mut pa = vec![0.0; n];
    let mut pb = vec![0.0; n];
    if need > 0 {
        let t0 = start(ka.min(kb)) / total;
        // The nodes left of t0, where others being ahead is negligible,
        // in closed form: Σ_{j≥1} h·u·e^{-u} at u = λt₀e^{-jh}, as a power
        // series in λt₀ (≤ 0.2, so 12 terms reach 1e-18).
        let inv: [f64; 12] = std::array::from_fn(|r| 1.0 / ((r + 1) as f64 * STEP).exp_m1());
        for i in 0..n {
            let u0 = lam[i] * t0;
            let (mut tail, mut term) = (0.0, u0); // (-1)^r u0^{r+1} / r!
            for (r, inv) in inv.iter().enumerate() {
                tail += term * inv;
                term *= -u0 / (r + 1) as f64;
            }
            pa[i] = STEP * tail;
            pb[i] = STEP * tail;
        }
        integrate(lam, t0, ka, kb, &mut pa, &mut pb);
    }
    exact_sum(&mut pa, a);
    exact_sum(&mut pb, b);
    (pa, pb)
}

/// Λt₀ of the first node for the smallest k integrated. Left of it the
/// chance of k others ahead, ≤ (Λt)^k/k!, is dropped: at most
/// h·x^{k+1} / (k!·(e^{(k+1)h} − 1)) per car, with x = Λt₀.
fn start(k: usize) -> f64 {
    let k = k.max(1) as i32;
    let fact: f64 = (1..=k).map(f64::from).product();
    let bound = TAIL_TOL * fact * (f64::from(k + 1) * STEP).exp_m1() / STEP;
    bound.powf(1.0 / f64::from(k + 1)).min(0.2)
}

/// Adds the trapezoid sum over z = ln t ≥ ln t₀ of each car's density
/// times P(fewer than a / b others done); 0 < a, b < n.
fn integrate(lam: &[f64], t0: f64, a: usize, b: usize, pa: &mut [f64], pb: &mut [f64]) {
    let n = lam.len();
    let need = a.max(b);
    let w = need + 1; // counts 0..=need: below k reads m < k, the stop m ≤ need
    let growth = STEP.exp();
    let mut t: Lanes = std::array::from_fn(|k| t0 * growth.powi(k as i32));
    // P(not done) per car and lane. q(2t) = q(t)², so lanes 2 and 3 are
    // lanes 0 and 1 squared, and each block is the last squared twice:
    // only the first block needs exponentials (squaring doubles a relative
    // error; after a run's ~20 squarings it is still ~1e-10).
    let mut q: Vec<Lanes> = (lam.iter())
        .map(|&l| {
            let (q0, q1) = ((-l * t[0]).exp(), (-l * t[1]).exp());
            [q0, q1, q0 * q0, q1 * q1]
        })
        .collect();
    let slowest = (lam.iter().copied())
        .filter(|&l| l > 0.0)
        .fold(f64::MAX, f64::min);
    // pre row i: P(m of cars 0..i done); suf row i: P(at most m of cars
    // i..n done) — a CDF obeys the same recursion. m < w.
    let mut pre = vec![[0.0; LANES]; (n + 1) * w];
    let mut suf = vec![[1.0; LANES]; (n + 1) * w];
    pre[0] = [1.0; LANES];
    let mut acc_a = vec![[0.0; LANES]; n];
    let mut acc_b = vec![[0.0; LANES]; n];
    for _ in 0..MAX_NODES / LANES {
        for i in 0..n {
            // Row i+1 has at most i+1 cars done: higher entries stay 0.
            let (cur, next) = pre[i * w..(i + 2) * w].split_at_mut(w);
            add_car(cur, next, q[i], (i + 2).min(w));
        }
        for i in (0..n).rev() {
            // Row i has n-i cars: entries from n-i on stay 1.
            let (cur, next) = suf[i * w..(i + 2) * w].split_at_mut(w);
            add_car(next, cur, q[i], (n - i).min(w));
        }
        for i in 0..n {
            let pr = &pre[i * w..(i + 1) * w];
            let sf = &suf[(i + 1) * w..(i + 2) * w];
            let (ga, gb) = (below(pr, sf, a), below(pr, sf, b));
            for k in 0..LANES {
                let density = STEP * lam[i] * t[k] * q[i][k];
                acc_a[i][k] += density * ga[k];
                acc_b[i][k] += density * gb[k];
            }
        }
        let all = &pre[n * w..n * w + need + 1];
        let left: f64 = all.iter().map(|v| v[LANES - 1]).sum();
        if left < STOP || slowest * t[0] > ALL_DONE {
            break;
        }
        t = t.map(|t| t * 4.0);
        for qi in q.iter_mut() {
            *qi = qi.map(|v| (v * v) * (v * v));
        }
    }
    for i in 0..n {
        pa[i] += acc_a[i].iter().sum::<f64>();
        pb[i] += acc_b[i].iter().sum::<f64>();
    }
}

/// One more car (P(not done) `q`) into a count distribution or a CDF:
/// `to[m] = q·from[m] + (1−q)·from[m−1]` for m < `len`.
#[inline(always)]
fn add_car(from: &[Lanes], to: &mut [Lanes], q: Lanes, len: usize) {
    let p = q.map(|q| 1.0 - q);
    // The last entry rides along in registers: lane-wise (vertical) SIMD
    // instead of a vectorised m loop that shuffles lanes.
    let mut prev = [0.0; LANES];
    for (to, from) in to[..len].iter_mut().zip(&from[..len]) {
        let cur = *from;
        *to = std::array::from_fn(|k| cur[k] * q[k] + prev[k] * p[k]);
        prev = cur;
    }
}

/// P(fewer than k of the others done) per lane: Σⱼ pre[j]·suf[k−1−j].
#[inline(always)]
fn below(pre: &[Lanes], suf: &[Lanes], k: usize) -> Lanes {
    let mut g = [0.0; LANES];
    for (x, y) in pre[..k].iter().zip(suf[..k].iter().rev()) {
        g = std::array::from_fn(|l| g[l] + x[l] * y[l]);
    }
    g
}

/// Scales a list of probabilities to sum to exactly k within [0, 1]:
/// the values down if the sum is over, the complements if it is under.
fn exact_sum(p: &mut [f64], k: usize) {
    let n = p.len();
    for x in p.iter_mut() {
        *x = x.clamp(0.0, 1.0);
    }
    if k >= n {
        p.fill(1.0);
        return;
    }
    let s: f64 = p.iter().sum();
    let k = k as f64;
    if s > k {
        p.iter_mut().for_each(|x| *x *= k / s);
    } else if s < k {
        let f = (n as f64 - k) / (n as f64 - s);
        p.iter_mut().for_each(|x| *x = 1.0 - (1.0 - *x) * f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Exact top-k probabilities by dynamic programming over the set of
    /// cars already placed (2ⁿ states).
    fn exact(scores: &[f64], k: usize) -> Vec<f64> {
        let n = scores.len();
        let lam: Vec<f64> = scores.iter().map(|s| s.exp()).collect();
        let mut f = vec![0.0; 1 << n];
        // λ of the cars not yet placed, per state.
        let mut rest = vec![0.0; 1 << n];
        f[0] = 1.0;
        rest[0] = lam.iter().sum();
        let mut p = vec![0.0; n];
        for s in 0..1usize << n {
            if f[s] == 0.0 || s.count_ones() as usize >= k {
                continue;
            }
            for i in (0..n).filter(|i| s >> i & 1 == 0) {
                let pr = f[s] * lam[i] / rest[s];
                f[s | 1 << i] += pr;
                rest[s | 1 << i] = rest[s] - lam[i];
                p[i] += pr;
            }
        }
        p
    }

    fn fields() -> Vec<Vec<f64>> {
        // Spread-out, bunched, a dominant car, hopeless tail, ties.
        let mut v = vec![
            (0..14).map(|i| -0.35 * i as f64).collect::<Vec<_>>(),
            (0..14).map(|i| -0.05 * i as f64).collect(),
            (0..14)
                .map(|i| if i == 0 { 3.0 } else { -0.6 * i as f64 })
                .collect(),
            (0..12).map(|i| -1.5 * i as f64).collect(),
            vec![0.0; 11],
            // A real field: the post-qualifying model's scores for the
            // 2024 Bahrain GP (fitted on 2016-2023).
            vec![
                4.631, 1.569, 1.598, 3.095, 2.135, 1.044, 0.807, 0.387, 1.257, -0.621, -1.952,
                -1.537, -1.099, -0.441, -0.578, -0.444, -1.728, -1.596, -1.331, -1.993,
            ],
        ];
        // A fixed pseudo-random field.
        let mut x = 12345u64;
        v.push(
            (0..13)
                .map(|_| {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    (x >> 11) as f64 / (1u64 << 53) as f64 * 4.0
                })
                .collect(),
        );
        v
    }

    #[test]
    fn top_k_matches_exact_enumeration() {
        let mut worst: f64 = 0.0;
        for s in fields() {
            let mut out = Vec::new();
            let e3 = exact(&s, 3);
            for k in [1, 2, 3, 6, 10] {
                field_odds(&s, k, &mut out);
                let ek = exact(&s, k);
                for i in 0..s.len() {
                    worst = worst.max((out[i].p_podium - e3[i]).abs());
                    worst = worst.max((out[i].p_points - ek[i]).abs());
                }
            }
        }
        assert!(worst < 1e-7, "worst error {worst}");
    }

    #[test]
    fn odds_are_coherent() {
        for s in fields() {
            let mut out = Vec::new();
            field_odds(&s, 10, &mut out);
            let n = s.len();
            let sum = |f: fn(&Odds) -> f64| out.iter().map(f).sum::<f64>();
            assert!((sum(|o| o.p_win) - 1.0).abs() < 1e-12);
            assert!((sum(|o| o.p_podium) - 3.0).abs() < 1e-9);
            assert!((sum(|o| o.p_points) - 10.0f64.min(n as f64)).abs() < 1e-9);
            let places = (n * (n + 1) / 2) as f64;
            assert!((sum(|o| o.expected_position) - places).abs() < 1e-9);
            for o in &out {
                assert!(o.p_win <= o.p_podium && o.p_podium <= o.p_points && o.p_points <= 1.0);
            }
            // Higher score, better odds.
            for w in out.windows(2).zip(s.windows(2)) {
                if w.1[0] > w.1[1] + 1e-9 {
                    assert!(w.0[0].p_podium >= w.0[1].p_podium);
                    assert!(w.0[0].expected_position < w.0[1].expected_position);
                }
            }
        }
    }

    #[test]
    fn small_fields_and_odd_input() {
        let mut out = Vec::new();
        field_odds(&[], 10, &mut out);
        assert!(out.is_empty());
        field_odds(&[0.3], 10, &mut out);
        assert_eq!(
            out[0],
            Odds {
                p_win: 1.0,
                p_podium: 1.0,
                p_points: 1.0,
                expected_position: 1.0
            }
        );
        field_odds(&[1.0, 0.0], 10, &mut out);
        let e = 1.0f64.exp() / (1.0f64.exp() + 1.0);
        assert!((out[0].p_win - e).abs() < 1e-12 && out[0].p_podium == 1.0);
        field_odds(&[0.0, f64::NEG_INFINITY, 0.0], 1, &mut out);
        assert_eq!(out[1].p_win, 0.0);
        assert!((out[0].p_points - 0.5).abs() < 1e-9);
        // Extreme spread (λ down to e^-700) and a hopeless majority: the
        // grid stops at its node limit (t ≈ 1e60·t₀, short of e^700), the
        // mass left is shared out evenly, and the odds stay coherent.
        let inf = f64::NEG_INFINITY;
        field_odds(&[0.0, -1.0, -700.0, inf, inf, inf, inf, inf], 3, &mut out);
        let sum = |f: fn(&Odds) -> f64| out.iter().map(f).sum::<f64>();
        assert!((sum(|o| o.p_podium) - 3.0).abs() < 1e-9);
        assert!(
            out.iter()
                .all(|o| o.p_podium.is_finite() && o.p_podium <= 1.0)
        );
        assert!(
            out[0].p_podium > 0.999 && out[1].p_podium > 0.999,
            "{out:?}"
        );
        assert!(
            out[3..]
                .iter()
                .all(|o| o.p_podium < out[2].p_podium + 1e-12)
        );
    }
}
