use std::collections::{BTreeMap, BTreeSet, HashMap};

use parallax_model::{
    CleanDocument, DocId, EntityKind, Figure, LoadedPhrase, Mention, OriginId, Piece, Quote,
    RawDocument, RoleMention, Span, Story, TimeMention,
};

use parallax_compare::SentenceChange;

use crate::coref::{Gender, name_gender, pronoun_gender};
use crate::schema::v1::{
    ArticleDto, DateDto, EntityDto, FigureDto, FigureGroupDto, INDEX_SCHEMA, IndexReport,
    MentionDto, OutletCount, OutletDto, PublishedDto, QuoteDto, RemovalDto, RevisionChangeDto,
    RevisionDto, STORY_SCHEMA, SetAsideDto, SourceLineDto, StoryReport, StorySummary, TextSpan,
};

/// One article as the report needs it.
#[derive(Debug, Clone, Copy)]
pub struct ArticleInput<'a> {
    /// The raw document (its `text` is what spans point into).
    pub raw: &'a RawDocument,
    /// Its cleaning result.
    pub cleaned: &'a CleanDocument,
    /// Its origin.
    pub origin_id: Option<&'a OriginId>,
    /// The document it copies exactly.
    pub duplicate_of: Option<&'a DocId>,
    /// Its entity mentions, in text order.
    pub mentions: &'a [Mention],
    /// Its time expressions, in text order.
    pub times: &'a [TimeMention],
    /// Its quotes, in text order.
    pub quotes: &'a [Quote],
    /// Its role phrases, in text order.
    pub roles: &'a [RoleMention],
    /// Its figures, in text order.
    pub figures: &'a [Figure],
    /// Its loaded phrases, in text order.
    pub loaded: &'a [LoadedPhrase],
    /// Earlier fetches of its page, oldest first (see `parallax_dedup::later_versions`).
    pub earlier: &'a [EarlierVersion<'a>],
}

/// How many times as often as every other longer name ending with a surname a full name must
/// be mentioned for the surname alone to join it.
const DOMINANT_NAME: usize = 3;

/// An earlier fetch of an article's page.
#[derive(Debug, Clone, Copy)]
pub struct EarlierVersion<'a> {
    /// The raw document.
    pub raw: &'a RawDocument,
    /// Its cleaning result.
    pub cleaned: &'a CleanDocument,
}

fn text_span(text: &str, span: Span) -> TextSpan {
    TextSpan {
        text: span.slice(text).unwrap_or_default().to_owned(),
        start: Some(span.start()),
        end: Some(span.end()),
    }
}

fn located(found: Option<&parallax_model::Located>) -> Option<TextSpan> {
    found.map(|item| TextSpan {
        text: item.text.clone(),
        start: item.span.map(|span| span.start()),
        end: item.span.map(|span| span.end()),
    })
}

fn article(input: &ArticleInput<'_>) -> ArticleDto {
    let raw = &input.raw.text;
    let cleaned = input.cleaned;
    ArticleDto {
        doc_id: input.raw.id.to_string(),
        external_id: input.raw.meta.external_id.clone(),
        source: input.raw.source.clone(),
        outlet: OutletDto {
            name: cleaned.outlet.name.clone(),
            evidence: cleaned.outlet.evidence.kind().to_owned(),
            span: cleaned.outlet.evidence.span().map(|span| text_span(raw, span)),
        },
        title: located(cleaned.title.as_ref()),
        published: PublishedDto {
            kind: cleaned.published.kind().to_owned(),
            date: cleaned.published.anchor().map(|date| date.to_string()),
        },
        dateline: located(cleaned.dateline.as_ref()),
        language: cleaned.language.clone(),
        status: cleaned.status.as_str().to_owned(),
        status_detail: cleaned.status_detail.clone(),
        origin_id: input.origin_id.map(ToString::to_string),
        duplicate_of: input.duplicate_of.map(ToString::to_string),
        paragraphs: cleaned.paragraphs.iter().map(|span| text_span(raw, *span)).collect(),
        source_map: input
            .raw
            .meta
            .source_map
            .iter()
            .map(|(text, page)| SourceLineDto {
                start: text.start(),
                end: text.end(),
                raw_start: page.start(),
                raw_end: page.end(),
            })
            .collect(),
        revisions: revisions(input),
        removals: cleaned
            .removals
            .iter()
            .map(|removal| RemovalDto {
                start: removal.span.start(),
                end: removal.span.end(),
                reason: removal.reason.as_str().to_owned(),
                detail: removal.detail.clone(),
                text: removal.span.slice(raw).unwrap_or_default().to_owned(),
            })
            .collect(),
    }
}

/// Each earlier fetch of the article's page, oldest first, with what the next fetch changed
/// (the last step ends at the article): the page's edit history, sentence by sentence
/// (`parallax_compare::sentence_changes`), each sentence citing its own document. Each fetch's
/// sentences are read once.
fn revisions(input: &ArticleInput<'_>) -> Vec<RevisionDto> {
    if input.earlier.is_empty() {
        return Vec::new();
    }
    let mut fetches: Vec<EarlierVersion<'_>> = input.earlier.to_vec();
    fetches.push(EarlierVersion { raw: input.raw, cleaned: input.cleaned });
    let sentences: Vec<Vec<(&str, Span)>> = fetches
        .iter()
        .map(|fetch| crate::compare::article_sentences(fetch.raw, fetch.cleaned))
        .collect();
    let cite = |fetch: usize, (text, span): (&str, Span)| MentionDto {
        doc_id: fetches[fetch].raw.id.to_string(),
        text: text.to_owned(),
        start: span.start(),
        end: span.end(),
    };
    (0..input.earlier.len())
        .map(|at| {
            let (before, after) = (&sentences[at], &sentences[at + 1]);
            let old: Vec<&str> = before.iter().map(|(text, _)| *text).collect();
            let new: Vec<&str> = after.iter().map(|(text, _)| *text).collect();
            let change = |kind: &str, i: Option<usize>, j: Option<usize>| RevisionChangeDto {
                kind: kind.to_owned(),
                before: i.map(|i| cite(at, before[i])),
                after: j.map(|j| cite(at + 1, after[j])),
                diff: match (i, j) {
                    (Some(i), Some(j)) => crate::compare::diff_pieces(old[i], new[j]),
                    _ => Vec::new(),
                },
            };
            let changes = parallax_compare::sentence_changes(&old, &new)
                .into_iter()
                .map(|step| match step {
                    SentenceChange::Removed(i) => change("removed", Some(i), None),
                    SentenceChange::Added(j) => change("added", None, Some(j)),
                    SentenceChange::Reworded(i, j) => change("reworded", Some(i), Some(j)),
                })
                .collect();
            let fetch = &fetches[at];
            RevisionDto {
                doc_id: fetch.raw.id.to_string(),
                external_id: fetch.raw.meta.external_id.clone(),
                date: fetch.cleaned.seen_on(fetch.raw).map(|date| date.to_string()),
                changes,
            }
        })
        .collect()
}

fn outlet_counts(articles: &[ArticleInput<'_>]) -> Vec<OutletCount> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for input in articles {
        *counts.entry(input.cleaned.outlet.name.as_str()).or_default() += 1;
    }
    let mut outlets: Vec<OutletCount> = counts
        .into_iter()
        .map(|(name, n_articles)| OutletCount { name: name.to_owned(), n_articles })
        .collect();
    outlets.sort_by(|a, b| b.n_articles.cmp(&a.n_articles).then_with(|| a.name.cmp(&b.name)));
    outlets
}

/// Sentence vectors for aligning claims (`parallax` gives the static table distilled from MiniLM).
pub trait SentenceVectors: Sync {
    /// Its name in reports (`static`).
    fn name(&self) -> &str;
    /// One unit vector per sentence, all of one dimension; `None` when it cannot (the claims
    /// are then aligned on words).
    fn vectors(&self, sentences: &[&str]) -> Option<Vec<Vec<f32>>>;
}

