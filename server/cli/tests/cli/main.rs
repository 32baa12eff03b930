//! The integration tests of cw-cli, linked into one test binary (one binary per file linked
//! the whole workspace again for each; see server/ARCHITECTURE.md, "Tests").

mod check;
mod lint_cli;
mod lint_parity;
