//! Template diagnostics: syntax errors, render errors at the failing action (and inside the
//! define it failed in), invalid YAML in the rendered output mapped back through the source map,
//! and the lint rules over rendered templates.

use std::collections::HashMap;
use std::path::PathBuf;

use cw_base::{Finding, TextRange};
use cw_engine::{RenderError, TemplateRender};
use cw_template::{BudgetKind, ErrorLocation, ExecErrorKind, SegmentKind, SourceMap};

use super::codes;
use crate::{ChartAnalysis, TemplateFile};

/// Every parse error of every template (each file parsed alone, so a broken file does not hide
/// the errors of the others).
pub(crate) fn syntax_errors(chart: &ChartAnalysis, out: &mut Vec<Finding>) {
    for t in &chart.templates {
        for e in &t.parse.errors {
            out.push(Finding::error(
                codes::TEMPLATE_SYNTAX,
                &t.path,
                Some(e.range),
                e.message.clone(),
            ));
        }
    }
}

/// Helm template names (`chart/charts/sub/templates/x.yaml`) → the template files.
pub(crate) struct Names<'a> {
    by_name: HashMap<&'a str, &'a TemplateFile>,
    chart: &'a ChartAnalysis,
}

impl<'a> Names<'a> {
    pub(crate) fn new(chart: &'a ChartAnalysis) -> Names<'a> {
        Names {
            by_name: chart
                .templates
                .iter()
                .map(|t| (t.helm_name.as_str(), t))
                .collect(),
            chart,
        }
    }

    /// The absolute path of the file a parse name (a Helm template name) was read from.
    pub(crate) fn path(&self, parse_name: &str) -> Option<PathBuf> {
        if let Some(t) = self.by_name.get(parse_name) {
            return Some(t.path.clone());
        }
        let rel = self.chart.render()?.files.get(parse_name)?;
        Some(self.chart.root.join(rel))
    }

    pub(crate) fn template(&self, parse_name: &str) -> Option<&'a TemplateFile> {
        self.by_name.get(parse_name).copied()
    }
}

/// Each execution error at the action that failed in the executed template; a failure inside an
/// included define (or a `{{template}}` body) is also reported at the failing node in the
/// define's file, each pointing at the other.
pub(crate) fn render_errors(chart: &ChartAnalysis, out: &mut Vec<Finding>) {
    let Some(render) = chart.render() else { return };
    let names = Names::new(chart);
    for t in &render.templates {
        let Some(RenderError::Exec { message, error, .. }) = &t.error else {
            continue;
        };
        let Some(file) = names.path(&t.name) else {
            continue;
        };
        if error.kind == ExecErrorKind::Budget(BudgetKind::Time) {
            // Machine-dependent: a warning on the template, not an error of the chart.
            out.push(Finding::warning(
                codes::RENDER_TIME_LIMIT,
                &file,
                None,
                "rendering stopped at the time limit before this template was done; its \
                 diagnostics are incomplete",
            ));
            continue;
        }
        let located: Vec<(PathBuf, &ErrorLocation)> = error
            .trace
            .iter()
            .chain(error.location.as_ref().filter(|_| error.trace.is_empty()))
            .filter_map(|l| names.path(&l.parse_name).map(|p| (p, l)))
            .collect();
        // The outermost location in the executed template itself: the calling action.
        let outer = located.iter().find(|(p, _)| *p == file);
        let inner = located.last();
        let mut f = Finding::error(
            codes::RENDER_ERROR,
            &file,
            outer.map(|(_, l)| l.range),
            shorten(message),
        );
        if let Some((ipath, iloc)) = inner {
            let same = outer.is_some_and(|(p, l)| p == ipath && l.range == iloc.range);
            if !same {
                f = f.with_related(
                    ipath,
                    Some(iloc.range),
                    format!("the failing action, in {}", iloc.parse_name),
                );
                let mut g = Finding::error(
                    codes::RENDER_ERROR,
                    ipath,
                    Some(iloc.range),
                    core_message(message),
                );
                if let Some((_, l)) = outer {
                    g = g.with_related(
                        &file,
                        Some(l.range),
                        format!("called while rendering {}", t.name),
                    );
                }
                out.push(g);
            }
        }
        out.push(f);
    }
    merge_define_errors(out);
}

