//! Source maps from rendered output back to template text: which bytes of an execution's output
//! buffer came from which span of which parsed text, recorded on request by
//! [`crate::TemplateSet::execute_with_budget_mapped`].
//!
//! What maps where:
//! - a text node's bytes map byte for byte to the text ([`SegmentKind::Text`]; after trim
//!   markers only the bytes actually written are mapped);
//! - what an action prints (`{{ .Values.x }}`, `{{ include "a" . | nindent 4 }}`) maps as a
//!   whole to the action's span, `{{` to `}}` ([`SegmentKind::Action`]). Output built inside a
//!   function (`include`, `tpl`) comes back as a value, so it maps to the calling action;
//! - `{{template}}`/`{{block}}` bodies are written directly, so their text and actions map into
//!   the called template's own parse (its file, e.g. `_helpers.tpl`).
//!
//! Segments are in output order and do not overlap; an action that printed nothing keeps an
//! empty segment, so that the action can still be found in the output.

use std::ops::Range;
use std::sync::Arc;

use cw_base::TextRange;

/// How the bytes of a segment relate to its span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SegmentKind {
    /// Template text copied verbatim: output byte `out.start + i` is source byte
    /// `span.start + i` (`out` and `span` have the same length).
    Text,
    /// The printed value of an action: the whole output range comes from the whole span.
    Action,
}

/// One run of output bytes and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// Bytes of the output buffer.
    pub out: Range<u32>,
    /// The parse name (Go's `ParseName`: the file the template was parsed from).
    pub source: Arc<str>,
    /// The bytes of that text: the text written, or the whole action `{{ ... }}`.
    pub span: TextRange,
    pub kind: SegmentKind,
}

impl Segment {
    /// The source bytes output byte `offset` (inside `out`) came from: one byte of text, or
    /// the whole action.
    pub fn source_range(&self, offset: u32) -> TextRange {
        match self.kind {
            SegmentKind::Text => {
                let at = self.span.start() + (offset - self.out.start);
                TextRange::new(at, at + 1)
            }
            SegmentKind::Action => self.span,
        }
    }
}

/// The source map of one execution's output. Build it with
/// [`crate::TemplateSet::execute_with_budget_mapped`]; query it with [`SourceMap::source_at`]
/// (output → template) and [`SourceMap::output_ranges`] (template → output).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceMap {
    segments: Vec<Segment>,
}

