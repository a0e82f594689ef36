//! The importer on notes of every kind, from the fixtures in `tests/fixtures/notes`.

use super::lines::{Kind, classify};
use super::questions::{MAX_TITLE, shorten, title_from_question};
use super::*;
use crate::domain::star::Part;
use crate::testkit::builtin_category_words;
use proptest::prelude::*;

const NO_LABELS_SPLIT: &str = finish::NO_LABELS;

/// PartTexts from `(letter, text)` pairs, to compare whole stories at a glance.
fn parts(pairs: &[(&str, &str)]) -> PartTexts {
    let mut parts = PartTexts::default();
    for (letter, text) in pairs {
        let slot = Part::from_letter(letter.chars().next().unwrap())
            .unwrap_or_else(|| panic!("no part {letter}"));
        parts[slot] = Some(text.to_string());
    }
    parts
}

/// The stories of `text`, with the built-in category words.
fn stories_of(file: &str, text: &str) -> Vec<ImportedStory> {
    import_notes(file, text, &builtin_category_words()).stories
}

fn only_story(file: &str, text: &str) -> ImportedStory {
    let mut stories = stories_of(file, text);
    assert_eq!(stories.len(), 1, "{stories:#?}");
    stories.remove(0)
}

fn titles(stories: &[ImportedStory]) -> Vec<&str> {
    stories.iter().map(|story| story.title.as_str()).collect()
}

#[test]
fn bold_labels_in_every_decoration() {
    let story = only_story(
        "bold_labels.md",
        include_str!("../../../tests/fixtures/notes/bold_labels.md"),
    );
    assert_eq!(story.title, "Flaky checkout tests");
    assert_eq!(
        story.source.line, 3,
        "the story starts at its question, named by the heading"
    );
    assert_eq!(
        story.question.as_deref(),
        Some("Tell me about a time you took ownership of something nobody else wanted.")
    );
    assert_eq!(story.categories, ["ownership"]);
    assert_eq!(
        story.parts,
        parts(&[
            (
                "S",
                "Our checkout suite failed about one run in five, and everyone had learnt to hit \"retry\"."
            ),
            (
                "T",
                "Nobody owned the suite, so I volunteered to get it green and keep it green."
            ),
            (
                "A",
                "I tagged every flaky test for a week and grouped the failures by cause.\nMost came from shared fixtures leaking state between tests."
            ),
            ("R", "Flake rate went from 20% to under 1% in three weeks."),
            (
                "L",
                "Boring reliability work is visible work if you publish the numbers."
            ),
        ])
    );
    assert!(story.warnings.is_empty(), "{:?}", story.warnings);
}

#[test]
fn heading_labels_in_any_case_with_text_after_a_colon() {
    let story = only_story(
        "heading_labels.md",
        include_str!("../../../tests/fixtures/notes/heading_labels.md"),
    );
    assert_eq!(story.title, "Search latency rewrite");
    assert_eq!(
        story.question.as_deref(),
        Some("What's the hardest technical problem you've solved?")
    );
    assert_eq!(story.categories, ["hardest-problem"]);
    assert_eq!(
        story.parts[Part::Task].as_deref(),
        Some("Get p95 under 800 ms without buying a bigger cluster.")
    );
    assert_eq!(
        story.parts[Part::Action].as_deref(),
        Some(
            "- Profiled the slow queries and found N+1 lookups for the facet counts.\n\
             - Moved the facet counts into a materialised view refreshed every ten minutes.\n  \
             - kept the old path behind a flag for a week"
        )
    );
    assert_eq!(
        story.parts[Part::Result].as_deref(),
        Some(
            "cut p95 by 40% in the first week\nIt reached 650 ms once the view shipped everywhere."
        )
    );
    assert_eq!(story.parts[Part::Learning], None);
    assert!(
        story.warnings.is_empty(),
        "Learning is optional: {:?}",
        story.warnings
    );
}

#[test]
fn plain_colon_labels_spaced_shouted_or_alone() {
    let story = only_story(
        "colon_labels.txt",
        include_str!("../../../tests/fixtures/notes/colon_labels.txt"),
    );
    assert_eq!(
        story.question.as_deref(),
        Some("tell me about a time you had to deliver under a tight deadline")
    );
    assert_eq!(story.title, "Had to deliver under a tight deadline");
    assert_eq!(story.categories, ["deadline"]);
    assert_eq!(
        story.source,
        Source {
            file: "colon_labels.txt".into(),
            line: 1
        }
    );
    assert_eq!(
        story.parts,
        parts(&[
            (
                "S",
                "Two weeks before the Black Friday freeze, legal told us the cookie banner had to change in every market."
            ),
            (
                "T",
                "Ship the new consent flow to 14 storefronts before the freeze."
            ),
            (
                "A",
                "Split the storefronts between three pairs of engineers.\nWrote one shared config instead of fourteen copies."
            ),
            (
                "R",
                "cut the rollout from a planned 10 days to 4, and we shipped two days early."
            ),
            (
                "L",
                "Ask legal for the final wording before estimating, not after."
            ),
        ])
    );
    assert!(story.warnings.is_empty(), "{:?}", story.warnings);
}

#[test]
fn misspelt_labels_count_but_ordinary_words_stay_text() {
    let story = only_story(
        "typos.txt",
        include_str!("../../../tests/fixtures/notes/typos.txt"),
    );
    assert_eq!(story.title, "Made a mistake that affected a customer");
    assert_eq!(story.categories, ["customer", "mistake"]);
    assert_eq!(
        story.parts,
        parts(&[
            (
                "S",
                "I pushed a config change that turned on strict audit mode for every tenant, not only the pilot.\n\
                 Reaction: 40 support tickets in the first hour."
            ),
            (
                "T",
                "Stop the bleeding, then tell the affected customers before they told us."
            ),
            (
                "A",
                "- rolled the flag back within 20 minutes\n\
                 - wrote to each affected customer myself\n\
                 Note: the rollback script had never been run in production."
            ),
            (
                "R",
                "no data was lost; two customers asked for a post-mortem and both renewed.\n\
                 Action items: the post-mortem went to every team lead.\n\
                 Results were checked by hand for a week."
            ),
            ("L", "feature flags need a tenant allow-list by default."),
        ])
    );
    assert!(story.warnings.is_empty(), "{:?}", story.warnings);
}

