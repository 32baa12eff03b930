//! Values intelligence: .Values paths in templates and values files — completion, hover, definition, references, rename, inlay hints, undefined/unused values.

mod actions;
mod complete;
mod diagnostics;
mod hints;
mod index;
pub(crate) mod model;

pub(crate) use model::Model;
mod nav;
mod present;
mod subject;

use cw_base::{Finding, TextRange};

use crate::features::FilePos;
use crate::types::*;
use crate::{Analysis, Cancellable, ChartAnalysis, FileRange, SourceChange};

/// The values diagnostics of a root chart, with absolute file paths: `values-undefined` (a
/// `.Values` path no values file, schema or computed value defines, unguarded by `default`,
/// `hasKey` or an `if`/`with` on it; read through `with`, variables and the elements of `range`) and `values-unused` (keys of a chart's values.yaml no template
/// reads). Both are warnings; each respects its `Config::diagnostics` toggle.
pub(crate) fn value_diagnostics(
    chart: &ChartAnalysis,
    analysis: &Analysis,
) -> Cancellable<Vec<Finding>> {
    diagnostics::value_diagnostics(chart, analysis)
}

pub(crate) fn completion(pos: &FilePos<'_>) -> Cancellable<Vec<CompletionItem>> {
    pos.analysis.check_cancelled()?;
    let model = model::model_of(&pos.chart);
    Ok(complete::completion(pos, &model))
}

pub(crate) fn hover(pos: &FilePos<'_>) -> Cancellable<Option<HoverResult>> {
    let model = model::model_of(&pos.chart);
    Ok(nav::hover(pos, &model))
}

pub(crate) fn goto_definition(pos: &FilePos<'_>) -> Cancellable<Vec<NavigationTarget>> {
    let model = model::model_of(&pos.chart);
    Ok(nav::goto_definition(pos, &model))
}

pub(crate) fn references(
    pos: &FilePos<'_>,
    include_declaration: bool,
) -> Cancellable<Vec<FileRange>> {
    let model = model::model_of(&pos.chart);
    Ok(nav::references(pos, &model, include_declaration))
}

pub(crate) fn prepare_rename(pos: &FilePos<'_>) -> Cancellable<Option<RenameTarget>> {
    let model = model::model_of(&pos.chart);
    Ok(nav::prepare_rename(pos, &model))
}

pub(crate) fn rename(
    pos: &FilePos<'_>,
    new_name: &str,
) -> Cancellable<Result<SourceChange, String>> {
    pos.analysis.check_cancelled()?;
    let model = model::model_of(&pos.chart);
    Ok(nav::rename(pos, &model, new_name))
}

/// What the variable `name` holds at the position when it is a value under `.Values`
/// (Markdown: the path, its type and value, its values in each file), for the variable's hover.
pub(crate) fn variable_value(pos: &FilePos<'_>, name: &str) -> Option<String> {
    let model = model::model_of(&pos.chart);
    let t = subject::template_index(pos)?;
    let index::Ctx::Values(path) = model.templates.get(t)?.var_at(name, pos.offset) else {
        return None;
    };
    if path.is_empty() {
        return Some("Holds `.Values`.".into());
    }
    let prefix = &pos.chart.templates[t].chart_prefix;
    let d = complete::describe(&pos.chart, &model, prefix, &path);
    let mut md = format!("Holds `.Values.{}`", index::dotted(&path));
    if let Some(detail) = d.detail {
        md.push_str(&format!(" — `{detail}`"));
    }
    if let Some(docs) = d.docs {
        md.push_str("\n\n");
        md.push_str(&docs);
    }
    Some(md)
}

pub(crate) fn code_actions(pos: &FilePos<'_>, range: TextRange) -> Cancellable<Vec<CodeAction>> {
    let model = model::model_of(&pos.chart);
    Ok(actions::code_actions(pos, range, &model))
}

#[cfg(test)]
mod tests;
