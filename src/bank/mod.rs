//! The prompt bank: interview questions grouped by category, built in and from the user's files.
//!
//! `file` reads and checks one prompt file, `load` assembles the bank from the built-in files
//! and the user's, `keywords` pools the words that point to each category, `pick` weighs the
//! prompts by the practice history, and `draw` chooses the prompts of a drill.

mod builtin;
pub mod draw;
pub mod file;
pub mod keywords;
pub mod load;
pub mod pick;

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::exit::BadInput;
use crate::session::record::PromptRef;

/// One interview question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Prompt {
    /// Stable kebab-case id, unique across the bank.
    pub id: String,
    /// The family it belongs to, such as `conflict`.
    pub category: String,
    /// The question as the interviewer asks it.
    pub text: String,
    /// Other common wordings of the same question.
    pub alternates: Vec<String>,
    /// Probes an interviewer asks after the answer.
    pub follow_ups: Vec<String>,
    /// Where the prompt was defined, for messages.
    #[serde(skip)]
    pub origin: Origin,
}

impl Prompt {
    /// The prompt as a session records it.
    pub fn as_asked(&self) -> PromptRef {
        PromptRef::new(&self.id, &self.category, &self.text)
    }
}

/// A place in a prompt file: its path as shown to the user and a 1-based line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    pub path: String,
    pub line: usize,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.path, self.line)
    }
}

/// All prompts available to a command, sorted by category and then id.
#[derive(Debug, Clone, Default)]
pub struct Bank {
    prompts: Vec<Prompt>,
    /// Each category's one-line description, where a file gave one.
    about: BTreeMap<String, String>,
    /// Each category's keywords, where files gave some: the words that point a story to it.
    keywords: BTreeMap<String, Vec<String>>,
}

impl Bank {
    /// A bank of these prompts; `about` describes categories.
    pub fn new(mut prompts: Vec<Prompt>, about: BTreeMap<String, String>) -> Bank {
        prompts.sort_by(|a, b| (&a.category, &a.id).cmp(&(&b.category, &b.id)));
        Bank {
            prompts,
            about,
            keywords: BTreeMap::new(),
        }
    }

    /// The bank with these keywords for its categories (each category's, each once).
    pub fn with_keywords(self, keywords: BTreeMap<String, Vec<String>>) -> Bank {
        Bank { keywords, ..self }
    }

    /// Every prompt, sorted by category and then id.
    pub fn prompts(&self) -> &[Prompt] {
        &self.prompts
    }

    /// The categories that have at least one prompt, sorted.
    pub fn categories(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.prompts.iter().map(|p| p.category.as_str()).collect();
        names.dedup();
        names
    }

    /// A category's description, if a prompt file gave one.
    pub fn about(&self, category: &str) -> Option<&str> {
        self.about.get(category).map(String::as_str)
    }

    /// Each category's keywords (lowercase; a trailing `*` stands for the rest of a word), for
    /// guessing which categories a story answers. Sorted by category; a category without
    /// prompts or without keywords is left out, since a story is never guessed into it.
    pub fn category_keywords(&self) -> Vec<(String, Vec<String>)> {
        let categories = self.categories();
        self.keywords
            .iter()
            .filter(|(category, keywords)| {
                !keywords.is_empty() && categories.contains(&category.as_str())
            })
            .map(|(category, keywords)| (category.clone(), keywords.clone()))
            .collect()
    }

    /// The prompt with this id, or a bad-input error naming it.
    pub fn prompt(&self, id: &str) -> Result<&Prompt, BadInput> {
        self.prompts.iter().find(|p| p.id == id).ok_or_else(|| {
            let hint = crate::text::closest(id, self.prompts.iter().map(|p| p.id.as_str()))
                .map(|near| format!(" (did you mean '{near}'?)"))
                .unwrap_or_else(|| " (see `rehearse prompts` for the ids)".to_string());
            BadInput::new(format!("unknown prompt '{id}'{hint}"))
        })
    }

    /// The prompts in any of these categories (all prompts when none are named), after checking
    /// that every named category exists.
    pub fn in_categories(&self, categories: &[String]) -> Result<Vec<&Prompt>, BadInput> {
        let known = self.categories();
        if let Some(unknown) = categories.iter().find(|c| !known.contains(&c.as_str())) {
            return Err(BadInput::new(format!(
                "unknown category '{unknown}' (valid: {})",
                known.join(", ")
            )));
        }
        Ok(self
            .prompts
            .iter()
            .filter(|p| categories.is_empty() || categories.contains(&p.category))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::prompt;

    fn small_bank() -> Bank {
        Bank::new(
            vec![
                prompt("mistake-b", "mistake"),
                prompt("conflict-a", "conflict"),
                prompt("mistake-a", "mistake"),
            ],
            BTreeMap::new(),
        )
    }

    #[test]
    fn prompts_are_sorted_and_categories_listed_once() {
        let bank = small_bank();
        let ids: Vec<&str> = bank.prompts().iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["conflict-a", "mistake-a", "mistake-b"]);
        assert_eq!(bank.categories(), ["conflict", "mistake"]);
    }

    #[test]
    fn unknown_category_lists_the_valid_ones() {
        let error = small_bank().in_categories(&["conflit".into()]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "unknown category 'conflit' (valid: conflict, mistake)"
        );
    }

    #[test]
    fn category_filter_keeps_only_those_categories() {
        let bank = small_bank();
        assert_eq!(bank.in_categories(&["mistake".into()]).unwrap().len(), 2);
        assert_eq!(bank.in_categories(&[]).unwrap().len(), 3);
    }

    #[test]
    fn unknown_prompt_suggests_a_near_id() {
        let error = small_bank().prompt("mistake-c").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("unknown prompt 'mistake-c' (did you mean 'mistake-"),
            "{error}"
        );
        let error = small_bank().prompt("zzz").unwrap_err();
        assert!(error.to_string().contains("rehearse prompts"), "{error}");
    }
}
