//! Choosing a prompt: a draw that leans toward weak spots, or a plain random one, both made
//! repeatable by a seed.
//!
//! The weighted draw gives each allowed prompt a weight from the practice history and draws in
//! proportion to it. The weight is a product of plain factors (see the constants), so
//! `pick --explain` can name each one:
//!
//! - a prompt never answered counts [`NEVER_ANSWERED`] times;
//! - a category left alone gains `1 + min(days, STALE_DAYS_CAP) / STALE_DAYS_PER_STEP`;
//! - a category whose recent answers scored low gains `1 + (8 - average) / 8`;
//! - a prompt answered in the last [`RECENT_DAYS`] days is held back while any other remains.
//!
//! Everything here is pure: the history comes in as [`PracticeFacts`] and today as an argument.

use chrono::NaiveDate;
use rand::RngExt;
use rand::SeedableRng;
use rand::seq::IndexedRandom;
use rand_chacha::ChaCha8Rng;

use super::Prompt;
use crate::domain::star::StarTotal;

/// How much more likely a prompt never answered is than one answered before (and not
/// recently). Three keeps new questions coming without starving re-practice of old ones.
pub const NEVER_ANSWERED: f64 = 3.0;

/// A category's staleness stops growing after this many days: a month away is neglect enough,
/// and an unbounded factor would let one forgotten category swallow every draw. A category
/// never practised counts as this many days.
pub const STALE_DAYS_CAP: i64 = 30;

/// Each week away from a category adds one to its staleness factor (so 30 days is about 5.3).
pub const STALE_DAYS_PER_STEP: f64 = 7.0;

pub use crate::session::practice::{PracticeFacts, RECENT_SCORED};

/// The best STAR total. A category averaging this gains nothing; one averaging zero counts
/// double.
const STAR_MAX: f64 = StarTotal::MAX as f64;

/// A prompt answered fewer than this many days ago (today is 0 days) is held back while any
/// prompt that was not remains, so the same question does not come round again within a week.
pub const RECENT_DAYS: i64 = 7;

/// The random source for picking: seeded when the user gave `--seed`, else fresh.
///
/// ChaCha8 rather than the standard generator because its output for a seed is fixed, so a
/// seed keeps naming the same prompt across builds.
pub fn picker_rng(seed: Option<u64>) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed.unwrap_or_else(rand::random))
}

/// One prompt drawn evenly from `candidates`, or `None` when there are none.
///
/// Candidates are put in id order first, so the draw for a seed depends only on which prompts
/// are allowed, not on the order files were read in.
pub fn pick_uniform<'a>(candidates: &[&'a Prompt], rng: &mut ChaCha8Rng) -> Option<&'a Prompt> {
    let mut ordered = candidates.to_vec();
    ordered.sort_by(|a, b| a.id.cmp(&b.id));
    ordered.choose(rng).copied()
}

/// A candidate prompt, its weight in the draw, and why it weighs that much.
#[derive(Debug, Clone, PartialEq)]
pub struct Weighted<'a> {
    pub prompt: &'a Prompt,
    /// Relative: only its share of the total matters. Zero when held back.
    pub weight: f64,
    /// Short phrases for `--explain`, one for each factor that moved the weight.
    pub reasons: Vec<String>,
}

