//! The exact stint-based dynamic programme.
//!
//! Node = (laps completed `l`, resource state `s`), where `s` records what the
//! past stints used: with unlimited sets (stints so far, compounds-used
//! mask); with explicit sets the count used of each set type (mixed radix),
//! from which stints and the compound mask follow. An edge fits a set type
//! `t` for `n ≥ min_stint` laps: cost = prefix[t][n] (precomputed, O(1)) +
//! pit loss unless it is the first stint. Every edge moves `l` forward, so
//! sweeping `l` upwards is a topological order.
//!
//! Each node keeps its K best *distinct* partial strategies (by key =
//! compound + last lap per stint), ordered by (cost, key, set types). That
//! is exact for K > 1: if a partial strategy is not among a node's K best
//! distinct ones, appending its suffix to each of those K gives K distinct
//! complete strategies that all rank ahead of it.

use super::rules::{self, MAX_STINTS, Prepared, SetType, StintSpec};
use super::{OptimiseRequest, Strategy};
use crate::domain::Compound;
use crate::error::{Error, Result};
use std::cmp::Ordering;

/// Cap on stored partial strategies (nodes × K), ~48 MB.
const MAX_ENTRIES: usize = 1 << 20;

#[derive(Clone, Copy)]
struct Entry {
    cost: i64,
    n: u8,
    key: [u16; MAX_STINTS],
    ty: [u8; MAX_STINTS],
}

const EMPTY: Entry = Entry {
    cost: 0,
    n: 0,
    key: [0; MAX_STINTS],
    ty: [0; MAX_STINTS],
};

impl Entry {
    fn key(&self) -> &[u16] {
        &self.key[..self.n as usize]
    }
    fn rank(&self, o: &Entry) -> Ordering {
        self.cost
            .cmp(&o.cost)
            .then_with(|| self.key().cmp(o.key()))
            .then_with(|| self.ty[..self.n as usize].cmp(&o.ty[..o.n as usize]))
    }
}

/// Inserts into a sorted list of ≤ k entries with distinct keys.
fn insert(list: &mut [Entry], len: &mut u8, k: usize, cand: Entry) {
    let mut n = *len as usize;
    if let Some(i) = list[..n].iter().position(|e| e.key() == cand.key()) {
        if cand.rank(&list[i]).is_ge() {
            return;
        }
        list.copy_within(i + 1..n, i);
        n -= 1;
    } else if n == k {
        if cand.rank(&list[k - 1]).is_ge() {
            return;
        }
        n -= 1;
    }
    let pos = list[..n].partition_point(|e| e.rank(&cand).is_lt());
    list.copy_within(pos..n, pos + 1);
    list[pos] = cand;
    *len = (n + 1) as u8;
}

/// Resource states: transitions and what each state has used.
struct Space {
    n: usize,
    /// `next[s * types + t]`, `u32::MAX` if type `t` cannot be fitted.
    next: Vec<u32>,
    stints: Vec<u8>,
    /// Bit per distinct usable compound used so far.
    mask: Vec<u8>,
}

/// Mask bit of each type's compound, numbering the distinct compounds
/// (types are sorted by compound). Keeps the unlimited space small: ≤ 3 bits.
fn compound_bits(types: &[SetType]) -> (Vec<u8>, usize) {
    let mut bits = Vec::with_capacity(types.len());
    let mut n = 0;
    for (i, t) in types.iter().enumerate() {
        if i > 0 && types[i - 1].compound != t.compound {
            n += 1;
        }
        bits.push(1u8 << n);
    }
    (bits, n + 1)
}

impl Space {
    fn unlimited(types: &[SetType], max_stints: usize) -> Space {
        // s = stints << nbits | mask
        let (bits, nbits) = compound_bits(types);
        let n = (max_stints + 1) << nbits;
        let mut sp = Space {
            n,
            next: vec![u32::MAX; n * types.len()],
            stints: vec![0; n],
            mask: vec![0; n],
        };
        for s in 0..n {
            let (st, m) = (s >> nbits, (s & ((1 << nbits) - 1)) as u8);
            sp.stints[s] = st as u8;
            sp.mask[s] = m;
            if st < max_stints {
                for (t, &b) in bits.iter().enumerate() {
                    sp.next[s * types.len() + t] = ((st + 1) << nbits | (m | b) as usize) as u32;
                }
            }
        }
        sp
    }

