//! Walks a season round by round, feeding both tallies and emitting the
//! standings after each round.

use super::by_round::{ConstructorRow, Contender, DriverRow, RoundTables, StandingsByRound};
use super::eras::{self, Adjustment, Listing};
use super::numbered::{Car, Numbered, Round};
use super::tally::{Tally, Total, compare, sort_name};
use super::{PointsSystem, SeasonResults};
use crate::error::Result;

/// Highest finishing position accepted (the largest fields were ~35 cars).
pub const MAX_POSITION: u32 = 100;

/// Checks what the computation assumes: positions and fastest-lap ranks in
/// 1..=MAX_POSITION, finite non-negative points, distinct round numbers.
pub fn validate(season: &SeasonResults) -> Result<()> {
    Numbered::of(season).validate()
}

/// A position usable as an index; invalid ones count as unclassified.
fn position(e: &Car) -> Option<u32> {
    e.position.filter(|p| (1..=MAX_POSITION).contains(p))
}

fn entry_points(system: &PointsSystem, round: u32, e: &Car, sprint: bool) -> f64 {
    e.points
        .filter(|p| p.is_finite())
        .unwrap_or_else(|| system.points_for(round, position(e), e.fastest_lap_rank, sprint))
}

/// Numbered keys an adjustment of this kind names, from round `round` on.
fn excluded(season: &Numbered, system: &PointsSystem, constructor: bool, round: u32) -> Vec<u32> {
    (system.adjustments.iter())
        .filter_map(|a| match a {
            Adjustment::Exclude {
                key,
                constructor: c,
                from_round,
            } if *c == constructor && *from_round <= round => season.key_index(key, constructor),
            _ => None,
        })
        .collect()
}

/// The standings after each round in round order, up to round `until`
/// (every round when `None`).
pub(super) fn run(
    season: &Numbered,
    system: &PointsSystem,
    until: Option<u32>,
) -> StandingsByRound {
    let mut rounds: Vec<&Round> = season.rounds.iter().collect();
    rounds.sort_by_key(|r| r.round);
    let mut drivers = Tally::default();
    let mut constructors = Tally::default();
    let mut out = StandingsByRound {
        year: season.year,
        ..StandingsByRound::default()
    };
    let mut scratch = Scratch::default();
    for (i, r) in rounds.iter().enumerate() {
        let listing = eras::listing(season.year, i);
        for a in &system.adjustments {
            match a {
                Adjustment::Restart {
                    key,
                    constructor,
                    round,
                } if *round == r.round => {
                    if let Some(k) = season.key_index(key, *constructor) {
                        tally(&mut drivers, &mut constructors, *constructor).restart(k)
                    }
                }
                _ => {}
            }
        }
        add_drivers(&mut drivers, season, r, system, listing, &mut scratch);
        if system.constructors && !r.drivers_only {
            add_constructors(&mut constructors, season, r, system, listing, &mut scratch);
        }
        for a in &system.adjustments {
            match a {
                Adjustment::Deduct {
                    key,
                    constructor,
                    round,
                    points,
                } if *round == r.round => {
                    let t = tally(&mut drivers, &mut constructors, *constructor);
                    if let Some(row) = season
                        .key_index(key, *constructor)
                        .and_then(|k| t.get_mut(k))
                    {
                        row.deducted += points;
                    }
                }
                _ => {}
            }
        }
        let tables = RoundTables {
            round: r.round,
            drivers: driver_table(
                &mut drivers,
                system,
                &excluded(season, system, false, r.round),
                &mut out.teams,
                &mut scratch,
            ),
            constructors: constructor_table(
                &mut constructors,
                system,
                &excluded(season, system, true, r.round),
                &mut scratch,
            ),
        };
        out.rounds.push(tables);
        if until == Some(r.round) {
            break;
        }
    }
    // Names as given at each row's first sight (keys never seen by a
    // tally keep an empty name: no row refers to them).
    let contenders = |keys: &[&str], t: &Tally| {
        let mut v: Vec<Contender> = (keys.iter())
            .map(|k| Contender {
                key: k.to_string(),
                name: String::new(),
            })
            .collect();
        for row in &t.rows {
            v[row.key as usize].name = season.texts[row.name as usize].to_string();
        }
        v
    };
    out.drivers = contenders(&season.driver_keys, &drivers);
    out.constructors = contenders(&season.constructor_keys, &constructors);
    out
}

/// Buffers reused from round to round.
#[derive(Default)]
struct Scratch {
    orders: Vec<Option<u32>>,
    drops: Vec<f64>,
}

fn tally<'a>(
    drivers: &'a mut Tally,
    constructors: &'a mut Tally,
    constructor: bool,
) -> &'a mut Tally {
    if constructor { constructors } else { drivers }
}

/// Place of each entry in the full result order (a countback tie-break):
/// the classified position, else `Car::order` (Ergast `positionOrder`,
/// which gives drivers sharing a car the car's place), else the list index.
/// Disqualified entries have none: the tables do not count them; nor do
/// the tables that list only classified drivers count unclassified places.
fn orders(race: &[Car], listing: Listing, out: &mut Vec<Option<u32>>) {
    out.clear();
    out.extend(race.iter().enumerate().map(|(i, e)| {
        let counted = match listing {
            Listing::Classified => position(e).is_some(),
            Listing::Entrants => true,
            _ => !e.disqualified,
        };
        counted.then(|| {
            (position(e))
                .or_else(|| e.order.filter(|o| (1..=MAX_POSITION).contains(o)))
                .unwrap_or(i as u32 + 1)
        })
    }));
}

