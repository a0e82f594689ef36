//! Drawing the prompts of a drill or a `pick`: the allowed candidates, then one weighted (or
//! plain) draw a question, never the same prompt twice, from one rng so a seed repeats the
//! whole series.

use chrono::NaiveDate;
use rand_chacha::ChaCha8Rng;

use super::pick::{PracticeFacts, Weighted, pick_uniform, pick_weighted, picker_rng, weigh};
use super::{Bank, Prompt};
use crate::exit::BadInput;

/// Which prompts may be drawn, and how.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Choice {
    /// Only these categories; empty allows all.
    pub categories: Vec<String>,
    /// The same draw every time for the same bank and history.
    pub seed: Option<u64>,
    /// A plain random draw, not leaning toward what was neglected.
    pub uniform: bool,
}

/// The prompts a draw chose, and the weights the first of them was drawn with.
pub struct Draw<'a> {
    pub chosen: Vec<&'a Prompt>,
    /// Every candidate of the first draw; with `uniform` each weighs 1 and has no reasons.
    pub first_round: Vec<Weighted<'a>>,
    /// The rng after the draw, for whatever else the drill draws (a follow-up probe), so a
    /// seed repeats that too.
    pub rng: ChaCha8Rng,
}

/// Draws `count` prompts; `facts` is asked for only when the draw is weighted.
pub fn draw<'a>(
    bank: &'a Bank,
    choice: &Choice,
    count: usize,
    facts: impl FnOnce() -> PracticeFacts,
    today: NaiveDate,
) -> Result<Draw<'a>, BadInput> {
    let mut left = candidates(bank, choice, count)?;
    let mut rng = picker_rng(choice.seed);
    let facts = (!choice.uniform).then(facts);
    let mut chosen = Vec::with_capacity(count);
    let mut first_round = Vec::new();
    while chosen.len() < count {
        // Weighed again each round: once fresh prompts run out, the held-back ones return.
        let (prompt, weighted) = one_of(&left, facts.as_ref(), today, &mut rng)?;
        if chosen.is_empty() {
            first_round = weighted;
        }
        left.retain(|candidate| candidate.id != prompt.id);
        chosen.push(prompt);
    }
    Ok(Draw {
        chosen,
        first_round,
        rng,
    })
}

/// Draws one prompt for each of `wanted` (each a set of categories the prompt should come
/// from; empty, or none of them in the bank, allows any), never the same prompt twice while
/// others are left, from one rng so a seed repeats the series. For practising given stories,
/// each from its own categories.
pub fn draw_each<'a>(
    bank: &'a Bank,
    wanted: &[Vec<String>],
    choice: &Choice,
    facts: impl FnOnce() -> PracticeFacts,
    today: NaiveDate,
) -> Result<Draw<'a>, BadInput> {
    if bank.prompts.is_empty() {
        return Err(BadInput::new("the prompt bank is empty"));
    }
    let known = bank.categories();
    let mut rng = picker_rng(choice.seed);
    let facts = (!choice.uniform).then(facts);
    let mut chosen: Vec<&'a Prompt> = Vec::with_capacity(wanted.len());
    let mut first_round = Vec::new();
    for categories in wanted {
        let categories: Vec<String> = categories
            .iter()
            .filter(|category| known.contains(&category.as_str()))
            .cloned()
            .collect();
        let allowed = bank.in_categories(&categories)?;
        let fresh: Vec<&'a Prompt> = allowed
            .iter()
            .copied()
            .filter(|prompt| !chosen.iter().any(|taken| taken.id == prompt.id))
            .collect();
        // Once a story's questions are all taken, one is asked again rather than none.
        let left = if fresh.is_empty() { allowed } else { fresh };
        let (prompt, weighted) = one_of(&left, facts.as_ref(), today, &mut rng)?;
        if chosen.is_empty() {
            first_round = weighted;
        }
        chosen.push(prompt);
    }
    Ok(Draw {
        chosen,
        first_round,
        rng,
    })
}

/// The prompts the choice allows, after checking there are at least `count`.
fn candidates<'a>(
    bank: &'a Bank,
    choice: &Choice,
    count: usize,
) -> Result<Vec<&'a Prompt>, BadInput> {
    let candidates = bank.in_categories(&choice.categories)?;
    if candidates.is_empty() {
        return Err(BadInput::new("the prompt bank is empty"));
    }
    if candidates.len() < count {
        let n = candidates.len();
        let which = if choice.categories.is_empty() {
            "the bank"
        } else {
            "those categories"
        };
        return Err(BadInput::new(format!(
            "only {n} prompts in {which}; ask for fewer with --count"
        )));
    }
    Ok(candidates)
}

