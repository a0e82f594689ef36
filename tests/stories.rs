//! End-to-end: the story bank (`stories`, `show`, `add`, `coverage`, `import`) and the
//! `--story` links from `drill`, `log` and `edit`.

mod common;

use std::path::{Path, PathBuf};

use common::{Sandbox, assert_bad_input, mode, save, stdout_of};
use rehearse::domain::star::Part;
use rehearse::testkit::{SessionBuilder, story_file};
use serde_json::{Value, json};

const AUDIT: &str = "# Audit flag broke time entry\n\
                     \n\
                     Categories: mistake, Customer\n\
                     Tags: billing\n\
                     Summary: A flag I shipped broke time entry for 2,000 users.\n\
                     \n\
                     ## Situation\n\
                     We moved time entry behind a flag.\n\
                     \n\
                     - 2,000 users on the EU cluster\n\
                     \n\
                     ## Action\n\
                     Rolled it back in ten minutes.\n\
                     \n\
                     ## Result\n\
                     Nobody lost a timesheet.\n";

/// A home with two stories whose titles both start with "Au".
fn two_stories() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.write("stories/audit-flag.md", AUDIT);
    sandbox.write(
        "stories/auth-outage.md",
        &story_file(
            "Auth outage",
            &["ownership"],
            &[(Part::Situation, "Logins failed.")],
        ),
    );
    sandbox
}

/// The `n`th answer, to `prompt_id`, at 08:00 (UTC) on `day`, telling `story`.
fn told(n: usize, day: &str, prompt_id: &str, story: &str) -> SessionBuilder {
    SessionBuilder::new(prompt_id)
        .id(&format!("{}-0800{n:02}-t{n:03}", day.replace('-', "")))
        .at(&format!("{day}T08:00:{n:02}+00:00"))
        .text("A question?")
        .answer_ms(150_000 + n as u64 * 1000)
        .story(story)
}

fn practice(sandbox: &Sandbox) {
    let mistake = "mistake-biggest-failure";
    for record in [
        told(1, "2026-11-20", mistake, "Audit flag broke time entry").scores("2221"),
        told(
            2,
            "2026-11-23",
            "customer-unhappy",
            "audit FLAG broke time entry ",
        )
        .scores("2121"),
        told(3, "2026-11-22", mistake, "Audit flag broke time entry"),
        told(4, "2026-11-21", mistake, "Something else").scores("0000"),
    ] {
        save(sandbox, &record.json());
    }
}

fn json_of(cmd: &mut assert_cmd::Command) -> Value {
    serde_json::from_str(&stdout_of(cmd)).unwrap()
}

fn story_files(sandbox: &Sandbox) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(sandbox.home().join("stories")) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        // The bank's lock file and editing copies are not stories.
        .filter(|name| !name.starts_with('.'))
        .collect();
    names.sort();
    names
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/stories")
        .join(name)
}

#[test]
fn without_stories_the_list_says_how_to_start() {
    let sandbox = Sandbox::new();
    let out = stdout_of(sandbox.cmd().arg("stories"));
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        out.contains("rehearse stories add") && out.contains("rehearse stories import"),
        "{out}"
    );
    assert_eq!(
        json_of(sandbox.cmd().args(["stories", "--json"])),
        json!([])
    );
    assert!(!sandbox.home().exists(), "listing created the home");
}

#[test]
fn the_list_counts_the_sessions_that_told_each_story() {
    let sandbox = two_stories();
    practice(&sandbox);
    let out = stdout_of(sandbox.cmd().arg("stories"));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    for heading in [
        "title",
        "categories",
        "parts",
        "spoken",
        "used",
        "last used",
        "avg STAR",
    ] {
        assert!(lines[0].contains(heading), "{out}");
    }
    assert!(lines[1].starts_with("Audit flag broke time entry"), "{out}");
    for cell in [
        "mistake, customer",
        "S - A R -",
        "0:09",
        "3",
        "2026-11-23",
        "6.5",
    ] {
        assert!(lines[1].contains(cell), "{cell} in {out}");
    }
    assert!(lines[2].starts_with("Auth outage"), "{out}");
    for cell in ["ownership", "S - - - -", "0", "-"] {
        assert!(lines[2].contains(cell), "{cell} in {out}");
    }

    let listed = json_of(sandbox.cmd().args(["stories", "--json"]));
    assert_eq!(
        listed,
        json!([
            {
                "slug": "audit-flag", "title": "Audit flag broke time entry",
                "categories": ["mistake", "customer"], "tags": ["billing"],
                "summary": "A flag I shipped broke time entry for 2,000 users.",
                "parts_filled": ["S", "A", "R"], "words": 23, "spoken_s": 9,
                "used": 3, "last_used": "2026-11-23",
                "average_total": 6.5
            },
            {
                "slug": "auth-outage", "title": "Auth outage", "categories": ["ownership"],
                "tags": [], "summary": null, "parts_filled": ["S"], "words": 2,
                "spoken_s": 1, "used": 0,
                "last_used": null, "average_total": null
            }
        ])
    );
}

