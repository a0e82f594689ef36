//! Guessing which categories a story answers from the words of its question and title.
//!
//! Each category comes with keywords (the prompt bank's files list them). A keyword is a word
//! or a phrase, found only whole: `lead` is not found in "leader". A keyword ending in `*` is
//! found at the start of any word: `lead*` is found in "leader", not in "misleading". Case and
//! punctuation do not count ("(Conflict?)" holds the word "conflict"), except that a dash
//! joins: "push-back" is one word, not the phrase "push back".

use std::collections::HashMap;

/// Every category's keywords, indexed so that a text is read once however many there are.
#[derive(Debug, Clone, Default)]
pub struct CategoryWords {
    /// The category names, sorted, each once; a pattern names its category by its place here.
    categories: Vec<String>,
    /// The keywords by their first word, or by the stem for a stem of one word.
    by_first_word: HashMap<String, Vec<Pattern>>,
    /// The longest key of `by_first_word` in characters: a longer start of a word is never one.
    longest_key: usize,
}

/// One keyword, without its first word (the key it is filed under).
#[derive(Debug, Clone)]
struct Pattern {
    category: usize,
    /// The words after the first, each matched whole, but for the last of a stem.
    rest: Vec<String>,
    /// Whether the keyword ended in `*`, so its last word need only start a word of the text.
    stem: bool,
}

impl CategoryWords {
    /// Each category with the keywords that point to it. A category may come more than once;
    /// its keywords are then pooled. A keyword with no letter or digit in it is never found.
    pub fn new(keywords: Vec<(String, Vec<String>)>) -> CategoryWords {
        let mut categories: Vec<String> = keywords.iter().map(|(name, _)| name.clone()).collect();
        categories.sort();
        categories.dedup();
        let mut by_first_word: HashMap<String, Vec<Pattern>> = HashMap::new();
        for (name, words) in &keywords {
            let category = categories
                .binary_search(name)
                .expect("every name was collected above");
            for keyword in words {
                let keyword = keyword.trim();
                let (body, stem) = match keyword.strip_suffix('*') {
                    Some(body) => (body, true),
                    None => (keyword, false),
                };
                let cleaned = word_text(body);
                if !cleaned.chars().any(char::is_alphanumeric) {
                    continue;
                }
                let mut words = cleaned.split_whitespace().map(str::to_string);
                let Some(first) = words.next() else {
                    continue;
                };
                let pattern = Pattern {
                    category,
                    rest: words.collect(),
                    stem,
                };
                by_first_word.entry(first).or_default().push(pattern);
            }
        }
        let longest_key = by_first_word
            .keys()
            .map(|key| key.chars().count())
            .max()
            .unwrap_or(0);
        CategoryWords {
            categories,
            by_first_word,
            longest_key,
        }
    }

    /// The categories whose keywords `text` says, sorted, each once.
    pub fn guess(&self, text: &str) -> Vec<String> {
        let cleaned = word_text(text);
        let words: Vec<&str> = cleaned.split_whitespace().collect();
        let mut found = vec![false; self.categories.len()];
        for (at, word) in words.iter().enumerate() {
            // Every start of the word is a possible stem; the whole word is also a first word.
            let ends = word
                .char_indices()
                .map(|(index, _)| index)
                .skip(1)
                .chain([word.len()])
                .take(self.longest_key);
            for end in ends {
                let Some(patterns) = self.by_first_word.get(&word[..end]) else {
                    continue;
                };
                let whole = end == word.len();
                for pattern in patterns {
                    if !found[pattern.category] && pattern.is_at(whole, &words[at + 1..]) {
                        found[pattern.category] = true;
                    }
                }
            }
        }
        self.categories
            .iter()
            .zip(found)
            .filter(|(_, found)| *found)
            .map(|(name, _)| name.clone())
            .collect()
    }
}

