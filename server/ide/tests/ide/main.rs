//! The integration tests of cw-ide, linked into one test binary (one binary per file linked
//! the whole workspace again for each; see server/ARCHITECTURE.md, "Tests").

mod diagnostics;
mod diagnostics_corpus;
mod incremental;
mod incremental_corpus;
mod lang_actions;
mod lang_archived_library;
mod lang_completion;
mod lang_hostile;
mod lang_hover;
mod lang_navigation;
mod lang_outline;
mod preview;
mod values_actions;
mod values_completion;
mod values_corpus;
mod values_disk;
mod values_hints;
mod values_hover;
mod values_navigation;
mod values_rename;
mod values_util;
