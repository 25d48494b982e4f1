//! The comparison views of a story, built on `parallax-compare`: which claims the origins share,
//! how the figures of each measure relate, and which quotes several outlets report (with word
//! diffs).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use parallax_compare::{
    Agreement, Claim, ClaimConfig, FigureValue, OutletText, QuoteView, Relation, SentenceView,
    SummaryConfig, agreement, align_claims, compare_figures, framing_terms, outlet_names,
    quote_groups, story_agents, summarize, word_diff,
};
use parallax_model::{
    CleanDocument, Date, DocId, EntityKind, OriginId, RawDocument, Span, is_comparable_measure,
};

use crate::build::{ArticleInput, EntityIndex, SentenceVectors, is_unresolved_pronoun, name_key};
use crate::schema::v1::{
    ClaimDto, DateDto, DiffPieceDto, FigureDto, FigureGroupDto, FigurePairDto, FramingTermDto,
    LoadedTermDto, MentionDto, NameDto, OutletFramingDto, QuoteDto, QuoteGroupDto, QuoteMemberDto,
    SummaryConflictDto, SummaryDto, SummarySentenceDto, TimelineEntryDto, TimelineEventDto,
    VoiceDto,
};

/// Each article's kept paragraphs: the article's index, the paragraph's raw span and its text.
fn paragraphs<'a>(articles: &[ArticleInput<'a>]) -> Vec<(usize, Span, &'a str)> {
    let mut out = Vec::new();
    for (doc, input) in articles.iter().enumerate() {
        let raw: &'a str = &input.raw.text;
        for paragraph in &input.cleaned.paragraphs {
            if let Some(text) = paragraph.slice(raw) {
                out.push((doc, *paragraph, text));
            }
        }
    }
    out
}

/// The sentences of one document's kept paragraphs, each with its raw span (a sentence opening
/// with the dateline without it), as claims read them.
pub(crate) fn article_sentences<'a>(
    raw: &'a RawDocument,
    cleaned: &CleanDocument,
) -> Vec<(&'a str, Span)> {
    let dateline = cleaned.dateline_prefix(raw);
    let mut out = Vec::new();
    for paragraph in &cleaned.paragraphs {
        let Some(text) = paragraph.slice(&raw.text) else { continue };
        for sentence in parallax_text::sentence_spans(text) {
            let sentence = after_dateline(text, *paragraph, sentence, dateline);
            if let (Some(words), Some(span)) = (sentence.slice(text), in_raw(*paragraph, sentence))
            {
                out.push((words, span));
            }
        }
    }
    out
}

/// The word diff of `a` against `b` (`parallax_compare::word_diff`) as report pieces.
pub(crate) fn diff_pieces(a: &str, b: &str) -> Vec<DiffPieceDto> {
    word_diff(a, b)
        .into_iter()
        .map(|piece| DiffPieceDto { kind: piece.kind.as_str().to_owned(), text: piece.text })
        .collect()
}

/// A span of a paragraph's text moved to the raw document.
fn in_raw(paragraph: Span, inner: Span) -> Option<Span> {
    let start = paragraph.start() + inner.start();
    Span::new(start, start + inner.len())
}

/// A sentence that opens with the article's dateline ("ERBIL, Kurdistan Region of Iraq – Russian
/// President …") without it and the dash or colon after it: the place is where the article was
/// filed, not part of what it reports. Other sentences are returned as they are.
fn after_dateline(text: &str, paragraph: Span, sentence: Span, prefix: Option<Span>) -> Span {
    let Some(prefix) = prefix else { return sentence };
    let Some(raw) = in_raw(paragraph, sentence) else { return sentence };
    if prefix.start() != raw.start() || prefix.end() >= raw.end() {
        return sentence;
    }
    let start = sentence.start() + (prefix.end() - raw.start());
    // Only when a sentence of its own follows: "ERBIL." alone stays.
    let body = text.get(start..sentence.end()).unwrap_or_default();
    if body.split_whitespace().count() < 3 {
        return sentence;
    }
    Span::new(start, sentence.end()).unwrap_or(sentence)
}

/// The position of `item` in `list`, appended when it is new.
fn index_in<T: PartialEq>(list: &mut Vec<T>, item: T) -> usize {
    list.iter().position(|known| *known == item).unwrap_or_else(|| {
        list.push(item);
        list.len() - 1
    })
}

/// The articles' positions by document id, built once per story.
struct DocIndex<'a>(HashMap<&'a str, usize>);

