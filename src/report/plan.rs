//! Today's plan: a few drills, each a story or a category to practise and why, chosen from the
//! same facts the pick weighs (categories left alone, categories scoring low) and from the
//! stories' own record (a part that keeps scoring 0, a story not told for weeks, a category
//! with no story at all, one story told so often the others go cold).
//!
//! The plan is made from the sessions before today, so it stays the same all day; today's
//! answers only tick its items off.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::star::{Part, StarTotal};
use crate::session::brief::Brief;
use crate::session::practice::PracticeFacts;
use crate::story::{Story, title_key};

/// How many drills a plan has unless asked for more or fewer.
pub const DEFAULT_COUNT: u16 = 3;

/// A story not told for this many days is due again.
const STORY_DUE_DAYS: i64 = 14;

/// A category not practised for this many days is due again.
const CATEGORY_DUE_DAYS: i64 = 7;

/// A category whose recent answers average below this STAR total is weak.
const WEAK_AVERAGE: f64 = 5.0;

/// Of the latest answers, how many one story may take before the others go cold.
const OVERUSE_WINDOW: usize = 10;
const OVERUSED: usize = 4;

/// One drill of the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanItem {
    #[serde(flatten)]
    pub target: Target,
    pub why: String,
    /// Whether an answer today already did it.
    pub done: bool,
}

/// What a drill of the plan practises.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Target {
    /// Telling this story, to a question it can answer.
    Story {
        title: String,
        slug: String,
        categories: Vec<String>,
    },
    /// A question of this category.
    Category { category: String },
}

impl Target {
    /// The drill that does it.
    pub fn command(&self) -> String {
        match self {
            Target::Story { slug, .. } => format!("rehearse drill --story {slug}"),
            Target::Category { category } => format!("rehearse drill --category {category}"),
        }
    }

    /// Whether `brief` (a completed answer) did this.
    fn done_by(&self, brief: &Brief) -> bool {
        match self {
            Target::Story { title, .. } => brief
                .story
                .as_deref()
                .is_some_and(|told| title_key(told) == title_key(title)),
            Target::Category { category } => brief.category == *category,
        }
    }
}

