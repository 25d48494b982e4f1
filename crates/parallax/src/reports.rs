use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use parallax_model::{CleanDocument, DocId, PageStatus, RawDocument};
use parallax_report::schema::v1::{
    IndexReport, RelatedStoryDto, SetAsideDto, StoryReport, StorySummary,
};
use parallax_report::{
    ArticleInput, EarlierVersion, SentenceVectors, build_index, build_story, index_of,
    render_index_html, render_index_markdown, render_json, render_story_html,
    render_story_markdown,
};
use parallax_store::{Store, StoredStory, StoryQuery, StoryRow, StoryView};
use rayon::prelude::*;

use crate::{ClaimVectors, Error, PipelineConfig};

/// Every report of a store, plus each story's raw article texts for the HTML removed-spans view.
#[derive(Debug, Clone, PartialEq)]
pub struct Reports {
    /// The index.
    pub index: IndexReport,
    /// One report per story, in the order the stories were opened.
    pub stories: Vec<StoryReport>,
    raw_texts: Vec<Vec<String>>,
    /// Seconds each story's report took to build (reading the store excluded): the comparison
    /// of its outlets is most of it.
    pub build_seconds: Vec<f64>,
}

impl Reports {
    /// The story with this id (or a unique prefix of it).
    pub fn story(&self, id: &str) -> Result<&StoryReport, Error> {
        let matches: Vec<&StoryReport> = self
            .stories
            .iter()
            .filter(|story| story.id == id || story.id.starts_with(id))
            .collect();
        match matches.as_slice() {
            [one] => Ok(one),
            _ => Err(Error::NoSuchStory { id: id.to_owned() }),
        }
    }
}

/// Items stored by document (each document's items one run), as a map from document to its run.
fn by_document<T>(items: &[T], doc: impl Fn(&T) -> &DocId) -> HashMap<&DocId, &[T]> {
    items.chunk_by(|a, b| doc(a) == doc(b)).map(|run| (doc(&run[0]), run)).collect()
}

/// A snapshot's stored items by document, to build report inputs from.
struct Tables<'s> {
    documents: HashMap<&'s DocId, &'s parallax_model::RawDocument>,
    cleaned: HashMap<&'s DocId, &'s parallax_model::CleanDocument>,
    assignments: HashMap<&'s DocId, &'s parallax_store::Assignment>,
    mentions: HashMap<&'s DocId, &'s [parallax_model::Mention]>,
    times: HashMap<&'s DocId, &'s [parallax_model::TimeMention]>,
    quotes: HashMap<&'s DocId, &'s [parallax_model::Quote]>,
    roles: HashMap<&'s DocId, &'s [parallax_model::RoleMention]>,
    figures: HashMap<&'s DocId, &'s [parallax_model::Figure]>,
    loaded: HashMap<&'s DocId, &'s [parallax_model::LoadedPhrase]>,
    /// Each article's earlier versions (documents superseded by it), oldest first.
    earlier: BTreeMap<&'s DocId, Vec<EarlierVersion<'s>>>,
    /// Each story's title, by id.
    titles: HashMap<&'s parallax_model::StoryId, &'s str>,
}

