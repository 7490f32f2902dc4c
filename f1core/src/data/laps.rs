//! FastF1 lap tables (`session.laps` written by pandas, or the frame itself
//! handed in as a polars `DataFrame`) into typed [`Lap`]s. The format and the
//! error cases are described in `docs/laps.md`.

use super::table::{Col, Table};
use crate::domain::{Compound, Lap, TrackStatus};
use crate::error::{Error, Result};
use polars::prelude::DataFrame;
use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

/// Longest lap time accepted: anything above is a corrupt cell, not a lap
/// (FastF1 leaves a lap spanning a red flag without a time).
pub const MAX_LAP_TIME: Duration = Duration::from_secs(3600);

/// Every column the lap readers look at (the rest are ignored): a caller
/// converting a wide frame need only hand over these.
pub const LAP_COLUMNS: [&str; 16] = [
    "Driver",
    "LapNumber",
    "LapTime",
    "Compound",
    "TyreLife",
    "Stint",
    "PitInTime",
    "PitOutTime",
    "TrackStatus",
    "Time",
    "Sector1Time",
    "Sector2Time",
    "Sector3Time",
    "FreshTyre",
    "Team",
    "Position",
];

/// Columns read as text whatever their type in a frame (a categorical
/// compound, track status codes held as integers).
const TEXT_COLUMNS: [&str; 4] = ["Driver", "Compound", "TrackStatus", "Team"];

/// Reads a FastF1-shaped lap CSV. Rows keep the file's order; each driver's
/// lap numbers must rise down the file.
pub fn read_laps(path: &Path) -> Result<Vec<Lap>> {
    laps_from_table(&Table::read_path(path)?)
}

/// Reads a FastF1 `session.laps` frame as it is: duration columns (any unit,
/// null for NaT) or seconds or pandas text, lap counts as floats or
/// integers, compounds as text or categorical, booleans, track status as
/// text or integers. Same rules and errors as [`read_laps`]; errors name the
/// source `DataFrame` and the row position (0-based, `df.iloc[i]`) instead
/// of a file line.
pub fn laps_from_frame(df: &DataFrame) -> Result<Vec<Lap>> {
    laps_from_table(&Table::from_frame(df, "DataFrame", &TEXT_COLUMNS)?)
}

fn laps_from_table(t: &Table) -> Result<Vec<Lap>> {
    let driver = t.col("Driver")?;
    let lap_number = t.col("LapNumber")?;
    let lap_time = t.col("LapTime")?;
    let compound = t.col("Compound")?;
    let tyre_life = t.col("TyreLife")?;
    let stint = t.col("Stint")?;
    let pit_in = t.col("PitInTime")?;
    let pit_out = t.col("PitOutTime")?;
    let track_status = t.col("TrackStatus")?;
    let time = t.col_or_missing("Time")?;
    let sector1 = t.col_or_missing("Sector1Time")?;
    let sector2 = t.col_or_missing("Sector2Time")?;
    let sector3 = t.col_or_missing("Sector3Time")?;
    let fresh_tyre = t.col_or_missing("FreshTyre")?;
    let team = t.col_or_missing("Team")?;
    let position = t.col_or_missing("Position")?;

    // Driver -> (last lap number, its row), for the order check.
    let mut last: HashMap<&str, (u32, usize)> = HashMap::new();
    let mut laps = Vec::with_capacity(t.height());
    for row in 0..t.height() {
        let code = driver.str(row)?;
        let number = lap_number.u32_from_float(row)?;
        if number == 0 {
            let cell = lap_number.opt_str(row).unwrap_or("0");
            return Err(lap_number.bad(row, cell, "a lap number from 1"));
        }
        if let Some(&(prev, prev_row)) = last.get(code)
            && number <= prev
        {
            return Err(Error::OutOfOrder {
                file: t.file.clone(),
                line: t.line(row),
                column: "LapNumber".to_string(),
                value: format!("{code} lap {number}"),
                previous: format!("lap {prev}"),
                previous_line: t.line(prev_row),
            });
        }
        last.insert(code, (number, row));

        laps.push(Lap {
            driver: code.to_string(),
            team: team.opt_str(row).map(str::to_string),
            lap_number: number,
            lap_time: lap_time.opt_timedelta_where(
                row,
                "a lap time above 0 s and at most 1 h (0 days 00:01:37.284000 or seconds)",
                |d| !d.is_zero() && d <= MAX_LAP_TIME,
            )?,
            sector1: sector1.opt_timedelta(row)?,
            sector2: sector2.opt_timedelta(row)?,
            sector3: sector3.opt_timedelta(row)?,
            stint: stint.opt_u32_from_float(row)?,
            compound: read_compound(&compound, row)?,
            tyre_life: tyre_life.opt_u32_from_float(row)?,
            fresh_tyre: fresh_tyre.opt_bool(row)?,
            // Only presence matters; the value is still checked to be a time.
            pit_in: pit_in.opt_timedelta(row)?.is_some(),
            pit_out: pit_out.opt_timedelta(row)?.is_some(),
            track_status: match track_status.opt_str(row) {
                None => TrackStatus::default(),
                Some(s) => TrackStatus::parse(s).ok_or_else(|| {
                    track_status.bad(row, s, "FastF1 track status codes (digits 1 2 4 5 6 7)")
                })?,
            },
            position: position.opt_u32_from_float(row)?,
            time: time.opt_timedelta(row)?,
        });
    }
    Ok(laps)
}

/// Empty, `UNKNOWN` and `TEST_UNKNOWN` (FastF1's "not known") read as `None`;
/// any other unknown name is an error.
fn read_compound(col: &Col, row: usize) -> Result<Option<Compound>> {
    let Some(s) = col.opt_str(row) else {
        return Ok(None);
    };
    if s.eq_ignore_ascii_case("UNKNOWN") || s.eq_ignore_ascii_case("TEST_UNKNOWN") {
        return Ok(None);
    }
    Compound::parse(s)
        .map(Some)
        .ok_or_else(|| col.bad(row, s, "a compound (SOFT MEDIUM HARD INTERMEDIATE WET)"))
}
