//! Row converters of the Ergast tables: reference tables (seasons,
//! circuits, drivers, constructors, statuses) and the race weekends'
//! (races, results, qualifying, pit stops, official standings), with every
//! foreign key checked.

use super::{Ids, fk};
use crate::data::table::Table;
use crate::dataset::OfficialStanding;
use crate::domain::*;
use crate::error::Result;
use crate::timing;

pub(super) fn seasons(t: &Table) -> Result<Vec<Season>> {
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

pub(super) fn circuits(t: &Table) -> Result<Vec<Circuit>> {
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

pub(super) fn drivers(t: &Table) -> Result<Vec<Driver>> {
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

pub(super) fn constructors(t: &Table) -> Result<Vec<Constructor>> {
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

pub(super) fn statuses(t: &Table) -> Result<Vec<ResultStatus>> {
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

pub(super) fn races(t: &Table, ids: &Ids) -> Result<Vec<Race>> {
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

pub(super) fn results(t: &Table, ids: &Ids) -> Result<Vec<RaceResult>> {
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

pub(super) fn qualifying(t: &Table, ids: &Ids) -> Result<Vec<QualifyingResult>> {
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

pub(super) fn pit_stops(t: &Table, ids: &Ids) -> Result<Vec<PitStop>> {
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

pub(super) fn standings(
    t: &Table,
    ids: &Ids,
    entity: &'static str,
) -> Result<Vec<OfficialStanding>> {
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
