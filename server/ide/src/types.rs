//! The plain-data results of the IDE features (completion items, hovers, hints, actions,
//! symbols, tokens), in byte offsets; the language server converts them to LSP types.

use cw_base::TextRange;

use crate::{FileRange, SourceChange};

/// What a completion item is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CompletionKind {
    /// A key of `.Values` (or of a map value).
    Value,
    /// A built-in object or one of its members (`.Release.Name`, `.Chart`, ...).
    Object,
    /// A Kubernetes field or other structural key.
    Field,
    Function,
    /// A `define` name for `include`/`template`.
    Template,
    Variable,
    Keyword,
    Snippet,
}

/// One completion proposal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    /// One line shown beside the label (a value's type and value, a signature).
    pub detail: Option<String>,
    /// Markdown.
    pub documentation: Option<String>,
    /// The range the item replaces; `None` = the word at the cursor.
    pub replace_range: Option<TextRange>,
    /// The text inserted (defaults to the label).
    pub insert_text: Option<String>,
    /// `insert_text` is an LSP snippet (`$1`, `${1:x}`, `$0`).
    pub is_snippet: bool,
    pub sort_text: Option<String>,
    pub filter_text: Option<String>,
    pub deprecated: bool,
}

impl CompletionItem {
    pub fn new(label: impl Into<String>, kind: CompletionKind) -> CompletionItem {
        CompletionItem {
            label: label.into(),
            kind,
            detail: None,
            documentation: None,
            replace_range: None,
            insert_text: None,
            is_snippet: false,
            sort_text: None,
            filter_text: None,
            deprecated: false,
        }
    }
}

/// A hover: Markdown for a range of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoverResult {
    pub range: TextRange,
    pub markdown: String,
}

/// A hint shown inline after `offset` (the resolved value of `.Values.x`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    pub offset: u32,
    pub label: String,
    /// Markdown.
    pub tooltip: Option<String>,
}

/// The kind of a code action, as LSP names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeActionKind {
    QuickFix,
    Refactor,
    RefactorRewrite,
}

/// An edit offered for a range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeAction {
    pub title: String,
    pub kind: CodeActionKind,
    pub edit: SourceChange,
    /// The code of the diagnostic it fixes, if any.
    pub fixes: Option<String>,
    pub is_preferred: bool,
}

/// What a document symbol is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    /// `{{define "x"}}`.
    Define,
    /// A key in a values file.
    Key,
    /// A rendered Kubernetes object (`Deployment/web`).
    Object,
    /// A block (`if`/`range`/`with`).
    Block,
    Variable,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentSymbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// The whole symbol.
    pub range: TextRange,
    /// The name.
    pub selection_range: TextRange,
    pub children: Vec<DocumentSymbol>,
}

/// Token types for semantic highlighting of template actions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SemanticTokenKind {
    /// `{{`, `}}`, `{{-`, `-}}`.
    Delimiter,
    Keyword,
    Function,
    Variable,
    /// A field segment (`.Values`, `.name`).
    Property,
    String,
    Number,
    Comment,
    Operator,
}

/// One highlighted token (never spanning a line break).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SemanticToken {
    pub range: TextRange,
    pub kind: SemanticTokenKind,
    /// A built-in object or a predefined function, as opposed to the user's.
    pub default_library: bool,
}

/// Help for the function call around the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureHelp {
    /// `trunc(length int, s string) string`.
    pub label: String,
    /// Markdown.
    pub documentation: Option<String>,
    /// Byte ranges of each parameter inside `label`.
    pub parameters: Vec<(u32, u32)>,
    pub active_parameter: Option<u32>,
}

/// Where a rename applies and what the current name is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenameTarget {
    pub range: TextRange,
    pub placeholder: String,
}

/// A definition or reference target.
pub type NavigationTarget = FileRange;
