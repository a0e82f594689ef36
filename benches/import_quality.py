#!/usr/bin/env python3
"""Score `stories import` against notes whose stories a person has picked out by hand.

Run from the repository root:

    python3 benches/import_quality.py [--dir tests/fixtures/notes/real] [--bin PATH] [-v]

Every notes file in the folder that has a `<name>.expected.json` beside it is imported with
`rehearse --home <tmp> stories import --dry-run --json FILE`, and the stories found are
matched to the expected ones:

- an expected story spans from its `first_line` up to (not including) the next expected
  story's `first_line`, or to the end of the file;
- a found story matches an expected one when its `source.line` is inside that span and one of
  its parts holds at least one of the expected part phrases (whatever the part's letter);
- matching is greedy and one-to-one: expected stories in order, each taking the first found
  story, in order, that is still free and fits.

Reported, per file and overall (micro-averaged, every story and part weighs the same):

- story recall: matched expected stories / expected stories;
- story precision: matched found stories / found stories;
- part F1 over matched pairs: a found part is correct when the expected story lists a phrase
  for the same letter and that phrase is in the part's text. Precision is correct parts over
  all the parts the found stories have; recall is correct parts over the parts the expected
  stories list.

Phrases are compared with runs of whitespace made single spaces, case kept. A file that fails
to import (non-zero exit, no JSON) counts as zero stories found and is named in the report.
The expected files are checked too: a phrase that is not inside its story's span is reported,
since it could never be matched. `-v` lists, per file, the expected stories not found, the
found stories that matched nothing, and the parts that were missing or in the wrong place.
Always exits 0 unless the binary cannot be found or built.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DIR = REPO / "tests" / "fixtures" / "notes" / "real"
DEFAULT_BIN = REPO / "target" / "release" / "rehearse"
LETTERS = "STARL"
TIMEOUT = 60


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def notes_lines(path: Path) -> list[str]:
    """The file's lines as the importer numbers them: split at `\\n`, a trailing `\\r` cut."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


@dataclass
class Expected:
    title_hint: str
    first_line: int
    parts: dict[str, str]
    follow_ups: list[str]
    end_line: int = 0  # last line of the span, inclusive


@dataclass
class Found:
    title: str
    line: int
    parts: dict[str, str]


@dataclass
class FileScore:
    name: str
    expected: int = 0
    found: int = 0
    matched: int = 0
    part_correct: int = 0
    part_found: int = 0
    part_expected: int = 0  # parts listed by the expected stories that were matched
    error: str | None = None
    problems: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)


def load_expected(path: Path, lines: list[str]) -> tuple[list[Expected], list[str]]:
    """The expected stories, with their spans, and whatever is wrong with the file."""
    problems = []
    raw = json.loads(path.read_text(encoding="utf-8"))
    stories = []
    for n, item in enumerate(raw, 1):
        parts = {letter: phrase for letter, phrase in (item.get("parts") or {}).items()}
        bad = [letter for letter in parts if letter not in LETTERS]
        if bad:
            problems.append(f"story {n}: unknown part letters {bad}")
        stories.append(Expected(item.get("title_hint", ""), int(item["first_line"]), parts,
                                list(item.get("follow_ups") or [])))
    for n, story in enumerate(stories):
        following = stories[n + 1].first_line if n + 1 < len(stories) else len(lines) + 1
        if following <= story.first_line:
            problems.append(f"story {n + 1}: first_line {story.first_line} not before the next "
                            f"story's {following}")
        story.end_line = following - 1
        span = squash("\n".join(lines[story.first_line - 1:story.end_line]))
        for phrase in list(story.parts.values()) + story.follow_ups:
            if squash(phrase) not in span:
                problems.append(f"story {n + 1} (line {story.first_line}): {phrase!r} is not "
                                f"in lines {story.first_line}-{story.end_line}")
    return stories, problems


