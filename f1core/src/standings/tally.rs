//! Running totals of one championship (drivers or constructors) round by
//! round: gross and per-round points, dropped scores, and the ranking.

use super::points::DropBlock;
use std::cmp::Ordering;

/// One driver's or constructor's season so far.
pub(crate) struct Total {
    /// Numbered key (see `numbered`).
    pub key: u32,
    /// Text index of the name given at first sight.
    pub name: u32,
    /// Numbered constructor keys, latest last.
    pub teams: Vec<u32>,
    /// Where `teams` was last written out, while unchanged.
    pub teams_out: Option<(u32, u32)>,
    /// Whether the published table lists this row yet (see `eras::Listing`).
    pub listed: bool,
    /// Whether the row is in `Tally::order` (the last ranking).
    pub ranked: bool,
    pub gross: f64,
    /// Counting points after dropped scores and deductions.
    pub net: f64,
    /// Points taken away by a penalty.
    pub deducted: f64,
    /// (round number, points) of each round scored in, for dropped scores.
    pub rounds: Vec<(u32, f64)>,
    pub wins: u32,
    /// finishes[p - 1] = races classified in position p (countback).
    pub finishes: Vec<u32>,
    /// orders[p - 1] = races with place p in the full result order,
    /// unclassified cars included: the published tables' last tie-break.
    pub orders: Vec<u32>,
    /// Alphabetical key (surname, forename) for rows level on all the above.
    pub sort_name: String,
}

/// Case- and accent-insensitive form of a name, for alphabetical order.
fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'ç' | 'č' | 'ć' => 'c',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => 'o',
            'š' => 's',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            'ž' => 'z',
            c => c,
        })
        .collect()
}

/// Sort key "surname, forename" of a driver named `name` ("Forename
/// Surname"); `name` alone when the surname is unknown.
pub(crate) fn sort_name(name: &str, surname: &str) -> String {
    if surname.is_empty() {
        return fold(name);
    }
    let forename = name.strip_suffix(surname).unwrap_or(name).trim();
    format!("{}\u{0}{}", fold(surname), fold(forename))
}

fn bump(v: &mut Vec<u32>, p: u32) {
    let i = p as usize - 1;
    if v.len() <= i {
        v.resize(i + 1, 0);
    }
    v[i] += 1;
}

const NO_ROW: u32 = u32::MAX;

#[derive(Default)]
pub(crate) struct Tally {
    pub rows: Vec<Total>,
    /// Row of each numbered key (`NO_ROW`: none yet).
    by_key: Vec<u32>,
    /// Rows as last ranked: the next round's sort starts from this order,
    /// which is nearly right (a handful of compares per row).
    pub order: Vec<u32>,
}

impl Tally {
    /// The row of `key`, created (unlisted) on first sight, named `name`.
    pub fn row(&mut self, key: u32, name: u32) -> &mut Total {
        let k = key as usize;
        if self.by_key.len() <= k {
            self.by_key.resize(k + 1, NO_ROW);
        }
        if self.by_key[k] == NO_ROW {
            self.by_key[k] = self.rows.len() as u32;
            self.rows.push(Total::empty(key, name));
        }
        &mut self.rows[self.by_key[k] as usize]
    }

    pub fn get_mut(&mut self, key: u32) -> Option<&mut Total> {
        match self.by_key.get(key as usize) {
            Some(&ix) if ix != NO_ROW => Some(&mut self.rows[ix as usize]),
            _ => None,
        }
    }

    /// Forgets everything `key` scored so far (a new entry under an old key).
    pub fn restart(&mut self, key: u32) {
        if let Some(row) = self.get_mut(key) {
            *row = Total::empty(row.key, row.name);
        }
    }
}

impl Total {
    fn empty(key: u32, name: u32) -> Total {
        Total {
            key,
            name,
            teams: Vec::new(),
            teams_out: None,
            listed: false,
            ranked: false,
            gross: 0.0,
            net: 0.0,
            deducted: 0.0,
            rounds: Vec::new(),
            wins: 0,
            finishes: Vec::new(),
            orders: Vec::new(),
            sort_name: String::new(),
        }
    }

    /// Adds `points` scored in round `round`.
    pub fn score(&mut self, round: u32, points: f64) {
        self.gross += points;
        match self.rounds.last_mut() {
            Some((r, p)) if *r == round => *p += points,
            _ => self.rounds.push((round, points)),
        }
    }

    /// Records a race finish: classified `position`, place `order` in the
    /// full result (1-based; `None`: not counted, e.g. disqualified).
    pub fn finish(&mut self, position: Option<u32>, order: Option<u32>) {
        if let Some(p) = position {
            bump(&mut self.finishes, p);
            if p == 1 {
                self.wins += 1;
            }
        }
        if let Some(o) = order {
            bump(&mut self.orders, o);
        }
    }

    /// Recomputes `net` under `drops` (empty: net = gross).
    /// `scratch` is working space, reused across rows.
    pub fn apply_drops(&mut self, drops: &[DropBlock], scratch: &mut Vec<f64>) {
        if drops.is_empty() {
            self.net = self.gross - self.deducted;
            return;
        }
        let mut net = 0.0;
        let mut from = 0; // first round number of the current block
        for block in drops {
            let to = if block.rounds == 0 {
                u32::MAX
            } else {
                from + block.rounds
            };
            scratch.clear();
            scratch.extend(
                self.rounds
                    .iter()
                    .filter(|(r, _)| *r > from && *r <= to)
                    .map(|(_, p)| *p),
            );
            scratch.sort_by(|a, b| b.total_cmp(a));
            net += scratch.iter().take(block.best as usize).sum::<f64>();
            from = to;
            if block.rounds == 0 {
                break;
            }
        }
        self.net = net - self.deducted;
    }
}

/// Compares count vectors position by position (more wins first, ...):
/// `Less` when `a` ranks ahead. A missing count is 0.
fn countback(a: &[u32], b: &[u32]) -> Ordering {
    let m = a.len().min(b.len());
    // The common prefix compares as slices (a plain loop the compiler
    // vectorises); past it, any count beats the other's implicit zeros.
    b[..m].cmp(&a[..m]).then_with(|| {
        match (a[m..].iter().any(|&x| x > 0), b[m..].iter().any(|&x| x > 0)) {
            (true, _) => Ordering::Less,
            (_, true) => Ordering::Greater,
            _ => Ordering::Equal,
        }
    })
}

/// Official order: counting points, then countback of classified places,
/// then countback of places in the full result order, then alphabetical
/// (`sort_name`); rows still level keep their order of first appearance
/// (the caller breaks that tie by row index).
pub(crate) fn compare(a: &Total, b: &Total) -> Ordering {
    b.net
        .total_cmp(&a.net)
        .then_with(|| countback(&a.finishes, &b.finishes))
        .then_with(|| countback(&a.orders, &b.orders))
        .then_with(|| a.sort_name.cmp(&b.sort_name))
}
