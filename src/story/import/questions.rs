//! Interview questions in notes: how they are written (`Q2:`, `3.`, `**...?**`, `> ...`),
//! how sure a line is to be one, which ones a story cannot answer (`Why us?`), and the title
//! a question gives its story.

use super::labels::normalise;

/// How sure a line is to be an interview question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Sureness {
    /// A question word without a question mark, or a question mark without a question word,
    /// on a plain line: a question only where the lines around it say so.
    Maybe,
    /// An opener such as `Tell me about`, a question in a heading or in markup, or a line
    /// under a question key (`Q:`).
    Sure,
}

/// Openers that make a line an interview question even without a question mark.
const IMPERATIVE: &[&str] = &[
    "tell me about",
    "tell us about",
    "tell me of",
    "talk to me about",
    "describe a ",
    "describe an ",
    "describe your ",
    "describe the time",
    "describe how",
    "describe when",
    "describe some",
    "give me an example",
    "give us an example",
    "give an example",
    "give me a time",
    "give me a situation",
    "walk me through",
    "walk us through",
    "talk me through",
    "talk about a time",
    "share a time",
    "share an example",
    "share a story",
    "share an experience",
    "name a time",
    "explain a time",
    "explain a situation",
    "recall a time",
    "think of a time",
    "think about a time",
    "provide an example",
    "can you tell me",
    "can you describe",
    "can you give",
    "can you walk",
    "can you share",
    "could you tell me",
    "could you describe",
    "could you give",
    "could you walk",
];

/// Openers of a question written as a topic (`time you made a mistake`, `biggest
/// challenge`): a question where notes mark one (a number, a heading, markup).
const TOPIC_OPENERS: &[&str] = &[
    "time you",
    "time when you",
    "a time you",
    "a time when",
    "the time you",
    "time i ",
    "a time i ",
    "an example of",
    "example of a time",
    "example of when",
    "situation where",
    "a situation where",
    "biggest ",
    "greatest ",
    "hardest ",
    "toughest ",
    "most difficult",
    "your biggest",
    "your greatest",
    "a challenge",
    "a conflict",
    "a mistake",
    "a failure",
    "a project you",
];

/// Words a question opens with.
const INTERROGATIVE: &[&str] = &[
    "what",
    "what's",
    "whats",
    "how",
    "when",
    "why",
    "which",
    "who",
    "where",
    "have you",
    "has there",
    "did you",
    "do you",
    "are you",
    "were you",
    "would you",
    "could you",
    "can you",
    "is there",
    "was there",
    "tell me",
];

/// The question `body` asks (numbering and markup taken off) and how sure it is, when it
/// reads as one. `marked` says the line is a heading, whole-line markup, a quote or a list
/// item, where people put questions.
pub fn question_in(body: &str, marked: bool) -> Option<(String, Sureness)> {
    let text = unquoted_question(unnumbered(body.trim()));
    if text.is_empty() || text.split_whitespace().count() > 40 {
        return None;
    }
    let imperative =
        starts_with_any(text, IMPERATIVE) || (marked && starts_with_any(text, TOPIC_OPENERS));
    let interrogative = starts_with_word(text, INTERROGATIVE);
    let asks = text.ends_with('?') || text.ends_with("?*") || text.starts_with('¿');
    // A second sentence before the end is an answer, not a question (`What happened? We ...`).
    let one_sentence = !text
        .trim_end_matches(['?', '.', '!'])
        .contains(['.', '?', '!']);
    if !(one_sentence || imperative || asks) {
        return None;
    }
    // `When the reports broke, I rolled back`: a sentence, not a question.
    let statement_like = text.ends_with(['.', ',', ';'])
        || text.contains(", ")
        || text.split_whitespace().count() > 15;
    if interrogative && !asks && !marked && !imperative && statement_like {
        return None;
    }
    let sureness = match (imperative, interrogative, asks, marked) {
        (true, ..) => Sureness::Sure,
        (_, true, true, _) => Sureness::Sure,
        (_, _, true, true) | (_, true, _, true) => Sureness::Sure,
        (_, true, false, false) | (_, false, true, false) => Sureness::Maybe,
        _ => return None,
    };
    Some((text.to_string(), sureness))
}