impl<'a> DocIndex<'a> {
    fn new(articles: &[ArticleInput<'a>]) -> Self {
        let mut index = HashMap::new();
        for (at, article) in articles.iter().enumerate() {
            index.entry(article.raw.id.as_str()).or_insert(at);
        }
        Self(index)
    }

    /// The article's position, if the story has it.
    fn of(&self, doc_id: &str) -> Option<usize> {
        self.0.get(doc_id).copied()
    }
}

/// The words of a text inside quotation marks (straight, curly, guillemets, ``…'' or ''…''),
/// pieces joined by spaces.
fn quoted_words(text: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for ch in parallax_text::straight_quotes(text).chars() {
        match ch {
            '“' | '«' | '„' => inside = true,
            '”' | '»' => inside = false,
            '"' => inside = !inside,
            _ if inside => out.push(ch),
            _ => {}
        }
        if !inside && !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    out
}

/// Relates the figures inside each group: every pair from different articles, and the group's
/// agreement. A bare counted noun (not `is_comparable_measure`: "40 houses", "six miles") whose
/// figures do not all agree is `not-compared`, without pairs: two sentences counting houses may
/// count different houses, while the same number in several articles is still `compatible`.
pub(crate) fn relate_figures(groups: &mut [FigureGroupDto]) {
    for group in groups {
        let mut docs: Vec<&str> = Vec::new();
        let values: Vec<FigureValue> = group
            .figures
            .iter()
            .map(|figure| FigureValue {
                doc: index_in(&mut docs, figure.doc_id.as_str()),
                low: figure.low,
                high: figure.high,
                low_open: figure.qualifier == "more-than",
                high_open: figure.qualifier == "less-than",
                as_of: figure.as_of.as_deref().and_then(Date::parse_iso),
            })
            .collect();
        let pairs = compare_figures(&values);
        let comparable = is_comparable_measure(group.measure.as_deref());
        if !comparable && pairs.iter().any(|pair| pair.relation != Relation::Compatible) {
            group.agreement = Agreement::NotCompared.as_str().to_owned();
            group.pairs.clear();
            continue;
        }
        group.agreement = agreement(&pairs).as_str().to_owned();
        group.pairs = pairs
            .into_iter()
            .map(|pair| FigurePairDto {
                a: pair.a,
                b: pair.b,
                relation: pair.relation.as_str().to_owned(),
            })
            .collect();
    }
}

/// The organisations each entity speaks for, from the story's titles ("Foreign Ministry
/// spokeswoman Maria Zakharova" speaks for the Foreign Ministry), as voice keys.
fn organisations(
    articles: &[ArticleInput<'_>],
    index: &EntityIndex<'_>,
) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for input in articles {
        for role in input.roles {
            let (Some(person), Some(organisation)) = (&role.person, &role.organisation) else {
                continue;
            };
            if let Some(entity) = index.at(&role.doc_id, person) {
                out.entry(entity.name.clone()).or_default().insert(name_key(organisation));
            }
        }
    }
    out
}

/// Groups the quotes of one voice that two or more articles report, each diffed word by word
/// against the group's first quote.
pub(crate) fn group_quotes(
    quotes: &[QuoteDto],
    entities: &EntityIndex<'_>,
    articles: &[ArticleInput<'_>],
) -> Vec<QuoteGroupDto> {
    let speaks_for = organisations(articles, entities);
    let texts: Vec<String> = quotes
        .iter()
        .map(|q| q.content.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join(" … "))
        .collect();
    let quoted: Vec<String> = texts.iter().map(|text| quoted_words(text)).collect();
    let docs = DocIndex::new(articles);
    let views: Vec<QuoteView<'_>> = quotes
        .iter()
        .zip(texts.iter().zip(&quoted))
        .map(|(quote, (text, quoted))| {
            let mut speakers = Vec::new();
            if let Some(speaker) = &quote.speaker {
                let key = name_key(speaker);
                // Pronouns are not voices: "he" in one outlet and "he" in another need not be
                // one person.
                if (quote.speaker_resolved || !is_unresolved_pronoun(speaker)) && !key.is_empty() {
                    speakers.push(key);
                }
                if quote.speaker_resolved {
                    speakers.extend(speaks_for.get(speaker).into_iter().flatten().cloned());
                }
            }
            let doc = docs.of(&quote.doc_id).unwrap_or(usize::MAX);
            QuoteView { doc, speakers, text, quoted }
        })
        .collect();
    let outlet = |m: usize| {
        articles
            .get(views[m].doc)
            .map_or_else(|| "unknown".to_owned(), |a| a.cleaned.outlet.name.clone())
    };
    quote_groups(&views)
        .into_iter()
        .filter(|group| group.members.iter().all(|&m| !texts[m].is_empty()))
        .map(|group| {
            let first = &texts[group.members[0]];
            let mut members = group.members.clone();
            members.sort_by_key(|&m| !quotes[m].speaker_resolved);
            let mut speakers: Vec<String> = Vec::new();
            for speaker in members.iter().filter_map(|&m| quotes[m].speaker.clone()) {
                if !speakers.contains(&speaker) {
                    speakers.push(speaker);
                }
            }
            let docs: BTreeSet<usize> = group.members.iter().map(|&m| views[m].doc).collect();
            QuoteGroupDto {
                speakers,
                same_words: group.same_words,
                n_articles: docs.len(),
                members: group
                    .members
                    .iter()
                    .enumerate()
                    .map(|(position, &m)| QuoteMemberDto {
                        quote: m,
                        doc_id: quotes[m].doc_id.clone(),
                        outlet: outlet(m),
                        text: texts[m].clone(),
                        diff: if position == 0 {
                            Vec::new()
                        } else {
                            diff_pieces(first, &texts[m])
                        },
                    })
                    .collect(),
            }
        })
        .collect()
}

/// Every sentence of the story's kept paragraphs as a comparison view, with its article and raw
/// span, its position in its article, and its vector when the story has them; and the number of
/// origins.
pub(crate) struct Sentences<'a> {
    views: Vec<SentenceView<'a>>,
    spans: Vec<(usize, Span)>,
    positions: Vec<usize>,
    n_origins: usize,
    /// One vector per sentence, and the name of what made them.
    vectors: Option<(Vec<Vec<f32>>, String)>,
    /// Who acts in each sentence (`parallax_compare::story_agents`).
    agents: Vec<Vec<&'a str>>,
}

impl Sentences<'_> {
    /// The comparison views, with their vectors when there are some.
    fn views(&self) -> Vec<SentenceView<'_>> {
        self.views
            .iter()
            .enumerate()
            .map(|(idx, view)| SentenceView {
                vector: self.vectors.as_ref().map(|(vectors, _)| vectors[idx].as_slice()),
                agents: &self.agents[idx],
                ..*view
            })
            .collect()
    }

