//! Request handlers: convert the LSP parameters, call [`cw_ide::Analysis`], convert back. Each
//! runs on a worker thread with a [`Snap`]; a stale snapshot answers `Cancelled`.

use lsp_types as lsp;
use serde::{Deserialize, Serialize};

use crate::caps;
use crate::pos::PosIndex;
use crate::snap::{strip_snippet, HandlerError, HandlerResult, Snap};

pub fn completion(
    snap: &Snap,
    p: lsp::CompletionParams,
) -> HandlerResult<Option<lsp::CompletionResponse>> {
    let Some((path, offset)) = snap.file_offset(&p.text_document_position) else {
        return Ok(None);
    };
    let Some(index) = snap.index(&path) else {
        return Ok(None);
    };
    let items = snap.analysis.completion(&path, offset)?;
    let items: Vec<lsp::CompletionItem> = items
        .into_iter()
        .map(|i| completion_item(snap, &index, i))
        .collect();
    Ok(Some(lsp::CompletionResponse::List(lsp::CompletionList {
        is_incomplete: false,
        items,
    })))
}

fn completion_item(
    snap: &Snap,
    index: &PosIndex,
    i: cw_ide::CompletionItem,
) -> lsp::CompletionItem {
    use cw_ide::CompletionKind as K;
    let kind = match i.kind {
        K::Value => lsp::CompletionItemKind::PROPERTY,
        K::Object => lsp::CompletionItemKind::STRUCT,
        K::Field => lsp::CompletionItemKind::FIELD,
        K::Function => lsp::CompletionItemKind::FUNCTION,
        K::Template => lsp::CompletionItemKind::REFERENCE,
        K::Variable => lsp::CompletionItemKind::VARIABLE,
        K::Keyword => lsp::CompletionItemKind::KEYWORD,
        K::Snippet => lsp::CompletionItemKind::SNIPPET,
    };
    let (text, format) = {
        let text = i.insert_text.clone().unwrap_or_else(|| i.label.clone());
        match (i.is_snippet, snap.client.snippets) {
            (true, true) => (text, Some(lsp::InsertTextFormat::SNIPPET)),
            (true, false) => (
                strip_snippet(&text),
                Some(lsp::InsertTextFormat::PLAIN_TEXT),
            ),
            (false, _) => (text, None),
        }
    };
    let (insert_text, text_edit) = match i.replace_range {
        Some(r) => (
            None,
            Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit {
                range: index.range(r),
                new_text: text,
            })),
        ),
        None => (Some(text), None),
    };
    lsp::CompletionItem {
        label: i.label,
        kind: Some(kind),
        detail: i.detail,
        documentation: i
            .documentation
            .map(|d| documentation(snap.client.completion_markdown, d)),
        deprecated: i.deprecated.then_some(true),
        sort_text: i.sort_text,
        filter_text: i.filter_text,
        insert_text,
        insert_text_format: format,
        text_edit,
        ..lsp::CompletionItem::default()
    }
}

/// Markdown for clients that render it, else the same text as a plain string (a client need
/// not list `plaintext` among its formats).
fn documentation(markdown: bool, text: String) -> lsp::Documentation {
    if markdown {
        lsp::Documentation::MarkupContent(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value: text,
        })
    } else {
        lsp::Documentation::String(text)
    }
}

pub fn hover(snap: &Snap, p: lsp::HoverParams) -> HandlerResult<Option<lsp::Hover>> {
    let Some((path, offset)) = snap.file_offset(&p.text_document_position_params) else {
        return Ok(None);
    };
    let Some(h) = snap.analysis.hover(&path, offset)? else {
        return Ok(None);
    };
    let index = snap.index(&path);
    Ok(Some(lsp::Hover {
        contents: lsp::HoverContents::Markup(snap.markup(snap.client.hover_markdown, h.markdown)),
        range: index.map(|i| i.range(h.range)),
    }))
}

pub fn definition(
    snap: &Snap,
    p: lsp::GotoDefinitionParams,
) -> HandlerResult<Option<lsp::GotoDefinitionResponse>> {
    let Some((path, offset)) = snap.file_offset(&p.text_document_position_params) else {
        return Ok(None);
    };
    let targets = snap.analysis.goto_definition(&path, offset)?;
    let locations: Vec<lsp::Location> = targets.iter().filter_map(|t| snap.location(t)).collect();
    Ok((!locations.is_empty()).then_some(lsp::GotoDefinitionResponse::Array(locations)))
}

