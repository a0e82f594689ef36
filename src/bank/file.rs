//! Reading one prompt file and checking it, reporting every problem with its line.
//!
//! The file is walked as a spanned TOML tree rather than deserialised with serde, because
//! serde stops at the first problem and a person fixing a file wants to see them all.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{Origin, Prompt};
use crate::text::shown::has_controls;
use crate::text::{LineIndex, is_kebab_case, shown_line};
use crate::toml_check::{parse_tree, unknown_keys};

/// One thing wrong with a prompt file, shown as `path:line: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    /// 1-based line; `None` when the problem is with the file as a whole (it cannot be read).
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path, line, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

/// The prompts of a file that passed every check, with the category descriptions and keywords
/// it gave.
#[derive(Debug, Clone, Default)]
pub struct PromptFile {
    pub path: String,
    pub prompts: Vec<Prompt>,
    pub about: BTreeMap<String, String>,
    /// The keywords of the file's category, in the order written (a file has keywords for its
    /// own category only, so this has one entry at most).
    pub keywords: BTreeMap<String, Vec<Keyword>>,
}

/// A word or phrase that points to a category, so that a story that says it is guessed to
/// answer that category. A trailing `*` stands for the rest of a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keyword {
    /// Lowercase, with single spaces: two spellings of one keyword are the same text.
    pub text: String,
    pub origin: Origin,
}

/// The longest keyword, in characters: a keyword is a word or a short phrase, not a sentence.
const MAX_KEYWORD: usize = 40;

const FILE_KEYS: [&str; 4] = ["category", "about", "keywords", "prompt"];
const PROMPT_KEYS: [&str; 5] = ["id", "text", "category", "alternates", "follow_ups"];

/// Reads the text of a prompt file shown to the user as `path`. Returns its prompts, or every
/// problem found when there is any (a file with a problem is used not at all).
pub fn parse_prompt_file(path: &str, source: &str) -> Result<PromptFile, Vec<Problem>> {
    let mut reader = FileReader {
        path,
        source,
        lines: LineIndex::new(source),
        problems: Vec::new(),
    };
    let file = reader.read();
    if reader.problems.is_empty() {
        Ok(file)
    } else {
        // Found in the order the checks ran; a person reads a file top to bottom.
        reader.problems.sort_by_key(|problem| problem.line);
        Err(reader.problems)
    }
}

/// The `category` at the top of a prompt file, which its prompts take unless they give one.
enum FileCategory {
    Named(String),
    /// Given, but not a usable name (already reported).
    Broken,
    Absent,
}

struct FileReader<'a> {
    path: &'a str,
    source: &'a str,
    lines: LineIndex,
    problems: Vec<Problem>,
}

