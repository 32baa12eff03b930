//! What a worker thread gets: an analysis snapshot plus the client's features and the open
//! documents' versions, and the conversions between cw-ide's plain data and LSP types.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use cw_ide::{Analysis, FileRange, Finding, Severity, SourceChange};
use lsp_types as lsp;
use lsp_types::Url;

use crate::caps::ClientFeatures;
use crate::pos::PosIndex;

/// Why a handler gave no result.
#[derive(Debug)]
pub enum HandlerError {
    /// The files changed after the snapshot: answered `ContentModified`.
    Cancelled,
    /// The request cannot be done (`RequestFailed` with this message).
    Failed(String),
}

impl From<cw_ide::Cancelled> for HandlerError {
    fn from(_: cw_ide::Cancelled) -> HandlerError {
        HandlerError::Cancelled
    }
}

pub type HandlerResult<T> = Result<T, HandlerError>;

/// An open document as the worker sees it.
#[derive(Clone, Debug)]
pub struct OpenDoc {
    /// The URI as the client wrote it (answers use it, so the client recognises the file).
    pub uri: Url,
    pub version: i32,
}

/// A snapshot for a worker thread.
#[derive(Clone)]
pub struct Snap {
    pub analysis: Analysis,
    pub client: Arc<ClientFeatures>,
    /// Open documents by normalised path.
    pub open: Arc<HashMap<PathBuf, OpenDoc>>,
}

/// The normalised path of a `file:` URI (other schemes have none: nothing to analyse).
pub fn uri_to_path(uri: &Url) -> Option<PathBuf> {
    if uri.scheme() != "file" {
        return None;
    }
    uri.to_file_path().ok().map(|p| cw_ide::vfs::normalize(&p))
}

impl Snap {
    pub fn path(&self, uri: &Url) -> Option<PathBuf> {
        uri_to_path(uri)
    }

    /// The URI of a path: the open document's URI, else a `file:` URI.
    pub fn url(&self, path: &Path) -> Option<Url> {
        match self.open.get(path) {
            Some(d) => Some(d.uri.clone()),
            None => Url::from_file_path(path).ok(),
        }
    }

    pub fn version(&self, path: &Path) -> Option<i32> {
        self.open.get(path).map(|d| d.version)
    }

    /// The position index of a file's current text.
    pub fn index(&self, path: &Path) -> Option<PosIndex> {
        self.analysis
            .file_text(path)
            .map(|t| PosIndex::new(t, self.client.encoding))
    }

    /// The path and byte offset of a text document position.
    pub fn file_offset(&self, p: &lsp::TextDocumentPositionParams) -> Option<(PathBuf, u32)> {
        let path = self.path(&p.text_document.uri)?;
        let index = self.index(&path)?;
        Some((path, index.offset(p.position)))
    }

    pub fn location(&self, target: &FileRange) -> Option<lsp::Location> {
        let index = self.index(&target.path)?;
        Some(lsp::Location {
            uri: self.url(&target.path)?,
            range: index.range(target.range),
        })
    }

    pub fn markup(&self, markdown: bool, value: String) -> lsp::MarkupContent {
        lsp::MarkupContent {
            kind: if markdown {
                lsp::MarkupKind::Markdown
            } else {
                lsp::MarkupKind::PlainText
            },
            value,
        }
    }

