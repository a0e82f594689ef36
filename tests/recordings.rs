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

/// A WAV at `rate` of a tone for `speech_s`, silence for `pause_s`, and the tone again.
fn answer_wav(path: &std::path::Path, rate: u32, channels: u16, speech_s: f32, pause_s: f32) {
    let spec = hound::WavSpec {
        channels,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut writer = hound::WavWriter::create(path, spec).unwrap();
    let frames = |seconds: f32| (seconds * rate as f32) as usize;
    let mut write = |count: usize, loud: bool| {
        for n in 0..count {
            // A voice-like tone that swells and fades at a syllable's rate.
            let t = n as f32 / rate as f32;
            let sample = if loud {
                (t * 2.0 * std::f32::consts::PI * 220.0).sin()
                    * (0.6 + 0.4 * (t * 2.0 * std::f32::consts::PI * 4.0).sin())
                    * 12_000.0
            } else {
                0.0
            };
            for _ in 0..channels {
                writer.write_sample(sample as i16).unwrap();
            }
        }
    };
    write(frames(speech_s), true);
    write(frames(pause_s), false);
    write(frames(speech_s), true);
    writer.finalize().unwrap();
}

#[test]
fn attach_converts_a_recording_made_elsewhere_and_measures_its_pauses() {
    let sandbox = Sandbox::new();
    save(
        &sandbox,
        &SessionBuilder::new("conflict-1")
            .at("2026-11-01T08:00:00+01:00")
            .id("20261101-080000-aaaa")
            .json(),
    );
    let memo = sandbox.root().join("memo.wav");
    answer_wav(&memo, 44_100, 2, 4.0, 3.0);
    let attached = sandbox
        .cmd()
        .args(["attach", "aaaa"])
        .arg(&memo)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&attached.stderr);
    assert!(attached.status.success(), "{said}");
    assert!(
        said.contains("attached memo.wav to 20261101-080000-aaaa"),
        "{said}"
    );
    let record: serde_json::Value =
        serde_json::from_str(&stdout_of(sandbox.cmd().args(["show", "aaaa", "--json"]))).unwrap();
    assert_eq!(record["audio"]["file"], "20261101-080000-aaaa.wav");
    assert_eq!(record["audio"]["sample_rate"], 16_000);
    assert_eq!(record["audio"]["attached_from"], "memo.wav");
    let ms = record["audio"]["ms"].as_u64().unwrap();
    assert!((10_990..=11_010).contains(&ms), "{ms}");
    let pauses = record["speech"]["long_pauses"].as_array().unwrap();
    assert_eq!(pauses.len(), 1, "{record}");
    let (at, length) = (
        pauses[0]["at_ms"].as_u64().unwrap(),
        pauses[0]["ms"].as_u64().unwrap(),
    );
    assert!(
        at.abs_diff(4_000) <= 50 && length.abs_diff(3_000) <= 50,
        "{at} {length}"
    );
    let wav = sandbox
        .home()
        .join(record_path("20261101-080000-aaaa").replace(".json", ".wav"));
    let reader = hound::WavReader::open(&wav).unwrap();
    assert_eq!(
        (reader.spec().sample_rate, reader.spec().channels),
        (16_000, 1)
    );
    assert_eq!(common::mode(&wav), 0o600);
    let shown = stdout_of(sandbox.cmd().args(["show", "aaaa"]));
    assert!(shown.contains("1 long pause at 0:04 (3.0 s)"), "{shown}");
}

#[test]
fn attach_refuses_what_is_not_audio_and_a_second_recording_without_replace() {
    let sandbox = Sandbox::new();
    recorded(
        &sandbox,
        "20261101-080000-aaaa",
        "2026-11-01T08:00:00+01:00",
        10,
    );
    save(
        &sandbox,
        &SessionBuilder::new("conflict-1")
            .at("2026-11-02T08:00:00+01:00")
            .id("20261102-080000-bbbb")
            .json(),
    );
    let before = sandbox.record_files();
    let junk = sandbox.root().join("notes.m4a");
    std::fs::write(&junk, "these are my notes, not a recording").unwrap();
    assert_bad_input(
        sandbox.cmd().args(["attach", "bbbb"]).arg(&junk),
        "notes.m4a",
    );
    let empty = sandbox.root().join("empty.wav");
    std::fs::write(&empty, "").unwrap();
    assert_bad_input(
        sandbox.cmd().args(["attach", "bbbb"]).arg(&empty),
        "empty.wav",
    );
    let memo = sandbox.root().join("memo.wav");
    answer_wav(&memo, 16_000, 1, 1.0, 0.5);
    assert_bad_input(
        sandbox.cmd().args(["attach", "aaaa"]).arg(&memo),
        "already has a recording; give --replace",
    );
    assert_bad_input(
        sandbox
            .cmd()
            .args(["attach", "bbbb", "--follow-up"])
            .arg(&memo),
        "has no follow-up answer",
    );
    assert_eq!(sandbox.record_files(), before, "nothing written");
    assert!(
        sandbox
            .cmd()
            .args(["attach", "aaaa", "--replace"])
            .arg(&memo)
            .output()
            .unwrap()
            .status
            .success()
    );
}

