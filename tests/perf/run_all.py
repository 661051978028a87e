"""Run the benchmarks one after another and print one table of their figures.

    python tests/perf/run_all.py DB [--json out.json] [--only receive stock ...] [--skip ...]
                                    [--pg URL]

Each benchmark runs as its own process, exactly as when started by hand (its full output goes
to the terminal, or with --quiet only its table row), with BINWISE_BENCH_JSON naming a file
where perfkit writes the figures it recorded. The table at the end is the one the README's
Performance section shows (what, budget, measured, load average); `--json` writes all
figures, the load average at each benchmark's end and its exit code to one file, so two runs
can be compared.
Exits 1 when any benchmark failed or was over its budget.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

# (name, script, needs the generated warehouse). In the order they run: quick ones first.
BENCHMARKS = [
    ("receive", "bench_receive.py", True),
    ("stock", "bench_stock.py", True),
    ("lookup", "bench_lookup.py", True),
    ("putaway", "bench_putaway.py", True),
    ("transfer", "bench_transfer.py", True),
    ("pick", "bench_pick.py", True),
    ("pack", "bench_pack.py", True),
    ("allocate", "bench_allocate.py", True),
    ("counts", "bench_counts.py", True),
    ("audit", "bench_audit.py", True),
    ("replenish", "bench_replenish.py", True),
    ("order_import", "bench_order_import.py", True),
    ("kit_available", "bench_kit_available.py", True),
    ("banner", "bench_banner.py", True),
    ("startup", "bench_startup.py", False),
    ("labels", "bench_labels.py", False),
    ("slip", "bench_slip.py", False),
    ("label_match", "bench_label_match.py", False),
    ("item_import", "bench_item_import.py", False),
    ("stations_busy", "bench_stations_busy.py", False),
]


def measured(figure: dict) -> str:
    unit = figure.get("unit", "ms")
    if "seconds" in figure:
        text = f"{figure['seconds']:.2f} {unit}"
        if "cpu_seconds" in figure:
            text += f" (CPU {figure['cpu_seconds']:.2f} {unit})"
        return text
    if "p95" not in figure:
        return ", ".join(f"{k} {v}" for k, v in figure.items()
                         if k not in ("what", "unit", "budget", "cpu_budget", "load", "kinds"))
    text = f"p50 {figure['p50']:.2f} {unit}, p95 {figure['p95']:.2f} {unit}"
    if "cpu_p50" in figure:
        text += f" (CPU p50 {figure['cpu_p50']:.2f}, p95 {figure['cpu_p95']:.2f})"
    return text


def budget(figure: dict) -> str:
    parts = []
    if figure.get("budget") is not None:
        main = "p95 " if "p95" in figure else ""
        parts.append(f"{main}<= {figure['budget']:g} {figure.get('unit', 'ms')}")
    if figure.get("cpu_budget") is not None:
        parts.append(f"CPU p50 <= {figure['cpu_budget']:g} {figure.get('unit', 'ms')}")
    return ", ".join(parts)


def over(figure: dict) -> bool:
    limit = figure.get("budget")
    value = figure.get("seconds", figure.get("p95"))
    cpu_limit, cpu = figure.get("cpu_budget"), figure.get("cpu_p50")
    return ((limit is not None and value is not None and value > limit)
            or (cpu_limit is not None and cpu is not None and cpu > cpu_limit))


def run_one(script: str, args: list[str], quiet: bool) -> dict:
    with tempfile.TemporaryDirectory(prefix="binwise-bench-") as scratch:
        out = Path(scratch) / "figures.json"
        env = dict(os.environ, BINWISE_BENCH_JSON=str(out))
        started = time.perf_counter()
        done = subprocess.run([sys.executable, str(HERE / script), *args], env=env,
                              stdout=subprocess.DEVNULL if quiet else None)
        result = {"script": script, "exit": done.returncode,
                  "seconds": round(time.perf_counter() - started, 1), "figures": []}
        if out.exists():
            result.update(json.loads(out.read_text(encoding="utf-8")))
            result["exit"] = done.returncode
    return result


def table(results: list[dict]) -> str:
    lines = ["| what | budget | measured | load |", "| --- | --- | --- | --- |"]
    for result in results:
        if not result["figures"]:
            lines.append(f"| {result['script']} | | exit {result['exit']}, no figures | |")
        for figure in result["figures"]:
            mark = " **OVER**" if over(figure) else ""
            load = figure.get("load", "")
            lines.append(f"| {figure['what']} | {budget(figure)} | {measured(figure)}{mark} "
                         f"| {load} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path, help="the generated warehouse (generate.py)")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    names = [name for name, _, _ in BENCHMARKS]
    parser.add_argument("--only", nargs="+", choices=names, metavar="NAME",
                        help=f"run only these ({', '.join(names)})")
    parser.add_argument("--skip", nargs="+", choices=names, default=[], metavar="NAME")
    parser.add_argument("--pg", metavar="URL", help="also run bench_receive_pg.py on this server")
    parser.add_argument("--quiet", action="store_true", help="only the table")
    args = parser.parse_args(argv)
    if not args.db.exists():
        parser.error(f"{args.db} does not exist (build it with tests/perf/generate.py)")
    chosen = [(name, script, needs_db) for name, script, needs_db in BENCHMARKS
              if (args.only is None or name in args.only) and name not in args.skip]
    runs = [(script, [str(args.db)] if needs_db else []) for _, script, needs_db in chosen]
    if args.pg:
        runs.append(("bench_receive_pg.py", [str(args.db), "--server", args.pg]))
    results = []
    for script, script_args in runs:
        print(f"\n=== {script} {' '.join(script_args)}", flush=True)
        results.append(run_one(script, script_args, args.quiet))
    print("\n" + table(results))
    load = os.getloadavg()
    print(f"\nLoad average {load[0]:.2f} (5 min {load[1]:.2f}) on {os.cpu_count()} CPUs.")
    if args.json:
        args.json.write_text(json.dumps({"db": str(args.db), "results": results}, indent=1),
                             encoding="utf-8")
        print(f"Figures written to {args.json}")
    failed = [r["script"] for r in results
              if r["exit"] != 0 or any(over(f) for f in r["figures"])]
    if failed:
        print("Failed or over budget: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
