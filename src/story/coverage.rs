//! Which stories can answer which categories, and the categories no story can answer yet.

use std::collections::BTreeSet;

use crossterm::style::Color;
use serde::Serialize;

use super::Story;
use super::card::or_dash;
use crate::paint::Paint;
use crate::table::{self, Align, Cell, Column};
use crate::text::shown_line;

/// `stories coverage --json`. The names are a contract.
#[derive(Debug, Serialize)]
pub struct Coverage<'a> {
    pub categories: Vec<CategoryCoverage<'a>>,
    /// Categories no story can answer: the ones to prepare.
    pub gaps: Vec<&'a str>,
    /// Stories that name no category, so no question is matched to them.
    pub uncategorised: Vec<StoryName<'a>>,
}

#[derive(Debug, Serialize)]
pub struct CategoryCoverage<'a> {
    pub category: &'a str,
    /// Whether the prompt bank has questions in it (a story may name any category).
    pub in_bank: bool,
    pub stories: Vec<StoryName<'a>>,
}

#[derive(Debug, Serialize)]
pub struct StoryName<'a> {
    pub slug: &'a str,
    pub title: &'a str,
}

impl<'a> StoryName<'a> {
    fn of(story: &'a Story) -> StoryName<'a> {
        StoryName {
            slug: &story.slug,
            title: &story.title,
        }
    }
}

/// The bank's categories and any a story names, sorted, each with the stories for it.
pub fn coverage_of<'a>(bank: &[&'a str], stories: &'a [Story]) -> Coverage<'a> {
    let mut names: BTreeSet<&'a str> = bank.iter().copied().collect();
    names.extend(
        stories
            .iter()
            .flat_map(|story| story.categories.iter().map(String::as_str)),
    );
    let categories: Vec<CategoryCoverage> = names
        .into_iter()
        .map(|category| CategoryCoverage {
            category,
            in_bank: bank.contains(&category),
            stories: stories
                .iter()
                .filter(|story| story.answers(category))
                .map(StoryName::of)
                .collect(),
        })
        .collect();
    let gaps = categories
        .iter()
        .filter(|row| row.stories.is_empty())
        .map(|row| row.category)
        .collect();
    Coverage {
        categories,
        gaps,
        uncategorised: stories
            .iter()
            .filter(|story| story.categories.is_empty())
            .map(StoryName::of)
            .collect(),
    }
}

const COVERAGE_COLUMNS: [Column; 3] = [
    Column::new("category", Align::Left, false),
    Column::new("stories", Align::Right, false),
    Column::new("which", Align::Left, true),
];

/// The coverage as a table and a line naming the gaps.
pub fn coverage_text(coverage: &Coverage, width: Option<usize>, paint: Paint) -> String {
    let rows: Vec<Vec<Cell>> = coverage
        .categories
        .iter()
        .map(|row| {
            let name = if row.in_bank {
                Cell::plain(row.category)
            } else {
                Cell::colored(format!("{} (not in the bank)", row.category), Color::Yellow)
            };
            let count = if row.stories.is_empty() {
                Cell::colored("0", Color::Red)
            } else {
                Cell::plain(row.stories.len().to_string())
            };
            let titles: Vec<&str> = row.stories.iter().map(|story| story.title).collect();
            vec![name, count, Cell::plain(or_dash(&titles.join(", ")))]
        })
        .collect();
    let mut text = table::render(&COVERAGE_COLUMNS, &rows, width, paint);
    text.push('\n');
    if coverage.gaps.is_empty() {
        text.push_str("every category has a story\n");
    } else {
        text.push_str(&format!(
            "{} {}\n",
            paint.bold("no story yet for:"),
            shown_line(&coverage.gaps.join(", "))
        ));
    }
    if !coverage.uncategorised.is_empty() {
        let titles: Vec<&str> = coverage
            .uncategorised
            .iter()
            .map(|story| story.title)
            .collect();
        text.push_str(&format!(
            "no categories given (add a Categories: line) in: {}\n",
            shown_line(&titles.join(", "))
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: Paint = Paint { enabled: false };

    fn story(title: &str, categories: &[&str]) -> Story {
        Story {
            slug: title.to_lowercase().replace(' ', "-"),
            title: title.into(),
            categories: categories.iter().map(|c| c.to_string()).collect(),
            ..Story::default()
        }
    }

    #[test]
    fn coverage_lists_every_category_and_calls_out_the_gaps() {
        let stories = [
            story("Audit flag broke time entry", &["mistake", "customer"]),
            story("Team reorg", &["leadership", "teamwrk", "mistake"]),
            story("Loose story", &[]),
        ];
        let coverage = coverage_of(&["conflict", "customer", "leadership", "mistake"], &stories);
        assert_eq!(coverage.gaps, ["conflict"]);
        let text = coverage_text(&coverage, None, PLAIN);
        assert_eq!(
            text,
            "category                   stories  which\n\
             conflict                         0  -\n\
             customer                         1  Audit flag broke time entry\n\
             leadership                       1  Team reorg\n\
             mistake                          2  Audit flag broke time entry, Team reorg\n\
             teamwrk (not in the bank)        1  Team reorg\n\
             \n\
             no story yet for: conflict\n\
             no categories given (add a Categories: line) in: Loose story\n"
        );
    }
}
