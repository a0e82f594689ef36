//! End-to-end: `rehearse drill` in plain mode, through the binary, with stdin a pipe.
//!
//! Answers are ended deterministically: by end of input (at once), by a line written after a
//! cue was seen on stderr, by `--auto-stop`, or by a signal. No test sleeps and then hopes the
//! drill got somewhere; waits are for lines on stderr, with generous deadlines.

mod common;

use std::ffi::OsString;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use common::{Sandbox, assert_bad_input};

/// How long anything may take before a test gives up (far above what a loaded machine needs).
const PATIENCE: Duration = Duration::from_secs(20);

/// What every saved drill says last on stderr, before the session's id.
const SAVED_AS: &str = "rehearse: saved as ";
const FAILURE_TEXT: &str = "What's your biggest failure, and what did you learn from it?";

/// The binary as `Sandbox::cmd` sets it up, but as a std `Command` so stdin can be held open.
fn drill_command(sandbox: &Sandbox, args: &[&str]) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_rehearse"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", sandbox.root())
        .env("REHEARSE_HOME", sandbox.home())
        .args(args);
    cmd
}

/// How a run ended.
struct Outcome {
    status: ExitStatus,
    stdout: String,
    stderr: String,
    /// From spawning to exit, for lower bounds only.
    elapsed: Duration,
}

impl Outcome {
    fn stderr_lines(&self) -> Vec<&str> {
        self.stderr.lines().collect()
    }
}

/// A drill running with its stdin held open: nothing ends it but a line we write, a signal,
/// or the drill itself (`--auto-stop`). Killed on drop, so a failing test leaves nothing behind.
struct Live {
    child: Child,
    stdin: Option<ChildStdin>,
    stderr_lines: Receiver<String>,
    stderr_seen: Vec<String>,
    stdout: Option<JoinHandle<String>>,
    started: Instant,
}

impl Live {
    fn start(mut cmd: std::process::Command) -> Live {
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let started = Instant::now();
        let mut child = cmd.spawn().unwrap();
        let stdin = child.stdin.take();
        let mut out = child.stdout.take().unwrap();
        let stdout = thread::spawn(move || {
            let mut text = String::new();
            out.read_to_string(&mut text).unwrap();
            text
        });
        let err = child.stderr.take().unwrap();
        let (sender, stderr_lines) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(err).lines() {
                let Ok(line) = line else { break };
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        Live {
            child,
            stdin,
            stderr_lines,
            stderr_seen: Vec::new(),
            stdout: Some(stdout),
            started,
        }
    }

    /// Waits until a line containing `needle` has appeared on stderr.
    fn wait_for_stderr(&mut self, needle: &str) {
        let deadline = Instant::now() + PATIENCE;
        while !self.stderr_seen.iter().any(|line| line.contains(needle)) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.stderr_lines.recv_timeout(left) {
                Ok(line) => self.stderr_seen.push(line),
                Err(_) => panic!("no {needle:?} on stderr; saw {:#?}", self.stderr_seen),
            }
        }
    }

    /// Writes one line (an Enter) to the drill's stdin, keeping it open.
    fn send_line(&mut self) {
        let stdin = self.stdin.as_mut().unwrap();
        stdin.write_all(b"\n").unwrap();
        stdin.flush().unwrap();
    }

    /// Sends a signal by name (`INT`, `TERM`, `HUP`) with kill(1).
    fn signal(&self, name: &str) {
        let status = std::process::Command::new("kill")
            .arg(format!("-{name}"))
            .arg(self.child.id().to_string())
            .status()
            .unwrap();
        assert!(status.success(), "kill -{name} failed");
    }

