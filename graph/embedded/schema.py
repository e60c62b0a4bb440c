"""The embedded store's SQLite schema, and opening the database file (WAL, foreign keys, damage named).

Articles own their rows: the entity views they gave (`views`), their mentions and their evidence, all keyed by
the article's `seq` (its place in store order; a changed article gets a new one, as it is stored again). The
merged entities, their names (searched through the FTS5 table `names_fts`, kept in step by triggers), their
memberships, the aggregated relations and the per-predicate totals are maintained by the writes in
`writes.py`, in the same transaction as the article rows.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from geokg.graph.errors import StoreError

DB = "store.db"
VERSION = 4
CHECK_AT_OPEN_MAX = 64 << 20  # quick_check reads every page: at open only while that takes well under a second

# Format 2 (added to a format 1 store by upgrade()): the text's own hash, and every place an article was found.
FORMAT_2_ARTICLES = "ALTER TABLE articles ADD COLUMN text_hash TEXT NOT NULL DEFAULT '';"
FORMAT_2 = """
CREATE INDEX articles_by_text ON articles (text_hash) WHERE text_hash <> '';
CREATE TABLE locations (
    article_id TEXT NOT NULL, "where" TEXT NOT NULL, source TEXT, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL,
    PRIMARY KEY (article_id, "where")) WITHOUT ROWID;  -- kept when the article is stored again, dropped with it
CREATE INDEX locations_by_where ON locations ("where");
"""

# Format 3: counts kept by triggers (counting a big store's articles read them all at every open), and the
# evidence index covering what a relation's summary needs (a page of relations read no evidence rows).
FORMAT_3 = """
CREATE TABLE totals (kind TEXT NOT NULL, type TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (kind, type))
    WITHOUT ROWID;  -- ('articles', '', how many) and ('entities', type, how many)
CREATE TRIGGER article_counted AFTER INSERT ON articles BEGIN
    UPDATE totals SET n = n + 1 WHERE kind = 'articles';
END;
CREATE TRIGGER article_uncounted AFTER DELETE ON articles BEGIN
    UPDATE totals SET n = n - 1 WHERE kind = 'articles';
END;
CREATE TRIGGER entity_counted AFTER INSERT ON entities BEGIN
    INSERT OR IGNORE INTO totals VALUES ('entities', new.type, 0);
    UPDATE totals SET n = n + 1 WHERE kind = 'entities' AND type = new.type;
END;
CREATE TRIGGER entity_uncounted AFTER DELETE ON entities BEGIN
    UPDATE totals SET n = n - 1 WHERE kind = 'entities' AND type = old.type;
END;
CREATE TRIGGER entity_retyped AFTER UPDATE OF type ON entities WHEN new.type <> old.type BEGIN
    INSERT OR IGNORE INTO totals VALUES ('entities', new.type, 0);
    UPDATE totals SET n = n + 1 WHERE kind = 'entities' AND type = new.type;
    UPDATE totals SET n = n - 1 WHERE kind = 'entities' AND type = old.type;
END;
CREATE INDEX evidence_summaries ON evidence (relation_id, day, cameo, plover, goldstein, quad_class, event_label,
    theme);
"""
FORMAT_2_TO_3 = """
INSERT INTO totals SELECT 'articles', '', count(*) FROM articles;
INSERT INTO totals SELECT 'entities', type, count(*) FROM entities GROUP BY type;
DROP INDEX evidence_by_relation;
"""

# Format 4: entities numbered, with their degrees (`nodes`; a number is never given again), and the adjacency the
# path search walks (`links`: both directions of every pair of entities some relation joins, once, clustered by
# node), kept by triggers; a node's neighbours are one short range of integers, not its relations' index entries.
FORMAT_4 = """
CREATE TABLE nodes (num INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, degree INTEGER NOT NULL);
CREATE TABLE links (node INTEGER NOT NULL, nb INTEGER NOT NULL, PRIMARY KEY (node, nb)) WITHOUT ROWID;
CREATE TRIGGER entity_numbered AFTER INSERT ON entities BEGIN
    INSERT INTO nodes (id, degree) VALUES (new.id, new.degree);
