//! Loads the Ergast-schema CSV dump into a `Dataset`.

use super::table::{Col, Num, Table};
use crate::dataset::{Dataset, Tables};
use crate::domain::*;
use crate::error::{Error, Result};
use crate::idmap::IdMap;
use std::collections::HashMap;
use std::path::Path;

mod events;
mod tables;
use events::*;
use tables::*;

const NULL: &str = "\\N";

/// Columns of the big tables polars may parse as numbers (the fast path).
const RESULT_NUMS: &[(&str, Num)] = &[
    ("resultId", Num::Int),
    ("raceId", Num::Int),
    ("driverId", Num::Int),
    ("constructorId", Num::Int),
    ("number", Num::Int),
    ("grid", Num::Int),
    ("position", Num::Int),
    ("positionOrder", Num::Int),
    ("points", Num::Float),
    ("laps", Num::Int),
    ("milliseconds", Num::Int),
    ("fastestLap", Num::Int),
    ("rank", Num::Int),
    ("statusId", Num::Int),
];
const QUALI_NUMS: &[(&str, Num)] = &[
    ("qualifyId", Num::Int),
    ("raceId", Num::Int),
    ("driverId", Num::Int),
    ("constructorId", Num::Int),
    ("number", Num::Int),
    ("position", Num::Int),
];
const PIT_NUMS: &[(&str, Num)] = &[
    ("raceId", Num::Int),
    ("driverId", Num::Int),
    ("stop", Num::Int),
    ("lap", Num::Int),
    ("milliseconds", Num::Int),
];
const DRIVER_STANDING_NUMS: &[(&str, Num)] = &[
    ("raceId", Num::Int),
    ("driverId", Num::Int),
    ("points", Num::Float),
    ("position", Num::Int),
    ("wins", Num::Int),
];
const CONSTRUCTOR_STANDING_NUMS: &[(&str, Num)] = &[
    ("raceId", Num::Int),
    ("constructorId", Num::Int),
    ("points", Num::Float),
    ("position", Num::Int),
    ("wins", Num::Int),
];

/// Parses a table from its typed read (`pre`) when that and `parse` both
/// succeed; otherwise rereads the file as text, so that any error names
/// file, line, column and value exactly as the text path always has.
fn typed<T>(
    pre: Result<Table>,
    dir: &Path,
    name: &str,
    parse: impl Fn(&Table) -> Result<T>,
) -> Result<T> {
    if let Ok(v) = pre.and_then(|t| parse(&t)) {
        return Ok(v);
    }
    parse(&Table::read(dir, name, NULL)?)
}

