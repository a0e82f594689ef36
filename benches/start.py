#!/usr/bin/env python3
"""Benchmark how fast `pick` answers and a drill shows its question, over long histories.

Run from the repository root:

    python3 benches/start.py [--bin PATH] [--keep DIR] [--sizes 1000,10000,100000] [--runs 5]

Both need the facts of the whole history (when each prompt was last answered, each
category's recent scores, the streak). The store keeps them as derived briefs, one small file
a month (`<home>/sessions/.briefs/YYYY-MM`), checked against the month folders before use, so
the cost should not grow with the number of records read. Measured at each size, on the same
generated histories as `benches/reports.py` (its generator is reused; `--keep` shares the
folder format):

- `pick`, cold: the first run, with no briefs yet (they are built from every record);
- `pick`, warm: with the briefs in place (best and median of `--runs`);
- `pick` after a new record: one `rehearse log` first, so one month is listed again;
- drill start: a plain drill spawned with stdin held open, timed to the moment its question
  is on standard output, then killed (kill -9 saves nothing, so the history is unchanged).

Target: warm `pick` and drill start under 50 ms at 10,000 sessions. Wall clock includes
process start-up; every figure is a warm page cache figure. The script exits 0 when a target
is missed (the table says FAIL) and 1 when a measurement could not be taken.
"""

from __future__ import annotations

import argparse
import os
import selectors
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import reports  # noqa: E402  (the shared history generator)

TARGET_S = 0.050
TARGET_AT = 10_000


def timed(argv: list[str], env: dict) -> float:
    started = time.perf_counter()
    child = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, env=env)
    wall = time.perf_counter() - started
    if child.returncode != 0:
        raise reports.MeasurementError(f"{' '.join(argv)}: {child.stderr.decode()[:300]}")
    if b"skipped" in child.stderr:
        raise reports.MeasurementError(f"{' '.join(argv)} skipped records")
    return wall


def drill_start(binary: Path, home: Path, env: dict) -> float:
    """Seconds from spawning a plain drill to its question on stdout."""
    argv = [str(binary), "--home", str(home), "drill", "--plain"]
    started = time.perf_counter()
    child = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, env=env)
    selector = selectors.DefaultSelector()
    selector.register(child.stdout, selectors.EVENT_READ)
    try:
        if not selector.select(timeout=30):
            raise reports.MeasurementError("the drill showed no question within 30 s")
        wall = time.perf_counter() - started
        if not os.read(child.stdout.fileno(), 4096).strip():
            raise reports.MeasurementError("the drill ended without a question")
        return wall
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        selector.close()


def best_and_median(samples: list[float]) -> str:
    return f"{min(samples) * 1000:.1f} / {statistics.median(samples) * 1000:.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", type=Path, default=reports.DEFAULT_BIN)
    parser.add_argument("--keep", type=Path, help="generate (or reuse) the histories here")
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sizes = [int(part.replace("_", "")) for part in args.sizes.split(",") if part.strip()]
    env = {key: value for key, value in os.environ.items() if key != "REHEARSE_HOME"}
    env["NO_COLOR"] = "1"
    base = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="rehearse-start-"))
    rows = ["| sessions | pick cold ms | pick warm ms (best / median) | pick after a new record ms "
            "| drill start ms (best / median) | target |", "|---:|---:|---:|---:|---:|---|"]
    try:
        reports.ensure_binary(args.bin)
        binary = args.bin.resolve()
        for size in sizes:
            home = base / f"h{size}"
            home.mkdir(parents=True, exist_ok=True)
            reports.generate(home, size)
            reports.read_all(home / "sessions")  # warm the page cache
            shutil.rmtree(home / "sessions" / ".briefs", ignore_errors=True)
            pick = [str(binary), "--home", str(home), "pick"]
            cold = timed(pick, env)
            warm = [timed(pick, env) for _ in range(args.runs)]
            before = set((home / "sessions").rglob("*.json"))
            log = [str(binary), "--home", str(home), "log", "--prompt", "conflict-manager",
                   "--duration", "2m"]
            timed(log, env)
            after_new = timed(pick, env)
            for added in set((home / "sessions").rglob("*.json")) - before:
                added.unlink()
            timed(pick, env)  # the month of the removed record is listed again
            starts = [drill_start(binary, home, env) for _ in range(args.runs)]
            slowest = max(min(warm), min(starts))
            verdict = "PASS" if size != TARGET_AT or slowest < TARGET_S else "FAIL"
            if size != TARGET_AT:
                verdict = "(context)"
            rows.append(f"| {size:,} | {cold * 1000:.0f} | {best_and_median(warm)} | "
                        f"{after_new * 1000:.1f} | {best_and_median(starts)} | {verdict} |")
            reports.log(f"{size:,}: pick warm {min(warm) * 1000:.1f} ms, "
                        f"drill start {min(starts) * 1000:.1f} ms")
        print("\n".join(rows))
        print()
        print(f"Target: warm pick and drill start under {TARGET_S * 1000:.0f} ms at "
              f"{TARGET_AT:,} sessions. Times include process start-up.")
    except (reports.MeasurementError, subprocess.CalledProcessError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
