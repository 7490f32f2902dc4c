//! Bad dump files give typed errors naming file, line, column and value.

use f1core::{Dataset, Error, ErrorKind};
use std::fs;
use std::path::Path;

/// A tiny but complete dump, written by hand.
const FILES: &[(&str, &str)] = &[
    ("seasons.csv", "year,url\n2024,\"http://x\"\n"),
    (
        "circuits.csv",
        "circuitId,circuitRef,name,location,country,lat,lng,alt,url\n1,\"monza\",\"Autodromo Nazionale di Monza\",\"Monza\",\"Italy\",45.6156,9.28111,162,\"http://x\"\n",
    ),
    (
        "drivers.csv",
        "driverId,driverRef,number,code,forename,surname,dob,nationality,url\n1,\"leclerc\",16,\"LEC\",\"Charles\",\"Leclerc\",\"1997-10-16\",\"Monegasque\",\"http://x\"\n2,\"piastri\",81,\"PIA\",\"Oscar\",\"Piastri\",\"2001-04-06\",\"Australian\",\"http://x\"\n",
    ),
    (
        "constructors.csv",
        "constructorId,constructorRef,name,nationality,url\n6,\"ferrari\",\"Ferrari\",\"Italian\",\"http://x\"\n1,\"mclaren\",\"McLaren\",\"British\",\"http://x\"\n",
    ),
    (
        "status.csv",
        "statusId,status\n1,\"Finished\"\n3,\"Accident\"\n",
    ),
    (
        "races.csv",
        "raceId,year,round,circuitId,name,date,time,url\n1,2024,1,1,\"Italian Grand Prix\",\"2024-09-01\",\"13:00:00\",\"http://x\"\n",
    ),
    (
        "results.csv",
        "resultId,raceId,driverId,constructorId,number,grid,position,positionText,positionOrder,points,laps,time,milliseconds,fastestLap,rank,fastestLapTime,fastestLapSpeed,statusId\n1,1,1,6,16,4,1,1,1,25,53,1:14:40.727,4480727,43,3,1:22.187,253.7,1\n2,1,2,1,81,2,2,2,2,18,53,+2.664,4483391,36,2,1:22.010,254.2,1\n",
    ),
    (
        "sprint_results.csv",
        "resultId,raceId,driverId,constructorId,number,grid,position,positionText,positionOrder,points,laps,time,milliseconds,fastestLap,fastestLapTime,statusId,rank\n",
    ),
    (
        "qualifying.csv",
        "qualifyId,raceId,driverId,constructorId,number,position,q1,q2,q3\n1,1,2,1,81,2,1:19.966,1:19.687,1:19.436\n2,1,1,6,16,4,1:20.230,1:19.711,1:19.461\n",
    ),
    (
        "pit_stops.csv",
        "raceId,driverId,stop,lap,time,duration,milliseconds\n1,1,1,15,13:35:00,23.5,23500\n",
    ),
    (
        "driver_standings.csv",
        "driverStandingsId,raceId,driverId,points,position,positionText,wins\n1,1,1,25,1,1,1\n2,1,2,18,2,2,0\n",
    ),
    (
        "constructor_standings.csv",
        "constructorStandingsId,raceId,constructorId,points,position,positionText,wins\n1,1,6,25,1,1,1\n2,1,1,18,2,2,0\n",
    ),
];

/// Rewrites one file's text before it is written.
type Edit<'a> = (&'a str, &'a dyn Fn(&str) -> String);

fn write_dump(dir: &Path, change: Option<Edit>) {
    for (name, text) in FILES {
        let text = match change {
            Some((file, f)) if file == *name => f(text),
            _ => text.to_string(),
        };
        fs::write(dir.join(name), text).unwrap();
    }
}

fn load_with(file: &str, f: &dyn Fn(&str) -> String) -> Error {
    let dir = tempfile::tempdir().unwrap();
    write_dump(dir.path(), Some((file, f)));
    Dataset::load(dir.path()).expect_err("bad input must fail")
}

#[test]
fn the_hand_written_dump_loads() {
    let dir = tempfile::tempdir().unwrap();
    write_dump(dir.path(), None);
    let ds = Dataset::load(dir.path()).unwrap();
    let rows = ds.race_results(2024, 1).unwrap();
    assert_eq!(rows[0].driver_name, "Charles Leclerc");
    assert_eq!(
        ds.standings(2024, None).unwrap().drivers[1].driver_ref,
        "piastri"
    );
}

#[test]
fn missing_required_file() {
    let dir = tempfile::tempdir().unwrap();
    write_dump(dir.path(), None);
    fs::remove_file(dir.path().join("results.csv")).unwrap();
    let e = Dataset::load(dir.path()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Io);
    assert!(
        matches!(&e, Error::MissingFile { path, .. } if path.ends_with("results.csv")),
        "{e}"
    );
}

