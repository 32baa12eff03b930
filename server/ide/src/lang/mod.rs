//! Template language intelligence: built-in objects, functions, include/define names, variables, keywords — completion, hover, navigation, symbols, semantic tokens, signature help.
//!
//! Everything here works on the templates of the chart tree (`ChartAnalysis::templates`, each
//! parsed alone). The syntax tree answers when the cursor is on a node; while an action is being
//! typed (`{{ inc`, `{{ include "`, `{{ .Release.`) the text of the action up to the cursor is
//! read instead ([`scan`]). `.Values` paths belong to [`crate::values`] and are left alone.

mod actions;
mod catalog;
mod completion;
mod defines;
mod extra;
mod scan;
mod vars;

use std::sync::Arc;

use cw_base::TextRange;
use cw_syntax::{HitKind, List, Node, Operand};

use crate::features::FilePos;
use crate::types::*;
use crate::{Cancellable, ChartAnalysis, FileRange, SourceChange, TemplateFile};

use defines::DefineIndex;
use vars::Vars;

/// How deep the walkers here follow nested blocks and parentheses (deeper input is valid Go but
/// nobody writes it; the walkers stop rather than risk the stack).
pub(crate) const MAX_WALK_DEPTH: usize = 256;

pub(crate) fn completion(pos: &FilePos<'_>) -> Cancellable<Vec<CompletionItem>> {
    completion::complete(pos)
}

/// What the cursor is on, as far as this module is concerned.
#[derive(Debug)]
enum Target {
    /// A template name: in `define "x"`, `block "x"`, `template "x"` or `include "x"`.
    Define {
        name: String,
        range: TextRange,
    },
    /// `$x` (its declaration, when it has one in scope).
    Var {
        name: String,
        range: TextRange,
        decl: Option<vars::VarDecl>,
    },
    Function {
        name: String,
        range: TextRange,
    },
    /// A built-in object or member: `.Release.Name` with the cursor on `Name` is
    /// `["Release", "Name"]`.
    Member {
        path: Vec<String>,
        range: TextRange,
    },
}

/// True when the dot at `offset` is not the template's top-level dot (inside the body of a
/// `with` or `range`).
pub(crate) fn dot_rebound(l: &List, offset: u32, depth: usize) -> bool {
    if depth > MAX_WALK_DEPTH {
        return false;
    }
    for n in &l.nodes {
        let b = match n {
            Node::If(b) | Node::Range(b) | Node::With(b) => b,
            _ => continue,
        };
        if !b.range.contains_inclusive(offset) {
            continue;
        }
        let end = b.end_range.map_or(b.range.end(), |r| r.start());
        let else_start = b.else_range.map_or(end, |r| r.start());
        if offset > b.pipe.range.end() && offset <= else_start {
            if !matches!(n, Node::If(_)) {
                return true;
            }
            return dot_rebound(&b.list, offset, depth + 1);
        }
        if let Some(e) = &b.else_list {
            if offset > else_start {
                return dot_rebound(e, offset, depth + 1);
            }
        }
        return false;
    }
    false
}

fn target_at(pos: &FilePos<'_>) -> Option<Target> {
    let t = pos.template()?;
    let text = &*t.text;
    let hit = cw_syntax::node_at_offset(&t.parse, pos.offset)?;
    match hit.kind {
        HitKind::DefineName => Some(Target::Define {
            name: hit.tree.name.clone(),
            range: defines::unquoted(text, hit.range),
        }),
        HitKind::TemplateName(call) => Some(Target::Define {
            name: call.name.clone(),
            range: defines::unquoted(text, call.name_range),
        }),
        HitKind::Literal(Operand::String(s)) => {
            let cmd = hit.command?;
            let is_include = matches!(cmd.args.first(), Some(Operand::Identifier(i)) if i.name == "include")
                && cmd.args.get(1).is_some_and(|a| a.range() == s.range);
            is_include.then(|| Target::Define {
                name: s.value.to_string(),
                range: defines::unquoted(text, s.range),
            })
        }
        HitKind::Variable { var, index: None } => {
            let name = var.name.name.to_string();
            let tree = vars::tree_at(&t.parse, pos.offset);
            let decl = Vars::of(tree)
                .resolve(&name, var.name.range.start())
                .cloned();
            Some(Target::Var {
                name,
                range: var.name.range,
                decl,
            })
        }
        HitKind::Variable {
            var,
            index: Some(i),
        } if var.name.name == "$" || var_holds_root(t, &var.name.name, var.name.range.start()) => {
            let path: Vec<String> = var.fields[..=i]
                .iter()
                .map(|f| f.name.to_string())
                .collect();
            member_target(path, hit.range)
        }
        HitKind::Field { field, index } => {
            let tree = vars::tree_at(&t.parse, pos.offset);
            if dot_rebound(&tree.root, pos.offset, 0) {
                return None;
            }
            let path: Vec<String> = field.idents[..=index]
                .iter()
                .map(|f| f.name.to_string())
                .collect();
            member_target(path, hit.range)
        }
        HitKind::Function(id) => Some(Target::Function {
            name: id.name.to_string(),
            range: id.range,
        }),
        _ => None,
    }
}

