//! The quotes and role phrases of an article, with raw spans, and each quote's speaker resolved
//! inside the article.

use parallax_model::{
    CleanDocument, EntityKind, Mention, Piece, Quote, RawDocument, RoleMention, Span,
};

use crate::article::{in_document, in_region, piece, read_regions};
use crate::attribution::AttributionModel;
use crate::roles::find_roles;

/// Pronouns that stand for one person.
const PERSON_PRONOUNS: &[&str] = &["he", "she", "him", "her"];

/// The entity mentions (raw spans) inside a region, moved to the region's offsets, with their
/// kinds.
fn mentions_in(region: Span, mentions: &[Mention]) -> Vec<(Span, EntityKind)> {
    mentions.iter().filter_map(|m| in_region(region, m.span).map(|span| (span, m.kind))).collect()
}

/// The role phrases of an article (`mentions` are its entity mentions).
pub fn document_roles(
    raw: &RawDocument,
    cleaned: &CleanDocument,
    mentions: &[Mention],
) -> Vec<RoleMention> {
    let mut out = Vec::new();
    for (region, text) in read_regions(raw, cleaned) {
        let persons: Vec<Span> = mentions_in(region, mentions)
            .into_iter()
            .filter(|(_, kind)| *kind == EntityKind::Person)
            .map(|(span, _)| span)
            .collect();
        for found in find_roles(text, &persons) {
            let Some(span) = in_document(region, found.span) else { continue };
            out.push(RoleMention {
                doc_id: raw.id.clone(),
                span,
                text: piece(raw, span).text,
                role: found.role,
                country: found.country,
                organisation: found.organisation,
                person: found.person.and_then(|p| in_document(region, p)).map(|p| piece(raw, p)),
            });
        }
    }
    out
}

/// The quotes of an article (attributions with content). A quote's speaker is the entity named
/// in its source (the longest person mention, else a role phrase's person, else an
/// organisation, else a place that is the whole source), a role phrase in its source (resolved
/// across the story later), or for "he"/"she" the person named last before it; a plural source
/// also has the people it stands for ([`group`]).
pub fn document_quotes(
    model: &AttributionModel,
    raw: &RawDocument,
    cleaned: &CleanDocument,
    mentions: &[Mention],
    roles: &[RoleMention],
) -> Vec<Quote> {
    let mut out = Vec::new();
    // A content opening with the dateline ("KORLAN CITY, May 4, 2026 — A ferry capsized …, the
    // coast guard said") starts after it: the place is where the article was filed.
    let prefix = cleaned.dateline_prefix(raw);
    let after_dateline = |span: Span| match prefix {
        Some(prefix)
            if prefix.start() <= span.start()
                && span.start() < prefix.end()
                && prefix.end() < span.end() =>
        {
            Span::new(prefix.end(), span.end()).unwrap_or(span)
        }
        _ => span,
    };
    for (region, text) in read_regions(raw, cleaned) {
        let entities = mentions_in(region, mentions);
        for found in model.attributions_with_entities(text, &entities) {
            let moved = |span: Span| in_document(region, span);
            let source = found.source.and_then(moved);
            let content: Vec<Piece> = found
                .content
                .iter()
                .filter_map(|s| moved(*s))
                .map(|s| piece(raw, after_dateline(s)))
                .collect();
            // A quote needs words quoted and someone or something that says them: an
            // attribution whose content the tagger missed ("the Kremlin said." before a
            // paragraph break) is no quote to show.
            if content.is_empty()
                || (source.is_none() && found.cue.is_none())
                || is_no_comment(&content)
                || is_only_a_name(&content, mentions)
            {
                continue;
            }
            out.push(Quote {
                doc_id: raw.id.clone(),
                kind: found.kind,
                source: source.map(|s| piece(raw, s)),
                cue: found.cue.and_then(moved).map(|s| piece(raw, s)),
                content,
                speaker: source
                    .and_then(|s| speaker(raw, s, mentions, roles))
                    .map(|s| piece(raw, s)),
                group: source
                    .map(|s| group(raw, s, mentions, roles))
                    .unwrap_or_default()
                    .into_iter()
                    .map(|s| piece(raw, s))
                    .collect(),
            });
        }
    }
    out
}

/// Whether a content is only a person's name: the object of a verb the tagger took for a cue
/// ("executives, who testified against Lenz", "Cruz thanked Trump"), which says nothing.
fn is_only_a_name(content: &[Piece], mentions: &[Mention]) -> bool {
    matches!(content, [one] if mentions.iter().any(|m| {
        m.kind == EntityKind::Person && m.span == one.span
    }))
}

/// Whether a content says only that nothing was said: "declined | to comment", "declined |
/// immediate comment", "did not respond to | requests for comment" (what it reports is silence, not words; a relative pronoun the
/// tagger left in, "which", does not count).
fn is_no_comment(content: &[Piece]) -> bool {
    let words: Vec<String> = content
        .iter()
        .flat_map(|piece| piece.text.split_whitespace())
        .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
        .filter(|word| !matches!(word.as_str(), "which" | "who" | "that" | ""))
        .collect();
    let asked = words.windows(2).take(4).any(|pair| {
        matches!(pair[0].as_str(), "for" | "seeking" | "requesting") && pair[1] == "comment"
    });
    // "to comment", "immediate comment", "any further comment", "n't comment".
    let declined = words.iter().position(|w| w == "comment").is_some_and(|at| {
        words.iter().take(at).all(|w| {
            matches!(
                w.as_str(),
                "to" | "immediate" | "immediately" | "any" | "further" | "n't" | "not"
            )
        })
    });
    words.len() <= 8 && (asked || declined)
}