#[test]
fn an_unreadable_story_file_is_a_warning_and_the_rest_still_list() {
    let sandbox = two_stories();
    let path = sandbox.home().join("stories/broken.md");
    std::fs::write(&path, b"# \xff\xfe\n").unwrap();
    let output = sandbox.cmd().arg("stories").output().unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("broken.md: not UTF-8 text"), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&output.stdout).lines().count(), 3);
}

#[test]
fn show_finds_a_story_by_a_prefix_and_prints_its_card_and_practice() {
    let sandbox = two_stories();
    practice(&sandbox);
    for name in ["aud", "AUDIT FLAG", "audit-fl"] {
        let out = stdout_of(sandbox.cmd().args(["stories", "show", name]));
        assert!(out.starts_with("Audit flag broke time entry\n"), "{out}");
        for expected in [
            "categories  mistake, customer\n",
            "tags        billing\n",
            "summary     A flag I shipped broke time entry for 2,000 users.\n",
            "\nSituation  13 words, about 0:05\n  We moved time entry behind a flag.\n\n  - 2,000 users on the EU cluster\n",
            "\nTask\n  (not written yet)\n",
            "\nAction  6 words, about 0:02\n  Rolled it back in ten minutes.\n",
            "\nResult  4 words, about 0:02\n  Nobody lost a timesheet.\n",
            "\nLength\n  about 0:09 spoken; the window is 2:00-3:00: there is room to say more, most of all in Action (6 words, guide 55%)\n",
            "\nPractice\n",
            "used        3 times\n",
            "last used   2026-11-23\n",
            "STAR avg    6.5/8\n",
            "recent      2026-11-23  customer-unhappy          2:32  6/8\n",
            "            2026-11-22  mistake-biggest-failure   2:33  -\n",
            "            2026-11-20  mistake-biggest-failure   2:31  7/8\n",
        ] {
            assert!(out.contains(expected), "{expected:?} in\n{out}");
        }
    }
    let out = stdout_of(sandbox.cmd().args(["stories", "show", "auth"]));
    assert!(
        out.contains("not told yet: rehearse drill --story auth-outage"),
        "{out}"
    );
}

#[test]
fn show_refuses_an_ambiguous_or_unknown_name_in_one_line() {
    let sandbox = two_stories();
    assert_bad_input(
        sandbox.cmd().args(["stories", "show", "au"]),
        "'au' could be any of 2 stories: Audit flag broke time entry, Auth outage",
    );
    assert_bad_input(
        sandbox.cmd().args(["stories", "show", "zebra"]),
        "no story matches 'zebra'",
    );
    assert_bad_input(
        Sandbox::new().cmd().args(["stories", "show", "x"]),
        "you have no stories yet",
    );
}

#[test]
fn add_with_flags_writes_a_private_file_and_never_overwrites() {
    let sandbox = Sandbox::new();
    let add = |title: &str, extra: &[&str]| {
        let mut cmd = sandbox.cmd();
        cmd.args(["stories", "add", "--title", title]).args(extra);
        cmd
    };
    let out = stdout_of(&mut add(
        "Team reorg",
        &["--category", "leadership", "--category", "Conflict"],
    ));
    let path = sandbox.home().join("stories/team-reorg.md");
    assert_eq!(out, format!("{}\n", path.display()));
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        written,
        "# Team reorg\n\
         \n\
         Categories: leadership, conflict\n\
         Tags:\n\
         Summary:\n\
         \n\
         ## Situation\n\
         \n\
         ## Task\n\
         \n\
         ## Action\n\
         \n\
         ## Result\n\
         \n\
         ## Learning\n"
    );
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&sandbox.home().join("stories")), 0o700);

    // Another title with the same file name gets a file of its own.
    let out = stdout_of(&mut add("Team reorg!", &[]));
    assert!(out.trim_end().ends_with("stories/team-reorg-2.md"), "{out}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        written,
        "the first file changed"
    );
    assert_eq!(story_files(&sandbox), ["team-reorg-2.md", "team-reorg.md"]);
}

