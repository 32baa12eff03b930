//! The integration tests of cw-semver, linked into one test binary (one binary per file linked
//! the whole workspace again for each; see server/ARCHITECTURE.md, "Tests").

mod api;
mod helm_table;
