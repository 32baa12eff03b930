//! The template-language features only this module provides, as `Analysis` methods: document
//! symbols (defines of a template, the key tree of a values file), semantic tokens of template
//! actions, and signature help for the function call around the cursor.

use std::path::Path;

use cw_base::TextRange;
use cw_syntax::TokenKind;

use super::{catalog, defines, scan};
use crate::types::*;
use crate::{Analysis, Cancellable};

impl Analysis {
    /// The outline of a file: the defines (and blocks) of a template; the keys of a values file.
    pub fn document_symbols(&self, path: &Path) -> Cancellable<Vec<DocumentSymbol>> {
        let Some(chart) = self.chart_of(path)? else {
            return Ok(Vec::new());
        };
        if let Some(t) = chart.template(path) {
            let mut sites = defines::defines_of(0, t);
            sites.sort_by_key(|d| (d.range.start(), std::cmp::Reverse(d.range.end())));
            let mut out: Vec<DocumentSymbol> = Vec::new();
            for d in sites {
                let sym = DocumentSymbol {
                    name: d.name.clone(),
                    detail: Some(if d.is_block { "block" } else { "define" }.into()),
                    kind: if d.is_block {
                        SymbolKind::Block
                    } else {
                        SymbolKind::Define
                    },
                    range: d.range,
                    selection_range: d.name_range,
                    children: Vec::new(),
                };
                // A block inside a define is the define's child.
                match out.last_mut() {
                    Some(parent) if parent.range.contains_range(d.range) => {
                        parent.children.push(sym)
                    }
                    _ => out.push(sym),
                }
            }
            return Ok(out);
        }
        if let Some(v) = chart.values_files.iter().find(|v| v.path == path) {
            let Some(root) = &v.yaml.root else {
                return Ok(Vec::new());
            };
            return Ok(yaml_symbols(root, 0));
        }
        Ok(Vec::new())
    }

    /// Semantic tokens of the template actions of a template file, in order, none spanning a
    /// line break.
    pub fn semantic_tokens(&self, path: &Path) -> Cancellable<Vec<SemanticToken>> {
        let Some(chart) = self.chart_of(path)? else {
            return Ok(Vec::new());
        };
        let Some(t) = chart.template(path) else {
            return Ok(Vec::new());
        };
        Ok(highlight(&t.text))
    }

    /// The function call around the cursor: its signature, the parameter the cursor is on (a
    /// piped value is the last parameter).
    pub fn signature_help(&self, path: &Path, offset: u32) -> Cancellable<Option<SignatureHelp>> {
        let Some(chart) = self.chart_of(path)? else {
            return Ok(None);
        };
        let Some(t) = chart.template(path) else {
            return Ok(None);
        };
        let text = &*t.text;
        let offset = offset.min(text.len() as u32);
        let Some(action) = scan::action_at(text, offset) else {
            return Ok(None);
        };
        let toks = scan::lex(text, action.body, offset);
        let Some(call) = scan::call_at(text, &toks, offset) else {
            return Ok(None);
        };
        let Some(f) = catalog::function(&call.name) else {
            return Ok(None);
        };
        let parameters = f.parameters();
        let active_parameter = match parameters.len() {
            0 => None,
            n => Some(call.arg.min(n - 1) as u32),
        };
        Ok(Some(SignatureHelp {
            label: f.signature.to_string(),
            documentation: Some(format!(
                "{}\n\nExample:\n```gotmpl\n{}\n```",
                f.summary, f.example
            )),
            parameters,
            active_parameter,
        }))
    }
}