    /// How claims are aligned: `words`, or `words + <name> sentence vectors`.
    pub(crate) fn alignment(&self) -> String {
        match &self.vectors {
            Some((_, name)) => format!("words + {name} sentence vectors"),
            None => "words".to_owned(),
        }
    }
}

/// Every kept sentence of the story's articles, in article order, with who acts in each
/// (`index` resolves a sentence's opening "He" or "She" to the person the story says it is).
pub(crate) fn sentences<'a>(
    articles: &[ArticleInput<'a>],
    encoder: Option<&dyn SentenceVectors>,
    index: &EntityIndex<'_>,
) -> Sentences<'a> {
    // An article without an origin is an origin of its own.
    let mut origin_ids: Vec<Option<&OriginId>> = Vec::new();
    let origin_of: Vec<usize> = articles
        .iter()
        .map(|input| match input.origin_id {
            Some(id) => index_in(&mut origin_ids, Some(id)),
            None => {
                origin_ids.push(None);
                origin_ids.len() - 1
            }
        })
        .collect();
    let mut out = Sentences {
        views: Vec::new(),
        spans: Vec::new(),
        positions: Vec::new(),
        n_origins: 0,
        vectors: None,
        agents: Vec::new(),
    };
    let mut people: Vec<(&str, Vec<Span>)> = Vec::new();
    let mut subjects: Vec<Option<(Span, &str)>> = Vec::new();
    for (doc, input) in articles.iter().enumerate() {
        for (position, (words, span)) in
            article_sentences(input.raw, input.cleaned).into_iter().enumerate()
        {
            // The sentence's people, as spans of its own words.
            // Mentions come in text order: those of the sentence start at its first.
            let from = input.mentions.partition_point(|m| m.span.start() < span.start());
            let persons: Vec<Span> = input.mentions[from..]
                .iter()
                .take_while(|m| m.span.start() < span.end())
                .filter(|m| m.kind == EntityKind::Person && m.span.end() <= span.end())
                .filter_map(|m| {
                    Span::new(m.span.start() - span.start(), m.span.end() - span.start())
                })
                .collect();
            people.push((words, persons));
            subjects.push(pronoun_subject(words, span, &input.raw.id, index));
            out.spans.push((doc, span));
            out.views.push(SentenceView {
                doc,
                origin: origin_of[doc],
                text: words,
                vector: None,
                agents: &[],
            });
            out.positions.push(position);
        }
    }
    out.agents = story_agents(&people, &subjects);
    out.n_origins = origin_ids.len();
    // Vectors matter only between origins.
    if let Some(encoder) = encoder.filter(|_| out.n_origins > 1) {
        let texts: Vec<&str> = out.views.iter().map(|view| view.text).collect();
        out.vectors = encoder
            .vectors(&texts)
            .filter(|vectors| vectors.len() == texts.len())
            .map(|vectors| (vectors, encoder.name().to_owned()));
    }
    out
}

