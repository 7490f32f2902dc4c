//! Brute-force reference: enumerates every strategy (every set choice, every
//! stint length), sums each lap with `TyreModel::lap_time`, and keeps the
//! best per distinct key. Exponential — for tests and the bench only.

use super::rules::{self, Prepared};
use super::{OptimiseRequest, Strategy, TyreSet};
use crate::domain::Compound;
use crate::error::Result;
use std::collections::HashMap;

struct Found {
    /// Ranking cost in ps, summed lap by lap (same rounding as the DP).
    rank: i64,
    /// Race time summed in f64 straight from the model.
    secs: f64,
    /// (compound, start_age, last_lap) per stint.
    stints: Vec<(Compound, u32, u32)>,
}

impl Found {
    fn key(&self) -> Vec<u16> {
        self.stints
            .iter()
            .map(|&(c, _, l)| rules::key_of(c, l))
            .collect()
    }
    fn order(&self) -> (i64, Vec<u16>, Vec<(Compound, u32)>) {
        (
            self.rank,
            self.key(),
            self.stints.iter().map(|&(c, a, _)| (c, a)).collect(),
        )
    }
}

struct Search<'a> {
    req: &'a OptimiseRequest,
    p: Prepared,
    /// Individual sets (explicit) or one new set per compound (unlimited).
    sets: Vec<TyreSet>,
    best: HashMap<Vec<u16>, Found>,
}

impl Search<'_> {
    fn rec(&mut self, done: u32, used: u32, stints: &mut Vec<(Compound, u32, u32)>) -> Result<()> {
        let laps = self.p.laps;
        if done == laps {
            let cs: Vec<Compound> = stints.iter().map(|s| s.0).collect();
            if !rules::two_compounds_met(self.p.dry, &self.p.used, &cs) {
                return Ok(());
            }
            return self.record(stints);
        }
        if stints.len() == self.p.max_stints {
            return Ok(());
        }
        for i in 0..self.sets.len() {
            let set = self.sets[i];
            if !self.p.unlimited && used & (1 << i) != 0 {
                continue;
            }
            if !rules::weather_allows(self.p.dry, set.compound)
                || self.req.model.compound(set.compound).is_none()
            {
                continue;
            }
            if done == 0 && self.p.starting.is_some_and(|c| c != set.compound) {
                continue;
            }
            for last in done + self.p.min_stint..=laps {
                stints.push((set.compound, set.age, last));
                self.rec(last, used | 1 << i, stints)?;
                stints.pop();
            }
        }
        Ok(())
    }

    fn record(&mut self, stints: &[(Compound, u32, u32)]) -> Result<()> {
        let (laps, model) = (self.p.laps, &self.req.model);
        let stops = stints.len() as u32 - 1;
        let mut rank = self.p.pit_ps * stops as i64;
        let mut secs = self.req.pit_loss * stops as f64;
        let mut first = 1;
        for &(c, age, last) in stints {
            for lap in first..=last {
                let a = age + lap - first;
                rank += rules::tyre_ps(model, c, a, laps)? + rules::fuel_lap_ps(model, lap, laps)?;
                secs += model.lap_time(c, a, lap, laps).unwrap_or(f64::NAN);
            }
            first = last + 1;
        }
        let f = Found {
            rank,
            secs,
            stints: stints.to_vec(),
        };
        let key = f.key();
        match self.best.get(&key) {
            Some(old) if old.order() <= f.order() => {}
            _ => {
                self.best.insert(key, f);
            }
        }
        Ok(())
    }
}

/// Same contract as [`optimise`](super::optimise), by exhaustive enumeration.
pub fn brute_force(req: &OptimiseRequest) -> Result<Vec<Strategy>> {
    let p = rules::prepare(req)?;
    let sets = match &req.sets {
        Some(s) => s.clone(),
        None => p
            .types
            .iter()
            .map(|t| TyreSet {
                compound: t.compound,
                age: 0,
            })
            .collect(),
    };
    let k = p.top_k;
    let mut s = Search {
        req,
        p,
        sets,
        best: HashMap::new(),
    };
    s.rec(0, 0, &mut Vec::new())?;
    let mut all: Vec<Found> = s.best.into_values().collect();
    if all.is_empty() {
        return Err(rules::no_strategy(req));
    }
    all.sort_by_cached_key(Found::order);
    Ok(all
        .iter()
        .take(k)
        .map(|f| rules::strategy(f.secs, &f.stints))
        .collect())
}
