//! The aggregates of one target race. Rows are picked by index (each
//! driver's, constructor's and circuit's rows in race order, cut at the
//! target), gathered from the history frame, and aggregated with polars
//! group-bys. Picking by index instead of joining keeps each step on a few
//! thousand rows; gathering in ascending row order keeps every sum in race
//! order, so the same past gives bit-identical values.

use crate::domain::Id;
use polars::prelude::*;
use std::collections::HashMap;

/// Per-key aggregates: key → values in the order of the columns asked for.
pub(crate) type Agg = HashMap<u32, Vec<f64>>;

pub(crate) fn get(a: &Agg, key: Option<Id>, j: usize) -> f64 {
    key.and_then(|k| a.get(&k)).map_or(f64::NAN, |v| v[j])
}

type Rows = HashMap<u32, Vec<IdxSize>>;

/// Row numbers of the history frame by key, each list in race order.
pub(crate) struct HistIndex {
    k: Vec<u32>,
    year: Vec<u32>,
    con_n: Vec<u32>,
    driver: Vec<u32>,
    constructor: Vec<u32>,
    by_driver: Rows,
    /// A driver's rows with a qualifying position / a teammate to compare.
    quali_by_driver: Rows,
    tm_by_driver: Rows,
    by_constructor: Rows,
    by_circuit: Rows,
}

fn u32s(df: &DataFrame, name: &str) -> PolarsResult<Vec<u32>> {
    let c = df.column(name)?.as_materialized_series().u32()?.clone();
    Ok(c.iter().map(|v| v.unwrap_or(0)).collect())
}

fn present(df: &DataFrame, name: &str) -> PolarsResult<Vec<bool>> {
    let c = df.column(name)?.as_materialized_series().f64()?.clone();
    Ok(c.iter().map(|v| v.is_some()).collect())
}

fn group(keys: &[u32], keep: impl Fn(usize) -> bool) -> Rows {
    let mut m = Rows::new();
    for (i, &key) in keys.iter().enumerate() {
        if keep(i) {
            m.entry(key).or_default().push(i as IdxSize);
        }
    }
    m
}

impl HistIndex {
    pub fn new(hist: &DataFrame) -> PolarsResult<HistIndex> {
        let driver = u32s(hist, "driver")?;
        let constructor = u32s(hist, "constructor")?;
        let (quali, tm) = (present(hist, "quali")?, present(hist, "tm_quali")?);
        Ok(HistIndex {
            by_driver: group(&driver, |_| true),
            quali_by_driver: group(&driver, |i| quali[i]),
            tm_by_driver: group(&driver, |i| tm[i]),
            by_constructor: group(&constructor, |_| true),
            by_circuit: group(&u32s(hist, "circuit")?, |_| true),
            k: u32s(hist, "k")?,
            year: u32s(hist, "year")?,
            con_n: u32s(hist, "con_n")?,
            driver,
            constructor,
        })
    }

    /// The rows of `key` before race `k`.
    fn before<'a>(&self, rows: &'a Rows, key: u32, k: u32) -> &'a [IdxSize] {
        let r = rows.get(&key).map_or(&[][..], |v| v.as_slice());
        &r[..r.partition_point(|&i| self.k[i as usize] < k)]
    }

    /// The suffix of a constructor's rows in its last `n` races.
    fn last_races<'a>(&self, rows: &'a [IdxSize], n: u32) -> &'a [IdxSize] {
        let Some(&last) = rows.last() else {
            return rows;
        };
        let first = (self.con_n[last as usize] + 1).saturating_sub(n);
        &rows[rows.partition_point(|&i| self.con_n[i as usize] < first)..]
    }
}

fn tail(rows: &[IdxSize], n: usize) -> &[IdxSize] {
    &rows[rows.len().saturating_sub(n)..]
}

/// Gathers rows (sorted first: race order) from the history frame.
fn take(hist: &DataFrame, mut rows: Vec<IdxSize>) -> PolarsResult<DataFrame> {
    rows.sort_unstable();
    hist.take(&IdxCa::from_vec("rows".into(), rows))
}

fn f64_col(df: &DataFrame, name: &str) -> PolarsResult<Float64Chunked> {
    Ok(df
        .column(name)?
        .cast(&DataType::Float64)?
        .as_materialized_series()
        .f64()?
        .clone())
}

/// `key` → one value per `cols` entry, reading the aggregate columns named
/// `{col}_{suffix}` of a grouped frame; nulls become NaN.
fn to_agg(df: &DataFrame, key: &str, cols: &[&str], suffix: &str) -> PolarsResult<Agg> {
    let keys = df.column(key)?.as_materialized_series().u32()?.clone();
    let vals: Vec<Float64Chunked> = (cols.iter())
        .map(|c| f64_col(df, &format!("{c}_{suffix}")))
        .collect::<PolarsResult<_>>()?;
    let mut out = Agg::with_capacity(keys.len());
    for (i, k) in keys.iter().enumerate() {
        if let Some(k) = k {
            out.insert(
                k,
                vals.iter().map(|c| c.get(i).unwrap_or(f64::NAN)).collect(),
            );
        }
    }
    Ok(out)
}

