use std::collections::{BTreeMap, HashSet};

use parallax_model::RawDocument;
use parallax_text::{fnv1a_str, lines, match_key};

use crate::CleanConfig;
use crate::outlet::{inline_tag, source_line, url_host};

/// Paragraphs recognised as boilerplate from the corpus itself: each seen in enough unrelated
/// documents. Keys are hashes of [`parallax_text::match_key`]; the value is the number of unrelated
/// documents it was seen in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Boilerplate {
    seen_in: BTreeMap<u64, usize>,
}

impl Boilerplate {
    /// In how many unrelated documents the paragraph with this match key was seen, when it is
    /// boilerplate.
    pub fn lookup(&self, key: &str) -> Option<usize> {
        self.seen_in.get(&fnv1a_str(key)).copied()
    }

    /// Number of boilerplate paragraphs known.
    pub fn len(&self) -> usize {
        self.seen_in.len()
    }

    /// True when no boilerplate is known.
    pub fn is_empty(&self) -> bool {
        self.seen_in.is_empty()
    }
}

struct DocLines {
    outlet: Option<String>,
    keys: HashSet<u64>,
}

/// Learns boilerplate from a corpus: a paragraph (of at least `min_repeat_words` words) is
/// boilerplate when it appears in `boilerplate_min_docs_any_outlet` documents, or in
/// `boilerplate_min_docs_same_outlet` documents of one known outlet, that are not copies of each other
/// (copies share more than `copy_paragraph_share` of their paragraphs, and wire copy must never be
/// mistaken for boilerplate). The result does not depend on the order of `documents`.
pub fn learn_boilerplate(documents: &[&RawDocument], config: &CleanConfig) -> Boilerplate {
    let mut sorted: Vec<&RawDocument> = documents.to_vec();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    sorted.dedup_by(|a, b| a.id == b.id);
    let docs: Vec<DocLines> = sorted.iter().map(|doc| doc_lines(doc, config)).collect();
    let mut holders: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
    for (doc_idx, doc) in docs.iter().enumerate() {
        let mut keys: Vec<u64> = doc.keys.iter().copied().collect();
        keys.sort_unstable();
        for key in keys {
            holders.entry(key).or_default().push(doc_idx);
        }
    }
    let mut seen_in = BTreeMap::new();
    for (key, holder_idxs) in holders {
        if holder_idxs.len()
            < config.boilerplate_min_docs_same_outlet.min(config.boilerplate_min_docs_any_outlet)
        {
            continue;
        }
        if let Some(count) = unrelated_support(&docs, &holder_idxs, config) {
            seen_in.insert(key, count);
        }
    }
    Boilerplate { seen_in }
}

/// Counts the holders that are not copies of an earlier-counted holder, and says whether that count
/// passes either threshold. Stops early once the any-outlet threshold is reached.
fn unrelated_support(docs: &[DocLines], holders: &[usize], config: &CleanConfig) -> Option<usize> {
    let mut picked: Vec<usize> = Vec::new();
    for &candidate in holders {
        let is_copy = picked.iter().any(|&other| {
            let (a, b) = (&docs[candidate].keys, &docs[other].keys);
            let shared = a.intersection(b).count();
            let smaller = a.len().min(b.len()).max(1);
            #[expect(clippy::cast_precision_loss, reason = "a share of counts")]
            let share = shared as f64 / smaller as f64;
            share > config.copy_paragraph_share
        });
        if !is_copy {
            picked.push(candidate);
        }
        if picked.len() >= config.boilerplate_min_docs_any_outlet {
            return Some(picked.len());
        }
    }
    let mut per_outlet: BTreeMap<&str, usize> = BTreeMap::new();
    for &idx in &picked {
        if let Some(outlet) = docs[idx].outlet.as_deref() {
            *per_outlet.entry(outlet).or_default() += 1;
        }
    }
    per_outlet
        .values()
        .any(|&count| count >= config.boilerplate_min_docs_same_outlet)
        .then_some(picked.len())
}

fn doc_lines(doc: &RawDocument, config: &CleanConfig) -> DocLines {
    let mut outlet = doc.meta.outlet.clone().or_else(|| doc.meta.url.as_deref().and_then(url_host));
    let mut keys = HashSet::new();
    for line in lines(&doc.text) {
        if outlet.is_none() {
            outlet = source_line(line.text).or_else(|| inline_tag(line.text).map(|tag| tag.outlet));
        }
        let key = match_key(line.text);
        if key.split(' ').count() >= config.min_repeat_words {
            keys.insert(fnv1a_str(&key));
        }
    }
    DocLines { outlet, keys }
}