/// Helm's message with the levels of a deep include chain elided: the first levels (where the
/// executed template failed) and the last (what failed) are kept. Helm prints a trace either as
/// one indented line per level or, for some errors, as one line with the levels joined by `: `;
/// both are cut, so a thousand-level recursion stays a readable diagnostic.
pub(crate) fn shorten(message: &str) -> String {
    const KEEP: usize = 3;
    let lines: Vec<&str> = message.lines().collect();
    if lines.len() > 4 * KEEP {
        let mut out = lines[..KEEP].join("\n");
        out.push_str(&format!(
            "\n  ... {} more lines ...\n",
            lines.len() - 2 * KEEP
        ));
        out.push_str(&lines[lines.len() - KEEP..].join("\n"));
        return out;
    }
    // One long line: the levels are the `template: NAME:L:C: executing ...` parts.
    const LEVEL: &str = "template: ";
    let starts: Vec<usize> = message
        .match_indices(LEVEL)
        .map(|(i, _)| i)
        .filter(|&i| {
            message[i + LEVEL.len()..]
                .split(' ')
                .next()
                .is_some_and(is_location)
        })
        .collect();
    if starts.len() <= 2 * KEEP {
        return message.to_string();
    }
    let head = &message[..starts[KEEP]];
    let tail = &message[starts[starts.len() - KEEP]..];
    format!(
        "{}\n  ... {} more levels ...\n{}",
        head.trim_end(),
        starts.len() - 2 * KEEP,
        tail
    )
}

/// `NAME:LINE:COL:` as Go's template errors start.
fn is_location(word: &str) -> bool {
    let Some(word) = word.strip_suffix(':') else {
        return false;
    };
    let mut parts = word.rsplitn(3, ':');
    let col = parts.next().unwrap_or("");
    let line = parts.next().unwrap_or("");
    parts.next().is_some()
        && !col.is_empty()
        && !line.is_empty()
        && col.bytes().all(|b| b.is_ascii_digit())
        && line.bytes().all(|b| b.is_ascii_digit())
}

/// What failed, without Helm's location prefix: the text after `execution error at (..): `, or
/// the innermost level of a traced message (its last line, after its last `executing ... at
/// <ACTION>: `).
pub(crate) fn core_message(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("execution error at (") {
        if let Some((_, msg)) = rest.split_once("): ") {
            return msg.to_string();
        }
    }
    let last = message
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or(message);
    if let Some(i) = last.rfind("executing \"") {
        if let Some(j) = last[i..].find(">: ") {
            return last[i + j + 3..].to_string();
        }
    }
    last.to_string()
}

/// A define that fails for several callers is one finding at its node with one related
/// location per caller.
fn merge_define_errors(out: &mut Vec<Finding>) {
    let mut merged: Vec<Finding> = Vec::new();
    for f in out.drain(..) {
        let key_same = |g: &Finding| {
            g.code == codes::RENDER_ERROR
                && f.code == codes::RENDER_ERROR
                && g.file == f.file
                && g.range == f.range
        };
        match merged.iter_mut().find(|g| key_same(g)) {
            Some(g) => {
                for r in f.related {
                    if !g.related.contains(&r) {
                        g.related.push(r);
                    }
                }
            }
            None => merged.push(f),
        }
    }
    *out = merged;
}

/// Whether a template's output goes through Helm's manifest split (everything but partials and
/// NOTES.txt).
fn is_manifest(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    !base.starts_with('_') && !name.ends_with("NOTES.txt")
}

/// Helm's error reading a document's head ([`cw_engine::manifest::parse_head`]), remembered by
/// the document's text: between two keystrokes almost every rendered document is unchanged, and
/// parsing them all again is most of the cost of the check on large charts.
fn head_error(doc: &str) -> Option<String> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    /// Entries kept before the cache starts over (a few large workspaces' worth of documents).
    const MAX_ENTRIES: usize = 50_000;
    /// The key of a document → its head error.
    type Cache = Mutex<HashMap<InputKey, Option<String>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let key = InputKey::of(&[doc.as_bytes()]);
    let cache = CACHE.get_or_init(Default::default);
    if let Some(hit) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return hit.clone();
    }
    let result = cw_engine::manifest::parse_head(doc).err();
    let mut map = cache.lock().unwrap_or_else(|e| e.into_inner());
    if map.len() >= MAX_ENTRIES {
        map.clear();
    }
    map.insert(key, result.clone());
    result
}

/// The first YAML problem of a rendered template as `helm template` reports it: Helm's message
/// and the byte range in the rendered text.
pub(crate) fn rendered_yaml_error(name: &str, content: &str) -> Option<(String, TextRange)> {
    if !is_manifest(name) {
        return None;
    }
    for doc in cw_engine::manifest::split_manifests(content) {
        let Some(e) = head_error(doc) else {
            continue;
        };
        let start = (doc.as_ptr() as usize).saturating_sub(content.as_ptr() as usize);
        let loaded = cw_yaml::load_documents(doc);
        let range = loaded
            .first()
            .and_then(|d| {
                d.first_error()
                    .map(|e| e.range)
                    .or_else(|| d.root.as_ref().map(|n| n.range))
            })
            .unwrap_or_else(|| TextRange::empty(0));
        return Some((
            format!("YAML parse error on {name}: {e}"),
            range.shifted(start as u32),
        ));
    }
    None
}

