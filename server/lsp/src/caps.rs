//! What the client can do (read once from `initialize`) and what the server announces.

use lsp_types::{
    ClientCapabilities, CodeActionKind, CodeActionOptions, CodeActionProviderCapability,
    CompletionOptions, HoverProviderCapability, InlayHintOptions, InlayHintServerCapabilities,
    MarkupKind, OneOf, RenameOptions, SaveOptions, SemanticTokenModifier, SemanticTokenType,
    SemanticTokensFullOptions, SemanticTokensLegend, SemanticTokensOptions,
    SemanticTokensServerCapabilities, ServerCapabilities, SignatureHelpOptions,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    WorkDoneProgressOptions, WorkspaceFoldersServerCapabilities, WorkspaceServerCapabilities,
};

use crate::pos::Encoding;

/// The client features the handlers adapt to.
#[derive(Clone, Debug, Default)]
pub struct ClientFeatures {
    pub encoding: Encoding,
    pub snippets: bool,
    pub completion_markdown: bool,
    pub hover_markdown: bool,
    pub signature_markdown: bool,
    pub signature_label_offsets: bool,
    pub document_changes: bool,
    pub prepare_rename: bool,
    pub code_action_literals: bool,
    pub related_information: bool,
    pub hierarchical_symbols: bool,
    pub watched_files_dynamic: bool,
    pub configuration: bool,
    /// `window.workDoneProgress`: the server may create progress tokens.
    pub work_done_progress: bool,
}

fn markdown(formats: Option<&Vec<MarkupKind>>) -> bool {
    formats.is_some_and(|f| f.contains(&MarkupKind::Markdown))
}

impl ClientFeatures {
    pub fn from_capabilities(caps: &ClientCapabilities) -> ClientFeatures {
        let td = caps.text_document.as_ref();
        let ws = caps.workspace.as_ref();
        let completion_item = td
            .and_then(|t| t.completion.as_ref())
            .and_then(|c| c.completion_item.as_ref());
        let sig = td
            .and_then(|t| t.signature_help.as_ref())
            .and_then(|s| s.signature_information.as_ref());
        let diags = td.and_then(|t| t.publish_diagnostics.as_ref());
        ClientFeatures {
            encoding: Encoding::negotiate(
                caps.general
                    .as_ref()
                    .and_then(|g| g.position_encodings.as_deref()),
            ),
            snippets: completion_item.and_then(|c| c.snippet_support) == Some(true),
            completion_markdown: markdown(
                completion_item.and_then(|c| c.documentation_format.as_ref()),
            ),
            hover_markdown: markdown(
                td.and_then(|t| t.hover.as_ref())
                    .and_then(|h| h.content_format.as_ref()),
            ),
            signature_markdown: markdown(sig.and_then(|s| s.documentation_format.as_ref())),
            signature_label_offsets: sig
                .and_then(|s| s.parameter_information.as_ref())
                .and_then(|p| p.label_offset_support)
                == Some(true),
            document_changes: ws
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                == Some(true),
            prepare_rename: td
                .and_then(|t| t.rename.as_ref())
                .and_then(|r| r.prepare_support)
                == Some(true),
            code_action_literals: td
                .and_then(|t| t.code_action.as_ref())
                .is_some_and(|c| c.code_action_literal_support.is_some()),
            related_information: diags.and_then(|d| d.related_information) == Some(true),
            hierarchical_symbols: td
                .and_then(|t| t.document_symbol.as_ref())
                .and_then(|d| d.hierarchical_document_symbol_support)
                == Some(true),
            watched_files_dynamic: ws
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                == Some(true),
            configuration: ws.and_then(|w| w.configuration) == Some(true),
            work_done_progress: caps.window.as_ref().and_then(|w| w.work_done_progress)
                == Some(true),
        }
    }
}

/// The semantic token types, indexed by [`token_type_index`].
pub const TOKEN_TYPES: &[SemanticTokenType] = &[
    // `{{ }}` delimiters: the template's macro brackets.
    SemanticTokenType::MACRO,
    SemanticTokenType::KEYWORD,
    SemanticTokenType::FUNCTION,
    SemanticTokenType::VARIABLE,
    SemanticTokenType::PROPERTY,
    SemanticTokenType::STRING,
    SemanticTokenType::NUMBER,
    SemanticTokenType::COMMENT,
    SemanticTokenType::OPERATOR,
];

pub fn token_type_index(kind: cw_ide::SemanticTokenKind) -> u32 {
    use cw_ide::SemanticTokenKind as K;
    match kind {
        K::Delimiter => 0,
        K::Keyword => 1,
        K::Function => 2,
        K::Variable => 3,
        K::Property => 4,
        K::String => 5,
        K::Number => 6,
        K::Comment => 7,
        K::Operator => 8,
    }
}

/// The one modifier: bit 0.
pub const TOKEN_MODIFIERS: &[SemanticTokenModifier] = &[SemanticTokenModifier::DEFAULT_LIBRARY];

/// The custom request that returns the render preview.
pub const RENDER_METHOD: &str = "chartwright/render";
/// The notification sent after each re-render of a chart with an open document.
pub const RENDER_CHANGED_METHOD: &str = "chartwright/renderChanged";

pub fn server_capabilities(client: &ClientFeatures) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(client.encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                will_save: None,
                will_save_wait_until: None,
                // The text is compared with the buffer the edits built: a drift (an encoding
                // bug) is logged and repaired.
                save: Some(
                    SaveOptions {
                        include_text: Some(true),
                    }
                    .into(),
                ),
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![".".into(), "$".into(), "\"".into()]),
            resolve_provider: Some(false),
            ..CompletionOptions::default()
        }),
        signature_help_provider: Some(SignatureHelpOptions {
            trigger_characters: Some(vec![" ".into(), "(".into()]),
            retrigger_characters: None,
            work_done_progress_options: WorkDoneProgressOptions::default(),
        }),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        rename_provider: Some(if client.prepare_rename {
            OneOf::Right(RenameOptions {
                prepare_provider: Some(true),
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })
        } else {
            OneOf::Left(true)
        }),
        code_action_provider: Some(if client.code_action_literals {
            CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![
                    CodeActionKind::QUICKFIX,
                    CodeActionKind::REFACTOR,
                    CodeActionKind::REFACTOR_REWRITE,
                ]),
                resolve_provider: Some(false),
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })
        } else {
            CodeActionProviderCapability::Simple(true)
        }),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: SemanticTokensLegend {
                    token_types: TOKEN_TYPES.to_vec(),
                    token_modifiers: TOKEN_MODIFIERS.to_vec(),
                },
                full: Some(SemanticTokensFullOptions::Bool(true)),
                range: None,
                work_done_progress_options: WorkDoneProgressOptions::default(),
            },
        )),
        inlay_hint_provider: Some(OneOf::Right(InlayHintServerCapabilities::Options(
            InlayHintOptions {
                resolve_provider: Some(false),
                work_done_progress_options: WorkDoneProgressOptions::default(),
            },
        ))),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        experimental: Some(serde_json::json!({
            "chartwrightRender": true,
        })),
        ..ServerCapabilities::default()
    }
}