impl<'s> Tables<'s> {
    fn new(snapshot: &'s parallax_store::Snapshot) -> Tables<'s> {
        let derived = &snapshot.derived;
        // Derived items are stored by document: each document's are one run.
        Tables {
            documents: snapshot.documents.iter().map(|doc| (&doc.id, doc)).collect(),
            cleaned: derived.cleaned.iter().map(|doc| (&doc.doc_id, doc)).collect(),
            assignments: derived.assignments.iter().map(|a| (&a.doc_id, a)).collect(),
            mentions: by_document(&derived.mentions, |m| &m.doc_id),
            times: by_document(&derived.times, |t| &t.doc_id),
            quotes: by_document(&derived.quotes, |q| &q.doc_id),
            roles: by_document(&derived.roles, |r| &r.doc_id),
            figures: by_document(&derived.figures, |f| &f.doc_id),
            loaded: by_document(&derived.loaded, |p| &p.doc_id),
            earlier: earlier_versions(snapshot),
            titles: derived
                .stories
                .iter()
                .map(|stored| (&stored.story.id, stored.title.as_str()))
                .collect(),
        }
    }

    /// A story's related stories with their titles (`Story::related`; ids no story holds any
    /// more are left out).
    fn related(&self, story: &parallax_model::Story) -> Vec<RelatedStoryDto> {
        story
            .related
            .iter()
            .filter_map(|id| {
                let title = self.titles.get(id)?;
                Some(RelatedStoryDto { id: id.to_string(), title: (*title).to_owned() })
            })
            .collect()
    }

    /// The report inputs of documents, in the order given (unknown ids skipped).
    fn inputs<'i>(&'i self, ids: impl Iterator<Item = &'i DocId>) -> Vec<ArticleInput<'i>> {
        ids.filter_map(|id| {
            let raw = self.documents.get(id)?;
            let clean = self.cleaned.get(id)?;
            let assignment = self.assignments.get(id);
            Some(ArticleInput {
                raw,
                cleaned: clean,
                origin_id: assignment.and_then(|a| a.origin_id.as_ref()),
                duplicate_of: assignment.and_then(|a| a.duplicate_of.as_ref()),
                mentions: self.mentions.get(id).copied().unwrap_or_default(),
                times: self.times.get(id).copied().unwrap_or_default(),
                quotes: self.quotes.get(id).copied().unwrap_or_default(),
                roles: self.roles.get(id).copied().unwrap_or_default(),
                figures: self.figures.get(id).copied().unwrap_or_default(),
                loaded: self.loaded.get(id).copied().unwrap_or_default(),
                earlier: self.earlier.get(id).map_or(&[], Vec::as_slice),
            })
        })
        .collect()
    }
}

/// The documents set aside as earlier fetches of a page, by the document that stands for them,
/// oldest first (by date, then id, as `parallax_dedup::later_versions` orders them).
fn earlier_versions(
    snapshot: &parallax_store::Snapshot,
) -> BTreeMap<&DocId, Vec<EarlierVersion<'_>>> {
    let documents: HashMap<&DocId, &RawDocument> =
        snapshot.documents.iter().map(|doc| (&doc.id, doc)).collect();
    let cleaned: HashMap<&DocId, &CleanDocument> =
        snapshot.derived.cleaned.iter().map(|doc| (&doc.doc_id, doc)).collect();
    let mut out: BTreeMap<&DocId, Vec<EarlierVersion<'_>>> = BTreeMap::new();
    for assignment in &snapshot.derived.assignments {
        let (Some(latest), Some(raw), Some(clean)) = (
            assignment.duplicate_of.as_ref(),
            documents.get(&assignment.doc_id),
            cleaned.get(&assignment.doc_id),
        ) else {
            continue;
        };
        if clean.status == PageStatus::Superseded {
            out.entry(latest).or_default().push(EarlierVersion { raw, cleaned: clean });
        }
    }
    for versions in out.values_mut() {
        let when = |v: &EarlierVersion<'_>| v.cleaned.seen_on(v.raw);
        versions.sort_by(|a, b| when(a).cmp(&when(b)).then_with(|| a.raw.id.cmp(&b.raw.id)));
    }
    out
}

/// What building one large story's report took (see [`one_story_report`]).
#[derive(Debug, Clone, PartialEq)]
pub struct OneStoryBench {
    /// Articles in the story.
    pub n_articles: usize,
    /// Sentences compared.
    pub n_sentences: usize,
    /// Seconds the report (with every comparison) took to build.
    pub seconds: f64,
}

/// Builds one story's report from the first `max_articles` articles of the store's stories (in
/// story order), as if they were one story, and times it: the cost of comparing that many
/// articles' outlets, whatever the grouping made of them. Claims are aligned as `config` says.
pub fn one_story_report(
    store: &Store,
    max_articles: usize,
    config: &PipelineConfig,
) -> Result<OneStoryBench, Error> {
    let vectors = ClaimVectors::load(config);
    let snapshot = store.snapshot()?;
    let tables = Tables::new(&snapshot);
    let stories = &snapshot.derived.stories;
    let ids = stories.iter().flat_map(|stored| stored.story.docs.iter()).take(max_articles);
    let inputs = tables.inputs(ids);
    let Some(first) = stories.first() else {
        return Ok(OneStoryBench { n_articles: 0, n_sentences: 0, seconds: 0.0 });
    };
    let mut story = first.story.clone();
    story.docs = inputs.iter().map(|input| input.raw.id.clone()).collect();
    let started = std::time::Instant::now();
    let report = build_story(&story, &first.title, &inputs, vectors.for_reports());
    let seconds = started.elapsed().as_secs_f64();
    Ok(OneStoryBench {
        n_articles: report.n_articles,
        n_sentences: report.claims.iter().map(|c| c.sentences.len()).sum(),
        seconds,
    })
}