/// True when the variable `name` used at `offset` was declared as `$x := .` (where the dot is
/// the top-level object) or `$x := $`: its fields are the built-in objects.
pub(crate) fn var_holds_root(t: &TemplateFile, name: &str, offset: u32) -> bool {
    let tree = vars::tree_at(&t.parse, offset);
    let vars = Vars::of(tree);
    let Some(d) = vars.resolve(name, offset) else {
        return false;
    };
    let source = t.text.get(d.source.to_usize()).unwrap_or("");
    let value = source.split_once(":=").map_or("", |(_, v)| v.trim());
    value == "$" || (value == "." && !dot_rebound(&tree.root, d.range.start(), 0))
}

fn member_target(path: Vec<String>, range: TextRange) -> Option<Target> {
    let names: Vec<&str> = path.iter().map(String::as_str).collect();
    catalog::member(&names)?;
    // `.Values.x` is the values module's; `.Values` itself is a built-in object.
    if names.len() > 1 && names[0] == "Values" {
        return None;
    }
    Some(Target::Member { path, range })
}

/// The path of a template relative to the root chart (`charts/sub/templates/x.yaml`).
fn rel_name(t: &TemplateFile) -> String {
    format!("{}{}", t.chart_prefix, t.name)
}

/// A define's body for display: the text between `{{define}}` and `{{end}}`, blank edges
/// dropped, bounded.
fn define_body(chart: &ChartAnalysis, d: &defines::DefineSite) -> String {
    let t = &chart.templates[d.file];
    let body = t.text.get(d.body.to_usize()).unwrap_or("");
    let body = body.trim_matches(|c| c == '\n' || c == '\r');
    const MAX: usize = 2000;
    if body.len() > MAX {
        let mut cut = MAX;
        while !body.is_char_boundary(cut) {
            cut -= 1;
        }
        format!("{}\n…", &body[..cut])
    } else {
        body.to_string()
    }
}

/// The template file at a position, as an index into `ChartAnalysis::templates`.
fn file_index(pos: &FilePos<'_>) -> Option<usize> {
    pos.chart.templates.iter().position(|t| t.path == pos.path)
}

/// The define Helm executes among several of the same name: it parses the templates deepest
/// path first, then in reverse name order, and the last definition parsed wins — the one with
/// the fewest `/` in its Helm name, then the first by name.
fn winning_define<'a>(
    chart: &ChartAnalysis,
    sites: &[&'a defines::DefineSite],
) -> Option<&'a defines::DefineSite> {
    sites.iter().copied().min_by(|a, b| {
        let ka = &chart.templates[a.file].helm_name;
        let kb = &chart.templates[b.file].helm_name;
        (ka.matches('/').count(), ka, a.range.start()).cmp(&(
            kb.matches('/').count(),
            kb,
            b.range.start(),
        ))
    })
}

/// The hover of a template name used from the template `from`: the body of each define Helm
/// can reach from there; `None` when there is none.
fn define_markdown(
    chart: &ChartAnalysis,
    index: &DefineIndex,
    name: &str,
    from: Option<usize>,
) -> Option<String> {
    let sites: Vec<&defines::DefineSite> = index.visible_named(from, name).collect();
    if sites.is_empty() {
        return None;
    }
    let mut md = String::new();
    for (i, d) in sites.iter().enumerate() {
        if i > 0 {
            md.push_str("\n---\n");
        }
        let kw = if d.is_block { "block" } else { "define" };
        if let Some(doc) = &d.doc {
            md.push_str(doc);
            md.push_str("\n\n");
        }
        md.push_str(&format!(
            "```gotmpl\n{{{{ {kw} \"{name}\" }}}}\n{}\n{{{{ end }}}}\n```\nDefined in `{}`",
            define_body(chart, d),
            rel_name(&chart.templates[d.file])
        ));
    }
    if sites.len() > 1 {
        // The last one Go parses wins; a second define in the same file is a parse error.
        if let Some(w) = winning_define(chart, &sites) {
            md.push_str(&format!(
                "\n\n{} definitions: Helm uses the one in `{}` (the last it loads).",
                sites.len(),
                rel_name(&chart.templates[w.file])
            ));
        }
    }
    Some(md)
}

