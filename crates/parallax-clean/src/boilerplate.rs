use std::collections::{BTreeMap, HashMap, HashSet};

use parallax_model::RawDocument;
use parallax_text::{fnv1a_str, is_stopword, lines, match_key};

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

/// The words of a document, to tell whether two documents tell one story: each word id with the
/// number of its lines holding it (sorted by id), and the words of each line that other
/// documents hold too.
struct Topic {
    words: Vec<(u32, u32)>,
    shared_lines: Vec<(u64, Vec<u32>)>,
}

/// Word ids and how many documents hold each word.
#[derive(Default)]
struct Vocabulary {
    ids: HashMap<u64, u32>,
    document_frequency: Vec<u32>,
}

impl Vocabulary {
    fn id(&mut self, word: &str) -> u32 {
        let next = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
        let id = *self.ids.entry(fnv1a_str(word)).or_insert(next);
        if id == next {
            self.document_frequency.push(0);
        }
        id
    }
}

/// The topic words of one line: content words (no stopwords) of three letters or more.
fn topic_words(key: &str) -> impl Iterator<Item = &str> {
    key.split(' ').filter(|word| {
        word.chars().count() >= 3 && word.chars().all(char::is_alphabetic) && !is_stopword(word)
    })
}

/// Learns boilerplate from a corpus: a paragraph (of at least `min_repeat_words` words) is
/// boilerplate when it appears in `boilerplate_min_docs_any_outlet` documents, or in
/// `boilerplate_min_docs_same_outlet` documents of one known outlet, that are unrelated: neither
/// copies of each other (copies share more than `copy_paragraph_share` of their paragraphs, and
/// wire copy must never be mistaken for boilerplate) nor two reports of one story (their other
/// words as alike as `related_topic_similarity`: outlets rewriting one wire story share its
/// sentences, a quote or a background paragraph). The result does not depend on the order of
/// `documents`.
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
    let min_holders =
        config.boilerplate_min_docs_same_outlet.min(config.boilerplate_min_docs_any_outlet);
    holders.retain(|_, holder_idxs| holder_idxs.len() >= min_holders.max(2));
    // Topics only of the documents that share a paragraph, and word weights from them: in a
    // crawl nearly every document shares a footer, and the rest cost nothing.
    let mut holder_docs: Vec<usize> = holders.values().flatten().copied().collect();
    holder_docs.sort_unstable();
    holder_docs.dedup();
    let mut vocabulary = Vocabulary::default();
    let topics: HashMap<usize, Topic> = holder_docs
        .iter()
        .map(|&doc_idx| (doc_idx, topic(sorted[doc_idx], &holders, &mut vocabulary)))
        .collect();
    #[expect(clippy::cast_precision_loss, reason = "document counts")]
    let idf: Vec<f64> = {
        let n = holder_docs.len() as f64 + 1.0;
        vocabulary.document_frequency.iter().map(|&df| (n / f64::from(df.max(1))).ln()).collect()
    };
    let mut corpus = Corpus { docs: &docs, topics: &topics, idf: &idf, known: HashMap::new() };
    let mut seen_in = BTreeMap::new();
    for (key, holder_idxs) in &holders {
        if let Some(count) = unrelated_support(&mut corpus, holder_idxs, config) {
            seen_in.insert(*key, count);
        }
    }
    Boilerplate { seen_in }
}

struct Corpus<'c> {
    docs: &'c [DocLines],
    topics: &'c HashMap<usize, Topic>,
    idf: &'c [f64],
    /// Pairs already compared (documents sharing several paragraphs meet once per paragraph).
    known: HashMap<(usize, usize), bool>,
}

