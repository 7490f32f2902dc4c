//! A column's cell readers: each parse failure names file, line, column and
//! value; typed (numeric) cells are read in place.

use super::{Cell, Cells, Col, cell};
use crate::error::{Error, Result};
use crate::timing;
use chrono::{NaiveDate, NaiveTime};
use polars_arrow::array::{BooleanArray, PrimitiveArray, Utf8ViewArray};
use std::time::Duration;

impl<'a> Col<'a> {
    pub fn bad(&self, row: usize, value: &str, expected: &'static str) -> Error {
        Error::Parse {
            file: self.file.to_string(),
            line: row + self.first_line,
            column: self.name.to_string(),
            value: value.to_string(),
            expected,
        }
    }

    pub fn dangling(&self, row: usize, value: impl ToString, target: &'static str) -> Error {
        Error::DanglingId {
            file: self.file.to_string(),
            line: row + self.first_line,
            column: self.name.to_string(),
            value: value.to_string(),
            target,
        }
    }

    /// The cell, with empty text treated as missing.
    pub fn opt_str(&self, row: usize) -> Option<&'a str> {
        match &self.cells {
            Cells::Str(c) => cell(*c, row, Utf8ViewArray::value)
                .map(trim)
                .filter(|s| !s.is_empty()),
            Cells::Missing => None,
            // Typed columns are only read as numbers.
            _ => unreachable!("column `{}` read as text and number", self.name),
        }
    }

    /// A typed cell: `Ok(None)` missing, `Err` not a number of that kind.
    fn int(&self, row: usize) -> Option<Option<i64>> {
        match &self.cells {
            Cells::Int(v) => Some(cell(*v, row, PrimitiveArray::value)),
            _ => None,
        }
    }

    fn float(&self, row: usize) -> Option<Option<f64>> {
        match &self.cells {
            Cells::Float(v) => Some(cell(*v, row, PrimitiveArray::value)),
            _ => None,
        }
    }

    /// The error of the typed fast path: the caller rereads the file as
    /// text, which names the problem exactly.
    fn typed_bad(&self, row: usize) -> Error {
        self.bad(row, &self.cell_text(row), "a value of the column's type")
    }

    /// A typed cell as text, for an error message.
    fn cell_text(&self, row: usize) -> String {
        let text = match &self.cells {
            Cells::Str(_) => self.opt_str(row).map(str::to_string),
            Cells::Missing => None,
            Cells::Int(c) => cell(*c, row, PrimitiveArray::value).map(|v| v.to_string()),
            Cells::Float(c) => cell(*c, row, PrimitiveArray::value).map(|v| v.to_string()),
            Cells::Bool(c) => (cell(*c, row, BooleanArray::value))
                .map(|v| if v { "True" } else { "False" }.to_string()),
            Cells::Duration(c, ns) => {
                (c.get(row)).map(|v| format!("{} s", v as f64 * *ns as f64 / 1e9))
            }
        };
        text.unwrap_or_default()
    }

    /// The cell, typed or text; empty text and NaN (pandas' missing float)
    /// are missing.
    fn cell(&self, row: usize) -> Cell<'a> {
        let cell = match &self.cells {
            Cells::Str(_) => self.opt_str(row).map(Cell::Text),
            Cells::Missing => None,
            Cells::Int(c) => cell(*c, row, PrimitiveArray::value).map(Cell::Int),
            Cells::Float(c) => (cell(*c, row, PrimitiveArray::value))
                .filter(|v| !v.is_nan())
                .map(Cell::Float),
            Cells::Bool(c) => cell(*c, row, BooleanArray::value).map(Cell::Bool),
            Cells::Duration(c, ns) => c.get(row).map(|v| Cell::Duration(v, *ns)),
        };
        cell.unwrap_or(Cell::Missing)
    }

    fn typed_u32(&self, row: usize, n: Option<i64>) -> Result<Option<u32>> {
        n.map(|v| u32::try_from(v).map_err(|_| self.typed_bad(row)))
            .transpose()
    }

    pub fn str(&self, row: usize) -> Result<&'a str> {
        self.opt_str(row)
            .ok_or_else(|| self.bad(row, "\\N", "a value"))
    }

    /// Text that may legitimately be empty (urls, causes): `\N` reads as "".
    pub fn text(&self, row: usize) -> String {
        self.opt_str(row).unwrap_or_default().to_string()
    }

    fn parse_opt<T>(
        &self,
        row: usize,
        expected: &'static str,
        f: impl FnOnce(&str) -> Option<T>,
    ) -> Result<Option<T>> {
        match self.opt_str(row) {
            None => Ok(None),
            Some(s) => f(s).map(Some).ok_or_else(|| self.bad(row, s, expected)),
        }
    }

    fn parse<T>(
        &self,
        row: usize,
        expected: &'static str,
        f: impl FnOnce(&str) -> Option<T>,
    ) -> Result<T> {
        self.parse_opt(row, expected, f)?
            .ok_or_else(|| self.bad(row, "\\N", expected))
    }

    pub fn u32(&self, row: usize) -> Result<u32> {
        if let Some(n) = self.int(row) {
            return self.typed_u32(row, n)?.ok_or_else(|| self.typed_bad(row));
        }
        self.parse(row, "a whole number", |s| s.parse().ok())
    }

    pub fn opt_u32(&self, row: usize) -> Result<Option<u32>> {
        if let Some(n) = self.int(row) {
            return self.typed_u32(row, n);
        }
        self.parse_opt(row, "a whole number", |s| s.parse().ok())
    }

    /// A lap count written as a float (`39.0`).
    pub fn opt_u32_from_float(&self, row: usize) -> Result<Option<u32>> {
        let whole =
            |v: f64| (v >= 0.0 && v.fract() == 0.0 && v <= u32::MAX as f64).then_some(v as u32);
        let value = match self.cell(row) {
            Cell::Missing => return Ok(None),
            Cell::Text(s) => s.parse().ok().and_then(whole),
            Cell::Float(v) => whole(v),
            Cell::Int(v) => u32::try_from(v).ok(),
            Cell::Bool(_) | Cell::Duration(..) => None,
        };
        value
            .map(Some)
            .ok_or_else(|| self.bad(row, &self.cell_text(row), "a whole number"))
    }

    /// A whole number written as a float (`39.0`) that must be there.
    pub fn u32_from_float(&self, row: usize) -> Result<u32> {
        self.opt_u32_from_float(row)?
            .ok_or_else(|| self.bad(row, "", "a whole number"))
    }

    /// pandas' `True`/`False` (any case; also `1`/`0`).
    pub fn opt_bool(&self, row: usize) -> Result<Option<bool>> {
        let value = match self.cell(row) {
            Cell::Missing => return Ok(None),
            Cell::Bool(b) => Some(b),
            Cell::Text(s) => match s.to_ascii_lowercase().as_str() {
                "true" | "1" | "1.0" => Some(true),
                "false" | "0" | "0.0" => Some(false),
                _ => None,
            },
            Cell::Int(v) => (v == 0 || v == 1).then_some(v == 1),
            Cell::Float(v) => (v == 0.0 || v == 1.0).then_some(v == 1.0),
            Cell::Duration(..) => None,
        };
        value
            .map(Some)
            .ok_or_else(|| self.bad(row, &self.cell_text(row), "True or False"))
    }

    /// A duration as pandas writes a `timedelta64` (`0 days 00:01:37.284000`)
    /// or as plain seconds (`97.284`), decided per cell.
    pub fn opt_timedelta(&self, row: usize) -> Result<Option<Duration>> {
        self.opt_timedelta_where(
            row,
            "a duration (0 days 00:01:37.284000 or seconds)",
            |_| true,
        )
    }

    /// [`Col::opt_timedelta`] with a range check; a value outside it is a
    /// parse error naming `expected`.
    pub fn opt_timedelta_where(
        &self,
        row: usize,
        expected: &'static str,
        ok: impl FnOnce(Duration) -> bool,
    ) -> Result<Option<Duration>> {
        // A plain number is seconds, as in a CSV cell; negative is an error.
        let value = match self.cell(row) {
            Cell::Missing => return Ok(None),
            Cell::Text(s) => timing::parse_pandas_or_secs(s),
            Cell::Duration(v, ns) => u64::try_from(v)
                .ok()
                .map(|v| Duration::from_nanos(v.saturating_mul(ns as u64))),
            Cell::Float(v) => timing::secs_duration(v),
            Cell::Int(v) => u64::try_from(v).ok().map(Duration::from_secs),
            Cell::Bool(_) => None,
        };
        value
            .filter(|d| ok(*d))
            .map(Some)
            .ok_or_else(|| self.bad(row, &self.cell_text(row), expected))
    }
    pub fn i32_opt(&self, row: usize) -> Result<Option<i32>> {
        self.parse_opt(row, "a whole number", |s| s.parse().ok())
    }

    pub fn f64(&self, row: usize) -> Result<f64> {
        self.opt_f64(row)?
            .ok_or_else(|| self.bad(row, "\\N", "a number"))
    }

    pub fn opt_f64(&self, row: usize) -> Result<Option<f64>> {
        if let Some(x) = self.float(row) {
            return match x {
                Some(v) if !v.is_finite() => Err(self.typed_bad(row)),
                x => Ok(x),
            };
        }
        self.parse_opt(row, "a number", parse_finite)
    }

    pub fn date(&self, row: usize) -> Result<NaiveDate> {
        self.parse(row, "a date (YYYY-MM-DD)", parse_date)
    }

    pub fn opt_date(&self, row: usize) -> Result<Option<NaiveDate>> {
        self.parse_opt(row, "a date (YYYY-MM-DD)", parse_date)
    }

    pub fn opt_time_of_day(&self, row: usize) -> Result<Option<NaiveTime>> {
        self.parse_opt(row, "a time of day (HH:MM:SS)", |s| {
            NaiveTime::parse_from_str(s, "%H:%M:%S").ok()
        })
    }

    pub fn opt_duration(&self, row: usize) -> Result<Option<Duration>> {
        self.parse_opt(row, "a duration (1:27.452)", timing::parse_duration)
    }

    pub fn opt_millis(&self, row: usize) -> Result<Option<Duration>> {
        if let Some(n) = self.int(row) {
            return n
                .map(|v| {
                    u64::try_from(v)
                        .map(Duration::from_millis)
                        .map_err(|_| self.typed_bad(row))
                })
                .transpose();
        }
        self.parse_opt(row, "milliseconds", |s| {
            s.parse().ok().map(Duration::from_millis)
        })
    }
}

/// `str::trim`, without its Unicode scan for the usual untrimmed ASCII cell.
fn trim(s: &str) -> &str {
    let plain = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_graphic());
    if plain(s.as_bytes().first()) && plain(s.as_bytes().last()) {
        s
    } else {
        s.trim()
    }
}

fn parse_finite(s: &str) -> Option<f64> {
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}