/// Builds a story report; `articles` must be the story's members in story order. With `vectors`,
/// claims are aligned on sentence vectors as well as words.
pub fn build_story(
    story: &Story,
    title: &str,
    articles: &[ArticleInput<'_>],
    vectors: Option<&dyn SentenceVectors>,
) -> StoryReport {
    let origins: BTreeSet<&OriginId> =
        articles.iter().filter_map(|input| input.origin_id).collect();
    let (entities, genders) = entities_and_genders(articles);
    let dates = dates(articles);
    let index = EntityIndex::new(&entities).with_genders(genders);
    let quotes = quotes(articles, &index);
    let mut figures = figures(articles, &index);
    crate::compare::relate_figures(&mut figures);
    // Every kept sentence, once: claims, the summary and the timeline read them.
    let sentences = crate::compare::sentences(articles, vectors, &index);
    let claims = crate::compare::align(&sentences);
    StoryReport {
        schema: STORY_SCHEMA.to_owned(),
        id: story.id.to_string(),
        title: title.to_owned(),
        first_date: story.first_date.map(|date| date.to_string()),
        last_date: story.last_date.map(|date| date.to_string()),
        n_articles: articles.len(),
        n_origins: origins.len(),
        outlets: outlet_counts(articles),
        entities: entities.clone(),
        timeline: crate::compare::timeline(articles, &sentences, &dates),
        dates,
        claims: crate::compare::claims(articles, &sentences, &claims),
        claim_alignment: sentences.alignment(),
        summary: crate::compare::summary(articles, &sentences, &claims, &figures),
        framing: crate::compare::framing(articles, &quotes),
        quote_groups: crate::compare::group_quotes(&quotes, &index, articles),
        quotes,
        figures,
        articles: articles.iter().map(article).collect(),
        // The other stories' titles are not known here: the caller that holds every story
        // fills these in (`parallax::reports`).
        related: Vec::new(),
    }
}

/// The story's time expressions grouped by (value, kind, modifier), calendar values in order
/// first, then durations and references.
fn dates(articles: &[ArticleInput<'_>]) -> Vec<DateDto> {
    type Key = (bool, String, String, Option<String>);
    let mut groups: BTreeMap<Key, Vec<&TimeMention>> = BTreeMap::new();
    for input in articles {
        for time in input.times {
            let calendar = time.value.starts_with(|c: char| c.is_ascii_digit());
            let key = (!calendar, time.value.clone(), time.kind.clone(), time.modifier.clone());
            groups.entry(key).or_default().push(time);
        }
    }
    groups
        .into_iter()
        .map(|((_, value, kind, modifier), times)| DateDto {
            value,
            kind,
            modifier,
            n_articles: times.iter().map(|t| &t.doc_id).collect::<BTreeSet<_>>().len(),
            mentions: times.iter().map(|t| mention_dto(&t.doc_id, &t.text, t.span)).collect(),
        })
        .collect()
}

pub(crate) type EntityKey = (EntityKind, String);
/// Each entity's role labels.
pub(crate) type Titles = BTreeMap<EntityKey, BTreeSet<String>>;
/// (role, country, organisation).
type RoleKey<'r> = (&'r str, Option<&'r str>, Option<&'r str>);

/// A role as a label: "president (Russia)", "spokeswoman (Foreign Ministry)".
fn role_label(role: &RoleMention) -> String {
    match (&role.country, &role.organisation) {
        (Some(country), _) => format!("{} ({country})", role.role),
        (None, Some(organisation)) => format!("{} ({organisation})", role.role),
        (None, None) => role.role.clone(),
    }
}

/// Roles of heads of state or government: "the Russian leader" and "his Iranian counterpart"
/// stand for the one person of that country with such a role, when there is one.
const LEADER_ROLES: &[&str] = &[
    "president",
    "prime minister",
    "premier",
    "chancellor",
    "king",
    "queen",
    "emir",
    "supreme leader",
];

/// Story-wide coreference of role phrases. A title before a name ("Iranian President Masoud
/// Pezeshkian") gives that person the role; an unnamed role phrase ("the Iranian President")
/// then stands for the one person the story gives the same role, country and organisation;
/// "counterpart" and "leader" stand for the one titled person of their country. Ambiguous
/// phrases stay unresolved rather than guess; "counterpart" and "leader" prefer heads of state or
/// government (`LEADER_ROLES`). Returns each entity's role labels and the
/// resolved phrases with their entity.
fn resolve_roles<'a>(
    articles: &[ArticleInput<'a>],
    groups: &BTreeMap<EntityKey, Vec<&Mention>>,
) -> (Titles, Vec<(&'a RoleMention, EntityKey)>) {
    let mut owner_of: BTreeMap<(&DocId, usize, usize), &EntityKey> = BTreeMap::new();
    for (key, mentions) in groups {
        for mention in mentions {
            owner_of.insert((&mention.doc_id, mention.span.start(), mention.span.end()), key);
        }
    }
    let mut titles: Titles = BTreeMap::new();
    // (role, country, organisation) → entities; country → entities.
    let mut by_role: BTreeMap<RoleKey<'_>, BTreeSet<&EntityKey>> = BTreeMap::new();
    let mut by_country: BTreeMap<&str, BTreeSet<&EntityKey>> = BTreeMap::new();
    let mut leaders: BTreeMap<&str, BTreeSet<&EntityKey>> = BTreeMap::new();
    for input in articles {
        for role in input.roles {
            let Some(person) = &role.person else { continue };
            let Some(key) = owner_of.get(&(&role.doc_id, person.span.start(), person.span.end()))
            else {
                continue;
            };
            titles.entry((*key).clone()).or_default().insert(role_label(role));
            let (country, organisation) = (role.country.as_deref(), role.organisation.as_deref());
            if role.role != "counterpart" {
                by_role.entry((role.role.as_str(), country, organisation)).or_default().insert(key);
            }
            if let Some(country) = country {
                by_country.entry(country).or_default().insert(key);
                if LEADER_ROLES.contains(&role.role.as_str()) {
                    leaders.entry(country).or_default().insert(key);
                }
            }
        }
    }
    let mut resolved = Vec::new();
    for input in articles {
        for role in input.roles.iter().filter(|role| role.person.is_none()) {
            let (country, organisation) = (role.country.as_deref(), role.organisation.as_deref());
            let narrower;
            let candidates = if matches!(role.role.as_str(), "counterpart" | "leader") {
                country.and_then(|c| leaders.get(c).or_else(|| by_country.get(c)))
            } else if let Some(set) = by_role.get(&(role.role.as_str(), country, organisation)) {
                Some(set)
            } else {
                // "The minister" after "Transport Minister Aldo Renz": the title or a narrower
                // one with this head, where the phrase's country and organisation, if any, agree.
                narrower = narrower_titles(&by_role, role.role.as_str(), country, organisation);
                Some(&narrower)
            };
            if let Some(set) = candidates.filter(|set| set.len() == 1) {
                if let Some(key) = set.first() {
                    resolved.push((role, (*key).clone()));
                }
            }
        }
    }
    // "president" says less than "president (United States)" of the same person.
    for labels in titles.values_mut() {
        let qualified: Vec<String> = labels
            .iter()
            .filter_map(|label| label.split_once(" (").map(|(role, _)| role.to_owned()))
            .collect();
        labels.retain(|label| label.contains(" (") || !qualified.contains(label));
    }
    (titles, resolved)
}

/// Words that make a title another office than its head: a "deputy minister" is not "the
/// minister", nor a "prime minister".
const OTHER_OFFICE_WORDS: &[&str] =
    &["prime", "vice", "deputy", "former", "assistant", "junior", "shadow", "acting", "ex"];

/// The people titled `head`, or `head` narrowed by a modifier ("transport minister" for
/// "minister"), whose country and organisation agree with those given (a missing one agrees
/// with any: "the president" is the one "president (United States)").
fn narrower_titles<'k>(
    by_role: &BTreeMap<RoleKey<'_>, BTreeSet<&'k EntityKey>>,
    head: &str,
    country: Option<&str>,
    organisation: Option<&str>,
) -> BTreeSet<&'k EntityKey> {
    by_role
        .iter()
        .filter(|((role, c, o), _)| {
            let same = *role == head;
            let narrowed =
                role.strip_suffix(head).and_then(|rest| rest.strip_suffix(' ')).is_some_and(
                    |rest| !rest.split(' ').any(|word| OTHER_OFFICE_WORDS.contains(&word)),
                );
            (same || narrowed)
                && (country.is_none() || country == *c)
                && (organisation.is_none() || organisation == *o)
        })
        .flat_map(|(_, keys)| keys.iter().copied())
        .collect()
}

/// The story's entities with their mentions indexed, so that a quote, figure or title finds its
/// entity without scanning every mention of the story (a story of hundreds of articles has tens
/// of thousands).
pub(crate) struct EntityIndex<'e> {
    entities: &'e [EntityDto],
    /// (document, start, end) of every mention: the first entity that has it.
    exact: HashMap<(&'e str, usize, usize), usize>,
    /// Per document, the mentions of person entities: (start, end, entity).
    persons: HashMap<&'e str, Vec<(usize, usize, usize)>>,
    /// The [`name_key`] of every person entity, with its position.
    person_keys: Vec<(String, usize)>,
    /// The gender the story's text gives a person, by entity name.
    genders: HashMap<String, Gender>,
}

impl<'e> EntityIndex<'e> {
    pub(crate) fn new(entities: &'e [EntityDto]) -> Self {
        let mut exact = HashMap::new();
        let mut persons: HashMap<&str, Vec<(usize, usize, usize)>> = HashMap::new();
        let mut person_keys = Vec::new();
        for (idx, entity) in entities.iter().enumerate() {
            let person = entity.kind == EntityKind::Person.as_str();
            if person {
                person_keys.push((name_key(&entity.name), idx));
            }
            for m in &entity.mentions {
                exact.entry((m.doc_id.as_str(), m.start, m.end)).or_insert(idx);
                if person {
                    persons.entry(m.doc_id.as_str()).or_default().push((m.start, m.end, idx));
                }
            }
        }
        Self { entities, exact, persons, person_keys, genders: HashMap::new() }
    }

    /// With the genders the story gives its people ([`entities_and_genders`]).
    pub(crate) fn with_genders(self, genders: HashMap<String, Gender>) -> Self {
        Self { genders, ..self }
    }

    /// The entity with a mention at exactly the piece.
    fn exact(&self, doc_id: &DocId, piece: &Piece) -> Option<&'e EntityDto> {
        let key = (doc_id.as_str(), piece.span.start(), piece.span.end());
        self.exact.get(&key).and_then(|&idx| self.entities.get(idx))
    }

    /// The person entity with a mention at exactly these bytes of a document (a name, or a
    /// pronoun or role phrase the story resolved to the person).
    pub(crate) fn person_at(&self, doc_id: &DocId, span: Span) -> Option<&'e EntityDto> {
        let key = (doc_id.as_str(), span.start(), span.end());
        let entity = self.exact.get(&key).and_then(|&idx| self.entities.get(idx))?;
        (entity.kind == EntityKind::Person.as_str()).then_some(entity)
    }

    /// The story entity a piece names: the entity with a mention at exactly the piece, else the
    /// first person overlapping it (a source "Russian President Vladimir Putin" holds the place
    /// name "Russian" too).
    pub(crate) fn at(&self, doc_id: &DocId, piece: &Piece) -> Option<&'e EntityDto> {
        self.exact(doc_id, piece).or_else(|| {
            let (start, end) = (piece.span.start(), piece.span.end());
            let mentions = self.persons.get(doc_id.as_str())?;
            let idx = mentions
                .iter()
                .filter(|&&(s, e, _)| s < end && start < e)
                .map(|&(_, _, i)| i)
                .min()?;
            self.entities.get(idx)
        })
    }

    /// The one person of the story whose full name or surname a source is written as,
    /// possessive or not ("Trump's" in "Trump's declaration"), when the tagger did not mark it
    /// as a mention: names compared by [`name_key`], a surname (or, when no name ends with it, the
    /// one word opening a name: "Xi" of "Xi Jinping") as [`entities_and_genders`] joins one to
    /// its full name.
    fn person_named(&self, text: &str) -> Option<&'e EntityDto> {
        let key = name_key(text);
        if key.is_empty() || !text.trim_start().starts_with(char::is_uppercase) {
            return None;
        }
        let surname = format!(" {key}");
        let mut matching = self
            .person_keys
            .iter()
            .filter(|(name, _)| *name == key || name.ends_with(&surname))
            .map(|&(_, idx)| idx);
        if let Some(first) = matching.next() {
            return matching.next().is_none().then(|| &self.entities[first]);
        }
        // A one-word name opening one person's name ("Xi" of "Xi Jinping").
        let opening = format!("{key} ");
        let mut matching = self
            .person_keys
            .iter()
            .filter(|(name, _)| !key.contains(' ') && name.starts_with(&opening))
            .map(|&(_, idx)| idx);
        let first = matching.next()?;
        matching.next().is_none().then(|| &self.entities[first])
    }
}

