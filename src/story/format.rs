//! The story file format: a `# Title`, a metadata block, then one `##` section a part.
//!
//! ```markdown
//! # Audit flag broke time entry
//!
//! Categories: mistake, customer
//! Tags: billing, incident
//! Summary: A feature flag I shipped broke time entry for 2,000 users.
//!
//! ## Situation
//! ...
//! ## Task
//! ## Action
//! ## Result
//! ## Learning
//! ```
//!
//! Reading is forgiving and exact: metadata keys in any case (`CATEGORIES :`, `**Tags:**`),
//! part headings in any case and singular or plural, lines that mean nothing to us ignored,
//! and each part's text kept as written, with only the blank lines around it trimmed.
//! A `##` inside a fenced code block is text, not a heading; `###` and deeper headings are
//! text of the part they are in; other `##` sections are kept aside, never in a part.

use super::{Section, Story, clean_line, normalise_category};
use crate::domain::star::Part;
use crate::text::markdown::{Fence, heading as atx_heading, strip_list_marker, trim_blank_lines};

/// The story in `text`, the file `<slug>.md`. Never fails: a file without a `# Title` takes
/// its slug as the title, and text outside any part is left out.
pub fn parse_story(slug: &str, text: &str) -> Story {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut story = Story {
        slug: slug.to_string(),
        ..Story::default()
    };
    let mut title: Option<String> = None;
    let mut metadata_title: Option<String> = None;
    let mut open: Option<Target> = None;
    let mut body: Vec<&str> = Vec::new();
    let mut fence: Option<Fence> = None;
    for line in text.lines() {
        if let Some(open_fence) = fence {
            if open_fence.is_closed_by(line) {
                fence = None;
            }
            if open.is_some() {
                body.push(line);
            }
            continue;
        }
        if let Some((2, heading)) = atx_heading(line) {
            close(&mut story, open.take(), &body);
            body.clear();
            open = Some(target(&mut story, heading));
            continue;
        }
        fence = Fence::opened_by(line);
        if open.is_some() {
            body.push(line);
        } else if fence.is_none() {
            read_preamble_line(&mut story, &mut title, &mut metadata_title, line);
        }
    }
    close(&mut story, open, &body);
    story.title = title.or(metadata_title).unwrap_or_else(|| slug.to_string());
    story
}

/// The file for `story`: title, metadata (every key written, empty where unknown, so a
/// person editing it sees what can go there), then every part's section, empty or not.
pub fn render_story(story: &Story) -> String {
    let mut text = format!("# {}\n\n", clean_line(&story.title));
    let mut field = |key: &str, value: &str| {
        let value = clean_line(value);
        if value.is_empty() {
            text.push_str(&format!("{key}:\n"));
        } else {
            text.push_str(&format!("{key}: {value}\n"));
        }
    };
    field("Categories", &story.categories.join(", "));
    field("Tags", &story.tags.join(", "));
    field("Summary", story.summary.as_deref().unwrap_or_default());
    if let Some(question) = &story.question {
        field("Question", question);
    }
    let sections = story
        .parts
        .iter()
        .map(|(part, text)| (part.name(), text.as_deref()))
        .chain(
            story
                .other_sections
                .iter()
                .map(|section| (section.heading.as_str(), Some(section.text.as_str()))),
        );
    for (heading, body) in sections {
        text.push_str(&format!("\n## {}\n", clean_line(heading)));
        if let Some(body) = body.filter(|body| !body.trim().is_empty()) {
            text.push_str(&format!("\n{}\n", body.trim_end_matches(['\n', '\r'])));
        }
    }
    text
}

/// Where the lines under a `##` heading go.
#[derive(Debug, Clone, Copy)]
enum Target {
    Part(Part),
    Other(usize),
}

/// The target for a `## heading`: a part when the heading names one, else a new section.
fn target(story: &mut Story, heading: &str) -> Target {
    match part_named(heading) {
        Some(part) => Target::Part(part),
        None => {
            story.other_sections.push(Section {
                heading: heading.trim_end_matches('#').trim().to_string(),
                text: String::new(),
            });
            Target::Other(story.other_sections.len() - 1)
        }
    }
}

