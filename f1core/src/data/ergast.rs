//! Loads the Ergast-schema CSV dump into a `Dataset`.

use super::table::{Col, Num, Table};
use crate::dataset::{Dataset, OfficialStanding, Tables};
use crate::domain::*;
use crate::error::{Error, Result};
use crate::idmap::IdMap;
use crate::timing;
use std::collections::HashMap;
use std::path::Path;

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

fn seasons(t: &Table) -> Result<Vec<Season>> {
    let (year, url) = (t.col("year")?, t.col("url")?);
    (0..t.height())
        .map(|i| {
            let y = year.u32(i)?;
            let year_ok = u16::try_from(y).ok().filter(|y| (1900..3000).contains(y));
            Ok(Season {
                year: year_ok.ok_or_else(|| year.bad(i, &y.to_string(), "a year"))?,
                url: url.text(i),
            })
        })
        .collect()
}

fn circuits(t: &Table) -> Result<Vec<Circuit>> {
    let c = |n| t.col(n);
    let (id, r, name, loc, country) = (
        c("circuitId")?,
        c("circuitRef")?,
        c("name")?,
        c("location")?,
        c("country")?,
    );
    let (lat, lng, alt, url) = (c("lat")?, c("lng")?, c("alt")?, c("url")?);
    (0..t.height())
        .map(|i| {
            Ok(Circuit {
                id: id.u32(i)?,
                circuit_ref: r.str(i)?.to_string(),
                name: name.str(i)?.to_string(),
                location: loc.text(i),
                country: country.text(i),
                lat: lat.f64(i)?,
                lng: lng.f64(i)?,
                alt: alt.i32_opt(i)?,
                url: url.text(i),
            })
        })
        .collect()
}

fn drivers(t: &Table) -> Result<Vec<Driver>> {
    let c = |n| t.col(n);
    let (id, r, number, code, fore) = (
        c("driverId")?,
        c("driverRef")?,
        c("number")?,
        c("code")?,
        c("forename")?,
    );
    let (sur, dob, nat, url) = (c("surname")?, c("dob")?, c("nationality")?, c("url")?);
    (0..t.height())
        .map(|i| {
            Ok(Driver {
                id: id.u32(i)?,
                driver_ref: r.str(i)?.to_string(),
                number: number.opt_u32(i)?,
                code: code.opt_str(i).map(str::to_string),
                forename: fore.text(i),
                surname: sur.str(i)?.to_string(),
                dob: dob.opt_date(i)?,
                nationality: nat.text(i),
                url: url.text(i),
            })
        })
        .collect()
}

fn constructors(t: &Table) -> Result<Vec<Constructor>> {
    let c = |n| t.col(n);
    let (id, r, name, nat, url) = (
        c("constructorId")?,
        c("constructorRef")?,
        c("name")?,
        c("nationality")?,
        c("url")?,
    );
    (0..t.height())
        .map(|i| {
            Ok(Constructor {
                id: id.u32(i)?,
                constructor_ref: r.str(i)?.to_string(),
                name: name.str(i)?.to_string(),
                nationality: nat.text(i),
                url: url.text(i),
            })
        })
        .collect()
}

fn statuses(t: &Table) -> Result<Vec<ResultStatus>> {
    let (id, status) = (t.col("statusId")?, t.col("status")?);
    (0..t.height())
        .map(|i| {
            let s = status.str(i)?;
            Ok(ResultStatus {
                id: id.u32(i)?,
                status: s.to_string(),
                class: StatusClass::of(s),
            })
        })
        .collect()
}

fn races(t: &Table, ids: &Ids) -> Result<Vec<Race>> {
    let c = |n| t.col(n);
    let (id, year, round, circuit, name) = (
        c("raceId")?,
        c("year")?,
        c("round")?,
        c("circuitId")?,
        c("name")?,
    );
    let (date, time, url) = (c("date")?, c("time")?, c("url")?);
    // Session columns arrived with the 2021 schema; older dumps lack them.
    let kinds = [
        ("fp1", SessionKind::Fp1),
        ("fp2", SessionKind::Fp2),
        ("fp3", SessionKind::Fp3),
        ("quali", SessionKind::Qualifying),
        ("sprint", SessionKind::Sprint),
    ];
    let mut session_cols = Vec::new();
    for (prefix, kind) in kinds {
        let (d, tm) = (format!("{prefix}_date"), format!("{prefix}_time"));
        if t.has(&d) {
            session_cols.push((kind, d, tm));
        }
    }
    let session_cols: Vec<_> = session_cols
        .iter()
        .map(|(k, d, tm)| {
            Ok((
                *k,
                t.col(d)?,
                if t.has(tm) { Some(t.col(tm)?) } else { None },
            ))
        })
        .collect::<Result<_>>()?;
    (0..t.height())
        .map(|i| {
            let y = year.u32(i)?;
            let race_date = date.date(i)?;
            let race_time = time.opt_time_of_day(i)?;
            let mut sessions = Vec::new();
            for (kind, d, tm) in &session_cols {
                if let Some(sd) = d.opt_date(i)? {
                    let st = match tm {
                        Some(tm) => tm.opt_time_of_day(i)?,
                        None => None,
                    };
                    sessions.push(Session {
                        kind: *kind,
                        date: sd,
                        time: st,
                    });
                }
            }
            sessions.push(Session {
                kind: SessionKind::Race,
                date: race_date,
                time: race_time,
            });
            sessions.sort_by_key(|s| (s.date, s.time));
            Ok(Race {
                id: id.u32(i)?,
                year: u16::try_from(y).map_err(|_| year.bad(i, &y.to_string(), "a year"))?,
                round: round.u32(i)?,
                circuit_id: fk(&circuit, i, &ids.circuit, "circuits.csv")?,
                name: name.str(i)?.to_string(),
                date: race_date,
                time: race_time,
                url: url.text(i),
                sessions,
            })
        })
        .collect()
}

