//! Keywords across files: each category's pooled from every file that lists some, and what
//! `prompts check` says about them (a keyword two categories share, a category with none).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use super::Origin;
use super::file::PromptFile;
use super::load::builtin_files;

/// Each category's keywords from these files, in the order the files list them, each once:
/// several files of one category add to each other, the user's to the built-in ones.
pub(super) fn pool<'a>(
    files: impl IntoIterator<Item = &'a PromptFile>,
) -> BTreeMap<String, Vec<String>> {
    let mut pooled: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for file in files {
        for (category, keywords) in &file.keywords {
            let known = pooled.entry(category.clone()).or_default();
            for keyword in keywords {
                if !known.contains(&keyword.text) {
                    known.push(keyword.text.clone());
                }
            }
        }
    }
    pooled
}

/// A keyword that two categories both list: a story that says it is guessed into both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedKeyword {
    pub keyword: String,
    pub category: String,
    /// Where this category lists it.
    pub at: Origin,
    pub other_category: String,
    /// Where the other category lists it first; `None` when that is the built-in bank, whose
    /// files the user does not have.
    pub other_at: Option<Origin>,
}

impl fmt::Display for SharedKeyword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let other = match &self.other_at {
            Some(at) => format!("'{}' ({at})", self.other_category),
            None => format!("the built-in category '{}'", self.other_category),
        };
        write!(
            f,
            "{}: warning: '{}' is also a keyword of {other}: stories that say it are guessed as both {} and {}",
            self.at, self.keyword, self.other_category, self.category
        )
    }
}

/// What the keywords of some checked files come to, beside the built-in bank's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeywordReview {
    /// In the order of the files, the built-in ones first.
    pub shared: Vec<SharedKeyword>,
    /// The checked files' categories that no file gives a keyword, sorted: `stories import`
    /// never guesses them.
    pub without_keywords: Vec<String>,
}

/// The keywords of `checked` (files that passed their checks) laid beside the built-in ones,
/// as the bank will pool them.
pub fn review_keywords(checked: &[PromptFile]) -> KeywordReview {
    let builtin = builtin_files();
    let files: Vec<&PromptFile> = builtin.iter().chain(checked).collect();
    // Each keyword's first category, and where it is listed there unless built in.
    let mut first_listed: HashMap<&str, (&str, Option<&Origin>)> = HashMap::new();
    let mut shared = Vec::new();
    for (index, file) in files.iter().enumerate() {
        let built_in = index < builtin.len();
        for (category, keywords) in &file.keywords {
            for keyword in keywords {
                let origin = (!built_in).then_some(&keyword.origin);
                let (first_category, first_at) = *first_listed
                    .entry(&keyword.text)
                    .or_insert((category, origin));
                if first_category != category {
                    shared.push(SharedKeyword {
                        keyword: keyword.text.clone(),
                        category: category.clone(),
                        at: keyword.origin.clone(),
                        other_category: first_category.to_string(),
                        other_at: first_at.cloned(),
                    });
                }
            }
        }
    }
    let pooled = pool(files.iter().copied());
    let categories: BTreeSet<&str> = checked
        .iter()
        .flat_map(|file| file.prompts.iter().map(|prompt| prompt.category.as_str()))
        .collect();
    let without_keywords = categories
        .into_iter()
        .filter(|category| !pooled.contains_key(*category))
        .map(str::to_string)
        .collect();
    KeywordReview {
        shared,
        without_keywords,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::file::parse_prompt_file;

    fn file(path: &str, category: &str, keywords: &str) -> PromptFile {
        let source = format!(
            "category = \"{category}\"\nkeywords = [{keywords}]\n[[prompt]]\nid = \"{category}-x\"\ntext = \"q?\"\n"
        );
        parse_prompt_file(path, &source).unwrap()
    }

    #[test]
    fn files_of_one_category_pool_their_keywords_each_once() {
        let pooled = pool(&[
            file("a.toml", "deals", "\"deal*\", \"offer\""),
            file("b.toml", "salary", "\"pay\""),
            file("c.toml", "deals", "\"Offer\", \"bargain*\""),
        ]);
        assert_eq!(pooled["deals"], ["deal*", "offer", "bargain*"]);
        assert_eq!(pooled["salary"], ["pay"]);
    }

    #[test]
    fn a_keyword_of_two_categories_is_named_where_the_second_lists_it() {
        let review = review_keywords(&[
            file("a.toml", "deals", "\"deal*\", \"bargain*\""),
            file("b.toml", "salary", "\"pay\", \"bargain*\""),
            file("c.toml", "deals", "\"bargain*\""),
        ]);
        let shown: Vec<String> = review.shared.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "b.toml:2: warning: 'bargain*' is also a keyword of 'deals' (a.toml:2): stories that say it are guessed as both deals and salary"
            ]
        );
    }

    #[test]
    fn a_keyword_a_builtin_category_lists_is_shared_with_it() {
        let review = review_keywords(&[file("a.toml", "disputes", "\"conflict*\"")]);
        assert_eq!(review.shared.len(), 1, "{:?}", review.shared);
        let shared = &review.shared[0];
        assert_eq!(shared.category, "disputes");
        assert_eq!(shared.other_category, "conflict");
        assert_eq!(shared.other_at, None);
        assert_eq!(
            shared.to_string(),
            "a.toml:2: warning: 'conflict*' is also a keyword of the built-in category 'conflict': stories that say it are guessed as both conflict and disputes"
        );
    }

    #[test]
    fn categories_with_no_keyword_anywhere_are_named() {
        let own = parse_prompt_file(
            "own.toml",
            "category = \"negotiation\"\n[[prompt]]\nid = \"n-a\"\ntext = \"q?\"\n[[prompt]]\nid = \"c-mine\"\ncategory = \"conflict\"\ntext = \"q?\"\n[[prompt]]\nid = \"s-a\"\ncategory = \"salary\"\ntext = \"q?\"\n",
        )
        .unwrap();
        let review = review_keywords(&[own, file("pay.toml", "salary", "\"pay\"")]);
        // conflict has the built-in keywords and salary those of pay.toml.
        assert_eq!(review.without_keywords, ["negotiation"]);
        assert!(review.shared.is_empty());
    }

    #[test]
    fn the_builtin_categories_all_have_keywords_and_share_none() {
        assert_eq!(review_keywords(&builtin_files()), KeywordReview::default());
    }
}