pub fn references(
    snap: &Snap,
    p: lsp::ReferenceParams,
) -> HandlerResult<Option<Vec<lsp::Location>>> {
    let Some((path, offset)) = snap.file_offset(&p.text_document_position) else {
        return Ok(None);
    };
    let refs = snap
        .analysis
        .references(&path, offset, p.context.include_declaration)?;
    Ok(Some(refs.iter().filter_map(|t| snap.location(t)).collect()))
}

pub fn prepare_rename(
    snap: &Snap,
    p: lsp::TextDocumentPositionParams,
) -> HandlerResult<Option<lsp::PrepareRenameResponse>> {
    let Some((path, offset)) = snap.file_offset(&p) else {
        return Ok(None);
    };
    let Some(target) = snap.analysis.prepare_rename(&path, offset)? else {
        return Ok(None);
    };
    let Some(index) = snap.index(&path) else {
        return Ok(None);
    };
    Ok(Some(lsp::PrepareRenameResponse::RangeWithPlaceholder {
        range: index.range(target.range),
        placeholder: target.placeholder,
    }))
}

pub fn rename(snap: &Snap, p: lsp::RenameParams) -> HandlerResult<Option<lsp::WorkspaceEdit>> {
    let Some((path, offset)) = snap.file_offset(&p.text_document_position) else {
        return Ok(None);
    };
    match snap.analysis.rename(&path, offset, &p.new_name)? {
        Ok(change) => Ok(Some(snap.workspace_edit(&change))),
        Err(message) => Err(HandlerError::Failed(message)),
    }
}

pub fn code_action(
    snap: &Snap,
    p: lsp::CodeActionParams,
) -> HandlerResult<Option<lsp::CodeActionResponse>> {
    // Clients without code action literals get nothing: chartwright's actions are edits, not
    // commands.
    if !snap.client.code_action_literals {
        return Ok(None);
    }
    let Some(path) = snap.path(&p.text_document.uri) else {
        return Ok(None);
    };
    let Some(index) = snap.index(&path) else {
        return Ok(None);
    };
    let range = index.text_range(p.range);
    let actions = snap.analysis.code_actions(&path, range)?;
    let only = p.context.only.as_deref();
    let mut out = Vec::new();
    for a in actions {
        let kind = match a.kind {
            cw_ide::CodeActionKind::QuickFix => lsp::CodeActionKind::QUICKFIX,
            cw_ide::CodeActionKind::Refactor => lsp::CodeActionKind::REFACTOR,
            cw_ide::CodeActionKind::RefactorRewrite => lsp::CodeActionKind::REFACTOR_REWRITE,
        };
        if let Some(only) = only {
            // `only: ["refactor"]` asks for refactor and refactor.*.
            let k = kind.as_str();
            if !only
                .iter()
                .any(|o| k == o.as_str() || k.starts_with(&format!("{}.", o.as_str())))
            {
                continue;
            }
        }
        let diagnostics: Vec<lsp::Diagnostic> = match &a.fixes {
            Some(code) => p
                .context
                .diagnostics
                .iter()
                .filter(|d| matches!(&d.code, Some(lsp::NumberOrString::String(c)) if c == code))
                .cloned()
                .collect(),
            None => Vec::new(),
        };
        out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
            title: a.title,
            kind: Some(kind),
            diagnostics: (!diagnostics.is_empty()).then_some(diagnostics),
            edit: Some(snap.workspace_edit(&a.edit)),
            command: None,
            is_preferred: a.is_preferred.then_some(true),
            disabled: None,
            data: None,
        }));
    }
    Ok(Some(out))
}

pub fn document_symbol(
    snap: &Snap,
    p: lsp::DocumentSymbolParams,
) -> HandlerResult<Option<lsp::DocumentSymbolResponse>> {
    let Some(path) = snap.path(&p.text_document.uri) else {
        return Ok(None);
    };
    let Some(index) = snap.index(&path) else {
        return Ok(None);
    };
    let symbols = snap.analysis.document_symbols(&path)?;
    if snap.client.hierarchical_symbols {
        Ok(Some(lsp::DocumentSymbolResponse::Nested(
            symbols.into_iter().map(|s| symbol(&index, s)).collect(),
        )))
    } else {
        let mut flat = Vec::new();
        let uri = p.text_document.uri;
        fn walk(
            index: &PosIndex,
            uri: &lsp::Url,
            container: Option<&str>,
            s: cw_ide::DocumentSymbol,
            out: &mut Vec<lsp::SymbolInformation>,
        ) {
            #[allow(deprecated)]
            out.push(lsp::SymbolInformation {
                name: s.name.clone(),
                kind: symbol_kind(s.kind),
                tags: None,
                deprecated: None,
                location: lsp::Location {
                    uri: uri.clone(),
                    range: index.range(s.range),
                },
                container_name: container.map(str::to_string),
            });
            for c in s.children {
                walk(index, uri, Some(&s.name), c, out);
            }
        }
        for s in symbols {
            walk(&index, &uri, None, s, &mut flat);
        }
        Ok(Some(lsp::DocumentSymbolResponse::Flat(flat)))
    }
}