    /// Waits for the drill to exit by itself, with stdin still open until it has.
    fn finish(mut self) -> Outcome {
        let deadline = Instant::now() + PATIENCE;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(
                Instant::now() < deadline,
                "the drill did not end within {PATIENCE:?}; stderr so far: {:#?}",
                self.stderr_seen
            );
            thread::sleep(Duration::from_millis(10));
        };
        let elapsed = self.started.elapsed();
        drop(self.stdin.take());
        while let Ok(line) = self.stderr_lines.recv_timeout(PATIENCE) {
            self.stderr_seen.push(line);
        }
        let stdout = self.stdout.take().unwrap().join().unwrap();
        let mut stderr = self.stderr_seen.join("\n");
        stderr.push('\n');
        Outcome {
            status,
            stdout,
            stderr,
            elapsed,
        }
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs a drill with stdin held open until it exits by itself.
fn run_held(sandbox: &Sandbox, args: &[&str]) -> Outcome {
    Live::start(drill_command(sandbox, args)).finish()
}

/// Runs a drill with stdin held open and sends `signal` once it is answering.
fn run_signalled(sandbox: &Sandbox, args: &[&str], signal: &str) -> Outcome {
    let mut live = Live::start(drill_command(sandbox, args));
    live.wait_for_stderr("Answer out loud");
    live.signal(signal);
    live.finish()
}

/// Runs a drill to completion with `stdin` written and then closed.
fn run_with_stdin(sandbox: &Sandbox, args: &[&str], stdin: &str) -> Outcome {
    let started = Instant::now();
    let output = sandbox
        .cmd()
        .args(args)
        .write_stdin(stdin)
        .timeout(PATIENCE)
        .output()
        .unwrap();
    Outcome {
        status: output.status,
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
        elapsed: started.elapsed(),
    }
}

/// The last line of stdout: `<prompt-id>  m:ss.s  <verdict>  <STAR>  <streak>`.
#[derive(Debug)]
struct Summary {
    id: String,
    /// The answer time in tenths of a second, as shown.
    tenths: u64,
    verdict: String,
}

fn summary_of(stdout: &str) -> Summary {
    let line = stdout.lines().last().expect("no summary line on stdout");
    let parts: Vec<&str> = line.split("  ").collect();
    assert_eq!(parts.len(), 5, "not a summary line: {line:?}");
    Summary {
        id: parts[0].to_string(),
        tenths: tenths(parts[1]),
        verdict: parts[2].to_string(),
    }
}

/// `m:ss.s` as tenths of a second.
fn tenths(clock: &str) -> u64 {
    let parsed = clock.split_once(':').and_then(|(minutes, rest)| {
        let (seconds, tenth) = rest.split_once('.')?;
        if seconds.len() != 2 || tenth.len() != 1 {
            return None;
        }
        let (m, s, t): (u64, u64, u64) = (
            minutes.parse().ok()?,
            seconds.parse().ok()?,
            tenth.parse().ok()?,
        );
        Some(m * 600 + s * 10 + t)
    });
    parsed.unwrap_or_else(|| panic!("not m:ss.s: {clock:?}"))
}

/// Checks the three lines a finished plain drill prints and returns the summary.
fn assert_drill_stdout(stdout: &str) -> Summary {
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines.len(),
        3,
        "expected prompt, details, summary: {stdout}"
    );
    assert!(!lines[0].trim().is_empty(), "no prompt text: {stdout}");
    let details = lines[1]
        .strip_prefix("  category: ")
        .unwrap_or_else(|| panic!("no category line: {stdout}"));
    let (category, id) = details
        .split_once("   id: ")
        .unwrap_or_else(|| panic!("no id on the category line: {stdout}"));
    assert!(!category.is_empty() && !id.is_empty(), "{stdout}");
    let summary = summary_of(stdout);
    assert_eq!(summary.id, id, "the summary names another prompt: {stdout}");
    summary
}

/// Checks that the drill saved exactly one record, with this outcome, and returns it.
fn assert_saved(sandbox: &Sandbox, outcome: &str) -> serde_json::Value {
    assert!(
        sandbox.home().join("sessions").is_dir(),
        "no sessions folder: the drill saved nothing"
    );
    let files = sandbox.record_files();
    assert_eq!(files.len(), 1, "expected one record: {files:?}");
    let record: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&files[0]).unwrap()).unwrap();
    assert_eq!(record["outcome"], outcome);
    record
}

/// A drill that was no answer says why on stderr and leaves no record.
fn assert_nothing_saved(sandbox: &Sandbox, run: &Outcome, why: &str) {
    assert!(
        run.stderr_lines()
            .contains(&format!("rehearse: nothing saved: {why}").as_str()),
        "{}",
        run.stderr
    );
    assert!(sandbox.record_files().is_empty(), "a record of no answer");
}

