//! The IDE features that combine the values intelligence ([`crate::values`]) and the template
//! language intelligence ([`crate::lang`]): one entry point per request, each a thin merge.

use std::path::Path;
use std::sync::Arc;

use cw_base::TextRange;

use crate::types::*;
use crate::{Analysis, Cancellable, ChartAnalysis, FileRange, SourceChange, TemplateFile};

/// A position in a file of a chart, with everything the features need about it.
pub struct FilePos<'a> {
    pub analysis: &'a Analysis,
    pub chart: Arc<ChartAnalysis>,
    pub path: &'a Path,
    /// The file's current text.
    pub text: Arc<str>,
    pub offset: u32,
}

impl FilePos<'_> {
    /// The template at the position, when the file is one.
    pub fn template(&self) -> Option<&TemplateFile> {
        self.chart.template(self.path)
    }
}

impl Analysis {
    fn file_pos<'a>(&'a self, path: &'a Path, offset: u32) -> Cancellable<Option<FilePos<'a>>> {
        let Some(chart) = self.chart_of(path)? else {
            return Ok(None);
        };
        let Some(text) = self.file_text(path) else {
            return Ok(None);
        };
        let offset = offset.min(text.len() as u32);
        Ok(Some(FilePos {
            analysis: self,
            chart,
            path,
            text,
            offset,
        }))
    }

    /// Completion at a byte offset.
    pub fn completion(&self, path: &Path, offset: u32) -> Cancellable<Vec<CompletionItem>> {
        let Some(pos) = self.file_pos(path, offset)? else {
            return Ok(Vec::new());
        };
        let mut items = crate::values::completion(&pos)?;
        items.extend(crate::lang::completion(&pos)?);
        Ok(items)
    }

    /// Hover at a byte offset.
    pub fn hover(&self, path: &Path, offset: u32) -> Cancellable<Option<HoverResult>> {
        let Some(pos) = self.file_pos(path, offset)? else {
            return Ok(None);
        };
        if let Some(h) = crate::values::hover(&pos)? {
            return Ok(Some(h));
        }
        crate::lang::hover(&pos)
    }

    /// Where the thing at the offset is defined.
    pub fn goto_definition(&self, path: &Path, offset: u32) -> Cancellable<Vec<NavigationTarget>> {
        let Some(pos) = self.file_pos(path, offset)? else {
            return Ok(Vec::new());
        };
        let mut out = crate::values::goto_definition(&pos)?;
        out.extend(crate::lang::goto_definition(&pos)?);
        Ok(out)
    }

    /// Every use of the thing at the offset (and its definitions when `include_declaration`).
    pub fn references(
        &self,
        path: &Path,
        offset: u32,
        include_declaration: bool,
    ) -> Cancellable<Vec<FileRange>> {
        let Some(pos) = self.file_pos(path, offset)? else {
            return Ok(Vec::new());
        };
        let mut out = crate::values::references(&pos, include_declaration)?;
        out.extend(crate::lang::references(&pos, include_declaration)?);
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// What a rename at the offset would rename, if anything can be renamed there.
    pub fn prepare_rename(&self, path: &Path, offset: u32) -> Cancellable<Option<RenameTarget>> {
        let Some(pos) = self.file_pos(path, offset)? else {
            return Ok(None);
        };
        if let Some(t) = crate::values::prepare_rename(&pos)? {
            return Ok(Some(t));
        }
        crate::lang::prepare_rename(&pos)
    }

    /// The edits of a rename, or why it cannot be done.
    pub fn rename(
        &self,
        path: &Path,
        offset: u32,
        new_name: &str,
    ) -> Cancellable<Result<SourceChange, String>> {
        let Some(pos) = self.file_pos(path, offset)? else {
            return Ok(Err("nothing to rename here".into()));
        };
        if crate::values::prepare_rename(&pos)?.is_some() {
            return crate::values::rename(&pos, new_name);
        }
        if crate::lang::prepare_rename(&pos)?.is_some() {
            return crate::lang::rename(&pos, new_name);
        }
        Ok(Err("nothing to rename here".into()))
    }

    /// Code actions for a range (quick fixes for the diagnostics there, rewrites).
    pub fn code_actions(&self, path: &Path, range: TextRange) -> Cancellable<Vec<CodeAction>> {
        let Some(pos) = self.file_pos(path, range.start())? else {
            return Ok(Vec::new());
        };
        let mut out = crate::values::code_actions(&pos, range)?;
        out.extend(crate::lang::code_actions(&pos, range)?);
        Ok(out)
    }
}