/// A "He" or "She" opening a sentence, as a span of the sentence's words, with the name of the
/// person the story resolves it to (its entity has the pronoun among its mentions).
fn pronoun_subject<'e>(
    words: &str,
    span: Span,
    doc_id: &DocId,
    index: &EntityIndex<'e>,
) -> Option<(Span, &'e str)> {
    let first = words.split_whitespace().next()?;
    if !matches!(first, "He" | "She") {
        return None;
    }
    let start = words.find(first)?;
    let raw = Span::new(span.start() + start, span.start() + start + first.len())?;
    let entity = index.person_at(doc_id, raw)?;
    Some((Span::new(start, start + first.len())?, entity.name.as_str()))
}

/// The story's claims over its sentences (see `parallax_compare::align_claims`).
pub(crate) fn align(all: &Sentences<'_>) -> Vec<Claim> {
    align_claims(&all.views(), all.n_origins, &ClaimConfig::default())
}

/// A sentence of the story as a cited mention.
fn sentence_mention(articles: &[ArticleInput<'_>], all: &Sentences<'_>, idx: usize) -> MentionDto {
    let (doc, span) = all.spans[idx];
    MentionDto {
        doc_id: articles[doc].raw.id.to_string(),
        text: all.views[idx].text.to_owned(),
        start: span.start(),
        end: span.end(),
    }
}

/// The story's cited summary: the most widely reported sentences (see `summarize`), each with
/// the sentences that back it; then every measure whose figures conflict, stated as a conflict.
pub(crate) fn summary(
    articles: &[ArticleInput<'_>],
    all: &Sentences<'_>,
    claims: &[Claim],
    figures: &[FigureGroupDto],
) -> SummaryDto {
    let background = background_sentences(articles, all);
    let chosen =
        summarize(&all.views, &all.positions, &background, &SummaryConfig::default(), claims);
    let sentences = chosen
        .iter()
        .map(|pick| SummarySentenceDto {
            sentence: sentence_mention(articles, all, pick.sentence),
            outlet: articles[all.views[pick.sentence].doc].cleaned.outlet.name.clone(),
            n_origins: 1 + pick.other_origins,
            backed_by: pick.support.iter().map(|&m| sentence_mention(articles, all, m)).collect(),
        })
        .collect();
    let conflicts = figures
        .iter()
        .filter(|group| group.agreement == "conflict")
        .map(|group| {
            let accounts: Vec<String> = group.figures.iter().map(figure_account).collect();
            SummaryConflictDto {
                measure: group.measure.clone(),
                text: format!(
                    "Accounts differ on {}: {}.",
                    group.measure.as_deref().unwrap_or("a figure"),
                    accounts.join("; ")
                ),
                figures: group.figures.iter().map(|f| f.expression.clone()).collect(),
            }
        })
        .collect();
    SummaryDto { sentences, conflicts }
}

/// Days before its article's date from which a date is the past, not the news.
const BACKGROUND_DAYS: i64 = 400;

/// Whether the calendar values a sentence names (TimeML values starting with a year) make it
/// background: there is one, and every one starts over `BACKGROUND_DAYS` before the article's
/// date ("In 2004 a tsunami killed 170,000 people" in a 2013 article; not "late last month").
fn is_background(values: &[&str], published: Date) -> bool {
    let starts: Vec<i64> =
        values.iter().map(|value| period_start(value)).filter(|&s| s != i64::MAX).collect();
    !starts.is_empty()
        && starts.iter().all(|&start| start < published.days_since_epoch() - BACKGROUND_DAYS)
}

/// For each sentence of the story, whether it is background (`is_background`, against its
/// article's publication date, or for an undated article the story's latest, as its time
/// expressions are read).
fn background_sentences(articles: &[ArticleInput<'_>], all: &Sentences<'_>) -> Vec<bool> {
    let latest = articles.iter().filter_map(|input| input.cleaned.published.anchor()).max();
    all.spans
        .iter()
        .map(|&(doc, span)| {
            let input = &articles[doc];
            let Some(published) = input.cleaned.published.anchor().or(latest) else {
                return false;
            };
            let values: Vec<&str> = input
                .times
                .iter()
                .filter(|time| {
                    time.span.start() >= span.start()
                        && time.span.end() <= span.end()
                        && matches!(time.kind.as_str(), "DATE" | "TIME")
                })
                .map(|time| time.value.as_str())
                .collect();
            is_background(&values, published)
        })
        .collect()
}

/// A figure as one account: its words, who gives it, and the outlet.
fn figure_account(figure: &FigureDto) -> String {
    let mut out = format!("“{}”", figure.expression.text.replace('\n', " "));
    if let Some(who) = &figure.attributed_to {
        out.push_str(&format!(" per {}", who.replace('\n', " ")));
    }
    out.push_str(&format!(" ({})", figure.outlet));
    out
}

/// The story's timeline: every calendar date (`DATE` or `TIME` whose value starts with a year)
/// in date order, with each sentence that uses it once.
pub(crate) fn timeline(
    articles: &[ArticleInput<'_>],
    all: &Sentences<'_>,
    dates: &[DateDto],
) -> Vec<TimelineEntryDto> {
    let docs = DocIndex::new(articles);
    // Each article's sentences, in the order of `all.spans`.
    let mut sentences_of: HashMap<usize, Vec<usize>> = HashMap::new();
    for (idx, &(doc, _)) in all.spans.iter().enumerate() {
        sentences_of.entry(doc).or_default().push(idx);
    }
    let mut out: Vec<TimelineEntryDto> = dates
        .iter()
        .filter(|date| {
            matches!(date.kind.as_str(), "DATE" | "TIME")
                && date.value.get(..4).is_some_and(|year| year.bytes().all(|b| b.is_ascii_digit()))
        })
        .map(|date| {
            let mut events: Vec<TimelineEventDto> = Vec::new();
            let mut seen: BTreeSet<usize> = BTreeSet::new();
            for mention in &date.mentions {
                let Some(doc) = docs.of(&mention.doc_id) else { continue };
                let Some(input) = articles.get(doc) else { continue };
                let found = sentences_of.get(&doc).into_iter().flatten().copied().find(|&idx| {
                    let span = all.spans[idx].1;
                    span.start() <= mention.start && mention.end <= span.end()
                });
                if found.is_some_and(|idx| !seen.insert(idx)) {
                    continue;
                }
                let sentence = match found {
                    Some(idx) => sentence_mention(articles, all, idx),
                    None => mention.clone(),
                };
                events.push(TimelineEventDto {
                    sentence,
                    expression: mention.clone(),
                    outlet: input.cleaned.outlet.name.clone(),
                });
            }
            TimelineEntryDto {
                date: date.value.clone(),
                modifier: date.modifier.clone(),
                n_articles: date.n_articles,
                events,
            }
        })
        .collect();
    out.sort_by_cached_key(|entry| (period_start(&entry.date), entry.date.clone()));
    out
}

/// The first day of the period a TimeML calendar value names, as days since 1970, so that a
/// timeline puts "2026-W02" (5–11 January) before "2026-01-12", and a month before its days:
/// `YYYY`, `YYYY-MM(-DD…)`, `YYYY-Www(-WE)`, `YYYY-Qn`, `YYYY-Hn`, seasons (`YYYY-SP`, `-SU`,
/// `-FA`, `-WI`); anything else after them.
fn period_start(value: &str) -> i64 {
    let day = |y: i32, m: u32, d: u32| Date::from_ymd(y, m, d).map(|date| date.days_since_epoch());
    let Some(year) = value.get(..4).and_then(|y| y.parse::<i32>().ok()) else { return i64::MAX };
    let rest = value.get(4..).unwrap_or_default();
    let Some(part) = rest.strip_prefix('-') else { return day(year, 1, 1).unwrap_or(i64::MAX) };
    let number = |text: &str| text.get(..2).and_then(|n| n.parse::<u32>().ok());
    let start = if let Some(week) =
        part.strip_prefix('W').filter(|w| w.starts_with(|c: char| c.is_ascii_digit()))
    {
        // ISO week 1 holds 4 January; its Monday starts the year's weeks.
        number(week).and_then(|w| {
            let jan4 = Date::from_ymd(year, 1, 4)?;
            let monday = jan4.days_since_epoch() - (jan4.days_since_epoch() + 3).rem_euclid(7);
            Some(monday + 7 * (i64::from(w) - 1))
        })
    } else if let Some(quarter) = part.strip_prefix('Q') {
        quarter.get(..1).and_then(|q| q.parse::<u32>().ok()).and_then(|q| day(year, 3 * q - 2, 1))
    } else if let Some(half) = part.strip_prefix('H') {
        half.get(..1).and_then(|h| h.parse::<u32>().ok()).and_then(|h| day(year, 6 * h - 5, 1))
    } else if let Some(month) = number(part) {
        let date = part.get(3..5).and_then(|d| d.parse::<u32>().ok()).unwrap_or(1);
        day(year, month, date)
    } else {
        let month = match part.get(..2) {
            Some("SP") => 3,
            Some("SU") => 6,
            Some("FA") => 9,
            Some("WI") => 12,
            _ => 13,
        };
        if month == 13 { None } else { day(year, month, 1) }
    };
    start.unwrap_or(i64::MAX)
}

/// The story's claims: every sentence of every article's kept paragraphs, aligned across
/// origins; consensus first, then partial, then single-origin, each in text order.
pub(crate) fn claims(
    articles: &[ArticleInput<'_>],
    all: &Sentences<'_>,
    claims: &[Claim],
) -> Vec<ClaimDto> {
    let (views, spans) = (&all.views, &all.spans);
    let mut out: Vec<(parallax_compare::ClaimClass, ClaimDto)> = claims
        .iter()
        .map(|claim| {
            let mut outlets: Vec<String> = Vec::new();
            // The sentence that best stands for the claim first, then the others in text order.
            let order = std::iter::once(claim.central)
                .chain(claim.members.iter().copied().filter(|&m| m != claim.central));
            let sentences = order
                .map(|m| {
                    let (doc, span) = spans[m];
                    let input = &articles[doc];
                    if !outlets.contains(&input.cleaned.outlet.name) {
                        outlets.push(input.cleaned.outlet.name.clone());
                    }
                    MentionDto {
                        doc_id: input.raw.id.to_string(),
                        text: views[m].text.to_owned(),
                        start: span.start(),
                        end: span.end(),
                    }
                })
                .collect();
            let dto = ClaimDto {
                class: claim.class.as_str().to_owned(),
                n_origins: claim.n_origins,
                outlets,
                sentences,
            };
            (claim.class, dto)
        })
        .collect();
    out.sort_by_key(|(class, _)| *class);
    out.into_iter().map(|(_, dto)| dto).collect()
}

/// Per outlet, the loaded phrases of its articles: lowercase phrase, uses (with raw spans) and
/// uses by the other outlets; most used first, then in text order.
fn loaded_terms(
    articles: &[ArticleInput<'_>],
    outlet_of: &[usize],
    n_outlets: usize,
) -> Vec<Vec<LoadedTermDto>> {
    let mut out: Vec<Vec<LoadedTermDto>> = vec![Vec::new(); n_outlets];
    let mut positions: Vec<HashMap<String, usize>> = vec![HashMap::new(); n_outlets];
    let mut uses: HashMap<String, usize> = HashMap::new();
    for (doc, input) in articles.iter().enumerate() {
        let outlet = outlet_of[doc];
        for phrase in input.loaded {
            let term = phrase.text.to_lowercase();
            *uses.entry(term.clone()).or_default() += 1;
            let mention = MentionDto {
                doc_id: input.raw.id.to_string(),
                text: phrase.text.clone(),
                start: phrase.span.start(),
                end: phrase.span.end(),
            };
            let terms = &mut out[outlet];
            match positions[outlet].get(&term) {
                Some(&at) => {
                    terms[at].count += 1;
                    terms[at].mentions.push(mention);
                }
                None => {
                    positions[outlet].insert(term.clone(), terms.len());
                    terms.push(LoadedTermDto {
                        term,
                        count: 1,
                        others: 0,
                        mentions: vec![mention],
                    });
                }
            }
        }
    }
    for terms in &mut out {
        for term in terms.iter_mut() {
            term.others = uses.get(&term.term).copied().unwrap_or(0) - term.count;
        }
        // A stable sort keeps text order among equals.
        terms.sort_by_key(|term| std::cmp::Reverse(term.count));
    }
    out
}

/// Per outlet, whom its articles quote: speakers by number of quotes, each quote's source span.
fn voices(
    articles: &[ArticleInput<'_>],
    quotes: &[QuoteDto],
    outlet_of: &[usize],
    n_outlets: usize,
) -> Vec<Vec<VoiceDto>> {
    let docs = DocIndex::new(articles);
    let mut out: Vec<Vec<VoiceDto>> = vec![Vec::new(); n_outlets];
    for quote in quotes {
        let Some(&outlet) = docs.of(&quote.doc_id).and_then(|doc| outlet_of.get(doc)) else {
            continue;
        };
        let Some(speaker) = quote.speaker.clone() else { continue };
        // Pronouns are not voices ("who", "he"), but an entity may be written like one ("WHO").
        if !quote.speaker_resolved && is_unresolved_pronoun(&speaker) {
            continue;
        }
        let Some(mention) = quote.source.clone().or_else(|| quote.content.first().cloned()) else {
            continue;
        };
        let voices = &mut out[outlet];
        match voices.iter_mut().find(|voice| voice.speaker == speaker) {
            Some(voice) => {
                voice.quotes += 1;
                voice.mentions.push(mention);
            }
            None => voices.push(VoiceDto { speaker, quotes: 1, mentions: vec![mention] }),
        }
    }
    for voices in &mut out {
        voices.sort_by_key(|voice| std::cmp::Reverse(voice.quotes));
    }
    out
}

/// Per outlet, the terms it favours against the story's other outlets (log-odds with an
/// informative Dirichlet prior), each use with its raw span, its loaded phrases and whom it
/// quotes; outlets in story order.
pub(crate) fn framing(articles: &[ArticleInput<'_>], quotes: &[QuoteDto]) -> Vec<OutletFramingDto> {
    let mut outlets: Vec<&str> = Vec::new();
    let outlet_of: Vec<usize> = articles
        .iter()
        .map(|input| index_in(&mut outlets, input.cleaned.outlet.name.as_str()))
        .collect();
    let places = paragraphs(articles);
    let texts: Vec<OutletText<'_>> = places
        .iter()
        .enumerate()
        .map(|(text_id, (doc, _, text))| OutletText { outlet: outlet_of[*doc], text_id, text })
        .collect();
    let found = framing_terms(&texts, outlets.len());
    let names = outlet_names(&texts, outlets.len());
    let mention = |text_id: usize, span: Span| -> Option<MentionDto> {
        let (doc, paragraph, _) = places.get(text_id)?;
        let input = &articles[*doc];
        let raw = in_raw(*paragraph, span)?;
        Some(MentionDto {
            doc_id: input.raw.id.to_string(),
            text: raw.slice(&input.raw.text)?.to_owned(),
            start: raw.start(),
            end: raw.end(),
        })
    };
    let mut loaded = loaded_terms(articles, &outlet_of, outlets.len());
    let mut voices = voices(articles, quotes, &outlet_of, outlets.len());
    outlets
        .iter()
        .enumerate()
        .filter_map(|(outlet, name)| {
            let names: Vec<NameDto> = names
                .iter()
                .filter(|found| found.outlet == outlet)
                .map(|found| NameDto {
                    referent: found.referent.clone(),
                    label: found.label.clone(),
                    count: found.occurrences.len(),
                    others: found.others,
                    mentions: found
                        .occurrences
                        .iter()
                        .filter_map(|(text_id, span)| mention(*text_id, *span))
                        .collect(),
                })
                .collect();
            let terms: Vec<FramingTermDto> = found
                .iter()
                .filter(|term| term.outlet == outlet)
                .map(|term| FramingTermDto {
                    term: term.term.clone(),
                    z: (term.z * 100.0).round() / 100.0,
                    count: term.count,
                    others: term.others,
                    mentions: term
                        .occurrences
                        .iter()
                        .filter_map(|(text_id, span)| mention(*text_id, *span))
                        .collect(),
                })
                .collect();
            let loaded = std::mem::take(&mut loaded[outlet]);
            let voices = std::mem::take(&mut voices[outlet]);
            let outlet = (*name).to_owned();
            (!names.is_empty() || !terms.is_empty() || !loaded.is_empty() || !voices.is_empty())
                .then_some(OutletFramingDto { outlet, names, terms, loaded, voices })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(doc_id: &str, value: f64) -> FigureDto {
        let words =
            MentionDto { doc_id: doc_id.to_owned(), text: "40".to_owned(), start: 0, end: 2 };
        FigureDto {
            doc_id: doc_id.to_owned(),
            outlet: doc_id.to_owned(),
            expression: words.clone(),
            number: words,
            value: Some(value),
            low: Some(value),
            high: Some(value),
            qualifier: "exact".to_owned(),
            object: None,
            event: None,
            attribution: None,
            attributed_to: None,
            as_of: None,
        }
    }

    #[test]
    fn sentences_dated_long_before_their_article_are_background() {
        let published = Date::from_ymd(2013, 7, 3).unwrap();
        assert!(is_background(&["2004"], published));
        assert!(is_background(&["2009-09", "2004"], published));
        // A recent date, a sentence with none, or one with a recent date too: the news.
        assert!(!is_background(&["2013-06"], published));
        assert!(!is_background(&[], published));
        assert!(!is_background(&["2004", "2013-07-02"], published));
        assert!(!is_background(&["PRESENT_REF"], published));
    }

    #[test]
    fn figures_of_a_bare_counted_noun_are_listed_but_not_compared() {
        let group = |measure: &str, figures: Vec<FigureDto>| FigureGroupDto {
            measure: Some(measure.to_owned()),
            unit: None,
            n_articles: 2,
            figures,
            agreement: String::new(),
            pairs: Vec::new(),
        };
        let mut groups = vec![
            group("house", vec![figure("a", 40.0), figure("b", 300.0)]),
            group("house", vec![figure("a", 40.0), figure("a", 300.0)]),
            group("house", vec![figure("a", 40.0), figure("b", 40.0)]),
            group("deaths", vec![figure("a", 40.0), figure("b", 300.0)]),
        ];
        relate_figures(&mut groups);
        assert_eq!(groups[0].agreement, "not-compared");
        assert!(groups[0].pairs.is_empty());
        assert_eq!(groups[1].agreement, "single-article");
        // The same count in two articles is still compatible; an event's toll conflicts.
        assert_eq!(groups[2].agreement, "compatible");
        assert_eq!(groups[3].agreement, "conflict");
        assert_eq!(groups[3].pairs.len(), 1);
    }

    #[test]
    fn timeline_periods_sort_by_their_first_day() {
        let mut values = vec![
            "2026-W03",
            "2026-01-16",
            "2026-W02",
            "2025-12",
            "2026-01-12T10:00",
            "2025-12-27",
            "2026",
            "2025-Q4",
            "2025-SU",
            "2025-WI",
            "2026-H1",
            "2026-XX",
        ];
        values.sort_by_key(|v| (period_start(v), v.to_string()));
        assert_eq!(
            values,
            [
                "2025-SU",
                "2025-Q4",
                "2025-12",
                // A winter starts in December, not at "W" for week.
                "2025-WI",
                "2025-12-27",
                "2026",
                "2026-H1",
                "2026-W02",
                "2026-01-12T10:00",
                "2026-W03",
                "2026-01-16",
                "2026-XX",
            ]
        );
    }

    #[test]
    fn a_sentence_loses_the_dateline_it_opens_with() {
        let raw = "Notes\nVELMORA, Ardun Coast – The harbour board closed the pier. VELMORA.";
        let paragraph = Span::new(6, raw.len()).unwrap();
        let text = paragraph.slice(raw).unwrap();
        // The dateline with its dash, up to where the article's words begin.
        let dateline = Span::new(6, raw.find("The").unwrap());
        let first = Span::new(0, text.find("pier.").unwrap() + 5).unwrap();
        let cut = after_dateline(text, paragraph, first, dateline);
        assert_eq!(cut.slice(text), Some("The harbour board closed the pier."));
        // No dateline, another sentence, or a dateline with no sentence after it ("VELMORA,
        // Ardun Coast"): unchanged.
        assert_eq!(after_dateline(text, paragraph, first, None), first);
        let last = Span::new(text.len() - 8, text.len()).unwrap();
        assert_eq!(after_dateline(text, paragraph, last, dateline), last);
        let alone = Span::new(0, 20).unwrap();
        let place = Span::new(6, raw.find("Ardun").unwrap());
        assert_eq!(after_dateline(text, paragraph, alone, place), alone);
    }
}