/// The reports of the store. Each story's report is the one the last rebuild stored with the
/// server's read views (read back, not built again); a story without a stored report (a store
/// written before views existed) is built, its claims aligned on words.
pub fn reports(store: &Store) -> Result<Reports, Error> {
    let stored = store.story_reports()?;
    Ok(reports_with(&store.snapshot()?, |story, inputs| {
        stored
            .get(story.story.id.as_str())
            .and_then(|json| serde_json::from_str(json).ok())
            .unwrap_or_else(|| build_stored(story, inputs, None))
    }))
}

/// One story's report, by its id, an id it was known by before, or a unique prefix: read alone
/// from the stored views (without loading the store) when they hold it, else found among
/// [`reports`] (a prefix under 8 characters, or a store written before views existed).
pub fn story_report(store: &Store, id: &str) -> Result<StoryReport, Error> {
    if let Some((_, json)) = store.story_report(id)? {
        if let Ok(report) = serde_json::from_str(&json) {
            return Ok(report);
        }
    }
    reports(store)?.story(id).cloned()
}

/// The store's index (every story's line and everything set aside), read from the stored views
/// without loading the store; built from [`reports`] for a store written before views existed.
pub fn story_index(store: &Store) -> Result<IndexReport, Error> {
    if store.views_missing()? {
        return Ok(reports(store)?.index);
    }
    let all = StoryQuery {
        limit: usize::try_from(i64::MAX).unwrap_or(usize::MAX),
        ..StoryQuery::default()
    };
    let summaries = store
        .query_stories(&all)?
        .rows
        .into_iter()
        .map(|row| StorySummary {
            id: row.story_id,
            title: row.title,
            first_date: row.first_date,
            last_date: row.last_date,
            n_articles: row.n_articles,
            n_origins: row.n_origins,
            outlets: row.outlets,
        })
        .collect();
    let set_aside = store
        .set_aside()?
        .into_iter()
        .map(|row| SetAsideDto {
            id: row.id,
            source: row.source,
            reason: row.reason,
            detail: row.detail,
        })
        .collect();
    Ok(index_of(summaries, set_aside))
}

/// The reports of the store, every story's built afresh (what `parallax bench` times), claims
/// aligned as `config` says.
pub fn built_reports(store: &Store, config: &PipelineConfig) -> Result<Reports, Error> {
    let vectors = ClaimVectors::load(config);
    Ok(reports_with(&store.snapshot()?, |story, inputs| {
        build_stored(story, inputs, vectors.for_reports())
    }))
}

/// A stored story's report, built from its articles' inputs.
fn build_stored(
    stored: &StoredStory,
    inputs: &[ArticleInput],
    vectors: Option<&dyn SentenceVectors>,
) -> StoryReport {
    build_story(&stored.story, &stored.title, inputs, vectors)
}

/// Rebuilds the server's read views (story reports, facets, full-text index) from the store: what
/// every rebuild does, and what `parallax serve` does once for a store written before views
/// existed. Claims are aligned as `config` says.
pub fn refresh_views(store: &mut Store, config: &PipelineConfig) -> Result<(), Error> {
    let vectors = ClaimVectors::load(config);
    let views = story_views(&store.snapshot()?, None, &vectors, &mut |_, _| Ok(None))?.views;
    store.replace_views(&views)?;
    Ok(())
}

/// Given a story id and the fingerprint of its inputs, the report (compact JSON) the last rebuild
/// stored for it from the same fingerprint, if any.
pub(crate) type StoredReport<'a> = dyn FnMut(&str, &str) -> Result<Option<String>, Error> + 'a;

/// The read views of a rebuild, and how many stories' reports were taken over.
pub(crate) struct StoryViews {
    /// One view per story, in story order.
    pub(crate) views: Vec<StoryView>,
    /// Stories whose stored report was taken over instead of built.
    pub(crate) reused: usize,
}