/// A source span up to its first relative pronoun of a person after its first word ("a president
/// | who …"); the whole span when it has none ("figures that were released by the board" keep
/// their board).
fn without_relative_clause(text: &str, source: Span) -> Span {
    let Some(words) = source.slice(text) else { return source };
    let mut offset = 0;
    for (idx, word) in words.split_inclusive(char::is_whitespace).enumerate() {
        let bare = word.trim().trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        if idx > 0 && matches!(bare.as_str(), "who" | "whom" | "whose") {
            let head = words.get(..offset).unwrap_or_default().trim_end();
            let head = head.trim_end_matches([',', '-', '–', '—']).trim_end();
            return Span::new(source.start(), source.start() + head.len()).unwrap_or(source);
        }
        offset += word.len();
    }
    source
}

/// The name a source span resolves to inside its article: the longest person mention in it, a
/// role phrase's person, the role phrase, an organisation, a place speaking for its government
/// ("Moscow", "a Kremlin statement"), or for "he"/"she" the person last named before it. A
/// source naming several people ("Pezeshkian and Netanyahu") resolves to none of them.
pub(crate) fn speaker(
    raw: &RawDocument,
    source: Span,
    mentions: &[Mention],
    roles: &[RoleMention],
) -> Option<Span> {
    // Who speaks is named before a relative clause: "a president who authorized the raid that
    // killed Orlo Dantes" is no Dantes.
    let source = without_relative_clause(&raw.text, source);
    if names_several(&raw.text, source, people_spans(mentions, roles)) {
        return None;
    }
    // A person or body owning the rest of the source ("Obama's former campaign strategist",
    // "the BBC's correspondent") is not who speaks (a place may be: "Iran's statement").
    let possessor = |m: &Mention| {
        let after = raw.text.get(m.span.end()..source.end()).unwrap_or_default();
        after
            .strip_prefix("'s")
            .or_else(|| after.strip_prefix("’s"))
            .is_some_and(|rest| rest.chars().any(char::is_alphanumeric))
    };
    // Nor is a person after a preposition ("an adviser to Trump", "a friend of the senator";
    // "documents from X" and "a book by X" are X's).
    let complement = |m: &Mention| {
        let before = raw.text.get(source.start()..m.span.start()).unwrap_or_default();
        let last = before.split_whitespace().next_back().unwrap_or_default().to_lowercase();
        matches!(last.as_str(), "to" | "for" | "of" | "with" | "at" | "against")
    };
    let inside = |kind: EntityKind| {
        mentions
            .iter()
            .filter(|m| m.kind == kind && source.contains(m.span))
            .filter(|m| kind == EntityKind::Location || !possessor(m))
            .filter(|m| kind != EntityKind::Person || !complement(m))
            .max_by_key(|m| (m.span.len(), std::cmp::Reverse(m.span.start())))
            .map(|m| m.span)
    };
    if let Some(person) = inside(EntityKind::Person) {
        return Some(person);
    }
    let role = roles.iter().find(|r| source.contains(r.span));
    if let Some(person) = role.and_then(|r| r.person.as_ref()) {
        return Some(person.span);
    }
    if let Some(role) = role {
        return Some(role.span);
    }
    // An organisation speaks for a source unless the source names another body after it: "the
    // Ardun fire service", "Cumbria police" (words after a comma are an appositive).
    let names_another_body = |inner: &Span| {
        let after = raw.text.get(inner.end()..source.end()).unwrap_or_default();
        let before_comma = after.split(',').next().unwrap_or_default();
        before_comma
            .split_whitespace()
            .any(|word| OTHER_BODIES.contains(&word.to_lowercase().as_str()))
    };
    if let Some(organisation) =
        inside(EntityKind::Organisation).filter(|organisation| !names_another_body(organisation))
    {
        return Some(organisation);
    }
    // A place speaking for its government: "Moscow", "the Kremlin", "a Kremlin statement".
    // (Of the places in the source, the longest that does: "China, Pyongyang's only ally,".)
    let speaks_for_government = |place: &Span| {
        let rest = format!(
            "{} {}",
            raw.text.get(source.start()..place.start()).unwrap_or_default(),
            raw.text.get(place.end()..source.end()).unwrap_or_default()
        );
        // Or it opens the source before an appositive: "Russia, Iran's main ally,".
        let opens_appositive = place.start() == source.start()
            && raw.text.get(place.end()..).is_some_and(|after| after.starts_with(','));
        opens_appositive
            || rest.split_whitespace().all(|word| {
                matches!(
                    word.to_lowercase().as_str(),
                    "the" | "a" | "an" | "'s" | "’s" | "statement" | "announcement" | "readout"
                )
            })
    };
    if let Some(place) = mentions
        .iter()
        .filter(|m| m.kind == EntityKind::Location && source.contains(m.span))
        .map(|m| m.span)
        .filter(speaks_for_government)
        .max_by_key(|place| (place.len(), std::cmp::Reverse(place.start())))
    {
        return Some(place);
    }
    let word = source.slice(&raw.text).unwrap_or_default().trim().to_lowercase();
    // A relative "who" is the person named right before it ("Matt Smith, who announced …",
    // "Chris Webber -- who complained"); a group ("mobsters who …") names no one.
    if word == "who" {
        let before = raw.text.get(..source.start()).unwrap_or_default();
        let end = before
            .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '-' | '–' | '—'))
            .len();
        return mentions
            .iter()
            .find(|m| m.kind == EntityKind::Person && m.span.end() == end)
            .map(|m| m.span);
    }
    if PERSON_PRONOUNS.contains(&word.as_str()) {
        if let Some(person) = pronoun_antecedent(&raw.text, source.start(), mentions) {
            return Some(person);
        }
        return mentions
            .iter()
            .filter(|m| m.kind == EntityKind::Person && m.span.end() <= source.start())
            .max_by_key(|m| m.span.end())
            .map(|m| m.span);
    }
    if is_statement_anaphor(&word) {
        return statement_issuer(&raw.text, source.start(), mentions, STATEMENT_CHAIN);
    }
    None
}

