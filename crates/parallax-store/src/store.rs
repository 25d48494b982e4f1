use std::collections::{HashMap, HashSet};
use std::path::Path;

use parallax_model::{
    CleanDocument, Date, DocId, DocumentMeta, EntityKind, Figure, LoadedPhrase, Located, Mention,
    OriginId, Outlet, OutletEvidence, PageStatus, Piece, PublishedDate, Qualifier, Quote,
    QuoteKind, RawDocument, RejectReason, Rejection, Removal, RemovalReason, RoleMention,
    SourceFormat, Span, Story, StoryId, TimeMention,
};
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::StoreError;

/// Named pieces of stored items, by (document id, item index).
type PiecesByItem = HashMap<(String, i64), Vec<(String, Piece)>>;
use crate::schema::{MIGRATIONS, SCHEMA_VERSION};

/// Cached embeddings by document: the hash of the text embedded and the vector.
pub type CachedEmbeddings = std::collections::HashMap<DocId, (String, Vec<f32>)>;

/// The derived tables whose rows belong to one document each (keyed by `doc_id`), children
/// before the tables they refer to.
const PER_DOCUMENT_TABLES: [&str; 11] = [
    "loaded_phrases",
    "figure_pieces",
    "figures",
    "roles",
    "quote_pieces",
    "quotes",
    "times",
    "mentions",
    "removals",
    "paragraphs",
    "cleaned",
];

/// Where a document landed: its origin, its story, and what it copies exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// The document.
    pub doc_id: DocId,
    /// Its origin, when it carries an article.
    pub origin_id: Option<OriginId>,
    /// Its story, when it carries an article.
    pub story_id: Option<StoryId>,
    /// The document that stands for it: the earlier one whose cleaned text it repeats exactly
    /// (status `duplicate`), or the latest fetch of its page (status `superseded`).
    pub duplicate_of: Option<DocId>,
}

/// A story with its display title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredStory {
    /// The story.
    pub story: Story,
    /// Its title.
    pub title: String,
}

/// Everything a run derives from the stored inputs; replaced as a whole.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Derived {
    /// One cleaned document per stored document.
    pub cleaned: Vec<CleanDocument>,
    /// One assignment per stored document.
    pub assignments: Vec<Assignment>,
    /// Stories in the order they were opened.
    pub stories: Vec<StoredStory>,
    /// Entity mentions of the articles, by document then position.
    pub mentions: Vec<Mention>,
    /// Time expressions of the articles, by document then position.
    pub times: Vec<TimeMention>,
    /// Quotes of the articles, by document then position.
    pub quotes: Vec<Quote>,
    /// Role phrases of the articles, by document then position.
    pub roles: Vec<RoleMention>,
    /// Figures of the articles, by document then position.
    pub figures: Vec<Figure>,
    /// Loaded phrases of the articles, by document then position.
    pub loaded: Vec<LoadedPhrase>,
}

/// The whole store read back. Document and rejection `bytes` are left empty here (they can be
/// large); [`Store::raw_bytes`] reads one document's.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    /// Stored documents, sorted by id.
    pub documents: Vec<RawDocument>,
    /// Rejected inputs, sorted by source.
    pub rejections: Vec<Rejection>,
    /// The derived results.
    pub derived: Derived,
}

/// A Parallax SQLite database.
#[derive(Debug)]
pub struct Store {
    pub(crate) connection: Connection,
}