/// The template range that produced the rendered line at `offset`: the bytes of that line's
/// segments that come from the same file as the segment at `offset`.
pub(crate) fn map_rendered_line(
    map: &SourceMap,
    content: &str,
    offset: u32,
) -> Option<(std::sync::Arc<str>, TextRange)> {
    let mut at = (offset as usize).min(content.len());
    while !content.is_char_boundary(at) {
        at -= 1;
    }
    // An error at the end of the text (an unclosed block) is about the last non-blank line.
    let trimmed = content.trim_end();
    if at >= trimmed.len() {
        at = trimmed.char_indices().last().map_or(0, |(i, _)| i);
    }
    let ls = content[..at].rfind('\n').map_or(0, |i| i + 1) as u32;
    let le = content[at..].find('\n').map_or(content.len(), |i| at + i) as u32;
    let segs: Vec<_> = map
        .segments()
        .iter()
        .filter(|s| {
            (s.out.start < le && s.out.end > ls)
                || (s.out.start == s.out.end && s.out.start >= ls && s.out.start <= le)
        })
        .collect();
    let anchor = map
        .segment_at(at as u32)
        .filter(|s| s.out.start < le.max(ls + 1) && s.out.end > ls)
        .or_else(|| segs.iter().find(|s| s.out.end > s.out.start).copied())
        .or_else(|| segs.first().copied())?;
    let source = anchor.source.clone();
    let mut cover: Option<TextRange> = None;
    for s in segs.iter().filter(|s| s.source == source) {
        let r = match s.kind {
            SegmentKind::Text => {
                let from = s.out.start.max(ls);
                let to = s.out.end.min(le);
                if to <= from {
                    continue;
                }
                let start = s.span.start() + (from - s.out.start);
                TextRange::new(start, start + (to - from))
            }
            SegmentKind::Action => s.span,
        };
        cover = Some(cover.map_or(r, |c| c.cover(r)));
    }
    Some((source, cover?))
}

/// Invalid YAML in each rendered template (Helm stops at the first; the language server reports
/// the first of every template), at the template text that produced the offending line.
pub(crate) fn rendered_yaml_errors(chart: &ChartAnalysis, out: &mut Vec<Finding>) {
    let Some(render) = chart.render() else { return };
    let names = Names::new(chart);
    for t in render.templates.iter().filter(|t| t.error.is_none()) {
        let Some((message, range)) = rendered_yaml_error(&t.name, &t.content) else {
            continue;
        };
        let Some(file) = names.path(&t.name) else {
            continue;
        };
        let (path, at) = locate_rendered(&names, t, range)
            .unwrap_or_else(|| (file.clone(), fallback_locate(&names, t, range)));
        let mut f = Finding::error(codes::RENDERED_YAML_INVALID, &path, at, message);
        if path != file {
            // Produced by a define: say which template rendered it.
            f = f.with_related(&file, None, format!("rendered by {}", t.name));
        }
        out.push(f);
    }
}

/// The source-mapped location of a rendered range.
fn locate_rendered(
    names: &Names<'_>,
    t: &TemplateRender,
    range: TextRange,
) -> Option<(PathBuf, Option<TextRange>)> {
    let map = t.source_map.as_ref()?;
    let (source, r) = map_rendered_line(map, &t.content, range.start())?;
    Some((names.path(&source)?, Some(r)))
}

/// Without a source map: the template line whose text is the offending rendered line, when it
/// occurs once, else the whole file.
fn fallback_locate(names: &Names<'_>, t: &TemplateRender, range: TextRange) -> Option<TextRange> {
    let tf = names.template(&t.name)?;
    cw_lint::rendered::locate(&tf.text, &t.content, range)
}

/// The lint rules over rendered templates, for the templates of the root chart and of subcharts
/// kept as directories (archived dependencies are not the user's to fix). Invalid YAML is left to
/// [`rendered_yaml_errors`], which locates it through the source map.
pub(crate) fn lint_rules(
    chart: &ChartAnalysis,
    kube: cw_lint::KubeVersion,
    out: &mut Vec<Finding>,
) {
    let Some(render) = chart.render() else { return };
    for tf in &chart.templates {
        if tf.chart_prefix.contains(".tgz/") {
            continue;
        }
        let rel = format!("{}{}", tf.chart_prefix, tf.name);
        let rendered = render
            .templates
            .iter()
            .find(|r| r.name == tf.helm_name && r.error.is_none())
            .map(|r| r.content.as_str());
        for f in template_lint(&rel, &tf.text, rendered, kube).iter() {
            if f.code == cw_lint::rendered::manifest_yaml_invalid::RULE.code {
                continue;
            }
            let mut f = super::absolute(&chart.root, f.clone());
            f.file = tf.path.clone();
            out.push(f);
        }
    }
    // The CRD rules are in `chart.chart_findings` (`cw_lint::check_chart` runs them).
}