#[allow(deprecated)] // eager group-bys: the lazy engine is not compiled in (see mod docs)
fn group_by<'a>(df: &'a DataFrame, keys: &[&str], cols: &[&str]) -> PolarsResult<GroupBy<'a>> {
    Ok(df
        .group_by_stable(keys.iter().copied())?
        .select(cols.iter().copied()))
}

#[allow(deprecated)]
pub(crate) fn mean(df: &DataFrame, key: &str, cols: &[&str]) -> PolarsResult<Agg> {
    to_agg(&group_by(df, &[key], cols)?.mean()?, key, cols, "mean")
}

#[allow(deprecated)]
fn count(df: &DataFrame, key: &str) -> PolarsResult<Agg> {
    to_agg(
        &group_by(df, &[key], &["finish"])?.count()?,
        key,
        &["finish"],
        "count",
    )
}

/// The race-level aggregates a target needs.
pub(crate) struct Aggregates {
    /// finish, points, grid, gain over the last 5 starts.
    pub drv_last5: Agg,
    pub drv_quali3: Agg,
    pub drv_dnf10: Agg,
    /// wins, podiums, mean finish, share ahead of teammate this season.
    pub drv_season: Agg,
    pub drv_prev: Agg,
    /// starts, win share.
    pub drv_career: Agg,
    pub drv_tm5: Agg,
    /// mean finish, best finish, laps share, starts at the circuit.
    pub circ_drv: Agg,
    pub circ_con: Agg,
    pub circ_change: f64,
    /// finish, grid over the last 5 races.
    pub con_last5: Agg,
    pub con_pts5: Agg,
    /// dnf, mech over the last 10 races.
    pub con_last10: Agg,
    /// points per race, wins this season.
    pub con_season: Agg,
    pub con_trend: Agg,
    pub con_prev: Agg,
    pub con_qgap3: Agg,
}

/// What the target race is, as the aggregates need it.
pub(crate) struct Scope<'a> {
    pub k: u32,
    pub year: u32,
    pub circuit: Option<Id>,
    pub drivers: &'a [u32],
    pub constructors: &'a [u32],
}

impl Aggregates {
    pub fn new(hist: &DataFrame, ix: &HistIndex, t: &Scope) -> PolarsResult<Aggregates> {
        let (k, year) = (t.k, t.year);
        let (mut all, mut last5, mut last10, mut q3, mut tm5) = Default::default();
        let ext = |v: &mut Vec<IdxSize>, r: &[IdxSize]| v.extend_from_slice(r);
        for &d in t.drivers {
            let r = ix.before(&ix.by_driver, d, k);
            ext(&mut all, r);
            ext(&mut last5, tail(r, 5));
            ext(&mut last10, tail(r, 10));
            ext(&mut q3, tail(ix.before(&ix.quali_by_driver, d, k), 3));
            ext(&mut tm5, tail(ix.before(&ix.tm_by_driver, d, k), 5));
        }
        let (mut call, mut c5, mut c10, mut c3) = Default::default();
        for &c in t.constructors {
            let r = ix.before(&ix.by_constructor, c, k);
            ext(&mut call, r);
            ext(&mut c5, ix.last_races(r, 5));
            ext(&mut c10, ix.last_races(r, 10));
            ext(&mut c3, ix.last_races(r, 3));
        }
        let circ: &[IdxSize] = t.circuit.map_or(&[], |c| ix.before(&ix.by_circuit, c, k));
        let since = |from: u32| {
            circ.iter()
                .copied()
                .filter(move |&i| ix.year[i as usize] >= from)
        };
        let circ_d: Vec<IdxSize> = (circ.iter().copied())
            .filter(|&i| t.drivers.contains(&ix.driver[i as usize]))
            .collect();
        let circ_c: Vec<IdxSize> = since(year.saturating_sub(3))
            .filter(|&i| t.constructors.contains(&ix.constructor[i as usize]))
            .collect();
        let pd = take(hist, all)?;
        let pc = take(hist, call)?;
        let in_year = |df: &DataFrame, y: u32| -> PolarsResult<DataFrame> {
            df.filter(&df.column("year")?.as_materialized_series().u32()?.equal(y))
        };
        let season = in_year(&pd, year)?;
        let con_season = in_year(&pc, year)?;
        let circ_change = take(hist, since(year.saturating_sub(10)).collect())?
            .column("abs_gain")?
            .as_materialized_series()
            .mean()
            .unwrap_or(f64::NAN);
        let circ_df = take(hist, circ_d)?;
        Ok(Aggregates {
            drv_last5: mean(
                &take(hist, last5)?,
                "driver",
                &["finish", "points", "grid", "gain"],
            )?,
            drv_quali3: mean(&take(hist, q3)?, "driver", &["quali"])?,
            drv_dnf10: mean(&take(hist, last10)?, "driver", &["dnf"])?,
            drv_season: {
                let n = count(&season, "driver")?;
                let mut m = mean(&season, "driver", &["win", "podium", "finish", "ahead_tm"])?;
                for (key, v) in m.iter_mut() {
                    let c = n.get(key).map_or(0.0, |c| c[0]);
                    v[0] = (v[0] * c).round();
                    v[1] = (v[1] * c).round();
                }
                m
            },
            drv_prev: mean(
                &in_year(&pd, year.saturating_sub(1))?,
                "driver",
                &["finish"],
            )?,
            drv_career: join_cols(count(&pd, "driver")?, &mean(&pd, "driver", &["win"])?),
            drv_tm5: mean(&take(hist, tm5)?, "driver", &["tm_quali"])?,
            circ_drv: {
                #[allow(deprecated)]
                let best = group_by(&circ_df, &["driver"], &["finish"])?.min()?;
                let best = to_agg(&best, "driver", &["finish"], "min")?;
                let m = mean(&circ_df, "driver", &["finish", "laps_share"])?;
                let m = join_cols(m, &best);
                join_cols(m, &count(&circ_df, "driver")?)
                    .into_iter()
                    .map(|(key, v)| (key, vec![v[0], v[2], v[1], v[3]]))
                    .collect()
            },
            circ_con: mean(&take(hist, circ_c)?, "constructor", &["finish"])?,
            circ_change,
            con_last5: mean(&take(hist, c5.clone())?, "constructor", &["finish", "grid"])?,
            con_pts5: per_race(&take(hist, c5)?, &["points"], Sum)?,
            con_last10: mean(&take(hist, c10)?, "constructor", &["dnf", "mech"])?,
            con_season: {
                let mut m = per_race(&con_season, &["points", "win"], Sum)?;
                let races = per_race(&con_season, &["win"], Count)?;
                for (key, v) in m.iter_mut() {
                    v[1] = (v[1] * races.get(key).map_or(0.0, |r| r[0])).round();
                }
                m
            },
            con_trend: trend(&con_season)?,
            con_prev: mean(
                &in_year(&pc, year.saturating_sub(1))?,
                "constructor",
                &["finish"],
            )?,
            con_qgap3: per_race(&take(hist, c3)?, &["qgap"], Min)?,
        })
    }
}

