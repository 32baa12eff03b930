//! Code actions on templates: `indent N` → `nindent N` for `toYaml`/`include` output at the start
//! of a line, and did-you-mean fixes for unknown functions and unknown template names.

use cw_base::TextRange;
use cw_syntax::{Node, Operand, Pipeline};

use super::catalog;
use super::defines;
use crate::features::FilePos;
use crate::types::*;
use crate::{Cancellable, SourceChange, TextEdit};

/// The diagnostic codes these fixes answer (see `crate::diagnostics::codes`).
const TEMPLATE_SYNTAX: &str = "template-syntax-error";
const RENDER_ERROR: &str = "template-render-error";

pub(super) fn code_actions(pos: &FilePos<'_>, range: TextRange) -> Cancellable<Vec<CodeAction>> {
    let Some(t) = pos.template() else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let touches = |r: TextRange| r.start() <= range.end() && range.start() <= r.end();
    let text = &*t.text;

    // indent → nindent.
    for tree in &t.parse.trees {
        for n in &tree.root.nodes {
            visit_actions(n, 0, &mut |a: &cw_syntax::Action| {
                if touches(a.range) {
                    if let Some(action) = nindent_rewrite(pos, text, a) {
                        out.push(action);
                    }
                }
            });
        }
    }

    // `{{ template "x" . | f }}` pipes the dot, not the output: use include.
    for tree in &t.parse.trees {
        for n in &tree.root.nodes {
            visit_nodes(n, 0, &mut |n: &Node| {
                if let Node::Template(call) = n {
                    if touches(call.range) {
                        if let Some(action) = template_to_include(pos, text, call) {
                            out.push(action);
                        }
                    }
                }
            });
        }
    }

    // Unknown function: did you mean.
    for e in &t.parse.errors {
        if !touches(e.range) {
            continue;
        }
        let Some(name) = e
            .message
            .strip_prefix("function \"")
            .and_then(|r| r.strip_suffix("\" not defined"))
        else {
            continue;
        };
        let names = catalog::functions().iter().map(|f| f.name);
        for (i, s) in suggestions(name, names).into_iter().enumerate() {
            out.push(replace_action(
                pos,
                e.range,
                &format!("Change to `{s}`"),
                s,
                TEMPLATE_SYNTAX,
                i == 0,
            ));
        }
    }

    // Undefined variable: did you mean one in scope.
    for e in &t.parse.errors {
        if !touches(e.range) {
            continue;
        }
        let Some(name) = e
            .message
            .strip_prefix("undefined variable \"")
            .and_then(|r| r.strip_suffix('"'))
        else {
            continue;
        };
        let tree = super::vars::tree_at(&t.parse, e.range.start());
        let vars = super::vars::Vars::of(tree);
        let visible = vars.visible_at(e.range.start());
        let names = visible.iter().map(|d| d.name.as_str());
        for (i, s) in suggestions(name, names).into_iter().enumerate() {
            out.push(replace_action(
                pos,
                e.range,
                &format!("Change to `{s}`"),
                s,
                TEMPLATE_SYNTAX,
                i == 0,
            ));
        }
    }

    // Unknown template name in include/template: did you mean.
    let index = defines::index_of(&pos.chart);
    let file = pos.chart.templates.iter().position(|x| x.path == t.path);
    for u in index.uses.iter().filter(|u| Some(u.file) == file) {
        if !touches(u.name_range) || index.visible_named(file, &u.name).next().is_some() {
            continue;
        }
        let names = index
            .defines
            .iter()
            .filter(|d| index.visible(file, d))
            .map(|d| d.name.as_str());
        for (i, s) in suggestions(&u.name, names).into_iter().enumerate() {
            out.push(replace_action(
                pos,
                u.name_range,
                &format!("Change to `{s}` (no template named `{}`)", u.name),
                s,
                RENDER_ERROR,
                i == 0,
            ));
        }
    }
    Ok(out)
}

fn replace_action(
    pos: &FilePos<'_>,
    range: TextRange,
    title: &str,
    new_text: &str,
    fixes: &str,
    preferred: bool,
) -> CodeAction {
    let mut edit = SourceChange::default();
    edit.insert(
        pos.path.to_path_buf(),
        TextEdit {
            range,
            new_text: new_text.to_string(),
        },
    );
    CodeAction {
        title: title.to_string(),
        kind: CodeActionKind::QuickFix,
        edit,
        fixes: Some(fixes.to_string()),
        is_preferred: preferred,
    }
}

fn visit_nodes<'a>(n: &'a Node, depth: usize, f: &mut dyn FnMut(&'a Node)) {
    if depth > super::MAX_WALK_DEPTH {
        return;
    }
    f(n);
    if let Node::If(b) | Node::Range(b) | Node::With(b) = n {
        for c in b
            .list
            .nodes
            .iter()
            .chain(b.else_list.iter().flat_map(|l| &l.nodes))
        {
            visit_nodes(c, depth + 1, f);
        }
    }
}