fn add_drivers(
    t: &mut Tally,
    season: &Numbered,
    r: &Round,
    system: &PointsSystem,
    listing: Listing,
    scratch: &mut Scratch,
) {
    let race = &season.cars[r.race.clone()];
    orders(race, listing, &mut scratch.orders);
    for (i, e) in race.iter().enumerate() {
        let row = t.row(e.driver, e.driver_name);
        if row.sort_name.is_empty() {
            row.sort_name = sort_name(
                &season.texts[e.driver_name as usize],
                &season.texts[e.driver_surname as usize],
            );
        }
        row.score(r.round, entry_points(system, r.round, e, false));
        row.finish(position(e), scratch.orders[i]);
        if !row.teams.contains(&e.constructor) {
            row.teams.push(e.constructor);
            row.teams_out = None;
        }
        row.listed |= listed(listing, e);
    }
    for e in &season.cars[r.sprint.clone()] {
        let row = t.row(e.driver, e.driver_name);
        row.score(r.round, entry_points(system, r.round, e, true));
    }
}

/// Whether this result puts its driver (or constructor) in the table.
fn listed(listing: Listing, e: &Car) -> bool {
    match listing {
        Listing::Entrants => true,
        Listing::EntrantsNotDisqualified => !e.disqualified,
        Listing::Starters => !e.disqualified && !e.did_not_qualify,
        Listing::Classified => position(e).is_some(),
    }
}

fn add_constructors(
    t: &mut Tally,
    season: &Numbered,
    r: &Round,
    system: &PointsSystem,
    listing: Listing,
    scratch: &mut Scratch,
) {
    let race = &season.cars[r.race.clone()];
    orders(race, listing, &mut scratch.orders);
    for (i, e) in race.iter().enumerate() {
        let row = t.row(e.constructor, e.constructor_name);
        if row.sort_name.is_empty() {
            row.sort_name = sort_name(&season.texts[e.constructor_name as usize], "");
        }
        row.finish(position(e), scratch.orders[i]);
        row.listed |= listed(listing, e);
        if !system.constructor_best_car_only {
            let mut p = entry_points(system, r.round, e, false);
            if !system.constructor_fastest_lap && e.points.is_none() {
                p -= system.fastest_lap_points(position(e), e.fastest_lap_rank, false);
            }
            row.score(r.round, p);
        }
    }
    if system.constructor_best_car_only {
        // Only the best-placed car scores, from the position table: shared
        // drives and fastest-lap bonuses were drivers' matters.
        let mut best: Vec<(u32, u32, u32)> = Vec::new();
        for e in race {
            let Some(p) = position(e) else { continue };
            // Points withheld from the driver (0 at a scoring place, e.g.
            // 1963 France, Hill's push start) are withheld from the team too.
            if e.points == Some(0.0) && system.position_points(r.round, Some(p), false) > 0.0 {
                continue;
            }
            match best.iter_mut().find(|(c, _, _)| *c == e.constructor) {
                Some(b) if b.2 > p => b.2 = p,
                Some(_) => {}
                None => best.push((e.constructor, e.constructor_name, p)),
            }
        }
        for (c, name, p) in best {
            let pts = system.position_points(r.round, Some(p), false);
            t.row(c, name).score(r.round, pts);
        }
    }
    for e in &season.cars[r.sprint.clone()] {
        let p = entry_points(system, r.round, e, true);
        t.row(e.constructor, e.constructor_name).score(r.round, p);
    }
}

/// Listed rows (indexes into `t.rows`) in official order (drops applied),
/// excluded keys last, into `t.order`. The order is total (rows level on
/// everything go by first appearance, i.e. row index), so starting the sort
/// from the last round's order changes nothing but its speed.
fn ranked(t: &mut Tally, drops: &[super::DropBlock], excluded: &[u32], scratch: &mut Scratch) {
    for row in &mut t.rows {
        row.apply_drops(drops, &mut scratch.drops);
    }
    let rows = &mut t.rows;
    let v = &mut t.order;
    // Restarted rows (`ranked` reset) leave and come back as new rows.
    v.retain(|&i| rows[i as usize].listed && rows[i as usize].ranked);
    for (i, row) in rows.iter_mut().enumerate() {
        if row.listed && !row.ranked {
            row.ranked = true;
            v.push(i as u32);
        }
    }
    let rows = &t.rows;
    v.sort_by(|&a, &b| {
        let (ra, rb) = (&rows[a as usize], &rows[b as usize]);
        let ex = |t: &Total| excluded.contains(&t.key);
        (ex(ra).cmp(&ex(rb)))
            .then_with(|| compare(ra, rb))
            .then(a.cmp(&b))
    });
}

fn driver_table(
    t: &mut Tally,
    system: &PointsSystem,
    excluded: &[u32],
    teams: &mut Vec<u32>,
    scratch: &mut Scratch,
) -> Vec<DriverRow> {
    ranked(t, &system.drop, excluded, scratch);
    (t.order.iter())
        .map(|&ix| {
            let t = &mut t.rows[ix as usize];
            // A team list is written out once until it changes.
            let out = *t.teams_out.get_or_insert_with(|| {
                let a = teams.len() as u32;
                teams.extend_from_slice(&t.teams);
                (a, teams.len() as u32)
            });
            DriverRow {
                driver: t.key,
                teams: out,
                points: t.net,
                gross_points: t.gross,
                wins: t.wins,
                excluded: excluded.contains(&t.key),
            }
        })
        .collect()
}

fn constructor_table(
    t: &mut Tally,
    system: &PointsSystem,
    excluded: &[u32],
    scratch: &mut Scratch,
) -> Vec<ConstructorRow> {
    ranked(t, &system.constructor_drop, excluded, scratch);
    (t.order.iter())
        .map(|&ix| {
            let t = &t.rows[ix as usize];
            ConstructorRow {
                constructor: t.key,
                points: t.net,
                gross_points: t.gross,
                wins: t.wins,
            }
        })
        .collect()
}
