//! The feature builder: for one target race, polars filters the history
//! frame to the races before it and aggregates per driver and constructor.

use super::history::{self, grid_slot, polars_err, quali_in};
use super::quali::{self, QualiIn};
use super::{FeatureMatrix, RaceSample, RowKey, UpcomingRace, catalog, col};
use crate::analytics::started;
use crate::dataset::Dataset;
use crate::domain::Id;
use crate::error::{Error, Result};
use crate::standings::PointsSystem;
use polars::prelude::*;
use std::collections::{HashMap, HashSet};

/// Builds feature matrices from one `Dataset`; the history frame is made
/// once, so building many races (a walk-forward) stays cheap.
pub struct FeatureBuilder<'a> {
    ds: &'a Dataset,
    hist: DataFrame,
}

/// One car of the target race.
struct Car {
    key: RowKey,
    grid: Option<u32>,
    quali: QualiIn,
}

/// The race features are built for.
struct Target {
    /// Races before the target in (year, round) order: rows with `k < k`.
    k: u32,
    year: u16,
    round: u32,
    circuit: Option<Id>,
    cars: Vec<Car>,
}

/// Per-key aggregates: key → values in the order of the columns asked for.
type Agg = HashMap<u32, Vec<f64>>;

fn get(a: &Agg, key: Option<Id>, j: usize) -> f64 {
    key.and_then(|k| a.get(&k)).map_or(f64::NAN, |v| v[j])
}

impl<'a> FeatureBuilder<'a> {
    pub fn new(ds: &'a Dataset) -> Result<Self> {
        Ok(FeatureBuilder {
            ds,
            hist: history::build(ds)?,
        })
    }

    /// Features of a race of the dump: its starters, grid and qualifying
    /// as the field; its result is never read.
    pub fn race(&self, year: u16, round: u32) -> Result<FeatureMatrix> {
        self.compute(&self.dump_target(year, round)?)
    }

    /// Features and outcome of a race of the dump, for training and
    /// evaluation.
    pub fn sample(&self, year: u16, round: u32) -> Result<RaceSample> {
        let race = self.ds.race(year, round)?;
        let features = self.race(year, round)?;
        let results = self.ds.results_slice(race.id);
        let quali = self.ds.qualifying_of(race.id);
        let finish = (features.rows.iter())
            .map(|k| {
                (results.iter())
                    .find(|r| k.driver_id == Some(r.driver_id) && started(r))
                    .map_or(u32::MAX, |r| r.position_order)
            })
            .collect();
        let quali = (features.rows.iter())
            .map(|k| {
                (quali.iter())
                    .find(|q| k.driver_id == Some(q.driver_id))
                    .map(|q| q.position)
            })
            .collect();
        Ok(RaceSample {
            race_id: race.id,
            year,
            round,
            scoring_places: PointsSystem::for_season(year, 0).race.len(),
            features,
            finish,
            quali,
        })
    }

    /// Samples of every race with results in `years`, in race order.
    pub fn samples(&self, years: std::ops::RangeInclusive<u16>) -> Result<Vec<RaceSample>> {
        let mut out = Vec::new();
        for year in years {
            for race in self.ds.races(year) {
                if self.ds.has_results(race.id) {
                    out.push(self.sample(year, race.round)?);
                }
            }
        }
        Ok(out)
    }

