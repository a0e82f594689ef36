//! Where the parts of a STAR answer begin, found from the phrases speakers use to turn to
//! each ("a few years ago", "my job was", "so I", "as a result"), and how the parts found
//! agree with the ones the speaker marked on the timer.
//!
//! The parts are looked for in STAR order, each at most once: a part begins at its first
//! cue after the part before it began, so a "we ended up" while setting the scene does not
//! start the Result early, though an "I needed to" inside the Action can still be taken
//! for the Task when no earlier cue was found.

use serde::{Deserialize, Serialize};

use super::tokens::{Token, phrase_at, tokens};
use crate::domain::star::{Part, PartMark};
use crate::speech::transcript::{Transcript, Word};

/// The phrases that turn an answer to each scored part, lowercase, without punctuation.
fn cues(part: Part) -> &'static [&'static str] {
    match part {
        Part::Situation => &[
            "at my last job",
            "at my previous job",
            "at my last company",
            "at my previous company",
            "a few years ago",
            "a couple of years ago",
            "a couple years ago",
            "last year",
            "when i was at",
            "when i was working",
            "when i worked at",
            "the situation was",
            "our team was",
            "i was working",
            "i worked at",
            "i was a",
            "back when",
            "at the time",
        ],
        Part::Task => &[
            "my job was",
            "my role was",
            "my task was",
            "i was asked to",
            "i was tasked with",
            "i was responsible for",
            "the goal was",
            "our goal was",
            "my goal was",
            "i needed to",
            "i had to",
            "my responsibility",
            "it was my job",
            "it was up to me",
            "the challenge was",
        ],
        Part::Action => &[
            "so i",
            "what i did",
            "i decided",
            "first i",
            "i started by",
            "i began by",
            "the first thing i did",
            "i set up",
            "i took",
            "my first step",
            "i proposed",
            "i reached out",
            "i sat down",
        ],
        Part::Result => &[
            "as a result",
            "in the end",
            "the outcome",
            "the result was",
            "we ended up",
            "i ended up",
            "which meant",
            "that saved",
            "this saved",
            "we saved",
            "we reduced",
            "we cut",
            "we shipped",
            "by the end",
            "the impact",
            "it worked",
            "ultimately",
            // A result told by what changed, with no "we" in front of it.
            "fell by",
            "dropped by",
            "dropped to",
            "went down",
            "went from",
            "grew by",
            "rose by",
        ],
        Part::Learning => &[],
    }
}

/// Where a part begins, by word: for transcripts without times, and for marking the
/// words themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartAtWord {
    pub part: Part,
    /// The index of the part's first word.
    pub word: usize,
}

/// The first cue of `part` at or after `from`, as the index of its first word.
fn first_cue(tokens: &[Token], part: Part, from: usize) -> Option<usize> {
    (from..tokens.len()).find(|&at| cues(part).iter().any(|cue| phrase_at(tokens, at, cue)))
}

/// Where each scored part begins, by word, in STAR order, each at most once.
///
/// The Situation begins at its first cue when that comes before every cue of a later part
/// (a "last year" in the Result sets no scene); failing that, at the first word when
/// anything is said before the first cue of a later part, since what comes before the
/// task is the scene.
pub fn parts_detected_at_words(words: &[Word]) -> Vec<PartAtWord> {
    let tokens = tokens(words);
    if tokens.is_empty() {
        return Vec::new();
    }
    let later = Part::SCORED[1..]
        .iter()
        .filter_map(|&part| first_cue(&tokens, part, 0))
        .min()
        .unwrap_or(tokens.len());
    let situation = match first_cue(&tokens, Part::Situation, 0) {
        Some(word) if word < later => Some(word),
        _ => (later > 0).then_some(0),
    };
    let mut found: Vec<PartAtWord> = situation
        .map(|word| PartAtWord {
            part: Part::Situation,
            word,
        })
        .into_iter()
        .collect();
    for &part in &Part::SCORED[1..] {
        let from = found.last().map_or(0, |last| last.word + 1);
        if let Some(word) = first_cue(&tokens, part, from) {
            found.push(PartAtWord { part, word });
        }
    }
    found
}

/// Where each scored part begins, in answer time: [`parts_detected_at_words`] at the start
/// of each part's first word. Empty for an untimed transcript.
pub fn parts_detected(transcript: &Transcript) -> Vec<PartMark> {
    if !transcript.is_timed() {
        return Vec::new();
    }
    parts_detected_at_words(&transcript.words)
        .into_iter()
        .filter_map(|mark| {
            let at_ms = transcript.words[mark.word].start_ms?;
            Some(PartMark {
                part: mark.part,
                at_ms,
            })
        })
        .collect()
}

/// How one part's start as found compares with where the speaker marked it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartAgreement {
    pub part: Part,
    /// Where the speaker marked it.
    pub own_ms: u64,
    /// Where it was found in the words.
    pub detected_ms: u64,
    /// `detected_ms - own_ms`: positive when the words turned to it later than the mark.
    pub difference_ms: i64,
}

/// For each part both marked and found, in the marks' order, where each put it.
pub fn part_agreement(own: &[PartMark], detected: &[PartMark]) -> Vec<PartAgreement> {
    own.iter()
        .filter_map(|mine| {
            let found = detected.iter().find(|found| found.part == mine.part)?;
            Some(PartAgreement {
                part: mine.part,
                own_ms: mine.at_ms,
                detected_ms: found.at_ms,
                difference_ms: found.at_ms as i64 - mine.at_ms as i64,
            })
        })
        .collect()
}
