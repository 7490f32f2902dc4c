//! The README's per-runtime examples are these files, verbatim: each one is
//! run by a test in its own runtime (Rust: `examples_run.rs`; Python, Node and
//! WASM: the bindings' test suites), so the README cannot drift from code that runs.

use std::path::Path;

#[test]
fn readme_embeds_the_tested_examples() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    for file in [
        "examples/examples/quickstart.rs",
        "examples/python/quickstart.py",
        "examples/node/quickstart.mjs",
        "examples/wasm/quickstart.mjs",
    ] {
        let code = std::fs::read_to_string(root.join(file)).unwrap();
        assert!(
            readme.contains(&format!("<!-- {file} -->\n```")) && readme.contains(code.trim_end()),
            "README.md must embed {file} verbatim after a `<!-- {file} -->` marker"
        );
    }
}