/// Weighs every candidate by the history (see the module notes), in id order.
///
/// Prompts answered in the last [`RECENT_DAYS`] days get weight zero while any other candidate
/// remains; when every candidate is that recent, they keep their weights so a draw still
/// happens.
pub fn weigh<'a>(
    candidates: &[&'a Prompt],
    facts: &PracticeFacts,
    today: NaiveDate,
) -> Vec<Weighted<'a>> {
    let mut ordered = candidates.to_vec();
    ordered.sort_by(|a, b| a.id.cmp(&b.id));
    ordered.dedup_by(|a, b| a.id == b.id);
    let days_since = |day: NaiveDate| (today - day).num_days().max(0);
    let recent = |prompt: &Prompt| {
        facts
            .last_answered(&prompt.id)
            .is_some_and(|day| days_since(day) < RECENT_DAYS)
    };
    let hold_back_recent = ordered.iter().any(|prompt| !recent(prompt));
    ordered
        .into_iter()
        .map(|prompt| {
            let mut weight = 1.0;
            let mut reasons = Vec::new();
            let category = &prompt.category;
            match facts.last_answered(&prompt.id) {
                None => {
                    weight *= NEVER_ANSWERED;
                    reasons.push(format!("never answered{}", times(NEVER_ANSWERED)));
                }
                Some(day) => {
                    let days = days_since(day);
                    let when = ago(days);
                    if days < RECENT_DAYS && hold_back_recent {
                        weight = 0.0;
                        reasons.push(format!("answered {when}: held back this week"));
                    } else {
                        reasons.push(format!("answered {when}"));
                    }
                }
            }
            let stale_days = facts
                .last_practised(category)
                .map_or(STALE_DAYS_CAP, days_since)
                .min(STALE_DAYS_CAP);
            let stale = 1.0 + stale_days as f64 / STALE_DAYS_PER_STEP;
            weight *= stale;
            let stale = times(stale);
            reasons.push(match facts.last_practised(category) {
                None => format!("{category} never practised{stale}"),
                Some(day) if days_since(day) == 0 => format!("{category} practised today"),
                Some(day) => format!(
                    "{category} not practised for {}{stale}",
                    days(days_since(day))
                ),
            });
            if let Some(average) = facts.recent_star_average(category) {
                let low = 1.0 + (STAR_MAX - average).clamp(0.0, STAR_MAX) / STAR_MAX;
                weight *= low;
                reasons.push(format!(
                    "{category} averages {} lately{}",
                    StarTotal::average_text(average),
                    times(low)
                ));
            }
            Weighted {
                prompt,
                weight,
                reasons,
            }
        })
        .collect()
}

/// " (x5.3)": how much a factor multiplied the weight; nothing when it changed nothing.
fn times(factor: f64) -> String {
    let shown = format!("{factor:.1}");
    if shown == "1.0" {
        String::new()
    } else {
        format!(" (x{})", shown.trim_end_matches(".0"))
    }
}

/// "today", "yesterday", "12 days ago".
fn ago(days: i64) -> String {
    match days {
        0 => "today".to_string(),
        1 => "yesterday".to_string(),
        _ => format!("{} ago", self::days(days)),
    }
}

/// "1 day", "12 days".
fn days(days: i64) -> String {
    if days == 1 {
        "1 day".to_string()
    } else {
        format!("{days} days")
    }
}

