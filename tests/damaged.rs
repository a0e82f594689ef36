//! Records whose values are impossible are damaged: every report names each one in a warning,
//! leaves it out, and never changes a byte of it, the same as for a file that is not JSON.

mod common;

use common::{Sandbox, save, stdout_of};
use rehearse::testkit::{SessionBuilder, record_path};

/// A home with one good record and one record of each impossible kind, with their texts.
fn home_with_damage() -> (Sandbox, Vec<(std::path::PathBuf, String)>) {
    let sandbox = Sandbox::new();
    let good = SessionBuilder::new("conflict-manager")
        .id("20261120-080000-good")
        .at("2026-11-20T08:00:00+01:00")
        .scores("2122")
        .json();
    save(&sandbox, &good);
    let damage: [(&str, &str, serde_json::Value); 9] = [
        ("20261121-080000-scor", "/scores/S", serde_json::json!(200)),
        (
            "20261121-090000-inve",
            "/window/min_s",
            serde_json::json!(600),
        ),
        (
            "20261121-100000-nega",
            "/answer_ms",
            serde_json::json!(-4000),
        ),
        (
            "20261121-110000-absu",
            "/answer_ms",
            serde_json::json!(999_999_999_999u64),
        ),
        ("20261121-120000-paus", "/paused_ms", serde_json::json!(-1)),
        (
            "20261121-130000-wind",
            "/window/max_s",
            serde_json::json!(-30),
        ),
        (
            "20261121-140000-twic",
            "/parts",
            serde_json::json!([
                { "part": "S", "at_ms": 0 },
                { "part": "S", "at_ms": 9000 }
            ]),
        ),
        (
            "20261121-150000-orde",
            "/parts",
            serde_json::json!([
                { "part": "A", "at_ms": 40000 },
                { "part": "T", "at_ms": 9000 }
            ]),
        ),
        ("20261121-160000-zero", "/schema", serde_json::json!(0)),
    ];
    let mut damaged = Vec::new();
    for (id, pointer, value) in damage {
        let mut record = good.clone();
        record["id"] = serde_json::json!(id);
        *record.pointer_mut(pointer).unwrap() = value;
        let text = serde_json::to_string_pretty(&record).unwrap();
        damaged.push((sandbox.write(&record_path(id), &text), text));
    }
    (sandbox, damaged)
}

fn assert_each_named_once_and_untouched(stderr: &str, damaged: &[(std::path::PathBuf, String)]) {
    for (path, text) in damaged {
        let shown = path.display().to_string();
        let warnings = stderr.lines().filter(|line| line.contains(&shown)).count();
        assert_eq!(warnings, 1, "{shown} in:\n{stderr}");
        assert_eq!(
            &std::fs::read_to_string(path).unwrap(),
            text,
            "{shown} changed"
        );
    }
}

#[test]
fn every_report_skips_impossible_records_with_one_warning_each() {
    let (sandbox, damaged) = home_with_damage();
    for args in [
        &["history", "--all"][..],
        &["history", "--json"],
        &["stats"],
        &["stats", "--json"],
        &["export", "--format", "csv"],
        &["pick"],
        &["stories"],
    ] {
        let output = sandbox.cmd().args(args).output().unwrap();
        assert!(output.status.success(), "{args:?}");
        let stdout = String::from_utf8(output.stdout).unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_each_named_once_and_untouched(&stderr, &damaged);
        assert!(
            !stdout.contains("200"),
            "{args:?} shows the damaged score:\n{stdout}"
        );
        assert!(
            !stdout.contains("-scor") && !stdout.contains("scor "),
            "{args:?}:\n{stdout}"
        );
    }
    let history = stdout_of(sandbox.cmd().args(["history", "--all"]));
    assert_eq!(
        history.lines().count(),
        2,
        "a header and the good record:\n{history}"
    );
    let stats: serde_json::Value =
        serde_json::from_str(&stdout_of(sandbox.cmd().args(["stats", "--json"]))).unwrap();
    assert_eq!(stats["practice"]["completed"], 1);
    assert_eq!(stats["star"]["parts"][0]["average"], 2.0);
}

#[test]
fn a_damaged_record_cannot_be_shown_or_edited_and_stays_as_it_was() {
    let (sandbox, damaged) = home_with_damage();
    for args in [
        &["show", "scor"][..],
        &["edit", "scor", "--note", "overwrite me"],
    ] {
        let output = sandbox.cmd().args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains("a score is 0, 1 or 2, not 200"), "{stderr}");
    }
    for (path, text) in &damaged {
        assert_eq!(
            &std::fs::read_to_string(path).unwrap(),
            text,
            "{} changed",
            path.display()
        );
    }
}