fn results(t: &Table, ids: &Ids) -> Result<Vec<RaceResult>> {
    let c = |n| t.col(n);
    let (id, race, driver, constructor, number) = (
        c("resultId")?,
        c("raceId")?,
        c("driverId")?,
        c("constructorId")?,
        c("number")?,
    );
    let (grid, pos, pos_text, pos_order, points) = (
        c("grid")?,
        c("position")?,
        c("positionText")?,
        c("positionOrder")?,
        c("points")?,
    );
    let (laps, time, ms, fl, rank) = (
        c("laps")?,
        c("time")?,
        c("milliseconds")?,
        c("fastestLap")?,
        c("rank")?,
    );
    let (fl_time, fl_speed, status) = (
        c("fastestLapTime")?,
        t.col_or_missing("fastestLapSpeed")?,
        c("statusId")?,
    );
    (0..t.height())
        .map(|i| {
            let status_id = status.u32(i)?;
            let class = ids
                .status
                .get(status_id)
                .ok_or_else(|| status.dangling(i, status_id, "status.csv"))?;
            let position = pos.opt_u32(i)?;
            // The winner's cell is the race time, everyone else's a gap.
            let (total, gap) = match time.opt_str(i) {
                None => (None, None),
                Some(s) if s.starts_with('+') => (
                    None,
                    Some(timing::parse_gap(s).ok_or_else(|| time.bad(i, s, "a gap (+5.478)"))?),
                ),
                Some(s) => {
                    timing::parse_duration(s)
                        .ok_or_else(|| time.bad(i, s, "a race time (1:34:50.616)"))?;
                    (None, None)
                }
            };
            Ok(RaceResult {
                id: id.u32(i)?,
                race_id: fk(&race, i, &ids.race, "races.csv")?,
                driver_id: fk(&driver, i, &ids.driver, "drivers.csv")?,
                constructor_id: fk(&constructor, i, &ids.constructor, "constructors.csv")?,
                number: number.opt_u32(i)?,
                grid: grid.opt_u32(i)?.unwrap_or(0),
                position,
                position_text: pos_text.str(i)?.to_string(),
                position_order: pos_order.u32(i)?,
                points: points.f64(i)?,
                laps: laps.opt_u32(i)?.unwrap_or(0),
                // `milliseconds` is exact where `time` is a gap.
                time: ms.opt_millis(i)?.or(total),
                gap,
                fastest_lap: fl.opt_u32(i)?,
                fastest_lap_rank: rank.opt_u32(i)?.filter(|&r| r > 0),
                fastest_lap_time: fl_time.opt_duration(i)?,
                fastest_lap_speed: fl_speed.opt_f64(i)?,
                status_id,
                status_class: class,
            })
        })
        .collect()
}

fn qualifying(t: &Table, ids: &Ids) -> Result<Vec<QualifyingResult>> {
    let c = |n| t.col(n);
    let (id, race, driver, constructor, number) = (
        c("qualifyId")?,
        c("raceId")?,
        c("driverId")?,
        c("constructorId")?,
        c("number")?,
    );
    let (pos, q1, q2, q3) = (c("position")?, c("q1")?, c("q2")?, c("q3")?);
    (0..t.height())
        .map(|i| {
            Ok(QualifyingResult {
                id: id.u32(i)?,
                race_id: fk(&race, i, &ids.race, "races.csv")?,
                driver_id: fk(&driver, i, &ids.driver, "drivers.csv")?,
                constructor_id: fk(&constructor, i, &ids.constructor, "constructors.csv")?,
                number: number.opt_u32(i)?,
                position: pos.u32(i)?,
                q1: q1.opt_duration(i)?,
                q2: q2.opt_duration(i)?,
                q3: q3.opt_duration(i)?,
            })
        })
        .collect()
}