#[test]
fn data_dir_without_a_dump_says_how_to_get_one() {
    let dir = tempfile::tempdir().unwrap();
    let e = Dataset::load(dir.path()).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("races.csv") && msg.contains("F1CORE_DATA") && msg.contains("Jolpica"),
        "{msg}"
    );
}

#[test]
fn missing_column() {
    let e = load_with("results.csv", &|t| t.replacen("grid,", "grd,", 1));
    assert_eq!(e.to_string(), "results.csv: missing column `grid`");
    assert_eq!(e.kind(), ErrorKind::Data);
}

#[test]
fn malformed_number_names_line_column_and_value() {
    let e = load_with("results.csv", &|t| {
        t.replacen("81,2,2,2,2,18", "81,x2,2,2,2,18", 1)
    });
    assert_eq!(
        e.to_string(),
        "results.csv:3: column `grid`: cannot read \"x2\" as a whole number"
    );
    match e {
        Error::Parse {
            file,
            line,
            column,
            value,
            ..
        } => {
            assert_eq!(
                (file.as_str(), line, column.as_str(), value.as_str()),
                ("results.csv", 3, "grid", "x2")
            );
        }
        other => panic!("expected Parse, got {other:?}"),
    }
}

#[test]
fn malformed_times_and_dates() {
    let e = load_with("results.csv", &|t| t.replace("+2.664", "+2.6x4"));
    assert_eq!(
        e.to_string(),
        "results.csv:3: column `time`: cannot read \"+2.6x4\" as a gap (+5.478)"
    );
    let e = load_with("qualifying.csv", &|t| t.replace("1:19.436", "1:79:x"));
    assert!(
        e.to_string()
            .starts_with("qualifying.csv:2: column `q3`: cannot read \"1:79:x\""),
        "{e}"
    );
    let e = load_with("races.csv", &|t| t.replace("2024-09-01", "2024-13-01"));
    assert_eq!(
        e.to_string(),
        "races.csv:2: column `date`: cannot read \"2024-13-01\" as a date (YYYY-MM-DD)"
    );
    let e = load_with("drivers.csv", &|t| t.replace("1997-10-16", "16/10/1997"));
    assert!(
        e.to_string().starts_with("drivers.csv:2: column `dob`"),
        "{e}"
    );
}

#[test]
fn missing_required_value() {
    let e = load_with("results.csv", &|t| {
        t.replacen("2,1,2,1,81", "2,\\N,2,1,81", 1)
    });
    assert_eq!(
        e.to_string(),
        "results.csv:3: column `raceId`: cannot read \"\\\\N\" as a whole number"
    );
}

#[test]
fn dangling_ids_name_the_target_table() {
    let e = load_with("results.csv", &|t| {
        t.replacen("2,1,2,1,81", "2,1,7,1,81", 1)
    });
    assert_eq!(
        e.to_string(),
        "results.csv:3: column `driverId`: 7 matches no row of drivers.csv"
    );
    let e = load_with("races.csv", &|t| t.replace("1,2024,1,1,", "1,2024,1,9,"));
    assert_eq!(
        e.to_string(),
        "races.csv:2: column `circuitId`: 9 matches no row of circuits.csv"
    );
    let e = load_with("results.csv", &|t| t.replace(",253.7,1\n", ",253.7,42\n"));
    assert_eq!(
        e.to_string(),
        "results.csv:2: column `statusId`: 42 matches no row of status.csv"
    );
    let e = load_with("pit_stops.csv", &|t| t.replace("1,1,1,15", "5,1,1,15"));
    assert_eq!(
        e.to_string(),
        "pit_stops.csv:2: column `raceId`: 5 matches no row of races.csv"
    );
}

#[test]
fn duplicate_ids_are_not_shadowed() {
    let e = load_with("drivers.csv", &|t| {
        t.replace("2,\"piastri\"", "1,\"piastri\"")
    });
    assert_eq!(
        e.to_string(),
        "drivers.csv:3: column `driverId`: id 1 already used on line 2"
    );
    assert_eq!(e.kind(), ErrorKind::Data);
}

#[test]
fn extras_name_unknown_races() {
    let dir = tempfile::tempdir().unwrap();
    write_dump(dir.path(), None);
    fs::write(
        dir.path().join("safety_cars.csv"),
        "Race,Cause,Deployed,Retreated,FullLaps\n2024 Italian Grand Prix,Debris,3,5.0,1\n2024 Atlantis Grand Prix,Rain,1,,2\n",
    )
    .unwrap();
    let e = Dataset::load(dir.path()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "safety_cars.csv:3: column `Race`: 2024 Atlantis Grand Prix matches no row of races.csv (by year and name)"
    );
}

#[test]
fn broken_quoting_is_a_csv_error_not_a_panic() {
    let e = load_with("drivers.csv", &|t| format!("{t}3,\"unterminated,1,\"X\n"));
    assert_eq!(e.kind(), ErrorKind::Data, "{e}");
    assert!(e.to_string().starts_with("drivers.csv"), "{e}");
}
