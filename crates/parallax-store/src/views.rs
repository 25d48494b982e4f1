//! Read views for the server: each story's finished report (JSON), the facets it can be filtered by
//! (outlets, entities, languages), which story each article is in, and a full-text index (FTS5)
//! over titles and article text. Written after every rebuild in one transaction, so a reader always
//! sees one consistent set; the report and search row of a story whose inputs did not change
//! ([`StoryView::input_key`]) are kept as they are, the rest is written anew.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use rusqlite::{Connection, OpenFlags, OptionalExtension, params, params_from_iter};

use parallax_model::PageStatus;

use crate::schema::SCHEMA_VERSION;
use crate::{Store, StoreError};

/// Separates outlet names in one column (names never hold control characters).
const SEPARATOR: char = '\u{1f}';

/// One story ready to serve.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StoryView {
    /// Its line in the story list (outlets most articles first).
    pub row: StoryRow,
    /// The article count of each of `row.outlets`, in that order.
    pub outlet_articles: Vec<usize>,
    /// Named entities: name, kind and the articles that mention them.
    pub entities: Vec<(String, String, usize)>,
    /// Languages of the articles, with article counts.
    pub languages: Vec<(String, usize)>,
    /// The article document ids, in report order.
    pub articles: Vec<String>,
    /// Text the full-text search indexes besides the title (the articles' paragraphs).
    pub search_text: String,
    /// The story report, as JSON.
    pub report: String,
    /// A fingerprint of everything the report was built from (the program, the story and its
    /// articles' inputs); empty when unknown. A later rebuild whose story has the same fingerprint
    /// takes the stored report over instead of building it again.
    pub input_key: String,
}

/// One line of a story list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StoryRow {
    /// Story id.
    pub story_id: String,
    /// Display title.
    pub title: String,
    /// Earliest publication date.
    pub first_date: Option<String>,
    /// Latest publication date.
    pub last_date: Option<String>,
    /// Articles.
    pub n_articles: usize,
    /// Independent origins.
    pub n_origins: usize,
    /// Outlet names, most articles first.
    pub outlets: Vec<String>,
}

/// One input set aside: rejected when read, or stored with a page status that carries no article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetAsideRow {
    /// Content hash.
    pub id: String,
    /// Where it was read from.
    pub source: String,
    /// The rejection reason or page status.
    pub reason: String,
    /// Why, in words.
    pub detail: String,
}

/// What a story list asks for. Filters combine with AND; `None` filters nothing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StoryQuery {
    /// Full-text search words (every word must occur; a trailing `*` matches a prefix).
    pub text: Option<String>,
    /// Stories whose dates reach this date or later (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Stories whose dates start on or before this date.
    pub to: Option<String>,
    /// An outlet name (case-insensitive).
    pub outlet: Option<String>,
    /// An entity name (case-insensitive).
    pub entity: Option<String>,
    /// A language code (`eng`).
    pub language: Option<String>,
    /// With `text`: best match first (FTS5's BM25) rather than newest first.
    pub by_relevance: bool,
    /// Rows to return.
    pub limit: usize,
    /// Rows to skip.
    pub offset: usize,
}

/// A page of stories and how many match in all.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StoryPage {
    /// Matching stories in all.
    pub total: usize,
    /// This page: newest first, or best match first when searching.
    pub rows: Vec<StoryRow>,
}

/// A facet value over the stories: an outlet, entity or language and how many stories and
/// articles carry it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetCount {
    /// The value (an outlet name, entity name or language code).
    pub value: String,
    /// For entities, the kind (`person`, `organisation`, `place`…); else empty.
    pub note: String,
    /// Stories that carry it.
    pub n_stories: usize,
    /// Articles that carry it.
    pub n_articles: usize,
}

/// The facets a story list can be filtered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facet {
    /// Outlets.
    Outlet,
    /// Named entities.
    Entity,
    /// Article languages.
    Language,
}

