//! A CSV file read by polars with every column as text, so each cell can be
//! parsed with an error that names file, line, column and value; or a polars
//! `DataFrame` handed in by a caller (a FastF1 frame from Python), whose typed
//! columns go through the same cell readers and the same errors.

use crate::error::{Error, Result};
use crate::timing;
use chrono::{NaiveDate, NaiveTime};
use polars::prelude::*;
use polars_arrow::array::{Array, BooleanArray, PrimitiveArray, Utf8ViewArray};
use std::path::Path;
use std::time::Duration;

pub(crate) struct Table {
    pub file: String,
    /// What errors call data row 0: line 2 of a CSV file (the header is
    /// line 1), row position 0 of a frame (`df.iloc[0]`).
    first_line: usize,
    df: DataFrame,
}

/// One column; `None` cells are the dump's `\N` (or empty).
pub(crate) struct Col<'a> {
    file: &'a str,
    first_line: usize,
    name: &'a str,
    cells: Cells<'a>,
}

/// A column as read: text, or numbers polars parsed (the typed fast path of
/// a CSV file; any typed column of a frame). Cells are read in place from
/// the frame's single chunk (no copy per column).
enum Cells<'a> {
    Str(&'a Utf8ViewArray),
    Int(&'a PrimitiveArray<i64>),
    Float(&'a PrimitiveArray<f64>),
    Bool(&'a BooleanArray),
    /// A duration column's values and the nanoseconds of its unit.
    Duration(Int64Chunked, i64),
    /// Every cell missing (an all-null column, or an absent optional one).
    Missing,
}

/// One cell of any column.
#[derive(Clone, Copy)]
enum Cell<'a> {
    Missing,
    Text(&'a str),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// Value and the nanoseconds of its unit.
    Duration(i64, i64),
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
        Ok(Table::single_chunk(name, line_of(0), df))
    }

    /// Cells are read by row from one chunk per column.
    fn single_chunk(file: &str, first_line: usize, mut df: DataFrame) -> Table {
        df.rechunk_mut();
        Table {
            file: file.to_string(),
            first_line,
            df,
        }
    }

    /// A caller's frame, named `source` in errors, which give row positions.
    /// The `text` columns are cast to text (a categorical, or track status
    /// codes held as numbers); other columns keep their type: integers,
    /// floats, booleans, durations (any unit) and all-null columns are read
    /// as such, anything else (categoricals) as text.
    pub fn from_frame(df: &DataFrame, source: &str, text: &[&str]) -> Result<Table> {
        let mut out = df.clone();
        for column in df.columns() {
            let name = column.name().as_str();
            let target = match column.dtype() {
                DataType::String => None,
                _ if text.contains(&name) => Some(DataType::String),
                DataType::Int64
                | DataType::Float64
                | DataType::Boolean
                | DataType::Duration(_)
                | DataType::Null => None,
                DataType::Int8
                | DataType::Int16
                | DataType::Int32
                | DataType::UInt8
                | DataType::UInt16
                | DataType::UInt32
                | DataType::UInt64 => Some(DataType::Int64),
                DataType::Float32 => Some(DataType::Float64),
                _ => Some(DataType::String),
            };
            if let Some(dtype) = target {
                let cast = column.cast(&dtype).map_err(|e| Error::Csv {
                    file: source.to_string(),
                    message: format!("column `{name}` of type {}: {e}", column.dtype()),
                })?;
                out.with_column(cast).map_err(|e| Error::Csv {
                    file: source.to_string(),
                    message: e.to_string(),
                })?;
            }
        }
        Ok(Table::single_chunk(source, 0, out))
    }

    /// What errors call data row `row` (see `first_line`).
    pub fn line(&self, row: usize) -> usize {
        row + self.first_line
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
        let unsupported = |e: PolarsError| Error::Csv {
            file: self.file.clone(),
            message: format!("column `{name}` of type {}: {e}", column.dtype()),
        };
        // The frame is rechunked on creation: one array per column (none
        // when empty).
        let one_chunk = |n: usize| match n {
            1 => Ok(true),
            0 if self.height() == 0 => Ok(false),
            n => Err(Error::Csv {
                file: self.file.clone(),
                message: format!("column `{name}` in {n} chunks"),
            }),
        };
        macro_rules! array {
            ($ca:expr, $variant:ident) => {{
                let ca = $ca.map_err(unsupported)?;
                if one_chunk(ca.chunks().len())? {
                    Cells::$variant(ca.downcast_as_array())
                } else {
                    Cells::Missing
                }
            }};
        }
        let cells = match column.dtype() {
            DataType::Int64 => array!(column.i64(), Int),
            DataType::Float64 => array!(column.f64(), Float),
            DataType::Boolean => array!(column.bool(), Bool),
            DataType::Duration(unit) => {
                let ns = match unit {
                    TimeUnit::Nanoseconds => 1,
                    TimeUnit::Microseconds => 1_000,
                    TimeUnit::Milliseconds => 1_000_000,
                };
                let raw = column.to_physical_repr();
                Cells::Duration(raw.i64().map_err(unsupported)?.clone(), ns)
            }
            DataType::Null => Cells::Missing,
            _ => array!(column.str(), Str),
        };
        Ok(Col {
            file: &self.file,
            first_line: self.first_line,
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
            first_line: self.first_line,
            name,
            cells: Cells::Missing,
        })
    }

    /// Whether the file has a column (for optional ones).
    pub fn has(&self, name: &str) -> bool {
        self.df.column(name).is_ok()
    }
}

/// Cell `row` of an array, `None` when null.
#[inline]
fn cell<'a, A: Array, T>(a: &'a A, row: usize, value: impl FnOnce(&'a A, usize) -> T) -> Option<T> {
    a.is_valid(row).then(|| value(a, row))
}

/// Line in the file of data row `row` (the header is line 1).
pub(crate) fn line_of(row: usize) -> usize {
    row + 2
}

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
