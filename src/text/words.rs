//! The words of a text as the matchers read them: each lowercase, without the punctuation
//! around it, with where it stands in the text and whether punctuation closed it. The number
//! reader ([`super::numbers`]) and a story's talking points walk these.

use std::ops::Range;

/// One word of a text, as the matching reads it.
#[derive(Debug, Clone)]
pub struct Token {
    /// Where it is in the text it came from.
    pub range: Range<usize>,
    /// Lowercase, without the punctuation around it or a possessive `'s`.
    pub word: String,
    /// Whether it was written with a capital first letter.
    pub capital: bool,
    /// Whether every letter is a capital and there are two or more (`EU`, `SRE`): an
    /// acronym is a name even where a sentence starts.
    pub acronym: bool,
    /// Whether punctuation closed it (`,` `.` `;` ...): a number, a figure's noun or a name
    /// does not run on past it.
    pub ends_clause: bool,
    /// Whether a colon or semicolon closed it, so the next word starts a sentence of its own
    /// (`Result: Nobody lost a timesheet`).
    pub ends_sentence: bool,
}

/// The words of `text`. Hyphenated words count as their parts (`twelve-year-old`,
/// `forty-five`), so a spelled number reads the same with or without its hyphen.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut found = Vec::new();
    let mut at = 0;
    for word in text.split_inclusive(char::is_whitespace) {
        let start = at;
        at += word.len();
        let word = word.trim_end();
        let Some(lead) = word.find(|c: char| c.is_alphanumeric() || "$€£".contains(c)) else {
            continue;
        };
        let Some((last, c)) = word
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_alphanumeric() || c == '%')
        else {
            continue;
        };
        let end = last + c.len_utf8();
        if end <= lead {
            continue;
        }
        let ends_clause = word[end..].contains([',', ';', ':', '.', '!', '?', ')']);
        let ends_sentence = word[end..].contains([';', ':', '.', '!', '?']);
        let core = &word[lead..end];
        let mut piece_start = 0;
        let pieces: Vec<(usize, &str)> = core
            .split(['-', '–', '—', '/'])
            .map(|piece| {
                let here = piece_start;
                piece_start += piece.len() + 1;
                (here, piece)
            })
            .collect();
        let count = pieces.len();
        for (index, (offset, piece)) in pieces.into_iter().enumerate() {
            // A hyphen's `-` is one byte, but an en or em dash is three: find the piece again.
            let offset = core[offset.min(core.len())..]
                .find(piece)
                .map_or(offset, |found| offset + found);
            let piece = piece.trim_matches(|c: char| !c.is_alphanumeric() && !"$€£%.".contains(c));
            if piece.is_empty() || !piece.chars().any(char::is_alphanumeric) {
                continue;
            }
            let begin = start + lead + offset;
            let mut lower = piece.to_lowercase().replace('’', "'");
            for possessive in ["'s", "'"] {
                if lower.len() > possessive.len() + 1
                    && let Some(kept) = lower.strip_suffix(possessive)
                {
                    lower = kept.to_string();
                    break;
                }
            }
            let letters: Vec<char> = piece.chars().filter(|c| c.is_alphabetic()).collect();
            found.push(Token {
                range: begin..begin + piece.len(),
                word: lower,
                capital: piece.chars().next().is_some_and(char::is_uppercase),
                acronym: letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()),
                ends_clause: ends_clause && index + 1 == count,
                ends_sentence: ends_sentence && index + 1 == count,
            });
        }
    }
    found
}
