//! A transcript the person typed: kept beside the record, shown with its fillers and part
//! starts marked, and measured, with no recording and no speech model.

mod common;

use common::{Sandbox, assert_bad_input, save, stdout_of};
use rehearse::testkit::{SessionBuilder, record_path};

fn sandbox_with_session() -> Sandbox {
    let sandbox = Sandbox::new();
    save(
        &sandbox,
        &SessionBuilder::new("conflict-1")
            .at("2026-11-01T08:00:00+01:00")
            .id("20261101-080000-aaaa")
            .json(),
    );
    sandbox
}

const ANSWER: &str = "So, um, at my last job the support queue was, like, three days behind. \
    My job was to get it under a day. I think we, uh, basically changed everything. What I did \
    was split the queue by product and I wrote the triage guide. As a result the wait fell to \
    six hours within a month.";

#[test]
fn a_typed_transcript_is_kept_and_read_back_with_its_fillers_and_parts_marked() {
    let sandbox = sandbox_with_session();
    let typed = sandbox.root().join("answer.txt");
    std::fs::write(&typed, ANSWER).unwrap();
    let out = stdout_of(
        sandbox
            .cmd()
            .args(["transcript", "aaaa", "--from"])
            .arg(&typed),
    );
    assert!(
        out.starts_with("*So,* *um,* [Situation] at my last job"),
        "{out}"
    );
    assert!(out.contains("[Result] As a result the wait fell"), "{out}");
    assert!(
        out.contains("fillers: 5 (basically 1, like 1, so 1, uh 1, um 1)"),
        "{out}"
    );
    assert!(out.contains("hedges: 1 (i think 1)"), "{out}");
    assert!(out.contains("result: states a figure"), "{out}");
    let file = sandbox
        .home()
        .join(record_path("20261101-080000-aaaa").replace(".json", ".transcript.json"));
    assert_eq!(common::mode(&file), 0o600);
    let record: serde_json::Value =
        serde_json::from_str(&stdout_of(sandbox.cmd().args(["show", "aaaa", "--json"]))).unwrap();
    assert_eq!(record["transcript"]["model"], "typed");
    assert_eq!(record["transcript"]["words"], 57);
    // Read back later without --from, the same.
    assert_eq!(stdout_of(sandbox.cmd().args(["transcript", "aaaa"])), out);
}

#[test]
fn a_transcript_comes_from_standard_input_and_nothing_is_kept_from_an_empty_one() {
    let sandbox = sandbox_with_session();
    assert_bad_input(
        sandbox.cmd().args(["transcript", "aaaa"]),
        "has no transcript",
    );
    let before = sandbox.record_files();
    assert_bad_input(
        sandbox
            .cmd()
            .args(["transcript", "aaaa", "--from", "-"])
            .write_stdin(" \n\t\n"),
        "standard input holds no words",
    );
    assert_bad_input(
        sandbox
            .cmd()
            .args(["transcript", "aaaa", "--from", "-"])
            .write_stdin(vec![0xff, 0xfe, b'a']),
        "not UTF-8",
    );
    assert_eq!(sandbox.record_files(), before, "nothing written");
    let out = stdout_of(
        sandbox
            .cmd()
            .args(["transcript", "aaaa", "--from", "-"])
            .write_stdin("We shipped it. We were happy."),
    );
    assert!(out.contains("ownership: \"I\" in 0% of I and we"), "{out}");
}