/// One prompt drawn with chances in proportion to the weights, or `None` when no candidate
/// has any weight. The same list and the same rng state give the same prompt.
pub fn pick_weighted<'a>(weighted: &[Weighted<'a>], rng: &mut ChaCha8Rng) -> Option<&'a Prompt> {
    let total: f64 = weighted.iter().map(|w| w.weight.max(0.0)).sum();
    if !(total > 0.0 && total.is_finite()) {
        return None;
    }
    let mut point = rng.random_range(0.0..total);
    let mut last_heavy = None;
    for candidate in weighted.iter().filter(|w| w.weight > 0.0) {
        if point < candidate.weight {
            return Some(candidate.prompt);
        }
        point -= candidate.weight;
        last_heavy = Some(candidate.prompt);
    }
    // Rounding can leave the point a hair past the end: it belongs to the last candidate.
    last_heavy
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::Origin;
    use crate::domain::star::Part;
    use crate::session::brief::Brief;
    use crate::testkit::{SessionBuilder, prompt};
    use std::collections::HashMap;

    /// The day the fixed histories count back from.
    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    /// A completed answer to `prompt_id` in `category`, `days_ago` days before [`today`], with
    /// this STAR total (spread over the parts) or unscored.
    fn answer(prompt_id: &str, category: &str, days_ago: u64, total: Option<u8>) -> Brief {
        let day = today() - chrono::Days::new(days_ago);
        let mut session = SessionBuilder::new(prompt_id)
            .category(category)
            .at(&format!("{day}T09:00:00+01:00"));
        if let Some(total) = total {
            for (n, part) in Part::SCORED.into_iter().enumerate() {
                session = session.score(part, total.saturating_sub(2 * n as u8).min(2));
            }
        }
        Brief::of(&session.build())
    }

    /// How often each prompt id comes up over `draws` seeded weighted picks.
    fn tally(candidates: &[&Prompt], facts: &PracticeFacts, draws: u64) -> HashMap<String, usize> {
        let weighted = weigh(candidates, facts, today());
        let mut counts = HashMap::new();
        for seed in 0..draws {
            let picked = pick_weighted(&weighted, &mut picker_rng(Some(seed))).unwrap();
            *counts.entry(picked.id.clone()).or_default() += 1;
        }
        counts
    }

    fn prompts(count: usize) -> Vec<Prompt> {
        (0..count)
            .map(|n| Prompt {
                id: format!("p-{n:02}"),
                category: "c".into(),
                text: "q?".into(),
                alternates: vec![],
                follow_ups: vec![],
                origin: Origin::default(),
            })
            .collect()
    }

    #[test]
    fn the_same_seed_picks_the_same_prompt_whatever_the_order() {
        let all = prompts(20);
        let forward: Vec<&Prompt> = all.iter().collect();
        let backward: Vec<&Prompt> = all.iter().rev().collect();
        for seed in 0..50 {
            let a = pick_uniform(&forward, &mut picker_rng(Some(seed))).unwrap();
            let b = pick_uniform(&backward, &mut picker_rng(Some(seed))).unwrap();
            assert_eq!(a.id, b.id, "seed {seed}");
        }
    }

    #[test]
    fn different_seeds_reach_every_prompt_about_evenly() {
        let all = prompts(10);
        let candidates: Vec<&Prompt> = all.iter().collect();
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for seed in 0..5000 {
            let picked = pick_uniform(&candidates, &mut picker_rng(Some(seed))).unwrap();
            *counts.entry(picked.id.as_str()).or_default() += 1;
        }
        assert_eq!(counts.len(), 10);
        // 500 expected each; the bounds are many standard deviations wide.
        assert!(
            counts.values().all(|&n| (380..=620).contains(&n)),
            "{counts:?}"
        );
    }

    #[test]
    fn no_candidates_means_no_pick() {
        assert!(pick_uniform(&[], &mut picker_rng(Some(1))).is_none());
    }

    #[test]
    fn a_category_never_practised_comes_up_several_times_as_often_as_one_practised_today() {
        // Three fresh prompts in each category; "conflict" was practised today (on a prompt
        // outside the candidates, so only the category differs), "failure" never.
        let all = [
            prompt("conflict-a", "conflict"),
            prompt("conflict-b", "conflict"),
            prompt("conflict-c", "conflict"),
            prompt("failure-a", "failure"),
            prompt("failure-b", "failure"),
            prompt("failure-c", "failure"),
        ];
        let candidates: Vec<&Prompt> = all.iter().collect();
        let facts = PracticeFacts::from_briefs(&[answer("conflict-z", "conflict", 0, Some(8))]);
        let counts = tally(&candidates, &facts, 5000);
        let in_category = |category: &str| -> usize {
            counts
                .iter()
                .filter(|(id, _)| id.starts_with(category))
                .map(|(_, n)| n)
                .sum()
        };
        let (never, today) = (in_category("failure"), in_category("conflict"));
        // The weights say 1 + 30/7 = 5.3 to 1 (about 4210 to 790).
        assert!(never >= 3 * today, "never {never}, today {today}");
        assert!(today > 0, "practised today must still come up sometimes");
    }

    #[test]
    fn a_low_recent_star_average_weighs_more_than_a_high_one() {
        let all = [
            prompt("conflict-a", "conflict"),
            prompt("failure-a", "failure"),
        ];
        let candidates: Vec<&Prompt> = all.iter().collect();
        let history = [
            answer("conflict-z", "conflict", 10, Some(2)),
            answer("failure-z", "failure", 10, Some(8)),
        ];
        let weighted = weigh(&candidates, &PracticeFacts::from_briefs(&history), today());
        assert_eq!(weighted[0].prompt.id, "conflict-a");
        assert!((weighted[0].weight / weighted[1].weight - 1.75).abs() < 1e-9);
        assert!(
            weighted[0]
                .reasons
                .contains(&"conflict averages 2.0/8 lately (x1.8)".to_string()),
            "{:?}",
            weighted[0].reasons
        );
    }

    #[test]
    fn only_the_newest_scored_answers_make_the_average() {
        let mut history: Vec<Brief> = (10..20)
            .map(|days| answer("conflict-z", "conflict", days, Some(0)))
            .collect();
        history.extend(
            (1..=RECENT_SCORED as u64).map(|d| answer("conflict-y", "conflict", d, Some(8))),
        );
        history.push(answer("conflict-x", "conflict", 0, None));
        history.reverse();
        let facts = PracticeFacts::from_briefs(&history);
        assert_eq!(facts.recent_star_average("conflict"), Some(8.0));
        assert_eq!(facts.last_practised("conflict"), Some(today()));
        assert_eq!(facts.recent_star_average("failure"), None);
    }

    #[test]
    fn a_prompt_answered_yesterday_is_not_chosen_while_fresh_ones_remain() {
        let all = prompts(6);
        let candidates: Vec<&Prompt> = all.iter().collect();
        let history = [
            answer("p-00", "c", 1, Some(1)),
            answer("p-03", "c", 6, None),
            answer("p-04", "c", 7, None),
        ];
        let counts = tally(&candidates, &PracticeFacts::from_briefs(&history), 5000);
        assert!(!counts.contains_key("p-00"), "{counts:?}");
        assert!(!counts.contains_key("p-03"), "{counts:?}");
        // A week ago is no longer held back.
        assert!(counts.contains_key("p-04"), "{counts:?}");
        // Never answered weighs three times answered-before.
        let ratio = counts["p-01"] as f64 / counts["p-04"] as f64;
        assert!((2.5..3.5).contains(&ratio), "{counts:?}");
    }

    #[test]
    fn when_every_prompt_was_answered_this_week_it_still_picks() {
        let all = prompts(3);
        let candidates: Vec<&Prompt> = all.iter().collect();
        let history = [
            answer("p-00", "c", 0, None),
            answer("p-01", "c", 1, None),
            answer("p-02", "c", 2, None),
        ];
        let weighted = weigh(&candidates, &PracticeFacts::from_briefs(&history), today());
        assert!(weighted.iter().all(|w| w.weight > 0.0), "{weighted:?}");
        let counts = tally(&candidates, &PracticeFacts::from_briefs(&history), 300);
        assert_eq!(counts.len(), 3, "{counts:?}");
    }

    #[test]
    fn the_same_seed_and_history_give_the_same_weighted_pick_whatever_the_order() {
        let all = prompts(20);
        let forward: Vec<&Prompt> = all.iter().collect();
        let backward: Vec<&Prompt> = all.iter().rev().collect();
        let mut history = vec![
            answer("p-01", "c", 3, Some(4)),
            answer("p-05", "c", 12, Some(6)),
            answer("p-09", "c", 40, None),
        ];
        let facts = PracticeFacts::from_briefs(&history);
        history.reverse();
        let reversed = PracticeFacts::from_briefs(&history);
        for seed in 0..50 {
            let a = pick_weighted(
                &weigh(&forward, &facts, today()),
                &mut picker_rng(Some(seed)),
            );
            let b = pick_weighted(
                &weigh(&backward, &reversed, today()),
                &mut picker_rng(Some(seed)),
            );
            assert_eq!(a.unwrap().id, b.unwrap().id, "seed {seed}");
        }
    }

    #[test]
    fn the_uniform_draw_ignores_the_history() {
        // pick_uniform takes no history at all; a history that the weighted draw would avoid
        // every time still leaves the uniform draw even.
        let all = prompts(4);
        let candidates: Vec<&Prompt> = all.iter().collect();
        let facts = PracticeFacts::from_briefs(&[answer("p-00", "c", 0, Some(8))]);
        assert!(!tally(&candidates, &facts, 2000).contains_key("p-00"));
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for seed in 0..4000 {
            let picked = pick_uniform(&candidates, &mut picker_rng(Some(seed))).unwrap();
            *counts.entry(picked.id.as_str()).or_default() += 1;
        }
        // 1000 expected each.
        assert!(
            counts.values().all(|&n| (850..=1150).contains(&n)),
            "{counts:?}"
        );
    }

    #[test]
    fn aborted_answers_do_not_count() {
        let mut aborted = answer("p-00", "c", 0, Some(0));
        aborted.completed = false;
        let facts = PracticeFacts::from_briefs(&[aborted]);
        assert_eq!(facts.last_answered("p-00"), None);
        assert_eq!(facts.last_practised("c"), None);
    }

    #[test]
    fn nothing_weighed_means_no_weighted_pick() {
        assert!(pick_weighted(&[], &mut picker_rng(Some(1))).is_none());
    }
}
