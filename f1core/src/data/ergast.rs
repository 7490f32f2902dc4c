//! Loads the Ergast-schema CSV dump into a `Dataset`.

use super::table::{Col, Table};
use crate::dataset::{Dataset, OfficialStanding, Tables};
use crate::domain::*;
use crate::error::{Error, Result};
use crate::timing;
use std::collections::{HashMap, HashSet};
use std::path::Path;

const NULL: &str = "\\N";

/// Loads every table of the dump in `dir` (the folder holding `races.csv`).
/// Extras beyond the Ergast schema (`safety_cars.csv`, `red_flags.csv`,
/// `virtual_safety_car_estimates.json`) are read when present.
pub fn load_ergast(dir: &Path) -> Result<Dataset> {
    let read = |name: &str| Table::read(dir, name, NULL);
    let seasons = seasons(&read("seasons.csv")?)?;
    let circuits = circuits(&read("circuits.csv")?)?;
    let drivers = drivers(&read("drivers.csv")?)?;
    let constructors = constructors(&read("constructors.csv")?)?;
    let statuses = statuses(&read("status.csv")?)?;

    let ids = Ids {
        circuit: circuits.iter().map(|c| c.id).collect(),
        driver: drivers.iter().map(|d| d.id).collect(),
        constructor: constructors.iter().map(|c| c.id).collect(),
        status: statuses.iter().map(|s| (s.id, s.class)).collect(),
        race: HashSet::new(),
    };
    let races = races(&read("races.csv")?, &ids)?;
    let ids = Ids {
        race: races.iter().map(|r| r.id).collect(),
        ..ids
    };
    let race_names: HashMap<(u16, String), Id> = races
        .iter()
        .map(|r| ((r.year, r.name.clone()), r.id))
        .collect();

    let optional = |name: &str| -> Result<Option<Table>> {
        if dir.join(name).is_file() {
            read(name).map(Some)
        } else {
            Ok(None)
        }
    };
    let tables = Tables {
        results: results(&read("results.csv")?, &ids)?,
        sprint_results: results(&read("sprint_results.csv")?, &ids)?,
        qualifying: qualifying(&read("qualifying.csv")?, &ids)?,
        pit_stops: pit_stops(&read("pit_stops.csv")?, &ids)?,
        driver_standings: standings(&read("driver_standings.csv")?, &ids, "driverId")?,
        constructor_standings: standings(
            &read("constructor_standings.csv")?,
            &ids,
            "constructorId",
        )?,
        safety_cars: match optional("safety_cars.csv")? {
            Some(t) => safety_cars(&t, &race_names)?,
            None => Vec::new(),
        },
        red_flags: match optional("red_flags.csv")? {
            Some(t) => red_flags(&t, &race_names)?,
            None => Vec::new(),
        },
        vsc: vsc(dir, &race_names)?,
        seasons,
        circuits,
        drivers,
        constructors,
        statuses,
        races,
    };
    Ok(Dataset::from_tables(tables))
}

struct Ids {
    circuit: HashSet<Id>,
    driver: HashSet<Id>,
    constructor: HashSet<Id>,
    status: HashMap<Id, StatusClass>,
    race: HashSet<Id>,
}

/// Reads an id column and checks it names a row of `target`.
fn fk(col: &Col, row: usize, set: &HashSet<Id>, target: &'static str) -> Result<Id> {
    let id = col.u32(row)?;
    if set.contains(&id) {
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
            let class = *ids
                .status
                .get(&status_id)
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