/// Bad input writes nothing, so the data home never appears.
fn assert_no_home(sandbox: &Sandbox) {
    assert!(!sandbox.home().exists(), "bad input created the data home");
}

impl Outcome {
    /// Stderr without its last line, after checking that line names the saved session.
    fn stderr_before_saved(&self) -> Vec<&str> {
        let mut lines = self.stderr_lines();
        // A completed drill ends with one line pointing at tomorrow, after the saved line.
        if lines.last().is_some_and(|line| {
            line.starts_with("rehearse: streak") || line.starts_with("rehearse: no streak")
        }) {
            lines.pop();
        }
        // Then what is left of today's plan.
        if lines
            .last()
            .is_some_and(|line| line.starts_with("rehearse: today's plan"))
        {
            lines.pop();
        }
        let last = lines.pop().unwrap_or_default();
        assert!(
            last.starts_with(SAVED_AS),
            "no 'saved as' line last: {}",
            self.stderr
        );
        lines
    }
}

/// A folder holding an executable `espeak-ng` with the given shell body.
fn fake_speaker(sandbox: &Sandbox, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let dir = sandbox.root().join("fakebin");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("espeak-ng");
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

/// `dir` in front of the test's own PATH, so the fake speaker can still run `sleep` and `mv`.
fn path_with(dir: &Path) -> OsString {
    let mut dirs = vec![dir.to_path_buf()];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(dirs).unwrap()
}

/// Waits for a file a fake speaker writes, and returns its content.
fn wait_for_file(path: &Path) -> String {
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Ok(text) = std::fs::read_to_string(path) {
            return text;
        }
        assert!(
            Instant::now() < deadline,
            "{} never appeared",
            path.display()
        );
        thread::sleep(Duration::from_millis(10));
    }
}

fn process_is_gone(pid: &str) -> bool {
    !std::process::Command::new("kill")
        .args(["-0", pid])
        .stderr(Stdio::null())
        .status()
        .unwrap()
        .success()
}

// --- ending the answer ---

#[test]
fn end_of_input_before_answering_saves_nothing_and_says_so() {
    let sandbox = Sandbox::new();
    let run = run_with_stdin(
        &sandbox,
        &["drill", "--plain", "--min", "1s", "--max", "3s"],
        "",
    );
    assert!(run.status.success(), "stderr: {}", run.stderr);
    assert_nothing_saved(&sandbox, &run, "the input ended as the answer began");
    assert_eq!(run.stdout.lines().count(), 2, "no summary: {}", run.stdout);
    assert!(sandbox.record_files().is_empty(), "a 0:00 record was saved");
}

#[test]
fn a_line_at_once_is_short_of_the_window_by_what_adds_up() {
    let sandbox = Sandbox::new();
    let run = run_with_stdin(
        &sandbox,
        &[
            "drill", "--plain", "--min", "1s", "--max", "3s", "--seed", "3",
        ],
        "\n",
    );
    assert!(run.status.success(), "stderr: {}", run.stderr);
    let summary = assert_drill_stdout(&run.stdout);
    let shortfall = summary
        .verdict
        .strip_prefix("short by ")
        .unwrap_or_else(|| panic!("not short: {}", run.stdout));
    assert!(summary.tenths < 10, "{}", run.stdout);
    // The shortfall is taken from the time as shown, so the two add up to min exactly.
    let total = summary.tenths + tenths(shortfall);
    assert_eq!(total, 10, "does not add up to 1s: {}", run.stdout);
    assert_eq!(
        run.stderr_before_saved(),
        ["Answer out loud; aim for 0:01 to 0:03; press Enter (or end the input) to finish.",],
    );
    assert_saved(&sandbox, "completed");
}

#[test]
fn a_line_on_stdin_ends_the_answer_in_the_window() {
    let sandbox = Sandbox::new();
    let run = run_with_stdin(
        &sandbox,
        &[
            "drill", "--plain", "--min", "0", "--max", "3s", "--seed", "1",
        ],
        "\n",
    );
    assert!(run.status.success(), "stderr: {}", run.stderr);
    let summary = assert_drill_stdout(&run.stdout);
    assert_eq!(summary.verdict, "in window", "{}", run.stdout);
    // A zero min is reached as the answer starts.
    assert!(
        run.stderr_lines()
            .contains(&"  0:00  min reached: you are in the window"),
        "{}",
        run.stderr
    );
    assert_saved(&sandbox, "completed");
}

