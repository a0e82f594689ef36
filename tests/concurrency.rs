//! Two writers at once never lose each other's changes, and a killed writer leaves nothing
//! half-written or locked behind.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Sandbox, save};
use rehearse::testkit::SessionBuilder;

fn rehearse(sandbox: &Sandbox, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rehearse"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", sandbox.root())
        .env("REHEARSE_HOME", sandbox.home())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd
}

fn record(sandbox: &Sandbox) -> serde_json::Value {
    let files = sandbox.record_files();
    assert_eq!(files.len(), 1, "{files:?}");
    serde_json::from_str(&std::fs::read_to_string(&files[0]).unwrap()).unwrap()
}

#[test]
fn three_edits_at_once_all_land_every_time() {
    let sandbox = Sandbox::new();
    save(
        &sandbox,
        &SessionBuilder::new("conflict-manager")
            .id("20261120-080000-same")
            .json(),
    );
    for round in 0..15 {
        let note = format!("note {round}");
        let story = format!("Story {round}");
        let scores = ["2122", "1111", "0120"][round % 3];
        let children: Vec<_> = [
            vec!["edit", "same", "--note", note.as_str()],
            vec!["edit", "same", "--score", scores],
            vec!["edit", "same", "--new-story", story.as_str()],
        ]
        .iter()
        .map(|args| rehearse(&sandbox, args).spawn().unwrap())
        .collect();
        for child in children {
            let output = child.wait_with_output().unwrap();
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let saved = record(&sandbox);
        assert_eq!(saved["note"], note, "round {round}: {saved}");
        assert_eq!(saved["story"], story, "round {round}: {saved}");
        let digits: String = ["S", "T", "A", "R"]
            .iter()
            .map(|part| saved["scores"][part].to_string())
            .collect();
        assert_eq!(digits, scores, "round {round}: {saved}");
    }
}

#[test]
fn a_writer_that_cannot_get_in_says_so_and_writes_nothing() {
    let sandbox = Sandbox::new();
    save(
        &sandbox,
        &SessionBuilder::new("conflict-manager")
            .id("20261120-080000-held")
            .json(),
    );
    let before = std::fs::read(&sandbox.record_files()[0]).unwrap();
    // Another process holds the records' lock for longer than a writer waits.
    let lock = sandbox.home().join("sessions/.lock");
    let mut holder = Command::new("flock")
        .arg(&lock)
        .args(["sleep", "30"])
        .spawn()
        .expect("flock(1) from util-linux");
    let deadline = Instant::now() + Duration::from_secs(5);
    while !lock.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(100));
    let output = rehearse(&sandbox, &["edit", "held", "--note", "mine"])
        .output()
        .unwrap();
    let _ = holder.kill();
    let _ = holder.wait();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("another rehearse is changing sessions"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&sandbox.record_files()[0]).unwrap(), before);
}

#[test]
fn killed_writers_leave_whole_records_and_no_lock_behind() {
    let sandbox = Sandbox::new();
    save(
        &sandbox,
        &SessionBuilder::new("conflict-manager")
            .id("20261120-080000-kill")
            .note(&"long note ".repeat(20_000))
            .json(),
    );
    for round in 0..20u64 {
        let note = format!("round {round} {}", "x".repeat(100_000));
        let mut child = rehearse(&sandbox, &["edit", "kill", "--note", note.as_str()])
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(round % 7));
        let _ = child.kill();
        let _ = child.wait();
        let saved = record(&sandbox);
        let text = saved["note"].as_str().unwrap();
        assert!(
            text.starts_with("long note") || text.starts_with("round"),
            "{}",
            &text[..20]
        );
    }
    // The lock went with each killed writer: an edit now gets in at once.
    let output = rehearse(&sandbox, &["edit", "kill", "--note", "after"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(record(&sandbox)["note"], "after");
}