END;
CREATE TRIGGER entity_unnumbered AFTER DELETE ON entities BEGIN
    DELETE FROM nodes WHERE id = old.id;
END;
CREATE TRIGGER entity_degree AFTER UPDATE OF degree ON entities WHEN new.degree <> old.degree BEGIN
    UPDATE nodes SET degree = new.degree WHERE id = new.id;
END;
CREATE TRIGGER relation_linked AFTER INSERT ON relations BEGIN
    INSERT OR IGNORE INTO links SELECT s.num, o.num FROM nodes s, nodes o WHERE s.id = new.subject
        AND o.id = new.object;
    INSERT OR IGNORE INTO links SELECT o.num, s.num FROM nodes s, nodes o WHERE s.id = new.subject
        AND o.id = new.object;
END;
CREATE TRIGGER relation_unlinked AFTER DELETE ON relations WHEN NOT EXISTS (SELECT 1 FROM relations
        WHERE subject = old.subject AND object = old.object) AND NOT EXISTS (SELECT 1 FROM relations
        WHERE subject = old.object AND object = old.subject) BEGIN
    DELETE FROM links WHERE node = (SELECT num FROM nodes WHERE id = old.subject)
        AND nb = (SELECT num FROM nodes WHERE id = old.object);
    DELETE FROM links WHERE node = (SELECT num FROM nodes WHERE id = old.object)
        AND nb = (SELECT num FROM nodes WHERE id = old.subject);
END;
"""
# Numbers in id order, and the links read off the relation indexes in the order they are stored.
FORMAT_3_TO_4 = """
INSERT INTO nodes (id, degree) SELECT id, degree FROM entities ORDER BY id;
INSERT OR IGNORE INTO links SELECT s.num, o.num FROM relations r INDEXED BY relations_between
    CROSS JOIN nodes s CROSS JOIN nodes o WHERE s.id = r.subject AND o.id = r.object;
INSERT OR IGNORE INTO links SELECT o.num, s.num FROM relations r INDEXED BY relations_in
    CROSS JOIN nodes o CROSS JOIN nodes s WHERE s.id = r.subject AND o.id = r.object;
