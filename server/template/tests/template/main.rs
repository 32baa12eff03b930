//! The integration tests of cw-template, linked into one test binary (one binary per file linked
//! the whole workspace again for each; see server/ARCHITECTURE.md, "Tests").

mod behaviour;
mod common;
mod exec_golden;
mod fmt_golden;
mod helm_conformance;
mod robustness;
mod source_map;
