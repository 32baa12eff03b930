//! `LineIndex`: byte offset ⇄ (line, column) for one text, with LF, CRLF and lone-CR line ends.

/// A zero-based line and zero-based column, both in UTF-8 bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// Start offsets of every line of a text. Line ends are `\n`, `\r\n` and a lone `\r`, the same
/// set the Language Server Protocol uses (and not U+2028 or form feeds).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineIndex {
    line_starts: Vec<u32>,
    len: u32,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => line_starts.push(i as u32 + 1),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    line_starts.push(i as u32 + 1);
                }
                _ => {}
            }
            i += 1;
        }
        LineIndex {
            line_starts,
            len: bytes.len() as u32,
        }
    }

    /// Number of lines (a text ending in a newline has an empty last line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The line and byte column of `offset`; offsets past the end clamp to the end.
    pub fn line_col(&self, offset: u32) -> LineCol {
        let offset = offset.min(self.len);
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        LineCol {
            line: line as u32,
            col: offset - self.line_starts[line],
        }
    }

    /// The byte offset of a line and column; `None` when the line does not exist. Columns past
    /// the end of the line clamp to the start of the next line.
    pub fn offset(&self, lc: LineCol) -> Option<u32> {
        let start = *self.line_starts.get(lc.line as usize)?;
        let next = self
            .line_starts
            .get(lc.line as usize + 1)
            .copied()
            .unwrap_or(self.len);
        Some((start + lc.col).min(next))
    }

    /// Byte offset where `line` starts.
    pub fn line_start(&self, line: u32) -> Option<u32> {
        self.line_starts.get(line as usize).copied()
    }

    /// The byte range of `line`, without its line terminator.
    pub fn line_range(&self, text: &str, line: u32) -> Option<std::ops::Range<usize>> {
        let start = self.line_start(line)? as usize;
        let rest = &text[start..];
        let end = rest.find(['\n', '\r']).map_or(text.len(), |i| start + i);
        Some(start..end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixed_line_ends() {
        let text = "ab\ncd\r\nef\rg";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(idx.line_col(0), LineCol { line: 0, col: 0 });
        assert_eq!(idx.line_col(4), LineCol { line: 1, col: 1 });
        assert_eq!(idx.line_col(7), LineCol { line: 2, col: 0 });
        assert_eq!(idx.line_col(10), LineCol { line: 3, col: 0 });
        assert_eq!(idx.offset(LineCol { line: 2, col: 1 }), Some(8));
        assert_eq!(idx.offset(LineCol { line: 9, col: 0 }), None);
        assert_eq!(&text[idx.line_range(text, 1).unwrap()], "cd");
        assert_eq!(&text[idx.line_range(text, 3).unwrap()], "g");
    }

    #[test]
    fn unicode_separators_are_not_line_ends() {
        let idx = LineIndex::new("a\u{2028}b\u{85}c\x0cd\ne");
        assert_eq!(idx.line_count(), 2);
    }

    #[test]
    fn clamps_past_end() {
        let idx = LineIndex::new("abc");
        assert_eq!(idx.line_col(99), LineCol { line: 0, col: 3 });
    }
}
