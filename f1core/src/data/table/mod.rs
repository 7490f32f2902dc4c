//! A CSV file read by polars with every column as text, so each cell can be
//! parsed with an error that names file, line, column and value; or a polars
//! `DataFrame` handed in by a caller (a FastF1 frame from Python), whose typed
//! columns go through the same cell readers and the same errors.

use crate::error::{Error, Result};
use polars::prelude::*;
use polars_arrow::array::{Array, BooleanArray, PrimitiveArray, Utf8ViewArray};
use std::path::Path;

mod col;

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
