use parallax_embed::{Embedder, MiniLm, ModelDir};

use crate::contextual::sentence_vectors;
use crate::embedding::{CacheUse, embed_inputs_cached};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::UNIX_EPOCH;

use rayon::prelude::*;

use parallax_clean::{clean, learn_boilerplate};
use parallax_cluster::{ClusterInput, Clusterer, DocumentFrequencies};
use parallax_dedup::{Fingerprint, OriginIndex, VersionInput, later_versions};
use parallax_extract::{
    ArticleReading, AttributionModel, ContextualLoaded, Figure, LoadedModel, LoadedPhrase, Mention,
    NerModel, Quote, RoleMention, TimeMention, document_figures, document_loaded,
    document_loaded_contextual, document_mentions, document_quotes, document_roles,
    document_times_anchored,
};
use parallax_ingest::{Read, discover, read_bytes, read_file};
use parallax_model::{CleanDocument, DocId, Outlet, PageStatus, RawDocument, Span, StoryId};
use parallax_store::{Assignment, Derived, Store, StoredStory};

use crate::{ClaimVectors, Error, PipelineConfig};

/// Words of a story title made from a lead when no member has a title.
const LEAD_TITLE_WORDS: usize = 12;

/// Documents cleaned between two progress reports.
const CLEAN_BATCH: usize = 512;

/// Progress of a long step, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// `done` of `total` files read.
    Reading {
        /// Files read so far.
        done: usize,
        /// Files in all.
        total: usize,
    },
    /// `done` of `total` documents cleaned.
    Cleaning {
        /// Documents cleaned so far.
        done: usize,
        /// Documents in all.
        total: usize,
    },
    /// Storing the inputs read.
    StoringInputs,
    /// Learning corpus boilerplate before cleaning.
    LearningBoilerplate,
    /// Grouping documents into origins and stories.
    Grouping,
    /// `done` of `total` articles embedded that the store's cache did not hold.
    Embedding {
        /// Articles embedded so far.
        done: usize,
        /// Articles to embed in all.
        total: usize,
    },
    /// Reading the articles: entity mentions.
    Extracting,
    /// Saving the derived results in one transaction.
    Saving,
    /// Building every story's report and writing the server's read views (reports, facets,
    /// full-text index).
    WritingViews,
    /// Done.
    Finished,
}

/// What a run did and what the store holds afterwards.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunSummary {
    /// Inputs read in this run: documents plus rejected inputs.
    pub n_read: usize,
    /// Of the documents read, how many were new to the store.
    pub n_new: usize,
    /// Inputs of this run set aside: rejected inputs plus documents that carry no article
    /// (earlier versions of a page aside).
    pub n_rejected: usize,
    /// Documents of this run that are earlier fetches of a page a later fetch stands for
    /// (status `superseded`; listed by `parallax rejects` but no fault of the input).
    pub n_superseded: usize,
    /// Documents in the store that carry an article.
    pub n_cleaned: usize,
    /// Junk spans removed from those documents.
    pub n_removals: usize,
    /// Removals per reason.
    pub removals_by_reason: BTreeMap<String, usize>,
    /// Stories in the store.
    pub n_stories: usize,
    /// Distinct outlets of the articles (`unknown` counted once).
    pub n_outlets: usize,
    /// Independent origins of the articles.
    pub n_origins: usize,
    /// Records of this run's inputs passed over on purpose (WARC request and metadata records,
    /// non-HTML responses), by kind.
    pub skipped: BTreeMap<String, usize>,
    /// How stories were grouped: `words`, `words + minilm embeddings`, or why a configured model
    /// could not be used.
    pub grouping: String,
    /// How loaded language was tagged: `plain`, `contextual (MiniLM word vectors)`, or why the
    /// configured model could not be used.
    pub loaded: String,
    /// How each story's claims were aligned: `words`, `words + static sentence vectors`, or why
    /// the configured table could not be used.
    pub claims: String,
    /// Articles whose reading (entities, quotes, dates, figures, loaded language) was taken over
    /// from the last rebuild: same cleaned text, same date, same reader.
    pub n_reading_reused: usize,
    /// Stories whose report was taken over from the last rebuild: the same program built it
    /// from the same story and inputs.
    pub n_reports_reused: usize,
    /// Nothing the stories are made from (stored documents, settings, program, models) changed
    /// since the last finished rebuild: its stories, readings and views were kept as they were.
    pub unchanged: bool,
}

impl std::fmt::Display for RunSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plural = |n: usize, word: &str| {
            if n == 1 { format!("{n} {word}") } else { format!("{n} {word}s") }
        };
        write!(
            f,
            "{} read ({} new), {} rejected, {} cleaned ({} junk spans removed), {}, {}, {}",
            plural(self.n_read, "document"),
            self.n_new,
            self.n_rejected,
            self.n_cleaned,
            self.n_removals,
            plural(self.n_stories, "story").replace("storys", "stories"),
            plural(self.n_outlets, "outlet"),
            plural(self.n_origins, "independent origin"),
        )?;
        if self.n_superseded > 0 {
            write!(f, ", {} superseded by a later fetch", self.n_superseded)?;
        }
        Ok(())
    }
}

/// Reads `paths` (files or folders, walked recursively) into the store and rebuilds stories.
pub fn ingest(
    store: &mut Store,
    paths: &[PathBuf],
    config: &PipelineConfig,
    progress: &mut dyn FnMut(Progress),
) -> Result<RunSummary, Error> {
    let files = discover(paths)?;
    let mut read = Read::default();
    for (idx, file) in files.iter().enumerate() {
        read.extend(read_file(file, &config.ingest));
        progress(Progress::Reading { done: idx + 1, total: files.len() });
    }
    store_and_rebuild(store, read, config, progress)
}

/// Like [`ingest`], for in-memory inputs named like files (the name picks the reader).
pub fn ingest_bytes(
    store: &mut Store,
    inputs: &[(&str, &[u8])],
    config: &PipelineConfig,
) -> Result<RunSummary, Error> {
    let mut read = Read::default();
    for (name, bytes) in inputs {
        read.extend(read_bytes(name, bytes, &config.ingest));
    }
    store_and_rebuild(store, read, config, &mut |_| {})
}