/// Why a template name has no define Helm can reach: defined only in subcharts Helm does not
/// render (disabled by a condition or tags), or nowhere.
fn undefined_define_markdown(chart: &ChartAnalysis, index: &DefineIndex, name: &str) -> String {
    let hidden: Vec<String> = index
        .defines_named(name)
        .map(|d| format!("`{}`", rel_name(&chart.templates[d.file])))
        .collect();
    if hidden.is_empty() {
        format!("No template named `{name}` is defined in this chart or its subcharts.")
    } else {
        format!(
            "No template named `{name}` is loaded: it is defined only in {}, in a subchart Helm does not render (disabled by its condition or tags), so Helm does not load it.",
            hidden.join(", ")
        )
    }
}

/// A keyword of an action under the cursor (`if`, `range`, `define`, ...).
fn keyword_at(pos: &FilePos<'_>) -> Option<HoverResult> {
    pos.template()?;
    let text = &*pos.text;
    let action = scan::action_at(text, pos.offset)?;
    let end = scan::ident_end(text, pos.offset);
    let toks = scan::lex(text, action.body, end);
    let tok = toks
        .iter()
        .find(|t| t.range.contains_inclusive(pos.offset) && t.kind == scan::Tok::Word)?;
    let markdown = catalog::keyword_markdown(&text[tok.range.to_usize()])?;
    Some(HoverResult {
        range: tok.range,
        markdown,
    })
}

pub(crate) fn hover(pos: &FilePos<'_>) -> Cancellable<Option<HoverResult>> {
    let Some(target) = target_at(pos) else {
        return Ok(keyword_at(pos));
    };
    let (range, markdown) = match target {
        Target::Define { name, range } => {
            let index = defines::index_of(&pos.chart);
            match define_markdown(&pos.chart, &index, &name, file_index(pos)) {
                Some(md) => (range, md),
                None => (range, undefined_define_markdown(&pos.chart, &index, &name)),
            }
        }
        Target::Var { name, range, decl } => (range, var_markdown(pos, &name, decl.as_ref())),
        Target::Function { name, range } => match catalog::function(&name) {
            Some(f) => (range, f.markdown()),
            None => return Ok(None),
        },
        Target::Member { path, range } => {
            let names: Vec<&str> = path.iter().map(String::as_str).collect();
            let Some(m) = catalog::member(&names) else {
                return Ok(None);
            };
            (range, catalog::member_markdown(&names, m))
        }
    };
    Ok(Some(HoverResult { range, markdown }))
}

fn var_markdown(pos: &FilePos<'_>, name: &str, decl: Option<&vars::VarDecl>) -> String {
    if name == "$" {
        let in_define = pos
            .template()
            .is_some_and(|t| vars::tree_at(&t.parse, pos.offset).kind != cw_syntax::TreeKind::Main);
        return if in_define {
            "```gotmpl\n$\n```\nThe data this named template was called with (the second argument of `include`/`template`).".into()
        } else {
            "```gotmpl\n$\n```\nThe template's top-level object (`.Values`, `.Release`, `.Chart`, ...), whatever the dot is inside `with` and `range`.\n\nExample:\n```gotmpl\n{{ range .Values.hosts }}{{ $.Release.Name }}-{{ . }}{{ end }}\n```".into()
        };
    }
    match decl {
        Some(d) => {
            let line = cw_base::LineIndex::new(&pos.text)
                .line_col(d.range.start())
                .line
                + 1;
            let source = pos.text.get(d.source.to_usize()).unwrap_or("");
            let mut md = format!("```gotmpl\n{source}\n```\nDeclared on line {line}.");
            // What it holds, when that is a value (`$img := .Values.image`, a range's element).
            if let Some(v) = crate::values::variable_value(pos, name) {
                md.push_str("\n\n");
                md.push_str(&v);
            }
            md
        }
        None => format!("```gotmpl\n{name}\n```\nNot declared in this scope."),
    }
}

