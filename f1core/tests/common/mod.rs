#![allow(dead_code)]
//! Finds the shared data: `F1CORE_DATA`, else `../shared/data` beside the repo.

use f1core::Dataset;
use std::path::PathBuf;
use std::sync::OnceLock;

pub fn data_dir() -> PathBuf {
    match std::env::var_os("F1CORE_DATA") {
        Some(v) => PathBuf::from(v),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data"),
    }
}

/// The real dump, loaded once per test binary.
pub fn dataset() -> &'static Dataset {
    static DS: OnceLock<Dataset> = OnceLock::new();
    DS.get_or_init(|| Dataset::load(data_dir()).expect("load the shared Ergast dump"))
}
