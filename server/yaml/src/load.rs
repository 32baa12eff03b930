//! The loader: saphyr-parser events → a raw tree with byte ranges → Helm's value model.
//!
//! Parsing is done by saphyr-parser (YAML 1.2 syntax, which for the documents Helm sees is the
//! same grammar as libyaml's); everything semantic is go-yaml v2 + sigs.k8s.io/yaml: YAML 1.1
//! scalar resolution, `<<` merge keys applied in place, last-wins duplicate keys, key
//! stringification, the JSON round trip (numbers become f64, `.inf` is refused), the alias
//! expansion budget ("document contains excessive aliasing").

use std::collections::HashMap;

use cw_base::TextRange;
use saphyr_parser::{Event, Parser, ScalarStyle as SStyle, Span, Tag};

use crate::node::{Entry, Mapping, Node, ScalarStyle, Value, YamlError, YamlErrorKind};
use crate::resolve::{self, Scalar};
use crate::Loaded;

/// Deepest nesting of collections the loader accepts. Helm itself accepts up to 10000 (go-yaml's
/// limit), but every consumer of the tree recurses (converters, emitters, the template engine,
/// even `Drop`), and saphyr-parser refuses flow nesting beyond 255 anyway; 256 keeps every
/// consumer far from the stack limit of a 2 MiB thread while no real chart comes near it.
pub const MAX_DEPTH: usize = 256;

/// How many times one text is re-parsed after adapting it to saphyr (one adaptation per
/// re-parse), and how many bytes all re-parses may read together; past either, the remaining
/// error is reported as it is.
const MAX_RETRIES: usize = 2000;
const RETRY_BYTES: usize = 32 << 20;

// ---------------------------------------------------------------------------------------------
// character index → byte offset

/// Converts saphyr's character indexes into UTF-8 byte offsets. Requests come almost in order,
/// so a cursor walks forward from the previous answer (and restarts from the nearest checkpoint,
/// kept every 256 characters, when asked for an earlier position).
pub(crate) struct CharMap<'a> {
    text: &'a str,
    ascii: bool,
    checkpoints: Vec<usize>,
    cursor: std::cell::Cell<(usize, usize)>,
}

const CP: usize = 256;

