//! `TextRange`: a half-open range of UTF-8 byte offsets into one file's text.

use std::fmt;
use std::ops::Range;

/// A half-open byte range `start..end` into a text. Always `start <= end`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct TextRange {
    start: u32,
    end: u32,
}

impl TextRange {
    /// Builds a range; panics in debug builds if `start > end` (a programming error).
    #[inline]
    pub fn new(start: u32, end: u32) -> TextRange {
        debug_assert!(start <= end, "TextRange::new({start}, {end})");
        TextRange {
            start,
            end: end.max(start),
        }
    }

    /// An empty range at `offset`.
    #[inline]
    pub fn empty(offset: u32) -> TextRange {
        TextRange::new(offset, offset)
    }

    /// Builds a range from `usize` offsets, saturating at `u32::MAX` (files above 4 GiB are
    /// refused long before they reach a range).
    #[inline]
    pub fn from_usize(start: usize, end: usize) -> TextRange {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        TextRange::new(clamp(start), clamp(end))
    }

    #[inline]
    pub fn start(self) -> u32 {
        self.start
    }

    #[inline]
    pub fn end(self) -> u32 {
        self.end
    }

    #[inline]
    pub fn len(self) -> u32 {
        self.end - self.start
    }

    #[inline]
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// True when `offset` lies in the range, the end included (a cursor at the end of a token
    /// still touches it).
    #[inline]
    pub fn contains_inclusive(self, offset: u32) -> bool {
        self.start <= offset && offset <= self.end
    }

    /// True when `other` lies entirely inside `self`.
    #[inline]
    pub fn contains_range(self, other: TextRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The smallest range covering both.
    #[inline]
    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// The range moved right by `delta` bytes.
    #[inline]
    pub fn shifted(self, delta: u32) -> TextRange {
        TextRange::new(self.start + delta, self.end + delta)
    }

    #[inline]
    pub fn to_usize(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

impl fmt::Debug for TextRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl From<Range<u32>> for TextRange {
    fn from(r: Range<u32>) -> TextRange {
        TextRange::new(r.start, r.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cover_and_contains() {
        let a = TextRange::new(2, 5);
        let b = TextRange::new(4, 9);
        assert_eq!(a.cover(b), TextRange::new(2, 9));
        assert!(a.contains_inclusive(5));
        assert!(!a.contains_inclusive(6));
        assert!(a.cover(b).contains_range(b));
        assert!(!a.contains_range(b));
        assert_eq!(TextRange::empty(3).len(), 0);
        assert_eq!(a.shifted(10).to_usize(), 12..15);
    }
}