    /// Features of a race the dump has no result for, from its entry list
    /// (and grid and qualifying once known). Unknown drivers, constructors
    /// or circuit (a rookie, a new team or track) get missing history.
    pub fn upcoming(&self, race: &UpcomingRace) -> Result<FeatureMatrix> {
        if race.entries.is_empty() {
            return Err(Error::InvalidInput("upcoming race: no entries".into()));
        }
        let mut seen = HashSet::new();
        let mut cars = Vec::with_capacity(race.entries.len());
        for e in &race.entries {
            if !seen.insert(e.driver_ref.as_str()) {
                return Err(Error::InvalidInput(format!(
                    "upcoming race: driver `{}` entered twice",
                    e.driver_ref
                )));
            }
            for (what, t) in [("q1", e.q1), ("q2", e.q2), ("q3", e.q3)] {
                if t.is_some_and(|t| !t.is_finite() || t <= 0.0) {
                    return Err(Error::InvalidInput(format!(
                        "upcoming race: driver `{}`: {what} {:?} is not a lap time",
                        e.driver_ref, t
                    )));
                }
            }
            let driver_id = self.ds.driver_by_ref(&e.driver_ref).ok().map(|d| d.id);
            let constructor_id = (self.ds.constructor_by_ref(&e.constructor_ref).ok()).map(|c| c.id);
            cars.push(Car {
                key: RowKey {
                    driver_id,
                    driver_ref: e.driver_ref.clone(),
                    constructor_id,
                    constructor_ref: e.constructor_ref.clone(),
                },
                grid: e.grid,
                quali: QualiIn {
                    // Unknown constructors still pair up as teammates.
                    constructor: constructor_id.unwrap_or(u32::MAX - cars.len() as u32 / 2),
                    position: e.quali_position,
                    times: [e.q1, e.q2, e.q3],
                },
            });
        }
        // Teammates without a known constructor id pair by ref.
        for i in 0..cars.len() {
            if cars[i].key.constructor_id.is_none() {
                let first = (cars.iter())
                    .position(|c| c.key.constructor_ref == cars[i].key.constructor_ref)
                    .unwrap_or(i);
                cars[i].quali.constructor = u32::MAX - first as u32;
            }
        }
        let races = self.ds.all_races();
        let k = races.partition_point(|r| (r.year, r.round) < (race.year, race.round));
        self.compute(&Target {
            k: k as u32,
            year: race.year,
            round: race.round,
            circuit: self.ds.circuit_by_ref(&race.circuit_ref).ok().map(|c| c.id),
            cars,
        })
    }

    fn dump_target(&self, year: u16, round: u32) -> Result<Target> {
        let race = self.ds.race(year, round)?;
        if !self.ds.has_results(race.id) {
            return Err(Error::NotFound(format!(
                "results of {year} round {round} (use `upcoming` for a race not yet run)"
            )));
        }
        let quali = self.ds.qualifying_of(race.id);
        let cars = (self.ds.results_slice(race.id).iter())
            .filter(|r| started(r))
            .map(|r| {
                let (d, c) = (self.ds.driver(r.driver_id), self.ds.constructor(r.constructor_id));
                let q = quali.iter().find(|q| q.driver_id == r.driver_id).copied();
                Car {
                    key: RowKey {
                        driver_id: Some(r.driver_id),
                        driver_ref: d.map(|d| d.driver_ref.clone()).unwrap_or_default(),
                        constructor_id: Some(r.constructor_id),
                        constructor_ref: c.map(|c| c.constructor_ref.clone()).unwrap_or_default(),
                    },
                    grid: Some(r.grid),
                    quali: quali_in(r.constructor_id, q),
                }
            })
            .collect();
        let k = self.ds.all_races().iter().position(|r| r.id == race.id).unwrap_or(0);
        Ok(Target {
            k: k as u32,
            year,
            round,
            circuit: Some(race.circuit_id),
            cars,
        })
    }