fn store_and_rebuild(
    store: &mut Store,
    read: Read,
    config: &PipelineConfig,
    progress: &mut dyn FnMut(Progress),
) -> Result<RunSummary, Error> {
    progress(Progress::StoringInputs);
    let n_new = store.insert_documents(&read.documents)?;
    store.insert_rejections(&read.rejections)?;
    let (embedder, mut grouping) = load_embedder(config);
    let (contextual, loaded) = load_contextual(config);
    let claim_vectors = ClaimVectors::load(config);
    let models = Models {
        embedder: embedder.as_deref(),
        contextual: contextual.as_ref(),
        claims: &claim_vectors,
    };
    let Rebuilt { derived, cache_use, reused, reports_reused, unchanged } =
        rebuild_with(store, config, &models, true, progress)?;
    if let Some(CacheUse { cached, computed }) = cache_use {
        grouping.push_str(&format!(" ({computed} embedded, {cached} from the store's cache)"));
    }
    let this_run: BTreeSet<&DocId> = read.documents.iter().map(|doc| &doc.id).collect();
    let set_aside: Vec<PageStatus> = derived
        .cleaned
        .iter()
        .filter(|doc| this_run.contains(&doc.doc_id) && !doc.status.carries_article())
        .map(|doc| doc.status)
        .collect();
    let n_superseded = set_aside.iter().filter(|&&s| s == PageStatus::Superseded).count();
    let set_aside_docs = set_aside.len() - n_superseded;
    let mut summary = summarise(&derived);
    summary.n_read = this_run.len() + read.rejections.len();
    summary.n_new = n_new;
    summary.n_rejected = read.rejections.len() + set_aside_docs;
    summary.n_superseded = n_superseded;
    summary.skipped = read.skipped;
    summary.grouping = grouping;
    summary.loaded = loaded;
    summary.claims = claim_vectors.description().to_owned();
    summary.n_reading_reused = reused;
    summary.n_reports_reused = reports_reused;
    summary.unchanged = unchanged;
    Ok(summary)
}

/// Loads the configured embedding model. A missing model is not an error: grouping falls back to
/// words, and the returned description says why.
fn load_embedder(config: &PipelineConfig) -> (Option<Box<dyn Embedder>>, String) {
    let Some(setting) = &config.embedding else {
        return (None, "words".to_owned());
    };
    match ModelDir::new(&setting.models).load(setting.kind) {
        Ok(model) => {
            let description = format!("words + {} embeddings", model.name());
            (Some(model), description)
        }
        Err(error) => (None, format!("words only ({error})")),
    }
}

/// Loads MiniLM for the contextual loaded-language tagger when configured. A missing model is
/// not an error: the tagger reads words alone, and the returned description says why.
fn load_contextual(config: &PipelineConfig) -> (Option<MiniLm>, String) {
    let Some(dir) = &config.contextual_loaded else {
        return (None, "plain".to_owned());
    };
    match MiniLm::load(dir) {
        Ok(model) => (Some(model), "contextual (MiniLM word vectors)".to_owned()),
        Err(error) => (None, format!("plain ({error})")),
    }
}

fn summarise(derived: &Derived) -> RunSummary {
    let articles: Vec<&CleanDocument> =
        derived.cleaned.iter().filter(|doc| doc.status.carries_article()).collect();
    let mut removals_by_reason = BTreeMap::new();
    for doc in &articles {
        for removal in &doc.removals {
            *removals_by_reason.entry(removal.reason.as_str().to_owned()).or_default() += 1;
        }
    }
    let outlets: BTreeSet<&str> = articles.iter().map(|doc| doc.outlet.name.as_str()).collect();
    let origins: BTreeSet<_> =
        derived.assignments.iter().filter_map(|a| a.origin_id.as_ref()).collect();
    RunSummary {
        n_cleaned: articles.len(),
        n_removals: removals_by_reason.values().sum(),
        removals_by_reason,
        n_stories: derived.stories.len(),
        n_outlets: outlets.len(),
        n_origins: origins.len(),
        ..RunSummary::default()
    }
}

/// Canonical processing order: publication date (undated last), then document id. Every
/// order-dependent step follows it, so the order of inputs never changes a result.
fn canonical_order(cleaned: &[CleanDocument]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..cleaned.len()).collect();
    order.sort_by(|&a, &b| {
        let (doc_a, doc_b) = (&cleaned[a], &cleaned[b]);
        let key = |doc: &CleanDocument| (doc.published.anchor().is_none(), doc.published.anchor());
        key(doc_a).cmp(&key(doc_b)).then_with(|| doc_a.doc_id.cmp(&doc_b.doc_id))
    });
    order
}

/// Recomputes everything derived from the stored documents (cleaning with corpus boilerplate,
/// origins, stories) and replaces it in the store in one transaction. Deterministic: the same
/// stored documents always give the same result, however they arrived. Always recomputes; an
/// ingest that adds nothing keeps the last rebuild instead ([`RunSummary::unchanged`]).
pub fn rebuild(
    store: &mut Store,
    config: &PipelineConfig,
    progress: &mut dyn FnMut(Progress),
) -> Result<Derived, Error> {
    let (embedder, _) = load_embedder(config);
    let (contextual, _) = load_contextual(config);
    let claims = ClaimVectors::load(config);
    let models =
        Models { embedder: embedder.as_deref(), contextual: contextual.as_ref(), claims: &claims };
    Ok(rebuild_with(store, config, &models, false, progress)?.derived)
}

/// The models a rebuild uses, each loaded once per run.
struct Models<'m> {
    /// Grouping's embeddings.
    embedder: Option<&'m dyn Embedder>,
    /// MiniLM for the contextual loaded-language tagger.
    contextual: Option<&'m MiniLm>,
    /// Sentence vectors for aligning claims.
    claims: &'m ClaimVectors,
}

