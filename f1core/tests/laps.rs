//! FastF1 lap tables: the three shared 2024 races, and hand-written bad files.

mod common;

use f1core::data::read_laps;
use f1core::domain::{Compound, Lap, stints};
use f1core::{Error, ErrorKind};
use std::path::PathBuf;
use std::time::Duration;

fn race(name: &str) -> Vec<Lap> {
    let path = common::data_dir().join(format!("laps/2024-{name}-grand-prix.csv"));
    read_laps(&path).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn of<'a>(laps: &'a [Lap], driver: &str) -> Vec<&'a Lap> {
    laps.iter().filter(|l| l.driver == driver).collect()
}

#[test]
fn every_row_of_the_three_races_parses() {
    for (name, rows, drivers) in [
        ("bahrain", 1129, 20),
        ("spanish", 1310, 20),
        ("italian", 1008, 20),
    ] {
        let laps = race(name);
        assert_eq!(laps.len(), rows, "{name}");
        let mut codes: Vec<_> = laps.iter().map(|l| l.driver.as_str()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), drivers, "{name}");
    }
}

#[test]
fn bahrain_winner_time_is_the_sum_of_his_laps() {
    let laps = race("bahrain");
    let ver = of(&laps, "VER");
    assert_eq!(ver.len(), 57);
    assert!(ver.iter().map(|l| l.lap_number).eq(1..=57));
    let total: Duration = ver.iter().map(|l| l.lap_time.unwrap()).sum();
    // 1:31:44.742, the official race time.
    assert_eq!(total, Duration::from_millis(5_504_742));
    assert_eq!(ver[0].lap_time, Some(Duration::from_millis(97_284)));
    // Lap 1 starts from the grid: no Sector1Time.
    assert_eq!(ver[0].sector1, None);
    assert_eq!(ver[0].sector2, Some(Duration::from_millis(41_266)));
    assert_eq!(ver[0].team.as_deref(), Some("Red Bull"));
    assert_eq!(ver[0].position, Some(1));
    assert_eq!(ver[0].fresh_tyre, Some(false));
}

#[test]
fn winners_lap_counts() {
    for (name, winner, n) in [
        ("bahrain", "VER", 57),
        ("italian", "LEC", 53),
        ("spanish", "VER", 66),
    ] {
        let laps = race(name);
        let w = of(&laps, winner);
        assert_eq!(w.len(), n, "{name}");
        assert_eq!(w.last().unwrap().position, Some(1), "{name}");
        assert_eq!(
            laps.iter().map(|l| l.lap_number as usize).max(),
            Some(n),
            "{name}"
        );
    }
}

type Row = (u32, Option<Compound>, u32, u32, u32);

fn stints_of(laps: &[Lap], driver: &str) -> Vec<Row> {
    stints(laps)
        .into_iter()
        .filter(|s| s.driver == driver)
        .map(|s| {
            (
                s.stint,
                s.compound,
                s.first_lap,
                s.last_lap,
                s.start_tyre_age,
            )
        })
        .collect()
}

#[test]
fn winners_stints_and_pit_laps() {
    use Compound::*;
    let bahrain = race("bahrain");
    // Used softs from qualifying (TyreLife 4 on lap 1), then new hards and new softs.
    assert_eq!(
        stints_of(&bahrain, "VER"),
        [
            (1, Some(Soft), 1, 17, 3),
            (2, Some(Hard), 18, 37, 0),
            (3, Some(Soft), 38, 57, 0)
        ]
    );
    let ver = of(&bahrain, "VER");
    let pit_in: Vec<_> = ver
        .iter()
        .filter(|l| l.pit_in)
        .map(|l| l.lap_number)
        .collect();
    let pit_out: Vec<_> = ver
        .iter()
        .filter(|l| l.pit_out)
        .map(|l| l.lap_number)
        .collect();
    assert_eq!(pit_in, [17, 37]);
    assert_eq!(pit_out, [18, 38]);
    assert_eq!(ver[16].tyre_life, Some(20));
    assert_eq!(ver[17].tyre_life, Some(1));

    assert_eq!(
        stints_of(&race("spanish"), "VER"),
        [
            (1, Some(Soft), 1, 17, 3),
            (2, Some(Medium), 18, 44, 0),
            (3, Some(Soft), 45, 66, 0)
        ]
    );
    // New mediums on the grid: TyreLife 1 on lap 1.
    assert_eq!(
        stints_of(&race("italian"), "LEC"),
        [(1, Some(Medium), 1, 15, 0), (2, Some(Hard), 16, 53, 0)]
    );
}

