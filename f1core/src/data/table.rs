//! A CSV file read by polars with every column as text, so each cell can be
//! parsed with an error that names file, line, column and value.

use crate::error::{Error, Result};
use crate::timing;
use chrono::{NaiveDate, NaiveTime};
use polars::prelude::*;
use std::path::Path;
use std::time::Duration;

pub(crate) struct Table {
    pub file: String,
    df: DataFrame,
}

/// One column; `None` cells are the dump's `\N` (or empty).
pub(crate) struct Col<'a> {
    file: &'a str,
    name: &'a str,
    cells: Cells<'a>,
}

/// A column as read: text, or (typed fast path) numbers polars parsed.
enum Cells<'a> {
    Str(Vec<Option<&'a str>>),
    Int(Vec<Option<i64>>),
    Float(Vec<Option<f64>>),
}

/// The numeric columns of a typed read.
pub(crate) enum Num {
    Int,
    Float,
}

impl Table {
    /// Reads `dir/name`; `null` marks the text used for missing values.
    pub fn read(dir: &Path, name: &str, null: &str) -> Result<Table> {
        Table::read_with(dir, name, null, None)
    }

    /// Reads `dir/name` with the `typed` columns parsed by polars (fast
    /// path). Parsing differs from ours at the edges, so a caller must redo
    /// the file with [`Table::read`] on any error to report it exactly.
    pub fn read_typed(dir: &Path, name: &str, null: &str, typed: &[(&str, Num)]) -> Result<Table> {
        let schema: Schema = typed
            .iter()
            .map(|(n, t)| {
                let dt = match t {
                    Num::Int => DataType::Int64,
                    Num::Float => DataType::Float64,
                };
                Field::new((*n).into(), dt)
            })
            .collect();
        Table::read_with(dir, name, null, Some(Arc::new(schema)))
    }

    /// Reads one file at any path, empty cells missing; errors name the
    /// file by its file name.
    pub fn read_path(path: &Path) -> Result<Table> {
        let (Some(dir), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str()))
        else {
            return Err(Error::MissingFile {
                path: path.to_path_buf(),
                hint: String::new(),
            });
        };
        Table::read_with(dir, name, "", None)
    }

    fn read_with(dir: &Path, name: &str, null: &str, typed: Option<SchemaRef>) -> Result<Table> {
        let path = dir.join(name);
        if !path.is_file() {
            return Err(Error::MissingFile {
                path,
                hint: String::new(),
            });
        }
        let csv_err = |e: PolarsError| Error::Csv {
            file: name.to_string(),
            message: e.to_string(),
        };
        let df = CsvReadOptions::default()
            .with_has_header(true)
            .with_infer_schema_length(Some(0)) // every column as String
            .with_schema_overwrite(typed)
            .map_parse_options(|p| {
                p.with_null_values(Some(NullValues::AllColumnsSingle(null.into())))
                    .with_truncate_ragged_lines(true)
            })
            .try_into_reader_with_file_path(Some(path.clone()))
            .map_err(csv_err)?
            .finish()
            .map_err(csv_err)?;
        Ok(Table {
            file: name.to_string(),
            df,
        })
    }

    pub fn height(&self) -> usize {
        self.df.height()
    }

    pub fn col<'a>(&'a self, name: &'a str) -> Result<Col<'a>> {
        let missing = || Error::MissingColumn {
            file: self.file.clone(),
            column: name.to_string(),
        };
        let column = self.df.column(name).map_err(|_| missing())?;
        let cells = match column.dtype() {
            DataType::Int64 => Cells::Int(column.i64().map_err(|_| missing())?.iter().collect()),
            DataType::Float64 => {
                Cells::Float(column.f64().map_err(|_| missing())?.iter().collect())
            }
            _ => Cells::Str(column.str().map_err(|_| missing())?.iter().collect()),
        };
        Ok(Col {
            file: &self.file,
            name,
            cells,
        })
    }

    /// A column some versions of a file lack (sprint results have no
    /// `fastestLapSpeed`): reads as all missing when absent.
    pub fn col_or_missing<'a>(&'a self, name: &'a str) -> Result<Col<'a>> {
        if self.has(name) {
            return self.col(name);
        }
        Ok(Col {
            file: &self.file,
            name,
            cells: Cells::Str(vec![None; self.height()]),
        })
    }

    /// Whether the file has a column (for optional ones).
    pub fn has(&self, name: &str) -> bool {
        self.df.column(name).is_ok()
    }
}

/// Line in the file of data row `row` (the header is line 1).
pub(crate) fn line_of(row: usize) -> usize {
    row + 2
}

impl<'a> Col<'a> {
    pub fn bad(&self, row: usize, value: &str, expected: &'static str) -> Error {
        Error::Parse {
            file: self.file.to_string(),
            line: line_of(row),
            column: self.name.to_string(),
            value: value.to_string(),
            expected,
        }
    }

    pub fn dangling(&self, row: usize, value: impl ToString, target: &'static str) -> Error {
        Error::DanglingId {
            file: self.file.to_string(),
            line: line_of(row),
            column: self.name.to_string(),
            value: value.to_string(),
            target,
        }
    }

    /// The cell, with empty text treated as missing.
    pub fn opt_str(&self, row: usize) -> Option<&'a str> {
        match &self.cells {
            Cells::Str(c) => c[row].map(trim).filter(|s| !s.is_empty()),
            // Typed columns are only read as numbers.
            _ => unreachable!("column `{}` read as text and number", self.name),
        }
    }

    /// A typed cell: `Ok(None)` missing, `Err` not a number of that kind.
    fn int(&self, row: usize) -> Option<Option<i64>> {
        match &self.cells {
            Cells::Int(v) => Some(v[row]),
            _ => None,
        }
    }

    fn float(&self, row: usize) -> Option<Option<f64>> {
        match &self.cells {
            Cells::Float(v) => Some(v[row]),
            _ => None,
        }
    }

    /// The error of the typed fast path: the caller rereads the file as
    /// text, which names the problem exactly.
    fn typed_bad(&self, row: usize) -> Error {
        self.bad(row, "", "a value of the column's type")
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
        self.parse_opt(row, "a whole number", |s| {
            let v: f64 = s.parse().ok()?;
            (v >= 0.0 && v.fract() == 0.0 && v <= u32::MAX as f64).then_some(v as u32)
        })
    }

    /// A whole number written as a float (`39.0`) that must be there.
    pub fn u32_from_float(&self, row: usize) -> Result<u32> {
        self.opt_u32_from_float(row)?
            .ok_or_else(|| self.bad(row, "", "a whole number"))
    }

    /// pandas' `True`/`False` (any case; also `1`/`0`).
    pub fn opt_bool(&self, row: usize) -> Result<Option<bool>> {
        self.parse_opt(row, "True or False", |s| {
            match s.to_ascii_lowercase().as_str() {
                "true" | "1" | "1.0" => Some(true),
                "false" | "0" | "0.0" => Some(false),
                _ => None,
            }
        })
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
        self.parse_opt(row, expected, |s| {
            timing::parse_pandas_or_secs(s).filter(|d| ok(*d))
        })
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
