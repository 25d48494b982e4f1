//! Sentence boundaries for news text: `.`, `!` and `?` (with closing quotes and brackets) end a
//! sentence when the next word starts one, except after titles and abbreviations ("Dr.", "Gen.",
//! "Jan. 5", "No. 10"), inside numbers ("$12.40") and after initials ("U.S. officials"); a line
//! break always ends one.

use parallax_model::Span;

use crate::is_stopword;

/// Words that end with a period without ending the sentence (compared lowercase, without it).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "ft", "gen", "col", "lt", "maj",
    "capt", "cmdr", "adm", "sgt", "cpl", "pvt", "gov", "sen", "rep", "pres", "rev", "hon", "amb",
    "supt", "insp", "det", "inc", "ltd", "co", "corp", "bros", "plc", "vs", "etc", "approx", "no",
    "nos", "vol", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "ave",
    "blvd", "rd", "e.g", "i.e", "a.m", "p.m", "cf", "al",
];

/// The sentences of `text` as trimmed spans, in order.
pub fn sentence_spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut idx = 0;
    while idx < chars.len() {
        let (at, ch) = chars[idx];
        if ch == '\n' {
            push_trimmed(text, start, at, &mut out);
            start = at + 1;
            idx += 1;
            continue;
        }
        if matches!(ch, '.' | '!' | '?' | '…') {
            // Take the whole run of terminators and closing marks.
            let mut end = idx + 1;
            while end < chars.len()
                && matches!(
                    chars[end].1,
                    '.' | '!' | '?' | '"' | '\'' | '”' | '’' | ')' | ']' | '»'
                )
            {
                end += 1;
            }
            let end_byte = chars.get(end).map_or(text.len(), |(b, _)| *b);
            let followed_by_space = chars.get(end).is_none_or(|(_, c)| c.is_whitespace());
            if followed_by_space && ends_sentence(text, &chars, idx, end) {
                push_trimmed(text, start, end_byte, &mut out);
                start = end_byte;
            }
            idx = end;
            continue;
        }
        idx += 1;
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

/// Whether the terminator at `chars[idx]` (its run ending before `chars[end]`) ends a sentence.
fn ends_sentence(text: &str, chars: &[(usize, char)], idx: usize, end: usize) -> bool {
    let next = next_word(text, chars, end);
    let Some(next) = next else { return true };
    let next_first = next.chars().next().unwrap_or(' ');
    let starts_like_sentence = next_first.is_uppercase()
        || next_first.is_numeric()
        || matches!(next_first, '"' | '“' | '‘' | '\'' | '(' | '[' | '«' | '—' | '-');
    if !starts_like_sentence {
        return false;
    }
    if chars[idx].1 != '.' || end > idx + 1 && chars[idx + 1].1 == '.' {
        // "!", "?", or an ellipsis: the next capital starts a sentence.
        return true;
    }
    let word = previous_word(text, chars, idx);
    let lower = word.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return false;
    }
    let initials = !word.is_empty()
        && word
            .split('.')
            .all(|part| part.chars().count() == 1 && part.chars().all(char::is_alphabetic));
    if initials {
        // "U.S. officials" goes on; "… the U.S. The next day" does not: a capitalised function
        // word after initials starts a sentence.
        return is_stopword(&next.to_lowercase());
    }
    true
}

/// The word (letters, digits and inner periods) just before `chars[idx]`.
fn previous_word<'t>(text: &'t str, chars: &[(usize, char)], idx: usize) -> &'t str {
    let end = chars[idx].0;
    let mut begin = idx;
    while begin > 0 && (chars[begin - 1].1.is_alphanumeric() || chars[begin - 1].1 == '.') {
        begin -= 1;
    }
    text.get(chars.get(begin).map_or(end, |(b, _)| *b)..end).unwrap_or_default()
}

/// The next run of non-space characters after `chars[from]`, trimmed of leading quotes.
fn next_word<'t>(text: &'t str, chars: &[(usize, char)], from: usize) -> Option<&'t str> {
    let mut begin = from;
    while begin < chars.len() && chars[begin].1.is_whitespace() {
        if chars[begin].1 == '\n' {
            return None;
        }
        begin += 1;
    }
    let start = chars.get(begin)?.0;
    let rest = text.get(start..)?;
    let word = rest.split(char::is_whitespace).next()?;
    let bare = word.trim_start_matches(['"', '“', '‘', '\'', '(', '[', '«']);
    Some(if bare.is_empty() { word } else { bare })
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let Some(slice) = text.get(start..end) else { return };
    let leading = slice.len() - slice.trim_start().len();
    let trimmed = slice.trim();
    if trimmed.is_empty() {
        return;
    }
    if let Some(span) = Span::new(start + leading, start + leading + trimmed.len()) {
        out.push(span);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        sentence_spans(text).into_iter().filter_map(|span| span.slice(text)).collect()
    }

    #[test]
    fn news_abbreviations_do_not_end_sentences() {
        let text = "U.S. officials met Dr. Ardo Velm on Jan. 5 in St. Korrin. The U.N. envoy paid \
            $12.40 for No. 10 tickets. He left at 3 p.m. on Friday. It was over.";
        assert_eq!(
            sentences(text),
            [
                "U.S. officials met Dr. Ardo Velm on Jan. 5 in St. Korrin.",
                "The U.N. envoy paid $12.40 for No. 10 tickets.",
                "He left at 3 p.m. on Friday.",
                "It was over."
            ]
        );
    }

    #[test]
    fn quotes_questions_initials_and_lines() {
        let text = "“It is absolutely unacceptable,” she said. “Why?” he asked! Aid went to \
            the U.S. The ferry stopped.\nA new paragraph without a period";
        assert_eq!(
            sentences(text),
            [
                "“It is absolutely unacceptable,” she said.",
                "“Why?” he asked!",
                "Aid went to the U.S.",
                "The ferry stopped.",
                "A new paragraph without a period"
            ]
        );
        // Lowercase after a period: not a new sentence ("approx. five").
        assert_eq!(
            sentences("It cost approx. five dollars. Fine."),
            ["It cost approx. five dollars.", "Fine."]
        );
        assert!(sentence_spans("").is_empty());
        assert!(sentence_spans("  \n ").is_empty());
    }
}