#[test]
fn label_recognition_is_strict_about_where_a_word_sits() {
    let kind = |line: &str| match &classify(line)[0].kind {
        Kind::Label { label, rest, .. } => {
            let letters: String = label.parts.iter().map(|part| part.letter()).collect();
            format!("{letters} {rest}").trim_end().to_string()
        }
        _ => "text".to_string(),
    };
    for (line, expected) in [
        ("ACtion", "A"),
        ("Acton :", "A"),
        ("Situtation", "S"),
        ("**Reslt:** shipped", "R shipped"),
        ("### Lessons learned", "L"),
        ("S: we had", "S we had"),
        ("- Result: cut p95", "R cut p95"),
        ("- S: this", "S this"),
        ("Impact", "R"),
        ("Goal", "T"),
        ("- Goal: reduce churn", "T reduce churn"),
    ] {
        assert_eq!(kind(line), expected, "{line}");
    }
    // A letter alone, role words in a list, and ordinary words before a colon are text.
    for text in [
        "S",
        "- Goal",
        "  - Result: nested",
        "    Result: indented code",
        "Talk: 20 minutes at the all-hands",
        "Station: Paddington",
        "Reaction: relief",
        "Results came in slowly",
        "*Result* of the test was clear",
        "Task force: three people",
        "Action items: none",
    ] {
        assert_eq!(kind(text), "text", "{text}");
    }
}

