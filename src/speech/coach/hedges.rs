//! Hedges: the phrases that soften a claim ("I think", "maybe", "kind of"). An interviewer
//! hears a hedge on the speaker's own work as doubt about it, so they are counted like the
//! fillers, by phrase.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::fillers::hedging_kind_of;
use super::tokens::{Token, phrase_at, tokens};
use crate::speech::transcript::Word;

/// The hedges of an answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Hedges {
    /// Every hedge.
    pub total: usize,
    /// The hedges by phrase, lowercase (`i think`, `kind of`).
    pub by_phrase: BTreeMap<String, usize>,
}

/// The hedging phrases, the longer first so "I'm not sure" is not also "not sure".
/// "kind of" and "sort of" are found by [`hedging_kind_of`], since "a kind of tool" is none.
const PHRASES: &[&str] = &[
    "i'm not sure",
    "i feel like",
    "i think",
    "i guess",
    "i believe",
    "i suppose",
    "i'd say",
    "not sure",
    "maybe",
    "perhaps",
    "probably",
    "possibly",
];

/// One hedge: its phrase, and the words it spans.
pub(crate) struct Hedge {
    pub phrase: &'static str,
    pub first: usize,
    pub len: usize,
}

/// Every hedge in the tokens, in order, none overlapping.
pub(crate) fn find_hedges(tokens: &[Token]) -> Vec<Hedge> {
    let mut found = Vec::new();
    let mut at = 0;
    while at < tokens.len() {
        let phrase = if hedging_kind_of(tokens, at) {
            Some(if tokens[at].bare == "kind" {
                "kind of"
            } else {
                "sort of"
            })
        } else {
            PHRASES
                .iter()
                .copied()
                .find(|phrase| phrase_at(tokens, at, phrase))
        };
        match phrase {
            Some(phrase) => {
                let len = phrase.split(' ').count();
                found.push(Hedge {
                    phrase,
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

/// The hedges of `words`, counted by phrase.
pub fn count_hedges(words: &[Word]) -> Hedges {
    let mut by_phrase = BTreeMap::new();
    for hedge in find_hedges(&tokens(words)) {
        *by_phrase.entry(hedge.phrase.to_string()).or_insert(0) += 1;
    }
    Hedges {
        total: by_phrase.values().sum(),
        by_phrase,
    }
}