#[test]
fn pit_flags_pair_up_and_stints_cover_every_lap() {
    for name in ["bahrain", "spanish", "italian"] {
        let laps = race(name);
        let ins = laps.iter().filter(|l| l.pit_in).count();
        let outs = laps.iter().filter(|l| l.pit_out).count();
        assert_eq!(ins, outs, "{name}");
        let st = stints(&laps);
        let covered: u32 = st.iter().map(|s| s.laps()).sum();
        assert_eq!(covered as usize, laps.len(), "{name}");
        // Every stint after a driver's first begins on a pit-out lap.
        for s in st.iter().filter(|s| s.stint > 1) {
            let first = laps
                .iter()
                .find(|l| l.driver == s.driver && l.lap_number == s.first_lap)
                .unwrap();
            assert!(first.pit_out, "{name} {} lap {}", s.driver, s.first_lap);
        }
    }
}

#[test]
fn track_status_yellows_and_no_safety_car() {
    // None of the three races had a safety car, VSC or red flag; Bahrain had
    // yellows on lap 1 and lap 10 (all 20 cars), and on laps 9 and 11 for one car each.
    for name in ["bahrain", "spanish", "italian"] {
        let laps = race(name);
        assert!(
            laps.iter()
                .all(|l| !l.track_status.safety_car && !l.track_status.vsc && !l.track_status.red),
            "{name}"
        );
    }
    let bahrain = race("bahrain");
    let mut yellow: Vec<_> = bahrain
        .iter()
        .filter(|l| l.track_status.yellow)
        .map(|l| l.lap_number)
        .collect();
    yellow.sort();
    let count = |n| yellow.iter().filter(|&&l| l == n).count();
    assert_eq!(yellow.len(), 42);
    assert_eq!((count(1), count(9), count(10), count(11)), (20, 1, 20, 1));
    assert!(race("spanish").iter().all(|l| l.track_status.is_green()));
}

// ---- bad input -------------------------------------------------------------

const HEADER: &str =
    "Driver,LapNumber,LapTime,Compound,TyreLife,Stint,PitInTime,PitOutTime,TrackStatus";

fn write(body: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("laps.csv");
    std::fs::write(&path, body).unwrap();
    (dir, path)
}

fn read(body: &str) -> f1core::Result<Vec<Lap>> {
    let (_dir, path) = write(body);
    read_laps(&path)
}

fn fails(body: &str) -> Error {
    let e = read(body).expect_err("bad input must fail");
    assert_eq!(e.kind(), ErrorKind::Data, "{e}");
    e
}

fn parse_error(e: &Error) -> (usize, &str, &str) {
    match e {
        Error::Parse {
            file,
            line,
            column,
            value,
            ..
        } => {
            assert_eq!(file, "laps.csv");
            (*line, column.as_str(), value.as_str())
        }
        other => panic!("expected a parse error, got {other}"),
    }
}

#[test]
fn minimal_file_with_seconds_and_extra_columns() {
    let laps = read(&format!(
        "{HEADER},Sector1Time,Extra\n\
         VER,1.0,97.284,SOFT,4.0,1.0,,,12,,x\n\
         VER,2,0 days 00:01:36.500000,SOFT,5,1,95.1,,1,30.25,y\n\
         VER,3,1:35.000,HARD,1,2,,95.1,,30,z\n"
    ))
    .unwrap();
    assert_eq!(laps.len(), 3);
    assert_eq!(laps[0].lap_time, Some(Duration::from_millis(97_284)));
    assert_eq!(laps[1].lap_time, Some(Duration::from_millis(96_500)));
    assert_eq!(laps[2].lap_time, Some(Duration::from_secs(95)));
    assert_eq!(laps[1].sector1, Some(Duration::from_millis(30_250)));
    assert!(laps[0].track_status.yellow);
    assert!(laps[2].track_status.is_green());
    assert!(laps[1].pit_in && !laps[1].pit_out);
    assert!(laps[2].pit_out && !laps[2].pit_in);
    assert_eq!(laps[0].team, None);
    assert_eq!(laps[0].time, None);
}