/// The read view of each story, its report built (or parsed) and dropped one story at a time
/// (only the views and the stored JSON of the reports taken over are held at once).
///
/// With `program` (this program's identity, see `pipeline::reader_key`), each view carries a
/// fingerprint of what its report is built from: the program, the story and every input of its
/// articles ([`input_key`]). `stored(story id, fingerprint)` gives the report the last rebuild
/// stored for that story when it was built from the same fingerprint; that report is taken over.
/// The report is a function of exactly those inputs, so it is the report a new build would give,
/// and adding one article to a large store builds again only the stories that changed.
pub(crate) fn story_views(
    snapshot: &parallax_store::Snapshot,
    program: Option<&str>,
    vectors: &ClaimVectors,
    stored: &mut StoredReport<'_>,
) -> Result<StoryViews, Error> {
    let tables = Tables::new(snapshot);
    let stories = &snapshot.derived.stories;
    // Each story's related stories with their titles: part of its fingerprint and its report.
    let related: Vec<Vec<RelatedStoryDto>> =
        stories.par_iter().map(|story| tables.related(&story.story)).collect();
    let keys: Vec<Option<String>> = match program {
        Some(program) => stories
            .par_iter()
            .zip(&related)
            .map(|(story, related)| {
                let inputs = tables.inputs(story.story.docs.iter());
                Some(input_key(program, story, related, &inputs))
            })
            .collect(),
        None => vec![None; stories.len()],
    };
    let mut known = Vec::with_capacity(stories.len());
    for (story, key) in stories.iter().zip(&keys) {
        known.push(match key {
            Some(key) => stored(&story.story.id.to_string(), key)?,
            None => None,
        });
    }
    // Stories are reported on all cores, each on its own, and kept in story order. A stored
    // report that no longer parses is built again.
    let views: Vec<(StoryView, bool)> = stories
        .par_iter()
        .zip(keys)
        .zip(known)
        .zip(related)
        .map(|(((story, key), known), related)| {
            let parsed = known.and_then(|json| {
                serde_json::from_str::<StoryReport>(&json).ok().map(|report| (report, json))
            });
            let reused = parsed.is_some();
            let mut view = match parsed {
                // A stored report is served as stored: the same program wrote it compact.
                Some((report, json)) => StoryView { report: json, ..story_view(&report, false) },
                None => {
                    let inputs = tables.inputs(story.story.docs.iter());
                    let mut report = build_stored(story, &inputs, vectors.for_reports());
                    report.related = related;
                    story_view(&report, true)
                }
            };
            view.input_key = key.unwrap_or_default();
            (view, reused)
        })
        .collect();
    let reused = views.iter().filter(|(_, reused)| *reused).count();
    Ok(StoryViews { views: views.into_iter().map(|(view, _)| view).collect(), reused })
}

/// The fingerprint of a story's report inputs: SHA-256 of the program's identity and the debug
/// form of the story, its related stories (with their titles) and its articles' inputs (every
/// field, in a fixed order: none holds a hash map).
pub(crate) fn input_key(
    program: &str,
    story: &StoredStory,
    related: &[RelatedStoryDto],
    inputs: &[ArticleInput],
) -> String {
    crate::fingerprint(format_args!("{program}\u{1f}{story:?}\u{1f}{related:?}\u{1f}{inputs:?}"))
}

/// The view of a story's report; its JSON only when `render` (a caller holding the stored JSON
/// gives it).
fn story_view(report: &StoryReport, render: bool) -> StoryView {
    let mut languages: Vec<(String, usize)> = Vec::new();
    for article in &report.articles {
        let code = article.language.clone().unwrap_or_else(|| "und".to_owned());
        match languages.iter_mut().find(|(known, _)| *known == code) {
            Some((_, n)) => *n += 1,
            None => languages.push((code, 1)),
        }
    }
    let mut search_text = String::new();
    for article in &report.articles {
        if let Some(title) = &article.title {
            search_text.push_str(&title.text);
            search_text.push('\n');
        }
        for paragraph in &article.paragraphs {
            search_text.push_str(&paragraph.text);
            search_text.push('\n');
        }
    }
    StoryView {
        row: StoryRow {
            story_id: report.id.clone(),
            title: report.title.clone(),
            first_date: report.first_date.clone(),
            last_date: report.last_date.clone(),
            n_articles: report.n_articles,
            n_origins: report.n_origins,
            outlets: report.outlets.iter().map(|o| o.name.clone()).collect(),
        },
        outlet_articles: report.outlets.iter().map(|o| o.n_articles).collect(),
        entities: report
            .entities
            .iter()
            .map(|e| (e.name.clone(), e.kind.clone(), e.n_articles))
            .collect(),
        languages,
        articles: report.articles.iter().map(|a| a.doc_id.clone()).collect(),
        search_text,
        // Compact: the API serves it as stored.
        report: if render { parallax_report::render_json_compact(report) } else { String::new() },
        input_key: String::new(),
    }
}

