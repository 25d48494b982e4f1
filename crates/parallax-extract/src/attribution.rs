//! Quotes and attributions: who said what. A [`Perceptron`] tags each paragraph's tokens as
//! source, cue or content (BIO), with features for quotation marks (pairs of straight, curly
//! and guillemet marks), reporting verbs near the token, sentence position and entity tags;
//! the tagged segments are then grouped into [`Attribution`]s around their cue. Trained on
//! PolNeAR by `parallax train quotes`.

use parallax_model::{EntityKind, QuoteKind, Span};
use parallax_text::{sentence_spans, strip_possessive};

use std::io::{Read, Write};

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;

use crate::ExtractError;
use crate::cue_rates::{AUXILIARIES, CueWordRates, words};
use crate::dates::WEEKDAYS;
use crate::perceptron::{self, Example, Perceptron, TrainConfig, hash_features, shape};
use crate::tagger::{NerModel, TAGS as NER_TAGS, Trained};
use crate::tokens::{Token, bio_tags, covering, tokenize};

/// The tags: BIO over the three parts of an attribution.
pub const ATTRIBUTION_TAGS: [&str; 7] =
    ["O", "B-SOURCE", "I-SOURCE", "B-CUE", "I-CUE", "B-CONTENT", "I-CONTENT"];

const MAGIC: &[u8; 8] = b"PXATR01\n";

/// A part of an attribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Who is quoted ("the Kremlin", "a spokeswoman").
    Source,
    /// The words that mark the attribution ("said", "according to").
    Cue,
    /// What is attributed.
    Content,
}

impl Role {
    /// The role's name in tags and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Source => "SOURCE",
            Role::Cue => "CUE",
            Role::Content => "CONTENT",
        }
    }

    fn parse(name: &str) -> Option<Role> {
        [Role::Source, Role::Cue, Role::Content].into_iter().find(|role| role.as_str() == name)
    }

    fn begin_tag(self) -> usize {
        match self {
            Role::Source => 1,
            Role::Cue => 3,
            Role::Content => 5,
        }
    }
}

/// One attribution found in a text: spans are bytes of that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    /// Who is quoted, when the text says.
    pub source: Option<Span>,
    /// The cue, when there is one.
    pub cue: Option<Span>,
    /// What is attributed, in one or more pieces (a quote split around "he said").
    pub content: Vec<Span>,
    /// Direct, partial or indirect.
    pub kind: QuoteKind,
}

/// A trained attribution tagger.
#[derive(Debug, Clone, PartialEq)]
pub struct AttributionModel {
    weights: Perceptron,
    /// How often each word was part of a cue in training (empty for a model written before).
    cue_rates: CueWordRates,
}

impl AttributionModel {
    /// The model shipped with Parallax: trained on PolNeAR by `parallax train quotes` (only the
    /// weights of hashed features are shipped).
    pub fn bundled() -> Result<AttributionModel, ExtractError> {
        AttributionModel::from_bytes(include_bytes!("../data/attribution-polnear.bin.gz"))
    }

    /// The model as bytes, in a gzip stream: the length of the tagger's table (little-endian
    /// `u32`), that table (`Perceptron::to_bytes`), then the cue words' counts
    /// (`CueWordRates::write`).
    pub fn to_bytes(&self) -> Vec<u8> {
        let weights = self.weights.to_bytes(MAGIC);
        let mut plain = u32::try_from(weights.len()).unwrap_or(u32::MAX).to_le_bytes().to_vec();
        plain.extend_from_slice(&weights);
        self.cue_rates.write(&mut plain);
        let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
        // Writing to memory cannot fail.
        let _ = encoder.write_all(&plain);
        encoder.finish().unwrap_or_default()
    }

    /// Reads a model written by [`AttributionModel::to_bytes`], or a tagger's table alone
    /// (`Perceptron::to_bytes`, as models were written before the cue words), which then keeps
    /// every cue.
    pub fn from_bytes(bytes: &[u8]) -> Result<AttributionModel, ExtractError> {
        if !bytes.starts_with(&[0x1f, 0x8b]) {
            let weights = Perceptron::from_bytes(bytes, MAGIC, &ATTRIBUTION_TAGS, "attribution")?;
            return Ok(AttributionModel { weights, cue_rates: CueWordRates::default() });
        }
        let mut plain = Vec::new();
        GzDecoder::new(bytes).read_to_end(&mut plain).map_err(|err| ExtractError::BadModel {
            reason: format!("attribution model: damaged gzip stream: {err}"),
        })?;
        let truncated = || ExtractError::BadModel { reason: "attribution model: truncated".into() };
        let (length, rest) = plain.split_first_chunk::<4>().ok_or_else(truncated)?;
        let length = usize::try_from(u32::from_le_bytes(*length)).map_err(|_| truncated())?;
        let (weights, table) = rest.split_at_checked(length).ok_or_else(truncated)?;
        let weights = Perceptron::from_bytes(weights, MAGIC, &ATTRIBUTION_TAGS, "attribution")?;
        Ok(AttributionModel { weights, cue_rates: CueWordRates::read(table)? })
    }

    /// How often each word was part of a cue in training.
    pub fn cue_rates(&self) -> &CueWordRates {
        &self.cue_rates
    }

    /// The role segments of one paragraph: `(role, span in the paragraph)` in text order.
    pub fn segments(&self, ner: &NerModel, paragraph: &str) -> Vec<(Role, Span)> {
        self.segments_with(Entities::Tag(ner), paragraph).0
    }

    /// The role segments of a paragraph, the entity tag of each of its tokens, and the paragraph
    /// as it was read ([`parallax_text::straight_quotes`]).
    fn segments_with<'p>(
        &self,
        entities: Entities<'_>,
        paragraph: &'p str,
    ) -> (Vec<(Role, Span)>, Vec<&'static str>, std::borrow::Cow<'p, str>) {
        // ``…'' and ''…'' read as straight marks (same length: the spans hold).
        let original = paragraph;
        let straight = parallax_text::straight_quotes(paragraph);
        let paragraph = straight.as_ref();
        let tokens = tokenize(paragraph);
        let sentences = sentence_spans(paragraph);
        let entity = token_entities(entities, &sentences, &tokens);
        let features = paragraph_features(&entity, &sentences, &tokens, self.weights.hash_bits());
        let tags = self.weights.decode(&features);
        let mut segments = role_segments(&tokens, &tags);
        signed_quotes(&tokens, &mut segments);
        whole_relative_clauses(&tokens, &mut segments);
        speech_nouns_to_sources(&tokens, &mut segments);
        names_to_the_source_after(&tokens, &mut segments);
        relative_verbs_to_cues(paragraph, &tokens, &mut segments);
        subordinate_clauses_after_a_closing_report(paragraph, &sentences, &mut segments);
        trailing_sources_take_the_sentence(paragraph, &tokens, &sentences, &mut segments);
        contents_end_before_a_new_quotation(paragraph, &sentences, &mut segments);
        inverted_sources(paragraph, &tokens, &entity, &sentences, &mut segments);
        reported_clauses_after_a_cue(paragraph, &mut segments);
        contents_open_at_that(paragraph, &mut segments);
        according_to_sources_end_at_the_comma(paragraph, &sentences, &mut segments);
        sources_leave_their_time(paragraph, &mut segments);
        if !std::ptr::eq(original, paragraph) {
            for (_, span) in &mut segments {
                *span = over_double_marks(original, *span);
            }
        }
        (segments, entity, straight)
    }

    /// The attributions of one paragraph, grouped around their cues.
    pub fn attributions(&self, ner: &NerModel, paragraph: &str) -> Vec<Attribution> {
        let (segments, entity, read) = self.segments_with(Entities::Tag(ner), paragraph);
        group(&read, &segments, &entity, &self.cue_rates)
    }

    /// The attributions of one paragraph whose entity mentions (spans in the paragraph, as the
    /// entity tagger found them sentence by sentence) are known, so it is not tagged twice.
    pub fn attributions_with_entities(
        &self,
        paragraph: &str,
        entities: &[(Span, EntityKind)],
    ) -> Vec<Attribution> {
        let (segments, entity, read) = self.segments_with(Entities::Known(entities), paragraph);
        group(&read, &segments, &entity, &self.cue_rates)
    }
}

/// A span read in [`parallax_text::straight_quotes`]'s text, widened over the whole of a
/// two-character mark it opens or closes on in the `original` (``, ''), as annotators mark it.
fn over_double_marks(original: &str, span: Span) -> Span {
    let pair = |at: usize| original.get(at..at + 2).is_some_and(|p| p == "''" || p == "``");
    let start =
        if span.start() > 0 && pair(span.start() - 1) { span.start() - 1 } else { span.start() };
    let end = if span.end() > 0 && pair(span.end() - 1) { span.end() + 1 } else { span.end() };
    Span::new(start, end).unwrap_or(span)
}

/// A paragraph of training data with its gold role spans (bytes of the paragraph).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleParagraph {
    /// The paragraph.
    pub text: String,
    /// Its gold segments.
    pub roles: Vec<(Role, Span)>,
}

/// Trains an attribution tagger; after each pass `score` rates the averaged model (on held-out
/// data) and the best pass is returned.
pub fn train_attributions(
    paragraphs: &[RoleParagraph],
    ner: &NerModel,
    config: &TrainConfig,
    score: &mut dyn FnMut(usize, &AttributionModel) -> f64,
) -> Trained<AttributionModel> {
    let examples: Vec<Example> = paragraphs
        .iter()
        .map(|paragraph| {
            let text = parallax_text::straight_quotes(&paragraph.text);
            let tokens = tokenize(&text);
            let sentences = sentence_spans(&text);
            let entity = token_entities(Entities::Tag(ner), &sentences, &tokens);
            Example {
                features: paragraph_features(&entity, &sentences, &tokens, config.hash_bits),
                tags: gold_tags(&tokens, &paragraph.roles),
            }
        })
        .collect();
    let cue_rates = CueWordRates::learn(paragraphs);
    let (weights, epoch, value) =
        perceptron::train(&ATTRIBUTION_TAGS, &examples, config, &mut |epoch, weights| {
            score(
                epoch,
                &AttributionModel { weights: weights.clone(), cue_rates: cue_rates.clone() },
            )
        });
    Trained { model: AttributionModel { weights, cue_rates }, epoch, score: value }
}

