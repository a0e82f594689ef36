#!/usr/bin/env python3
"""Benchmark how well `rehearse drill` keeps time, and what its countdown costs.

Run from the repository root:

    python3 benches/drill_timing.py [--quick] [--bin PATH]
    python3 benches/drill_timing.py --record [--quick] [--bin PATH] [--memory MINUTES] [--speed TIMES]

`--bin` defaults to target/release/rehearse, built with `cargo build --release` if it is
missing (with `--record`: always `cargo build --release --features record`, a no-op when it
is fresh, since a binary built without the feature would refuse `--record`). `--quick` skips
the two 60-second plain runs (and so the drift check); the 60-second full-screen CPU run
always happens. A full run takes about 3.5 minutes, with `--record` about 5.
Needs Python 3.11 (standard library only) and `tmux`. Everything the binary writes goes to
a throw-away REHEARSE_HOME, and tmux runs on a private socket, so no real data or tmux
session is touched.

With `--record` every drill records its answer (`drill --record`) from a stand-in
microphone: ALSA's `file` PCM reading a FIFO, set up by an `.asoundrc` in a throw-away HOME
given to the drills (as tests/capture.rs does), so no sound card is needed. A thread of this
script is the person speaking: it writes 100 ms batches of 48 kHz mono f32 (the format the
capture opens this device in) at the pace of speech, from before the first drill to after
the last, as a microphone hears all along; a batch due while the last is still unread (no
drill is reading) is not heard. What it says: phrases of three seconds (a 220 Hz tone whose
loudness rises and falls three times a second, like syllables) with a second's pause
between, over a faint hiss. Run once without and once with
`--record` (the same `--bin`) to compare; the figures below are taken the same way in both,
and with `--record`:
- each timed answer's record is checked to hold a recording about as long as the answer;
- the CPU of the whole drill process (every thread: the timer, the capture's device thread,
  the thread that resamples to 16 kHz and writes the WAV) over the 60 s answers is the cost
  of recording, against the target of 3 % of a core;
- memory over a long answer (`--memory`, 10 minutes of sound by default, 0 skips it): the
  sound is fed `--speed` times faster than spoken (10 by default, so ten minutes take one),
  which the capture takes as it would a faster microphone: its ring holds 5 s and is
  emptied every 20 ms. Resident memory is read after every minute of sound; the peak while
  recording (VmHWM just before Enter) is told apart from the peak over the whole run, which
  includes measuring the finished recording (read whole) after the answer.

What is measured
----------------
1. Plain-mode timing error e = (answer the binary reports) - (time we held the answer).
   We time from the moment the prompt's `category:` line reaches us (t0) to the moment we
   write the newline that ends the answer (t1). The binary reports its answer truncated to
   tenths, R = floor(M * 10) / 10, so one run only says e lies in [R - D, R - D + 0.1)
   where D = t1 - t0. To get below that 100 ms resolution without changing the binary we
   search for the truncation edge: hold the answer for B - x seconds (B a whole second);
   the report reads >= B exactly when e >= x. Bisecting x over a few runs pins e down to
   about a millisecond, as long as e is steady from run to run (the per-run intervals are
   intersected, and an empty intersection is reported as jitter).
   - 2 s: five runs held 2.05 s (centred in a tenth, so each must read 0:02.0 if |e| < 50 ms),
     then bisection runs at the 2.0 s edge.
   - 60 s: two runs placed just either side of the edge the 2 s runs predict (+/- 5 ms).
     If the binary keeps time the same over a minute as over two seconds, the first reads
     0:59.9 and the second 1:00.0; either way their intervals bound the 60 s error, and
     the difference from the 2 s error is the drift. Python's time.monotonic and Rust's
     Instant read the same CLOCK_MONOTONIC, so any drift would come from the binary's own
     bookkeeping, not from the clocks.
   The 60 s runs also take the CPU of the drill (all its threads) over the answer, from
   /proc/PID/stat at t0 and just before t1, and its resident memory about once a second.
2. CPU of a 60-second full-screen countdown in an 80x24 tmux pane: utime+stime from
   /proc/PID/stat over 60 s of wall time (plus the nanosecond run time from schedstat, and
   voluntary context switches as a count of wake-ups), summed over all the process' threads.
   The answer starts at once (`--prep 0`), so all 60 s are the answer's; with `--record`
   the countdown records too.
3. With `--record` only: memory over a long recorded answer, as above.

The script exits 0 even when a target is missed (it prints FAIL in the table): a slow
machine is not a bug. It exits 1 only if a measurement could not be taken at all.
"""

from __future__ import annotations

import argparse
import array
import fcntl
import json
import math
import os
import re
import select
import shlex
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_BIN = REPO / "target" / "release" / "rehearse"

TARGET_ERROR_MS = 20.0
TARGET_CPU_PERCENT = 1.0
# Recording (issue 14): the whole drill process while it records, resampler and WAV writer
# included.
TARGET_RECORD_CPU_PERCENT = 3.0
TENTH = 0.1

