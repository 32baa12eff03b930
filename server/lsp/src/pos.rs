//! Byte offsets ⇄ LSP positions in the negotiated encoding (UTF-16 by default, UTF-8 when the
//! client offers it). The only place in chartwright that counts UTF-16 code units.

use std::sync::Arc;

use cw_base::{LineCol, TextRange};
use lsp_types::{Position, PositionEncodingKind, Range};

/// The unit of `Position.character`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client offers it (no conversion at all), else UTF-16, which every client
    /// supports.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }
}

/// A text with its line index, converting in one encoding.
#[derive(Clone, Debug)]
pub struct PosIndex {
    text: Arc<str>,
    lines: cw_base::LineIndex,
    encoding: Encoding,
}

impl PosIndex {
    pub fn new(text: Arc<str>, encoding: Encoding) -> PosIndex {
        let lines = cw_base::LineIndex::new(&text);
        PosIndex {
            text,
            lines,
            encoding,
        }
    }

    pub fn text(&self) -> &Arc<str> {
        &self.text
    }

    fn floor_char_boundary(&self, mut offset: usize) -> usize {
        offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// The position of a byte offset (clamped to the text, and down to a character boundary).
    pub fn position(&self, offset: u32) -> Position {
        let offset = self.floor_char_boundary(offset as usize) as u32;
        let LineCol { line, col } = self.lines.line_col(offset);
        let character = match self.encoding {
            Encoding::Utf8 => col,
            Encoding::Utf16 => {
                let start = (offset - col) as usize;
                self.text[start..offset as usize].encode_utf16().count() as u32
            }
        };
        Position { line, character }
    }

    /// The byte offset of a position. As LSP asks, a character past the end of its line means
    /// the end of the line and a line past the end of the text means the end of the text; a
    /// position inside a character (half a surrogate pair, the middle of a UTF-8 sequence)
    /// means the start of that character.
    pub fn offset(&self, pos: Position) -> u32 {
        let Some(range) = self.lines.line_range(&self.text, pos.line) else {
            return self.text.len() as u32;
        };
        let line = &self.text[range.clone()];
        let col = match self.encoding {
            Encoding::Utf8 => {
                let mut c = (pos.character as usize).min(line.len());
                while !line.is_char_boundary(c) {
                    c -= 1;
                }
                c
            }
            Encoding::Utf16 => {
                let mut units = 0u32;
                let mut bytes = line.len();
                for (i, ch) in line.char_indices() {
                    let next = units + ch.len_utf16() as u32;
                    if units >= pos.character || next > pos.character {
                        bytes = i;
                        break;
                    }
                    units = next;
                }
                bytes
            }
        };
        (range.start + col) as u32
    }

    pub fn range(&self, range: TextRange) -> Range {
        Range {
            start: self.position(range.start()),
            end: self.position(range.end()),
        }
    }

    /// The byte range of an LSP range (start and end ordered).
    pub fn text_range(&self, range: Range) -> TextRange {
        let a = self.offset(range.start);
        let b = self.offset(range.end);
        TextRange::new(a.min(b), a.max(b))
    }
}

/// Applies an LSP content change to a text: the range is resolved against the text as it is
/// before this change (each change of a `didChange` applies to the result of the previous one).
pub fn apply_change(
    text: &str,
    range: Option<Range>,
    new_text: &str,
    encoding: Encoding,
) -> String {
    match range {
        None => new_text.to_string(),
        Some(range) => {
            let index = PosIndex::new(Arc::from(text), encoding);
            let r = index.text_range(range).to_usize();
            let mut out = String::with_capacity(text.len() - r.len() + new_text.len());
            out.push_str(&text[..r.start]);
            out.push_str(new_text);
            out.push_str(&text[r.end..]);
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    // "é" is 2 bytes / 1 UTF-16 unit; "😀" is 4 bytes / 2 UTF-16 units; "中" 3 bytes / 1 unit.
    const TEXT: &str = "aé😀b\n中x\r\nlast";

    #[test]
    fn utf16_positions_of_byte_offsets() {
        let idx = PosIndex::new(Arc::from(TEXT), Encoding::Utf16);
        assert_eq!(idx.position(0), pos(0, 0));
        assert_eq!(idx.position(1), pos(0, 1)); // before é
        assert_eq!(idx.position(3), pos(0, 2)); // before 😀
        assert_eq!(idx.position(7), pos(0, 4)); // before b
        assert_eq!(idx.position(8), pos(0, 5)); // end of line 0
        assert_eq!(idx.position(9), pos(1, 0));
        assert_eq!(idx.position(12), pos(1, 1)); // after 中
        assert_eq!(idx.position(15), pos(2, 0)); // after \r\n
        assert_eq!(idx.position(19), pos(2, 4));
        // Inside a character: its start.
        assert_eq!(idx.position(5), pos(0, 2));
        // Past the end: the end.
        assert_eq!(idx.position(999), pos(2, 4));
    }

    #[test]
    fn utf8_positions_are_byte_columns() {
        let idx = PosIndex::new(Arc::from(TEXT), Encoding::Utf8);
        assert_eq!(idx.position(7), pos(0, 7));
        assert_eq!(idx.position(12), pos(1, 3));
        assert_eq!(idx.offset(pos(0, 7)), 7);
        // Inside a character: its start.
        assert_eq!(idx.offset(pos(0, 5)), 3);
        assert_eq!(idx.offset(pos(1, 99)), 13);
    }

    #[test]
    fn utf16_offsets_of_positions() {
        let idx = PosIndex::new(Arc::from(TEXT), Encoding::Utf16);
        assert_eq!(idx.offset(pos(0, 0)), 0);
        assert_eq!(idx.offset(pos(0, 2)), 3);
        assert_eq!(idx.offset(pos(0, 4)), 7);
        // Half a surrogate pair: the start of the emoji.
        assert_eq!(idx.offset(pos(0, 3)), 3);
        // Past the end of the line: before the line break (\n and \r\n alike).
        assert_eq!(idx.offset(pos(0, 50)), 8);
        assert_eq!(idx.offset(pos(1, 50)), 13);
        assert_eq!(idx.offset(pos(2, 2)), 17);
        // Past the last line: the end of the text.
        assert_eq!(idx.offset(pos(7, 0)), TEXT.len() as u32);
    }

    #[test]
    fn round_trip_every_char_boundary() {
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            let idx = PosIndex::new(Arc::from(TEXT), enc);
            for (i, _) in TEXT.char_indices() {
                // The offset between \r and \n is not a position.
                if i == 14 {
                    continue;
                }
                assert_eq!(idx.offset(idx.position(i as u32)), i as u32, "{enc:?} {i}");
            }
        }
    }

    #[test]
    fn incremental_changes_apply_in_utf16() {
        let text = "name: 😀é\nx: 1\n";
        // Replace "é" (UTF-16 column 8..9 on line 0) with "e".
        let range = Range {
            start: pos(0, 8),
            end: pos(0, 9),
        };
        let out = apply_change(text, Some(range), "e", Encoding::Utf16);
        assert_eq!(out, "name: 😀e\nx: 1\n");
        // Insert at the end of the text.
        let range = Range {
            start: pos(2, 0),
            end: pos(2, 0),
        };
        assert_eq!(
            apply_change(&out, Some(range), "y: 2\n", Encoding::Utf16),
            "name: 😀e\nx: 1\ny: 2\n"
        );
        assert_eq!(apply_change(text, None, "all", Encoding::Utf16), "all");
    }

    #[test]
    fn negotiation_prefers_utf8_when_offered() {
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        assert_eq!(
            Encoding::negotiate(Some(&[PositionEncodingKind::UTF16])),
            Encoding::Utf16
        );
        assert_eq!(
            Encoding::negotiate(Some(&[
                PositionEncodingKind::UTF16,
                PositionEncodingKind::UTF8
            ])),
            Encoding::Utf8
        );
    }
}