#[test]
fn questions_in_every_style_start_stories_and_guess_categories() {
    let stories = stories_of(
        "question_styles.md",
        include_str!("../../../tests/fixtures/notes/question_styles.md"),
    );
    let summary: Vec<(&str, usize, Vec<&str>)> = stories
        .iter()
        .map(|story| {
            (
                story.title.as_str(),
                story.source.line,
                story.categories.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("Disagreed with your manager", 3, vec!["conflict"]),
            (
                "Had to persuade a skeptical stakeholder",
                9,
                vec!["influence"]
            ),
            ("Failed to hit a goal", 14, vec!["mistake"]),
            (
                "How do you handle competing priorities",
                19,
                vec!["prioritization"]
            ),
            ("Mentored someone", 24, vec!["leadership"]),
            (
                "The requirements were ambiguous and the deadline kept moving",
                29,
                vec!["ambiguity", "deadline"]
            ),
        ]
    );
    let questions: Vec<Option<&str>> = stories
        .iter()
        .map(|story| story.question.as_deref())
        .collect();
    assert_eq!(
        questions,
        [
            Some("Tell me about a time you disagreed with your manager."),
            Some("Describe a situation where you had to persuade a skeptical stakeholder"),
            Some("Tell me about a time you failed to hit a goal?"),
            Some("How do you handle competing priorities?"),
            Some("Give me an example of a time you mentored someone"),
            Some(
                "Walk me through a time when the requirements were ambiguous and the deadline kept moving?"
            ),
        ]
    );
    assert_eq!(
        stories[2].parts,
        parts(&[
            ("S", "I committed to migrating 30 services in a quarter."),
            ("R", "We finished 18."),
            ("L", "Estimate from the slowest migration, not the average."),
        ])
    );
    assert_eq!(stories[2].warnings, ["no Task found", "no Action found"]);
    assert!(stories[0].warnings.is_empty());
}

#[test]
fn guessed_categories_follow_the_bank() {
    let words = builtin_category_words();
    let guess = |text: &str| words.guess(text);
    assert_eq!(guess("Tell me about a conflict"), ["conflict"]);
    assert_eq!(
        guess("Tell me about a time you got feedback from a customer"),
        ["customer"]
    );
    assert_eq!(
        guess("Tell me about feedback you received from your manager"),
        ["growth"]
    );
    assert_eq!(
        guess("What's the toughest challenge you faced?"),
        ["hardest-problem"]
    );
    assert_eq!(
        guess("A time you had to prioritise under time pressure"),
        ["deadline", "prioritization"]
    );
    assert_eq!(
        guess("Convince your team to take responsibility"),
        ["influence", "ownership", "teamwork"]
    );
    assert_eq!(
        guess("Tell me about a time you learned something new"),
        ["growth"]
    );
    // "a time" is in every question: it is not a deadline.
    assert!(guess("Tell me about a time you shipped something").is_empty());
    assert!(guess("Misleading metrics").is_empty());
}

#[test]
fn role_headings_play_the_star_parts() {
    let stories = stories_of(
        "role_headings.md",
        include_str!("../../../tests/fixtures/notes/role_headings.md"),
    );
    assert_eq!(
        titles(&stories),
        ["Warehouse scanner rollout", "Pricing page experiment"]
    );
    assert_eq!(stories[0].source.line, 4);
    assert_eq!(stories[0].categories, ["teamwork"]);
    assert_eq!(
        stories[0].parts,
        parts(&[
            (
                "S",
                "The warehouse team was still picking orders from paper lists."
            ),
            (
                "T",
                "I owned the handheld app and its link to their warehouse system."
            ),
            (
                "A",
                "Sat with the night shift for two nights before writing anything.\n\
                 Shipped the scanner flow to one aisle first, then the whole floor."
            ),
            ("R", "Pick errors fell by 30% in the first month."),
            ("L", "Shadow the users before writing the spec."),
        ])
    );
    let pricing = &stories[1];
    assert_eq!(pricing.source.line, 22);
    assert_eq!(pricing.question, None);
    assert!(pricing.categories.is_empty());
    assert_eq!(
        pricing.parts,
        parts(&[
            (
                "S",
                "Marketing wanted to remove the free tier from the pricing page."
            ),
            (
                "T",
                "Find out whether signups would drop before committing."
            ),
            (
                "A",
                "Ran a two-week A/B test with a decision rule agreed up front."
            ),
            (
                "R",
                "Paid conversions rose 6% and free signups fell only 2%."
            ),
            (
                "L",
                "Put the decision rule in writing before the test starts."
            ),
        ])
    );
    assert!(stories.iter().all(|story| story.warnings.is_empty()));
}

#[test]
fn notes_without_labels_are_split_by_their_wording() {
    let text = include_str!("../../../tests/fixtures/notes/no_labels.txt");
    let story = only_story("no_labels.txt", text);
    assert_eq!(
        story.title,
        "The time our on-call rotation burned everyone out"
    );
    assert_eq!(story.source.line, 1);
    assert_eq!(story.question, None);
    assert!(story.categories.is_empty());
    assert_eq!(
        story.parts,
        parts(&[
            (
                "S",
                "The time our on-call rotation burned everyone out.\n\n\
                 We had six people covering a 24/7 pager for three products."
            ),
            (
                "A",
                "Half the pages were one\nnoisy disk alert, so I pulled a month of pages into a spreadsheet and took it to my lead.\n\n\
                 - muted the disk alert and replaced it with a weekly capacity forecast\n\
                 - moved to follow-the-sun with the Dublin office"
            ),
            (
                "R",
                "Pages dropped from 90 a week to 12, and nobody left the team that quarter."
            ),
        ])
    );
    assert_eq!(story.warnings, [NO_LABELS_SPLIT]);
}

#[test]
fn an_unlabelled_answer_is_split_and_an_empty_question_left_out() {
    let imported = import_notes(
        "unlabelled_answer.md",
        include_str!("../../../tests/fixtures/notes/unlabelled_answer.md"),
        &builtin_category_words(),
    );
    assert_eq!(titles(&imported.stories), ["Received critical feedback"]);
    let feedback = &imported.stories[0];
    assert_eq!(feedback.source.line, 3, "the file title is not the story's");
    assert_eq!(feedback.categories, ["growth"]);
    assert_eq!(
        feedback.parts,
        parts(&[
            (
                "S",
                "My tech lead told me my design docs were too long to be useful."
            ),
            (
                "A",
                "I started writing a one-paragraph summary first and asking two readers what they skipped."
            ),
            (
                "R",
                "Six months later my docs were the ones new hires were pointed at."
            ),
        ])
    );
    assert_eq!(feedback.warnings, [NO_LABELS_SPLIT]);
    assert_eq!(
        imported.left_out,
        [LeftOut {
            line: 12,
            text: "Give me an example of a time you went above and beyond for a customer?".into(),
            why: "an unanswered question".into(),
        }]
    );
}

#[test]
fn layout_inside_a_part_is_kept_exactly() {
    let story = only_story(
        "layout_kept.md",
        include_str!("../../../tests/fixtures/notes/layout_kept.md"),
    );
    assert_eq!(story.title, "Had to prioritize under pressure");
    assert_eq!(story.categories, ["deadline", "prioritization"]);
    assert_eq!(
        story.parts,
        parts(&[
            (
                "S",
                "    Quarter end: three enterprise escalations landed on my team in the same week.\n    \
                 (indented on purpose, it reads better in the terminal)"
            ),
            (
                "T",
                "Decide what we fix first, and tell the other two customers when."
            ),
            (
                "A",
                "1. Listed the escalations with revenue at risk and effort:\n   \
                 - Acme: $400k ARR, 2 days\n   \
                 - Globex: $90k ARR, half a day\n\
                 \n\
                 2. Fixed Globex first because it unblocked the Acme test.\n\
                 3. Sent each account manager a dated plan.\n\
                 \n\
                 \tTabs survive too."
            ),
            (
                "R",
                "- All three were closed inside the week.\n- * nested markers stay as they are"
            ),
        ])
    );
    assert!(story.warnings.is_empty(), "{:?}", story.warnings);
}

#[test]
fn gaps_repeats_and_stray_text_are_warned_about() {
    let story = only_story(
        "gaps.md",
        include_str!("../../../tests/fixtures/notes/gaps.md"),
    );
    assert_eq!(
        story.title,
        "Had to make a decision with incomplete information"
    );
    assert_eq!(story.categories, ["ambiguity"]);
    assert_eq!(
        story.parts,
        parts(&[
            (
                "S",
                "We were three weeks from launch when the payments vendor announced a price change.\n\
                 \n\
                 The new fees would wipe out our margin on small orders."
            ),
            (
                "A",
                "Built a cost model with finance in two days.\n\
                 \n\
                 Ran it past the CFO and got a go-ahead to switch vendors."
            ),
        ])
    );
    assert_eq!(
        story.warnings,
        [
            "Action label seen twice (lines 7 and 8): the second is added to the first",
            "Task label has no text (line 6)",
            "text before the first label (line 3) was added to the start of the Situation",
            "no Result found",
        ]
    );
}

#[test]
fn mixed_notes_give_three_stories_and_drop_the_scratch() {
    let stories = stories_of(
        "mixed.md",
        include_str!("../../../tests/fixtures/notes/mixed.md"),
    );
    assert_eq!(
        titles(&stories),
        [
            "Disagreed with a senior engineer",
            "Billing export outage",
            "Had to lead a team through an unclear reorg",
        ]
    );
    let lines: Vec<usize> = stories.iter().map(|story| story.source.line).collect();
    assert_eq!(lines, [8, 26, 46]);
    let all_text = serde_json::to_string(&stories).unwrap();
    for scratch in ["TODO", "Reminder", "Northwind", "NB:", "===", "---"] {
        assert!(!all_text.contains(scratch), "{scratch} leaked into a story");
    }
    assert_eq!(
        stories[0].parts[Part::Situation].as_deref(),
        Some(
            "Our payments team planned to rewrite the retry queue in Go, mid-quarter.\n\
             The current queue dropped roughly 1 in 10k messages under load."
        )
    );
    assert_eq!(
        stories[1].warnings,
        [
            "Result label seen twice (lines 35 and 38): the second is added to the first",
            "no Task found",
        ]
    );
    assert_eq!(stories[2].warnings, ["no Result found"]);
    insta::assert_snapshot!(serde_json::to_string_pretty(&stories).unwrap());
}

#[test]
fn stories_without_questions_are_split_by_titles_and_separators() {
    let text = "# Prep\nTODO: dates\n\nWe had no on-call.\nResult: we do now.\n\n---\n\n\
                Situation: second story\nAction: did it\nResult: done\n---\nstray words\nLearning: ask early\n";
    let stories = stories_of("n.md", text);
    assert_eq!(titles(&stories), ["Prep", "Second story"]);
    assert_eq!(stories[0].source.line, 1);
    assert_eq!(
        stories[0].parts,
        parts(&[("S", "We had no on-call."), ("R", "we do now.")])
    );
    assert_eq!(stories[0].warnings, ["no Task found", "no Action found"]);
    assert_eq!(stories[1].source.line, 9);
    assert_eq!(
        stories[1].parts[Part::Learning].as_deref(),
        Some("ask early"),
        "a new part after a separator continues the story"
    );
    assert_eq!(
        stories[1].warnings,
        [
            "line 13 between a separator and the Learning label left out",
            "no Task found"
        ]
    );
}

#[test]
fn a_bare_question_label_takes_the_next_line() {
    let story = only_story(
        "q.txt",
        "Question:\r\nWhat was your biggest launch\r\n\r\nS: I shipped the app in May\r\n",
    );
    assert_eq!(
        story.question.as_deref(),
        Some("What was your biggest launch")
    );
    assert_eq!(story.source.line, 1);
    assert_eq!(
        story.parts[Part::Situation].as_deref(),
        Some("I shipped the app in May")
    );
}

#[test]
fn quarters_and_mid_story_questions_do_not_start_stories() {
    let text = "Q: Tell me about a mistake\nS: Q3: revenue fell\n\
                Q3: the board asked why\nR: What was the root cause? A bad flag.\n";
    let story = only_story("q.txt", text);
    assert_eq!(story.title, "A mistake");
    assert_eq!(
        story.parts[Part::Situation].as_deref(),
        Some("Q3: revenue fell\nQ3: the board asked why")
    );
    let numbered = stories_of(
        "q.txt",
        "Q2: Tell me about a conflict?\nS: I argued with my lead\n",
    );
    assert_eq!(
        numbered[0].question.as_deref(),
        Some("Tell me about a conflict?")
    );
}

#[test]
fn scratch_only_and_empty_notes_give_no_stories() {
    assert!(stories_of("e.md", "").is_empty());
    assert!(stories_of("e.md", "\n\n   \n").is_empty());
    assert!(stories_of("e.md", "# Interview prep\n\nTODO: write stories\n---\n").is_empty());
}

#[test]
fn labels_with_nothing_under_them_are_a_template_left_out() {
    // Found by the proptest: the lead ":" cleans down to nothing.
    let imported = import_notes("p.md", ":\nSituation:", &builtin_category_words());
    assert!(imported.stories.is_empty());
    assert_eq!(imported.left_out.len(), 1);
    assert!(
        imported.left_out[0].why.contains("template"),
        "{:?}",
        imported.left_out
    );
}

#[test]
fn titles_from_questions_are_short_and_cut_at_words() {
    assert_eq!(
        title_from_question("Tell me about a conflict"),
        "A conflict"
    );
    assert_eq!(
        title_from_question("Have you ever had to fire someone?"),
        "Had to fire someone"
    );
    let long = title_from_question(
        "Tell me about a time when you had to convince a room full of sceptical senior engineers to abandon a rewrite",
    );
    assert_eq!(
        long,
        "Had to convince a room full of sceptical senior engineers"
    );
    assert!(long.chars().count() <= MAX_TITLE);
    assert_eq!(shorten(&"x".repeat(80), 60), "x".repeat(60));
}

/// Notes built from the fragments that drive the classifier.
fn labelish_notes() -> impl Strategy<Value = String> {
    let fragments = prop::sample::select(vec![
        "Situation:",
        "Situtation",
        "**",
        "__",
        "*",
        "#",
        "## ",
        "\n",
        "\r\n",
        "\n\n",
        "Q:",
        "Q2:",
        "Question:",
        "?",
        "Tell me about a time",
        "How do you",
        " ",
        "\t",
        "    ",
        "Result: ",
        "Acton",
        "My role",
        ":",
        "---",
        "===",
        "- ",
        "1. ",
        "TODO",
        "words",
        "é",
        "日本",
    ]);
    prop::collection::vec(fragments, 0..80).prop_map(|parts| parts.concat())
}

/// What every import must satisfy, whatever the notes.
fn check_import(text: &str) -> Result<(), TestCaseError> {
    let line_count = text.lines().count();
    for story in stories_of("p.md", text) {
        prop_assert!(!story.title.is_empty());
        prop_assert!(story.source.line >= 1 && story.source.line <= line_count);
        for slot in Part::ALL {
            if let Some(part) = story.parts[slot].as_ref() {
                prop_assert!(!part.trim().is_empty(), "{slot:?} is blank");
            }
        }
        let mut sorted = story.categories.clone();
        sorted.sort();
        sorted.dedup();
        prop_assert_eq!(&sorted, &story.categories);
    }
    Ok(())
}

proptest! {
    #[test]
    fn import_never_panics_on_arbitrary_text(text in "\\PC{0,400}") {
        check_import(&text)?;
    }

    #[test]
    fn import_never_panics_on_label_like_text(text in labelish_notes()) {
        check_import(&text)?;
    }

}

#[test]
fn escape_sequences_are_taken_out_and_a_part_that_had_them_is_named_once() {
    let text = "## \u{1b}[1mTell me about a conflict\u{1b}[0m\n\
                \u{1b}[32mS:\u{1b}[0m I saw the\u{1b}[2J screen\n\
                \u{1b}]0;notes\u{7}A: I asked both\u{8} leads to meet.\r\n\
                - \u{1b}[1mthen\u{1b}[0m we split the service.\n\
                R: It shipped.\n";
    let story = only_story("n.md", text);
    assert_eq!(story.question.as_deref(), Some("Tell me about a conflict"));
    assert_eq!(
        story.parts,
        parts(&[
            ("S", "I saw the screen"),
            (
                "A",
                "I asked both leads to meet.\n- then we split the service."
            ),
            ("R", "It shipped."),
        ])
    );
    let removed: Vec<&String> = story
        .warnings
        .iter()
        .filter(|warning| warning.contains("control characters"))
        .collect();
    assert_eq!(
        removed,
        [
            "control characters or escape sequences removed from the question (line 1)",
            "control characters or escape sequences removed from the Situation (line 2)",
            "control characters or escape sequences removed from the Action (lines 3, 4)",
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// The kinds of mess real notes hold, one test each, in notes written for them.
// ---------------------------------------------------------------------------------------------

/// Each story's title and first line, and its parts' letters.
fn outline(stories: &[ImportedStory]) -> Vec<(String, usize, String)> {
    stories
        .iter()
        .map(|story| {
            let letters: String = story
                .parts
                .present()
                .map(|(part, _)| part.letter())
                .collect();
            (story.title.clone(), story.source.line, letters)
        })
        .collect()
}

fn outline_of(text: &str) -> Vec<(String, usize, String)> {
    outline(&stories_of("n.md", text))
}

fn row(title: &str, line: usize, letters: &str) -> (String, usize, String) {
    (title.to_string(), line, letters.to_string())
}

#[test]
fn a_label_the_story_has_moved_past_starts_the_next_story() {
    let text = "**Situation:** Our release train left every Thursday and we missed it twice.\n\
                **Action:** I moved our team to trunk-based deploys.\n\
                **Result:** We shipped daily within a month.\n\
                **Situation:** A vendor doubled our bill overnight.\n\
                **Task:** I had to cut it before renewal.\n\
                **Learning:** I read contracts now.\n\
                **Task:** Hire two engineers in a month, with no recruiter.\n\
                **Action:** I ran the screens myself.\n";
    assert_eq!(
        outline_of(text),
        [
            row(
                "Our release train left every Thursday and we missed it twice",
                1,
                "SAR"
            ),
            row("A vendor doubled our bill overnight", 4, "STL"),
            row("Hire two engineers in a month, with no recruiter", 7, "TA"),
        ]
    );
}

#[test]
fn headings_numbers_markup_and_quotes_introduce_stories() {
    let text = "## Conflict\n\
                Situation: Two leads wanted the same service.\n\
                Action: I split it along the queue and we both owned half.\n\
                \n\
                ### Tell me about a time you failed\n\
                S: I shipped a migration on a Friday.\n\
                R: We lost a day of reports.\n\
                \n\
                ## Story 3: Moving billing to its own service\n\
                S: Billing deployed with the monolith and we froze every month.\n\
                A: I ran both side by side for six weeks.\n\
                \n\
                1. Tell me about a time you learned something quickly.\n\
                S - I joined a Swift team knowing only Kotlin.\n\
                A - I paired with the lead every afternoon.\n\
                \n\
                > **Describe a time you simplified something**\n\
                > S: Three schedulers did one job.\n\
                > A: I deleted two of them.\n\
                \n\
                How do you handle pressure\n\
                S: Quarter end, three directors, three P0s.\n\
                A: I asked them to rank the three together.\n\
                \n\
                When was the last time you changed your mind?\n\
                S: I argued against feature flags for a year.\n\
                R: We now ship every change behind one.\n";
    assert_eq!(
        outline_of(text),
        [
            row("Conflict", 1, "SA"),
            row("Failed", 5, "SR"),
            row("Moving billing to its own service", 9, "SA"),
            row("Learned something quickly", 13, "SA"),
            row("Simplified something", 17, "SA"),
            row("How do you handle pressure", 21, "SA"),
            row("When was the last time you changed your mind", 25, "SR"),
        ]
    );
}

#[test]
fn a_topic_line_over_a_label_names_a_story() {
    let text = "Growth\nSituation\nI was asked to own the front end after our only front-end dev left.\n\
                Result\nWe passed the accessibility audit.\n\n\
                Conflict\nsituation\nThe designer and the PM disagreed for three weeks.\n\
                action\nI put both mockups in front of five users.\n";
    assert_eq!(
        outline_of(text),
        [row("Growth", 1, "SR"), row("Conflict", 7, "SA")]
    );
}

#[test]
fn a_heading_over_headings_is_context_and_guides_the_categories() {
    let text = "# Teamwork\n\n## Tell me about a time you helped a struggling colleague\n\
                S: Our new hire had merged nothing in three weeks.\n\
                A: I split her first ticket into four small ones.\n\n\
                # Customer Obsession\n\n**Tell me about a time you said no**\n\
                S: A retailer wanted a custom field just for them.\n\
                A: I offered them the metadata map we already had.\n\n\
                ## Frugality\n\n\
                ## Are Right, A Lot\n\n**What's a call you made with little data?**\n\
                S: We had two years of data for a site that had doubled.\n\
                A: I scaled the curve of the nearest similar site.\n";
    let stories = stories_of("n.md", text);
    assert_eq!(
        outline(&stories),
        [
            row("Helped a struggling colleague", 3, "SA"),
            row("Said no", 9, "SA"),
            row("What's a call you made with little data", 17, "SA"),
        ]
    );
    assert!(
        stories[0].categories.contains(&"teamwork".to_string()),
        "{:?}",
        stories[0].categories
    );
    assert!(
        stories[1].categories.contains(&"customer".to_string()),
        "{:?}",
        stories[1].categories
    );
}

#[test]
fn alternate_wordings_are_one_story_and_a_bare_question_is_none() {
    let text = "Q: Tell me about a conflict with a coworker\n\
                OR\n\
                Q: How do you deal with someone who does not do their share\n\
                S: My partner only took the fun tickets.\n\
                A: I suggested we pick from the top of the board in turn.\n\n\
                4. Give me an example of convincing someone senior.\n\
                5. Describe a time you changed a stakeholder's mind.\n\
                S: The head of sales wanted a custom engine for every client.\n\
                A: I mapped the last 30 deals to three tiers.\n\n\
                8. Tell me about a time you missed a deadline\n\n\
                9. Tell me about a time you had too much to do\n\
                S: Three finals and a hackathon in one week.\n\
                A: I planned it hour by hour and told my team I could only do day one.\n";
    let imported = import_notes("n.md", text, &builtin_category_words());
    let stories = &imported.stories;
    assert_eq!(stories.len(), 3, "{:#?}", outline(stories));
    assert_eq!(
        stories[0].alternates,
        ["How do you deal with someone who does not do their share"]
    );
    assert_eq!(
        stories[1].alternates,
        ["Describe a time you changed a stakeholder's mind."]
    );
    assert_eq!(stories[2].source.line, 14);
    assert_eq!(
        imported.left_out,
        [LeftOut {
            line: 12,
            text: "Tell me about a time you missed a deadline".into(),
            why: "an unanswered question".into(),
        }]
    );
    // The other wordings are kept in the story file.
    let file = crate::story::render_story(&stories[0].to_story());
    assert!(
        file.contains(
            "## Also asked as\n\n- How do you deal with someone who does not do their share"
        ),
        "{file}"
    );
}

#[test]
fn an_interviewers_question_inside_a_story_is_a_follow_up() {
    let text = "> Tell me about a time you simplified a complex system.\n\n\
                **S:** Three queues, two schedulers and a cron job nobody could explain.\n\
                **A:** I deleted the cron job and one scheduler.\n\n\
                *Question: what did the cron job actually do?*\n\
                It re-sent messages the first scheduler dropped.\n\n\
                **R:** Pages went from about 40 a month to 3.\n\n\
                *Follow-up: how did you know it was safe?* - we ran it in log-only mode first.\n";
    let story = only_story("n.md", text);
    assert_eq!(
        story.parts,
        parts(&[
            (
                "S",
                "Three queues, two schedulers and a cron job nobody could explain."
            ),
            ("A", "I deleted the cron job and one scheduler."),
            ("R", "Pages went from about 40 a month to 3."),
        ])
    );
    assert_eq!(
        story.follow_ups,
        [
            FollowUp {
                question: "what did the cron job actually do?".into(),
                answer: Some("It re-sent messages the first scheduler dropped.".into()),
            },
            FollowUp {
                question: "how did you know it was safe?".into(),
                answer: Some("we ran it in log-only mode first.".into()),
            },
        ]
    );
}

#[test]
fn advice_cv_lines_templates_and_pointers_are_not_stories() {
    let text = "# Prep for Lantern\n\n\
                ## Advice from the recruiter\n\
                - Situation: keep it to two sentences. Task: say what you owned.\n\
                - Always give a number in the result\n\n\
                ## CV highlights\n\
                - Result: promoted to manager in 14 months\n\n\
                ## Why Lantern?\n\
                I have ridden their scooters for two years and I would like to work on the fleet.\n\n\
                ## Template\n**Situation:**\n**Task:**\n**Action:**\n**Result:**\n\n\
                ## Tell me about a conflict between two reports\n\
                **Situation:** ...\n**Action:** ...\n\n\
                ## Tell me about a time you influenced without authority\n\
                Same as the cost story, lead with the tagging part.\n\n\
                ## Tell me about a time you cut costs\n\
                **Situation:** Our cloud bill grew 40% in a year.\n\
                **Action:** I tagged every resource by owner and turned off 30 staging stacks.\n\
                **Result:** We saved 22% in two quarters.\n";
    let imported = import_notes("n.md", text, &builtin_category_words());
    assert_eq!(titles(&imported.stories), ["Cut costs"]);
    let why: Vec<(usize, &str)> = imported
        .left_out
        .iter()
        .map(|left| (left.line, left.why.as_str()))
        .collect();
    assert_eq!(
        why,
        [
            (3, "notes or advice, not a story (no I or we in it)"),
            (7, "notes or advice, not a story (no I or we in it)"),
            (10, "a question a story does not answer"),
            (13, "an empty template (labels with nothing under them)"),
            (19, "an empty template (labels with nothing under them)"),
            (23, "a pointer to another story, not a story"),
        ]
    );
}

#[test]
fn bold_labels_leading_their_text_under_headings_make_a_story_each() {
    let text = "## Hardest technical problem\n\n\
                **Situation** Our ingestion service leaked memory under backpressure.\n\n\
                **Task** - find the leak; I was the only one who knew async Rust.\n\n\
                **Result** - no OOM kills in 60 days.\n\n\
                ## Conflict\n\
                **Situation**: the data team wanted raw access to production.\n\
                **Action**: I set up a read replica with a narrow role.\n";
    assert_eq!(
        outline_of(text),
        [
            row("Hardest technical problem", 1, "STR"),
            row("Conflict", 9, "SA"),
        ]
    );
}

#[test]
fn role_words_play_the_star_parts() {
    let text = "### Tell me about a challenge you overcame\n\
                Challenge: Firmware updates needed a technician at every robot.\n\
                My role: I led the two-person tools team.\n\
                The Response: I built staged over-the-air updates with rollback.\n\
                ### **The Outcome: a full site updates overnight**\n\
                What I Learned: staged rollouts are a product feature.\n";
    let story = only_story("n.md", text);
    assert_eq!(
        story.parts,
        parts(&[
            ("S", "Firmware updates needed a technician at every robot."),
            ("T", "I led the two-person tools team."),
            ("A", "I built staged over-the-air updates with rollback."),
            ("R", "a full site updates overnight"),
            ("L", "staged rollouts are a product feature."),
        ])
    );
}

#[test]
fn labels_inside_code_fences_are_text_and_the_fence_stays_whole() {
    let text = "Q: Tell me about a memory leak you found\n\
                S: Our service was OOM-killed twice a day.\n\
                A: I profiled a canary; the scheduler logged:\n\
                ```text\n## Result\nTask: compact-segments\nResult: FAILED\n```\n\
                R: No OOM kills in 60 days.\n";
    let story = only_story("n.md", text);
    assert_eq!(
        story.parts[Part::Action].as_deref(),
        Some(
            "I profiled a canary; the scheduler logged:\n```text\n## Result\nTask: compact-segments\nResult: FAILED\n```"
        )
    );
    assert_eq!(
        story.parts[Part::Result].as_deref(),
        Some("No OOM kills in 60 days.")
    );
    // A fence the notes never close is closed at the end of its part, and said so.
    let open = only_story(
        "n.md",
        "Q: Tell me about a bug\nS: I saw it\nA: I wrote\n```\nfix()\nR: it worked\n",
    );
    assert!(
        open.parts[Part::Action]
            .as_deref()
            .unwrap()
            .ends_with("\n```")
    );
    assert!(
        open.warnings.iter().any(|w| w.contains("never closes")),
        "{:?}",
        open.warnings
    );
}

#[test]
fn text_in_other_languages_is_kept_exactly() {
    let text = "## ¿Cuál ha sido tu mayor error?\n\n\
                **Situación:** Desplegué un cambio que redondeaba mal los céntimos.\n\
                **Acción:** Revertí el cambio esa misma tarde ✅\n\
                **Resultado:** Ninguna factura errónea llegó a los clientes.\n";
    let story = only_story("n.md", text);
    assert_eq!(story.title, "Cuál ha sido tu mayor error");
    assert_eq!(
        story.parts[Part::Action].as_deref(),
        Some("Revertí el cambio esa misma tarde ✅")
    );
}

#[test]
fn whatever_could_have_started_a_story_is_a_warning_naming_its_line() {
    let text = "Q: Tell me about an outage\n\
                S: The login service fell over at peak.\n\
                A: I rolled back the release.\n\
                \n\
                Why did it take so long to notice\n\
                We had no alert on the error rate.\n\
                R: We added one the next day.\n\
                S: A second time, weeks later, the cache filled up.\n\
                A: I doubled the cache and added an alert on it.\n";
    let stories = stories_of("n.md", text);
    let warnings = stories
        .iter()
        .flat_map(|story| story.warnings.iter())
        .collect::<Vec<_>>();
    assert!(
        warnings.iter().any(|w| w
            .starts_with("line 5: \"Why did it take so long to notice\" reads like a question")),
        "{warnings:?}"
    );
    assert_eq!(
        stories.len(),
        2,
        "the second Situation is a story of its own"
    );
}

#[test]
fn a_table_of_stories_is_a_story_a_row() {
    let text = "| Question | Situation | Task | Action | Result |\n\
                |---|---|---|---|---|\n\
                | Tell me about a process you improved | Grading took me 9 hours a week | Cut it | I built a rubric with comment banks | Down to 4 hours |\n\
                | Tell me about a time you failed | | | | |\n\
                | Describe a hard stakeholder | A parent emailed the head weekly | Rebuild trust | I called her and shared the rubric | The emails stopped |\n\n\
                | metric | value |\n|---|---|\n| DAU | 48k |\n";
    let imported = import_notes("n.md", text, &builtin_category_words());
    assert_eq!(
        outline(&imported.stories),
        [
            row("A process you improved", 3, "STAR"),
            row("Hard stakeholder", 5, "STAR"),
        ]
    );
    assert_eq!(imported.left_out.len(), 1, "{:?}", imported.left_out);
}

#[test]
fn notes_saved_as_html_read_as_their_markdown() {
    let text = "<html><body>\n<h2>Q1: Tell me about a time you delivered bad news</h2>\n\
                <p><b>Situation:</b>&nbsp;A payment SDK change broke our checkout.</p>\n\
                <p><b>Action:</b>&nbsp;I called the client&rsquo;s head of digital first.</p>\n\
                <p><b>Result:</b>&nbsp;They launched on time without in-app payments.</p>\n</body></html>\n";
    let story = only_story("n.html", text);
    assert_eq!(story.source.line, 2);
    assert_eq!(
        story.parts[Part::Action].as_deref(),
        Some("I called the client\u{2019}s head of digital first.")
    );
}

#[test]
fn a_question_number_has_at_most_five_digits() {
    let text = "12345. Tell me about a time you failed\n\
                S: I shipped a migration on a Friday.\n\
                A: I rolled it back on Saturday.\n\
                \n\
                123456. Tell me about a time you won\n\
                S: The data centre was moving on Monday.\n\
                A: I copied the archive by hand.\n";
    let stories = stories_of("n.md", text);
    assert_eq!(
        stories[0].question.as_deref(),
        Some("Tell me about a time you failed")
    );
    assert!(
        stories
            .iter()
            .all(|story| story.question.as_deref() != Some("Tell me about a time you won")),
        "six digits are not a question's number: {:#?}",
        outline(&stories)
    );
}

#[test]
fn a_star_key_before_a_name_is_not_part_of_the_title() {
    let text = "## STAR: Migrating billing\n\
                S: Billing deployed with the monolith and froze every month.\n\
                A: I ran both side by side for six weeks.\n\
                \n\
                STAR - Rebuilding onboarding\n\
                Situation: New hires took a month to ship anything.\n\
                Action: I wrote a first-week project list.\n\
                \n\
                --- STAR: Cutting the cloud bill ---\n\
                S: Our bill grew 40% in a year.\n\
                A: I tagged every resource by owner.\n\
                \n\
                Q: Tell me about a time you improved a process\n\
                STAR \u{2013} The flaky webhook\n\
                S: The webhook failed one call in ten.\n\
                A: I added retries with an idempotency key.\n\
                \n\
                ## STAR method reminders\n\
                S: Keep the situation to two sentences, I tell myself.\n\
                A: Then I say what I did, not what we did.\n";
    assert_eq!(
        titles(&stories_of("n.md", text)),
        [
            "Migrating billing",
            "Rebuilding onboarding",
            "Cutting the cloud bill",
            "The flaky webhook",
            "STAR method reminders",
        ]
    );
}

#[test]
fn an_or_before_a_heading_question_is_another_wording_of_it() {
    for text in [
        "## Tell me about a conflict with a colleague\n\
         ### Or: Describe a disagreement at work\n\
         S: Two of us wanted the same service.\n\
         A: I split it along the queue.\n",
        "## Tell me about a conflict with a colleague\n\
         OR\n\
         ### Describe a disagreement at work\n\
         S: Two of us wanted the same service.\n\
         A: I split it along the queue.\n",
        "# Conflict stories\n\n\
         ## Tell me about a conflict with a colleague\n\
         Or:\n\
         ## Describe a disagreement at work\n\
         S: Two of us wanted the same service.\n\
         A: I split it along the queue.\n",
    ] {
        let imported = import_notes("n.md", text, &builtin_category_words());
        assert_eq!(imported.left_out, [], "{text}");
        let [story] = imported.stories.as_slice() else {
            panic!("{text}: {:#?}", outline(&imported.stories));
        };
        assert_eq!(
            story.question.as_deref(),
            Some("Tell me about a conflict with a colleague"),
            "{text}"
        );
        assert_eq!(
            story.alternates,
            ["Describe a disagreement at work"],
            "{text}"
        );
    }
    // The other wording is no second question under a heading: the heading still names it.
    let text = "## The billing split\n\
                ### Tell me about a conflict with a colleague\n\
                ### Or: Describe a disagreement at work\n\
                S: Two of us wanted the same service.\n\
                A: I split it along the queue.\n";
    assert_eq!(outline_of(text), [row("The billing split", 2, "SA")]);
    // A heading question under another with no `Or` is a story of its own.
    let text = "## Tell me about a conflict\n\nS: Two of us wanted one service.\nA: I split it.\n\n\
                ## Describe a disagreement at work\nS: The PM and I disagreed on scope.\nA: I ran a test.\n";
    assert_eq!(stories_of("n.md", text).len(), 2);
}

#[test]
fn an_italic_question_before_parts_that_start_over_asks_the_next_story() {
    let text = "## Tell me about a time you simplified a system\n\
                **S:** Three queues and a cron job nobody could explain.\n\
                **A:** I deleted the cron job and one scheduler.\n\n\
                *Can you explain what it does?*\n\
                It re-sent messages the first scheduler dropped.\n\n\
                **R:** Pages went from about 40 a month to 3.\n\n\
                *What was the hardest deadline you have met?*\n\n\
                **S:** Our launch moved up by two weeks.\n\
                **A:** I cut the scope to the checkout alone.\n\
                **R:** We launched on the new date.\n";
    let stories = stories_of("n.md", text);
    assert_eq!(
        outline(&stories),
        [
            row("Simplified a system", 1, "SAR"),
            row("What was the hardest deadline you have met", 10, "SAR"),
        ]
    );
    assert_eq!(
        stories[0].follow_ups,
        [FollowUp {
            question: "Can you explain what it does?".into(),
            answer: Some("It re-sent messages the first scheduler dropped.".into()),
        }]
    );
    assert_eq!(
        stories[1].question.as_deref(),
        Some("What was the hardest deadline you have met?")
    );
    assert!(stories[1].follow_ups.is_empty());
}

#[test]
fn a_paragraph_opening_another_story_starts_one_in_unlabelled_notes() {
    let payments = "I was the on-call lead when our payment queue backed up for six hours. \
                    I traced it to a retry storm and added jittered backoff, and the queue drained within the hour.";
    let vendor = "a vendor changed their API without notice and our nightly imports failed. \
                  I wrote an adapter over the weekend and we lost no customer data.";
    let sql = "from my first job, where I had to teach myself SQL in a week. \
               I built a small report and my manager used it in the board pack.";
    let ramble = format!("{payments}\n\nAnother time, {vendor}\n\nA second example is {sql}\n");
    let starts: Vec<usize> = stories_of("n.txt", &ramble)
        .iter()
        .map(|story| story.source.line)
        .collect();
    assert_eq!(starts, [1, 3, 5]);

    // Under one question, the answer told, another opening is a story of its own.
    let answered = format!(
        "## Tell me about a time you handled pressure\n\n{payments}\n\n\
         The other one: {vendor}\n\nAnother example, {sql}\n"
    );
    let stories = stories_of("n.md", &answered);
    assert_eq!(
        stories
            .iter()
            .map(|story| (story.source.line, story.question.is_some()))
            .collect::<Vec<_>>(),
        [(1, true), (5, false), (7, false)]
    );
    assert!(
        stories
            .iter()
            .all(|story| story.warnings.contains(&NO_LABELS_SPLIT.to_string()))
    );

    // Before anything has been told, such an opening is the story's own text.
    let text = format!(
        "## Tell me about a time you handled pressure\n\n\
         Another time zone was the problem: our payment queue sat in Singapore.\n\n{payments}\n"
    );
    assert_eq!(stories_of("n.md", &text).len(), 1);
}

#[test]
fn html_breaks_and_list_items_start_lines_and_scripts_are_dropped() {
    let text = "<html><head><style>\n\
                .label:after { content: \"Result: \"; }\n\
                </style>\n\
                <script>\n\
                Situation: window.dataLayer = window.dataLayer || [];\n\
                </script></head><body>\n\
                <h2>Tell me about a time you improved a process</h2>\n\
                <p><b>Situation:</b> Grading took me nine hours a week.<BR >I had ninety students.</p>\n\
                <p><b>Action:</b> I built a rubric with comment banks:<ul><li>one bank per essay type</li><li>shared with my department</li></ul></p>\n\
                <p><b>Result:</b> Down to four hours.<br/>Two colleagues use it now.</p>\n\
                </body></html>\n";
    let imported = import_notes("n.html", text, &builtin_category_words());
    assert_eq!(imported.left_out, []);
    let [story] = imported.stories.as_slice() else {
        panic!("{:#?}", outline(&imported.stories));
    };
    assert_eq!(story.source.line, 7);
    assert_eq!(
        story.parts,
        parts(&[
            (
                "S",
                "Grading took me nine hours a week.\nI had ninety students."
            ),
            (
                "A",
                "I built a rubric with comment banks:\n- one bank per essay type\n- shared with my department"
            ),
            ("R", "Down to four hours.\nTwo colleagues use it now."),
        ])
    );
}

#[test]
fn a_page_saved_on_one_line_is_read_as_html() {
    let text = "<div><h2>Tell me about a time you missed a deadline</h2><p><b>Situation:</b> \
                The export was due Friday.</p><p><b>Action:</b> I split the work<br>and \
                shipped a partial.</p><p><b>Result:</b> The client got the key report.</p></div>\n";
    let imported = import_notes("clip.html", text, &builtin_category_words());
    let [story] = imported.stories.as_slice() else {
        panic!("{:#?}", outline(&imported.stories));
    };
    assert_eq!(story.title, "Missed a deadline");
    assert_eq!(
        story.parts,
        parts(&[
            ("S", "The export was due Friday."),
            ("A", "I split the work\nand shipped a partial."),
            ("R", "The client got the key report."),
        ])
    );
}
