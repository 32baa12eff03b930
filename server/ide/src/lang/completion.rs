//! Completion inside template actions: built-in objects and members after `.` / `$.`, functions
//! where a command can start, template names inside `include "` / `template "`, variables after
//! `$`, and keyword snippets at the start of an action. Read from the text of the action up to
//! the cursor, so it works while the action is still incomplete.

use cw_base::TextRange;

use super::catalog::{self, Member};
use super::defines;
use super::scan::{self, ActionSpan, Tok};
use super::vars::{self, Vars};
use crate::features::FilePos;
use crate::types::*;
use crate::Cancellable;

pub(super) fn complete(pos: &FilePos<'_>) -> Cancellable<Vec<CompletionItem>> {
    let Some(t) = pos.template() else {
        return Ok(Vec::new());
    };
    let text = &*pos.text;
    let offset = pos.offset;
    let Some(action) = scan::action_at(text, offset) else {
        return Ok(Vec::new());
    };
    let toks = scan::lex(text, action.body, offset);
    let last = toks.last().filter(|t| t.range.end() == offset);

    // Inside a string: a template name after `include` / `template`.
    if let Some(s) = last.filter(|t| t.kind == Tok::Str { terminated: false }) {
        let before = toks.len().checked_sub(2).map(|i| toks[i]);
        let via = before
            .filter(|b| b.kind == Tok::Word)
            .map(|b| &text[b.range.to_usize()]);
        if !matches!(via, Some("include" | "template")) {
            return Ok(Vec::new());
        }
        let start = s.range.start() + 1;
        let b = text.as_bytes();
        let mut end = offset as usize;
        while end < b.len() && !matches!(b[end], b'"' | b'`' | b'}' | b'\n' | b' ' | b'\t') {
            end += 1;
        }
        return Ok(template_names(
            pos,
            TextRange::new(start, end as u32),
            false,
        ));
    }

    let word = last
        .filter(|t| t.kind == Tok::Word)
        .map(|t| &text[TextRange::new(t.range.start(), offset).to_usize()])
        .unwrap_or("");
    let word_start = offset - word.len() as u32;
    let ident_range = TextRange::new(
        scan::ident_start(text, offset),
        scan::ident_end(text, offset),
    );

    if let Some(rest) = word.strip_prefix('$') {
        if let Some(fields) = rest.strip_prefix('.') {
            // `$.Release.Na`: built-ins from the root, whatever the dot is.
            return Ok(members(pos, fields, ident_range));
        }
        if let Some((var, fields)) = rest.split_once('.') {
            // `$root.Release.Na` where `$root := .` (or `$`) holds the top-level object.
            if super::var_holds_root(t, &format!("${var}"), word_start) {
                return Ok(members(pos, fields, ident_range));
            }
            return Ok(Vec::new());
        }
        let replace = TextRange::new(word_start, ident_range.end());
        return Ok(variables(pos, t, replace));
    }
    if let Some(fields) = word.strip_prefix('.') {
        let tree = vars::tree_at(&t.parse, offset);
        if super::dot_rebound(&tree.root, offset, 0) {
            return Ok(Vec::new());
        }
        return Ok(members(pos, fields, ident_range));
    }
    if word.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+') || word.contains('.')
    {
        return Ok(Vec::new());
    }

    // A bare word (or nothing yet): is this where a command starts?
    let prev = toks.len() - usize::from(last.is_some());
    let prev = prev.checked_sub(1).map(|i| toks[i]);
    let at_action_start = prev.is_none();
    let command_start = match prev {
        None => true,
        Some(p) => match p.kind {
            Tok::Pipe | Tok::LParen | Tok::Assign => true,
            Tok::Word => matches!(&text[p.range.to_usize()], "if" | "with" | "range" | "else"),
            _ => false,
        },
    };
    let mut out = Vec::new();
    // `{{ include ` / `{{ template `: the name comes next, quotes and all.
    let prev_word = prev
        .filter(|p| p.kind == Tok::Word)
        .map(|p| &text[p.range.to_usize()]);
    if matches!(prev_word, Some("include" | "template")) {
        return Ok(template_names(pos, ident_range, true));
    }
    if command_start {
        out.extend(functions(ident_range));
    }
    if at_action_start {
        out.extend(keywords(text, &action, ident_range));
    }
    Ok(out)
}