def run_import(binary: str, notes: Path, env: dict) -> tuple[list[Found], str | None]:
    """The stories the binary finds in `notes`, or none and the reason."""
    home = Path(tempfile.mkdtemp(prefix="rehearse-quality-"))
    try:
        child = subprocess.run(
            [binary, "--home", str(home), "stories", "import", "--dry-run", "--json",
             str(notes)],
            stdin=subprocess.DEVNULL, capture_output=True, env=env, timeout=TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as error:
        return [], f"could not run: {error}"
    finally:
        shutil.rmtree(home, ignore_errors=True)
    stderr = child.stderr.decode("utf-8", errors="replace").strip()
    if child.returncode != 0:
        last = stderr.splitlines()[-1] if stderr else "no message"
        return [], f"exit {child.returncode}: {last}"
    try:
        raw = json.loads(child.stdout.decode("utf-8"))
        found = []
        for item in raw:
            parts = {letter: text for letter, text in (item.get("parts") or {}).items()
                     if isinstance(text, str) and text.strip()}
            found.append(Found(str(item.get("title", "")), int(item["source"]["line"]), parts))
    except (ValueError, KeyError, TypeError) as error:
        return [], f"unreadable JSON: {error}"
    return found, None


def holds(found: Found, phrase: str, letter: str | None = None) -> bool:
    """Whether `found` has `phrase` in its `letter` part, or in any part when no letter."""
    phrase = squash(phrase)
    texts = [found.parts.get(letter, "")] if letter else list(found.parts.values())
    return any(phrase in squash(text) for text in texts)


def where(found: Found, phrase: str) -> str:
    letters = [letter for letter in found.parts if holds(found, phrase, letter)]
    return "/".join(letters) if letters else "nowhere"


def score_file(notes: Path, expected_path: Path, binary: str, env: dict) -> FileScore:
    score = FileScore(notes.name)
    lines = notes_lines(notes)
    try:
        expected, score.problems = load_expected(expected_path, lines)
    except (ValueError, KeyError, TypeError) as error:
        score.error = f"bad expected file: {error}"
        return score
    found, score.error = run_import(binary, notes, env)
    score.expected, score.found = len(expected), len(found)
    taken: set[int] = set()
    for story in expected:
        phrases = list(story.parts.values())
        pick = next((k for k, candidate in enumerate(found)
                     if k not in taken
                     and story.first_line <= candidate.line <= story.end_line
                     and any(holds(candidate, phrase) for phrase in phrases)), None)
        if pick is None:
            near = [f"line {c.line} {c.title!r}" for k, c in enumerate(found)
                    if k not in taken and story.first_line <= c.line <= story.end_line]
            # Not counted, but worth knowing: the text was found, placed at the wrong line.
            outside = [f"line {c.line} {c.title!r}" for k, c in enumerate(found)
                       if k not in taken
                       and not story.first_line <= c.line <= story.end_line
                       and any(holds(c, phrase) for phrase in phrases)]
            notes = []
            if near:
                notes.append(f"in the span but holding no phrase: {', '.join(near)}")
            if outside:
                notes.append(f"its phrases are in a story outside the span: {', '.join(outside)}")
            score.details.append(f"  missed  line {story.first_line} {story.title_hint!r}"
                                 + (f" ({'; '.join(notes)})" if notes else ""))
            continue
        taken.add(pick)
        score.matched += 1
        match = found[pick]
        score.part_found += len(match.parts)
        score.part_expected += len(story.parts)
        wrong = []
        for letter, phrase in story.parts.items():
            if holds(match, phrase, letter):
                score.part_correct += 1
            else:
                wrong.append(f"{letter} in {where(match, phrase)}")
        extra = [letter for letter in match.parts if letter not in story.parts]
        if wrong or extra:
            note = "; ".join(filter(None, [
                ("expected " + ", ".join(wrong)) if wrong else "",
                ("extra parts " + "".join(extra)) if extra else ""]))
            score.details.append(f"  parts   line {story.first_line} {story.title_hint!r}: "
                                 f"{note} (found line {match.line})")
    for k, candidate in enumerate(found):
        if k not in taken:
            score.details.append(f"  extra   line {candidate.line} {candidate.title!r} "
                                 f"(parts {''.join(candidate.parts) or 'none'})")
    return score


def ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def f1(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None:
        return None
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def cell(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def row(name: str, s: FileScore) -> str:
    part_p = ratio(s.part_correct, s.part_found)
    part_r = ratio(s.part_correct, s.part_expected)
    return (f"| {name} | {s.expected} | {s.found} | {s.matched} | "
            f"{cell(ratio(s.matched, s.expected))} | {cell(ratio(s.matched, s.found))} | "
            f"{cell(part_p)} | {cell(part_r)} | {cell(f1(part_p, part_r))} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR,
                        help="folder of notes files and their .expected.json")
    parser.add_argument("--bin", type=Path, default=DEFAULT_BIN, help="the rehearse binary")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="list the misses, extras and misplaced parts of every file")
    args = parser.parse_args()
    if not args.bin.exists():
        if args.bin.resolve() != DEFAULT_BIN.resolve():
            raise SystemExit(f"error: no binary at {args.bin}")
        subprocess.run(["cargo", "build", "--release"], cwd=REPO, check=True)
    binary = str(args.bin.resolve())
    env = {key: value for key, value in os.environ.items() if key != "REHEARSE_HOME"}
    env["NO_COLOR"] = "1"
    pairs = sorted((path, path.with_name(path.name + ".expected.json"))
                   for path in args.dir.iterdir()
                   if path.is_file() and not path.name.endswith(".json")
                   and path.name != "README.md")
    missing = [notes.name for notes, expected in pairs if not expected.exists()]
    pairs = [(notes, expected) for notes, expected in pairs if expected.exists()]
    if not pairs:
        print(f"no notes with an .expected.json in {args.dir}")
        return 0
    scores = [score_file(notes, expected, binary, env) for notes, expected in pairs]
    total = FileScore("overall")
    for s in scores:
        for name in ("expected", "found", "matched", "part_correct", "part_found",
                     "part_expected"):
            setattr(total, name, getattr(total, name) + getattr(s, name))
    header = ["| file | expected | found | matched | story recall | story precision | "
              "part P | part R | part F1 |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    print("\n".join(header))
    for s in scores:
        print(row(s.name, s))
    print(row("**overall**", total))
    print(f"\nStories: recall {cell(ratio(total.matched, total.expected))}, precision "
          f"{cell(ratio(total.matched, total.found))} ({total.matched} of {total.expected} "
          f"expected matched, {total.found} found). Parts over matched stories: "
          f"{total.part_correct} correct of {total.part_found} found and "
          f"{total.part_expected} expected, F1 "
          f"{cell(f1(ratio(total.part_correct, total.part_found), ratio(total.part_correct, total.part_expected)))}.")
    for s in scores:
        if s.error:
            print(f"{s.name}: import failed ({s.error}); counted as 0 stories found")
        for problem in s.problems:
            print(f"{s.name}: expected file: {problem}")
    for name in missing:
        print(f"{name}: no {name}.expected.json, skipped")
    if args.verbose:
        for s in scores:
            if s.details:
                print(f"\n{s.name}")
                print("\n".join(s.details))
    return 0


if __name__ == "__main__":
    sys.exit(main())
