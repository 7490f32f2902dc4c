//! Rules of each era that are not a points table: dropped scores, half-point
//! and double-point rounds, exclusions, and who the published tables list.
//! Sources: FIA sporting regulations of each year, checked against the
//! official standings in the Ergast data (see `docs/standings.md`).

use super::points::DropBlock;

const fn best(n: u32) -> DropBlock {
    DropBlock { rounds: 0, best: n }
}

const fn split(first: u32, best_first: u32, best_rest: u32) -> [DropBlock; 2] {
    [
        DropBlock {
            rounds: first,
            best: best_first,
        },
        DropBlock {
            rounds: 0,
            best: best_rest,
        },
    ]
}

/// Drivers' dropped-score rule of `year` (empty: all results count).
pub fn driver_drops(year: u16) -> Vec<DropBlock> {
    match year {
        1950..=1953 => vec![best(4)],
        1954..=1957 | 1959 | 1961 | 1962 | 1966 => vec![best(5)],
        1958 | 1960 | 1963..=1965 => vec![best(6)],
        1981..=1990 => vec![best(11)],
        _ => split_rule(year).map(Vec::from).unwrap_or_default(),
    }
}

/// Constructors' dropped-score rule of `year` (empty: all results count).
pub fn constructor_drops(year: u16) -> Vec<DropBlock> {
    match year {
        1959 | 1961 | 1962 | 1966 => vec![best(5)],
        1958 | 1960 | 1963..=1965 => vec![best(6)],
        // From 1979 every constructors' result counts.
        1979.. => Vec::new(),
        _ => split_rule(year).map(Vec::from).unwrap_or_default(),
    }
}

/// The split-season rules of 1967–1980 (same for drivers and constructors
/// until 1978): best `a` of the first `n` rounds plus best `b` of the rest.
fn split_rule(year: u16) -> Option<[DropBlock; 2]> {
    Some(match year {
        1967 | 1969 | 1971 => split(6, 5, 4),
        1968 | 1972 => split(6, 5, 5),
        1970 => split(7, 6, 5),
        1973 | 1974 => split(8, 7, 6),
        1975 => split(7, 6, 6),
        1976 | 1978 => split(8, 7, 7),
        1977 => split(9, 8, 7),
        1979 => split(7, 4, 4),
        1980 => split(7, 5, 5),
        _ => return None,
    })
}

/// Rounds whose race points were scaled: half points for races stopped
/// before the distance required for full points, double points for the
/// 2014 finale.
pub fn round_factors(year: u16) -> Vec<(u32, f64)> {
    match year {
        1975 => vec![(4, 0.5), (12, 0.5)], // Spain (Montjuïc), Austria
        1984 => vec![(6, 0.5)],            // Monaco
        1991 => vec![(16, 0.5)],           // Australia
        2009 => vec![(2, 0.5)],            // Malaysia
        2014 => vec![(19, 2.0)],           // Abu Dhabi, double points
        2021 => vec![(12, 0.5)],           // Belgium
        _ => Vec::new(),
    }
}

/// Exclusions, deductions and re-entries decided off the track.
pub fn adjustments(year: u16) -> Vec<Adjustment> {
    use Adjustment::*;
    let k = |s: &str| s.to_string();
    match year {
        // Excluded for causing the Jerez collision; results and points stay.
        1997 => vec![Exclude {
            key: k("michael_schumacher"),
            constructor: false,
            from_round: 17,
        }],
        // McLaren excluded from the constructors' championship (spy case).
        2007 => vec![Exclude {
            key: k("mclaren"),
            constructor: true,
            from_round: 1,
        }],
        // Force India's entry passed to Racing Point Force India, which
        // started from zero at Spa (same constructor key in the data).
        2018 => vec![Restart {
            key: k("force_india"),
            constructor: true,
            round: 13,
        }],
        // Racing Point docked 15 points (brake-duct protest), from round 5.
        2020 => vec![Deduct {
            key: k("racing_point"),
            constructor: true,
            round: 5,
            points: 15.0,
        }],
        _ => Vec::new(),
    }
}

/// A one-off decision changing a championship table.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Adjustment {
    /// Listed last (points kept) from `from_round` on.
    Exclude {
        key: String,
        constructor: bool,
        from_round: u32,
    },
    /// Everything scored before `round` is wiped: a new entry.
    Restart {
        key: String,
        constructor: bool,
        round: u32,
    },
    /// `points` taken away from `round` on.
    Deduct {
        key: String,
        constructor: bool,
        round: u32,
        points: f64,
    },
}

/// Who the published drivers' table lists after a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    /// Every driver with a result, except those only ever disqualified.
    EntrantsNotDisqualified,
    /// Every driver with a result.
    Entrants,
    /// Every driver with a result other than disqualified or not qualified.
    Starters,
    /// Only drivers classified at least once.
    Classified,
}

/// The listing convention of the official tables in `year`, after the round
/// at 0-based `index`. The source switched conventions over time; this is
/// a property of the published tables, not of the sporting rules.
pub fn listing(year: u16, index: usize) -> Listing {
    match year {
        // Bonetto (1952) and Magill (1958) are listed after a disqualification
        // as their only result; the other seasons before 1992 leave such
        // drivers out (see docs/standings.md).
        1952 | 1958 => Listing::Entrants,
        ..=1991 => Listing::EntrantsNotDisqualified,
        1992 | 1993 | 1995..=2004 | 2006..=2008 => Listing::Classified,
        2009 if index == 0 => Listing::Classified,
        2011 => Listing::Starters,
        _ => Listing::Entrants,
    }
}