impl<'a> CharMap<'a> {
    pub(crate) fn new(text: &'a str) -> CharMap<'a> {
        let ascii = text.is_ascii();
        let mut checkpoints = Vec::new();
        if !ascii {
            for (n, (b, _)) in text.char_indices().enumerate() {
                if n % CP == 0 {
                    checkpoints.push(b);
                }
            }
        }
        CharMap {
            text,
            ascii,
            checkpoints,
            cursor: std::cell::Cell::new((0, 0)),
        }
    }

    pub(crate) fn byte(&self, char_index: usize) -> usize {
        if self.ascii {
            return char_index.min(self.text.len());
        }
        let (mut ci, mut bi) = self.cursor.get();
        if char_index < ci || char_index - ci > CP {
            let cp = char_index / CP;
            let Some(&start) = self.checkpoints.get(cp) else {
                return self.text.len();
            };
            ci = cp * CP;
            bi = start;
        }
        let bytes = self.text.as_bytes();
        while ci < char_index && bi < bytes.len() {
            bi += 1;
            while bi < bytes.len() && bytes[bi] & 0xC0 == 0x80 {
                bi += 1;
            }
            ci += 1;
        }
        self.cursor.set((ci, bi));
        bi
    }
}

// ---------------------------------------------------------------------------------------------
// raw tree

#[derive(Debug)]
pub(crate) enum RawKind {
    Scalar { text: String, style: ScalarStyle },
    Seq(Vec<u32>),
    Map(Vec<(u32, u32)>),
    Alias { target: Option<u32>, name: String },
}

#[derive(Debug)]
pub(crate) struct RawNode {
    pub(crate) kind: RawKind,
    pub(crate) range: TextRange,
    pub(crate) tag: Option<String>,
}

/// One parsed YAML document before resolution.
pub(crate) struct RawDoc {
    pub(crate) nodes: Vec<RawNode>,
    pub(crate) root: Option<u32>,
    /// Range of the whole document (for an empty document, where it would be).
    pub(crate) range: TextRange,
    pub(crate) error: Option<YamlError>,
    /// Byte offset (in the parsed text) of a tab after `:` that saphyr refused.
    tab_after_colon: Option<usize>,
    /// Lines inside a flow collection or a quoted scalar that saphyr finds under-indented
    /// (libyaml does not care): where each starts (in the parsed text) and how many spaces
    /// would satisfy saphyr.
    indent_fixes: Vec<(usize, usize)>,
    /// Tabs (offsets in the parsed text) libyaml reads as blanks but saphyr refuses.
    tab_fixes: Vec<usize>,
}

fn tag_string(tag: &Tag) -> String {
    if tag.handle == "!" {
        format!("!{}", tag.suffix)
    } else {
        format!("{}{}", tag.handle, tag.suffix)
    }
}

fn style(s: SStyle) -> ScalarStyle {
    match s {
        SStyle::Plain => ScalarStyle::Plain,
        SStyle::SingleQuoted => ScalarStyle::SingleQuoted,
        SStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
        SStyle::Literal => ScalarStyle::Literal,
        SStyle::Folded => ScalarStyle::Folded,
    }
}

struct Open {
    node: u32,
    pending_key: Option<u32>,
    flow: bool,
}

/// Parses `text` (which starts at byte `base` of the file) into raw documents. With
/// `first_only`, stops after the first document, as go-yaml v2's `Unmarshal` does.
pub(crate) fn parse_raw(
    text: &str,
    base: usize,
    first_only: bool,
    line_reader: bool,
) -> Vec<RawDoc> {
    // libyaml accepts a tab as the separator after `:` (`key:<TAB>value`); saphyr does not. Such
    // tabs are separators, never content, so they are read as spaces (same length, same offsets).
    //
    // YAML 1.1 (libyaml) reads NEL (U+0085) as a line break; saphyr (YAML 1.2) as a character.
    // NEL is two bytes, like "\n " (a break plus indentation, which folding drops), so offsets
    // stay the same.
    let mut owned: Option<String> = text
        .contains('\u{85}')
        .then(|| text.replace('\u{85}', "\n "));
    // Spaces inserted (at these offsets of the parsed text, this many) to satisfy saphyr's
    // indentation rule inside flow collections; ranges are mapped back afterwards.
    let mut inserts: Vec<(usize, usize)> = Vec::new();
    // Lines (offsets in the original text) already indented for saphyr.
    let mut indented: Vec<usize> = Vec::new();
    let mut retries = 0;
    let mut parsed_bytes = 0;
    loop {
        let t = owned.as_deref().unwrap_or(text);
        let mut docs = parse_raw_once(t, base, first_only, line_reader);
        retries += 1;
        parsed_bytes += t.len();
        let last = docs.last();
        let mut next: Option<String> = None;
        if retries <= MAX_RETRIES && parsed_bytes <= RETRY_BYTES {
            let tabs: Vec<usize> = last
                .map(|d| {
                    d.tab_fixes
                        .iter()
                        .copied()
                        .chain(d.tab_after_colon)
                        .filter(|&i| t.as_bytes().get(i) == Some(&b'\t'))
                        .collect()
                })
                .unwrap_or_default();
            if !tabs.is_empty() {
                let mut bytes = t.as_bytes().to_vec();
                for i in tabs {
                    bytes[i] = b' ';
                }
                next = String::from_utf8(bytes).ok();
            } else if let Some(d) = last {
                let mut fixes: Vec<(usize, usize)> = d
                    .indent_fixes
                    .iter()
                    .copied()
                    .filter(|&(at, _)| {
                        at <= t.len()
                            && t.is_char_boundary(at)
                            && !indented
                                .contains(&(unshift((base + at) as u32, base, &inserts) as usize))
                    })
                    .collect();
                if !fixes.is_empty() {
                    fixes.sort_unstable_by_key(|f| std::cmp::Reverse(f.0));
                    let mut s = t.to_string();
                    for (at, n) in fixes {
                        indented.push(unshift((base + at) as u32, base, &inserts) as usize);
                        s.insert_str(at, &" ".repeat(n));
                        for ins in inserts.iter_mut() {
                            if ins.0 >= at {
                                ins.0 += n;
                            }
                        }
                        inserts.push((at, n));
                    }
                    next = Some(s);
                }
            }
        }
        match next {
            Some(s) => owned = Some(s),
            None => {
                if !inserts.is_empty() {
                    inserts.sort_unstable();
                    for doc in &mut docs {
                        unshift_doc(doc, base, &inserts);
                    }
                }
                if owned.is_some() {
                    // A NEL read as "\n " can leave an offset inside the original character.
                    for doc in &mut docs {
                        snap_doc(doc, text, base);
                    }
                }
                return docs;
            }
        }
    }
}

/// Moves range ends that fall inside a multi-byte character of `text` to its boundaries.
fn snap_doc(doc: &mut RawDoc, text: &str, base: usize) {
    let snap = |r: TextRange| {
        let mut s = (r.start() as usize).saturating_sub(base).min(text.len());
        let mut e = (r.end() as usize).saturating_sub(base).min(text.len());
        while !text.is_char_boundary(s) {
            s -= 1;
        }
        while !text.is_char_boundary(e) {
            e += 1;
        }
        TextRange::from_usize(base + s, base + e.max(s))
    };
    for n in &mut doc.nodes {
        n.range = snap(n.range);
    }
    doc.range = snap(doc.range);
    if let Some(e) = &mut doc.error {
        e.range = snap(e.range);
    }
}

/// Maps an offset of the parsed text (with inserted spaces) back to the original text.
fn unshift(offset: u32, base: usize, inserts: &[(usize, usize)]) -> u32 {
    let local = (offset as usize).saturating_sub(base);
    let mut removed = 0;
    for &(at, n) in inserts {
        if at + n <= local {
            removed += n;
        } else if at <= local {
            removed += local - at;
        }
    }
    (offset as usize - removed) as u32
}

fn unshift_doc(doc: &mut RawDoc, base: usize, inserts: &[(usize, usize)]) {
    let map = |r: TextRange| {
        TextRange::new(
            unshift(r.start(), base, inserts),
            unshift(r.end(), base, inserts),
        )
    };
    for n in &mut doc.nodes {
        n.range = map(n.range);
    }
    doc.range = map(doc.range);
    if let Some(e) = &mut doc.error {
        e.range = map(e.range);
    }
}

/// `line_reader`: the text is read as k8s `YAMLReader` hands it over, every line ending with a
/// line break (values files), not as it is (`yaml.Unmarshal`: `fromYaml`, Chart.yaml).
fn parse_raw_once(text: &str, base: usize, first_only: bool, line_reader: bool) -> Vec<RawDoc> {
    let chars = CharMap::new(text);
    let to_range = |span: &Span| {
        let s = chars.byte(span.start.index());
        let e = chars.byte(span.end.index()).max(s);
        TextRange::from_usize(base + s, base + e)
    };
    let mut docs = Vec::new();
    let mut parser = Parser::new_from_str(text);
    let mut cur: Option<RawDoc> = None;
    let mut stack: Vec<Open> = Vec::new();
    // End (in `text`) of the last block scalar, for libyaml's tab-in-indentation error.
    let mut last_block_end: Option<usize> = None;
    let mut anchors: HashMap<usize, u32> = HashMap::new();

    // libyaml's reader refuses control characters before any parsing.
    let control = text.char_indices().find(|&(_, c)| {
        let v = c as u32;
        !(v == 0x09
            || v == 0x0A
            || v == 0x0D
            || (0x20..=0x7E).contains(&v)
            || v == 0x85
            || (0xA0..=0xD7FF).contains(&v)
            || (0xE000..=0xFFFD).contains(&v)
            || v >= 0x10000)
    });
    let control_error = control.map(|(i, c)| YamlError {
        kind: YamlErrorKind::Syntax,
        message: "yaml: control characters are not allowed".into(),
        range: TextRange::from_usize(base + i, base + i + c.len_utf8()),
        related: None,
    });
    while let Some(next) = parser.next_event() {
        // libyaml's anchor and alias names are ASCII letters, digits, `_` and `-` only.
        let next = next.and_then(|(ev, span)| {
            let has_anchor = match &ev {
                Event::Scalar(_, _, a, _) | Event::SequenceStart(a, _) | Event::MappingStart(a, _) => {
                    *a > 0
                }
                Event::Alias(_) => true,
                _ => false,
            };
            if has_anchor && !anchor_names_ok(text, chars.byte(span.start.index())) {
                return Err(saphyr_parser::ScanError::new_str(
                    span.start,
                    "while scanning an anchor or alias, did not find expected alphabetic or numeric character",
                ));
            }
            Ok((ev, span))
        });
        let (ev, span) = match next {
            Ok(x) => x,
            Err(e) => {
                let at = chars.byte(e.marker().index());
                let at = if e.info().contains("tab") {
                    tab_near(text, at)
                } else {
                    at
                };
                let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                let range = TextRange::from_usize(base + at, base + end);
                // go-yaml v2's Unmarshal reads one document and never looks past a complete
                // root collection, so a stray closing bracket after it goes unnoticed.
                // Likewise content after the first document's root never reaches go-yaml.
                if first_only
                    && e.info() == "did not find expected <document start>"
                    && stack.is_empty()
                    && cur.as_ref().is_some_and(|d| d.root.is_some())
                {
                    if let Some(doc) = cur.take() {
                        docs.push(doc);
                    }
                    break;
                }
                // (saphyr's scanner reports it before any event: parse what precedes it.)
                if first_only
                    && e.info() == "misplaced bracket"
                    && text[..at].trim_start().starts_with(['[', '{'])
                    && innermost_open_bracket(&text[..at]).is_none()
                {
                    return parse_raw_once(&text[..at], base, first_only, line_reader);
                }
                let trailing = e.info().starts_with("invalid trailing content after");
                // go-yaml v2 reads the first document's root only: what follows a quoted root
                // scalar on its line never reaches it.
                if first_only
                    && trailing
                    && stack.is_empty()
                    && cur.as_ref().is_some_and(|d| d.root.is_some())
                {
                    if let Some(doc) = cur.take() {
                        docs.push(doc);
                    }
                    break;
                }
                let block_parent = match stack.last() {
                    Some(open) if !open.flow => cur
                        .as_ref()
                        .and_then(|d| d.nodes.get(open.node as usize))
                        .map(|n| matches!(n.kind, RawKind::Map(_))),
                    _ => None,
                };
                let mut message = match trailing {
                    true => after_quoted_message(text, at, e.marker().line(), block_parent),
                    false => syntax_message(e.info(), text, at, e.marker().line()),
                };
                let block_tab = last_block_end.and_then(|from| leading_tab_between(text, from, at));
                if let Some(tab) = block_tab {
                    let line = text[..tab].matches('\n').count() + 1;
                    message = format!(
                        "yaml: line {line}: found a tab character where an indentation space is expected"
                    );
                }
                let err = YamlError {
                    kind: YamlErrorKind::Syntax,
                    message,
                    range,
                    related: None,
                };
                let mut doc = cur.take().unwrap_or(RawDoc {
                    nodes: Vec::new(),
                    root: None,
                    range,
                    error: None,
                    tab_after_colon: None,
                    indent_fixes: Vec::new(),
                    tab_fixes: Vec::new(),
                });
                // Close what is open so the partial tree is usable.
                while let Some(open) = stack.pop() {
                    let end = last_end(&doc, open.node);
                    doc.nodes[open.node as usize].range = doc.nodes[open.node as usize]
                        .range
                        .cover(TextRange::empty(end));
                    attach(&mut doc, &mut stack, open.node);
                }
                doc.range = doc.range.cover(TextRange::empty(range.start()));
                // A tab saphyr stumbled over (under another name) is reported as libyaml does.
                let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
                let tab_error = libyaml_tab_error(text, base, &doc, docs.is_empty(), line_end);
                let err = match tab_error {
                    Some(t)
                        if t.range.start() <= err.range.end()
                            && block_tab.is_none()
                            && !e.info().contains("tab") =>
                    {
                        t
                    }
                    _ => err,
                };
                if e.info().contains("tab") {
                    // libyaml allows tabs in the leading blanks of a quoted scalar's
                    // continuation lines (they are folded away): read them as spaces.
                    if let Some(open) = quote_open_at(text, at) {
                        doc.tab_fixes = quoted_leading_tabs(text, open);
                    }
                }
                if e.info() == "invalid indentation in quoted scalar" {
                    // libyaml does not check the indentation of a quoted scalar's continuation
                    // lines; leading spaces there are folded away, so adding some is harmless.
                    doc.indent_fixes = quoted_indent_fixes(text, at);
                }
                if matches!(
                    e.info(),
                    "invalid indentation" | "invalid indentation in flow construct"
                ) {
                    if let Some(&(open, _)) = open_brackets(&text[..at]).first() {
                        let (line_start, indent) = line_indent(text, at);
                        let (_, opener_indent) = line_indent(text, open);
                        if line_start > open {
                            // Every under-indented line of the whole flow collection at once.
                            let mut fixes = flow_indent_fixes(text, open, opener_indent);
                            if !fixes.iter().any(|f| f.0 == line_start) {
                                let need = (opener_indent + 1).saturating_sub(indent).max(1);
                                fixes.push((line_start, need));
                            }
                            doc.indent_fixes = fixes;
                        }
                    }
                }
                if e.info() == "':' must be followed by a valid YAML whitespace" {
                    let b = text.as_bytes();
                    doc.tab_after_colon = (at.saturating_sub(4)..(at + 3).min(b.len()))
                        .find(|&i| b[i] == b'\t' && i > 0 && b[i - 1] == b':');
                }
                doc.error = Some(err);
                docs.push(doc);
                break;
            }
        };
        let range = to_range(&span);
        let is_map = matches!(ev, Event::MappingStart(..));
        match ev {
            Event::StreamStart | Event::Nothing => {}
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                anchors.clear();
                cur = Some(RawDoc {
                    nodes: Vec::new(),
                    root: None,
                    range,
                    error: None,
                    tab_after_colon: None,
                    indent_fixes: Vec::new(),
                    tab_fixes: Vec::new(),
                });
            }
            Event::DocumentEnd => {
                if let Some(mut doc) = cur.take() {
                    doc.range = doc.range.cover(TextRange::empty(range.end()));
                    if doc.error.is_none() {
                        let end = doc.range.end() as usize - base;
                        doc.error = libyaml_tab_error(text, base, &doc, docs.is_empty(), end)
                            .or_else(|| multiline_flow_key_error(text, base, &doc));
                    }
                    docs.push(doc);
                }
                if first_only {
                    break;
                }
            }
            Event::Scalar(value, st, anchor, tag) => {
                let Some(doc) = cur.as_mut() else { continue };
                let mut range = trim_properties(text, base, range);
                let mut value = value.into_owned();
                if matches!(st, SStyle::Literal | SStyle::Folded) {
                    range = block_header_start(text, base, range);
                    last_block_end = Some(range.end() as usize - base);
                    let (from, to) = (range.start() as usize - base, range.end() as usize - base);
                    if let Some(v) = block_scalar_at_eof(text, from, to, &value, line_reader) {
                        value = v;
                    }
                } else {
                    last_block_end = None;
                }
                let idx = push(
                    doc,
                    RawNode {
                        kind: RawKind::Scalar {
                            text: value,
                            style: style(st),
                        },
                        range,
                        tag: tag.map(|t| tag_string(&t)),
                    },
                );
                if anchor > 0 {
                    anchors.insert(anchor, idx);
                }
                attach(doc, &mut stack, idx);
            }
            Event::Alias(id) => {
                let Some(doc) = cur.as_mut() else { continue };
                let name = text
                    .get(range.start() as usize - base..range.end() as usize - base)
                    .unwrap_or("")
                    .trim_start_matches('*')
                    .to_string();
                let idx = push(
                    doc,
                    RawNode {
                        kind: RawKind::Alias {
                            target: anchors.get(&id).copied(),
                            name,
                        },
                        range,
                        tag: None,
                    },
                );
                attach(doc, &mut stack, idx);
            }
            Event::SequenceStart(anchor, tag) | Event::MappingStart(anchor, tag) => {
                let Some(doc) = cur.as_mut() else { continue };
                let range = trim_properties(text, base, range);
                let flow = matches!(
                    text.as_bytes().get(range.start() as usize - base),
                    Some(b'[' | b'{')
                );
                let idx = push(
                    doc,
                    RawNode {
                        kind: if is_map {
                            RawKind::Map(Vec::new())
                        } else {
                            RawKind::Seq(Vec::new())
                        },
                        range: TextRange::empty(range.start()),
                        tag: tag.map(|t| tag_string(&t)),
                    },
                );
                if anchor > 0 {
                    anchors.insert(anchor, idx);
                }
                stack.push(Open {
                    node: idx,
                    pending_key: None,
                    flow,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(doc) = cur.as_mut() else { continue };
                let Some(open) = stack.pop() else { continue };
                let end = if open.flow {
                    range.end()
                } else {
                    last_end(doc, open.node)
                };
                let n = &mut doc.nodes[open.node as usize];
                n.range = TextRange::new(n.range.start(), end.max(n.range.start()));
                attach(doc, &mut stack, open.node);
            }
        }
    }
    if let Some(err) = control_error {
        match docs.first_mut() {
            Some(doc) => doc.error = Some(err),
            None => docs.push(RawDoc {
                nodes: Vec::new(),
                root: None,
                range: err.range,
                error: Some(err),
                tab_after_colon: None,
                indent_fixes: Vec::new(),
                tab_fixes: Vec::new(),
            }),
        }
    }
    docs
}

fn push(doc: &mut RawDoc, node: RawNode) -> u32 {
    doc.nodes.push(node);
    (doc.nodes.len() - 1) as u32
}

/// End offset of the last child of a collection (its own start when empty).
fn last_end(doc: &RawDoc, idx: u32) -> u32 {
    let n = &doc.nodes[idx as usize];
    let last = match &n.kind {
        RawKind::Seq(items) => items.last().copied(),
        RawKind::Map(entries) => entries.last().map(|&(_, v)| v),
        _ => None,
    };
    match last {
        Some(c) => doc.nodes[c as usize].range.end(),
        None => n.range.end(),
    }
}

fn attach(doc: &mut RawDoc, stack: &mut [Open], idx: u32) {
    let Some(parent) = stack.last_mut() else {
        if doc.root.is_none() {
            doc.root = Some(idx);
        }
        return;
    };
    match &mut doc.nodes[parent.node as usize].kind {
        RawKind::Seq(items) => items.push(idx),
        RawKind::Map(entries) => match parent.pending_key.take() {
            None => parent.pending_key = Some(idx),
            Some(k) => entries.push((k, idx)),
        },
        _ => {}
    }
}

/// Saphyr's block scalar spans start at the content; ranges start at the `|`/`>` indicator.
fn block_header_start(text: &str, base: usize, range: TextRange) -> TextRange {
    let start = range.start() as usize - base;
    let before = &text[..start.min(text.len())];
    // The header is on the last line (before the content) that has non-blank text.
    let trimmed = before.trim_end_matches([' ', '\n', '\r']);
    let line_start = trimmed.rfind('\n').map_or(0, |i| i + 1);
    let line = &trimmed[line_start..];
    let b = line.as_bytes();
    let mut found = None;
    for (i, &c) in b.iter().enumerate() {
        let after_space = i == 0 || b[i - 1] == b' ';
        if c == b'#' && after_space {
            break;
        }
        if (c == b'|' || c == b'>') && after_space {
            found = Some(i);
        }
    }
    match found {
        Some(i) => TextRange::from_usize(base + line_start + i, range.end() as usize),
        None => range,
    }
}

/// Saphyr's node spans start at the anchor or tag; ranges should cover the value only.
fn trim_properties(text: &str, base: usize, range: TextRange) -> TextRange {
    let start = range.start() as usize - base;
    let end = (range.end() as usize - base).max(start);
    let b = text.as_bytes();
    let mut i = start;
    while let Some(b'&' | b'!') = b.get(i) {
        while i < end && !matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
        }
        while i < end && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
        }
        if i >= end {
            break;
        }
    }
    if i >= end && i != start {
        // Properties only (an empty node): an empty range just after them.
        return TextRange::from_usize(base + end, base + end);
    }
    TextRange::from_usize(base + i, base + end)
}