/// `text` without quotation marks around all of it.
pub fn unquoted_question(text: &str) -> &str {
    let quotes = ['"', '\u{201c}', '\u{201d}'];
    let inner = text.trim();
    match (inner.chars().next(), inner.chars().last()) {
        (Some(open), Some(close))
            if quotes.contains(&open) && quotes.contains(&close) && inner.len() > 2 =>
        {
            inner[open.len_utf8()..inner.len() - close.len_utf8()].trim()
        }
        _ => inner,
    }
}

/// The most digits a question's number has: a question bank numbered past 99,999 is not
/// kept in notes, and a longer number at a line's start is an amount, an id or a date.
const MOST_NUMBER_DIGITS: usize = 5;

/// The most digits a number has that stands before a question with only a space after it
/// (`12 Tell me`): a longer one needs a mark (`2026. `, `1234)`) so that a year opening a
/// sentence (`2026 was a year`) keeps it.
const MOST_BARE_NUMBER_DIGITS: usize = 3;

/// `body` without a leading number (`1.`, `3)`, `#2`, `(4)`, `12345.`).
pub fn unnumbered(body: &str) -> &str {
    let after = body
        .strip_prefix('#')
        .or_else(|| body.strip_prefix('('))
        .unwrap_or(body);
    let digits = after.chars().take_while(char::is_ascii_digit).count();
    if !(1..=MOST_NUMBER_DIGITS).contains(&digits) {
        return body;
    }
    let rest = &after[digits..];
    let marked = rest.strip_prefix(['.', ')', ':']);
    let rest = match marked {
        Some(rest) => rest,
        None if digits <= MOST_BARE_NUMBER_DIGITS => rest,
        None => return body,
    };
    if rest.starts_with([' ', '\t']) {
        rest.trim_start()
    } else {
        body
    }
}

/// Whether `phrase` labels a question (`Q`, `Question`, `Prompt`, maybe numbered: `Q2`,
/// `Question 3`, `Q1.`), with `rest` after it.
pub fn is_question_key(phrase: &str, rest: &str) -> bool {
    let norm = normalise(phrase);
    let key =
        norm.trim_end_matches(|c: char| c.is_ascii_digit() || c == '#' || c == ' ' || c == '.');
    let known = matches!(
        key,
        "q" | "question"
            | "prompt"
            | "interview question"
            | "the question"
            | "pregunta"
            | "q asked"
            | "question asked"
            | "interviewer asked"
            | "asked"
    );
    let numbered = key.len() < norm.len();
    // `Q3: revenue fell` is about a quarter: a numbered key needs a question after it.
    known && (!numbered || rest.is_empty() || rest.ends_with('?') || opens_question(rest))
}

/// Whether `phrase` says what follows is an interviewer's follow-up question.
pub fn is_follow_up_key(phrase: &str) -> bool {
    let key = normalise(phrase);
    matches!(
        key.as_str(),
        "probe" | "they asked" | "interviewer" | "fu" | "fu q" | "fuq"
    ) || key.starts_with("follow")
        || key.starts_with("fu ")
        || key.contains("might ask")
        || key.contains("also asked")
        || key.contains("followed up")
        || key.contains("follow-up")
}

/// Whether `s` asks for a story outright (`Tell me about`, `Give an example`), as an
/// interviewer's follow-up never does.
pub fn asks_for_a_story(s: &str) -> bool {
    starts_with_any(s, IMPERATIVE)
}

/// Whether `s` starts like an interview question.
pub fn opens_question(s: &str) -> bool {
    starts_with_any(s, IMPERATIVE) || starts_with_word(s, INTERROGATIVE)
}

