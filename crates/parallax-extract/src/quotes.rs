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

/// The quotes of an article (attributions with content). A quote's speaker is the entity named in its source (the longest
/// person mention, else a role phrase's person, else an organisation), a role phrase in its
/// source (resolved across the story later), or for "he"/"she" the person named last before it.
pub fn document_quotes(
    model: &AttributionModel,
    raw: &RawDocument,
    cleaned: &CleanDocument,
    mentions: &[Mention],
    roles: &[RoleMention],
) -> Vec<Quote> {
    let mut out = Vec::new();
    for (region, text) in read_regions(raw, cleaned) {
        let entities = mentions_in(region, mentions);
        for found in model.attributions_with_entities(text, &entities) {
            let moved = |span: Span| in_document(region, span);
            let source = found.source.and_then(moved);
            let content: Vec<Piece> =
                found.content.iter().filter_map(|s| moved(*s)).map(|s| piece(raw, s)).collect();
            // A quote needs words quoted and someone or something that says them: an
            // attribution whose content the tagger missed ("the Kremlin said." before a
            // paragraph break) is no quote to show.
            if content.is_empty() || (source.is_none() && found.cue.is_none()) {
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
            });
        }
    }
    out
}

/// The name a source span resolves to inside its article: the longest person mention in it, a
/// role phrase's person, the role phrase, an organisation, or for "he"/"she" the person last
/// named before it. A source naming several people ("Pezeshkian and Netanyahu") resolves to
/// none of them.
pub(crate) fn speaker(
    raw: &RawDocument,
    source: Span,
    mentions: &[Mention],
    roles: &[RoleMention],
) -> Option<Span> {
    let people = mentions
        .iter()
        .filter(|m| m.kind == EntityKind::Person)
        .map(|m| m.span)
        .chain(roles.iter().map(|r| r.span));
    if names_several(&raw.text, source, people) {
        return None;
    }
    let inside = |kind: EntityKind| {
        mentions
            .iter()
            .filter(|m| m.kind == kind && source.contains(m.span))
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
    if let Some(organisation) = inside(EntityKind::Organisation) {
        return Some(organisation);
    }
    let word = source.slice(&raw.text).unwrap_or_default().trim().to_lowercase();
    if PERSON_PRONOUNS.contains(&word.as_str()) {
        return mentions
            .iter()
            .filter(|m| m.kind == EntityKind::Person && m.span.end() <= source.start())
            .max_by_key(|m| m.span.end())
            .map(|m| m.span);
    }
    None
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
}
