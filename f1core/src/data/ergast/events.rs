//! Extras beyond the Ergast schema: safety cars, red flags and virtual
//! safety car estimates, keyed to races by their "year name" labels.

use crate::data::table::{Col, Table};
use crate::domain::*;
use crate::error::{Error, Result};
use std::collections::HashMap;
use std::path::Path;

/// Races are named `"<year> <name>"` in the extras; a few use another name
/// of the same Grand Prix than `races.csv` does.
pub(super) fn race_by_label(label: &str, names: &HashMap<(u16, String), Id>) -> Option<Id> {
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

pub(super) fn race_col(col: &Col, i: usize, names: &HashMap<(u16, String), Id>) -> Result<Id> {
    let label = col.str(i)?;
    race_by_label(label, names)
        .ok_or_else(|| col.dangling(i, label, "races.csv (by year and name)"))
}

pub(super) fn safety_cars(t: &Table, names: &HashMap<(u16, String), Id>) -> Result<Vec<SafetyCar>> {
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

pub(super) fn red_flags(t: &Table, names: &HashMap<(u16, String), Id>) -> Result<Vec<RedFlag>> {
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

pub(super) fn vsc(dir: &Path, names: &HashMap<(u16, String), Id>) -> Result<Vec<VscLaps>> {
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