CENTRED_RUNS = 5
BISECTION_RUNS = 7
# Either side of the 2 s estimate for the two 60 s probes: small enough to show drift far
# below the tenths resolution, large enough that run-to-run jitter does not flip a probe.
PROBE_MARGIN = 0.005

# `influence-non-technical-audience  0:02.0  in window`
SUMMARY = re.compile(r"^(\S+)\s+(\d+):(\d{2})\.(\d)\s+(.*)$", re.MULTILINE)


# --- the stand-in microphone (--record) ------------------------------------------------------

MIC_RATE = 48_000
MIC_BATCH_FRAMES = 4_800  # 100 ms: a multiple of the period ALSA picks for the null PCM
MIC_BATCH_SECONDS = MIC_BATCH_FRAMES / MIC_RATE

# The drills' default capture device: reads whatever is written to the FIFO.
ASOUNDRC = """pcm.!default {{
    type file
    slave.pcm "null"
    file "/dev/null"
    infile "{fifo}"
    format "raw"
}}
"""


def phrases() -> list[bytes]:
    """Four seconds of the sound the microphone hears, as 40 batches of little-endian f32:
    a phrase of three seconds (a 220 Hz tone at up to half scale, its loudness rising and
    falling three times a second, like syllables) and a second's pause, all over a hiss
    about 70 dB down (a fixed seed). Every period fits the four seconds, so it repeats
    without a click, and the measures after the answer find phrases as in speech."""
    state = 0x2545F4914F6CDD1D
    samples = []
    for i in range(4 * MIC_RATE):
        t = i / MIC_RATE
        state ^= (state << 13) & 0xFFFFFFFFFFFFFFFF
        state ^= state >> 7
        state ^= (state << 17) & 0xFFFFFFFFFFFFFFFF
        hiss = ((state >> 40) / (1 << 24) - 0.5) * 0.001
        loudness = 0.5 * (0.5 - 0.5 * math.cos(2 * math.pi * 3 * t)) if t < 3 else 0.0
        samples.append(loudness * math.sin(2 * math.pi * 220 * t) + hiss)
    whole = struct.pack(f"<{len(samples)}f", *samples)
    size = MIC_BATCH_FRAMES * 4
    return [whole[i:i + size] for i in range(0, len(whole), size)]


