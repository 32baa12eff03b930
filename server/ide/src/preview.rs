//! The render preview: the manifests of a root chart as `helm template` prints them (or the
//! documents of one template), with a source map from every rendered byte back to the template
//! text that wrote it, and the render errors.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use cw_base::{Finding, TextRange};
use cw_engine::output::{assemble, OutputOptions};
use cw_engine::{RenderChart, Rendered};
use cw_template::{SegmentKind, SourceMap};

use crate::diagnostics::render::{self as drender, Names};
use crate::{db, Analysis, Cancellable, ChartAnalysis, FileRange};

/// A rendered preview.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Preview {
    /// The root chart rendered.
    pub root: PathBuf,
    /// The manifests (`---\n# Source: chart/templates/x.yaml\n...`), in Helm's order.
    pub text: String,
    /// Where the bytes of `text` came from, sorted by `rendered`; the `# Source:` headers and
    /// separators have no segment.
    pub segments: Vec<PreviewSegment>,
    /// Render errors (template syntax, execution, invalid rendered YAML) with absolute paths;
    /// the templates that failed are left out of `text`.
    pub errors: Vec<Finding>,
}

/// A run of preview text and the template text that wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreviewSegment {
    /// Bytes of [`Preview::text`].
    pub rendered: TextRange,
    /// The template file (a define's file for text written by `{{template}}`).
    pub path: PathBuf,
    /// The template bytes: the same text byte for byte when `verbatim`, else the whole action
    /// (`{{ ... }}`) whose value was printed.
    pub range: TextRange,
    pub verbatim: bool,
}

impl Preview {
    /// The template location of preview byte `offset`: one byte of template text, or the
    /// whole action that printed it.
    pub fn source_at(&self, offset: u32) -> Option<FileRange> {
        let i = self
            .segments
            .partition_point(|s| s.rendered.end() <= offset);
        let s = self.segments[i..]
            .iter()
            .take_while(|s| s.rendered.start() <= offset)
            .find(|s| s.rendered.start() <= offset && offset < s.rendered.end())?;
        let range = if s.verbatim {
            let at = s.range.start() + (offset - s.rendered.start());
            TextRange::new(at, at + 1)
        } else {
            s.range
        };
        Some(FileRange {
            path: s.path.clone(),
            range,
        })
    }

    /// Every preview range written from the bytes `range` of the template at `path` (several
    /// when a loop or a define repeats it), in preview order: the matching bytes of verbatim
    /// text and the whole output of every action that overlaps `range` (an empty range touches
    /// the action around it).
    pub fn rendered_ranges(&self, path: &Path, range: TextRange) -> Vec<TextRange> {
        let mut out = Vec::new();
        for s in self.segments.iter().filter(|s| s.path == path) {
            let touches = if range.is_empty() {
                s.range.start() <= range.start()
                    && range.start() < s.range.end().max(s.range.start() + 1)
            } else {
                s.range.start() < range.end() && range.start() < s.range.end()
            };
            if !touches {
                continue;
            }
            if s.verbatim {
                let from = range.start().max(s.range.start());
                let to = range
                    .end()
                    .max(from + u32::from(range.is_empty()))
                    .min(s.range.end());
                let at = s.rendered.start() + (from - s.range.start());
                out.push(TextRange::new(at, at + (to - from)));
            } else {
                out.push(s.rendered);
            }
        }
        out
    }
}

impl Analysis {
    /// The preview of the root chart of `path` (or, with `only_template`, of the template at
    /// `path` alone). `value_files` replaces the configured values files for this request
    /// only; the cached analysis is left as it is.
    pub fn render_preview(
        &self,
        path: &Path,
        value_files: Option<Vec<String>>,
        only_template: bool,
    ) -> Cancellable<Preview> {
        let path = crate::vfs::normalize(path);
        let Some(root) = self.root_chart_of(&path) else {
            return Ok(Preview::default());
        };
        let chart = match value_files {
            Some(files) if files != self.config().value_files => {
                let mut config = self.config().clone();
                config.value_files = files;
                self.check_cancelled()?;
                Arc::new(db::analyse_with_flag(
                    self.vfs(),
                    &root,
                    &config,
                    &|| self.is_cancelled(),
                    Some(self.cancel_flag()),
                )?)
            }
            _ => self.chart(&root)?,
        };
        self.render_of(&chart)?;
        Ok(build(&chart, only_template.then_some(path.as_path())))
    }
}