impl Corpus<'_> {
    /// Whether two documents are copies of each other or two reports of one story.
    fn related(&mut self, a: usize, b: usize, config: &CleanConfig) -> bool {
        let pair = (a.min(b), a.max(b));
        if let Some(&known) = self.known.get(&pair) {
            return known;
        }
        let related = self.compare(a, b, config);
        self.known.insert(pair, related);
        related
    }

    fn compare(&self, a: usize, b: usize, config: &CleanConfig) -> bool {
        let (keys_a, keys_b) = (&self.docs[a].keys, &self.docs[b].keys);
        let shared = keys_a.intersection(keys_b).count();
        let smaller = keys_a.len().min(keys_b.len()).max(1);
        #[expect(clippy::cast_precision_loss, reason = "a share of counts")]
        let share = shared as f64 / smaller as f64;
        if share > config.copy_paragraph_share {
            return true;
        }
        let (Some(topic_a), Some(topic_b)) = (self.topics.get(&a), self.topics.get(&b)) else {
            return false;
        };
        // The words of the lines each holds apart from the other's: what they share says
        // nothing of the story.
        let own_a = own_words(topic_a, keys_b);
        let own_b = own_words(topic_b, keys_a);
        let weight = |words: &[u32]| words.iter().map(|&id| self.idf[id as usize]).sum::<f64>();
        let (weight_a, weight_b) = (weight(&own_a), weight(&own_b));
        if weight_a <= 0.0 || weight_b <= 0.0 {
            // Nothing but shared lines: nothing tells them apart.
            return true;
        }
        // Both lists are sorted by id: walk them together.
        let (mut common, mut j) = (0.0, 0);
        for &id in &own_a {
            while j < own_b.len() && own_b[j] < id {
                j += 1;
            }
            if own_b.get(j) == Some(&id) {
                common += self.idf[id as usize];
            }
        }
        common / (weight_a * weight_b).sqrt() >= config.related_topic_similarity
    }
}

/// The words of a document outside its lines whose keys are in `other_keys`, sorted by id.
fn own_words(topic: &Topic, other_keys: &HashSet<u64>) -> Vec<u32> {
    let mut left: HashMap<u32, u32> = HashMap::new();
    for (key, ids) in &topic.shared_lines {
        if other_keys.contains(key) {
            for &id in ids {
                *left.entry(id).or_default() += 1;
            }
        }
    }
    topic
        .words
        .iter()
        .filter(|(id, lines)| left.get(id).is_none_or(|&gone| gone < *lines))
        .map(|&(id, _)| id)
        .collect()
}

/// Counts the holders that are not related to an earlier-counted holder, and says whether that
/// count passes either threshold. Stops early once the any-outlet threshold is reached.
fn unrelated_support(
    corpus: &mut Corpus<'_>,
    holders: &[usize],
    config: &CleanConfig,
) -> Option<usize> {
    let mut picked: Vec<usize> = Vec::new();
    for &candidate in holders {
        if !picked.iter().any(|&other| corpus.related(candidate, other, config)) {
            picked.push(candidate);
        }
        if picked.len() >= config.boilerplate_min_docs_any_outlet {
            return Some(picked.len());
        }
    }
    let mut per_outlet: BTreeMap<&str, usize> = BTreeMap::new();
    for &idx in &picked {
        if let Some(outlet) = corpus.docs[idx].outlet.as_deref() {
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
        if key.split(' ').count() >= config.min_repeat_words && !is_time_of_day(&key) {
            keys.insert(fnv1a_str(&key));
        }
    }
    DocLines { outlet, keys }
}

/// Whether a paragraph's key is only a time of day ("9 05 p m", a live blog's entry stamp):
/// many blogs repeat the same times, which are their structure, not boilerplate.
fn is_time_of_day(key: &str) -> bool {
    key.split(' ').all(|word| {
        word.chars().all(|c| c.is_ascii_digit())
            || matches!(word, "a" | "p" | "m" | "am" | "pm" | "noon" | "et" | "est" | "edt" | "gmt")
    }) && key.chars().any(|c| c.is_ascii_digit())
}

/// A document's topic words, with the words of its lines that `holders` lists apart; counts
/// each of its words once in `vocabulary`.
fn topic(
    doc: &RawDocument,
    holders: &BTreeMap<u64, Vec<usize>>,
    vocabulary: &mut Vocabulary,
) -> Topic {
    let mut all: Vec<u32> = Vec::new();
    let mut shared_lines = Vec::new();
    for line in lines(&doc.text) {
        let key = match_key(line.text);
        let mut ids: Vec<u32> = topic_words(&key).map(|word| vocabulary.id(word)).collect();
        ids.sort_unstable();
        ids.dedup();
        all.extend_from_slice(&ids);
        let hash = fnv1a_str(&key);
        if holders.contains_key(&hash) {
            shared_lines.push((hash, ids));
        }
    }
    all.sort_unstable();
    let mut words: Vec<(u32, u32)> = Vec::new();
    for id in all {
        match words.last_mut() {
            Some((last, lines)) if *last == id => *lines += 1,
            _ => words.push((id, 1)),
        }
    }
    for &(id, _) in &words {
        vocabulary.document_frequency[id as usize] += 1;
    }
    Topic { words, shared_lines }
}