impl Store {
    /// Opens (creating it, and its folder, if needed) and migrates the database at `path`.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(folder) = path.parent().filter(|folder| !folder.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder)
                .map_err(|source| StoreError::Folder { path: folder.to_owned(), source })?;
        }
        let connection = Connection::open(path)
            .map_err(|source| StoreError::Open { path: path.to_owned(), source })?;
        Store::init(connection)
    }

    /// A fresh in-memory database, for tests.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Store::init(Connection::open_in_memory()?)
    }

    fn init(connection: Connection) -> Result<Store, StoreError> {
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "foreign_keys", "ON")?;
        connection.busy_timeout(std::time::Duration::from_secs(10))?;
        let mut store = Store { connection };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let found = self.schema_version()?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::TooNew { found, supported: SCHEMA_VERSION });
        }
        let transaction = self.connection.transaction()?;
        for (version, sql) in
            MIGRATIONS.iter().enumerate().skip(usize::try_from(found).unwrap_or(0))
        {
            transaction.execute_batch(sql)?;
            let next = i64::try_from(version + 1).unwrap_or(SCHEMA_VERSION);
            transaction.pragma_update(None, "user_version", next)?;
        }
        transaction.commit()?;
        Ok(())
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self.connection.pragma_query_value(None, "user_version", |row| row.get(0))?)
    }

    /// Adds documents not stored yet (by content hash) and records every source path; returns how
    /// many were new. One transaction.
    pub fn insert_documents(&mut self, documents: &[RawDocument]) -> Result<usize, StoreError> {
        let transaction = self.connection.transaction()?;
        let mut n_new = 0;
        {
            let mut insert = transaction.prepare_cached(
                "INSERT OR IGNORE INTO documents (id, external_id, source, format, encoding, raw, text, url, outlet, title, published, fetched, http_status, language, authors, status_hint, status_hint_detail)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
            )?;
            let mut map = transaction.prepare_cached(
                "INSERT OR IGNORE INTO source_map (doc_id, idx, text_start, text_end, raw_start, raw_end) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            let mut source = transaction.prepare_cached(
                "INSERT OR IGNORE INTO document_sources (doc_id, source) VALUES (?1, ?2)",
            )?;
            for doc in documents {
                let meta = &doc.meta;
                n_new += insert.execute(params![
                    doc.id.as_str(),
                    meta.external_id,
                    doc.source,
                    doc.format.as_str(),
                    doc.encoding,
                    doc.bytes,
                    doc.text,
                    meta.url,
                    meta.outlet,
                    meta.title,
                    meta.published.map(|d| d.to_string()),
                    meta.fetched.map(|d| d.to_string()),
                    meta.http_status,
                    meta.language,
                    meta.authors.join("\n"),
                    meta.status_hint.as_ref().map(|(status, _)| status.as_str()),
                    meta.status_hint.as_ref().map(|(_, detail)| detail.as_str()),
                ])?;
                source.execute(params![doc.id.as_str(), doc.source])?;
                for (idx, (text, raw)) in meta.source_map.iter().enumerate() {
                    map.execute(params![
                        doc.id.as_str(),
                        idx,
                        text.start(),
                        text.end(),
                        raw.start(),
                        raw.end()
                    ])?;
                }
            }
        }
        transaction.commit()?;
        Ok(n_new)
    }

    /// Adds rejections not stored yet (by content hash and source); returns how many were new.
    pub fn insert_rejections(&mut self, rejections: &[Rejection]) -> Result<usize, StoreError> {
        let transaction = self.connection.transaction()?;
        let mut n_new = 0;
        {
            let mut insert = transaction.prepare_cached(
                "INSERT OR IGNORE INTO rejects (id, source, reason, detail, size, raw) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for rejection in rejections {
                n_new += insert.execute(params![
                    rejection.id.as_str(),
                    rejection.source,
                    rejection.reason.as_str(),
                    rejection.detail,
                    i64::try_from(rejection.size).unwrap_or(i64::MAX),
                    rejection.bytes,
                ])?;
            }
        }
        transaction.commit()?;
        Ok(n_new)
    }

    /// Replaces all derived results in one transaction.
    ///
    /// Story ids stay resolvable: an id merged into another story (`Story::absorbed`), and an id
    /// of the previous results that no longer names a story (its documents were regrouped), get a
    /// row in `story_redirects` pointing at the current story holding (most of) their documents;
    /// older redirects are re-pointed, so a chain of changes always ends at a live story.
    pub fn replace_derived(&mut self, derived: &Derived) -> Result<(), StoreError> {
        self.replace_derived_read_by(derived, "")
    }

    /// Like [`Store::replace_derived`], and records in the same transaction what read the
    /// articles (see [`Store::reader`]); an empty `reader` says nothing may be reused.
    pub fn replace_derived_read_by(
        &mut self,
        derived: &Derived,
        reader: &str,
    ) -> Result<(), StoreError> {
        self.replace_derived_keeping(derived, reader, &HashSet::new())
    }

    /// Like [`Store::replace_derived_read_by`], leaving the stored rows of the `unchanged`
    /// documents (their cleaning, paragraphs, removals and readings) as they are: the caller
    /// vouches that `derived` holds exactly those rows for them. On a large store most documents
    /// are unchanged by a new one, and writing them again was most of the cost of saving.
    /// Assignments and stories are always written whole.
    pub fn replace_derived_keeping(
        &mut self,
        derived: &Derived,
        reader: &str,
        unchanged: &HashSet<DocId>,
    ) -> Result<(), StoreError> {
        let previous = self.stories()?;
        let transaction = self.connection.transaction()?;
        update_redirects(&transaction, &previous, &derived.stories)?;
        transaction.execute_batch("DELETE FROM story_members; DELETE FROM stories;")?;
        if unchanged.is_empty() {
            for table in PER_DOCUMENT_TABLES {
                transaction.execute(&format!("DELETE FROM {table}"), [])?;
            }
        } else {
            let mut deletes = PER_DOCUMENT_TABLES
                .iter()
                .map(|table| transaction.prepare(&format!("DELETE FROM {table} WHERE doc_id = ?1")))
                .collect::<Result<Vec<_>, _>>()?;
            for doc in derived.cleaned.iter().filter(|doc| !unchanged.contains(&doc.doc_id)) {
                for delete in &mut deletes {
                    delete.execute([doc.doc_id.as_str()])?;
                }
            }
        }
        let fresh = |doc_id: &DocId| !unchanged.contains(doc_id);
        {
            let mut cleaned = transaction.prepare_cached(
                "INSERT INTO cleaned (doc_id, status, status_detail, title, title_start, title_end, outlet, outlet_evidence, outlet_start, outlet_end, published_kind, published, dateline, dateline_start, dateline_end, language)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            )?;
            let mut paragraph = transaction.prepare_cached(
                "INSERT INTO paragraphs (doc_id, idx, start, end) VALUES (?1, ?2, ?3, ?4)",
            )?;
            let mut removal = transaction.prepare_cached(
                "INSERT INTO removals (doc_id, idx, start, end, reason, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for doc in derived.cleaned.iter().filter(|doc| fresh(&doc.doc_id)) {
                let id = doc.doc_id.as_str();
                let title_span = doc.title.as_ref().and_then(|t| t.span);
                let outlet_span = doc.outlet.evidence.span();
                let dateline_span = doc.dateline.as_ref().and_then(|d| d.span);
                cleaned.execute(params![
                    id,
                    doc.status.as_str(),
                    doc.status_detail,
                    doc.title.as_ref().map(|t| t.text.as_str()),
                    title_span.map(|s| to_sql(s.start())),
                    title_span.map(|s| to_sql(s.end())),
                    doc.outlet.name,
                    doc.outlet.evidence.kind(),
                    outlet_span.map(|s| to_sql(s.start())),
                    outlet_span.map(|s| to_sql(s.end())),
                    doc.published.kind(),
                    doc.published.anchor().map(|d| d.to_string()),
                    doc.dateline.as_ref().map(|d| d.text.as_str()),
                    dateline_span.map(|s| to_sql(s.start())),
                    dateline_span.map(|s| to_sql(s.end())),
                    doc.language,
                ])?;
                for (idx, span) in doc.paragraphs.iter().enumerate() {
                    paragraph.execute(params![
                        id,
                        to_sql(idx),
                        to_sql(span.start()),
                        to_sql(span.end())
                    ])?;
                }
                for (idx, item) in doc.removals.iter().enumerate() {
                    removal.execute(params![
                        id,
                        to_sql(idx),
                        to_sql(item.span.start()),
                        to_sql(item.span.end()),
                        item.reason.as_str(),
                        item.detail
                    ])?;
                }
            }
            let mut mention = transaction.prepare_cached(
                "INSERT INTO mentions (doc_id, idx, start, end, kind, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            let positions = positions_in_document(derived.mentions.iter().map(|m| &m.doc_id));
            let items = derived.mentions.iter().zip(positions);
            for (item, idx) in items.filter(|(item, _)| fresh(&item.doc_id)) {
                mention.execute(params![
                    item.doc_id.as_str(),
                    to_sql(idx),
                    to_sql(item.span.start()),
                    to_sql(item.span.end()),
                    item.kind.as_str(),
                    item.text,
                ])?;
            }
            let mut time = transaction.prepare_cached(
                "INSERT INTO times (doc_id, idx, start, end, kind, value, modifier, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            let positions = positions_in_document(derived.times.iter().map(|t| &t.doc_id));
            let items = derived.times.iter().zip(positions);
            for (item, idx) in items.filter(|(item, _)| fresh(&item.doc_id)) {
                time.execute(params![
                    item.doc_id.as_str(),
                    to_sql(idx),
                    to_sql(item.span.start()),
                    to_sql(item.span.end()),
                    item.kind,
                    item.value,
                    item.modifier,
                    item.text,
                ])?;
            }
            let mut quote = transaction
                .prepare_cached("INSERT INTO quotes (doc_id, idx, kind) VALUES (?1, ?2, ?3)")?;
            let mut quote_piece = transaction.prepare_cached(
                "INSERT INTO quote_pieces (doc_id, quote_idx, part, idx, start, end, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            let positions = positions_in_document(derived.quotes.iter().map(|q| &q.doc_id));
            let items = derived.quotes.iter().zip(positions);
            for (item, idx) in items.filter(|(item, _)| fresh(&item.doc_id)) {
                let id = item.doc_id.as_str();
                quote.execute(params![id, to_sql(idx), item.kind.as_str()])?;
                let parts = [
                    ("source", item.source.as_slice()),
                    ("cue", item.cue.as_slice()),
                    ("content", item.content.as_slice()),
                    ("speaker", item.speaker.as_slice()),
                    ("group", item.group.as_slice()),
                ];
                for (part, pieces) in parts {
                    for (position, piece) in pieces.iter().enumerate() {
                        quote_piece.execute(params![
                            id,
                            to_sql(idx),
                            part,
                            to_sql(position),
                            to_sql(piece.span.start()),
                            to_sql(piece.span.end()),
                            piece.text,
                        ])?;
                    }
                }
            }
            let mut phrase = transaction.prepare_cached(
                "INSERT INTO loaded_phrases (doc_id, idx, start, end, text) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            let positions = positions_in_document(derived.loaded.iter().map(|p| &p.doc_id));
            let items = derived.loaded.iter().zip(positions);
            for (item, idx) in items.filter(|(item, _)| fresh(&item.doc_id)) {
                phrase.execute(params![
                    item.doc_id.as_str(),
                    to_sql(idx),
                    to_sql(item.span.start()),
                    to_sql(item.span.end()),
                    item.text,
                ])?;
            }
            let mut role = transaction.prepare_cached(
                "INSERT INTO roles (doc_id, idx, start, end, text, role, country, organisation, person_start, person_end, person_text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?;
            let positions = positions_in_document(derived.roles.iter().map(|r| &r.doc_id));
            let items = derived.roles.iter().zip(positions);
            for (item, idx) in items.filter(|(item, _)| fresh(&item.doc_id)) {
                let person = item.person.as_ref();
                role.execute(params![
                    item.doc_id.as_str(),
                    to_sql(idx),
                    to_sql(item.span.start()),
                    to_sql(item.span.end()),
                    item.text,
                    item.role,
                    item.country,
                    item.organisation,
                    person.map(|p| to_sql(p.span.start())),
                    person.map(|p| to_sql(p.span.end())),
                    person.map(|p| p.text.as_str()),
                ])?;
            }
            let mut figure = transaction.prepare_cached(
                "INSERT INTO figures (doc_id, idx, start, end, text, value, low, high, qualifier, unit, measure, as_of) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?;
            let mut figure_piece = transaction.prepare_cached(
                "INSERT INTO figure_pieces (doc_id, figure_idx, part, start, end, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            let positions = positions_in_document(derived.figures.iter().map(|f| &f.doc_id));
            let items = derived.figures.iter().zip(positions);
            for (item, idx) in items.filter(|(item, _)| fresh(&item.doc_id)) {
                let id = item.doc_id.as_str();
                figure.execute(params![
                    id,
                    to_sql(idx),
                    to_sql(item.span.start()),
                    to_sql(item.span.end()),
                    item.text,
                    item.value,
                    item.low,
                    item.high,
                    item.qualifier.as_str(),
                    item.unit,
                    item.measure,
                    item.as_of,
                ])?;
                let parts = [
                    ("number", Some(&item.number)),
                    ("object", item.object.as_ref()),
                    ("event", item.event.as_ref()),
                    ("attribution", item.attribution.as_ref()),
                    ("attributed_to", item.attributed_to.as_ref()),
                ];
                for (part, piece) in parts {
                    let Some(piece) = piece else { continue };
                    figure_piece.execute(params![
                        id,
                        to_sql(idx),
                        part,
                        to_sql(piece.span.start()),
                        to_sql(piece.span.end()),
                        piece.text,
                    ])?;
                }
            }
            let mut assign = transaction.prepare_cached(
                "UPDATE cleaned SET origin_id = ?2, story_id = ?3, duplicate_of = ?4 WHERE doc_id = ?1",
            )?;
            for assignment in &derived.assignments {
                assign.execute(params![
                    assignment.doc_id.as_str(),
                    assignment.origin_id.as_ref().map(OriginId::as_str),
                    assignment.story_id.as_ref().map(StoryId::as_str),
                    assignment.duplicate_of.as_ref().map(DocId::as_str),
                ])?;
            }
            let mut story = transaction.prepare_cached(
                "INSERT INTO stories (id, seq, title, first_date, last_date, related)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            let mut member = transaction.prepare_cached(
                "INSERT INTO story_members (story_id, doc_id, position) VALUES (?1, ?2, ?3)",
            )?;
            for (seq, stored) in derived.stories.iter().enumerate() {
                let item = &stored.story;
                story.execute(params![
                    item.id.as_str(),
                    to_sql(seq),
                    stored.title,
                    item.first_date.map(|d| d.to_string()),
                    item.last_date.map(|d| d.to_string()),
                    item.related.iter().map(StoryId::as_str).collect::<Vec<_>>().join(" "),
                ])?;
                for (position, doc) in item.docs.iter().enumerate() {
                    member.execute(params![item.id.as_str(), doc.as_str(), to_sql(position)])?;
                }
            }
        }
        // Derived tables now differ from what the recorded rebuild key describes, until
        // [`Store::set_rebuild_key`] records the finished rebuild.
        transaction.execute("UPDATE reading_meta SET reader = ?1, rebuild_key = ''", [reader])?;
        transaction.commit()?;
        Ok(())
    }

    /// The verbatim bytes of one document.
    pub fn raw_bytes(&self, doc_id: &DocId) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .connection
            .query_row("SELECT raw FROM documents WHERE id = ?1", [doc_id.as_str()], |row| {
                row.get(0)
            })
            .optional()?)
    }

    /// Number of stored documents.
    pub fn n_documents(&self) -> Result<usize, StoreError> {
        let count: i64 =
            self.connection.query_row("SELECT COUNT(*) FROM documents", [], |row| row.get(0))?;
        Ok(usize::try_from(count).unwrap_or(0))
    }

    /// Reads everything back (without raw bytes).
    pub fn snapshot(&self) -> Result<Snapshot, StoreError> {
        Ok(Snapshot {
            documents: self.documents()?,
            rejections: self.rejections()?,
            derived: self.derived()?,
        })
    }

    /// The derived results the last rebuild stored.
    pub fn derived(&self) -> Result<Derived, StoreError> {
        Ok(Derived {
            cleaned: self.cleaned()?,
            assignments: self.assignments()?,
            stories: self.stories()?,
            mentions: self.mentions()?,
            times: self.times()?,
            quotes: self.quotes()?,
            roles: self.roles()?,
            figures: self.figures()?,
            loaded: self.loaded()?,
        })
    }

    /// The fingerprint of everything the last finished rebuild was made from (documents,
    /// settings, program), as [`Store::set_rebuild_key`] recorded it; empty when none is known.
    pub fn rebuild_key(&self) -> Result<String, StoreError> {
        Ok(self
            .connection
            .query_row("SELECT rebuild_key FROM reading_meta", [], |row| row.get(0))?)
    }

    /// Records that the derived tables and views are a finished rebuild from what `key`
    /// fingerprints. [`Store::replace_derived_read_by`] and [`Store::replace_views`] clear it.
    pub fn set_rebuild_key(&mut self, key: &str) -> Result<(), StoreError> {
        self.connection.execute("UPDATE reading_meta SET rebuild_key = ?1", [key])?;
        Ok(())
    }

    /// What read the stored articles, as the last rebuild recorded it
    /// ([`Store::replace_derived_read_by`]); empty when unknown.
    pub fn reader(&self) -> Result<String, StoreError> {
        Ok(self.connection.query_row("SELECT reader FROM reading_meta", [], |row| row.get(0))?)
    }

    /// The live story an id names: itself when it is a current story, else where its redirect
    /// points; `None` for an unknown id.
    pub fn resolve_story(&self, id: &StoryId) -> Result<Option<StoryId>, StoreError> {
        let found: Option<String> = self
            .connection
            .query_row(
                "SELECT id FROM stories WHERE id = ?1
                 UNION ALL SELECT story_id FROM story_redirects WHERE from_id = ?1 LIMIT 1",
                [id.as_str()],
                |row| row.get(0),
            )
            .optional()?;
        found
            .map(|text| {
                StoryId::parse(&text)
                    .ok_or_else(|| corrupt("story_redirects", format!("bad id {text}")))
            })
            .transpose()
    }

    /// Every redirect: `(old id, live story id, reason)`, sorted by old id.
    pub fn redirects(&self) -> Result<Vec<(String, String, String)>, StoreError> {
        let mut statement = self
            .connection
            .prepare("SELECT from_id, story_id, reason FROM story_redirects ORDER BY from_id")?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Cached embeddings of one model (`minilm-384`): each document's input hash and vector.
    pub fn embeddings(&self, model: &str) -> Result<CachedEmbeddings, StoreError> {
        let mut statement = self
            .connection
            .prepare("SELECT doc_id, input_hash, vector FROM embeddings WHERE model = ?1")?;
        let rows = statement.query_map([model], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get::<_, Vec<u8>>(2)?))
        })?;
        let mut cached = CachedEmbeddings::new();
        for row in rows {
            let (id, hash, blob) = row?;
            if blob.len() % 4 != 0 {
                return Err(corrupt("embeddings", format!("a vector of {} bytes", blob.len())));
            }
            let vector = blob
                .chunks_exact(4)
                .map(|bytes| f32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
                .collect();
            cached.insert(doc_id(&id, "embeddings")?, (hash, vector));
        }
        Ok(cached)
    }

    /// Caches embeddings of one model, replacing older ones of the same documents. One
    /// transaction.
    pub fn put_embeddings(
        &mut self,
        model: &str,
        items: &[(DocId, String, Vec<f32>)],
    ) -> Result<(), StoreError> {
        let transaction = self.connection.transaction()?;
        {
            let mut insert = transaction.prepare_cached(
                "INSERT OR REPLACE INTO embeddings (doc_id, model, input_hash, vector) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for (doc, hash, vector) in items {
                let blob: Vec<u8> = vector.iter().flat_map(|x| x.to_le_bytes()).collect();
                insert.execute(params![doc.as_str(), model, hash, blob])?;
            }
        }
        transaction.commit()?;
        Ok(())
    }

    /// Stored documents (text and metadata, `bytes` empty), sorted by id.
    pub fn documents(&self) -> Result<Vec<RawDocument>, StoreError> {
        let mut statement = self.connection.prepare(
            "SELECT id, external_id, source, format, encoding, text, url, outlet, title, published, fetched, http_status, language, authors, status_hint, status_hint_detail FROM documents ORDER BY id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(3)?,
                RawDocument {
                    id: DocId::from_hex("0000000000000000")
                        .expect("invariant: a valid placeholder"),
                    source: row.get(2)?,
                    format: SourceFormat::Text,
                    encoding: row.get(4)?,
                    bytes: Vec::new(),
                    text: row.get(5)?,
                    meta: DocumentMeta {
                        external_id: row.get(1)?,
                        url: row.get(6)?,
                        outlet: row.get(7)?,
                        title: row.get(8)?,
                        published: date_column(row, 9)?,
                        fetched: date_column(row, 10)?,
                        http_status: row.get(11)?,
                        language: row.get(12)?,
                        authors: row
                            .get::<_, String>(13)?
                            .split('\n')
                            .filter(|name| !name.is_empty())
                            .map(str::to_owned)
                            .collect(),
                        status_hint: None,
                        source_map: Vec::new(),
                    },
                },
                row.get::<_, Option<String>>(14)?,
                row.get::<_, Option<String>>(15)?,
            ))
        })?;
        let mut maps = self.source_maps()?;
        let mut documents = Vec::new();
        for row in rows {
            let (id, format, mut doc, hint, hint_detail) = row?;
            doc.id = doc_id(&id, "documents")?;
            doc.format = SourceFormat::parse(&format)
                .ok_or_else(|| corrupt("documents", format!("unknown format {format}")))?;
            if let Some(hint) = hint {
                let status = PageStatus::parse(&hint)
                    .ok_or_else(|| corrupt("documents", format!("unknown status hint {hint}")))?;
                doc.meta.status_hint = Some((status, hint_detail.unwrap_or_default()));
            }
            doc.meta.source_map = maps.remove(&id).unwrap_or_default();
            documents.push(doc);
        }
        Ok(documents)
    }

    /// Every document's map from text lines to raw bytes, by document id.
    fn source_maps(&self) -> Result<HashMap<String, Vec<(Span, Span)>>, StoreError> {
        let mut statement = self.connection.prepare(
            "SELECT doc_id, text_start, text_end, raw_start, raw_end FROM source_map ORDER BY doc_id, idx",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                [row.get::<_, i64>(1)?, row.get(2)?, row.get(3)?, row.get(4)?],
            ))
        })?;
        let mut maps: HashMap<String, Vec<(Span, Span)>> = HashMap::new();
        for row in rows {
            let (id, [text_start, text_end, raw_start, raw_end]) = row?;
            let span = |start: i64, end: i64| {
                let start = usize::try_from(start).ok()?;
                Span::new(start, usize::try_from(end).ok()?)
            };
            let (Some(text), Some(raw)) = (span(text_start, text_end), span(raw_start, raw_end))
            else {
                return Err(corrupt("source_map", format!("bad span for {id}")));
            };
            maps.entry(id).or_default().push((text, raw));
        }
        Ok(maps)
    }

    /// Rejected inputs (`bytes` empty), sorted by source.
    pub fn rejections(&self) -> Result<Vec<Rejection>, StoreError> {
        let mut statement = self
            .connection
            .prepare("SELECT id, source, reason, detail, size FROM rejects ORDER BY source, id")?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, i64>(4)?,
            ))
        })?;
        let mut rejections = Vec::new();
        for row in rows {
            let (id, source, reason, detail, size) = row?;
            rejections.push(Rejection {
                id: doc_id(&id, "rejects")?,
                source,
                reason: RejectReason::parse(&reason)
                    .ok_or_else(|| corrupt("rejects", format!("unknown reason {reason}")))?,
                detail,
                size: u64::try_from(size).unwrap_or(0),
                bytes: Vec::new(),
            });
        }
        Ok(rejections)
    }

    fn cleaned(&self) -> Result<Vec<CleanDocument>, StoreError> {
        let mut paragraphs: std::collections::HashMap<String, Vec<Span>> =
            std::collections::HashMap::new();
        let mut statement = self
            .connection
            .prepare("SELECT doc_id, start, end FROM paragraphs ORDER BY doc_id, idx")?;
        for row in
            statement.query_map([], |row| Ok((row.get::<_, String>(0)?, span_columns(row, 1)?)))?
        {
            let (id, span) = row?;
            paragraphs
                .entry(id)
                .or_default()
                .push(span.ok_or_else(|| corrupt("paragraphs", "bad span".into()))?);
        }
        let mut removals: std::collections::HashMap<String, Vec<Removal>> =
            std::collections::HashMap::new();
        let mut statement = self.connection.prepare(
            "SELECT doc_id, start, end, reason, detail FROM removals ORDER BY doc_id, idx",
        )?;
        for row in statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                span_columns(row, 1)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
            ))
        })? {
            let (id, span, reason, detail) = row?;
            let removal = Removal {
                span: span.ok_or_else(|| corrupt("removals", "bad span".into()))?,
                reason: RemovalReason::parse(&reason)
                    .ok_or_else(|| corrupt("removals", format!("unknown reason {reason}")))?,
                detail,
            };
            removals.entry(id).or_default().push(removal);
        }
        let mut statement = self.connection.prepare(
            "SELECT doc_id, status, status_detail, title, title_start, title_end, outlet, outlet_evidence, outlet_start, outlet_end, published_kind, published, dateline, dateline_start, dateline_end, language FROM cleaned ORDER BY doc_id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, Option<String>>(3)?.map(|text| (text, span_columns(row, 4))),
                row.get::<_, String>(6)?,
                row.get::<_, String>(7)?,
                span_columns(row, 8)?,
                row.get::<_, String>(10)?,
                row.get::<_, Option<String>>(11)?,
                row.get::<_, Option<String>>(12)?.map(|text| (text, span_columns(row, 13))),
                row.get::<_, Option<String>>(15)?,
            ))
        })?;
        let mut cleaned = Vec::new();
        for row in rows {
            let (
                id,
                status,
                status_detail,
                title,
                outlet,
                evidence,
                outlet_span,
                kind,
                published,
                dateline,
                language,
            ) = row?;
            let located = |found: Option<(String, rusqlite::Result<Option<Span>>)>| -> Result<Option<Located>, StoreError> {
                found.map(|(text, span)| Ok(Located { text, span: span? })).transpose()
            };
            cleaned.push(CleanDocument {
                doc_id: doc_id(&id, "cleaned")?,
                status: PageStatus::parse(&status)
                    .ok_or_else(|| corrupt("cleaned", format!("unknown status {status}")))?,
                status_detail,
                title: located(title)?,
                outlet: Outlet {
                    name: outlet,
                    evidence: OutletEvidence::from_parts(&evidence, outlet_span),
                },
                published: PublishedDate::from_parts(&kind, published.as_deref()),
                dateline: located(dateline)?,
                paragraphs: paragraphs.remove(&id).unwrap_or_default(),
                removals: removals.remove(&id).unwrap_or_default(),
                language,
            });
        }
        Ok(cleaned)
    }

    fn mentions(&self) -> Result<Vec<Mention>, StoreError> {
        let mut statement = self
            .connection
            .prepare("SELECT doc_id, start, end, kind, text FROM mentions ORDER BY doc_id, idx")?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                span_columns(row, 1)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
            ))
        })?;
        let mut mentions = Vec::new();
        for row in rows {
            let (id, span, kind, text) = row?;
            mentions.push(Mention {
                doc_id: doc_id(&id, "mentions")?,
                span: span.ok_or_else(|| corrupt("mentions", "bad span".into()))?,
                kind: EntityKind::parse(&kind)
                    .ok_or_else(|| corrupt("mentions", format!("unknown kind {kind}")))?,
                text,
            });
        }
        Ok(mentions)
    }

    fn times(&self) -> Result<Vec<TimeMention>, StoreError> {
        let mut statement = self.connection.prepare(
            "SELECT doc_id, start, end, kind, value, modifier, text FROM times ORDER BY doc_id, idx",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                span_columns(row, 1)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, Option<String>>(5)?,
                row.get::<_, String>(6)?,
            ))
        })?;
        let mut times = Vec::new();
        for row in rows {
            let (id, span, kind, value, modifier, text) = row?;
            times.push(TimeMention {
                doc_id: doc_id(&id, "times")?,
                span: span.ok_or_else(|| corrupt("times", "bad span".into()))?,
                text,
                kind,
                value,
                modifier,
            });
        }
        Ok(times)
    }

    /// The named pieces of items (quotes, figures) from a `*_pieces` table, by (document, item
    /// index): `sql` selects doc id, item index, part, start, end and text.
    fn pieces(&self, table: &'static str, sql: &str) -> Result<PiecesByItem, StoreError> {
        let mut pieces: PiecesByItem = HashMap::new();
        let mut statement = self.connection.prepare(sql)?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, String>(2)?,
                span_columns(row, 3)?,
                row.get::<_, String>(5)?,
            ))
        })?;
        for row in rows {
            let (id, idx, part, span, text) = row?;
            let span = span.ok_or_else(|| corrupt(table, "bad span".into()))?;
            pieces.entry((id, idx)).or_default().push((part, Piece { span, text }));
        }
        Ok(pieces)
    }

    fn quotes(&self) -> Result<Vec<Quote>, StoreError> {
        let mut pieces = self.pieces(
            "quote_pieces",
            "SELECT doc_id, quote_idx, part, start, end, text FROM quote_pieces ORDER BY doc_id, quote_idx, part, idx",
        )?;
        let mut statement =
            self.connection.prepare("SELECT doc_id, idx, kind FROM quotes ORDER BY doc_id, idx")?;
        let rows = statement.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?, row.get::<_, String>(2)?))
        })?;
        let mut quotes = Vec::new();
        for row in rows {
            let (id, idx, kind) = row?;
            let mut quote = Quote {
                doc_id: doc_id(&id, "quotes")?,
                kind: QuoteKind::parse(&kind)
                    .ok_or_else(|| corrupt("quotes", format!("unknown kind {kind}")))?,
                source: None,
                cue: None,
                content: Vec::new(),
                speaker: None,
                group: Vec::new(),
            };
            for (part, piece) in pieces.remove(&(id, idx)).unwrap_or_default() {
                match part.as_str() {
                    "source" => quote.source = Some(piece),
                    "cue" => quote.cue = Some(piece),
                    "content" => quote.content.push(piece),
                    "speaker" => quote.speaker = Some(piece),
                    "group" => quote.group.push(piece),
                    other => return Err(corrupt("quote_pieces", format!("unknown part {other}"))),
                }
            }
            quotes.push(quote);
        }
        Ok(quotes)
    }

    fn figures(&self) -> Result<Vec<Figure>, StoreError> {
        let mut pieces = self.pieces(
            "figure_pieces",
            "SELECT doc_id, figure_idx, part, start, end, text FROM figure_pieces ORDER BY doc_id, figure_idx, part",
        )?;
        let mut statement = self.connection.prepare(
            "SELECT doc_id, idx, start, end, text, value, low, high, qualifier, unit, measure, as_of FROM figures ORDER BY doc_id, idx",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                (row.get::<_, String>(0)?, row.get::<_, i64>(1)?),
                span_columns(row, 2)?,
                row.get::<_, String>(4)?,
                (
                    row.get::<_, Option<f64>>(5)?,
                    row.get::<_, Option<f64>>(6)?,
                    row.get::<_, Option<f64>>(7)?,
                ),
                row.get::<_, String>(8)?,
                (
                    row.get::<_, Option<String>>(9)?,
                    row.get::<_, Option<String>>(10)?,
                    row.get::<_, Option<String>>(11)?,
                ),
            ))
        })?;
        let mut figures = Vec::new();
        for row in rows {
            let ((id, idx), span, text, (value, low, high), qualifier, (unit, measure, as_of)) =
                row?;
            let mut parts: HashMap<String, Piece> =
                pieces.remove(&(id.clone(), idx)).unwrap_or_default().into_iter().collect();
            let number = parts.remove("number").ok_or_else(|| {
                corrupt("figure_pieces", format!("figure {id}/{idx} has no number"))
            })?;
            figures.push(Figure {
                doc_id: doc_id(&id, "figures")?,
                span: span.ok_or_else(|| corrupt("figures", "bad span".into()))?,
                text,
                number,
                value,
                low,
                high,
                qualifier: Qualifier::parse(&qualifier)
                    .ok_or_else(|| corrupt("figures", format!("unknown qualifier {qualifier}")))?,
                unit,
                object: parts.remove("object"),
                event: parts.remove("event"),
                measure,
                attribution: parts.remove("attribution"),
                attributed_to: parts.remove("attributed_to"),
                as_of,
            });
        }
        Ok(figures)
    }

    fn loaded(&self) -> Result<Vec<LoadedPhrase>, StoreError> {
        let mut statement = self
            .connection
            .prepare("SELECT doc_id, start, end, text FROM loaded_phrases ORDER BY doc_id, idx")?;
        let rows = statement.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, span_columns(row, 1)?, row.get::<_, String>(3)?))
        })?;
        let mut loaded = Vec::new();
        for row in rows {
            let (id, span, text) = row?;
            loaded.push(LoadedPhrase {
                doc_id: doc_id(&id, "loaded_phrases")?,
                span: span.ok_or_else(|| corrupt("loaded_phrases", "bad span".into()))?,
                text,
            });
        }
        Ok(loaded)
    }

    fn roles(&self) -> Result<Vec<RoleMention>, StoreError> {
        let mut statement = self.connection.prepare(
            "SELECT doc_id, start, end, text, role, country, organisation, person_start, person_end, person_text FROM roles ORDER BY doc_id, idx",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                span_columns(row, 1)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, Option<String>>(5)?,
                row.get::<_, Option<String>>(6)?,
                row.get::<_, Option<i64>>(7)?,
                row.get::<_, Option<i64>>(8)?,
                row.get::<_, Option<String>>(9)?,
            ))
        })?;
        let mut roles = Vec::new();
        for row in rows {
            let (id, span, text, role, country, organisation, p_start, p_end, p_text) = row?;
            let person = match (p_start, p_end, p_text) {
                (Some(start), Some(end), Some(text)) => {
                    let span = usize::try_from(start)
                        .ok()
                        .zip(usize::try_from(end).ok())
                        .and_then(|(s, e)| Span::new(s, e))
                        .ok_or_else(|| corrupt("roles", "bad person span".into()))?;
                    Some(Piece { span, text })
                }
                _ => None,
            };
            roles.push(RoleMention {
                doc_id: doc_id(&id, "roles")?,
                span: span.ok_or_else(|| corrupt("roles", "bad span".into()))?,
                text,
                role,
                country,
                organisation,
                person,
            });
        }
        Ok(roles)
    }

    fn assignments(&self) -> Result<Vec<Assignment>, StoreError> {
        let mut statement = self.connection.prepare(
            "SELECT doc_id, origin_id, story_id, duplicate_of FROM cleaned ORDER BY doc_id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, Option<String>>(1)?,
                row.get::<_, Option<String>>(2)?,
                row.get::<_, Option<String>>(3)?,
            ))
        })?;
        let mut assignments = Vec::new();
        for row in rows {
            let (id, origin, story, duplicate) = row?;
            assignments.push(Assignment {
                doc_id: doc_id(&id, "cleaned")?,
                origin_id: origin
                    .as_deref()
                    .map(|o| {
                        OriginId::parse(o)
                            .ok_or_else(|| corrupt("cleaned", format!("bad origin {o}")))
                    })
                    .transpose()?,
                story_id: story
                    .as_deref()
                    .map(|s| {
                        StoryId::parse(s)
                            .ok_or_else(|| corrupt("cleaned", format!("bad story {s}")))
                    })
                    .transpose()?,
                duplicate_of: duplicate.as_deref().map(|d| doc_id(d, "cleaned")).transpose()?,
            });
        }
        Ok(assignments)
    }

    fn stories(&self) -> Result<Vec<StoredStory>, StoreError> {
        let mut members: std::collections::HashMap<String, Vec<DocId>> =
            std::collections::HashMap::new();
        let mut statement = self
            .connection
            .prepare("SELECT story_id, doc_id FROM story_members ORDER BY story_id, position")?;
        for row in statement
            .query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))?
        {
            let (story, doc) = row?;
            members.entry(story).or_default().push(doc_id(&doc, "story_members")?);
        }
        let mut statement = self.connection.prepare(
            "SELECT id, title, first_date, last_date, related FROM stories ORDER BY seq",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                date_column(row, 2)?,
                date_column(row, 3)?,
                row.get::<_, String>(4)?,
            ))
        })?;
        let mut stories = Vec::new();
        for row in rows {
            let (id, title, first_date, last_date, related) = row?;
            let story_id =
                StoryId::parse(&id).ok_or_else(|| corrupt("stories", format!("bad id {id}")))?;
            let docs = members.remove(&id).unwrap_or_default();
            let related = related
                .split_whitespace()
                .map(|other| {
                    StoryId::parse(other)
                        .ok_or_else(|| corrupt("stories", format!("bad related id {other}")))
                })
                .collect::<Result<Vec<_>, _>>()?;
            stories.push(StoredStory {
                story: Story {
                    id: story_id,
                    docs,
                    first_date,
                    last_date,
                    absorbed: Vec::new(),
                    related,
                },
                title,
            });
        }
        Ok(stories)
    }
}

