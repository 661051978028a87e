"""What every report is: a title, columns, rows and a total row, the same in the window and
headless, written to CSV or JSON here (the window draws and prints them)."""

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from app.core import csv_output
from app.db.models import database

# Locations that hold stock the seller owns: bins, the dock and packing.
INTERNAL = "('bin', 'dock', 'packing')"
# The kinds of move that can cross into or out of them (putaways, transfers and picks stay
# inside); naming them lets the ledger's (kind, created_at) index find a period's moves.
CROSSING = "('receipt', 'ship', 'adjust', 'return')"


@dataclass
class Report:
    name: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    total: list | None = None
    # One sentence per figure: what it means and how it was found.
    notes: list[str] = field(default_factory=list)
    # Series for the chart: (label, value) of the report's main figure.
    chart: list[tuple[str, float]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def as_json(self) -> dict:
        return {"report": self.name, "title": self.title, "columns": self.columns,
                "rows": [dict(zip(self.columns, map(_plain, row), strict=True))
                         for row in self.rows],
                "total": (dict(zip(self.columns, map(_plain, self.total), strict=True))
                          if self.total else None),
                "notes": self.notes}

    def text_rows(self) -> list[list[str]]:
        """Every row and the total as the table, the CSV and the PDF show them."""
        rows = [[_cell(v) for v in row] for row in self.rows]
        if self.total:
            rows.append([_cell(v) for v in self.total])
        return rows

    def write_csv(self, path: Path) -> None:
        csv_output.write_csv(path, self.columns, self.text_rows())

    def write_json(self, out) -> None:
        json.dump(self.as_json(), out, indent=1)
        out.write("\n")


def _plain(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 4)
    return value


def _cell(value) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def day_of(value) -> date:
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        return value.date()
    return value


def start_of(day: date) -> str:
    """The first moment of `day`, as the ledger's times compare."""
    return datetime.combine(day, datetime.min.time()).isoformat(" ")


def on_hand_now() -> dict[int, int]:
    """Units per item in bins, the dock and packing."""
    return dict(database.execute_sql(f"""
        SELECT q.item_id, SUM(q.qty) FROM quant q JOIN location loc ON loc.id = q.location_id
         WHERE loc.kind IN {INTERNAL} GROUP BY q.item_id HAVING SUM(q.qty) <> 0""").fetchall())


def net_in_since(moment: str) -> dict[int, int]:
    """Units per item that entered the warehouse (net) from `moment` on, from the ledger."""
    return dict(database.execute_sql(f"""
        SELECT m.item_id, SUM(CASE WHEN d.kind IN {INTERNAL} THEN m.qty ELSE 0 END
                            - CASE WHEN s.kind IN {INTERNAL} THEN m.qty ELSE 0 END)
          FROM move m JOIN location s ON s.id = m.src_id JOIN location d ON d.id = m.dst_id
         WHERE m.kind IN {CROSSING} AND m.created_at >= ?
           AND (s.kind IN {INTERNAL}) <> (d.kind IN {INTERNAL})
         GROUP BY m.item_id""", (moment,)).fetchall())


def on_hand_at(day: date, today: date) -> dict[int, int]:
    """Units per item at the end of `day`: today's, less what came in since."""
    now = on_hand_now()
    if day >= today:
        return now
    for item_id, qty in net_in_since(start_of(day.fromordinal(day.toordinal() + 1))).items():
        now[item_id] = now.get(item_id, 0) - qty
    return {item_id: qty for item_id, qty in now.items() if qty}


def items() -> dict[int, tuple[str, str, str, float]]:
    """sku, name, ABC class and unit cost of every item."""
    return {id_: (sku, name, klass, float(cost or 0)) for id_, sku, name, klass, cost
            in database.execute_sql("""
        SELECT i.id, i.sku, i.name, COALESCE(c."class", 'C'), i.unit_cost FROM item i
          LEFT JOIN item_class c ON c.item_id = i.id""")}