/// Puts the lines under a heading in their place. A part named twice gets both texts, the
/// second after a blank line; a part with nothing but blank lines stays empty.
fn close(story: &mut Story, open: Option<Target>, body: &[&str]) {
    let Some(open) = open else { return };
    let text = trim_blank_lines(body);
    let slot = match open {
        Target::Part(part) => &mut story.parts[part],
        Target::Other(index) => {
            story.other_sections[index].text = text;
            return;
        }
    };
    if text.is_empty() {
        return;
    }
    match slot {
        Some(earlier) => {
            earlier.push_str("\n\n");
            earlier.push_str(&text);
        }
        None => *slot = Some(text),
    }
}

/// The part a `##` heading names: a part's name in any case, singular or plural, with a
/// trailing colon, closing `#`s or bold allowed (`## ACTIONS:`), or a usual name for the
/// Learning (`## Lessons learned`).
fn part_named(heading: &str) -> Option<Part> {
    let name = heading.trim().trim_end_matches('#').trim();
    let name = name.trim_end_matches(':').trim();
    let name = name.trim_matches(['*', '_']).trim().trim_end_matches(':');
    let name = clean_line(name).to_lowercase();
    let name = name.strip_prefix("the ").unwrap_or(&name);
    Part::named(name)
}

/// Reads one line above the first `##` section: the `# Title`, or a `Key: value` line.
/// Anything else there is the user's own and ignored.
fn read_preamble_line(
    story: &mut Story,
    title: &mut Option<String>,
    metadata_title: &mut Option<String>,
    line: &str,
) {
    if let Some((level, heading)) = atx_heading(line) {
        if level == 1 && title.is_none() && !heading.is_empty() {
            *title = Some(heading.to_string());
        }
        return;
    }
    let Some((key, value)) = metadata(line) else {
        return;
    };
    let first = |field: &mut Option<String>| {
        if field.is_none() && !value.is_empty() {
            *field = Some(value.to_string());
        }
    };
    match key.as_str() {
        "categories" | "category" => {
            for category in list(value).map(normalise_category) {
                if !story.categories.contains(&category) {
                    story.categories.push(category);
                }
            }
        }
        "tags" | "tag" => {
            for tag in list(value) {
                if !story.tags.iter().any(|known| known == tag) {
                    story.tags.push(tag.to_string());
                }
            }
        }
        "summary" => first(&mut story.summary),
        "question" => first(&mut story.question),
        "title" => first(metadata_title),
        _ => {}
    }
}

/// `Key: value`, `- Key: value`, `**Key:** value` or `**Key**: value`: the key lowercase
/// and trimmed, the value trimmed.
fn metadata(line: &str) -> Option<(String, &str)> {
    let line = line.trim();
    let line = strip_list_marker(line).unwrap_or(line);
    let marker = ["**", "__"].into_iter().find(|m| line.starts_with(m));
    let inner = marker.map_or(line, |marker| &line[marker.len()..]);
    let (key, mut value) = inner.split_once(':')?;
    let mut key = key;
    if let Some(marker) = marker {
        match key.trim_end().strip_suffix(marker) {
            Some(bare) => key = bare,
            None => value = value.strip_prefix(marker)?,
        }
    }
    let key = key.trim().to_lowercase();
    if key.is_empty() || key.contains(char::is_whitespace) {
        return None;
    }
    Some((key, value.trim()))
}