/// The rendered-template lint rules of one template (paths relative to the root chart), per
/// file and remembered by their inputs: the rules read nothing but the template's name, its
/// text, its rendered output and the Kubernetes version, so a template whose inputs are the
/// same as at the previous keystroke (every template but the edited one, when the values and
/// defines did not change) gets its findings back without parsing its output again.
fn template_lint(
    rel: &str,
    source: &str,
    rendered: Option<&str>,
    kube: cw_lint::KubeVersion,
) -> std::sync::Arc<Vec<Finding>> {
    use std::sync::{Arc, Mutex, OnceLock};
    /// Entries kept before the cache starts over (the templates of the charts being edited,
    /// many times over; every chart of a 400-chart workspace would not fit).
    const MAX_ENTRIES: usize = 4_096;
    type Cache = Mutex<HashMap<InputKey, Arc<Vec<Finding>>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let key = InputKey::of(&[
        rel.as_bytes(),
        source.as_bytes(),
        rendered.map_or(&b"\xff"[..], str::as_bytes),
        format!("{kube:?}").as_bytes(),
    ]);
    let cache = CACHE.get_or_init(Default::default);
    if let Some(hit) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return hit.clone();
    }
    let one = [cw_lint::RenderedTemplate {
        name: rel,
        source,
        rendered,
    }];
    let findings = Arc::new(cw_lint::check_templates(&one, kube));
    let mut map = cache.lock().unwrap_or_else(|e| e.into_inner());
    if map.len() >= MAX_ENTRIES {
        map.clear();
    }
    map.insert(key, findings.clone());
    findings
}

/// A key for inputs remembered by content: each part's length and two independent 64-bit
/// hashes of all parts (128 bits: a collision is not a practical concern).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct InputKey {
    lens: u64,
    h1: u64,
    h2: u64,
}

impl InputKey {
    /// The key as bytes (to fold it into another key).
    pub(crate) fn to_bytes(self) -> [u8; 24] {
        let mut out = [0u8; 24];
        out[..8].copy_from_slice(&self.lens.to_le_bytes());
        out[8..16].copy_from_slice(&self.h1.to_le_bytes());
        out[16..].copy_from_slice(&self.h2.to_le_bytes());
        out
    }

    pub(crate) fn of(parts: &[&[u8]]) -> InputKey {
        let mut k = KeyBuilder::default();
        for p in parts {
            k.add(p);
        }
        k.finish()
    }
}

/// Builds an [`InputKey`] part by part: two independent 64-bit lanes over the bytes, eight at
/// a time (`h = (h ^ w) * K; h ^= h >> 32` and a rotated variant with another constant; each
/// step is a bijection of the lane, so inputs differing in one word never collide). Several
/// times faster than SipHash: the keys cover megabytes of rendered output and CRD text per
/// keystroke, and no adversary chooses them.
pub(crate) struct KeyBuilder {
    lens: u64,
    h1: u64,
    h2: u64,
}

impl Default for KeyBuilder {
    fn default() -> KeyBuilder {
        KeyBuilder {
            lens: 0,
            h1: 0x243f_6a88_85a3_08d3,
            h2: 0x1319_8a2e_0370_7344,
        }
    }
}

const K1: u64 = 0x9e37_79b9_7f4a_7c15;
const K2: u64 = 0xc2b2_ae3d_27d4_eb4f;

impl KeyBuilder {
    #[inline]
    fn word(&mut self, w: u64) {
        self.h1 = (self.h1 ^ w).wrapping_mul(K1);
        self.h1 ^= self.h1 >> 32;
        self.h2 = (self.h2.rotate_left(23) ^ w).wrapping_mul(K2);
        self.h2 ^= self.h2 >> 29;
    }

    pub(crate) fn add(&mut self, part: &[u8]) {
        let mut chunks = part.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.word(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        // The tail word carries the part's length, so parts do not run into each other.
        self.word(u64::from_le_bytes(w));
        self.word(part.len() as u64);
        self.lens = self
            .lens
            .wrapping_mul(1_000_003)
            .wrapping_add(part.len() as u64);
    }

    pub(crate) fn finish(&self) -> InputKey {
        // A final avalanche of each lane.
        let fin = |mut h: u64| {
            h ^= h >> 33;
            h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
            h ^= h >> 33;
            h
        };
        InputKey {
            lens: self.lens,
            h1: fin(self.h1),
            h2: fin(self.h2),
        }
    }
}