/// The reports of a snapshot, each story's report from `report_of` (given the story and its
/// articles' inputs).
fn reports_with(
    snapshot: &parallax_store::Snapshot,
    report_of: impl Fn(&StoredStory, &[ArticleInput]) -> StoryReport + Sync,
) -> Reports {
    let tables = Tables::new(snapshot);
    let documents = &tables.documents;
    // Stories are reported on all cores, each on its own, and kept in story order.
    let built: Vec<(StoryReport, Vec<String>, f64)> = snapshot
        .derived
        .stories
        .par_iter()
        .map(|stored| {
            let inputs = tables.inputs(stored.story.docs.iter());
            let raw_texts = inputs.iter().map(|input| input.raw.text.clone()).collect();
            let started = std::time::Instant::now();
            let mut report = report_of(stored, &inputs);
            report.related = tables.related(&stored.story);
            (report, raw_texts, started.elapsed().as_secs_f64())
        })
        .collect();
    let mut stories = Vec::with_capacity(built.len());
    let mut raw_texts = Vec::with_capacity(built.len());
    let mut build_seconds = Vec::with_capacity(built.len());
    for (report, texts, seconds) in built {
        stories.push(report);
        raw_texts.push(texts);
        build_seconds.push(seconds);
    }
    let mut set_aside: Vec<SetAsideDto> = snapshot
        .rejections
        .iter()
        .map(|rejection| SetAsideDto {
            id: rejection.id.to_string(),
            source: rejection.source.clone(),
            reason: rejection.reason.as_str().to_owned(),
            detail: rejection.detail.clone(),
        })
        .collect();
    for doc in snapshot.derived.cleaned.iter().filter(|doc| !doc.status.carries_article()) {
        set_aside.push(SetAsideDto {
            id: doc.doc_id.to_string(),
            source: documents.get(&doc.doc_id).map_or_else(String::new, |raw| raw.source.clone()),
            reason: doc.status.as_str().to_owned(),
            detail: doc.status_detail.clone(),
        });
    }
    set_aside.sort_by(|a, b| a.source.cmp(&b.source).then_with(|| a.id.cmp(&b.id)));
    let index = build_index(&stories, set_aside);
    Reports { index, stories, raw_texts, build_seconds }
}

fn write(path: &Path, contents: &str) -> Result<(), Error> {
    fs_err::write(path, contents).map_err(|source| Error::Write { path: path.to_owned(), source })
}