fn rebuild_with(
    store: &mut Store,
    config: &PipelineConfig,
    models: &Models<'_>,
    reuse_unchanged: bool,
    progress: &mut dyn FnMut(Progress),
) -> Result<Rebuilt, Error> {
    let Models { embedder, contextual, claims } = *models;
    let documents = store.documents()?;
    let reader = reader_key(config, contextual.is_some());
    let key = rebuild_key(&reader, config, models, &documents);
    if reuse_unchanged && !key.is_empty() && store.rebuild_key()? == key {
        let derived = store.derived()?;
        let reused = derived.cleaned.iter().filter(|doc| doc.status.carries_article()).count();
        let reports_reused = derived.stories.len();
        progress(Progress::Finished);
        return Ok(Rebuilt { derived, cache_use: None, reused, reports_reused, unchanged: true });
    }
    let refs: Vec<&RawDocument> = documents.iter().collect();
    progress(Progress::LearningBoilerplate);
    let boilerplate = learn_boilerplate(&refs, &config.clean);
    // On all cores, a batch at a time so that progress can be told.
    let mut cleaned: Vec<CleanDocument> = Vec::with_capacity(documents.len());
    for batch in documents.chunks(CLEAN_BATCH) {
        cleaned.par_extend(batch.par_iter().map(|doc| clean(doc, &boilerplate, &config.clean)));
        progress(Progress::Cleaning { done: cleaned.len(), total: documents.len() });
    }
    progress(Progress::Grouping);
    let by_id: HashMap<&DocId, usize> =
        documents.iter().enumerate().map(|(idx, doc)| (&doc.id, idx)).collect();
    let superseded = supersede_earlier_versions(&documents, &mut cleaned, &by_id);
    let paragraph_dates = later_paragraph_dates(&documents, &cleaned, &by_id, &superseded);
    let mut duplicate_of = superseded;
    let order: Vec<usize> = canonical_order(&cleaned)
        .into_iter()
        .filter(|&idx| cleaned[idx].status.carries_article())
        .collect();

    let clean_texts: Vec<String> =
        order.par_iter().map(|&idx| cleaned[idx].clean_text(&documents[idx].text).text).collect();
    // Fingerprints on all cores; the index takes them in canonical order.
    let mut origin_index = OriginIndex::new(config.dedup.clone());
    let fingerprints: Vec<Fingerprint> =
        clean_texts.par_iter().map(|text| origin_index.fingerprint(text)).collect();
    for (&idx, fingerprint) in order.iter().zip(fingerprints) {
        origin_index.add_fingerprint(documents[idx].id.clone(), fingerprint);
    }
    let origins = origin_index.finish();
    for (copy, original) in &origins.exact_copies {
        duplicate_of.insert(copy.clone(), original.clone());
        if let Some(&idx) = by_id.get(copy) {
            let original_name = by_id
                .get(original)
                .map_or(original.short(), |&o| documents[o].meta.external_id.as_str());
            cleaned[idx].status = PageStatus::Duplicate;
            cleaned[idx].status_detail = format!("exact copy of {original_name}");
        }
    }
    let mut origin_of = HashMap::new();
    for origin in &origins.origins {
        for doc in &origin.docs {
            origin_of.insert(doc.clone(), origin.id.clone());
        }
    }

    let inputs: Vec<ClusterInput> = order
        .iter()
        .zip(&clean_texts)
        .map(|(&idx, text)| ClusterInput {
            doc_id: documents[idx].id.clone(),
            date: cleaned[idx].published.anchor(),
            title: cleaned[idx].title.as_ref().map(|t| t.text.clone()).unwrap_or_default(),
            text: text.clone(),
            embedding: None,
            language: cleaned[idx].language.clone(),
        })
        .collect();
    let mut inputs = inputs;
    let mut cluster_config = config.cluster.clone();
    let mut cache_use = None;
    if let (Some(embedder), Some(setting)) = (embedder, &config.embedding) {
        cache_use = Some(embed_inputs_cached(store, &mut inputs, embedder, progress)?);
        cluster_config = setting.tune(&config.cluster);
    }
    let frequencies = DocumentFrequencies::from_inputs(&inputs, &cluster_config);
    let mut clusterer = Clusterer::new(frequencies, cluster_config);
    clusterer.add_all(&inputs, &mut |_| {});
    let finished = clusterer.finish();
    let mut story_of = HashMap::new();
    for story in &finished {
        for doc in &story.docs {
            story_of.insert(doc.clone(), story.id.clone());
        }
    }
    let leads: HashMap<&DocId, &str> =
        inputs.iter().map(|input| (&input.doc_id, input.text.as_str())).collect();
    let stories: Vec<StoredStory> = finished
        .into_iter()
        .map(|story| {
            let title = story_title(&story.docs, &by_id, &cleaned, &leads);
            StoredStory { story, title }
        })
        .collect();
    let assignments = documents
        .iter()
        .map(|doc| Assignment {
            doc_id: doc.id.clone(),
            origin_id: origin_of.get(&doc.id).cloned(),
            story_id: story_of.get(&doc.id).cloned(),
            duplicate_of: duplicate_of.get(&doc.id).cloned(),
        })
        .collect();
    progress(Progress::Extracting);
    let story_dates: HashMap<&DocId, Option<parallax_model::Date>> = stories
        .iter()
        .flat_map(|stored| stored.story.docs.iter().map(|doc| (doc, stored.story.last_date)))
        .collect();
    let previous = if reader.is_empty() || store.reader()? != reader {
        PreviousReading::default()
    } else {
        PreviousReading::new(store.derived()?)
    };
    let reading = read_articles(
        &documents,
        &cleaned,
        &order,
        &story_dates,
        &paragraph_dates,
        contextual,
        &previous,
    )?;
    let reused = reading.taken_over.len();
    // Documents whose stored rows stay as they are: the same cleaning, and for an article a
    // reading taken over.
    let taken_over: HashSet<&DocId> = reading.taken_over.iter().collect();
    let unchanged: HashSet<DocId> = cleaned
        .iter()
        .filter(|clean| {
            previous.cleaned(&clean.doc_id) == Some(*clean)
                && (!clean.status.carries_article() || taken_over.contains(&clean.doc_id))
        })
        .map(|clean| clean.doc_id.clone())
        .collect();
    drop(taken_over);
    let derived = Derived {
        cleaned,
        assignments,
        stories,
        mentions: reading.mentions,
        times: reading.times,
        quotes: reading.quotes,
        roles: reading.roles,
        figures: reading.figures,
        loaded: reading.loaded,
    };
    progress(Progress::Saving);
    store.replace_derived_keeping(&derived, &reader, &unchanged)?;
    // The server's views: every story's report, its facets and the search index.
    progress(Progress::WritingViews);
    let snapshot = parallax_store::Snapshot { documents, rejections: Vec::new(), derived };
    // A story's report is taken over from the last rebuild when the same program built it from
    // the same inputs (none is, when the program cannot be told).
    let program = format!("{reader}\u{1f}claims {}", claims.identity());
    let program = (!reader.is_empty()).then_some(program.as_str());
    let mut stored = |story_id: &str, key: &str| Ok(store.stored_report(story_id, key)?);
    let views = crate::reports::story_views(&snapshot, program, claims, &mut stored)?;
    store.replace_views(&views.views)?;
    store.set_rebuild_key(&key)?;
    progress(Progress::Finished);
    Ok(Rebuilt {
        derived: snapshot.derived,
        cache_use,
        reused,
        reports_reused: views.reused,
        unchanged: false,
    })
}

