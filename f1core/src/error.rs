//! The one error type of f1core. Every variant names what was wrong and where,
//! so a binding can show the message as is.

use std::path::PathBuf;

/// Result alias used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file the loader needs is not there.
    #[error("missing file {path}{hint}")]
    MissingFile { path: PathBuf, hint: String },

    /// No data directory was given or configured.
    #[error("no data directory given{hint}")]
    NoDataDir { hint: String },

    /// A file lacks a column the loader needs.
    #[error("{file}: missing column `{column}`")]
    MissingColumn { file: String, column: String },

    /// A cell could not be read as the type its column holds.
    #[error("{file}:{line}: column `{column}`: cannot read {value:?} as {expected}")]
    Parse {
        file: String,
        line: usize,
        column: String,
        value: String,
        expected: &'static str,
    },

    /// A row refers to an id that no row of the referenced table has.
    #[error("{file}:{line}: column `{column}`: {value} matches no row of {target}")]
    DanglingId {
        file: String,
        line: usize,
        column: String,
        value: String,
        target: &'static str,
    },

    /// Two rows of a table share an id that must be unique.
    #[error("{file}:{line}: column `{column}`: id {value} already used on line {first_line}")]
    DuplicateId {
        file: String,
        line: usize,
        column: String,
        value: String,
        first_line: usize,
    },

    /// A row breaks an order the file must keep (a driver's lap numbers
    /// must rise), naming the earlier row it conflicts with.
    #[error(
        "{file}:{line}: column `{column}`: {value} does not come after {previous} on line {previous_line}"
    )]
    OutOfOrder {
        file: String,
        line: usize,
        column: String,
        value: String,
        previous: String,
        previous_line: usize,
    },

    /// The CSV reader itself failed (bad quoting, unreadable file, ...).
    #[error("{file}: {message}")]
    Csv { file: String, message: String },

    /// A query named something the data does not hold.
    #[error("not found: {0}")]
    NotFound(String),

    /// A request or argument is out of range or inconsistent.
    #[error("invalid input: {0}")]
    InvalidInput(String),

    /// A JSON request or response could not be (de)serialised.
    #[error("invalid JSON: {0}")]
    Json(#[from] serde_json::Error),

    /// A tree-model file (XGBoost JSON, LightGBM text) or a tree ensemble is
    /// malformed: `location` names the tree, node or field.
    #[error("{format} model: {location}: {message}")]
    Model {
        format: &'static str,
        location: String,
        message: String,
    },

    /// A model uses something f1core does not implement (categorical splits,
    /// DART weights, linear trees, ...).
    #[error("{format} model: unsupported: {what}")]
    UnsupportedModel { format: &'static str, what: String },

    #[error("I/O error on {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// A stable, short name of the variant, for bindings that map kinds to
    /// exception classes (`ParseError`, `NotFoundError`, ...).
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::MissingFile { .. } | Error::NoDataDir { .. } | Error::Io { .. } => ErrorKind::Io,
            Error::MissingColumn { .. }
            | Error::Parse { .. }
            | Error::DanglingId { .. }
            | Error::DuplicateId { .. }
            | Error::OutOfOrder { .. }
            | Error::Csv { .. }
            | Error::Model { .. } => ErrorKind::Data,
            Error::NotFound(_) => ErrorKind::NotFound,
            Error::InvalidInput(_) | Error::Json(_) | Error::UnsupportedModel { .. } => {
                ErrorKind::InvalidInput
            }
        }
    }
}

/// Coarse error classes shared by every binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// A file is missing or unreadable.
    Io,
    /// A data file is malformed (missing column, bad value, dangling id).
    Data,
    /// A query named a season, round, driver ... that is not there.
    NotFound,
    /// A request is out of range or inconsistent.
    InvalidInput,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Io => "IoError",
            ErrorKind::Data => "DataError",
            ErrorKind::NotFound => "NotFoundError",
            ErrorKind::InvalidInput => "InvalidInputError",
        }
    }
}