#[test]
fn add_refuses_bad_input_and_writes_nothing() {
    let sandbox = Sandbox::new();
    assert_bad_input(
        sandbox
            .cmd()
            .args(["stories", "add", "--title", "X", "--category", "conflit"]),
        "unknown category 'conflit' (valid: ambiguity, conflict, customer,",
    );
    assert_bad_input(
        sandbox.cmd().args(["stories", "add", "--title", "  "]),
        "--title is empty",
    );
    assert_bad_input(
        sandbox
            .cmd()
            .args(["stories", "add", "--category", "conflict"]),
        "give --title (and --category) to add a story without a terminal",
    );
    assert!(!sandbox.home().exists(), "bad input created the home");
}

#[test]
fn coverage_marks_which_story_answers_which_category_and_names_the_gaps() {
    let sandbox = two_stories();
    sandbox.write(
        "stories/loose.md",
        "# Loose end\n\nCategories: Mistake, side-quest\n",
    );
    let out = stdout_of(sandbox.cmd().args(["stories", "coverage"]));
    let row = |category: &str| {
        out.lines()
            .find(|line| line.starts_with(&format!("{category} ")))
            .unwrap_or_else(|| panic!("no row for {category} in\n{out}"))
            .to_string()
    };
    assert!(
        row("mistake").ends_with("2  Audit flag broke time entry, Loose end"),
        "{out}"
    );
    assert!(row("ownership").ends_with("1  Auth outage"), "{out}");
    assert!(row("conflict").ends_with("0  -"), "{out}");
    assert!(
        row("side-quest (not in the bank)").ends_with("1  Loose end"),
        "{out}"
    );
    let gaps = out.lines().last().unwrap();
    assert_eq!(
        gaps,
        "no story yet for: ambiguity, conflict, deadline, growth, hardest-problem, influence, \
         leadership, prioritization, teamwork"
    );

    let coverage = json_of(sandbox.cmd().args(["stories", "coverage", "--json"]));
    assert_eq!(coverage["gaps"].as_array().unwrap().len(), 9);
    let customer = coverage["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["category"] == "customer")
        .unwrap();
    assert_eq!(
        *customer,
        json!({"category": "customer", "in_bank": true,
               "stories": [{"slug": "audit-flag", "title": "Audit flag broke time entry"}]})
    );
    assert_eq!(coverage["uncategorised"], json!([]));
}

#[test]
fn import_dry_run_json_prints_the_stories_found_and_writes_nothing() {
    let sandbox = Sandbox::new();
    let notes = fixture("two_stories.md");
    let found = json_of(
        sandbox
            .cmd()
            .args(["stories", "import", "--dry-run", "--json"])
            .arg(&notes),
    );
    let file = notes.display().to_string();
    assert_eq!(
        found,
        json!([
            {
                "title": "Disagreed with your manager",
                "categories": ["conflict"],
                "source": {"file": file, "line": 5},
                "question": "Tell me about a time you disagreed with your manager",
                "alternates": [],
                "parts": {
                    "S": "My manager wanted to ship the billing migration before the holidays.",
                    "T": "I owned the rollout plan.",
                    "A": "- Ran the migration against a copy of December's data\n- Showed the three invoices it got wrong",
                    "R": "We shipped in January with zero billing errors."
                },
                "follow_ups": [],
                "warnings": []
            },
            {
                "title": "What's the biggest mistake you've made at work",
                "categories": ["mistake"],
                "source": {"file": file, "line": 16},
                "question": "What's the biggest mistake you've made at work?",
                "alternates": [],
                "parts": {
                    "S": "A CSV export I owned silently truncated invoices over 1,000 lines.",
                    "A": "Wrote the incident report the same day and added a row-count check.",
                    "R": "No repeat in 18 months."
                },
                "follow_ups": [],
                "warnings": ["no Task found"]
            }
        ])
    );
    let summary = stdout_of(
        sandbox
            .cmd()
            .args(["stories", "import", "--dry-run"])
            .arg(&notes),
    );
    for expected in [
        "Disagreed with your manager\n  categories  conflict\n",
        &format!("  from        {file}:5\n"),
        "  parts       S - A R -\n",
        "  warning     no Task found\n",
        "stories/whats-the-biggest-mistake-youve-made-at-work.md\n",
        "2 stories found in 1 file; nothing written (dry run)",
    ] {
        assert!(summary.contains(expected), "{expected:?} in\n{summary}");
    }
    assert!(!sandbox.home().exists(), "a dry run wrote something");
}

#[test]
fn import_writes_one_file_a_story_and_never_overwrites() {
    let sandbox = Sandbox::new();
    let notes = fixture("two_stories.md");
    let output = sandbox
        .cmd()
        .args(["stories", "import"])
        .arg(&notes)
        .output()
        .unwrap();
    assert!(output.status.success());
    let stories_dir = sandbox.home().join("stories");
    let first = stories_dir.join("disagreed-with-your-manager.md");
    let second = stories_dir.join("whats-the-biggest-mistake-youve-made-at-work.md");
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        format!("{}\n{}\n", first.display(), second.display())
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(":16 (What's the biggest mistake you've made at work): no Task found"),
        "{stderr}"
    );
    let written = std::fs::read_to_string(&first).unwrap();
    assert!(
        written.starts_with(
            "# Disagreed with your manager\n\nCategories: conflict\nTags:\nSummary:\n\
             Question: Tell me about a time you disagreed with your manager\n\n## Situation\n\n\
             My manager wanted to ship"
        ),
        "{written}"
    );
    assert!(
        written.contains(
            "## Action\n\n- Ran the migration against a copy of December's data\n- Showed"
        ),
        "{written}"
    );
    assert_eq!(mode(&first), 0o600);

    let listed = json_of(sandbox.cmd().args(["stories", "--json"]));
    let titles: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Disagreed with your manager",
            "What's the biggest mistake you've made at work"
        ]
    );
    assert_eq!(listed[1]["parts_filled"], json!(["S", "A", "R"]));

    // Again: a story edited since gets a new file beside the old one, which stays as it
    // was; a story unchanged since is skipped.
    std::fs::write(
        &first,
        "# Disagreed with your manager\n\n## Result\nMy own edit.\n",
    )
    .unwrap();
    let output = sandbox
        .cmd()
        .args(["stories", "import"])
        .arg(&notes)
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("'Disagreed with your manager' is in disagreed-with-your-manager.md already with other text; this version is 'Disagreed with your manager (2)', in a file of its own"),
        "{stderr}"
    );
    assert!(
        stderr.contains("'What's the biggest mistake you've made at work' is in whats-the-biggest-mistake-youve-made-at-work.md already, unchanged: skipped"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("no Task found"),
        "a skipped story is not warned about again: {stderr}"
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        stories_dir
            .join("disagreed-with-your-manager-2.md")
            .display()
            .to_string()
    );
    assert_eq!(
        std::fs::read_to_string(&first).unwrap(),
        "# Disagreed with your manager\n\n## Result\nMy own edit.\n"
    );
    assert_eq!(
        story_files(&sandbox),
        [
            "disagreed-with-your-manager-2.md",
            "disagreed-with-your-manager.md",
            "whats-the-biggest-mistake-youve-made-at-work.md",
        ]
    );
}

