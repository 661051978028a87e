"""Two real processes racing through the same user actions on one database.

The database comes from the suite's `db_url` fixture (tests/conftest.py): a copy of the
migrated SQLite template, or a fresh PostgreSQL database when BINWISE_TEST_PG names a server.
The two worker processes are started once per session (imports paid once) and meet at a barrier
before every round, so both act on the same thing at the same moment.
"""

import multiprocessing

import pytest

from app.db import close_database, open_database
from tests.race import workers

ROUNDS = 50


@pytest.fixture
def race_db(db_url):
    """The database opened in this process, for setting up and checking."""
    database = open_database(db_url)
    yield database
    close_database()


class Racers:
    """Runs one scenario in both workers; returns each worker's outcome per round."""

    def __init__(self, pool, barrier):
        self.pool, self.barrier = pool, barrier

    def __call__(self, db_url: str, scenario: str, rounds: int = ROUNDS, **params):
        # This process must not hold the database while the workers race.
        close_database()
        self.barrier.reset()
        jobs = [self.pool.apply_async(workers.run, (db_url, scenario, worker, rounds,
                                                    self.barrier, params))
                for worker in (0, 1)]
        results = [job.get(timeout=120) for job in jobs]
        open_database(db_url)
        crashes = [o for outcomes in results for o in outcomes if o[0] == "crash"]
        assert crashes == [], crashes[0][1]
        return results


@pytest.fixture(scope="session")
def race():
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager, context.Pool(2) as pool:
        yield Racers(pool, manager.Barrier(2, timeout=60))
