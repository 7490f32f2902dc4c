//! The plain output of the feature builder: what models train and predict on.

use super::{FeatureGroup, FeatureInfo};
use crate::domain::Id;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// Who a row of a feature matrix is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowKey {
    /// `None` for a driver the dump does not know (a rookie's first race).
    pub driver_id: Option<Id>,
    pub driver_ref: String,
    /// `None` for a constructor the dump does not know.
    pub constructor_id: Option<Id>,
    pub constructor_ref: String,
}

/// One race's features: a row per car, a column per feature; row-major
/// `values`, NaN where a value is missing (a rookie has no last-5 form).
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureMatrix {
    pub columns: Vec<FeatureInfo>,
    pub rows: Vec<RowKey>,
    pub values: Vec<f64>,
}

impl FeatureMatrix {
    pub fn n_rows(&self) -> usize {
        self.rows.len()
    }

    pub fn n_cols(&self) -> usize {
        self.columns.len()
    }

    pub fn row(&self, i: usize) -> &[f64] {
        let d = self.n_cols();
        &self.values[i * d..(i + 1) * d]
    }

    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    /// A column by name, one value per row.
    pub fn column(&self, name: &str) -> Result<Vec<f64>> {
        let j = self
            .column_index(name)
            .ok_or_else(|| Error::NotFound(format!("feature `{name}`")))?;
        Ok((0..self.n_rows()).map(|i| self.row(i)[j]).collect())
    }

    /// Appends a user column (weather, practice pace, ...): one value per
    /// row, NaN where unknown. The name must be new.
    pub fn add_column(&mut self, name: &str, description: &str, values: &[f64]) -> Result<()> {
        if self.column_index(name).is_some() {
            return Err(Error::InvalidInput(format!(
                "feature `{name}` already present"
            )));
        }
        if values.len() != self.n_rows() {
            return Err(Error::InvalidInput(format!(
                "feature `{name}`: {} values for {} rows",
                values.len(),
                self.n_rows()
            )));
        }
        let d = self.n_cols();
        let mut v = Vec::with_capacity(self.values.len() + values.len());
        for (i, x) in values.iter().enumerate() {
            v.extend_from_slice(&self.values[i * d..(i + 1) * d]);
            v.push(*x);
        }
        self.values = v;
        self.columns.push(FeatureInfo {
            name: name.to_string(),
            group: FeatureGroup::Extra,
            description: description.to_string(),
        });
        Ok(())
    }

    /// Indexes of `names` in this matrix, in that order; a missing one is
    /// `NotFound` naming it.
    pub fn indexes(&self, names: &[String]) -> Result<Vec<usize>> {
        names
            .iter()
            .map(|n| {
                self.column_index(n)
                    .ok_or_else(|| Error::NotFound(format!("feature `{n}`")))
            })
            .collect()
    }
}

/// A past race as training and evaluation data: its features and what
/// happened (rows aligned with `features.rows`).
#[derive(Debug, Clone, PartialEq)]
pub struct RaceSample {
    pub race_id: Id,
    pub year: u16,
    pub round: u32,
    pub features: FeatureMatrix,
    /// Ergast `positionOrder`: the full result order, unclassified cars by
    /// laps completed.
    pub finish: Vec<u32>,
    /// Qualifying position, where the dump has qualifying.
    pub quali: Vec<Option<u32>>,
    /// Points-scoring places of the season's system (10 since 2010).
    pub scoring_places: usize,
}