impl FileReader<'_> {
    fn problem(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.problems.push(Problem {
            path: self.path.to_string(),
            line: Some(self.lines.line(span.start)),
            message: message.into(),
        });
    }

    fn origin(&self, span: &Range<usize>) -> Origin {
        Origin {
            path: self.path.to_string(),
            line: self.lines.line(span.start),
        }
    }

    fn read(&mut self) -> PromptFile {
        let mut file = PromptFile {
            path: self.path.to_string(),
            ..PromptFile::default()
        };
        let root = match parse_tree(self.source) {
            Ok(root) => root,
            Err((span, message)) => {
                self.problem(span, message);
                return file;
            }
        };
        let root = root.get_ref();
        self.refuse_unknown_keys(root, &FILE_KEYS, " at the top of the file");

        let file_category = self.category_value(root);
        let about = self.optional_string(root, "about");
        if let (Some(category), Some(about)) = (&file_category, about) {
            file.about.insert(category.clone(), about);
        }
        let keywords = self.keywords(root);
        if let Some(category) = &file_category
            && !keywords.is_empty()
        {
            file.keywords.insert(category.clone(), keywords);
        }

        let Some(tables) = self.prompt_tables(root) else {
            return file;
        };
        // A file-wide category that is wrong was reported once, at its line; each prompt that
        // would take it is then short of nothing else on its account.
        let file_category = match (file_category, root.contains_key("category")) {
            (Some(category), _) => FileCategory::Named(category),
            (None, true) => FileCategory::Broken,
            (None, false) => FileCategory::Absent,
        };
        let mut first_line_of_id: HashMap<String, usize> = HashMap::new();
        for table in tables {
            let Some(fields) = table.get_ref().as_table() else {
                continue;
            };
            // An id is checked against the others whatever else is wrong with its prompt,
            // so fixing one problem never uncovers another that was there all along.
            let id = self.prompt_id(fields, table.span());
            let mut duplicate = false;
            if let Some(id) = &id {
                let line = self.lines.line(table.span().start);
                if let Some(first) = first_line_of_id.get(id) {
                    let message = format!("id '{id}' is used twice (first at line {first})");
                    self.problem(table.span(), message);
                    duplicate = true;
                } else {
                    first_line_of_id.insert(id.clone(), line);
                }
            }
            let prompt = self.read_prompt(table.span(), fields, id, &file_category);
            if let Some(prompt) = prompt
                && !duplicate
            {
                file.prompts.push(prompt);
            }
        }
        file
    }

    /// The `[[prompt]]` tables, or `None` after reporting why there are none.
    fn prompt_tables<'t, 'i>(
        &mut self,
        root: &'t DeTable<'i>,
    ) -> Option<Vec<&'t Spanned<DeValue<'i>>>> {
        let Some(value) = root.get("prompt") else {
            self.problem(0..0, "no prompts: add one or more [[prompt]] tables");
            return None;
        };
        let Some(array) = value.get_ref().as_array() else {
            self.problem(value.span(), "'prompt' must be a list of [[prompt]] tables");
            return None;
        };
        let mut tables = Vec::new();
        for entry in array.iter() {
            if entry.get_ref().is_table() {
                tables.push(entry);
            } else {
                self.problem(entry.span(), "each prompt must be a table with id and text");
            }
        }
        Some(tables)
    }

    /// A prompt's `id`, checked to be kebab-case; `None` when absent or wrong (reported).
    fn prompt_id(&mut self, fields: &DeTable<'_>, span: Range<usize>) -> Option<String> {
        match fields.get("id") {
            None => {
                self.problem(span, "prompt has no id");
                None
            }
            Some(value) => match value.get_ref().as_str() {
                Some(id) if is_kebab_case(id) => Some(id.to_string()),
                Some(id) => {
                    let message = format!(
                        "id '{id}' is not kebab-case (lowercase letters, digits and single dashes, like conflict-manager)"
                    );
                    self.problem(value.span(), message);
                    None
                }
                None => {
                    self.problem(value.span(), "id must be a string");
                    None
                }
            },
        }
    }

    /// The prompt of `fields`, its `id` already read; `None` when anything is wrong with it
    /// (every problem reported).
    fn read_prompt(
        &mut self,
        span: Range<usize>,
        fields: &DeTable<'_>,
        id: Option<String>,
        file_category: &FileCategory,
    ) -> Option<Prompt> {
        self.refuse_unknown_keys(fields, &PROMPT_KEYS, " in a prompt");
        let label = id
            .as_deref()
            .map(|id| format!("prompt '{id}'"))
            .unwrap_or_else(|| "prompt".into());

        let text = match fields.get("text") {
            None => {
                self.problem(span.clone(), format!("{label} has no text"));
                None
            }
            Some(value) => match value.get_ref().as_str() {
                Some(text) if text.trim().is_empty() => {
                    self.problem(value.span(), format!("{label} has an empty text"));
                    None
                }
                Some(text) if has_controls(text) => {
                    self.problem(value.span(), controls_problem(&label, "text", text));
                    None
                }
                Some(text) => Some(text.trim().to_string()),
                None => {
                    self.problem(value.span(), format!("{label}: text must be a string"));
                    None
                }
            },
        };

        let category = match self.category_value(fields) {
            Some(category) => Some(category),
            None if fields.contains_key("category") => None,
            None => match file_category {
                FileCategory::Named(category) => Some(category.clone()),
                FileCategory::Broken => None,
                FileCategory::Absent => {
                    let message = format!(
                        "{label} has no category: set category = \"...\" at the top of the file or in the prompt"
                    );
                    self.problem(span.clone(), message);
                    None
                }
            },
        };
        let alternates = self.string_list(fields, "alternates");
        let follow_ups = self.string_list(fields, "follow_ups");

        Some(Prompt {
            id: id?,
            category: category?,
            text: text?,
            alternates: alternates?,
            follow_ups: follow_ups?,
            origin: self.origin(&span),
        })
    }

    fn refuse_unknown_keys(&mut self, table: &DeTable<'_>, allowed: &[&str], place: &str) {
        for (span, message) in unknown_keys(table, allowed, place) {
            self.problem(span, message);
        }
    }

    /// A `category` value, checked to be kebab-case; `None` when absent or wrong (reported).
    fn category_value(&mut self, table: &DeTable<'_>) -> Option<String> {
        let value = table.get("category")?;
        match value.get_ref().as_str() {
            Some(name) if is_kebab_case(name) => Some(name.to_string()),
            Some(name) => {
                let message = format!("category '{name}' is not kebab-case (like hardest-problem)");
                self.problem(value.span(), message);
                None
            }
            None => {
                self.problem(value.span(), "category must be a string");
                None
            }
        }
    }

    /// The file's `keywords`, each checked; none when the key is absent. Bad ones are reported
    /// and left out (the file is then not used at all).
    fn keywords(&mut self, root: &DeTable<'_>) -> Vec<Keyword> {
        let Some(value) = root.get("keywords") else {
            return Vec::new();
        };
        if !root.contains_key("category") {
            self.problem(
                value.span(),
                "keywords need a category: set category = \"...\" at the top of the file for the category they point to",
            );
        }
        let Some(items) = value.get_ref().as_array() else {
            self.problem(value.span(), "keywords must be a list of strings");
            return Vec::new();
        };
        let mut keywords = Vec::new();
        let mut first_line_of: HashMap<String, usize> = HashMap::new();
        for item in items.iter() {
            let Some(written) = item.get_ref().as_str() else {
                self.problem(item.span(), "keywords must be a list of strings");
                continue;
            };
            if let Some(message) = keyword_problem(written) {
                self.problem(item.span(), message);
                continue;
            }
            let keyword = Keyword {
                text: written
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase(),
                origin: self.origin(&item.span()),
            };
            if let Some(first) = first_line_of.get(&keyword.text) {
                let message = format!(
                    "keyword '{}' is listed twice (first at line {first})",
                    written.trim()
                );
                self.problem(item.span(), message);
                continue;
            }
            first_line_of.insert(keyword.text.clone(), keyword.origin.line);
            keywords.push(keyword);
        }
        keywords
    }

    fn optional_string(&mut self, table: &DeTable<'_>, key: &str) -> Option<String> {
        let value = table.get(key)?;
        match value.get_ref().as_str() {
            Some(text) if has_controls(text) => {
                self.problem(value.span(), controls_problem("", key, text));
                None
            }
            Some(text) => Some(text.trim().to_string()),
            None => {
                self.problem(value.span(), format!("{key} must be a string"));
                None
            }
        }
    }

    /// A list of non-empty strings; an absent key is an empty list. `None` when wrong (reported).
    fn string_list(&mut self, table: &DeTable<'_>, key: &str) -> Option<Vec<String>> {
        let Some(value) = table.get(key) else {
            return Some(Vec::new());
        };
        let Some(items) = value.get_ref().as_array() else {
            self.problem(value.span(), format!("{key} must be a list of strings"));
            return None;
        };
        let mut strings = Vec::new();
        let mut all_good = true;
        for item in items.iter() {
            match item.get_ref().as_str() {
                Some(text) if has_controls(text) => {
                    self.problem(item.span(), controls_problem("", key, text));
                    all_good = false;
                }
                Some(text) if !text.trim().is_empty() => strings.push(text.trim().to_string()),
                Some(_) => {
                    self.problem(item.span(), format!("{key} has an empty entry"));
                    all_good = false;
                }
                None => {
                    self.problem(item.span(), format!("{key} must be a list of strings"));
                    all_good = false;
                }
            }
        }
        all_good.then_some(strings)
    }
}

