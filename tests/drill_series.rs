//! End-to-end: drills of several questions, follow-up probes, and the closing nudge, in plain
//! mode where each answer ends at its own line.

mod common;

use common::{Sandbox, assert_bad_input};
use serde_json::Value;

fn records(sandbox: &Sandbox) -> Vec<Value> {
    sandbox
        .record_files()
        .iter()
        .map(|path| serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap())
        .collect()
}

#[test]
fn count_asks_different_questions_saves_each_and_ends_with_a_table() {
    let sandbox = Sandbox::new();
    let output = sandbox
        .cmd()
        .args([
            "drill", "--plain", "--count", "3", "--seed", "4", "--min", "0", "--max", "1s",
        ])
        .write_stdin("\n\n\n")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let saved = records(&sandbox);
    assert_eq!(saved.len(), 3);
    let mut ids: Vec<&str> = saved
        .iter()
        .map(|r| r["prompt"]["id"].as_str().unwrap())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 3, "a question was asked twice: {ids:?}");

    let stdout = String::from_utf8_lossy(&output.stdout);
    let table_start = stdout.find("prompt").expect("no table at the end");
    let table: Vec<&str> = stdout[table_start..].lines().collect();
    assert_eq!(table.len(), 4, "{stdout}");
    assert!(table[0].contains("time") && table[0].contains("verdict") && table[0].contains("STAR"));
    for id in &ids {
        assert!(
            table.iter().any(|row| row.starts_with(id)),
            "{id} missing from the table:\n{stdout}"
        );
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    for n in 1..=3 {
        assert!(stderr.contains(&format!("question {n} of 3")), "{stderr}");
    }
    assert!(
        stderr
            .lines()
            .last()
            .unwrap()
            .starts_with("rehearse: streak 1 day."),
        "{stderr}"
    );
}

#[test]
fn an_aborted_answer_ends_the_series_and_keeps_what_was_saved() {
    let sandbox = Sandbox::new();
    // The first answer ends at its line; the second is stopped with SIGINT.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_rehearse"))
        .env_clear()
        .env("REHEARSE_HOME", sandbox.home())
        .env("HOME", sandbox.root())
        .args([
            "drill", "--plain", "--count", "3", "--seed", "1", "--min", "0", "--max", "1m",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    std::io::Write::write_all(&mut stdin, b"\n").unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while sandbox.record_files().is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let output = child.wait_with_output().unwrap();
    drop(stdin);
    assert_eq!(
        output.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let outcomes: Vec<String> = records(&sandbox)
        .iter()
        .map(|r| r["outcome"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(outcomes.len(), 2, "{outcomes:?}");
    assert!(
        outcomes.contains(&"completed".to_string()) && outcomes.contains(&"aborted".to_string())
    );
}

#[test]
fn follow_ups_are_timed_and_saved_in_the_same_record() {
    let sandbox = Sandbox::new();
    let output = sandbox
        .cmd()
        .args([
            "drill",
            "--plain",
            "--prompt",
            "conflict-manager",
            "--follow-ups",
            "--min",
            "0",
            "--max",
            "1s",
        ])
        .write_stdin("\n\n")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let saved = records(&sandbox);
    assert_eq!(saved.len(), 1);
    let follow_up = &saved[0]["follow_up"];
    assert_eq!(follow_up["outcome"], "completed");
    assert!(follow_up["answer_ms"].is_u64());
    let probe = follow_up["text"].as_str().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains(probe), "the probe was not shown:\n{stdout}");
    assert!(
        stdout.contains("follow-up to: conflict-manager"),
        "{stdout}"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("aim for 0:30 to 1:00"),
        "the probe's window is 30s to 60s:\n{stderr}"
    );
}

#[test]
fn a_named_prompt_cannot_be_asked_several_times() {
    let sandbox = Sandbox::new();
    assert_bad_input(
        sandbox.cmd().args([
            "drill",
            "--plain",
            "--prompt",
            "conflict-manager",
            "--count",
            "2",
        ]),
        "--prompt asks one question",
    );
    assert_bad_input(
        sandbox.cmd().args(["drill", "--count", "0"]),
        "invalid value '0'",
    );
    assert!(!sandbox.home().exists());
}