/// The preview of an analysed chart (or of one template of it).
pub fn build(chart: &ChartAnalysis, only: Option<&Path>) -> Preview {
    let mut preview = Preview {
        root: chart.root.clone(),
        ..Preview::default()
    };
    let Some(render) = chart.render() else {
        preview.errors = chart
            .chart_findings
            .iter()
            .filter(|f| f.severity == cw_base::Severity::Error)
            .map(|f| crate::diagnostics::absolute(&chart.root, f.clone()))
            .collect();
        return preview;
    };
    let names = Names::new(chart);
    drender::syntax_errors(chart, &mut preview.errors);
    drender::render_errors(chart, &mut preview.errors);

    // What assembles: the templates that rendered. When Helm would refuse the YAML of some,
    // they are reported and left out (looked for only then: it means parsing every document).
    let rc = RenderChart::single(&chart.loaded.chart, cw_template::Value::Nil);
    let mut rendered: Rendered = render.rendered();
    let output = match assemble(&rc, &rendered, &OutputOptions::default()) {
        Ok(o) => Ok(o),
        Err(_) => {
            drender::rendered_yaml_errors(chart, &mut preview.errors);
            rendered
                .templates
                .retain(|t| drender::rendered_yaml_error(&t.name, &t.content).is_none());
            assemble(&rc, &rendered, &OutputOptions::default())
        }
    };
    let output = match output {
        Ok(o) => o,
        Err(e) => {
            preview.errors.push(Finding::error(
                crate::diagnostics::codes::RENDERED_YAML_INVALID,
                &chart.root,
                None,
                e.message,
            ));
            return preview;
        }
    };
    let only_name = only.map(|p| {
        chart
            .template(p)
            .map(|t| t.helm_name.clone())
            .unwrap_or_default()
    });
    let mut text = String::new();
    for d in &output.documents {
        let (Some(t), Some(c)) = (&d.text_range, &d.content_range) else {
            continue;
        };
        let text_start = match &only_name {
            Some(name) => {
                if d.source != *name {
                    continue;
                }
                text.push_str("---\n# Source: ");
                text.push_str(&d.source);
                text.push('\n');
                let at = text.len() as u32;
                text.push_str(&d.content);
                text.push('\n');
                at
            }
            None => t.start,
        };
        let Some(map) = render.get(&d.source).and_then(|r| r.source_map.as_ref()) else {
            continue;
        };
        push_segments(&mut preview.segments, &names, map, c.clone(), text_start);
    }
    preview.text = match only_name {
        Some(_) => text,
        None => output.text,
    };
    preview
        .segments
        .sort_by_key(|s| (s.rendered.start(), s.rendered.end()));
    if let Some(p) = only {
        preview
            .errors
            .retain(|f| f.file == p || f.related.iter().any(|r| r.file == p));
    }
    preview
}

/// The segments of `map` inside the template output range `content`, moved to where that
/// output was printed (`text_start`).
fn push_segments(
    out: &mut Vec<PreviewSegment>,
    names: &Names<'_>,
    map: &SourceMap,
    content: std::ops::Range<u32>,
    text_start: u32,
) {
    for s in map.segments() {
        let empty = s.out.start == s.out.end;
        let inside = if empty {
            content.start <= s.out.start && s.out.start <= content.end
        } else {
            s.out.start < content.end && s.out.end > content.start
        };
        if !inside {
            continue;
        }
        let Some(path) = names.path(&s.source) else {
            continue;
        };
        let from = s.out.start.max(content.start);
        let to = s.out.end.min(content.end).max(from);
        let rendered = TextRange::new(
            text_start + (from - content.start),
            text_start + (to - content.start),
        );
        let (range, verbatim) = match s.kind {
            SegmentKind::Text => {
                let at = s.span.start() + (from - s.out.start);
                (TextRange::new(at, at + (to - from)), true)
            }
            SegmentKind::Action => (s.span, false),
        };
        out.push(PreviewSegment {
            rendered,
            path,
            range,
            verbatim,
        });
    }
}