/// The Chart.yaml key a `.Chart.X` member comes from, in the chart of the template. For an
/// aliased subchart `.Chart.Name` is the alias: its `alias:` in the parent's Chart.yaml.
fn chart_yaml_key(pos: &FilePos<'_>, key: &str) -> Option<FileRange> {
    let t = pos.template()?;
    if key == "name" {
        if let Some(alias) = alias_of(pos, &t.chart_prefix) {
            return Some(alias);
        }
    }
    if t.chart_prefix.contains(".tgz") {
        return None;
    }
    let chart = pos.chart.chart_at(&t.chart_prefix)?;
    let file = chart.chart_yaml.as_ref()?;
    let text = String::from_utf8_lossy(&file.data);
    let loaded = cw_yaml::load(&text);
    let entry = loaded.root.as_ref()?.as_map()?.entry(key)?;
    Some(FileRange {
        path: pos.chart.root.join(&t.chart_prefix).join(&file.name),
        range: entry.key_range,
    })
}

/// The `alias:` value in the parent's Chart.yaml of the subchart at `prefix`, when Helm renders
/// it under an alias.
fn alias_of(pos: &FilePos<'_>, prefix: &str) -> Option<FileRange> {
    let chart = pos.chart.chart_at(prefix)?;
    let alias = pos
        .chart
        .scopes
        .iter()
        .find(|s| s.prefix == prefix && s.name != chart.name())?
        .name
        .clone();
    fn parent_of<'c>(c: &'c cw_chart::Chart, prefix: &str) -> Option<&'c cw_chart::Chart> {
        if c.dependencies.iter().any(|d| d.prefix == prefix) {
            return Some(c);
        }
        c.dependencies.iter().find_map(|d| parent_of(d, prefix))
    }
    let parent = parent_of(&pos.chart.loaded.chart, prefix)?;
    if parent.prefix.contains(".tgz") {
        return None;
    }
    let file = parent.chart_yaml.as_ref()?;
    let text = String::from_utf8_lossy(&file.data);
    let loaded = cw_yaml::load(&text);
    let deps = loaded
        .root
        .as_ref()?
        .as_map()?
        .get("dependencies")?
        .as_seq()?;
    let value = deps.iter().find_map(|d| {
        let v = d.as_map()?.get("alias")?;
        (v.as_str() == Some(alias.as_str())).then_some(v.range)
    })?;
    Some(FileRange {
        path: pos.chart.root.join(&parent.prefix).join(&file.name),
        range: value,
    })
}

pub(crate) fn goto_definition(pos: &FilePos<'_>) -> Cancellable<Vec<NavigationTarget>> {
    let Some(target) = target_at(pos) else {
        return Ok(Vec::new());
    };
    Ok(match target {
        Target::Define { name, .. } => {
            let index = defines::index_of(&pos.chart);
            index
                .visible_named(file_index(pos), &name)
                .map(|d| FileRange {
                    path: pos.chart.templates[d.file].path.clone(),
                    range: d.name_range,
                })
                .collect()
        }
        Target::Var { decl, .. } => decl
            .map(|d| FileRange {
                path: pos.path.to_path_buf(),
                range: d.range,
            })
            .into_iter()
            .collect(),
        Target::Member { path, .. } => {
            let names: Vec<&str> = path.iter().map(String::as_str).collect();
            match (names.as_slice(), catalog::member(&names)) {
                (["Chart", _], Some(m)) => m
                    .chart_key
                    .and_then(|k| chart_yaml_key(pos, k))
                    .into_iter()
                    .collect(),
                _ => Vec::new(),
            }
        }
        Target::Function { .. } => Vec::new(),
    })
}

/// Every occurrence of a define name (its uses; its definitions when `decl`).
fn define_occurrences(
    chart: &Arc<ChartAnalysis>,
    name: &str,
    decl: bool,
) -> Vec<(usize, TextRange)> {
    let index = defines::index_of(chart);
    let mut out: Vec<(usize, TextRange)> = index
        .uses_named(name)
        .map(|u| (u.file, u.name_range))
        .collect();
    if decl {
        out.extend(index.defines_named(name).map(|d| (d.file, d.name_range)));
    }
    out
}

