#!/usr/bin/env python3
"""Benchmark the reports (`stats`, `history`, `export`) over long session histories.

Run from the repository root:

    python3 benches/reports.py [--bin PATH] [--keep DIR] [--sizes 10000,100000]

`--bin` defaults to target/release/rehearse, built with `cargo build --release` if it is
missing. `--keep DIR` generates the histories in DIR (DIR/h10000, DIR/h100000, ...) and leaves
them there; a later run with the same DIR reuses any history that is complete. Without it
they go to a temporary folder that is removed at the end. `--runs N` (default 3) sets how
many timed runs each command gets.

How long: on a 2-CPU VM the table came out after about 2.5 minutes: 35-75 s to generate
the 110,000 files (depending on load), about 10 s of measuring at 10k and 75 s at 100k.
Without `--keep`, deleting the temporary histories afterwards took another 7 minutes there
(about 3 ms an unlink on that disk); the table is printed before that starts, and `--keep DIR`
avoids both the generation and the deletion on later runs (about 1.5 minutes then).

Needs Python 3.11 (standard library only), `sh`, `find`, `xargs` and `cat`, and uses GNU
time (`/usr/bin/time`) when it is there. Nothing outside the generated homes is read or
written; REHEARSE_HOME is unset for every run, so no real data is touched.

What is measured
----------------
1. Two histories, generated from a fixed seed: one session every ~25 minutes going back from
   now (100,000 sessions is about 4.8 years), in the record format the program writes
   (`<home>/sessions/YYYY/MM/<id>.json`, pretty JSON, 2-space indent, trailing newline).
   Twelve categories of ten prompts, 5% aborted, answers of 60-240 s, STAR part marks on
   half, scores on 70%, a story (from eight titles) on 75%, a note on 20%.
2. For each history, after warming the page cache by reading every file once (a normal user
   cannot drop caches, so every figure is a warm-cache figure):
   - the floor, "the time to merely read the same files":
     `find <home>/sessions -name '*.json' -print0 | xargs -0 cat > /dev/null` via `sh -c`.
     Every ratio is against this floor's best run.
   - for context only, a single-process floor: a Python loop in this process that lists the
     folders and opens and reads every file (no process start-up, no exec of `cat`).
   - `rehearse --home H stats`, `history`, `export --format csv` and `export --format json`,
     standard output to /dev/null, with NO_COLOR=1 and REHEARSE_HOME unset.
   Wall clock of each is the best and the median of `--runs` runs, taken from just before
   the child is spawned to just after it is reaped, so process start-up is in every figure,
   the floor's included.
3. Peak memory (max RSS) of every rehearse command, in `--runs` further runs made through
   GNU time (`/usr/bin/time -f '%e %M'`); the largest is reported. These runs are separate
   from the timed ones so the wrapper costs the wall clock nothing. Why a wrapper at all:
   a child's ru_maxrss, whether from getrusage(RUSAGE_CHILDREN) or from os.wait4 on that
   one child, counts the memory of the process it was forked from until it calls exec, and
   Python's subprocess spawns with vfork, so every child of this script would read as at
   least this script's own RSS (17 MB and up). GNU time forks from its own ~2 MB image, so
   its %M is the command's own. Without GNU time, a fresh `python3 -c` wrapper is used; its
   figures then include that wrapper's ~10 MB and are an upper bound (the table says so).

Targets: a report takes at most 2.0 times the floor at every size, and stays under 50 MB
(MiB, 1 MB = 1024 KiB here) at 100,000 sessions. The script exits 0 even when a target is
missed (the table says FAIL); it exits 1 only if a measurement could not be taken (a command
failed, or skipped records it should have read).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_BIN = REPO / "target" / "release" / "rehearse"
GNU_TIME = Path("/usr/bin/time")

SEED = 20261123
# Bump when the generated records change, so `--keep` does not reuse a stale history.
FORMAT_VERSION = 1
MARKER = ".bench-reports.json"

TARGET_RATIO = 2.0
TARGET_RSS_MB = 50.0
RSS_TARGET_AT = 100_000
MEAN_GAP_S = 25 * 60
STARTED = time.monotonic()

REPORTS = [
    ("stats", ["stats"]),
    ("history", ["history"]),
    ("export csv", ["export", "--format", "csv"]),
    ("export json", ["export", "--format", "json"]),
]

CATEGORIES = {
    "conflict": "a disagreement with {who}",
    "failure": "a time you failed {how}",
    "leadership": "a time you led {who} without authority",
    "teamwork": "working closely with {who}",
    "pressure": "a deadline you nearly missed {how}",
    "ambiguity": "a project with unclear goals {how}",
    "feedback": "hard feedback you got from {who}",
    "influence": "convincing {who} to change course",
    "ownership": "something you fixed that was not your job {how}",
    "priorities": "two urgent things competing {how}",
    "customer": "an unhappy customer {how}",
    "growth": "a skill you had to learn fast {how}",
}
WHO = ["your manager", "a peer", "a senior engineer", "another team", "a new hire",
       "a product manager", "a stakeholder", "a vendor", "your skip-level", "a customer"]
HOW = ["and what you learned", "and what you would do again", "and how it ended",
       "and what changed after", "and who else was involved", "and how you measured it",
       "and what it cost", "in your last role", "under a tight budget", "with little support"]
STORIES = [
    "Audit flag broke time entry",
    "Migrating billing off the monolith",
    "The on-call rota nobody wanted",
    "Shipping search with half the team",
    "Rewriting the onboarding guide",
    "Cutting cloud spend by a third",
    "The outage during the board demo",
    "Mentoring two interns at once",
]
NOTES = [
    "Result too vague; give the number.",
    "Too long on the situation.",
    "Say what I did, not what we did.",
    "Good pace. Tighten the ending.",
    "Forgot the task entirely.",
    "Lost the thread in the middle; practise the action part.",
]
WINDOWS = [(120, 180)] * 6 + [(90, 150.5), (60, 120), (180, 240)]
ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"


def log(message: str) -> None:
    # Stamped with the time since start, so a slow phase shows which one it was.
    print(f"[{time.monotonic() - STARTED:6.1f} s] {message}", file=sys.stderr, flush=True)


def prompt_bank() -> list[dict]:
    bank = []
    for category, theme in CATEGORIES.items():
        for n in range(10):
            text = f"Tell me about {theme}.".format(who=WHO[n], how=HOW[n])
            bank.append({"id": f"{category}-{n + 1}", "category": category, "text": text})
    return bank


def started_at_text(moment: datetime) -> str:
    # The program writes chrono's AutoSi: a .mmm fraction, or none when it is zero.
    if moment.microsecond == 0:
        return moment.isoformat(timespec="seconds")
    return moment.isoformat(timespec="milliseconds")


def make_record(rng: random.Random, moment: datetime, bank: list[dict]) -> dict:
    suffix = "".join(rng.choice(ALPHABET) for _ in range(4))
    aborted = rng.random() < 0.05
    answer_ms = rng.randint(60_000, 240_000)
    parts = []
    if rng.random() < 0.5:
        marks = ["S"] + [part for part in "TAR" if rng.random() < 0.8]
        times = sorted(rng.randint(1_000, answer_ms) for _ in marks[1:])
        parts = [{"part": part, "at_ms": at} for part, at in zip(marks, [0] + times)]
    scores = None
    if rng.random() < 0.7:
        scores = {part: rng.choice([0, 1, 1, 2, 2, 2]) for part in "STAR"}
        if aborted:
            # A review of an aborted answer rarely rates the parts that were never reached.
            scores.update({"A": None, "R": None})
    min_s, max_s = rng.choice(WINDOWS)
    return {
        "schema": 1,
        "id": moment.strftime("%Y%m%d-%H%M%S-") + suffix,
        "started_at": started_at_text(moment),
        "prompt": dict(rng.choice(bank)),
        "window": {"min_s": min_s, "max_s": max_s},
        "outcome": "aborted" if aborted else "completed",
        "answer_ms": answer_ms,
        "paused_ms": rng.choice([0] * 9 + [rng.randint(1_000, 30_000)]),
        "parts": parts,
        "story": rng.choice(STORIES) if rng.random() < 0.75 else None,
        "scores": scores,
        "note": rng.choice(NOTES) if rng.random() < 0.2 else None,
        "version": "0.1.0",
    }


def generate(home: Path, size: int) -> dict:
    """Writes `size` sessions under `home` unless a complete one is there; returns its facts."""
    marker = home / MARKER
    if marker.exists():
        facts = json.loads(marker.read_text())
        if facts.get("size") == size and facts.get("format") == FORMAT_VERSION:
            log(f"reusing {size:,} sessions in {home}")
            return facts
    if home.exists():
        # A half-written or different history would skew every figure; start again.
        shutil.rmtree(home)
    rng = random.Random(SEED * 1_000_003 + size)
    bank = prompt_bank()
    now = time.time()
    moment_s = now
    seen: set[str] = set()
    made_dirs: set[Path] = set()
    completed = 0
    started = time.monotonic()
    for n in range(size):
        moment_s -= rng.uniform(0.4, 1.6) * MEAN_GAP_S
        # Local time, as the program records it (the offset follows DST where there is one).
        moment = datetime.fromtimestamp(round(moment_s, 3)).astimezone()
        record = make_record(rng, moment, bank)
        while record["id"] in seen:
            record["id"] = record["id"][:-4] + "".join(rng.choice(ALPHABET) for _ in range(4))
        seen.add(record["id"])
        completed += record["outcome"] == "completed"
        folder = home / "sessions" / record["id"][0:4] / record["id"][4:6]
        if folder not in made_dirs:
            folder.mkdir(parents=True, exist_ok=True)
            made_dirs.add(folder)
        text = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
        (folder / f"{record['id']}.json").write_text(text, encoding="utf-8")
        if (n + 1) % 5_000 == 0 or n + 1 == size:
            elapsed = time.monotonic() - started
            log(f"generated {n + 1:,}/{size:,} sessions ({elapsed:.1f} s)")
    oldest = datetime.fromtimestamp(moment_s, timezone.utc)
    facts = {
        "size": size,
        "format": FORMAT_VERSION,
        "completed": completed,
        "years": round((now - moment_s) / (365.25 * 86400), 2),
        "oldest": oldest.isoformat(timespec="seconds"),
    }
    marker.write_text(json.dumps(facts) + "\n")
    return facts


# --- measuring ------------------------------------------------------------------------------


class MeasurementError(Exception):
    pass


@dataclass
class Run:
    wall_s: float
    stdout: bytes = b""
    stderr: str = ""


@dataclass
class Result:
    size: int
    command: str
    walls: list[float] = field(default_factory=list)
    rss_kb: int | None = None

    @property
    def best(self) -> float:
        return min(self.walls)

    @property
    def median(self) -> float:
        return statistics.median(self.walls)


def run_once(argv: list[str], env: dict, capture: bool = False) -> Run:
    """Runs argv to completion, timed from just before the spawn to just after the reap."""
    with tempfile.TemporaryFile() as err:
        stdout = subprocess.PIPE if capture else subprocess.DEVNULL
        started = time.perf_counter()
        child = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=stdout, stderr=err, env=env)
        wall = time.perf_counter() - started
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    if child.returncode != 0:
        raise MeasurementError(
            f"{' '.join(argv)} exited {child.returncode}: {stderr.strip()[:500]}"
        )
    return Run(wall, child.stdout or b"", stderr)


# Forks and waits for the command itself, for when GNU time is missing. Its own RSS at the
# fork is counted in the child's peak, so figures through it are an upper bound.
PY_WRAPPER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
print(usage.ru_maxrss, file=sys.stderr)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def peak_rss_kb(argv: list[str], env: dict) -> int:
    """The max RSS, in KiB, of one run of argv, measured in a fresh small parent."""
    with tempfile.NamedTemporaryFile("r") as report:
        if GNU_TIME.exists():
            wrapped = [str(GNU_TIME), "-o", report.name, "-f", "%e %M", *argv]
        else:
            wrapped = [sys.executable, "-c", PY_WRAPPER, *argv]
        child = subprocess.run(wrapped, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, env=env)
        text = report.read() if GNU_TIME.exists() else child.stderr.decode()
    if child.returncode != 0:
        raise MeasurementError(f"{' '.join(argv)} exited {child.returncode} under the wrapper")
    try:
        return int(text.strip().splitlines()[-1].split()[-1])
    except (ValueError, IndexError):
        raise MeasurementError(f"no max RSS from the wrapper for {' '.join(argv)}: {text!r}")


def read_all(sessions: Path) -> tuple[int, int]:
    files = total = 0
    for folder, _, names in os.walk(sessions):
        for name in names:
            if name.endswith(".json"):
                with open(os.path.join(folder, name), "rb") as handle:
                    total += len(handle.read())
                files += 1
    return files, total


def check_output(label: str, run: Run, facts: dict) -> None:
    """Makes sure a report read the whole history, so no figure is of a short cut."""
    if "skipped" in run.stderr:
        first = run.stderr.strip().splitlines()[0]
        raise MeasurementError(f"{label} skipped records: {first}")
    completed = facts["completed"]
    if label == "export csv":
        rows = run.stdout.count(b"\n") - 1
        if rows != completed:
            raise MeasurementError(f"export csv wrote {rows} rows, expected {completed}")
    elif label == "export json":
        count = len(json.loads(run.stdout))
        if count != completed:
            raise MeasurementError(f"export json wrote {count} records, expected {completed}")
    elif label == "history":
        lines = run.stdout.count(b"\n")
        if lines < completed:
            raise MeasurementError(f"history printed {lines} lines for {completed} sessions")
    elif not run.stdout.strip():
        raise MeasurementError(f"{label} printed nothing")


def bench_size(binary: Path, home: Path, facts: dict, runs: int, env: dict) -> list[Result]:
    size = facts["size"]
    sessions = home / "sessions"
    files, total = read_all(sessions)  # the warm-up read
    if files != size:
        raise MeasurementError(f"{sessions} holds {files} files, expected {size}")
    log(f"{size:,} sessions: {total / 2**20:.1f} MiB in {files:,} files, "
        f"{facts['years']} years; cache warmed")
    results = []

    floor = Result(size, "floor: find + xargs cat")
    cat = ["sh", "-c", f"find '{sessions}' -name '*.json' -print0 | xargs -0 cat > /dev/null"]
    for _ in range(runs):
        floor.walls.append(run_once(cat, env).wall_s)
    results.append(floor)

    python_floor = Result(size, "context: Python read loop")
    for _ in range(runs):
        started = time.perf_counter()
        read_all(sessions)
        python_floor.walls.append(time.perf_counter() - started)
    results.append(python_floor)
    log(f"floors: find + xargs cat {floor.best:.3f} s, Python loop {python_floor.best:.3f} s")

    for label, args in REPORTS:
        argv = [str(binary), "--home", str(home), *args]
        # One checked run first: it proves the command reads every record, and it puts the
        # binary itself in the page cache like the files.
        check_output(label, run_once(argv, env, capture=True), facts)
        result = Result(size, f"rehearse {' '.join(args)}")
        for _ in range(runs):
            result.walls.append(run_once(argv, env).wall_s)
        result.rss_kb = peak = max(peak_rss_kb(argv, env) for _ in range(runs))
        results.append(result)
        log(f"{result.command}: best {result.best:.3f} s, {peak / 1024:.1f} MB")
    return results


# --- reporting ------------------------------------------------------------------------------


def table(results: list[Result]) -> tuple[str, list[str]]:
    rows = [
        "| sessions | command | best s | median s | × floor | peak RSS MB | target |",
        "|---:|---|---:|---:|---:|---:|---|",
    ]
    notes = []
    floors = {r.size: r.best for r in results if r.command.startswith("floor")}
    for r in results:
        ratio = r.best / floors[r.size]
        if r.rss_kb is None:
            rss = "—"
            verdict = "(floor)" if r.command.startswith("floor") else "(context)"
        else:
            rss_mb = r.rss_kb / 1024
            rss = f"{rss_mb:.1f}"
            misses = []
            if ratio > TARGET_RATIO:
                misses.append(f"{ratio:.2f}× > {TARGET_RATIO}×")
                notes.append(f"{r.command} at {r.size:,} takes {ratio:.2f}× the floor "
                             f"({r.best - TARGET_RATIO * floors[r.size]:+.3f} s over "
                             f"{TARGET_RATIO}×)")
            if r.size >= RSS_TARGET_AT and rss_mb >= TARGET_RSS_MB:
                misses.append(f"{rss_mb:.0f} MB ≥ {TARGET_RSS_MB:.0f} MB")
            verdict = "PASS" if not misses else "FAIL: " + "; ".join(misses)
        rows.append(f"| {r.size:,} | {r.command} | {r.best:.3f} | {r.median:.3f} | "
                    f"{ratio:.2f} | {rss} | {verdict} |")
    return "\n".join(rows), notes


def print_report(results: list[Result], runs: int) -> None:
    text, notes = table(results)
    print(text)
    print()
    meter = "GNU time %M" if GNU_TIME.exists() else "a python3 wrapper"
    print(f"Wall clock: best and median of {runs} warm-cache runs; × floor is best over the "
          "best `find | xargs cat` run of the same history. Peak RSS is the largest of "
          f"{runs} further runs under {meter} (MB = MiB). "
          "Targets: ≤ 2.0× the floor; < 50 MB at 100,000 sessions.")
    if not GNU_TIME.exists():
        print("No /usr/bin/time: peak RSS went through a python3 wrapper and includes ~10 MB "
              "of it; read it as an upper bound.")
    for note in notes:
        print(f"- {note}")


def ensure_binary(binary: Path) -> None:
    if binary.exists():
        return
    if binary != DEFAULT_BIN:
        raise MeasurementError(f"{binary} does not exist")
    log("building target/release/rehearse ...")
    subprocess.run(["cargo", "build", "--release"], cwd=REPO, check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", type=Path, default=DEFAULT_BIN, help="the rehearse binary")
    parser.add_argument("--keep", type=Path, help="generate (or reuse) the histories here")
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated session counts")
    parser.add_argument("--runs", type=int, default=3, help="timed runs a command (default 3)")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    sizes = [int(part.replace("_", "")) for part in args.sizes.split(",") if part.strip()]

    env = {key: value for key, value in os.environ.items() if key != "REHEARSE_HOME"}
    env["NO_COLOR"] = "1"

    base = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="rehearse-reports-"))
    results: list[Result] = []
    try:
        ensure_binary(args.bin)
        binary = args.bin.resolve()
        histories = []
        for size in sizes:
            home = base / f"h{size}"
            home.mkdir(parents=True, exist_ok=True)
            histories.append((home, generate(home, size)))
        for home, facts in histories:
            results += bench_size(binary, home, facts, args.runs, env)
        # Out before the clean-up, which can take a while on a busy disk.
        print_report(results, args.runs)
    except (MeasurementError, subprocess.CalledProcessError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        if not args.keep:
            log(f"removing {base}")
            shutil.rmtree(base, ignore_errors=True)

    log("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
