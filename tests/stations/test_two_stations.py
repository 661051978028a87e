"""Two stations on one database file: the last open units of a PO line are received once."""

import multiprocessing

from app.db import close_database, open_database
from app.db.models import Move


def _receive_last_units(db_url, barrier, results):
    from app.db.models import User
    from app.stations.base import Scan
    from app.stations.receive import ReceiveStation

    open_database(db_url)
    station = ReceiveStation(User.get(User.name == "operator").id)
    station.handle(Scan("PO-1001"))
    barrier.wait()
    feedback = station.handle(Scan("MUG-01,6"))
    results.put(feedback.level.value)
    close_database()


def test_two_processes_cannot_both_take_the_last_units(po, db_url):
    close_database()
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(2), context.Queue()
    workers = [context.Process(target=_receive_last_units, args=(db_url, barrier, results))
               for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    outcomes = sorted(results.get(timeout=5) for _ in workers)
    assert outcomes == ["error", "ok"]
    open_database(db_url)
    assert sum(m.qty for m in Move.select()) == 6