pub(crate) fn references(
    pos: &FilePos<'_>,
    include_declaration: bool,
) -> Cancellable<Vec<FileRange>> {
    let Some(target) = target_at(pos) else {
        return Ok(Vec::new());
    };
    Ok(match target {
        Target::Define { name, .. } => define_occurrences(&pos.chart, &name, include_declaration)
            .into_iter()
            .map(|(f, range)| FileRange {
                path: pos.chart.templates[f].path.clone(),
                range,
            })
            .collect(),
        Target::Var {
            decl: Some(decl), ..
        } => {
            let Some(t) = pos.template() else {
                return Ok(Vec::new());
            };
            let vars = Vars::of(vars::tree_at(&t.parse, pos.offset));
            vars.refs_of(&decl)
                .into_iter()
                .filter(|r| include_declaration || *r != decl.range)
                .map(|range| FileRange {
                    path: pos.path.to_path_buf(),
                    range,
                })
                .collect()
        }
        _ => Vec::new(),
    })
}

pub(crate) fn prepare_rename(pos: &FilePos<'_>) -> Cancellable<Option<RenameTarget>> {
    Ok(match target_at(pos) {
        Some(Target::Define { name, range }) => Some(RenameTarget {
            range,
            placeholder: name,
        }),
        Some(Target::Var {
            name,
            range,
            decl: Some(_),
        }) if name != "$" => Some(RenameTarget {
            range,
            placeholder: name,
        }),
        _ => None,
    })
}

fn valid_var_name(name: &str) -> bool {
    let Some(rest) = name.strip_prefix('$') else {
        return false;
    };
    !rest.is_empty() && rest.chars().all(|c| c.is_alphanumeric() || c == '_')
}

pub(crate) fn rename(
    pos: &FilePos<'_>,
    new_name: &str,
) -> Cancellable<Result<SourceChange, String>> {
    match target_at(pos) {
        Some(Target::Define { name, .. }) => Ok(rename_define(&pos.chart, &name, new_name)),
        Some(Target::Var {
            name,
            decl: Some(decl),
            ..
        }) if name != "$" => {
            let new_name = if new_name.starts_with('$') {
                new_name.to_string()
            } else {
                format!("${new_name}")
            };
            if !valid_var_name(&new_name) {
                return Ok(Err(format!(
                    "`{new_name}` is not a template variable name (`$` then letters, digits or `_`)"
                )));
            }
            let Some(t) = pos.template() else {
                return Ok(Err("nothing to rename here".into()));
            };
            let vars = Vars::of(vars::tree_at(&t.parse, pos.offset));
            let mut change = SourceChange::default();
            for range in vars.refs_of(&decl) {
                change.insert(
                    pos.path.to_path_buf(),
                    crate::TextEdit {
                        range,
                        new_text: new_name.clone(),
                    },
                );
            }
            Ok(Ok(change))
        }
        _ => Ok(Err("nothing to rename here".into())),
    }
}

fn rename_define(
    chart: &Arc<ChartAnalysis>,
    name: &str,
    new_name: &str,
) -> Result<SourceChange, String> {
    if new_name.is_empty() || new_name.contains(['"', '`', '\\', '\n', '\r']) {
        return Err(format!(
            "`{new_name}` cannot be a template name here (empty, or has quotes, backslashes or line breaks)"
        ));
    }
    if new_name == name {
        return Ok(SourceChange::default());
    }
    let index = defines::index_of(chart);
    if let Some(d) = index.defines_named(new_name).next() {
        return Err(format!(
            "a template named `{new_name}` is already defined in {}",
            rel_name(&chart.templates[d.file])
        ));
    }
    let mut change = SourceChange::default();
    for (f, range) in define_occurrences(chart, name, true) {
        let t = &chart.templates[f];
        if t.chart_prefix.contains(".tgz") {
            return Err(format!(
                "`{name}` appears in {}, inside an archived subchart that cannot be edited",
                rel_name(t)
            ));
        }
        change.insert(
            t.path.clone(),
            crate::TextEdit {
                range,
                new_text: new_name.to_string(),
            },
        );
    }
    Ok(change)
}

pub(crate) fn code_actions(pos: &FilePos<'_>, range: TextRange) -> Cancellable<Vec<CodeAction>> {
    actions::code_actions(pos, range)
}

#[cfg(test)]
mod tests;
