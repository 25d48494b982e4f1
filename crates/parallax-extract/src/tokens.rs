//! Tokens for tagging: words (with inner apostrophes, hyphens and the periods of abbreviations
//! such as "U.S.") and single punctuation marks, each with its byte span.

use parallax_model::Span;

/// One token of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'t> {
    /// Its bytes in the text.
    pub span: Span,
    /// Its text.
    pub text: &'t str,
}

/// The span from the start of `tokens[start]` to the end of `tokens[end - 1]` (a chunk of
/// tokens as one span of their text); `None` for an empty or out-of-range chunk.
pub(crate) fn covering(tokens: &[Token<'_>], start: usize, end: usize) -> Option<Span> {
    let first = tokens.get(start)?;
    let last = tokens.get(end.checked_sub(1)?)?;
    Span::new(first.span.start(), last.span.end())
}

/// BIO tag indices of tokens under labelled spans: a token takes the label of the span holding
/// its start; the first such token of a span gets the span's begin tag, the rest `begin + 1`
/// (the inside tag); other tokens are 0 ("O").
pub(crate) fn bio_tags(
    tokens: &[Token<'_>],
    spans: impl IntoIterator<Item = (usize, Span)>,
) -> Vec<usize> {
    let mut tags = vec![0; tokens.len()];
    for (begin, span) in spans {
        let mut first = true;
        for (idx, token) in tokens.iter().enumerate() {
            if token.span.start() >= span.start() && token.span.start() < span.end() {
                tags[idx] = begin + usize::from(!first);
                first = false;
            }
        }
    }
    tags
}

/// Splits `text` into tokens. Whitespace separates; a run of letters and digits may hold inner
/// `'`, `’`, `-`, `.`, `,` (between digits: "2,700", "12.40") and `&` ("AT&T"); a word of single
/// letters joined by periods keeps its final period ("U.S."); every other character is a token of
/// its own.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |idx: usize| chars.get(idx).map_or(text.len(), |(at, _)| *at);
    let mut tokens = Vec::new();
    let mut idx = 0;
    while idx < chars.len() {
        let (start, ch) = chars[idx];
        if ch.is_whitespace() {
            idx += 1;
            continue;
        }
        if !ch.is_alphanumeric() {
            push(text, start, end_of(idx + 1), &mut tokens);
            idx += 1;
            continue;
        }
        let mut last = idx;
        let mut next = idx + 1;
        while next < chars.len() {
            let (_, here) = chars[next];
            if here.is_alphanumeric() {
                last = next;
                next += 1;
                continue;
            }
            let before = chars[next - 1].1;
            let after = chars.get(next + 1).map(|(_, c)| *c);
            let joins = match here {
                '\'' | '’' | '-' | '&' => {
                    before.is_alphanumeric() && after.is_some_and(char::is_alphanumeric)
                }
                '.' | ',' => {
                    (before.is_ascii_digit() && after.is_some_and(|c| c.is_ascii_digit()))
                        || (here == '.'
                            && after.is_some_and(char::is_alphabetic)
                            && is_initials(&chars, idx, next))
                }
                _ => false,
            };
            if !joins {
                break;
            }
            next += 1;
        }
        // "U.S." keeps its final period when every part is one letter, and so does a middle
        // initial before a capitalised word ("George W. Bush"), as CoNLL writes them; so do
        // "Jr." and a place's "St. Louis", "Mt. Kenya", "Ft. Worth" (the period is the name's).
        let mut stop = last + 1;
        let before_a_name = chars.get(stop + 1).is_some_and(|(_, c)| *c == ' ')
            && chars.get(stop + 2).is_some_and(|(_, c)| c.is_uppercase());
        let word = text.get(start..end_of(stop)).unwrap_or_default();
        let keeps_period = (is_initials(&chars, idx, stop)
            && (stop > idx + 1 || ch.is_uppercase() && before_a_name))
            || matches!(word, "Jr" | "Sr")
            || matches!(word, "St" | "Mt" | "Ft") && before_a_name;
        if keeps_period && chars.get(stop).is_some_and(|(_, c)| *c == '.') {
            stop += 1;
        }
        push(text, start, end_of(stop), &mut tokens);
        idx = stop;
    }
    tokens
}

/// Whether `chars[from..to]` alternates single letters and periods ("U.S", "U.N").
fn is_initials(chars: &[(usize, char)], from: usize, to: usize) -> bool {
    let part = &chars[from..to];
    !part.is_empty()
        && part.iter().enumerate().all(
            |(offset, (_, c))| {
                if offset % 2 == 0 { c.is_alphabetic() } else { *c == '.' }
            },
        )
}

fn push<'t>(text: &'t str, start: usize, end: usize, out: &mut Vec<Token<'t>>) {
    if let (Some(span), Some(token)) = (Span::new(start, end), text.get(start..end)) {
        out.push(Token { span, text: token });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        tokenize(text).into_iter().map(|token| token.text).collect()
    }

    #[test]
    fn words_numbers_and_abbreviations() {
        assert_eq!(
            texts("The U.S. and U.N. said 2,700 died; Iran's toll \"rose\" to 12.40%."),
            [
                "The", "U.S.", "and", "U.N.", "said", "2,700", "died", ";", "Iran's", "toll", "\"",
                "rose", "\"", "to", "12.40", "%", "."
            ]
        );
        assert_eq!(texts("AT&T's pre-war deal."), ["AT&T's", "pre-war", "deal", "."]);
        assert_eq!(texts("He left. Then"), ["He", "left", ".", "Then"]);
        // A middle initial keeps its period; a capital letter ending a sentence does not.
        assert_eq!(texts("George W. Bush met"), ["George", "W.", "Bush", "met"]);
        assert_eq!(texts("Plan B."), ["Plan", "B", "."]);
        assert_eq!(texts("Plan B. then"), ["Plan", "B", ".", "then"]);
        assert_eq!(texts("Kennedy Jr. in"), ["Kennedy", "Jr.", "in"]);
        assert_eq!(texts("the St. Louis team"), ["the", "St.", "Louis", "team"]);
    }

    #[test]
    fn spans_slice_the_text() {
        let text = "Moscow — “absolutely unacceptable”, Zakharova said.";
        for token in tokenize(text) {
            assert_eq!(token.span.slice(text), Some(token.text));
        }
    }
}
