#!/usr/bin/env python3
"""Benchmark the inputs whose cost once grew faster than their size.

Run from the repository root:

    python3 benches/growth.py [--bin PATH] [--scale 1,10,100]

Three inputs, each at 1x, 10x and 100x a base size, generated in a temporary folder:

- `stories import` of notes holding N stories that share one title (N = 100 x scale):
  every one needs a file name of its own (`a-conflict`, `a-conflict-2`, ...);
- a prompt file of N prompts (N = 160 x scale), for `prompts check` and for `pick` (which
  loads it with the bank);
- a `config.toml` with N unknown keys (N = 2,000 x scale), for `rehearse config` (which
  reports every one of them; exit status 2 is expected).

Each command is timed once at each size (wall clock, process start-up included), and the
growth from one size to the next is printed: a linear cost grows about 10x a step. Target:
no step above 20x (twice linear, to leave room for noise and the start-up at 1x). Exits 1
only when a command could not be run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_BIN = REPO / "target" / "release" / "rehearse"
MAX_STEP = 20.0


def timed(argv: list[str], env: dict, expect: int = 0) -> float:
    started = time.perf_counter()
    child = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - started
    if child.returncode != expect:
        raise SystemExit(f"error: {' '.join(argv)} exited {child.returncode}, not {expect}")
    return wall


def notes(count: int) -> str:
    story = "Q: Tell me about a conflict\nS: We disagreed about the launch date.\nR: We shipped.\n"
    return "\n---\n\n".join(story for _ in range(count))


def prompt_file(count: int) -> str:
    lines = ['category = "generated"', ""]
    for n in range(count):
        lines += ["[[prompt]]", f'id = "generated-{n}"', f'text = "Generated question {n}?"', ""]
    return "\n".join(lines)


def config_file(count: int) -> str:
    return "".join(f"unknown_key_{n} = {n}\n" for n in range(count))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", type=Path, default=DEFAULT_BIN)
    parser.add_argument("--scale", default="1,10,100")
    args = parser.parse_args()
    scales = [int(part) for part in args.scale.split(",")]
    if not args.bin.exists():
        subprocess.run(["cargo", "build", "--release"], cwd=REPO, check=True)
    binary = str(args.bin.resolve())
    env = {key: value for key, value in os.environ.items() if key != "REHEARSE_HOME"}
    base = Path(tempfile.mkdtemp(prefix="rehearse-growth-"))
    cases = {
        "stories import, N stories of one title": (100, lambda home, n: (
            (home.parent / f"notes-{n}.md").write_text(notes(n)),
            [binary, "--home", str(home), "stories", "import", str(home.parent / f"notes-{n}.md")],
            0)),
        "prompts check, N prompts": (160, lambda home, n: (
            (home / "prompts").mkdir(parents=True, exist_ok=True),
            (home / "prompts" / "generated.toml").write_text(prompt_file(n)),
            [binary, "--home", str(home), "prompts", "check"], 0)[1:]),
        "pick, with N prompts of your own": (160, lambda home, n: (
            (home / "prompts").mkdir(parents=True, exist_ok=True),
            (home / "prompts" / "generated.toml").write_text(prompt_file(n)),
            [binary, "--home", str(home), "pick"], 0)[1:]),
        "config, N unknown keys": (2000, lambda home, n: (
            home.mkdir(parents=True, exist_ok=True),
            (home / "config.toml").write_text(config_file(n)),
            [binary, "--home", str(home), "config"], 2)[1:]),
    }
    rows = ["| input | " + " | ".join(f"{s}x" for s in scales) + " | largest step | target |",
            "|---|" + "---:|" * len(scales) + "---:|---|"]
    try:
        for label, (unit, prepare) in cases.items():
            walls = []
            sizes = []
            for scale in scales:
                n = unit * scale
                home = base / f"{label.split(',')[0].replace(' ', '-')}-{n}" / "home"
                home.parent.mkdir(parents=True, exist_ok=True)
                _, argv, expect = prepare(home, n)
                walls.append(timed(argv, env, expect))
                sizes.append(n)
            steps = [b / a for a, b in zip(walls, walls[1:])]
            largest = max(steps) if steps else 1.0
            verdict = "PASS" if largest <= MAX_STEP else "FAIL"
            cells = " | ".join(f"{w:.2f} s (N={n:,})" for w, n in zip(walls, sizes))
            rows.append(f"| {label} | {cells} | {largest:.1f}x | {verdict} |")
            print(rows[-1], file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    print("\n".join(rows))
    print(f"\nWall clock, one run each, start-up included. Target: no step between sizes above "
          f"{MAX_STEP:.0f}x (linear is 10x).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
