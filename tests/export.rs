//! End-to-end: `export` over session files written straight into a sandbox home.

mod common;

use common::{Sandbox, assert_bad_input, mode, save, stdout_of};
use rehearse::domain::star::Part;
use rehearse::testkit::{SessionBuilder, record_path};
use serde_json::{Value, json};

/// Four answers in November 2026, newest first: over, in the window, aborted, short. One has a
/// field from a newer version, one a note that needs quoting in CSV.
fn november() -> Vec<Value> {
    vec![
        SessionBuilder::new("mistake-one")
            .id("20261124-181502-zq7d")
            .at("2026-11-24T18:15:02.500+01:00")
            .text("Describe a time you made a mistake at work.")
            .answer_ms(185_400)
            .score(Part::Situation, 2)
            .score(Part::Action, 1)
            .json(),
        SessionBuilder::new("conflict-one")
            .id("20261123-073105-k3f9")
            .at("2026-11-23T07:31:05.120+01:00")
            .text("Tell me about a disagreement, and how it ended.")
            .answer_ms(161_234)
            .story("Audit flag broke time entry")
            .scores("2122")
            .note("Result too vague, say \"40%\".\nNumber first.")
            .extra("mood", json!({"energy": 3}))
            .json(),
        SessionBuilder::new("leadership-one")
            .id("20261122-210000-ab12")
            .at("2026-11-22T21:00:00+01:00")
            .text("Tell me about a time you led without authority.")
            .answer_ms(37_000)
            .aborted()
            .json(),
        SessionBuilder::new("conflict-one")
            .id("20261121-090000-cd34")
            .at("2026-11-21T09:00:00+01:00")
            .text("Tell me about a conflict inside your team.")
            .answer_ms(107_700)
            .json(),
    ]
}

fn sandbox_with_november() -> Sandbox {
    let sandbox = Sandbox::new();
    for record in november() {
        save(&sandbox, &record);
    }
    sandbox
}