fn symbol_kind(k: cw_ide::SymbolKind) -> lsp::SymbolKind {
    match k {
        cw_ide::SymbolKind::Define => lsp::SymbolKind::FUNCTION,
        cw_ide::SymbolKind::Key => lsp::SymbolKind::KEY,
        cw_ide::SymbolKind::Object => lsp::SymbolKind::OBJECT,
        cw_ide::SymbolKind::Block => lsp::SymbolKind::NAMESPACE,
        cw_ide::SymbolKind::Variable => lsp::SymbolKind::VARIABLE,
    }
}

fn symbol(index: &PosIndex, s: cw_ide::DocumentSymbol) -> lsp::DocumentSymbol {
    #[allow(deprecated)]
    lsp::DocumentSymbol {
        name: s.name,
        detail: s.detail,
        kind: symbol_kind(s.kind),
        tags: None,
        deprecated: None,
        range: index.range(s.range),
        selection_range: index.range(s.selection_range),
        children: (!s.children.is_empty())
            .then(|| s.children.into_iter().map(|c| symbol(index, c)).collect()),
    }
}

pub fn semantic_tokens(
    snap: &Snap,
    p: lsp::SemanticTokensParams,
) -> HandlerResult<Option<lsp::SemanticTokensResult>> {
    let Some(path) = snap.path(&p.text_document.uri) else {
        return Ok(None);
    };
    let Some(index) = snap.index(&path) else {
        return Ok(None);
    };
    let mut tokens = snap.analysis.semantic_tokens(&path)?;
    tokens.sort_by_key(|t| (t.range.start(), t.range.end()));
    Ok(Some(lsp::SemanticTokensResult::Tokens(
        lsp::SemanticTokens {
            result_id: None,
            data: encode_tokens(&index, &tokens),
        },
    )))
}

/// LSP's relative encoding: each token's line and start as deltas from the previous one.
pub fn encode_tokens(
    index: &PosIndex,
    tokens: &[cw_ide::SemanticToken],
) -> Vec<lsp::SemanticToken> {
    let mut out = Vec::with_capacity(tokens.len());
    let (mut prev_line, mut prev_start) = (0, 0);
    for t in tokens {
        let start = index.position(t.range.start());
        let end = index.position(t.range.end());
        // Tokens never span a line break; one that would is cut at the end of its line.
        let length = if end.line == start.line {
            end.character - start.character
        } else {
            index
                .position(index.offset(lsp::Position {
                    line: start.line,
                    character: u32::MAX,
                }))
                .character
                - start.character
        };
        if length == 0 {
            continue;
        }
        let delta_line = start.line - prev_line;
        let delta_start = if delta_line == 0 {
            start.character - prev_start
        } else {
            start.character
        };
        out.push(lsp::SemanticToken {
            delta_line,
            delta_start,
            length,
            token_type: caps::token_type_index(t.kind),
            token_modifiers_bitset: u32::from(t.default_library),
        });
        prev_line = start.line;
        prev_start = start.character;
    }
    out
}

pub fn signature_help(
    snap: &Snap,
    p: lsp::SignatureHelpParams,
) -> HandlerResult<Option<lsp::SignatureHelp>> {
    let Some((path, offset)) = snap.file_offset(&p.text_document_position_params) else {
        return Ok(None);
    };
    let Some(help) = snap.analysis.signature_help(&path, offset)? else {
        return Ok(None);
    };
    // Parameter offsets count in the negotiated encoding, like positions.
    let label_index = PosIndex::new(
        std::sync::Arc::from(help.label.as_str()),
        snap.client.encoding,
    );
    let parameters = help
        .parameters
        .iter()
        .map(|&(a, b)| lsp::ParameterInformation {
            label: if snap.client.signature_label_offsets {
                lsp::ParameterLabel::LabelOffsets([
                    label_index.position(a).character,
                    label_index.position(b).character,
                ])
            } else {
                lsp::ParameterLabel::Simple(
                    help.label
                        .get(a as usize..b as usize)
                        .unwrap_or_default()
                        .to_string(),
                )
            },
            documentation: None,
        })
        .collect();
    Ok(Some(lsp::SignatureHelp {
        signatures: vec![lsp::SignatureInformation {
            label: help.label.clone(),
            documentation: help
                .documentation
                .map(|d| documentation(snap.client.signature_markdown, d)),
            parameters: Some(parameters),
            active_parameter: help.active_parameter,
        }],
        active_signature: Some(0),
        active_parameter: help.active_parameter,
    }))
}