impl Facet {
    fn as_str(self) -> &'static str {
        match self {
            Facet::Outlet => "outlet",
            Facet::Entity => "entity",
            Facet::Language => "language",
        }
    }
}

/// Turns what a user typed into an FTS5 query that cannot be a syntax error: each word quoted (a
/// trailing `*` kept as a prefix search), all words required. `None` when no word is left.
pub(crate) fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '*'))
        .filter_map(|word| {
            let prefix = word.ends_with('*');
            let bare: String = word.chars().filter(|c| c.is_alphanumeric()).collect();
            if bare.is_empty() {
                return None;
            }
            Some(if prefix { format!("\"{bare}\"*") } else { format!("\"{bare}\"") })
        })
        .collect();
    if words.is_empty() { None } else { Some(words.join(" ")) }
}

fn count(value: i64) -> usize {
    usize::try_from(value).unwrap_or(0)
}

impl Store {
    /// Opens an existing store for reading only (a server's connections): nothing is created or
    /// migrated; a store of another schema version is an error.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let connection = Connection::open_with_flags(path, flags)
            .map_err(|source| StoreError::Open { path: path.to_owned(), source })?;
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        let store = Store { connection };
        let found = store.schema_version()?;
        if found != SCHEMA_VERSION {
            return Err(StoreError::Version { found, expected: SCHEMA_VERSION });
        }
        Ok(store)
    }

    /// A number that changes whenever the views are replaced: what a cache of rendered pages is
    /// keyed by.
    pub fn views_generation(&self) -> Result<i64, StoreError> {
        Ok(self.connection.query_row("SELECT generation FROM views_meta", [], |row| row.get(0))?)
    }

    /// Whether the store holds stories but no views of them (it was written before views
    /// existed, schema version 9 or older).
    pub fn views_missing(&self) -> Result<bool, StoreError> {
        Ok(self.connection.query_row(
            "SELECT EXISTS (SELECT 1 FROM stories) AND NOT EXISTS (SELECT 1 FROM story_views)",
            [],
            |row| row.get(0),
        )?)
    }

    /// Replaces every story view, facet and search entry in one transaction. The report and
    /// search row of a story whose fingerprint ([`StoryView::input_key`]) is the stored one are
    /// kept: indexing every article's text again is most of the cost of a large store's views.
    pub fn replace_views(&mut self, views: &[StoryView]) -> Result<(), StoreError> {
        let transaction = self.connection.transaction()?;
        // story id → (fingerprint, search row).
        let stored: BTreeMap<String, (String, Option<i64>)> = {
            let mut statement =
                transaction.prepare("SELECT story_id, input_key, search_id FROM story_reports")?;
            let rows =
                statement.query_map([], |row| Ok((row.get(0)?, (row.get(1)?, row.get(2)?))))?;
            rows.collect::<Result<_, _>>()?
        };
        let kept: HashSet<&str> = views
            .iter()
            .filter(|view| {
                !view.input_key.is_empty()
                    && stored
                        .get(&view.row.story_id)
                        .is_some_and(|(key, search)| *key == view.input_key && search.is_some())
            })
            .map(|view| view.row.story_id.as_str())
            .collect();
        // New search rows take ids after every id in use.
        let last_row: i64 = transaction.query_row(
            "SELECT COALESCE(MAX(rowid), -1) FROM story_search",
            [],
            |row| row.get(0),
        )?;
        let last_search = stored.values().filter_map(|(_, search)| *search).max().unwrap_or(-1);
        let mut next_search = last_row.max(last_search) + 1;
        transaction.execute_batch(
            "DELETE FROM story_views; DELETE FROM story_facets; DELETE FROM article_views;
             DELETE FROM facet_totals; UPDATE reading_meta SET rebuild_key = '';",
        )?;
        {
            let mut drop_report =
                transaction.prepare_cached("DELETE FROM story_reports WHERE story_id = ?1")?;
            let mut drop_search =
                transaction.prepare_cached("DELETE FROM story_search WHERE rowid = ?1")?;
            for (story_id, (_, search)) in &stored {
                if !kept.contains(story_id.as_str()) {
                    drop_report.execute([story_id])?;
                    if let Some(search) = search {
                        drop_search.execute([search])?;
                    }
                }
            }
        }
        {
            let mut story = transaction.prepare_cached(
                "INSERT INTO story_views (story_id, position, list_rank, title, first_date, last_date, n_articles, n_origins, outlets)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            let mut report = transaction.prepare_cached(
                "INSERT INTO story_reports (story_id, report, input_key, search_id) VALUES (?1, ?2, ?3, ?4)",
            )?;
            // The list's order, newest first (latest date, then the later opened; undated last),
            // kept as a rank so that a page of the list is an index range.
            let mut order: Vec<usize> = (0..views.len()).collect();
            order.sort_by(|&a, &b| {
                let key = |idx: usize| {
                    let last = &views[idx].row.last_date;
                    (last.is_none(), std::cmp::Reverse(last))
                };
                key(a).cmp(&key(b)).then(b.cmp(&a))
            });
            let mut list_rank = vec![0; views.len()];
            for (rank, idx) in order.into_iter().enumerate() {
                list_rank[idx] = rank;
            }
            let mut facet = transaction.prepare_cached(
                "INSERT OR IGNORE INTO story_facets (facet, value, story_id, note, count) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            let mut article = transaction.prepare_cached(
                "INSERT OR IGNORE INTO article_views (doc_id, story_id, position) VALUES (?1, ?2, ?3)",
            )?;
            let mut search = transaction.prepare_cached(
                "INSERT INTO story_search (rowid, title, body) VALUES (?1, ?2, ?3)",
            )?;
            for (position, view) in views.iter().enumerate() {
                let row = &view.row;
                story.execute(params![
                    row.story_id,
                    position,
                    list_rank[position],
                    row.title,
                    row.first_date,
                    row.last_date,
                    row.n_articles,
                    row.n_origins,
                    row.outlets.join(&SEPARATOR.to_string()),
                ])?;
                if !kept.contains(row.story_id.as_str()) {
                    report.execute(params![
                        row.story_id,
                        view.report,
                        view.input_key,
                        next_search
                    ])?;
                    search.execute(params![next_search, row.title, view.search_text])?;
                    next_search += 1;
                }
                let id = &row.story_id;
                for (name, n) in row.outlets.iter().zip(&view.outlet_articles) {
                    facet.execute(params![Facet::Outlet.as_str(), name, id, "", n])?;
                }
                for (name, kind, n) in &view.entities {
                    facet.execute(params![Facet::Entity.as_str(), name, id, kind, n])?;
                }
                for (code, n) in &view.languages {
                    facet.execute(params![Facet::Language.as_str(), code, id, "", n])?;
                }
                for (idx, doc) in view.articles.iter().enumerate() {
                    article.execute(params![doc, id, idx])?;
                }
            }
        }
        transaction.execute_batch(
            "INSERT INTO facet_totals (facet, value, note, n_stories, n_articles)
                 SELECT facet, value, MAX(note), COUNT(*), SUM(count) FROM story_facets
                 GROUP BY facet, value;
             UPDATE views_meta SET generation = generation + 1;",
        )?;
        transaction.commit()?;
        Ok(())
    }

    /// A page of stories matching `query`: newest first (undated last), or best match first when
    /// it searches text `by_relevance`.
    pub fn query_stories(&self, query: &StoryQuery) -> Result<StoryPage, StoreError> {
        let mut conditions: Vec<&str> = Vec::new();
        let mut values: Vec<String> = Vec::new();
        let fts = query.text.as_deref().and_then(fts_query);
        // A search row's rowid is its report's `search_id`.
        let from = if fts.is_some() {
            "story_search CROSS JOIN story_reports r ON r.search_id = story_search.rowid
             CROSS JOIN story_views v ON v.story_id = r.story_id"
        } else {
            "story_views v"
        };
        if let Some(fts) = &fts {
            conditions.push("story_search MATCH ?");
            values.push(fts.clone());
        }
        if let Some(date) = &query.from {
            conditions.push("v.last_date >= ?");
            values.push(date.clone());
        }
        if let Some(date) = &query.to {
            conditions.push("v.first_date <= ?");
            values.push(date.clone());
        }
        for (facet, value) in [
            (Facet::Outlet, &query.outlet),
            (Facet::Entity, &query.entity),
            (Facet::Language, &query.language),
        ] {
            if let Some(value) = value {
                conditions.push(
                    "v.story_id IN (SELECT story_id FROM story_facets WHERE facet = ? AND value = ?)",
                );
                values.extend([facet.as_str().to_owned(), value.clone()]);
            }
        }
        let filter = if conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conditions.join(" AND "))
        };
        let order = match (&fts, query.by_relevance) {
            (Some(_), true) => "story_search.rank, v.list_rank",
            (Some(_), false) => "v.list_rank",
            (None, _) => "v.list_rank",
        };
        // Counting words alone needs no join.
        let count_sql = if fts.is_some() && conditions.len() == 1 {
            "SELECT COUNT(*) FROM story_search WHERE story_search MATCH ?".to_owned()
        } else {
            format!("SELECT COUNT(*) FROM {from}{filter}")
        };
        let total: i64 =
            self.connection
                .query_row(&count_sql, params_from_iter(values.iter()), |row| row.get(0))?;
        let sql = format!(
            "SELECT v.story_id, v.title, v.first_date, v.last_date, v.n_articles, v.n_origins, v.outlets
             FROM {from}{filter} ORDER BY {order} LIMIT {} OFFSET {}",
            query.limit, query.offset
        );
        let mut statement = self.connection.prepare_cached(&sql)?;
        let rows = statement.query_map(params_from_iter(values.iter()), |row| {
            let outlets: String = row.get(6)?;
            Ok(StoryRow {
                story_id: row.get(0)?,
                title: row.get(1)?,
                first_date: row.get(2)?,
                last_date: row.get(3)?,
                n_articles: count(row.get(4)?),
                n_origins: count(row.get(5)?),
                outlets: outlets
                    .split(SEPARATOR)
                    .filter(|name| !name.is_empty())
                    .map(str::to_owned)
                    .collect(),
            })
        })?;
        Ok(StoryPage { total: count(total), rows: rows.collect::<Result<_, _>>()? })
    }

    /// Everything set aside, without loading the store: each rejected input, and each stored
    /// document whose page status carries no article (an error page, a consent wall), with its
    /// source, reason and detail, sorted by source and id.
    pub fn set_aside(&self) -> Result<Vec<SetAsideRow>, StoreError> {
        let kept: Vec<String> = PageStatus::ALL
            .iter()
            .filter(|status| status.carries_article())
            .map(|status| format!("'{}'", status.as_str()))
            .collect();
        let sql = format!(
            "SELECT id, source, reason, detail FROM rejects
             UNION ALL
             SELECT c.doc_id, d.source, c.status, c.status_detail
             FROM cleaned c JOIN documents d ON d.id = c.doc_id
             WHERE c.status NOT IN ({})
             ORDER BY 2, 1",
            kept.join(", ")
        );
        let mut statement = self.connection.prepare(&sql)?;
        let rows = statement.query_map([], |row| {
            Ok(SetAsideRow {
                id: row.get(0)?,
                source: row.get(1)?,
                reason: row.get(2)?,
                detail: row.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The live id of a story named by its id, an id it was known by before (redirects are
    /// followed), or a unique prefix of at least 8 characters.
    pub fn story_view_id(&self, id: &str) -> Result<Option<String>, StoreError> {
        let exists = |id: &str| -> Result<bool, StoreError> {
            Ok(self.connection.query_row(
                "SELECT EXISTS (SELECT 1 FROM story_views WHERE story_id = ?1)",
                [id],
                |row| row.get(0),
            )?)
        };
        if exists(id)? {
            return Ok(Some(id.to_owned()));
        }
        let redirected: Option<String> = self
            .connection
            .query_row("SELECT story_id FROM story_redirects WHERE from_id = ?1", [id], |row| {
                row.get(0)
            })
            .optional()?;
        if let Some(live) = redirected {
            return Ok(if exists(&live)? { Some(live) } else { None });
        }
        if id.len() < 8 {
            return Ok(None);
        }
        let mut statement = self.connection.prepare_cached(
            "SELECT story_id FROM story_views WHERE story_id >= ?1 AND story_id < ?1 || x'7f' LIMIT 2",
        )?;
        let ids: Vec<String> =
            statement.query_map([id], |row| row.get(0))?.collect::<Result<_, _>>()?;
        Ok(match ids.as_slice() {
            [one] => Some(one.clone()),
            _ => None,
        })
    }

    /// The stored report (JSON) of a story named as [`Store::story_view_id`] takes it: the live
    /// id and the report.
    pub fn story_report(&self, id: &str) -> Result<Option<(String, String)>, StoreError> {
        let Some(live) = self.story_view_id(id)? else { return Ok(None) };
        let report: Option<String> = self
            .connection
            .query_row("SELECT report FROM story_reports WHERE story_id = ?1", [&live], |row| {
                row.get(0)
            })
            .optional()?;
        Ok(report.map(|report| (live, report)))
    }

    /// The stored report (compact JSON) of the story with exactly this id, if it was built from
    /// inputs with this fingerprint ([`StoryView::input_key`]; an empty one matches nothing).
    pub fn stored_report(
        &self,
        story_id: &str,
        input_key: &str,
    ) -> Result<Option<String>, StoreError> {
        Ok(self
            .connection
            .query_row(
                "SELECT report FROM story_reports
                 WHERE story_id = ?1 AND input_key = ?2 AND input_key != ''",
                [story_id, input_key],
                |row| row.get(0),
            )
            .optional()?)
    }

    /// Every stored report (compact JSON) by story id, as the last rebuild wrote them.
    pub fn story_reports(&self) -> Result<HashMap<String, String>, StoreError> {
        let mut statement =
            self.connection.prepare("SELECT story_id, report FROM story_reports")?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The story an article is in, by the article's id or a unique prefix of at least 8
    /// characters: `(full document id, story id)`.
    pub fn article_story(&self, doc_id: &str) -> Result<Option<(String, String)>, StoreError> {
        if doc_id.len() < 8 {
            return Ok(None);
        }
        let mut statement = self.connection.prepare_cached(
            "SELECT doc_id, story_id FROM article_views WHERE doc_id >= ?1 AND doc_id < ?1 || x'7f' LIMIT 2",
        )?;
        let found: Vec<(String, String)> = statement
            .query_map([doc_id], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<Result<_, _>>()?;
        Ok(match found.as_slice() {
            [one] => Some(one.clone()),
            _ => found.iter().find(|(id, _)| id == doc_id).cloned(),
        })
    }

    /// The stored (raw) text of a document.
    pub fn document_text(&self, doc_id: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .connection
            .query_row("SELECT text FROM documents WHERE id = ?1", [doc_id], |row| row.get(0))
            .optional()?)
    }

    /// The values of a facet with their story and article counts, most stories first; `prefix`
    /// keeps values that start with it (case-insensitive).
    pub fn facet_counts(
        &self,
        facet: Facet,
        prefix: Option<&str>,
        limit: usize,
    ) -> Result<Vec<FacetCount>, StoreError> {
        let pattern = format!(
            "{}%",
            prefix
                .unwrap_or_default()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        let mut statement = self.connection.prepare_cached(
            "SELECT value, note, n_stories, n_articles FROM facet_totals
             WHERE facet = ?1 AND value LIKE ?2 ESCAPE '\\'
             ORDER BY n_stories DESC, n_articles DESC, value LIMIT ?3",
        )?;
        let rows = statement.query_map(params![facet.as_str(), pattern, limit], |row| {
            Ok(FacetCount {
                value: row.get(0)?,
                note: row.get(1)?,
                n_stories: count(row.get(2)?),
                n_articles: count(row.get(3)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(id: &str, title: &str, last: &str, outlets: &[&str], body: &str) -> StoryView {
        StoryView {
            row: StoryRow {
                story_id: id.to_owned(),
                title: title.to_owned(),
                first_date: Some(last.to_owned()),
                last_date: Some(last.to_owned()),
                n_articles: outlets.len(),
                n_origins: outlets.len(),
                outlets: outlets.iter().map(|o| (*o).to_owned()).collect(),
            },
            outlet_articles: vec![1; outlets.len()],
            entities: vec![("Ivo Sand".to_owned(), "person".to_owned(), 1)],
            languages: vec![("eng".to_owned(), outlets.len())],
            articles: vec![format!("{id}-doc")],
            search_text: body.to_owned(),
            report: format!("{{\"id\":\"{id}\"}}"),
            input_key: String::new(),
        }
    }

    fn store() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        store
            .replace_views(&[
                view(
                    "st-aaaa1111",
                    "Tram strike in Ardun",
                    "2026-03-02",
                    &["Ardun Post"],
                    "trams stopped",
                ),
                view(
                    "st-bbbb2222",
                    "Harbour pier closes",
                    "2026-03-05",
                    &["Velmora Daily", "Ardun Post"],
                    "the pier café closed",
                ),
                view(
                    "st-cccc3333",
                    "Floods in Dunmere",
                    "2026-02-20",
                    &["Velmora Daily"],
                    "river flooding",
                ),
            ])
            .unwrap();
        store
    }

    fn ids(page: &StoryPage) -> Vec<&str> {
        page.rows.iter().map(|row| row.story_id.as_str()).collect()
    }

    #[test]
    fn stories_list_newest_first_and_filter() {
        let store = store();
        let all = StoryQuery { limit: 10, ..StoryQuery::default() };
        let page = store.query_stories(&all).unwrap();
        assert_eq!(ids(&page), ["st-bbbb2222", "st-aaaa1111", "st-cccc3333"]);
        assert_eq!(page.rows[0].outlets, ["Velmora Daily", "Ardun Post"]);
        let outlet = StoryQuery { outlet: Some("ardun post".to_owned()), ..all.clone() };
        assert_eq!(ids(&store.query_stories(&outlet).unwrap()), ["st-bbbb2222", "st-aaaa1111"]);
        let dated = StoryQuery { to: Some("2026-03-01".to_owned()), ..all.clone() };
        assert_eq!(ids(&store.query_stories(&dated).unwrap()), ["st-cccc3333"]);
        let paged = StoryQuery { limit: 1, offset: 1, ..all };
        let page = store.query_stories(&paged).unwrap();
        assert_eq!((page.total, ids(&page)), (3, vec!["st-aaaa1111"]));
    }

    #[test]
    fn full_text_search_matches_words_prefixes_and_accents_and_never_errs() {
        let store = store();
        let search = |text: &str| {
            let query =
                StoryQuery { text: Some(text.to_owned()), limit: 10, ..StoryQuery::default() };
            ids(&store.query_stories(&query).unwrap())
                .into_iter()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        assert_eq!(search("tram"), ["st-aaaa1111"]);
        let relevance = StoryQuery {
            text: Some("pier OR trams".to_owned()),
            by_relevance: true,
            limit: 10,
            ..StoryQuery::default()
        };
        assert!(
            store.query_stories(&relevance).unwrap().rows.is_empty(),
            "OR is a word, and all words are required"
        );
        assert_eq!(search("flood*"), ["st-cccc3333"]);
        assert_eq!(search("CAFE pier"), ["st-bbbb2222"]);
        assert!(search("pier trams").is_empty(), "all words are required");
        // FTS5 syntax typed by a user is taken as words.
        assert_eq!(search("\"tram\" OR (NEAR"), Vec::<String>::new());
        assert_eq!(search("   "), ["st-bbbb2222", "st-aaaa1111", "st-cccc3333"]);
    }

    #[test]
    fn a_rewrite_keeps_the_rows_of_unchanged_stories_and_replaces_the_rest() {
        let keyed = |view: StoryView, key: &str| StoryView { input_key: key.to_owned(), ..view };
        let tram = |body: &str| {
            view("st-aaaa1111", "Tram strike in Ardun", "2026-03-02", &["Ardun Post"], body)
        };
        let pier = view("st-bbbb2222", "Harbour pier closes", "2026-03-05", &["Ardun Post"], "");
        let flood = view("st-cccc3333", "Floods in Dunmere", "2026-02-20", &["Velmora Daily"], "");
        let mut store = Store::open_in_memory().unwrap();
        store
            .replace_views(&[
                keyed(tram("trams stopped"), "k1"),
                keyed(pier.clone(), "k2"),
                keyed(flood.clone(), "k3"),
            ])
            .unwrap();
        let search_ids = |store: &Store| -> BTreeMap<String, i64> {
            let mut statement =
                store.connection.prepare("SELECT story_id, search_id FROM story_reports").unwrap();
            let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?))).unwrap();
            rows.collect::<Result<_, _>>().unwrap()
        };
        let before = search_ids(&store);
        // The tram story changes, the flood story goes, a new one comes; the pier story stays.
        let ferry = view("st-dddd4444", "Ferry strike", "2026-03-06", &["Ardun Post"], "ferries");
        store
            .replace_views(&[
                keyed(tram("buses replaced the trams"), "k1b"),
                keyed(pier, "k2"),
                keyed(ferry, ""),
            ])
            .unwrap();
        let after = search_ids(&store);
        assert_eq!(after["st-bbbb2222"], before["st-bbbb2222"]);
        assert_ne!(after["st-aaaa1111"], before["st-aaaa1111"]);
        assert!(!after.contains_key("st-cccc3333"));
        let search = |text: &str| {
            let query =
                StoryQuery { text: Some(text.to_owned()), limit: 10, ..StoryQuery::default() };
            let page = store.query_stories(&query).unwrap();
            (page.total, ids(&page).into_iter().map(str::to_owned).collect::<Vec<_>>())
        };
        assert_eq!(search("buses"), (1, vec!["st-aaaa1111".to_owned()]));
        assert_eq!(search("stopped"), (0, vec![]), "the old text is gone");
        assert_eq!(search("dunmere"), (0, vec![]), "so is the story that went");
        assert_eq!(search("pier"), (1, vec!["st-bbbb2222".to_owned()]));
        // Matches come newest first, kept and new rows alike.
        assert_eq!(search("strike"), (2, vec!["st-dddd4444".to_owned(), "st-aaaa1111".to_owned()]));
        let rows: i64 = store
            .connection
            .query_row("SELECT COUNT(*) FROM story_search", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 3);
    }

    #[test]
    fn reports_resolve_by_prefix_and_facets_count() {
        let store = store();
        assert_eq!(
            store.story_report("st-aaaa1").unwrap().map(|r| r.0),
            Some("st-aaaa1111".to_owned())
        );
        assert_eq!(store.story_report("st-").unwrap(), None, "too short a prefix");
        assert_eq!(store.story_report("st-nope0000").unwrap(), None);
        assert_eq!(
            store.article_story("st-bbbb2222-doc").unwrap(),
            Some(("st-bbbb2222-doc".to_owned(), "st-bbbb2222".to_owned()))
        );
        assert_eq!(store.views_generation().unwrap(), 1);
        let outlets = store.facet_counts(Facet::Outlet, None, 10).unwrap();
        assert_eq!(outlets[0].value, "Ardun Post");
        assert_eq!((outlets[0].n_stories, outlets[0].n_articles), (2, 2));
        let people = store.facet_counts(Facet::Entity, Some("ivo"), 10).unwrap();
        assert_eq!((people[0].value.as_str(), people[0].note.as_str()), ("Ivo Sand", "person"));
    }
}