/// A candidate item, how urgent it is, and the kind of reason (a plan takes one of each kind
/// before a second of any, so three gaps do not crowd out a story that needs work).
struct Candidate {
    target: Target,
    why: String,
    urgency: f64,
    reason: Reason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Reason {
    MissedPart,
    NoStory,
    Overused,
    Silent,
    Weak,
    Stale,
}

/// Today's plan of `count` drills from the user's `stories`, every session in `briefs` (any
/// order) and the bank's `categories`.
pub fn plan(
    stories: &[Story],
    briefs: &[Brief],
    categories: &[&str],
    today: NaiveDate,
    count: usize,
) -> Vec<PlanItem> {
    let before: Vec<&Brief> = briefs
        .iter()
        .filter(|brief| brief.completed && brief.day() < today)
        .collect();
    let mut candidates = Vec::new();
    story_candidates(stories, &before, today, &mut candidates);
    category_candidates(stories, &before, categories, today, &mut candidates);
    candidates.sort_by(|a, b| {
        b.urgency
            .total_cmp(&a.urgency)
            .then_with(|| a.why.cmp(&b.why))
    });
    let mut chosen: Vec<&Candidate> = Vec::new();
    let mut targets = HashSet::new();
    let mut reasons = HashSet::new();
    for first_of_its_kind in [true, false] {
        for candidate in &candidates {
            if chosen.len() == count {
                break;
            }
            if first_of_its_kind && reasons.contains(&candidate.reason) {
                continue;
            }
            if targets.insert(candidate.target.clone()) {
                reasons.insert(candidate.reason);
                chosen.push(candidate);
            }
        }
    }
    chosen.sort_by(|a, b| {
        b.urgency
            .total_cmp(&a.urgency)
            .then_with(|| a.why.cmp(&b.why))
    });
    let mut items: Vec<PlanItem> = chosen
        .into_iter()
        .map(|candidate| PlanItem {
            target: candidate.target.clone(),
            why: candidate.why.clone(),
            done: false,
        })
        .collect();
    // Each answer today ticks off one item, the first it does.
    for brief in briefs
        .iter()
        .filter(|brief| brief.completed && brief.day() == today)
    {
        if let Some(item) = items
            .iter_mut()
            .find(|item| !item.done && item.target.done_by(brief))
        {
            item.done = true;
        }
    }
    items
}

fn story_target(story: &Story) -> Target {
    Target::Story {
        title: story.title.clone(),
        slug: story.slug.clone(),
        categories: story.categories.clone(),
    }
}

/// The stories that need telling: a part that keeps scoring 0, a long silence, or a rest for
/// another story that takes every answer.
fn story_candidates(
    stories: &[Story],
    before: &[&Brief],
    today: NaiveDate,
    candidates: &mut Vec<Candidate>,
) {
    // Newest first, each story's tellings.
    let mut newest: Vec<&Brief> = before.to_vec();
    newest.sort_by_key(|brief| std::cmp::Reverse(brief.started_at));
    let mut tellings: HashMap<String, Vec<&Brief>> = HashMap::new();
    for brief in &newest {
        if let Some(story) = brief.story.as_deref() {
            tellings.entry(title_key(story)).or_default().push(brief);
        }
    }
    for story in stories {
        let told = tellings.get(&title_key(&story.title));
        if let Some((part, zeros, of)) = told.and_then(|told| missed_part(told)) {
            candidates.push(Candidate {
                target: story_target(story),
                why: format!(
                    "its {} scored 0 in {zeros} of its last {of} tellings",
                    part.name()
                ),
                urgency: 100.0 + zeros as f64,
                reason: Reason::MissedPart,
            });
        }
        match told.and_then(|told| told.first()) {
            None => candidates.push(Candidate {
                target: story_target(story),
                why: "never told yet".to_string(),
                urgency: 60.0 + STORY_DUE_DAYS as f64,
                reason: Reason::Silent,
            }),
            Some(last) => {
                let days = (today - last.day()).num_days();
                if days >= STORY_DUE_DAYS {
                    candidates.push(Candidate {
                        target: story_target(story),
                        why: format!("not told for {days} days"),
                        urgency: 60.0 + days.min(30) as f64 / 2.0,
                        reason: Reason::Silent,
                    });
                }
            }
        }
    }
    // A story in too many of the latest answers: another for its category.
    let latest: Vec<&&Brief> = newest.iter().take(OVERUSE_WINDOW).collect();
    let mut uses: HashMap<String, usize> = HashMap::new();
    for brief in &latest {
        if let Some(story) = brief.story.as_deref() {
            *uses.entry(title_key(story)).or_default() += 1;
        }
    }
    for story in stories {
        let used = uses.get(&title_key(&story.title)).copied().unwrap_or(0);
        if used < OVERUSED {
            continue;
        }
        let rest = stories
            .iter()
            .filter(|other| other.slug != story.slug)
            .filter(|other| other.categories.iter().any(|c| story.answers(c)))
            .min_by_key(|other| {
                (
                    tellings.get(&title_key(&other.title)).map_or(0, Vec::len),
                    title_key(&other.title),
                )
            });
        if let Some(rest) = rest {
            candidates.push(Candidate {
                target: story_target(rest),
                why: format!(
                    "'{}' was in {used} of your last {} answers: tell this one instead",
                    story.title,
                    latest.len()
                ),
                urgency: 78.0,
                reason: Reason::Overused,
            });
        }
    }
}

/// The part scored 0 in at least two of a story's last three scored tellings (`told` newest
/// first), with how often and out of how many.
fn missed_part(told: &[&Brief]) -> Option<(Part, usize, usize)> {
    let scored: Vec<&&Brief> = told
        .iter()
        .filter(|brief| brief.scores.is_some())
        .take(3)
        .collect();
    Part::SCORED
        .into_iter()
        .map(|part| {
            let zeros = scored
                .iter()
                .filter(|brief| {
                    brief
                        .scores
                        .and_then(|scores| scores.get(part))
                        .map(|score| score.value())
                        == Some(0)
                })
                .count();
            (part, zeros, scored.len())
        })
        .filter(|(_, zeros, _)| *zeros >= 2)
        .max_by_key(|(_, zeros, _)| *zeros)
}

/// The categories that need practice: one with no story, one scoring low, one left alone.
fn category_candidates(
    stories: &[Story],
    before: &[&Brief],
    categories: &[&str],
    today: NaiveDate,
    candidates: &mut Vec<Candidate>,
) {
    let facts = PracticeFacts::from_briefs(before.iter().copied());
    for &category in categories {
        let target = Target::Category {
            category: category.to_string(),
        };
        let days = facts
            .last_practised(category)
            .map(|day| (today - day).num_days());
        if !stories.iter().any(|story| story.answers(category)) {
            candidates.push(Candidate {
                target: target.clone(),
                why: format!(
                    "no story for {category} yet: answer one and start a story in the review"
                ),
                urgency: 80.0 + days.unwrap_or(30).min(30) as f64 / 10.0,
                reason: Reason::NoStory,
            });
        }
        if let Some(average) = facts.recent_star_average(category)
            && average < WEAK_AVERAGE
        {
            candidates.push(Candidate {
                target: target.clone(),
                why: format!(
                    "{category} averages {} lately",
                    StarTotal::average_text(average)
                ),
                urgency: 50.0 + (WEAK_AVERAGE - average) * 5.0,
                reason: Reason::Weak,
            });
        }
        match days {
            None => candidates.push(Candidate {
                target,
                why: format!("{category} never practised"),
                urgency: 40.0 + 30.0,
                reason: Reason::Stale,
            }),
            Some(days) if days >= CATEGORY_DUE_DAYS => candidates.push(Candidate {
                target,
                why: format!("{category} not practised for {days} days"),
                urgency: 40.0 + days.min(30) as f64,
                reason: Reason::Stale,
            }),
            Some(days) => candidates.push(Candidate {
                target,
                why: format!(
                    "keep {category} warm: last practised {}",
                    match days {
                        0 | 1 => "yesterday".to_string(),
                        n => format!("{n} days ago"),
                    }
                ),
                urgency: days as f64,
                reason: Reason::Stale,
            }),
        }
    }
}

/// `today's plan: 1 of 3 done; next: tell 'Team reorg' (not told for 18 days)`, or that it is
/// all done. `None` for an empty plan.
pub fn plan_progress(items: &[PlanItem]) -> Option<String> {
    if items.is_empty() {
        return None;
    }
    let done = items.iter().filter(|item| item.done).count();
    Some(match items.iter().find(|item| !item.done) {
        None => format!("today's plan is done ({done} of {done})"),
        Some(next) => format!(
            "today's plan: {done} of {} done; next: {} ({})",
            items.len(),
            describe(&next.target),
            next.why
        ),
    })
}

/// `tell 'Team reorg'`, `a conflict question`.
pub fn describe(target: &Target) -> String {
    match target {
        Target::Story { title, .. } => format!("tell '{title}'"),
        Target::Category { category } => {
            let article = if category.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            format!("{article} {category} question")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::SessionBuilder;

    fn story(slug: &str, title: &str, categories: &[&str]) -> Story {
        Story {
            slug: slug.into(),
            ..Story::bare(
                title,
                &categories.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
            )
        }
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    /// A completed answer on `date` to a `category` question, telling `story`, scored.
    fn told(n: usize, date: &str, category: &str, story: Option<&str>, scores: &str) -> Brief {
        let mut builder = SessionBuilder::new(&format!("{category}-q{n}"))
            .category(category)
            .id(&format!("{}-0800{n:02}-p{n:03}", date.replace('-', "")))
            .at(&format!("{date}T08:00:{n:02}+00:00"))
            .scores(scores);
        if let Some(story) = story {
            builder = builder.story(story);
        }
        Brief::of(&builder.build())
    }

    #[test]
    fn the_plan_goes_to_missed_parts_gaps_and_silent_stories() {
        let stories = [
            story("reorg", "Team reorg", &["conflict"]),
            story("outage", "Login outage", &["mistake"]),
            story("pricing", "Pricing test", &["conflict"]),
        ];
        let briefs = [
            told(1, "2026-11-30", "conflict", Some("Team reorg"), "2220"),
            told(2, "2026-11-29", "conflict", Some("Team reorg"), "2120"),
            told(3, "2026-11-28", "conflict", Some("Team reorg"), "2222"),
            told(4, "2026-11-10", "mistake", Some("Login outage"), "2222"),
            told(5, "2026-11-30", "mistake", None, "2222"),
        ];
        let items = plan(
            &stories,
            &briefs,
            &["conflict", "growth", "mistake"],
            day("2026-12-02"),
            3,
        );
        let shown: Vec<(String, &str)> = items
            .iter()
            .map(|item| (describe(&item.target), item.why.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "tell 'Team reorg'".to_string(),
                    "its Result scored 0 in 2 of its last 3 tellings"
                ),
                (
                    "a growth question".to_string(),
                    "no story for growth yet: answer one and start a story in the review"
                ),
                ("tell 'Pricing test'".to_string(), "never told yet"),
            ]
        );
        assert!(items.iter().all(|item| !item.done));
        assert_eq!(items[0].target.command(), "rehearse drill --story reorg");
    }

    #[test]
    fn todays_answers_tick_items_off_and_the_plan_stays_put() {
        let stories = [story("reorg", "Team reorg", &["conflict"])];
        let before = vec![told(
            1,
            "2026-11-01",
            "conflict",
            Some("Team reorg"),
            "2222",
        )];
        let morning = plan(&stories, &before, &["conflict"], day("2026-12-02"), 2);
        let mut after = before.clone();
        after.push(told(
            2,
            "2026-12-02",
            "conflict",
            Some("team REORG"),
            "1111",
        ));
        let evening = plan(&stories, &after, &["conflict"], day("2026-12-02"), 2);
        assert_eq!(
            morning.iter().map(|i| &i.target).collect::<Vec<_>>(),
            evening.iter().map(|i| &i.target).collect::<Vec<_>>(),
            "today's answers do not change the plan"
        );
        assert_eq!(evening.iter().filter(|item| item.done).count(), 1);
        assert_eq!(
            plan_progress(&evening).unwrap(),
            format!(
                "today's plan: 1 of 2 done; next: {} ({})",
                describe(&evening[1].target),
                evening[1].why
            )
        );
    }

    #[test]
    fn a_story_in_most_answers_gives_way_to_another() {
        let stories = [
            story("reorg", "Team reorg", &["conflict"]),
            story("pricing", "Pricing test", &["conflict"]),
        ];
        let briefs: Vec<Brief> = (1..=5)
            .map(|n| told(n, "2026-12-01", "conflict", Some("Team reorg"), "2222"))
            .chain([told(
                9,
                "2026-11-01",
                "conflict",
                Some("Pricing test"),
                "2222",
            )])
            .collect();
        let items = plan(&stories, &briefs, &["conflict"], day("2026-12-02"), 1);
        assert_eq!(describe(&items[0].target), "tell 'Pricing test'");
        assert_eq!(
            items[0].why,
            "'Team reorg' was in 5 of your last 6 answers: tell this one instead"
        );
    }
}