/// The person a "he" or "she" at byte `at` stands for, in the nearest sentence (of this
/// paragraph or the one before) that names a person outside quotation marks: its first speaker
/// ("…, Kunin said in an interview"), else the first person named not as a possessor (the
/// subject more often than the last-named: "Hillary Clinton's email scandal, Attorney General
/// Loretta Lynch took … not prosecute Clinton. “…,” she said" is Lynch's), else the first
/// possessor ("Sanders's victory speech focused on … He told").
fn pronoun_antecedent(text: &str, at: usize, mentions: &[Mention]) -> Option<Span> {
    let before = text.get(..at)?;
    // From the start of the paragraph before this one.
    let this_paragraph = before.trim_end_matches(|c| c != '\n').len();
    let previous = before.get(..this_paragraph)?.trim_end().trim_end_matches(|c| c != '\n').len();
    let window = before.get(previous..)?;
    let quoted = parallax_text::quoted_ranges(window, false);
    let candidates: Vec<Span> = mentions
        .iter()
        .filter(|m| {
            m.kind == EntityKind::Person && m.span.start() >= previous && m.span.end() <= at
        })
        .map(|m| m.span)
        .filter(|span| {
            let (start, end) = (span.start() - previous, span.end() - previous);
            !quoted.iter().any(|&(open, close)| open <= start && end <= close)
        })
        .collect();
    let after = |span: Span| text.get(span.end()..).unwrap_or_default();
    let is_possessor = |span: Span| after(span).starts_with("'s") || after(span).starts_with("’s");
    let is_speaker = |span: Span| {
        let is_verb = |word: &str| {
            let word = word.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase();
            parallax_text::SPEECH_VERBS.contains(&word.as_str())
        };
        let next = after(span).split_whitespace().next().unwrap_or_default();
        let last = text.get(..span.start()).unwrap_or_default().split_whitespace().next_back();
        is_verb(next) || last.is_some_and(is_verb)
    };
    // A name before a role and another name modifies the role: "Clinton spokeswoman Jennifer
    // Palmieri" names Palmieri.
    let modifies_the_next = |idx: usize| {
        candidates.get(idx + 1).is_some_and(|next| {
            let between = text.get(candidates[idx].end()..next.start()).unwrap_or_default();
            let words: Vec<&str> = between.split_whitespace().collect();
            (1..=3).contains(&words.len())
                && words.iter().all(|word| word.chars().all(|c| c.is_lowercase() || c == '-'))
        })
    };
    let candidates: Vec<Span> = (0..candidates.len())
        .filter(|&idx| !modifies_the_next(idx))
        .map(|idx| candidates[idx])
        .collect();
    parallax_text::sentence_spans(window).iter().rev().find_map(|sentence| {
        let inside: Vec<Span> = candidates
            .iter()
            .copied()
            .filter(|span| {
                sentence.start() + previous <= span.start()
                    && span.end() <= sentence.end() + previous
            })
            .collect();
        inside
            .iter()
            .find(|span| is_speaker(**span))
            .or_else(|| inside.iter().find(|span| !is_possessor(**span)))
            .or_else(|| inside.first())
            .copied()
    })
}

/// Nouns for what a body issues and a later sentence cites as "the statement" ("release" is
/// left out: "the release of the hostages" is no statement).
const STATEMENT_NOUNS: &[&str] =
    &["statement", "statements", "announcement", "readout", "communique", "communiqué"];

/// How many "the statement"s in a row [`statement_issuer`] follows back.
const STATEMENT_CHAIN: usize = 3;

/// Whether a source is "the statement" of an earlier sentence: "the", "this" or "that", at most
/// one more word, and a statement noun ("the statement", "the later announcement").
fn is_statement_anaphor(source: &str) -> bool {
    let words: Vec<&str> = source.split_whitespace().collect();
    matches!(words.first(), Some(&("the" | "this" | "that")))
        && (2..=3).contains(&words.len())
        && words.last().is_some_and(|noun| STATEMENT_NOUNS.contains(noun))
}