    /// A source change as a workspace edit (`documentChanges` with versions when the client
    /// supports them).
    pub fn workspace_edit(&self, change: &SourceChange) -> lsp::WorkspaceEdit {
        let mut changes: HashMap<Url, Vec<lsp::TextEdit>> = HashMap::new();
        let mut document_changes = Vec::new();
        for (path, edits) in &change.edits {
            let index = self
                .index(path)
                .unwrap_or_else(|| PosIndex::new(Arc::from(""), self.client.encoding));
            let Some(uri) = self.url(path) else { continue };
            let lsp_edits: Vec<lsp::TextEdit> = edits
                .iter()
                .map(|e| lsp::TextEdit {
                    range: index.range(e.range),
                    new_text: e.new_text.clone(),
                })
                .collect();
            if self.client.document_changes {
                if self.analysis.file_text(path).is_none() {
                    document_changes.push(lsp::DocumentChangeOperation::Op(
                        lsp::ResourceOp::Create(lsp::CreateFile {
                            uri: uri.clone(),
                            options: None,
                            annotation_id: None,
                        }),
                    ));
                }
                document_changes.push(lsp::DocumentChangeOperation::Edit(lsp::TextDocumentEdit {
                    text_document: lsp::OptionalVersionedTextDocumentIdentifier {
                        uri,
                        version: self.version(path),
                    },
                    edits: lsp_edits.into_iter().map(lsp::OneOf::Left).collect(),
                }));
            } else {
                changes.insert(uri, lsp_edits);
            }
        }
        if self.client.document_changes {
            lsp::WorkspaceEdit {
                document_changes: Some(lsp::DocumentChanges::Operations(document_changes)),
                ..lsp::WorkspaceEdit::default()
            }
        } else {
            lsp::WorkspaceEdit {
                changes: Some(changes),
                ..lsp::WorkspaceEdit::default()
            }
        }
    }

    /// A finding as an LSP diagnostic of the file it is about (`index` is that file's).
    pub fn diagnostic(&self, index: Option<&PosIndex>, f: &Finding) -> lsp::Diagnostic {
        let range = match (index, f.range) {
            (Some(i), Some(r)) => i.range(r),
            _ => lsp::Range::default(),
        };
        let mut message = f.message.clone();
        let mut related = Vec::new();
        for r in &f.related {
            let location = self.index(&r.file).and_then(|i| {
                Some(lsp::Location {
                    uri: self.url(&r.file)?,
                    range: r.range.map(|rr| i.range(rr)).unwrap_or_default(),
                })
            });
            match location {
                Some(location) if self.client.related_information => {
                    related.push(lsp::DiagnosticRelatedInformation {
                        location,
                        message: r.message.clone(),
                    })
                }
                _ => {
                    message.push_str(&format!("\n{}: {}", r.file.display(), r.message));
                }
            }
        }
        lsp::Diagnostic {
            range,
            severity: Some(match f.severity {
                Severity::Error => lsp::DiagnosticSeverity::ERROR,
                Severity::Warning => lsp::DiagnosticSeverity::WARNING,
                Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
            }),
            code: Some(lsp::NumberOrString::String(f.code.to_string())),
            code_description: None,
            source: Some("chartwright".into()),
            message,
            related_information: (!related.is_empty()).then_some(related),
            tags: None,
            data: None,
        }
    }

    /// Findings per file (absolute paths) as diagnostics per URI.
    pub fn diagnostics(
        &self,
        findings: &BTreeMap<PathBuf, Vec<Finding>>,
    ) -> BTreeMap<Url, Vec<lsp::Diagnostic>> {
        let mut out = BTreeMap::new();
        for (path, fs) in findings {
            let Some(uri) = self.url(path) else { continue };
            let index = self.index(path);
            let diags: Vec<lsp::Diagnostic> = fs
                .iter()
                .map(|f| self.diagnostic(index.as_ref(), f))
                .collect();
            out.insert(uri, diags);
        }
        out
    }
}