/// Questions a story does not answer: about the company, the person's traits or plans,
/// or what they would do (a hypothetical is answered with a method, not a story).
pub fn is_not_for_a_story(question: &str) -> bool {
    let q = format!(
        " {} ",
        normalise(question).replace(['?', '¿', ',', '.', '!'], " ")
    );
    let q = q.split_whitespace().collect::<Vec<_>>().join(" ");
    let q = format!(" {q} ");
    const PHRASES: &[&str] = &[
        " why do you want ",
        " why are you leaving ",
        " why did you leave ",
        " why are you looking ",
        " why should we ",
        " why this ",
        " why us ",
        " why here ",
        " why our ",
        " weakness",
        " strengths ",
        " greatest strength",
        " biggest strength",
        " where do you see yourself ",
        " five years ",
        " 5 years ",
        " salary ",
        " what would your ",
        " how would your ",
        " what do you know about ",
        " what would you do if ",
        " how would you ",
        " what would you do ",
        " if you were ",
        " imagine ",
        " hypothetical",
        " questions for us ",
        " questions for me ",
        " about yourself ",
        " walk me through your cv ",
        " walk me through your resume ",
    ];
    if PHRASES.iter().any(|phrase| q.contains(phrase)) {
        return true;
    }
    // `Why Amazon?`, `Why Lantern`: why and a name.
    let words: Vec<&str> = q.split_whitespace().collect();
    words.first() == Some(&"why") && words.len() <= 3 && !words.contains(&"you")
}

fn starts_with_any(s: &str, prefixes: &[&str]) -> bool {
    let s = s.trim_start_matches(['*', '_', '¿', '"', '\u{201c}']);
    prefixes.iter().any(|prefix| {
        s.get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    })
}

/// Whether `s` starts with one of `words` as a whole word.
fn starts_with_word(s: &str, words: &[&str]) -> bool {
    let s = s.trim_start_matches(['*', '_', '¿', '"', '\u{201c}']);
    words.iter().any(|word| {
        s.get(..word.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(word))
            && !s[word.len()..].starts_with(char::is_alphanumeric)
    })
}

/// Question openers that say nothing about the story, longest first within each family.
const TITLE_OPENERS: &[&str] = &[
    "tell me about a time",
    "tell us about a time",
    "tell me about",
    "tell us about",
    "talk to me about a time",
    "describe a time",
    "describe a situation",
    "describe the time",
    "describe a",
    "describe an",
    "describe your",
    "describe the",
    "give me an example of a time",
    "give an example of a time",
    "give me an example of",
    "give an example of",
    "give me a time",
    "walk me through a time",
    "walk me through",
    "talk me through a time",
    "talk me through",
    "talk about a time",
    "share a time",
    "share an example of a time",
    "share an example of",
    "share a story about a time",
    "share a story about",
    "name a time",
    "can you tell me about a time",
    "can you tell me about",
    "can you describe a time",
    "can you give an example of a time",
    "can you give an example of",
    "have you ever",
    "what was a time",
    "what's a time",
];

/// Words that say the words after them name a story (`Story 2: ...`, `Example 1 - ...`,
/// `STAR: ...`), as people head a story they tell with the method.
const NAME_KEYS: [&str; 3] = ["story", "example", "star"];

/// The name after a key such as `Story 2:`, `Example -` or `STAR –` when `text` starts with
/// one; a key without a mark after it (`STAR method`, `Story time`) names nothing.
pub fn after_name_key(text: &str) -> Option<&str> {
    NAME_KEYS.iter().find_map(|key| {
        let rest = strip_prefix_ci(text, key)?;
        let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ' || c == '#');
        let name = rest
            .strip_prefix([':', '-', '\u{2013}', '\u{2014}', '.'])?
            .trim();
        (!name.is_empty()).then_some(name)
    })
}

/// A heading, topic line or titled rule as a story's title: without a key before the name.
pub fn story_title(heading: &str) -> String {
    let trimmed = heading.trim().trim_end_matches(':').trim();
    after_name_key(trimmed).unwrap_or(trimmed).to_string()
}

/// The longest title made from a question (a user's own heading is kept whole).
pub const MAX_TITLE: usize = 60;

/// A title from a question: the opener and a leading "when you" cut, at most
/// [`MAX_TITLE`] characters.
pub fn title_from_question(question: &str) -> String {
    let mut rest = question
        .trim()
        .trim_start_matches('¿')
        .trim_end_matches(['?', '.', '!', ':', ' ']);
    if let Some(stripped) = TITLE_OPENERS
        .iter()
        .filter_map(|opener| strip_prefix_ci(rest, opener))
        .filter(|stripped| stripped.is_empty() || stripped.starts_with(' '))
        .min_by_key(|stripped| stripped.len())
    {
        rest = stripped.trim_start();
        for connector in ["when ", "where ", "in which ", "that "] {
            if let Some(stripped) = strip_prefix_ci(rest, connector) {
                rest = stripped.trim_start();
                break;
            }
        }
        rest = strip_prefix_ci(rest, "you ").unwrap_or(rest).trim_start();
    }
    let title = if rest.is_empty() {
        question.trim()
    } else {
        rest
    };
    capitalise(&shorten(title, MAX_TITLE))
}