/// What is wrong with a keyword as written, if anything.
fn keyword_problem(written: &str) -> Option<String> {
    if has_controls(written) {
        return Some(controls_problem("", "keywords", written));
    }
    let keyword = written.trim();
    if keyword.is_empty() {
        return Some("keywords has an empty entry".into());
    }
    if keyword.chars().count() > MAX_KEYWORD {
        return Some(format!(
            "keyword '{keyword}' is longer than {MAX_KEYWORD} characters: use a word or a short phrase"
        ));
    }
    let (body, stem) = match keyword.strip_suffix('*') {
        Some(body) => (body, true),
        None => (keyword, false),
    };
    let allowed = |c: char| c.is_alphanumeric() || matches!(c, ' ' | '-' | '\'');
    if let Some(odd) = body.chars().find(|&c| !allowed(c)) {
        return Some(if odd == '*' {
            format!("keyword '{keyword}' has a * before its end: a * may only end a keyword")
        } else {
            let odd = if odd.is_whitespace() {
                format!("U+{:04X}", u32::from(odd))
            } else {
                format!("'{odd}'")
            };
            format!(
                "keyword '{keyword}' has {odd}: use letters, digits, spaces, - and ' (and a * at the end)"
            )
        });
    }
    if body.trim().is_empty() {
        return Some(format!(
            "keyword '{keyword}' would match every word: put the start of a word before the *"
        ));
    }
    if !body.chars().any(char::is_alphanumeric) {
        return Some(format!("keyword '{keyword}' has no letter or digit"));
    }
    // "push *" would read as "push followed by any word" but matches words starting "push".
    if stem && !body.ends_with(|c: char| c.is_alphanumeric() || c == '-') {
        return Some(format!(
            "keyword '{keyword}': the * must come right after a letter, digit or - (like {}*)",
            body.trim_end_matches([' ', '\''])
        ));
    }
    None
}