// ---------------------------------------------------------------------------------------------
// syntax error messages

/// go-yaml v2 renders libyaml errors as `yaml: line N: problem`, where N is the 1-based line of a
/// scanner error and the 0-based line of a parser error, and `line N: ` is left out when the
/// line number would be 0.
fn syntax_message(info: &str, text: &str, at: usize, line1: usize) -> String {
    let rest = &text[at.min(text.len())..];
    match info {
        "while parsing node, found unknown anchor" => {
            let name: String = rest
                .trim_start_matches('*')
                .chars()
                .take_while(|c| !c.is_whitespace() && !",[]{}".contains(*c))
                .collect();
            if !name
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
            {
                let problem = "did not find expected alphabetic or numeric character";
                return match line1 {
                    0 | 1 => format!("yaml: {problem}"),
                    l => format!("yaml: line {l}: {problem}"),
                };
            }
            return format!("yaml: unknown anchor '{name}' referenced");
        }
        // libyaml does not check the indentation of quoted scalars: an unclosed quote runs to
        // the end of the stream.
        "invalid indentation in quoted scalar"
        | "while scanning a quoted scalar, found unexpected end of stream" => {
            let line0 = text.matches('\n').count();
            return if line0 == 0 {
                "yaml: found unexpected end of stream".into()
            } else {
                format!("yaml: line {}: found unexpected end of stream", line0 + 1)
            };
        }
        _ if info.contains("tab") => {
            // libyaml reports tab problems where the tab is.
            let tab = tab_near(text, at);
            let line = text[..tab].matches('\n').count() + 1;
            let problem = match info {
                "while scanning a plain scalar, found a tab" => {
                    "found a tab character that violates indentation"
                }
                "a block scalar content cannot start with a tab" => {
                    "found a tab character where an indentation space is expected"
                }
                _ => "found character that cannot start any token",
            };
            return if line > 1 {
                format!("yaml: line {line}: {problem}")
            } else {
                format!("yaml: {problem}")
            };
        }
        "illegal placement of ':' indicator" => {
            let problem = match innermost_open_bracket(&text[..at.min(text.len())]) {
                Some('{') => "did not find expected ',' or '}'",
                _ => "did not find expected ',' or ']'",
            };
            return match line1.saturating_sub(1) {
                0 => format!("yaml: {problem}"),
                l => format!("yaml: line {l}: {problem}"),
            };
        }
        _ => {}
    }
    let (problem, scanner) = translate(info, text, at);
    let line = if scanner {
        if line1 > 1 {
            line1
        } else {
            0
        }
    } else {
        line1.saturating_sub(1)
    };
    if line == 0 {
        format!("yaml: {problem}")
    } else {
        format!("yaml: line {line}: {problem}")
    }
}

