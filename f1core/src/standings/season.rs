//! Walks a season round by round, feeding both tallies and emitting the
//! standings after each round.

use super::eras::{self, Adjustment, Listing};
use super::tally::{Tally, Total, compare, sort_name};
use super::{Entry, PointsSystem, RoundResults, SeasonResults, Standings};
use crate::domain::{ConstructorStanding, DriverStanding};
use crate::error::{Error, Result};

/// Highest finishing position accepted (the largest fields were ~35 cars).
pub const MAX_POSITION: u32 = 100;

/// Checks what the computation assumes: positions and fastest-lap ranks in
/// 1..=MAX_POSITION, finite non-negative points, distinct round numbers.
pub fn validate(season: &SeasonResults) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    for r in &season.rounds {
        if !seen.insert(r.round) {
            return Err(Error::InvalidInput(format!(
                "round {} appears twice",
                r.round
            )));
        }
        for e in r.race.iter().chain(&r.sprint) {
            let bad = |what: &str, v: String| {
                Error::InvalidInput(format!(
                    "round {}: {} `{}`: {what} {v}",
                    r.round, "driver", e.driver
                ))
            };
            if let Some(p) = e.position.filter(|p| !(1..=MAX_POSITION).contains(p)) {
                return Err(bad("position", p.to_string()));
            }
            if let Some(p) = e
                .fastest_lap_rank
                .filter(|p| !(1..=MAX_POSITION).contains(p))
            {
                return Err(bad("fastest_lap_rank", p.to_string()));
            }
            if let Some(p) = e.points.filter(|p| !p.is_finite() || *p < 0.0) {
                return Err(bad("points", p.to_string()));
            }
        }
    }
    Ok(())
}

/// A position usable as an index; invalid ones count as unclassified.
fn position(e: &Entry) -> Option<u32> {
    e.position.filter(|p| (1..=MAX_POSITION).contains(p))
}

fn entry_points(system: &PointsSystem, round: u32, e: &Entry, sprint: bool) -> f64 {
    e.points
        .filter(|p| p.is_finite())
        .unwrap_or_else(|| system.points_for(round, position(e), e.fastest_lap_rank, sprint))
}

/// Calls `emit` with the standings after each round in round order, until
/// it returns `false`.
pub(super) fn run(
    season: &SeasonResults,
    system: &PointsSystem,
    mut emit: impl FnMut(Standings) -> bool,
) {
    let mut rounds: Vec<&RoundResults> = season.rounds.iter().collect();
    rounds.sort_by_key(|r| r.round);
    let mut drivers = Tally::default();
    let mut constructors = Tally::default();
    for (i, r) in rounds.iter().enumerate() {
        let listing = eras::listing(season.year, i);
        for a in &system.adjustments {
            match a {
                Adjustment::Restart {
                    key,
                    constructor,
                    round,
                } if *round == r.round => {
                    tally(&mut drivers, &mut constructors, *constructor).restart(key)
                }
                _ => {}
            }
        }
        add_drivers(&mut drivers, r, system, listing);
        if system.constructors && !r.drivers_only {
            add_constructors(&mut constructors, r, system, listing);
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
                    if let Some(row) = t.get_mut(key) {
                        row.deducted += points;
                    }
                }
                _ => {}
            }
        }
        let excluded = |constructor: bool| -> Vec<String> {
            (system.adjustments.iter())
                .filter_map(|a| match a {
                    Adjustment::Exclude {
                        key,
                        constructor: c,
                        from_round,
                    } if *c == constructor && *from_round <= r.round => Some(key.clone()),
                    _ => None,
                })
                .collect()
        };
        let s = Standings {
            year: season.year,
            round: r.round,
            drivers: driver_table(&mut drivers, system, season.year, r.round, &excluded(false)),
            constructors: constructor_table(
                &mut constructors,
                system,
                season.year,
                r.round,
                &excluded(true),
            ),
        };
        if !emit(s) {
            break;
        }
    }
}

fn tally<'a>(
    drivers: &'a mut Tally,
    constructors: &'a mut Tally,
    constructor: bool,
) -> &'a mut Tally {
    if constructor { constructors } else { drivers }
}

/// Place of each entry in the full result order (a countback tie-break):
/// the classified position, else `Entry::order` (Ergast `positionOrder`,
/// which gives drivers sharing a car the car's place), else the list index.
/// Disqualified entries have none: the tables do not count them; nor do
/// the tables that list only classified drivers count unclassified places.
fn orders(race: &[Entry], listing: Listing) -> Vec<Option<u32>> {
    (race.iter().enumerate())
        .map(|(i, e)| {
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
        })
        .collect()
}

