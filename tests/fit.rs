//! End-to-end: the list commands (`history`, `stories`, `prompts`) fit the width `COLUMNS`
//! gives, giving up their least important columns first, and `--wide` or a pipe without
//! `COLUMNS` shows everything whole.

mod common;

use common::{Sandbox, save, stdout_of};
use rehearse::domain::star::Part;
use rehearse::testkit::{SessionBuilder, story_file};
use unicode_width::UnicodeWidthStr;

const WIDTHS: [usize; 3] = [60, 80, 120];

const LONG_QUESTION: &str =
    "Tell me about a technical disagreement you were part of. How did the team reach a decision?";
const LONG_STORY: &str = "Disagreed with a senior engineer about the rollout plan";

/// Three answers with long questions and a long story title.
fn history_home() -> Sandbox {
    let sandbox = Sandbox::new();
    for (n, (prompt, category)) in [
        ("conflict-technical-disagreement", "conflict"),
        ("ambiguity-conflicting-stakeholders", "ambiguity"),
        ("mistake-biggest-failure", "mistake"),
    ]
    .into_iter()
    .enumerate()
    {
        let record = SessionBuilder::new(prompt)
            .id(&format!("20261124-18150{n}-zq7{n}"))
            .at(&format!("2026-11-24T18:15:0{n}+01:00"))
            .category(category)
            .text(LONG_QUESTION)
            .story(LONG_STORY)
            .scores("2122")
            .answer_ms(150_000);
        save(&sandbox, &record.json());
    }
    sandbox
}

fn at_width(sandbox: &Sandbox, width: usize, args: &[&str]) -> String {
    stdout_of(sandbox.cmd().env("COLUMNS", width.to_string()).args(args))
}

fn assert_fits(out: &str, width: usize) {
    for line in out.lines() {
        assert!(
            line.width() <= width,
            "{} columns at {width}: {line:?}\n{out}",
            line.width()
        );
    }
}

fn header(out: &str) -> Vec<&str> {
    out.lines()
        .next()
        .unwrap()
        .split("  ")
        .map(str::trim)
        .filter(|heading| !heading.is_empty())
        .collect()
}

#[test]
fn history_fits_60_80_and_120_columns_keeping_the_important_columns() {
    let sandbox = history_home();
    for width in WIDTHS {
        let out = at_width(&sandbox, width, &["history"]);
        assert_fits(&out, width);
        let headings = header(&out);
        for kept in ["date", "prompt", "time", "id"] {
            assert!(headings.contains(&kept), "{kept} lost at {width}:\n{out}");
        }
        // Every row still names its session, for `show` and `edit`.
        for tail in ["zq70", "zq71", "zq72"] {
            assert!(out.contains(tail), "{tail} at {width}:\n{out}");
        }
    }
    let wide = at_width(&sandbox, 120, &["history"]);
    for kept in ["category", "story", "verdict", "STAR", "S T A R"] {
        assert!(header(&wide).contains(&kept), "{kept} lost at 120:\n{wide}");
    }
    assert!(wide.contains("2026-11-24 18:15"), "{wide}");
    // At 60 the per-part scores and the category go first, and the question, which cannot
    // be read in the room left, gives way to its prompt's id.
    let narrow = at_width(&sandbox, 60, &["history"]);
    assert!(!header(&narrow).contains(&"S T A R"), "{narrow}");
    assert!(!header(&narrow).contains(&"category"), "{narrow}");
    assert!(narrow.contains("conflict-technical"), "{narrow}");
    assert!(!narrow.contains("Tell me about"), "{narrow}");
    assert!(narrow.contains("2026-11-24  "), "{narrow}");
}

#[test]
fn wide_and_a_pipe_without_columns_show_every_column_whole() {
    let sandbox = history_home();
    let wide = at_width(&sandbox, 60, &["history", "--wide"]);
    let piped = stdout_of(sandbox.cmd().arg("history"));
    for out in [&wide, &piped] {
        assert!(out.contains(LONG_QUESTION), "{out}");
        assert!(out.contains(LONG_STORY), "{out}");
        assert!(header(out).contains(&"S T A R"), "{out}");
    }
    assert_eq!(wide, piped);
}

#[test]
fn a_columns_value_that_is_no_width_is_ignored() {
    let sandbox = history_home();
    let out = stdout_of(sandbox.cmd().env("COLUMNS", "wide").arg("history"));
    assert!(out.contains(LONG_QUESTION), "{out}");
}