#[test]
fn over_the_window_says_by_how_much() {
    let sandbox = Sandbox::new();
    let mut live = Live::start(drill_command(
        &sandbox,
        &["drill", "--plain", "--min", "0", "--max", "100ms"],
    ));
    live.wait_for_stderr("max reached");
    // The answer was at least max when the line appeared; this makes it clearly over.
    thread::sleep(Duration::from_millis(200));
    live.send_line();
    let run = live.finish();
    assert!(run.status.success(), "stderr: {}", run.stderr);
    let summary = assert_drill_stdout(&run.stdout);
    let over = summary
        .verdict
        .strip_prefix("over by ")
        .unwrap_or_else(|| panic!("not over: {}", run.stdout));
    assert!(summary.tenths >= 3, "{}", run.stdout);
    // Over by exactly the answer less the 100ms max.
    assert_eq!(tenths(over), summary.tenths - 1, "{}", run.stdout);
}

#[test]
fn auto_stop_finishes_at_max_by_itself() {
    let sandbox = Sandbox::new();
    let run = run_held(
        &sandbox,
        &[
            "drill",
            "--plain",
            "--min",
            "0",
            "--max",
            "300ms",
            "--auto-stop",
        ],
    );
    assert!(run.status.success(), "stderr: {}", run.stderr);
    let summary = assert_drill_stdout(&run.stdout);
    assert_eq!((summary.tenths, summary.verdict.as_str()), (3, "in window"));
    assert!(run.elapsed >= Duration::from_millis(300));
    assert!(
        run.stderr
            .contains("press Enter to finish, or it stops at max."),
        "{}",
        run.stderr
    );
    assert_saved(&sandbox, "completed");
}

#[test]
fn progress_lines_mark_min_and_max_once_each_without_a_bell_on_a_pipe() {
    let sandbox = Sandbox::new();
    let run = run_held(
        &sandbox,
        &[
            "drill",
            "--plain",
            "--min",
            "1s",
            "--max",
            "2s",
            "--auto-stop",
        ],
    );
    assert!(run.status.success(), "stderr: {}", run.stderr);
    assert_eq!(
        run.stderr_before_saved(),
        [
            "Answer out loud; aim for 0:01 to 0:02; press Enter to finish, or it stops at max.",
            "  0:01  min reached: you are in the window",
            "  0:02  max reached: time to wrap up",
        ],
    );
    assert!(!run.stderr.contains('\x07'), "a bell went to a pipe");
    let summary = assert_drill_stdout(&run.stdout);
    assert_eq!(
        (summary.tenths, summary.verdict.as_str()),
        (20, "in window")
    );
}

// --- prep ---

#[test]
fn prep_is_announced_and_not_counted_as_answer_time() {
    let sandbox = Sandbox::new();
    let run = run_held(
        &sandbox,
        &[
            "drill",
            "--plain",
            "--prep",
            "1s",
            "--min",
            "0",
            "--max",
            "300ms",
            "--auto-stop",
        ],
    );
    assert!(run.status.success(), "stderr: {}", run.stderr);
    let lines = run.stderr_lines();
    assert!(
        lines[0].starts_with("Answer out loud after 0:01 of prep (Enter starts now);"),
        "{}",
        run.stderr
    );
    let at = |needle: &str| {
        lines
            .iter()
            .position(|line| line.contains(needle))
            .unwrap_or_else(|| panic!("no {needle:?}: {}", run.stderr))
    };
    assert!(
        at("prep over: answer now") < at("min reached"),
        "{}",
        run.stderr
    );
    assert!(at("min reached") < at("max reached"), "{}", run.stderr);
    let summary = assert_drill_stdout(&run.stdout);
    assert_eq!((summary.tenths, summary.verdict.as_str()), (3, "in window"));
    assert!(
        run.elapsed >= Duration::from_millis(1300),
        "prep was skipped"
    );
}