fn add_drivers(t: &mut Tally, r: &RoundResults, system: &PointsSystem, listing: Listing) {
    let orders = orders(&r.race, listing);
    for (i, e) in r.race.iter().enumerate() {
        let row = t.row(&e.driver, &e.driver_name);
        if row.sort_name.is_empty() {
            row.sort_name = sort_name(&e.driver_name, &e.driver_surname);
        }
        row.score(r.round, entry_points(system, r.round, e, false));
        row.finish(position(e), orders[i]);
        if !row.teams.contains(&e.constructor) {
            row.teams.push(e.constructor.clone());
        }
        row.listed |= listed(listing, e);
    }
    for e in &r.sprint {
        let row = t.row(&e.driver, &e.driver_name);
        row.score(r.round, entry_points(system, r.round, e, true));
    }
}

/// Whether this result puts its driver (or constructor) in the table.
fn listed(listing: Listing, e: &Entry) -> bool {
    match listing {
        Listing::Entrants => true,
        Listing::EntrantsNotDisqualified => !e.disqualified,
        Listing::Starters => !e.disqualified && !e.did_not_qualify,
        Listing::Classified => position(e).is_some(),
    }
}

fn add_constructors(t: &mut Tally, r: &RoundResults, system: &PointsSystem, listing: Listing) {
    let orders = orders(&r.race, listing);
    for (i, e) in r.race.iter().enumerate() {
        let row = t.row(&e.constructor, &e.constructor_name);
        if row.sort_name.is_empty() {
            row.sort_name = sort_name(&e.constructor_name, "");
        }
        row.finish(position(e), orders[i]);
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
        let mut best: Vec<(&str, &str, u32)> = Vec::new();
        for e in &r.race {
            let Some(p) = position(e) else { continue };
            // Points withheld from the driver (0 at a scoring place, e.g.
            // 1963 France, Hill's push start) are withheld from the team too.
            if e.points == Some(0.0) && system.position_points(r.round, Some(p), false) > 0.0 {
                continue;
            }
            match best.iter_mut().find(|(c, _, _)| *c == e.constructor) {
                Some(b) if b.2 > p => b.2 = p,
                Some(_) => {}
                None => best.push((&e.constructor, &e.constructor_name, p)),
            }
        }
        for (c, name, p) in best {
            let pts = system.position_points(r.round, Some(p), false);
            t.row(c, name).score(r.round, pts);
        }
    }
    for e in &r.sprint {
        let p = entry_points(system, r.round, e, true);
        t.row(&e.constructor, &e.constructor_name).score(r.round, p);
    }
}

/// Listed rows in official order (drops applied), excluded keys last.
fn ranked<'t>(t: &'t mut Tally, drops: &[super::DropBlock], excluded: &[String]) -> Vec<&'t Total> {
    let mut scratch = Vec::new();
    for row in &mut t.rows {
        row.apply_drops(drops, &mut scratch);
    }
    let mut v: Vec<&Total> = t.rows.iter().filter(|r| r.listed).collect();
    // Stable: rows level on everything keep their order of first appearance.
    v.sort_by(|a, b| {
        let ex = |t: &Total| excluded.contains(&t.key);
        ex(a).cmp(&ex(b)).then_with(|| compare(a, b))
    });
    v
}

fn driver_table(
    t: &mut Tally,
    system: &PointsSystem,
    year: u16,
    round: u32,
    excluded: &[String],
) -> Vec<DriverStanding> {
    ranked(t, &system.drop, excluded)
        .into_iter()
        .enumerate()
        .map(|(i, t)| DriverStanding {
            year,
            round,
            position: i as u32 + 1,
            driver_ref: t.key.clone(),
            driver_name: t.name.clone(),
            constructor_refs: t.teams.clone(),
            points: t.net,
            gross_points: t.gross,
            wins: t.wins,
            excluded: excluded.contains(&t.key),
        })
        .collect()
}

fn constructor_table(
    t: &mut Tally,
    system: &PointsSystem,
    year: u16,
    round: u32,
    excluded: &[String],
) -> Vec<ConstructorStanding> {
    ranked(t, &system.constructor_drop, excluded)
        .into_iter()
        .enumerate()
        .map(|(i, t)| ConstructorStanding {
            year,
            round,
            position: i as u32 + 1,
            constructor_ref: t.key.clone(),
            constructor_name: t.name.clone(),
            points: t.net,
            gross_points: t.gross,
            wins: t.wins,
        })
        .collect()
}
