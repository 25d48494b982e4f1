/// The schema version this program writes.
pub const SCHEMA_VERSION: i64 = 15;

/// Migrations, applied in order: entry `i` takes the schema from version `i` to `i + 1`.
pub(crate) const MIGRATIONS: &[&str] = &[
    r"
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    external_id TEXT NOT NULL,
    source TEXT NOT NULL,
    format TEXT NOT NULL,
    encoding TEXT NOT NULL,
    raw BLOB NOT NULL,
    text TEXT NOT NULL,
    url TEXT,
    outlet TEXT,
    title TEXT,
    published TEXT,
    fetched TEXT,
    http_status INTEGER
);
CREATE TABLE document_sources (
    doc_id TEXT NOT NULL REFERENCES documents(id),
    source TEXT NOT NULL,
    PRIMARY KEY (doc_id, source)
);
CREATE TABLE rejects (
    id TEXT NOT NULL,
    source TEXT NOT NULL,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL,
    size INTEGER NOT NULL,
    raw BLOB NOT NULL,
    PRIMARY KEY (id, source)
);
CREATE TABLE cleaned (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id),
    status TEXT NOT NULL,
    status_detail TEXT NOT NULL,
    title TEXT,
    title_start INTEGER,
    title_end INTEGER,
    outlet TEXT NOT NULL,
    outlet_evidence TEXT NOT NULL,
    outlet_start INTEGER,
    outlet_end INTEGER,
    published_kind TEXT NOT NULL,
    published TEXT,
    dateline TEXT,
    dateline_start INTEGER,
    dateline_end INTEGER,
    origin_id TEXT,
    story_id TEXT,
    duplicate_of TEXT
);
CREATE TABLE paragraphs (
    doc_id TEXT NOT NULL REFERENCES documents(id),
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    PRIMARY KEY (doc_id, idx)
);
CREATE TABLE removals (
    doc_id TEXT NOT NULL REFERENCES documents(id),
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL,
    PRIMARY KEY (doc_id, idx)
);
CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    title TEXT NOT NULL,
    first_date TEXT,
    last_date TEXT
);
CREATE TABLE story_members (
    story_id TEXT NOT NULL REFERENCES stories(id),
    doc_id TEXT NOT NULL REFERENCES documents(id),
    position INTEGER NOT NULL,
    PRIMARY KEY (story_id, doc_id)
);
CREATE INDEX cleaned_story ON cleaned(story_id);
",
    r"
CREATE TABLE story_redirects (
    from_id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL,
    reason TEXT NOT NULL
);
",
    r"
ALTER TABLE documents ADD COLUMN language TEXT;
ALTER TABLE cleaned ADD COLUMN language TEXT;
CREATE TABLE embeddings (
    doc_id TEXT NOT NULL REFERENCES documents(id),
    model TEXT NOT NULL,
    input_hash TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (doc_id, model)
);
",
    r"
CREATE TABLE mentions (
    doc_id TEXT NOT NULL REFERENCES documents(id),
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (doc_id, idx)
);
",
    r"
CREATE TABLE times (
    doc_id TEXT NOT NULL REFERENCES documents(id),
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    modifier TEXT,
    text TEXT NOT NULL,
    PRIMARY KEY (doc_id, idx)
);
",
    r"
CREATE TABLE quotes (
    doc_id TEXT NOT NULL REFERENCES documents(id),
    idx INTEGER NOT NULL,
    kind TEXT NOT NULL,
    PRIMARY KEY (doc_id, idx)
);
CREATE TABLE quote_pieces (
    doc_id TEXT NOT NULL REFERENCES documents(id),
    quote_idx INTEGER NOT NULL,
    part TEXT NOT NULL,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (doc_id, quote_idx, part, idx)
);
CREATE TABLE roles (
    doc_id TEXT NOT NULL REFERENCES documents(id),
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    role TEXT NOT NULL,
    country TEXT,
    organisation TEXT,
    person_start INTEGER,
    person_end INTEGER,
    person_text TEXT,
    PRIMARY KEY (doc_id, idx)
);
",
    r"