/// Stories whose titles read the same once cut: the list shows their file names.
#[test]
fn stories_fit_and_show_file_names_when_cut_titles_collide() {
    let sandbox = Sandbox::new();
    let situation = [(Part::Situation, "A release was due.")];
    for (slug, title) in [
        (
            "rollout-plan",
            "Disagreed with a senior engineer about the rollout plan",
        ),
        (
            "review-scope",
            "Disagreed with a senior engineer about the review scope",
        ),
        ("billing", "Billing export outage"),
    ] {
        sandbox.write(
            &format!("stories/{slug}.md"),
            &story_file(title, &["conflict", "mistake"], &situation),
        );
    }
    for width in [60, 80] {
        let out = at_width(&sandbox, width, &["stories"]);
        assert_fits(&out, width);
        for kept in ["title", "used", "file"] {
            assert!(
                header(&out).contains(&kept),
                "{kept} lost at {width}:\n{out}"
            );
        }
        for slug in ["rollout-plan", "review-scope", "billing"] {
            assert!(out.contains(slug), "{slug} at {width}:\n{out}");
        }
    }
    // At 120 the titles are whole and tell the stories apart themselves.
    let roomy = at_width(&sandbox, 120, &["stories"]);
    assert_fits(&roomy, 120);
    assert!(header(&roomy).contains(&"avg STAR"), "{roomy}");
    assert!(!header(&roomy).contains(&"file"), "{roomy}");
    assert!(roomy.contains("about the review scope"), "{roomy}");
    let wide = at_width(&sandbox, 60, &["stories", "--wide"]);
    assert!(
        wide.contains("Disagreed with a senior engineer about the rollout plan"),
        "{wide}"
    );
    assert!(!header(&wide).contains(&"file"), "{wide}");
}

#[test]
fn long_file_names_of_colliding_titles_still_fit_and_take_the_titles_place() {
    let sandbox = Sandbox::new();
    let situation = [(Part::Situation, "A release was due.")];
    let slugs = [
        "disagreed-with-a-senior-engineer-about-the-rollout-plan",
        "disagreed-with-a-senior-engineer-about-the-rollout-plan-2",
    ];
    for slug in slugs {
        sandbox.write(
            &format!("stories/{slug}.md"),
            &story_file(
                "Disagreed with a senior engineer about the rollout plan",
                &["conflict"],
                &situation,
            ),
        );
    }
    let out = at_width(&sandbox, 65, &["stories"]);
    assert_fits(&out, 65);
    assert!(header(&out).contains(&"file"), "{out}");
    assert!(!header(&out).contains(&"title"), "{out}");
    for slug in slugs {
        assert!(
            out.lines()
                .any(|line| line.split_whitespace().next() == Some(slug)),
            "{slug}:\n{out}"
        );
    }
}

#[test]
fn distinct_titles_need_no_file_names() {
    let sandbox = Sandbox::new();
    for (slug, title) in [
        ("audit", "Audit flag broke time entry"),
        ("billing", "Billing"),
    ] {
        sandbox.write(
            &format!("stories/{slug}.md"),
            &story_file(title, &["conflict"], &[]),
        );
    }
    let out = at_width(&sandbox, 60, &["stories"]);
    assert_fits(&out, 60);
    assert!(!header(&out).contains(&"file"), "{out}");
    assert!(out.contains("Audit flag broke"), "{out}");
}

#[test]
fn prompts_fit_with_every_id_whole() {
    let sandbox = Sandbox::new();
    let wide = stdout_of(sandbox.cmd().args(["prompts", "--json"]));
    let prompts: Vec<serde_json::Value> = serde_json::from_str(&wide).unwrap();
    for width in WIDTHS {
        let out = at_width(&sandbox, width, &["prompts"]);
        assert_fits(&out, width);
        for prompt in &prompts {
            let id = prompt["id"].as_str().unwrap();
            assert!(
                out.lines()
                    .any(|line| line.trim_start().starts_with(&format!("{id} "))),
                "{id} at {width}"
            );
        }
    }
    let whole = at_width(&sandbox, 60, &["prompts", "--wide"]);
    for prompt in &prompts {
        assert!(whole.contains(prompt["text"].as_str().unwrap()));
    }
}