class Microphone:
    """ALSA's file PCM over a FIFO, fed by a thread of this script at `speed` times the pace
    of speech; `home` is the HOME whose .asoundrc makes it the default capture device."""

    def __init__(self, home: Path):
        self.home = home
        fifo = home / "microphone.fifo"
        os.mkfifo(fifo, 0o600)
        (home / ".asoundrc").write_text(ASOUNDRC.format(fifo=fifo))
        # Read-write: the open never waits for a reader, and a drill's probing opens and
        # closes of the device never leave the pipe without one.
        self.fd = os.open(fifo, os.O_RDWR)
        self.batches = phrases()
        self.speed = 1.0
        self._new_speed = False
        self.heard = 0  # batches written, counted by the feeding thread
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._feed, name="microphone", daemon=True)
        self._thread.start()

    def env(self) -> dict[str, str]:
        return {"HOME": str(self.home), "XDG_CONFIG_HOME": str(self.home / "config")}

    def set_speed(self, speed: float) -> None:
        """From now on, `speed` times the pace of speech (the schedule starts again now, so
        a change never makes up for lost time in a burst)."""
        self.speed = speed
        self._new_speed = True

    def unread(self) -> int:
        buffer = array.array("i", [0])
        fcntl.ioctl(self.fd, termios.FIONREAD, buffer)
        return buffer[0]

    def _feed(self) -> None:
        due = time.monotonic()
        index = 0
        while not self._stop.is_set():
            now = time.monotonic()
            if self._new_speed:
                self._new_speed = False
                due = now
            if now < due:
                time.sleep(min(due - now, 0.05))
                continue
            batch = self.batches[index % len(self.batches)]
            # Only into an empty pipe: a write never blocks, so the pace holds whatever the drill
            # does, and between drills at most one batch waits, which the next drill's capture
            # reads before its answer begins (or, rarely, as its first 100 ms).
            if self.unread() == 0:
                os.write(self.fd, batch)
                self.heard += 1
                index += 1
            # Due times on a schedule, not sleeps after each write, so the pace never drifts;
            # after a stall of more than a second it starts again from now instead of bursting.
            due = max(due + MIC_BATCH_SECONDS / self.speed, now - 1.0)

    def wait_until_read(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self.unread() > 0:
            if time.monotonic() > deadline:
                raise TimeoutError("the drill stopped reading the microphone")
            time.sleep(0.005)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        os.close(self.fd)


# --- plain mode -----------------------------------------------------------------------------


@dataclass
class Cost:
    """What the drill process took over an answer, all its threads."""
    wall: float  # seconds between the two readings
    cpu_ticks_s: float  # utime + stime
    cpu_run_s: float  # schedstat run time
    threads: int
    rss_kib: list[int]  # VmRSS about once a second
    peak_rss_kib: int = 0  # VmHWM of the whole run, at its end

    @property
    def percent(self) -> float:
        return self.cpu_ticks_s / self.wall * 100


@dataclass
class PlainRun:
    label: str
    aimed: float  # the hold we asked for, seconds
    held: float  # D = t1 - t0 as it happened, seconds
    tenths: int  # the report, in tenths of a second
    cost: Cost | None = None  # taken on the long runs
    recorded_ms: int | None = None  # the record's audio.ms, when recording
    warnings: list[str] = field(default_factory=list)  # the drill's warning lines

    @property
    def reported(self) -> float:
        return self.tenths / 10

    # The error interval this run allows: e in [lo, hi).
    @property
    def lo(self) -> float:
        return self.reported - self.held

    @property
    def hi(self) -> float:
        return self.reported + TENTH - self.held

    def allows_target(self) -> bool:
        """Could |e| <= 20 ms, given only this run's truncated report?"""
        limit = TARGET_ERROR_MS / 1000
        return self.lo <= limit and self.hi > -limit


def clock_text(tenths: int) -> str:
    seconds, tenth = divmod(tenths, 10)
    return f"{seconds // 60}:{seconds % 60:02}.{tenth}"


def sleep_until(deadline: float) -> None:
    # time.sleep can oversleep by a fraction of a millisecond; the last 2 ms are spun so the
    # bisection lands where it aims (the hold is measured anyway, this only keeps it useful).
    remaining = deadline - time.monotonic()
    if remaining > 0.002:
        time.sleep(remaining - 0.002)
    while time.monotonic() < deadline:
        pass


def read_until(fd: int, buffer: bytearray, done, timeout: float) -> float:
    """Reads `fd` into `buffer` until `done(buffer)`; returns the monotonic time the last
    needed byte arrived. Raw os.read, so no Python buffering delays the timestamp."""
    deadline = time.monotonic() + timeout
    arrived = time.monotonic()
    while not done(buffer):
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            raise TimeoutError(f"no expected output within {timeout:.0f} s; got {bytes(buffer)!r}")
        chunk = os.read(fd, 65536)
        arrived = time.monotonic()
        if not chunk:
            raise RuntimeError(f"output ended early: {bytes(buffer)!r}")
        buffer += chunk
    return arrived


def prompt_shown(buffer: bytearray) -> bool:
    # The second line of the prompt (`  category: X   id: Y`) complete with its newline. The
    # binary starts the answer timer after it, once it has written the stderr instructions and
    # started its stdin thread: tens of microseconds, well inside what is measured here.
    return re.search(rb"^  category: .*\n", buffer, re.MULTILINE) is not None


# Answers this long or longer have their cost taken.
WATCHED_HOLD = 10.0


def plain_run(binary: Path, env: dict[str, str], hold: float, label: str,
              mic: Microphone | None = None) -> PlainRun:
    command = [str(binary), "drill", "--plain", "--min", "1s", "--max", "3s", "--no-review",
               "--seed", "1", "--no-bell"] + (["--record"] if mic else [])
    watched = hold >= WATCHED_HOLD
    cost = None
    # stderr only carries the instructions and progress lines; a file keeps it from ever
    # filling a pipe during the 60 s runs.
    with tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=stderr, env=env, bufsize=0)
        try:
            out = bytearray()
            t0 = read_until(process.stdout.fileno(), out, prompt_shown, timeout=10)
            if watched:
                before = usage_of(process.pid)
                rss = hold_watching(process.pid, t0 + hold)
                after = usage_of(process.pid)
                cost = cost_between(before, after, rss)
            sleep_until(t0 + hold)
            t1 = time.monotonic()
            os.write(process.stdin.fileno(), b"\n")
            # Started after the Enter, so its readings never compete with the hold's spin.
            high_water = HighWater(process.pid).start() if watched else None
            read_until(process.stdout.fileno(), out, lambda b: SUMMARY.search(b.decode(errors="replace")) is not None,
                       timeout=10)
            process.stdin.close()
            process.wait(timeout=10)
            if cost is not None:
                cost.peak_rss_kib = high_water.until_gone(process, timeout=10)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        stderr.seek(0)
        said = stderr.read().decode(errors="replace")
        if process.returncode != 0:
            raise RuntimeError(f"exit {process.returncode}: {said}")
    match = SUMMARY.search(out.decode(errors="replace"))
    minutes, seconds, tenth = int(match[2]), int(match[3]), int(match[4])
    run = PlainRun(label, hold, t1 - t0, (minutes * 60 + seconds) * 10 + tenth, cost,
                   warnings=[line for line in said.splitlines() if "warning:" in line])
    if mic:
        run.recorded_ms = recorded_ms(Path(env["REHEARSE_HOME"]), said)
    return run


def hold_watching(pid: int, deadline: float) -> list[int]:
    """Waits until a second before `deadline`, reading the resident memory of `pid` about
    once a second; the caller spins out the rest, so the bisection's aim is kept."""
    rss = []
    while deadline - time.monotonic() > 1.5:
        time.sleep(1.0)
        rss.append(status_kib(pid, "VmRSS:"))
    return rss