fn u(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl SourceMap {
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// The segments in output order.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    pub fn clear(&mut self) {
        self.segments.clear();
    }

    /// Appends a segment; `out` must start at or after the end of the last one. Text segments
    /// whose `out` and `span` lengths differ are recorded as [`SegmentKind::Action`] (mapped as
    /// a whole), so a `Text` segment always maps byte for byte.
    pub fn push(
        &mut self,
        out: Range<usize>,
        source: &Arc<str>,
        span: TextRange,
        kind: SegmentKind,
    ) {
        let out = u(out.start)..u(out.end);
        let kind = match kind {
            SegmentKind::Text if out.end - out.start != span.len() => SegmentKind::Action,
            k => k,
        };
        if kind == SegmentKind::Text && out.start == out.end {
            return;
        }
        // Text written in several pieces from one contiguous source run reads as one segment.
        if let Some(last) = self.segments.last_mut() {
            if kind == SegmentKind::Text
                && last.kind == SegmentKind::Text
                && last.out.end == out.start
                && last.span.end() == span.start()
                && Arc::ptr_eq(&last.source, source)
            {
                last.out.end = out.end;
                last.span = TextRange::new(last.span.start(), span.end());
                return;
            }
        }
        self.segments.push(Segment {
            out,
            source: source.clone(),
            span,
            kind,
        });
    }

    /// The segment that wrote output byte `offset`.
    pub fn segment_at(&self, offset: u32) -> Option<&Segment> {
        let i = self.segments.partition_point(|s| s.out.end <= offset);
        self.segments.get(i).filter(|s| s.out.start <= offset)
    }

    /// Where output byte `offset` came from: the parse name and the exact source byte for text,
    /// the whole action for printed values. `None` for bytes not recorded (none, in a mapped
    /// execution's own output).
    pub fn source_at(&self, offset: u32) -> Option<(&Arc<str>, TextRange)> {
        self.segment_at(offset)
            .map(|s| (&s.source, s.source_range(offset)))
    }

    /// Every output range written from source byte `offset` of `source` (several when a
    /// `range` body or a define runs more than once), in output order: one byte for text, the
    /// whole printed value for an action (empty when it printed nothing).
    pub fn output_ranges(&self, source: &str, offset: u32) -> Vec<Range<u32>> {
        self.output_ranges_in(source, TextRange::new(offset, offset.saturating_add(1)))
    }

    /// Every output range written from bytes of `range` in `source`, in output order: the
    /// corresponding bytes of text segments, and the whole output of every action whose span
    /// overlaps `range` (an empty `range` touches an action when it lies inside it).
    pub fn output_ranges_in(&self, source: &str, range: TextRange) -> Vec<Range<u32>> {
        let mut out = Vec::new();
        for s in &self.segments {
            if &*s.source != source {
                continue;
            }
            let lo = range.start().max(s.span.start());
            let hi = range.end().min(s.span.end());
            let touches =
                lo < hi || (range.is_empty() && s.span.start() <= lo && lo < s.span.end());
            if !touches {
                continue;
            }
            match s.kind {
                SegmentKind::Text => {
                    let a = s.out.start + (lo - s.span.start());
                    let b = s.out.start + (hi.max(lo) - s.span.start());
                    out.push(a..b);
                }
                SegmentKind::Action => out.push(s.out.clone()),
            }
        }
        out
    }

    /// Removes the output bytes of `ranges` (sorted, disjoint, as found left to right) and
    /// shifts what follows, as erasing them from the output does. Text segments split around
    /// an erased run keep mapping byte for byte; an action whose output is erased entirely keeps
    /// an empty segment.
    pub fn erase(&mut self, ranges: &[Range<u32>]) {
        if ranges.is_empty() {
            return;
        }
        // Erased bytes before `x`.
        let mut prefix = Vec::with_capacity(ranges.len() + 1);
        prefix.push(0u32);
        for r in ranges {
            let last = *prefix.last().unwrap_or(&0);
            prefix.push(last + (r.end - r.start));
        }
        let removed_before = |x: u32| -> u32 {
            // Ranges that start before x.
            let i = ranges.partition_point(|r| r.start < x);
            if i == 0 {
                return 0;
            }
            let r = &ranges[i - 1];
            prefix[i - 1] + (x.min(r.end) - r.start)
        };
        let mut next = Vec::with_capacity(self.segments.len());
        for s in self.segments.drain(..) {
            match s.kind {
                SegmentKind::Action => {
                    let a = s.out.start - removed_before(s.out.start);
                    let b = s.out.end - removed_before(s.out.end);
                    next.push(Segment { out: a..b, ..s });
                }
                SegmentKind::Text => {
                    // The pieces of s.out outside every erased range.
                    let first = ranges.partition_point(|r| r.end <= s.out.start);
                    let mut cur = s.out.start;
                    let mut pieces = Vec::new();
                    for r in &ranges[first..] {
                        if r.start >= s.out.end {
                            break;
                        }
                        if r.start > cur {
                            pieces.push(cur..r.start);
                        }
                        cur = cur.max(r.end);
                    }
                    if cur < s.out.end {
                        pieces.push(cur..s.out.end);
                    }
                    for p in pieces {
                        let from = s.span.start() + (p.start - s.out.start);
                        let span = TextRange::new(from, from + (p.end - p.start));
                        let a = p.start - removed_before(p.start);
                        next.push(Segment {
                            out: a..a + (p.end - p.start),
                            source: s.source.clone(),
                            span,
                            kind: SegmentKind::Text,
                        });
                    }
                }
            }
        }
        self.segments = next;
    }

    /// The part of the map inside output range `range`, rebased so that `range.start` is 0 (the
    /// map of one document cut out of a template's output). Text segments are cut byte for
    /// byte; actions that overlap the range are kept, clipped.
    pub fn slice(&self, range: Range<u32>) -> SourceMap {
        let mut out = SourceMap::new();
        let first = self.segments.partition_point(|s| s.out.end < range.start);
        for s in &self.segments[first..] {
            if s.out.start > range.end {
                break;
            }
            let a = s.out.start.max(range.start);
            let b = s.out.end.min(range.end);
            // Overlapping bytes, or an empty action inside the range.
            let keep = a < b
                || (s.out.is_empty() && range.contains(&s.out.start))
                || (s.out.is_empty() && s.out.start == range.end);
            if !keep {
                continue;
            }
            let span = match s.kind {
                SegmentKind::Text => {
                    let from = s.span.start() + (a - s.out.start);
                    TextRange::new(from, from + (b - a))
                }
                SegmentKind::Action => s.span,
            };
            out.segments.push(Segment {
                out: a - range.start..b - range.start,
                source: s.source.clone(),
                span,
                kind: s.kind,
            });
        }
        out
    }
}