/// `s` after `prefix`, compared ASCII case-insensitively. Never slices inside a character.
pub fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// `text` cut at a word boundary to at most `max` characters, without a dangling small word
/// or punctuation at the end.
pub fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    let Some((cut, _)) = text.char_indices().nth(max) else {
        return text.to_string();
    };
    let head = &text[..cut];
    let at_word = if text[cut..].starts_with(' ') {
        head
    } else {
        head.rfind(' ').map_or(head, |space| &head[..space])
    };
    let mut words: Vec<&str> = at_word.split_whitespace().collect();
    const SMALL: &[&str] = &[
        "a", "an", "the", "to", "of", "and", "or", "with", "for", "in", "on", "at", "about", "my",
        "our", "your", "by", "from", "but",
    ];
    while words.len() > 1
        && words
            .last()
            .is_some_and(|word| SMALL.contains(&word.to_lowercase().as_str()))
    {
        words.pop();
    }
    words
        .join(" ")
        .trim_end_matches([',', ';', ':', '-', '(', ' '])
        .to_string()
}

pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sureness(line: &str, marked: bool) -> Option<Sureness> {
        question_in(line, marked).map(|(_, sureness)| sureness)
    }

    #[test]
    fn questions_are_sure_by_opener_mark_or_markup() {
        use Sureness::*;
        for (line, marked, expected) in [
            ("Tell me about a time you failed.", false, Some(Sure)),
            (
                "1. Tell me about a time you had to learn fast.",
                false,
                Some(Sure),
            ),
            (
                "When was the last time you were inspired by someone?",
                false,
                Some(Sure),
            ),
            ("How do you handle conflicts", false, Some(Maybe)),
            ("What are you most proud of", false, Some(Maybe)),
            ("What are you most proud of", true, Some(Sure)),
            ("Any idea why it broke?", false, Some(Maybe)),
            ("¿Cuál ha sido tu mayor error?", true, Some(Sure)),
            ("The deploy failed on Friday.", false, None),
            (
                "What happened? We lost the data and then we rebuilt it.",
                false,
                None,
            ),
        ] {
            assert_eq!(sureness(line, marked), expected, "{line}");
        }
        assert_eq!(
            question_in("3. Why did you leave?", false).unwrap().0,
            "Why did you leave?"
        );
    }

    #[test]
    fn some_questions_are_not_for_a_story() {
        for question in [
            "Why Amazon",
            "Why do you want to work here?",
            "What is your greatest weakness",
            "Why did you leave Fenwick Insurance?",
            "How would you handle two team members who don't get along",
            "What would your previous manager say about you",
        ] {
            assert!(is_not_for_a_story(question), "{question}");
        }
        for question in [
            "Tell me about a time you failed",
            "What are you most proud of",
            "Why did you choose that design? Tell me about a time it was wrong",
        ] {
            assert!(!is_not_for_a_story(question), "{question}");
        }
    }

    #[test]
    fn keys_and_numbers_are_taken_off() {
        assert!(is_question_key("Q", "anything"));
        assert!(is_question_key("Q1", "Tell me about a time"));
        assert!(!is_question_key("Q3", "revenue fell"));
        assert!(is_follow_up_key("*Follow-up"));
        assert_eq!(unnumbered("12) Tell me"), "Tell me");
        assert_eq!(unnumbered("2026 was a year"), "2026 was a year");
        assert_eq!(unnumbered("12345. Tell me"), "Tell me");
        assert_eq!(unnumbered("123456. Tell me"), "123456. Tell me");
        assert_eq!(
            title_from_question("Tell me about a time you failed?"),
            "Failed"
        );
        assert_eq!(
            title_from_question("¿Cuál ha sido tu mayor error?"),
            "Cuál ha sido tu mayor error"
        );
    }
}
