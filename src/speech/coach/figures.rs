//! Whether words state a figure: "40%", "$1.2M", "three weeks", "half", "doubled". A
//! Result with a number in it is one an interviewer can weigh; "it went really well" is not.

use super::tokens::{Token, tokens};
use crate::speech::transcript::Word;

/// Number words that are a figure on their own. "one" is not among them: "one of the
/// team", "the new one" are no figures, so it counts only before a unit.
const NUMBER_WORDS: &[&str] = &[
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "dozen",
    "dozens",
    "percent",
    "half",
    "halved",
    "twice",
    "double",
    "doubled",
    "triple",
    "tripled",
    "quadrupled",
    "tenfold",
];

/// Words that make "one" or "a" a quantity: "one week", "a third", "a hundred".
const UNITS: &[&str] = &[
    "minute", "hour", "day", "week", "month", "quarter", "year", "percent", "person", "engineer",
    "customer", "client", "release", "sprint", "third", "fifth", "tenth",
];

/// Whether the words state a figure.
pub fn states_figure(words: &[Word]) -> bool {
    tokens_state_figure(&tokens(words))
}

pub(crate) fn tokens_state_figure(tokens: &[Token]) -> bool {
    tokens.iter().enumerate().any(|(at, token)| {
        let word = token.bare.as_str();
        word.chars().any(|c| c.is_ascii_digit())
            || NUMBER_WORDS.contains(&word)
            || (matches!(word, "one" | "a")
                && tokens
                    .get(at + 1)
                    .is_some_and(|next| UNITS.contains(&next.bare.as_str())))
    })
}