/// `{{ template "x" . | nindent 4 }}` applies `nindent` to the dot passed to the template, not
/// to what the template writes; `include` returns the output so the pipeline applies to it.
fn template_to_include(
    pos: &FilePos<'_>,
    text: &str,
    call: &cw_syntax::TemplateCall,
) -> Option<CodeAction> {
    if call.is_block || call.pipe.as_ref().is_none_or(|p| p.cmds.len() < 2) {
        return None;
    }
    let head = text.get(call.range.start() as usize..call.name_range.start() as usize)?;
    let kw = head.find("template")?;
    let start = call.range.start() + kw as u32;
    let mut edit = SourceChange::default();
    edit.insert(
        pos.path.to_path_buf(),
        TextEdit {
            range: TextRange::new(start, start + "template".len() as u32),
            new_text: "include".into(),
        },
    );
    Some(CodeAction {
        title: "Use `include` so the pipeline applies to the template's output".into(),
        kind: CodeActionKind::RefactorRewrite,
        edit,
        fixes: None,
        is_preferred: false,
    })
}

fn visit_actions<'a>(n: &'a Node, depth: usize, f: &mut dyn FnMut(&'a cw_syntax::Action)) {
    if depth > super::MAX_WALK_DEPTH {
        return;
    }
    match n {
        Node::Action(a) => f(a),
        Node::If(b) | Node::Range(b) | Node::With(b) => {
            for c in b
                .list
                .nodes
                .iter()
                .chain(b.else_list.iter().flat_map(|l| &l.nodes))
            {
                visit_actions(c, depth + 1, f);
            }
        }
        _ => {}
    }
}

fn mentions(p: &Pipeline, names: &[&str], depth: usize) -> bool {
    depth < super::MAX_WALK_DEPTH
        && p.cmds.iter().any(|c| {
            c.args.iter().any(|a| match a {
                Operand::Identifier(i) => names.contains(&i.name.as_str()),
                Operand::Pipe(p) => mentions(p, names, depth + 1),
                _ => false,
            })
        })
}

/// `  {{ toYaml .x | indent 2 }}` at the start of a line → `  {{- toYaml .x | nindent 2 }}`:
/// the indentation written before the action shifts only the first line of the output; trimming
/// it and letting `nindent` start a new line indents every line the same.
fn nindent_rewrite(pos: &FilePos<'_>, text: &str, a: &cw_syntax::Action) -> Option<CodeAction> {
    let start = a.range.start() as usize;
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    if line_start == 0
        || !text[line_start..start]
            .chars()
            .all(|c| c == ' ' || c == '\t')
    {
        return None;
    }
    if !mentions(
        &a.pipe,
        &["toYaml", "mustToYaml", "toYamlPretty", "include"],
        0,
    ) {
        return None;
    }
    let indent = a.pipe.cmds.iter().find_map(|c| match c.args.first() {
        Some(Operand::Identifier(i)) if i.name == "indent" => Some(i),
        _ => None,
    })?;
    let mut edit = SourceChange::default();
    let after_open = &text[start + 2..];
    if !after_open.starts_with('-') {
        let insert = if after_open.starts_with([' ', '\t', '\n']) {
            "-"
        } else {
            "- "
        };
        edit.insert(
            pos.path.to_path_buf(),
            TextEdit {
                range: TextRange::empty(start as u32 + 2),
                new_text: insert.into(),
            },
        );
    }
    edit.insert(
        pos.path.to_path_buf(),
        TextEdit {
            range: indent.range,
            new_text: "nindent".into(),
        },
    );
    let n = a
        .pipe
        .cmds
        .iter()
        .find(|c| matches!(c.args.first(), Some(Operand::Identifier(i)) if i.range == indent.range))
        .and_then(|c| c.args.get(1))
        .map(|arg| text[arg.range().to_usize()].to_string())
        .unwrap_or_default();
    Some(CodeAction {
        title: format!("Use `{{{{-` and `nindent {n}` (every line indented alike)"),
        kind: CodeActionKind::RefactorRewrite,
        edit,
        fixes: None,
        is_preferred: false,
    })
}

/// Up to three names close to `name` (edit distance, then a shared prefix), best first.
pub(crate) fn suggestions<'a>(name: &str, names: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let max = match name.chars().count() {
        0..=3 => 1,
        4..=6 => 2,
        _ => 3,
    };
    let lower = name.to_lowercase();
    let mut scored: Vec<(usize, &str)> = names
        .filter(|n| *n != name)
        .filter_map(|n| {
            let d = distance(&lower, &n.to_lowercase());
            (d <= max).then_some((d, n))
        })
        .collect();
    scored.sort();
    scored.dedup_by_key(|s| s.1);
    scored.into_iter().take(3).map(|s| s.1).collect()
}

/// Optimal string alignment distance (Levenshtein with transpositions).
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > 3 {
        return usize::MAX;
    }
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_rank_by_distance() {
        let names = ["nindent", "indent", "include", "toYaml", "toJson"];
        assert_eq!(
            suggestions("nidnent", names.iter().copied()),
            vec!["nindent", "indent"]
        );
        assert_eq!(suggestions("toYml", names.iter().copied()), vec!["toYaml"]);
        assert!(suggestions("zzzzzzzz", names.iter().copied()).is_empty());
    }
}
