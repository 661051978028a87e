"""The PostgreSQL dialect seam: one database class that lets every query and every piece of raw
SQL written for SQLite run unchanged on a PostgreSQL server.

Our SQL keeps SQLite's placeholders (`?`, and `:name` with a dict of parameters); psycopg2
wants `%s` and `%(name)s`, and reads a bare `%` (the modulo operator) as the start of one.
`execute_sql` translates both outside string literals and quoted names, so no SQL exists twice.

Values come back as SQLite gives them to raw SQL: dates and times as ISO text, NUMERIC as
float when it has decimals and as int when it has none (SUM of a bigint). The models parse
them exactly as they do on SQLite, and no reader of raw rows needs a second branch for date
objects or Decimals.

Writes serialise as on SQLite (BEGIN IMMEDIATE): every top-level transaction first takes one
transaction-scoped advisory lock, so a check-then-write sees everything committed before it
and two stations cannot interleave their decisions. Readers never wait for it.
"""

import re
from urllib.parse import unquote, urlsplit

import psycopg2.extensions
import psycopg2.extras
from peewee import PostgresqlDatabase

# The advisory lock every write transaction takes first: any fixed number, ours alone.
WRITE_LOCK_KEY = 0x62696E77  # "binw"

# PostgreSQL type oids: DATE, TIMESTAMP, NUMERIC.
_AS_TEXT = psycopg2.extensions.new_type((1082,), "BINWISE_TEXT", lambda value, _: value)


def _timestamp(value: str | None, _cursor) -> str | None:
    # PostgreSQL drops trailing zeros of the microseconds; Python's isoformat (what SQLite
    # holds) keeps all six, and the two must compare equal as text.
    if value is None or "." not in value:
        return value
    whole, fraction = value.split(".", 1)
    return f"{whole}.{fraction.ljust(6, '0')}"


_AS_TIMESTAMP = psycopg2.extensions.new_type((1114,), "BINWISE_TIMESTAMP", _timestamp)


def _number(value: str | None, _cursor) -> int | float | None:
    if value is None:
        return None
    return float(value) if "." in value or "e" in value.lower() else int(value)


_AS_NUMBER = psycopg2.extensions.new_type((1700,), "BINWISE_NUMBER", _number)

# String literals, quoted names, then the tokens to translate.
_TOKENS = re.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|::|\?|:[A-Za-z_]\w*|%s|%""")


def translate(sql: str) -> str:
    """SQLite-style SQL to psycopg2's: `?` -> `%s`, `:name` -> `%(name)s`, `%` -> `%%`.

    SQL that already uses `%s` (peewee's own introspection queries) passes unchanged."""
    if "%s" in _TOKENS.sub(lambda m: "" if m.group()[0] in "'\"" else m.group(), sql):
        return sql

    def replace(match: re.Match) -> str:
        token = match.group()
        if token == "?":
            return "%s"
        if token == "%":
            return "%%"
        if token.startswith(":") and token != "::":
            return f"%({token[1:]})s"
        return token

    return _TOKENS.sub(replace, sql)


class BinwisePostgresqlDatabase(PostgresqlDatabase):
    """PostgreSQL through the same models and the same SQL as SQLite."""

    # The query builder writes `?` too, so everything goes through the one translation.
    param = "?"

    def _connect(self):
        connection = super()._connect()
        for caster in (_AS_TEXT, _AS_TIMESTAMP, _AS_NUMBER):
            psycopg2.extensions.register_type(caster, connection)
        return connection

    def execute_sql(self, sql, params=None):
        return super().execute_sql(translate(sql), _without_nul(params))

    def execute_many(self, sql: str, rows: list) -> None:
        # Batched: psycopg2's executemany is one round trip per row.
        with self.cursor() as cursor:
            psycopg2.extras.execute_batch(cursor, translate(sql), rows, page_size=500)

    def insert_rows(self, table: str, columns: list[str], rows: list) -> None:
        """Many rows in few statements (multi-row VALUES): copying a warehouse in bulk."""
        names = ", ".join(f'"{c}"' for c in columns)
        with self.cursor() as cursor:
            psycopg2.extras.execute_values(
                cursor, f'INSERT INTO "{table}" ({names}) VALUES %s', rows, page_size=1000)

    def begin(self, isolation_level=None):
        if isinstance(isolation_level, str) and isolation_level.upper() == "DEFERRED":
            # A reader's snapshot (see app/db/transactions.py): every table as of one moment,
            # and no waiting for writers.
            self.cursor().execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            return
        # SQLite lock types ("IMMEDIATE") mean nothing here; the advisory lock is the same idea.
        if isinstance(isolation_level, str) and isolation_level.upper() in (
                "IMMEDIATE", "EXCLUSIVE"):
            isolation_level = None
        super().begin(isolation_level)
        self.cursor().execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))


def _without_nul(params):
    """PostgreSQL text cannot hold NUL, which a noisy scanner or a fuzzed file may send. Such
    text matches nothing stored (as on SQLite), and every code or lot written is checked for
    control characters before it gets here; so NUL becomes U+FFFD instead of an error."""
    def clean(value):
        return value.replace("\x00", "\ufffd") if isinstance(value, str) else value

    if isinstance(params, dict):
        return {key: clean(value) for key, value in params.items()}
    return [clean(value) for value in params] if params else params


def connect_params(url: str) -> dict:
    """psycopg2's keyword arguments for `postgresql://user:pass@host[:port]/db`."""
    parts = urlsplit(url)
    params = {"database": unquote(parts.path.lstrip("/")) or "postgres"}
    if parts.hostname:
        params["host"] = parts.hostname
    if parts.port:
        params["port"] = parts.port
    if parts.username:
        params["user"] = unquote(parts.username)
    if parts.password:
        params["password"] = unquote(parts.password)
    return params

