//! End-to-end: saving sessions from `drill` and `log`, changing them with `edit`, and the
//! promises around the store (private files, no lost records, nothing half-written).

mod common;

use std::path::{Path, PathBuf};

use common::{Sandbox, assert_bad_input, mode, stdout_of};
use serde_json::Value;

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn the_only_record(sandbox: &Sandbox) -> (PathBuf, Value) {
    let files = sandbox.record_files();
    assert_eq!(files.len(), 1, "{files:?}");
    let record = read_json(&files[0]);
    (files[0].clone(), record)
}

#[test]
fn a_plain_drill_saves_the_answer_with_the_review_flags() {
    let sandbox = Sandbox::new();
    let output = sandbox
        .cmd()
        .args([
            "drill",
            "--plain",
            "--prompt",
            "conflict-manager",
            "--min",
            "0",
            "--max",
            "1s",
        ])
        .args([
            "--new-story",
            "Audit flag broke time entry",
            "--score",
            "2,1,2,2",
            "--note",
            "Give the number.",
        ])
        .write_stdin("\n")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let (path, record) = the_only_record(&sandbox);
    let id = record["id"].as_str().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&format!("saved as {id}")), "{stderr}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let summary = stdout.lines().last().unwrap();
    assert!(summary.starts_with("conflict-manager  0:00."), "{summary}");
    assert!(
        summary.ends_with("in window  STAR 7/8  streak 1 day"),
        "{summary}"
    );

    // The layout and every field the design fixes.
    let year_month = format!("{}/{}", &id[0..4], &id[4..6]);
    assert!(
        path.ends_with(format!("sessions/{year_month}/{id}.json")),
        "{}",
        path.display()
    );
    assert_eq!(record["schema"], 1);
    assert_eq!(record["prompt"]["id"], "conflict-manager");
    assert_eq!(record["prompt"]["category"], "conflict");
    assert!(record["prompt"]["text"].as_str().unwrap().len() > 10);
    assert_eq!(
        record["window"],
        serde_json::json!({"min_s": 0, "max_s": 1})
    );
    assert_eq!(record["outcome"], "completed");
    assert!(record["answer_ms"].is_u64() && record["paused_ms"] == 0);
    assert_eq!(record["parts"], serde_json::json!([]));
    assert_eq!(record["story"], "Audit flag broke time entry");
    assert_eq!(
        record["scores"],
        serde_json::json!({"S": 2, "T": 1, "A": 2, "R": 2})
    );
    assert_eq!(record["note"], "Give the number.");
    assert_eq!(record["version"], env!("CARGO_PKG_VERSION"));
    let started_at =
        chrono::DateTime::parse_from_rfc3339(record["started_at"].as_str().unwrap()).unwrap();
    assert_eq!(started_at.format("%Y%m%d-%H%M%S").to_string(), id[..15]);

    // Private: the file 0600, every folder from the home down 0700.
    assert_eq!(mode(&path), 0o600);
    let mut folder = path.parent().unwrap().to_path_buf();
    while folder.starts_with(sandbox.home()) {
        assert_eq!(mode(&folder), 0o700, "{}", folder.display());
        folder = folder.parent().unwrap().to_path_buf();
    }
}

#[test]
fn without_review_answers_a_plain_drill_leaves_them_empty() {
    let sandbox = Sandbox::new();
    sandbox
        .cmd()
        .args(["drill", "--plain", "--seed", "1"])
        .write_stdin("\n")
        .assert()
        .success();
    let (_, record) = the_only_record(&sandbox);
    assert_eq!(record["story"], Value::Null);
    assert_eq!(record["scores"], Value::Null);
    assert_eq!(record["note"], Value::Null);
}