fn pit_stops(t: &Table, ids: &Ids) -> Result<Vec<PitStop>> {
    let c = |n| t.col(n);
    let (race, driver, stop, lap, duration, ms) = (
        c("raceId")?,
        c("driverId")?,
        c("stop")?,
        c("lap")?,
        c("duration")?,
        c("milliseconds")?,
    );
    (0..t.height())
        .map(|i| {
            let d = ms.opt_millis(i)?;
            let d = if d.is_some() {
                d
            } else {
                duration.opt_duration(i)?
            };
            Ok(PitStop {
                race_id: fk(&race, i, &ids.race, "races.csv")?,
                driver_id: fk(&driver, i, &ids.driver, "drivers.csv")?,
                stop: stop.u32(i)?,
                lap: lap.u32(i)?,
                duration: d,
            })
        })
        .collect()
}

fn standings(t: &Table, ids: &Ids, entity: &'static str) -> Result<Vec<OfficialStanding>> {
    let c = |n| t.col(n);
    let (race, who, points, pos, pos_text, wins) = (
        c("raceId")?,
        c(entity)?,
        c("points")?,
        c("position")?,
        c("positionText")?,
        c("wins")?,
    );
    let (set, target) = if entity == "driverId" {
        (&ids.driver, "drivers.csv")
    } else {
        (&ids.constructor, "constructors.csv")
    };
    (0..t.height())
        .map(|i| {
            Ok(OfficialStanding {
                race_id: fk(&race, i, &ids.race, "races.csv")?,
                entity_id: fk(&who, i, set, target)?,
                points: points.f64(i)?,
                position: pos.opt_u32(i)?,
                position_text: pos_text.text(i),
                wins: wins.u32(i)?,
            })
        })
        .collect()
}

/// Races are named `"<year> <name>"` in the extras; a few use another name
/// of the same Grand Prix than `races.csv` does.
fn race_by_label(label: &str, names: &HashMap<(u16, String), Id>) -> Option<Id> {
    let (year, name) = label.trim().split_once(' ')?;
    let year: u16 = year.parse().ok()?;
    const ALIASES: [(&str, &str); 2] = [
        ("Brazilian Grand Prix", "São Paulo Grand Prix"),
        ("Mexican Grand Prix", "Mexico City Grand Prix"),
    ];
    let alias = ALIASES.iter().find_map(|&(a, b)| {
        if name == a {
            Some(b)
        } else if name == b {
            Some(a)
        } else {
            None
        }
    });
    std::iter::once(name)
        .chain(alias)
        .find_map(|n| names.get(&(year, n.to_string())).copied())
}

fn race_col(col: &Col, i: usize, names: &HashMap<(u16, String), Id>) -> Result<Id> {
    let label = col.str(i)?;
    race_by_label(label, names)
        .ok_or_else(|| col.dangling(i, label, "races.csv (by year and name)"))
}

fn safety_cars(t: &Table, names: &HashMap<(u16, String), Id>) -> Result<Vec<SafetyCar>> {
    let c = |n| t.col(n);
    let (race, cause, deployed, retreated, full) = (
        c("Race")?,
        c("Cause")?,
        c("Deployed")?,
        c("Retreated")?,
        c("FullLaps")?,
    );
    (0..t.height())
        .map(|i| {
            Ok(SafetyCar {
                race_id: race_col(&race, i, names)?,
                cause: cause.text(i),
                deployed_lap: deployed.u32(i)?,
                retreated_lap: retreated.opt_u32_from_float(i)?,
                full_laps: full.u32(i)?,
            })
        })
        .collect()
}

fn red_flags(t: &Table, names: &HashMap<(u16, String), Id>) -> Result<Vec<RedFlag>> {
    let c = |n| t.col(n);
    let (race, lap, resumed, incident) = (c("Race")?, c("Lap")?, c("Resumed")?, c("Incident")?);
    (0..t.height())
        .map(|i| {
            Ok(RedFlag {
                race_id: race_col(&race, i, names)?,
                lap: lap.u32(i)?,
                resumed: resumed.text(i),
                incident: incident.text(i),
            })
        })
        .collect()
}

fn vsc(dir: &Path, names: &HashMap<(u16, String), Id>) -> Result<Vec<VscLaps>> {
    const FILE: &str = "virtual_safety_car_estimates.json";
    let path = dir.join(FILE);
    if !path.is_file() {
        return Ok(Vec::new());
    }
    let text = std::fs::read_to_string(&path).map_err(|source| Error::Io {
        path: path.clone(),
        source,
    })?;
    let map: std::collections::BTreeMap<String, Vec<u32>> =
        serde_json::from_str(&text).map_err(|e| Error::Csv {
            file: FILE.into(),
            message: e.to_string(),
        })?;
    map.into_iter()
        .map(|(label, laps)| {
            let race_id = race_by_label(&label, names).ok_or_else(|| Error::DanglingId {
                file: FILE.into(),
                line: 0,
                column: "race name".into(),
                value: label.clone(),
                target: "races.csv (by year and name)",
            })?;
            Ok(VscLaps { race_id, laps })
        })
        .collect()
}