    fn counted(types: &[SetType], max_stints: usize) -> Option<Space> {
        // s = Σ used[t] * stride[t], used[t] ∈ 0..=count[t]
        let (bits, _) = compound_bits(types);
        let mut stride = Vec::with_capacity(types.len());
        let mut n = 1usize;
        for t in types {
            stride.push(n);
            n = n.checked_mul(t.count as usize + 1)?;
        }
        if n > MAX_ENTRIES {
            return None;
        }
        let mut sp = Space {
            n,
            next: vec![u32::MAX; n * types.len()],
            stints: vec![0; n],
            mask: vec![0; n],
        };
        for s in 0..n {
            let (mut st, mut m) = (0usize, 0u8);
            for (t, ty) in types.iter().enumerate() {
                let used = s / stride[t] % (ty.count as usize + 1);
                st += used;
                if used > 0 {
                    m |= bits[t];
                }
            }
            sp.stints[s] = st.min(255) as u8;
            sp.mask[s] = m;
            for (t, ty) in types.iter().enumerate() {
                let used = s / stride[t] % (ty.count as usize + 1);
                if used < ty.count as usize && st < max_stints {
                    sp.next[s * types.len() + t] = (s + stride[t]) as u32;
                }
            }
        }
        Some(sp)
    }
}

/// The exact minimum race time and the `top_k` best distinct strategies,
/// best first. Errors (`InvalidInput`) on bad or infeasible requests.
pub fn optimise(req: &OptimiseRequest) -> Result<Vec<Strategy>> {
    let sw = sweep(req, rules::prepare(req)?, false)?;
    let (best, blen) = sw.best(sw.p.laps as usize);
    if blen == 0 {
        return Err(rules::no_strategy(req));
    }
    Ok(best[..blen]
        .iter()
        .map(|e| {
            let stints = sw.stints(e);
            rules::strategy(rules::ps_to_secs(e.cost + sw.p.fuel_ps), &stints)
        })
        .collect())
}

/// A swept DP table: the K best partial plans of every node.
pub(crate) struct Swept {
    pub p: Prepared,
    space: Space,
    k: usize,
    lens: Vec<u8>,
    table: Vec<Entry>,
    /// Per compound mask: whether the two-compound rule is met.
    accept: Vec<bool>,
}

impl Swept {
    /// The K best complete plans of the first `l` laps (rule met), best
    /// first, and how many there are.
    fn best(&self, l: usize) -> ([Entry; rules::MAX_TOP_K as usize], usize) {
        let (k, laps) = (self.k, self.p.laps as usize);
        let mut best = [EMPTY; rules::MAX_TOP_K as usize];
        let mut blen = 0u8;
        for s in 0..self.space.n {
            if !self.accept[self.space.mask[s] as usize] {
                continue;
            }
            let at = s * (laps + 1) + l;
            for i in 0..self.lens[at] as usize {
                insert(&mut best[..k], &mut blen, k, self.table[at * k + i]);
            }
        }
        (best, blen as usize)
    }

    /// (compound, start_age, last_lap) of each stint of a plan.
    fn stints(&self, e: &Entry) -> Vec<StintSpec> {
        (0..e.n as usize)
            .map(|i| {
                let ty = self.p.types[e.ty[i] as usize];
                (ty.compound, ty.age, (e.key[i] & 0xff) as u32)
            })
            .collect()
    }

    /// The best complete plan covering the first `l` laps (on a sweep with
    /// every stint length): its cost in ps without the fuel part (tyres plus
    /// `pit_loss` per stop between its stints) and its stints.
    pub(crate) fn best_plan(&self, l: u32) -> Option<(i64, Vec<StintSpec>)> {
        let (best, n) = self.best(l as usize);
        (n > 0).then(|| (best[0].cost, self.stints(&best[0])))
    }
}