/// One prompt of `left`, weighed by `facts` (evenly without), and the weights it was drawn
/// with.
fn one_of<'a>(
    left: &[&'a Prompt],
    facts: Option<&PracticeFacts>,
    today: NaiveDate,
    rng: &mut ChaCha8Rng,
) -> Result<(&'a Prompt, Vec<Weighted<'a>>), BadInput> {
    let weighted = match facts {
        Some(facts) => weigh(left, facts, today),
        None => evenly(left),
    };
    let prompt = next_prompt(&weighted, left, facts.is_none(), rng)
        .ok_or_else(|| BadInput::new("the prompt bank is empty"))?;
    Ok((prompt, weighted))
}

/// The next prompt: the plain draw `pick_uniform` makes when uniform (so a seed names the
/// same prompt it always did), else the weighted one.
fn next_prompt<'a>(
    weighted: &[Weighted<'a>],
    left: &[&'a Prompt],
    uniform: bool,
    rng: &mut ChaCha8Rng,
) -> Option<&'a Prompt> {
    if uniform {
        pick_uniform(left, rng)
    } else {
        pick_weighted(weighted, rng)
    }
}

/// Every candidate at weight 1, for explaining a uniform draw.
fn evenly<'a>(candidates: &[&'a Prompt]) -> Vec<Weighted<'a>> {
    let mut ordered = candidates.to_vec();
    ordered.sort_by(|a, b| a.id.cmp(&b.id));
    ordered
        .into_iter()
        .map(|prompt| Weighted {
            prompt,
            weight: 1.0,
            reasons: Vec::new(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::testkit::prompt;

    fn bank() -> Bank {
        Bank::new(
            vec![prompt("a-1", "a"), prompt("a-2", "a"), prompt("b-1", "b")],
            BTreeMap::new(),
        )
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    #[test]
    fn each_story_gets_a_question_of_its_own_categories() {
        let bank = bank();
        let wanted = vec![
            vec!["b".to_string()],
            vec!["a".to_string()],
            vec!["a".to_string(), "unknown".to_string()],
            vec!["b".to_string()],
        ];
        let choice = Choice {
            seed: Some(7),
            ..Choice::default()
        };
        let drawn = draw_each(&bank, &wanted, &choice, PracticeFacts::default, today()).unwrap();
        let ids: Vec<&str> = drawn.chosen.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids[0], "b-1");
        assert!(ids[1].starts_with("a-") && ids[2].starts_with("a-"));
        assert_ne!(ids[1], ids[2], "not twice while another is left");
        assert_eq!(ids[3], "b-1", "asked again once its category has no other");
        let again = draw_each(&bank, &wanted, &choice, PracticeFacts::default, today()).unwrap();
        let again: Vec<&str> = again.chosen.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, again);
    }

    #[test]
    fn a_series_never_repeats_and_a_seed_repeats_it() {
        let bank = bank();
        let choice = Choice {
            seed: Some(7),
            ..Choice::default()
        };
        let ids =
            |draw: Draw| -> Vec<String> { draw.chosen.iter().map(|p| p.id.clone()).collect() };
        let first = ids(draw(&bank, &choice, 3, PracticeFacts::default, today()).unwrap());
        let mut sorted = first.clone();
        sorted.sort();
        assert_eq!(sorted, ["a-1", "a-2", "b-1"]);
        let again = ids(draw(&bank, &choice, 3, PracticeFacts::default, today()).unwrap());
        assert_eq!(first, again);
    }

    #[test]
    fn too_many_or_unknown_categories_are_bad_input() {
        let bank = bank();
        let only_b = Choice {
            categories: vec!["b".into()],
            ..Choice::default()
        };
        let error = draw(&bank, &only_b, 2, PracticeFacts::default, today())
            .err()
            .unwrap();
        assert_eq!(
            error.to_string(),
            "only 1 prompts in those categories; ask for fewer with --count"
        );
        let unknown = Choice {
            categories: vec!["zzz".into()],
            ..Choice::default()
        };
        assert!(draw(&bank, &unknown, 1, PracticeFacts::default, today()).is_err());
    }

    #[test]
    fn a_uniform_draw_never_asks_for_the_history() {
        let bank = bank();
        let choice = Choice {
            uniform: true,
            seed: Some(1),
            ..Choice::default()
        };
        let drawn = draw(&bank, &choice, 1, || panic!("history read"), today()).unwrap();
        assert_eq!(drawn.first_round.len(), 3);
        assert!(drawn.first_round.iter().all(|w| w.weight == 1.0));
    }
}