CREATE TABLE figures (
    doc_id TEXT NOT NULL REFERENCES documents(id),
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    value REAL,
    low REAL,
    high REAL,
    qualifier TEXT NOT NULL,
    unit TEXT,
    measure TEXT,
    as_of TEXT,
    PRIMARY KEY (doc_id, idx)
);
CREATE TABLE figure_pieces (
    doc_id TEXT NOT NULL REFERENCES documents(id),
    figure_idx INTEGER NOT NULL,
    part TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (doc_id, figure_idx, part)
);
",
    r"
CREATE TABLE loaded_phrases (
    doc_id TEXT NOT NULL REFERENCES documents(id),
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (doc_id, idx)
);
",
    r"
ALTER TABLE documents ADD COLUMN authors TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN status_hint TEXT;
ALTER TABLE documents ADD COLUMN status_hint_detail TEXT;
CREATE TABLE source_map (
    doc_id TEXT NOT NULL REFERENCES documents(id),
    idx INTEGER NOT NULL,
    text_start INTEGER NOT NULL,
    text_end INTEGER NOT NULL,
    raw_start INTEGER NOT NULL,
    raw_end INTEGER NOT NULL,
    PRIMARY KEY (doc_id, idx)
);
",
    r"
CREATE TABLE story_views (
    story_id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    list_rank INTEGER NOT NULL,
    title TEXT NOT NULL,
    first_date TEXT,
    last_date TEXT,
    n_articles INTEGER NOT NULL,
    n_origins INTEGER NOT NULL,
    outlets TEXT NOT NULL
);
CREATE INDEX story_views_list ON story_views (list_rank);
CREATE TABLE story_reports (
    story_id TEXT PRIMARY KEY,
    report TEXT NOT NULL
);
CREATE TABLE story_facets (
    facet TEXT NOT NULL,
    value TEXT NOT NULL COLLATE NOCASE,
    story_id TEXT NOT NULL,
    note TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (facet, value, story_id)
) WITHOUT ROWID;
CREATE TABLE article_views (
    doc_id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL,
    position INTEGER NOT NULL
);
CREATE VIRTUAL TABLE story_search USING fts5(
    title, body, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE facet_totals (
    facet TEXT NOT NULL,
    value TEXT NOT NULL COLLATE NOCASE,
    note TEXT NOT NULL,
    n_stories INTEGER NOT NULL,
    n_articles INTEGER NOT NULL,
    PRIMARY KEY (facet, value)
) WITHOUT ROWID;
CREATE INDEX facet_totals_rank ON facet_totals (facet, n_stories DESC, n_articles DESC, value);
CREATE TABLE views_meta (
    id INTEGER PRIMARY KEY CHECK (id = 0),
    generation INTEGER NOT NULL
);
INSERT INTO views_meta (id, generation) VALUES (0, 0);
",
    r"
CREATE TABLE reading_meta (
    id INTEGER PRIMARY KEY CHECK (id = 0),
    reader TEXT NOT NULL
);
INSERT INTO reading_meta (id, reader) VALUES (0, '');
",
    r"
ALTER TABLE story_reports ADD COLUMN input_key TEXT NOT NULL DEFAULT '';
",
    r"
ALTER TABLE reading_meta ADD COLUMN rebuild_key TEXT NOT NULL DEFAULT '';
",
    // A report's search row keeps its own id, so that a rebuild rewrites only the rows of the
    // stories it changed; the rows written before held the story's list rank.
    r"
ALTER TABLE story_reports ADD COLUMN search_id INTEGER;
UPDATE story_reports SET search_id =
    (SELECT list_rank FROM story_views WHERE story_views.story_id = story_reports.story_id);
CREATE UNIQUE INDEX story_reports_search ON story_reports (search_id);
",
    // Each story's related stories (`Story::related`), most similar first, space-separated.
    r"
ALTER TABLE stories ADD COLUMN related TEXT NOT NULL DEFAULT '';
",
];