/// Runs the DP. `every_length`: try every stint length, so that every node
/// (l, s) holds the best plans of an `l`-lap race (the pit window reads all
/// of them); otherwise only lengths that can still finish `p.laps`.
pub(crate) fn sweep(req: &OptimiseRequest, p: Prepared, every_length: bool) -> Result<Swept> {
    let too_big = || {
        Error::InvalidInput(format!(
            "too many combinations of sets ({:?}), laps ({}) and top_k ({}) to optimise",
            req.sets.as_ref().map(Vec::len),
            req.laps,
            req.top_k
        ))
    };
    let space = if p.unlimited {
        Space::unlimited(&p.types, p.max_stints)
    } else {
        Space::counted(&p.types, p.max_stints).ok_or_else(too_big)?
    };
    let laps = p.laps as usize;
    let k = p.top_k;
    let nodes = (laps + 1) * space.n;
    if nodes.saturating_mul(k) > MAX_ENTRIES {
        return Err(too_big());
    }
    // prefix[t][n]: tyre cost of the first n laps on a set of type t.
    let mut prefix = Vec::with_capacity(p.types.len());
    for ty in &p.types {
        let mut v = Vec::with_capacity(laps + 1);
        v.push(0i64);
        for i in 0..p.laps {
            let c = rules::tyre_ps(&req.model, ty.compound, ty.age + i, p.laps)?;
            v.push(v[i as usize] + c);
        }
        prefix.push(v);
    }

    // Node (l, s) lives at s * (laps + 1) + l, so the destinations of one
    // stint start, one per length, are contiguous. `worst` is the cost a
    // candidate must not exceed (the K-th entry's, once a node is full): a
    // dense array so the common rejection touches no entries.
    let node = |l: usize, s: usize| s * (laps + 1) + l;
    let mut lens = vec![0u8; nodes];
    let mut worst = vec![i64::MAX; nodes];
    let mut table = vec![EMPTY; nodes * k];
    lens[node(0, 0)] = 1; // (lap 0, nothing used): the empty plan
    let nt = p.types.len();
    let min = p.min_stint as usize;
    let mut src = [EMPTY; rules::MAX_TOP_K as usize];
    for l in 0..laps {
        for s in 0..space.n {
            let from = node(l, s);
            let cnt = lens[from] as usize;
            if cnt == 0 {
                continue;
            }
            src[..cnt].copy_from_slice(&table[from * k..from * k + cnt]);
            let last_stint = space.stints[s] as usize + 1 == p.max_stints;
            let pit = if l == 0 { 0 } else { p.pit_ps };
            for (t, (ty, pre)) in p.types.iter().zip(&prefix).enumerate() {
                let s2 = space.next[s * nt + t];
                if s2 == u32::MAX || (l == 0 && p.starting.is_some_and(|c| c != ty.compound)) {
                    continue;
                }
                let compound = ty.compound;
                let d0 = node(l, s2 as usize); // + n = the node after n laps
                let cheapest = src[0].cost + pit;
                let full = laps - l;
                if full < min {
                    continue; // no stint fits (never entered unless every_length)
                }
                // Lengths that can still finish: leave ≥ min laps for the
                // next stint (if one is allowed), or run to the flag.
                let (lo, hi) = if every_length {
                    (min, full - 1)
                } else if last_stint || full < 2 * min {
                    (1, 0)
                } else {
                    (min, full - min)
                };
                for n in (lo..=hi).chain(std::iter::once(full)) {
                    if cheapest + pre[n] > worst[d0 + n] {
                        continue;
                    }
                    let l2 = l + n;
                    let add = pre[n] + pit;
                    let dst = d0 + n;
                    for e in &src[..cnt] {
                        let cost = e.cost + add;
                        // Fast reject before building the key.
                        if cost > worst[dst] {
                            break; // src is sorted by cost
                        }
                        let mut c = *e;
                        c.cost = cost;
                        c.key[c.n as usize] = rules::key_of(compound, l2 as u32);
                        c.ty[c.n as usize] = t as u8;
                        c.n += 1;
                        insert(&mut table[dst * k..dst * k + k], &mut lens[dst], k, c);
                        if lens[dst] as usize == k {
                            worst[dst] = table[dst * k + k - 1].cost;
                        }
                    }
                }
            }
        }
    }

    // Which compound masks complete a plan: mask bit i is the i-th distinct
    // compound of the (sorted) types. Sized for every u8 so any state's mask
    // indexes it (with no types, `Space::unlimited` still has a mask bit);
    // only the ≤ 2^3 real masks are evaluated (this runs on every request).
    let mut distinct: Vec<Compound> = p.types.iter().map(|t| t.compound).collect();
    distinct.dedup();
    let mut accept = vec![false; 256];
    for (m, ok) in accept.iter_mut().enumerate().take(1 << distinct.len()) {
        let cs: Vec<Compound> = (0..distinct.len())
            .filter(|i| m >> i & 1 == 1)
            .map(|i| distinct[i])
            .collect();
        *ok = rules::two_compounds_met(p.dry, &p.used, &cs);
    }
    Ok(Swept {
        p,
        space,
        k,
        lens,
        table,
        accept,
    })
}
