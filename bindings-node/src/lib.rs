//! Node binding (napi-rs): translation only.