#[test]
fn a_line_during_prep_starts_the_answer_at_once() {
    let sandbox = Sandbox::new();
    // A minute of prep: only the line can have ended it within PATIENCE.
    let run = run_with_stdin(
        &sandbox,
        &[
            "drill", "--plain", "--prep", "1m", "--min", "0", "--max", "3s",
        ],
        "\n\n",
    );
    assert!(run.status.success(), "stderr: {}", run.stderr);
    assert!(run.stderr.contains("after 1:00 of prep"), "{}", run.stderr);
    assert!(
        run.stderr_lines()
            .contains(&"  0:00  prep over: answer now"),
        "{}",
        run.stderr
    );
    let summary = assert_drill_stdout(&run.stdout);
    assert_eq!(summary.verdict, "in window", "{}", run.stdout);
}

// --- which prompt ---

#[test]
fn a_named_prompt_is_the_one_answered() {
    let sandbox = Sandbox::new();
    let run = run_with_stdin(
        &sandbox,
        &["drill", "--plain", "--prompt", "mistake-biggest-failure"],
        "\n",
    );
    assert!(run.status.success(), "stderr: {}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], FAILURE_TEXT);
    assert_eq!(
        lines[1],
        "  category: mistake   id: mistake-biggest-failure"
    );
    assert_eq!(
        assert_drill_stdout(&run.stdout).id,
        "mistake-biggest-failure"
    );
}

#[test]
fn a_seed_picks_the_same_prompt_as_pick_does() {
    // The pick leans on the history, so both are asked against the same (empty) one, and a
    // second home with the same history gives the same question again.
    let args = [
        "drill", "--plain", "--min", "0", "--max", "3s", "--seed", "7",
    ];
    let head = |stdout: &str| stdout.lines().take(2).collect::<Vec<_>>().join("\n");
    let sandbox = Sandbox::new();
    let picked = common::stdout_of(sandbox.cmd().args(["pick", "--seed", "7"]));
    let first = run_with_stdin(&sandbox, &args, "\n");
    assert_eq!(head(&first.stdout), picked.trim_end());
    let other = Sandbox::new();
    let again = run_with_stdin(&other, &args, "\n");
    assert_eq!(head(&first.stdout), head(&again.stdout));
}

#[test]
fn with_no_command_a_plain_drill_runs_with_the_default_window() {
    let sandbox = Sandbox::new();
    let run = run_with_stdin(&sandbox, &[], "\n");
    assert!(run.status.success(), "stderr: {}", run.stderr);
    assert!(
        run.stderr.contains("aim for 2:00 to 3:00"),
        "{}",
        run.stderr
    );
    let summary = assert_drill_stdout(&run.stdout);
    assert!(summary.verdict.starts_with("short by "), "{}", run.stdout);
    assert_saved(&sandbox, "completed");
}

// --- signals ---

fn assert_aborted_by(signal: &str, code: i32) {
    let sandbox = Sandbox::new();
    let run = run_signalled(&sandbox, &["drill", "--plain", "--seed", "2"], signal);
    assert_eq!(
        run.status.code(),
        Some(code),
        "SIG{signal}; stderr: {}",
        run.stderr
    );
    let summary = assert_drill_stdout(&run.stdout);
    assert_eq!(summary.verdict, "aborted", "{}", run.stdout);
    assert!(run.stderr.contains(SAVED_AS), "{}", run.stderr);
    assert_saved(&sandbox, "aborted");
}

#[test]
fn sigint_aborts_with_status_130_and_a_summary() {
    assert_aborted_by("INT", 130);
}

#[test]
fn sigterm_aborts_with_status_143_and_a_summary() {
    assert_aborted_by("TERM", 143);
}

#[test]
fn sighup_aborts_with_status_143_and_a_summary() {
    assert_aborted_by("HUP", 143);
}

#[test]
fn an_interrupt_during_prep_saves_nothing() {
    let sandbox = Sandbox::new();
    let run = run_signalled(
        &sandbox,
        &[
            "drill",
            "--plain",
            "--prep",
            "1m",
            "--prompt",
            "mistake-biggest-failure",
        ],
        "INT",
    );
    assert_eq!(run.status.code(), Some(130), "stderr: {}", run.stderr);
    assert_nothing_saved(&sandbox, &run, "the answer had not started");
}

// --- speaking the question ---

#[test]
fn speak_without_a_speech_program_warns_once_and_still_drills() {
    let sandbox = Sandbox::new();
    let empty = tempfile::tempdir().unwrap();
    let output = sandbox
        .cmd()
        .env("PATH", empty.path())
        .args(["drill", "--plain", "--speak", "--min", "0", "--max", "3s"])
        .write_stdin("\n")
        .timeout(PATIENCE)
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "stderr: {stderr}");
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|line| line.contains("--speak found no speech program"))
        .collect();
    assert_eq!(
        warnings,
        [
            "rehearse: warning: --speak found no speech program (espeak-ng, spd-say, say) on PATH; showing the question only"
        ],
    );
    assert!(!stderr.contains("Reading the question aloud"), "{stderr}");
    let summary = assert_drill_stdout(&String::from_utf8(output.stdout).unwrap());
    assert_eq!(summary.verdict, "in window");
}

