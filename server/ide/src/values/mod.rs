//! Values intelligence: .Values paths in templates and values files — completion, hover, definition, references, rename, inlay hints, undefined/unused values.

// The features that use all of these land in the next commits.
#[allow(dead_code)]
mod diagnostics;
#[allow(dead_code)]
mod index;
#[allow(dead_code)]
mod model;
#[allow(dead_code)]
mod present;

use cw_base::{Finding, TextRange};

use crate::features::FilePos;
use crate::types::*;
use crate::{Analysis, Cancellable, ChartAnalysis, FileRange, SourceChange};

/// The values diagnostics of a root chart, with absolute file paths: `values-undefined` (a
/// `.Values` path no values file, schema or computed value defines, unguarded by `default`,
/// `if`/`with` or `hasKey`) and `values-unused` (keys of a chart's values.yaml no template
/// reads). Both are warnings; each respects its `Config::diagnostics` toggle.
// Called by the diagnostics module, which lands separately.
#[allow(dead_code)]
pub(crate) fn value_diagnostics(
    chart: &ChartAnalysis,
    analysis: &Analysis,
) -> Cancellable<Vec<Finding>> {
    diagnostics::value_diagnostics(chart, analysis)
}

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

#[cfg(test)]
mod tests;
