use std::fmt;

/// A half-open byte range `[start, end)` in a document's raw text.
///
/// The invariant `start <= end` is checked by [`Span::new`]; whether the span lies inside a given
/// text is checked where the text is known ([`Span::slice`] returns `None` otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    start: usize,
    end: usize,
}

impl Span {
    /// A span from `start` to `end`; `None` when `start > end`.
    pub fn new(start: usize, end: usize) -> Option<Span> {
        (start <= end).then_some(Span { start, end })
    }

    /// First byte of the span.
    pub fn start(&self) -> usize {
        self.start
    }

    /// One past the last byte of the span.
    pub fn end(&self) -> usize {
        self.end
    }

    /// Number of bytes covered.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The covered text, or `None` when the span is out of bounds or not on char boundaries.
    pub fn slice<'t>(&self, text: &'t str) -> Option<&'t str> {
        text.get(self.start..self.end)
    }

    /// True when the two spans share at least one byte.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// True when `other` lies entirely inside `self`.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_reversed_and_slices_safely() {
        assert!(Span::new(5, 4).is_none());
        let span = Span::new(1, 3).unwrap();
        assert_eq!(span.slice("abcd"), Some("bc"));
        assert_eq!(Span::new(2, 9).unwrap().slice("abcd"), None);
        // "é" is two bytes: a span that cuts it is refused rather than panicking.
        assert_eq!(Span::new(0, 1).unwrap().slice("é"), None);
    }
}
