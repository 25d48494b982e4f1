//! The comparison views of a story, built on `parallax-compare`: which claims the origins share,
//! how the figures of each measure relate, and which quotes several outlets report (with word
//! diffs).

use std::collections::{BTreeMap, BTreeSet};

use parallax_compare::{
    ClaimClass, FigureValue, OutletText, QuoteView, SentenceView, agreement, align_claims,
    compare_figures, framing_terms, quote_groups, word_diff,
};
use parallax_model::{Date, DocId};

use crate::build::ArticleInput;
use crate::schema::v1::{
    ClaimDto, DiffPieceDto, EntityDto, FigureGroupDto, FigurePairDto, FramingTermDto, MentionDto,
    OutletFramingDto, QuoteDto, QuoteGroupDto, QuoteMemberDto,
};

/// Pronouns are not voices: "he" in one outlet and "he" in another need not be one person.
const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i"];

/// The loose key of a voice: lowercase words without possessives ("Russia's" is "russia").
fn voice_key(text: &str) -> String {
    let words: Vec<String> = parallax_text::words(text)
        .iter()
        .map(|word| parallax_text::strip_possessive(word).to_lowercase())
        .collect();
    words.join(" ")
}

fn doc_index(articles: &[ArticleInput<'_>], doc_id: &str) -> usize {
    articles.iter().position(|a| a.raw.id.as_str() == doc_id).unwrap_or(usize::MAX)
}

/// The words of a text inside quotation marks (straight, curly or guillemets), pieces joined by
/// spaces.
fn quoted_words(text: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for ch in text.chars() {
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
/// agreement.
pub(crate) fn relate_figures(groups: &mut [FigureGroupDto], articles: &[ArticleInput<'_>]) {
    for group in groups {
        let values: Vec<FigureValue> = group
            .figures
            .iter()
            .map(|figure| FigureValue {
                doc: doc_index(articles, &figure.doc_id),
                low: figure.low,
                high: figure.high,
                low_open: figure.qualifier == "more-than",
                high_open: figure.qualifier == "less-than",
                as_of: figure.as_of.as_deref().and_then(Date::parse_iso),
            })
            .collect();
        let pairs = compare_figures(&values);
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
    entities: &[EntityDto],
) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for input in articles {
        for role in input.roles {
            let (Some(person), Some(organisation)) = (&role.person, &role.organisation) else {
                continue;
            };
            let doc = role.doc_id.to_string();
            let owner = entities.iter().find(|e| {
                e.mentions.iter().any(|m| {
                    m.doc_id == doc && m.start == person.span.start() && m.end == person.span.end()
                })
            });
            if let Some(entity) = owner {
                out.entry(entity.name.clone()).or_default().insert(voice_key(organisation));
            }
        }
    }
    out
}

/// Groups the quotes of one voice that two or more articles report, each diffed word by word
/// against the group's first quote.
pub(crate) fn group_quotes(
    quotes: &[QuoteDto],
    entities: &[EntityDto],
    articles: &[ArticleInput<'_>],
) -> Vec<QuoteGroupDto> {
    let speaks_for = organisations(articles, entities);
    let texts: Vec<String> = quotes
        .iter()
        .map(|q| q.content.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join(" … "))
        .collect();
    let quoted: Vec<String> = texts.iter().map(|text| quoted_words(text)).collect();
    let views: Vec<QuoteView<'_>> = quotes
        .iter()
        .zip(texts.iter().zip(&quoted))
        .map(|(quote, (text, quoted))| {
            let mut speakers = Vec::new();
            if let Some(speaker) = &quote.speaker {
                let key = voice_key(speaker);
                if !PRONOUNS.contains(&key.as_str()) && !key.is_empty() {
                    speakers.push(key);
                }
                if quote.speaker_resolved {
                    speakers.extend(speaks_for.get(speaker).into_iter().flatten().cloned());
                }
            }
            QuoteView { doc: doc_index(articles, &quote.doc_id), speakers, text, quoted }
        })
        .collect();
    let outlet = |doc_id: &str| {
        articles
            .iter()
            .find(|a| a.raw.id.as_str() == doc_id)
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
            let docs: BTreeSet<&DocId> = group
                .members
                .iter()
                .filter_map(|&m| articles.get(views[m].doc).map(|a| &a.raw.id))
                .collect();
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
                        outlet: outlet(&quotes[m].doc_id),
                        text: texts[m].clone(),
                        diff: if position == 0 {
                            Vec::new()
                        } else {
                            word_diff(first, &texts[m])
                                .into_iter()
                                .map(|piece| DiffPieceDto {
                                    kind: piece.kind.as_str().to_owned(),
                                    text: piece.text,
                                })
                                .collect()
                        },
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The story's claims: every sentence of every article's kept paragraphs, aligned across
/// origins; consensus first, then partial, then single-origin, each in text order.
pub(crate) fn claims(articles: &[ArticleInput<'_>]) -> Vec<ClaimDto> {
    let mut origin_ids: Vec<Option<&parallax_model::OriginId>> = Vec::new();
    let mut spans: Vec<(usize, parallax_model::Span)> = Vec::new();
    let mut views: Vec<SentenceView<'_>> = Vec::new();
    for (doc, input) in articles.iter().enumerate() {
        // An article without an origin is an origin of its own.
        let origin = match input.origin_id {
            Some(id) => origin_ids.iter().position(|o| *o == Some(id)).unwrap_or_else(|| {
                origin_ids.push(Some(id));
                origin_ids.len() - 1
            }),
            None => {
                origin_ids.push(None);
                origin_ids.len() - 1
            }
        };
        for paragraph in &input.cleaned.paragraphs {
            let Some(text) = paragraph.slice(&input.raw.text) else { continue };
            for sentence in parallax_text::sentence_spans(text) {
                let Some(words) = sentence.slice(text) else { continue };
                let start = paragraph.start() + sentence.start();
                let Some(span) = parallax_model::Span::new(start, start + sentence.len()) else {
                    continue;
                };
                spans.push((doc, span));
                views.push(SentenceView { doc, origin, text: words });
            }
        }
    }
    let mut out: Vec<(ClaimClass, ClaimDto)> = align_claims(&views, origin_ids.len())
        .into_iter()
        .map(|claim| {
            let mut outlets: Vec<String> = Vec::new();
            let sentences = claim
                .members
                .iter()
                .map(|&m| {
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

/// Per outlet, the terms it favours against the story's other outlets (log-odds with an
/// informative Dirichlet prior), each use with its raw span; outlets in story order.
pub(crate) fn framing(articles: &[ArticleInput<'_>]) -> Vec<OutletFramingDto> {
    let mut outlets: Vec<&str> = Vec::new();
    let mut places: Vec<(usize, parallax_model::Span)> = Vec::new();
    let mut texts: Vec<OutletText<'_>> = Vec::new();
    for (doc, input) in articles.iter().enumerate() {
        let name = input.cleaned.outlet.name.as_str();
        let outlet = outlets.iter().position(|o| *o == name).unwrap_or_else(|| {
            outlets.push(name);
            outlets.len() - 1
        });
        for paragraph in &input.cleaned.paragraphs {
            let Some(text) = paragraph.slice(&input.raw.text) else { continue };
            texts.push(OutletText { outlet, text_id: places.len(), text });
            places.push((doc, *paragraph));
        }
    }
    let found = framing_terms(&texts, outlets.len());
    outlets
        .iter()
        .enumerate()
        .filter_map(|(outlet, name)| {
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
                        .filter_map(|(text_id, span)| {
                            let (doc, paragraph) = places.get(*text_id)?;
                            let input = &articles[*doc];
                            let start = paragraph.start() + span.start();
                            let raw = parallax_model::Span::new(start, start + span.len())?;
                            Some(MentionDto {
                                doc_id: input.raw.id.to_string(),
                                text: raw.slice(&input.raw.text)?.to_owned(),
                                start: raw.start(),
                                end: raw.end(),
                            })
                        })
                        .collect(),
                })
                .collect();
            (!terms.is_empty()).then(|| OutletFramingDto { outlet: (*name).to_owned(), terms })
        })
        .collect()
}
