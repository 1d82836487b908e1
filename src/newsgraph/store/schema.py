"""The SQL of each schema version (the steps are listed in `newsgraph.store.sqlite.MIGRATIONS`)."""

# Version 1: the Foundation schema (documents and their parts).
SCHEMA_V1 = """
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY, ref TEXT, source_kind TEXT, location TEXT, title TEXT,
    published TEXT, published_from TEXT, language TEXT, text TEXT NOT NULL,
    record TEXT NOT NULL, analysed_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX IF NOT EXISTS documents_ref ON documents(ref);
CREATE INDEX IF NOT EXISTS documents_published ON documents(published);
CREATE TABLE IF NOT EXISTS actors (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, id TEXT NOT NULL,
    name TEXT, type TEXT, country TEXT, sector TEXT, confidence REAL, PRIMARY KEY (doc_id, id)
);
CREATE INDEX IF NOT EXISTS actors_country ON actors(country);
CREATE INDEX IF NOT EXISTS actors_name ON actors(name);
CREATE TABLE IF NOT EXISTS mentions (
    doc_id TEXT NOT NULL, actor_id TEXT NOT NULL, start INTEGER, "end" INTEGER, text TEXT, via TEXT,
    FOREIGN KEY (doc_id, actor_id) REFERENCES actors(doc_id, id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc_id, actor_id);
CREATE TABLE IF NOT EXISTS quotes (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, id TEXT NOT NULL,
    kind TEXT, start INTEGER, "end" INTEGER, text TEXT, speaker TEXT, speaker_text TEXT,
    cue TEXT, medium TEXT, confidence REAL, PRIMARY KEY (doc_id, id)
);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(doc_id, speaker);
CREATE TABLE IF NOT EXISTS events (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, id TEXT NOT NULL,
    type TEXT NOT NULL, mode TEXT, cameo_root TEXT, quad_class INTEGER,
    source_countries TEXT, target_countries TEXT, issue TEXT, date TEXT, date_precision TEXT,
    location TEXT, location_country TEXT, lat REAL, lon REAL, modality TEXT,
    evidence_start INTEGER, evidence_end INTEGER, evidence TEXT, quote TEXT, confidence REAL,
    record TEXT NOT NULL, PRIMARY KEY (doc_id, id)
);
CREATE INDEX IF NOT EXISTS events_type_date ON events(type, date);
CREATE INDEX IF NOT EXISTS events_date ON events(date);
CREATE TABLE IF NOT EXISTS fact_checks (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, n INTEGER NOT NULL,
    claim TEXT, claimant TEXT, verdict TEXT, evidence TEXT, confidence REAL, PRIMARY KEY (doc_id, n)
);
"""

# Version 2: query and dedup support.
#  - events.day: the event's date, or the document's published date when the event has none,
#    so date filters and ordering use one indexed column;
#  - actors.published: the document's date, so `query actors --since` needs no join;
#  - event_parties: one row per source/target country code and per source/target actor,
#    so `--actor RUS` is an index lookup instead of a scan of ";"-joined strings;
#  - full-text search over document title+text and over quote text (FTS5);
#  - dedup results: duplicates (document -> first copy) and story events (event clusters).
SCHEMA_V2 = """
ALTER TABLE events ADD COLUMN day TEXT;
DROP INDEX IF EXISTS events_type_date;
DROP INDEX IF EXISTS events_date;
CREATE INDEX events_type_day ON events(type, day);
CREATE INDEX events_day ON events(day);
CREATE INDEX quotes_kind ON quotes(kind);
ALTER TABLE actors ADD COLUMN published TEXT;
CREATE INDEX actors_type ON actors(type, name, country, sector, published, confidence);  -- covers `query actors`
CREATE TABLE event_parties (
    doc_id TEXT NOT NULL, event_id TEXT NOT NULL, role TEXT NOT NULL, country TEXT, actor_id TEXT,
    FOREIGN KEY (doc_id, event_id) REFERENCES events(doc_id, id) ON DELETE CASCADE
);
CREATE INDEX event_parties_country ON event_parties(country, role);
CREATE INDEX event_parties_event ON event_parties(doc_id, event_id);
CREATE INDEX event_parties_actor ON event_parties(doc_id, actor_id);
CREATE VIRTUAL TABLE documents_fts USING fts5(doc_id UNINDEXED, title, text);
CREATE VIRTUAL TABLE quotes_fts USING fts5(doc_id UNINDEXED, quote_id UNINDEXED, text);
CREATE TABLE duplicates (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    duplicate_of TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    method TEXT NOT NULL, similarity REAL NOT NULL
);
CREATE INDEX duplicates_of ON duplicates(duplicate_of);
CREATE TABLE stories (
    id INTEGER PRIMARY KEY, type TEXT NOT NULL, source_countries TEXT, target_countries TEXT,
    first_day TEXT, last_day TEXT, location TEXT, issue TEXT,
    reports INTEGER NOT NULL, documents INTEGER NOT NULL
);
CREATE INDEX stories_type_day ON stories(type, first_day);
CREATE TABLE story_events (
    doc_id TEXT NOT NULL, event_id TEXT NOT NULL, story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    PRIMARY KEY (doc_id, event_id),
    FOREIGN KEY (doc_id, event_id) REFERENCES events(doc_id, id) ON DELETE CASCADE
);
CREATE INDEX story_events_story ON story_events(story_id);
"""


# Version 3: one document per source document.
#  - documents.id is the store's id for a source document (its URL, else its path and place
#    there; see store/identity.py), no longer the record id, which is the hash of the clean
#    text: two pages with equal texts are two documents, found by dedup as exact duplicates;
#  - documents.source_key is that key (unique), documents.text_hash the record id;
#  - documents.seq and first_stored: the order documents were first stored, kept when a
#    document is analysed again, so the first stored of two copies stays the original;
#  - events.sentence: the whole sentence around the evidence.
SCHEMA_V3 = """
ALTER TABLE documents ADD COLUMN source_key TEXT;
ALTER TABLE documents ADD COLUMN text_hash TEXT;
ALTER TABLE documents ADD COLUMN seq INTEGER;
ALTER TABLE documents ADD COLUMN first_stored TEXT;
ALTER TABLE events ADD COLUMN sentence TEXT
"""
SCHEMA_V3_INDEXES = """
CREATE UNIQUE INDEX documents_source_key ON documents(source_key);
CREATE INDEX documents_text_hash ON documents(text_hash);
CREATE INDEX documents_seq ON documents(seq)
"""
