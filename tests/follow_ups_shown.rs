//! End-to-end: the follow-up a record holds is shown wherever its answer is: `show`,
//! `history`, the table after `drill --count`, and the CSV export.

mod common;

use common::{Sandbox, save, stdout_of};
use rehearse::testkit::SessionBuilder;

const PROBE: &str = "What would you do differently next time?";

/// One answer with a follow-up of 0:45.3, one without.
fn home() -> Sandbox {
    let sandbox = Sandbox::new();
    let probed = SessionBuilder::new("conflict-manager")
        .id("20261123-073105-k3f9")
        .at("2026-11-23T07:31:05+01:00")
        .answer_ms(150_000)
        .follow_up(PROBE, 45_300);
    let plain = SessionBuilder::new("mistake-work")
        .id("20261124-073105-zq7d")
        .at("2026-11-24T07:31:05+01:00")
        .answer_ms(140_000);
    save(&sandbox, &probed.json());
    save(&sandbox, &plain.json());
    sandbox
}

#[test]
fn show_gives_the_probe_and_its_answer_time() {
    let sandbox = home();
    let out = stdout_of(sandbox.cmd().args(["show", "k3f9"]));
    let line = out
        .lines()
        .position(|line| line.starts_with("follow-up"))
        .unwrap_or_else(|| panic!("no follow-up line:\n{out}"));
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[line].contains(PROBE), "{out}");
    assert_eq!(lines[line + 1].trim(), "answer 0:45.3", "{out}");
    let without = stdout_of(sandbox.cmd().args(["show", "zq7d"]));
    assert!(!without.contains("follow-up"), "{without}");
}

#[test]
fn history_has_a_follow_up_column_when_a_probe_was_asked() {
    let sandbox = home();
    let out = stdout_of(sandbox.cmd().arg("history"));
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].contains("follow-up"), "{out}");
    let after_time = |tail: &str, time: &str| -> String {
        let row = lines.iter().find(|line| line.ends_with(tail)).unwrap();
        let words: Vec<&str> = row.split_whitespace().collect();
        let at = words.iter().position(|word| *word == time).unwrap();
        words[at + 1].to_string()
    };
    assert_eq!(after_time("k3f9", "2:30"), "0:45.3", "{out}");
    assert_eq!(after_time("zq7d", "2:20"), "-", "{out}");
    // Without any probe the column is not there at all.
    let only_plain = stdout_of(sandbox.cmd().args(["history", "--since", "2026-11-24"]));
    assert!(!only_plain.contains("follow-up"), "{only_plain}");
}

#[test]
fn the_csv_adds_the_follow_up_after_the_existing_columns() {
    let sandbox = home();
    let out = stdout_of(sandbox.cmd().args(["export", "--format", "csv"]));
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header[..17].join(","),
        "id,started_at,category,prompt_id,prompt,story,answer_s,window_min_s,window_max_s,\
         verdict,s,t,a,r,total,note,outcome"
    );
    assert_eq!(
        header[header.len() - 3..],
        ["follow_up", "follow_up_s", "follow_up_outcome"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let probed = rows
        .iter()
        .find(|row| &row[0] == "20261123-073105-k3f9")
        .unwrap();
    let at = |name: &str| header.iter().position(|column| column == name).unwrap();
    assert_eq!(&probed[at("follow_up")], PROBE);
    assert_eq!(&probed[at("follow_up_s")], "45.300");
    assert_eq!(&probed[at("follow_up_outcome")], "completed");
    let plain = rows
        .iter()
        .find(|row| &row[0] == "20261124-073105-zq7d")
        .unwrap();
    assert_eq!(&plain[at("follow_up")], "");
}

#[test]
fn the_table_after_a_series_gives_each_follow_up_time() {
    let sandbox = Sandbox::new();
    let stdout = stdout_of(
        sandbox
            .cmd()
            .args([
                "drill",
                "--plain",
                "--count",
                "2",
                "--seed",
                "4",
                "--follow-ups",
                "--min",
                "0",
                "--max",
                "1s",
            ])
            .write_stdin("\n\n\n\n"),
    );
    let lines: Vec<&str> = stdout.lines().collect();
    let header = lines
        .iter()
        .rposition(|line| line.starts_with("prompt") && line.contains("verdict"))
        .unwrap_or_else(|| panic!("no table:\n{stdout}"));
    assert!(lines[header].ends_with("follow-up"), "{stdout}");
    for row in &lines[header + 1..header + 3] {
        // Each row ends in the follow-up's time in tenths, like `0:00.0`.
        let last = row.split_whitespace().last().unwrap();
        assert!(
            last.len() == 6 && last.as_bytes()[1] == b':' && last.as_bytes()[4] == b'.',
            "{row:?} in:\n{stdout}"
        );
    }
}
