use crate::timing::opt_secs;
use serde::{Deserialize, Serialize};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Compound {
    Soft,
    Medium,
    Hard,
    Intermediate,
    Wet,
}

impl Compound {
    /// Dry-weather slick.
    pub fn is_dry(self) -> bool {
        matches!(self, Compound::Soft | Compound::Medium | Compound::Hard)
    }

    /// Reads FastF1's compound names (`SOFT`, `MEDIUM`, ...), any case.
    pub fn parse(text: &str) -> Option<Compound> {
        match text.trim().to_ascii_uppercase().as_str() {
            "SOFT" => Some(Compound::Soft),
            "MEDIUM" => Some(Compound::Medium),
            "HARD" => Some(Compound::Hard),
            "INTERMEDIATE" => Some(Compound::Intermediate),
            "WET" => Some(Compound::Wet),
            _ => None,
        }
    }
}

/// Track status flags seen during a lap (FastF1 codes 1, 2, 4, 5, 6, 7).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackStatus {
    pub yellow: bool,
    pub safety_car: bool,
    pub red: bool,
    pub vsc: bool,
}

impl TrackStatus {
    /// Parses FastF1's concatenated codes, e.g. `"1"`, `"124"`, `"67"`.
    pub fn parse(codes: &str) -> Option<TrackStatus> {
        let mut s = TrackStatus::default();
        for c in codes.trim().chars() {
            match c {
                '1' => {}
                '2' => s.yellow = true,
                '4' => s.safety_car = true,
                '5' => s.red = true,
                '6' | '7' => s.vsc = true,
                _ => return None,
            }
        }
        Some(s)
    }

    pub fn is_green(self) -> bool {
        self == TrackStatus::default()
    }
}

/// One driver's lap of a race.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lap {
    /// Timing code, e.g. `VER`.
    pub driver: String,
    pub team: Option<String>,
    pub lap_number: u32,
    #[serde(with = "opt_secs")]
    pub lap_time: Option<Duration>,
    #[serde(with = "opt_secs")]
    pub sector1: Option<Duration>,
    #[serde(with = "opt_secs")]
    pub sector2: Option<Duration>,
    #[serde(with = "opt_secs")]
    pub sector3: Option<Duration>,
    pub stint: Option<u32>,
    pub compound: Option<Compound>,
    /// Laps on this set at the end of the lap, counting laps run before the race.
    pub tyre_life: Option<u32>,
    pub fresh_tyre: Option<bool>,
    /// The car entered the pit lane at the end of this lap.
    pub pit_in: bool,
    /// The car left the pit lane at the start of this lap.
    pub pit_out: bool,
    pub track_status: TrackStatus,
    pub position: Option<u32>,
    /// Race clock at the end of the lap, from lights out.
    #[serde(with = "opt_secs")]
    pub time: Option<Duration>,
}

/// A stop in the pits, from `pit_stops.csv`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PitStop {
    pub race_id: super::Id,
    pub driver_id: super::Id,
    pub stop: u32,
    pub lap: u32,
    /// Pit-lane time (entry to exit); long ones span red flags.
    #[serde(with = "opt_secs")]
    pub duration: Option<Duration>,
}

/// A run of consecutive laps on one set of tyres.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stint {
    pub driver: String,
    pub stint: u32,
    pub compound: Option<Compound>,
    pub first_lap: u32,
    pub last_lap: u32,
    /// Tyre age (laps) when the stint began.
    pub start_tyre_age: u32,
}

impl Stint {
    pub fn laps(&self) -> u32 {
        // Saturating: a hand-built stint may have its laps reversed or at u32::MAX.
        self.last_lap
            .saturating_sub(self.first_lap)
            .saturating_add(1)
    }
}

/// Race distance of a lap table in laps: its highest lap number (the
/// winner's laps); 0 for no laps.
pub fn race_laps(laps: &[Lap]) -> u32 {
    laps.iter().map(|l| l.lap_number).max().unwrap_or(0)
}