"""

SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE articles (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, title TEXT NOT NULL, url TEXT, source TEXT, published TEXT,
    content_hash TEXT NOT NULL, text_hash TEXT NOT NULL DEFAULT '', path TEXT, language TEXT NOT NULL,
    sentences INTEGER NOT NULL, skipped TEXT,
    checksum TEXT NOT NULL);  -- rows.checksum of the article's own rows as written, for `geokg check`
CREATE INDEX articles_newest ON articles (published DESC, id);
CREATE INDEX articles_by_hash ON articles (content_hash);
{FORMAT_2}CREATE TABLE views (
    article_seq INTEGER NOT NULL REFERENCES articles ON DELETE CASCADE, pos INTEGER NOT NULL,
    entity_id TEXT NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL, aliases TEXT NOT NULL, iso TEXT,
    roles TEXT NOT NULL, affiliations TEXT NOT NULL, PRIMARY KEY (article_seq, pos)) WITHOUT ROWID;
CREATE INDEX views_by_entity ON views (entity_id, article_seq);
CREATE TABLE mentions (
    article_seq INTEGER NOT NULL REFERENCES articles ON DELETE CASCADE, pos INTEGER NOT NULL,
    entity_id TEXT NOT NULL, text TEXT NOT NULL, sentence INTEGER NOT NULL, start INTEGER NOT NULL,
    "end" INTEGER NOT NULL, sector TEXT, PRIMARY KEY (article_seq, pos)) WITHOUT ROWID;
CREATE INDEX mentions_by_entity ON mentions (entity_id);
CREATE TABLE evidence (
    article_seq INTEGER NOT NULL REFERENCES articles ON DELETE CASCADE, pos INTEGER NOT NULL,
    relation_id TEXT NOT NULL, subject TEXT NOT NULL, predicate TEXT NOT NULL, object TEXT NOT NULL,
    sentence INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, theme TEXT,
    preposition TEXT, verb_phrase TEXT NOT NULL, cameo TEXT, plover TEXT, goldstein REAL, quad_class INTEGER,
    event_label TEXT, negated INTEGER NOT NULL, hypothetical INTEGER NOT NULL, reported INTEGER NOT NULL,
    attributed_to TEXT, confidence REAL NOT NULL, date TEXT, day TEXT, subject_sector TEXT, object_sector TEXT,
    PRIMARY KEY (article_seq, pos)) WITHOUT ROWID;
CREATE TABLE entities (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, aliases TEXT NOT NULL, iso TEXT,
    roles TEXT NOT NULL, affiliations TEXT NOT NULL, degree INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
CREATE INDEX entities_by_degree ON entities (degree DESC, id);
CREATE INDEX entities_by_type ON entities (type, degree DESC, id);
CREATE TABLE memberships (parent TEXT NOT NULL, member TEXT NOT NULL REFERENCES entities ON DELETE CASCADE,
    PRIMARY KEY (parent, member)) WITHOUT ROWID;
CREATE TABLE names (
    rowid INTEGER PRIMARY KEY, entity_id TEXT NOT NULL REFERENCES entities ON DELETE CASCADE,
    folded TEXT NOT NULL, UNIQUE (entity_id, folded));
CREATE INDEX names_by_folded ON names (folded);
CREATE VIRTUAL TABLE names_fts USING fts5 (folded, content='names', content_rowid='rowid', tokenize='trigram');
CREATE TRIGGER names_added AFTER INSERT ON names BEGIN
    INSERT INTO names_fts (rowid, folded) VALUES (new.rowid, new.folded);
END;
CREATE TRIGGER names_removed AFTER DELETE ON names BEGIN
    INSERT INTO names_fts (names_fts, rowid, folded) VALUES ('delete', old.rowid, old.folded);
END;
CREATE TABLE relations (
    id TEXT PRIMARY KEY, subject TEXT NOT NULL, predicate TEXT NOT NULL, object TEXT NOT NULL,
    evidence_count INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX relations_out ON relations (subject, evidence_count DESC, id, object, predicate);
CREATE INDEX relations_in ON relations (object, evidence_count DESC, id, subject, predicate);
CREATE INDEX relations_ranked ON relations (evidence_count DESC, id);
CREATE INDEX relations_between ON relations (subject, object, evidence_count DESC);
CREATE TABLE predicates (predicate TEXT PRIMARY KEY, relations INTEGER NOT NULL, evidence INTEGER NOT NULL)
    WITHOUT ROWID;
{FORMAT_3}{FORMAT_4}INSERT INTO totals VALUES ('articles', '', 0);
INSERT INTO meta VALUES ('version', '{VERSION}');
"""
# A format 1 article was found where its URL or file says; when is not known beyond the store's last write.
FORMAT_1_LOCATIONS = """
INSERT OR IGNORE INTO locations SELECT id, coalesce(url, path, 'posted'), source, s.stamp, s.stamp FROM articles,
    (SELECT coalesce((SELECT value FROM meta WHERE key = 'last_ingest'), '') AS stamp) s;
"""


def connect(path: Path, create: bool) -> sqlite3.Connection:
    """The database at path in WAL mode, with the schema (created when create and the file is new)."""
    if not path.exists() and not create:
        raise StoreError(f"{path.parent}: no store here (no {path.name}); check --data-dir / KG_DATA_DIR, "
                         "or store articles first (`geokg ingest`)")
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=60)
    except sqlite3.DatabaseError as e:
        raise sqlite_error(path, e) from None
    for attempt in range(100):
        try:
            _prepare(conn, path)
            return conn
        except sqlite3.OperationalError as e:  # a new file another process is creating: wait for it
            if not getattr(e, "sqlite_errorname", "").startswith("SQLITE_BUSY") or attempt == 99:
                conn.close()
                raise sqlite_error(path, e) from None
            time.sleep(0.05)
        except BaseException:
            conn.close()
            raise
    raise AssertionError("unreachable")