/// The value libyaml gives a block scalar that runs to the end of a text without a final line
/// break (`None` for any other block scalar): saphyr reads the end of the input as a line break,
/// libyaml keeps only the breaks that are there, so `a: |` + `  x` at the very end is `x`, not
/// `x\n` (as an `include` trimmed with `{{- end }}` ends, or `AsConfig`'s text). `header` is the
/// offset of the `|` or `>`, `end` where the scalar's range ends. With `line_reader` the text is
/// read as if it ended with a line break, as k8s `YAMLReader` (values files) hands lines over.
fn block_scalar_at_eof(
    text: &str,
    header: usize,
    end: usize,
    value: &str,
    line_reader: bool,
) -> Option<String> {
    let rest = text.get(end..)?;
    if text.ends_with(['\n', '\r']) || value.is_empty() || !rest.trim().is_empty() {
        return None;
    }
    let b = text.as_bytes();
    if !matches!(b.get(header), Some(b'|' | b'>')) {
        return None;
    }
    let mut chomp = 0i8;
    for &c in b[header + 1..].iter().take(2) {
        match c {
            b'+' => chomp = 1,
            b'-' => chomp = -1,
            b'0'..=b'9' => {}
            _ => break,
        }
    }
    let body = header + text[header..].find('\n')? + 1;
    // The last content line, and the line breaks the input has after it.
    let last = text[body..].rfind(|c: char| !matches!(c, ' ' | '\t' | '\n' | '\r'))? + body;
    let breaks = text[last..].matches('\n').count() + usize::from(line_reader);
    let tail = match chomp {
        -1 => 0,
        0 => breaks.min(1),
        _ => breaks,
    };
    let mut out = value.trim_end_matches('\n').to_string();
    out.push_str(&"\n".repeat(tail));
    Some(out)
}

/// libyaml's error for content right after a quoted scalar on its line (saphyr stops at once
/// with "invalid trailing content after double-quoted scalar"). `at` is that content,
/// `line1` its 1-based line, `block_parent` whether the innermost open block collection is a
/// mapping (`Some(true)`) or a sequence. libyaml scans the next token first: in block context
/// `|`/`>` start a block scalar whose header must end the line (a scanner error otherwise), in
/// flow context they cannot start a token; any other token is a parser error about the
/// collection that expected a key, an entry or a separator.
fn after_quoted_message(text: &str, at: usize, line1: usize, block_parent: Option<bool>) -> String {
    let b = text.as_bytes();
    let at = at.min(b.len());
    let flow = innermost_open_bracket(&text[..at]);
    // go-yaml v2 prints a scanner error's line 1-based, a parser error's 0-based, and no line
    // when that number is 0.
    let scanner = |problem: &str| match line1 {
        0 | 1 => format!("yaml: {problem}"),
        l => format!("yaml: line {l}: {problem}"),
    };
    let parser = |problem: &str| match line1.saturating_sub(1) {
        0 => format!("yaml: {problem}"),
        l => format!("yaml: line {l}: {problem}"),
    };
    let blank_after = |i: usize| matches!(b.get(i + 1), None | Some(b' ' | b'\t' | b'\n' | b'\r'));
    let c = b.get(at).copied();
    let parser_problem = match (flow, block_parent) {
        (Some('{'), _) => "did not find expected ',' or '}'",
        (Some(_), _) => "did not find expected ',' or ']'",
        (None, Some(false)) => "did not find expected '-' indicator",
        (None, _) => "did not find expected key",
    };
    match c {
        Some(b'|' | b'>') if flow.is_some() => {
            scanner("found character that cannot start any token")
        }
        Some(b'-') if flow.is_none() && blank_after(at) => {
            scanner("block sequence entries are not allowed in this context")
        }
        Some(b'?') if flow.is_none() && blank_after(at) => {
            scanner("mapping keys are not allowed in this context")
        }
        Some(b'|' | b'>') => {
            // The block scalar header: chomping and indentation indicators in either order.
            let mut i = at + 1;
            for _ in 0..2 {
                match b.get(i) {
                    Some(b'+' | b'-') => i += 1,
                    Some(b'0') => {
                        return scanner("found an indentation indicator equal to 0");
                    }
                    Some(b'1'..=b'9') => i += 1,
                    _ => break,
                }
            }
            while matches!(b.get(i), Some(b' ' | b'\t')) {
                i += 1;
            }
            if b.get(i) == Some(&b'#') {
                while !matches!(b.get(i), None | Some(b'\n' | b'\r')) {
                    i += 1;
                }
            }
            match b.get(i) {
                None | Some(b'\n' | b'\r') => parser(parser_problem),
                Some(_) => scanner("did not find expected comment or line break"),
            }
        }
        _ => parser(parser_problem),
    }
}

/// The tab a tab-related error is about: the last one on the error's line before it, else the
/// next one after it.
fn tab_near(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    if let Some(i) = text[line_start..at].rfind('\t') {
        return line_start + i;
    }
    text[at..].find('\t').map_or(at, |i| at + i)
}

/// The innermost `[` or `{` still open at the end of `text` (quoted scalars and comments
/// skipped roughly).
fn innermost_open_bracket(text: &str) -> Option<char> {
    open_brackets(text).pop().map(|(_, c)| c)
}

/// The `[`/`{` still open at the end of `text`, with their byte offsets.
fn open_brackets(text: &str) -> Vec<(usize, char)> {
    let mut stack = Vec::new();
    let mut quote: Option<char> = None;
    let mut comment = false;
    let mut prev = '\n';
    for (i, c) in text.char_indices() {
        if comment {
            if c == '\n' {
                comment = false;
            }
        } else {
            match (quote, c) {
                (Some('\''), '\'') => quote = None,
                (Some('"'), '"') if prev != '\\' => quote = None,
                (Some(_), _) => {}
                (None, '#') if prev.is_whitespace() => comment = true,
                (None, '"' | '\'') if token_start(text.as_bytes(), i, !stack.is_empty()) => {
                    quote = Some(c)
                }
                (None, '[' | '{') if token_start(text.as_bytes(), i, !stack.is_empty()) => {
                    stack.push((i, c))
                }
                (None, ']' | '}') if !stack.is_empty() => {
                    stack.pop();
                }
                _ => {}
            }
        }
        prev = if prev == '\\' && quote == Some('"') && c == '\\' {
            ' '
        } else {
            c
        };
    }
    stack
}

/// libyaml refuses implicit keys that span lines; saphyr accepts them in flow mappings.
fn multiline_flow_key_error(text: &str, base: usize, doc: &RawDoc) -> Option<YamlError> {
    for n in &doc.nodes {
        let RawKind::Map(entries) = &n.kind else {
            continue;
        };
        let start = n.range.start() as usize - base;
        if text.as_bytes().get(start) != Some(&b'{') {
            continue;
        }
        for &(k, _) in entries {
            let key = &doc.nodes[k as usize];
            let (ks, ke) = (
                key.range.start() as usize - base,
                key.range.end() as usize - base,
            );
            let explicit = text[..ks].trim_end().ends_with('?');
            if !explicit && text[ks..ke].contains('\n') {
                let line0 = text[..ke].matches('\n').count();
                let problem = "did not find expected ',' or '}'";
                return Some(YamlError {
                    kind: YamlErrorKind::Syntax,
                    message: if line0 == 0 {
                        format!("yaml: {problem}")
                    } else {
                        format!("yaml: line {line0}: {problem}")
                    },
                    range: key.range,
                    related: None,
                });
            }
        }
    }
    None
}

/// Whether a quote or bracket at `i` starts a token (rather than sitting inside a plain scalar):
/// only blanks separate it from the line start or from an indicator (`: `, `- `, `? `, and in
/// flow context `[`, `{`, `,`).
fn token_start(b: &[u8], i: usize, in_flow: bool) -> bool {
    let mut j = i;
    while j > 0 && (b[j - 1] == b' ' || b[j - 1] == b'\t') {
        j -= 1;
    }
    if j == 0 || b[j - 1] == b'\n' || b[j - 1] == b'\r' {
        return true;
    }
    match b[j - 1] {
        b':' | b'-' | b'?' => j < i,
        b'[' | b'{' | b',' => in_flow || j < i,
        _ => false,
    }
}

/// Checks the `&anchor`/`*alias` names among the properties starting at `at`.
fn anchor_names_ok(text: &str, at: usize) -> bool {
    let b = text.as_bytes();
    let mut i = at;
    while let Some(&c) = b.get(i) {
        match c {
            b'&' | b'*' => {
                let start = i + 1;
                let mut j = start;
                while j < b.len()
                    && !matches!(
                        b[j],
                        b' ' | b'\t' | b'\r' | b'\n' | b',' | b'[' | b']' | b'{' | b'}'
                    )
                {
                    j += 1;
                }
                let name = &b[start..j];
                if name.is_empty()
                    || !name
                        .iter()
                        .all(|&c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
                {
                    return false;
                }
                i = j;
            }
            b'!' => {
                while i < b.len() && !matches!(b[i], b' ' | b'\t' | b'\r' | b'\n') {
                    i += 1;
                }
            }
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            _ => break,
        }
    }
    true
}

/// The first tab in the leading blanks of a line starting in `from..to`.
fn leading_tab_between(text: &str, from: usize, to: usize) -> Option<usize> {
    let b = text.as_bytes();
    let to = to.min(b.len());
    let mut i = from.min(to);
    // `from` is just past the block scalar: its line's blanks count too.
    i = text[..i]
        .rfind('\n')
        .map_or(0, |p| p + 1)
        .max(from.saturating_sub(0));
    while i < to {
        let mut j = i;
        while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
            if b[j] == b'\t' {
                return Some(j);
            }
            j += 1;
        }
        match text[i..to].find('\n') {
            Some(p) => i += p + 1,
            None => break,
        }
    }
    None
}