/// `prompt 'x': text has a control character (shown as ^[): remove it`; a control character
/// in a question would reach the terminal of everyone drilling it.
fn controls_problem(label: &str, key: &str, text: &str) -> String {
    let head = if label.is_empty() {
        key.to_string()
    } else {
        format!("{label}: {key}")
    };
    format!(
        "{head} has a control character or escape sequence ({}): remove it",
        shown_line(text)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(source: &str) -> Vec<String> {
        match parse_prompt_file("p.toml", source) {
            Ok(file) => panic!("expected problems, got {} prompts", file.prompts.len()),
            Err(problems) => problems.iter().map(ToString::to_string).collect(),
        }
    }

    const GOOD: &str = r#"
category = "conflict"
about = "Disagreements."

[[prompt]]
id = "conflict-manager"
text = "Tell me about a disagreement with your manager."
alternates = ["Describe a clash with your boss."]
follow_ups = ["What would you do differently?"]

[[prompt]]
id = "conflict-peer"
category = "teamwork"
text = "  A peer disagreed with you.  "
"#;

    #[test]
    fn reads_prompts_with_file_and_own_categories() {
        let file = parse_prompt_file("p.toml", GOOD).unwrap();
        assert_eq!(file.prompts.len(), 2);
        let first = &file.prompts[0];
        assert_eq!(first.id, "conflict-manager");
        assert_eq!(first.category, "conflict");
        assert_eq!(first.alternates, ["Describe a clash with your boss."]);
        assert_eq!(first.follow_ups, ["What would you do differently?"]);
        assert_eq!(first.origin.to_string(), "p.toml:5");
        let second = &file.prompts[1];
        assert_eq!(second.category, "teamwork");
        assert_eq!(second.text, "A peer disagreed with you.");
        assert!(second.alternates.is_empty());
        assert_eq!(file.about["conflict"], "Disagreements.");
    }

    #[test]
    fn invalid_toml_names_the_line() {
        let found = problems("category = \"x\"\n[[prompt]]\nid = \"a\"\ntext = \"unclosed\n");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].starts_with("p.toml:4: not valid TOML"),
            "{found:?}"
        );
    }

    #[test]
    fn missing_and_empty_text_are_reported_at_their_prompt() {
        let found = problems(
            "category = \"x\"\n\n[[prompt]]\nid = \"a\"\n\n[[prompt]]\nid = \"b\"\ntext = \"  \"\n",
        );
        assert_eq!(
            found,
            [
                "p.toml:3: prompt 'a' has no text",
                "p.toml:8: prompt 'b' has an empty text"
            ]
        );
    }

    #[test]
    fn unknown_keys_suggest_the_near_one() {
        let found =
            problems("category = \"x\"\ntitle = \"t\"\n[[prompt]]\nid = \"a\"\ntxt = \"q?\"\n");
        assert_eq!(
            found,
            [
                "p.toml:2: unknown key 'title' at the top of the file (expected category, about, keywords, prompt)",
                "p.toml:3: prompt 'a' has no text",
                "p.toml:5: unknown key 'txt' in a prompt (did you mean 'text'?)",
            ]
        );
    }

    #[test]
    fn an_id_used_twice_points_at_the_first() {
        let found = problems(
            "category = \"x\"\n[[prompt]]\nid = \"a\"\ntext = \"q\"\n[[prompt]]\nid = \"a\"\ntext = \"r\"\n",
        );
        assert_eq!(found, ["p.toml:5: id 'a' is used twice (first at line 2)"]);
    }

    #[test]
    fn a_wrong_file_category_is_one_problem_and_the_rest_is_still_checked() {
        let found = problems(
            "category = \"Bad Category\"\n[[prompt]]\nid = \"a\"\ntext = \"q\"\n[[prompt]]\nid = \"b\"\ntext = \"r\"\n[[prompt]]\nid = \"a\"\ntext = \"s\"\n[[prompt]]\nid = \"c\"\n",
        );
        assert_eq!(
            found,
            [
                "p.toml:1: category 'Bad Category' is not kebab-case (like hardest-problem)",
                "p.toml:8: id 'a' is used twice (first at line 2)",
                "p.toml:11: prompt 'c' has no text",
            ]
        );
        let found = problems("category = 3\n[[prompt]]\nid = \"a\"\ntext = \"q\"\n");
        assert_eq!(found, ["p.toml:1: category must be a string"]);
    }

    #[test]
    fn an_id_is_checked_for_a_twin_even_when_its_prompt_has_other_problems() {
        let found = problems(
            "category = \"x\"\n[[prompt]]\nid = \"a\"\n[[prompt]]\nid = \"a\"\ntext = \"r\"\n",
        );
        assert_eq!(
            found,
            [
                "p.toml:2: prompt 'a' has no text",
                "p.toml:4: id 'a' is used twice (first at line 2)",
            ]
        );
    }

    #[test]
    fn ids_categories_and_lists_are_checked() {
        let source = r#"
[[prompt]]
id = "Bad Id"
text = "q"
[[prompt]]
id = "no-category"
text = "q"
[[prompt]]
id = "odd-lists"
category = "Mixed_Case"
text = "q"
alternates = "not a list"
follow_ups = ["fine", ""]
"#;
        assert_eq!(
            problems(source),
            [
                "p.toml:2: prompt has no category: set category = \"...\" at the top of the file or in the prompt",
                "p.toml:3: id 'Bad Id' is not kebab-case (lowercase letters, digits and single dashes, like conflict-manager)",
                "p.toml:5: prompt 'no-category' has no category: set category = \"...\" at the top of the file or in the prompt",
                "p.toml:10: category 'Mixed_Case' is not kebab-case (like hardest-problem)",
                "p.toml:12: alternates must be a list of strings",
                "p.toml:13: follow_ups has an empty entry",
            ]
        );
    }

    #[test]
    fn a_file_without_prompts_is_a_problem() {
        assert_eq!(
            problems("category = \"x\"\n"),
            ["p.toml:1: no prompts: add one or more [[prompt]] tables"]
        );
    }

    #[test]
    fn control_characters_in_any_text_are_problems() {
        let found = problems(
            "category = \"c\"\n[[prompt]]\nid = \"c-a\"\ntext = \"Hi\\u001b]2;x\\u0007\"\nfollow_ups = [\"ok\", \"\\u009b2J\"]\n",
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].contains("p.toml:4: prompt 'c-a': text has a control character"),
            "{found:?}"
        );
        assert!(found[0].contains("Hi^[]2;x^G"), "{found:?}");
        assert!(
            found[1].contains("p.toml:5: follow_ups has a control character"),
            "{found:?}"
        );
    }

    /// A file of category `conflict` with these lines between its category and its prompt.
    fn with_keywords(lines: &str) -> String {
        format!("category = \"conflict\"\n{lines}\n[[prompt]]\nid = \"c-a\"\ntext = \"q?\"\n")
    }

    #[test]
    fn keywords_are_kept_for_the_file_category_in_one_spelling() {
        let source = with_keywords(
            "keywords = [\n  \"conflict*\",\n  \"  Push   Back \",\n  \"didn't agree\",\n  \"self-led\",\n  \"co-*\",\n  \"Конфликт*\",\n  \"2nd opinion\",\n]",
        );
        let file = parse_prompt_file("p.toml", &source).unwrap();
        let keywords = &file.keywords["conflict"];
        let texts: Vec<&str> = keywords.iter().map(|k| k.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "conflict*",
                "push back",
                "didn't agree",
                "self-led",
                "co-*",
                "конфликт*",
                "2nd opinion"
            ]
        );
        assert_eq!(keywords[0].origin.to_string(), "p.toml:3");
        assert_eq!(keywords[1].origin.to_string(), "p.toml:4");
        assert_eq!(file.keywords.len(), 1);
    }

    #[test]
    fn a_file_without_keywords_has_none_and_an_empty_list_is_none() {
        let file = parse_prompt_file("p.toml", GOOD).unwrap();
        assert!(file.keywords.is_empty());
        let file = parse_prompt_file("p.toml", &with_keywords("keywords = []")).unwrap();
        assert!(file.keywords.is_empty());
    }

    #[test]
    fn a_keyword_of_forty_characters_is_allowed_and_one_more_is_not() {
        let forty = "a".repeat(40);
        let file = parse_prompt_file(
            "p.toml",
            &with_keywords(&format!("keywords = [\"{forty}\"]")),
        )
        .unwrap();
        assert_eq!(file.keywords["conflict"][0].text, forty);
        let found = problems(&with_keywords(&format!("keywords = [\"{forty}b\"]")));
        assert_eq!(
            found,
            [format!(
                "p.toml:2: keyword '{forty}b' is longer than 40 characters: use a word or a short phrase"
            )]
        );
    }

    #[test]
    fn each_bad_keyword_is_named_on_its_line() {
        let source = with_keywords(
            r#"keywords = [
  "",
  "   ",
  7,
  "why?",
  "a/b",
  "*",
  "**",
  "con*flict",
  "push *",
  "don'*",
  "--",
  "no\u00a0break",
  "tab	inside",
  "ok",
]"#,
        );
        assert_eq!(
            problems(&source),
            [
                "p.toml:3: keywords has an empty entry",
                "p.toml:4: keywords has an empty entry",
                "p.toml:5: keywords must be a list of strings",
                "p.toml:6: keyword 'why?' has '?': use letters, digits, spaces, - and ' (and a * at the end)",
                "p.toml:7: keyword 'a/b' has '/': use letters, digits, spaces, - and ' (and a * at the end)",
                "p.toml:8: keyword '*' would match every word: put the start of a word before the *",
                "p.toml:9: keyword '**' has a * before its end: a * may only end a keyword",
                "p.toml:10: keyword 'con*flict' has a * before its end: a * may only end a keyword",
                "p.toml:11: keyword 'push *': the * must come right after a letter, digit or - (like push*)",
                "p.toml:12: keyword 'don'*': the * must come right after a letter, digit or - (like don*)",
                "p.toml:13: keyword '--' has no letter or digit",
                "p.toml:14: keyword 'no\u{a0}break' has U+00A0: use letters, digits, spaces, - and ' (and a * at the end)",
                "p.toml:15: keyword 'tab\tinside' has U+0009: use letters, digits, spaces, - and ' (and a * at the end)",
            ]
        );
    }

    #[test]
    fn a_control_character_in_a_keyword_is_a_problem() {
        let found = problems(&with_keywords("keywords = [\"ok\", \"x\\u001b[2J\"]"));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with(
                "p.toml:2: keywords has a control character or escape sequence (x^[[2J)"
            ),
            "{found:?}"
        );
    }

    #[test]
    fn keywords_must_be_a_list() {
        assert_eq!(
            problems(&with_keywords("keywords = \"conflict*\"")),
            ["p.toml:2: keywords must be a list of strings"]
        );
    }

    #[test]
    fn a_keyword_listed_twice_in_any_case_points_at_the_first() {
        let found = problems(&with_keywords(
            "keywords = [\n  \"Push back\",\n  \"conflict*\",\n  \"push  BACK\",\n]",
        ));
        assert_eq!(
            found,
            ["p.toml:5: keyword 'push  BACK' is listed twice (first at line 3)"]
        );
    }

    #[test]
    fn keywords_without_a_file_category_are_a_problem() {
        let found = problems(
            "keywords = [\"deal*\"]\n\n[[prompt]]\nid = \"n-a\"\ncategory = \"negotiation\"\ntext = \"q?\"\n",
        );
        assert_eq!(
            found,
            [
                "p.toml:1: keywords need a category: set category = \"...\" at the top of the file for the category they point to"
            ]
        );
        // A category that is there but wrong is reported as itself, not as missing.
        let found = problems(
            "category = \"Bad\"\nkeywords = [\"deal*\"]\n[[prompt]]\nid = \"n-a\"\ntext = \"q?\"\n",
        );
        assert_eq!(
            found[0],
            "p.toml:1: category 'Bad' is not kebab-case (like hardest-problem)"
        );
        assert!(
            !found.iter().any(|problem| problem.contains("keywords")),
            "{found:?}"
        );
    }
}
