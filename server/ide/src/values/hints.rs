//! Inlay hints: the resolved value after each `.Values` reference of a template, from the
//! computed `.Values` of the template's chart (`= nginx`, `= {…3 keys}`).

use std::path::Path;

use cw_base::TextRange;

use super::present;
use crate::types::InlayHint;
use crate::{Analysis, Cancellable};

impl Analysis {
    /// Hints for the `.Values` references of the template at `path` that end inside `range`.
    pub fn inlay_hints(&self, path: &Path, range: TextRange) -> Cancellable<Vec<InlayHint>> {
        let Some(chart) = self.chart_of(path)? else {
            return Ok(Vec::new());
        };
        let Some(t) = chart.templates.iter().position(|t| t.path == path) else {
            return Ok(Vec::new());
        };
        let template = &chart.templates[t];
        let Some(scope) = chart.scope(&template.chart_prefix) else {
            // A disabled subchart: nothing renders it.
            return Ok(Vec::new());
        };
        let model = super::model::model_of(&chart);
        let text = template.text.as_bytes();
        let mut out: Vec<InlayHint> = Vec::new();
        for r in &model.templates[t].refs {
            // A key read at render time, or the fields of every element: no single value.
            if r.dynamic || super::index::has_elem(&r.path) {
                continue;
            }
            let Some(end) = r.end() else { continue };
            // After the closing quote of an `index` key.
            let mut offset = end.end();
            if matches!(text.get(offset as usize), Some(b'"') | Some(b'`'))
                && end.start() > 0
                && text.get(end.start() as usize - 1) == text.get(offset as usize)
            {
                offset += 1;
            }
            if offset < range.start() || offset > range.end() {
                continue;
            }
            let Some(v) = present::lookup(&scope.values, &r.path) else {
                continue;
            };
            if out.iter().any(|h| h.offset == offset) {
                continue;
            }
            let mut tooltip = format!("`.Values.{}`", r.path.join("."));
            let files: Vec<String> = super::subject::keys_in_order(
                &chart,
                &model,
                &super::subject::Subject {
                    prefix: template.chart_prefix.clone(),
                    path: r.path.clone(),
                    range: end,
                    origin: super::subject::Origin::Key,
                },
            )
            .into_iter()
            .filter_map(|k| {
                let f = &chart.values_files[k.file];
                present::file_node(f, &k.path).map(|n| {
                    format!(
                        "- `{}`: `{}`",
                        present::file_label(&chart, f),
                        present::short_node(f, n)
                    )
                })
            })
            .collect();
            if !files.is_empty() {
                tooltip.push_str("\n\n");
                tooltip.push_str(&files.join("\n"));
            }
            out.push(InlayHint {
                offset,
                label: format!("= {}", present::short_value(&v)),
                tooltip: Some(tooltip),
            });
        }
        out.sort_by_key(|h| h.offset);
        Ok(out)
    }
}
