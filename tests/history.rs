//! End-to-end: `history` and `show` over session files written straight into a sandbox home.

mod common;

use chrono::{DateTime, Duration, FixedOffset, Local, NaiveTime, TimeZone};
use common::{Sandbox, assert_bad_input, save, stdout_of};
use rehearse::domain::star::Part;
use rehearse::testkit::{SessionBuilder, record_path};
use serde_json::{Value, json};

/// Four answers in November 2026, newest first: over, in the window, aborted, short.
fn november() -> Vec<SessionBuilder> {
    vec![
        SessionBuilder::new("mistake-one")
            .id("20261124-181502-zq7d")
            .at("2026-11-24T18:15:02.500+01:00")
            .text("Describe a time you made a mistake at work.")
            .story("Wrong invoice batch")
            .scores("2011")
            .answer_ms(185_400),
        SessionBuilder::new("conflict-one")
            .id("20261123-073105-k3f9")
            .at("2026-11-23T07:31:05.120+01:00")
            .text("Tell me about a disagreement with your manager.")
            .story("Audit flag broke time entry")
            .scores("2122")
            .answer_ms(161_234),
        SessionBuilder::new("leadership-one")
            .id("20261122-210000-ab12")
            .at("2026-11-22T21:00:00+01:00")
            .text("Tell me about a time you led without authority.")
            .answer_ms(37_000)
            .aborted(),
        SessionBuilder::new("conflict-one")
            .id("20261121-090000-cd34")
            .at("2026-11-21T09:00:00+01:00")
            .text("Tell me about a conflict inside your team.")
            .story("On-call AUDIT rota")
            .answer_ms(107_700),
    ]
}

/// A sandbox holding the November answers, written oldest first so order comes from the store.
fn sandbox_with_november() -> Sandbox {
    let sandbox = Sandbox::new();
    for record in november().into_iter().rev() {
        save(&sandbox, &record.json());
    }
    sandbox
}

/// The ids of the rows `history --json` prints for these extra arguments.
fn ids_for(sandbox: &Sandbox, args: &[&str]) -> Vec<String> {
    let out = stdout_of(sandbox.cmd().arg("history").arg("--json").args(args));
    let records: Vec<Value> = serde_json::from_str(&out).unwrap();
    records
        .iter()
        .map(|record| record["id"].as_str().unwrap().to_string())
        .collect()
}

/// The table's rows without the header, as a pipe gets them.
fn rows(sandbox: &Sandbox, args: &[&str]) -> Vec<String> {
    let out = stdout_of(sandbox.cmd().arg("history").args(args));
    out.lines().skip(1).map(String::from).collect()
}

#[test]
fn history_lists_completed_sessions_newest_first_under_a_header() {
    let sandbox = sandbox_with_november();
    let out = stdout_of(sandbox.cmd().arg("history"));
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("date"), "{out}");
    for heading in [
        "category", "prompt", "story", "time", "verdict", "STAR", "S T A R", "id",
    ] {
        assert!(lines[0].contains(heading), "{heading} missing: {out}");
    }
    assert_eq!(lines.len(), 4, "{out}");
    assert!(lines[1].starts_with("2026-11-24 18:15  mistake"), "{out}");
    assert!(lines[2].starts_with("2026-11-23 07:31  conflict"), "{out}");
    assert!(lines[3].starts_with("2026-11-21 09:00  conflict"), "{out}");
    // Piped, the question is whole; the columns line up under their headings.
    assert!(
        lines[1].contains("Describe a time you made a mistake at work."),
        "{out}"
    );
    let story_column = lines[0].find("story").unwrap();
    assert_eq!(lines[2].find("Audit flag").unwrap(), story_column, "{out}");
    assert!(lines[2].ends_with("7/8  2 1 2 2  k3f9"), "{out}");
    assert!(lines[3].ends_with("  -  - - - -  cd34"), "{out}");
}