#[test]
fn log_records_a_practice_done_away_from_the_timer() {
    let sandbox = Sandbox::new();
    let out = stdout_of(sandbox.cmd().args([
        "log",
        "--prompt",
        "mistake-biggest-failure",
        "--duration",
        "2m30s",
        "--at",
        "2026-11-20 07:45",
        "--new-story",
        "Release rollback",
        "--score",
        "2 2 1 0",
    ]));
    assert!(
        out.starts_with("mistake-biggest-failure  2:30.0  in window  STAR 5/8"),
        "{out}"
    );
    let (path, record) = the_only_record(&sandbox);
    assert!(
        path.to_string_lossy()
            .contains("sessions/2026/11/20261120-0745"),
        "{}",
        path.display()
    );
    assert_eq!(record["answer_ms"], 150_000);
    assert_eq!(record["outcome"], "completed");
    assert!(
        record["started_at"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-20T07:45:00")
    );
    assert_eq!(record["scores"]["R"], 0);
}

#[test]
fn log_accepts_rfc3339_with_its_own_offset() {
    let sandbox = Sandbox::new();
    sandbox
        .cmd()
        .args([
            "log",
            "--prompt",
            "conflict-manager",
            "--duration",
            "95",
            "--at",
            "2026-11-23T07:31:05+05:30",
        ])
        .assert()
        .success();
    let (_, record) = the_only_record(&sandbox);
    assert_eq!(record["started_at"], "2026-11-23T07:31:05+05:30");
    assert_eq!(record["id"].as_str().unwrap()[..15], *"20261123-073105");
}

/// `log` in a sandbox whose clock reads 2026-12-03 15:20:30 in a time zone an hour east of
/// Greenwich all year (a POSIX rule, so no zone files are needed).
fn log_at_a_known_now(sandbox: &Sandbox, duration: &str, at: &str) -> assert_cmd::Command {
    let mut cmd = sandbox.cmd();
    cmd.env("TZ", "XXX-1")
        .env("REHEARSE_NOW", "2026-12-03T15:20:30+01:00")
        .args([
            "log",
            "--prompt",
            "conflict-manager",
            "--duration",
            duration,
        ])
        .args(["--at", at]);
    cmd
}

#[test]
fn log_at_takes_the_days_and_times_a_person_types() {
    for (at, started_at) in [
        ("yesterday 19:00", "2026-12-02T19:00:00+01:00"),
        ("today 7:30", "2026-12-03T07:30:00+01:00"),
        ("3d 18:15", "2026-11-30T18:15:00+01:00"),
        ("7:05", "2026-12-03T07:05:00+01:00"),
        // A day alone is its noon.
        ("2026-11-30", "2026-11-30T12:00:00+01:00"),
        ("yesterday", "2026-12-02T12:00:00+01:00"),
        ("2026-11-30 06:45", "2026-11-30T06:45:00+01:00"),
        ("2026-11-30T06:45:00Z", "2026-11-30T06:45:00+00:00"),
    ] {
        let sandbox = Sandbox::new();
        let output = log_at_a_known_now(&sandbox, "2m", at).output().unwrap();
        assert!(
            output.status.success(),
            "{at}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let (_, record) = the_only_record(&sandbox);
        assert_eq!(record["started_at"], started_at, "{at}");
    }
}

#[test]
fn log_at_refuses_the_future_and_durations_of_nothing_or_too_long() {
    let sandbox = Sandbox::new();
    assert_bad_input(
        &mut log_at_a_known_now(&sandbox, "2m", "today 19:00"),
        "--at 'today 19:00' is 2026-12-03 19:00, which is in the future (it is now 2026-12-03 15:20): log a practice once it has happened",
    );
    assert_bad_input(
        &mut log_at_a_known_now(&sandbox, "2m", "2026-12-04"),
        "--at '2026-12-04' is 2026-12-04 12:00, which is in the future",
    );
    assert_bad_input(
        &mut log_at_a_known_now(&sandbox, "2m", "tomorrow 9:00"),
        "bad time 'tomorrow 9:00' for --at: use a day and a time",
    );
    assert_bad_input(
        &mut log_at_a_known_now(&sandbox, "0s", "yesterday 19:00"),
        "invalid value '0s' for '--duration <DURATION>': bad duration '0s': an answer takes some time",
    );
    assert_bad_input(
        &mut log_at_a_known_now(&sandbox, "24h1s", "yesterday 19:00"),
        "invalid value '24h1s' for '--duration <DURATION>': bad duration '24h1s': at most 24h",
    );
    assert!(!sandbox.home().exists(), "something was written");
    // Today alone, before noon, is now.
    let sandbox = Sandbox::new();
    log_at_a_known_now(&sandbox, "2m", "today")
        .env("REHEARSE_NOW", "2026-12-03T09:10:11.250+01:00")
        .assert()
        .success();
    let (_, record) = the_only_record(&sandbox);
    assert_eq!(record["started_at"], "2026-12-03T09:10:11.250+01:00");
}

#[test]
fn bad_log_input_is_one_line_and_writes_nothing() {
    let sandbox = Sandbox::new();
    let log = |extra: &[&str]| {
        let mut cmd = sandbox.cmd();
        cmd.args(["log", "--prompt", "conflict-manager", "--duration", "2m"])
            .args(extra);
        cmd
    };
    assert_bad_input(
        &mut log(&["--at", "last tuesday"]),
        "bad time 'last tuesday' for --at",
    );
    assert_bad_input(&mut log(&["--score", "3,1,2,2"]), "bad scores '3,1,2,2'");
    assert_bad_input(
        &mut log(&["--min", "4m"]),
        "--min 4m is above the default --max 3m",
    );
    assert_bad_input(
        sandbox
            .cmd()
            .args(["log", "--prompt", "no-such-prompt", "--duration", "2m"]),
        "unknown prompt 'no-such-prompt'",
    );
    assert_bad_input(
        sandbox
            .cmd()
            .args(["log", "--prompt", "conflict-manager", "--duration", "2x"]),
        "bad duration '2x'",
    );
    assert!(!sandbox.home().exists(), "bad input created the data home");
}

#[test]
fn edit_changes_the_review_and_keeps_every_other_field() {
    let sandbox = Sandbox::new();
    stdout_of(sandbox.cmd().args([
        "log",
        "--prompt",
        "conflict-manager",
        "--duration",
        "2m",
        "--note",
        "old note",
    ]));
    let (path, mut record) = the_only_record(&sandbox);
    // A field from some newer version must survive the edit untouched.
    record["mood"] = serde_json::json!({"energy": 3, "tags": ["tired"]});
    std::fs::write(&path, serde_json::to_string_pretty(&record).unwrap()).unwrap();
    let id = record["id"].as_str().unwrap().to_string();

    let out = stdout_of(sandbox.cmd().args([
        "edit",
        &id[..17],
        "--new-story",
        "Billing audit",
        "--score",
        "2122",
    ]));
    assert!(out.contains("STAR 7/8"), "{out}");
    let edited = read_json(&path);
    assert_eq!(edited["story"], "Billing audit");
    assert_eq!(
        edited["scores"],
        serde_json::json!({"S": 2, "T": 1, "A": 2, "R": 2})
    );
    assert_eq!(edited["note"], "old note");
    assert_eq!(edited["mood"], record["mood"]);
    for field in [
        "id",
        "started_at",
        "prompt",
        "window",
        "outcome",
        "answer_ms",
        "paused_ms",
        "parts",
        "version",
    ] {
        assert_eq!(edited[field], record[field], "{field} changed");
    }
    assert_eq!(mode(&path), 0o600);

    // An empty value clears a field.
    stdout_of(sandbox.cmd().args(["edit", &id, "--note", ""]));
    assert_eq!(read_json(&path)["note"], Value::Null);
}

#[test]
fn edit_refuses_what_it_cannot_do() {
    let sandbox = Sandbox::new();
    stdout_of(
        sandbox
            .cmd()
            .args(["log", "--prompt", "conflict-manager", "--duration", "2m"]),
    );
    let (path, _) = the_only_record(&sandbox);
    let before = std::fs::read(&path).unwrap();
    let id = path.file_stem().unwrap().to_string_lossy().to_string();
    assert_bad_input(sandbox.cmd().args(["edit", &id]), "nothing to change");
    assert_bad_input(
        sandbox.cmd().args(["edit", "1999", "--note", "x"]),
        "no session with an id starting '1999'",
    );
    assert_bad_input(
        sandbox.cmd().args(["edit", &id, "--score", "9"]),
        "bad scores '9'",
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn fifty_logs_at_once_leave_fifty_readable_records() {
    let sandbox = Sandbox::new();
    let children: Vec<_> = (0..50)
        .map(|n| {
            let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_rehearse"));
            cmd.env_clear()
                .env("REHEARSE_HOME", sandbox.home())
                .env("HOME", sandbox.root())
                .args([
                    "log",
                    "--prompt",
                    "conflict-manager",
                    "--duration",
                    &format!("{}s", 100 + n),
                ])
                .args(["--at", "2026-11-23 07:31"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped());
            cmd.spawn().unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let files = sandbox.record_files();
    assert_eq!(files.len(), 50, "every run needs its own file");
    let mut durations: Vec<u64> = files
        .iter()
        .map(|path| read_json(path)["answer_ms"].as_u64().unwrap())
        .collect();
    durations.sort();
    assert_eq!(durations, (100..150).map(|s| s * 1000).collect::<Vec<_>>());
}

#[test]
fn an_unwritable_home_prints_the_record_so_nothing_is_lost() {
    let sandbox = Sandbox::new();
    // A file where this month's folder should be: nothing can be saved in it, even by root,
    // for whom permission bits would not stop the write. (A file where the whole sessions
    // folder belongs is refused before anything is timed.)
    let month = chrono::Local::now().format("sessions/%Y/%m").to_string();
    sandbox.write(&month, "in the way");
    let output = sandbox
        .cmd()
        .args([
            "log",
            "--prompt",
            "conflict-manager",
            "--duration",
            "2m",
            "--note",
            "keep me",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let record: Value = serde_json::from_slice(&output.stdout).expect("the record on stdout");
    assert_eq!(record["note"], "keep me");
    assert_eq!(record["answer_ms"], 120_000);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("could not save the session"), "{stderr}");

    let output = sandbox
        .cmd()
        .args(["drill", "--plain", "--seed", "2"])
        .write_stdin("\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let json_start = stdout.find('{').expect("the record on stdout");
    let record: Value = serde_json::from_str(&stdout[json_start..]).unwrap();
    assert_eq!(record["outcome"], "completed");
}
