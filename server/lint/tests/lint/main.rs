//! The integration tests of cw-lint, linked into one test binary (one binary per file linked
//! the whole workspace again for each; see server/ARCHITECTURE.md, "Tests").

mod corpus;
mod fixtures;