/// The offset of the quote opening the quoted scalar that `at` lies in, if any (a lexical
/// approximation: comments and quotes inside plain scalars are recognised as YAML does).
fn quote_open_at(text: &str, at: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut quote: Option<(u8, usize)> = None;
    let mut comment = false;
    let mut prev = b'\n';
    let mut i = 0;
    while i < at.min(b.len()) {
        let c = b[i];
        if comment {
            comment = c != b'\n';
        } else {
            match quote {
                Some((b'"', _)) if c == b'\\' => i += 1,
                Some((b'\'', _)) if c == b'\'' && b.get(i + 1) == Some(&b'\'') => i += 1,
                Some((q, _)) if c == q => quote = None,
                Some(_) => {}
                None if c == b'#' && (prev == b' ' || prev == b'\t' || prev == b'\n') => {
                    comment = true
                }
                None if (c == b'"' || c == b'\'') && token_start(b, i, true) => {
                    quote = Some((c, i))
                }
                None => {}
            }
        }
        prev = c;
        i += 1;
    }
    quote.map(|(_, open)| open)
}

/// Tabs in the leading blanks of the continuation lines of the quoted scalar opening at `open`.
fn quoted_leading_tabs(text: &str, open: usize) -> Vec<usize> {
    let b = text.as_bytes();
    let q = b[open];
    let mut end = b.len();
    let mut i = open + 1;
    while i < b.len() {
        match b[i] {
            b'\\' if q == b'"' => i += 1,
            b'\'' if q == b'\'' && b.get(i + 1) == Some(&b'\'') => i += 1,
            c if c == q => {
                end = i;
                break;
            }
            _ => {}
        }
        i += 1;
    }
    let mut tabs = Vec::new();
    for (p, _) in text[open..end].match_indices('\n') {
        let mut j = open + p + 1;
        while j < end && (b[j] == b' ' || b[j] == b'\t') {
            if b[j] == b'\t' {
                tabs.push(j);
            }
            j += 1;
        }
    }
    tabs
}

/// libyaml's tab rules where saphyr is more lenient: in block context a tab may not start a
/// line's blanks (nor follow `- ` or `? `) where a key could begin ("found character that cannot
/// start any token"), and after a plain scalar the blanks of the following lines may not hold a
/// tab left of the scalar's indentation ("found a tab character that violates indentation").
fn libyaml_tab_error(
    text: &str,
    base: usize,
    doc: &RawDoc,
    first: bool,
    limit: usize,
) -> Option<YamlError> {
    if !text.contains('\t') {
        return None;
    }
    let b = text.as_bytes();
    let local = |r: TextRange| (r.start() as usize - base, r.end() as usize - base);
    // Regions scanned by other rules: flow collections, quoted and block scalars, multi-line
    // plain scalars.
    let mut skip: Vec<(usize, usize)> = Vec::new();
    // Plain scalars: (start, end, indentation of their line).
    let mut plains: Vec<(usize, usize, usize)> = Vec::new();
    let mut tokens: Vec<usize> = Vec::new();
    for n in &doc.nodes {
        let (s, e) = local(n.range);
        match &n.kind {
            RawKind::Scalar { style, .. } => {
                tokens.push(e);
                if *style == ScalarStyle::Plain {
                    plains.push((s, e, line_indent(text, s).1));
                    if text[s..e].contains('\n') {
                        skip.push((s, e));
                    }
                } else {
                    skip.push((s, e));
                }
            }
            RawKind::Seq(_) | RawKind::Map(_) if matches!(b.get(s), Some(b'[' | b'{')) => {
                skip.push((s, e));
            }
            _ => {}
        }
    }
    plains.sort_unstable_by_key(|p| p.1);
    tokens.sort_unstable();
    let (doc_start, _) = local(doc.range);
    let doc_end = limit;
    let inside = |pos: usize| skip.iter().any(|&(s, e)| s < pos && pos < e);
    let error = |tab: usize, problem: &str| {
        let line = text[..tab].matches('\n').count() + 1;
        YamlError {
            kind: YamlErrorKind::Syntax,
            message: if line > 1 {
                format!("yaml: line {line}: {problem}")
            } else {
                format!("yaml: {problem}")
            },
            range: TextRange::from_usize(base + tab, base + tab + 1),
            related: None,
        }
    };
    let mut line_start = if first {
        0
    } else {
        line_indent(text, doc_start.min(text.len())).0
    };
    while line_start < doc_end.min(text.len()) {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        if !inside(line_start) {
            let mut j = line_start;
            let mut tab = None;
            while j < line_end && (b[j] == b' ' || b[j] == b'\t') {
                if b[j] == b'\t' && tab.is_none() {
                    tab = Some(j);
                }
                j += 1;
            }
            if let Some(tab) = tab {
                // The plain scalar (if any) whose scanner reaches this line's blanks.
                let reached = plains.iter().rev().find(|p| p.1 <= line_start).filter(|p| {
                    tokens.partition_point(|&t| t <= line_start)
                        == tokens.partition_point(|&t| t <= p.1)
                        && text[p.1..tab]
                            .bytes()
                            .all(|c| matches!(c, b' ' | b'\t' | b'\r' | b'\n'))
                });
                match reached {
                    Some(&(_, _, indent)) => {
                        if tab - line_start < indent + 1 {
                            return Some(error(
                                tab,
                                "found a tab character that violates indentation",
                            ));
                        }
                    }
                    None => {
                        return Some(error(tab, "found character that cannot start any token"));
                    }
                }
            } else {
                // `- ` or `? ` indicators followed by blanks holding a tab.
                let mut k = j;
                while k < line_end
                    && matches!(b[k], b'-' | b'?')
                    && matches!(b.get(k + 1), Some(b' ' | b'\t'))
                    && !inside(k)
                {
                    k += 1;
                    while k < line_end && (b[k] == b' ' || b[k] == b'\t') {
                        if b[k] == b'\t' {
                            return Some(error(k, "found character that cannot start any token"));
                        }
                        k += 1;
                    }
                }
            }
        }
        line_start = line_end + 1;
    }
    None
}

/// For a quoted scalar opening at `at`: the continuation lines indented no deeper than the line
/// it starts on, with the spaces each needs.
fn quoted_indent_fixes(text: &str, at: usize) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let Some(&q) = b.get(at).filter(|&&c| c == b'"' || c == b'\'') else {
        return Vec::new();
    };
    let mut end = b.len();
    let mut i = at + 1;
    while i < b.len() {
        match b[i] {
            b'\\' if q == b'"' => i += 1,
            b'\'' if q == b'\'' && b.get(i + 1) == Some(&b'\'') => i += 1,
            c if c == q => {
                end = i;
                break;
            }
            _ => {}
        }
        i += 1;
    }
    let (_, opener_indent) = line_indent(text, at);
    let mut fixes = Vec::new();
    for (p, _) in text[at..end].match_indices('\n') {
        let line_start = at + p + 1;
        let (_, indent) = line_indent(text, line_start);
        let blank = matches!(b.get(line_start + indent), None | Some(b'\n' | b'\r'));
        if !blank && indent <= opener_indent {
            fixes.push((line_start, opener_indent + 1 - indent));
        }
    }
    fixes
}

/// The lines of the flow collection opening at `open` (up to its closing bracket, or the end)
/// indented no deeper than the line it opens on, with the spaces each needs.
fn flow_indent_fixes(text: &str, open: usize, opener_indent: usize) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut comment = false;
    let mut fixes = Vec::new();
    let mut i = open;
    while i < b.len() {
        let c = b[i];
        if c == b'\n' {
            comment = false;
            let line_start = i + 1;
            if quote.is_none() {
                let (_, indent) = line_indent(text, line_start);
                let blank = matches!(b.get(line_start + indent), None | Some(b'\n' | b'\r'));
                if !blank && indent <= opener_indent {
                    fixes.push((line_start, opener_indent + 1 - indent));
                }
            }
        } else if comment {
        } else if let Some(q) = quote {
            if q == b'"' && c == b'\\' {
                i += 1;
            } else if c == q {
                if q == b'\'' && b.get(i + 1) == Some(&b'\'') {
                    i += 1;
                } else {
                    quote = None;
                }
            }
        } else {
            match c {
                b'#' if i > 0 && matches!(b[i - 1], b' ' | b'\t') => comment = true,
                b'"' | b'\'' if token_start(b, i, true) => quote = Some(c),
                b'[' | b'{' => depth += 1,
                b']' | b'}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
        }
        i += 1;
    }
    fixes
}

