//! Season and circuit analytics over a `Dataset`.