    fn compute(&self, t: &Target) -> Result<FeatureMatrix> {
        let a = Aggregates::new(&self.hist, t).map_err(polars_err)?;
        let champ = self.championship(t)?;
        let qout = quali::derive(&t.cars.iter().map(|c| c.quali).collect::<Vec<_>>());
        let n = t.cars.len();
        let d = catalog::FEATURES.len();
        let mut values = vec![f64::NAN; n * d];
        for (i, car) in t.cars.iter().enumerate() {
            let row = &mut values[i * d..(i + 1) * d];
            let (dr, co) = (car.key.driver_id, car.key.constructor_id);
            let mut set = |name: &str, v: f64| row[col(name)] = v;
            for (j, name) in DRV_LAST5.iter().enumerate() {
                set(name, get(&a.drv_last5, dr, j));
            }
            set("drv_quali_last3", get(&a.drv_quali3, dr, 0));
            set("drv_dnf_last10", get(&a.drv_last10, dr, 0));
            // A driver without a start this season has 0 wins, not "unknown".
            let started_season = |j| {
                let v = get(&a.drv_season, dr, j);
                if v.is_nan() && a.season_started { 0.0 } else { v }
            };
            set("drv_wins_season", started_season(0));
            set("drv_podiums_season", started_season(1));
            set("drv_pos_season", get(&a.drv_season, dr, 2));
            set("drv_tm_ahead_season", get(&a.drv_season, dr, 3));
            set("drv_pos_prev_season", get(&a.drv_prev, dr, 0));
            let starts = get(&a.drv_career, dr, 0);
            set("drv_starts_log", if starts.is_nan() { 0.0 } else { starts.ln_1p() });
            set("drv_win_rate", get(&a.drv_career, dr, 1));
            set("drv_tm_quali_last5", get(&a.drv_tm5, dr, 0));
            for (j, name) in ["circ_drv_pos", "circ_drv_best", "circ_drv_laps_share"].iter().enumerate() {
                set(name, get(&a.circ_drv, dr, j));
            }
            let cs = get(&a.circ_drv, dr, 3);
            set("circ_drv_starts", if cs.is_nan() { 0.0 } else { cs });
            set("circ_con_pos", get(&a.circ_con, co, 0));
            set("circ_pos_change", a.circ_change);
            for (j, name) in ["con_pos_last5", "con_grid_last5"].iter().enumerate() {
                set(name, get(&a.con_last5, co, j));
            }
            set("con_pts_last5", get(&a.con_pts5, co, 0));
            set("con_dnf_last10", get(&a.con_last10, co, 0));
            set("con_mech_dnf_last10", get(&a.con_last10, co, 1));
            set("con_pts_season", get(&a.con_season_pts, co, 0));
            set("con_wins_season", get(&a.con_season_pts, co, 1));
            set("con_trend_season", get(&a.con_trend, co, 0));
            set("con_pos_prev_season", get(&a.con_prev, co, 0));
            set("con_quali_gap_last3", get(&a.con_qgap3, co, 0));
            if let Some(g) = car.grid {
                let g = grid_slot(g, n);
                set("grid", g);
                set("grid_log", g.ln());
                if let Some(p) = car.quali.position {
                    set("grid_penalty", g - p as f64);
                }
            }
            set("quali_pos", car.quali.position.map_or(f64::NAN, f64::from));
            set("quali_gap_pct", qout[i].gap_pct);
            set("q1_gap_pct", qout[i].q1_gap_pct);
            set("quali_tm_gap_pct", qout[i].tm_gap_pct);
            set("quali_session", qout[i].session);
            if let Some(c) = &champ {
                let (pos, pts) = c.drivers.get(&car.key.driver_ref).copied().unwrap_or((
                    f64::NAN,
                    0.0,
                ));
                set("champ_pos", pos);
                set("champ_pts", pts);
                set("champ_gap", c.leader - pts);
                set(
                    "champ_gap_share",
                    if c.leader > 0.0 { (c.leader - pts) / c.leader } else { 0.0 },
                );
                let cp = c.constructors.get(&car.key.constructor_ref).copied();
                set("con_champ_pos", cp.unwrap_or(f64::NAN));
            }
        }
        Ok(FeatureMatrix {
            columns: catalog::catalog(),
            rows: t.cars.iter().map(|c| c.key.clone()).collect(),
            values,
        })
    }

