//! Build script: each generated part lives in its own file under `build/`.
//!
//! * `build/catalog.rs`: the scope catalog (`data/atlassian-scopes/*.json` → `$OUT_DIR/catalog.rs`).

#[path = "build/catalog.rs"]
mod catalog;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    catalog::emit();
}
