//! Fillers: the sounds (um, uh) and the words that only fill (like, you know, basically)
//! found in the words heard, each word only where it fills and not where it works: "like"
//! in "it was, like, chaos" but not in "I'd like to" or "it looked like a bug".
//!
//! The rules read one word or two either side and the recogniser's punctuation; they are
//! tuned to miss a filler rather than to call a working word one, since a coach that
//! flags a sentence spoken well loses the speaker's trust.
//!
//! "kind of" and "sort of" that soften a claim are both fillers and hedges, and are
//! counted in both: they fill the sentence and weaken it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::tokens::{Token, after, before, phrase_at, tokens};
use crate::speech::transcript::Word;

/// The fillers of an answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Fillers {
    /// Every filler: the ones heard as words, and the hesitations found in the audio
    /// between words ([`Fillers::hesitations_from_audio`]).
    pub total: usize,
    /// `total` a minute of the answer; `None` when the transcript has no times.
    pub per_min: Option<f64>,
    /// The fillers heard as words, by their usual spelling (`um` for "Umm,"), a phrase
    /// counted once ("you know what I mean" is one `you know`).
    pub by_word: BTreeMap<String, usize>,
    /// Gaps between words that held voiced sound: an "um" the recogniser left out. Kept
    /// apart from `by_word`, since nobody heard what was said, and counted in `total`.
    pub hesitations_from_audio: usize,
}

/// One filler found in the words: its usual spelling and the words it spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filler {
    /// The usual spelling: `um`, `like`, `you know`.
    pub key: &'static str,
    /// The first word's index.
    pub first: usize,
    /// How many words it spans.
    pub len: usize,
}

/// Every filler in `words`, in order.
pub fn find_fillers(words: &[Word]) -> Vec<Filler> {
    let tokens = tokens(words);
    let mut found: Vec<Filler> = Vec::new();
    let mut at = 0;
    while at < tokens.len() {
        let after_filler = found.last().is_some_and(|last| last.first + last.len == at);
        match filler_at(&tokens, at, after_filler) {
            Some((key, len)) => {
                found.push(Filler {
                    key,
                    first: at,
                    len,
                });
                at += len;
            }
            None => at += 1,
        }
    }
    found
}

/// The indices of the words that are fillers, in order, so a transcript shown to the
/// speaker can mark them.
pub fn filler_word_indices(words: &[Word]) -> Vec<usize> {
    find_fillers(words)
        .iter()
        .flat_map(|filler| filler.first..filler.first + filler.len)
        .collect()
}

/// The fillers of `words` counted, with `minutes` of answer to give the rate over.
pub fn count_fillers(words: &[Word], minutes: Option<f64>) -> Fillers {
    let mut by_word = BTreeMap::new();
    for filler in find_fillers(words) {
        *by_word.entry(filler.key.to_string()).or_insert(0) += 1;
    }
    let total = by_word.values().sum();
    Fillers {
        total,
        per_min: rate(total, minutes),
        by_word,
        hesitations_from_audio: 0,
    }
}

impl Fillers {
    /// These fillers with `hesitations` found in the audio added, the rate over the
    /// same `minutes` of answer.
    pub fn with_hesitations(mut self, hesitations: usize, minutes: Option<f64>) -> Fillers {
        // Replaced, not added to: the audio is looked at once for the whole answer.
        self.total = self.total.saturating_sub(self.hesitations_from_audio) + hesitations;
        self.hesitations_from_audio = hesitations;
        self.per_min = rate(self.total, minutes);
        self
    }
}

fn rate(count: usize, minutes: Option<f64>) -> Option<f64> {
    minutes
        .filter(|&minutes| minutes > 0.0)
        .map(|minutes| count as f64 / minutes)
}