    /// Standings after the last round of the season before the target.
    fn championship(&self, t: &Target) -> Result<Option<Champ>> {
        let last = (self.ds.races(t.year).iter())
            .filter(|r| r.round < t.round && self.ds.has_results(r.id))
            .map(|r| r.round)
            .max();
        let Some(round) = last else { return Ok(None) };
        let s = self.ds.standings(t.year, Some(round))?;
        Ok(Some(Champ {
            leader: s.drivers.first().map_or(0.0, |d| d.points),
            drivers: (s.drivers.iter())
                .map(|d| (d.driver_ref.clone(), (d.position as f64, d.points)))
                .collect(),
            constructors: (s.constructors.iter())
                .map(|c| (c.constructor_ref.clone(), c.position as f64))
                .collect(),
        }))
    }
}

struct Champ {
    leader: f64,
    drivers: HashMap<String, (f64, f64)>,
    constructors: HashMap<String, f64>,
}

/// History columns averaged over a driver's last 5 starts, and the
/// features they become (same order).
const DRV_LAST5_COLS: [&str; 4] = ["finish", "points", "grid", "gain"];
const DRV_LAST5: [&str; 4] = ["drv_pos_last5", "drv_pts_last5", "drv_grid_last5", "drv_gain_last5"];

/// Every aggregate one target needs, each keyed by driver or constructor id.
struct Aggregates {
    drv_last5: Agg,
    drv_quali3: Agg,
    drv_last10: Agg,
    drv_season: Agg,
    drv_prev: Agg,
    drv_career: Agg,
    drv_tm5: Agg,
    circ_drv: Agg,
    circ_con: Agg,
    circ_change: f64,
    con_last5: Agg,
    con_pts5: Agg,
    con_last10: Agg,
    con_season_pts: Agg,
    con_trend: Agg,
    con_prev: Agg,
    con_qgap3: Agg,
    /// Whether the season has had a race before the target.
    season_started: bool,
}

fn u32_col(df: &DataFrame, name: &str) -> PolarsResult<UInt32Chunked> {
    Ok(df.column(name)?.as_materialized_series().u32()?.clone())
}

/// Inner join on `key` keeping `df`'s row order, so sums run in race
/// order and the same past gives bit-identical aggregates.
fn join(df: &DataFrame, other: &DataFrame, key: &str) -> PolarsResult<DataFrame> {
    let mut args = JoinArgs::new(JoinType::Inner);
    args.maintain_order = MaintainOrderJoin::Left;
    df.join(other, [key], [key], args, None)
}

/// Rows whose `name` column equals `v`.
fn where_eq(df: &DataFrame, name: &str, v: u32) -> PolarsResult<DataFrame> {
    df.filter(&u32_col(df, name)?.equal(v))
}

/// Rows of `df` among the last `n` of their `key` group by `seq`.
fn last_n(df: &DataFrame, key: &str, seq: &str, n: u32) -> PolarsResult<DataFrame> {
    #[allow(deprecated)] // eager aggregation: the lazy engine is not compiled in
    let max = df.group_by_stable([key])?.select([seq]).max()?;
    let joined = join(df, &max, key)?;
    let s = u32_col(&joined, seq)?;
    let m = u32_col(&joined, &format!("{seq}_max"))?;
    joined.filter(&(&s + n).gt(&m))
}

/// `key` → one value per `cols` entry, reading the aggregate columns named
/// `{col}_{suffix}` of a grouped frame; nulls become NaN.
fn to_agg(df: &DataFrame, key: &str, cols: &[&str], suffix: &str) -> PolarsResult<Agg> {
    let keys = u32_col(df, key)?;
    let vals: Vec<Float64Chunked> = cols
        .iter()
        .map(|c| {
            let s = df.column(&format!("{c}_{suffix}"))?.cast(&DataType::Float64)?;
            Ok(s.as_materialized_series().f64()?.clone())
        })
        .collect::<PolarsResult<_>>()?;
    let mut out = Agg::with_capacity(keys.len());
    for (i, k) in keys.iter().enumerate() {
        if let Some(k) = k {
            let v = vals.iter().map(|c| c.get(i).unwrap_or(f64::NAN)).collect();
            out.insert(k, v);
        }
    }
    Ok(out)
}

