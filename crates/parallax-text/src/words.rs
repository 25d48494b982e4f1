use parallax_model::Span;

/// Words of `text`: maximal runs of alphanumeric characters, with inner apostrophes
/// ("Iran's") kept; each with its byte span.
pub fn word_spans(text: &str) -> Vec<(Span, &str)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((idx, ch)) = chars.next() {
        let inner_apostrophe = matches!(ch, '\'' | '’')
            && start.is_some()
            && chars.peek().is_some_and(|(_, next)| next.is_alphanumeric());
        if ch.is_alphanumeric() || inner_apostrophe {
            start.get_or_insert(idx);
        } else if let Some(begin) = start.take() {
            push_word(text, begin, idx, &mut out);
        }
    }
    if let Some(begin) = start {
        push_word(text, begin, text.len(), &mut out);
    }
    out
}

fn push_word<'t>(text: &'t str, start: usize, end: usize, out: &mut Vec<(Span, &'t str)>) {
    if let (Some(span), Some(word)) = (Span::new(start, end), text.get(start..end)) {
        out.push((span, word));
    }
}

/// A word without its possessive ending: "Iran's" and "Iran’s" are "Iran".
pub fn strip_possessive(word: &str) -> &str {
    word.trim_end_matches("'s").trim_end_matches("’s")
}

/// Whether a word is capitalised and otherwise lower case ("Moon", not "UN" or "McCain").
pub fn is_capitalised_word(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.all(char::is_lowercase)
}

/// Whether a word is a given name written the Korean way, after the family name: two parts
/// joined by a hyphen, the second in lower case ("Ki-moon", "Jae-in", "Jong-un"), unlike the
/// hyphenated words of other names ("Anglo-Saxon", "US-Israeli", "Smith-Jones").
pub fn is_hyphenated_given_name(word: &str) -> bool {
    word.split_once('-').is_some_and(|(first, second)| {
        is_capitalised_word(first) && !second.is_empty() && second.chars().all(char::is_lowercase)
    })
}

/// Whether a name's words are written family name first, as Korean names are: one or two
/// capitalised family names and a hyphenated given name ("Ban Ki-moon", "Moon Jae-in").
pub fn is_family_name_first(words: &[&str]) -> bool {
    match words.split_last() {
        Some((given, family)) => {
            matches!(family.len(), 1 | 2)
                && is_hyphenated_given_name(given)
                && family.iter().all(|word| is_capitalised_word(word))
        }
        None => false,
    }
}

/// Whether a line's words are in title case ("Putin Doubles Down on Diplomacy Push"): at least
/// three words of four letters or more, and nearly all of them capitalised (short words such as
/// "on" and "to" do not count).
pub fn is_title_cased(text: &str) -> bool {
    let long: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|word| word.chars().count() >= 4 && word.chars().all(char::is_alphabetic))
        .collect();
    let capitalised = long.iter().filter(|word| word.starts_with(char::is_uppercase)).count();
    long.len() >= 3 && capitalised * 10 >= long.len() * 9
}

/// The words of `text`, without spans.
pub fn words(text: &str) -> Vec<&str> {
    word_spans(text).into_iter().map(|(_, word)| word).collect()
}

/// The content words of a text: loose words ([`match_key`]) without stopwords or possessive `'s`.
pub fn content_words(text: &str) -> Vec<String> {
    match_key(text)
        .split(' ')
        .filter(|word| !word.is_empty() && !is_stopword(word))
        .map(|word| word.trim_end_matches("'s").to_owned())
        .collect()
}

/// A key for comparing text loosely: lowercase words joined by single spaces, with curly
/// apostrophes folded to straight ones. Punctuation, quotes and spacing differences vanish.
pub fn match_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    for word in words(text) {
        if !key.is_empty() {
            key.push(' ');
        }
        for ch in word.chars() {
            if ch == '’' {
                key.push('\'');
            } else {
                key.extend(ch.to_lowercase());
            }
        }
    }
    key
}

/// Verbs of speech that mark the person next to them as a sentence's speaker ("Kunin said",
/// "said Kunin", "Seacord complained").
pub const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "tells",
    "added",
    "adds",
    "wrote",
    "writes",
    "explained",
    "noted",
    "replied",
    "argued",
    "stated",
    "insisted",
    "complained",
    "recalled",
    "warned",
    "continued",
    "acknowledged",
    "declared",
    "announced",
    "testified",
    "tweeted",
    "claimed",
    "suggested",
    "predicted",
    "conceded",
    "admitted",
    "responded",
    "countered",
];

/// English function words that carry no topic.
pub const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "according",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "even",
    "few",
    "for",
    "friday",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "it's",
    "its",
    "itself",
    "just",
    "last",
    "like",
    "made",
    "make",
    "many",
    "may",
    "me",
    "might",
    "monday",
    "more",
    "most",
    "mr",
    "mrs",
    "ms",
    "much",
    "must",
    "my",
    "new",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "s",
    "said",
    "same",
    "saturday",
    "say",
    "says",
    "she",
    "should",
    "since",
    "so",
    "some",
    "such",
    "sunday",
    "t",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "thursday",
    "to",
    "told",
    "too",
    "tuesday",
    "two",
    "under",
    "until",
    "up",
    "us",
    "very",
    "was",
    "we",
    "wednesday",
    "week",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "year",
    "years",
    "you",
    "your",
];

/// True when the lowercase `word` is in [`STOPWORDS`].
pub fn is_stopword(word: &str) -> bool {
    STOPWORDS.binary_search(&word).is_ok()
}