/// Tag indices of tokens under gold segments: a token takes the role of the segment holding its
/// start; the first token of a segment begins it.
fn gold_tags(tokens: &[Token<'_>], roles: &[(Role, Span)]) -> Vec<usize> {
    bio_tags(tokens, roles.iter().map(|&(role, span)| (role.begin_tag(), span)))
}

/// The role segments of a tag sequence, as spans from the first token's start to the last's end.
fn role_segments(tokens: &[Token<'_>], tags: &[usize]) -> Vec<(Role, Span)> {
    let names: Vec<&str> = tags.iter().map(|&tag| ATTRIBUTION_TAGS[tag]).collect();
    parallax_text::bio_chunks(&names)
        .into_iter()
        .filter_map(|(kind, start, end)| {
            let role = Role::parse(&kind)?;
            if role == Role::Source {
                return Some((role, source_span(tokens, start, end)?));
            }
            Some((role, covering(tokens, start, end)?))
        })
        .collect()
}

/// Quotations signed with a dash after the closing mark ("“We lack answers.” ― Ana Ruiz", as
/// in collected readers' voices), which the tagger rarely saw in training, read by rule: the
/// quotation with its marks is the content, the dash the cue, and the capitalised words after
/// it (up to six, ending the paragraph or followed by the next quotation) the source. Segments
/// the tagger put over these spans give way.
fn signed_quotes(tokens: &[Token<'_>], segments: &mut Vec<(Role, Span)>) {
    let states = quote_states(tokens);
    let is_name = |token: &Token<'_>| {
        token.text.starts_with(char::is_uppercase)
            && token.text.chars().all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
    };
    let mut found: Vec<[(Role, Span); 3]> = Vec::new();
    for (idx, state) in states.iter().enumerate() {
        let dash = idx + 1;
        if *state != QuoteState::Close
            || !tokens.get(dash).is_some_and(|t| matches!(t.text, "―" | "—" | "–" | "-"))
        {
            continue;
        }
        let mut end = dash + 1;
        // Names may hold initials ("Edwin G. Monroy").
        let initial = |at: usize| {
            tokens[at].text == "."
                && tokens.get(at + 1).is_some_and(is_name)
                && tokens[at - 1].text.chars().count() == 1
        };
        while end < tokens.len() && end - dash <= 7 && (is_name(&tokens[end]) || initial(end)) {
            end += 1;
        }
        let next_quote = |at: usize| states.get(at).is_none_or(|s| *s == QuoteState::Open);
        let ends_well = match tokens.get(end) {
            Some(t) if t.text == "." => next_quote(end + 1),
            _ => next_quote(end),
        };
        if end == dash + 1 || !ends_well {
            continue;
        }
        let open = (0..idx).rev().find(|&i| states[i] == QuoteState::Open).unwrap_or(0);
        let (Some(content), Some(cue), Some(source)) = (
            covering(tokens, open, idx + 1),
            covering(tokens, dash, dash + 1),
            covering(tokens, dash + 1, end),
        ) else {
            continue;
        };
        found.push([(Role::Content, content), (Role::Cue, cue), (Role::Source, source)]);
    }
    if found.is_empty() {
        return;
    }
    let overlaps = |a: Span, b: Span| a.start() < b.end() && b.start() < a.end();
    segments
        .retain(|(_, span)| !found.iter().flatten().any(|(_, signed)| overlaps(*span, *signed)));
    segments.extend(found.into_iter().flatten());
    segments.sort_by_key(|(_, span)| span.start());
}

/// A reported content that runs on into the next sentence when that sentence opens a quotation
/// ("said that the inquiry would continue. “We will follow the evidence,” Voss told reporters")
/// ends with its own sentence: the quotation is another attribution, with its own cue. A content
/// that itself opens with a quotation mark may run over several sentences and is left whole.
fn contents_end_before_a_new_quotation(
    paragraph: &str,
    sentences: &[Span],
    segments: &mut Vec<(Role, Span)>,
) {
    // Where a quotation opens at `at` (after white space), its mark's offset. A straight mark
    // opens one when an even number of them came before it (after the tokenised ". \"" of some
    // corpora, the sentence's first mark closes one).
    let quotation_at = |at: usize| {
        let rest = paragraph.get(at..).unwrap_or_default();
        let mark_at = at + rest.len() - rest.trim_start().len();
        let opens = match rest.trim_start().chars().next() {
            Some('“' | '«' | '„') => true,
            Some('"') => paragraph.get(..mark_at).is_some_and(|b| b.matches('"').count() % 2 == 0),
            _ => false,
        };
        opens.then_some(mark_at)
    };
    let mut split: Vec<(Role, Span)> = Vec::with_capacity(segments.len());
    for &(role, span) in segments.iter() {
        let next_quotation = (role == Role::Content && quotation_at(span.start()).is_none())
            .then(|| {
                sentences.iter().map(|sentence| sentence.start()).find_map(|start| {
                    let mark = quotation_at(start).filter(|_| start > span.start())?;
                    let quoted = paragraph.get(mark..span.end())?;
                    (mark < span.end() && quoted.chars().any(char::is_alphanumeric)).then_some(mark)
                })
            })
            .flatten();
        let Some(mark) = next_quotation else {
            split.push((role, span));
            continue;
        };
        let before = paragraph.get(span.start()..mark).unwrap_or_default();
        let kept = before.trim_end_matches(|c: char| c.is_whitespace() || c == '.');
        let first = Span::new(span.start(), span.start() + kept.len()).filter(|s| !s.is_empty());
        split.extend(first.map(|s| (Role::Content, s)));
        split.extend(Span::new(mark, span.end()).map(|s| (Role::Content, s)));
    }
    *segments = split;
}

/// "…, warned Dr. Ines Kovar, head of the hospital.": a cue after a comma, then a person's
/// name closing the sentence (with an apposition after a comma), is the inverted order of "Kovar
/// warned". Where the tagger read the name as the cue's content and found no source before the
/// cue, the name is the source and the sentence up to the comma the content (what the tagger
/// marked there gives way to it). Not "Washington, star of “Scandal,” thanked Obama for …": the
/// words after the cue must end with the person's name before any comma.
fn inverted_sources(
    paragraph: &str,
    tokens: &[Token<'_>],
    entity: &[&str],
    sentences: &[Span],
    segments: &mut Vec<(Role, Span)>,
) {
    let mut sentence_contents: Vec<(Span, Span, Span)> = Vec::new();
    for sentence in sentences {
        let inside: Vec<usize> = (0..segments.len())
            .filter(|&idx| {
                let span = segments[idx].1;
                span.start() >= sentence.start() && span.end() <= sentence.end()
            })
            .collect();
        let Some(&last) = inside.last() else { continue };
        let Some(cue_idx) = last.checked_sub(1).filter(|idx| inside.contains(idx)) else {
            continue;
        };
        let ((cue_role, cue), (named_role, named)) = (segments[cue_idx], segments[last]);
        // No source before the cue ("Erin Murphy, a former aide, said Clinton …" has one).
        let sourced = inside.iter().any(|&idx| idx < cue_idx && segments[idx].0 == Role::Source);
        if cue_role != Role::Cue || named_role != Role::Content || sourced {
            continue;
        }
        // The cue right after a comma (or a quotation closed by one) …
        let head = paragraph.get(sentence.start()..cue.start()).unwrap_or_default().trim_end();
        let head_mark = head.trim_end_matches(['"', '”', '’', '»']);
        if !head_mark.ends_with(',') || head_mark.len() < 2 {
            continue;
        }
        // … one verb of saying (not "according to", whose object is its source already) …
        let words = cue_words(paragraph, cue);
        if words.len() != 1 || words[0].ends_with("ing") {
            continue;
        }
        // … and the name straight after it, up to the sentence's end.
        let gap = paragraph.get(cue.end()..named.start()).unwrap_or("x");
        let rest = paragraph.get(named.end()..sentence.end()).unwrap_or("x");
        let Some(first) = tokens.iter().position(|t| t.span.start() == named.start()) else {
            continue;
        };
        let capitalised = tokens[first].text.starts_with(char::is_uppercase);
        // The words up to the first comma end with a person's name ("NBC's Dante Chinni", "Dr.
        // Ines Kovar, head of …"; not "Obama for taking these steps").
        let name_end = tokens[first..]
            .iter()
            .position(|t| t.text == "," || t.span.start() >= named.end())
            .map_or(tokens.len(), |at| first + at);
        let a_name =
            name_end > first && entity.get(name_end - 1).is_some_and(|t| t.ends_with("PER"));
        if !gap.trim().is_empty()
            || !rest.trim().trim_end_matches(['.', '!', '?']).is_empty()
            || !capitalised
            || !a_name
        {
            continue;
        }
        let lead = head.len() - head.trim_start().len();
        let end = sentence.start()
            + if head.len() > head_mark.len() { head.len() } else { head_mark.len() - 1 };
        let Some(content) = Span::new(sentence.start() + lead, end) else { continue };
        sentence_contents.push((content, cue, named));
    }
    for (content, cue, source) in sentence_contents {
        segments.retain(|(_, span)| span.end() <= content.start() || span.start() >= source.end());
        segments.extend([(Role::Content, content), (Role::Cue, cue), (Role::Source, source)]);
    }
    segments.sort_by_key(|(_, span)| span.start());
}

/// A source described by a relative clause ("said Peter Morgan, a lawyer who has been
/// challenging the industry for years.") takes the whole clause, as annotators mark it, where
/// the tagger stopped inside it (often taking the clause's verb for a second cue): up to the
/// sentence's end when its cue came just before it, or up to and with the comma before the next
/// cue ("Ann Lee, who owns a shop, said").
fn whole_relative_clauses(tokens: &[Token<'_>], segments: &mut Vec<(Role, Span)>) {
    let index_at = |offset: usize| tokens.iter().position(|t| t.span.start() >= offset);
    let mut idx = 0;
    while idx < segments.len() {
        let (role, span) = segments[idx];
        idx += 1;
        if role != Role::Source {
            continue;
        }
        let (Some(first), Some(end)) = (index_at(span.start()), index_at(span.end())) else {
            continue;
        };
        let relative = tokens[first..end]
            .iter()
            .any(|t| matches!(t.text.to_lowercase().as_str(), "who" | "whom" | "which"));
        if !relative || !tokens[end].text.chars().any(char::is_alphanumeric) {
            continue;
        }
        // "said X, who …": the cue ends at most one token before the source.
        let cue_just_before = segments[..idx - 1].iter().any(|(r, cue)| {
            *r == Role::Cue && index_at(cue.end()).is_some_and(|j| j + 1 >= first && j <= first)
        });
        let stop = (end..tokens.len()).find(|&j| {
            let text = tokens[j].text;
            matches!(text, "." | ";" | "?" | "!")
                || quote_mark(text).is_some()
                || (!cue_just_before && text == ",")
        });
        let new_end = match stop {
            Some(j) if tokens[j].text == "," => j + 1,
            Some(j) => j,
            None => tokens.len(),
        };
        let Some(longer) = covering(tokens, first, new_end) else { continue };
        // What the tagger put inside the clause gives way; the clause must not swallow a cue
        // when the source comes first.
        let inside = |other: &Span| other.start() >= span.end() && other.end() <= longer.end();
        let swallows_cue = segments.iter().any(|(r, other)| *r == Role::Cue && inside(other));
        if !cue_just_before && swallows_cue {
            continue;
        }
        segments[idx - 1].1 = longer;
        segments.retain(|(_, other)| !inside(other));
    }
}

/// Words that join a content to the clause of the next source: "riots in Iran, as | Russian
/// President Vladimir Putin said".
const CLAUSE_JOINERS: [&str; 6] = [",", "as", "while", "and", "when", "whereas"];

/// A content that ends with the first capitalised words of the source right after it ("… in
/// Iran, as Russian | President Vladimir Putin said") gives them back to the source (at most
/// three), and then the words joining the two clauses go.
fn names_to_the_source_after(tokens: &[Token<'_>], segments: &mut [(Role, Span)]) {
    let index_at = |at: usize| tokens.iter().position(|t| t.span.start() == at);
    let capitalised = |idx: usize| tokens[idx].text.starts_with(char::is_uppercase);
    for idx in 1..segments.len() {
        let ((before, content), (role, source)) = (segments[idx - 1], segments[idx]);
        if before != Role::Content || role != Role::Source {
            continue;
        }
        let (Some(first), Some(source_first)) =
            (index_at(content.start()), index_at(source.start()))
        else {
            continue;
        };
        if source_first <= first + 1
            || tokens[source_first - 1].span.end() != content.end()
            || !capitalised(source_first)
        {
            continue;
        }
        let mut cut = source_first;
        while cut > first + 1 && source_first - cut < 3 && capitalised(cut - 1) {
            cut -= 1;
        }
        if cut == source_first {
            continue;
        }
        let mut end = cut;
        while end > first + 1
            && CLAUSE_JOINERS.contains(&tokens[end - 1].text.to_lowercase().as_str())
        {
            end -= 1;
        }
        let (Some(shorter), Some(longer)) =
            (covering(tokens, first, end), Span::new(tokens[cut].span.start(), source.end()))
        else {
            continue;
        };
        segments[idx - 1].1 = shorter;
        segments[idx].1 = longer;
    }
}

/// A cue of function words alone right after a source that ends in a relative clause ("his
/// counterpart Pezeshkian, who briefed him | on") takes the clause's verb and what follows it:
/// the source is the name, the cue "briefed him on".
fn relative_verbs_to_cues(paragraph: &str, tokens: &[Token<'_>], segments: &mut [(Role, Span)]) {
    let index_at = |at: usize| tokens.iter().position(|t| t.span.start() == at);
    for idx in 1..segments.len() {
        let ((before, source), (role, cue)) = (segments[idx - 1], segments[idx]);
        if before != Role::Source || role != Role::Cue {
            continue;
        }
        let (Some(first), Some(cue_first)) = (index_at(source.start()), index_at(cue.start()))
        else {
            continue;
        };
        if !of_function_words(paragraph, cue) {
            continue;
        }
        // ", who <verb> …" inside the source, the verb not its last word but one before the cue.
        let Some(who) = (first + 1..cue_first)
            .find(|&j| tokens[j].text.eq_ignore_ascii_case("who") && tokens[j - 1].text == ",")
        else {
            continue;
        };
        if who + 1 >= cue_first || who < first + 2 {
            continue;
        }
        let (Some(name), Some(longer)) =
            (covering(tokens, first, who - 1), Span::new(tokens[who + 1].span.start(), cue.end()))
        else {
            continue;
        };
        segments[idx - 1].1 = name;
        segments[idx].1 = longer;
    }
}

/// Words that open a clause of the writer's after a closing report ("…, officials said, as
/// divers searched the wreck").
const SUBORDINATORS: [&str; 5] = ["as", "while", "amid", "when", "after"];

/// Whether the text after a report opens a clause of the writer's: a comma and one of
/// [`SUBORDINATORS`], after at most three words of time ("said on Monday, as …").
fn opens_a_writer_clause(tail: Option<&str>) -> bool {
    let Some((before_comma, clause)) = tail.and_then(|tail| tail.split_once(',')) else {
        return false;
    };
    let opener = clause.split_whitespace().next().unwrap_or("").to_lowercase();
    before_comma.split_whitespace().count() <= 3 && SUBORDINATORS.contains(&opener.as_str())
}

/// A source and cue that follow a comma and close their report are followed by a clause of the
/// writer's, not by what was said: "…, local fishermen warned, as the government struggled to
/// explain …". The segments the tagger found in that clause go, and the sentence before the
/// report is left to be its content ([`trailing_sources_take_the_sentence`]).
fn subordinate_clauses_after_a_closing_report(
    paragraph: &str,
    sentences: &[Span],
    segments: &mut Vec<(Role, Span)>,
) {
    let mut gone: Vec<usize> = Vec::new();
    for sentence in sentences {
        let inside: Vec<usize> =
            (0..segments.len()).filter(|&idx| sentence.contains(segments[idx].1)).collect();
        // The words between the comma and the pair, which the source may have left out
        // ("…, local | fishermen warned"): at most two.
        let words_after_comma = |at: usize| -> Option<usize> {
            let head = paragraph.get(sentence.start()..at)?.trim_end();
            let (_, words) = head.rsplit_once(',')?;
            let n = words.split_whitespace().count();
            (n <= 2 && words.split_whitespace().all(|w| w.chars().all(char::is_lowercase)))
                .then_some(n)
        };
        let pair = inside.windows(2).find(|w| {
            let (a, b) = (segments[w[0]], segments[w[1]]);
            let adjacent =
                matches!((a.0, b.0), (Role::Source, Role::Cue) | (Role::Cue, Role::Source));
            adjacent && words_after_comma(a.1.start()).is_some()
        });
        let Some(&[first, last]) = pair else { continue };
        if !opens_a_writer_clause(paragraph.get(segments[last].1.end()..sentence.end())) {
            continue;
        }
        gone.extend(inside.iter().copied().filter(|&idx| idx > last));
        // The source takes the words before it back to the comma ("local fishermen").
        let (role, span) = segments[first];
        if role == Role::Source && words_after_comma(span.start()).is_some_and(|n| n > 0) {
            let head = paragraph.get(sentence.start()..span.start()).unwrap_or_default();
            let comma = head.rfind(',').map_or(0, |at| at + 1);
            let lead = head.get(comma..).map_or(0, |rest| rest.len() - rest.trim_start().len());
            if let Some(longer) = Span::new(sentence.start() + comma + lead, span.end()) {
                segments[first].1 = longer;
            }
        }
    }
    without(segments, &gone);
}

/// Opening and closing quotation marks a plain clause never holds.
const QUOTE_MARKS: [char; 5] = ['"', '“', '”', '«', '»'];

/// What a short phrase closing a sentence never holds: a break of the clause or a quotation.
const PHRASE_BREAKS: [char; 10] = [',', ';', ':', '"', '“', '”', '«', '»', '(', ')'];

/// Participles that, after "is" or "are", say what is expected of the subject rather than who
/// said it ("vehicles are expected to cross").
const EXPECTATION_PARTICIPLES: [&str; 6] =
    ["expected", "likely", "set", "due", "scheduled", "projected"];

/// An attribution of what is expected ("vehicles | are expected | to cross the bridge"), as
/// PolNeAR marks one, that the tagger found inside another's content ("She said about 40,000
/// vehicles are expected to cross …") cut that content short at its cue: the outer content runs
/// on over the inner cue and content.
fn expectations_stay_in_the_content(paragraph: &str, out: &mut [Attribution]) {
    let is_expectation = |cue: Span| {
        let words: Vec<String> = cue
            .slice(paragraph)
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        matches!(
            words.as_slice(),
            [be, participle] if matches!(be.as_str(), "is" | "are" | "was" | "were")
                && EXPECTATION_PARTICIPLES.contains(&participle.as_str())
        )
    };
    for inner in 0..out.len() {
        let (Some(cue), Some(&content)) = (out[inner].cue, out[inner].content.first()) else {
            continue;
        };
        let opens_with_to = content.slice(paragraph).is_some_and(|text| text.starts_with("to "));
        if !is_expectation(cue) || !opens_with_to {
            continue;
        }
        for (idx, outer) in out.iter_mut().enumerate() {
            let adjacent = |piece: &Span| {
                piece.end() <= cue.start()
                    && paragraph
                        .get(piece.end()..cue.start())
                        .is_some_and(|gap| gap.trim().is_empty())
            };
            if idx == inner {
                continue;
            }
            if let Some(piece) = outer.content.iter_mut().find(|piece| adjacent(piece)) {
                if let Some(longer) = Span::new(piece.start(), content.end()) {
                    *piece = longer;
                }
            }
        }
    }
}

/// Verbs of speech after which a clause is what was said ("said members voted …").
const SAID_VERBS: [&str; 12] = [
    "said",
    "says",
    "added",
    "warned",
    "stated",
    "noted",
    "insisted",
    "argued",
    "claimed",
    "explained",
    "announced",
    "confirmed",
];

/// A cue of speech followed at once by another "cue" opening with a lowercase noun, then its
/// content ("said | members voted | overwhelmingly against it"): the second is the subject and
/// verb of the reported clause, which is the first cue's content.
fn reported_clauses_after_a_cue(paragraph: &str, segments: &mut Vec<(Role, Span)>) {
    let mut idx = 0;
    while idx + 1 < segments.len() {
        let ((first_role, first), (second_role, second)) = (segments[idx], segments[idx + 1]);
        let gap = paragraph.get(first.end()..second.start()).unwrap_or("x");
        let said = first
            .slice(paragraph)
            .and_then(|cue| cue.split_whitespace().last())
            .is_some_and(|verb| SAID_VERBS.contains(&verb.to_lowercase().as_str()));
        let opening = second.slice(paragraph).and_then(|cue| cue.split_whitespace().next());
        let subject = opening.is_some_and(|word| {
            word.starts_with(char::is_lowercase)
                && !word.ends_with("ed")
                && !word.ends_with("ing")
                && !is_cue_word(word)
                && !matches!(word, "that" | "to" | "in" | "on" | "at" | "by" | "for" | "of")
        });
        if first_role != Role::Cue
            || second_role != Role::Cue
            || !gap.trim().is_empty()
            || !said
            || !subject
        {
            idx += 1;
            continue;
        }
        let end = match segments.get(idx + 2) {
            Some(&(Role::Content, content))
                if paragraph
                    .get(second.end()..content.start())
                    .is_some_and(|gap| gap.trim().is_empty()) =>
            {
                without(segments, &[idx + 2]);
                content.end()
            }
            _ => second.end(),
        };
        if let Some(clause) = Span::new(second.start(), end) {
            segments[idx + 1] = (Role::Content, clause);
        }
        idx += 2;
    }
}

/// A content opening with the time of the telling before its "that" ("said in a poll earlier |
/// this month that they did not trust the council") starts at "that": the time is the cue's.
fn contents_open_at_that(paragraph: &str, segments: &mut [(Role, Span)]) {
    for (role, span) in segments.iter_mut() {
        let Some(text) = span.slice(paragraph).filter(|_| *role == Role::Content) else {
            continue;
        };
        let Some(at) = text.find(" that ") else { continue };
        let head = text.get(..at).unwrap_or_default();
        let words: Vec<String> = head.split_whitespace().map(str::to_lowercase).collect();
        // Not a noun the clause describes ("recalled the day that he resigned").
        let determiner = words.first().is_some_and(|w| {
            matches!(w.as_str(), "the" | "a" | "an" | "his" | "her" | "their" | "its" | "our")
        });
        let of_time = !determiner
            && words.iter().any(|w| is_time_word(w))
            && words.iter().all(|w| w.chars().all(char::is_alphanumeric))
            && (1..=4).contains(&words.len());
        if let Some(shorter) = Span::new(span.start() + at + 1, span.end()).filter(|_| of_time) {
            *span = shorter;
        }
    }
}

/// "According to the union, 91% of those voting rejected the deal": the tagger ran the source of
/// an opening "according to" on past the comma into the reported clause. The source ends at the
/// comma; the rest of the sentence (and the segments it held) is the content.
fn according_to_sources_end_at_the_comma(
    paragraph: &str,
    sentences: &[Span],
    segments: &mut Vec<(Role, Span)>,
) {
    let mut idx = 0;
    while idx + 1 < segments.len() {
        let ((cue_role, cue), (source_role, source)) = (segments[idx], segments[idx + 1]);
        let according =
            cue.slice(paragraph).is_some_and(|text| text.eq_ignore_ascii_case("according to"));
        let comma = source.slice(paragraph).and_then(|text| text.find(", "));
        let Some(sentence) = sentence_holding(sentences, cue.start()) else {
            idx += 1;
            continue;
        };
        // Only an opening "According to X, …": a closing one's comma sets off an apposition
        // ("…, according to Rick Howard, intelligence director with …").
        let opens =
            paragraph.get(sentence.start()..cue.start()).is_some_and(|head| head.trim().is_empty());
        let (Some(comma), true, true, true) =
            (comma, cue_role == Role::Cue, source_role == Role::Source, according && opens)
        else {
            idx += 1;
            continue;
        };
        let rest_start = source.start() + comma + 2;
        let head = paragraph.get(rest_start..sentence.end()).unwrap_or_default();
        let kept = head.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '!'));
        let (Some(shorter), Some(content)) = (
            Span::new(source.start(), source.start() + comma),
            Span::new(rest_start, rest_start + kept.len()),
        ) else {
            idx += 1;
            continue;
        };
        if kept.contains(QUOTE_MARKS) || kept.split_whitespace().count() < 3 {
            idx += 1;
            continue;
        }
        segments[idx + 1].1 = shorter;
        let inside: Vec<usize> =
            (idx + 2..segments.len()).filter(|&i| segments[i].1.start() < sentence.end()).collect();
        without(segments, &inside);
        segments.insert(idx + 2, (Role::Content, content));
        idx += 3;
    }
}

/// Removes the segments at the indices `gone`.
fn without(segments: &mut Vec<(Role, Span)>, gone: &[usize]) {
    let mut idx = 0;
    segments.retain(|_| {
        idx += 1;
        !gone.contains(&(idx - 1))
    });
}

/// Words that open a time clause after a cue ("confirmed after his discussion").
const TIME_CLAUSE_WORDS: [&str; 6] = ["after", "before", "during", "amid", "following", "until"];

/// A source and cue closing their sentence after a comma ("…, the statement added.", "…,”
/// said the Kremlin", "…, a Kremlin statement confirmed after his discussion with Netanyahu.")
/// report the whole sentence before them, as PolNeAR marks it (never an attribution inside
/// another's content): where the tagger read an inner attribution there ("Putin received
/// updates on | Tehran's “active efforts …”,” the Kremlin disclosed"), or a source without a cue
/// ("Raj Chohan, 59, | had just parked …, police said"), or nothing at all before a pair that
/// closes the sentence, in words without quotation marks ("Dockworkers ended their strike on
/// Thursday, union leader Ines Kovar said"), its segments give way to one content from the
/// sentence's start to the comma (with a closing mark, without a bare comma). A time clause the cue ran into is cut from the cue and is no content.
fn trailing_sources_take_the_sentence(
    paragraph: &str,
    tokens: &[Token<'_>],
    sentences: &[Span],
    segments: &mut Vec<(Role, Span)>,
) {
    for sentence in sentences {
        let inside: Vec<usize> = (0..segments.len())
            .filter(|&idx| {
                let span = segments[idx].1;
                span.start() >= sentence.start() && span.start() < sentence.end()
            })
            .collect();
        let Some(&cue_idx) = inside.iter().rev().find(|&&idx| segments[idx].0 == Role::Cue) else {
            continue;
        };
        let is_source = |idx: usize| inside.contains(&idx) && segments[idx].0 == Role::Source;
        let (first, last) = if cue_idx > 0 && is_source(cue_idx - 1) {
            (cue_idx - 1, cue_idx)
        } else if is_source(cue_idx + 1) {
            (cue_idx, cue_idx + 1)
        } else {
            continue;
        };
        // A participle clause ("…,” he said, referring to the country's name") is no report.
        let participle = cue_words(paragraph, segments[cue_idx].1)
            .first()
            .is_some_and(|word| word.ends_with("ing") && word != "according");
        if participle {
            continue;
        }
        // After the pair: nothing tagged, or the time clause the cue ran into.
        let after: Vec<usize> = inside.iter().copied().filter(|&idx| idx > last).collect();
        let mut cue = segments[cue_idx].1;
        if !after.is_empty() {
            if !ends_in_a_time_clause(paragraph, cue) || after.len() > 1 || last != cue_idx {
                continue;
            }
            let Some(cue_last) = tokens.iter().rposition(|t| t.span.end() == cue.end()) else {
                continue;
            };
            let Some(shorter) = cue_last
                .checked_sub(1)
                .and_then(|prev| Span::new(cue.start(), tokens[prev].span.end()))
            else {
                continue;
            };
            cue = shorter;
        }
        // Before the pair: an inner attribution (a cue of its own), or a source without one
        // ("Raj Chohan, 59, | had just parked …, police said"), up to a comma.
        let before: Vec<usize> = inside.iter().copied().filter(|&idx| idx < first).collect();
        // Or a content the tagger broke into pieces with words between them untagged ("A fire
        // destroyed the reading hall … | its medieval manuscripts to safety, the fire service
        // said").
        let pieces = before.iter().filter(|&&idx| segments[idx].0 == Role::Content).count();
        let inner = before.iter().any(|&idx| matches!(segments[idx].0, Role::Cue | Role::Source));
        // Or nothing tagged at all before a plain clause ("Dockworkers ended their strike on
        // Thursday, union leader Ines Kovar said"): no quotation mark in it, which would make
        // it the end of a quotation opened earlier.
        let tail = paragraph.get(segments[last].1.end()..sentence.end());
        let untagged = before.is_empty()
            && paragraph
                .get(sentence.start()..segments[first].1.start())
                .is_some_and(|head| !head.contains(QUOTE_MARKS))
            && (tail.is_some_and(|tail| tail.chars().all(|c| !c.is_alphanumeric()))
                || opens_a_writer_clause(tail)
                || tail.is_some_and(is_a_closing_time));
        // Or one content the tagger stopped short of the comma before the pair ("Wheat rose as
        // a strike at the port, the largest terminal, | entered its second week, traders said"),
        // with words left untagged between.
        let stopped_short = pieces == 1
            && before.len() == 1
            && paragraph
                .get(segments[before[0]].1.end()..segments[first].1.start())
                .is_some_and(|gap| gap.contains(char::is_alphanumeric))
            && paragraph
                .get(sentence.start()..segments[first].1.start())
                .is_some_and(|head| !head.contains(QUOTE_MARKS));
        if !inner && pieces < 2 && !untagged && !stopped_short {
            continue;
        }
        // "DuVernay said she felt … “…,” she said": a pronoun repeats the inner source.
        let source = segments[if segments[first].0 == Role::Source { first } else { last }].1;
        let pronoun = paragraph.get(source.start()..source.end()).is_some_and(|text| {
            matches!(text.to_lowercase().as_str(), "he" | "she" | "they" | "i" | "we")
        });
        if pronoun && before.iter().any(|&idx| segments[idx].0 == Role::Source) {
            continue;
        }
        // "“We understand …,” Putin said, adding …, according to his office": a quoted
        // sentence, whole in its marks, stays its inner speaker's words (not a quoted phrase:
        // "Putin laid out “his stance” …, the statement added").
        let quotation = before.iter().any(|&idx| {
            let (role, span) = segments[idx];
            role == Role::Content
                && paragraph.get(span.start()..span.end()).is_some_and(|text| {
                    let inner = text.trim_end_matches(['"', '”', '»', '’', '\'']);
                    (text.starts_with(['"', '“', '«', '‘']) || text.starts_with("''"))
                        && inner.len() < text.len()
                        && inner.ends_with([',', '.', '?', '!'])
                })
        });
        if quotation {
            continue;
        }
        let pair_start = segments[first].1.start();
        let Some(head) = paragraph.get(sentence.start()..pair_start) else { continue };
        let head_end = sentence.start() + head.trim_end().len();
        let lead = head.len() - head.trim_start().len();
        let trimmed = head.trim();
        let closing = trimmed.ends_with(['"', '”', '’', '»']);
        let before_mark = trimmed.trim_end_matches(['"', '”', '’', '»']);
        // "scolded him: “…,” she said": the quotation is the inner cue's.
        let introduced = ["“", "\"", "«"].iter().any(|mark| head.contains(&format!(": {mark}")));
        if !before_mark.ends_with(',') || introduced {
            continue;
        }
        let end = if closing { head_end } else { head_end - 1 };
        let Some(content) = Span::new(sentence.start() + lead, end) else { continue };
        segments[cue_idx].1 = cue;
        let gone: Vec<usize> = before.into_iter().chain(after).collect();
        without(segments, &gone);
        let at = segments.partition_point(|(_, span)| span.start() < content.start());
        segments.insert(at, (Role::Content, content));
    }
}

/// Nouns that name a statement or who speaks for a body ("a Kremlin statement", "a ministry
/// spokesman"): they belong to the source before them, not to the cue.
const SPEECH_NOUNS: [&str; 8] = [
    "statement",
    "statements",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "readout",
    "communique",
    "communiqué",
];

/// A cue that opens with a speech noun right after its source ("A Kremlin | statement on
/// Friday noted") gives the noun to the source and starts at its first reporting word, else at
/// its last word.
fn speech_nouns_to_sources(tokens: &[Token<'_>], segments: &mut [(Role, Span)]) {
    let index_at = |at: usize| tokens.iter().position(|t| t.span.start() == at);
    for idx in 1..segments.len() {
        let ((before, source), (role, cue)) = (segments[idx - 1], segments[idx]);
        if before != Role::Source || role != Role::Cue {
            continue;
        }
        let Some(first) = index_at(cue.start()) else { continue };
        let Some(last) = tokens.iter().rposition(|t| t.span.end() == cue.end()) else { continue };
        let noun = tokens[first].text.to_lowercase();
        let adjacent = first > 0 && tokens[first - 1].span.end() == source.end();
        if last <= first || !adjacent || !SPEECH_NOUNS.contains(&noun.as_str()) {
            continue;
        }
        let start = (first + 1..=last)
            .find(|&j| is_cue_word(&tokens[j].text.to_lowercase()))
            .unwrap_or(last);
        let (Some(longer), Some(shorter)) = (
            Span::new(source.start(), tokens[first].span.end()),
            covering(tokens, start, last + 1),
        ) else {
            continue;
        };
        segments[idx - 1].1 = longer;
        segments[idx].1 = shorter;
    }
}

/// Adverbs and prepositions that follow a source but are not part of it ("Zakharova further
/// criticized", "… and Iranian President amid").
const TRAILING_ADVERBS: [&str; 20] = [
    "further",
    "first",
    "also",
    "then",
    "later",
    "again",
    "meanwhile",
    "separately",
    "instead",
    "subsequently",
    "previously",
    "earlier",
    "amid",
    "after",
    "before",
    "during",
    "in",
    "on",
    "at",
    "with",
];

/// Pronouns whose "'s" is always "is" or "has" ("He's claiming").
const CONTRACTING_PRONOUNS: [&str; 7] = ["he", "she", "it", "who", "that", "there", "what"];

/// A source's span without a comma that only closes it ("said Caddell, speaking of"), with the
/// comma after its own appositive (as annotators mark it), and
/// without the "'s" of a contraction ("He's claiming" → "He"; "Trump's claim" keeps it).
fn source_span(tokens: &[Token<'_>], start: usize, mut end: usize) -> Option<Span> {
    // An adverb the tagger ran into ("Zakharova further criticized") and an aside closing the
    // source ("Putin, for his part, said") are not the source's.
    loop {
        let lower = |idx: usize| tokens.get(idx).map(|t| t.text.to_lowercase());
        if end > start + 1 && lower(end - 1).is_some_and(|w| TRAILING_ADVERBS.contains(&w.as_str()))
        {
            end -= 1;
        } else if end > start + 5
            && lower(end - 1).as_deref() == Some(",")
            && lower(end - 2).as_deref() == Some("part")
            && lower(end - 4).as_deref() == Some("for")
            && lower(end - 5).as_deref() == Some(",")
        {
            end -= 5;
        } else {
            break;
        }
    }
    let words = tokens.get(start..end)?;
    let commas = words.iter().filter(|t| t.text == ",").count();
    let ends_with_comma = words.last().is_some_and(|t| t.text == ",");
    let end = if commas == 1 && ends_with_comma {
        end - 1
    } else if commas >= 1 && !ends_with_comma && tokens.get(end).is_some_and(|t| t.text == ",") {
        // "Dean, a medical doctor, said": the comma closing an appositive is the source's
        // (nine in ten such sources in PolNeAR's training articles).
        end + 1
    } else {
        end
    };
    let span = covering(tokens, start, end)?;
    let last = tokens.get(end - 1)?;
    let bare = strip_possessive(last.text);
    let next_is_verb = tokens.get(end).is_some_and(|t| {
        let lower = t.text.to_lowercase();
        lower.ends_with("ing") || matches!(lower.as_str(), "been" | "not" | "got" | "said")
    });
    let contraction = bare.len() < last.text.len()
        && (CONTRACTING_PRONOUNS.contains(&bare.to_lowercase().as_str()) || next_is_verb);
    if contraction {
        return Span::new(span.start(), span.end() - (last.text.len() - bare.len()));
    }
    Some(span)
}

/// Groups segments into attributions: each cue anchors one; a source joins the nearest cue of
/// its sentence that has none yet (else the nearest cue), content joins the nearest cue of its
/// sentences (else the nearest cue); pieces with no cue in the paragraph stand alone.
fn group(
    paragraph: &str,
    segments: &[(Role, Span)],
    entity: &[&'static str],
    rates: &CueWordRates,
) -> Vec<Attribution> {
    let cues: Vec<Span> =
        segments.iter().filter(|(role, _)| *role == Role::Cue).map(|(_, span)| *span).collect();
    let sentences = sentence_spans(paragraph);
    let sentence_of = |at: usize| {
        sentences.iter().position(|s| s.start() <= at && at < s.end().max(s.start() + 1))
    };
    let distance = |a: Span, b: Span| {
        if a.end() <= b.start() {
            b.start() - a.end()
        } else if b.end() <= a.start() {
            a.start() - b.end()
        } else {
            0
        }
    };
    let mut out: Vec<Attribution> = cues
        .iter()
        .map(|&cue| Attribution {
            source: None,
            cue: Some(cue),
            content: Vec::new(),
            kind: QuoteKind::Indirect,
        })
        .collect();
    let nearest = |span: Span, accept: &dyn Fn(usize) -> bool| {
        (0..cues.len()).filter(|&idx| accept(idx)).min_by_key(|&idx| distance(span, cues[idx]))
    };
    let mut loose = Vec::new();
    for &(role, span) in segments {
        match role {
            Role::Cue => {}
            Role::Source => {
                let here = sentence_of(span.start());
                let same_sentence = |idx: usize| {
                    sentence_of(cues[idx].start()) == here && out[idx].source.is_none()
                };
                match nearest(span, &same_sentence).or_else(|| nearest(span, &|_| true)) {
                    Some(idx) if out[idx].source.is_none() => out[idx].source = Some(span),
                    _ => loose.push(Attribution {
                        source: Some(span),
                        cue: None,
                        content: Vec::new(),
                        kind: QuoteKind::Indirect,
                    }),
                }
            }
            // A content joins the nearest cue of a sentence it is in ("Kovar told reporters on
            // Sunday that the deal … raise. She appeared on …": "told", not the nearer
            // "appeared"), else the nearest cue.
            Role::Content => match nearest(span, &|idx| {
                let at = sentence_of(cues[idx].start());
                at.is_some()
                    && (at == sentence_of(span.start())
                        || at == sentence_of(span.end().saturating_sub(1)))
            })
            .or_else(|| nearest(span, &|_| true))
            {
                Some(idx) => out[idx].content.push(span),
                None => loose.push(Attribution {
                    source: None,
                    cue: None,
                    content: vec![span],
                    kind: QuoteKind::Indirect,
                }),
            },
        }
    }
    hyphen_tails_to_sources(paragraph, &mut out);
    coordinated_cues_share_the_subject(paragraph, &sentences, &mut out);
    let tokens = tokenize(paragraph);
    object_sources_to_subjects(&tokens, entity, &sentences, &mut out);
    adjacent_names_to_sources(paragraph, &sentences, &tokens, entity, &mut out);
    share_subjects(&mut out, &sentence_of);
    // Again for the sources shared: a junk cue ("briefed Putin on") lends its object.
    object_sources_to_subjects(&tokens, entity, &sentences, &mut out);
    contents_leave_the_source(&mut out);
    stub_contents_run_on(paragraph, segments, &sentences, &mut out);
    bare_cues_take_their_clause(paragraph, segments, &sentences, &mut out);
    contents_keep_their_closing_phrase(paragraph, segments, &sentences, &mut out);
    quotations_end_at_their_close(paragraph, &mut out);
    contents_drop_a_trailing_conjunction(paragraph, &mut out);
    out.extend(loose);
    let states = quote_states(&tokens);
    for attribution in &mut out {
        attribution.kind = quote_kind(&tokens, &states, attribution.cue, &attribution.content);
    }
    // A cue of function words alone ("as fears grow") or the tail of a hyphenated word
    // ("U.S.-based") reports nothing: its attribution goes, after lending its source to the
    // sentence's later cues, unless it holds quoted words ("briefed him on the “sustained
    // efforts”"), which are worth keeping even with a cue cut short.
    out.retain(|attribution| {
        !attribution.cue.is_some_and(|cue| is_junk_cue(paragraph, cue))
            || attribution.kind != QuoteKind::Indirect
    });
    // A reporting word used as a noun ("reports of unrest", "the back-to-back calls highlight"),
    // and a cue with neither a source nor a reporting word ("rising", "issues related"), report
    // nothing either, unless quoted words say otherwise (PolNeAR dev cue F1 63.0 → 63.9 and
    // content 51.1 → 51.8 on all attributions, sources unchanged).
    out.retain(|attribution| {
        let Some(cue) = attribution.cue else { return true };
        attribution.kind != QuoteKind::Indirect
            || !(is_noun_cue(paragraph, cue)
                || (attribution.source.is_none() && !has_cue_word(paragraph, cue)))
    });
    // A conversation is no report: "spoke separately with Netanyahu", "talked to", "met with"
    // (never a cue in PolNeAR's 24,787), unless quoted words say otherwise.
    out.retain(|attribution| {
        let Some(cue) = attribution.cue else { return true };
        attribution.kind != QuoteKind::Indirect || !is_conversation_cue(paragraph, cue)
    });
    // A participle followed by "as" or "for" is passive ("Storms blamed as pier gives way", "a
    // move described as interference"): who comes before it is blamed, not speaking.
    out.retain(|attribution| {
        let Some(cue) = attribution.cue else { return true };
        attribution.kind != QuoteKind::Indirect || !is_passive_participle(paragraph, cue)
    });
    // A cue run into a time clause reads that clause as the content: "a Kremlin statement
    // confirmed after | his discussion with Netanyahu" (not "went after", which attacks).
    out.retain(|attribution| {
        let Some(cue) = attribution.cue else { return true };
        attribution.kind != QuoteKind::Indirect || !ends_in_a_time_clause(paragraph, cue)
    });
    // A cue none of whose words reports anything in training ("canceled talks with", "a tariff
    // on") is no attribution either, unless quoted words say otherwise (`cue_rates`).
    out.retain(|attribution| {
        let Some(cue) = attribution.cue else { return true };
        attribution.kind != QuoteKind::Indirect
            || rates.can_report(paragraph.get(cue.start()..cue.end()).unwrap_or_default())
    });
    out.retain(|attribution| !attribution.content.is_empty() || attribution.source.is_some());
    out.sort_by_key(|a| a.cue.or(a.source).or(a.content.first().copied()).map(|s| s.start()));
    expectations_stay_in_the_content(paragraph, &mut out);
    out
}

/// A content piece inside its attribution's source is not what was said: the tagger took a name
/// opening a sentence for content ("Brel, for his part, said …"), and the source was found
/// around it since.
fn contents_leave_the_source(out: &mut [Attribution]) {
    for attribution in out {
        let Some(source) = attribution.source else { continue };
        attribution
            .content
            .retain(|piece| !(source.start() <= piece.start() && piece.end() <= source.end()));
    }
}

/// A content the tagger stopped right after its opening word ("reaffirmed that | Moscow has
/// always welcomed …", "said in a statement that Putin | and Netanyahu spoke …"), or at the
/// first name of a coordination ("cooperation between Tehran | and Moscow in trade"), runs on
/// to the next segment of its sentence, or to the sentence's end without its closing
/// punctuation. Rare on PolNeAR dev (content precision 55.7 → 55.8), it mends three on the
/// seeds.
fn stub_contents_run_on(
    paragraph: &str,
    segments: &[(Role, Span)],
    sentences: &[Span],
    out: &mut [Attribution],
) {
    for attribution in out {
        let mut grown = false;
        for piece in &mut attribution.content {
            let Some(text) = paragraph.get(piece.start()..piece.end()) else { continue };
            // "that" alone, or before a name: a determiner's noun ("declined that assignment")
            // is a whole content.
            let stub = match text.split_whitespace().collect::<Vec<_>>().as_slice() {
                [that] => that.eq_ignore_ascii_case("that"),
                [that, name] => {
                    that.eq_ignore_ascii_case("that") && name.starts_with(char::is_uppercase)
                }
                _ => false,
            };
            // A coordination cut at its first name: "cooperation between Tehran | and Moscow in
            // trade".
            let after = paragraph.get(piece.end()..).unwrap_or_default();
            let mut next_words = after.split_whitespace();
            let cut_coordination = text.ends_with(|c: char| c.is_alphanumeric())
                && text
                    .split_whitespace()
                    .last()
                    .is_some_and(|w| w.starts_with(char::is_uppercase))
                && next_words.next() == Some("and")
                && next_words.next().is_some_and(|w| w.starts_with(char::is_uppercase));
            // A clause cut before its verb's complement: "that Moscow has | always welcomed".
            let cut_verb = text.split_whitespace().count() >= 2
                && text.split_whitespace().last().is_some_and(|w| {
                    matches!(
                        w,
                        "has"
                            | "have"
                            | "had"
                            | "is"
                            | "are"
                            | "was"
                            | "were"
                            | "will"
                            | "would"
                            | "the"
                            | "a"
                            | "an"
                            | "to"
                            | "of"
                    )
                });
            // A "that" clause cut after its subject, before its verb: "that the victim | is
            // originally from Punjab".
            let cut_subject = text.split_whitespace().next().is_some_and(|w| w == "that")
                && after.split_whitespace().next().is_some_and(|w| {
                    AUXILIARIES.contains(&w)
                        || matches!(w, "could" | "can" | "may" | "might" | "should" | "must")
                });
            let stub = stub || cut_coordination || cut_verb || cut_subject;
            let Some(sentence) = sentence_holding(sentences, piece.start()).filter(|_| stub) else {
                continue;
            };
            let end = segments
                .iter()
                .map(|(_, span)| span.start())
                .filter(|&start| start >= piece.end() && start < sentence.end())
                .min()
                .unwrap_or(sentence.end());
            let Some(run) = paragraph.get(piece.start()..end) else { continue };
            let kept = run.trim_end_matches(|c: char| {
                c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':')
            });
            if let Some(longer) = Span::new(piece.start(), piece.start() + kept.len())
                .filter(|longer| longer.end() > piece.end())
            {
                *piece = longer;
                grown = true;
            }
        }
        // A piece grown up to the next one joins it when only white space is left between.
        if grown {
            let mut joined: Vec<Span> = Vec::new();
            for piece in attribution.content.drain(..) {
                match joined.last_mut() {
                    Some(last)
                        if paragraph
                            .get(last.end()..piece.start())
                            .is_some_and(|gap| gap.trim().is_empty()) =>
                    {
                        *last = Span::new(last.start(), piece.end()).unwrap_or(*last);
                    }
                    _ => joined.push(piece),
                }
            }
            attribution.content = joined;
        }
    }
}

/// The sentence holding byte `from` and its words from there to its end, when no segment starts
/// among them.
fn unmarked_rest<'p>(
    paragraph: &'p str,
    segments: &[(Role, Span)],
    sentences: &[Span],
    from: usize,
) -> Option<(Span, &'p str)> {
    let sentence = *sentence_holding(sentences, from.saturating_sub(1))?;
    let marked =
        segments.iter().any(|(_, span)| span.start() >= from && span.start() < sentence.end());
    paragraph.get(from..sentence.end()).filter(|_| !marked).map(|rest| (sentence, rest))
}

/// Verbs of telling whose first object is whom they told ("told reporters the pier was safe").
const TELLING_VERBS: [&str; 5] = ["told", "tells", "tell", "assured", "informed"];

/// Who is told, as a plain object: a pronoun or the press.
const TOLD_OBJECTS: [&str; 11] = [
    "him",
    "her",
    "them",
    "us",
    "me",
    "you",
    "reporters",
    "journalists",
    "lawmakers",
    "residents",
    "officials",
];

/// A cue of telling with no content ("Officials told reporters | the pier was safe.", where the
/// tagger marked nothing after the object), and nothing marked after it in its sentence: the
/// clause after the object (and "that") up to the sentence's end is its content, when it opens
/// with a lowercase word and holds no quotation mark.
fn bare_cues_take_their_clause(
    paragraph: &str,
    segments: &[(Role, Span)],
    sentences: &[Span],
    out: &mut [Attribution],
) {
    for attribution in out {
        let Some(cue) = attribution.cue.filter(|_| attribution.content.is_empty()) else {
            continue;
        };
        let verb = cue.slice(paragraph).unwrap_or_default().to_lowercase();
        if !TELLING_VERBS.contains(&verb.as_str()) {
            continue;
        }
        let Some((sentence, rest)) = unmarked_rest(paragraph, segments, sentences, cue.end())
        else {
            continue;
        };
        // The object, then the clause (with its "that", as PolNeAR marks contents).
        let after_space = |text: &str| text.len() - text.trim_start().len();
        let object_at = after_space(rest);
        let from_object = rest.get(object_at..).unwrap_or_default();
        let object_len = from_object.find(char::is_whitespace).unwrap_or(from_object.len());
        let object = from_object.get(..object_len).unwrap_or_default();
        if !TOLD_OBJECTS.contains(&object) {
            continue;
        }
        let tail = rest.get(object_at + object_len..).unwrap_or_default();
        let start = cue.end() + object_at + object_len + after_space(tail);
        let first = tail.split_whitespace().next().unwrap_or_default();
        let first = if first == "that" {
            tail.split_whitespace().nth(1).unwrap_or_default()
        } else {
            first
        };
        let body = paragraph.get(start..sentence.end()).unwrap_or_default();
        let kept =
            body.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '!' | ';'));
        let quoted = kept.contains(QUOTE_MARKS);
        if first.starts_with(char::is_lowercase) && !quoted && kept.split_whitespace().count() >= 3
        {
            if let Some(content) = Span::new(start, start + kept.len()) {
                attribution.content.push(content);
            }
        }
    }
}

/// A source that ends in the time of the telling ("said Sen. Mara Quill, D-Ore., | on Tuesday",
/// "Ines Kovar | late Wednesday"): the time is no part of who spoke, and the source ends before
/// it.
fn sources_leave_their_time(paragraph: &str, segments: &mut [(Role, Span)]) {
    for (role, span) in segments.iter_mut() {
        let Some(text) = span.slice(paragraph).filter(|_| *role == Role::Source) else { continue };
        let cut = text.match_indices(' ').map(|(at, _)| at).find(|&at| {
            let rest = text.get(at..).unwrap_or_default();
            if !is_a_closing_time(rest) {
                return false;
            }
            let before = text.get(..at).unwrap_or_default().trim_end_matches(',');
            // A day of the telling ("on Tuesday", "late Wednesday", "yesterday"), not a time
            // that dates a noun ("a poll released Friday", "an aide in 2012") nor a name's word
            // ("USA Today").
            let names_a_day = rest.split_whitespace().any(|w| {
                let w = w.trim_end_matches(|c: char| !c.is_alphanumeric());
                WEEKDAYS.contains(&w.to_lowercase().as_str())
                    || matches!(w, "yesterday" | "today" | "tonight")
            });
            let last_word = before.rsplit(' ').next().unwrap_or_default();
            let first_word = rest.split_whitespace().next().unwrap_or_default();
            let ends_on_a_time = rest.split_whitespace().last().is_some_and(|w| {
                is_time_word(&w.trim_end_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
            });
            // Inside the phrase ("last | Thursday"), after a participle ("released | Friday"),
            // in a relative clause ("who endorsed him | on Tuesday"), a name ("Super Tuesday")
            // or a noun's day ("the Saturday debate"): no.
            let inside = matches!(
                last_word.to_lowercase().as_str(),
                "last"
                    | "on"
                    | "in"
                    | "later"
                    | "earlier"
                    | "early"
                    | "late"
                    | "this"
                    | "next"
                    | "out"
                    | "by"
            ) || last_word.ends_with("ed");
            let relative = before.split_whitespace().any(|w| matches!(w, "who" | "which" | "that"));
            let named = WEEKDAYS.contains(&first_word.to_lowercase().as_str())
                && last_word.starts_with(char::is_uppercase);
            names_a_day && ends_on_a_time && !inside && !relative && !named
        });
        let Some(cut) = cut else { continue };
        let kept = text.get(..cut).unwrap_or_default().trim_end_matches([',', ' ']);
        if kept.split_whitespace().next().is_none() {
            continue;
        }
        if let Some(shorter) = Span::new(span.start(), span.start() + kept.len()) {
            *span = shorter;
        }
    }
}

/// Words that open a short phrase of time closing a sentence ("on Monday", "within days", "next
/// week").
const TIME_PHRASE_OPENERS: [&str; 14] = [
    "on", "in", "by", "within", "until", "before", "after", "next", "this", "later", "early",
    "late", "soon", "tomorrow",
];

/// Whether the words closing a sentence are a short phrase of time alone (" on Monday.",
/// " Tuesday night.", " last week."): at most four words, no comma or quotation mark.
fn is_a_closing_time(tail: &str) -> bool {
    let kept = tail.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '!'));
    let words: Vec<String> = kept.split_whitespace().map(str::to_lowercase).collect();
    let opens = words.first().is_some_and(|w| {
        TIME_PHRASE_OPENERS.contains(&w.as_str())
            || WEEKDAYS.contains(&w.as_str())
            || matches!(w.as_str(), "yesterday" | "today" | "last")
    });
    let names_a_time = words.iter().any(|w| {
        let w = w.trim_end_matches(|c: char| !c.is_alphanumeric());
        is_time_word(w)
            || (w.len() == 4 && w.starts_with(['1', '2']) && w.bytes().all(|b| b.is_ascii_digit()))
    });
    opens && names_a_time && (1..=4).contains(&words.len()) && !kept.contains(PHRASE_BREAKS)
}

/// Prepositions that carry a clause on ("waiting to load, up | from 25", "against it late | on
/// Wednesday").
const CLAUSE_PREPOSITIONS: [&str; 13] =
    ["from", "to", "of", "than", "with", "on", "in", "at", "for", "into", "over", "since", "by"];

/// Whether the words left of a sentence after a content are a short phrase that carries its
/// clause on: at most five plain words (no comma, colon or quotation mark) opening with a
/// preposition.
fn continues_the_clause(rest: &str) -> bool {
    let words: Vec<&str> = rest.split_whitespace().collect();
    words.first().is_some_and(|w| CLAUSE_PREPOSITIONS.contains(w))
        && words.len() <= 5
        && !rest.contains(PHRASE_BREAKS)
}

/// Words that make a phrase one of time ("on Monday", "last week", "in recent months"), with
/// the weekdays and the month names ([`parallax_text::MONTH_NAMES`]).
const TIME_WORDS: [&str; 21] = [
    "yesterday",
    "today",
    "tonight",
    "tomorrow",
    "morning",
    "afternoon",
    "evening",
    "night",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "weekend",
    "hours",
    "soon",
    "later",
    "now",
];

/// Whether a lowercase word makes a phrase one of time ([`TIME_WORDS`], a weekday, a month's
/// name).
fn is_time_word(word: &str) -> bool {
    TIME_WORDS.contains(&word)
        || WEEKDAYS.contains(&word)
        || parallax_text::MONTH_NAMES.contains(&word)
}

/// A content the tagger stopped before a short phrase of time that closes its sentence ("that
/// the pier would reopen | on Monday."), or before a short phrase carrying its clause on ("were
/// waiting to load, up | from 25 on Monday."), runs on to the sentence's end: the words are the
/// reported clause's, after a quotation's closing mark too ("laid out “her plan” | for the
/// pier"). Not when anything is marked after it, nor across a comma or a quotation mark.
fn contents_keep_their_closing_phrase(
    paragraph: &str,
    segments: &[(Role, Span)],
    sentences: &[Span],
    out: &mut [Attribution],
) {
    for attribution in out {
        let Some(piece) = attribution.content.last_mut() else { continue };
        if attribution.cue.is_some_and(|cue| cue.start() >= piece.end()) {
            continue;
        }
        let Some((_, rest)) = unmarked_rest(paragraph, segments, sentences, piece.end()) else {
            continue;
        };
        let kept = rest.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '!'));
        if (is_a_closing_time(rest) || continues_the_clause(kept)) && rest.starts_with(' ') {
            if let Some(longer) = Span::new(piece.start(), piece.end() + kept.len()) {
                *piece = longer;
            }
        }
    }
}

/// A content that opens with a quotation after its cue and runs on past the closing mark into a
/// participle clause ("stating: “We reject …,” referencing Trump's declaration") ends at the
/// closing mark: the clause is the writer's.
/// "Velt said the fire began in the roof, and | Benn said …": a content that runs into the
/// conjunction joining its clause to the next ends before it, and before the comma.
fn contents_drop_a_trailing_conjunction(paragraph: &str, out: &mut [Attribution]) {
    for attribution in out {
        for piece in &mut attribution.content {
            let text = paragraph.get(piece.start()..piece.end()).unwrap_or_default();
            let trimmed = text.trim_end();
            let Some((head, last)) = trimmed.rsplit_once(char::is_whitespace) else { continue };
            if !matches!(last, "and" | "but" | "or") {
                continue;
            }
            let head = head.trim_end().trim_end_matches([',', ';']).trim_end();
            if !head.is_empty() {
                if let Some(shorter) = Span::new(piece.start(), piece.start() + head.len()) {
                    *piece = shorter;
                }
            }
        }
    }
}

fn quotations_end_at_their_close(paragraph: &str, out: &mut [Attribution]) {
    for attribution in out {
        let Some(cue) = attribution.cue else { continue };
        for piece in &mut attribution.content {
            if piece.start() < cue.end() {
                continue;
            }
            let Some(text) = paragraph.get(piece.start()..piece.end()) else { continue };
            let Some(open) = text.chars().next() else { continue };
            let close = match open {
                '“' => '”',
                '"' => '"',
                '«' => '»',
                _ => continue,
            };
            let Some(at) = text.get(open.len_utf8()..).and_then(|rest| rest.find(close)) else {
                continue;
            };
            let end = open.len_utf8() + at + close.len_utf8();
            let after = text.get(end..).unwrap_or_default().trim_start_matches([',', ' ']);
            let participle = after.split(|c: char| !c.is_alphanumeric()).next().is_some_and(|w| {
                w.len() > 4 && w.ends_with("ing") && w.starts_with(char::is_lowercase)
            });
            if participle {
                if let Some(cut) = Span::new(piece.start(), piece.start() + end) {
                    *piece = cut;
                }
            }
        }
    }
}

/// Words after which a name is an object, not the one who speaks: "held calls with
/// Netanyahu", "briefed Putin".
const OBJECT_MARKERS: [&str; 10] =
    ["with", "to", "briefed", "told", "informed", "urged", "thanked", "called", "met", "phoned"];

/// "Putin held calls with Netanyahu, outlining Moscow's commitment" and "the Iranian side
/// briefed Putin on the protests and accused external forces": the tagger reads the object
/// before a participle or a second verb as the source. The one who outlines or accuses is the
/// sentence's subject: its first person or organisation (with the capitalised title before it),
/// when it comes before the object; without one the source is left unknown rather than wrong.
/// `entity` holds each token's entity tag (empty: unknown, and nothing is changed).
fn object_sources_to_subjects(
    tokens: &[Token<'_>],
    entity: &[&'static str],
    sentences: &[Span],
    out: &mut [Attribution],
) {
    if entity.len() != tokens.len() {
        return;
    }
    let lower = |idx: usize| lower_text(tokens, idx);
    for attribution in out.iter_mut() {
        let (Some(source), Some(cue)) = (attribution.source, attribution.cue) else { continue };
        let (Some(start), Some(cue_idx)) =
            (token_at(tokens, source.start()), token_at(tokens, cue.start()))
        else {
            continue;
        };
        let Some(sentence) = sentence_holding(sentences, source.start()) else { continue };
        if source.end() > cue.start() || cue.start() >= sentence.end() || start == 0 {
            continue;
        }
        // The word before the name and any title before it ("with Israeli Prime Minister").
        let mut marker_idx = start - 1;
        while marker_idx > 0
            && tokens[marker_idx].text.starts_with(char::is_uppercase)
            && tokens[marker_idx].text.chars().all(char::is_alphabetic)
        {
            marker_idx -= 1;
        }
        let marker = lower(marker_idx);
        let according = marker == "to" && marker_idx >= 1 && lower(marker_idx - 1) == "according";
        if !OBJECT_MARKERS.contains(&marker.as_str()) || according {
            continue;
        }
        // A participle after a comma, or a verb joined by "and", after the object.
        let cue_word = lower(cue_idx);
        let before_cue = if cue_idx > 0 { lower(cue_idx - 1) } else { String::new() };
        let participle = cue_word.ends_with("ing") && before_cue == ",";
        if !(participle || before_cue == "and") {
            continue;
        }
        let sentence_start =
            token_at(tokens, sentence.start()).filter(|&idx| idx < start).unwrap_or(start);
        let subject =
            (sentence_start..marker_idx).find(|&idx| matches!(entity[idx], "B-PER" | "B-ORG"));
        let Some(begin) = subject else {
            attribution.source = definite_subject(tokens, sentence_start, marker_idx);
            continue;
        };
        let mut end = begin + 1;
        while end < marker_idx && entity[end].starts_with("I-") {
            end += 1;
        }
        let from = title_start(tokens, begin, sentence_start, &[]);
        attribution.source = Span::new(tokens[from].span.start(), tokens[end - 1].span.end());
    }
}

/// "The fishermen's union welcomed the pontoon but said the board had ignored warnings": a cue
/// joined by "but" or "and" has no subject of its own, so the lowercase word the tagger read as
/// its source ("pontoon") is the object of the verb before, and the cue's source is the earlier
/// source of its sentence. That earlier attribution goes when its content is a stub of at most
/// two words cut off by the false source ("the").
fn coordinated_cues_share_the_subject(
    paragraph: &str,
    sentences: &[Span],
    out: &mut Vec<Attribution>,
) {
    let mut stubs = Vec::new();
    for at in 0..out.len() {
        let (Some(source), Some(cue)) = (out[at].source, out[at].cue) else { continue };
        let between = paragraph.get(source.end()..cue.start()).unwrap_or_default().trim();
        let source_text = paragraph.get(source.start()..source.end()).unwrap_or_default();
        if !matches!(between, "but" | "and") || source_text.chars().any(char::is_uppercase) {
            continue;
        }
        let Some(sentence) = sentence_holding(sentences, source.start()).copied() else {
            continue;
        };
        let earlier = (0..out.len()).filter(|&other| other != at).find(|&other| {
            out[other]
                .source
                .is_some_and(|s| s.end() <= source.start() && s.start() >= sentence.start())
                && out[other].cue.is_some_and(|c| c.end() <= source.start())
        });
        let Some(earlier) = earlier else { continue };
        out[at].source = out[earlier].source;
        let stub = out[earlier].content.iter().all(|piece| {
            piece.end() <= source.start()
                && words(paragraph.get(piece.start()..piece.end()).unwrap_or_default()).count() <= 2
        });
        if stub {
            stubs.push(earlier);
        }
    }
    stubs.sort_unstable();
    stubs.dedup();
    for earlier in stubs.into_iter().rev() {
        out.remove(earlier);
    }
}

/// The index of the first token starting at or after byte `at`.
fn token_at(tokens: &[Token<'_>], at: usize) -> Option<usize> {
    tokens.iter().position(|t| t.span.start() >= at)
}

/// The sentence holding byte `at`.
fn sentence_holding(sentences: &[Span], at: usize) -> Option<&Span> {
    sentences.iter().find(|s| s.start() <= at && at < s.end())
}

/// Capitalised words that open a clause, never a title before a name.
const CLAUSE_OPENERS: [&str; 15] = [
    "The", "A", "An", "In", "On", "But", "And", "Although", "Though", "While", "When", "If", "As",
    "After", "Before",
];

/// Where a name starting at token `name` begins with the capitalised title before it ("Russian
/// President Vladimir Putin"), going no further back than `floor` and over no word of `stop`.
fn title_start(tokens: &[Token<'_>], name: usize, floor: usize, stop: &[&str]) -> usize {
    let mut from = name;
    while from > floor
        && tokens[from - 1].text.starts_with(char::is_uppercase)
        && tokens[from - 1].text.chars().all(char::is_alphabetic)
        && !stop.contains(&tokens[from - 1].text)
    {
        from -= 1;
    }
    from
}

/// The token at `idx`, lowercase ("" past the end).
fn lower_text(tokens: &[Token<'_>], idx: usize) -> String {
    tokens.get(idx).map(|t| t.text.to_lowercase()).unwrap_or_default()
}

/// A cue the tagger left without a source, right after a name ("President Donald Trump has
/// pledged", "with Washington warning"), or right after a short definite phrase opening its
/// sentence ("The harbour board estimated"): that name, with the capitalised title before it, or
/// that phrase, is the source. `entity` holds each token's entity tag (empty: unknown, and nothing is changed).
fn adjacent_names_to_sources(
    paragraph: &str,
    sentences: &[Span],
    tokens: &[Token<'_>],
    entity: &[&'static str],
    out: &mut [Attribution],
) {
    if entity.len() != tokens.len() {
        return;
    }
    for attribution in out.iter_mut().filter(|a| a.source.is_none()) {
        // Only a cue with a reporting word: others ("Clinton won") are mostly no report.
        let Some(cue) = attribution.cue.filter(|&cue| has_cue_word(paragraph, cue)) else {
            continue;
        };
        let Some(last) = token_at(tokens, cue.start()).and_then(|idx| idx.checked_sub(1)) else {
            continue;
        };
        let named = |idx: usize| {
            entity.get(idx).is_some_and(|tag| {
                matches!(*tag, "B-PER" | "I-PER" | "B-ORG" | "I-ORG" | "B-LOC" | "I-LOC")
            })
        };
        // "Russia, Iran's main ally, has also condemned": a name opening the sentence, then an
        // appositive closed by the comma before the cue; the source takes both, as annotators
        // mark it.
        if lower_text(tokens, last) == "," {
            let opening =
                sentence_holding(sentences, cue.start()).and_then(|s| token_at(tokens, s.start()));
            if let Some(first) = opening
                .filter(|&first| matches!(entity.get(first), Some(&("B-PER" | "B-ORG" | "B-LOC"))))
            {
                let mut end = first + 1;
                while entity.get(end).is_some_and(|tag| tag.starts_with("I-")) {
                    end += 1;
                }
                let reported = (end..last).any(|idx| is_cue_word(&lower_text(tokens, idx)));
                if lower_text(tokens, end) == "," && end < last && !reported {
                    attribution.source =
                        Span::new(tokens[first].span.start(), tokens[last].span.end());
                }
            }
            continue;
        }
        if !named(last) {
            // "The harbour board estimated …": a short definite phrase opening the sentence
            // right before the cue.
            let opening =
                sentence_holding(sentences, cue.start()).and_then(|s| token_at(tokens, s.start()));
            // Not before a passive ("The efforts are expected to").
            let passive = cue_words(paragraph, cue).first().is_some_and(|w| {
                matches!(w.as_str(), "is" | "are" | "was" | "were" | "be" | "been" | "being")
            });
            if let Some(first) = opening.filter(|&first| first < last && !passive) {
                attribution.source = definite_subject(tokens, first, last + 1)
                    .filter(|subject| subject.end() == tokens[last].span.end());
            }
            continue;
        }
        let mut name = last;
        while name > 0
            && entity.get(name).is_some_and(|tag| tag.starts_with("I-"))
            && named(name - 1)
        {
            name -= 1;
        }
        let from = title_start(tokens, name, 0, &CLAUSE_OPENERS);
        // The name must open its phrase: not "a spokesman for the Pentagon said".
        let opens = from.checked_sub(1).is_none_or(|before| {
            matches!(
                tokens[before].text.to_lowercase().as_str(),
                "," | "with" | "and" | "but" | "that" | "while" | ";" | ":" | "." | "–" | "—"
            )
        });
        if opens {
            attribution.source = Span::new(tokens[from].span.start(), tokens[last].span.end());
        }
    }
}

/// A sentence opening with a short definite phrase before its verb ("The Iranian side
/// reportedly briefed …", "The ministry warned …"): that phrase, as the subject. The verb is
/// told by an "-ly" adverb, an "-ed" form or the object marker at `marker_idx`; the phrase is
/// "the" and at most three words.
fn definite_subject(tokens: &[Token<'_>], start: usize, marker_idx: usize) -> Option<Span> {
    let first = tokens.get(start)?;
    if !first.text.eq_ignore_ascii_case("the") {
        return None;
    }
    let end = (start + 2..=(start + 4).min(marker_idx)).find(|&idx| {
        let word = tokens.get(idx).map(|t| t.text).unwrap_or_default();
        idx == marker_idx
            || (word.starts_with(char::is_lowercase)
                && word.len() > 3
                && (word.ends_with("ly") || word.ends_with("ed")))
    })?;
    let words = tokens.get(start..end)?;
    if !words.iter().all(|t| t.text.chars().all(char::is_alphabetic)) {
        return None;
    }
    Span::new(first.span.start(), words.last()?.span.end())
}

/// "The Monitor, a U.S.-based group, estimates": the tagger ends the source at a hyphen and
/// reads the word's tail as a cue. The source takes the tail and, when it opened an appositive
/// with a comma, the rest of the appositive up to its closing comma (as annotators mark it);
/// the cue, a junk one, goes later.
fn hyphen_tails_to_sources(paragraph: &str, out: &mut [Attribution]) {
    for attribution in out.iter_mut() {
        let (Some(source), Some(cue)) = (attribution.source, attribution.cue) else { continue };
        if source.end() != cue.start() || !glued_to_hyphen(paragraph, cue) {
            continue;
        }
        let opens_appositive = paragraph
            .get(source.start()..source.end())
            .is_some_and(|s| s.matches(',').count() == 1);
        let rest = paragraph.get(cue.end()..).unwrap_or_default();
        let closing = rest
            .find([',', '.', ';', '?', '!', '“', '"'])
            .filter(|&at| opens_appositive && rest.get(at..).is_some_and(|r| r.starts_with(',')));
        let end = closing.map_or(cue.end(), |at| cue.end() + at + 1);
        attribution.source = Span::new(source.start(), end).or(Some(source));
    }
}

/// Words that cannot carry a report on their own: a cue made of them alone is a tagging slip.
const FUNCTION_WORDS: [&str; 22] = [
    "as", "on", "of", "in", "at", "for", "with", "by", "from", "about", "amid", "after", "before",
    "over", "to", "and", "or", "but", "the", "a", "an", "that",
];

/// Whether a cue is no report: only function words, or glued by a hyphen to the word before it.
fn is_junk_cue(paragraph: &str, cue: Span) -> bool {
    if glued_to_hyphen(paragraph, cue) {
        return true;
    }
    of_function_words(paragraph, cue)
}

/// Whether a cue has words and all are function words ("on", "as"). Punctuation alone (a colon,
/// a quotation dash) is a cue in its own right.
fn of_function_words(paragraph: &str, cue: Span) -> bool {
    let words = cue_words(paragraph, cue);
    !words.is_empty() && words.iter().all(|w| FUNCTION_WORDS.contains(&w.as_str()))
}

/// Whether a span starts right after a hyphen: the tail of a word ("U.S.-|based").
fn glued_to_hyphen(paragraph: &str, span: Span) -> bool {
    paragraph.get(..span.start()).is_some_and(|before| before.ends_with('-'))
}

/// A cue's words, lowercase (apostrophes kept inside them).
fn cue_words(paragraph: &str, cue: Span) -> Vec<String> {
    words(paragraph.get(cue.start()..cue.end()).unwrap_or_default()).map(|(_, w)| w).collect()
}

/// Plural nouns that are also reporting verbs ("calls", "reports"): as nouns they report nothing.
const NOUN_CUES: [&str; 12] = [
    "calls",
    "reports",
    "claims",
    "fears",
    "hopes",
    "warnings",
    "threats",
    "concerns",
    "promises",
    "pledges",
    "accusations",
    "statements",
];

/// Words before a reporting word that make it a noun ("the calls", "growing fears").
const NOUN_CUE_MODIFIERS: [&str; 15] = [
    "the", "a", "an", "these", "those", "his", "her", "their", "its", "our", "new", "renewed",
    "repeated", "growing", "mounting",
];

/// Verbs of conversation: before "with" they name whom someone spoke to, not what was said.
const CONVERSATION_VERBS: [&str; 14] = [
    "spoke",
    "speak",
    "speaks",
    "speaking",
    "talked",
    "talk",
    "talks",
    "talking",
    "met",
    "meet",
    "meets",
    "meeting",
    "chatted",
    "conferred",
];

/// Whether a cue is a conversation: a verb of conversation followed, at most one word later, by
/// "with" or "to" ("spoke with", "spoke separately with Netanyahu to discuss", "spoke to one
/// man"; none of PolNeAR's cues, while its articles say "spoke to" 17 times).
fn is_conversation_cue(paragraph: &str, cue: Span) -> bool {
    let words = cue_words(paragraph, cue);
    words.iter().enumerate().any(|(i, w)| {
        CONVERSATION_VERBS.contains(&w.as_str())
            && words
                .get(i + 1..(i + 3).min(words.len()))
                .is_some_and(|next| next.iter().any(|n| n == "with" || n == "to"))
    })
}

/// Whether a cue is a past participle ending in "-ed" that "as" or "for" follows right away: a
/// passive ("blamed as", "described as", "criticised for"), whose subject is not its speaker;
/// or one that a state follows ("Hundreds feared dead", "two believed missing").
fn is_passive_participle(paragraph: &str, cue: Span) -> bool {
    let words = cue_words(paragraph, cue);
    let [.., last] = words.as_slice() else { return false };
    let next = paragraph.get(cue.end()..).unwrap_or_default().split_whitespace().next();
    let next = next.map(|word| word.trim_end_matches(|c: char| !c.is_alphabetic()));
    last.ends_with("ed")
        && next.is_some_and(|word| {
            matches!(
                word,
                "as" | "for"
                    | "dead"
                    | "killed"
                    | "missing"
                    | "drowned"
                    | "injured"
                    | "trapped"
                    | "lost"
                    | "safe"
                    | "alive"
            )
        })
}

/// Whether a cue ends with a preposition of time after a verb other than one of going
/// ("confirmed after", "said during"; not "went after").
fn ends_in_a_time_clause(paragraph: &str, cue: Span) -> bool {
    let words = cue_words(paragraph, cue);
    let [.., verb, last] = words.as_slice() else { return false };
    TIME_CLAUSE_WORDS.contains(&last.as_str())
        && !matches!(verb.as_str(), "went" | "go" | "goes" | "going" | "gone" | "named")
}

/// Whether a cue holds a reporting word ("said", "according", "warning").
fn has_cue_word(paragraph: &str, cue: Span) -> bool {
    cue_words(paragraph, cue).iter().any(|w| is_cue_word(w))
}

/// Whether a cue opens with a reporting word used as a noun: followed by "of" ("reports of
/// unrest"), or after a determiner, a hyphenated or "-ed" modifier ("the back-to-back calls",
/// "intensified calls for").
fn is_noun_cue(paragraph: &str, cue: Span) -> bool {
    let Some(text) = paragraph.get(cue.start()..cue.end()) else { return false };
    let Some(first) = text.split_whitespace().next() else { return false };
    if !NOUN_CUES
        .contains(&first.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase().as_str())
    {
        return false;
    }
    let after =
        paragraph.get(cue.start() + first.len()..).and_then(|r| r.split_whitespace().next());
    if after.is_some_and(|word| word.eq_ignore_ascii_case("of")) {
        return true;
    }
    let before = paragraph.get(..cue.start()).and_then(|b| b.split_whitespace().last());
    let Some(before) = before else { return false };
    if before.ends_with(|c: char| !c.is_alphanumeric()) || before.starts_with(char::is_uppercase) {
        return false;
    }
    let lower = before.to_lowercase();
    NOUN_CUE_MODIFIERS.contains(&lower.as_str())
        || lower.contains('-')
        || (lower.ends_with("ed") && lower.len() > 4)
}

/// A cue with no source of its own whose sentence names a source before it for another cue
/// ("Putin said …, adding that …") shares that source: the nearest one before the cue.
fn share_subjects(out: &mut [Attribution], sentence_of: &dyn Fn(usize) -> Option<usize>) {
    let sources: Vec<(Span, Option<usize>)> = out
        .iter()
        .filter_map(|a| a.source.map(|source| (source, sentence_of(source.start()))))
        .collect();
    for attribution in out.iter_mut().filter(|a| a.source.is_none()) {
        let Some(cue) = attribution.cue else { continue };
        let here = sentence_of(cue.start());
        attribution.source = sources
            .iter()
            .filter(|(source, sentence)| *sentence == here && source.end() <= cue.start())
            .max_by_key(|(source, _)| source.end())
            .map(|(source, _)| *source);
    }
}

/// Direct when every word of the content is inside quotation marks, partial when some are, or
/// when all are but the quotation is a fragment of a sentence: it opens right after a word that
/// is not the cue ('spoke, where “the leaders discussed ...”'), or closes on a word with no
/// punctuation and the sentence runs on ('laid out “his fundamental stance” in favor of').
fn quote_kind(
    tokens: &[Token<'_>],
    states: &[QuoteState],
    cue: Option<Span>,
    content: &[Span],
) -> QuoteKind {
    let (mut quoted, mut unquoted) = (0, 0);
    let (mut first, mut last) = (None, None);
    for (idx, (token, state)) in tokens.iter().zip(states).enumerate() {
        let in_content = content.iter().any(|span| span.contains(token.span));
        if !in_content || !token.text.chars().any(char::is_alphanumeric) {
            continue;
        }
        first.get_or_insert(idx);
        last = Some(idx);
        if *state == QuoteState::Inside {
            quoted += 1;
        } else {
            unquoted += 1;
        }
    }
    match (quoted, unquoted) {
        (0, _) => QuoteKind::Indirect,
        (_, 0)
            if first.is_some_and(|at| opens_after_a_word(tokens, states, cue, at))
                || last.is_some_and(|at| closes_before_a_word(tokens, states, cue, at)) =>
        {
            QuoteKind::Partial
        }
        (_, 0) => QuoteKind::Direct,
        _ => QuoteKind::Partial,
    }
}

/// Whether the quotation holding token `at` opens right after a lowercase word that is not in
/// the cue (a name before it signs the quotation before: "― Edwin Marrow “We waited.”"), or
/// right after the cue word with a lowercase word.
fn opens_after_a_word(
    tokens: &[Token<'_>],
    states: &[QuoteState],
    cue: Option<Span>,
    at: usize,
) -> bool {
    let Some(open) = (0..=at).rev().find(|&idx| states[idx] == QuoteState::Open) else {
        return false;
    };
    let Some(before) = open.checked_sub(1) else {
        return false;
    };
    // Straight after the cue word, a quotation that opens in lowercase is the verb's object
    // ('reaffirmed “their mutual commitment …”'), not a sentence of its own.
    let after_the_cue = cue.is_some_and(|cue| cue.contains(tokens[before].span))
        && tokens[before].text.chars().all(char::is_alphabetic)
        && tokens.get(open + 1).is_some_and(|t| t.text.starts_with(char::is_lowercase));
    after_the_cue || is_lowercase_word_outside(tokens, before, cue)
}

/// Whether word `at` ends its quotation, with no punctuation, and a lowercase word not in the
/// cue follows the closing mark.
fn closes_before_a_word(
    tokens: &[Token<'_>],
    states: &[QuoteState],
    cue: Option<Span>,
    at: usize,
) -> bool {
    states.get(at + 1) == Some(&QuoteState::Close) && is_lowercase_word_outside(tokens, at + 2, cue)
}

/// Whether token `idx` is a lowercase word (letters and digits only) outside the cue.
fn is_lowercase_word_outside(tokens: &[Token<'_>], idx: usize, cue: Option<Span>) -> bool {
    tokens.get(idx).is_some_and(|token| {
        token.text.chars().all(char::is_alphanumeric)
            && token.text.starts_with(char::is_lowercase)
            && !cue.is_some_and(|cue| cue.contains(token.span))
    })
}

/// Where a token stands with respect to quotation marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QuoteState {
    Outside,
    Open,
    Inside,
    Close,
}

/// Whether a token is a double quotation mark: `Some(true)` opens, `Some(false)` closes, and a
/// straight `"` is decided by the marks before it.
fn quote_mark(text: &str) -> Option<Option<bool>> {
    match text {
        "\"" | "＂" => Some(None),
        "“" | "„" | "«" => Some(Some(true)),
        "”" | "»" => Some(Some(false)),
        _ => None,
    }
}

/// Quote state of each token. A quote left open at the paragraph's end (the next paragraph goes
/// on with the quote) covers the rest of the paragraph; a closing mark with no opening one (the
/// quote began in an earlier paragraph) covers the paragraph's start.
fn quote_states(tokens: &[Token<'_>]) -> Vec<QuoteState> {
    let mut states = vec![QuoteState::Outside; tokens.len()];
    let mut open = false;
    let mut first_mark = true;
    for (idx, token) in tokens.iter().enumerate() {
        if let Some(direction) = quote_mark(token.text) {
            let opens = direction.unwrap_or(!open);
            if opens {
                open = true;
                states[idx] = QuoteState::Open;
            } else {
                if first_mark && !open {
                    for state in &mut states[..idx] {
                        *state = QuoteState::Inside;
                    }
                }
                open = false;
                states[idx] = QuoteState::Close;
            }
            first_mark = false;
        } else if open {
            states[idx] = QuoteState::Inside;
        }
    }
    states
}

/// Reporting verbs and phrases that mark attributions (all forms, lowercase).
const CUE_WORDS: &[&str] = &[
    "said",
    "say",
    "says",
    "saying",
    "told",
    "tell",
    "tells",
    "telling",
    "added",
    "add",
    "adds",
    "adding",
    "according",
    "wrote",
    "write",
    "writes",
    "writing",
    "asked",
    "ask",
    "asks",
    "asking",
    "stated",
    "states",
    "state",
    "reported",
    "reports",
    "report",
    "announced",
    "announce",
    "announces",
    "noted",
    "note",
    "notes",
    "noting",
    "argued",
    "argue",
    "argues",
    "arguing",
    "claimed",
    "claim",
    "claims",
    "claiming",
    "warned",
    "warn",
    "warns",
    "warning",
    "insisted",
    "insist",
    "insists",
    "explained",
    "explain",
    "explains",
    "suggested",
    "suggest",
    "suggests",
    "suggesting",
    "tweeted",
    "tweet",
    "tweets",
    "declared",
    "declare",
    "declares",
    "acknowledged",
    "acknowledge",
    "acknowledges",
    "admitted",
    "admit",
    "admits",
    "denied",
    "deny",
    "denies",
    "responded",
    "respond",
    "responds",
    "replied",
    "reply",
    "replies",
    "recalled",
    "recall",
    "recalls",
    "described",
    "describe",
    "describes",
    "called",
    "calls",
    "calling",
    "urged",
    "urge",
    "urges",
    "vowed",
    "vow",
    "vows",
    "promised",
    "promise",
    "promises",
    "pledged",
    "pledge",
    "believes",
    "believe",
    "believed",
    "thinks",
    "think",
    "thought",
    "feels",
    "felt",
    "fear",
    "fears",
    "feared",
    "hopes",
    "hope",
    "hoped",
    "expects",
    "expected",
    "estimated",
    "estimates",
    "confirmed",
    "confirm",
    "confirms",
    "revealed",
    "reveal",
    "reveals",
    "stressed",
    "stress",
    "stresses",
    "emphasized",
    "emphasised",
    "emphasizes",
    "emphasises",
    "accused",
    "accuse",
    "accuses",
    "criticized",
    "criticised",
    "criticizes",
    "condemned",
    "condemn",
    "condemns",
    "praised",
    "praise",
    "praises",
    "blamed",
    "blame",
    "blames",
    "cited",
    "cite",
    "cites",
    "citing",
    "quoted",
    "quoting",
    "wondered",
    "concluded",
    "conclude",
    "concludes",
    "found",
    "finds",
    "showed",
    "shows",
    "show",
    "indicated",
    "indicates",
    "mentioned",
    "mentions",
    "complained",
    "complains",
    "agreed",
    "agrees",
    "predicted",
    "predicts",
    "questioned",
    "questions",
    "alleged",
    "alleges",
    "alleging",
    "maintained",
    "maintains",
    "contended",
    "contends",
    "observed",
    "observes",
    "commented",
    "comments",
    "remarked",
    "remarks",
    "spoke",
    "speaks",
    "speaking",
    "talked",
    "talking",
    "announcing",
    "posted",
    "posts",
    "statement",
    "interview",
    "believing",
    "knows",
    "knew",
    "know",
    "wants",
    "wanted",
    "want",
    "sees",
    "saw",
    "see",
    "seemed",
    "seems",
];

fn is_cue_word(lower: &str) -> bool {
    CUE_WORDS.contains(&lower)
}

/// A distance in tokens, bucketed.
fn bucket(distance: usize) -> &'static str {
    match distance {
        0 => "0",
        1 => "1",
        2 => "2",
        3 => "3",
        4..=6 => "4-6",
        7..=10 => "7-10",
        11..=20 => "11-20",
        _ => "21+",
    }
}

/// Where the entity tags of a paragraph come from.
#[derive(Clone, Copy)]
enum Entities<'e> {
    /// Tag each sentence with the entity tagger.
    Tag(&'e NerModel),
    /// The paragraph's entity mentions are known already (spans in the paragraph).
    Known(&'e [(Span, EntityKind)]),
}

/// The BIO tag names of two kinds of entity tag.
fn entity_tag(kind: EntityKind, begin: bool) -> &'static str {
    let name = format!("{}-{}", if begin { "B" } else { "I" }, kind.as_str());
    NER_TAGS.iter().find(|tag| **tag == name).copied().unwrap_or("O")
}

/// The entity tag of each token (`B-PER`, `I-ORG`, `O`, ...): tagged sentence by sentence
/// (`sentences` of the paragraph), or from the mentions known.
fn token_entities(
    entities: Entities<'_>,
    sentences: &[Span],
    tokens: &[Token<'_>],
) -> Vec<&'static str> {
    let n = tokens.len();
    let mut entity = vec!["O"; n];
    match entities {
        Entities::Tag(ner) => {
            let mut cursor = 0;
            for sentence in sentences {
                let first = cursor;
                while cursor < n && tokens[cursor].span.start() < sentence.end() {
                    cursor += 1;
                }
                let words: Vec<&str> = tokens[first..cursor].iter().map(|t| t.text).collect();
                for (slot, tag) in entity[first..cursor].iter_mut().zip(ner.tag(&words)) {
                    *slot = NER_TAGS[tag];
                }
            }
        }
        Entities::Known(known) => {
            for &(span, kind) in known {
                let mut begin = true;
                for (slot, token) in entity.iter_mut().zip(tokens) {
                    if span.contains(token.span) {
                        *slot = entity_tag(kind, begin);
                        begin = false;
                    }
                }
            }
        }
    }
    entity
}

/// Hashed feature rows of every token of a paragraph (`entity`: each token's entity tag;
/// `sentences`: the paragraph's sentences).
fn paragraph_features(
    entity: &[&'static str],
    sentences: &[Span],
    tokens: &[Token<'_>],
    hash_bits: u32,
) -> Vec<Vec<u32>> {
    let n = tokens.len();
    let lower: Vec<String> = tokens.iter().map(|t| t.text.to_lowercase()).collect();
    let shapes: Vec<String> = tokens.iter().map(|t| shape(t.text)).collect();
    let quotes = quote_states(tokens);
    // Sentence of each token.
    let mut sentence_of = vec![0usize; n];
    let mut cursor = 0;
    for (number, sentence) in sentences.iter().enumerate() {
        while cursor < n && tokens[cursor].span.start() < sentence.end() {
            sentence_of[cursor] = number;
            cursor += 1;
        }
    }
    for slot in &mut sentence_of[cursor..] {
        *slot = sentences.len();
    }
    let cue: Vec<bool> = lower.iter().map(|w| is_cue_word(w)).collect();
    let n_sentences = sentences.len() + 1;
    let mut sentence_has_quote = vec![false; n_sentences];
    let mut sentence_has_cue = vec![false; n_sentences];
    let mut sentence_start = vec![usize::MAX; n_sentences];
    let mut sentence_end = vec![0usize; n_sentences];
    for idx in 0..n {
        let s = sentence_of[idx];
        sentence_has_quote[s] |= quotes[idx] != QuoteState::Outside;
        sentence_has_cue[s] |= cue[idx] && quotes[idx] == QuoteState::Outside;
        sentence_start[s] = sentence_start[s].min(idx);
        sentence_end[s] = idx + 1;
    }
    let word = |idx: isize| -> &str {
        if idx < 0 { "<s>" } else { lower.get(idx.unsigned_abs()).map_or("</s>", String::as_str) }
    };
    let mut out = Vec::with_capacity(n);
    for idx in 0..n {
        let i = idx as isize;
        let w = lower[idx].as_str();
        let s = sentence_of[idx];
        let q = state_name(quotes[idx]);
        let chars: Vec<char> = w.chars().collect();
        let suffix: String = chars[chars.len().saturating_sub(3)..].iter().collect();
        let mut feats = vec![
            "bias".to_owned(),
            format!("w={w}"),
            format!("sh={}", shapes[idx]),
            format!("suf={suffix}"),
            format!("w-1={}", word(i - 1)),
            format!("w+1={}", word(i + 1)),
            format!("w-2={}", word(i - 2)),
            format!("w+2={}", word(i + 2)),
            format!("w-1w={}|{w}", word(i - 1)),
            format!("ww+1={w}|{}", word(i + 1)),
            format!("ner={}", entity[idx]),
            format!(
                "ner-1={}|ner={}",
                entity.get(idx.wrapping_sub(1)).unwrap_or(&"<s>"),
                entity[idx]
            ),
            format!("ner+1={}", entity.get(idx + 1).unwrap_or(&"</s>")),
            format!("q={q}"),
            format!("q={q}|sh={}", shapes[idx]),
            format!("q-1={}|q={q}", idx.checked_sub(1).map_or("<s>", |p| state_name(quotes[p]))),
            format!("q+1={}|q={q}", quotes.get(idx + 1).map_or("</s>", |s| state_name(*s))),
            format!("cue={}|q={q}", cue[idx]),
            format!("sq={}|sc={}|q={q}", sentence_has_quote[s], sentence_has_cue[s]),
            format!("first={}", idx == sentence_start[s]),
            format!("last={}", idx + 1 == sentence_end[s]),
            format!("pos={}", bucket(idx - sentence_start[s].min(idx))),
            format!("left={}", bucket(sentence_end[s].saturating_sub(idx + 1))),
        ];
        // The nearest reporting word outside quotes on each side, in this sentence.
        let left =
            (sentence_start[s]..idx).rev().find(|&j| cue[j] && quotes[j] == QuoteState::Outside);
        let right =
            (idx + 1..sentence_end[s]).find(|&j| cue[j] && quotes[j] == QuoteState::Outside);
        match left {
            Some(j) => {
                feats.push(format!("cueL={}|{}", lower[j], bucket(idx - j)));
                feats.push(format!("cueL|{}|q={q}", bucket(idx - j)));
            }
            None => feats.push(format!("nocueL|q={q}")),
        }
        match right {
            Some(j) => {
                feats.push(format!("cueR={}|{}", lower[j], bucket(j - idx)));
                feats.push(format!("cueR|{}|q={q}|ner={}", bucket(j - idx), entity[idx]));
            }
            None => feats.push(format!("nocueR|q={q}")),
        }
        // The punctuation around the token: where an apposition or a clause ends.
        let is_mark = |j: usize| !lower[j].chars().any(char::is_alphanumeric);
        match (idx + 1..sentence_end[s]).find(|&j| is_mark(j)) {
            Some(j) => {
                let after = lower.get(j + 1).map_or("</s>", |w| {
                    if quotes.get(j + 1) == Some(&QuoteState::Open) { "<q>" } else { w.as_str() }
                });
                feats.push(format!("markR={}|{}", lower[j], bucket(j - idx)));
                feats.push(format!("markR={}|after={after}", lower[j]));
                feats.push(format!("markR={}|after={after}|q={q}", lower[j]));
            }
            None => feats.push("markR=none".to_owned()),
        }
        match (sentence_start[s]..idx).rev().find(|&j| is_mark(j)) {
            Some(j) => feats.push(format!("markL={}|{}|q={q}", lower[j], bucket(idx - j))),
            None => feats.push(format!("markL=none|q={q}")),
        }
        if let Some(j) = left {
            let commas = (j..idx).filter(|&k| lower[k] == ",").count();
            feats.push(format!("commasSinceCue={}|q={q}", commas.min(3)));
        }
        out.push(hash_features(&feats, hash_bits));
    }
    out
}

fn state_name(state: QuoteState) -> &'static str {
    match state {
        QuoteState::Outside => "out",
        QuoteState::Open => "open",
        QuoteState::Inside => "in",
        QuoteState::Close => "close",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str, part: &str) -> Span {
        let start = text.find(part).unwrap();
        Span::new(start, start + part.len()).unwrap()
    }

    #[test]
    fn a_clause_after_said_and_an_opening_according_to_are_contents() {
        let text = "Kell said members voted against it late on Wednesday.";
        let at = |part: &str| span(text, part);
        let mut segments = vec![
            (Role::Source, at("Kell")),
            (Role::Cue, at("said")),
            (Role::Cue, at("members voted")),
            (Role::Content, at("against it late")),
        ];
        reported_clauses_after_a_cue(text, &mut segments);
        assert_eq!(segments[2], (Role::Content, at("members voted against it late")));
        assert_eq!(segments.len(), 3);
        // A second verb ("said | warned") is a cue of its own.
        let text = "Kell said warned the board.";
        let mut segments = vec![
            (Role::Cue, span(text, "said")),
            (Role::Cue, span(text, "warned")),
            (Role::Content, span(text, "the board")),
        ];
        reported_clauses_after_a_cue(text, &mut segments);
        assert_eq!(segments[1].0, Role::Cue);

        let text = "According to the union, 91% of those voting rejected the deal.";
        let at = |part: &str| span(text, part);
        let mut segments = vec![
            (Role::Cue, at("According to")),
            (Role::Source, at("the union, 91% of those voting")),
            (Role::Cue, at("rejected")),
            (Role::Content, at("the deal")),
        ];
        according_to_sources_end_at_the_comma(text, &sentence_spans(text), &mut segments);
        assert_eq!(
            segments,
            vec![
                (Role::Cue, at("According to")),
                (Role::Source, at("the union")),
                (Role::Content, at("91% of those voting rejected the deal")),
            ]
        );
        // A closing "according to" keeps its source's apposition.
        let text = "The code spread, according to Rick Howard, director at Verisign.";
        let mut segments = vec![
            (Role::Content, span(text, "The code spread")),
            (Role::Cue, span(text, "according to")),
            (Role::Source, span(text, "Rick Howard, director at Verisign")),
        ];
        let before = segments.clone();
        according_to_sources_end_at_the_comma(text, &sentence_spans(text), &mut segments);
        assert_eq!(segments, before);
    }

    #[test]
    fn a_content_opens_at_that_after_the_time_of_the_telling() {
        let run = |text: &str, content: &str| {
            let mut segments = vec![(Role::Content, span(text, content))];
            contents_open_at_that(text, &mut segments);
            segments[0].1.slice(text).unwrap().to_owned()
        };
        let text = "Residents said in a poll earlier this month that they distrust the council.";
        assert_eq!(
            run(text, "this month that they distrust the council"),
            "that they distrust the council"
        );
        let text = "Police said Saturday that they offered a reward.";
        assert_eq!(run(text, "Saturday that they offered a reward"), "that they offered a reward");
        // A noun the clause describes stays.
        let text = "She recalled the day that he resigned.";
        assert_eq!(run(text, "the day that he resigned"), "the day that he resigned");
    }

    #[test]
    fn a_bare_telling_takes_the_clause_after_its_object() {
        let one = |text: &str, source: &str, cue: &str| {
            let segments = [(Role::Source, span(text, source)), (Role::Cue, span(text, cue))];
            let mut out = vec![Attribution {
                source: Some(span(text, source)),
                cue: Some(span(text, cue)),
                content: Vec::new(),
                kind: QuoteKind::Indirect,
            }];
            bare_cues_take_their_clause(text, &segments, &sentence_spans(text), &mut out);
            out[0]
                .content
                .iter()
                .map(|piece| piece.slice(text).unwrap().to_owned())
                .collect::<Vec<String>>()
        };
        let told = |text: &str| one(text, "Officials", "told");
        assert_eq!(told("Officials told reporters the pier was safe."), ["the pier was safe"]);
        assert_eq!(told("Officials told them that it was safe."), ["that it was safe"]);
        // Not after another object, a quotation, a capitalised word, or another verb.
        assert!(told("Officials told the board the pier was safe.").is_empty());
        assert!(told("Officials told reporters “the pier is safe”.").is_empty());
        assert!(told("Officials told reporters Brel was safe.").is_empty());
        assert!(one("Officials said reporters were safe.", "Officials", "said").is_empty());
    }

    #[test]
    fn sources_leave_the_day_of_the_telling() {
        let source_of = |text: &str, source: &str| {
            let mut segments = [(Role::Source, span(text, source))];
            sources_leave_their_time(text, &mut segments);
            segments[0].1.slice(text).unwrap().to_owned()
        };
        let text = "\"No,\" said Sen. Mara Quill, D-Ore., on Tuesday.";
        assert_eq!(
            source_of(text, "Sen. Mara Quill, D-Ore., on Tuesday"),
            "Sen. Mara Quill, D-Ore."
        );
        let text = "The Velmora Herald on Saturday said the pier was safe.";
        assert_eq!(source_of(text, "The Velmora Herald on Saturday"), "The Velmora Herald");
        assert_eq!(
            source_of("Dock officials today said so.", "Dock officials today"),
            "Dock officials"
        );
        // A day that belongs to the source's own words stays.
        for source in [
            "A Harbour Board poll released Friday",
            "a Harbour Board survey released on Tuesday",
            "Ines Kovar, who met the union on Tuesday",
            "A reporter for Velmora Today",
            "Voters at the Super Tuesday",
            "Voters who watched the Saturday debate",
        ] {
            let text = format!("{source} said the pier was safe.");
            assert_eq!(source_of(&text, source), source);
        }
    }

    #[test]
    fn a_content_keeps_the_phrase_closing_its_sentence() {
        assert!(is_a_closing_time(" on Monday."));
        assert!(is_a_closing_time(" late Tuesday night."));
        assert!(is_a_closing_time(" in recent months."));
        assert!(!is_a_closing_time(" in his eyes."));
        assert!(!is_a_closing_time(" on Monday, officials said."));
        assert!(!is_a_closing_time(" after a long and difficult week in court."));
        assert!(continues_the_clause(" from 25 on Monday"));
        assert!(!continues_the_clause(" from 25, officials said"));
        assert!(!continues_the_clause(" as divers searched the wreck"));
        let text = "Brel told them that the pier would reopen on Monday.";
        let content = span(text, "that the pier would reopen");
        let segments = [
            (Role::Source, span(text, "Brel")),
            (Role::Cue, span(text, "told")),
            (Role::Content, content),
        ];
        let mut out = vec![Attribution {
            source: Some(span(text, "Brel")),
            cue: Some(span(text, "told")),
            content: vec![content],
            kind: QuoteKind::Indirect,
        }];
        contents_keep_their_closing_phrase(text, &segments, &sentence_spans(text), &mut out);
        assert_eq!(out[0].content, vec![span(text, "that the pier would reopen on Monday")]);
    }

    #[test]
    fn a_content_runs_on_over_an_expectation_inside_it() {
        let text = "She said about 40,000 vehicles are expected to cross the bridge each day.";
        let attribution = |source: Option<&str>, cue: &str, content: &str| Attribution {
            source: source.map(|s| span(text, s)),
            cue: Some(span(text, cue)),
            content: vec![span(text, content)],
            kind: QuoteKind::Indirect,
        };
        let mut out = vec![
            attribution(Some("She"), "said", "about 40,000 vehicles"),
            attribution(None, "are expected", "to cross the bridge each day"),
        ];
        expectations_stay_in_the_content(text, &mut out);
        let whole = span(text, "about 40,000 vehicles are expected to cross the bridge each day");
        assert_eq!(out[0].content, vec![whole]);
        // The expectation stays an attribution of its own.
        assert_eq!(out[1].content, vec![span(text, "to cross the bridge each day")]);
        // Another cue ("are saying") or a comma between leaves the content as it is.
        for (text, cue, content) in [
            ("She said the ships, are expected to dock.", "are expected", "the ships"),
            ("She said the ships are saying to dock.", "are saying", "the ships"),
        ] {
            let mut out = vec![
                Attribution {
                    source: Some(span(text, "She")),
                    cue: Some(span(text, "said")),
                    content: vec![span(text, content)],
                    kind: QuoteKind::Indirect,
                },
                Attribution {
                    source: None,
                    cue: Some(span(text, cue)),
                    content: vec![span(text, "to dock")],
                    kind: QuoteKind::Indirect,
                },
            ];
            expectations_stay_in_the_content(text, &mut out);
            assert_eq!(out[0].content, vec![span(text, content)], "{text}");
        }
    }

    #[test]
    fn a_quoted_content_spanning_sentences_is_left_whole() {
        let paragraph =
            "“We will stay. We will rebuild,” she said. He said that it was over. “No.”";
        let sentences = sentence_spans(paragraph);
        let whole = |part: &str| {
            let start = paragraph.find(part).unwrap();
            Span::new(start, start + part.len()).unwrap()
        };
        let mut segments = vec![(Role::Content, whole("“We will stay. We will rebuild,”"))];
        contents_end_before_a_new_quotation(paragraph, &sentences, &mut segments);
        assert_eq!(segments, [(Role::Content, whole("“We will stay. We will rebuild,”"))]);
        let mut segments = vec![(Role::Content, whole("that it was over. “No.”"))];
        contents_end_before_a_new_quotation(paragraph, &sentences, &mut segments);
        assert_eq!(
            segments,
            [(Role::Content, whole("that it was over")), (Role::Content, whole("“No.”"))]
        );
        // A straight mark after a tokenised full stop closes the quotation it ends.
        let paragraph = "He called it \" a cold act . \" Then he left .";
        let sentences = sentence_spans(paragraph);
        let span = Span::new(13, paragraph.len()).unwrap();
        let mut segments = vec![(Role::Content, span)];
        contents_end_before_a_new_quotation(paragraph, &sentences, &mut segments);
        assert_eq!(segments, [(Role::Content, span)]);
    }

    #[test]
    fn a_relative_clause_s_verb_joins_a_cue_of_function_words() {
        let text = "Velm called his colleague Orn, who briefed him on “steady progress”.";
        let tokens = tokenize(text);
        let at = |part: &str| span(text, part);
        let mut segments = vec![
            (Role::Source, at("his colleague Orn, who briefed him")),
            (Role::Cue, at("on")),
            (Role::Content, at("“steady progress”")),
        ];
        relative_verbs_to_cues(text, &tokens, &mut segments);
        assert_eq!(segments[0], (Role::Source, at("his colleague Orn")));
        assert_eq!(segments[1], (Role::Cue, at("briefed him on")));
        // A cue with a reporting word of its own keeps its source whole.
        let text = "Ana Velm, who chairs the board, said “no”.";
        let tokens = tokenize(text);
        let source = span(text, "Ana Velm, who chairs the board,");
        let mut kept = vec![(Role::Source, source), (Role::Cue, span(text, "said"))];
        relative_verbs_to_cues(text, &tokens, &mut kept);
        assert_eq!(kept[0], (Role::Source, source));
    }

    #[test]
    fn a_broken_content_before_a_closing_source_is_mended() {
        let text = "A fire destroyed the hall on Tuesday, but volunteers saved the books, the \
                    fire service said.";
        let tokens = tokenize(text);
        let at = |part: &str| span(text, part);
        let mut segments = vec![
            (Role::Content, at("A fire destroyed the hall")),
            (Role::Content, at("the books")),
            (Role::Source, at("the fire service")),
            (Role::Cue, at("said")),
        ];
        trailing_sources_take_the_sentence(text, &tokens, &sentence_spans(text), &mut segments);
        let whole = at("A fire destroyed the hall on Tuesday, but volunteers saved the books");
        assert_eq!(segments[0], (Role::Content, whole));
        assert_eq!(segments.len(), 3, "{segments:?}");
        // One piece alone is left as the tagger read it.
        let mut one = vec![
            (Role::Content, at("volunteers saved the books")),
            (Role::Source, at("the fire service")),
            (Role::Cue, at("said")),
        ];
        let before = one.clone();
        trailing_sources_take_the_sentence(text, &tokens, &sentence_spans(text), &mut one);
        assert_eq!(one, before);
    }

    #[test]
    fn a_source_closing_its_sentence_reports_the_whole_sentence() {
        let run = |text: &str, segments: &mut Vec<(Role, Span)>| {
            let tokens = tokenize(text);
            trailing_sources_take_the_sentence(text, &tokens, &sentence_spans(text), segments);
        };
        // The inner attribution gives way; the quotation keeps its closing comma and mark.
        let text =
            "In the talks, Velm received word of Orn's “steady progress,” the ministry wrote.";
        let at = |part: &str| span(text, part);
        let mut segments = vec![
            (Role::Source, at("Velm")),
            (Role::Cue, at("received word of")),
            (Role::Content, at("Orn's “steady progress,”")),
            (Role::Source, at("the ministry")),
            (Role::Cue, at("wrote")),
        ];
        run(text, &mut segments);
        let whole = at("In the talks, Velm received word of Orn's “steady progress,”");
        assert_eq!(
            segments,
            vec![
                (Role::Content, whole),
                (Role::Source, at("the ministry")),
                (Role::Cue, at("wrote"))
            ]
        );
        // One content stopped short of the comma before the pair runs from the sentence's start.
        let text = "Wheat rose as a strike at the port, the largest, entered its second week, traders said.";
        let at = |part: &str| span(text, part);
        let mut segments = vec![
            (Role::Content, at("a strike at the port")),
            (Role::Source, at("traders")),
            (Role::Cue, at("said")),
        ];
        run(text, &mut segments);
        let whole = at("Wheat rose as a strike at the port, the largest, entered its second week");
        assert_eq!(segments[0], (Role::Content, whole));
        // Nothing tagged before a pair that closes its sentence with a time ("said on Monday").
        let text = "The pier will reopen, Brel said on Monday.";
        let at = |part: &str| span(text, part);
        let mut segments = vec![(Role::Source, at("Brel")), (Role::Cue, at("said"))];
        run(text, &mut segments);
        assert_eq!(segments[0], (Role::Content, at("The pier will reopen")));
        // Without a closing mark the comma is not the content's; a time clause the cue ran
        // into is cut from it.
        let text = "Velm backed the plan, a ministry statement confirmed after the vote.";
        let at = |part: &str| span(text, part);
        let mut segments = vec![
            (Role::Source, at("Velm")),
            (Role::Cue, at("backed")),
            (Role::Content, at("the plan")),
            (Role::Source, at("a ministry statement")),
            (Role::Cue, at("confirmed after")),
            (Role::Content, at("the vote")),
        ];
        run(text, &mut segments);
        assert_eq!(
            segments,
            vec![
                (Role::Content, at("Velm backed the plan")),
                (Role::Source, at("a ministry statement")),
                (Role::Cue, at("confirmed"))
            ]
        );
        // A source the tagger read without a cue of its own gives way too.
        let text = "Ilsa Orn, 59, had just parked her car, police said.";
        let at = |part: &str| span(text, part);
        let mut segments = vec![
            (Role::Source, at("Ilsa Orn")),
            (Role::Content, at("had just parked her car")),
            (Role::Source, at("police")),
            (Role::Cue, at("said")),
        ];
        run(text, &mut segments);
        assert_eq!(segments[0], (Role::Content, at("Ilsa Orn, 59, had just parked her car")));
        assert_eq!(segments.len(), 3);
        // Left alone: a pronoun repeating the inner source, a quotation introduced by the
        // inner cue, a participle clause, a quoted sentence with its own speaker, and a pair
        // with no inner cue before it.
        for (text, parts) in [
            (
                "Velm said she felt “the pier held,” she said.",
                [
                    (Role::Source, "Velm"),
                    (Role::Cue, "said"),
                    (Role::Content, "she felt “the pier held,”"),
                    (Role::Source, "she"),
                    (Role::Cue, "said"),
                ]
                .as_slice(),
            ),
            (
                "Velm scolded him: “The pier held,” the mayor said.",
                &[
                    (Role::Source, "Velm"),
                    (Role::Cue, "scolded"),
                    (Role::Content, "“The pier held,”"),
                    (Role::Source, "the mayor"),
                    (Role::Cue, "said"),
                ],
            ),
            (
                "“The pier held,” he said, referring to Orn.",
                &[
                    (Role::Content, "“The pier held,”"),
                    (Role::Source, "he"),
                    (Role::Cue, "said"),
                    (Role::Cue, "referring to"),
                    (Role::Source, "Orn"),
                ],
            ),
            (
                "“The pier held,” Velm said, according to the ministry.",
                &[
                    (Role::Content, "“The pier held,”"),
                    (Role::Source, "Velm"),
                    (Role::Cue, "said"),
                    (Role::Cue, "according to"),
                    (Role::Source, "the ministry"),
                ],
            ),
            (
                "The pier held, the mayor said.",
                &[
                    (Role::Content, "The pier held"),
                    (Role::Source, "the mayor"),
                    (Role::Cue, "said"),
                ],
            ),
        ] {
            let mut segments: Vec<(Role, Span)> =
                parts.iter().map(|&(role, part)| (role, span(text, part))).collect();
            let before = segments.clone();
            run(text, &mut segments);
            assert_eq!(segments, before, "{text}");
        }
    }

    #[test]
    fn capitalised_words_ending_a_content_go_to_the_source_right_after() {
        let text = "Velm blamed the storm in Orn, as Dunmere Mayor Ilo Brask said the pier held.";
        let tokens = tokenize(text);
        let at = |part: &str| span(text, part);
        let mut segments = vec![
            (Role::Source, at("Velm")),
            (Role::Cue, at("blamed")),
            (Role::Content, at("the storm in Orn, as Dunmere")),
            (Role::Source, at("Mayor Ilo Brask")),
            (Role::Cue, at("said")),
        ];
        names_to_the_source_after(&tokens, &mut segments);
        assert_eq!(segments[2], (Role::Content, at("the storm in Orn")));
        assert_eq!(segments[3], (Role::Source, at("Dunmere Mayor Ilo Brask")));
        // Not when the source does not follow the content at once.
        let mut apart = vec![(Role::Content, at("the storm in Orn")), (Role::Source, at("Mayor"))];
        names_to_the_source_after(&tokens, &mut apart);
        assert_eq!(apart[0], (Role::Content, at("the storm in Orn")));
    }

    #[test]
    fn quote_states_pair_marks_of_every_style() {
        for text in ["a “b c” d", "a \"b c\" d", "a «b c» d"] {
            let tokens = tokenize(text);
            let states = quote_states(&tokens);
            assert_eq!(
                states,
                [
                    QuoteState::Outside,
                    QuoteState::Open,
                    QuoteState::Inside,
                    QuoteState::Inside,
                    QuoteState::Close,
                    QuoteState::Outside
                ],
                "{text}"
            );
        }
        // A quote going on from the previous paragraph, and one going on into the next.
        let states = quote_states(&tokenize("b c,” she said. “d e"));
        assert_eq!(states[0], QuoteState::Inside);
        assert_eq!(states[3], QuoteState::Close);
        assert_eq!(states[4], QuoteState::Outside);
        assert_eq!(states[7], QuoteState::Open);
        assert_eq!(states[9], QuoteState::Inside);
    }

    #[test]
    fn segments_group_around_their_cue_and_kinds_follow_the_marks() {
        let text = "“We will not yield,” the minister said. Later, officials said talks had failed, \
                    and the envoy called it “a farce”.";
        let segments = vec![
            (Role::Content, span(text, "“We will not yield,”")),
            (Role::Source, span(text, "the minister")),
            (Role::Cue, span(text, "said. Later").start_len(4)),
            (Role::Source, span(text, "officials")),
            (Role::Cue, span(text, "said talks").start_len(4)),
            (Role::Content, span(text, "talks had failed")),
            (Role::Source, span(text, "the envoy")),
            (Role::Cue, span(text, "called")),
            (Role::Content, span(text, "it “a farce”")),
        ];
        let found = group(text, &segments, &[], &CueWordRates::default());
        assert_eq!(found.len(), 3);
        let slice = |span: Option<Span>| span.and_then(|s| s.slice(text)).unwrap_or_default();
        assert_eq!(slice(found[0].source), "the minister");
        assert_eq!(found[0].kind, QuoteKind::Direct);
        assert_eq!(slice(found[1].source), "officials");
        assert_eq!(found[1].kind, QuoteKind::Indirect);
        assert_eq!(slice(found[2].source), "the envoy");
        assert_eq!(slice(found[2].content.first().copied()), "it “a farce”");
        assert_eq!(found[2].kind, QuoteKind::Partial);
    }

    #[test]
    fn doubled_apostrophes_and_backticks_are_quotation_marks() {
        let model = AttributionModel::bundled().expect("bundled model");
        for text in [
            "''We will reopen the pier in March,'' said Mara Quill, the harbour master.",
            "``We will reopen the pier in March,'' said Mara Quill, the harbour master.",
        ] {
            let found = model.attributions_with_entities(text, &[]);
            let quote = found.iter().find(|a| !a.content.is_empty()).expect("a quote");
            // The content takes both characters of each mark, and reads as direct.
            let content = quote.content[0].slice(text).unwrap();
            assert_eq!(content.get(2..), Some("We will reopen the pier in March,''"), "{text}");
            assert_eq!(quote.kind, QuoteKind::Direct, "{text}");
        }
        // A span read in the straightened text widens over a whole mark.
        let text = "He said ''no'' twice.";
        let inner = Span::new(9, 13).unwrap(); // "no" and its straightened marks
        assert_eq!(over_double_marks(text, inner).slice(text), Some("''no''"));
    }

    #[test]
    fn the_model_file_round_trips_and_older_or_damaged_files_are_told() {
        let model = AttributionModel::bundled().expect("bundled model");
        assert!(model.cue_rates().len() > 1000, "the bundled model carries cue-word counts");
        let bytes = model.to_bytes();
        assert_eq!(AttributionModel::from_bytes(&bytes).expect("reads"), model);
        // A tagger's table alone, as written before the counts: read, and filters nothing.
        let older = AttributionModel::from_bytes(&model.weights.to_bytes(MAGIC)).expect("reads");
        assert!(older.cue_rates().is_empty());
        assert!(AttributionModel::from_bytes(&bytes[..bytes.len() / 2]).is_err());
        assert!(AttributionModel::from_bytes(b"not a model").is_err());
    }

    #[test]
    fn cues_that_never_report_in_training_anchor_no_unquoted_attribution() {
        // Training saw "canceled" and "imposed" often and never in a cue, "said" always in one.
        let train = |text: &str| RoleParagraph {
            text: text.to_owned(),
            roles: vec![(Role::Cue, span(text, "said"))],
        };
        let rates = CueWordRates::learn(&[
            train("He said they canceled and imposed it."),
            train("She said we canceled and imposed nothing."),
            train("They said you canceled and imposed a ban."),
            train("We said I canceled and imposed some."),
        ]);
        let text = "The mayor canceled talks with the union. The board imposed “a total ban” on \
                    rallies. The union said the talks had failed.";
        let segments = vec![
            (Role::Source, span(text, "The mayor")),
            (Role::Cue, span(text, "canceled")),
            (Role::Content, span(text, "talks with the union")),
            (Role::Source, span(text, "The board")),
            (Role::Cue, span(text, "imposed")),
            (Role::Content, span(text, "“a total ban”")),
            (Role::Source, span(text, "The union")),
            (Role::Cue, span(text, "said the talks").start_len(4)),
            (Role::Content, span(text, "the talks had failed")),
        ];
        let slice = |span: Option<Span>| span.and_then(|s| s.slice(text)).unwrap_or_default();
        let sources = |found: &[Attribution]| -> Vec<String> {
            found.iter().map(|a| slice(a.source).to_owned()).collect()
        };
        // Without counts every cue stands.
        let all = group(text, &segments, &[], &CueWordRates::default());
        assert_eq!(sources(&all), ["The mayor", "The board", "The union"]);
        // With them the unquoted "canceled" goes; quoted words keep "imposed".
        let kept = group(text, &segments, &[], &rates);
        assert_eq!(sources(&kept), ["The board", "The union"]);
    }

    #[test]
    fn contents_cut_after_that_run_on_to_the_next_segment_or_the_sentence_end() {
        let text = "She declined that offer. Velm also said that the pier will reopen in June, \
                    adding that crews are ready. The board said in a statement that Orn and Velm \
                    met, where “the two agreed”.";
        let segments = vec![
            (Role::Source, span(text, "She")),
            (Role::Cue, span(text, "declined")),
            (Role::Content, span(text, "that offer")),
            (Role::Source, span(text, "Velm also").start_len(4)),
            (Role::Cue, span(text, "also said")),
            (Role::Content, span(text, "that the").start_len(4)),
            (Role::Cue, span(text, "adding")),
            (Role::Content, span(text, "that crews are ready")),
            (Role::Source, span(text, "The board")),
            (Role::Cue, span(text, "said in a statement")),
            (Role::Content, span(text, "that Orn")),
            (Role::Content, span(text, "“the two agreed”")),
        ];
        let found = group(text, &segments, &[], &CueWordRates::default());
        let contents: Vec<Vec<&str>> = found
            .iter()
            .map(|a| a.content.iter().map(|piece| piece.slice(text).unwrap()).collect())
            .collect();
        assert_eq!(
            contents,
            [
                // A determiner and its noun are a whole content.
                vec!["that offer"],
                // Up to the next segment, its comma left out.
                vec!["that the pier will reopen in June"],
                vec!["that crews are ready"],
                // Up to the quotation, which it then joins.
                vec!["that Orn and Velm met, where “the two agreed”"],
            ]
        );
        // Cut after its subject, before its verb.
        let text = "The paper learned that the keeper is from Orn.";
        let segments = vec![
            (Role::Source, span(text, "The paper")),
            (Role::Cue, span(text, "learned")),
            (Role::Content, span(text, "that the keeper")),
        ];
        let found = group(text, &segments, &[], &CueWordRates::default());
        assert_eq!(found[0].content[0].slice(text), Some("that the keeper is from Orn"));
    }

    #[test]
    fn cut_coordinations_run_on_and_quotations_end_before_the_writer_s_clause() {
        let text = "Velm pointed to “good” ties between Orn and Dunmere in trade. The board \
                    issued a note stating: “We agree,” referencing the pact. Orn said “yes” \
                    and Velm nodded.";
        let segments = vec![
            (Role::Source, span(text, "Velm")),
            (Role::Cue, span(text, "pointed to")),
            (Role::Content, span(text, "“good” ties between Orn")),
            (Role::Source, span(text, "The board")),
            (Role::Cue, span(text, "issued a note stating:")),
            (Role::Content, span(text, "“We agree,” referencing the pact")),
            (Role::Source, span(text, "Orn said").start_len(3)),
            (Role::Cue, span(text, "said “yes”").start_len(4)),
            (Role::Content, span(text, "“yes”")),
        ];
        let found = group(text, &segments, &[], &CueWordRates::default());
        let contents: Vec<Vec<&str>> = found
            .iter()
            .map(|a| a.content.iter().map(|piece| piece.slice(text).unwrap()).collect())
            .collect();
        assert_eq!(
            contents,
            [
                vec!["“good” ties between Orn and Dunmere in trade"],
                vec!["“We agree,”"],
                // A content ending in a quotation mark is no name cut short.
                vec!["“yes”"],
            ]
        );
        assert_eq!(found[1].kind, QuoteKind::Direct);
    }

    #[test]
    fn quoted_fragments_are_partial() {
        let text = "Ilo Brask said the port would reopen, the ferries would run and fares would \
                    fall. Velm laid out “her plan” for the pier. The board said it would wait, \
                    officials said. The mayor said: “We will reopen.” Crews spoke, where “the \
                    pier is safe” they said. The council reaffirmed “its support for the pier,” \
                    including funds.";
        let segments = vec![
            (Role::Source, span(text, "Ilo Brask")),
            (Role::Cue, span(text, "said the port").start_len(4)),
            (Role::Content, span(text, "the port would reopen")),
            (Role::Source, span(text, "Velm")),
            (Role::Cue, span(text, "laid out")),
            (Role::Content, span(text, "“her plan”")),
            (Role::Source, span(text, "The board")),
            (Role::Cue, span(text, "said it").start_len(4)),
            (Role::Content, span(text, "it would wait")),
            (Role::Source, span(text, "officials")),
            (Role::Cue, span(text, "said. The").start_len(4)),
            (Role::Source, span(text, "The mayor")),
            (Role::Cue, span(text, "said:")),
            (Role::Content, span(text, "“We will reopen.”")),
            (Role::Source, span(text, "they")),
            (Role::Cue, Span::new(text.rfind("said").unwrap(), text.len() - 1).unwrap()),
            (Role::Content, span(text, "“the pier is safe”")),
            (Role::Source, span(text, "The council")),
            (Role::Cue, span(text, "reaffirmed")),
            (Role::Content, span(text, "“its support for the pier,”")),
        ];
        let found = group(text, &segments, &[], &CueWordRates::default());
        let slice = |span: Option<Span>| span.and_then(|s| s.slice(text)).unwrap_or_default();
        let contents: Vec<(&str, QuoteKind)> =
            found.iter().map(|a| (slice(a.content.first().copied()), a.kind)).collect();
        assert_eq!(
            contents,
            [
                ("the port would reopen", QuoteKind::Indirect),
                // A quotation closing on a word, the sentence running on, is a fragment.
                ("“her plan” for the pier", QuoteKind::Partial),
                ("it would wait", QuoteKind::Indirect),
                ("", QuoteKind::Indirect),
                ("“We will reopen.”", QuoteKind::Direct),
                // So is one opening after a word that is not the cue.
                ("“the pier is safe”", QuoteKind::Partial),
                // And one opening in lowercase right after its cue: the verb's object.
                ("“its support for the pier,”", QuoteKind::Partial),
            ]
        );
    }

    #[test]
    fn a_content_joins_the_cue_of_its_sentence_before_a_nearer_one_after_it() {
        let text = "Kovar told reporters on Sunday that the deal gives workers a raise. She \
            appeared on television.";
        let segments = vec![
            (Role::Source, span(text, "Kovar")),
            (Role::Cue, span(text, "told")),
            (Role::Content, span(text, "that the deal gives workers a raise")),
            (Role::Source, span(text, "She")),
            (Role::Cue, span(text, "appeared")),
        ];
        let found = group(text, &segments, &[], &CueWordRates::default());
        let slice = |span: Option<Span>| span.and_then(|s| s.slice(text)).unwrap_or_default();
        let told = found.iter().find(|a| slice(a.cue) == "told").unwrap();
        assert_eq!(told.content, [span(text, "that the deal gives workers a raise")]);
        assert!(found.iter().all(|a| slice(a.cue) != "appeared" || a.content.is_empty()));
        // A quotation whose cue follows in the next sentence still finds it.
        let text = "“We will not move. Not one inch.” She said it twice.";
        let segments = vec![
            (Role::Content, span(text, "“We will not move. Not one inch.”")),
            (Role::Source, span(text, "She")),
            (Role::Cue, span(text, "said")),
        ];
        let found = group(text, &segments, &[], &CueWordRates::default());
        assert_eq!(found[0].content, [span(text, "“We will not move. Not one inch.”")]);
    }

    #[test]
    fn a_content_piece_inside_the_source_is_dropped() {
        let text = "Brel, for his part, said the port would reopen.";
        let mut out = vec![Attribution {
            source: Some(span(text, "Brel, for his part,")),
            cue: Some(span(text, "said")),
            content: vec![span(text, "Brel"), span(text, "the port would reopen")],
            kind: QuoteKind::Indirect,
        }];
        contents_leave_the_source(&mut out);
        assert_eq!(out[0].content, [span(text, "the port would reopen")]);
    }

    #[test]
    fn a_second_cue_shares_the_source_named_before_it_in_its_sentence() {
        let text = "The mayor said the port would reopen, adding that “no jobs will go.” \
            Critics warned of delays.";
        let segments = vec![
            (Role::Source, span(text, "The mayor")),
            (Role::Cue, span(text, "said")),
            (Role::Content, span(text, "the port would reopen")),
            (Role::Cue, span(text, "adding")),
            (Role::Content, span(text, "that “no jobs will go.”")),
            (Role::Cue, span(text, "warned")),
            (Role::Content, span(text, "of delays")),
        ];
        let found = group(text, &segments, &[], &CueWordRates::default());
        let slice = |span: Option<Span>| span.and_then(|s| s.slice(text)).unwrap_or_default();
        let sources: Vec<&str> = found.iter().map(|a| slice(a.source)).collect();
        // "warned" is in the next sentence: the mayor's source does not reach it.
        assert_eq!(sources, ["The mayor", "The mayor", ""]);
        assert_eq!(found[1].kind, QuoteKind::Partial);
    }

    #[test]
    fn reporting_nouns_and_sourceless_cues_without_reporting_words_anchor_nothing() {
        let text = "Ilo Brask renewed calls for calm. Reports of unrest grew. Prices kept rising \
            in the port. The back-to-back calls highlight the risk. Ana Velm calls for peace. \
            The mayor's calls “were heard”.";
        let segments = vec![
            (Role::Source, span(text, "Ilo Brask renewed")),
            (Role::Cue, span(text, "calls for")),
            (Role::Content, span(text, "calm")),
            (Role::Cue, span(text, "Reports of")),
            (Role::Content, span(text, "unrest grew")),
            (Role::Cue, span(text, "rising")),
            (Role::Content, span(text, "in the port")),
            (Role::Source, span(text, "The back-to-back")),
            (Role::Cue, span(text, "calls highlight")),
            (Role::Content, span(text, "the risk")),
            (Role::Source, span(text, "Ana Velm")),
            (Role::Cue, span(text, "calls for peace").start_len(9)),
            (Role::Content, span(text, "peace")),
            (Role::Source, span(text, "The mayor's")),
            (Role::Cue, span(text, "calls “").start_len(5)),
            (Role::Content, span(text, "“were heard”")),
        ];
        let found = group(text, &segments, &[], &CueWordRates::default());
        let cues: Vec<&str> =
            found.iter().filter_map(|a| a.cue.and_then(|cue| cue.slice(text))).collect();
        // "Reports of" is a noun however it stands; "calls" after "renewed" or a hyphenated
        // modifier too, but not after a name; "rising" has neither source nor reporting word;
        // quoted words keep the noun cue of "The mayor's calls".
        assert_eq!(cues, ["calls for", "calls"]);
        assert!(has_cue_word("they kept saying so", Span::new(10, 16).expect("span")));
        assert!(!has_cue_word("issues related", Span::new(0, 14).expect("span")));
    }

    #[test]
    fn a_content_ends_before_the_conjunction_joining_the_next_clause() {
        let text = "Mara Velt said the fire began in the roof, and Oskar Benn said it spread.";
        let segments = vec![
            (Role::Source, span(text, "Mara Velt")),
            (Role::Cue, span(text, "said the").start_len(4)),
            (Role::Content, span(text, "the fire began in the roof, and")),
            (Role::Source, span(text, "Oskar Benn")),
            (Role::Cue, span(text, "said it").start_len(4)),
            (Role::Content, span(text, "it spread")),
        ];
        let found = group(text, &segments, &[], &CueWordRates::default());
        let contents: Vec<&str> =
            found.iter().flat_map(|a| &a.content).filter_map(|c| c.slice(text)).collect();
        assert_eq!(contents, ["the fire began in the roof", "it spread"]);
    }

    #[test]
    fn passives_and_coordinated_cues_are_read_for_their_subjects() {
        let text = "Storms blamed as Velmora pier gives way. The fishermen's union welcomed the \
            pontoon but said the board had ignored warnings.";
        let segments = vec![
            (Role::Source, span(text, "Storms")),
            (Role::Cue, span(text, "blamed")),
            (Role::Content, span(text, "as Velmora pier gives way")),
            (Role::Source, span(text, "The fishermen's union")),
            (Role::Cue, span(text, "welcomed")),
            (Role::Content, span(text, "the pontoon").start_len(3)),
            (Role::Source, span(text, "pontoon")),
            (Role::Cue, span(text, "said")),
            (Role::Content, span(text, "the board had ignored warnings")),
        ];
        let found = group(text, &segments, &[], &CueWordRates::default());
        let read: Vec<(Option<&str>, Option<&str>)> = found
            .iter()
            .map(|a| (a.source.and_then(|s| s.slice(text)), a.cue.and_then(|c| c.slice(text))))
            .collect();
        // "Storms blamed as" is a passive; "but said" is said by the union, and the stub "the"
        // that the false source "pontoon" cut off goes.
        assert_eq!(read, [(Some("The fishermen's union"), Some("said"))]);
        assert!(is_passive_participle(text, span(text, "blamed")));
        let active = "Officials blamed the storms.";
        assert!(!is_passive_participle(active, span(active, "blamed")));
    }

    #[test]
    fn conversations_and_time_clauses_are_no_reports() {
        let text = "Ilo Brask spoke separately with Ana Velm as part of the talks. Ana Velm spoke \
            with reporters about “a fair deal”. Ilo Brask talked about the harbour.";
        assert!(is_conversation_cue(text, span(text, "spoke separately with")));
        assert!(!is_conversation_cue(text, span(text, "talked about")));
        let to = "The Harbour News spoke to one man who says he heard a crash.";
        assert!(is_conversation_cue(to, span(to, "spoke to")));
        // A cue run into a time clause; "went after" attacks.
        let clause = "a statement confirmed after his call; she went after him";
        assert!(ends_in_a_time_clause(clause, span(clause, "confirmed after")));
        assert!(!ends_in_a_time_clause(clause, span(clause, "went after")));
        assert!(!ends_in_a_time_clause(clause, span(clause, "confirmed")));
        let segments = vec![
            (Role::Source, span(text, "Ilo Brask")),
            (Role::Cue, span(text, "spoke separately with")),
            (Role::Content, span(text, "Ana Velm as part of the talks")),
            (Role::Source, span(text, "Ana Velm spoke").start_len(8)),
            (Role::Cue, span(text, "spoke with reporters about")),
            (Role::Content, span(text, "“a fair deal”")),
            (Role::Cue, span(text, "talked about")),
            (Role::Content, span(text, "the harbour")),
        ];
        let found = group(text, &segments, &[], &CueWordRates::default());
        let cues: Vec<&str> =
            found.iter().filter_map(|a| a.cue.and_then(|cue| cue.slice(text))).collect();
        // Quoted words keep a conversation's cue.
        assert_eq!(cues, ["spoke with reporters about", "talked about"]);
    }

    #[test]
    fn function_word_and_hyphen_cues_anchor_nothing() {
        let text = "The Velmora Monitor, a Dunmere-based group, estimates that 40 died, as fears \
            of unrest grow. The agency: “Forty.” Ilo Brask, who met him, on the “steady progress”.";
        let segments = vec![
            (Role::Source, span(text, "The Velmora Monitor, a Dunmere-")),
            (Role::Cue, span(text, "based")),
            (Role::Cue, span(text, "estimates")),
            (Role::Content, span(text, "that 40 died")),
            (Role::Cue, span(text, "as fears").start_len(2)),
            (Role::Content, span(text, "fears of unrest grow")),
            (Role::Source, span(text, "The agency")),
            (Role::Cue, span(text, ":")),
            (Role::Content, span(text, "“Forty.”")),
            (Role::Source, span(text, "Ilo Brask, who met him")),
            (Role::Cue, span(text, "on the").start_len(2)),
            (Role::Content, span(text, "the “steady progress”")),
        ];
        let found = group(text, &segments, &[], &CueWordRates::default());
        let slice = |span: Option<Span>| span.and_then(|s| s.slice(text)).unwrap_or_default();
        let read: Vec<(&str, &str, Vec<&str>)> = found
            .iter()
            .map(|a| {
                let content = a.content.iter().map(|c| c.slice(text).unwrap_or_default());
                (slice(a.source), slice(a.cue), content.collect())
            })
            .collect();
        // "based" gives its word's tail and the appositive to its source, lends it to the real
        // cue of its sentence and goes; "as" goes with its
        // unquoted content; a colon alone is a cue; quoted words stay even after "on".
        assert_eq!(
            read,
            [
                ("The Velmora Monitor, a Dunmere-based group,", "estimates", vec!["that 40 died"]),
                ("The agency", ":", vec!["“Forty.”"]),
                ("Ilo Brask, who met him", "on", vec!["the “steady progress”"]),
            ]
        );
        assert!(is_junk_cue("said on Monday", Span::new(5, 7).expect("span")));
        assert!(!is_junk_cue("according to", Span::new(0, 12).expect("span")));
    }

    #[test]
    fn gold_tags_begin_each_segment() {
        let text = "Aro Venn said it rained .";
        let tokens = tokenize(text);
        let roles = vec![
            (Role::Source, span(text, "Aro Venn")),
            (Role::Cue, span(text, "said")),
            (Role::Content, span(text, "it rained")),
        ];
        let tags = gold_tags(&tokens, &roles);
        assert_eq!(tags, [1, 2, 3, 5, 6, 0]);
        assert_eq!(role_segments(&tokens, &tags), roles);
    }

    trait StartLen {
        fn start_len(self, len: usize) -> Span;
    }

    impl StartLen for Span {
        fn start_len(self, len: usize) -> Span {
            Span::new(self.start(), self.start() + len).unwrap()
        }
    }
}

#[cfg(test)]
mod object_source_tests {
    use super::*;

    /// Entity tags of `tokens`: the words of `names` are a person, a run of them one person.
    fn tagged(tokens: &[Token<'_>], names: &[&str]) -> Vec<&'static str> {
        let named = |t: &Token<'_>| names.iter().any(|n| n.split(' ').any(|w| w == t.text));
        tokens
            .iter()
            .enumerate()
            .map(|(idx, token)| match (named(token), idx.checked_sub(1).map(|p| &tokens[p])) {
                (true, Some(previous)) if named(previous) => "I-PER",
                (true, _) => "B-PER",
                _ => "O",
            })
            .collect()
    }

    /// The attributions after the rule, as (source, cue) texts; `names` are tagged people.
    fn moved(text: &str, names: &[&str], pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        let tokens = tokenize(text);
        let entity = tagged(&tokens, names);
        let at = |needle: &str| {
            let start = text.find(needle).expect("needle");
            Span::new(start, start + needle.len()).expect("span")
        };
        let mut out: Vec<Attribution> = pairs
            .iter()
            .map(|(source, cue)| Attribution {
                source: Some(at(source)),
                cue: Some(at(cue)),
                content: Vec::new(),
                kind: QuoteKind::Indirect,
            })
            .collect();
        object_sources_to_subjects(&tokens, &entity, &sentence_spans(text), &mut out);
        out.iter()
            .map(|a| {
                let slice =
                    |s: Option<Span>| s.and_then(|s| s.slice(text)).unwrap_or_default().to_owned();
                (slice(a.source), slice(a.cue))
            })
            .collect()
    }

    fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect()
    }

    #[test]
    fn an_object_before_a_participle_or_a_second_verb_gives_way_to_the_subject() {
        let text = "Ardanian President Tarin Volk held talks with Dunmere Mayor Mira Sand, \
                    outlining a plan.";
        assert_eq!(
            moved(text, &["Tarin Volk", "Mira Sand"], &[("Mira Sand", "outlining")]),
            owned(&[("Ardanian President Tarin Volk", "outlining")])
        );
        // Without a named subject, a short definite phrase before the verb is the subject; else
        // the source is unknown rather than the object.
        let text = "The Velmoran side reportedly briefed Volk on the unrest and accused foreign \
                    agents.";
        assert_eq!(
            moved(text, &["Volk"], &[("Volk", "accused")]),
            owned(&[("The Velmoran side", "accused")])
        );
        let text = "In a long call that night, officials briefed Volk on the unrest and accused \
                    foreign agents.";
        assert_eq!(moved(text, &["Volk"], &[("Volk", "accused")]), owned(&[("", "accused")]));
    }

    /// Sources given to source-less cues by [`adjacent_names_to_sources`]; `names` are tagged
    /// people or places.
    fn adjacent(text: &str, names: &[&str], cues: &[&str]) -> Vec<String> {
        let tokens = tokenize(text);
        let entity = tagged(&tokens, names);
        let mut out: Vec<Attribution> = cues
            .iter()
            .map(|cue| {
                let start = text.find(cue).expect("cue");
                Attribution {
                    source: None,
                    cue: Span::new(start, start + cue.len()),
                    content: Vec::new(),
                    kind: QuoteKind::Indirect,
                }
            })
            .collect();
        adjacent_names_to_sources(text, &sentence_spans(text), &tokens, &entity, &mut out);
        out.iter()
            .map(|a| a.source.and_then(|s| s.slice(text)).unwrap_or_default().to_owned())
            .collect()
    }

    #[test]
    fn a_name_right_before_a_sourceless_cue_is_its_source() {
        let names = ["Tarin Volk", "Dunmere", "Velmora"];
        assert_eq!(
            adjacent("President Tarin Volk has pledged support.", &names, &["has pledged"]),
            ["President Tarin Volk"]
        );
        assert_eq!(
            adjacent("Talks stalled, with Dunmere warning of strikes.", &names, &["warning"]),
            ["Dunmere"]
        );
        // Not the end of a longer phrase, not a cue without a reporting word.
        assert_eq!(adjacent("A spokesman for Velmora said no.", &names, &["said"]), [""]);
        assert_eq!(adjacent("Tarin Volk won the vote.", &names, &["won"]), [""]);
        // A name opening the sentence, with its appositive up to the comma before the cue.
        assert_eq!(
            adjacent(
                "Velmora, Ardun's old ally, has condemned the raid.",
                &names,
                &["has condemned"]
            ),
            ["Velmora, Ardun's old ally,"]
        );
        // Not when the name is not the sentence's first word, or a report comes between.
        assert_eq!(
            adjacent("Yes. Later Velmora, an ally, has condemned it.", &names, &["has condemned"]),
            [""]
        );
        assert_eq!(
            adjacent("Velmora, its envoy said, has condemned it.", &names, &["has condemned"]),
            [""]
        );
        // A short definite phrase opening the sentence right before the cue; not before a
        // passive.
        assert_eq!(
            adjacent("The harbour board estimated the cost at 2 million.", &names, &["estimated"]),
            ["The harbour board"]
        );
        assert_eq!(adjacent("The talks are expected to resume.", &names, &["are expected"]), [""]);
    }

    #[test]
    fn subjects_direct_objects_after_other_words_and_according_to_stay() {
        let names = ["Tarin Volk", "Mira Sand"];
        for (text, source, cue) in [
            // The source is the subject already.
            ("Tarin Volk met Mira Sand, saying talks went well.", "Tarin Volk", "saying"),
            // "according to" names the source.
            ("The plan failed, according to Mira Sand, adding costs.", "Mira Sand", "adding"),
            // A cue that is neither a participle after a comma nor a second verb.
            ("Tarin Volk spoke with Mira Sand, who said no.", "Mira Sand", "said"),
        ] {
            assert_eq!(moved(text, &names, &[(source, cue)]), owned(&[(source, cue)]), "{text}");
        }
    }
}

#[cfg(test)]
mod bundled_model_tests {
    use super::*;

    fn models() -> (AttributionModel, NerModel) {
        (AttributionModel::bundled().unwrap(), NerModel::bundled().unwrap())
    }

    fn read(found: &Attribution, text: &str) -> (String, String, String, QuoteKind) {
        let slice =
            |span: Option<Span>| span.and_then(|s| s.slice(text)).unwrap_or_default().to_owned();
        (slice(found.source), slice(found.cue), slice(found.content.first().copied()), found.kind)
    }

    #[test]
    fn reads_a_direct_quote_with_its_speaker() {
        let (model, ner) = models();
        let text =
            "“We will not accept this interference,” Foreign Minister Tarin Volk said on Monday.";
        let found = model.attributions(&ner, text);
        assert_eq!(found.len(), 1, "{found:?}");
        let (source, cue, content, kind) = read(&found[0], text);
        assert_eq!(source, "Foreign Minister Tarin Volk");
        assert!(cue.starts_with("said"), "{cue}");
        assert!(content.contains("We will not accept"), "{content}");
        assert_eq!(kind, QuoteKind::Direct);
    }

    #[test]
    fn a_plain_clause_before_a_closing_source_is_its_content() {
        let (model, ner) = models();
        let text = "Dockworkers ended their strike on Thursday after nine days, union leader Ines \
                    Kovar said.";
        let found: Vec<_> = model.attributions(&ner, text).iter().map(|a| read(a, text)).collect();
        assert_eq!(found.len(), 1, "{found:?}");
        let (source, cue, content, _) = &found[0];
        assert_eq!(
            (source.as_str(), cue.as_str(), content.as_str()),
            (
                "union leader Ines Kovar",
                "said",
                "Dockworkers ended their strike on Thursday after nine days"
            )
        );
        // The end of a quotation opened in an earlier sentence is not a content of its own,
        // and a pair that does not close its sentence reports nothing before it.
        for text in [
            "“The port is open. We finished it,” Kovar said.",
            "During her tour of the pier, Kovar paused to make a remark.",
        ] {
            let found: Vec<_> =
                model.attributions(&ner, text).iter().map(|a| read(a, text)).collect();
            assert!(
                found.iter().all(|(_, _, content, _)| !content.starts_with("We finished")
                    && !content.starts_with("During")),
                "{found:?}"
            );
        }
    }

    #[test]
    fn a_writer_s_clause_after_a_closing_report_is_no_content() {
        let (model, ner) = models();
        for (text, source, content) in [
            (
                "The sinking on Sunday may have killed hundreds, local fishermen warned, as the \
                 government struggled to explain how the vessel was allowed to sail.",
                "local fishermen",
                "The sinking on Sunday may have killed hundreds",
            ),
            (
                "The death toll from the sinking has risen to 41, officials said on Monday, as \
                 divers searched the wreck for the missing.",
                "officials",
                "The death toll from the sinking has risen to 41",
            ),
        ] {
            let found = model.attributions(&ner, text);
            assert_eq!(found.len(), 1, "{found:?}");
            let slice = |span: Option<Span>| span.and_then(|s| s.slice(text)).unwrap_or_default();
            let contents: Vec<&str> =
                found[0].content.iter().filter_map(|piece| piece.slice(text)).collect();
            assert_eq!((slice(found[0].source), contents), (source, vec![content]));
        }
    }

    #[test]
    fn reported_speech_ends_before_the_next_sentences_quotation() {
        let (model, ner) = models();
        let text = "Harbour master Rena Voss said on Thursday that the inquiry would continue. \
                    \"We will follow the evidence wherever it leads,\" Voss told reporters.";
        let found: Vec<_> = model.attributions(&ner, text).iter().map(|a| read(a, text)).collect();
        let contents: Vec<(&str, &str)> =
            found.iter().map(|(_, cue, content, _)| (cue.as_str(), content.as_str())).collect();
        assert_eq!(
            contents,
            [
                ("said", "that the inquiry would continue"),
                ("told", "\"We will follow the evidence wherever it leads,\"")
            ]
        );
    }

    #[test]
    fn a_person_named_after_a_closing_cue_is_its_source() {
        let (model, ner) = models();
        let text = "The death toll could rise to as many as 100, warned Dr. Ines Kovar, head of the \
                    regional hospital. Velmora, a port of the south coast, welcomed Oskar Benn.";
        let found: Vec<_> = model.attributions(&ner, text).iter().map(|a| read(a, text)).collect();
        assert_eq!(
            found[0],
            (
                "Dr. Ines Kovar, head of the regional hospital".to_owned(),
                "warned".to_owned(),
                "The death toll could rise to as many as 100".to_owned(),
                QuoteKind::Indirect
            )
        );
        // A subject before the comma and a verb's object after it: no attribution of Benn's.
        assert!(found.iter().all(|(source, ..)| !source.contains("Benn")), "{found:?}");
    }

    #[test]
    fn reads_indirect_speech() {
        let (model, ner) = models();
        let text = "The mayor of Dunmere said that the bridge would reopen next week.";
        let found = model.attributions(&ner, text);
        assert_eq!(found.len(), 1, "{found:?}");
        let (source, cue, content, kind) = read(&found[0], text);
        assert_eq!(source, "The mayor of Dunmere");
        assert_eq!(cue, "said");
        assert!(content.contains("the bridge would reopen"), "{content}");
        assert_eq!(kind, QuoteKind::Indirect);
    }

    #[test]
    fn known_entity_mentions_read_like_tagging_them() {
        let (model, ner) = models();
        let text = "“The talks were useful,” said Ardanian envoy Tarin Volk. Mira Sand, the \
                    council's chair, said in Dunmere that the vote would wait.";
        let entities: Vec<(Span, EntityKind)> = crate::find_entities(&ner, text)
            .into_iter()
            .map(|mention| (mention.span, mention.kind))
            .collect();
        assert!(!entities.is_empty());
        let tagged = model.attributions(&ner, text);
        assert_eq!(model.attributions_with_entities(text, &entities), tagged);
        assert_eq!(tagged.len(), 2, "{tagged:?}");
    }

    fn sources(text: &str) -> Vec<String> {
        let (model, ner) = models();
        model
            .segments(&ner, text)
            .into_iter()
            .filter(|(role, _)| *role == Role::Source)
            .filter_map(|(_, span)| span.slice(text).map(str::to_owned))
            .collect()
    }

    #[test]
    fn signed_quotations_read_by_rule() {
        let (model, ner) = models();
        let text =
            "“The ferries must run again.” ― Edwin G. Marrow “We waited for hours.” ― Ana Velm.";
        let found = model.attributions(&ner, text);
        let read: Vec<(String, String, String, QuoteKind)> =
            found.iter().map(|a| read(a, text)).collect();
        assert_eq!(
            read,
            [
                (
                    "Edwin G. Marrow".to_owned(),
                    "―".to_owned(),
                    "“The ferries must run again.”".to_owned(),
                    QuoteKind::Direct
                ),
                (
                    "Ana Velm".to_owned(),
                    "―".to_owned(),
                    "“We waited for hours.”".to_owned(),
                    QuoteKind::Direct
                ),
            ]
        );
        // A dash that a sentence goes on after is no signature.
        let plain = "“We waited,” — and then the harbour master said nothing.";
        assert!(!sources(plain).iter().any(|s| s.starts_with("and")));
    }

    #[test]
    fn source_spans_follow_the_annotation_conventions() {
        // A comma that only closes the name goes; one that closes an appositive stays.
        assert_eq!(
            sources("“The pier is closed,” said Marrow, speaking of the storm damage."),
            ["Marrow"]
        );
        assert_eq!(
            sources("Ana Velm, a harbour engineer, said the pier would stay closed until May."),
            ["Ana Velm, a harbour engineer,"]
        );
        // A relative clause after the cue is the source's to the sentence's end.
        assert_eq!(
            sources(
                "“These are strange days,” said Ola Brenn, a lawyer for the Ferry Union, who has \
                 been challenging the harbour board over safety for years."
            ),
            ["Ola Brenn, a lawyer for the Ferry Union, who has been challenging the harbour \
                 board over safety for years"]
        );
    }

    #[test]
    fn trailing_adverbs_and_asides_leave_the_source() {
        let text = "Velm further said, and Ola Brenn, for her part, said";
        let tokens = tokenize(text);
        // "Velm further" → "Velm"; a lone adverb stays (it is all the tagger gave).
        assert_eq!(source_span(&tokens, 0, 2).and_then(|s| s.slice(text)), Some("Velm"));
        assert_eq!(source_span(&tokens, 1, 2).and_then(|s| s.slice(text)), Some("further"));
        // "Ola Brenn, for her part," → "Ola Brenn".
        assert_eq!(source_span(&tokens, 5, 12).and_then(|s| s.slice(text)), Some("Ola Brenn"));
        // A preposition the tagger ran into goes too.
        let text = "Ola Brenn amid the storm";
        let tokens = tokenize(text);
        assert_eq!(source_span(&tokens, 0, 3).and_then(|s| s.slice(text)), Some("Ola Brenn"));
    }

    #[test]
    fn speech_nouns_join_the_source_before_them() {
        let text = "A harbour board statement on Friday noted the damage.";
        let tokens = tokenize(text);
        let at = |part: &str| {
            let start = text.find(part).unwrap();
            Span::new(start, start + part.len()).unwrap()
        };
        let mut segments = vec![
            (Role::Source, at("A harbour board")),
            (Role::Cue, at("statement on Friday noted")),
            (Role::Content, at("the damage")),
        ];
        speech_nouns_to_sources(&tokens, &mut segments);
        assert_eq!(segments[0], (Role::Source, at("A harbour board statement")));
        assert_eq!(segments[1], (Role::Cue, at("noted")));
        // A cue that is the noun alone, or a noun not next to the source, is left.
        let mut alone = vec![(Role::Source, at("A harbour board")), (Role::Cue, at("statement"))];
        speech_nouns_to_sources(&tokens, &mut alone);
        assert_eq!(alone[1], (Role::Cue, at("statement")));
        let mut apart = vec![(Role::Source, at("A harbour")), (Role::Cue, at("statement on"))];
        speech_nouns_to_sources(&tokens, &mut apart);
        assert_eq!(apart[0], (Role::Source, at("A harbour")));
    }

    #[test]
    fn contracted_pronoun_sources_lose_the_verb() {
        let tokens = tokenize("He’s claiming that fraud is “a big problem.”");
        assert_eq!(source_span(&tokens, 0, 1).and_then(|s| s.slice("He’s claiming")), Some("He"));
        let tokens = tokenize("Trump’s claim that");
        assert_eq!(
            source_span(&tokens, 0, 1).and_then(|s| s.slice("Trump’s claim that")),
            Some("Trump’s")
        );
    }
}