/// A snippet's plain text, for clients without snippet support: `$1`, `${1}`, `$0` dropped,
/// `${1:text}` → `text`, `\$` → `$`.
pub fn strip_snippet(snippet: &str) -> String {
    let mut out = String::with_capacity(snippet.len());
    let mut chars = snippet.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            '$' => match chars.peek() {
                Some(d) if d.is_ascii_digit() => {
                    while chars.peek().is_some_and(|d| d.is_ascii_digit()) {
                        chars.next();
                    }
                }
                Some('{') => {
                    chars.next();
                    while chars.peek().is_some_and(|d| d.is_ascii_digit()) {
                        chars.next();
                    }
                    if chars.peek() == Some(&':') {
                        chars.next();
                    }
                    // The placeholder text up to the matching `}` (nested placeholders
                    // flattened).
                    let mut depth = 1;
                    let mut inner = String::new();
                    while let Some(c) = chars.next() {
                        match c {
                            '\\' => {
                                if let Some(n) = chars.next() {
                                    inner.push(n);
                                }
                            }
                            '}' => {
                                depth -= 1;
                                if depth == 0 {
                                    break;
                                }
                            }
                            '$' if chars
                                .peek()
                                .is_some_and(|d| *d == '{' || d.is_ascii_digit()) =>
                            {
                                if chars.peek() == Some(&'{') {
                                    chars.next();
                                    depth += 1;
                                }
                                while chars.peek().is_some_and(|d| d.is_ascii_digit()) {
                                    chars.next();
                                }
                                if chars.peek() == Some(&':') {
                                    chars.next();
                                }
                            }
                            c => inner.push(c),
                        }
                    }
                    out.push_str(&inner);
                }
                _ => out.push('$'),
            },
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap_with(files: &[(&str, &str)], related_information: bool) -> (Snap, PathBuf) {
        let root = std::env::temp_dir().join(format!("cw-lsp-snap-{}", std::process::id()));
        let mut host = cw_ide::AnalysisHost::new(cw_ide::Config::default());
        for (name, text) in files {
            host.set_file(&root.join(name), Arc::from(*text));
        }
        let client = ClientFeatures {
            related_information,
            ..ClientFeatures::default()
        };
        let snap = Snap {
            analysis: host.snapshot(),
            client: Arc::new(client),
            open: Arc::new(HashMap::new()),
        };
        (snap, root)
    }

    #[test]
    fn findings_become_diagnostics_with_related_locations() {
        let files = [("values.yaml", "a: 1\nb: 2\na: 3\n")];
        let (snap, root) = snap_with(&files, true);
        let file = root.join("values.yaml");
        let f = Finding::warning(
            "values-duplicate-key",
            &file,
            Some(cw_ide::TextRange::new(10, 11)),
            "duplicate key a",
        )
        .with_related(&file, Some(cw_ide::TextRange::new(0, 1)), "first here");
        let index = snap.index(&file);
        let d = snap.diagnostic(index.as_ref(), &f);
        assert_eq!(
            d.range.start,
            lsp::Position {
                line: 2,
                character: 0
            }
        );
        assert_eq!(d.severity, Some(lsp::DiagnosticSeverity::WARNING));
        assert_eq!(
            d.code,
            Some(lsp::NumberOrString::String("values-duplicate-key".into()))
        );
        assert_eq!(d.source.as_deref(), Some("chartwright"));
        let related = d.related_information.unwrap();
        assert_eq!(related[0].message, "first here");
        assert_eq!(
            related[0].location.range.start,
            lsp::Position {
                line: 0,
                character: 0
            }
        );
        assert_eq!(related[0].location.uri, Url::from_file_path(&file).unwrap());

        // A client without related information gets the location in the message.
        let (snap, _) = snap_with(&files, false);
        let d = snap.diagnostic(index.as_ref(), &f);
        assert!(d.related_information.is_none());
        assert!(d.message.starts_with("duplicate key a\n"), "{}", d.message);
        assert!(
            d.message.ends_with("values.yaml: first here"),
            "{}",
            d.message
        );
    }

    #[test]
    fn snippets_become_plain_text() {
        assert_eq!(
            strip_snippet("{{ if $1 }}\n$0\n{{ end }}"),
            "{{ if  }}\n\n{{ end }}"
        );
        assert_eq!(
            strip_snippet("include \"${1:name}\" ."),
            "include \"name\" ."
        );
        assert_eq!(strip_snippet("a ${1:b ${2:c}} d"), "a b c d");
        assert_eq!(strip_snippet("\\$x $"), "$x $");
        assert_eq!(
            strip_snippet("{{- range $$i := . }}"),
            "{{- range $$i := . }}"
        );
    }
}
