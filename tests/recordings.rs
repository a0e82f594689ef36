//! Sessions with recordings, end to end: removing sessions into the trash, pruning old
//! recordings, and what a build without the `record` feature says of `--record`.

mod common;

use common::{Sandbox, assert_bad_input, save, stdout_of};
use rehearse::testkit::{SessionBuilder, record_path};
use serde_json::json;

/// A saved session of `id` with a recording of `bytes` bytes beside it.
fn recorded(sandbox: &Sandbox, id: &str, at: &str, bytes: usize) {
    let mut record = SessionBuilder::new("conflict-1").at(at).id(id).json();
    record["audio"] = json!({"file": format!("{id}.wav"), "ms": 1000, "sample_rate": 16000});
    save(sandbox, &record);
    let wav = record_path(id).replace(".json", ".wav");
    sandbox.write(&wav, &"x".repeat(bytes));
}

#[test]
fn rm_moves_a_session_and_its_recording_into_the_trash() {
    let sandbox = Sandbox::new();
    recorded(
        &sandbox,
        "20261101-080000-aaaa",
        "2026-11-01T08:00:00+01:00",
        10,
    );
    recorded(
        &sandbox,
        "20261102-080000-bbbb",
        "2026-11-02T08:00:00+01:00",
        10,
    );
    let out = stdout_of(sandbox.cmd().args(["rm", "aaaa", "--yes"]));
    assert!(out.contains("trash/sessions/20261101-080000-aaaa"), "{out}");
    let trash = sandbox.home().join("trash/sessions/20261101-080000-aaaa");
    assert!(trash.join("20261101-080000-aaaa.json").is_file());
    assert!(trash.join("20261101-080000-aaaa.wav").is_file());
    let left: Vec<String> = sandbox
        .record_files()
        .iter()
        .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        left,
        ["20261102-080000-bbbb.json", "20261102-080000-bbbb.wav"]
    );
    // Reports no longer see it.
    let history = stdout_of(sandbox.cmd().args(["history", "--json"]));
    assert!(
        !history.contains("aaaa") && history.contains("bbbb"),
        "{history}"
    );
}

#[test]
fn rm_without_a_terminal_or_with_a_wrong_id_moves_nothing() {
    let sandbox = Sandbox::new();
    recorded(
        &sandbox,
        "20261101-080000-aaaa",
        "2026-11-01T08:00:00+01:00",
        10,
    );
    let before = sandbox.record_files();
    assert_bad_input(sandbox.cmd().args(["rm", "aaaa"]), "give --yes");
    assert_bad_input(
        sandbox.cmd().args(["rm", "aaaa", "nope", "--yes"]),
        "no session with an id starting 'nope'",
    );
    assert_eq!(sandbox.record_files(), before);
    assert!(!sandbox.home().join("trash").exists());
}

#[test]
fn prune_deletes_only_recordings_older_than_asked_and_the_record_says_so() {
    let sandbox = Sandbox::new();
    recorded(
        &sandbox,
        "20200101-080000-aaaa",
        "2020-01-01T08:00:00+01:00",
        2_000,
    );
    recorded(
        &sandbox,
        "20991231-080000-bbbb",
        "2099-12-31T08:00:00+01:00",
        3_000,
    );
    // Without a limit there is nothing to go by.
    assert_bad_input(sandbox.cmd().args(["prune", "--yes"]), "keep_audio_days");
    let dry = sandbox
        .cmd()
        .args(["prune", "--older-than", "30", "--dry-run"])
        .output()
        .unwrap();
    assert!(dry.status.success());
    let listed = String::from_utf8_lossy(&dry.stdout);
    assert!(
        listed.contains("20200101-080000-aaaa.wav") && !listed.contains("bbbb"),
        "{listed}"
    );
    assert!(String::from_utf8_lossy(&dry.stderr).contains("would delete 1 recording"));
    assert_eq!(sandbox.record_files().len(), 4, "a dry run deletes nothing");
    // keep_audio_days from config.toml, and --yes off a terminal.
    sandbox.write("config.toml", "keep_audio_days = 30\n");
    assert_bad_input(sandbox.cmd().args(["prune"]), "give --yes");
    let pruned = sandbox.cmd().args(["prune", "--yes"]).output().unwrap();
    assert!(pruned.status.success());
    assert!(
        String::from_utf8_lossy(&pruned.stderr)
            .contains("deleted 1 recording older than 30 days, 2 KB")
    );
    let wav = sandbox
        .home()
        .join(record_path("20200101-080000-aaaa").replace(".json", ".wav"));
    assert!(!wav.exists());
    let shown = stdout_of(sandbox.cmd().args(["show", "aaaa", "--json"]));
    let record: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert!(record["audio"]["pruned_on"].is_string(), "{record}");
    assert_eq!(sandbox.record_files().len(), 3);
}

#[cfg(not(feature = "record"))]
#[test]
fn a_build_without_recording_refuses_record_before_the_drill_starts() {
    let sandbox = Sandbox::new();
    assert_bad_input(
        sandbox
            .cmd()
            .args(["drill", "--record", "--plain"])
            .write_stdin("\n"),
        "--features record",
    );
    // From config.toml too; --no-record undoes it.
    sandbox.write("config.toml", "record = true\n");
    assert_bad_input(
        sandbox.cmd().args(["drill", "--plain"]).write_stdin("\n"),
        "--features record",
    );
    assert!(sandbox.record_files().is_empty());
    let undone = sandbox
        .cmd()
        .args([
            "drill",
            "--plain",
            "--no-record",
            "--min",
            "1s",
            "--max",
            "2s",
        ])
        .write_stdin("\n")
        .output()
        .unwrap();
    assert!(
        undone.status.success(),
        "{}",
        String::from_utf8_lossy(&undone.stderr)
    );
}