/// Who issued the statement last mentioned before `before` in the article: the organisation,
/// place or person right before its noun ("a Kremlin statement", "the ministry's statement"),
/// after it ("a statement from the Foreign Ministry", "In a statement, the Kremlin said"), or
/// saying it in the statement ("the Kremlin said in a statement"). When that mention is itself
/// "the statement", the one before it is followed, up to `chain` times. `None` when the nearest
/// statement names no issuer ("a statement said"): an older one would be a guess.
fn statement_issuer(text: &str, before: usize, mentions: &[Mention], chain: usize) -> Option<Span> {
    let head = text.get(..before)?;
    let words = parallax_text::word_spans(head);
    let (at, noun) = words
        .iter()
        .rev()
        .find(|(_, word)| STATEMENT_NOUNS.contains(&word.to_lowercase().as_str()))?;
    // Its sentence, by the splitter that knows "U.S." and "Dr." end none.
    let sentence = parallax_text::sentence_spans(text)
        .into_iter()
        .find(|sentence| sentence.start() <= at.start() && at.end() <= sentence.end())?;
    let (sentence_start, sentence_end) = (sentence.start(), sentence.end());
    let issuers: Vec<&Mention> = mentions
        .iter()
        .filter(|m| m.kind != EntityKind::Miscellaneous)
        .filter(|m| m.span.start() >= sentence_start && m.span.end() <= sentence_end)
        .collect();
    let between = |from: usize, to: usize| text.get(from..to).unwrap_or_default().to_lowercase();
    // Right before the noun, with at most a possessive and one word between.
    let right_before = issuers.iter().filter(|m| m.span.end() <= at.start()).rev().find(|m| {
        let gap = between(m.span.end(), at.start());
        let gap = gap.trim_start_matches(['\'', '’']).trim_start_matches('s');
        gap.split_whitespace().count() <= 1
    });
    // After it: "from"/"by" the issuer, or the subject after "In a statement,".
    let after = issuers.iter().filter(|m| m.span.start() >= at.end()).find(|m| {
        let gap = between(at.end(), m.span.start());
        let gap = gap.trim();
        matches!(gap, "from" | "from the" | "by" | "by the" | "issued by" | "issued by the")
            || (gap.starts_with(',')
                && between(sentence_start, at.start()).trim().starts_with("in "))
    });
    // Saying it: "the Kremlin said in a (second) statement", a verb (and one more word at most)
    // between the issuer and "in a" ("told the U.S. in a statement" is not the U.S.'s).
    let saying = issuers.iter().filter(|m| m.span.end() <= at.start()).rev().find(|m| {
        let gap = between(m.span.end(), at.start());
        let gap = format!("{} ", gap.trim());
        ["in a ", "in an ", "in its "].iter().any(|marker| {
            gap.find(&format!(" {marker}")).is_some_and(|at| {
                (1..=2).contains(&gap.get(..at).unwrap_or_default().split_whitespace().count())
            })
        })
    });
    if let Some(issuer) = right_before.or(after).or(saying) {
        return Some(issuer.span);
    }
    // The words before the noun in its sentence: "the statement", "the second statement".
    let lead: Vec<&str> = words
        .iter()
        .filter(|(span, _)| span.start() >= sentence_start && span.end() <= at.start())
        .map(|(_, word)| *word)
        .collect();
    let noun = noun.to_lowercase();
    let anaphor = |n: usize| {
        let from = lead.len().checked_sub(n)?;
        Some(format!("{} {noun}", lead.get(from..)?.join(" ").to_lowercase()))
    };
    let definite = [1, 2].iter().filter_map(|&n| anaphor(n)).any(|a| is_statement_anaphor(&a));
    if chain > 0 && definite {
        return statement_issuer(text, at.start(), mentions, chain - 1);
    }
    None
}

/// Nouns that, after an organisation's or a place's name, make another body: "the Ardun fire
/// service" is not Ardun.
const OTHER_BODIES: &[&str] = &[
    "service",
    "services",
    "department",
    "police",
    "brigade",
    "council",
    "court",
    "hospital",
    "school",
    "university",
];

/// Nouns for people that "both" or "the two" make a pair of: "both leaders", "the two
/// presidents".
const PAIR_NOUNS: &[&str] = &[
    "leaders",
    "presidents",
    "men",
    "women",
    "diplomats",
    "ministers",
    "counterparts",
    "heads",
    "sides",
    "officials",
];

/// Whether a source stands for people named elsewhere: "they", "both", "both leaders", "the two
/// presidents".
fn is_plural_reference(source: &str) -> bool {
    let lower = source.trim().to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    match words.as_slice() {
        ["they" | "both"] => true,
        ["both" | "the", noun] => {
            PAIR_NOUNS.contains(noun) && (words[0] == "both" || *noun == "leaders")
        }
        ["the", "two", noun] | ["both", "the", noun] => PAIR_NOUNS.contains(noun),
        _ => false,
    }
}

/// The people of an article, each as the span that names it (a person mention, or a role
/// phrase with no name, "the Iranian President") and a key that tells two apart (the surname,
/// or the role's words).
fn people_of<'m>(
    mentions: &'m [Mention],
    roles: &'m [RoleMention],
) -> impl Iterator<Item = (Span, String)> + 'm {
    let surname = |text: &str| {
        let last = text.split_whitespace().last().unwrap_or_default();
        parallax_text::strip_possessive(last).to_lowercase()
    };
    // A surname the tagger typed otherwise ("noted that Pezeshkian" read as MISC) is still the
    // person the article names in full.
    let full_names: Vec<String> = mentions
        .iter()
        .filter(|m| m.kind == EntityKind::Person && m.text.split_whitespace().nth(1).is_some())
        .map(|m| surname(&m.text))
        .collect();
    let named = mentions
        .iter()
        .filter(move |m| {
            m.kind == EntityKind::Person
                || (m.text.split_whitespace().nth(1).is_none()
                    && full_names.contains(&surname(&m.text)))
        })
        .map(move |m| (m.span, surname(&m.text)));
    let unnamed = roles.iter().filter(|r| r.person.is_none()).map(|r| {
        let key = r.text.to_lowercase();
        let key = ["the ", "his ", "her ", "its ", "their "]
            .iter()
            .find_map(|article| key.strip_prefix(article))
            .unwrap_or(&key)
            .to_owned();
        (r.span, key)
    });
    named.chain(unnamed)
}