class HighWater:
    """The peak resident memory of a process (VmHWM) up to its end, read every few
    milliseconds by a thread from start() until the process is gone. VmHWM never falls, so
    the last reading misses at most the last few milliseconds. (Not wait4's ru_maxrss: it
    counts this Python's memory too, the child's until its exec.)"""

    def __init__(self, pid: int):
        self.pid = pid
        self.peak = 0
        self._thread = threading.Thread(target=self._watch, name="high-water", daemon=True)

    def start(self) -> HighWater:
        self._thread.start()
        return self

    def _watch(self) -> None:
        while True:
            try:
                self.peak = max(self.peak, status_kib(self.pid, "VmHWM:"))
            except (OSError, RuntimeError):  # ended: a zombie has no memory lines
                return
            time.sleep(0.002)

    def until_gone(self, process: subprocess.Popen, timeout: float) -> int:
        process.wait(timeout=timeout)
        self._thread.join()
        return self.peak


def recorded_ms(home: Path, stderr: str) -> int | None:
    """How long the recording of the session the drill saved is, from its record."""
    saved = re.search(r"saved as (\S+)", stderr)
    if not saved:
        return None
    for record in home.glob(f"sessions/*/*/{saved[1]}.json"):
        audio = json.loads(record.read_text()).get("audio")
        return audio["ms"] if audio else None
    return None


@dataclass
class Bracket:
    """What a set of runs says about a steady error e: lo <= e < hi, in seconds."""
    lo: float
    hi: float

    @classmethod
    def of(cls, runs: list[PlainRun]) -> Bracket:
        return cls(max(r.lo for r in runs), min(r.hi for r in runs))

    @property
    def consistent(self) -> bool:
        return self.lo < self.hi

    @property
    def middle(self) -> float:
        return (self.lo + self.hi) / 2

    @property
    def bound(self) -> float:
        """Largest |e| the bracket allows. When the runs disagree (jitter wider than the
        bracket) the crossed ends still bound where the disagreement lies."""
        return max(abs(self.lo), abs(self.hi))

    def text(self) -> str:
        lo, hi = sorted((self.lo, self.hi))
        note = "" if self.consistent else f"; runs disagree by {(self.lo - self.hi) * 1000:.1f} ms (jitter)"
        return f"[{lo * 1000:+.1f}, {hi * 1000:+.1f}) ms{note}"


def measure_short(binary: Path, env: dict[str, str], log,
                  mic: Microphone | None) -> tuple[list[PlainRun], list[PlainRun]]:
    centred = []
    for i in range(CENTRED_RUNS):
        run = plain_run(binary, env, 2.05, f"2 s centred #{i + 1}", mic)
        log(run)
        centred.append(run)
    # Each bisection run holds the answer so that, were e equal to the middle of what is still
    # possible, the binary's time would land exactly on the 2.0 s edge; the report then says
    # which half e is in.
    bisection = []
    for i in range(BISECTION_RUNS):
        guess = Bracket.of(centred + bisection).middle
        run = plain_run(binary, env, 2.0 - guess, f"2 s edge #{i + 1}", mic)
        log(run)
        bisection.append(run)
    return centred, bisection


def measure_long(binary: Path, env: dict[str, str], short: Bracket, log,
                 mic: Microphone | None) -> list[PlainRun]:
    # Just past the predicted edge (expects 0:59.9), then just short of it (expects 1:00.0).
    runs = []
    for label, edge in (("60 s, e < e2+5ms?", short.hi + PROBE_MARGIN),
                        ("60 s, e >= e2-5ms?", short.lo - PROBE_MARGIN)):
        run = plain_run(binary, env, 60.0 - edge, label, mic)
        log(run)
        runs.append(run)
    return runs


# --- full screen in tmux --------------------------------------------------------------------


@dataclass
class Usage:
    at: float  # monotonic seconds
    ticks: int  # utime + stime, all threads
    run_ns: int  # schedstat run time, all threads
    voluntary: int  # context switches, all threads
    involuntary: int
    threads: int


def usage_of(pid: int) -> Usage:
    at = time.monotonic()
    # comm may hold spaces; the fields after the last ')' start at field 3 (state).
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])
    run_ns = voluntary = involuntary = 0
    tasks = list(Path(f"/proc/{pid}/task").iterdir())
    for task in tasks:
        try:
            run_ns += int((task / "schedstat").read_text().split()[0])
            for line in (task / "status").read_text().splitlines():
                if line.startswith("voluntary_ctxt_switches:"):
                    voluntary += int(line.split()[1])
                elif line.startswith("nonvoluntary_ctxt_switches:"):
                    involuntary += int(line.split()[1])
        except FileNotFoundError:  # a thread that just ended
            pass
    return Usage(at, ticks, run_ns, voluntary, involuntary, len(tasks))


def cost_between(before: Usage, after: Usage, rss: list[int]) -> Cost:
    return Cost(wall=after.at - before.at,
                cpu_ticks_s=(after.ticks - before.ticks) / os.sysconf("SC_CLK_TCK"),
                cpu_run_s=(after.run_ns - before.run_ns) / 1e9,
                threads=after.threads, rss_kib=rss)


