//! Links the `chartwright` binary as a position-dependent executable: a PIE's ~60,000 run-time
//! relocations (function tables of the template engine and the docs) cost about a millisecond
//! and hundreds of page faults at every start, and `chartwright template` runs once per chart in
//! scripts and pre-commit.

fn main() {
    let target = std::env::var("TARGET").unwrap_or_default();
    if target.contains("linux") && target.starts_with("x86_64") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