impl Pattern {
    /// Whether the keyword is here, given that its first word (or stem) starts the word here,
    /// `whole` saying whether it is all of that word, and `following` the words after it.
    fn is_at(&self, whole: bool, following: &[&str]) -> bool {
        let Some(last) = self.rest.len().checked_sub(1) else {
            return whole || self.stem;
        };
        whole
            && following.len() > last
            && self
                .rest
                .iter()
                .zip(following)
                .enumerate()
                .all(|(index, (wanted, word))| {
                    if self.stem && index == last {
                        word.starts_with(wanted.as_str())
                    } else {
                        word == wanted
                    }
                })
    }
}

/// `text` in lowercase with everything but letters, digits and dashes turned into spaces, so
/// that splitting it on whitespace gives its words ("customer's" is "customer" and "s", and
/// "last-minute" one word).
fn word_text(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                ' '
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn words(list: &[(&str, &[&str])]) -> CategoryWords {
        CategoryWords::new(
            list.iter()
                .map(|(name, keys)| {
                    let keys = keys.iter().map(ToString::to_string).collect();
                    (name.to_string(), keys)
                })
                .collect(),
        )
    }

    fn bank_like() -> CategoryWords {
        words(&[
            ("conflict", &["conflict*", "disagree*", "push back"]),
            ("leadership", &["lead", "leads", "leader*", "mentor*"]),
            ("prioritization", &["priorit*", "trade off*"]),
            ("customer", &["customer*", "user feedback"]),
            ("mistake", &["didn't work", "screwed up"]),
        ])
    }

    #[test]
    fn a_stem_matches_every_word_that_starts_with_it() {
        let words = bank_like();
        for text in [
            "A conflict",
            "conflicts",
            "conflicting goals",
            "we disagreed",
        ] {
            assert_eq!(words.guess(text), ["conflict"], "{text}");
        }
        assert_eq!(words.guess("How do you prioritise?"), ["prioritization"]);
        // A stem starts a word: it is not found inside one.
        assert!(words.guess("nonconflicting").is_empty());
    }

    #[test]
    fn a_keyword_without_a_star_is_a_whole_word() {
        let words = bank_like();
        assert_eq!(words.guess("Did you lead it?"), ["leadership"]);
        assert_eq!(words.guess("She leads the team"), ["leadership"]);
        assert!(words.guess("Which leading indicator?").is_empty());
        assert!(words.guess("misleading metrics").is_empty());
        let stemmed = CategoryWords::new(vec![("leadership".into(), vec!["lead*".into()])]);
        assert_eq!(stemmed.guess("a born leader"), ["leadership"]);
        assert!(stemmed.guess("misleading metrics").is_empty());
    }

    #[test]
    fn a_phrase_is_found_only_as_those_words_in_that_order() {
        let words = bank_like();
        assert_eq!(
            words.guess("When did you push back on your manager?"),
            ["conflict"]
        );
        assert_eq!(words.guess("I had to push back."), ["conflict"]);
        assert!(words.guess("push the back door").is_empty());
        assert!(words.guess("back push").is_empty());
        assert!(words.guess("we push backwards").is_empty());
        assert!(words.guess("push").is_empty(), "a phrase cut short");
    }

    #[test]
    fn a_phrase_ending_in_a_star_lets_its_last_word_run_on() {
        let words = bank_like();
        for text in ["a trade off", "the trade offs you made"] {
            assert_eq!(words.guess(text), ["prioritization"], "{text}");
        }
        assert!(words.guess("a trade of goods").is_empty());
        assert!(words.guess("retrade offs").is_empty());
    }

    #[test]
    fn case_and_punctuation_do_not_count() {
        let words = bank_like();
        assert_eq!(words.guess("CONFLICT!"), ["conflict"]);
        assert_eq!(words.guess("(conflict), again"), ["conflict"]);
        assert_eq!(words.guess("a customer's complaint"), ["customer"]);
        assert_eq!(words.guess("USER FEEDBACK: mixed"), ["customer"]);
        assert_eq!(words.guess("Push, back"), ["conflict"]);
        // An apostrophe is punctuation on both sides, straight or curly.
        assert_eq!(words.guess("It didn\u{2019}t work"), ["mistake"]);
        assert_eq!(words.guess("it didn't work"), ["mistake"]);
        // A dash joins: "self-led" is its own word, not "led".
        let led = CategoryWords::new(vec![("leadership".into(), vec!["led".into()])]);
        assert!(led.guess("a self-led project").is_empty());
        assert_eq!(led.guess("I led it"), ["leadership"]);
    }

    #[test]
    fn keywords_are_read_in_any_case_and_any_script() {
        let words = words(&[
            ("conflict", &["  Push Back ", "конфликт*"]),
            ("growth", &["CRITICISM"]),
        ]);
        assert_eq!(words.guess("I pushed, then had to push back"), ["conflict"]);
        assert_eq!(words.guess("Конфликты в команде"), ["conflict"]);
        assert_eq!(words.guess("harsh criticism"), ["growth"]);
    }

    #[test]
    fn categories_come_sorted_and_each_once() {
        let words = bank_like();
        assert_eq!(
            words.guess("A conflict with a customer: we disagreed, the customer pushed back"),
            ["conflict", "customer"]
        );
        assert_eq!(
            words.guess("Customers, priorities, conflicts and the leads"),
            ["conflict", "customer", "leadership", "prioritization"]
        );
    }

    #[test]
    fn a_category_given_twice_pools_its_keywords() {
        let words = words(&[
            ("teamwork", &["team*"]),
            ("conflict", &["clash*"]),
            ("teamwork", &["colleague*"]),
        ]);
        assert_eq!(words.guess("my colleagues"), ["teamwork"]);
        assert_eq!(words.guess("team clash"), ["conflict", "teamwork"]);
    }

    #[test]
    fn nothing_is_guessed_from_nothing() {
        assert!(bank_like().guess("").is_empty());
        assert!(bank_like().guess("?!  ...").is_empty());
        assert!(CategoryWords::default().guess("a conflict").is_empty());
        let odd = words(&[("odd", &["", "*", "' -", "?"])]);
        assert!(odd.guess("anything at all ' - ? *").is_empty());
    }

    /// What `guess` must agree with: the text and each keyword as a string of words between
    /// single spaces, a stem found after a space and a word or phrase between two.
    fn reference(list: &[(&str, &[&str])], text: &str) -> Vec<String> {
        let spaced = |text: &str| {
            let cleaned = word_text(text);
            format!(
                " {} ",
                cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
            )
        };
        let text = spaced(text);
        let mut found: Vec<String> = list
            .iter()
            .filter(|(_, keys)| {
                keys.iter().any(|key| match key.strip_suffix('*') {
                    Some(stem) => text.contains(spaced(stem).trim_end()),
                    None => text.contains(&spaced(key)),
                })
            })
            .map(|(name, _)| name.to_string())
            .collect();
        found.sort();
        found.dedup();
        found
    }

    const LIST: &[(&str, &[&str])] = &[
        ("a", &["team*", "push back", "trade off*"]),
        ("b", &["lead", "led", "co-lead*"]),
        ("c", &["back*", "off", "push"]),
        ("d", &["team player", "teams"]),
    ];

    proptest! {
        #[test]
        fn guesses_agree_with_a_plain_search_of_the_text(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "team", "Teams", "teamwork", "push", "back", "backed", "trade", "off",
                    "offs", "lead", "Led", "leader", "co-lead", "co-leading", "player", "x",
                ]),
                0..12,
            ),
            separators in proptest::collection::vec(
                proptest::sample::select(vec![" ", ", ", "! ", " (", "\n", "'", " - "]),
                12,
            ),
        ) {
            let text: String = words
                .iter()
                .zip(&separators)
                .map(|(word, separator)| format!("{word}{separator}"))
                .collect();
            let list: Vec<(String, Vec<String>)> = LIST
                .iter()
                .map(|(name, keys)| (name.to_string(), keys.iter().map(ToString::to_string).collect()))
                .collect();
            prop_assert_eq!(CategoryWords::new(list).guess(&text), reference(LIST, &text));
        }
    }
}
