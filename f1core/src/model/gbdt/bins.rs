//! Quantile binning: each feature's values become at most 255 ordered bins
//! plus one bin for NaN, so that a split search scans a histogram of bins
//! instead of sorted rows.
//!
//! A value bin `b` holds `cuts[b - 1] < x <= cuts[b]` (the last one every
//! `x` above the last cut), so "bin ≤ b" on the training rows is exactly the
//! ensemble's rule `x <= cuts[b]`: the trees trained on bins predict the
//! same on the raw values.

/// The binned training matrix.
pub(super) struct Bins {
    /// Per feature, the ascending cut values (at most `max_bins - 1`).
    pub cuts: Vec<Vec<f64>>,
    /// Row-major bin codes, one byte per (row, feature).
    pub codes: Vec<u8>,
    /// Feature `f`'s bins sit at `offsets[f] .. offsets[f + 1]` of a
    /// histogram: its value bins, then its NaN bin.
    pub offsets: Vec<usize>,
}

impl Bins {
    /// Bins the row-major `x` (`nf` values per row) with at most
    /// `max_bins` (≤ 255) value bins per feature.
    pub fn new(x: &[f64], nf: usize, max_bins: usize) -> Bins {
        let n = x.len() / nf;
        let mut cuts = Vec::with_capacity(nf);
        let mut offsets = vec![0];
        let mut column = Vec::with_capacity(n);
        for f in 0..nf {
            column.clear();
            column.extend((0..n).map(|r| x[r * nf + f]).filter(|v| !v.is_nan()));
            column.sort_by(f64::total_cmp);
            let c = cut_points(&column, max_bins);
            // Value bins, then the NaN bin.
            offsets.push(offsets[f] + c.len() + 2);
            cuts.push(c);
        }
        let mut codes = vec![0u8; n * nf];
        for (r, row) in x.chunks_exact(nf).enumerate() {
            for (f, &v) in row.iter().enumerate() {
                codes[r * nf + f] = code(&cuts[f], v);
            }
        }
        Bins {
            cuts,
            codes,
            offsets,
        }
    }

    /// The NaN bin of feature `f` (one past its last value bin).
    #[inline]
    pub fn nan_code(&self, f: usize) -> u8 {
        (self.cuts[f].len() + 1) as u8
    }

    /// Histogram length: every feature's bins.
    pub fn total(&self) -> usize {
        self.offsets[self.offsets.len() - 1]
    }
}

/// The bin of `v`: the first cut at or above it, NaN past the value bins.
fn code(cuts: &[f64], v: f64) -> u8 {
    if v.is_nan() {
        (cuts.len() + 1) as u8
    } else {
        cuts.partition_point(|&c| c < v) as u8
    }
}

/// A threshold strictly between neighbouring values `a < b` that sends `a`
/// left and `b` right: their midpoint, or `a` where the midpoint rounds
/// onto `b` or is not finite (an infinite value).
pub(super) fn between(a: f64, b: f64) -> f64 {
    let mid = a + (b - a) / 2.0;
    if mid.is_finite() && a <= mid && mid < b {
        mid
    } else {
        a
    }
}

/// Cut points of a sorted, NaN-free column: between every pair of distinct
/// neighbours when there are at most `max_bins` distinct values, else at
/// the value boundaries nearest to equal-count quantiles.
fn cut_points(sorted: &[f64], max_bins: usize) -> Vec<f64> {
    let mut distinct: Vec<(f64, usize)> = Vec::new();
    for &v in sorted {
        match distinct.last_mut() {
            Some((last, count)) if *last == v => *count += 1,
            _ => distinct.push((v, 1)),
        }
    }
    let pairs = distinct.windows(2);
    if distinct.len() <= max_bins {
        return pairs.map(|w| between(w[0].0, w[1].0)).collect();
    }
    let n = sorted.len();
    let mut cuts = Vec::with_capacity(max_bins - 1);
    let mut seen = 0;
    for w in pairs {
        seen += w[0].1;
        // The k-th cut once k/max_bins of the rows are at or below it; the
        // running count stays below n, so k < max_bins.
        if seen * max_bins >= (cuts.len() + 1) * n {
            cuts.push(between(w[0].0, w[1].0));
        }
    }
    cuts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn few_values_get_a_bin_each_and_nan_its_own() {
        let x = [3.0, 1.0, f64::NAN, 2.0, 1.0];
        let b = Bins::new(&x, 1, 255);
        assert_eq!(b.cuts[0], vec![1.5, 2.5]);
        assert_eq!(b.codes, vec![2, 0, 3, 1, 0]);
        assert_eq!((b.nan_code(0), b.total()), (3, 4));
    }

    #[test]
    fn many_values_are_cut_at_quantiles_within_the_bin_limit() {
        let x: Vec<f64> = (0..1000).map(|i| f64::from(i % 500)).collect();
        let b = Bins::new(&x, 1, 10);
        assert_eq!(b.cuts[0].len(), 9);
        // Equal-count bins of 100 rows (50 values, each twice).
        let mut counts = [0; 10];
        b.codes.iter().for_each(|&c| counts[c as usize] += 1);
        assert_eq!(counts, [100; 10]);
        // The bin rule is the ensemble's `x <= cut` rule.
        for (&v, &c) in x.iter().zip(&b.codes) {
            let c = c as usize;
            assert!(c == 9 || v <= b.cuts[0][c]);
            assert!(c == 0 || v > b.cuts[0][c - 1]);
        }
    }

    #[test]
    fn infinite_values_get_a_finite_or_exact_threshold() {
        assert_eq!(between(1.0, 2.0), 1.5);
        assert_eq!(between(f64::NEG_INFINITY, 0.0), f64::NEG_INFINITY);
        assert_eq!(between(1.0, f64::INFINITY), 1.0);
        let next = f64::from_bits(1.0f64.to_bits() + 1);
        assert_eq!(between(1.0, next), 1.0);
    }
}