#[test]
fn import_of_a_missing_file_is_one_line_and_writes_nothing() {
    let sandbox = Sandbox::new();
    assert_bad_input(
        sandbox
            .cmd()
            .args(["stories", "import"])
            .arg(fixture("two_stories.md"))
            .arg("no-such-notes.md"),
        "cannot read notes no-such-notes.md: no such file",
    );
    assert!(!sandbox.home().exists(), "a failed import wrote something");
}

/// The single session record in the sandbox.
fn only_record(sandbox: &Sandbox) -> Value {
    let found = sandbox.record_files();
    assert_eq!(found.len(), 1, "{found:?}");
    serde_json::from_str(&std::fs::read_to_string(&found[0]).unwrap()).unwrap()
}

fn plain_drill(sandbox: &Sandbox, story: &str) -> std::process::Output {
    plain_drill_with(sandbox, "--story", story)
}

fn plain_drill_with(sandbox: &Sandbox, flag: &str, story: &str) -> std::process::Output {
    sandbox
        .cmd()
        .args([
            "drill",
            "--plain",
            "--prompt",
            "conflict-manager",
            "--min",
            "0",
            "--max",
            "1s",
        ])
        .args([flag, story])
        .write_stdin("\n")
        .output()
        .unwrap()
}

#[test]
fn drill_story_takes_a_prefix_and_records_the_full_title() {
    let sandbox = two_stories();
    let output = plain_drill(&sandbox, "audit");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        only_record(&sandbox)["story"],
        "Audit flag broke time entry"
    );
    assert_eq!(story_files(&sandbox), ["audit-flag.md", "auth-outage.md"]);
}

