//! The built-in features: name, group and a one-line description, in the
//! column order of every [`FeatureMatrix`](super::FeatureMatrix) the
//! builder produces. "Before the race" everywhere means: from races earlier
//! in (year, round) order only.

use serde::{Deserialize, Serialize};

/// What a feature describes; the pre-qualifying race model leaves out
/// [`FeatureGroup::Qualifying`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeatureGroup {
    /// The driver's recent and season form.
    DriverForm,
    /// The driver's and constructor's history at this circuit.
    Circuit,
    /// The constructor's (car's) form and reliability.
    Constructor,
    /// This weekend's qualifying and grid: known only after qualifying.
    Qualifying,
    /// Championship standings before the race.
    Championship,
    /// A column the user added (weather, practice pace, ...).
    Extra,
}

/// A column of a feature matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeatureInfo {
    pub name: String,
    pub group: FeatureGroup,
    pub description: String,
}

use FeatureGroup::*;

/// (name, group, description) of every built-in feature, in column order.
pub const FEATURES: &[(&str, FeatureGroup, &str)] = &[
    (
        "drv_pos_last5",
        DriverForm,
        "mean finishing order (classified or not) over the driver's last 5 starts",
    ),
    (
        "drv_pts_last5",
        DriverForm,
        "mean points per weekend (race + sprint) over the driver's last 5 starts",
    ),
    (
        "drv_grid_last5",
        DriverForm,
        "mean grid slot over the driver's last 5 starts (pit lane = back of the grid)",
    ),
    (
        "drv_gain_last5",
        DriverForm,
        "mean places gained from grid to finish over the driver's last 5 starts",
    ),
    (
        "drv_quali_last3",
        DriverForm,
        "mean qualifying position over the driver's last 3 qualifyings (also the qualifying baseline)",
    ),
    (
        "drv_dnf_last10",
        DriverForm,
        "share of the driver's last 10 starts not finished (retired, disqualified, not classified)",
    ),
    (
        "drv_wins_season",
        DriverForm,
        "the driver's wins this season before the race",
    ),
    (
        "drv_podiums_season",
        DriverForm,
        "the driver's podiums this season before the race",
    ),
    (
        "drv_pos_season",
        DriverForm,
        "the driver's mean finishing order this season before the race",
    ),
    (
        "drv_pos_prev_season",
        DriverForm,
        "the driver's mean finishing order over the previous season",
    ),
    (
        "drv_starts_log",
        DriverForm,
        "ln(1 + career starts): experience",
    ),
    ("drv_win_rate", DriverForm, "share of career starts won"),
    (
        "drv_tm_quali_last5",
        DriverForm,
        "mean qualifying position minus the teammate's, last 5 starts with a teammate (negative = ahead)",
    ),
    (
        "drv_tm_ahead_season",
        DriverForm,
        "share of this season's races finished ahead of the teammate",
    ),
    (
        "circ_drv_pos",
        Circuit,
        "the driver's mean finishing order at this circuit",
    ),
    (
        "circ_drv_best",
        Circuit,
        "the driver's best finishing order at this circuit",
    ),
    (
        "circ_drv_laps_share",
        Circuit,
        "the driver's mean share of the winner's laps completed at this circuit",
    ),
    (
        "circ_drv_starts",
        Circuit,
        "the driver's starts at this circuit",
    ),
    (
        "circ_con_pos",
        Circuit,
        "the constructor's mean finishing order at this circuit over the previous 3 seasons",
    ),
    (
        "circ_pos_change",
        Circuit,
        "mean places changed between grid and finish (absolute) at this circuit over the previous 10 seasons, all cars: how much the grid decides (same for the whole field)",
    ),
    (
        "con_pos_last5",
        Constructor,
        "mean finishing order of the constructor's cars over its last 5 races",
    ),
    (
        "con_pts_last5",
        Constructor,
        "the constructor's points per race weekend over its last 5 races",
    ),
    (
        "con_grid_last5",
        Constructor,
        "mean grid slot of the constructor's cars over its last 5 races",
    ),
    (
        "con_dnf_last10",
        Constructor,
        "share of the constructor's starts not finished over its last 10 races",
    ),
    (
        "con_mech_dnf_last10",
        Constructor,
        "share of the constructor's starts retired with a technical failure (not an accident) over its last 10 races",
    ),
    (
        "con_pts_season",
        Constructor,
        "the constructor's points per race weekend this season before the race",
    ),
    (
        "con_trend_season",
        Constructor,
        "slope of the constructor's mean finishing order per round this season (negative = improving car)",
    ),
    (
        "con_pos_prev_season",
        Constructor,
        "mean finishing order of the constructor's cars over the previous season",
    ),
    (
        "con_quali_gap_last3",
        Constructor,
        "the constructor's best car's qualifying gap to pole (%) over its last 3 races",
    ),
    (
        "con_wins_season",
        Constructor,
        "the constructor's wins this season before the race",
    ),
    (
        "grid",
        Qualifying,
        "starting grid slot (pit-lane start = back of the grid)",
    ),
    (
        "grid_log",
        Qualifying,
        "ln(grid slot): the front rows matter most",
    ),
    ("quali_pos", Qualifying, "qualifying position"),
    (
        "quali_gap_pct",
        Qualifying,
        "best qualifying lap's gap to the pole lap (%)",
    ),
    (
        "q1_gap_pct",
        Qualifying,
        "Q1 lap's gap to the fastest Q1 lap (%): everyone runs Q1",
    ),
    (
        "quali_tm_gap_pct",
        Qualifying,
        "best qualifying lap's gap to the teammate's best (%) (negative = faster)",
    ),
    (
        "grid_penalty",
        Qualifying,
        "grid slot minus qualifying position (positive = dropped by penalties)",
    ),
    (
        "quali_session",
        Qualifying,
        "deepest qualifying session with a time: 1, 2 or 3 (Q3)",
    ),
    (
        "champ_pos",
        Championship,
        "the driver's championship position before the race",
    ),
    (
        "champ_pts",
        Championship,
        "the driver's championship points before the race",
    ),
    (
        "champ_gap",
        Championship,
        "points behind the championship leader before the race",
    ),
    (
        "champ_gap_share",
        Championship,
        "points behind the leader as a share of the leader's points",
    ),
    (
        "con_champ_pos",
        Championship,
        "the constructor's championship position before the race",
    ),
];

/// The built-in features as [`FeatureInfo`]s, in column order.
pub fn catalog() -> Vec<FeatureInfo> {
    FEATURES
        .iter()
        .map(|&(name, group, description)| FeatureInfo {
            name: name.to_string(),
            group,
            description: description.to_string(),
        })
        .collect()
}

/// Names of the built-in features not in `exclude`, in column order.
pub fn names_without(exclude: &[FeatureGroup]) -> Vec<String> {
    FEATURES
        .iter()
        .filter(|(_, g, _)| !exclude.contains(g))
        .map(|(n, _, _)| n.to_string())
        .collect()
}

/// Column index of a built-in feature (a compile-time name typo panics in
/// tests, never on input).
#[cfg(feature = "data")]
pub(crate) fn col(name: &str) -> usize {
    FEATURES
        .iter()
        .position(|(n, _, _)| *n == name)
        .unwrap_or_else(|| panic!("unknown built-in feature {name}"))
}
