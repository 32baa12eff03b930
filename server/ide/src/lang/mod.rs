//! Template language intelligence: built-in objects, functions, include/define names, variables, keywords — completion, hover, navigation, symbols, semantic tokens, signature help.

use cw_base::TextRange;

use crate::features::FilePos;
use crate::types::*;
use crate::{Cancellable, FileRange, SourceChange};

pub(crate) fn completion(_pos: &FilePos<'_>) -> Cancellable<Vec<CompletionItem>> {
    Ok(Vec::new())
}

pub(crate) fn hover(_pos: &FilePos<'_>) -> Cancellable<Option<HoverResult>> {
    Ok(None)
}

pub(crate) fn goto_definition(_pos: &FilePos<'_>) -> Cancellable<Vec<NavigationTarget>> {
    Ok(Vec::new())
}

pub(crate) fn references(
    _pos: &FilePos<'_>,
    _include_declaration: bool,
) -> Cancellable<Vec<FileRange>> {
    Ok(Vec::new())
}

pub(crate) fn prepare_rename(_pos: &FilePos<'_>) -> Cancellable<Option<RenameTarget>> {
    Ok(None)
}

pub(crate) fn rename(
    _pos: &FilePos<'_>,
    _new_name: &str,
) -> Cancellable<Result<SourceChange, String>> {
    Ok(Err("nothing to rename here".into()))
}

pub(crate) fn code_actions(_pos: &FilePos<'_>, _range: TextRange) -> Cancellable<Vec<CodeAction>> {
    Ok(Vec::new())
}