/// Template names for `include "` / `template "`; `quoted` writes the quotes too (the cursor
/// is where the name's string starts).
fn template_names(pos: &FilePos<'_>, replace: TextRange, quoted: bool) -> Vec<CompletionItem> {
    let index = defines::index_of(&pos.chart);
    let from = super::file_index(pos);
    // The names Helm loads (not those of subcharts it does not render), each with the define
    // Helm executes.
    let mut by_name: std::collections::BTreeMap<&str, Vec<&defines::DefineSite>> =
        std::collections::BTreeMap::new();
    for d in index.defines.iter().filter(|d| index.visible(from, d)) {
        by_name.entry(d.name.as_str()).or_default().push(d);
    }
    by_name
        .into_iter()
        .filter_map(|(name, sites)| {
            let winner = super::winning_define(&pos.chart, &sites)?;
            let mut item = CompletionItem::new(name, CompletionKind::Template);
            if quoted {
                item.insert_text = Some(format!("\"{name}\""));
                item.filter_text = Some(name.to_string());
            }
            item.detail = Some(format!(
                "define in {}",
                super::rel_name(&pos.chart.templates[winner.file])
            ));
            item.documentation = super::define_markdown(&pos.chart, &index, name, from);
            item.replace_range = Some(replace);
            Some(item)
        })
        .collect()
}

fn variables(
    pos: &FilePos<'_>,
    t: &crate::TemplateFile,
    replace: TextRange,
) -> Vec<CompletionItem> {
    let tree = vars::tree_at(&t.parse, pos.offset);
    let vars = Vars::of(tree);
    let mut out = Vec::new();
    let mut root = CompletionItem::new("$", CompletionKind::Variable);
    root.detail = Some("the top-level object".into());
    root.documentation = Some(super::var_markdown(pos, "$", None));
    root.replace_range = Some(replace);
    out.push(root);
    for d in vars.visible_at(pos.offset) {
        // A declaration being typed right now (`{{ $x := $`) is not yet a variable to offer
        // for itself, but it is in scope per Go's parser; keep Go's rule.
        let source = pos.text.get(d.source.to_usize()).unwrap_or("");
        let mut item = CompletionItem::new(d.name.clone(), CompletionKind::Variable);
        item.detail = Some(one_line(source, 80));
        item.documentation = Some(format!("```gotmpl\n{source}\n```"));
        item.replace_range = Some(replace);
        out.push(item);
    }
    out
}

fn one_line(s: &str, max: usize) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > max {
        let cut: String = s.chars().take(max).collect();
        format!("{cut}…")
    } else {
        s
    }
}

/// Members after a dot chain: `fields` is the text after the root dot (`Release.Na`).
fn members(pos: &FilePos<'_>, fields: &str, replace: TextRange) -> Vec<CompletionItem> {
    let segs: Vec<&str> = fields.split('.').collect();
    let parent = &segs[..segs.len() - 1];
    if parent.first() == Some(&"Values") {
        return Vec::new();
    }
    let item = |path: &[&str], m: &Member| {
        let mut item = CompletionItem::new(m.name, CompletionKind::Object);
        item.detail = Some(m.ty.to_string());
        item.documentation = Some(catalog::member_markdown(path, m));
        item.replace_range = Some(replace);
        item
    };
    let level: &[Member] = match parent {
        [] => catalog::OBJECTS,
        ["Subcharts"] => return subchart_names(pos, replace),
        ["Subcharts", _] => catalog::OBJECTS,
        _ => match catalog::member(parent) {
            Some(m) => m.children,
            None => return Vec::new(),
        },
    };
    level
        .iter()
        .map(|m| {
            let mut path = parent.to_vec();
            path.push(m.name);
            item(&path, m)
        })
        .collect()
}

