//! Whose work the answer tells of: how much of its talk of people is "I" against "we".
//! A behavioural answer is about what the speaker did; an answer all "we" leaves the
//! interviewer unsure what that was.

use super::fillers::find_fillers;
use super::hedges::find_hedges;
use super::tokens::tokens;
use crate::speech::transcript::Word;

/// The words that name the speaker alone.
const I_WORDS: &[&str] = &[
    "i", "i'm", "i've", "i'd", "i'll", "me", "my", "mine", "myself",
];

/// The words that name the speaker's group.
const WE_WORDS: &[&str] = &[
    "we",
    "we're",
    "we've",
    "we'd",
    "we'll",
    "us",
    "our",
    "ours",
    "ourselves",
];

/// The share of I-words among the I-words and we-words, 0 to 1; `None` when the answer
/// has neither.
///
/// Words inside a filler or a hedge ("I mean", "I think") are not counted: they are talk
/// about the talking, not about who did the work. "US" in capitals is the country.
pub fn i_share(words: &[Word]) -> Option<f64> {
    let tokens = tokens(words);
    let mut skipped = vec![false; tokens.len()];
    for filler in find_fillers(words) {
        skipped[filler.first..filler.first + filler.len].fill(true);
    }
    for hedge in find_hedges(&tokens) {
        skipped[hedge.first..hedge.first + hedge.len].fill(true);
    }
    let (mut mine, mut ours) = (0usize, 0usize);
    for (token, skip) in tokens.iter().zip(skipped) {
        if skip {
            continue;
        }
        if I_WORDS.contains(&token.bare.as_str()) {
            mine += 1;
        } else if WE_WORDS.contains(&token.bare.as_str()) && !token.written.contains("US") {
            ours += 1;
        }
    }
    let all = mine + ours;
    (all > 0).then(|| mine as f64 / all as f64)
}
