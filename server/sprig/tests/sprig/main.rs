//! The integration tests of cw-sprig, linked into one test binary (one binary per file linked
//! the whole workspace again for each; see server/ARCHITECTURE.md, "Tests").

mod part1;
mod part2;
mod part2_crypto;
