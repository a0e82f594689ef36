//! The words of a transcript as the coach's rules read them: lowercase, without the
//! recogniser's punctuation, but knowing where that punctuation was, since a comma or a
//! full stop is often all that tells a filler from the same word doing work.

use crate::speech::transcript::Word;

/// One word, read for the rules.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    /// The word in lowercase without punctuation at its ends ("So," is `so`, "I'm" is `i'm`).
    pub bare: String,
    /// The word as written, for the few rules that need its case ("US" is no `us`).
    pub written: String,
    /// A new sentence begins here: the first word, or the one after `.`, `?` or `!`.
    pub starts_sentence: bool,
    /// The word ends a sentence (`.`, `?`, `!` after it).
    pub ends_sentence: bool,
    /// The word ends with a question mark: the tag in "..., right?".
    pub asks: bool,
    /// A comma, semicolon, colon or dash follows the word: a spoken aside begins or ends.
    pub breaks_after: bool,
}

/// The tokens of `words`, one a word, at the same indices.
pub(crate) fn tokens(words: &[Word]) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::with_capacity(words.len());
    for word in words {
        // Recognisers write the curly apostrophe as often as the straight one.
        let written = word.text.replace('\u{2019}', "'");
        let bare = written
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '$' && c != '%')
            .trim_matches('\'')
            .to_lowercase();
        let tail: String = written
            .chars()
            .rev()
            .take_while(|c| !c.is_alphanumeric() && *c != '%')
            .collect();
        let ends_sentence = tail.contains(['.', '?', '!']);
        tokens.push(Token {
            starts_sentence: tokens.last().is_none_or(|before| before.ends_sentence),
            ends_sentence,
            asks: tail.contains('?'),
            breaks_after: tail.contains([',', ';', ':', '-', '\u{2014}', '\u{2013}']),
            bare,
            written,
        });
    }
    tokens
}

/// Whether the words from `at` on are `phrase` (lowercase words split by spaces), each
/// word but the last free of a sentence's end between them.
pub(crate) fn phrase_at(tokens: &[Token], at: usize, phrase: &str) -> bool {
    let mut count = 0;
    for (offset, part) in phrase.split(' ').enumerate() {
        let Some(token) = tokens.get(at + offset) else {
            return false;
        };
        if token.bare != part || (offset > 0 && tokens[at + offset - 1].ends_sentence) {
            return false;
        }
        count += 1;
    }
    count > 0
}

/// The word before `at` in the same sentence, if any.
pub(crate) fn before(tokens: &[Token], at: usize) -> Option<&Token> {
    if at == 0 || tokens[at].starts_sentence {
        None
    } else {
        tokens.get(at - 1)
    }
}

/// The word after `at` in the same sentence, if any.
pub(crate) fn after(tokens: &[Token], at: usize) -> Option<&Token> {
    if tokens[at].ends_sentence {
        None
    } else {
        tokens.get(at + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::speech::transcript::Transcript;

    #[test]
    fn punctuation_is_taken_off_and_remembered() {
        let words = Transcript::typed("So, um, it’s done. Right? We saved $1.2M (40%).").words;
        let tokens = tokens(&words);
        let bare: Vec<&str> = tokens.iter().map(|t| t.bare.as_str()).collect();
        assert_eq!(
            bare,
            [
                "so", "um", "it's", "done", "right", "we", "saved", "$1.2m", "40%"
            ]
        );
        assert!(tokens[0].starts_sentence && tokens[0].breaks_after);
        assert!(tokens[3].ends_sentence && !tokens[3].asks);
        assert!(tokens[4].starts_sentence && tokens[4].asks);
        assert!(tokens[5].starts_sentence);
        assert!(!tokens[6].starts_sentence && tokens[8].ends_sentence);
        assert!(phrase_at(&tokens, 0, "so um"));
        assert!(
            !phrase_at(&tokens, 3, "done right"),
            "a sentence ends between"
        );
        assert_eq!(before(&tokens, 5), None);
        assert_eq!(after(&tokens, 3), None);
        assert_eq!(after(&tokens, 5).unwrap().bare, "saved");
    }
}