/// Rewrites `story_redirects` for a new set of stories (see [`Store::replace_derived`]).
fn update_redirects(
    transaction: &rusqlite::Transaction<'_>,
    previous: &[StoredStory],
    current: &[StoredStory],
) -> Result<(), StoreError> {
    use std::collections::{BTreeMap, HashMap};
    let live: HashMap<&str, &StoredStory> =
        current.iter().map(|stored| (stored.story.id.as_str(), stored)).collect();
    let story_of: HashMap<&DocId, &str> = current
        .iter()
        .flat_map(|stored| stored.story.docs.iter().map(|doc| (doc, stored.story.id.as_str())))
        .collect();
    // Old id -> (new id, reason), for ids that stop naming a story now.
    let mut moved: BTreeMap<String, (String, &'static str)> = BTreeMap::new();
    for stored in current {
        for absorbed in &stored.story.absorbed {
            moved.insert(absorbed.as_str().to_owned(), (stored.story.id.to_string(), "merged"));
        }
    }
    for old in previous {
        let id = old.story.id.as_str();
        if live.contains_key(id) || moved.contains_key(id) {
            continue;
        }
        // The current story holding most of its documents (ties: the smaller id).
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for doc in &old.story.docs {
            if let Some(new) = story_of.get(doc) {
                *counts.entry(new).or_default() += 1;
            }
        }
        let target = counts
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(new, _)| new.to_owned());
        if let Some(target) = target {
            moved.insert(id.to_owned(), (target, "regrouped"));
        }
    }
    // Re-point existing redirects whose target moved, drop those whose source is live again.
    let existing: Vec<(String, String)> = {
        let mut statement = transaction.prepare("SELECT from_id, story_id FROM story_redirects")?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        rows.collect::<Result<Vec<_>, _>>()?
    };
    for (from, to) in existing {
        if live.contains_key(from.as_str()) {
            transaction.execute("DELETE FROM story_redirects WHERE from_id = ?1", [&from])?;
        } else if let Some((target, _)) = moved.get(&to) {
            transaction.execute(
                "UPDATE story_redirects SET story_id = ?2 WHERE from_id = ?1",
                params![from, target],
            )?;
        }
    }
    let mut upsert = transaction.prepare_cached(
        "INSERT INTO story_redirects (from_id, story_id, reason) VALUES (?1, ?2, ?3)
         ON CONFLICT(from_id) DO UPDATE SET story_id = excluded.story_id, reason = excluded.reason",
    )?;
    for (from, (to, reason)) in &moved {
        upsert.execute(params![from, to, reason])?;
    }
    Ok(())
}

