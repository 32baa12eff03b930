//! The integration tests of cw-engine, linked into one test binary (one binary per file linked
//! the whole workspace again for each; see server/ARCHITECTURE.md, "Tests").

mod render_all;
mod render_goldens;
mod template_table;
