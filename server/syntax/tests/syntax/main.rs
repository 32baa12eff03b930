//! The integration tests of cw-syntax, linked into one test binary (one binary per file linked
//! the whole workspace again for each; see server/ARCHITECTURE.md, "Tests").

mod api;
mod go_errors;
mod robustness;
mod tree;
