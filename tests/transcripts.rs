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

/// A short story of the kind a person writes, and an answer that tells most of it.
const STORY: &str = "# Support queue rescue

Categories: conflict

## Situation
At Brightdesk the support queue was three days behind and customers were leaving.

## Task
My job was to get the first reply under one day before the renewal season.

## Action
I split the queue by product, wrote a triage guide with Priya and set up a daily review.

## Result
The first reply fell to six hours within a month and churn dropped by 12%.
";

const TOLD: &str = "At Brightdesk the support queue was three days behind and customers were \
    leaving. My job was to get the first reply under one day. So I split the queue by product \
    and wrote a triage guide with Priya. As a result the first reply fell to six hours within a \
    month.";

#[test]
fn the_record_keeps_the_speech_report_and_show_prints_it_with_the_words() {
    let sandbox = Sandbox::new();
    sandbox.write("stories/support-queue.md", STORY);
    save(
        &sandbox,
        &SessionBuilder::new("conflict-1")
            .at("2026-11-01T08:00:00+01:00")
            .id("20261101-080000-aaaa")
            .story("Support queue rescue")
            .json(),
    );
    stdout_of(
        sandbox
            .cmd()
            .args(["transcript", "aaaa", "--from", "-"])
            .write_stdin(TOLD),
    );
    let record: serde_json::Value =
        serde_json::from_str(&stdout_of(sandbox.cmd().args(["show", "aaaa", "--json"]))).unwrap();
    let speech = &record["speech"];
    assert_eq!(speech["words"], 51, "{speech}");
    assert_eq!(
        speech["fillers"]["total"], 1,
        "the sentence-opening 'So': {speech}"
    );
    assert_eq!(speech["result_has_number"], true);
    assert_eq!(speech["i_share"], 1.0);
    assert!(speech["wpm"].is_null(), "typed, unrecorded: no pace");
    assert!(
        speech.get("speaking_ms").is_none(),
        "no recording, no sound"
    );
    let points = &speech["talking_points"];
    let total = points["total"].as_u64().unwrap();
    let covered = points["covered"].as_u64().unwrap();
    let missed: Vec<&str> = points["missed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|text| text.as_str().unwrap())
        .collect();
    assert_eq!(covered + missed.len() as u64, total);
    // What the answer left out: the churn figure.
    assert!(missed.iter().any(|text| text.contains("12%")), "{missed:?}");
    assert!(
        !missed.iter().any(|text| text.contains("six hours")),
        "told: {missed:?}"
    );
    // Untimed, the parts have no times to be kept at; the words still mark them.
    assert!(record.get("parts_detected").is_none(), "{record}");

    let shown = stdout_of(sandbox.cmd().args(["show", "aaaa"]));
    assert!(shown.contains("speech    fillers: 1 (so 1)"), "{shown}");
    assert!(
        shown.contains(&format!(
            "story points: covered {covered} of {total}; missed:"
        )),
        "{shown}"
    );
    assert!(
        shown.contains("said      [Situation] At Brightdesk"),
        "{shown}"
    );
    assert!(shown.contains("[Result] As a result"), "{shown}");
}