/// The enabled subcharts of the template's chart, for `.Subcharts.`.
fn subchart_names(pos: &FilePos<'_>, replace: TextRange) -> Vec<CompletionItem> {
    let Some(t) = pos.template() else {
        return Vec::new();
    };
    let Some(me) = pos.chart.scope(&t.chart_prefix) else {
        return Vec::new();
    };
    pos.chart
        .scopes
        .iter()
        .filter(|s| s.path.len() == me.path.len() + 1 && s.path.starts_with(&me.path))
        .map(|s| {
            let mut item = CompletionItem::new(s.name.clone(), CompletionKind::Object);
            item.detail = Some("subchart".into());
            item.documentation = Some(format!(
                "The top-level objects of the subchart `{}` (`{}`): `.Subcharts.{}.Values`, `.Chart`, ...",
                s.name,
                s.prefix.trim_end_matches('/'),
                s.name
            ));
            item.replace_range = Some(replace);
            item
        })
        .collect()
}

fn functions(replace: TextRange) -> Vec<CompletionItem> {
    catalog::functions()
        .iter()
        .map(|f| {
            let mut item = CompletionItem::new(f.name, CompletionKind::Function);
            item.detail = Some(f.signature.to_string());
            item.documentation = Some(f.markdown());
            item.replace_range = Some(replace);
            item
        })
        .collect()
}

/// Keyword snippets: `(label, snippet)`; `CLOSE` stands for the action's right delimiter.
const KEYWORDS: &[(&str, &str, &str)] = &[
    ("if", "if ${1:condition} CLOSE\n$0\n{{ end }}", "if … end"),
    ("else", "else CLOSE\n$0", "else"),
    ("else if", "else if ${1:condition} CLOSE\n$0", "else if …"),
    (
        "range",
        "range ${1:\\$item} := ${2:.Values.items} CLOSE\n$0\n{{ end }}",
        "range … end",
    ),
    (
        "with",
        "with ${1:.Values.section} CLOSE\n$0\n{{ end }}",
        "with … end",
    ),
    (
        "define",
        "define \"${1:name}\" CLOSE\n$0\n{{ end }}",
        "define … end",
    ),
    ("end", "end CLOSE$0", "end"),
    (
        "block",
        "block \"${1:name}\" ${2:.} CLOSE\n$0\n{{ end }}",
        "block … end",
    ),
    (
        "template",
        "template \"${1:name}\" ${2:.} CLOSE$0",
        "template \"name\" .",
    ),
    (
        "include",
        "include \"${1:name}\" ${2:.} CLOSE$0",
        "include \"name\" .",
    ),
    (
        "toYaml | nindent",
        "toYaml ${1:.Values.section} | nindent ${2:4} CLOSE$0",
        "toYaml … | nindent N",
    ),
];

fn keywords(text: &str, action: &ActionSpan, word: TextRange) -> Vec<CompletionItem> {
    // An action with nothing after the word but its delimiter on the same line is replaced
    // through the delimiter so the snippet writes a whole action; an unclosed one gets `}}`;
    // any other (text after the word, closed on a later line) keeps its text and delimiter and
    // gets only the head of the snippet.
    let (replace, close, whole) = match (action.close, action.close_end) {
        (Some(c), Some(e))
            if text[word.end() as usize..c as usize].trim().is_empty()
                && !text[word.end() as usize..c as usize].contains('\n') =>
        {
            let delim = text[c as usize..e as usize].trim_start();
            (TextRange::new(word.start(), e), delim.to_string(), true)
        }
        (Some(_), _) => (word, String::new(), false),
        _ => (word, "}}".to_string(), true),
    };
    KEYWORDS
        .iter()
        .map(|(label, snippet, detail)| {
            let insert = if whole {
                snippet.replace("CLOSE", &close)
            } else {
                let head = snippet.split(" CLOSE").next().unwrap_or(snippet);
                format!("{}$0", head.trim_end_matches("$0"))
            };
            let mut item = CompletionItem::new(*label, CompletionKind::Snippet);
            item.detail = Some(detail.to_string());
            item.documentation = Some(format!("```gotmpl\n{{{{ {} }}}}\n```", detail));
            item.insert_text = Some(insert);
            item.is_snippet = true;
            item.replace_range = Some(replace);
            item.filter_text = Some(label.to_string());
            item
        })
        .collect()
}