/// Leading spaces of the line holding byte `at`, and where the line starts.
fn line_indent(text: &str, at: usize) -> (usize, usize) {
    let start = text[..at.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let indent = text[start..].bytes().take_while(|&b| b == b' ').count();
    (start, indent)
}

/// Maps saphyr's error text to libyaml's problem text; the bool says whether libyaml reports it
/// as a scanner error.
fn translate(info: &str, text: &str, at: usize) -> (String, bool) {
    let here = text[at.min(text.len())..].chars().next();
    let s = |m: &str| (m.to_string(), true);
    let p = |m: &str| (m.to_string(), false);
    match info {
        "mapping values are not allowed in this context" => s(info),
        "simple key expect ':'" | "simple key expected" => s("could not find expected ':'"),
        "while parsing a block mapping, did not find expected key" => p("did not find expected key"),
        "while parsing a block collection, did not find expected '-' indicator" => {
            p("did not find expected '-' indicator")
        }
        "while parsing a flow sequence, expected ',' or ']'" => {
            p("did not find expected ',' or ']'")
        }
        "while parsing a flow mapping, did not find expected ',' or '}'" => {
            p("did not find expected ',' or '}'")
        }
        "while parsing a node, did not find expected node content"
        | r#""-" is only valid inside a block"# => p("did not find expected node content"),
        "block sequence entries are not allowed in this context" => s(info),
        "mapping keys are not allowed in this context" => s(info),
        "did not find expected <document start>" | "did not find expected <document-start>" => {
            p("did not find expected <document start>")
        }
        "while scanning a quoted scalar, found unexpected end of stream" => {
            s("found unexpected end of stream")
        }
        "while scanning a quoted scalar, found unexpected document indicator" => {
            s("found unexpected document indicator")
        }
        "while parsing a quoted scalar, found unknown escape character" => {
            s("found unknown escape character")
        }
        "found unprintable character" => s("control characters are not allowed"),
        "invalid trailing content after double-quoted scalar" => p("did not find expected key"),
        "while parsing a quoted scalar, did not find expected hexadecimal number" => {
            s("did not find expected hexdecimal number")
        }
        "misplaced bracket" => p("did not find expected node content"),
        "while parsing node, found unknown anchor" => p("found undefined alias"),
        "recursion limit exceeded" => s("exceeded max depth of 255 nested flow collections"),
        "while scanning an anchor or alias, did not find expected alphabetic or numeric character" => {
            s("did not find expected alphabetic or numeric character")
        }
        "invalid indentation" | "wrongly indented line in block scalar" => {
            p("did not find expected key")
        }
        _ if info.starts_with("unexpected character") || matches!(here, Some('@' | '`')) => {
            s("found character that cannot start any token")
        }
        _ => match info.split_once(", ") {
            Some((ctx, problem)) if ctx.starts_with("while") => s(problem),
            _ => s(info),
        },
    }
}

// ---------------------------------------------------------------------------------------------
// resolution into the value model

// go-yaml v2 alias budget (decode.go `allowedAliasRatio`).
fn allowed_alias_ratio(decode_count: usize) -> f64 {
    const LOW: usize = 400_000;
    const HIGH: usize = 4_000_000;
    if decode_count <= LOW {
        0.99
    } else if decode_count >= HIGH {
        0.10
    } else {
        0.99 - 0.89 * ((decode_count - LOW) as f64 / (HIGH - LOW) as f64)
    }
}

struct Fatal;

pub(crate) struct Converter<'a> {
    doc: &'a RawDoc,
    pub(crate) errors: Vec<YamlError>,
    decode_count: usize,
    alias_count: usize,
    alias_depth: usize,
    in_alias: Vec<bool>,
    depth_reported: bool,
}

type Res<T> = Result<T, Fatal>;

impl<'a> Converter<'a> {
    pub(crate) fn new(doc: &'a RawDoc) -> Converter<'a> {
        Converter {
            doc,
            errors: Vec::new(),
            decode_count: 0,
            alias_count: 0,
            alias_depth: 0,
            in_alias: vec![false; doc.nodes.len()],
            depth_reported: false,
        }
    }

    fn raw(&self, idx: u32) -> &'a RawNode {
        &self.doc.nodes[idx as usize]
    }

    fn error(&mut self, kind: YamlErrorKind, message: String, range: TextRange) {
        self.errors.push(YamlError {
            kind,
            message,
            range,
            related: None,
        });
    }

    /// Converts the document root; `None` for an empty document or after a fatal error.
    pub(crate) fn root(&mut self) -> Option<Node> {
        let root = self.doc.root?;
        self.node(root, 0).ok()
    }

    fn count(&mut self, range: TextRange) -> Res<()> {
        self.decode_count += 1;
        if self.alias_depth > 0 {
            self.alias_count += 1;
        }
        if self.alias_count > 100
            && self.decode_count > 1000
            && self.alias_count as f64 / self.decode_count as f64
                > allowed_alias_ratio(self.decode_count)
        {
            self.error(
                YamlErrorKind::Unsupported,
                "yaml: document contains excessive aliasing".into(),
                range,
            );
            return Err(Fatal);
        }
        Ok(())
    }

    fn node(&mut self, idx: u32, depth: usize) -> Res<Node> {
        let raw = self.raw(idx);
        self.count(raw.range)?;
        if depth > MAX_DEPTH {
            if !self.depth_reported {
                self.depth_reported = true;
                self.error(
                    YamlErrorKind::Unsupported,
                    format!("yaml: exceeded max depth of {MAX_DEPTH}"),
                    raw.range,
                );
            }
            return Ok(Node {
                value: Value::Null,
                range: raw.range,
                scalar: None,
            });
        }
        match &raw.kind {
            RawKind::Scalar { text, style } => {
                let value = self.scalar_value(raw, text, *style);
                Ok(Node {
                    value,
                    range: raw.range,
                    scalar: Some((text.clone(), *style)),
                })
            }
            RawKind::Seq(items) => {
                let mut out = Vec::with_capacity(items.len());
                for &i in items {
                    out.push(self.node(i, depth + 1)?);
                }
                Ok(Node {
                    value: Value::Seq(out),
                    range: raw.range,
                    scalar: None,
                })
            }
            RawKind::Map(_) => {
                let mut b = MapBuilder::default();
                self.fill_map(idx, depth, &mut b, true)?;
                Ok(Node {
                    value: Value::Map(b.finish()),
                    range: raw.range,
                    scalar: None,
                })
            }
            RawKind::Alias { target, name } => {
                let Some(t) = *target else {
                    self.error(
                        YamlErrorKind::Unsupported,
                        format!("yaml: unknown anchor '{name}' referenced"),
                        raw.range,
                    );
                    return Ok(Node {
                        value: Value::Null,
                        range: raw.range,
                        scalar: None,
                    });
                };
                if self.in_alias[idx as usize] {
                    self.error(
                        YamlErrorKind::Unsupported,
                        format!("yaml: anchor '{name}' value contains itself"),
                        raw.range,
                    );
                    return Err(Fatal);
                }
                self.in_alias[idx as usize] = true;
                self.alias_depth += 1;
                let r = self.node(t, depth);
                self.alias_depth -= 1;
                self.in_alias[idx as usize] = false;
                // The expansion sits where the alias is written.
                r.map(|mut n| {
                    n.range = raw.range;
                    n
                })
            }
        }
    }

    fn resolve_scalar(&mut self, raw: &RawNode, text: &str, style: ScalarStyle) -> Scalar {
        let tag = raw.tag.as_deref();
        if tag.is_none() && style != ScalarStyle::Plain {
            return Scalar::Str(text.to_string());
        }
        let tag = tag.unwrap_or("");
        if tag == resolve::BINARY_TAG {
            return match base64_decode(text) {
                Some(bytes) => Scalar::Str(go_lossy_utf8(&bytes)),
                None => {
                    self.error(
                        YamlErrorKind::Unsupported,
                        "yaml: !!binary value contains invalid base64 data".into(),
                        raw.range,
                    );
                    Scalar::Str(text.to_string())
                }
            };
        }
        match resolve::resolve(tag, text) {
            Ok(s) => s,
            Err(msg) => {
                self.error(
                    YamlErrorKind::Unsupported,
                    format!("yaml: {msg}"),
                    raw.range,
                );
                Scalar::Str(text.to_string())
            }
        }
    }

    fn scalar_value(&mut self, raw: &RawNode, text: &str, style: ScalarStyle) -> Value {
        match self.resolve_scalar(raw, text, style) {
            Scalar::Null => Value::Null,
            Scalar::Bool(b) => Value::Bool(b),
            Scalar::Int(i) => Value::Number(i as f64),
            Scalar::Uint(u) => Value::Number(u as f64),
            Scalar::Float(f) => {
                if !f.is_finite() {
                    let what = if f.is_nan() {
                        "NaN"
                    } else if f > 0.0 {
                        "+Inf"
                    } else {
                        "-Inf"
                    };
                    self.error(
                        YamlErrorKind::Unsupported,
                        format!("json: unsupported value: {what}"),
                        raw.range,
                    );
                }
                Value::Number(f)
            }
            Scalar::Str(s) | Scalar::Timestamp(s) => Value::String(s),
            Scalar::Merge => Value::String("<<".into()),
        }
    }

    /// Follows aliases to the node they name (without counting).
    fn deref(&self, mut idx: u32) -> Option<u32> {
        for _ in 0..64 {
            match &self.raw(idx).kind {
                RawKind::Alias { target, .. } => idx = (*target)?,
                _ => return Some(idx),
            }
        }
        None
    }

    fn is_merge_key(&self, idx: u32) -> bool {
        let raw = self.raw(idx);
        match &raw.kind {
            RawKind::Scalar { text, style } => {
                text == "<<"
                    && ((*style == ScalarStyle::Plain && raw.tag.is_none())
                        || raw.tag.as_deref() == Some(resolve::MERGE_TAG))
            }
            _ => false,
        }
    }

