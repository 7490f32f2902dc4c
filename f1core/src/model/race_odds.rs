//! From Plackett–Luce scores to coherent odds over a field: P(win),
//! P(top 3), P(top k) and the expected finishing position.
//!
//! Plackett–Luce orders are those of an "exponential race": driver i
//! finishes at an Exp(λᵢ) time, λᵢ = e^{scoreᵢ}. So
//! P(i in the top k) = ∫ λᵢ e^{-λᵢ t} P(fewer than k others done by t) dt,
//! and "others done by t" is a Poisson-binomial count. The integral is taken
//! over z = ln t, where each integrand is a smooth Gumbel-shaped bump and
//! the trapezoid rule converges geometrically; the count distribution is
//! built once per node for the whole field and each driver is divided back
//! out, so a node costs O(n²). P(win) (a softmax) and the expected position
//! (1 + Σⱼ λⱼ/(λᵢ+λⱼ)) are exact; the top-k sums are then made exactly k.

/// Odds of one car.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Odds {
    pub p_win: f64,
    pub p_podium: f64,
    /// P(finishing in the points): top `scoring_places`.
    pub p_points: f64,
    pub expected_position: f64,
}

/// Trapezoid step in ln t: ln √2, so that t grows by √2 per node (see
/// `integrate`). Top-k errors ≤ 1e-6 against exact enumeration (a step of
/// 0.5 gives 2e-5, 0.8 gives 6e-4; see the tests).
const STEP: f64 = std::f64::consts::LN_2 / 2.0;
const GROWTH: f64 = std::f64::consts::SQRT_2;
/// The grid starts where the expected number finished is this small.
const START: f64 = 1e-3;
/// ... and ends when P(at most k finished) is below this.
const STOP: f64 = 1e-12;
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

/// P(rank ≤ a) and P(rank ≤ b) for every car, a ≤ b ≤ n; each list sums
/// to exactly a and b.
fn top_k(lam: &[f64], total: f64, a: usize, b: usize) -> (Vec<f64>, Vec<f64>) {
    let n = lam.len();
    let mut pa = vec![0.0; n];
    let mut pb = vec![0.0; n];
    // Where nearly nobody is done yet, count the whole mass as a top
    // place: P(Tᵢ < t₀) = 1 - e^{-λᵢt₀}, wrong by O((Λt₀)²).
    let t0 = START / total;
    for i in 0..n {
        let left = -(-lam[i] * t0).exp_m1();
        pa[i] = left;
        pb[i] = left;
    }
    // P(rank ≤ k) needs the others' count below k; k = n is certain.
    let need = a.max(b).min(n - 1);
    if need > 0 {
        integrate(lam, t0, a.min(need), b.min(need), &mut pa, &mut pb);
    }
    exact_sum(&mut pa, a);
    exact_sum(&mut pb, b);
    (pa, pb)
}

/// Adds the trapezoid sum over z = ln t ≥ ln t₀ of each car's density
/// times P(fewer than a / b others done); a, b < n.
fn integrate(lam: &[f64], t0: f64, a: usize, b: usize, pa: &mut [f64], pb: &mut [f64]) {
    let need = a.max(b);
    let n = lam.len();
    // P(not done) at the two latest nodes: with t growing by √2 per node,
    // q at a node is the square of q two nodes back, so only the first two
    // nodes need exponentials (squaring doubles a relative error: after
    // the ~25 squarings of a chain it is still ~1e-9).
    let mut q_prev: Vec<f64> = lam.iter().map(|&l| (-l * t0 / GROWTH).exp()).collect();
    let mut q: Vec<f64> = lam.iter().map(|&l| (-l * t0).exp()).collect();
    let mut c = vec![0.0; n + 1];
    let mut next = vec![0.0; n + 1];
    let (mut fw, mut bw) = (Vec::with_capacity(n), Vec::with_capacity(n));
    let mut s = Scratch::new(n);
    let mut t = t0;
    // Euler–Maclaurin end correction for a left end where the integrand
    // grows like e^z: h/2 + h²/12 - h⁴/720 instead of h/2.
    let h = STEP;
    let mut weight = h / 2.0 + h * h / 12.0 - h.powi(4) / 720.0;
    for node in 0..MAX_NODES {
        if node > 0 {
            for (qp, qi) in q_prev.iter_mut().zip(q.iter_mut()) {
                let squared = *qp * *qp;
                *qp = *qi;
                *qi = squared;
            }
        }
        // c[m] = P(exactly m cars done by t), one car at a time.
        c[0] = 1.0;
        for (len, &qi) in q.iter().enumerate() {
            let p = 1.0 - qi;
            next[0] = c[0] * qi;
            for m in 1..=len {
                next[m] = c[m] * qi + c[m - 1] * p;
            }
            next[len + 1] = c[len] * p;
            std::mem::swap(&mut c, &mut next);
        }
        // Divide each car back out of the count. The recursions run with
        // the step outer and the cars inner, so the cars' independent
        // chains vectorise instead of each waiting on its own latency.
        fw.clear();
        bw.clear();
        for i in 0..n {
            let w = weight * lam[i] * t * q[i];
            // Below this a node adds nothing a probability can show.
            if w >= 1e-17 {
                if q[i] >= 0.5 {
                    fw.push((i, w))
                } else {
                    bw.push((i, w))
                }
            }
        }
        forward(&c, &q, &fw, a, b, need, &mut s, pa, pb);
        backward(&c, &q, &bw, a, b, &mut s, pa, pb);
        let left: f64 = c[..=need].iter().sum();
        if left < STOP {
            break;
        }
        weight = h;
        t *= GROWTH;
    }
}