#[test]
fn log_with_audio_keeps_the_recording_and_a_bad_file_logs_nothing() {
    let sandbox = Sandbox::new();
    let junk = sandbox.root().join("memo.mp3");
    std::fs::write(&junk, [0u8; 4096]).unwrap();
    let log = |file: &std::path::Path| {
        let mut cmd = sandbox.cmd();
        cmd.args([
            "log",
            "--prompt",
            "conflict-manager",
            "--duration",
            "2m",
            "--audio",
        ])
        .arg(file);
        cmd
    };
    assert_bad_input(&mut log(&junk), "memo.mp3");
    assert!(sandbox.record_files().is_empty(), "nothing logged");
    let memo = sandbox.root().join("memo.wav");
    answer_wav(&memo, 8_000, 1, 2.0, 1.0);
    stdout_of(&mut log(&memo));
    let files: Vec<String> = sandbox
        .record_files()
        .iter()
        .map(|path| path.extension().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files, ["json", "wav"]);
    let history = stdout_of(sandbox.cmd().args(["history", "--json"]));
    let records: serde_json::Value = serde_json::from_str(&history).unwrap();
    assert_eq!(records[0]["audio"]["attached_from"], "memo.wav");
    assert_eq!(records[0]["speech"]["long_pauses"], json!([]));
}

#[test]
fn play_hands_the_recording_to_a_player_and_says_when_there_is_none() {
    let sandbox = Sandbox::new();
    save(
        &sandbox,
        &SessionBuilder::new("conflict-1")
            .at("2026-11-01T08:00:00+01:00")
            .id("20261101-080000-aaaa")
            .json(),
    );
    assert_bad_input(sandbox.cmd().args(["play", "aaaa"]), "it has no recording");
    let memo = sandbox.root().join("memo.wav");
    answer_wav(&memo, 16_000, 1, 0.5, 0.5);
    stdout_of(sandbox.cmd().args(["attach", "aaaa"]).arg(&memo));
    // A stand-in aplay that keeps what it is given.
    let bin = sandbox.root().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let heard = sandbox.root().join("heard.raw");
    let aplay = bin.join("aplay");
    std::fs::write(&aplay, format!("#!/bin/sh\ncat > '{}'\n", heard.display())).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&aplay, std::fs::Permissions::from_mode(0o755)).unwrap();
    let played = sandbox
        .cmd()
        .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
        .args(["play", "aaaa"])
        .output()
        .unwrap();
    assert!(
        played.status.success(),
        "{}",
        String::from_utf8_lossy(&played.stderr)
    );
    let wav = sandbox
        .home()
        .join(record_path("20261101-080000-aaaa").replace(".json", ".wav"));
    let samples: Vec<i16> = hound::WavReader::open(&wav)
        .unwrap()
        .samples::<i16>()
        .map(Result::unwrap)
        .collect();
    let bytes: Vec<u8> = samples.iter().flat_map(|s| s.to_le_bytes()).collect();
    assert_eq!(
        std::fs::read(&heard).unwrap(),
        bytes,
        "every sample, in order"
    );
    // No player anywhere: one line saying what to install.
    let empty = sandbox.root().join("empty-bin");
    std::fs::create_dir_all(&empty).unwrap();
    let mut none = sandbox.cmd();
    none.env("PATH", &empty).args(["play", "aaaa"]);
    assert_bad_input(&mut none, "aplay");
}

#[test]
fn a_phone_voice_memo_in_m4a_is_converted_and_its_pause_found() {
    let sandbox = Sandbox::new();
    save(
        &sandbox,
        &SessionBuilder::new("conflict-1")
            .at("2026-11-01T08:00:00+01:00")
            .id("20261101-080000-aaaa")
            .json(),
    );
    // AAC in MP4, as voice-memo apps save it (tests/fixtures/audio/make_memo.py made it).
    let memo =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/audio/memo.m4a");
    stdout_of(sandbox.cmd().args(["attach", "aaaa"]).arg(&memo));
    let record: serde_json::Value =
        serde_json::from_str(&stdout_of(sandbox.cmd().args(["show", "aaaa", "--json"]))).unwrap();
    // 0.5 s, 2.6 s and 0.5 s, and the encoder's own lead-in of a frame or two.
    let ms = record["audio"]["ms"].as_u64().unwrap();
    assert!((3_550..=3_800).contains(&ms), "{ms}");
    let pauses = record["speech"]["long_pauses"].as_array().unwrap();
    assert_eq!(pauses.len(), 1, "{record}");
    let length = pauses[0]["ms"].as_u64().unwrap();
    assert!(length.abs_diff(2_600) <= 50, "{length}");
}