    /// Decodes the entries of mapping node `idx` into `b` (go-yaml v2 `d.mapping`).
    fn fill_map(&mut self, idx: u32, depth: usize, b: &mut MapBuilder, explicit: bool) -> Res<()> {
        let RawKind::Map(entries) = &self.raw(idx).kind else {
            return Ok(());
        };
        for &(k, v) in entries {
            if self.is_merge_key(k) {
                self.count(self.raw(k).range)?;
                self.merge(v, depth, b)?;
                continue;
            }
            let Some(key) = self.key(k, v)? else {
                continue;
            };
            let value = self.node(v, depth + 1)?;
            let key_range = self.raw(k).range;
            if let Some(old) = b.insert(key, key_range, value, explicit) {
                if explicit {
                    self.errors.push(YamlError {
                        kind: YamlErrorKind::DuplicateKey,
                        message: format!(
                            "duplicate key \"{}\": the later value wins",
                            b.last_key()
                        ),
                        range: key_range,
                        related: Some(old),
                    });
                }
            }
        }
        Ok(())
    }

    fn merge(&mut self, v: u32, depth: usize, b: &mut MapBuilder) -> Res<()> {
        let raw = self.raw(v);
        let want_map = |c: &mut Self| {
            c.error(
                YamlErrorKind::Unsupported,
                "yaml: map merge requires map or sequence of maps as the value".into(),
                raw.range,
            );
        };
        match &raw.kind {
            RawKind::Map(_) => {
                if depth > MAX_DEPTH {
                    self.error(
                        YamlErrorKind::Unsupported,
                        format!("yaml: exceeded max depth of {MAX_DEPTH}"),
                        raw.range,
                    );
                    return Err(Fatal);
                }
                self.fill_map(v, depth + 1, b, false)
            }
            RawKind::Alias { .. } => {
                match self.deref(v) {
                    Some(t) if matches!(self.raw(t).kind, RawKind::Map(_)) => {}
                    _ => {
                        want_map(self);
                        return Ok(());
                    }
                }
                let node = self.node(v, depth)?;
                if let Value::Map(m) = node.value {
                    for e in m.entries {
                        b.insert(e.key, e.key_range, e.value, false);
                    }
                }
                Ok(())
            }
            RawKind::Seq(items) => {
                for &i in items.iter().rev() {
                    match self.deref(i) {
                        Some(t) if matches!(self.raw(t).kind, RawKind::Map(_)) => {}
                        _ => {
                            want_map(self);
                            return Ok(());
                        }
                    }
                    let node = self.node(i, depth)?;
                    if let Value::Map(m) = node.value {
                        for e in m.entries {
                            b.insert(e.key, e.key_range, e.value, false);
                        }
                    }
                }
                Ok(())
            }
            RawKind::Scalar { .. } => {
                want_map(self);
                Ok(())
            }
        }
    }

    /// Resolves and stringifies a key as go-yaml v2 + sigs.k8s.io/yaml do; `None` (with an
    /// error) for keys Helm refuses.
    fn key(&mut self, k: u32, v: u32) -> Res<Option<String>> {
        self.count(self.raw(k).range)?;
        let range = self.raw(k).range;
        let Some(target) = self.deref(k) else {
            let name = match &self.raw(k).kind {
                RawKind::Alias { name, .. } => name.clone(),
                _ => String::new(),
            };
            self.error(
                YamlErrorKind::Unsupported,
                format!("yaml: unknown anchor '{name}' referenced"),
                range,
            );
            return Ok(None);
        };
        let raw = self.raw(target);
        let (text, style) = match &raw.kind {
            RawKind::Scalar { text, style } => (text, *style),
            _ => {
                let shown = self.go_sharp_v(target, 0);
                self.error(
                    YamlErrorKind::Unsupported,
                    format!("yaml: invalid map key: {shown}"),
                    range,
                );
                return Ok(None);
            }
        };
        let unsupported = |c: &mut Self, ty: &str, key: String| {
            let value = c.go_sharp_v(v, 0);
            c.error(
                YamlErrorKind::Unsupported,
                format!("unsupported map key of type: {ty}, key: {key}, value: {value}"),
                range,
            );
        };
        Ok(match self.resolve_scalar(raw, text, style) {
            Scalar::Str(s) | Scalar::Timestamp(s) => Some(s),
            Scalar::Merge => Some("<<".into()),
            Scalar::Bool(b) => Some(b.to_string()),
            Scalar::Int(i) => Some(i.to_string()),
            Scalar::Float(f) => Some(crate::gofmt::format_float32_g(f)),
            Scalar::Null => {
                unsupported(self, "%!s(<nil>)", "<nil>".into());
                None
            }
            Scalar::Uint(u) => {
                unsupported(self, "uint64", format!("0x{u:x}"));
                None
            }
        })
    }

    /// Go's `%+#v` of the value go-yaml v2 decodes from `idx` (for error messages).
    fn go_sharp_v(&mut self, idx: u32, depth: usize) -> String {
        if depth > 50 {
            return "...".into();
        }
        let Some(idx) = self.deref(idx) else {
            return "<nil>".into();
        };
        let raw = self.raw(idx);
        match &raw.kind {
            RawKind::Scalar { text, style } => {
                let n = self.errors.len();
                let s = self.resolve_scalar(raw, text, *style);
                self.errors.truncate(n);
                match s {
                    Scalar::Null => "<nil>".into(),
                    Scalar::Bool(b) => b.to_string(),
                    Scalar::Int(i) => i.to_string(),
                    Scalar::Uint(u) => format!("0x{u:x}"),
                    Scalar::Float(f) => crate::gofmt::format_float_g(f, 64),
                    Scalar::Str(s) | Scalar::Timestamp(s) => crate::gofmt::go_quote(&s),
                    Scalar::Merge => "\"<<\"".into(),
                }
            }
            RawKind::Seq(items) => {
                let parts: Vec<String> = items
                    .iter()
                    .map(|&i| self.go_sharp_v(i, depth + 1))
                    .collect();
                format!("[]interface {{}}{{{}}}", parts.join(", "))
            }
            RawKind::Map(entries) => {
                let mut parts: Vec<(String, String)> = entries
                    .iter()
                    .map(|&(k, v)| (self.go_sharp_v(k, depth + 1), self.go_sharp_v(v, depth + 1)))
                    .collect();
                parts.sort();
                let parts: Vec<String> =
                    parts.into_iter().map(|(k, v)| format!("{k}:{v}")).collect();
                format!("map[interface {{}}]interface {{}}{{{}}}", parts.join(", "))
            }
            RawKind::Alias { .. } => "<nil>".into(),
        }
    }
}

/// Builds a [`Mapping`] with last-wins keys, remembering which entries were written explicitly.
#[derive(Default)]
struct MapBuilder {
    entries: Vec<Entry>,
    index: HashMap<String, usize>,
    explicit: Vec<bool>,
    last: usize,
}

impl MapBuilder {
    /// Inserts or replaces; returns the replaced key's range when an explicit key is replaced.
    fn insert(
        &mut self,
        key: String,
        key_range: TextRange,
        value: Node,
        explicit: bool,
    ) -> Option<TextRange> {
        // Small maps (most of them) are searched linearly; larger ones get a hash index.
        const INDEX_FROM: usize = 16;
        let found = if self.entries.len() < INDEX_FROM {
            self.entries.iter().position(|e| e.key == key)
        } else {
            if self.index.is_empty() {
                for (i, e) in self.entries.iter().enumerate() {
                    self.index.insert(e.key.clone(), i);
                }
            }
            self.index.get(&key).copied()
        };
        if let Some(i) = found {
            let old = self.entries[i].key_range;
            let was_explicit = self.explicit[i];
            self.entries[i].key_range = key_range;
            self.entries[i].value = value;
            self.explicit[i] = explicit;
            self.last = i;
            return was_explicit.then_some(old);
        }
        if !self.index.is_empty() {
            self.index.insert(key.clone(), self.entries.len());
        }
        self.last = self.entries.len();
        self.entries.push(Entry {
            key,
            key_range,
            value,
        });
        self.explicit.push(explicit);
        None
    }

    fn last_key(&self) -> &str {
        &self.entries[self.last].key
    }

    fn finish(self) -> Mapping {
        Mapping {
            entries: self.entries,
        }
    }
}

/// Go `base64.StdEncoding.DecodeString` (newlines ignored, padding required).
fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let clean: Vec<u8> = s.bytes().filter(|&c| c != b'\n' && c != b'\r').collect();
    if clean.len() & 3 != 0 {
        return None;
    }
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => (c - b'A') as u32,
            b'a'..=b'z' => (c - b'a' + 26) as u32,
            b'0'..=b'9' => (c - b'0' + 52) as u32,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        })
    };
    let mut out = Vec::with_capacity(clean.len() / 4 * 3);
    for (n, chunk) in clean.chunks(4).enumerate() {
        let last = n == clean.len() / 4 - 1;
        let pad = chunk.iter().rev().take_while(|&&c| c == b'=').count();
        if pad > 2 || (pad > 0 && !last) {
            return None;
        }
        let mut acc = 0u32;
        for &c in &chunk[..4 - pad] {
            acc = acc << 6 | val(c)?;
        }
        acc <<= 6 * pad as u32;
        let bytes = [(acc >> 16) as u8, (acc >> 8) as u8, acc as u8];
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    Some(out)
}