/// The people a source stands for (see [`Quote::group`]): the people it names itself when it
/// names several ("Pezeshkian and Netanyahu"); for a plural reference ("they", "both leaders")
/// the people of the nearest sentence naming two or more, looking back from the source through
/// its own sentence and the two before it. Each person once, by the first span naming them
/// there; empty when there is no such sentence.
pub(crate) fn group(
    raw: &RawDocument,
    source: Span,
    mentions: &[Mention],
    roles: &[RoleMention],
) -> Vec<Span> {
    let distinct = |found: &mut dyn Iterator<Item = (Span, String)>| {
        let mut spans: Vec<Span> = Vec::new();
        let mut keys: Vec<String> = Vec::new();
        let mut all: Vec<(Span, String)> = found.collect();
        all.sort_by_key(|(span, _)| (span.start(), std::cmp::Reverse(span.end())));
        for (span, key) in all {
            // A name inside a role phrase already taken is the same person.
            if key.is_empty() || keys.contains(&key) || spans.iter().any(|s| s.contains(span)) {
                continue;
            }
            spans.push(span);
            keys.push(key);
        }
        spans
    };
    let source = without_relative_clause(&raw.text, source);
    let source_text = source.slice(&raw.text).unwrap_or_default();
    if names_several(&raw.text, source, people_spans(mentions, roles)) {
        let inside = distinct(&mut people_of(mentions, roles).filter(|(s, _)| source.contains(*s)));
        return if inside.len() >= 2 { inside } else { Vec::new() };
    }
    if !is_plural_reference(source_text) {
        return Vec::new();
    }
    let sentences = parallax_text::sentence_spans(&raw.text);
    let Some(here) =
        sentences.iter().position(|s| s.start() <= source.start() && source.start() < s.end())
    else {
        return Vec::new();
    };
    for back in 0..=2 {
        let Some(sentence) = here.checked_sub(back).and_then(|idx| sentences.get(idx)) else {
            break;
        };
        let end = if back == 0 { source.start() } else { sentence.end() };
        let found = distinct(
            &mut people_of(mentions, roles)
                .filter(|(s, _)| s.start() >= sentence.start() && s.end() <= end),
        );
        if found.len() >= 2 {
            return found;
        }
    }
    Vec::new()
}

/// The spans naming people in an article: its person mentions and role phrases.
fn people_spans<'m>(
    mentions: &'m [Mention],
    roles: &'m [RoleMention],
) -> impl Iterator<Item = Span> + 'm {
    mentions
        .iter()
        .filter(|m| m.kind == EntityKind::Person)
        .map(|m| m.span)
        .chain(roles.iter().map(|r| r.span))
}