/// Erases every `pat` from `out` as `str::replace(pat, "")` does (left to right, without
/// overlap) and, when given, keeps `map` true for the shorter output. Helm erases
/// `<no value>` from every rendered template this way.
pub fn erase_str(out: &mut String, map: Option<&mut SourceMap>, pat: &str) {
    if pat.is_empty() || !out.contains(pat) {
        return;
    }
    if let Some(map) = map {
        let ranges: Vec<Range<u32>> = out
            .match_indices(pat)
            .map(|(i, m)| u(i)..u(i + m.len()))
            .collect();
        map.erase(&ranges);
    }
    *out = out.replace(pat, "");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(m: &mut SourceMap, src: &Arc<str>, out: Range<usize>, at: u32) {
        let len = (out.end - out.start) as u32;
        m.push(out, src, TextRange::new(at, at + len), SegmentKind::Text);
    }

    #[test]
    fn erase_splits_text_and_shrinks_actions() {
        let f: Arc<str> = Arc::from("f");
        let mut m = SourceMap::new();
        // "ab<no value>cd" from text at 10, then an action printing "<no value>" at 50..60.
        text(&mut m, &f, 0..14, 10);
        m.push(14..24, &f, TextRange::new(50, 60), SegmentKind::Action);
        text(&mut m, &f, 24..26, 60);
        let mut out = "ab<no value>cd<no value>ef".to_string();
        erase_str(&mut out, Some(&mut m), "<no value>");
        assert_eq!(out, "abcdef");
        let segs: Vec<(Range<u32>, TextRange)> = m
            .segments()
            .iter()
            .map(|s| (s.out.clone(), s.span))
            .collect();
        assert_eq!(
            segs,
            vec![
                (0..2, TextRange::new(10, 12)),
                (2..4, TextRange::new(22, 24)),
                (4..4, TextRange::new(50, 60)),
                (4..6, TextRange::new(60, 62)),
            ]
        );
        assert_eq!(m.source_at(3).map(|(_, r)| r), Some(TextRange::new(23, 24)));
        assert_eq!(m.output_ranges("f", 55), vec![4..4]);
        assert_eq!(m.output_ranges("f", 61), vec![5..6]);
    }

    #[test]
    fn slice_rebases() {
        let f: Arc<str> = Arc::from("f");
        let mut m = SourceMap::new();
        text(&mut m, &f, 0..5, 0);
        m.push(5..9, &f, TextRange::new(5, 20), SegmentKind::Action);
        text(&mut m, &f, 9..12, 20);
        let s = m.slice(3..10);
        let segs: Vec<(Range<u32>, TextRange)> = s
            .segments()
            .iter()
            .map(|s| (s.out.clone(), s.span))
            .collect();
        assert_eq!(
            segs,
            vec![
                (0..2, TextRange::new(3, 5)),
                (2..6, TextRange::new(5, 20)),
                (6..7, TextRange::new(20, 21)),
            ]
        );
    }
}