/// Groups laps into stints, per driver in order of first appearance, each
/// driver's laps taken by lap number. A new stint starts when the `stint`
/// number changes; where either lap lacks one, on a pit-out lap or a change
/// of known compound. `start_tyre_age` is `TyreLife - 1` on the first lap
/// that has it (FastF1 counts the lap in progress: a new set reads 1 on its
/// first lap), 0 when no lap of the stint has it.
pub fn stints(laps: &[Lap]) -> Vec<Stint> {
    let mut order: Vec<&str> = Vec::new();
    let mut by_driver: std::collections::HashMap<&str, Vec<&Lap>> = Default::default();
    for lap in laps {
        by_driver
            .entry(lap.driver.as_str())
            .or_insert_with(|| {
                order.push(lap.driver.as_str());
                Vec::new()
            })
            .push(lap);
    }
    let mut out = Vec::new();
    for driver in order {
        let Some(mut own) = by_driver.remove(driver) else {
            continue;
        };
        own.sort_by_key(|l| l.lap_number);
        let mut groups: Vec<Vec<&Lap>> = Vec::new();
        for lap in own {
            match groups.last_mut() {
                Some(g) if !starts_stint(g.last().copied(), lap) => g.push(lap),
                _ => groups.push(vec![lap]),
            }
        }
        let mut prev_number: u32 = 0;
        for g in groups {
            let (Some(first), Some(last)) = (g.first(), g.last()) else {
                continue;
            };
            let number = first.stint.unwrap_or(prev_number.saturating_add(1));
            prev_number = number;
            let start_tyre_age = g
                .iter()
                .find_map(|l| {
                    let before = l.lap_number - first.lap_number;
                    l.tyre_life
                        .map(|t| t.saturating_sub(before.saturating_add(1)))
                })
                .unwrap_or(0);
            out.push(Stint {
                driver: driver.to_string(),
                stint: number,
                compound: g.iter().find_map(|l| l.compound),
                first_lap: first.lap_number,
                last_lap: last.lap_number,
                start_tyre_age,
            });
        }
    }
    out
}

fn starts_stint(prev: Option<&Lap>, lap: &Lap) -> bool {
    let Some(prev) = prev else { return true };
    match (prev.stint, lap.stint) {
        (Some(a), Some(b)) => a != b,
        _ => lap.pit_out || matches!((prev.compound, lap.compound), (Some(a), Some(b)) if a != b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lap(
        driver: &str,
        n: u32,
        stint: Option<u32>,
        c: Option<Compound>,
        life: Option<u32>,
    ) -> Lap {
        Lap {
            driver: driver.into(),
            team: None,
            lap_number: n,
            lap_time: None,
            sector1: None,
            sector2: None,
            sector3: None,
            stint,
            compound: c,
            tyre_life: life,
            fresh_tyre: None,
            pit_in: false,
            pit_out: false,
            track_status: TrackStatus::default(),
            position: None,
            time: None,
        }
    }

    #[test]
    fn stints_by_number_and_fallback() {
        use Compound::*;
        let mut laps = vec![
            lap("A", 1, Some(1), Some(Soft), Some(4)),
            lap("B", 1, None, Some(Medium), None),
            lap("A", 2, Some(1), Some(Soft), Some(5)),
            lap("B", 2, None, Some(Medium), Some(3)),
            lap("A", 3, Some(2), Some(Hard), Some(1)),
            lap("B", 3, None, Some(Hard), Some(1)),
            lap("B", 4, None, Some(Hard), Some(2)),
            lap("B", 5, None, Some(Hard), Some(1)),
        ];
        laps[7].pit_out = true;
        let s = stints(&laps);
        let got: Vec<_> = s
            .iter()
            .map(|s| {
                (
                    s.driver.as_str(),
                    s.stint,
                    s.compound,
                    s.first_lap,
                    s.last_lap,
                    s.start_tyre_age,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("A", 1, Some(Soft), 1, 2, 3),
                ("A", 2, Some(Hard), 3, 3, 0),
                ("B", 1, Some(Medium), 1, 2, 1),
                ("B", 2, Some(Hard), 3, 4, 0),
                ("B", 3, Some(Hard), 5, 5, 0),
            ]
        );
        assert!(stints(&[]).is_empty());
    }
}
