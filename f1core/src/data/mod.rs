//! Reading files into the domain model (polars; feature `data`).

mod ergast;
mod laps;
mod table;

pub use ergast::load_ergast;
pub use laps::{LAP_COLUMNS, MAX_LAP_TIME, laps_from_frame, read_laps};

use crate::dataset::Dataset;
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// Where to get the public dump when none is found.
pub const DATA_HINT: &str = "\n  f1core needs the Ergast-schema CSV dump (races.csv, results.csv, ...).\n  \
Get it from the Jolpica F1 database CSV export (the Ergast successor) or the CC0 Kaggle dataset\n  \
'Formula 1 World Championship (1950 - 2024)', unpack it into a folder, then pass\n  \
`--data DIR` or set F1CORE_DATA=DIR (DIR may hold the CSVs or an `ergast/` folder with them).";

/// Resolves the data directory: an explicit path, else `F1CORE_DATA`.
/// Returns the folder holding `races.csv` (`DIR` or `DIR/ergast`).
pub fn resolve_data_dir(explicit: Option<&Path>) -> Result<PathBuf> {
    let base = match explicit {
        Some(p) => p.to_path_buf(),
        None => match std::env::var_os("F1CORE_DATA") {
            Some(v) => PathBuf::from(v),
            None => {
                return Err(Error::NoDataDir {
                    hint: DATA_HINT.to_string(),
                });
            }
        },
    };
    for dir in [base.join("ergast"), base.clone()] {
        if dir.join("races.csv").is_file() {
            return Ok(dir);
        }
    }
    Err(Error::MissingFile {
        path: base.join("races.csv"),
        hint: DATA_HINT.to_string(),
    })
}

impl Dataset {
    /// Loads the dump from `dir` (the CSV folder, or a folder with `ergast/`).
    pub fn load(dir: impl AsRef<Path>) -> Result<Dataset> {
        Dataset::open(Some(dir.as_ref()))
    }

    /// Loads the dump from `dir`, or from `F1CORE_DATA` when `None` (what
    /// every binding's `load(path=None)` means).
    pub fn open(dir: Option<&Path>) -> Result<Dataset> {
        load_ergast(&resolve_data_dir(dir)?)
    }
}

/// File-name form of a race, as the lap tables are named:
/// `race_slug(2024, "Bahrain Grand Prix")` = `2024-bahrain-grand-prix`.
pub fn race_slug(year: u16, race_name: &str) -> String {
    let words: Vec<String> = race_name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    format!("{year}-{}", words.join("-"))
}

/// The lap table of `race` (a [`race_slug`]) under a data directory:
/// `DIR/laps/<race>.csv`, `DIR` being the data root or its `ergast/` folder.
pub fn laps_file(dir: &Path, race: &str) -> Result<PathBuf> {
    let mut tried = Vec::new();
    for base in [Some(dir), dir.parent()].into_iter().flatten() {
        let p = base.join("laps").join(format!("{race}.csv"));
        if p.is_file() {
            return Ok(p);
        }
        tried.push(p.display().to_string());
    }
    Err(Error::NotFound(format!(
        "no lap table for {race} (looked for {})",
        tried.join(", ")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_match_the_lap_table_names() {
        assert_eq!(
            race_slug(2024, "Bahrain Grand Prix"),
            "2024-bahrain-grand-prix"
        );
        assert_eq!(
            race_slug(2024, "São Paulo Grand Prix"),
            "2024-são-paulo-grand-prix"
        );
        assert_eq!(
            race_slug(2025, "Emilia Romagna  Grand Prix"),
            "2025-emilia-romagna-grand-prix"
        );
        let e = laps_file(Path::new("/nonexistent"), "2024-x").unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::NotFound);
    }
}
