//! WASM binding (wasm-bindgen): translation only.