#[test]
fn an_ambiguous_drill_story_stops_before_the_answer() {
    let sandbox = two_stories();
    let output = plain_drill(&sandbox, "au");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("could be any of 2 stories: Audit flag broke time entry, Auth outage"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty(), "the question was asked");
    assert!(!sandbox.home().join("sessions").exists());
}

#[test]
fn a_new_drill_story_starts_a_bare_story_file() {
    let sandbox = Sandbox::new();
    let output = plain_drill_with(&sandbox, "--new-story", "Brand new title");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(only_record(&sandbox)["story"], "Brand new title");
    let path = sandbox.home().join("stories/brand-new-title.md");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with("# Brand new title\n\nCategories: conflict\n"),
        "{text}"
    );
    assert_eq!(mode(&path), 0o600);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("new story file"), "{stderr}");

    // The next time, the title finds the file, by any prefix, and nothing new is written.
    let out = stdout_of(sandbox.cmd().args([
        "log",
        "--prompt",
        "mistake-biggest-failure",
        "--duration",
        "2m",
        "--story",
        "brand",
    ]));
    assert!(out.contains("mistake-biggest-failure"), "{out}");
    assert_eq!(story_files(&sandbox), ["brand-new-title.md"]);
}

#[test]
fn a_story_that_is_not_there_is_a_typo_not_a_new_file() {
    let sandbox = two_stories();
    let output = plain_drill(&sandbox, "Auth outgae");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr.trim(),
        "rehearse: no story 'Auth outgae' (did you mean 'Auth outage'?); to start a new one, give --new-story TITLE"
    );
    assert!(output.stdout.is_empty(), "the question was asked");
    assert_eq!(story_files(&sandbox), ["audit-flag.md", "auth-outage.md"]);
    assert!(!sandbox.home().join("sessions").exists());
    // A title told before, with no file, is a story there is.
    stdout_of(sandbox.cmd().args([
        "log",
        "--prompt",
        "mistake-biggest-failure",
        "--duration",
        "2m",
        "--new-story",
        "Old war story",
    ]));
    std::fs::remove_file(sandbox.home().join("stories/old-war-story.md")).unwrap();
    stdout_of(sandbox.cmd().args([
        "log",
        "--prompt",
        "mistake-biggest-failure",
        "--duration",
        "2m",
        "--story",
        "old war STORY",
    ]));
    assert_eq!(story_files(&sandbox), ["audit-flag.md", "auth-outage.md"]);
}

#[test]
fn log_and_edit_link_stories_the_same_way() {
    let sandbox = two_stories();
    let log = |story: &str| {
        let mut cmd = sandbox.cmd();
        cmd.args([
            "log",
            "--prompt",
            "mistake-biggest-failure",
            "--duration",
            "2m",
            "--story",
            story,
        ]);
        cmd
    };
    assert_bad_input(&mut log("AU"), "'AU' could be any of 2 stories");
    assert!(!sandbox.home().join("sessions").exists());
    stdout_of(&mut log("auth"));
    let record = only_record(&sandbox);
    assert_eq!(record["story"], "Auth outage");
    let id = record["id"].as_str().unwrap().to_string();

    stdout_of(
        sandbox
            .cmd()
            .args(["edit", &id, "--new-story", "A fresh one"]),
    );
    assert_eq!(only_record(&sandbox)["story"], "A fresh one");
    let fresh = std::fs::read_to_string(sandbox.home().join("stories/a-fresh-one.md")).unwrap();
    assert!(
        fresh.starts_with("# A fresh one\n\nCategories: mistake\n"),
        "{fresh}"
    );

    assert_bad_input(
        sandbox.cmd().args(["edit", &id, "--story", "a"]),
        "could be any of 3 stories",
    );
    assert_eq!(only_record(&sandbox)["story"], "A fresh one");
    stdout_of(sandbox.cmd().args(["edit", &id, "--story", "audit-f"]));
    assert_eq!(
        only_record(&sandbox)["story"],
        "Audit flag broke time entry"
    );
    stdout_of(sandbox.cmd().args(["edit", &id, "--story", ""]));
    assert_eq!(only_record(&sandbox)["story"], Value::Null);
    assert_eq!(
        story_files(&sandbox),
        ["a-fresh-one.md", "audit-flag.md", "auth-outage.md"]
    );
}