/// Fetches of one page (`parallax_dedup::later_versions`, over the documents that carry an
/// article): the latest complete one stands for the article, and each other one is set aside as
/// `superseded`, naming it. Returns, for each of those, the one that stands for it.
fn supersede_earlier_versions(
    documents: &[RawDocument],
    cleaned: &mut [CleanDocument],
    by_id: &HashMap<&DocId, usize>,
) -> BTreeMap<DocId, DocId> {
    let when: Vec<Option<parallax_model::Date>> =
        documents.iter().zip(cleaned.iter()).map(|(doc, clean)| clean.seen_on(doc)).collect();
    let inputs: Vec<VersionInput<'_>> = documents
        .iter()
        .enumerate()
        .filter(|&(idx, _)| cleaned[idx].status.carries_article())
        .map(|(idx, doc)| VersionInput {
            id: &doc.id,
            url: doc.meta.url.as_deref(),
            when: when[idx],
            complete: cleaned[idx].status != PageStatus::Truncated,
            outlet: cleaned[idx].outlet.name.as_str(),
        })
        .collect();
    // Two fetches that only their article number links must say much the same: half the
    // content words of the shorter at least.
    let content_words = |idx: usize| -> BTreeSet<String> {
        let text = cleaned[idx].clean_text(&documents[idx].text).text;
        parallax_text::content_words(&text).into_iter().collect()
    };
    let related = |a: &DocId, b: &DocId| {
        let (Some(&a), Some(&b)) = (by_id.get(a), by_id.get(b)) else { return false };
        let (a, b) = (content_words(a), content_words(b));
        let shared = a.intersection(&b).count();
        !a.is_empty() && !b.is_empty() && shared * 2 >= a.len().min(b.len())
    };
    let later = later_versions(&inputs, &related);
    let mut out = BTreeMap::new();
    for (earlier, latest) in later {
        let (Some(&idx), Some(&latest_idx)) = (by_id.get(&earlier), by_id.get(&latest)) else {
            continue;
        };
        let date =
            |idx: usize| when[idx].map_or_else(|| "an unknown date".to_owned(), |d| d.to_string());
        let detail = format!(
            "another fetch of the page of {} ({}), which stands for the article ({}){}",
            documents[latest_idx].meta.external_id,
            date(idx),
            date(latest_idx),
            if cleaned[idx].status == PageStatus::Truncated {
                "; this fetch was cut off"
            } else {
                ""
            },
        );
        cleaned[idx].status = PageStatus::Superseded;
        cleaned[idx].status_detail = detail;
        out.insert(earlier, latest);
    }
    out
}

/// For each article that earlier fetches of its page stand behind (`superseded`: each earlier
/// fetch and the article), the paragraphs its first fetch did not have, each with the day of the
/// fetch that first had it, when that day is after the article's publication date: an updated
/// page keeps its publication date, and what was added on Saturday says "on Saturday" of that
/// day (`document_times_anchored`). Fetches after the article's own are not counted.
fn later_paragraph_dates(
    documents: &[RawDocument],
    cleaned: &[CleanDocument],
    by_id: &HashMap<&DocId, usize>,
    superseded: &BTreeMap<DocId, DocId>,
) -> HashMap<DocId, Vec<(Span, parallax_model::Date)>> {
    let mut versions: BTreeMap<&DocId, Vec<usize>> = BTreeMap::new();
    for (earlier, latest) in superseded {
        if let Some(&idx) = by_id.get(earlier) {
            versions.entry(latest).or_default().push(idx);
        }
    }
    let seen = |idx: usize| cleaned[idx].seen_on(&documents[idx]);
    let key = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = HashMap::new();
    for (latest, mut earlier) in versions {
        let Some(&article) = by_id.get(latest) else { continue };
        earlier.retain(|&idx| seen(idx) <= seen(article));
        earlier.sort_by(|&a, &b| {
            seen(a).cmp(&seen(b)).then_with(|| documents[a].id.cmp(&documents[b].id))
        });
        let fetches: Vec<(Option<parallax_model::Date>, BTreeSet<String>)> = earlier
            .iter()
            .map(|&idx| {
                let paragraphs = cleaned[idx]
                    .paragraphs
                    .iter()
                    .filter_map(|span| span.slice(&documents[idx].text))
                    .map(key)
                    .collect();
                (seen(idx), paragraphs)
            })
            .collect();
        let published = cleaned[article].published.anchor();
        let mut dates = Vec::new();
        for paragraph in &cleaned[article].paragraphs {
            let Some(text) = paragraph.slice(&documents[article].text) else { continue };
            let text = key(text);
            let first = match fetches.iter().position(|(_, paragraphs)| paragraphs.contains(&text))
            {
                Some(0) => continue,
                Some(fetch) => fetches[fetch].0,
                None => seen(article),
            };
            if let Some(day) =
                first.filter(|day| published.is_none_or(|published| *day > published))
            {
                dates.push((*paragraph, day));
            }
        }
        if !dates.is_empty() {
            out.insert(latest.clone(), dates);
        }
    }
    out
}

/// What [`rebuild_with`] made.
struct Rebuilt {
    derived: Derived,
    /// How the embedding cache served grouping, when embeddings were used.
    cache_use: Option<CacheUse>,
    /// Articles whose reading was taken over from the last rebuild.
    reused: usize,
    /// Stories whose report was taken over from the last rebuild.
    reports_reused: usize,
    /// The last rebuild was kept whole: nothing it was made from changed.
    unchanged: bool,
}

/// The fingerprint of what a rebuild is made from: the reader (program and tagger), the settings
/// of every stage after reading, the embedding model grouping uses, the sentence vectors claims
/// are aligned with, and every stored document (id, format, encoding and metadata; the id is the
/// hash of its bytes). Empty, so that no rebuild is kept, when the program cannot be told.
fn rebuild_key(
    reader: &str,
    config: &PipelineConfig,
    models: &Models<'_>,
    documents: &[RawDocument],
) -> String {
    if reader.is_empty() {
        return String::new();
    }
    struct Documents<'a>(&'a [RawDocument]);
    impl std::fmt::Display for Documents<'_> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            for doc in self.0 {
                write!(
                    f,
                    "{}\u{1f}{:?}\u{1f}{}\u{1f}{:?}\u{1e}",
                    doc.id, doc.format, doc.encoding, doc.meta
                )?;
            }
            Ok(())
        }
    }
    let model = models.embedder.map(|e| (e.name(), e.dim()));
    let claims = models.claims.identity();
    // The readers' settings (`config.ingest`) only decide what is stored: not part of it.
    let PipelineConfig {
        ingest: _,
        clean,
        dedup,
        cluster,
        embedding,
        contextual_loaded,
        claim_vectors,
    } = config;
    crate::fingerprint(format_args!(
        "{reader}\u{1f}{clean:?}{dedup:?}{cluster:?}{embedding:?}{contextual_loaded:?}\u{1f}{model:?}\u{1f}{claim_vectors:?} {claims}\u{1f}{}",
        Documents(documents)
    ))
}

/// Who reads the articles: this program (its version and executable file, since a rebuilt
/// binary may read differently) and the loaded-language tagger in use. The reading of an article
/// is reused only from a rebuild by the same reader. Empty, so that nothing is reused, when the
/// executable cannot be told.
fn reader_key(config: &PipelineConfig, contextual: bool) -> String {
    let Some(program) = this_program() else { return String::new() };
    let loaded = match (&config.contextual_loaded, contextual) {
        (Some(dir), true) => format!("contextual {}", dir.display()),
        _ => "plain".to_owned(),
    };
    format!("{program} {loaded}")
}

