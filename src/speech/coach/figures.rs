//! Whether words state a figure: "40%", "$1.2M", "three weeks", "half", "doubled". A
//! Result with a number in it is one an interviewer can weigh; "it went really well" is not.
//!
//! A number is what the number reader ([`crate::text::numbers`]) finds, the one a story's
//! talking points are read with; this module adds only what makes a figure of words the
//! reader finds no number in, and the rule that a lone "one" is none.

use crate::speech::transcript::Word;
use crate::text::numbers::{Number, numbers};
use crate::text::words::{Token, tokens};

/// Words that state a figure with no number the reader finds in them: a scale said without
/// its count ("a few hundred customers", "millions of rows"), a share said without its number
/// ("several percent"), and a change by a multiple.
const FIGURE_WORDS: &[&str] = &[
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "billions",
    "dozen",
    "dozens",
    "percent",
    "halved",
    "twice",
    "double",
    "doubled",
    "triple",
    "tripled",
    "quadrupled",
    "tenfold",
];

/// Words that make "one", "a" or "an" a quantity: "one week", "a third", "an hour". Without
/// one after it, "one" is no figure: "one of the team", "the new one".
const QUANTITY_NOUNS: &[&str] = &[
    "minute", "hour", "day", "week", "month", "quarter", "year", "percent", "person", "engineer",
    "customer", "client", "release", "sprint", "third", "fifth", "tenth",
];

/// Whether the words state a figure.
pub fn states_figure(words: &[Word]) -> bool {
    let tokens: Vec<Token> = words.iter().flat_map(|word| tokens(&word.text)).collect();
    let counted = |at: usize| {
        tokens
            .get(at + 1)
            .is_some_and(|next| QUANTITY_NOUNS.contains(&next.word.as_str()))
    };
    let lone_one =
        |number: &Number| number.words.len() == 1 && tokens[number.words.start].word == "one";
    numbers(&tokens)
        .iter()
        .any(|number| !lone_one(number) || counted(number.words.start))
        || tokens.iter().enumerate().any(|(at, token)| {
            let word = token.word.as_str();
            FIGURE_WORDS.contains(&word) || (matches!(word, "a" | "an") && counted(at))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::speech::transcript::Transcript;

    fn figure(said: &str) -> bool {
        states_figure(&Transcript::typed(said).words)
    }

    #[test]
    fn a_number_the_reader_finds_is_a_figure() {
        for said in [
            "errors fell by forty-two percent",
            "we saved $1.2M a quarter",
            "it took two and a half weeks",
            "a dozen teams moved over",
            "we hit zero downtime in the third quarter",
        ] {
            assert!(figure(said), "{said}");
        }
    }

    #[test]
    fn a_lone_one_is_no_figure_and_one_of_a_unit_is() {
        assert!(!figure("one of the team helped"));
        assert!(!figure("we shipped the new one"));
        assert!(figure("it took one week"));
        assert!(figure("one hundred customers"));
        assert!(figure("a third of the team"));
        assert!(figure("it took an hour"));
        assert!(!figure("a colleague helped"));
    }

    #[test]
    fn a_scale_or_a_multiple_without_a_number_is_a_figure() {
        assert!(figure("a few hundred customers"));
        assert!(figure("we moved millions of rows"));
        assert!(figure("throughput tripled"));
        assert!(!figure("the team shipped it quickly"));
    }
}