#[test]
fn practising_named_stories_asks_questions_they_answer_and_records_them() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "stories/shipped-late.md",
        "# Shipped the audit late\n\nCategories: mistake\n\n## Situation\nThe audit export was due Friday.\n",
    );
    sandbox.write(
        "stories/smaller-rewrite.md",
        "# Argued for the smaller rewrite\n\nCategories: conflict\n\n## Action\nI showed the incident counts.\n",
    );
    let output = sandbox
        .cmd()
        .args([
            "drill",
            "--plain",
            "--min",
            "0",
            "--max",
            "1s",
            "--no-review",
        ])
        .args(["--story", "shipped", "--story", "argued"])
        .write_stdin("\n\n")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let mut told: Vec<(String, String)> = sandbox
        .record_files()
        .iter()
        .map(|path| {
            let record: Value =
                serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
            (
                record["prompt"]["category"].as_str().unwrap().to_string(),
                record["story"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    told.sort();
    assert_eq!(
        told,
        [
            (
                "conflict".to_string(),
                "Argued for the smaller rewrite".to_string()
            ),
            ("mistake".to_string(), "Shipped the audit late".to_string()),
        ]
    );
    assert!(stderr.contains("today's plan"), "{stderr}");
    assert!(!stderr.contains("names no category"), "{stderr}");
}

#[test]
fn story_drill_flags_that_cannot_go_together_are_one_line_and_read_nothing() {
    let sandbox = Sandbox::new();
    assert_bad_input(
        sandbox.cmd().args([
            "drill", "--plain", "--story", "a", "--story", "b", "--count", "2",
        ]),
        "several --story flags ask one question each; leave out --count",
    );
    assert_bad_input(
        sandbox
            .cmd()
            .args(["drill", "--plain", "--prompt", "conflict-manager"])
            .args(["--story", "a", "--story", "b"]),
        "give --story once",
    );
    assert_bad_input(
        sandbox
            .cmd()
            .args(["log", "--prompt", "conflict-manager", "--duration", "2m"])
            .args(["--story", "a", "--story", "b"]),
        "--story names the one story of this answer; give it once",
    );
    assert!(!sandbox.home().exists(), "a refused drill wrote something");
}

#[test]
fn a_plan_drill_runs_the_plan_and_a_done_plan_asks_nothing() {
    let sandbox = Sandbox::new();
    let output = sandbox
        .cmd()
        .args([
            "drill", "--plain", "--plan", "--count", "2", "--min", "0", "--max", "1s",
        ])
        .args(["--no-review"])
        .write_stdin("\n\n")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(sandbox.record_files().len(), 2, "{stderr}");
    assert!(
        stderr.contains("today's plan is done (2 of 2)"),
        "the plan of 2 is counted as 2: {stderr}"
    );
    let again = sandbox
        .cmd()
        .args(["drill", "--plain", "--plan", "--count", "2"])
        .write_stdin("\n")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(again.status.success(), "{stderr}");
    assert!(stderr.contains("today's plan is done"), "{stderr}");
    assert_eq!(sandbox.record_files().len(), 2, "nothing more was asked");
}

#[test]
fn a_story_of_no_bank_category_is_practised_on_any_question_and_says_so() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "stories/offsite.md",
        "# Ran the offsite\n\nCategories: events\n\n## Action\nI booked the rooms.\n",
    );
    let output = sandbox
        .cmd()
        .args([
            "drill",
            "--plain",
            "--min",
            "0",
            "--max",
            "1s",
            "--no-review",
        ])
        .args(["--story", "offsite"])
        .write_stdin("\n")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "'Ran the offsite' names no category of the prompt bank (events): any question will do"
        ),
        "{stderr}"
    );
    assert_eq!(only_record(&sandbox)["story"], "Ran the offsite");
}