/// Whether a source joins two or more people, named or by role, with "and", "&" or "or"
/// ("Iranian President Masoud Pezeshkian and Israeli Prime Minister Benjamin Netanyahu").
/// `people` are the person mentions and role phrases of the article.
fn names_several(text: &str, source: Span, people: impl Iterator<Item = Span>) -> bool {
    let mut people: Vec<(usize, usize)> = people
        .filter(|span| source.contains(*span))
        .map(|span| (span.start(), span.end()))
        .collect();
    people.sort_unstable();
    // Overlapping spans (a role phrase and the name inside it) are one person.
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (start, end) in people {
        match merged.last_mut() {
            Some(last) if start < last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged.windows(2).any(|pair| {
        text.get(pair[0].1..pair[1].0).is_some_and(|between| {
            between.split_whitespace().any(|w| matches!(w, "and" | "&" | "or"))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(text: &str) -> RawDocument {
        crate::article::test_document(text)
    }

    /// Person mentions of every occurrence of each name.
    fn people(doc: &RawDocument, names: &[&str]) -> Vec<Mention> {
        let mut out: Vec<Mention> = names
            .iter()
            .flat_map(|name| {
                doc.text.match_indices(name).map(|(at, _)| Mention {
                    doc_id: doc.id.clone(),
                    span: Span::new(at, at + name.len()).unwrap(),
                    text: (*name).to_owned(),
                    kind: EntityKind::Person,
                })
            })
            .collect();
        out.sort();
        out
    }

    fn group_of(text: &str, names: &[&str], source: &str) -> Vec<String> {
        let doc = raw(text);
        let at = text.rfind(source).unwrap();
        let source = Span::new(at, at + source.len()).unwrap();
        group(&doc, source, &people(&doc, names), &[])
            .into_iter()
            .map(|s| s.slice(text).unwrap().to_owned())
            .collect()
    }

    #[test]
    fn a_plural_source_stands_for_the_people_named_together_before_it() {
        let names = ["Tarin Volk", "Volk", "Aro Venn", "Venn", "Mira Sand"];
        let text = "Mira Sand arrived. Tarin Volk spoke with Aro Venn on Monday. Both leaders \
                    said the talks went well. They agreed to meet again.";
        assert_eq!(group_of(text, &names, "Both leaders"), ["Tarin Volk", "Aro Venn"]);
        // Two sentences back at most, each person once ("Volk" is Tarin Volk).
        let text = "Tarin Volk met Aro Venn, and Volk thanked him. The weather was fine. They \
                    said so.";
        assert_eq!(group_of(text, &names, "They"), ["Tarin Volk", "Aro Venn"]);
        let text = "Tarin Volk met Aro Venn. One. Two. Three. They said so.";
        assert!(group_of(text, &names, "They").is_empty());
        // One person named before is no group; a singular source is none either.
        assert!(group_of("Mira Sand spoke. They said so.", &names, "They").is_empty());
        assert!(group_of("Tarin Volk met Aro Venn. Venn said so.", &names, "Venn").is_empty());
        // A surname the tagger did not type as a person is still the person named in full.
        let text =
            "Tarin Volk arrived. Velm noted that Venn met Volk. They said so. Aro Venn left.";
        let doc = raw(text);
        let mut mentions = people(&doc, &["Tarin Volk", "Aro Venn", "Volk", "Venn"]);
        for mention in mentions.iter_mut().filter(|m| m.text == "Venn") {
            mention.kind = EntityKind::Miscellaneous;
        }
        let at = text.find("They").unwrap();
        let found = group(&doc, Span::new(at, at + 4).unwrap(), &mentions, &[]);
        let found: Vec<&str> = found.iter().map(|s| s.slice(text).unwrap()).collect();
        assert_eq!(found, ["Venn", "Volk"]);
        // A source naming two people stands for both.
        assert_eq!(
            group_of("Tarin Volk and Aro Venn said so.", &names, "Tarin Volk and Aro Venn"),
            ["Tarin Volk", "Aro Venn"]
        );
    }

    /// The speaker of each source of `text`, whose `names` are mentions of one kind.
    fn speakers_of<'t>(
        text: &'t str,
        names: &[&str],
        kind: EntityKind,
    ) -> impl Fn(&str) -> Option<String> + 't {
        let doc = raw(text);
        let mut mentions = people(&doc, names);
        for mention in &mut mentions {
            mention.kind = kind;
        }
        move |source: &str| {
            let at = text.find(source).unwrap();
            let source = Span::new(at, at + source.len()).unwrap();
            speaker(&doc, source, &mentions, &[]).map(|s| s.slice(text).unwrap().to_owned())
        }
    }

    #[test]
    fn a_content_of_only_a_name_says_nothing() {
        let text = "Executives, who testified against Dario Lenz, left. Lenz said Dario Lenz won.";
        let doc = raw(text);
        let mentions = people(&doc, &["Dario Lenz"]);
        let name = piece(
            &doc,
            Span::new(text.find("Dario").unwrap(), text.find(", left").unwrap()).unwrap(),
        );
        assert!(is_only_a_name(std::slice::from_ref(&name), &mentions));
        let clause = piece(&doc, Span::new(text.rfind("Dario").unwrap(), text.len() - 1).unwrap());
        assert!(!is_only_a_name(&[clause], &mentions));
        assert!(!is_only_a_name(&[name.clone(), name], &mentions));
    }

    /// The speaker of the pronoun source at the end of `text`.
    fn pronoun_speaker(text: &str, names: &[&str], pronoun: &str) -> Option<String> {
        let doc = raw(text);
        let mentions = people(&doc, names);
        let at = text.rfind(pronoun).unwrap();
        let source = Span::new(at, at + pronoun.len()).unwrap();
        speaker(&doc, source, &mentions, &[]).map(|s| s.slice(text).unwrap().to_owned())
    }

    #[test]
    fn a_pronoun_speaks_for_the_subject_of_the_nearest_sentence_naming_someone() {
        let names = ["Mara Quill", "Ilse Dorn", "Dorn", "Tam Orlo", "Orlo", "Ren Vask", "Vask"];
        // The subject, not the last-named, and never a name inside the quotation.
        let text = "Though the harbour was Mara Quill's idea, Ilse Dorn closed it after                     talks with Tam Orlo.\n“I met Ren Vask today,” she said.";
        assert_eq!(pronoun_speaker(text, &names, "she").as_deref(), Some("Ilse Dorn"));
        // A speaker named with a verb of speech goes before the subject.
        let text = "The vote between Tam Orlo and Ren Vask will be close, Dorn said.\n\
                    “It is grim,” she said.";
        assert_eq!(pronoun_speaker(text, &names, "she").as_deref(), Some("Dorn"));
        // A possessor only when the sentence names no one else.
        let text = "Vask's speech dwelt on the harbour. He told the crowd to wait.";
        assert_eq!(pronoun_speaker(text, &names, "He").as_deref(), Some("Vask"));
        // A name before a role and another name modifies the role.
        let text = "Orlo spokeswoman Mara Quill answered. “No,” she said.";
        assert_eq!(pronoun_speaker(text, &names, "she").as_deref(), Some("Mara Quill"));
        // Nobody named in this paragraph or the one before: the last-named person anywhere.
        let text = "Tam Orlo arrived.\nThe port shut.\nThe ships left.\n“Bad,” he said.";
        assert_eq!(pronoun_speaker(text, &["Tam Orlo"], "he").as_deref(), Some("Tam Orlo"));
    }

    #[test]
    fn a_relative_who_is_the_person_named_right_before_it() {
        let text = "Ilse Corvane, who runs the harbour, said so. Tomas Relde -- who fishes \
                    there -- agreed. Fishermen who lost boats complained.";
        let who = |nth: usize| {
            let doc = raw(text);
            let mentions = people(&doc, &["Ilse Corvane", "Tomas Relde"]);
            let at = text.match_indices("who").nth(nth).unwrap().0;
            speaker(&doc, Span::new(at, at + 3).unwrap(), &mentions, &[])
                .map(|s| s.slice(text).unwrap().to_owned())
        };
        assert_eq!(who(0).as_deref(), Some("Ilse Corvane"));
        assert_eq!(who(1).as_deref(), Some("Tomas Relde"));
        assert_eq!(who(2), None, "a group names no one");
        // A name inside the source's relative clause is not who speaks.
        let text = "A mayor who fired Ilse Corvane said so. Tomas Relde, who met her, agreed.";
        let speaker_of = speakers_of(text, &["Ilse Corvane", "Tomas Relde"], EntityKind::Person);
        assert_eq!(speaker_of("A mayor who fired Ilse Corvane"), None);
        assert_eq!(speaker_of("Tomas Relde, who met her").as_deref(), Some("Tomas Relde"));
        let text = "An adviser to Ilse Corvane said so.";
        let speaker_of = speakers_of(text, &["Ilse Corvane"], EntityKind::Person);
        assert_eq!(speaker_of("An adviser to Ilse Corvane"), None);
        let text = "A memoir by Ilse Corvane said so.";
        let speaker_of = speakers_of(text, &["Ilse Corvane"], EntityKind::Person);
        assert_eq!(speaker_of("A memoir by Ilse Corvane").as_deref(), Some("Ilse Corvane"));
        let names = ["Tarin Volk", "Aro Venn"];
        let text = "Tarin Volk, who beat Aro Venn, said so.";
        assert!(group_of(text, &names, "Tarin Volk, who beat Aro Venn").is_empty());
    }

    #[test]
    fn the_statement_is_its_issuers() {
        let text = "A Harbour Board statement said the pier was safe. Ferries ran late. \
                    \"It will reopen,\" the statement said. Velmora Council said in a second \
                    statement that repairs began. \"Work is under way,\" the statement added. \
                    According to the announcement, crews worked all night. In a statement, Ilse \
                    Corvane said she was sorry. \"I regret it,\" the statement said. A \
                    statement said the pier closed. \"Stay away,\" the statement said. The \
                    Harbour Board told the U.S. in a statement that it was sorry. \"We are,\" the \
                    statement said.";
        let doc = raw(text);
        let mut mentions =
            people(&doc, &["Harbour Board", "Velmora Council", "Ilse Corvane", "U.S."]);
        for mention in mentions.iter_mut().filter(|m| m.text != "Ilse Corvane") {
            mention.kind = EntityKind::Organisation;
        }
        let sources: Vec<Span> = text
            .match_indices("the statement")
            .chain(text.match_indices("the announcement"))
            .map(|(at, found)| Span::new(at, at + found.len()).unwrap())
            .collect();
        let mut found: Vec<(usize, Option<String>)> = sources
            .iter()
            .map(|source| {
                let name = speaker(&doc, *source, &mentions, &[]);
                (source.start(), name.map(|s| s.slice(text).unwrap().to_owned()))
            })
            .collect();
        found.sort();
        let names: Vec<Option<&str>> = found.iter().map(|(_, name)| name.as_deref()).collect();
        assert_eq!(
            names,
            [
                // Its name before the noun.
                Some("Harbour Board"),
                // Saying it "in a second statement".
                Some("Velmora Council"),
                // "the announcement" is the statement before it, whose issuer is known.
                Some("Velmora Council"),
                // "In a statement, Ilse Corvane said".
                Some("Ilse Corvane"),
                // The nearest statement names no one: no guess.
                None,
                // Told to the U.S., not said by it; and no verb of the Board's before "in a".
                None,
            ]
        );
        assert!(is_statement_anaphor("the later announcement"));
        assert!(!is_statement_anaphor("a statement") && !is_statement_anaphor("the report"));
    }

    #[test]
    fn a_name_owning_the_source_is_not_its_speaker() {
        let text = "Ilse Corvane's former adviser said no. Ilse Corvane's office said yes. \
                    Ilse Corvane said maybe.";
        let speaker_of = speakers_of(text, &["Ilse Corvane"], EntityKind::Person);
        assert_eq!(speaker_of("Ilse Corvane's former adviser"), None);
        assert_eq!(speaker_of("Ilse Corvane's office"), None);
        assert_eq!(speaker_of("Ilse Corvane said").as_deref(), Some("Ilse Corvane"));
        let text = "The Harbour Board's chairman said no. The Harbour Board said yes.";
        let speaker_of = speakers_of(text, &["Harbour Board"], EntityKind::Organisation);
        assert_eq!(speaker_of("The Harbour Board's chairman"), None);
        assert_eq!(speaker_of("The Harbour Board said").as_deref(), Some("Harbour Board"));
    }

    #[test]
    fn a_place_speaking_for_its_government_is_the_speaker() {
        let text = "Velmora said no. A Kremlin statement said yes. The Kremlin agreed. Officials \
                    in Velmora said maybe. Velmora, Ardun's ally, has condemned it.";
        let speaker_of = speakers_of(text, &["Velmora", "Kremlin"], EntityKind::Location);
        assert_eq!(speaker_of("Velmora").as_deref(), Some("Velmora"));
        assert_eq!(speaker_of("A Kremlin statement").as_deref(), Some("Kremlin"));
        assert_eq!(speaker_of("The Kremlin").as_deref(), Some("Kremlin"));
        assert_eq!(speaker_of("Velmora, Ardun's ally,").as_deref(), Some("Velmora"));
        // People in a place are not the place.
        assert_eq!(speaker_of("Officials in Velmora"), None);
        // The place that speaks, though a longer one follows.
        let text = "Velmora, Estoria's only ally, has condemned it.";
        let speaker_of = speakers_of(text, &["Velmora", "Estoria"], EntityKind::Location);
        assert_eq!(speaker_of("Velmora, Estoria's only ally,").as_deref(), Some("Velmora"));
    }

    #[test]
    fn an_organisation_speaks_when_it_heads_the_source() {
        let text = "The Harbour Board said no. A Harbour Board statement said yes. Harbour Board \
                    officials agreed. The Harbour Board, a city body, said so. The Harbour Board \
                    fire service said maybe.";
        let speaker_of = speakers_of(text, &["Harbour Board"], EntityKind::Organisation);
        let speaking = [
            "The Harbour Board",
            "A Harbour Board statement",
            "Harbour Board officials",
            "The \
             Harbour Board, a city body,",
        ];
        for source in speaking {
            assert_eq!(speaker_of(source).as_deref(), Some("Harbour Board"), "{source}");
        }
        // Its fire service is another body.
        assert_eq!(speaker_of("The Harbour Board fire service"), None);
    }

    #[test]
    fn plural_references_are_pairs_of_people() {
        for yes in ["They", "Both", "both leaders", "The two presidents", "Both the ministers"] {
            assert!(is_plural_reference(yes), "{yes}");
        }
        for no in ["the two countries", "Both nations", "He", "the leader", "the officials"] {
            assert!(!is_plural_reference(no), "{no}");
        }
    }

    #[test]
    fn a_source_joining_people_names_none_of_them() {
        let text = "Velmoran President Aro Venn and Ardun's mayor Tarin Volk spoke; Mira Sand's \
                    aide Ilo Brask said.";
        let at = |needle: &str| {
            let start = text.find(needle).expect("needle");
            Span::new(start, start + needle.len()).expect("span")
        };
        let people = || {
            [
                at("Velmoran President Aro Venn"),
                at("Aro Venn"),
                at("Ardun's mayor Tarin Volk"),
                at("Tarin Volk"),
                at("Mira Sand"),
                at("Ilo Brask"),
            ]
            .into_iter()
        };
        let joined = at("Velmoran President Aro Venn and Ardun's mayor Tarin Volk");
        assert!(names_several(text, joined, people()));
        // A role phrase and the name inside it are one person; a possessive is no "and".
        assert!(!names_several(text, at("Velmoran President Aro Venn"), people()));
        assert!(!names_several(text, at("Mira Sand's aide Ilo Brask"), people()));
    }

    #[test]
    fn a_content_starts_after_the_dateline_and_a_no_comment_is_no_quote() {
        let text = "KORLAN CITY, May 4, 2026 — A ferry capsized off Korlan on Sunday, the coast \
                    guard said. Blue Gull Lines did not respond to requests for comment. The \
                    company declined to comment on the inquiry.";
        let doc = raw(text);
        let cleaned = CleanDocument {
            dateline: Some(parallax_model::Located {
                text: "KORLAN CITY".to_owned(),
                span: Span::new(0, "KORLAN CITY, May 4, 2026".len()),
            }),
            ..crate::article::test_cleaned(&doc)
        };
        let model = AttributionModel::bundled().unwrap();
        let quotes = document_quotes(&model, &doc, &cleaned, &[], &[]);
        let contents: Vec<&str> = quotes
            .iter()
            .flat_map(|quote| quote.content.iter().map(|piece| piece.text.as_str()))
            .collect();
        assert_eq!(contents, ["A ferry capsized off Korlan on Sunday"]);
    }

    #[test]
    fn a_content_of_silence_is_no_comment() {
        let pieces = |texts: &[&str]| -> Vec<Piece> {
            texts
                .iter()
                .map(|text| Piece { span: Span::new(0, 0).unwrap(), text: (*text).to_owned() })
                .collect()
        };
        assert!(is_no_comment(&pieces(&["to comment"])));
        assert!(is_no_comment(&pieces(&["which", "requests for comment"])));
        assert!(is_no_comment(&pieces(&["to comment on the inquiry"])));
        assert!(is_no_comment(&pieces(&["messages seeking comment"])));
        assert!(is_no_comment(&pieces(&["immediate comment"])));
        assert!(!is_no_comment(&pieces(&["the port would reopen"])));
        // Words about comments are no silence: "condemned | the comments and threatened …".
        assert!(!is_no_comment(&pieces(&["the comments and threatened retaliation"])));
        assert!(!is_no_comment(&pieces(&[
            "that the board would publish all the comments it received from the public in June"
        ])));
    }
}