/// The filler that begins at `at`, with how many words it spans.
fn filler_at(tokens: &[Token], at: usize, after_filler: bool) -> Option<(&'static str, usize)> {
    let word = tokens[at].bare.as_str();
    if let Some(key) = sound(word) {
        return Some((key, 1));
    }
    match word {
        "like" if like_fills(tokens, at) => Some(("like", 1)),
        "you" if phrase_at(tokens, at, "you know") && you_know_fills(tokens, at) => {
            // "you know what I mean" is one filler, and its "I mean" no second.
            let len = if phrase_at(tokens, at + 2, "what i mean") {
                5
            } else {
                2
            };
            Some(("you know", len))
        }
        "basically" => Some(("basically", 1)),
        "actually" if aside(tokens, at) => Some(("actually", 1)),
        "kind" | "sort" if hedging_kind_of(tokens, at) => {
            Some((if word == "kind" { "kind of" } else { "sort of" }, 2))
        }
        "i" if phrase_at(tokens, at, "i mean") && i_mean_fills(tokens, at) => Some(("i mean", 2)),
        "so" if (tokens[at].starts_sentence || after_filler) && so_opens(tokens, at) => {
            Some(("so", 1))
        }
        "right" if tokens[at].asks && before(tokens, at).is_some() => Some(("right", 1)),
        _ => None,
    }
}

/// Whether a word (lowercase, no punctuation) is a hesitation sound, in any length a
/// speaker or a recogniser gave it ("um", "ummm", "uhh", "hmm"): never a word of the answer.
pub fn is_hesitation(word: &str) -> bool {
    sound(word).is_some()
}

/// The usual spelling of a sound that only fills: `umm` is `um`, `uhh` is `uh`.
fn sound(word: &str) -> Option<&'static str> {
    // Each sound is its letters, each said as long as the speaker liked ("ummm").
    const SOUNDS: [(&str, &str); 8] = [
        ("um", "um"),
        ("uhm", "um"),
        ("uh", "uh"),
        ("er", "er"),
        ("erm", "erm"),
        ("ah", "ah"),
        ("hm", "hmm"),
        ("m", "mm"),
    ];
    let mut squeezed = String::new();
    for c in word.chars() {
        if !squeezed.ends_with(c) {
            squeezed.push(c);
        }
    }
    SOUNDS
        .iter()
        .find(|(letters, _)| *letters == squeezed)
        .map(|(_, key)| *key)
}

/// Words before "like" that make it a verb ("I like", "we'd like to") or part of a
/// comparison the speaker means ("looked like", "felt like", "things like").
const LIKE_WORKS_AFTER: &[&str] = &[
    "i",
    "you",
    "we",
    "they",
    "people",
    "who",
    "would",
    "i'd",
    "we'd",
    "you'd",
    "they'd",
    "he'd",
    "she'd",
    "wouldn't",
    "do",
    "don't",
    "did",
    "didn't",
    "does",
    "doesn't",
    "to",
    "really",
    "feel",
    "feels",
    "felt",
    "feeling",
    "look",
    "looks",
    "looked",
    "looking",
    "sound",
    "sounds",
    "sounded",
    "seem",
    "seems",
    "seemed",
    "act",
    "acted",
    "things",
    "stuff",
    "something",
    "anything",
    "nothing",
    "more",
    "much",
    "exactly",
    "just",
    "is",
    "not",
];

/// Words after "like" that make it a comparison ("like a maze", "like that").
const LIKE_COMPARES_BEFORE: &[&str] = &[
    "a", "an", "the", "this", "that", "these", "those", "it", "them", "him", "her", "me", "us",
    "you", "my", "our", "their", "his", "its", "what", "how",
];

/// Whether "like" at `at` only fills.
fn like_fills(tokens: &[Token], at: usize) -> bool {
    if before(tokens, at).is_some_and(|word| LIKE_WORKS_AFTER.contains(&word.bare.as_str())) {
        return false;
    }
    // "Like I said" points back; it is no filler.
    if phrase_at(tokens, at + 1, "i said") || phrase_at(tokens, at + 1, "i mentioned") {
        return false;
    }
    // Set off by a comma ("it was, like, chaos") it is an aside, whatever follows.
    if tokens[at].breaks_after {
        return true;
    }
    !after(tokens, at).is_some_and(|word| LIKE_COMPARES_BEFORE.contains(&word.bare.as_str()))
}