/// Who a quote or figure is credited to: the story entity the resolved piece names (and `true`),
/// else the resolved piece's or the source's own words.
fn voice(
    entities: &EntityIndex<'_>,
    doc_id: &DocId,
    resolved: Option<&Piece>,
    source: Option<&Piece>,
) -> (Option<String>, bool) {
    let piece = resolved.or(source);
    // A pronoun source is whom the story's pronouns resolve it to (`coref`: nearby, of its
    // gender); else the article's guess, the person named last before it, unless the story
    // gives that person the other gender.
    let pronoun = source.and_then(|s| pronoun_gender(s.text.trim()).map(|gender| (s, gender)));
    if let Some((source, wanted)) = pronoun {
        if let Some(entity) = entities.exact(doc_id, source) {
            return (Some(entity.name.clone()), true);
        }
        let guess = resolved.and_then(|piece| entities.at(doc_id, piece));
        return match guess.filter(|e| entities.genders.get(&e.name).is_none_or(|g| *g == wanted)) {
            Some(entity) => (Some(entity.name.clone()), true),
            None => (Some(source.text.clone()), false),
        };
    }
    let entity = resolved
        .and_then(|piece| entities.at(doc_id, piece))
        .or_else(|| piece.and_then(|piece| entities.person_named(&piece.text)));
    match entity {
        Some(entity) => (Some(entity.name.clone()), true),
        None => (piece.map(|p| p.text.clone()), false),
    }
}

/// Words that stand for someone without naming them: personal, possessive and relative
/// pronouns.
const STAND_IN_WORDS: &[&str] = &[
    "he", "she", "they", "it", "we", "i", "you", "his", "her", "its", "their", "our", "my",
    "which", "who", "that", "this", "these", "those",
];

/// Whether a source is only a pronoun ("his", "which"): it names no one by itself, and two
/// such sources need not be one person.
/// A word in capitals is an acronym ("WHO", "IT"), not a pronoun.
pub(crate) fn is_unresolved_pronoun(source: &str) -> bool {
    let word = source.trim_matches(|c: char| !c.is_alphanumeric());
    let acronym = word.chars().count() >= 2 && word.chars().all(|c| c.is_ascii_uppercase());
    !acronym && STAND_IN_WORDS.contains(&word.to_lowercase().as_str())
}