#[test]
fn unknown_and_empty_compounds_read_as_none() {
    let laps = read(&format!(
        "{HEADER}\nVER,1,90,UNKNOWN,,,,,1\nVER,2,90,TEST_UNKNOWN,,,,,1\nVER,3,90,,,,,,1\n"
    ))
    .unwrap();
    assert!(
        laps.iter()
            .all(|l| l.compound.is_none() && l.stint.is_none())
    );
}

#[test]
fn missing_required_column() {
    let e = fails(
        "Driver,LapNumber,LapTime,Compound,TyreLife,Stint,PitInTime,TrackStatus\nVER,1,90,SOFT,1,1,,1\n",
    );
    match e {
        Error::MissingColumn { file, column } => {
            assert_eq!((file.as_str(), column.as_str()), ("laps.csv", "PitOutTime"));
        }
        other => panic!("{other}"),
    }
}

#[test]
fn unknown_compound() {
    let e = fails(&format!(
        "{HEADER}\nVER,1,90,SOFT,1,1,,,1\nVER,2,90,HYPERSOFT,2,1,,,1\n"
    ));
    assert_eq!(parse_error(&e), (3, "Compound", "HYPERSOFT"));
}

#[test]
fn negative_zero_and_absurd_lap_times() {
    for bad in [
        "-90.5",
        "0",
        "0 days 00:00:00",
        "-1 days +23:59:00",
        "3600.001",
        "0 days 01:00:01",
        "1 days 00:01:30",
    ] {
        let e = fails(&format!(
            "{HEADER}\nVER,1,90,SOFT,1,1,,,1\nVER,2,{bad},SOFT,2,1,,,1\n"
        ));
        assert_eq!(parse_error(&e), (3, "LapTime", bad), "{bad}");
        assert!(e.to_string().contains("laps.csv:3"), "{e}");
    }
    // Exactly one hour is still a lap.
    read(&format!("{HEADER}\nVER,1,3600,SOFT,1,1,,,1\n")).unwrap();
}

#[test]
fn lap_numbers_going_backwards_for_a_driver() {
    let e = fails(&format!(
        "{HEADER}\nVER,1,90,SOFT,1,1,,,1\nLEC,1,91,SOFT,1,1,,,1\nVER,2,90,SOFT,2,1,,,1\nLEC,2,91,SOFT,2,1,,,1\nVER,2,90,SOFT,3,1,,,1\n"
    ));
    match &e {
        Error::OutOfOrder {
            file,
            line,
            column,
            value,
            previous_line,
            ..
        } => {
            assert_eq!(
                (
                    file.as_str(),
                    *line,
                    column.as_str(),
                    value.as_str(),
                    *previous_line
                ),
                ("laps.csv", 6, "LapNumber", "VER lap 2", 4)
            );
        }
        other => panic!("{other}"),
    }
}

#[test]
fn bad_track_status() {
    let e = fails(&format!(
        "{HEADER}\nVER,1,90,SOFT,1,1,,,1\nVER,2,90,SOFT,2,1,,,13\n"
    ));
    assert_eq!(parse_error(&e), (3, "TrackStatus", "13"));
}

#[test]
fn other_bad_cells_name_their_column() {
    for (row, column, value) in [
        ("VER,1.5,90,SOFT,1,1,,,1", "LapNumber", "1.5"),
        ("VER,x,90,SOFT,1,1,,,1", "LapNumber", "x"),
        ("VER,0,90,SOFT,1,1,,,1", "LapNumber", "0"),
        ("VER,1,90,SOFT,-1,1,,,1", "TyreLife", "-1"),
        ("VER,1,90,SOFT,1,one,,,1", "Stint", "one"),
        ("VER,1,90,SOFT,1,1,soon,,1", "PitInTime", "soon"),
    ] {
        let e = fails(&format!("{HEADER}\n{row}\n"));
        assert_eq!(parse_error(&e), (2, column, value), "{row}");
    }
    // An empty driver cell is an error too.
    let e = fails(&format!("{HEADER}\n,1,90,SOFT,1,1,,,1\n"));
    assert_eq!(parse_error(&e).0, 2);
}

#[test]
fn a_missing_file_is_an_io_error() {
    let e = read_laps(std::path::Path::new("/nonexistent/laps.csv")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Io);
}