/// Words before "you know" that make it a question or a clause ("do you know", "if you
/// know", "as you know").
const YOU_KNOW_WORKS_AFTER: &[&str] = &[
    "do",
    "did",
    "don't",
    "didn't",
    "does",
    "doesn't",
    "if",
    "as",
    "let",
    "what",
    "that",
    "everything",
    "anything",
    "whatever",
    "who",
    "how",
    "would",
    "will",
    "could",
    "should",
    "to",
    "make",
    "when",
    "because",
    "unless",
    "since",
];

/// Words after "you know" that show it was set in, not asking what is known.
const YOU_KNOW_FILLS_BEFORE: &[&str] = &["and", "but", "so", "like", "we", "i"];

/// Whether "you know" at `at` only fills.
fn you_know_fills(tokens: &[Token], at: usize) -> bool {
    if before(tokens, at).is_some_and(|word| YOU_KNOW_WORKS_AFTER.contains(&word.bare.as_str())) {
        return false;
    }
    let know = &tokens[at + 1];
    know.breaks_after
        || know.ends_sentence
        || phrase_at(tokens, at + 2, "what i mean")
        || after(tokens, at + 1).is_some_and(|word| {
            YOU_KNOW_FILLS_BEFORE.contains(&word.bare.as_str()) || sound(&word.bare).is_some()
        })
}

/// Whether the word at `at` opens its sentence or is set off by commas: "Actually, ..."
/// or "it was, actually, fine", not "we actually shipped".
fn aside(tokens: &[Token], at: usize) -> bool {
    tokens[at].starts_sentence
        || tokens[at].breaks_after
        || before(tokens, at).is_some_and(|word| word.breaks_after)
}

/// Words before "kind of" or "sort of" that make it a noun: "a kind of tool", "what sort
/// of team", "that kind of thing".
const KIND_IS_A_NOUN_AFTER: &[&str] = &[
    "a",
    "an",
    "the",
    "this",
    "that",
    "these",
    "those",
    "what",
    "which",
    "some",
    "any",
    "every",
    "one",
    "same",
    "other",
    "another",
    "our",
    "my",
    "their",
    "your",
    "his",
    "her",
    "its",
    "different",
    "new",
    "whole",
    "right",
    "wrong",
    "only",
];

/// Whether "kind of" or "sort of" at `at` hedges ("it was kind of slow") rather than
/// naming a sort of thing.
pub(crate) fn hedging_kind_of(tokens: &[Token], at: usize) -> bool {
    let word = tokens[at].bare.as_str();
    (word == "kind" || word == "sort")
        && tokens.get(at + 1).is_some_and(|next| next.bare == "of")
        && !tokens[at].ends_sentence
        && !before(tokens, at)
            .is_some_and(|word| KIND_IS_A_NOUN_AFTER.contains(&word.bare.as_str()))
}

/// Whether "I mean" at `at` only fills: not "what I mean", "I mean to", "I mean it".
fn i_mean_fills(tokens: &[Token], at: usize) -> bool {
    let mean = &tokens[at + 1];
    if before(tokens, at).is_some_and(|word| word.bare == "what" || word.bare == "if") {
        return false;
    }
    mean.breaks_after
        || mean.ends_sentence
        || !after(tokens, at + 1)
            .is_some_and(|word| ["to", "it", "that"].contains(&word.bare.as_str()))
}

/// Whether "so" at the start of a sentence only opens it: not "so far", "so much".
fn so_opens(tokens: &[Token], at: usize) -> bool {
    !after(tokens, at).is_some_and(|word| {
        ["far", "much", "many", "long", "few", "little"].contains(&word.bare.as_str())
    })
}

#[cfg(test)]
mod tests {
    use super::is_hesitation;

    #[test]
    fn hesitations_are_known_at_any_length_and_words_are_not() {
        for sound in [
            "um", "ummm", "uhh", "uh", "erm", "er", "ah", "hmm", "hm", "mm",
        ] {
            assert!(is_hesitation(sound), "{sound}");
        }
        for word in ["I", "am", "mum", "hum", "era", "a", "umbrella"] {
            assert!(!is_hesitation(word), "{word}");
        }
    }
}