/// The story's figures grouped by measure and unit, the measure most articles report first.
/// Nothing is merged or averaged: every figure keeps its own words, bounds and attribution.
fn figures(articles: &[ArticleInput<'_>], entities: &EntityIndex<'_>) -> Vec<FigureGroupDto> {
    type Key = (Option<String>, Option<String>);
    let mut groups: BTreeMap<Key, Vec<FigureDto>> = BTreeMap::new();
    let dto = |doc_id: &DocId, piece: &Piece| mention_dto(doc_id, &piece.text, piece.span);
    for input in articles {
        for figure in input.figures {
            let doc_id = &figure.doc_id;
            let (attributed_to, resolved) =
                voice(entities, doc_id, figure.attributed_to.as_ref(), figure.attribution.as_ref());
            // A source that is a pronoun nobody was found for names no one ("per his"); its span
            // stays in `attribution`.
            let attributed_to =
                attributed_to.filter(|name| resolved || !is_unresolved_pronoun(name));
            groups.entry((figure.measure.clone(), figure.unit.clone())).or_default().push(
                FigureDto {
                    doc_id: doc_id.to_string(),
                    outlet: input.cleaned.outlet.name.clone(),
                    expression: mention_dto(doc_id, &figure.text, figure.span),
                    number: dto(doc_id, &figure.number),
                    value: figure.value,
                    low: figure.low,
                    high: figure.high,
                    qualifier: figure.qualifier.as_str().to_owned(),
                    object: figure.object.as_ref().map(|p| dto(doc_id, p)),
                    event: figure.event.as_ref().map(|p| dto(doc_id, p)),
                    attribution: figure.attribution.as_ref().map(|p| dto(doc_id, p)),
                    attributed_to,
                    as_of: figure.as_of.clone(),
                },
            );
        }
    }
    let mut out: Vec<FigureGroupDto> = groups
        .into_iter()
        .map(|((measure, unit), figures)| FigureGroupDto {
            n_articles: figures.iter().map(|f| &f.doc_id).collect::<BTreeSet<_>>().len(),
            measure,
            unit,
            figures,
            agreement: String::new(),
            pairs: Vec::new(),
        })
        .collect();
    out.sort_by_key(|group| std::cmp::Reverse(group.n_articles));
    out
}

/// The story's quotes. A speaker resolves to the story entity that has a mention overlapping the
/// quote's speaker piece (a name, a pronoun's antecedent or a resolved role phrase).
fn quotes(articles: &[ArticleInput<'_>], entities: &EntityIndex<'_>) -> Vec<QuoteDto> {
    let dto = |doc_id: &DocId, piece: &Piece| mention_dto(doc_id, &piece.text, piece.span);
    let mut out = Vec::new();
    for input in articles {
        for quote in input.quotes {
            let (speaker, resolved) =
                voice(entities, &quote.doc_id, quote.speaker.as_ref(), quote.source.as_ref());
            let mut speakers: Vec<String> = Vec::new();
            for person in &quote.group {
                let (name, _) = voice(entities, &quote.doc_id, Some(person), None);
                if let Some(name) = name.filter(|n| !speakers.contains(n)) {
                    speakers.push(name);
                }
            }
            out.push(QuoteDto {
                doc_id: quote.doc_id.to_string(),
                kind: quote.kind.as_str().to_owned(),
                speaker,
                speaker_resolved: resolved,
                speakers: if speakers.len() >= 2 { speakers } else { Vec::new() },
                source: quote.source.as_ref().map(|p| dto(&quote.doc_id, p)),
                cue: quote.cue.as_ref().map(|p| dto(&quote.doc_id, p)),
                content: quote.content.iter().map(|p| dto(&quote.doc_id, p)).collect(),
            });
        }
    }
    out
}

fn mention_dto(doc_id: &DocId, text: &str, span: Span) -> MentionDto {
    MentionDto {
        doc_id: doc_id.to_string(),
        text: text.to_owned(),
        start: span.start(),
        end: span.end(),
    }
}

/// A person's name written with and without middle initials ("James B. Comey", "James Comey")
/// is one person when the story writes the short name with no other initials: the two groups
/// join under the name the story uses more often. ("George Bush" beside both "George W. Bush"
/// and "George H. W. Bush" stays apart.)
fn merge_middle_initials(groups: &mut BTreeMap<EntityKey, Vec<&Mention>>) {
    let mut by_short: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (kind, key) in groups.keys() {
        let words: Vec<&str> = key.split(' ').collect();
        let [first, middle @ .., last] = words.as_slice() else { continue };
        if *kind != EntityKind::Person
            || middle.is_empty()
            || !middle.iter().all(|word| word.chars().count() == 1)
        {
            continue;
        }
        by_short.entry(format!("{first} {last}")).or_default().push(key.clone());
    }
    for (short, long) in by_short {
        let [long] = long.as_slice() else { continue };
        let short_key = (EntityKind::Person, short);
        let long_key = (EntityKind::Person, long.clone());
        let (Some(n_short), Some(n_long)) =
            (groups.get(&short_key).map(Vec::len), groups.get(&long_key).map(Vec::len))
        else {
            continue;
        };
        let (keep, fold) =
            if n_long > n_short { (long_key, short_key) } else { (short_key, long_key) };
        let moved = groups.remove(&fold).unwrap_or_default();
        groups.entry(keep).or_default().extend(moved);
    }
}

/// The loose key of a name: lowercase words, possessives dropped ("Iran's" is "iran"), initials
/// joined ("U.S." is "us").
pub(crate) fn name_key(text: &str) -> String {
    let words: Vec<String> = parallax_text::words(text)
        .iter()
        .map(|word| parallax_text::strip_possessive(word).to_lowercase())
        .collect();
    let initials = words.len() > 1 && words.iter().all(|word| word.chars().count() == 1);
    words.join(if initials { "" } else { " " })
}

/// [`entities_and_genders`] without the genders.
#[cfg(test)]
fn entities(articles: &[ArticleInput<'_>]) -> Vec<EntityDto> {
    entities_and_genders(articles).0
}

/// The story's entities: mentions with the same loose name are one entity, of the kind most of
/// them were tagged with (the tagger may call "Ardun" a place in one sentence and part of a name in
/// another); a one-word person mention ("Putin") joins the one longer person name of the story
/// that ends with it ("Vladimir Putin"); when two longer names end with it, it stays apart rather
/// than guess. With them, the gender the story's text gives each person, by entity name (see
/// `coref`).
fn entities_and_genders(
    articles: &[ArticleInput<'_>],
) -> (Vec<EntityDto>, HashMap<String, Gender>) {
    let mut by_key: BTreeMap<String, Vec<&Mention>> = BTreeMap::new();
    for input in articles {
        for mention in input.mentions {
            let key = name_key(&mention.text);
            if !key.is_empty() {
                by_key.entry(key).or_default().push(mention);
            }
        }
    }
    // (kind, key) → mentions, the kind by majority (ties: the first in `EntityKind::ALL`).
    let mut groups: BTreeMap<(EntityKind, String), Vec<&Mention>> = BTreeMap::new();
    for (key, mentions) in by_key {
        let mut votes: BTreeMap<EntityKind, usize> = BTreeMap::new();
        for mention in &mentions {
            *votes.entry(mention.kind).or_default() += 1;
        }
        let kind = votes
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map_or(EntityKind::Miscellaneous, |(kind, _)| *kind);
        groups.insert((kind, key), mentions);
    }
    merge_acronyms(&mut groups);
    merge_middle_initials(&mut groups);
    let person_names: Vec<String> = groups
        .keys()
        .filter(|(kind, key)| *kind == EntityKind::Person && key.contains(' '))
        .map(|(_, key)| key.clone())
        .collect();
    // One-word names tagged as people, organisations or other names: the tagger reads
    // "Trump" in "Trump's campaign" as an organisation. An acronym ("UN") is no surname, though
    // a name may end in its letters ("Kim Jong-un").
    let single: Vec<(EntityKind, String)> = groups
        .iter()
        .filter(|((kind, key), mentions)| {
            *kind != EntityKind::Location
                && !key.contains(' ')
                && (*kind == EntityKind::Person
                    || mentions.iter().all(|m| m.text.chars().any(char::is_lowercase)))
        })
        .map(|(key, _)| key.clone())
        .collect();
    // A surname joins the only longer name ending with it, or one that the story names at
    // least `DOMINANT_NAME` times as often as all the others ("DeGeneres" joins "Ellen
    // DeGeneres", 37 mentions, beside a mistagged "Choosing DeGeneres", 3).
    for (kind, key) in single {
        let suffix = format!(" {key}");
        let count =
            |name: &String| groups.get(&(EntityKind::Person, name.clone())).map_or(0, Vec::len);
        let mut owners: Vec<(usize, &String)> = person_names
            .iter()
            .filter(|name| name.ends_with(&suffix))
            .map(|name| (count(name), name))
            .collect();
        // When no name ends with it, the name it opens: a family name written first ("Xi" of
        // "Xi Jinping", "Ban" of "Ban Ki-moon") or a given name ("Lindsay" of "Lindsay
        // Lohan"). Only a person's: "Trump" tagged as an organisation may be a surname, but an
        // organisation that opens a person's name is rarely that person, unless the name is
        // written the Korean way (the tagger often calls "Ban" an organisation).
        if owners.is_empty() {
            let prefix = format!("{key} ");
            owners = person_names
                .iter()
                .filter(|name| {
                    name.starts_with(&prefix)
                        && (kind == EntityKind::Person
                            || groups.get(&(EntityKind::Person, (*name).clone())).is_some_and(
                                |m| m.iter().any(|mention| family_name_first(&mention.text)),
                            ))
                })
                .map(|name| (count(name), name))
                .collect();
        }
        owners.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        let others: usize = owners.iter().skip(1).map(|(n, _)| n).sum();
        let owner = match owners.first() {
            Some(&(n, owner)) if owners.len() == 1 || n >= DOMINANT_NAME * others => owner.clone(),
            _ => continue,
        };
        let moved = groups.remove(&(kind, key)).unwrap_or_default();
        groups.entry((EntityKind::Person, owner)).or_default().extend(moved);
    }
    let (titles, resolved) = resolve_roles(articles, &groups);
    demote_name_parts(&mut groups, &titles);
    let role_mentions: Vec<Mention> = resolved
        .iter()
        .map(|(role, _)| Mention {
            doc_id: role.doc_id.clone(),
            span: role.span,
            text: role.text.clone(),
            kind: EntityKind::Person,
        })
        .collect();
    // Pronouns stand for the person named last before them (see `coref`).
    let owners: Vec<(&Mention, &EntityKey)> = groups
        .iter()
        .flat_map(|(key, mentions)| mentions.iter().map(move |m| (*m, key)))
        .chain(role_mentions.iter().zip(&resolved).map(|(m, (_, owner))| (m, owner)))
        .collect();
    let (pronouns, genders) = crate::coref::pronoun_mentions(articles, &owners, &titles);
    let genders: BTreeMap<EntityKey, Gender> =
        genders.into_iter().map(|(key, gender)| (key.clone(), gender)).collect();
    let mut gender_of: HashMap<String, Gender> = HashMap::new();
    let mut by_role: BTreeMap<(EntityKind, String), Vec<&Mention>> = BTreeMap::new();
    for (mention, (_, owner)) in role_mentions.iter().zip(&resolved) {
        by_role.entry(owner.clone()).or_default().push(mention);
    }
    for (mention, owner) in &pronouns {
        by_role.entry(owner.clone()).or_default().push(mention);
    }
    let order: BTreeMap<&DocId, usize> =
        articles.iter().enumerate().map(|(idx, input)| (&input.raw.id, idx)).collect();
    let mut out: Vec<EntityDto> = groups
        .into_iter()
        .map(|((kind, key), mut mentions)| {
            let roles: Vec<String> = titles
                .get(&(kind, key.clone()))
                .map(|set| set.iter().cloned().collect())
                .unwrap_or_default();
            mentions.extend(by_role.remove(&(kind, key.clone())).unwrap_or_default());
            mentions.sort_by_key(|m| (order.get(&m.doc_id).copied(), m.span.start()));
            // The most frequent written form of the full name.
            let mut forms: BTreeMap<&str, usize> = BTreeMap::new();
            for mention in mentions.iter().filter(|m| name_key(&m.text) == key) {
                *forms.entry(mention.text.as_str()).or_default() += 1;
            }
            let name = forms
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map_or(key.clone(), |(form, _)| (*form).to_owned());
            let n_articles = mentions.iter().map(|m| &m.doc_id).collect::<BTreeSet<_>>().len();
            if let Some(gender) = genders.get(&(kind, key.clone())) {
                if kind == EntityKind::Person {
                    gender_of.insert(name.clone(), *gender);
                }
            }
            EntityDto {
                name,
                kind: kind.as_str().to_owned(),
                n_articles,
                roles,
                mentions: mentions
                    .iter()
                    .map(|m| mention_dto(&m.doc_id, &m.text, m.span))
                    .collect(),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.n_articles
            .cmp(&a.n_articles)
            .then(b.mentions.len().cmp(&a.mentions.len()))
            .then(a.name.cmp(&b.name))
    });
    (out, gender_of)
}

/// Whether a person's name, possessive or not, is written family name first
/// ([`parallax_text::is_family_name_first`]).
fn family_name_first(name: &str) -> bool {
    let mut words: Vec<&str> = name.split_whitespace().collect();
    if let Some(given) = words.last_mut() {
        *given = parallax_text::strip_possessive(given);
    }
    parallax_text::is_family_name_first(&words)
}

/// A "person" that is only the opening words of a longer name of another kind is of that kind:
/// the tagger took a shortened organisation, team or place for someone ("Wells Fargo" beside
/// "Wells Fargo Bank", "Creighton" beside "Creighton Bluejays"). It takes the kind most often
/// tagged on the longer names and on its own mentions, ties going to the longer names'. It stays a
/// person when the story gives it a title ("President Obama" beside "Obama Foundation"), when a
/// person of the story starts or ends with it ("Lindsay" beside "Lindsay Lohan"), or when its
/// first word is a given name ("Gary Ross" beside a headline tagged "Gary Ross Is Boss"). Only a
/// longer name that goes on with a capitalised word counts ("Obama administration's" does not),
/// and never one in the possessive ("Melania Trump's") or going on with a given name written the
/// Korean way ("Ban Ki-moon").
fn demote_name_parts(groups: &mut BTreeMap<EntityKey, Vec<&Mention>>, titles: &Titles) {
    let persons: Vec<&String> =
        groups.keys().filter(|(kind, _)| *kind == EntityKind::Person).map(|(_, key)| key).collect();
    let most = |votes: &BTreeMap<EntityKind, usize>| {
        votes.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(kind, _)| *kind)
    };
    let mut moves: Vec<(String, EntityKind)> = Vec::new();
    for key in &persons {
        let (prefix, suffix) = (format!("{key} "), format!(" {key}"));
        if name_gender(key).is_some()
            || titles.contains_key(&(EntityKind::Person, (*key).clone()))
            || persons.iter().any(|name| name.starts_with(&prefix) || name.ends_with(&suffix))
        {
            continue;
        }
        let n_words = key.split(' ').count();
        let mut longer: BTreeMap<EntityKind, usize> = BTreeMap::new();
        for kind in EntityKind::ALL.into_iter().filter(|kind| *kind != EntityKind::Person) {
            let names = groups
                .range((kind, prefix.clone())..)
                .take_while(|((other, name), _)| *other == kind && name.starts_with(&prefix));
            for (_, mentions) in names {
                if mentions.iter().any(|m| goes_on_as_a_name(&m.text, n_words)) {
                    *longer.entry(kind).or_default() += mentions.len();
                }
            }
        }
        let Some(theirs) = most(&longer) else { continue };
        let mentions = groups.get(&(EntityKind::Person, (*key).clone())).into_iter().flatten();
        for mention in mentions.filter(|m| m.kind != EntityKind::Person) {
            *longer.entry(mention.kind).or_default() += 1;
        }
        let kind = longer
            .iter()
            .max_by(|a, b| {
                a.1.cmp(b.1).then((a.0 == &theirs).cmp(&(b.0 == &theirs))).then(b.0.cmp(a.0))
            })
            .map_or(theirs, |(kind, _)| *kind);
        moves.push(((*key).clone(), kind));
    }
    for (key, kind) in moves {
        let moved = groups.remove(&(EntityKind::Person, key.clone())).unwrap_or_default();
        groups.entry((kind, key)).or_default().extend(moved);
    }
}

/// Whether a name goes on, after its first `n_words` words, with a capitalised word that is not
/// a given name written the Korean way ("Ki-moon"), and is not in the possessive.
fn goes_on_as_a_name(text: &str, n_words: usize) -> bool {
    let words = parallax_text::word_spans(text);
    let Some((span, _)) = words.get(n_words) else { return false };
    let rest = text.get(span.start()..).unwrap_or_default();
    let next = rest.split(char::is_whitespace).next().unwrap_or_default();
    let korean = next.split_once('-').is_some_and(|(_, rest)| rest.starts_with(char::is_lowercase));
    let possessive = ["'s", "’s", "'", "’"].iter().any(|end| text.ends_with(end));
    next.starts_with(char::is_uppercase) && !korean && !possessive
}

/// Folds an acronym ("US", "U.S.", "UN") into the one longer name of the story whose initials it
/// spells ("United States", "United Nations"; "of", "the", "and" and "for" are skipped), so that
/// the entity has all their mentions under its full name. People are left alone, and an acronym
/// that two names spell stays apart.
fn merge_acronyms(groups: &mut BTreeMap<(EntityKind, String), Vec<&Mention>>) {
    let initials = |key: &str| -> String {
        key.split(' ')
            .filter(|word| !matches!(*word, "of" | "the" | "and" | "for"))
            .filter_map(|word| word.chars().next())
            .collect()
    };
    let acronyms: Vec<(EntityKind, String)> = groups
        .iter()
        .filter(|((kind, key), mentions)| {
            *kind != EntityKind::Person
                && (2..=6).contains(&key.chars().count())
                && !key.contains(' ')
                && mentions
                    .iter()
                    .all(|m| m.text.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase))
        })
        .map(|(group, _)| group.clone())
        .collect();
    for acronym in acronyms {
        let mut spelled = groups.keys().filter(|(kind, key)| {
            *kind != EntityKind::Person && key.contains(' ') && initials(key) == acronym.1
        });
        if let (Some(full), None) = (spelled.next().cloned(), spelled.next()) {
            let moved = groups.remove(&acronym).unwrap_or_default();
            groups.entry(full).or_default().extend(moved);
        }
    }
}

/// Builds the index from story reports and the set-aside list. Stories are listed newest first
/// (by last date, undated last), ties by id.
pub fn build_index(stories: &[StoryReport], set_aside: Vec<SetAsideDto>) -> IndexReport {
    let summaries: Vec<StorySummary> = stories
        .iter()
        .map(|story| StorySummary {
            id: story.id.clone(),
            title: story.title.clone(),
            first_date: story.first_date.clone(),
            last_date: story.last_date.clone(),
            n_articles: story.n_articles,
            n_origins: story.n_origins,
            outlets: story.outlets.iter().map(|outlet| outlet.name.clone()).collect(),
        })
        .collect();
    index_of(summaries, set_aside)
}

/// The index of these story lines and the set-aside list, in [`build_index`]'s order.
pub fn index_of(mut summaries: Vec<StorySummary>, set_aside: Vec<SetAsideDto>) -> IndexReport {
    summaries.sort_by(|a, b| {
        b.last_date
            .is_some()
            .cmp(&a.last_date.is_some())
            .then_with(|| b.last_date.cmp(&a.last_date))
            .then_with(|| a.id.cmp(&b.id))
    });
    IndexReport { schema: INDEX_SCHEMA.to_owned(), stories: summaries, set_aside }
}

#[cfg(test)]
mod entity_tests {
    use parallax_model::{DocumentMeta, Outlet, PageStatus, PublishedDate, SourceFormat};

    use super::*;

    fn raw(n: u8, text: &str) -> RawDocument {
        RawDocument {
            id: DocId::from_hex(&format!("{n:02x}").repeat(16)).unwrap(),
            source: format!("{n}.txt"),
            format: SourceFormat::Text,
            encoding: "utf-8".to_owned(),
            bytes: text.as_bytes().to_vec(),
            text: text.to_owned(),
            meta: DocumentMeta::default(),
        }
    }

    fn cleaned(doc: &RawDocument) -> CleanDocument {
        CleanDocument {
            doc_id: doc.id.clone(),
            status: PageStatus::Ok,
            status_detail: String::new(),
            title: None,
            outlet: Outlet::unknown(),
            published: PublishedDate::Unknown,
            dateline: None,
            paragraphs: vec![],
            removals: vec![],
            language: None,
        }
    }

    /// Mentions of every occurrence of each `(name, kind)` in the document's text.
    fn mentions(doc: &RawDocument, names: &[(&str, EntityKind)]) -> Vec<Mention> {
        let mut out = Vec::new();
        for (name, kind) in names {
            for (start, _) in doc.text.match_indices(name) {
                out.push(Mention {
                    doc_id: doc.id.clone(),
                    span: Span::new(start, start + name.len()).unwrap(),
                    text: (*name).to_owned(),
                    kind: *kind,
                });
            }
        }
        out.sort_by_key(|m| m.span.start());
        out
    }

    fn input<'a>(
        raw: &'a RawDocument,
        cleaned: &'a CleanDocument,
        mentions: &'a [Mention],
    ) -> ArticleInput<'a> {
        ArticleInput {
            raw,
            cleaned,
            origin_id: None,
            duplicate_of: None,
            mentions,
            times: &[],
            quotes: &[],
            figures: &[],
            roles: &[],
            loaded: &[],
            earlier: &[],
        }
    }

    #[test]
    fn a_pronoun_source_names_no_one_but_an_acronym_does() {
        for source in ["His", "“ His", "which", "I", " they "] {
            assert!(is_unresolved_pronoun(source), "{source}");
        }
        for source in ["WHO", "IT", "Ilo Brask", "the board"] {
            assert!(!is_unresolved_pronoun(source), "{source}");
        }
    }

    #[test]
    fn a_figure_attributed_to_an_unresolved_pronoun_names_no_one() {
        let text =
            "His plan costs 40 crowns, which says 12 boats sank. Ilo Brask says 3 boats sank.";
        let doc = raw(1, text);
        let clean = cleaned(&doc);
        let piece = |part: &str| {
            let start = text.find(part).unwrap();
            Piece { span: Span::new(start, start + part.len()).unwrap(), text: part.to_owned() }
        };
        let figure = |number: &str, source: &str| Figure {
            doc_id: doc.id.clone(),
            span: piece(number).span,
            text: number.to_owned(),
            number: piece(number),
            value: Some(1.0),
            low: Some(1.0),
            high: Some(1.0),
            qualifier: parallax_model::Qualifier::Exact,
            unit: None,
            object: None,
            event: None,
            measure: Some("boat".to_owned()),
            attribution: Some(piece(source)),
            attributed_to: None,
            as_of: None,
        };
        let figures = [figure("40", "His"), figure("12", "which"), figure("3", "Ilo Brask")];
        let found = mentions(&doc, &[("Ilo Brask", EntityKind::Person)]);
        let input = ArticleInput { figures: &figures, ..input(&doc, &clean, &found) };
        let entities = entities(std::slice::from_ref(&input));
        let groups = super::figures(std::slice::from_ref(&input), &EntityIndex::new(&entities));
        let named: Vec<(Option<&str>, Option<&str>)> = groups
            .iter()
            .flat_map(|group| &group.figures)
            .map(|f| (f.attribution.as_ref().map(|m| m.text.as_str()), f.attributed_to.as_deref()))
            .collect();
        // The pronouns keep their spans but name no one; the name is the person's.
        assert_eq!(
            named,
            [(Some("His"), None), (Some("which"), None), (Some("Ilo Brask"), Some("Ilo Brask"))]
        );
    }

    #[test]
    fn earlier_versions_read_as_an_edit_history_ending_at_the_article() {
        // Each version one paragraph per line; the toll rises at each fetch.
        let texts = [
            "The storm hit Varnel.\nAt least 12 people were killed.",
            "The storm hit Varnel.\nAt least 15 people were killed.\nFerries stayed in port.",
            "The storm hit Varnel.\nAt least 19 people were killed.\nFerries stayed in port.",
        ];
        let docs: Vec<RawDocument> = texts.iter().zip(1..).map(|(text, n)| raw(n, text)).collect();
        let clean: Vec<CleanDocument> = docs
            .iter()
            .map(|doc| {
                let mut clean = cleaned(doc);
                let mut at = 0;
                for line in doc.text.split('\n') {
                    clean.paragraphs.push(Span::new(at, at + line.len()).unwrap());
                    at += line.len() + 1;
                }
                clean
            })
            .collect();
        let earlier = [
            EarlierVersion { raw: &docs[0], cleaned: &clean[0] },
            EarlierVersion { raw: &docs[1], cleaned: &clean[1] },
        ];
        let article_input = ArticleInput { earlier: &earlier, ..input(&docs[2], &clean[2], &[]) };
        let dto = article(&article_input);
        // Each change as "kind: before → after", a side as "<doc id's first byte>:<sentence>".
        let side = |m: &Option<MentionDto>| {
            m.as_ref().map_or("-".to_owned(), |m| {
                format!("{}:{}", m.doc_id.get(..2).unwrap_or_default(), m.text)
            })
        };
        let steps: Vec<Vec<String>> = dto
            .revisions
            .iter()
            .map(|revision| {
                revision
                    .changes
                    .iter()
                    .map(|c| format!("{}: {} → {}", c.kind, side(&c.before), side(&c.after)))
                    .collect()
            })
            .collect();
        assert_eq!(
            steps,
            [
                vec![
                    "reworded: 01:At least 12 people were killed. → 02:At least 15 people were \
                     killed."
                        .to_owned(),
                    "added: - → 02:Ferries stayed in port.".to_owned(),
                ],
                vec![
                    "reworded: 02:At least 15 people were killed. → 03:At least 19 people were \
                     killed."
                        .to_owned(),
                ],
            ]
        );
        assert_eq!(dto.revisions[0].doc_id, docs[0].id.to_string());
    }

    #[test]
    fn persons_that_open_a_longer_name_of_another_kind_take_its_kind() {
        use EntityKind::{Location, Miscellaneous, Organisation, Person};
        let a = raw(
            1,
            "The Velmora Sharks won. Velmora led by ten. Dana Pell of Orsk Bank Group spoke. \
             Orsk Bank agreed. Dana smiled. Ilse Corvane Hall opened. Ilse Corvane said so. \
             Governor Tamsin opened the Tamsin Foundation. Later Tamsin left. The Brell \
             administration plan failed. Then Brell spoke. Vask Ilso's aides said Vask left. \
             Pak Jae-sun spoke; Pak smiled.",
        );
        // Every mention of the name from `from` on.
        let after = |name: &str, from: &str, kind: EntityKind| -> Vec<Mention> {
            let start = a.text.find(from).unwrap();
            mentions(&a, &[(name, kind)]).into_iter().filter(|m| m.span.start() >= start).collect()
        };
        let mut found = mentions(
            &a,
            &[
                ("Velmora Sharks", Organisation),
                ("Orsk Bank Group", Organisation),
                ("Dana Pell", Person),
                ("Ilse Corvane Hall", Location),
                ("Tamsin Foundation", Organisation),
                ("Brell administration", Organisation),
                ("Vask Ilso's", Organisation),
                ("Pak Jae-sun", Miscellaneous),
            ],
        );
        found.extend(after("Velmora", "Velmora led", Person));
        found.extend(after("Orsk Bank", "Orsk Bank agreed", Person));
        found.extend(after("Dana", "Dana smiled", Person));
        found.extend(after("Ilse Corvane", "Ilse Corvane said", Person));
        found.extend(after("Tamsin", "Tamsin left", Person));
        found.extend(after("Tamsin", "Tamsin opened", Person).into_iter().take(1));
        found.extend(after("Brell", "Brell spoke", Person));
        found.extend(after("Vask", "Vask left", Person));
        found.extend(after("Pak", "Pak smiled", Person));
        found.sort_by_key(|m| m.span.start());
        let roles = [role(&a, "Governor Tamsin", "governor", "Velmora", Some("Tamsin"))];
        let ca = cleaned(&a);
        let inputs = [ArticleInput { roles: &roles, ..input(&a, &ca, &found) }];
        let kinds: BTreeMap<String, String> =
            entities(&inputs).into_iter().map(|e| (e.name, e.kind)).collect();
        let kind = |name: &str| kinds.get(name).map_or("-", String::as_str);
        // The shortened bank and team are no people.
        assert_eq!(kind("Velmora"), "ORG");
        assert_eq!(kind("Orsk Bank"), "ORG");
        // "Dana" opens a person's name, and joins it; "Ilse" is a given name; the story calls
        // Tamsin governor.
        assert_eq!((kind("Dana"), kind("Dana Pell")), ("-", "PER"));
        assert_eq!(kind("Ilse Corvane"), "PER");
        assert_eq!(kind("Tamsin"), "PER");
        // No longer name: a lowercase word, a possessive, a given name written the Korean way.
        assert_eq!(kind("Brell"), "PER");
        assert_eq!(kind("Vask"), "PER");
        assert_eq!(kind("Pak"), "PER");
    }

    #[test]
    fn a_surname_tagged_as_an_organisation_joins_the_person() {
        use EntityKind::{Location, Organisation, Person};
        let a = raw(1, "Ardo Velm spoke in Orn. Velm's campaign said more.");
        let ma = mentions(&a, &[("Ardo Velm", Person), ("Orn", Location), ("Velm", Organisation)]);
        // An acronym stays itself beside a name ending in its letters.
        let b = raw(2, "The UN met Tarun Ki-un.");
        let mb = mentions(&b, &[("UN", Organisation), ("Tarun Ki-un", Person)]);
        let cb = cleaned(&b);
        let kinds: Vec<(String, String)> =
            entities(&[input(&b, &cb, &mb)]).into_iter().map(|e| (e.name, e.kind)).collect();
        assert!(kinds.contains(&("UN".to_owned(), "ORG".to_owned())), "{kinds:?}");
        let ca = cleaned(&a);
        let found: Vec<(String, String, usize)> = entities(&[input(&a, &ca, &ma)])
            .into_iter()
            .map(|e| (e.name, e.kind, e.mentions.len()))
            .collect();
        // "Velm" in "Velm's campaign", tagged as an organisation, joins Ardo Velm (beside the
        // surname found in the text) instead of standing as an organisation; a place keeps its
        // own name.
        assert_eq!(
            found,
            [
                ("Ardo Velm".to_owned(), "PER".to_owned(), 3),
                ("Orn".to_owned(), "LOC".to_owned(), 1)
            ]
        );
    }

    #[test]
    fn a_family_name_written_first_joins_its_person() {
        use EntityKind::{Organisation, Person};
        // "Tarun" of "Tarun Ki-sol" is the family name, tagged as an organisation: it joins the
        // full name. A person's one-word name that opens one longer name ("Oskar" of "Oskar
        // Benn") joins it; one that opens two ("Ilse") stays apart, and so does an organisation
        // opening a name written the western way ("Harbour" of "Harbour Lenz").
        let a = raw(
            1,
            "Tarun Ki-sol met Oskar Benn. Tarun told reporters. Oskar left. Ilse Dorn and Ilse \
             Marr spoke; Ilse wept. Harbour Lenz ran the Harbour.",
        );
        let ma = mentions(
            &a,
            &[
                ("Tarun Ki-sol", Person),
                ("Oskar Benn", Person),
                ("Tarun", Organisation),
                ("Oskar", Person),
                ("Ilse Dorn", Person),
                ("Ilse Marr", Person),
                ("Ilse", Person),
                ("Harbour Lenz", Person),
                ("Harbour", Organisation),
            ],
        );
        let ca = cleaned(&a);
        let found: Vec<(String, usize)> = entities(&[input(&a, &ca, &ma)])
            .into_iter()
            .map(|e| (e.name, e.mentions.len()))
            .collect();
        // (The helper marks every occurrence of a mention's text: "Tarun" twice, "Oskar" twice.)
        assert!(found.contains(&("Tarun Ki-sol".to_owned(), 3)), "{found:?}");
        assert!(found.contains(&("Oskar Benn".to_owned(), 3)), "{found:?}");
        assert!(found.iter().any(|(name, _)| name == "Ilse"), "{found:?}");
        assert!(found.iter().any(|(name, _)| name == "Harbour"), "{found:?}");
    }

    #[test]
    fn mentions_group_into_entities_with_surnames_initials_and_majority_kinds() {
        use EntityKind::{Location, Miscellaneous, Organisation, Person};
        let a = raw(1, "Ardo Velm met Tasha Orn in Korrin. Velm said the U.S. would help.");
        let b = raw(2, "Velm and Orn left Korrin for the US; Korrin's council stayed.");
        let c = raw(3, "Ilsa Orn and Tasha Orn spoke.");
        let ma = mentions(
            &a,
            &[
                ("Ardo Velm", Person),
                ("Tasha Orn", Person),
                ("Korrin", Location),
                ("U.S.", Location),
            ],
        );
        let mut ma = ma;
        ma.push(Mention {
            doc_id: a.id.clone(),
            span: Span::new(35, 39).unwrap(),
            text: "Velm".to_owned(),
            kind: Person,
        });
        let mb = mentions(
            &b,
            &[("Velm", Person), ("Orn", Person), ("Korrin's", Organisation), ("US", Location)],
        );
        let mut mb = mb;
        mb.extend(mentions(&b, &[("Korrin ", Miscellaneous)]));
        let (ca, cb) = (cleaned(&a), cleaned(&b));
        let inputs = [input(&a, &ca, &ma), input(&b, &cb, &mb)];
        let found: Vec<(String, String, usize, usize)> = entities(&inputs)
            .into_iter()
            .map(|e| (e.name, e.kind, e.mentions.len(), e.n_articles))
            .collect();
        let expected = [
            // "Velm" joins "Ardo Velm"; "Orn" joins "Tasha Orn", the only longer name ending so.
            ("Ardo Velm", "PER", 3, 2),
            // Korrin: LOC once, ORG once ("Korrin's"), MISC once: the tie goes to the first kind
            // in `EntityKind::ALL`, an organisation.
            ("Korrin", "ORG", 3, 2),
            ("Tasha Orn", "PER", 2, 2),
            ("U.S.", "LOC", 2, 2),
        ];
        let expected: Vec<(String, String, usize, usize)> = expected
            .iter()
            .map(|(n, k, m, a)| ((*n).to_owned(), (*k).to_owned(), *m, *a))
            .collect();
        assert_eq!(found, expected);
        // An acronym joins the one longer name it spells, under that name.
        let d = raw(4, "The Korrin Harbour Board met. The KHB said the UN and the U.N. agreed.");
        let md = mentions(
            &d,
            &[
                ("Korrin Harbour Board", Organisation),
                ("KHB", Organisation),
                ("UN", Organisation),
                ("U.N.", Organisation),
            ],
        );
        let cd = cleaned(&d);
        let inputs = [input(&d, &cd, &md)];
        let found: Vec<(String, usize)> =
            entities(&inputs).into_iter().map(|e| (e.name, e.mentions.len())).collect();
        assert_eq!(found, [("Korrin Harbour Board".to_owned(), 2), ("U.N.".to_owned(), 2)]);
        // With a second "… Orn", the lone "Orn" stays apart.
        let cc = cleaned(&c);
        let mc = mentions(&c, &[("Ilsa Orn", Person), ("Tasha Orn", Person)]);
        let inputs = [input(&b, &cb, &mb), input(&c, &cc, &mc)];
        let names: Vec<String> = entities(&inputs).into_iter().map(|e| e.name).collect();
        assert!(names.contains(&"Orn".to_owned()), "{names:?}");
        // Unless one of them is named three times as often as the others together.
        let mc = mentions(
            &c,
            &[
                ("Ilsa Orn", Person),
                ("Tasha Orn", Person),
                ("Tasha Orn", Person),
                ("Tasha Orn", Person),
            ],
        );
        let inputs = [input(&b, &cb, &mb), input(&c, &cc, &mc)];
        let names: Vec<String> = entities(&inputs).into_iter().map(|e| e.name).collect();
        assert!(!names.contains(&"Orn".to_owned()), "{names:?}");
    }

    #[test]
    fn a_name_with_a_middle_initial_is_the_name_without_it() {
        use EntityKind::Person;
        let a = raw(1, "Tor B. Velm spoke. Tor Velm left. Tor Velm came back.");
        let ma = mentions(&a, &[("Tor B. Velm", Person), ("Tor Velm", Person)]);
        let ca = cleaned(&a);
        let inputs = [input(&a, &ca, &ma)];
        let found: Vec<(String, usize)> =
            entities(&inputs).into_iter().map(|e| (e.name, e.mentions.len())).collect();
        assert_eq!(found, [("Tor Velm".to_owned(), 3)]);
        // Two different initials: the short name could be either.
        let b = raw(2, "Tor B. Velm and Tor K. Velm met Tor Velm.");
        let mb =
            mentions(&b, &[("Tor B. Velm", Person), ("Tor K. Velm", Person), ("Tor Velm", Person)]);
        let cb = cleaned(&b);
        let inputs = [input(&b, &cb, &mb)];
        assert_eq!(entities(&inputs).len(), 3);
    }

    #[test]
    fn pronouns_stand_for_the_person_named_last_that_agrees() {
        use EntityKind::Person;
        let text = "Mr. Ola Brenn met Ms. Mara Velt. She said the ferry would run. Brenn thanked \
                    her, and he said “she is wrong” about him. Velm, who briefed him, left.";
        let a = raw(1, text);
        let ma = mentions(&a, &[("Ola Brenn", Person), ("Mara Velt", Person), ("Velm", Person)]);
        let mut ca = cleaned(&a);
        ca.paragraphs = vec![Span::new(0, text.len()).unwrap()];
        let inputs = [input(&a, &ca, &ma)];
        let pronouns = |name: &str| -> Vec<String> {
            entities(&inputs)
                .into_iter()
                .find(|e| e.name == name)
                .unwrap()
                .mentions
                .into_iter()
                .filter(|m| !m.text.starts_with(char::is_uppercase) || m.text == "She")
                .map(|m| m.text)
                .collect()
        };
        // "She" and "her" stand for Ms. Velt, "he" passes over her; "she"
        // inside quotation marks is the speaker's; "him" is not the subject of its clause.
        assert_eq!(pronouns("Mara Velt"), ["She", "her"]);
        assert_eq!(pronouns("Ola Brenn"), ["he", "him", "him"]);
    }

    #[test]
    fn a_subject_pronoun_passes_over_quoted_names_and_takes_the_first_named_of_its_sentence() {
        use EntityKind::Person;
        let first = "Though the pier was Ms. Tessa Brenn's idea, Ms. Mara Velt closed it for \
                     Ms. Ilse Dorn.";
        let second = "“I met Ms. Tova Sand today,” she said.";
        let text = format!("{first}\n{second}");
        let a = raw(1, &text);
        let people = [
            ("Tessa Brenn", Person),
            ("Mara Velt", Person),
            ("Ilse Dorn", Person),
            ("Tova Sand", Person),
        ];
        let ma = mentions(&a, &people);
        let mut ca = cleaned(&a);
        ca.paragraphs = vec![
            Span::new(0, first.len()).unwrap(),
            Span::new(first.len() + 1, text.len()).unwrap(),
        ];
        let inputs = [input(&a, &ca, &ma)];
        let found = entities(&inputs);
        let owner = found.iter().find(|e| e.mentions.iter().any(|m| m.text == "she"));
        // Not Sand (named inside the quotation), nor Dorn (named last), nor Brenn (a
        // possessor): Velt, the first person her sentence names.
        assert_eq!(owner.map(|e| e.name.as_str()), Some("Mara Velt"));
    }

    #[test]
    fn the_story_s_pronouns_give_its_people_a_gender_and_subjects_come_first() {
        use EntityKind::Person;
        let with_paragraphs = |n: u8, paragraphs: &[&str]| {
            let doc = raw(n, &paragraphs.join("\n"));
            let mut clean = cleaned(&doc);
            let mut at = 0;
            for paragraph in paragraphs {
                clean.paragraphs.push(Span::new(at, at + paragraph.len()).unwrap());
                at += paragraph.len() + 1;
            }
            (doc, clean)
        };
        let (a, ca) = with_paragraphs(
            1,
            &[
                "Velt opened the hearing. She said the pier would close.",
                "The harbour was quiet all week.",
                "Brenn runs the board. He said the board would pay.",
                "Velt spoke after the break. Brenn answered her questions. She said it was wrong.",
                "Sand said Ekk's plan was late. He left early.",
            ],
        );
        let (b, cb) = with_paragraphs(
            2,
            &["Velt closed the pier.", "The board met.", "The vote was late.", "He said no."],
        );
        let people = [("Velt", Person), ("Brenn", Person), ("Sand", Person), ("Ekk", Person)];
        let (ma, mb) = (mentions(&a, &people), mentions(&b, &people));
        let piece = |doc: &RawDocument, text: &str, nth: usize| {
            let at = doc.text.match_indices(text).nth(nth).unwrap().0;
            Piece { span: Span::new(at, at + text.len()).unwrap(), text: text.to_owned() }
        };
        // Each source "she"/"he" comes with the article's own guess: the person named last.
        let said = |doc: &RawDocument, source: Piece, guess: Piece| Quote {
            doc_id: doc.id.clone(),
            kind: parallax_model::QuoteKind::Indirect,
            source: Some(source),
            cue: Some(piece(doc, "said", 0)),
            content: vec![piece(doc, "was", 0)],
            speaker: Some(guess),
            group: Vec::new(),
        };
        let qa = vec![said(&a, piece(&a, "She", 1), piece(&a, "Brenn", 1))];
        let qb = vec![said(&b, piece(&b, "He", 0), piece(&b, "Velt", 0))];
        let mut inputs = [input(&a, &ca, &ma), input(&b, &cb, &mb)];
        inputs[0].quotes = &qa;
        inputs[1].quotes = &qb;
        let (found, genders) = entities_and_genders(&inputs);
        let pronouns = |name: &str| -> Vec<(String, usize)> {
            let entity = found.iter().find(|e| e.name == name).unwrap();
            entity
                .mentions
                .iter()
                .filter(|m| m.text != name)
                .map(|m| (m.text.clone(), m.start))
                .collect()
        };
        let at = |part: &str, nth: usize| (part.to_owned(), piece(&a, part, nth).span.start());
        // "She" opens a sentence after Velt alone: Velt is a woman, Brenn ("He") a man. So
        // the fourth paragraph's "her" and "She" pass over Brenn, its nearest subject.
        assert_eq!(genders.get("Velt"), Some(&Gender::Female));
        assert_eq!(genders.get("Brenn"), Some(&Gender::Male));
        assert_eq!(pronouns("Velt"), [at("She", 0), at("her", 0), at("She", 1)]);
        assert_eq!(pronouns("Brenn"), [at("He", 0)]);
        // "He" prefers Sand, the subject, to Ekk, nearer but a possessive.
        assert_eq!(pronouns("Sand"), [at("He", 1)]);
        assert!(pronouns("Ekk").is_empty());
        // A quote's "She" is whom the story's pronouns resolve it to, not the article's guess;
        // a "He" whose guess is a woman, with nobody near it, names no one.
        let index = EntityIndex::new(&found).with_genders(genders);
        let quoted = quotes(&inputs, &index);
        assert_eq!(quoted[0].speaker.as_deref(), Some("Velt"));
        assert!(quoted[0].speaker_resolved);
        assert_eq!(quoted[1].speaker.as_deref(), Some("He"));
        assert!(!quoted[1].speaker_resolved);
    }

    fn role(
        doc: &RawDocument,
        phrase: &str,
        role: &str,
        country: &str,
        person: Option<&str>,
    ) -> RoleMention {
        let start = doc.text.find(phrase).unwrap();
        let span = Span::new(start, start + phrase.len()).unwrap();
        let person = person.map(|name| {
            let at = doc.text.get(start..).unwrap().find(name).unwrap() + start;
            Piece { span: Span::new(at, at + name.len()).unwrap(), text: name.to_owned() }
        });
        RoleMention {
            doc_id: doc.id.clone(),
            span,
            text: phrase.to_owned(),
            role: role.to_owned(),
            country: Some(country.to_owned()),
            organisation: None,
            person,
        }
    }

    #[test]
    fn role_phrases_resolve_to_the_one_person_with_that_role_and_quotes_to_their_speaker() {
        use EntityKind::Person;
        let a = raw(1, "Ardanian President Tor Velm met Ardanian minister Ivo Sand.");
        let b =
            raw(2, "The Ardanian President said talks went well. The Ardanian minister agreed.");
        let c = raw(3, "Velm left. The Ardanian leader said he was tired.");
        let ma = mentions(&a, &[("Tor Velm", Person), ("Ivo Sand", Person)]);
        let mc = mentions(&c, &[("Velm", Person)]);
        let ra = vec![
            role(&a, "Ardanian President", "president", "Ardania", Some("Tor Velm")),
            role(&a, "Ardanian minister", "minister", "Ardania", Some("Ivo Sand")),
        ];
        let rb = vec![
            role(&b, "The Ardanian President", "president", "Ardania", None),
            role(&b, "The Ardanian minister", "minister", "Ardania", None),
        ];
        let rc = vec![role(&c, "The Ardanian leader", "leader", "Ardania", None)];
        let said = |doc: &RawDocument, source: &str, speaker: &str| {
            let piece = |text: &str| {
                let at = doc.text.find(text).unwrap();
                Piece { span: Span::new(at, at + text.len()).unwrap(), text: text.to_owned() }
            };
            Quote {
                doc_id: doc.id.clone(),
                kind: parallax_model::QuoteKind::Indirect,
                source: Some(piece(source)),
                cue: Some(piece("said")),
                content: vec![piece("talks went well")],
                speaker: Some(piece(speaker)),
                group: Vec::new(),
            }
        };
        let qb = vec![said(&b, "The Ardanian President", "The Ardanian President")];
        let (ca, cb, cc) = (cleaned(&a), cleaned(&b), cleaned(&c));
        let mut inputs = [input(&a, &ca, &ma), input(&b, &cb, &[]), input(&c, &cc, &mc)];
        inputs[0].roles = &ra;
        inputs[1].roles = &rb;
        inputs[1].quotes = &qb;
        inputs[2].roles = &rc;
        let found = entities(&inputs);
        let velm = found.iter().find(|e| e.name == "Tor Velm").unwrap();
        // Named in a and c, and "The Ardanian President" in b; "the Ardanian leader" in c
        // is the one head of state of Ardania.
        assert_eq!(velm.n_articles, 3);
        assert_eq!(velm.roles, ["president (Ardania)"]);
        let texts: Vec<&str> = velm.mentions.iter().map(|m| m.text.as_str()).collect();
        assert!(
            texts.contains(&"The Ardanian President") && texts.contains(&"The Ardanian leader")
        );
        let sand = found.iter().find(|e| e.name == "Ivo Sand").unwrap();
        assert_eq!(sand.n_articles, 2, "the minister phrase names its one minister");
        let quoted = quotes(&inputs, &EntityIndex::new(&found));
        assert_eq!(quoted.len(), 1);
        assert_eq!(quoted[0].speaker.as_deref(), Some("Tor Velm"));
        assert!(quoted[0].speaker_resolved);

        // With two Ardanian presidents named, the bare phrase stays unresolved.
        let d = raw(4, "Ardanian President Ola Ness spoke.");
        let md = mentions(&d, &[("Ola Ness", Person)]);
        let rd = vec![role(&d, "Ardanian President", "president", "Ardania", Some("Ola Ness"))];
        let cd = cleaned(&d);
        let mut more = inputs.to_vec();
        more.push(input(&d, &cd, &md));
        more[3].roles = &rd;
        let found = entities(&more);
        let velm = found.iter().find(|e| e.name == "Tor Velm").unwrap();
        assert_eq!(velm.n_articles, 2, "ambiguous role phrases are left alone");
        let quoted = quotes(&more, &EntityIndex::new(&found));
        assert_eq!(quoted[0].speaker.as_deref(), Some("The Ardanian President"));
        assert!(!quoted[0].speaker_resolved);
    }

    #[test]
    fn a_bare_role_resolves_to_the_one_person_with_that_title_or_a_narrower_one() {
        use EntityKind::Person;
        let a = raw(1, "Transport Minister Aldo Renz visited the pier.");
        let b = raw(2, "The minister said talks went well.");
        let ma = mentions(&a, &[("Aldo Renz", Person)]);
        let bare = |doc: &RawDocument, phrase: &str, title: &str| RoleMention {
            country: None,
            ..role(doc, phrase, title, "", None)
        };
        let ra = vec![RoleMention {
            country: None,
            ..role(&a, "Transport Minister", "transport minister", "", Some("Aldo Renz"))
        }];
        let rb = vec![bare(&b, "The minister", "minister")];
        let (ca, cb) = (cleaned(&a), cleaned(&b));
        let mut inputs = [input(&a, &ca, &ma), input(&b, &cb, &[])];
        inputs[0].roles = &ra;
        inputs[1].roles = &rb;
        let found = entities(&inputs);
        let renz = found.iter().find(|e| e.name == "Aldo Renz").unwrap();
        assert_eq!(renz.n_articles, 2, "the minister is the transport minister");
        // A deputy minister holds another office: "the minister" stays unresolved.
        let ra = vec![RoleMention {
            country: None,
            ..role(&a, "Transport Minister", "deputy transport minister", "", Some("Aldo Renz"))
        }];
        inputs[0].roles = &ra;
        let found = entities(&inputs);
        let renz = found.iter().find(|e| e.name == "Aldo Renz").unwrap();
        assert_eq!(renz.n_articles, 1);
    }

    #[test]
    fn a_plural_source_lists_the_story_entities_it_stands_for() {
        use EntityKind::Person;
        let a =
            raw(1, "Ardanian President Tor Velm met Ivo Sand. Both leaders said talks went well.");
        let ma = mentions(&a, &[("Tor Velm", Person), ("Ivo Sand", Person)]);
        let ra = vec![role(&a, "Ardanian President", "president", "Ardania", Some("Tor Velm"))];
        let piece = |text: &str| {
            let at = a.text.find(text).unwrap();
            Piece { span: Span::new(at, at + text.len()).unwrap(), text: text.to_owned() }
        };
        let quote = |group: Vec<Piece>| Quote {
            doc_id: a.id.clone(),
            kind: parallax_model::QuoteKind::Indirect,
            source: Some(piece("Both leaders")),
            cue: Some(piece("said")),
            content: vec![piece("talks went well")],
            speaker: None,
            group,
        };
        let qa = vec![quote(vec![piece("Ardanian President Tor Velm"), piece("Ivo Sand")])];
        let ca = cleaned(&a);
        let mut inputs = [input(&a, &ca, &ma)];
        inputs[0].roles = &ra;
        inputs[0].quotes = &qa;
        let found = entities(&inputs);
        let quoted = quotes(&inputs, &EntityIndex::new(&found));
        assert_eq!(quoted[0].speaker.as_deref(), Some("Both leaders"));
        assert!(!quoted[0].speaker_resolved);
        assert_eq!(quoted[0].speakers, ["Tor Velm", "Ivo Sand"]);
        // No group: the field is absent from the JSON.
        let qa = vec![quote(Vec::new())];
        inputs[0].quotes = &qa;
        let quoted = quotes(&inputs, &EntityIndex::new(&found));
        assert!(quoted[0].speakers.is_empty());
        assert!(!serde_json::to_string(&quoted[0]).unwrap().contains("speakers"));
    }

    #[test]
    fn a_source_written_as_a_persons_surname_names_that_person() {
        let entity = |name: &str, kind: &str| EntityDto {
            name: name.to_owned(),
            kind: kind.to_owned(),
            n_articles: 1,
            roles: Vec::new(),
            mentions: Vec::new(),
        };
        let found = [
            entity("Tor Velm", "PER"),
            entity("Ivo Sand", "PER"),
            entity("Ola Sand", "PER"),
            entity("Velm", "LOC"),
        ];
        let index = EntityIndex::new(&found);
        let named = |text: &str| index.person_named(text).map(|e| e.name.as_str());
        assert_eq!(named("Velm’s"), Some("Tor Velm"));
        assert_eq!(named("Velm"), Some("Tor Velm"));
        assert_eq!(named("Ivo Sand's"), Some("Ivo Sand"));
        assert_eq!(named("Sand"), None, "two people are called Sand");
        assert_eq!(named("velm"), None);
        assert_eq!(named("the Velm council"), None);
    }

    #[test]
    fn a_piece_names_the_entity_at_its_span_else_the_first_person_overlapping_it() {
        let mention = |doc: &str, start: usize, end: usize| MentionDto {
            doc_id: doc.to_owned(),
            text: String::new(),
            start,
            end,
        };
        let entity = |name: &str, kind: &str, mentions: Vec<MentionDto>| EntityDto {
            name: name.to_owned(),
            kind: kind.to_owned(),
            n_articles: 1,
            roles: Vec::new(),
            mentions,
        };
        let id = |hex: &str| DocId::from_hex(&hex.repeat(16)).unwrap();
        let (a, b) = (id("a"), id("b"));
        // "Kestrel Mayor Tor Velm": a place inside a source that names a person.
        let found = [
            entity("Kestrel", "LOC", vec![mention(a.as_str(), 0, 7)]),
            entity("Tor Velm", "PER", vec![mention(a.as_str(), 14, 22), mention(b.as_str(), 0, 8)]),
            entity("Ivo Sand", "PER", vec![mention(a.as_str(), 20, 30)]),
        ];
        let index = EntityIndex::new(&found);
        let piece = |start: usize, end: usize| Piece {
            span: Span::new(start, end).unwrap(),
            text: String::new(),
        };
        let at = |doc: &DocId, start: usize, end: usize| {
            index.at(doc, &piece(start, end)).map(|e| e.name.as_str())
        };
        assert_eq!(at(&a, 0, 7), Some("Kestrel"), "exactly a mention");
        assert_eq!(at(&a, 0, 22), Some("Tor Velm"), "the first person overlapping");
        assert_eq!(at(&a, 24, 30), Some("Ivo Sand"));
        assert_eq!(at(&b, 0, 8), Some("Tor Velm"));
        assert_eq!(at(&b, 20, 30), None, "another document's mentions");
    }
}
