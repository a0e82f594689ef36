//! Choosing a prompt: a random draw that a seed makes repeatable.

use rand::SeedableRng;
use rand::seq::IndexedRandom;
use rand_chacha::ChaCha8Rng;

use super::Prompt;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::Origin;
    use std::collections::HashMap;

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
}