#[test]
fn verdicts_are_short_ok_over_and_aborted() {
    let sandbox = sandbox_with_november();
    let verdicts: Vec<String> = rows(&sandbox, &["--all"])
        .iter()
        .map(|row| {
            row.split_whitespace()
                .find(|word| ["short", "ok", "over", "aborted"].contains(word))
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(verdicts, ["over", "ok", "aborted", "short"]);
    let times: Vec<bool> = rows(&sandbox, &["--all"])
        .iter()
        .zip(["3:05", "2:41", "0:37", "1:47"])
        .map(|(row, time)| row.contains(&format!("  {time}  ")))
        .collect();
    assert_eq!(times, [true; 4]);
}

#[test]
fn since_and_until_take_dates_and_keep_whole_days() {
    let sandbox = sandbox_with_november();
    assert_eq!(
        ids_for(&sandbox, &["--since", "2026-11-23"]),
        ["20261124-181502-zq7d", "20261123-073105-k3f9"]
    );
    assert_eq!(
        ids_for(&sandbox, &["--until", "2026-11-23"]),
        ["20261123-073105-k3f9", "20261121-090000-cd34"]
    );
    assert_eq!(
        ids_for(
            &sandbox,
            &["--since", "2026-11-22", "--until", "2026-11-23", "--all"]
        ),
        ["20261123-073105-k3f9", "20261122-210000-ab12"]
    );
}

/// A start time `days_ago` days before the real today, at 12:00 local time.
fn days_ago(days_ago: i64) -> DateTime<FixedOffset> {
    // Noon keeps the record's own calendar day the same as the program's, whatever the zone.
    let day = Local::now().date_naive() - Duration::days(days_ago);
    let noon = day.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap());
    Local
        .from_local_datetime(&noon)
        .earliest()
        .unwrap()
        .fixed_offset()
}

#[test]
fn since_counts_relative_days_back_from_today() {
    let sandbox = Sandbox::new();
    let mut expected = Vec::new();
    for (ago, suffix) in [(2, "near"), (20, "away")] {
        let started = days_ago(ago);
        let id = format!("{}-{suffix}", started.format("%Y%m%d-%H%M%S"));
        let record = SessionBuilder::new("conflict-one")
            .id(&id)
            .at(&started.to_rfc3339())
            .text("Tell me about a disagreement.")
            .answer_ms(150_000);
        save(&sandbox, &record.json());
        expected.push(id);
    }
    // Margins of days on both sides, so a test run at midnight cannot change the answer.
    assert_eq!(ids_for(&sandbox, &["--since", "7d"]), [expected[0].clone()]);
    assert_eq!(ids_for(&sandbox, &["--since", "4w"]), expected);
    assert_eq!(ids_for(&sandbox, &["--until", "1w"]), [expected[1].clone()]);
    assert_eq!(rows(&sandbox, &["--since", "today"]), Vec::<String>::new());
}

#[test]
fn category_story_and_limit_narrow_the_list() {
    let sandbox = sandbox_with_november();
    assert_eq!(
        ids_for(&sandbox, &["--category", "conflict"]),
        ["20261123-073105-k3f9", "20261121-090000-cd34"]
    );
    assert_eq!(
        ids_for(
            &sandbox,
            &["--category", "mistake", "--category", "leadership", "--all"]
        ),
        ["20261124-181502-zq7d", "20261122-210000-ab12"]
    );
    // Any case, anywhere in the title; sessions without a story never match.
    assert_eq!(
        ids_for(&sandbox, &["--story", "audit"]),
        ["20261123-073105-k3f9", "20261121-090000-cd34"]
    );
    assert_eq!(
        ids_for(&sandbox, &["--limit", "2"]),
        ["20261124-181502-zq7d", "20261123-073105-k3f9"]
    );
    assert_eq!(
        ids_for(
            &sandbox,
            &["--limit", "2", "--category", "conflict", "--story", "ROTA"]
        ),
        ["20261121-090000-cd34"]
    );
    let table = rows(&sandbox, &["--limit", "1"]);
    assert_eq!(table.len(), 1);
    assert!(table[0].contains("mistake"), "{table:?}");
}

#[test]
fn all_includes_aborted_sessions() {
    let sandbox = sandbox_with_november();
    assert_eq!(ids_for(&sandbox, &[]).len(), 3);
    assert_eq!(
        ids_for(&sandbox, &["--all"]),
        [
            "20261124-181502-zq7d",
            "20261123-073105-k3f9",
            "20261122-210000-ab12",
            "20261121-090000-cd34"
        ]
    );
}

#[test]
fn json_prints_the_records_themselves_unknown_fields_included() {
    let sandbox = Sandbox::new();
    let mut answers = november();
    answers[1] = answers[1]
        .clone()
        .extra("mood", json!({"energy": 3, "tags": ["tired"]}))
        .prompt_extra("asked_as", json!("alternate 1"));
    let records: Vec<Value> = answers.into_iter().map(SessionBuilder::json).collect();
    for record in &records {
        save(&sandbox, record);
    }
    let out = stdout_of(sandbox.cmd().args(["history", "--json", "--all"]));
    let printed: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(printed, Value::Array(records.clone()));
    let out = stdout_of(sandbox.cmd().args(["history", "--json", "--story", "flag"]));
    assert_eq!(
        serde_json::from_str::<Value>(&out).unwrap(),
        json!([records[1]])
    );
}

#[test]
fn an_unknown_category_is_bad_input_listing_the_valid_ones() {
    let sandbox = sandbox_with_november();
    let custom = november()
        .remove(0)
        .id("20261120-080000-ee55")
        .category("salary-talks");
    save(&sandbox, &custom.json());
    assert_bad_input(
        sandbox.cmd().args(["history", "--category", "conflit"]),
        "unknown category 'conflit' (valid: ",
    );
    let output = sandbox
        .cmd()
        .args(["history", "--category", "conflit"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    // Both the bank's categories and those only sessions use are valid.
    assert!(
        stderr.contains("conflict")
            && stderr.contains("teamwork")
            && stderr.contains("salary-talks"),
        "{stderr}"
    );
    // A bank category nobody answered yet is fine: just no rows.
    assert_eq!(
        stdout_of(sandbox.cmd().args(["history", "--category", "teamwork"])),
        "no sessions match\n"
    );
    assert_eq!(
        ids_for(&sandbox, &["--category", "salary-talks"]),
        ["20261120-080000-ee55"]
    );
}

#[test]
fn no_sessions_says_how_to_start_and_creates_nothing() {
    let sandbox = Sandbox::new();
    let out = stdout_of(sandbox.cmd().arg("history"));
    assert_eq!(
        out,
        "no sessions yet: run `rehearse` to answer a question\n"
    );
    assert_eq!(
        stdout_of(sandbox.cmd().args(["history", "--json"])).trim(),
        "[]"
    );
    assert!(
        !sandbox.home().exists(),
        "a read-only command created the data home"
    );
}

#[test]
fn filters_that_remove_everything_say_so() {
    let sandbox = sandbox_with_november();
    assert_eq!(
        stdout_of(sandbox.cmd().args(["history", "--since", "2027-01-01"])),
        "no sessions match\n"
    );
    assert_eq!(
        stdout_of(sandbox.cmd().args(["history", "--category", "leadership"])),
        "no sessions match (1 aborted left out: add --all to see them)\n"
    );
    assert_eq!(
        stdout_of(
            sandbox
                .cmd()
                .args(["history", "--json", "--story", "nothing like it"])
        )
        .trim(),
        "[]"
    );
}

#[test]
fn since_after_until_and_a_bad_day_are_bad_input() {
    let sandbox = sandbox_with_november();
    assert_bad_input(
        sandbox
            .cmd()
            .args(["history", "--since", "2026-11-24", "--until", "2026-11-01"]),
        "is after --until",
    );
    assert_bad_input(
        sandbox.cmd().args(["history", "--since", "soon"]),
        "bad day 'soon' for --since",
    );
}

#[test]
fn a_damaged_file_is_named_once_and_left_alone() {
    let sandbox = sandbox_with_november();
    let damaged = "{ \"schema\": 1, \"id\": \"20261122-120000-bad0\", oops";
    let path = sandbox.write(&record_path("20261122-120000-bad0"), damaged);
    let output = sandbox.cmd().arg("history").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("warning") && stderr.contains(&path.display().to_string()),
        "{stderr}"
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 4, "{stdout}");
    assert_eq!(std::fs::read(&path).unwrap(), damaged.as_bytes());
}

#[test]
fn show_takes_a_full_id_or_a_unique_start_of_one() {
    let sandbox = sandbox_with_november();
    let full = stdout_of(sandbox.cmd().args(["show", "20261123-073105-k3f9"]));
    assert_eq!(stdout_of(sandbox.cmd().args(["show", "20261123"])), full);
    // The random tail that `history` shows in its id column works too.
    assert_eq!(stdout_of(sandbox.cmd().args(["show", "k3f9"])), full);
    for expected in [
        "session 20261123-073105-k3f9",
        "2026-11-23 07:31:05 +01:00",
        "conflict-one (conflict)",
        "Tell me about a disagreement with your manager.",
        "2:00 to 3:00",
        "2:41.2  in window",
        "Audit flag broke time entry",
        "Situation 2/2  Task 1/2  Action 2/2  Result 2/2  total 7/8",
        "sessions/2026/11/20261123-073105-k3f9.json",
        "fill in with: rehearse edit 20261123-073105-k3f9 --note ...",
    ] {
        assert!(
            full.contains(expected),
            "{expected:?} missing from:\n{full}"
        );
    }
    let short = stdout_of(sandbox.cmd().args(["show", "20261121"]));
    assert!(short.contains("1:47.7  short by 0:12.3"), "{short}");
    assert!(short.contains("--score 2,1,2,2"), "{short}");
    let over = stdout_of(sandbox.cmd().args(["show", "20261124"]));
    assert!(over.contains("3:05.4  over by 0:05.4"), "{over}");
}

#[test]
fn show_refuses_an_ambiguous_or_unknown_id() {
    let sandbox = sandbox_with_november();
    let twin = november().remove(1).id("20261123-073105-zzzz");
    save(&sandbox, &twin.json());
    assert_bad_input(
        sandbox.cmd().args(["show", "20261123-0731"]),
        "'20261123-0731' matches 2 sessions: 20261123-073105-k3f9, 20261123-073105-zzzz",
    );
    assert_bad_input(
        sandbox.cmd().args(["show", "1999"]),
        "no session with an id starting '1999'",
    );
}

#[test]
fn show_times_each_part_from_its_mark() {
    let sandbox = Sandbox::new();
    let marked = november()
        .remove(1)
        .mark(Part::Situation, 0)
        .mark(Part::Task, 20_500)
        .mark(Part::Action, 41_000)
        .mark(Part::Result, 130_000)
        .paused_ms(12_345);
    save(&sandbox, &marked.json());
    let out = stdout_of(sandbox.cmd().args(["show", "2026"]));
    for expected in [
        "Situation  started 0:00.0, ran 0:20.5 (13%)",
        "Task       started 0:20.5, ran 0:20.5 (13%)",
        "Action     started 0:41.0, ran 1:29.0 (55%)",
        "Result     started 2:10.0, ran 0:31.2 (19%)",
        "paused    0:12.3",
    ] {
        assert!(out.contains(expected), "{expected:?} missing from:\n{out}");
    }
}

#[test]
fn show_json_is_the_record() {
    let sandbox = Sandbox::new();
    let record = november().remove(0).extra("mood", json!("calm")).json();
    save(&sandbox, &record);
    let out = stdout_of(sandbox.cmd().args(["show", "--json", "20261124"]));
    assert_eq!(serde_json::from_str::<Value>(&out).unwrap(), record);
    assert!(out.starts_with("{\n  \""), "not pretty: {out}");
}