def status_kib(pid: int, key: str) -> int:
    """A memory line of /proc/PID/status (`VmRSS:`, `VmHWM:`), in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key):
            return int(line.split()[1])
    raise RuntimeError(f"no {key} for {pid}")


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


@dataclass
class ScreenResult:
    wall: float
    cpu_ticks_s: float
    cpu_run_s: float
    voluntary: int
    involuntary: int
    threads: int
    full_screen: bool
    clock_seen: str
    screen: str  # the pane just before Enter
    summary: str
    answer_vs_wall: float | None  # reported answer minus our wall estimate, seconds


def measure_screen(binary: Path, home: str, seconds: float, mic: Microphone | None) -> ScreenResult:
    # A private socket: our own tmux server, so kill-server below cannot touch anyone's session.
    tmux = ["tmux", "-L", f"rbench-{os.getpid()}"]
    session = "rbench"

    def tmux_do(*args: str) -> str:
        return subprocess.run(tmux + list(args), check=True, capture_output=True, text=True).stdout

    variables = {"REHEARSE_HOME": home, **(mic.env() if mic else {})}
    command = (" ".join(f"{name}={shlex.quote(value)}" for name, value in variables.items()) +
               f" {shlex.quote(str(binary))} drill --min 1m --max 2m --prep 0 --no-bell --no-review --seed 1"
               + (" --record" if mic else "") + "; sleep 5")
    try:
        tmux_do("new-session", "-d", "-s", session, "-x", "80", "-y", "24", command)
        started = time.monotonic()
        pane_pid = int(tmux_do("list-panes", "-t", session, "-F", "#{pane_pid}").split()[0])
        # tmux runs the command through a shell, which stays as the parent because of `; sleep`.
        pid = None
        while pid is None and time.monotonic() - started < 10:
            pid = next((p for p in [pane_pid, *children_of(pane_pid)] if comm(p) == "rehearse"), None)
            time.sleep(0.02)
        if pid is None:
            raise RuntimeError("rehearse did not start in the tmux pane")
        # Let it take the terminal and draw the first frames, so start-up is not counted.
        time.sleep(1.0)
        screen = tmux_do("capture-pane", "-p", "-t", session)
        # The plain fallback would print its instructions instead of drawing a countdown.
        full_screen = "Answer out loud" not in screen and screen.strip() != ""
        before = usage_of(pid)
        time.sleep(seconds)
        after = usage_of(pid)
        screen_at_end = screen = tmux_do("capture-pane", "-p", "-t", session)
        clock = re.search(r"\b\d+:\d{2}\b.*", screen)  # the small status clock, e.g. `0:59 left`
        tmux_do("send-keys", "-t", session, "Enter")
        pressed = time.monotonic()
        while Path(f"/proc/{pid}").exists() and comm(pid) == "rehearse" and time.monotonic() - pressed < 10:
            time.sleep(0.02)
        time.sleep(0.2)  # let tmux take in the summary line
        screen = tmux_do("capture-pane", "-p", "-t", session)
        summary = SUMMARY.search(screen)
        answer_vs_wall = None
        if summary:
            reported = int(summary[2]) * 60 + int(summary[3]) + int(summary[4]) / 10
            # Wall from when we saw the process to the key: the answer started a little after
            # we first saw it and the key took a little to arrive, so this is coarse (~±0.1 s).
            answer_vs_wall = reported - (pressed - started)
    finally:
        subprocess.run(tmux + ["kill-server"], capture_output=True)
    wall = after.at - before.at
    tick = os.sysconf("SC_CLK_TCK")
    return ScreenResult(
        wall=wall,
        cpu_ticks_s=(after.ticks - before.ticks) / tick,
        cpu_run_s=(after.run_ns - before.run_ns) / 1e9,
        voluntary=after.voluntary - before.voluntary,
        involuntary=after.involuntary - before.involuntary,
        threads=after.threads,
        full_screen=full_screen,
        clock_seen=clock[0] if clock else "?",
        screen=screen_at_end,
        summary=summary[0].strip() if summary else "(no summary line seen)",
        answer_vs_wall=answer_vs_wall,
    )


# --- memory over a long recorded answer (--record) -------------------------------------------


@dataclass
class MemoryResult:
    sound_s: float  # sound heard during the answer
    wall: float  # the answer's wall time
    rss_each_minute: list[int]  # VmRSS after each minute of sound, KiB
    rss_at_start: int  # VmRSS as the answer began
    peak_while_recording: int  # VmHWM just before Enter
    peak_over_run: int  # VmHWM at its end: measuring the recording included
    cost: Cost  # CPU over the answer
    recorded_ms: int | None
    warnings: list[str]


def measure_memory(binary: Path, env: dict[str, str], mic: Microphone, minutes: int,
                   speed: float) -> MemoryResult:
    command = [str(binary), "drill", "--plain", "--record", "--min", "1s", "--max", "3s",
               "--no-review", "--seed", "1", "--no-bell"]
    minute = round(60 / MIC_BATCH_SECONDS)  # batches in a minute of sound
    with tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=stderr, env=env, bufsize=0)
        try:
            out = bytearray()
            read_until(process.stdout.fileno(), out, prompt_shown, timeout=10)
            # The drill rolls its recording at the timer's first turn, microseconds after the
            # prompt: from here on all that is heard is recorded, but for a batch in flight.
            first = mic.heard
            mic.set_speed(speed)
            before = usage_of(process.pid)
            rss_at_start = status_kib(process.pid, "VmRSS:")
            rss = []
            while (heard := mic.heard - first) < minutes * minute:
                if heard >= (len(rss) + 1) * minute:
                    rss.append(status_kib(process.pid, "VmRSS:"))
                if process.poll() is not None:
                    raise RuntimeError(f"the drill ended during the answer (exit {process.returncode})")
                time.sleep(0.02)
            mic.set_speed(1.0)
            mic.wait_until_read(timeout=30)
            rss.append(status_kib(process.pid, "VmRSS:"))
            peak_while_recording = status_kib(process.pid, "VmHWM:")
            after = usage_of(process.pid)
            sound_s = (mic.heard - first) * MIC_BATCH_SECONDS
            os.write(process.stdin.fileno(), b"\n")
            high_water = HighWater(process.pid).start()
            read_until(process.stdout.fileno(), out, lambda b: SUMMARY.search(b.decode(errors="replace")) is not None,
                       timeout=60)
            process.stdin.close()
            peak_over_run = high_water.until_gone(process, timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        stderr.seek(0)
        said = stderr.read().decode(errors="replace")
        if process.returncode != 0:
            raise RuntimeError(f"exit {process.returncode}: {said}")
    return MemoryResult(
        sound_s=sound_s, wall=after.at - before.at, rss_each_minute=rss, rss_at_start=rss_at_start,
        peak_while_recording=peak_while_recording, peak_over_run=peak_over_run,
        cost=cost_between(before, after, rss), recorded_ms=recorded_ms(Path(env["REHEARSE_HOME"]), said),
        warnings=[line for line in said.splitlines() if "warning:" in line])


# --- driver ---------------------------------------------------------------------------------


def ensure_binary(path: Path, is_default: bool, features: list[str]) -> Path:
    if not is_default:
        if not path.exists():
            sys.exit(f"no binary at {path}")
        return path
    # Without features an existing binary will do; with them it must have been built with
    # them, which only cargo knows, and it builds nothing when the binary is fresh.
    if path.exists() and not features:
        return path
    command = ["cargo", "build", "--release"] + [f"--features={feature}" for feature in features]
    # Other people edit src/ while this runs; a half-done edit breaks the build for a moment.
    for attempt in range(1, 4):
        print(f"building {path} ({' '.join(command)}, attempt {attempt})", flush=True)
        if subprocess.run(command, cwd=REPO).returncode == 0 and path.exists():
            return path
        time.sleep(60)
    sys.exit(f"{' '.join(command)} kept failing")


def log_run(run: PlainRun) -> None:
    recorded = "" if run.recorded_ms is None else f"  recorded {run.recorded_ms / 1000:.3f} s"
    print(f"  {run.label:<20} aimed {run.aimed:8.4f} s  held {run.held:8.4f} s  "
          f"report {clock_text(run.tenths)}  raw {(run.reported - run.held) * 1000:+7.1f} ms  "
          f"e in [{run.lo * 1000:+6.1f}, {run.hi * 1000:+6.1f}) ms  "
          f"{'ok' if run.allows_target() else 'OUTSIDE ±20 ms'}{recorded}", flush=True)
    if run.cost:
        c = run.cost
        print(f"    cost over the answer: {c.percent:.3f} % of a core ({c.cpu_ticks_s:.2f} s by ticks, "
              f"{c.cpu_run_s * 1000:.0f} ms by schedstat over {c.wall:.1f} s, {c.threads} threads); "
              f"VmRSS {rss_span(c.rss_kib)} KiB; peak over the run {c.peak_rss_kib} KiB", flush=True)
    for warning in run.warnings:
        print(f"    {warning}", flush=True)


def rss_span(rss: list[int]) -> str:
    return f"{rss[0]}..{rss[-1]} (min {min(rss)}, max {max(rss)})" if rss else "-"


# The reading (about one a second) from which memory should stay flat: by 10 s the capture's
# ring (5 s of sound) has been written through once, so every page it has is in memory.
SETTLED = 9


def rss_growth(rss: list[int]) -> int:
    """How far resident memory rose after it settled, KiB."""
    settled = rss[min(SETTLED, len(rss) - 1):]
    return max(settled) - settled[0]


def recording_rows(runs: list[PlainRun], what: str) -> list[tuple[str, str, str, str]]:
    """Whether every answer of `runs` was recorded whole: its recording about as long as the
    answer held (the microphone is fed in 100 ms batches, so within a batch or two)."""
    gaps = [(r.recorded_ms or 0) / 1000 - r.held for r in runs]
    whole = all(r.recorded_ms is not None and abs(g) < 0.25 for r, g in zip(runs, gaps)) and \
        not any(r.warnings for r in runs)
    return [(f"{what}: recordings", f"{sum(r.recorded_ms is not None for r in runs)}/{len(runs)} recorded; "
             f"recording - held in [{min(gaps) * 1000:+.0f}, {max(gaps) * 1000:+.0f}] ms; "
             f"{sum(len(r.warnings) for r in runs)} warnings",
             "each recorded, within ±250 ms of the hold, no warning", verdict(whole))]


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", type=Path, default=None, help=f"binary to measure (default {DEFAULT_BIN})")
    parser.add_argument("--quick", action="store_true", help="skip the two 60 s plain runs")
    parser.add_argument("--record", action="store_true",
                        help="record every answer from a stand-in microphone (needs --features record)")
    parser.add_argument("--memory", type=int, default=10, metavar="MINUTES",
                        help="with --record: minutes of sound in the memory run (0 skips it; default 10)")
    parser.add_argument("--speed", type=float, default=10.0, metavar="TIMES",
                        help="with --record: how much faster than spoken the memory run is fed (default 10)")
    args = parser.parse_args()
    binary = ensure_binary((args.bin or DEFAULT_BIN).resolve(), args.bin is None,
                           ["record"] if args.record else [])
    tag = " (recording)" if args.record else ""

    rows: list[tuple[str, str, str, str]] = []
    broken = False
    with tempfile.TemporaryDirectory(prefix="rehearse-bench-") as home, \
            tempfile.TemporaryDirectory(prefix="rehearse-bench-mic-") as mic_home:
        mic = Microphone(Path(mic_home)) if args.record else None
        env = {**os.environ, "REHEARSE_HOME": home, **(mic.env() if mic else {})}
        print(f"binary: {binary}{tag}\n\n1. plain-mode timing (e = reported - held)", flush=True)
        short = None
        try:
            centred, bisection = measure_short(binary, env, log_run, mic)
            short = Bracket.of(centred + bisection)
            raws = [abs(r.reported - r.held) * 1000 for r in centred]
            all_read = all(r.tenths == 20 for r in centred)
            rows.append((
                f"plain 2 s{tag}, {len(centred)} runs held 2.05 s (coarse)",
                f"{sum(r.tenths == 20 for r in centred)}/{len(centred)} read 0:02.0; raw report-held "
                f"mean {sum(raws) / len(raws):.1f} ms, max {max(raws):.1f} ms (includes the truncation)",
                "all read 0:02.0 (|e| < 50 ms)", verdict(all_read)))
            rows.append((
                f"plain 2 s error{tag}, edge search ({len(centred) + len(bisection)} runs)",
                f"e ≈ {short.middle * 1000:+.1f} ms, e in {short.text()}; |e| ≤ {short.bound * 1000:.1f} ms",
                f"|e| ≤ {TARGET_ERROR_MS:.0f} ms", verdict(short.bound * 1000 <= TARGET_ERROR_MS)))
            if mic:
                rows += recording_rows(centred + bisection, "plain 2 s")
        except Exception as error:  # report and carry on with the other measures
            broken = True
            rows.append(("plain 2 s error", f"ERROR: {error}", f"|e| ≤ {TARGET_ERROR_MS:.0f} ms", "ERROR"))

        if args.quick:
            rows.append(("plain 60 s error, drift", "skipped (--quick)", "", ""))
        elif short is not None:
            try:
                long_runs = measure_long(binary, env, short, log_run, mic)
                long = Bracket.of(long_runs)
                reads = " and ".join(clock_text(r.tenths) for r in long_runs)
                rows.append((
                    f"plain 60 s error{tag} ({len(long_runs)} runs at the edge)",
                    f"read {reads} (expected 0:59.9 and 1:00.0); e in {long.text()}; "
                    f"|e| ≤ {long.bound * 1000:.1f} ms",
                    f"|e| ≤ {TARGET_ERROR_MS:.0f} ms", verdict(long.bound * 1000 <= TARGET_ERROR_MS)))
                # Drift = e(60 s) - e(2 s); both brackets are exact bounds, so their
                # difference bounds the drift.
                drift_lo, drift_hi = min(long.lo, long.hi) - max(short.lo, short.hi), \
                    max(long.lo, long.hi) - min(short.lo, short.hi)
                drift_bound = max(abs(drift_lo), abs(drift_hi))
                rows.append((
                    "drift, e(60 s) - e(2 s)",
                    f"in [{drift_lo * 1000:+.1f}, {drift_hi * 1000:+.1f}] ms",
                    "below the tenths resolution (< 100 ms)", verdict(drift_bound < TENTH)))
                costs = [r.cost for r in long_runs if r.cost]
                worst = max(c.percent for c in costs)
                rows.append((
                    f"plain 60 s answer CPU{tag}, whole process",
                    "; ".join(f"{c.percent:.3f} % ({c.cpu_ticks_s:.2f} s by ticks, {c.cpu_run_s * 1000:.0f} ms by "
                              f"schedstat over {c.wall:.1f} s, {c.threads} threads)" for c in costs),
                    f"< {TARGET_RECORD_CPU_PERCENT:g} %" if mic else "info",
                    verdict(worst < TARGET_RECORD_CPU_PERCENT) if mic else "—"))
                rows.append((
                    f"plain 60 s answer memory{tag}",
                    "; ".join(f"VmRSS {rss_span(c.rss_kib)} KiB, {rss_growth(c.rss_kib):+d} KiB after 10 s, "
                              f"peak over the run {c.peak_rss_kib} KiB" for c in costs),
                    "flat: < 1 MiB growth after 10 s",
                    verdict(all(rss_growth(c.rss_kib) < 1024 for c in costs))))
                if mic:
                    rows += recording_rows(long_runs, "plain 60 s")
            except Exception as error:
                broken = True
                rows.append(("plain 60 s error, drift", f"ERROR: {error}", "", "ERROR"))

        print(f"\n2. full-screen countdown in tmux, 60 s{tag}", flush=True)
        cpu_target = TARGET_RECORD_CPU_PERCENT if mic else TARGET_CPU_PERCENT
        try:
            s = measure_screen(binary, home, 60.0, mic)
            print(f"  full screen drawn: {s.full_screen}; status clock before Enter: {s.clock_seen.strip()!r}; threads: {s.threads}\n"
                  f"  pane just before Enter (blank lines dropped):", flush=True)
            for line in s.screen.splitlines():
                if line.strip():
                    print(f"    |{line}")
            print(f"  summary: {s.summary}", flush=True)
            percent = s.cpu_ticks_s / s.wall * 100
            rows.append((
                f"full-screen CPU{tag}, 60 s in tmux 80x24",
                f"{percent:.3f} % of a core ({s.cpu_ticks_s:.2f} s CPU by ticks, "
                f"{s.cpu_run_s * 1000:.1f} ms by schedstat = {s.cpu_run_s / s.wall * 100:.3f} %, "
                f"over {s.wall:.1f} s)" + ("" if s.full_screen else "; NOT FULL SCREEN"),
                f"< {cpu_target:g} %", verdict(percent < cpu_target and s.full_screen)))
            rows.append((
                "full-screen wake-ups",
                f"{s.voluntary / s.wall:.1f}/s voluntary ({s.voluntary} in {s.wall:.1f} s), "
                f"{s.involuntary / s.wall:.2f}/s involuntary",
                "info (1 redraw/s + 200 ms signal checks ≈ 5/s)", "—"))
            if s.answer_vs_wall is not None:
                rows.append((
                    "full-screen report vs wall (coarse)",
                    f"{s.summary.split()[1]} reported, {s.answer_vs_wall * 1000:+.0f} ms vs our wall",
                    "info (±~100 ms: tenths + tmux key latency)", "—"))
        except Exception as error:
            broken = True
            rows.append(("full-screen CPU, 60 s in tmux", f"ERROR: {error}", f"< {cpu_target:g} %", "ERROR"))

        if mic and args.memory > 0:
            print(f"\n3. memory over a {args.memory}-minute recorded answer, fed {args.speed:g}x faster "
                  f"than spoken", flush=True)
            try:
                m = measure_memory(binary, env, mic, args.memory, args.speed)
                print(f"  {m.sound_s:.1f} s of sound in {m.wall:.1f} s; recorded "
                      f"{(m.recorded_ms or 0) / 1000:.1f} s; VmRSS {m.rss_at_start} KiB as it began, "
                      f"after each minute of sound: {', '.join(map(str, m.rss_each_minute))} KiB", flush=True)
                for warning in m.warnings:
                    print(f"    {warning}", flush=True)
                growth = max(m.rss_each_minute) - m.rss_each_minute[0]
                rows.append((
                    f"memory, {m.sound_s / 60:.1f} min recorded answer fed {args.speed:g}x",
                    f"VmRSS after minute 1 {m.rss_each_minute[0]} KiB, after the last {m.rss_each_minute[-1]} KiB "
                    f"(growth over the answer {growth:+d} KiB); peak while recording (VmHWM) "
                    f"{m.peak_while_recording} KiB; peak over the run {m.peak_over_run} KiB "
                    f"(includes measuring the finished recording)",
                    "flat while recording: growth < 1 MiB", verdict(growth < 1024)))
                whole = m.recorded_ms is not None and abs(m.recorded_ms / 1000 - m.sound_s) < 0.25 \
                    and not m.warnings
                rows.append((
                    "memory run: recording",
                    f"{(m.recorded_ms or 0) / 1000:.1f} s recorded of {m.sound_s:.1f} s heard; "
                    f"{len(m.warnings)} warnings; CPU {m.cost.cpu_ticks_s:.2f} s over {m.cost.wall:.1f} s "
                    f"= {m.cost.cpu_ticks_s / m.sound_s * 100:.3f} % of a core per second of sound",
                    "all heard is recorded (±250 ms), no warning", verdict(whole)))
            except Exception as error:
                broken = True
                rows.append(("memory over a long recorded answer", f"ERROR: {error}", "flat", "ERROR"))
        if mic:
            mic.close()

    print("\n| Measure | Figure | Target | Result |\n|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
