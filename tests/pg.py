"""Throw-away PostgreSQL databases for tests: created from a template in one statement (fast),
dropped afterwards even if a test left a connection open."""

import os
from urllib.parse import urlsplit

import psycopg2
import pytest

from app.db.postgres import connect_params

# A PostgreSQL server to run the tests on, e.g. postgresql://postgres@127.0.0.1:54329/postgres.
SERVER = os.environ.get("BINWISE_TEST_PG")
only_sqlite = pytest.mark.skipif(bool(SERVER), reason="about the SQLite file itself")


def unique_name(stem: str) -> str:
    return f"binwise_{os.getpid()}_{stem}"


def url_for(server: str, name: str) -> str:
    return urlsplit(server)._replace(path=f"/{name}").geturl()


def _admin(server: str):
    connection = psycopg2.connect(**connect_params(server))
    connection.autocommit = True
    return connection


def create_database(server: str, name: str, template: str | None = None) -> None:
    connection = _admin(server)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"' +
                           (f' TEMPLATE "{template}"' if template else ""))
    finally:
        connection.close()


def drop_database(server: str, name: str) -> None:
    connection = _admin(server)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        connection.close()