#[allow(deprecated)] // eager group-by aggregations: the lazy engine is not compiled in
fn mean(df: &DataFrame, key: &str, cols: &[&str]) -> PolarsResult<Agg> {
    to_agg(&df.group_by_stable([key])?.select(cols.iter().copied()).mean()?, key, cols, "mean")
}

#[allow(deprecated)]
fn sum(df: &DataFrame, keys: &[&str], cols: &[&str]) -> PolarsResult<DataFrame> {
    df.group_by_stable(keys.iter().copied())?.select(cols.iter().copied()).sum()
}

impl Aggregates {
    #[allow(deprecated)]
    fn new(hist: &DataFrame, t: &Target) -> PolarsResult<Aggregates> {
        let before = |df: &DataFrame| df.filter(&u32_col(df, "k")?.lt(t.k));
        let ids = |f: fn(&Car) -> Option<Id>| -> Vec<u32> {
            let mut v: Vec<u32> = t.cars.iter().filter_map(f).collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        let key_frame = |name: &str, v: Vec<u32>| {
            DataFrame::new_infer_height(vec![Column::new(name.into(), v)])
        };
        let drivers = key_frame("driver", ids(|c| c.key.driver_id))?;
        let cons = key_frame("constructor", ids(|c| c.key.constructor_id))?;
        let year = t.year as u32;
        // Driver aggregates on the field's drivers' rows only.
        // Narrow first (join, circuit) then cut in time: the frames stay small.
        let pd = before(&join(hist, &drivers, "driver")?)?;
        let season = where_eq(&pd, "year", year)?;
        let quali_rows = pd.filter(&pd.column("quali")?.is_not_null())?;
        let tm_rows = pd.filter(&pd.column("tm_quali")?.is_not_null())?;
        let career = pd.group_by_stable(["driver"])?.select(["finish"]).count()?;
        let mut drv_career = to_agg(&career, "driver", &["finish"], "count")?;
        let wins = mean(&pd, "driver", &["win"])?;
        for (k, v) in drv_career.iter_mut() {
            v.push(wins.get(k).map_or(f64::NAN, |w| w[0]));
        }
        let circ = match t.circuit {
            Some(c) => before(&where_eq(hist, "circuit", c)?)?,
            None => hist.clear(),
        };
        let circ_d = join(&circ, &drivers, "driver")?;
        let pos_laps = mean(&circ_d, "driver", &["finish", "laps_share"])?;
        let best = circ_d.group_by_stable(["driver"])?.select(["finish"]).min()?;
        let best = to_agg(&best, "driver", &["finish"], "min")?;
        let starts = circ_d.group_by_stable(["driver"])?.select(["finish"]).count()?;
        let starts = to_agg(&starts, "driver", &["finish"], "count")?;
        // mean finish, best finish, laps share, starts
        let circ_drv: Agg = (pos_laps.into_iter())
            .map(|(k, v)| {
                let b = best.get(&k).map_or(f64::NAN, |b| b[0]);
                let n = starts.get(&k).map_or(0.0, |s| s[0]);
                (k, vec![v[0], b, v[1], n])
            })
            .collect();
        let recent = |from: u32| -> PolarsResult<DataFrame> {
            circ.filter(&u32_col(&circ, "year")?.gt_eq(from))
        };
        let circ_change = recent(year.saturating_sub(10))?
            .column("abs_gain")?
            .as_materialized_series()
            .mean()
            .unwrap_or(f64::NAN);
        let circ_c = join(&recent(year.saturating_sub(3))?, &cons, "constructor")?;
        // Constructor aggregates on the field's constructors' rows only.
        let pc = before(&join(hist, &cons, "constructor")?)?;
        let last5c = last_n(&pc, "constructor", "con_n", 5)?;
        let per_race_pts = |df: &DataFrame| -> PolarsResult<Agg> {
            let s = sum(df, &["constructor", "k"], &["points", "win"])?;
            mean(&s, "constructor", &["points_sum", "win_sum"])
        };
        let mut con_pts5 = per_race_pts(&last5c)?;
        con_pts5.values_mut().for_each(|v| v.truncate(1));
        let con_season = where_eq(&pc, "year", year)?;
        let mut con_season_pts = per_race_pts(&con_season)?;
        // Wins this season: mean wins per race × races.
        let races = to_agg(
            &con_season.group_by_stable(["constructor"])?.select(["k"]).n_unique()?,
            "constructor",
            &["k"],
            "n_unique",
        )?;
        for (k, v) in con_season_pts.iter_mut() {
            v[1] = (v[1] * races.get(k).map_or(0.0, |r| r[0])).round();
        }
        Ok(Aggregates {
            drv_last5: mean(&last_n(&pd, "driver", "drv_n", 5)?, "driver", &DRV_LAST5_COLS)?,
            drv_quali3: mean(&last_n(&quali_rows, "driver", "drv_n", 3)?, "driver", &["quali"])?,
            drv_last10: mean(&last_n(&pd, "driver", "drv_n", 10)?, "driver", &["dnf"])?,
            drv_season: {
                let mut m = mean(&season, "driver", &["win", "podium", "finish", "ahead_tm"])?;
                let n = to_agg(&season.group_by_stable(["driver"])?.select(["finish"]).count()?, "driver", &["finish"], "count")?;
                for (k, v) in m.iter_mut() {
                    let c = n.get(k).map_or(0.0, |c| c[0]);
                    v[0] = (v[0] * c).round();
                    v[1] = (v[1] * c).round();
                }
                m
            },
            drv_prev: mean(&where_eq(&pd, "year", year.saturating_sub(1))?, "driver", &["finish"])?,
            drv_career,
            drv_tm5: mean(&last_n(&tm_rows, "driver", "drv_n", 5)?, "driver", &["tm_quali"])?,
            circ_drv,
            circ_con: mean(&circ_c, "constructor", &["finish"])?,
            circ_change,
            con_last5: mean(&last5c, "constructor", &["finish", "grid"])?,
            con_pts5,
            con_last10: mean(&last_n(&pc, "constructor", "con_n", 10)?, "constructor", &["dnf", "mech"])?,
            con_season_pts,
            con_trend: trend(&con_season)?,
            con_prev: mean(&where_eq(&pc, "year", year.saturating_sub(1))?, "constructor", &["finish"])?,
            con_qgap3: {
                let best = con_best_gap(&pc)?;
                mean(&last_n(&best, "constructor", "con_n", 3)?, "constructor", &["qgap_min"])?
            },
            season_started: before(&where_eq(hist, "year", year)?)?.height() > 0,
        })
    }
}

/// Per constructor and race, its best car's qualifying gap (`qgap_min`).
#[allow(deprecated)]
fn con_best_gap(pc: &DataFrame) -> PolarsResult<DataFrame> {
    let rows = pc.filter(&pc.column("qgap")?.is_not_null())?;
    rows.group_by_stable(["constructor", "con_n"])?.select(["qgap"]).min()
}

/// Least-squares slope of the constructor's mean finish per round.
#[allow(deprecated)]
fn trend(season: &DataFrame) -> PolarsResult<Agg> {
    let mut per_round = season.group_by_stable(["constructor", "round"])?.select(["finish"]).mean()?;
    let x = per_round.column("round")?.cast(&DataType::Float64)?;
    let y = per_round.column("finish_mean")?.clone();
    let xy = (&x * &y)?.with_name("xy".into());
    let xx = (&x * &x)?.with_name("xx".into());
    per_round.with_column(x.with_name("x".into()))?;
    per_round.with_column(xy)?;
    per_round.with_column(xx)?;
    let m = mean(&per_round, "constructor", &["x", "finish_mean", "xy", "xx"])?;
    Ok(m.into_iter()
        .map(|(k, v)| {
            let var = v[3] - v[0] * v[0];
            let slope = if var > 1e-9 { (v[2] - v[0] * v[1]) / var } else { f64::NAN };
            (k, vec![slope])
        })
        .collect())
}
