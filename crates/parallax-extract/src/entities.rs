//! Entity mentions: tagged token runs with their kind and raw span.

use parallax_model::{CleanDocument, EntityKind, Mention, RawDocument, Span};

use crate::tagger::{NerModel, TAGS};
use parallax_text::{bio_chunks, sentence_spans};

use crate::article::{in_document, read_regions};
use crate::tokens::{covering, tokenize};

/// A run of tokens `start..end` of one kind, from BIO tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Chunk {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// The kind.
    pub kind: EntityKind,
}

/// The entity chunks of a BIO tag sequence, as conlleval reads it
/// ([`parallax_text::bio_chunks`]); chunks of unknown kinds are left out.
pub fn chunks<S: AsRef<str>>(tags: &[S]) -> Vec<Chunk> {
    bio_chunks(tags)
        .into_iter()
        .filter_map(|(kind, start, end)| {
            EntityKind::parse(&kind).map(|kind| Chunk { start, end, kind })
        })
        .collect()
}

/// A named entity mentioned in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityMention {
    /// Its bytes in the text.
    pub span: Span,
    /// Its words as written.
    pub text: String,
    /// Its kind.
    pub kind: EntityKind,
}

/// The entity mentions of a text, tagged sentence by sentence
/// ([`parallax_text::sentence_spans`]).
pub fn find_entities(model: &NerModel, text: &str) -> Vec<EntityMention> {
    let mut mentions = Vec::new();
    for sentence_span in sentence_spans(text) {
        let Some(sentence_text) = sentence_span.slice(text) else { continue };
        let sentence = tokenize(sentence_text);
        let words: Vec<&str> = sentence.iter().map(|token| token.text).collect();
        let tags: Vec<&str> = model.tag(&words).into_iter().map(|tag| TAGS[tag]).collect();
        for chunk in chunks(&tags) {
            let chunk_span = covering(&sentence, chunk.start, chunk.end);
            if let Some(span) = chunk_span.and_then(|found| in_document(sentence_span, found)) {
                mentions.push(EntityMention {
                    span,
                    text: span.slice(text).unwrap_or_default().to_owned(),
                    kind: chunk.kind,
                });
            }
        }
    }
    mentions
}

/// The entity mentions of an article: its title and each kept paragraph are tagged, and every
/// mention carries its span in the raw document.
pub fn document_mentions(
    model: &NerModel,
    raw: &RawDocument,
    cleaned: &CleanDocument,
) -> Vec<Mention> {
    let mut mentions = Vec::new();
    for (region, text) in read_regions(raw, cleaned) {
        for found in find_entities(model, text) {
            if let Some(span) = in_document(region, found.span) {
                mentions.push(Mention {
                    doc_id: raw.id.clone(),
                    span,
                    text: found.text,
                    kind: found.kind,
                });
            }
        }
    }
    mentions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_follow_conlleval() {
        let tags = ["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "B-ORG", "B-ORG", "I-MISC"];
        let found: Vec<(usize, usize, &str)> =
            chunks(&tags).iter().map(|c| (c.start, c.end, c.kind.as_str())).collect();
        assert_eq!(
            found,
            [(0, 2, "PER"), (3, 5, "LOC"), (5, 6, "ORG"), (6, 7, "ORG"), (7, 8, "MISC")]
        );
    }
}

#[cfg(test)]
mod bundled_model_tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, &'static str)> {
        let model = NerModel::bundled().unwrap();
        find_entities(&model, text)
            .into_iter()
            .map(|mention| (mention.text, mention.kind.as_str()))
            .collect()
    }

    #[test]
    fn the_bundled_model_finds_invented_names() {
        let text = "Mayor Ardo Velmsen of Korrinbad met officials of the Velmora Harbour \
            Authority on Friday, Reuters reported.\nThe council in Dunmere said Tasha Orn would \
            lead the Korrinbad Shipping Company.";
        let expected = [
            ("Ardo Velmsen", "PER"),
            ("Korrinbad", "LOC"),
            ("Velmora Harbour Authority", "ORG"),
            ("Reuters", "ORG"),
            ("Dunmere", "LOC"),
            ("Tasha Orn", "PER"),
            ("Korrinbad Shipping Company", "ORG"),
        ];
        let expected: Vec<(String, &str)> =
            expected.iter().map(|(text, kind)| ((*text).to_owned(), *kind)).collect();
        assert_eq!(found(text), expected);
        // Spans point into the text.
        let model = NerModel::bundled().unwrap();
        for mention in find_entities(&model, text) {
            assert_eq!(mention.span.slice(text), Some(mention.text.as_str()));
        }
    }
}
