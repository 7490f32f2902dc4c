//! Lap tables handed in as polars frames (what the Python binding passes on
//! from a FastF1 `session.laps` frame): the same laps and the same errors as
//! the CSV reader, with row positions instead of file lines.

mod common;

use f1core::data::{LAP_COLUMNS, laps_from_frame, read_laps};
use f1core::timing::parse_pandas_or_secs;
use f1core::{Error, ErrorKind};
use polars::prelude::*;

const DURATIONS: [&str; 7] = [
    "LapTime",
    "PitInTime",
    "PitOutTime",
    "Time",
    "Sector1Time",
    "Sector2Time",
    "Sector3Time",
];

/// A race's CSV read with polars' type inference (floats, booleans, integer
/// track status), durations turned into float seconds with NaN for NaT, as a
/// frame built by a user would hold them.
fn typed_frame(path: &std::path::Path) -> DataFrame {
    let mut df = CsvReadOptions::default()
        .with_has_header(true)
        .try_into_reader_with_file_path(Some(path.to_path_buf()))
        .unwrap()
        .finish()
        .unwrap();
    for name in DURATIONS {
        let secs: Vec<f64> = df
            .column(name)
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .map(|c| {
                c.and_then(parse_pandas_or_secs)
                    .map_or(f64::NAN, |d| d.as_secs_f64())
            })
            .collect();
        df.with_column(Column::new(name.into(), secs)).unwrap();
    }
    df
}

#[test]
fn typed_frames_of_the_three_races_read_as_their_csv() {
    for race in ["bahrain", "spanish", "italian"] {
        let path = common::data_dir().join(format!("laps/2024-{race}-grand-prix.csv"));
        let df = typed_frame(&path);
        assert_eq!(df.column("TrackStatus").unwrap().dtype(), &DataType::Int64);
        assert_eq!(df.column("FreshTyre").unwrap().dtype(), &DataType::Boolean);
        assert_eq!(df.column("LapNumber").unwrap().dtype(), &DataType::Float64);
        let from_frame = laps_from_frame(&df).unwrap();
        let from_csv = read_laps(&path).unwrap();
        assert_eq!(from_frame.len(), from_csv.len(), "{race}");
        assert!(from_frame == from_csv, "{race}: frame and CSV laps differ");
        // Only the listed columns matter.
        let narrow = df.select(LAP_COLUMNS).unwrap();
        assert!(laps_from_frame(&narrow).unwrap() == from_csv, "{race}");
    }
}

/// A two-row frame of the required columns, lap times in float seconds.
fn frame(lap_numbers: Column, lap_times: Column) -> DataFrame {
    let n = lap_numbers.len();
    let text = |name: &str, v: &str| Column::new(name.into(), vec![v; n]);
    let none = |name: &str| Column::new(name.into(), vec![None::<f64>; n]);
    DataFrame::new_infer_height(vec![
        text("Driver", "VER"),
        lap_numbers.with_name("LapNumber".into()),
        lap_times.with_name("LapTime".into()),
        text("Compound", "SOFT"),
        Column::new("TyreLife".into(), (1..=n as i64).collect::<Vec<_>>()),
        Column::new("Stint".into(), vec![1.0; n]),
        none("PitInTime"),
        none("PitOutTime"),
        Column::new("TrackStatus".into(), vec![1i32; n]),
    ])
    .unwrap()
}

fn parse_error(e: &Error) -> (usize, &str, &str) {
    assert_eq!(e.kind(), ErrorKind::Data, "{e}");
    match e {
        Error::Parse {
            file,
            line,
            column,
            value,
            ..
        } => {
            assert_eq!(file, "DataFrame");
            (*line, column.as_str(), value.as_str())
        }
        other => panic!("expected a parse error, got {other}"),
    }
}

fn laps(v: &[f64]) -> Column {
    Column::new("".into(), v.to_vec())
}

#[test]
fn good_frame_with_integer_lap_numbers_and_nan_times() {
    let df = frame(Column::new("".into(), [1i64, 2]), laps(&[90.5, f64::NAN]));
    let l = laps_from_frame(&df).unwrap();
    assert_eq!(l[0].lap_time.unwrap().as_secs_f64(), 90.5);
    assert_eq!(l[1].lap_time, None);
    assert_eq!(l[1].tyre_life, Some(2));
    assert!(l[0].track_status.is_green());
}

#[test]
fn bad_cells_name_the_row_position_and_column() {
    for (numbers, times, want) in [
        (
            laps(&[1.0, 2.0]),
            laps(&[90.0, -90.5]),
            (1, "LapTime", "-90.5"),
        ),
        (laps(&[1.0, 2.0]), laps(&[0.0, 90.0]), (0, "LapTime", "0")),
        (
            laps(&[1.0, 2.0]),
            laps(&[90.0, 3600.5]),
            (1, "LapTime", "3600.5"),
        ),
        (
            laps(&[1.0, 1.5]),
            laps(&[90.0, 90.0]),
            (1, "LapNumber", "1.5"),
        ),
        (
            laps(&[1.0, f64::NAN]),
            laps(&[90.0, 90.0]),
            (1, "LapNumber", ""),
        ),
        (
            Column::new("".into(), [true, false]),
            laps(&[90.0, 90.0]),
            (0, "LapNumber", "True"),
        ),
    ] {
        let e = laps_from_frame(&frame(numbers, times)).unwrap_err();
        assert_eq!(parse_error(&e), want);
        let text = e.to_string();
        assert!(
            text.starts_with(&format!("DataFrame:{}: column `{}`", want.0, want.1)),
            "{text}"
        );
    }
}

#[test]
fn out_of_order_names_both_rows() {
    let e = laps_from_frame(&frame(laps(&[2.0, 1.0]), laps(&[90.0, 90.0]))).unwrap_err();
    match e {
        Error::OutOfOrder {
            file,
            line,
            previous_line,
            ..
        } => assert_eq!((file.as_str(), line, previous_line), ("DataFrame", 1, 0)),
        other => panic!("{other}"),
    }
}

#[test]
fn missing_and_unreadable_columns_are_data_errors() {
    let df = frame(laps(&[1.0]), laps(&[90.0])).drop("Stint").unwrap();
    match laps_from_frame(&df).unwrap_err() {
        Error::MissingColumn { file, column } => {
            assert_eq!((file.as_str(), column.as_str()), ("DataFrame", "Stint"));
        }
        other => panic!("{other}"),
    }
    // A list where a lap time belongs: an error naming the column, no panic.
    let mut df = frame(laps(&[1.0]), laps(&[90.0]));
    let list = Series::new("".into(), [Series::new("".into(), [1.0, 2.0])]);
    df.with_column(Column::from(list).with_name("LapTime".into()))
        .unwrap();
    let e = laps_from_frame(&df).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Data);
    assert!(e.to_string().contains("`LapTime`"), "{e}");
}
