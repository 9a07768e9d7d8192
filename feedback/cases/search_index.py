"""The cases' full-text index: one row of words per case, over its text, messages, citizen and reference.

Words are cut by jieba (Chinese) or split and stemmed (English, digits) in Python, so both databases
index exactly the same words: SQLite in an FTS5 table (`case_search`, rowid = case id), PostgreSQL in
a tsvector column with a GIN index (`case_search.doc`). The one writer is `_after_flush`, a session
listener: whatever code writes a case, a message, a citizen's name or address, the case's row is
rewritten in the same transaction, so search never disagrees with the page.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import MetaData, Table, event, inspect, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlmodel import col

from channels.models import Interaction
from core import urns
from feedback.cases.models import Case
from knowledge.tokens import index_words, query_words
from router.identity.models import Citizen, Identity

TABLE = "case_search"
# PostgreSQL refuses a lexeme over 2 KB and a tsvector over 1 MB; a case never needs that many words.
MAX_WORD = 100
MAX_WORDS = 20_000
# What of a case is searched: changing any of these rewrites its row.
CASE_FIELDS = ("summary", "reference", "citizen_id", "department_id", "subject", "address", "tags")
BATCH = 500
CASE_TABLE: Table = Case.__table__  # type: ignore[attr-defined]
# A search counts its matches up to here and shows the newest first; past this, a narrower search serves better.
CAP = 1000


def case_words(connection: Connection, case_ids: list[int], table: Table | None = None) -> dict[int, set[str]]:
    """Return the index words of each case, read on the caller's connection (from `table`, the case table as is)."""
    table = CASE_TABLE if table is None else table
    cases = connection.execute(select(table).where(table.c.id.in_(case_ids))).mappings().all()
    words = {row["id"]: _fields_words(row) for row in cases}
    citizen_of = {row["id"]: row["citizen_id"] for row in cases}
    people = _citizen_words(connection, set(citizen_of.values()))
    for case_id, citizen_id in citizen_of.items():
        words[case_id] |= people.get(citizen_id, set())
    messages = select(col(Interaction.case_id), col(Interaction.text)).where(col(Interaction.case_id).in_(case_ids))
    for case_id, message in connection.execute(messages):
        words[case_id] |= index_words(message or "")
    return words


def department_word(department_id: int) -> str:
    """Return the word that puts a case in its department, so a search of an agent's departments is one lookup."""
    return f"zzdept{department_id}"


def _fields_words(row) -> set[str]:
    found = index_words(row["summary"] or "") | {row["reference"].lower(), department_word(row["department_id"])}
    for field in ("subject", "address"):
        found |= index_words(row.get(field) or "")
    for tag in row.get("tags") or []:
        found |= index_words(tag) | {tag.lower()}
    return found


def _citizen_words(connection: Connection, citizen_ids: set[int]) -> dict[int, set[str]]:
    """Return each citizen's name words and phone numbers (with and without the country code)."""
    found: dict[int, set[str]] = {c: set() for c in citizen_ids}
    names = select(col(Citizen.id), col(Citizen.name)).where(col(Citizen.id).in_(citizen_ids))
    for citizen_id, name in connection.execute(names):
        if name:
            found[int(citizen_id or 0)] |= index_words(name) | {name.lower().replace(" ", "")}
    addresses = select(col(Identity.citizen_id), col(Identity.urn)).where(col(Identity.citizen_id).in_(citizen_ids))
    for citizen_id, urn in connection.execute(addresses):
        found[citizen_id] |= phone_words(urn)
    return found


def phone_words(urn: str) -> set[str]:
    """Return the forms a phone URN is typed in: all digits, and the national number."""
    if not urn.startswith("tel:+"):
        return set()
    digits = urn[5:]
    national = urns.national_number(urn)
    return {digits, national} if national else {digits}


def rewrite(connection: Connection, case_ids: Iterable[int], table: Table | None = None) -> None:
    """Write the index rows of these cases again from what the database holds now."""
    ids = sorted(set(case_ids))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        words = case_words(connection, chunk, table)
        _store(connection, chunk, words)