/// Writes the static site into `dir`: `index.html`, `index.json`, `index.md`, and per story
/// `stories/<id>.html`, `.json` and `.md`. Story files of stories no longer in the store are removed.
pub fn write_site(reports: &Reports, dir: &Path) -> Result<(), Error> {
    let stories_dir = dir.join("stories");
    fs_err::create_dir_all(&stories_dir)
        .map_err(|source| Error::Write { path: stories_dir.clone(), source })?;
    if let Ok(entries) = fs_err::read_dir(&stories_dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let known =
                reports.stories.iter().any(|story| name.starts_with(&format!("{}.", story.id)));
            if name.starts_with("st-") && !known {
                let path = entry.path();
                fs_err::remove_file(&path).map_err(|source| Error::Write { path, source })?;
            }
        }
    }
    write(&dir.join("index.html"), &render_index_html(&reports.index))?;
    write(&dir.join("parallax.js"), parallax_report::STORY_SCRIPT)?;
    write(&dir.join("index.json"), &render_json(&reports.index))?;
    write(&dir.join("index.md"), &render_index_markdown(&reports.index))?;
    // Each story's pages are rendered and written on all cores.
    reports.stories.par_iter().zip(&reports.raw_texts).try_for_each(|(story, raw_texts)| {
        let texts: Vec<&str> = raw_texts.iter().map(String::as_str).collect();
        write(&stories_dir.join(format!("{}.html", story.id)), &render_story_html(story, &texts))?;
        write(&stories_dir.join(format!("{}.json", story.id)), &render_json(story))?;
        write(&stories_dir.join(format!("{}.md", story.id)), &render_story_markdown(story))
    })
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::{PipelineConfig, ingest};

    #[test]
    fn input_keys_change_with_the_program_the_story_and_any_input() {
        let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus");
        let mut store = Store::open_in_memory().unwrap();
        ingest(&mut store, &[examples], &PipelineConfig::default(), &mut |_| {}).unwrap();
        let snapshot = store.snapshot().unwrap();
        let tables = Tables::new(&snapshot);
        let story = &snapshot.derived.stories[0];
        let inputs = tables.inputs(story.story.docs.iter());
        let related = tables.related(&story.story);
        let key = input_key("parallax 1", story, &related, &inputs);
        assert_eq!(key.len(), 64);
        let again = tables.inputs(story.story.docs.iter());
        assert_eq!(key, input_key("parallax 1", story, &related, &again));
        assert_ne!(key, input_key("parallax 2", story, &related, &inputs));
        let retitled = StoredStory { title: format!("{} (updated)", story.title), ..story.clone() };
        assert_ne!(key, input_key("parallax 1", &retitled, &related, &inputs));
        // One quote fewer in one article.
        let quoted = inputs.iter().position(|input| !input.quotes.is_empty()).unwrap();
        let mut fewer = inputs.clone();
        fewer[quoted].quotes = &inputs[quoted].quotes[1..];
        assert_ne!(key, input_key("parallax 1", story, &related, &fewer));
        // A related story retitled.
        let other = RelatedStoryDto { id: "st-0123456789ab".to_owned(), title: "Pier".to_owned() };
        let renamed = RelatedStoryDto { title: "Pier closes".to_owned(), ..other.clone() };
        assert_ne!(
            input_key("parallax 1", story, &[other], &inputs),
            input_key("parallax 1", story, &[renamed], &inputs)
        );
    }

    #[test]
    fn stored_reports_read_back_as_built() {
        let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples");
        // The crawl and the bad inputs give documents set aside with a page status and inputs
        // rejected when read.
        let paths = ["corpus", "crawl", "bad-input"].map(|dir| examples.join(dir));
        let mut store = Store::open_in_memory().unwrap();
        ingest(&mut store, &paths, &PipelineConfig::default(), &mut |_| {}).unwrap();
        let built = built_reports(&store, &PipelineConfig::default()).unwrap();
        let stored = reports(&store).unwrap();
        assert!(built.stories.len() >= 2, "{} stories", built.stories.len());
        assert_eq!(stored.stories, built.stories);
        assert_eq!(stored.index, built.index);
        assert_eq!(stored.raw_texts, built.raw_texts);
        // One story alone: by id, by an 8-character prefix (from the views), and by a shorter
        // prefix when it is unique (found among all reports).
        for story in &built.stories {
            assert_eq!(&story_report(&store, &story.id).unwrap(), story);
            assert_eq!(&story_report(&store, story.id.get(..11).unwrap()).unwrap(), story);
        }
        let first = &built.stories[0];
        let short = first.id.get(..6).unwrap();
        if built.stories.iter().filter(|s| s.id.starts_with(short)).count() == 1 {
            assert_eq!(&story_report(&store, short).unwrap(), first);
        }
        assert!(matches!(story_report(&store, "st-none"), Err(Error::NoSuchStory { .. })));
        // The index from the views alone is the built one, set-aside documents included.
        let reasons: Vec<&str> = built.index.set_aside.iter().map(|s| s.reason.as_str()).collect();
        assert!(reasons.contains(&"binary") && reasons.contains(&"error-page"), "{reasons:?}");
        assert_eq!(story_index(&store).unwrap(), built.index);
        // Without views (a store from before them), the reports are built.
        store.replace_views(&[]).unwrap();
        assert_eq!(story_index(&store).unwrap(), built.index);
        assert_eq!(reports(&store).unwrap().stories, built.stories);
        assert_eq!(&story_report(&store, &first.id).unwrap(), first);
    }
}
