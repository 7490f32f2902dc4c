//! The normal equations' solver: a column-scaled Cholesky factor, small
//! and exact (the fits have a few dozen parameters at most).

/// Cholesky factor of a symmetric matrix scaled to unit diagonal, or `None`
/// when it is (numerically) singular.
pub(crate) struct Chol {
    n: usize,
    l: Vec<f64>,
    scale: Vec<f64>,
}

impl Chol {
    pub(crate) fn new(a: &[f64], n: usize) -> Option<Chol> {
        let mut scale = vec![0.0; n];
        for i in 0..n {
            let d = a[i * n + i];
            if !(d.is_finite() && d > 0.0) {
                return None;
            }
            scale[i] = d.sqrt();
        }
        let mut l = vec![0.0; n * n];
        for i in 0..n {
            for j in 0..=i {
                let mut s = a[i * n + j] / (scale[i] * scale[j]);
                for k in 0..j {
                    s -= l[i * n + k] * l[j * n + k];
                }
                if i == j {
                    if s <= 1e-10 {
                        return None;
                    }
                    l[i * n + i] = s.sqrt();
                } else {
                    l[i * n + j] = s / l[j * n + j];
                }
            }
        }
        Some(Chol { n, l, scale })
    }

    pub(crate) fn solve(&self, b: &[f64]) -> Vec<f64> {
        let n = self.n;
        let mut y: Vec<f64> = (0..n).map(|i| b[i] / self.scale[i]).collect();
        for i in 0..n {
            for k in 0..i {
                y[i] -= self.l[i * n + k] * y[k];
            }
            y[i] /= self.l[i * n + i];
        }
        for i in (0..n).rev() {
            for k in i + 1..n {
                y[i] -= self.l[k * n + i] * y[k];
            }
            y[i] /= self.l[i * n + i];
        }
        y.iter_mut().zip(&self.scale).for_each(|(v, s)| *v /= s);
        y
    }

    /// Diagonal element `i` of the inverse.
    pub(crate) fn inv_diag(&self, i: usize) -> f64 {
        let mut e = vec![0.0; self.n];
        e[i] = 1.0;
        self.solve(&e)[i]
    }
}