/// Decodes bytes as Go's JSON encoder does: each invalid byte becomes U+FFFD.
pub(crate) fn go_lossy_utf8(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                break;
            }
            Err(e) => {
                let good = e.valid_up_to();
                out.push_str(std::str::from_utf8(&rest[..good]).unwrap_or(""));
                out.push('\u{FFFD}');
                rest = &rest[good + 1..];
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// documents and Helm's values loading

/// Splits text as k8s.io/apimachinery's `YAMLReader` does (Helm 4 reads values files with it):
/// a line starting with `---` followed only by whitespace or a comment ends a document (and is
/// kept when it opens one); a line starting with `---` followed by anything else is an error
/// (`invalid Yaml document separator`).
/// Such a line is blanked (same length, so offsets stay right) and reported.
pub(crate) fn split_values_documents(text: &str) -> (Vec<(usize, String)>, Vec<YamlError>) {
    let mut chunks = Vec::new();
    let mut errors = Vec::new();
    let mut buf = String::new();
    let mut buf_start = 0;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        if let Some(rest) = line.strip_prefix("---") {
            let trimmed = rest.trim();
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                let content = line.trim_end_matches(['\n', '\r']);
                errors.push(YamlError {
                    kind: YamlErrorKind::Syntax,
                    message: format!("invalid Yaml document separator: {trimmed}"),
                    range: TextRange::from_usize(start, start + content.len()),
                    related: None,
                });
                if buf.is_empty() {
                    buf_start = start;
                }
                buf.push_str(&" ".repeat(content.len()));
                buf.push_str(&line[content.len()..]);
                continue;
            }
            if !buf.is_empty() {
                chunks.push((buf_start, std::mem::take(&mut buf)));
                continue;
            }
            // A separator opening a document stays in it (so line numbers count it).
        }
        if buf.is_empty() {
            buf_start = start;
        }
        buf.push_str(line);
    }
    if !buf.is_empty() {
        chunks.push((buf_start, buf));
    }
    (chunks, errors)
}

/// The order in which Helm meets errors in one document: parsing, then go-yaml's decoding, then
/// sigs.k8s.io/yaml's key conversion, then JSON encoding; duplicate-key warnings last.
fn error_stage(e: &YamlError) -> u8 {
    match e.kind {
        YamlErrorKind::Syntax => 0,
        YamlErrorKind::DuplicateKey => 4,
        YamlErrorKind::Unsupported if e.message.starts_with("yaml: ") => 1,
        YamlErrorKind::Unsupported if e.message.starts_with("json: ") => 3,
        YamlErrorKind::Unsupported => 2,
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Seq(_) => "array",
        Value::Map(_) => "object",
    }
}

/// Helm's `MergeMaps`: maps merge recursively, anything else replaces.
fn merge_maps(into: &mut Mapping, from: Mapping) {
    for e in from.entries {
        if let Some(i) = into.entries.iter().position(|x| x.key == e.key) {
            let old = &mut into.entries[i];
            match (&mut old.value.value, e.value.value) {
                (Value::Map(a), Value::Map(b)) => merge_maps(a, b),
                (_, v) => {
                    old.value = Node {
                        value: v,
                        range: e.value.range,
                        scalar: e.value.scalar,
                    };
                    old.key_range = e.key_range;
                }
            }
        } else {
            into.entries.push(e);
        }
    }
}

pub(crate) fn load(text: &str) -> Loaded {
    let mut errors = Vec::new();
    let mut root: Option<Node> = None;
    let (chunks, mut split_errors) = split_values_documents(text);
    let single = chunks.len() == 1;
    for (start, chunk) in chunks {
        // The reader reports a bad separator line before the document that holds it.
        let end = start + chunk.len();
        let (here, later): (Vec<_>, Vec<_>) = split_errors
            .into_iter()
            .partition(|e| (e.range.start() as usize) < end);
        errors.extend(here);
        split_errors = later;
        // A blanked `--- x` line keeps the same length, so offsets stay valid.
        let docs = parse_raw(&chunk, start, true, true);
        let Some(doc) = docs.into_iter().next() else {
            continue;
        };
        let mut conv = Converter::new(&doc);
        let node = conv.root();
        let mut doc_errors = conv.errors;
        if let Some(e) = doc.error.clone() {
            doc_errors.push(e);
        }
        doc_errors.sort_by_key(|e| (error_stage(e), e.range.start()));
        errors.extend(doc_errors);
        let Some(node) = node else { continue };
        match node.value {
            Value::Null => {}
            Value::Map(m) => match &mut root {
                Some(Node {
                    value: Value::Map(r),
                    range,
                    ..
                }) => {
                    *range = range.cover(node.range);
                    merge_maps(r, m);
                }
                _ => {
                    root = Some(Node {
                        value: Value::Map(m),
                        range: node.range,
                        scalar: None,
                    })
                }
            },
            other => {
                errors.push(YamlError {
                    kind: YamlErrorKind::Unsupported,
                    message: format!(
                        "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
                        json_type(&other)
                    ),
                    range: node.range,
                    related: None,
                });
                if single {
                    root = Some(Node {
                        value: other,
                        range: node.range,
                        scalar: node.scalar,
                    });
                }
            }
        }
    }
    errors.extend(split_errors);
    Loaded { root, errors }
}

pub(crate) fn load_first_document(text: &str) -> Loaded {
    let Some(doc) = parse_raw(text, 0, true, false).into_iter().next() else {
        return Loaded {
            root: None,
            errors: Vec::new(),
        };
    };
    let mut conv = Converter::new(&doc);
    let root = conv.root();
    let mut errors = conv.errors;
    if let Some(e) = doc.error.clone() {
        errors.push(e);
    }
    errors.sort_by_key(|e| (error_stage(e), e.range.start()));
    Loaded { root, errors }
}

pub(crate) fn load_documents(text: &str) -> Vec<Loaded> {
    parse_raw(text, 0, false, false)
        .into_iter()
        .map(|doc| {
            let mut conv = Converter::new(&doc);
            let root = conv.root();
            let mut errors = conv.errors;
            if let Some(e) = doc.error.clone() {
                errors.push(e);
            }
            errors.sort_by_key(|e| (error_stage(e), e.range.start()));
            Loaded { root, errors }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// decoding into Go's native types (for JSONToYAML)

/// go-yaml v2 `Unmarshal` into `interface{}`, keeping Go's number types (int, uint64, float64):
/// what sigs.k8s.io/yaml's `JSONToYAML` does with the JSON text before re-encoding it.
pub(crate) fn decode_go(text: &str) -> Result<crate::GoValue, String> {
    let docs = parse_raw(text, 0, true, false);
    let Some(doc) = docs.into_iter().next() else {
        return Ok(crate::GoValue::Null);
    };
    if let Some(e) = &doc.error {
        return Err(e.message.clone());
    }
    let Some(root) = doc.root else {
        return Ok(crate::GoValue::Null);
    };
    let mut conv = Converter::new(&doc);
    conv.go_value(root, 0).map_err(|_| {
        conv.errors
            .first()
            .map(|e| e.message.clone())
            .unwrap_or_else(|| "yaml: invalid document".into())
    })
}

impl Converter<'_> {
    fn go_value(&mut self, idx: u32, depth: usize) -> Res<crate::GoValue> {
        use crate::GoValue as G;
        let raw = self.raw(idx);
        self.count(raw.range)?;
        if depth > MAX_DEPTH {
            self.error(
                YamlErrorKind::Unsupported,
                format!("yaml: exceeded max depth of {MAX_DEPTH}"),
                raw.range,
            );
            return Err(Fatal);
        }
        Ok(match &raw.kind {
            RawKind::Scalar { text, style } => match self.resolve_scalar(raw, text, *style) {
                Scalar::Null => G::Null,
                Scalar::Bool(b) => G::Bool(b),
                Scalar::Int(i) => G::Int(i),
                Scalar::Uint(u) => G::Uint(u),
                Scalar::Float(f) => G::Float(f),
                Scalar::Str(s) | Scalar::Timestamp(s) => G::String(s),
                Scalar::Merge => G::String("<<".into()),
            },
            RawKind::Seq(items) => {
                let mut out = Vec::with_capacity(items.len());
                for &i in items {
                    out.push(self.go_value(i, depth + 1)?);
                }
                G::Seq(out)
            }
            RawKind::Map(entries) => {
                let mut out = Vec::with_capacity(entries.len());
                for &(k, v) in entries {
                    let key = match self.go_value(k, depth + 1)? {
                        G::String(s) => s,
                        G::Bool(b) => b.to_string(),
                        G::Int(i) => i.to_string(),
                        G::Uint(u) => u.to_string(),
                        G::Float(f) => crate::gofmt::format_float_g(f, 64),
                        G::Null => "null".into(),
                        _ => {
                            self.error(
                                YamlErrorKind::Unsupported,
                                "yaml: invalid map key".into(),
                                raw.range,
                            );
                            return Err(Fatal);
                        }
                    };
                    out.push((key, self.go_value(v, depth + 1)?));
                }
                G::Map(out)
            }
            RawKind::Alias { target, name } => {
                let Some(t) = *target else {
                    self.error(
                        YamlErrorKind::Unsupported,
                        format!("yaml: unknown anchor '{name}' referenced"),
                        raw.range,
                    );
                    return Err(Fatal);
                };
                if self.in_alias[idx as usize] {
                    self.error(
                        YamlErrorKind::Unsupported,
                        format!("yaml: anchor '{name}' value contains itself"),
                        raw.range,
                    );
                    return Err(Fatal);
                }
                self.in_alias[idx as usize] = true;
                self.alias_depth += 1;
                let r = self.go_value(t, depth);
                self.alias_depth -= 1;
                self.in_alias[idx as usize] = false;
                r?
            }
        })
    }
}