def _prepare(conn: sqlite3.Connection, path: Path) -> None:
    """WAL mode, the schema on a new file, the version and (on a small file) every page checked."""
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA temp_store = MEMORY")  # the scratch table of pick()
        conn.execute("PRAGMA cache_size = -65536")  # 64 MiB: a big store's index pages stay in memory while writing
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables and not _created(conn):
            tables = {"meta"}  # another process created it first
        if tables and "meta" not in tables:
            raise StoreError(f"{path}: an SQLite database, but not a geokg store; refusing to touch it")
        if tables:
            _check_version(conn, path)
            if path.stat().st_size <= CHECK_AT_OPEN_MAX and (problems := integrity_problems(conn, quick=True)):
                raise damaged(path, "; ".join(problems[:3]))
        for scratch in SCRATCH:
            conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {scratch} (value PRIMARY KEY) WITHOUT ROWID")
        conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.name_grams USING fts5vocab(main, names_fts, row)")
    except sqlite3.OperationalError:
        raise  # connect() waits out a busy database
    except sqlite3.DatabaseError as e:
        raise sqlite_error(path, e) from None


SCRATCH = ("picked", "wanted")  # the scratch tables of pick(): a query may need two lists


def pick(conn: sqlite3.Connection, values, scratch: str = "picked") -> str:
    """Put the values in one of the connection's scratch tables (SCRATCH) and return the subquery listing them
    (for `x IN ...`).

    One list per table at a time: the next pick into it replaces it. A temporary table has no limit on its size
    and holds any text, unlike bound-parameter lists or JSON arrays.
    """
    assert scratch in SCRATCH
    conn.execute(f"DELETE FROM temp.{scratch}")
    conn.executemany(f"INSERT OR IGNORE INTO temp.{scratch} VALUES (?)", ((v,) for v in values))
    return f"(SELECT value FROM temp.{scratch})"


def _created(conn: sqlite3.Connection) -> bool:
    """Create the schema in a new database; False when another process won the race to create it."""
    try:
        conn.executescript(f"BEGIN IMMEDIATE; {SCHEMA} COMMIT;")
    except sqlite3.OperationalError as e:
        if conn.in_transaction:
            conn.rollback()
        if "already exists" in str(e):
            return False
        raise
    return True


def _check_version(conn: sqlite3.Connection, path: Path) -> None:
    """StoreError unless the store's format is this one or an older one migrate.upgrade() converts."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
    if row is None or row[0] not in {str(v) for v in range(1, VERSION + 1)}:
        raise StoreError(f"{path}: store format version {row[0] if row else '?'}, this geokg reads {VERSION}")


def statements(script: str) -> list[str]:
    """The statements of an SQL script, one each (a trigger's body stays whole)."""
    found, part = [], ""
    for piece in script.split(";"):
        part += piece + ";"
        if sqlite3.complete_statement(part):
            if part.strip(" \n;"):
                found.append(part.strip())
            part = ""
    return found


def sqlite_error(path: Path, e: sqlite3.DatabaseError) -> StoreError:
    """The StoreError for what SQLite reported: a damaged file, a disk that refused a write, or a lock held too long."""
    name = getattr(e, "sqlite_errorname", "") or ""
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or not name:
        return damaged(path, e)
    if name.startswith(("SQLITE_FULL", "SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_READONLY", "SQLITE_PERM")):
        return StoreError(f"cannot store in {path}: {e} (the disk is full, the file too large for its file system "
                          "or limit, or the folder read-only: free space or fix permissions, then run again)")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return StoreError(f"{path}: another process held the store's write lock too long ({e}); try again")
    return StoreError(f"{path}: {e}")


def damaged(path: Path, e: sqlite3.DatabaseError | str) -> StoreError:
    """The error for a database SQLite cannot read: which file, what SQLite said, and what to do."""
    return StoreError(f"{path}: damaged or not a geokg store ({e}); nothing was changed - run `geokg check` "
                      "and restore it from a backup")


def integrity_problems(conn: sqlite3.Connection, quick: bool = False) -> list[str]:
    """SQLite's own check of every page and index (quick_check skips index contents); [] when sound."""
    rows = conn.execute("PRAGMA quick_check" if quick else "PRAGMA integrity_check").fetchall()
    found = [r[0] for r in rows if r[0] != "ok"]
    found += [f"{r[0]} row {r[1]} refers to a missing {r[2]}" for r in conn.execute("PRAGMA foreign_key_check")]
    return found