/// A text whose quotation marks written as two characters, the Penn Treebank's ``…'' (ECB+) and
/// the doubled apostrophes of news archives (''…'', the NYT's), are one straight double mark and
/// a space: the same length, so every span stays where it was. The mark stands next to the words
/// it quotes: an opening pair (``, or '' before a word) becomes `␠"`, a closing one `"␠`.
///
/// ```
/// use parallax_text::straight_quotes;
/// assert_eq!(straight_quotes("``We won,'' he said"), " \"We won,\"  he said");
/// assert_eq!(straight_quotes("''We won.'' Next"), " \"We won.\"  Next");
/// assert_eq!(straight_quotes("No marks: it's Jo's"), "No marks: it's Jo's");
/// ```
pub fn straight_quotes(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("''") && !text.contains("``") {
        return std::borrow::Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while at < text.len() {
        let pair = bytes.get(at..at + 2);
        if pair == Some(b"``".as_slice()) {
            out.push_str(" \"");
            at += 2;
            continue;
        }
        if pair == Some(b"''".as_slice()) {
            let before = text.get(..at).and_then(|b| b.chars().next_back());
            let after = text.get(at + 2..).and_then(|a| a.chars().next());
            // After a word or a sentence's punctuation a pair closes; before a word it opens.
            let closes = before.is_some_and(|c| c.is_alphanumeric() || ",.!?;".contains(c));
            let opens = !closes && after.is_some_and(char::is_alphanumeric);
            out.push_str(if opens { " \"" } else { "\" " });
            at += 2;
            continue;
        }
        let ch = text.get(at..).and_then(|rest| rest.chars().next()).unwrap_or(' ');
        out.push(ch);
        at += ch.len_utf8();
    }
    std::borrow::Cow::Owned(out)
}

/// Byte ranges of a text inside quotation marks: paired double marks (curly, straight,
/// guillemets), and with `scare_quotes` single curly ones too (‘riots’). A mark left open runs to
/// the end. The ranges start at the opening mark and end at the closing one.
///
/// ```
/// use parallax_text::quoted_ranges;
/// assert_eq!(quoted_ranges("a “b” ‘c’ d’s \"e", true), [(2, 6), (10, 14), (24, 26)]);
/// assert_eq!(quoted_ranges("a “b” \"c\" d", false), [(2, 6), (10, 12)]);
/// ```
pub fn quoted_ranges(text: &str, scare_quotes: bool) -> Vec<(usize, usize)> {
    let text = straight_quotes(text);
    let text = text.as_ref();
    let mut out = Vec::new();
    let mut double: Option<usize> = None;
    let mut single: Option<usize> = None;
    for (at, ch) in text.char_indices() {
        match ch {
            '“' | '«' | '„' if double.is_none() => double = Some(at),
            '”' | '»' => {
                if let Some(start) = double.take() {
                    out.push((start, at));
                }
            }
            '"' => match double.take() {
                Some(start) => out.push((start, at)),
                None => double = Some(at),
            },
            '‘' if scare_quotes && single.is_none() => single = Some(at),
            // A closing single mark ends a scare quote only when one is open (else an
            // apostrophe: "rioters’ plots").
            '’' if scare_quotes => {
                let word_follows =
                    text.get(at + ch.len_utf8()..).and_then(|rest| rest.chars().next());
                if !word_follows.is_some_and(char::is_alphanumeric) {
                    if let Some(start) = single.take() {
                        out.push((start, at));
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(start) = double.or(single) {
        out.push((start, text.len()));
    }
    out
}

/// The English ordinal suffix of a number: "st" for 1, 21 and 101, "nd", "rd", and "th" for the
/// rest (11, 12 and 13 included).
///
/// ```
/// use parallax_text::ordinal_suffix;
/// assert_eq!(ordinal_suffix(21), "st");
/// assert_eq!(ordinal_suffix(12), "th");
/// assert_eq!(ordinal_suffix(3), "rd");
/// ```
pub fn ordinal_suffix(n: u32) -> &'static str {
    match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_inner_apostrophes_and_spans() {
        let text = "Iran’s rial, (MENAFN) 2,700 'quoted'";
        let found = word_spans(text);
        let texts: Vec<_> = found.iter().map(|(_, w)| *w).collect();
        assert_eq!(texts, ["Iran’s", "rial", "MENAFN", "2", "700", "quoted"]);
        for (span, word) in found {
            assert_eq!(span.slice(text), Some(word));
        }
        assert_eq!(match_key("Iran’s  RIAL!"), "iran's rial");
    }

    #[test]
    fn given_names_written_the_korean_way() {
        for word in ["Ki-moon", "Jae-in", "Jong-un"] {
            assert!(is_hyphenated_given_name(word), "{word}");
        }
        for word in ["Anglo-Saxon", "US-Israeli", "Smith-Jones", "-in", "Ki-", "ki-moon", "Moon"] {
            assert!(!is_hyphenated_given_name(word), "{word}");
        }
        assert!(
            is_family_name_first(&["Moon", "Jae-in"]) && is_family_name_first(&["Ban", "Ki-moon"])
        );
        assert!(!is_family_name_first(&["Jae-in"]) && !is_family_name_first(&["US", "Jae-in"]));
        assert!(is_capitalised_word("Moon"));
        assert!(!is_capitalised_word("UN") && !is_capitalised_word("McCain"));
    }

    #[test]
    fn stopwords_are_sorted_for_binary_search() {
        let mut sorted = STOPWORDS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, STOPWORDS);
        assert!(is_stopword("the"));
        assert!(!is_stopword("iran"));
    }
}
