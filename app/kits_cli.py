"""`binwise kits [SKU]`: the kits and what goes in each, as a table (or JSON)."""

import argparse
import json
from collections.abc import Callable


def add_parser(commands: argparse._SubParsersAction) -> None:
    kits = commands.add_parser("kits", help="list kits and their components (import them with "
                               "`import kits FILE.csv`: kit_sku,component_sku,qty)")
    kits.add_argument("sku", nargs="?", help="only this kit")
    kits.add_argument("--json", action="store_true", help="as JSON instead of a table")


def cmd_kits(args: argparse.Namespace, open_: Callable[[argparse.Namespace], object]) -> int:
    from app.core.kits import kits

    open_(args)
    found = kits(args.sku)
    if args.json:
        print(json.dumps([{"kit": k.sku, "name": k.name, "components": [
            {"sku": c.sku, "name": c.name, "qty": c.qty} for c in k.components]}
            for k in found], indent=1))
        return 0
    if not found:
        print("No kits yet: import them with `binwise import kits FILE.csv` "
              "(kit_sku,component_sku,qty).")
        return 0
    for kit in found:
        print(f"{kit.sku}  {kit.name}")
        for c in kit.components:
            print(f"  {c.qty:>5} x {c.sku}  {c.name}")
    return 0