/// Appends `b`'s values to `a`'s (NaN where `b` lacks the key).
fn join_cols(mut a: Agg, b: &Agg) -> Agg {
    let width = b.values().next().map_or(1, Vec::len);
    for (key, v) in a.iter_mut() {
        match b.get(key) {
            Some(x) => v.extend_from_slice(x),
            None => v.extend(std::iter::repeat_n(f64::NAN, width)),
        }
    }
    a
}

#[derive(Clone, Copy)]
enum PerRace {
    Sum,
    Min,
    /// Races counted (the value is 1 per race, summed).
    Count,
}
use PerRace::*;

/// Per constructor: the mean over its races of a per-race sum or minimum
/// over its cars (points per race weekend, best car's qualifying gap), or
/// the number of races.
#[allow(deprecated)]
fn per_race(df: &DataFrame, cols: &[&str], how: PerRace) -> PolarsResult<Agg> {
    let g = group_by(df, &["constructor", "k"], cols)?;
    let (per, suffix) = match how {
        Sum => (g.sum()?, "sum"),
        Min => (g.min()?, "min"),
        Count => (g.count()?, "count"),
    };
    let named: Vec<String> = cols.iter().map(|c| format!("{c}_{suffix}")).collect();
    let named: Vec<&str> = named.iter().map(String::as_str).collect();
    match how {
        Count => to_agg(
            &group_by(&per, &["constructor"], &named[..1])?.count()?,
            "constructor",
            &named[..1],
            "count",
        ),
        _ => mean(&per, "constructor", &named),
    }
}

/// Least-squares slope of the constructor's mean finish per round.
#[allow(deprecated)]
fn trend(season: &DataFrame) -> PolarsResult<Agg> {
    let mut per_round = group_by(season, &["constructor", "round"], &["finish"])?.mean()?;
    let x = per_round.column("round")?.cast(&DataType::Float64)?;
    let y = per_round.column("finish_mean")?.clone();
    let xy = (&x * &y)?.with_name("xy".into());
    let xx = (&x * &x)?.with_name("xx".into());
    per_round.with_column(x.with_name("x".into()))?;
    per_round.with_column(xy)?;
    per_round.with_column(xx)?;
    let m = mean(&per_round, "constructor", &["x", "finish_mean", "xy", "xx"])?;
    Ok(m.into_iter()
        .map(|(key, v)| {
            let var = v[3] - v[0] * v[0];
            let slope = if var > 1e-9 {
                (v[2] - v[0] * v[1]) / var
            } else {
                f64::NAN
            };
            (key, vec![slope])
        })
        .collect())
}