def _store(connection: Connection, case_ids: list[int], words: dict[int, set[str]]) -> None:
    rows = [(case_id, _bounded(found)) for case_id, found in words.items()]
    if connection.dialect.name == "postgresql":
        connection.execute(text(f"DELETE FROM {TABLE} WHERE case_id = ANY(:ids)"), {"ids": case_ids})
        if rows:
            connection.execute(
                text(f"INSERT INTO {TABLE} (case_id, doc) VALUES (:id, array_to_tsvector(CAST(:words AS text[])))"),
                [{"id": case_id, "words": found} for case_id, found in rows],
            )
        return
    connection.execute(text(f"DELETE FROM {TABLE} WHERE rowid IN ({','.join(str(i) for i in case_ids)})"))
    if rows:
        sqlite_rows = [{"id": case_id, "body": " ".join(found)} for case_id, found in rows]
        connection.execute(text(f"INSERT INTO {TABLE} (rowid, body) VALUES (:id, :body)"), sqlite_rows)


def _bounded(words: set[str]) -> list[str]:
    # FTS5 splits the body on spaces and punctuation as well; the words hold neither (index_words made them).
    return sorted(w for w in words if w and len(w) <= MAX_WORD)[:MAX_WORDS]


def matching(dialect: str, term: str, region: str, departments: Iterable[int] | None = None):
    """Return a SELECT of the ids of the cases whose words hold every word of the term (None: no words in it),
    within these departments (None: all)."""
    query = _query(dialect, term, region, departments)
    if query is None:
        return None
    if dialect == "postgresql":
        return text(f"SELECT case_id FROM {TABLE} WHERE doc @@ CAST(:q AS tsquery)").bindparams(q=query)
    return text(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH :q").bindparams(q=query)


def newest(
    connection: Connection, term: str, region: str, departments: Iterable[int] | None, offset: int, limit: int
) -> tuple[list[int], int]:
    """Return one page of the newest matching case ids, and how many match (counted up to CAP + 1).

    Only the index is read, so a word found in a hundred thousand cases costs no more than a page of them.
    """
    dialect = connection.dialect.name
    query = _query(dialect, term, region, departments)
    if query is None:
        return [], 0
    if dialect == "postgresql":
        # Materialised: otherwise PostgreSQL may walk the whole primary key hoping to meet a rare word early.
        found = f"SELECT case_id AS id FROM {TABLE} WHERE doc @@ CAST(:q AS tsquery)"
        page = f"WITH found AS MATERIALIZED ({found}) SELECT id FROM found ORDER BY id DESC LIMIT :limit OFFSET :offset"
    else:
        found = f"SELECT rowid AS id FROM {TABLE} WHERE {TABLE} MATCH :q"
        page = found + " ORDER BY rowid DESC LIMIT :limit OFFSET :offset"
    ids = list(connection.execute(text(page), {"q": query, "limit": limit, "offset": offset}).scalars())
    total = connection.execute(text(f"SELECT count(*) FROM ({found} LIMIT {CAP + 1}) AS capped"), {"q": query})
    return ids, int(total.scalar_one())


def _query(dialect: str, term: str, region: str, departments: Iterable[int] | None) -> str | None:
    words = [(word, pieces) for word, pieces in _term_words(term, region) if word]
    if not words:
        return None
    within = [department_word(d) for d in sorted(departments)] if departments is not None else None
    if dialect == "postgresql":
        query = " & ".join(_pg_word(word, pieces) for word, pieces in words)
        return query if within is None else f"{query} & ({' | '.join(within) or 'zzdept0'})"
    query = " AND ".join(_fts_word(word, pieces) for word, pieces in words)
    return query if within is None else f"{query} AND ({' OR '.join(within) or 'zzdept0'})"


def _term_words(term: str, region: str) -> list[tuple[str, tuple[str, ...]]]:
    try:  # a phone number is typed in many ways; the index holds its digits
        return [(urns.national_number(urns.tel(term, region)) or "", ())]
    except urns.InvalidURN:
        return [(w[:MAX_WORD], p) for w, p in query_words(term)]


def _fts_word(word: str, pieces: tuple[str, ...]) -> str:
    quoted = '"' + word.replace('"', '""') + '"' + ("*" if _prefix(word) else "")
    if not pieces:
        return quoted
    return "(" + quoted + " OR (" + " AND ".join('"' + p.replace('"', '""') + '"' for p in pieces) + "))"


def _pg_word(word: str, pieces: tuple[str, ...]) -> str:
    quoted = "'" + word.replace("\\", "\\\\").replace("'", "''") + "'" + (":*" if _prefix(word) else "")
    if not pieces:
        return quoted
    return "(" + quoted + " | (" + " & ".join("'" + p.replace("'", "''") + "'" for p in pieces) + "))"


def _prefix(word: str) -> bool:
    """Digits and Latin words of three or more characters match as a beginning (a partial phone or reference)."""
    return len(word) >= 3 and word.isascii()


def _before_flush(session: Session, _context, _instances) -> None:
    # A message moved to another case leaves words in the old one's row; the old case id is only in the
    # database until the flush (an expired attribute keeps no history of its value).
    moved = [obj.id for obj in session.dirty if isinstance(obj, Interaction) and _changed(obj, ("case_id",))]
    if moved:
        rows = session.connection().execute(
            select(col(Interaction.case_id)).where(
                col(Interaction.id).in_(moved), col(Interaction.case_id).is_not(None)
            )
        )
        session.info.setdefault(_LEFT, set()).update(rows.scalars())


def _after_flush(session: Session, _context) -> None:
    touched: set[int] = set(session.info.pop(_LEFT, ()))
    citizens: set[int] = set()
    # session.new builds a fresh set at each call: read it once (a bulk load flushes 100,000 rows at a time).
    for is_new, objects in ((True, list(session.new)), (False, list(session.dirty))):
        for obj in objects:
            if isinstance(obj, Case) and (is_new or _changed(obj, CASE_FIELDS)):
                touched.add(obj.id or 0)
            elif isinstance(obj, Interaction) and (is_new or _changed(obj, ("text", "case_id"))):
                touched.update(_values(obj, "case_id"))
            elif isinstance(obj, Citizen) and not is_new and _changed(obj, ("name",)):
                citizens.add(obj.id or 0)
            elif isinstance(obj, Identity) and (is_new or _changed(obj, ("citizen_id", "urn"))):
                citizens.update(_values(obj, "citizen_id"))
    gone = {obj.id or 0 for obj in session.deleted if isinstance(obj, Case)}
    if not (touched or citizens or gone):
        return
    connection = session.connection()
    if citizens:
        theirs = connection.execute(select(col(Case.id)).where(col(Case.citizen_id).in_(citizens))).scalars()
        touched.update(int(i or 0) for i in theirs)
    touched -= gone
    touched.discard(0)
    if gone:
        _store(connection, sorted(gone), {})
    if touched:
        rewrite(connection, touched)


def _changed(obj, fields: tuple[str, ...]) -> bool:
    state = inspect(obj)
    return any(field in state.attrs and state.attrs[field].history.has_changes() for field in fields)


def _values(obj, field: str) -> set[int]:
    """Return the value of a field and, when it just changed, the one before (a message moved to another case)."""
    history = inspect(obj).attrs[field].history
    return {v for v in [getattr(obj, field), *(history.deleted or ())] if v is not None}


_LEFT = "search_index.cases_left"
event.listen(Session, "before_flush", _before_flush)
event.listen(Session, "after_flush", _after_flush)


def create_table(connection: Connection) -> None:
    """Make the index table (the migration does; so does a scratch database built from the models)."""
    if connection.dialect.name == "postgresql":
        connection.execute(
            text(
                f'CREATE TABLE {TABLE} (case_id INTEGER PRIMARY KEY REFERENCES "case" (id) ON DELETE CASCADE,'
                " doc TSVECTOR NOT NULL)"
            )
        )
        connection.execute(text(f"CREATE INDEX ix_case_search_doc ON {TABLE} USING GIN (doc)"))
    else:
        # Words arrive already cut and joined by spaces; unicode61 keeps a Chinese word whole between them.
        connection.execute(
            text(f"CREATE VIRTUAL TABLE {TABLE} USING fts5(body, tokenize = 'unicode61 remove_diacritics 0')")
        )


def backfill(connection: Connection, batch: int = 2000) -> int:
    """Index every case (a migration, or after a bulk load); return how many.

    The case table is read as it stands, so an older migration can run this before later columns exist.
    """
    table = Table("case", MetaData(), autoload_with=connection)
    last, done = 0, 0
    while True:
        query = select(col(Case.id)).where(col(Case.id) > last).order_by(col(Case.id)).limit(batch)
        ids = [int(i or 0) for i in connection.execute(query).scalars()]
        if not ids:
            return done
        rewrite(connection, ids, table)
        last, done = ids[-1], done + len(ids)
