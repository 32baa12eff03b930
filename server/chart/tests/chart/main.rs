//! The integration tests of cw-chart, linked into one test binary (one binary per file linked
//! the whole workspace again for each; see server/ARCHITECTURE.md, "Tests").

mod helm_cases;
mod hostile;
mod load;
