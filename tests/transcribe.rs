//! End to end: a spoken answer (espeak-ng, brought to 16 kHz by sox) attached to a session and
//! transcribed by the binary with the real Whisper model, found through `REHEARSE_MODEL`. The
//! test fails, saying how to get the model, when it is not there: it never passes without
//! having heard anything. `.ci/whisper-model.sh` makes the model.

#![cfg(feature = "transcribe")]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Sandbox, mode, save};
use rehearse::testkit::{SessionBuilder, word_error_rate};

/// About twenty seconds of a behavioural answer, in words espeak says clearly.
const ANSWER: &str = "Last spring I was leading a small team that rebuilt the billing service. \
    The old system failed every night and customers were charged twice. \
    I asked each engineer to write down what broke, and we fixed the worst problem first. \
    After six weeks the failures stopped and the support queue was almost empty.";

/// The real model, or a failure that says how to get one.
fn model() -> PathBuf {
    let Some(path) = std::env::var_os("REHEARSE_MODEL") else {
        panic!(
            "REHEARSE_MODEL is not set: this test needs the real Whisper model; run \
             .ci/whisper-model.sh and set REHEARSE_MODEL to the path it prints"
        );
    };
    let path = PathBuf::from(path);
    assert!(
        path.is_file(),
        "REHEARSE_MODEL={} is not a file: run .ci/whisper-model.sh",
        path.display()
    );
    path
}

fn run(program: &str, args: &[&std::ffi::OsStr]) {
    let status = Command::new(program)
        .args(args)
        .status()
        .unwrap_or_else(|error| panic!("{program} is needed for this test: {error}"));
    assert!(status.success(), "{program} failed");
}

/// `text` spoken by espeak-ng, as a 16 kHz mono WAV at `path`.
fn speak(text: &str, path: &Path) {
    let raw = path.with_extension("raw.wav");
    run(
        "espeak-ng",
        &["-w".as_ref(), raw.as_os_str(), text.as_ref()],
    );
    run(
        "sox",
        &[
            raw.as_os_str(),
            "-r".as_ref(),
            "16000".as_ref(),
            "-c".as_ref(),
            "1".as_ref(),
            "-b".as_ref(),
            "16".as_ref(),
            path.as_os_str(),
        ],
    );
}

/// Words as compared: lower case, letters and digits only.
fn normalised(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|word| {
            word.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|word| !word.is_empty())
        .collect()
}

#[test]
fn a_spoken_answer_is_transcribed_into_timed_words_in_order() {
    let model = model();
    let sandbox = Sandbox::new();
    let id = "20261101-080000-aaaa";
    save(
        &sandbox,
        &SessionBuilder::new("conflict-1")
            .at("2026-11-01T08:00:00+01:00")
            .id(id)
            .json(),
    );
    let spoken = sandbox.root().join("answer.wav");
    speak(ANSWER, &spoken);
    let attached = sandbox
        .cmd()
        .args(["attach", id])
        .arg(&spoken)
        .output()
        .unwrap();
    assert!(
        attached.status.success(),
        "{}",
        String::from_utf8_lossy(&attached.stderr)
    );

    let transcribed = sandbox
        .cmd()
        .env("REHEARSE_MODEL", &model)
        .args(["transcribe", "aaaa"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&transcribed.stderr);
    assert!(transcribed.status.success(), "{said}");
    assert!(said.contains(&format!("transcribed {id}")), "{said}");

    let month = sandbox.home().join("sessions/2026/11");
    let file = month.join(format!("{id}.transcript.json"));
    assert_eq!(mode(&file), 0o600);
    let transcript: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let words = transcript["words"].as_array().unwrap();
    let heard: Vec<String> = normalised(transcript["text"].as_str().unwrap());
    let rate = word_error_rate(&normalised(ANSWER), &heard);
    assert!(rate < 0.20, "word error rate {rate:.2}: heard {heard:?}");

    let mut last_start = 0;
    for word in words {
        let start = word["start_ms"].as_u64().unwrap();
        let end = word["end_ms"].as_u64().unwrap();
        let confidence = word["confidence"].as_f64().unwrap();
        assert!(
            start >= last_start,
            "a word starts before the one before it: {word}"
        );
        assert!(end >= start, "{word}");
        assert!((0.0..=1.0).contains(&confidence), "{word}");
        last_start = start;
    }
    let audio_ms = 60_000;
    assert!(last_start > 5_000 && last_start < audio_ms, "{last_start}");

    let record: serde_json::Value =
        serde_json::from_slice(&std::fs::read(month.join(format!("{id}.json"))).unwrap()).unwrap();
    assert_eq!(
        record["transcript"]["file"],
        format!("{id}.transcript.json")
    );
    assert_eq!(record["transcript"]["words"], words.len());
    assert_eq!(record["transcript"]["model"], transcript["model"]);

    // Every recorded session has its transcript now: --all has nothing to do.
    let again = sandbox
        .cmd()
        .env("REHEARSE_MODEL", &model)
        .args(["transcribe", "--all"])
        .output()
        .unwrap();
    assert!(again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("every recorded session has a transcript")
    );
}