/// Loads every table of the dump in `dir` (the folder holding `races.csv`).
/// Extras beyond the Ergast schema (`safety_cars.csv`, `red_flags.csv`,
/// `virtual_safety_car_estimates.json`) are read when present.
///
/// The big tables are read and parsed on their own threads; errors are
/// still reported in file order (the first bad file of the sequence).
pub fn load_ergast(dir: &Path) -> Result<Dataset> {
    let read = |name: &str| Table::read(dir, name, NULL);
    let ids_cell = std::sync::OnceLock::new();
    std::thread::scope(|s| {
        let pre = |name: &'static str, nums: &'static [(&'static str, Num)]| {
            s.spawn(move || Table::read_typed(dir, name, NULL, nums))
        };
        // Every table's conversion checks ids against the small tables, so
        // those are read first with only the biggest file (the longest
        // chain: read, then convert) competing for polars' threads; the
        // rest start once the ids are known.
        let results_t = pre("results.csv", RESULT_NUMS);
        let joined = |h: std::thread::ScopedJoinHandle<'_, Result<Table>>| {
            h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))
        };

        let seasons = seasons(&read("seasons.csv")?)?;
        let circuits = circuits(&read("circuits.csv")?)?;
        let drivers = drivers(&read("drivers.csv")?)?;
        let constructors = constructors(&read("constructors.csv")?)?;
        let statuses = statuses(&read("status.csv")?)?;

        let ids = Ids {
            circuit: unique(&circuits, |c| c.id, "circuits.csv", "circuitId")?,
            driver: unique(&drivers, |d| d.id, "drivers.csv", "driverId")?,
            constructor: unique(&constructors, |c| c.id, "constructors.csv", "constructorId")?,
            status: {
                unique(&statuses, |s| s.id, "status.csv", "statusId")?;
                statuses.iter().map(|s| (s.id, s.class)).collect()
            },
            race: IdMap::default(),
        };
        let races = races(&read("races.csv")?, &ids)?;
        let race_ids = unique(&races, |r| r.id, "races.csv", "raceId")?;
        let ids: &Ids = ids_cell.get_or_init(|| Ids {
            race: race_ids,
            ..ids
        });
        let driver_st_t = pre("driver_standings.csv", DRIVER_STANDING_NUMS);
        let constructor_st_t = pre("constructor_standings.csv", CONSTRUCTOR_STANDING_NUMS);
        let quali_t = pre("qualifying.csv", QUALI_NUMS);
        let pits_t = pre("pit_stops.csv", PIT_NUMS);
        let sprint_t = pre("sprint_results.csv", RESULT_NUMS);
        let race_names: HashMap<(u16, String), Id> = races
            .iter()
            .map(|r| ((r.year, r.name.clone()), r.id))
            .collect();

        // Results on a thread of their own (the biggest file), the
        // official standings on another, the rest here.
        let results_h =
            s.spawn(move || typed(joined(results_t), dir, "results.csv", |t| results(t, ids)));
        let standings_h = s.spawn(move || {
            (
                typed(joined(driver_st_t), dir, "driver_standings.csv", |t| {
                    standings(t, ids, "driverId")
                }),
                typed(
                    joined(constructor_st_t),
                    dir,
                    "constructor_standings.csv",
                    |t| standings(t, ids, "constructorId"),
                ),
            )
        });
        let sprint_results = typed(joined(sprint_t), dir, "sprint_results.csv", |t| {
            results(t, ids)
        });
        let qualifying = typed(joined(quali_t), dir, "qualifying.csv", |t| {
            qualifying(t, ids)
        });
        let pit_stops = typed(joined(pits_t), dir, "pit_stops.csv", |t| pit_stops(t, ids));

        let optional = |name: &str| -> Result<Option<Table>> {
            if dir.join(name).is_file() {
                read(name).map(Some)
            } else {
                Ok(None)
            }
        };
        let extras = || -> Result<_> {
            let safety_cars = match optional("safety_cars.csv")? {
                Some(t) => safety_cars(&t, &race_names)?,
                None => Vec::new(),
            };
            let red_flags = match optional("red_flags.csv")? {
                Some(t) => red_flags(&t, &race_names)?,
                None => Vec::new(),
            };
            Ok((safety_cars, red_flags, vsc(dir, &race_names)?))
        };
        let extras = extras();
        let results = results_h
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        let (driver_standings, constructor_standings) = standings_h
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));

        // The order the files were once read in, one after another.
        let tables = Tables {
            results: results?,
            sprint_results: sprint_results?,
            qualifying: qualifying?,
            pit_stops: pit_stops?,
            driver_standings: driver_standings?,
            constructor_standings: constructor_standings?,
            safety_cars: Vec::new(),
            red_flags: Vec::new(),
            vsc: Vec::new(),
            seasons,
            circuits,
            drivers,
            constructors,
            statuses,
            races,
        };
        let (safety_cars, red_flags, vsc) = extras?;
        Ok(Dataset::from_tables(Tables {
            safety_cars,
            red_flags,
            vsc,
            ..tables
        }))
    })
}

struct Ids {
    circuit: IdMap<()>,
    driver: IdMap<()>,
    constructor: IdMap<()>,
    status: IdMap<StatusClass>,
    race: IdMap<()>,
}

/// The ids of a parent table, in file order; a repeated id is an error (a
/// second row would silently shadow the first).
fn unique<T>(rows: &[T], id: impl Fn(&T) -> Id, file: &str, column: &str) -> Result<IdMap<()>> {
    let mut lines: IdMap<usize> = IdMap::default();
    for (i, row) in rows.iter().enumerate() {
        let line = super::table::line_of(i);
        if let Some(first_line) = lines.get(id(row)) {
            return Err(Error::DuplicateId {
                file: file.to_string(),
                line,
                column: column.to_string(),
                value: id(row).to_string(),
                first_line,
            });
        }
        lines.insert(id(row), line);
    }
    Ok(rows.iter().map(|r| (id(r), ())).collect())
}

/// Reads an id column and checks it names a row of `target`.
fn fk(col: &Col, row: usize, set: &IdMap<()>, target: &'static str) -> Result<Id> {
    let id = col.u32(row)?;
    if set.get(id).is_some() {
        Ok(id)
    } else {
        Err(col.dangling(row, id, target))
    }
}