fn yaml_symbols(node: &cw_yaml::Node, depth: usize) -> Vec<DocumentSymbol> {
    if depth > super::MAX_WALK_DEPTH {
        return Vec::new();
    }
    match &node.value {
        cw_yaml::Value::Map(m) => m
            .entries
            .iter()
            .map(|e| DocumentSymbol {
                name: e.key.clone(),
                detail: yaml_detail(&e.value),
                kind: SymbolKind::Key,
                range: e.key_range.cover(e.value.range),
                selection_range: e.key_range,
                children: yaml_symbols(&e.value, depth + 1),
            })
            .collect(),
        cw_yaml::Value::Seq(items) => items
            .iter()
            .enumerate()
            .filter(|(_, n)| n.as_map().is_some())
            .map(|(i, n)| DocumentSymbol {
                name: format!("[{i}]"),
                detail: None,
                kind: SymbolKind::Key,
                range: n.range,
                selection_range: n.range,
                children: yaml_symbols(n, depth + 1),
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn yaml_detail(n: &cw_yaml::Node) -> Option<String> {
    let s = match &n.value {
        cw_yaml::Value::Null => "null".to_string(),
        cw_yaml::Value::Bool(b) => b.to_string(),
        cw_yaml::Value::Number(_) | cw_yaml::Value::String(_) => n
            .scalar
            .as_ref()
            .map(|(s, _)| s.clone())
            .unwrap_or_default(),
        cw_yaml::Value::Seq(s) => format!("list ({})", s.len()),
        cw_yaml::Value::Map(_) => return None,
    };
    let line = s.lines().next().unwrap_or("");
    Some(if line.chars().count() > 60 {
        format!("{}…", line.chars().take(60).collect::<String>())
    } else {
        line.to_string()
    })
}

/// Semantic tokens of the actions of a template text.
pub(crate) fn highlight(text: &str) -> Vec<SemanticToken> {
    let b = text.as_bytes();
    let toks = cw_syntax::tokens(text, "", "");
    let mut out = Vec::new();
    let mut prev: Option<cw_syntax::Token> = None;
    for tk in &toks {
        let r = tk.range;
        let (kind, range, default_library) = match tk.kind {
            TokenKind::Text | TokenKind::Error => {
                prev = Some(*tk);
                continue;
            }
            TokenKind::LeftDelim => {
                let e = r.end() as usize;
                let trim = b.get(e) == Some(&b'-')
                    && b.get(e + 1).is_some_and(|c| c.is_ascii_whitespace());
                let range = TextRange::new(r.start(), r.end() + u32::from(trim));
                (SemanticTokenKind::Delimiter, range, false)
            }
            TokenKind::RightDelim => {
                let s = r.start() as usize;
                let trim = s >= 2 && b[s - 1] == b'-' && b[s - 2].is_ascii_whitespace();
                let range = TextRange::new(r.start() - u32::from(trim), r.end());
                (SemanticTokenKind::Delimiter, range, false)
            }
            TokenKind::Keyword | TokenKind::Nil | TokenKind::Bool => {
                (SemanticTokenKind::Keyword, r, false)
            }
            TokenKind::Identifier => {
                let known = catalog::function(&text[r.to_usize()]).is_some();
                (SemanticTokenKind::Function, r, known)
            }
            TokenKind::Field => {
                let name = text[r.to_usize()].trim_start_matches('.');
                // A built-in object: the first field after the dot or after `$`.
                let root = match prev {
                    Some(p) if p.range.end() == r.start() => {
                        p.kind == TokenKind::Variable && &text[p.range.to_usize()] == "$"
                    }
                    _ => true,
                };
                let builtin = root && catalog::OBJECTS.iter().any(|o| o.name == name);
                (SemanticTokenKind::Property, r, builtin)
            }
            TokenKind::Variable => {
                let root = &text[r.to_usize()] == "$";
                (SemanticTokenKind::Variable, r, root)
            }
            TokenKind::Dot => (SemanticTokenKind::Variable, r, true),
            TokenKind::Number => (SemanticTokenKind::Number, r, false),
            TokenKind::Char | TokenKind::String | TokenKind::RawString => {
                (SemanticTokenKind::String, r, false)
            }
            TokenKind::Comment => (SemanticTokenKind::Comment, r, false),
            TokenKind::Operator => (SemanticTokenKind::Operator, r, false),
        };
        prev = Some(*tk);
        push_lines(text, range, kind, default_library, &mut out);
    }
    out
}

/// Pushes a token, split at line breaks (line terminators excluded, empty pieces dropped).
fn push_lines(
    text: &str,
    range: TextRange,
    kind: SemanticTokenKind,
    default_library: bool,
    out: &mut Vec<SemanticToken>,
) {
    let s = &text[range.to_usize()];
    let mut start = range.start();
    for piece in s.split('\n') {
        let len = piece.len() as u32;
        let trimmed = piece.trim_end_matches('\r');
        if !trimmed.is_empty() {
            out.push(SemanticToken {
                range: TextRange::new(start, start + trimmed.len() as u32),
                kind,
                default_library,
            });
        }
        start += len + 1;
    }
}