/// The items of a comma-separated value, trimmed, empty ones left out (`[a, b]` reads too).
fn list(value: &str) -> impl Iterator<Item = &str> {
    let value = value.trim();
    let value = value
        .strip_prefix('[')
        .and_then(|inner| inner.strip_suffix(']'))
        .unwrap_or(value);
    value
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::story::PartTexts;
    use proptest::prelude::*;

    const HAND_EDITED: &str = include_str!("../../tests/fixtures/stories/hand_edited.md");

    #[test]
    fn a_hand_edited_file_reads_exactly_as_written() {
        let story = parse_story("audit-flag", HAND_EDITED);
        assert_eq!(story.slug, "audit-flag");
        assert_eq!(story.title, "Audit flag broke time entry");
        assert_eq!(story.categories, ["mistake", "customer", "hardest-problem"]);
        assert_eq!(story.tags, ["billing", "incident"]);
        assert_eq!(
            story.summary.as_deref(),
            Some("A feature flag I shipped broke time entry for 2,000 users.")
        );
        assert_eq!(story.question, None);
        assert_eq!(
            story.parts[Part::Situation].as_deref(),
            Some(
                "We had just moved time entry behind the new audit flag.\n   \
                 It went out on a Friday.   \n\
                 \n\
                 - 2,000 users on the EU cluster\n    \
                 - most of them in payroll week"
            )
        );
        assert_eq!(
            story.parts[Part::Task].as_deref(),
            Some("Find it, fix it, and tell support before Monday.")
        );
        assert_eq!(
            story.parts[Part::Action].as_deref(),
            Some(
                "1. Rolled the flag back in ten minutes.\n\
                 2. Wrote the incident report:\n\
                 \n   \
                 * what broke\n   \
                 * why the tests missed it\n\
                 \n\
                 ```text\n\
                 ## not a heading inside a code block\n\
                 ```\n\
                 \n\
                 ### Details\n\
                 Kept as part of the Action."
            )
        );
        assert_eq!(
            story.parts[Part::Result].as_deref(),
            Some(
                "Nobody lost a timesheet; flags now ship Tuesday to Thursday.\n\
                 \n\
                 Support quotes the report to customers."
            ),
            "a part named twice keeps both texts"
        );
        assert_eq!(
            story.parts[Part::Learning].as_deref(),
            Some("\tTabs and trailing spaces stay.  ")
        );
        assert_eq!(
            story.other_sections,
            [Section {
                heading: "Follow-ups".into(),
                text: "- Why Friday?".into()
            }]
        );
    }

    fn sample() -> Story {
        Story {
            slug: "audit-flag-broke-time-entry".into(),
            title: "Audit flag broke time entry".into(),
            categories: vec!["mistake".into(), "customer".into()],
            tags: vec!["billing".into()],
            summary: None,
            question: Some("Tell me about a mistake".into()),
            parts: PartTexts::from_fn(|part| {
                (part == Part::Situation).then(|| "We moved time entry behind a flag.".to_string())
            }),
            other_sections: Vec::new(),
        }
    }

    #[test]
    fn a_rendered_file_edited_by_hand_gives_back_the_hand_edited_text() {
        let rendered = render_story(&sample());
        assert_eq!(
            rendered,
            "# Audit flag broke time entry\n\
             \n\
             Categories: mistake, customer\n\
             Tags: billing\n\
             Summary:\n\
             Question: Tell me about a mistake\n\
             \n\
             ## Situation\n\
             \n\
             We moved time entry behind a flag.\n\
             \n\
             ## Task\n\
             \n\
             ## Action\n\
             \n\
             ## Result\n\
             \n\
             ## Learning\n"
        );
        assert_eq!(
            parse_story("audit-flag-broke-time-entry", &rendered),
            sample()
        );

        // What a person does to it in an editor: fill parts with bullets, blank lines and odd
        // spacing, shout a key, add a summary, and leave a stray blank line or two.
        let action = "- Rolled back the flag   \n\n    1. indented step\n\t- tabbed bullet\n\n\n**Bold** line: with a colon";
        let result = "  Nobody lost a timesheet.";
        let edited = rendered
            .replace("Categories:", "CATEGORIES :")
            .replace("Summary:", "summary:   Broke time entry for 2,000 users.  ")
            .replace("## Action\n", &format!("## Action\n\n\n{action}\n\n\n"))
            .replace("## Result\n", &format!("## result\n{result}\n"));
        let story = parse_story("audit-flag-broke-time-entry", &edited);
        assert_eq!(story.parts[Part::Action].as_deref(), Some(action));
        assert_eq!(story.parts[Part::Result].as_deref(), Some(result));
        assert_eq!(
            story.summary.as_deref(),
            Some("Broke time entry for 2,000 users.")
        );
        assert_eq!(story.categories, ["mistake", "customer"]);
        assert_eq!(
            story.parts[Part::Situation].as_deref(),
            Some("We moved time entry behind a flag.")
        );
        assert_eq!(story.parts[Part::Task], None);
        // Rendering what was read and reading it again changes nothing.
        assert_eq!(parse_story(&story.slug, &render_story(&story)), story);
    }

    #[test]
    fn odd_files_still_read() {
        let story = parse_story("no-title", "Just some words\n## Situatio\nx\n");
        assert_eq!(story.title, "no-title");
        assert_eq!(story.parts, PartTexts::default());
        assert_eq!(story.other_sections[0].heading, "Situatio");
        let story = parse_story("t", "Title: From metadata\r\n\r\n## TASKS:\r\ndo it\r\n");
        assert_eq!(story.title, "From metadata");
        assert_eq!(story.parts[Part::Task].as_deref(), Some("do it"));
        let story = parse_story(
            "t",
            "# A\n**Categories:** Conflict\n__Tags__: x\n## Situation\n",
        );
        assert_eq!(story.categories, ["conflict"]);
        assert_eq!(story.tags, ["x"]);
        assert_eq!(story.parts[Part::Situation], None);
        assert_eq!(parse_story("e", "").title, "e");
        let fenced = parse_story("f", "# T\n```\n## Situation\n```\n## Result\nr\n");
        assert_eq!(
            fenced.parts[Part::Situation],
            None,
            "a fence in the preamble hides its lines"
        );
        assert_eq!(fenced.parts[Part::Result].as_deref(), Some("r"));
    }

    /// A line a person might write in a part: never a `##` heading, which ends the part.
    fn part_line() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            Just("   ".to_string()),
            Just("- bullet".to_string()),
            Just("    - nested".to_string()),
            Just("\tTabbed".to_string()),
            Just("1. First: step".to_string()),
            Just("### Sub heading".to_string()),
            Just("# Hash heading".to_string()),
            Just("Categories: not metadata here".to_string()),
            "[a-zA-Z0-9 ,.:;*_'!?-]{1,30}",
        ]
    }

    fn part_text() -> impl Strategy<Value = Option<String>> {
        prop::collection::vec(part_line(), 0..8).prop_map(|lines| {
            let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
            Some(trim_blank_lines(&lines)).filter(|text| !text.is_empty())
        })
    }

    fn one_line() -> impl Strategy<Value = String> {
        "[A-Za-z0-9][A-Za-z0-9 ,.'!?-]{0,40}".prop_map(|text| clean_line(&text))
    }

    prop_compose! {
        fn any_story()(
            title in one_line(),
            categories in prop::collection::vec("[a-z]{1,8}(-[a-z]{1,8})?", 0..4),
            tags in prop::collection::vec("[A-Za-z0-9]{1,10}", 0..3),
            summary in prop::option::of(one_line()),
            question in prop::option::of(one_line()),
            texts in prop::collection::vec(part_text(), 5),
        ) -> Story {
            let mut categories = categories;
            categories.dedup();
            let mut seen = Vec::new();
            categories.retain(|c| if seen.contains(c) { false } else { seen.push(c.clone()); true });
            let mut seen = Vec::new();
            let tags = tags.into_iter().filter(|t| if seen.contains(t) { false } else { seen.push(t.clone()); true }).collect();
            let mut parts = PartTexts::default();
            for (part, text) in Part::ALL.into_iter().zip(texts) {
                parts[part] = text;
            }
            Story { slug: "s".into(), title, categories, tags, summary, question, parts, other_sections: Vec::new() }
        }
    }

    proptest! {
        #[test]
        fn what_is_rendered_reads_back_the_same(story in any_story()) {
            prop_assert_eq!(parse_story("s", &render_story(&story)), story);
        }

        #[test]
        fn reading_never_panics(text in "\\PC{0,300}") {
            let story = parse_story("s", &text);
            prop_assert!(!story.title.is_empty());
        }
    }
}