/// This program: version, executable path, size and modification time, as first seen by this
/// process (an executable replaced while a server runs does not pass for the code running).
fn this_program() -> Option<&'static str> {
    static PROGRAM: OnceLock<Option<String>> = OnceLock::new();
    PROGRAM
        .get_or_init(|| {
            let exe = std::env::current_exe().ok()?;
            let meta = std::fs::metadata(&exe).ok()?;
            let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
            Some(format!(
                "parallax {} {} {} {}",
                env!("CARGO_PKG_VERSION"),
                exe.display(),
                meta.len(),
                modified.as_nanos()
            ))
        })
        .as_deref()
}

/// Puts each item into its document's reading, in order (items of unknown documents are dropped).
fn sort_into<T>(
    by_doc: &mut HashMap<DocId, PastReading>,
    items: Vec<T>,
    doc: impl Fn(&T) -> &DocId,
    list: impl Fn(&mut Reading) -> &mut Vec<T>,
) {
    for item in items {
        if let Some((_, _, reading)) = by_doc.get_mut(doc(&item)) {
            list(reading).push(item);
        }
    }
}

/// An article's cleaned form, the date it was read against, and what reading it found.
type PastReading = (CleanDocument, Option<parallax_model::Date>, Reading);

/// The last rebuild's reading of each article, with what it was read from: the cleaned
/// article and the date an undated one was read against.
#[derive(Default)]
struct PreviousReading {
    by_doc: HashMap<DocId, PastReading>,
}

impl PreviousReading {
    fn new(derived: Derived) -> PreviousReading {
        let last_date: HashMap<&StoryId, Option<parallax_model::Date>> = derived
            .stories
            .iter()
            .map(|stored| (&stored.story.id, stored.story.last_date))
            .collect();
        let fallback: HashMap<&DocId, Option<parallax_model::Date>> = derived
            .assignments
            .iter()
            .filter_map(|a| Some((&a.doc_id, *last_date.get(a.story_id.as_ref()?)?)))
            .collect();
        let mut by_doc: HashMap<DocId, PastReading> = derived
            .cleaned
            .iter()
            .map(|doc| {
                let date = fallback.get(&doc.doc_id).copied().flatten();
                (doc.doc_id.clone(), (doc.clone(), date, Reading::default()))
            })
            .collect();
        sort_into(&mut by_doc, derived.mentions, |m| &m.doc_id, |r| &mut r.mentions);
        sort_into(&mut by_doc, derived.times, |t| &t.doc_id, |r| &mut r.times);
        sort_into(&mut by_doc, derived.quotes, |q| &q.doc_id, |r| &mut r.quotes);
        sort_into(&mut by_doc, derived.roles, |r| &r.doc_id, |r| &mut r.roles);
        sort_into(&mut by_doc, derived.figures, |f| &f.doc_id, |r| &mut r.figures);
        sort_into(&mut by_doc, derived.loaded, |l| &l.doc_id, |r| &mut r.loaded);
        PreviousReading { by_doc }
    }

    /// The document as the last rebuild cleaned it.
    fn cleaned(&self, doc_id: &DocId) -> Option<&CleanDocument> {
        self.by_doc.get(doc_id).map(|(clean, _, _)| clean)
    }

    /// The stored reading of an article read from the same cleaned text against the same date
    /// (its own, or for an undated one its story's).
    fn of(
        &self,
        clean: &CleanDocument,
        fallback: Option<parallax_model::Date>,
    ) -> Option<&Reading> {
        let (before, date, reading) = self.by_doc.get(&clean.doc_id)?;
        // Only an undated article is read against its story's date.
        let dated = clean.published.anchor().is_some();
        (before == clean && (dated || *date == fallback)).then_some(reading)
    }
}

/// What the reading stage found, each list by document then position.
#[derive(Default, Clone)]
struct Reading {
    mentions: Vec<Mention>,
    times: Vec<TimeMention>,
    quotes: Vec<Quote>,
    roles: Vec<RoleMention>,
    figures: Vec<Figure>,
    loaded: Vec<LoadedPhrase>,
    /// Articles whose reading was taken over from the last rebuild.
    taken_over: Vec<DocId>,
}

/// The reading stage over the articles: entity mentions, role phrases, quotes, time
/// expressions and figures of each, in document order. Time expressions of an undated article are read
/// against its story's latest date (the article is reported as undated; only its relative dates
/// use the guess). With MiniLM, loaded language is tagged with its word vectors too. An article
/// the last rebuild read from the same cleaned text against the same date, with the same reader,
/// is taken over from it instead of being read again.
fn read_articles(
    documents: &[RawDocument],
    cleaned: &[CleanDocument],
    order: &[usize],
    story_dates: &HashMap<&DocId, Option<parallax_model::Date>>,
    paragraph_dates: &HashMap<DocId, Vec<(Span, parallax_model::Date)>>,
    contextual: Option<&MiniLm>,
    previous: &PreviousReading,
) -> Result<Reading, Error> {
    let ner = NerModel::bundled()?;
    let attribution = AttributionModel::bundled()?;
    let loaded = LoadedModel::bundled()?;
    let regression = contextual.map(|_| ContextualLoaded::bundled()).transpose()?;
    let mut articles: Vec<usize> = order.to_vec();
    articles.sort_by(|&a, &b| documents[a].id.cmp(&documents[b].id));
    // Articles are read on all cores (each on its own) and gathered in document order.
    let read: Vec<Reading> = articles
        .par_iter()
        .map(|&idx| {
            let (raw, clean) = (&documents[idx], &cleaned[idx]);
            // An undated article is read against its story's latest date.
            let fallback = story_dates.get(&raw.id).copied().flatten();
            // Paragraphs a later fetch added are read against that fetch's day; such an article
            // is read again whenever it is rebuilt (its earlier fetches may have changed).
            let dates = paragraph_dates.get(&raw.id).map_or(&[][..], Vec::as_slice);
            if let Some(before) = previous.of(clean, fallback).filter(|_| dates.is_empty()) {
                return Reading { taken_over: vec![raw.id.clone()], ..before.clone() };
            }
            let mentions = document_mentions(&ner, raw, clean);
            let roles = document_roles(raw, clean, &mentions);
            let quotes = document_quotes(&attribution, raw, clean, &mentions, &roles);
            let times = document_times_anchored(raw, clean, fallback, dates);
            let article = ArticleReading {
                mentions: &mentions,
                times: &times,
                quotes: &quotes,
                roles: &roles,
            };
            let figures = document_figures(raw, clean, &article, fallback);
            let loaded = match (contextual, &regression) {
                (Some(minilm), Some(regression)) => {
                    let layers = usize::try_from(regression.layers).unwrap_or(0);
                    document_loaded_contextual(&loaded, regression, raw, clean, &|sentences| {
                        sentence_vectors(minilm, sentences, layers)
                    })
                }
                _ => document_loaded(&loaded, raw, clean),
            };
            Reading { mentions, times, quotes, roles, figures, loaded, ..Reading::default() }
        })
        .collect();
    let mut reading = Reading::default();
    for article in read {
        reading.taken_over.extend(article.taken_over);
        reading.figures.extend(article.figures);
        reading.loaded.extend(article.loaded);
        reading.times.extend(article.times);
        reading.quotes.extend(article.quotes);
        reading.mentions.extend(article.mentions);
        reading.roles.extend(article.roles);
    }
    Ok(reading)
}

