//! Qualifying figures of one race's field, shared by the history (past
//! races) and the target race so both are computed the same way.

use crate::domain::Id;

/// One car's qualifying as the figures need it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct QualiIn {
    pub constructor: Id,
    pub position: Option<u32>,
    /// Q1, Q2, Q3 in seconds.
    pub times: [Option<f64>; 3],
}

/// What is derived per car; NaN where it cannot be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct QualiOut {
    pub gap_pct: f64,
    pub q1_gap_pct: f64,
    pub tm_gap_pct: f64,
    /// Own qualifying position minus the teammate's (mean of teammates).
    pub tm_pos_diff: f64,
    pub session: f64,
}

fn best(q: &QualiIn) -> Option<f64> {
    q.times.iter().flatten().copied().reduce(f64::min)
}

fn pct(x: Option<f64>, reference: Option<f64>) -> f64 {
    match (x, reference) {
        (Some(x), Some(r)) if r > 0.0 => (x - r) / r * 100.0,
        _ => f64::NAN,
    }
}

pub(crate) fn derive(field: &[QualiIn]) -> Vec<QualiOut> {
    let pole = field.iter().filter_map(best).reduce(f64::min);
    let q1_best = field.iter().filter_map(|q| q.times[0]).reduce(f64::min);
    field
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let mates = || {
                field
                    .iter()
                    .enumerate()
                    .filter(move |(j, m)| *j != i && m.constructor == q.constructor)
                    .map(|(_, m)| m)
            };
            let mate_best = mates().filter_map(best).reduce(f64::min);
            let mate_pos: Vec<f64> = mates().filter_map(|m| m.position).map(f64::from).collect();
            let tm_pos_diff = match (q.position, mate_pos.is_empty()) {
                (Some(p), false) => p as f64 - mate_pos.iter().sum::<f64>() / mate_pos.len() as f64,
                _ => f64::NAN,
            };
            let session =
                (q.times.iter().rposition(Option::is_some)).map_or(f64::NAN, |s| s as f64 + 1.0);
            QualiOut {
                gap_pct: pct(best(q), pole),
                q1_gap_pct: pct(q.times[0], q1_best),
                tm_gap_pct: pct(best(q), mate_best),
                tm_pos_diff,
                session,
            }
        })
        .collect()
}