fn to_sql(value: usize) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

fn corrupt(table: &'static str, detail: String) -> StoreError {
    StoreError::Corrupt { table, detail }
}

fn doc_id(text: &str, table: &'static str) -> Result<DocId, StoreError> {
    DocId::from_hex(text).ok_or_else(|| corrupt(table, format!("bad document id {text}")))
}

/// Each item's position among its document's items, for items grouped by document.
fn positions_in_document<'d>(docs: impl Iterator<Item = &'d DocId>) -> Vec<usize> {
    let mut out = Vec::new();
    let mut previous: Option<(&DocId, usize)> = None;
    for doc in docs {
        let idx = match previous {
            Some((last, idx)) if last == doc => idx + 1,
            _ => 0,
        };
        previous = Some((doc, idx));
        out.push(idx);
    }
    out
}

fn date_column(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<Date>> {
    Ok(row.get::<_, Option<String>>(idx)?.as_deref().and_then(Date::parse_iso))
}

fn span_columns(row: &Row<'_>, first: usize) -> rusqlite::Result<Option<Span>> {
    let start: Option<i64> = row.get(first)?;
    let end: Option<i64> = row.get(first + 1)?;
    Ok(match (start, end) {
        (Some(start), Some(end)) => {
            Span::new(usize::try_from(start).unwrap_or(0), usize::try_from(end).unwrap_or(0))
        }
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use parallax_model::{DocumentMeta, SourceFormat};

    use super::*;

    fn document(n: u8) -> RawDocument {
        RawDocument {
            id: DocId::from_hex(&format!("{n:02x}").repeat(32)).unwrap(),
            source: format!("doc{n}.txt"),
            format: SourceFormat::Text,
            encoding: "utf-8".to_owned(),
            bytes: vec![n],
            text: format!("text {n}"),
            meta: DocumentMeta::default(),
        }
    }

    fn story(founder: &RawDocument, members: &[&RawDocument], absorbed: &[&str]) -> StoredStory {
        StoredStory {
            story: Story {
                id: StoryId::founded_by(&founder.id),
                docs: members.iter().map(|doc| doc.id.clone()).collect(),
                first_date: None,
                last_date: None,
                absorbed: absorbed.iter().map(|id| StoryId::parse(id).unwrap()).collect(),
                related: Vec::new(),
            },
            title: String::new(),
        }
    }

    fn resolve(store: &Store, id: &StoryId) -> Option<StoryId> {
        store.resolve_story(id).unwrap()
    }

    #[test]
    fn embeddings_round_trip_per_model() {
        let mut store = Store::open_in_memory().unwrap();
        let docs: Vec<RawDocument> = (1..=2).map(document).collect();
        store.insert_documents(&docs).unwrap();
        let vector = vec![0.25f32, -1.5, 3.0e-7];
        store
            .put_embeddings("static-3", &[(docs[0].id.clone(), "h1".into(), vector.clone())])
            .unwrap();
        // Replacing keeps one row per document and model.
        store
            .put_embeddings("static-3", &[(docs[0].id.clone(), "h2".into(), vector.clone())])
            .unwrap();
        let cached = store.embeddings("static-3").unwrap();
        assert_eq!(cached.len(), 1);
        assert_eq!(cached[&docs[0].id], ("h2".to_owned(), vector));
        assert!(store.embeddings("minilm-384").unwrap().is_empty());
    }

    #[test]
    fn opening_a_store_creates_its_missing_folders() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("runs").join("monday").join("news.db");
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        assert!(path.is_file());
        // A folder that cannot be made is a typed error naming it, not SQLite's code 14.
        let blocked = dir.path().join("a-file");
        std::fs::write(&blocked, "x").unwrap();
        let err = Store::open(&blocked.join("news.db")).unwrap_err();
        assert!(matches!(&err, StoreError::Folder { path, .. } if *path == blocked), "{err}");
    }

    #[test]
    fn a_version_13_store_keeps_its_search_rows_through_the_migration() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v13.db");
        {
            let connection = Connection::open(&path).unwrap();
            for sql in &MIGRATIONS[..13] {
                connection.execute_batch(sql).unwrap();
            }
            connection.pragma_update(None, "user_version", 13).unwrap();
            // Version 13 keyed each search row by its story's list rank.
            connection
                .execute_batch(
                    "INSERT INTO story_views (story_id, position, list_rank, title, n_articles, n_origins, outlets)
                         VALUES ('st-a', 0, 1, 'Tram strike', 1, 1, ''), ('st-b', 1, 0, 'Pier closes', 1, 1, '');
                     INSERT INTO story_reports (story_id, report, input_key)
                         VALUES ('st-a', '{}', 'ka'), ('st-b', '{}', 'kb');
                     INSERT INTO story_search (rowid, title, body)
                         VALUES (1, 'Tram strike', 'trams'), (0, 'Pier closes', 'pier');",
                )
                .unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        let found = |text: &str| {
            let query = crate::StoryQuery {
                text: Some(text.to_owned()),
                limit: 5,
                ..crate::StoryQuery::default()
            };
            let page = store.query_stories(&query).unwrap();
            page.rows.into_iter().map(|row| row.story_id).collect::<Vec<_>>()
        };
        assert_eq!(found("trams"), ["st-a"]);
        assert_eq!(found("pier"), ["st-b"]);
    }

    #[test]
    fn a_version_2_store_migrates_keeping_its_documents() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let connection = Connection::open(&path).unwrap();
            connection.execute_batch(MIGRATIONS[0]).unwrap();
            connection.execute_batch(MIGRATIONS[1]).unwrap();
            connection.pragma_update(None, "user_version", 2).unwrap();
            connection
                .execute(
                    "INSERT INTO documents (id, external_id, source, format, encoding, raw, text) VALUES (?1, 'a', 'a.txt', 'text', 'utf-8', x'00', 'old text')",
                    [&"ab".repeat(32)],
                )
                .unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        let documents = store.documents().unwrap();
        assert_eq!(documents.len(), 1);
        assert_eq!(
            (documents[0].text.as_str(), documents[0].meta.language.as_deref()),
            ("old text", None)
        );
        assert!(store.embeddings("static-256").unwrap().is_empty());
    }

    #[test]
    fn related_stories_round_trip_in_order() {
        let mut store = Store::open_in_memory().unwrap();
        let docs: Vec<RawDocument> = (1..=3).map(document).collect();
        store.insert_documents(&docs).unwrap();
        let mut stories: Vec<StoredStory> =
            docs.iter().map(|doc| story(doc, &[doc], &[])).collect();
        stories[0].story.related = vec![stories[2].story.id.clone(), stories[1].story.id.clone()];
        stories[1].story.related = vec![stories[0].story.id.clone()];
        let derived = Derived { stories, ..Derived::default() };
        store.replace_derived(&derived).unwrap();
        let loaded = store.snapshot().unwrap().derived.stories;
        let related: Vec<_> = loaded.iter().map(|stored| stored.story.related.clone()).collect();
        let expected: Vec<_> =
            derived.stories.iter().map(|stored| stored.story.related.clone()).collect();
        assert_eq!(related, expected);
    }

    #[test]
    fn merged_and_regrouped_story_ids_keep_resolving() {
        let mut store = Store::open_in_memory().unwrap();
        let docs: Vec<RawDocument> = (1..=4).map(document).collect();
        store.insert_documents(&docs).unwrap();
        let [one, two, three, four] = [&docs[0], &docs[1], &docs[2], &docs[3]];
        let (id_one, id_three, id_four) = (
            StoryId::founded_by(&one.id),
            StoryId::founded_by(&three.id),
            StoryId::founded_by(&four.id),
        );
        let first = Derived {
            stories: vec![story(one, &[one, two], &[]), story(three, &[three], &[])],
            ..Derived::default()
        };
        store.replace_derived(&first).unwrap();
        assert_eq!(resolve(&store, &id_three), Some(id_three.clone()));

        // Story three merges into story one.
        let merged = Derived {
            stories: vec![story(one, &[one, two, three], &[id_three.as_str()])],
            ..Derived::default()
        };
        store.replace_derived(&merged).unwrap();
        assert_eq!(resolve(&store, &id_three), Some(id_one.clone()));
        // Re-running the same results changes nothing.
        let before = store.redirects().unwrap();
        store.replace_derived(&merged).unwrap();
        assert_eq!(store.redirects().unwrap(), before);

        // A new earlier document founds the story: both older ids follow their documents.
        let regrouped = Derived {
            stories: vec![story(four, &[four, one, two, three], &[])],
            ..Derived::default()
        };
        store.replace_derived(&regrouped).unwrap();
        assert_eq!(resolve(&store, &id_one), Some(id_four.clone()));
        assert_eq!(resolve(&store, &id_three), Some(id_four.clone()));
        let redirects = store.redirects().unwrap();
        let expected = [
            (id_one.to_string(), id_four.to_string(), "regrouped".to_owned()),
            (id_three.to_string(), id_four.to_string(), "merged".to_owned()),
        ];
        assert_eq!(redirects, expected);
        assert_eq!(resolve(&store, &StoryId::parse("st-0123456789ab").unwrap()), None);
    }

    #[test]
    fn unchanged_documents_keep_their_rows_and_the_rest_are_written_anew() {
        use parallax_model::{EntityKind, Mention, Outlet, PageStatus, PublishedDate, Span};
        let mut store = Store::open_in_memory().unwrap();
        let docs: Vec<RawDocument> = (1..=3).map(document).collect();
        store.insert_documents(&docs).unwrap();
        let cleaned = |doc: &RawDocument, status: PageStatus| CleanDocument {
            doc_id: doc.id.clone(),
            status,
            status_detail: String::new(),
            title: None,
            outlet: Outlet::unknown(),
            published: PublishedDate::Unknown,
            dateline: None,
            paragraphs: vec![Span::new(0, 6).unwrap()],
            removals: Vec::new(),
            language: None,
        };
        let mention = |doc: &RawDocument, text: &str| Mention {
            doc_id: doc.id.clone(),
            span: Span::new(0, 4).unwrap(),
            text: text.to_owned(),
            kind: EntityKind::Person,
        };
        let first = Derived {
            cleaned: docs.iter().map(|doc| cleaned(doc, PageStatus::Ok)).collect(),
            mentions: vec![
                mention(&docs[0], "Ivo"),
                mention(&docs[1], "Tor"),
                mention(&docs[1], "Ana"),
            ],
            ..Derived::default()
        };
        store.replace_derived_read_by(&first, "reader").unwrap();
        // The first document is unchanged; the second is read again, the third becomes a copy.
        let second = Derived {
            cleaned: vec![
                cleaned(&docs[0], PageStatus::Ok),
                cleaned(&docs[1], PageStatus::Ok),
                cleaned(&docs[2], PageStatus::Duplicate),
            ],
            assignments: docs
                .iter()
                .map(|doc| Assignment {
                    doc_id: doc.id.clone(),
                    origin_id: None,
                    story_id: None,
                    duplicate_of: None,
                })
                .collect(),
            mentions: vec![mention(&docs[0], "Ivo"), mention(&docs[1], "Tor Vask")],
            ..Derived::default()
        };
        let unchanged: HashSet<DocId> = [docs[0].id.clone()].into_iter().collect();
        store.replace_derived_keeping(&second, "reader", &unchanged).unwrap();
        assert_eq!(store.derived().unwrap(), second);
        // What is kept is what was stored: rows the caller wrongly vouches for are not rewritten.
        let stale = Derived { mentions: vec![mention(&docs[1], "Tor Vask")], ..second.clone() };
        store.replace_derived_keeping(&stale, "reader", &unchanged).unwrap();
        assert_eq!(store.derived().unwrap().mentions, second.mentions);
    }

    #[test]
    fn the_reader_is_recorded_with_the_derived_results() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(store.reader().unwrap(), "", "nothing read yet");
        store.replace_derived_read_by(&Derived::default(), "parallax 1 plain").unwrap();
        assert_eq!(store.reader().unwrap(), "parallax 1 plain");
        assert_eq!(store.derived().unwrap(), Derived::default());
        // Results stored without saying who read them may not be reused.
        store.replace_derived(&Derived::default()).unwrap();
        assert_eq!(store.reader().unwrap(), "");
    }
}