/// The ids in a JSON export for these extra arguments.
fn ids_for(sandbox: &Sandbox, args: &[&str]) -> Vec<String> {
    let out = stdout_of(sandbox.cmd().arg("export").args(args));
    let records: Vec<Value> = serde_json::from_str(&out).unwrap();
    records
        .iter()
        .map(|record| record["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn json_is_the_completed_records_oldest_first() {
    let sandbox = sandbox_with_november();
    let out = stdout_of(sandbox.cmd().arg("export"));
    assert!(out.starts_with("[\n  {\n"), "not pretty: {out}");
    let records = november();
    let expected = json!([records[3], records[1], records[0]]);
    assert_eq!(serde_json::from_str::<Value>(&out).unwrap(), expected);
    let out = stdout_of(sandbox.cmd().args(["export", "--format", "json"]));
    assert_eq!(serde_json::from_str::<Value>(&out).unwrap(), expected);
}

#[test]
fn jsonl_lines_are_the_source_files_records() {
    let sandbox = Sandbox::new();
    let mut sources = Vec::new();
    for record in november() {
        sources.push(save(&sandbox, &record));
    }
    let out = stdout_of(sandbox.cmd().args(["export", "--format", "jsonl", "--all"]));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    // Oldest first: the files were listed newest first.
    for (line, source) in lines.iter().zip(sources.iter().rev()) {
        assert!(!line.contains('\n') && line.starts_with('{'));
        let exported: Value = serde_json::from_str(line).unwrap();
        let original: Value =
            serde_json::from_str(&std::fs::read_to_string(source).unwrap()).unwrap();
        assert_eq!(exported, original, "{}", source.display());
    }
}

#[test]
fn csv_is_a_header_and_one_row_a_session() {
    let sandbox = sandbox_with_november();
    let out = stdout_of(sandbox.cmd().args(["export", "--format", "csv"]));
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "id",
            "started_at",
            "category",
            "prompt_id",
            "prompt",
            "story",
            "answer_s",
            "window_min_s",
            "window_max_s",
            "verdict",
            "s",
            "t",
            "a",
            "r",
            "total",
            "note",
            "outcome",
            "audio_file",
            "speaking_s",
            "first_word_s",
            "long_pauses",
            "follow_up",
            "follow_up_s",
            "follow_up_outcome"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3, "{out}");
    let row = |i: usize| rows[i].iter().collect::<Vec<_>>();
    assert_eq!(
        row(0),
        [
            "20261121-090000-cd34",
            "2026-11-21T09:00:00+01:00",
            "conflict",
            "conflict-one",
            "Tell me about a conflict inside your team.",
            "",
            "107.700",
            "120",
            "180",
            "short",
            "",
            "",
            "",
            "",
            "",
            "",
            "completed",
            "",
            "",
            "",
            "",
            "",
            "",
            ""
        ]
    );
    assert_eq!(
        row(1),
        [
            "20261123-073105-k3f9",
            "2026-11-23T07:31:05.120+01:00",
            "conflict",
            "conflict-one",
            "Tell me about a disagreement, and how it ended.",
            "Audit flag broke time entry",
            "161.234",
            "120",
            "180",
            "ok",
            "2",
            "1",
            "2",
            "2",
            "7",
            "Result too vague, say \"40%\".\nNumber first.",
            "completed",
            "",
            "",
            "",
            "",
            "",
            "",
            ""
        ]
    );
    assert_eq!(row(2)[9..15], ["over", "2", "", "1", "", "3"]);
    let aborted = stdout_of(sandbox.cmd().args(["export", "--format", "csv", "--all"]));
    assert!(aborted.contains(",aborted,"), "{aborted}");
}

#[test]
fn no_sessions_export_empty_documents_and_create_nothing() {
    let sandbox = Sandbox::new();
    for (format, expected) in [
        ("json", "[]\n"),
        ("jsonl", ""),
        (
            "csv",
            "id,started_at,category,prompt_id,prompt,story,answer_s,window_min_s,window_max_s,verdict,s,t,a,r,total,note,outcome,audio_file,speaking_s,first_word_s,long_pauses,follow_up,follow_up_s,follow_up_outcome\n",
        ),
    ] {
        let output = sandbox
            .cmd()
            .args(["export", "--format", format])
            .output()
            .unwrap();
        assert!(output.status.success(), "{format}");
        assert_eq!(
            String::from_utf8(output.stdout).unwrap(),
            expected,
            "{format}"
        );
        assert!(output.stderr.is_empty(), "{format}");
    }
    assert!(
        !sandbox.home().exists(),
        "exporting to stdout created the data home"
    );
}

#[test]
fn output_writes_a_private_file_and_replaces_an_existing_one() {
    let sandbox = sandbox_with_november();
    let path = sandbox.root().join("export.csv");
    std::fs::write(
        &path,
        "an older export, longer than the new one will be ".repeat(100),
    )
    .unwrap();
    let output = sandbox
        .cmd()
        .args(["export", "--format", "csv", "--output"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(output.stdout.is_empty());
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        format!("rehearse: exported 3 sessions to {}\n", path.display())
    );
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        written,
        stdout_of(sandbox.cmd().args(["export", "--format", "csv"]))
    );
    assert_eq!(mode(&path), 0o600);
    // Nothing else is left beside it.
    let names: Vec<_> = std::fs::read_dir(sandbox.root())
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");

    let output = sandbox
        .cmd()
        .args(["export", "-o"])
        .arg(&path)
        .args(["--since", "2026-11-24"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        format!("rehearse: exported 1 session to {}\n", path.display())
    );
    let records: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(records, json!([november()[0]]));
}

#[test]
fn a_missing_output_folder_is_bad_input_and_writes_nothing() {
    let sandbox = sandbox_with_november();
    let path = sandbox.root().join("no/such/folder/export.json");
    assert_bad_input(
        sandbox.cmd().args(["export", "--output"]).arg(&path),
        "no folder",
    );
    assert!(!sandbox.root().join("no").exists());
    // Also when a damaged record would otherwise warn: the error is the one line.
    sandbox.write(&record_path("20261120-000000-bad1"), "{ cut sh");
    assert_bad_input(
        sandbox.cmd().args(["export", "--output"]).arg(&path),
        "no folder",
    );
    assert!(!sandbox.root().join("no").exists());
}

#[test]
fn since_until_and_all_choose_the_sessions() {
    let sandbox = sandbox_with_november();
    assert_eq!(
        ids_for(&sandbox, &["--since", "2026-11-23"]),
        ["20261123-073105-k3f9", "20261124-181502-zq7d"]
    );
    assert_eq!(
        ids_for(&sandbox, &["--until", "2026-11-23"]),
        ["20261121-090000-cd34", "20261123-073105-k3f9"]
    );
    assert_eq!(
        ids_for(
            &sandbox,
            &["--since", "2026-11-22", "--until", "2026-11-23", "--all"]
        ),
        ["20261122-210000-ab12", "20261123-073105-k3f9"]
    );
    assert_eq!(
        ids_for(&sandbox, &["--all"]),
        [
            "20261121-090000-cd34",
            "20261122-210000-ab12",
            "20261123-073105-k3f9",
            "20261124-181502-zq7d"
        ]
    );
    assert_eq!(
        ids_for(&sandbox, &["--since", "2027-01-01"]),
        Vec::<String>::new()
    );
    assert_bad_input(
        sandbox
            .cmd()
            .args(["export", "--since", "2026-11-24", "--until", "2026-11-23"]),
        "is after --until",
    );
    assert_bad_input(
        sandbox.cmd().args(["export", "--since", "soon"]),
        "bad day 'soon' for --since",
    );
}

#[test]
fn a_damaged_record_is_named_and_left_out() {
    let sandbox = sandbox_with_november();
    let damaged = sandbox.write(&record_path("20261120-000000-bad1"), "{ cut sh");
    let output = sandbox
        .cmd()
        .args(["export", "--format", "jsonl"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("warning") && stderr.contains("20261120-000000-bad1.json"));
    assert_eq!(String::from_utf8(output.stdout).unwrap().lines().count(), 3);
    assert_eq!(std::fs::read_to_string(&damaged).unwrap(), "{ cut sh");
}
