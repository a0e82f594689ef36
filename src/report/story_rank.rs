//! Which stories to offer for a question: those that fit its category first, and among them
//! the ones told least for it, then the weakest, so practice spreads over the bank and goes
//! where it is needed.

use std::collections::HashMap;

use super::tally::Tally;
use crate::domain::star::StarTotal;
use crate::session::brief::Brief;
use crate::story::{Story, title_key};

/// A story offered for a question, and why it stands where it does.
#[derive(Debug, Clone, PartialEq)]
pub struct Offered<'a> {
    pub story: &'a Story,
    /// Whether the story names the question's category.
    pub fits: bool,
    /// Completed answers that told it for this category.
    pub told_here: usize,
    /// Its average STAR total over every scored telling.
    pub average: Option<f64>,
}

impl Offered<'_> {
    /// `never told for conflict`, `told 3 times for conflict, 5.5/8`.
    pub fn reason(&self, category: &str) -> String {
        let told = match self.told_here {
            0 => format!("never told for {category}"),
            1 => format!("told once for {category}"),
            n => format!("told {n} times for {category}"),
        };
        match (self.fits, self.average) {
            (false, _) => format!("not marked for {category}"),
            (true, Some(average)) => format!("{told}, {}", StarTotal::average_text(average)),
            (true, None) => told,
        }
    }
}

/// Every story, in the order to offer them for a question of `category`, from `briefs`
/// (sessions in brief, any order; aborted answers do not count).
pub fn stories_for<'a>(stories: &'a [Story], briefs: &[Brief], category: &str) -> Vec<Offered<'a>> {
    let mut here: HashMap<String, usize> = HashMap::new();
    let mut overall: HashMap<String, Tally> = HashMap::new();
    for brief in briefs.iter().filter(|brief| brief.completed) {
        let Some(story) = brief.story.as_deref() else {
            continue;
        };
        let key = title_key(story);
        if brief.category == category {
            *here.entry(key.clone()).or_default() += 1;
        }
        overall
            .entry(key)
            .or_default()
            .add(brief.day(), brief.star_total());
    }
    let mut offered: Vec<Offered<'a>> = stories
        .iter()
        .map(|story| {
            let key = title_key(&story.title);
            Offered {
                story,
                fits: story.answers(category),
                told_here: here.get(&key).copied().unwrap_or(0),
                average: overall.get(&key).and_then(Tally::average_total),
            }
        })
        .collect();
    // An unscored story counts as the weakest: nothing says it is ready.
    offered.sort_by(|a, b| {
        b.fits
            .cmp(&a.fits)
            .then(a.told_here.cmp(&b.told_here))
            .then(
                a.average
                    .unwrap_or(-1.0)
                    .total_cmp(&b.average.unwrap_or(-1.0)),
            )
            .then_with(|| title_key(&a.story.title).cmp(&title_key(&b.story.title)))
    });
    offered
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::SessionBuilder;

    fn story(title: &str, categories: &[&str]) -> Story {
        Story::bare(
            title,
            &categories.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
        )
    }

    fn told(story: &str, category: &str, scores: Option<&str>, n: usize) -> Brief {
        let mut builder = SessionBuilder::new(&format!("{category}-q"))
            .category(category)
            .id(&format!("20261120-0800{n:02}-r{n:03}"))
            .at(&format!("2026-11-20T08:00:{n:02}+00:00"))
            .story(story);
        if let Some(scores) = scores {
            builder = builder.scores(scores);
        }
        Brief::of(&builder.build())
    }

    #[test]
    fn fitting_stories_come_first_least_told_then_weakest() {
        let stories = [
            story("Reorg", &["conflict"]),
            story("Outage", &["mistake"]),
            story("Migration", &["conflict", "ownership"]),
            story("Pricing", &["conflict"]),
        ];
        let briefs = [
            told("Reorg", "conflict", Some("2222"), 1),
            told("Migration", "conflict", Some("2111"), 2),
            told("migration", "ownership", Some("1111"), 3),
            told("Pricing", "conflict", Some("2221"), 4),
        ];
        let offered = stories_for(&stories, &briefs, "conflict");
        let order: Vec<&str> = offered.iter().map(|o| o.story.title.as_str()).collect();
        assert_eq!(order, ["Migration", "Pricing", "Reorg", "Outage"]);
        assert_eq!(
            offered[0].reason("conflict"),
            "told once for conflict, 4.5/8"
        );
        assert_eq!(offered[3].reason("conflict"), "not marked for conflict");
        let fresh = stories_for(&stories, &[], "conflict");
        assert_eq!(fresh[0].reason("conflict"), "never told for conflict");
    }
}