pub fn inlay_hint(
    snap: &Snap,
    p: lsp::InlayHintParams,
) -> HandlerResult<Option<Vec<lsp::InlayHint>>> {
    let Some(path) = snap.path(&p.text_document.uri) else {
        return Ok(None);
    };
    let Some(index) = snap.index(&path) else {
        return Ok(None);
    };
    let range = index.text_range(p.range);
    let hints = snap.analysis.inlay_hints(&path, range)?;
    Ok(Some(
        hints
            .into_iter()
            .map(|h| lsp::InlayHint {
                position: index.position(h.offset),
                label: lsp::InlayHintLabel::String(h.label),
                kind: None,
                text_edits: None,
                tooltip: h
                    .tooltip
                    .map(|t| lsp::InlayHintTooltip::MarkupContent(snap.markup(true, t))),
                padding_left: Some(true),
                padding_right: None,
                data: None,
            })
            .collect(),
    ))
}

/// `chartwright/render`: the rendered manifests of the chart of `uri` (or of that template
/// alone) with the source map.
pub enum RenderRequest {}

impl lsp::request::Request for RenderRequest {
    type Params = RenderParams;
    type Result = Option<RenderResult>;
    const METHOD: &'static str = caps::RENDER_METHOD;
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RenderParams {
    pub uri: lsp::Url,
    /// Values files for this render only (instead of the configured ones).
    #[serde(default)]
    pub values_files: Option<Vec<String>>,
    /// Only the documents of the template at `uri`.
    #[serde(default)]
    pub only_template: bool,
}

#[derive(Debug, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RenderResult {
    /// The root chart directory.
    pub chart: lsp::Url,
    /// The version of the document at `uri` this render is of (when open).
    pub version: Option<i32>,
    /// The manifests, as `helm template` prints them.
    pub text: String,
    /// Runs of `text` and the template text that wrote them.
    pub source_map: Vec<SourceSegment>,
    /// Render errors (syntax, execution, invalid rendered YAML); the templates that failed
    /// are left out of `text`.
    pub errors: Vec<RenderErrorInfo>,
}

#[derive(Debug, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SourceSegment {
    /// Range in `text` (positions in the negotiated encoding).
    pub rendered: lsp::Range,
    pub uri: lsp::Url,
    /// Range in the template.
    pub range: lsp::Range,
    /// True when the text was copied verbatim from the template (byte for byte); false for
    /// the output of an action, whose whole `{{ ... }}` is `range`.
    pub verbatim: bool,
}

#[derive(Debug, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RenderErrorInfo {
    pub uri: lsp::Url,
    pub diagnostic: lsp::Diagnostic,
}

pub fn render(snap: &Snap, p: RenderParams) -> HandlerResult<Option<RenderResult>> {
    let Some(path) = snap.path(&p.uri) else {
        return Ok(None);
    };
    if snap.analysis.root_chart_of(&path).is_none() {
        return Ok(None);
    }
    let preview = snap
        .analysis
        .render_preview(&path, p.values_files, p.only_template)?;
    let text_index = PosIndex::new(
        std::sync::Arc::from(preview.text.as_str()),
        snap.client.encoding,
    );
    let mut indexes: std::collections::HashMap<std::path::PathBuf, Option<PosIndex>> =
        std::collections::HashMap::new();
    let mut source_map = Vec::with_capacity(preview.segments.len());
    for s in &preview.segments {
        let index = indexes
            .entry(s.path.clone())
            .or_insert_with(|| snap.index(&s.path));
        let (Some(index), Some(uri)) = (index.as_ref(), snap.url(&s.path)) else {
            continue;
        };
        source_map.push(SourceSegment {
            rendered: text_index.range(s.rendered),
            uri,
            range: index.range(s.range),
            verbatim: s.verbatim,
        });
    }
    let errors = preview
        .errors
        .iter()
        .filter_map(|f| {
            let index = indexes
                .entry(f.file.clone())
                .or_insert_with(|| snap.index(&f.file));
            Some(RenderErrorInfo {
                uri: snap.url(&f.file)?,
                diagnostic: snap.diagnostic(index.as_ref(), f),
            })
        })
        .collect();
    Ok(Some(RenderResult {
        chart: lsp::Url::from_directory_path(&preview.root)
            .map_err(|()| HandlerError::Failed("chart path is not absolute".into()))?,
        version: snap.version(&path),
        text: preview.text,
        source_map,
        errors,
    }))
}