/// Per-car buffers of the recursions.
struct Scratch {
    x: Vec<f64>,
    coef: Vec<f64>,
    inv: Vec<f64>,
    acc: Vec<f64>,
    sa: Vec<f64>,
    sb: Vec<f64>,
}

impl Scratch {
    fn new(n: usize) -> Scratch {
        let v = || vec![0.0; n];
        Scratch {
            x: v(),
            coef: v(),
            inv: v(),
            acc: v(),
            sa: v(),
            sb: v(),
        }
    }

    /// Loads the cars' coefficients; zeroes the chains and sums.
    fn load(&mut self, cars: &[(usize, f64)], coef: impl Fn(usize) -> (f64, f64)) -> usize {
        let k = cars.len();
        for (j, &(i, _)) in cars.iter().enumerate() {
            (self.coef[j], self.inv[j]) = coef(i);
        }
        for v in [&mut self.x, &mut self.acc, &mut self.sa, &mut self.sb] {
            v[..k].fill(0.0);
        }
        k
    }

    fn add(&self, cars: &[(usize, f64)], pa: &mut [f64], pb: &mut [f64]) {
        for (j, &(i, w)) in cars.iter().enumerate() {
            pa[i] += w * self.sa[j].clamp(0.0, 1.0);
            pb[i] += w * self.sb[j].clamp(0.0, 1.0);
        }
    }
}

/// Cars likely not done (q ≥ ½): the others' count d from the bottom,
/// d[m] = (c[m] − d[m−1]·p) / q, stable there; sums of d below a and b.
#[allow(clippy::too_many_arguments)]
fn forward(
    c: &[f64],
    q: &[f64],
    cars: &[(usize, f64)],
    a: usize,
    b: usize,
    need: usize,
    s: &mut Scratch,
    pa: &mut [f64],
    pb: &mut [f64],
) {
    let k = s.load(cars, |i| (1.0 - q[i], 1.0 / q[i]));
    for (m, &cm) in c.iter().enumerate().take(need) {
        for j in 0..k {
            s.x[j] = (cm - s.x[j] * s.coef[j]) * s.inv[j];
            s.acc[j] += s.x[j];
        }
        if m + 1 == a {
            s.sa[..k].copy_from_slice(&s.acc[..k]);
        }
        if m + 1 == b {
            s.sb[..k].copy_from_slice(&s.acc[..k]);
        }
    }
    s.add(cars, pa, pb);
}

/// Cars likely done (q < ½): d from the top, d[m−1] = (c[m] − d[m]·q) / p.
#[allow(clippy::too_many_arguments)]
fn backward(
    c: &[f64],
    q: &[f64],
    cars: &[(usize, f64)],
    a: usize,
    b: usize,
    s: &mut Scratch,
    pa: &mut [f64],
    pb: &mut [f64],
) {
    let n = c.len() - 1;
    let k = s.load(cars, |i| (q[i], 1.0 / (1.0 - q[i])));
    for j in 0..k {
        s.x[j] = c[n] * s.inv[j];
    }
    // s.x holds d[m]; it is below a / b once m < a / b.
    for m in (0..n).rev() {
        if m < a {
            for j in 0..k {
                s.sa[j] += s.x[j];
            }
        }
        if m < b {
            for j in 0..k {
                s.sb[j] += s.x[j];
            }
        }
        if m > 0 {
            for j in 0..k {
                s.x[j] = (c[m] - s.x[j] * s.coef[j]) * s.inv[j];
            }
        }
    }
    s.add(cars, pa, pb);
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
        let total: f64 = lam.iter().sum();
        let mut f = vec![0.0; 1 << n];
        f[0] = 1.0;
        let mut p = vec![0.0; n];
        for s in 0..1usize << n {
            let placed = s.count_ones() as usize;
            if f[s] == 0.0 || placed >= k {
                continue;
            }
            let rest: f64 = total
                - (0..n)
                    .filter(|i| s >> i & 1 == 1)
                    .map(|i| lam[i])
                    .sum::<f64>();
            for i in (0..n).filter(|i| s >> i & 1 == 0) {
                let pr = f[s] * lam[i] / rest;
                f[s | 1 << i] += pr;
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
            for k in [3, 6, 10] {
                field_odds(&s, k, &mut out);
                let (e3, ek) = (exact(&s, 3), exact(&s, k));
                for i in 0..s.len() {
                    worst = worst.max((out[i].p_podium - e3[i]).abs());
                    worst = worst.max((out[i].p_points - ek[i]).abs());
                }
            }
        }
        assert!(worst < 1e-6, "worst error {worst}");
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
    }
}