#[test]
fn speak_reads_the_question_before_the_answer_starts() {
    let sandbox = Sandbox::new();
    let bin = fake_speaker(&sandbox, r#"echo "$@" > "$OUTFILE"; sleep 0.3"#);
    let spoken = sandbox.root().join("spoken.txt");
    let mut cmd = drill_command(
        &sandbox,
        &[
            "drill",
            "--plain",
            "--speak",
            "--prompt",
            "mistake-biggest-failure",
            "--min",
            "0",
            "--max",
            "300ms",
            "--auto-stop",
        ],
    );
    cmd.env("PATH", path_with(&bin)).env("OUTFILE", &spoken);
    let run = Live::start(cmd).finish();
    assert!(run.status.success(), "stderr: {}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(&spoken).unwrap(),
        format!("{FAILURE_TEXT}\n")
    );
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let lines = run.stderr_lines();
    let at = |needle: &str| {
        lines
            .iter()
            .position(|line| line.contains(needle))
            .unwrap_or_else(|| panic!("no {needle:?}: {}", run.stderr))
    };
    assert!(
        at("Reading the question aloud (Enter skips)...") < at("min reached"),
        "{}",
        run.stderr
    );
    // 0.3s of speech, then 0.3s of answer up to the auto-stop.
    assert!(
        run.elapsed >= Duration::from_millis(600),
        "{:?}",
        run.elapsed
    );
    let summary = assert_drill_stdout(&run.stdout);
    assert_eq!((summary.tenths, summary.verdict.as_str()), (3, "in window"));
    assert_saved(&sandbox, "completed");
}

/// A fake speaker that records its pid and then talks for a long time.
fn start_long_speech(sandbox: &Sandbox, extra: &[&str]) -> (Live, String) {
    let bin = fake_speaker(
        sandbox,
        r#"echo $$ > "$PIDFILE.part"; mv "$PIDFILE.part" "$PIDFILE"; exec sleep 30"#,
    );
    let pidfile = sandbox.root().join("speaker.pid");
    let mut args = vec!["drill", "--plain", "--speak"];
    args.extend_from_slice(extra);
    let mut cmd = drill_command(sandbox, &args);
    cmd.env("PATH", path_with(&bin)).env("PIDFILE", &pidfile);
    let mut live = Live::start(cmd);
    live.wait_for_stderr("Reading the question aloud");
    let pid = wait_for_file(&pidfile).trim().to_string();
    (live, pid)
}

#[test]
fn enter_cuts_the_reading_short_and_silences_the_speaker() {
    let sandbox = Sandbox::new();
    let (mut live, pid) =
        start_long_speech(&sandbox, &["--min", "0", "--max", "300ms", "--auto-stop"]);
    live.send_line();
    let run = live.finish();
    assert!(run.status.success(), "stderr: {}", run.stderr);
    let summary = assert_drill_stdout(&run.stdout);
    assert_eq!((summary.tenths, summary.verdict.as_str()), (3, "in window"));
    assert!(process_is_gone(&pid), "the speech program {pid} still runs");
}

#[test]
fn sigterm_while_reading_aborts_before_the_answer() {
    let sandbox = Sandbox::new();
    let (live, pid) = start_long_speech(&sandbox, &["--prompt", "mistake-biggest-failure"]);
    live.signal("TERM");
    let run = live.finish();
    assert_eq!(run.status.code(), Some(143), "stderr: {}", run.stderr);
    assert_nothing_saved(&sandbox, &run, "the answer had not started");
    assert!(process_is_gone(&pid), "the speech program {pid} still runs");
}

// --- bad input ---

#[test]
fn a_bad_window_or_duration_is_one_line_and_nothing_runs() {
    let sandbox = Sandbox::new();
    for zero in ["0", "0s", "0ms", "0:00"] {
        assert_bad_input(
            sandbox
                .cmd()
                .args(["drill", "--plain", "--max", zero])
                .write_stdin(""),
            "--max must be longer than zero",
        );
    }
    assert_bad_input(
        sandbox
            .cmd()
            .args(["drill", "--plain", "--prep", "2x"])
            .write_stdin(""),
        "bad duration '2x'",
    );
    assert_bad_input(
        sandbox
            .cmd()
            .args(["drill", "--plain", "--min", "3m", "--max", "2m"])
            .write_stdin(""),
        "--min 3m is above --max 2m",
    );
    assert_no_home(&sandbox);
}

// --- every switch both ways, against a config.toml that says the opposite ---

#[test]
fn no_speak_silences_a_config_that_speaks_and_speak_speaks_over_one_that_does_not() {
    let sandbox = Sandbox::new();
    let bin = fake_speaker(&sandbox, r#"echo "$@" > "$OUTFILE""#);
    let spoken = sandbox.root().join("spoken.txt");
    let args = |flag: &'static str| {
        vec![
            "drill",
            "--plain",
            flag,
            "--prompt",
            "mistake-biggest-failure",
            "--min",
            "0",
            "--max",
            "200ms",
            "--auto-stop",
        ]
    };
    sandbox.write("config.toml", "speak = true\n");
    let mut cmd = drill_command(&sandbox, &args("--no-speak"));
    cmd.env("PATH", path_with(&bin)).env("OUTFILE", &spoken);
    let run = Live::start(cmd).finish();
    assert!(run.status.success(), "{}", run.stderr);
    assert!(!spoken.exists(), "--no-speak still spoke");
    assert!(
        !run.stderr.contains("Reading the question aloud"),
        "{}",
        run.stderr
    );

    sandbox.write("config.toml", "speak = false\n");
    let mut cmd = drill_command(&sandbox, &args("--speak"));
    cmd.env("PATH", path_with(&bin)).env("OUTFILE", &spoken);
    let run = Live::start(cmd).finish();
    assert!(run.status.success(), "{}", run.stderr);
    assert_eq!(wait_for_file(&spoken), format!("{FAILURE_TEXT}\n"));
}

#[test]
fn no_auto_stop_keeps_timing_past_a_config_that_stops_at_max() {
    let sandbox = Sandbox::new();
    sandbox.write("config.toml", "auto_stop = true\n");
    let args = [
        "drill",
        "--plain",
        "--no-auto-stop",
        "--prompt",
        "mistake-biggest-failure",
        "--min",
        "0",
        "--max",
        "1s",
    ];
    let mut live = Live::start(drill_command(&sandbox, &args));
    live.wait_for_stderr("max reached");
    // Still answering after max: only the line ends it, and the time runs past max.
    thread::sleep(Duration::from_millis(400));
    assert!(
        live.child.try_wait().unwrap().is_none(),
        "it stopped at max"
    );
    live.send_line();
    let run = live.finish();
    assert!(run.status.success(), "{}", run.stderr);
    let summary = assert_drill_stdout(&run.stdout);
    assert!(summary.tenths > 10, "{}", run.stdout);
    assert!(summary.verdict.starts_with("over by"), "{}", run.stdout);

    // And the other way: the flag stops at max over a file that does not.
    sandbox.write("config.toml", "auto_stop = false\n");
    let run = run_held(
        &sandbox,
        &[
            "drill",
            "--plain",
            "--auto-stop",
            "--min",
            "0",
            "--max",
            "300ms",
        ],
    );
    assert!(run.status.success(), "{}", run.stderr);
    assert_eq!(assert_drill_stdout(&run.stdout).tenths, 3);
}

#[test]
fn follow_ups_both_ways_over_the_file() {
    let sandbox = Sandbox::new();
    let base = ["drill", "--plain", "--prompt", "mistake-biggest-failure"];
    sandbox.write("config.toml", "follow_ups = false\n");
    let mut args = base.to_vec();
    args.push("--follow-ups");
    let run = run_with_stdin(&sandbox, &args, "\n\n");
    assert!(run.status.success(), "{}", run.stderr);
    assert!(run.stdout.contains("Follow-up: "), "{}", run.stdout);
    let record = assert_saved(&sandbox, "completed");
    assert!(record["follow_up"]["text"].is_string(), "{record}");

    let sandbox = Sandbox::new();
    sandbox.write("config.toml", "follow_ups = true\n");
    let mut args = base.to_vec();
    args.push("--no-follow-ups");
    let run = run_with_stdin(&sandbox, &args, "\n\n");
    assert!(run.status.success(), "{}", run.stderr);
    assert!(!run.stdout.contains("Follow-up: "), "{}", run.stdout);
    let record = assert_saved(&sandbox, "completed");
    assert!(record.get("follow_up").is_none(), "{record}");
}

#[test]
fn a_seed_repeats_the_follow_up_probe_too() {
    // A question with six probes, so that a repeat by chance is one in six for each seed.
    let probes = (1..=6)
        .map(|n| format!("\"Probe number {n}?\""))
        .collect::<Vec<_>>()
        .join(", ");
    let file = format!(
        "category = \"probing\"\n\n[[prompt]]\nid = \"probing-many\"\ntext = \"Tell me about probes.\"\nfollow_ups = [{probes}]\n"
    );
    let probe_for = |seed: u64| {
        let sandbox = Sandbox::new();
        sandbox.write("prompts/probing.toml", &file);
        let seed = seed.to_string();
        let run = run_with_stdin(
            &sandbox,
            &[
                "drill",
                "--plain",
                "--prompt",
                "probing-many",
                "--seed",
                &seed,
                "--follow-ups",
            ],
            "\n\n",
        );
        assert!(run.status.success(), "{}", run.stderr);
        assert_saved(&sandbox, "completed")["follow_up"]["text"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let mut seen = std::collections::BTreeSet::new();
    for seed in 1..=6 {
        let first = probe_for(seed);
        assert_eq!(first, probe_for(seed), "seed {seed}");
        seen.insert(first);
    }
    assert!(seen.len() >= 2, "every seed gave {seen:?}");
    // A drawn prompt's probe is seeded by the same rng as the draw.
    let drawn = |_| {
        let sandbox = Sandbox::new();
        let run = run_with_stdin(
            &sandbox,
            &["drill", "--plain", "--seed", "9", "--follow-ups"],
            "\n\n",
        );
        assert!(run.status.success(), "{}", run.stderr);
        assert_saved(&sandbox, "completed")["follow_up"]["text"].clone()
    };
    assert_eq!(drawn(0), drawn(1));
}

/// The state letter of a process (`T` when stopped), from /proc.
fn process_state(pid: u32) -> char {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let after_name = &stat[stat.rfind(')').unwrap() + 2..];
    after_name.chars().next().unwrap()
}

#[test]
fn a_suspended_drill_stops_and_its_time_away_is_not_answering() {
    let sandbox = Sandbox::new();
    let mut live = Live::start(drill_command(
        &sandbox,
        &["drill", "--plain", "--min", "0", "--max", "60s"],
    ));
    live.wait_for_stderr("Answer out loud");
    live.signal("TSTP");
    let pid = live.child.id();
    let deadline = Instant::now() + PATIENCE;
    while process_state(pid) != 'T' {
        assert!(Instant::now() < deadline, "the drill never stopped");
        thread::sleep(Duration::from_millis(10));
    }
    thread::sleep(Duration::from_millis(1_500));
    live.signal("CONT");
    // In plain mode there is no key to resume: the answer goes on once the drill does.
    thread::sleep(Duration::from_millis(300));
    live.send_line();
    let run = live.finish();
    assert!(run.status.success(), "{}", run.stderr);
    let record = assert_saved(&sandbox, "completed");
    let answer_ms = record["answer_ms"].as_u64().unwrap();
    assert!(
        (300..1_500).contains(&answer_ms),
        "time away counted as answering, or the answer did not go on: {record}"
    );
    assert!(record["paused_ms"].as_u64().unwrap() >= 1_500, "{record}");
}