/// The title of the earliest member that has one; else the opening words of the first lead.
fn story_title(
    members: &[DocId],
    by_id: &HashMap<&DocId, usize>,
    cleaned: &[CleanDocument],
    leads: &HashMap<&DocId, &str>,
) -> String {
    let titled = members
        .iter()
        .filter_map(|doc| by_id.get(doc))
        .find_map(|&idx| cleaned[idx].title.as_ref().map(|t| t.text.clone()));
    if let Some(title) = titled {
        return title;
    }
    let lead = members.first().and_then(|doc| leads.get(doc)).copied().unwrap_or_default();
    let words: Vec<&str> = lead.split_whitespace().collect();
    let mut title = words.iter().take(LEAD_TITLE_WORDS).copied().collect::<Vec<_>>().join(" ");
    if words.len() > LEAD_TITLE_WORDS {
        title.push('…');
    }
    if title.is_empty() { Outlet::UNKNOWN.to_owned() } else { title }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embedding::Counting;

    const ENGLISH: &str = "Velmora harbour pier closes after storm\nThe harbour council of Velmora \
        closed the old pier on Friday after engineers found deep cracks in two of its supports \
        during an inspection that followed the storm, and the ferry to Ardun will use the north \
        quay until repairs are finished, officials said on Saturday.";
    const GERMAN: &str = "Velmora schließt Hafensteg nach Sturm\nDer Hafenrat von Velmora hat den \
        alten Steg am Freitag geschlossen, nachdem Ingenieure bei einer Prüfung nach dem Sturm \
        tiefe Risse in zwei seiner Stützen gefunden hatten, und die Fähre nach Ardun legt bis \
        zum Ende der Reparaturen am Nordkai an, sagten Beamte am Samstag.";

    #[test]
    fn articles_get_a_language_and_languages_are_grouped_apart() {
        let mut store = Store::open_in_memory().unwrap();
        let english_copy = ENGLISH.replace("officials said", "the council said");
        let inputs = [
            ("en.txt", ENGLISH.as_bytes()),
            ("en2.txt", english_copy.as_bytes()),
            ("de.txt", GERMAN.as_bytes()),
        ];
        let summary = ingest_bytes(&mut store, &inputs, &PipelineConfig::default()).unwrap();
        assert_eq!(summary.n_stories, 2);
        let derived = rebuild(&mut store, &PipelineConfig::default(), &mut |_| {}).unwrap();
        let mut languages: Vec<&str> =
            derived.cleaned.iter().filter_map(|doc| doc.language.as_deref()).collect();
        languages.sort_unstable();
        assert_eq!(languages, ["deu", "eng", "eng"]);
    }

    #[test]
    fn unchanged_stories_keep_their_report_and_a_changed_story_is_built_again() {
        let config = PipelineConfig::default();
        let english_copy = ENGLISH.replace("officials said", "the council said");
        let first = [("en.txt", ENGLISH.as_bytes()), ("de.txt", GERMAN.as_bytes())];
        let second = [("en2.txt", english_copy.as_bytes())];
        let mut store = Store::open_in_memory().unwrap();
        let summary = ingest_bytes(&mut store, &first, &config).unwrap();
        assert_eq!((summary.n_stories, summary.n_reports_reused), (2, 0));
        let built = store.story_reports().unwrap();
        // The same inputs again: both reports are taken over, unchanged.
        let summary = ingest_bytes(&mut store, &first, &config).unwrap();
        assert_eq!(summary.n_reports_reused, 2);
        assert_eq!(store.story_reports().unwrap(), built);
        // A third article joins the English story: only that story is built again, and every
        // report equals what a store given all three articles at once builds.
        let summary = ingest_bytes(&mut store, &second, &config).unwrap();
        assert_eq!((summary.n_stories, summary.n_reports_reused), (2, 1));
        let mut fresh = Store::open_in_memory().unwrap();
        let all = [first[0], first[1], second[0]];
        assert_eq!(ingest_bytes(&mut fresh, &all, &config).unwrap().n_reports_reused, 0);
        let grown = store.story_reports().unwrap();
        assert_eq!(grown, fresh.story_reports().unwrap());
        assert_eq!(grown.len(), 2);
        assert_ne!(grown, built);
        // A stored report whose fingerprint does not match (another program wrote it) is built
        // again.
        let mut views = crate::reports::story_views(
            &store.snapshot().unwrap(),
            None,
            &ClaimVectors::words(),
            &mut |_, _| Ok(None),
        )
        .unwrap()
        .views;
        for view in &mut views {
            view.input_key = "written by another program".to_owned();
        }
        store.replace_views(&views).unwrap();
        let summary = ingest_bytes(&mut store, &[], &config).unwrap();
        assert_eq!(summary.n_reports_reused, 0);
        assert_eq!(store.story_reports().unwrap(), grown);
    }

    #[test]
    fn an_ingest_that_changes_nothing_keeps_the_last_rebuild() {
        let config = PipelineConfig::default();
        let first = [("en.txt", ENGLISH.as_bytes()), ("de.txt", GERMAN.as_bytes())];
        let mut store = Store::open_in_memory().unwrap();
        assert!(!ingest_bytes(&mut store, &first, &config).unwrap().unchanged);
        let (derived, reports) = (store.derived().unwrap(), store.story_reports().unwrap());
        // The same documents again, or none: the rebuild is kept, and the summary still counts
        // what the store holds.
        for again in [&first[..], &[]] {
            let summary = ingest_bytes(&mut store, again, &config).unwrap();
            assert!(summary.unchanged);
            assert_eq!((summary.n_cleaned, summary.n_stories), (2, 2));
            assert_eq!((summary.n_reading_reused, summary.n_reports_reused), (2, 2));
            assert_eq!(store.derived().unwrap(), derived);
            assert_eq!(store.story_reports().unwrap(), reports);
        }
        // Other settings, a new document, or derived tables written by anything but a finished
        // rebuild: everything is made again.
        let mut other = config.clone();
        other.cluster.join_threshold = 0.6;
        assert!(!ingest_bytes(&mut store, &[], &other).unwrap().unchanged);
        assert!(!ingest_bytes(&mut store, &[], &config).unwrap().unchanged);
        let copy = ENGLISH.replace("officials said", "the council said");
        let summary = ingest_bytes(&mut store, &[("en2.txt", copy.as_bytes())], &config).unwrap();
        assert!(!summary.unchanged);
        assert_eq!(summary.n_cleaned, 3);
        assert!(ingest_bytes(&mut store, &[], &config).unwrap().unchanged);
        let grown = store.derived().unwrap();
        store.replace_derived_read_by(&grown, &reader_key(&config, false)).unwrap();
        assert!(!ingest_bytes(&mut store, &[], &config).unwrap().unchanged);
        assert_eq!(store.derived().unwrap(), grown);
    }

    #[test]
    fn unchanged_articles_keep_their_reading_and_a_new_reader_reads_all_again() {
        let mut store = Store::open_in_memory().unwrap();
        let config = PipelineConfig::default();
        let english_copy = ENGLISH.replace("officials said", "the council said");
        let first = [("en.txt", ENGLISH.as_bytes()), ("de.txt", GERMAN.as_bytes())];
        let summary = ingest_bytes(&mut store, &first, &config).unwrap();
        assert_eq!(summary.n_reading_reused, 0, "a new store has nothing to take over");
        let fresh = store.derived().unwrap();
        assert!(!fresh.mentions.is_empty() && !fresh.times.is_empty());
        // The same inputs again: every article is taken over, and nothing changes.
        let summary = ingest_bytes(&mut store, &first, &config).unwrap();
        assert_eq!(summary.n_reading_reused, 2);
        assert_eq!(store.derived().unwrap(), fresh);
        // A new article is read; the others are taken over.
        let second = [("en2.txt", english_copy.as_bytes())];
        let summary = ingest_bytes(&mut store, &second, &config).unwrap();
        assert_eq!((summary.n_cleaned, summary.n_reading_reused), (3, 2));
        let grown = store.derived().unwrap();
        // Results stored by another reader are not taken over: everything is read again, and
        // gives what was taken over.
        store.replace_derived_read_by(&grown, "another reader").unwrap();
        let summary = ingest_bytes(&mut store, &[], &config).unwrap();
        assert_eq!(summary.n_reading_reused, 0);
        assert_eq!(store.derived().unwrap(), grown);
        // An article cleaned differently last time (here: with no paragraphs) is read again.
        let mut changed = grown.clone();
        changed.cleaned[0].paragraphs.clear();
        store.replace_derived_read_by(&changed, &reader_key(&config, false)).unwrap();
        let summary = ingest_bytes(&mut store, &[], &config).unwrap();
        assert_eq!(summary.n_reading_reused, 2);
        assert_eq!(store.derived().unwrap(), grown);
    }

    #[test]
    fn only_an_undated_article_is_read_again_for_a_new_story_date() {
        let mut store = Store::open_in_memory().unwrap();
        ingest_bytes(&mut store, &[("en.txt", ENGLISH.as_bytes())], &PipelineConfig::default())
            .unwrap();
        let derived = store.derived().unwrap();
        let undated = derived.cleaned[0].clone();
        assert_eq!(undated.published.anchor(), None);
        let (day, later) = (
            parallax_model::Date::from_ymd(2031, 4, 2),
            parallax_model::Date::from_ymd(2031, 4, 9),
        );
        let previous = PreviousReading::new(derived.clone());
        assert!(previous.of(&undated, None).is_some());
        assert!(previous.of(&undated, later).is_none(), "its story's date is its anchor");
        let mut dated = derived;
        dated.cleaned[0].published = parallax_model::PublishedDate::Exact(day.unwrap());
        let article = dated.cleaned[0].clone();
        let previous = PreviousReading::new(dated);
        assert!(previous.of(&article, later).is_some(), "its own date is its anchor");
        assert!(previous.of(&undated, None).is_none(), "cleaned differently");
    }

    #[test]
    fn contextual_loaded_language_reads_minilm_and_falls_back_without_it() {
        let text = "Thugs storm Velmora harbour\n\nA gang of violent thugs and vandals wrecked \
                    the Velmora harbour office on Friday in a disgraceful and cowardly attack, \
                    the harbour council said on Saturday.\n\nThe council called the attackers \
                    a mob of criminals who had terrorised the town for weeks, and promised that \
                    the despicable cowards would face justice before the summer ferry season \
                    begins in Velmora and Ardun.\n";
        let inputs = [("a.txt", text.as_bytes())];
        let run = |contextual_loaded: Option<PathBuf>| {
            let mut store = Store::open_in_memory().unwrap();
            let config = PipelineConfig { contextual_loaded, ..PipelineConfig::default() };
            let summary = ingest_bytes(&mut store, &inputs, &config).unwrap();
            (summary.loaded, store.snapshot().unwrap().derived.loaded)
        };
        let (plain, plain_found) = run(None);
        assert_eq!(plain, "plain");
        assert!(!plain_found.is_empty());
        // A model folder that is not there: said, and the words alone tag as before.
        let (missing, found) = run(Some(PathBuf::from("/nonexistent/minilm")));
        assert!(missing.starts_with("plain (") && missing.contains("nonexistent"), "{missing}");
        assert_eq!(found, plain_found);
        let models = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models");
        let minilm = parallax_embed::ModelDir::new(&models).minilm();
        if !minilm.join("model.safetensors").is_file() {
            eprintln!("SKIP: no MiniLM in {} (run scripts/fetch-models.sh)", minilm.display());
            return;
        }
        let (contextual, found) = run(Some(minilm));
        assert_eq!(contextual, "contextual (MiniLM word vectors)");
        let words: Vec<&str> = found.iter().map(|phrase| phrase.text.as_str()).collect();
        assert!(words.iter().any(|w| w.contains("thugs")), "{words:?}");
        for phrase in &found {
            assert_eq!(phrase.span.slice(text), Some(phrase.text.as_str()), "raw spans");
        }
    }

    #[test]
    fn a_declared_language_wins_over_identification() {
        let mut store = Store::open_in_memory().unwrap();
        let text = ENGLISH.replace('\n', "\\n");
        let line = format!("{{\"id\":\"a\",\"lang\":\"de\",\"text\":\"{text}\"}}\n");
        ingest_bytes(&mut store, &[("feed.jsonl", line.as_bytes())], &PipelineConfig::default())
            .unwrap();
        let derived = rebuild(&mut store, &PipelineConfig::default(), &mut |_| {}).unwrap();
        assert_eq!(derived.cleaned[0].language.as_deref(), Some("deu"));
    }

    #[test]
    fn quotes_and_roles_are_read_stored_and_read_back() {
        let mut store = Store::open_in_memory().unwrap();
        let text = "Harbour works halted in Dunmere\n\n\
                    Works on the Dunmere harbour wall stopped on Tuesday after a crane collapsed. \
                    Ardanian Transport Minister Ivo Sand visited the site on Wednesday.\n\n\
                    “We will rebuild the wall before winter,” Sand said. He added that the \
                    crane's owner would pay for the repairs.\n";
        ingest_bytes(&mut store, &[("a.txt", text.as_bytes())], &PipelineConfig::default())
            .unwrap();
        let derived = rebuild(&mut store, &PipelineConfig::default(), &mut |_| {}).unwrap();
        let direct = derived
            .quotes
            .iter()
            .find(|q| q.kind == parallax_model::QuoteKind::Direct)
            .expect("the direct quote is read");
        assert_eq!(direct.source.as_ref().map(|p| p.text.as_str()), Some("Sand"));
        assert!(direct.content[0].text.contains("We will rebuild the wall"));
        let raw = &store.snapshot().unwrap().documents[0];
        let bytes = store.raw_bytes(&raw.id).unwrap().unwrap();
        let content = direct.content[0].span;
        assert_eq!(
            std::str::from_utf8(&bytes[content.start()..content.end()]).unwrap(),
            direct.content[0].text,
            "spans point into the raw document"
        );
        let role = derived.roles.iter().find(|r| r.person.is_some()).expect("a title is read");
        assert_eq!(role.role, "transport minister");
        assert_eq!(role.person.as_ref().map(|p| p.text.as_str()), Some("Ivo Sand"));
        let snapshot = store.snapshot().unwrap();
        assert_eq!(snapshot.derived.quotes, derived.quotes);
        assert_eq!(snapshot.derived.roles, derived.roles);
    }

    #[test]
    fn a_plural_speaker_is_read_stored_and_read_back_with_its_people() {
        let mut store = Store::open_in_memory().unwrap();
        let text = "Talks in Dunmere\n\n\
                    Ardanian President Tor Velm met Velmoran Prime Minister Ola Ness in Dunmere \
                    on Tuesday, their first meeting since the border dispute began in the \
                    spring. Both leaders said that the talks had gone well.\n\n\
                    The two delegations will meet again in the autumn, officials said.\n";
        ingest_bytes(&mut store, &[("a.txt", text.as_bytes())], &PipelineConfig::default())
            .unwrap();
        let derived = rebuild(&mut store, &PipelineConfig::default(), &mut |_| {}).unwrap();
        let plural = derived
            .quotes
            .iter()
            .find(|q| q.source.as_ref().is_some_and(|s| s.text == "Both leaders"))
            .unwrap_or_else(|| panic!("no attribution to both leaders: {:#?}", derived.quotes));
        let people: Vec<&str> = plural.group.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(people.len(), 2, "{people:?}");
        assert!(people.iter().any(|p| p.contains("Tor Velm")), "{people:?}");
        assert!(people.iter().any(|p| p.contains("Ola Ness")), "{people:?}");
        assert_eq!(store.snapshot().unwrap().derived.quotes, derived.quotes);
    }

    #[test]
    fn figures_are_read_attributed_stored_and_read_back() {
        let mut store = Store::open_in_memory().unwrap();
        let text = "Floods in Dunmere\n\n\
                    Rain fell on the valley for nine days before the river broke its banks above \
                    the old mill, and the water reached the market square by the evening.\n\n\
                    At least 41 people have died in the Dunmere floods, according to the Ardanian \
                    Red Cross, and about 300 homes were damaged.\n\n\
                    “More than 2,000 residents were evacuated,” Mayor Ivo Sand said.\n";
        ingest_bytes(&mut store, &[("a.txt", text.as_bytes())], &PipelineConfig::default())
            .unwrap();
        let derived = rebuild(&mut store, &PipelineConfig::default(), &mut |_| {}).unwrap();
        let figure = |number: &str| {
            derived
                .figures
                .iter()
                .find(|f| f.number.text == number)
                .unwrap_or_else(|| panic!("{number}: {:?}", derived.figures))
                .clone()
        };
        let died = figure("41");
        assert_eq!(died.qualifier, parallax_model::Qualifier::AtLeast);
        assert_eq!(died.measure.as_deref(), Some("deaths"));
        assert!(
            died.attribution.as_ref().is_some_and(|a| a.text.contains("Red Cross")),
            "{died:?}"
        );
        let evacuated = figure("2,000");
        assert_eq!(evacuated.measure.as_deref(), Some("displaced"));
        assert!(
            evacuated.attributed_to.as_ref().is_some_and(|p| p.text.ends_with("Ivo Sand")),
            "{evacuated:?}"
        );
        assert_eq!(figure("300").qualifier, parallax_model::Qualifier::Approximate);
        let raw = &store.snapshot().unwrap().documents[0];
        assert_eq!(died.span.slice(&raw.text), Some(died.text.as_str()));
        assert_eq!(store.snapshot().unwrap().derived.figures, derived.figures);
    }

    #[test]
    fn embeddings_are_cached_in_the_store_and_computed_once() {
        let mut store = Store::open_in_memory().unwrap();
        let config = PipelineConfig {
            embedding: Some(crate::EmbeddingConfig {
                models: PathBuf::from("unused"),
                kind: parallax_embed::ModelKind::Static,
            }),
            ..PipelineConfig::default()
        };
        let words = PipelineConfig::default();
        let english_copy = ENGLISH.replace("officials said", "the council said");
        let first = [("en.txt", ENGLISH.as_bytes()), ("de.txt", GERMAN.as_bytes())];
        ingest_bytes(&mut store, &first, &words).unwrap();
        let embedder = Counting::default();
        let claims = ClaimVectors::words();
        let models = Models { embedder: Some(&embedder), contextual: None, claims: &claims };
        let used =
            rebuild_with(&mut store, &config, &models, false, &mut |_| {}).unwrap().cache_use;
        assert_eq!(used, Some(CacheUse { cached: 0, computed: 2 }));
        let used =
            rebuild_with(&mut store, &config, &models, false, &mut |_| {}).unwrap().cache_use;
        assert_eq!(used, Some(CacheUse { cached: 2, computed: 0 }));
        // A new document: only it is embedded.
        ingest_bytes(&mut store, &[("en2.txt", english_copy.as_bytes())], &words).unwrap();
        let Rebuilt { derived, cache_use: used, .. } =
            rebuild_with(&mut store, &config, &models, false, &mut |_| {}).unwrap();
        assert_eq!(used, Some(CacheUse { cached: 2, computed: 1 }));
        assert_eq!(embedder.embedded.get(), 3);
        assert_eq!(derived.stories.len(), 2);
    }
}
