//! What is wrong with a story file as a person wrote it. Reading a story never fails (see
//! [`parse_story`](super::parse_story)), so a slip such as `## Situaton` or an unclosed fence
//! would quietly move text out of its part; this names each slip and its line, for
//! `stories edit` to report after the editor closes.

use super::{Story, same_title};
use crate::domain::star::Part;
use crate::text::closest;
use crate::text::markdown::{Fence, heading};

/// The keys a story's metadata block reads, lowercase, and those of them to suggest.
const KEYS: [&str; 7] = [
    "categories",
    "category",
    "tags",
    "tag",
    "summary",
    "question",
    "title",
];
const SUGGESTED_KEYS: [&str; 5] = ["categories", "tags", "summary", "question", "title"];

/// One problem, on a line of the file when it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: Option<usize>,
    pub text: String,
}

impl Problem {
    fn at(line: usize, text: impl Into<String>) -> Problem {
        Problem {
            line: Some(line),
            text: text.into(),
        }
    }

    fn whole(text: impl Into<String>) -> Problem {
        Problem {
            line: None,
            text: text.into(),
        }
    }
}

/// The problems of `story`, read from `text`, among `others` (the rest of the bank, which
/// its title must not repeat), where `known_categories` are the bank's categories.
pub fn story_problems(
    text: &str,
    story: &Story,
    others: &[Story],
    known_categories: &[&str],
) -> Vec<Problem> {
    let mut problems = line_problems(text);
    if !text
        .lines()
        .any(|line| matches!(heading(line), Some((1, _))))
    {
        problems.push(Problem::whole(format!(
            "there is no `# Title` line, so the story is known by its file name '{}'",
            story.title
        )));
    }
    if let Some(twin) = others
        .iter()
        .find(|other| other.slug != story.slug && same_title(&other.title, &story.title))
    {
        problems.push(Problem::whole(format!(
            "'{}' is also the title of {}.md: give one of them another title",
            story.title, twin.slug
        )));
    }
    for category in &story.categories {
        if !known_categories.contains(&category.as_str()) {
            let near = closest(category, known_categories.iter().copied())
                .map(|near| format!(" (did you mean '{near}'?)"))
                .unwrap_or_default();
            problems.push(Problem::whole(format!(
                "category '{category}' is in no prompt file{near}: no drill will offer this story for it"
            )));
        }
    }
    problems
}

/// Problems a line shows by itself: a heading or key one slip away from a known one, and a
/// fence that never closes.
fn line_problems(text: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut fence: Option<(Fence, usize)> = None;
    let mut in_sections = false;
    let part_names: Vec<String> = Part::ALL
        .iter()
        .map(|part| part.name().to_lowercase())
        .collect();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        if let Some((open, _)) = fence {
            if open.is_closed_by(line) {
                fence = None;
            }
            continue;
        }
        if let Some(open) = Fence::opened_by(line) {
            fence = Some((open, number));
            continue;
        }
        if let Some((2, name)) = heading(line) {
            in_sections = true;
            let bare = name.trim_matches(['*', '_', ':', ' ']);
            let typed = bare.to_lowercase();
            if Part::named(&typed).is_none()
                && let Some(near) = closest(&typed, part_names.iter().map(String::as_str))
            {
                problems.push(Problem::at(
                    number,
                    format!(
                        "'## {bare}' is not a part (did you mean '## {}'?): its text is kept in a section of its own",
                        capitalised(near)
                    ),
                ));
            }
            continue;
        }
        if in_sections {
            continue;
        }
        if let Some((key, _)) = line.trim().split_once(':') {
            let key = key.trim().trim_matches(['*', '_', '-', ' ']);
            let lowercase = key.to_lowercase();
            if !KEYS.contains(&lowercase.as_str())
                && !key.contains(char::is_whitespace)
                && let Some(near) = closest(&lowercase, SUGGESTED_KEYS)
            {
                problems.push(Problem::at(
                    number,
                    format!(
                        "'{key}:' is not a key (did you mean '{}:'?): the line is ignored",
                        capitalised(near)
                    ),
                ));
            }
        }
    }
    if let Some((_, line)) = fence {
        problems.push(Problem::at(
            line,
            "this code fence is never closed: every heading after it is read as text",
        ));
    }
    problems
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::story::parse_story;

    fn problems_of(text: &str, others: &[Story]) -> Vec<String> {
        let story = parse_story("the-file", text);
        story_problems(text, &story, others, &["conflict", "mistake"])
            .into_iter()
            .map(|problem| match problem.line {
                Some(line) => format!("{line}: {}", problem.text),
                None => problem.text,
            })
            .collect()
    }

    #[test]
    fn a_well_formed_story_has_no_problems() {
        let text = "# Reorg\n\nCategories: conflict\nTags: x\n\n## Situation\nText.\n\n## Follow-ups\n- Why?\n\n```\n## Result\n```\n";
        assert_eq!(problems_of(text, &[]), Vec::<String>::new());
    }

    #[test]
    fn slips_are_named_with_their_lines() {
        let text = "# Reorg\n\nCatgories: conflict\nCategories: mistak\n\n## Situaton\nText.\n\n## Action\n```\n## Result\n";
        assert_eq!(
            problems_of(text, &[]),
            [
                "3: 'Catgories:' is not a key (did you mean 'Categories:'?): the line is ignored",
                "6: '## Situaton' is not a part (did you mean '## Situation'?): its text is kept in a section of its own",
                "10: this code fence is never closed: every heading after it is read as text",
                "category 'mistak' is in no prompt file (did you mean 'mistake'?): no drill will offer this story for it",
            ]
        );
    }

    #[test]
    fn a_missing_title_and_a_shared_one_are_problems() {
        let other = parse_story("reorg", "# Team  REORG\n");
        assert_eq!(
            problems_of("# team reorg\n", std::slice::from_ref(&other)),
            ["'team reorg' is also the title of reorg.md: give one of them another title"]
        );
        assert_eq!(
            problems_of("## Situation\nText.\n", &[]),
            ["there is no `# Title` line, so the story is known by its file name 'the-file'"]
        );
    }
}
