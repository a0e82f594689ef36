//! Assembling the bank: the built-in files, then the user's `<home>/prompts/*.toml` on top.
//!
//! A user prompt with a built-in id replaces it; a user file may add categories. A user file
//! with any problem is skipped whole and reported, so one typo never stops a drill. A user
//! file's keywords add to those of its category.

use std::collections::{BTreeMap, HashMap};
use std::io;
use std::path::{Path, PathBuf};

use super::builtin;
use super::file::{Problem, PromptFile, parse_prompt_file};
use super::keywords::pool;
use super::{Bank, Origin};
use crate::files::{Links, read_regular};

/// A bank, and the problems of the user files that were left out of it.
#[derive(Debug)]
pub struct LoadedBank {
    pub bank: Bank,
    pub skipped: Vec<Problem>,
}

/// The bank for a command: built-in prompts plus the valid user files in `prompts_dir`.
pub fn load_bank(prompts_dir: &Path) -> LoadedBank {
    let (user_files, skipped) = match user_prompt_files(prompts_dir) {
        Ok(paths) => check_paths(&paths, Links::Refuse),
        // An unreadable folder is reported like a bad file: the built-in bank still serves.
        Err(problem) => (Vec::new(), vec![problem]),
    };
    LoadedBank {
        bank: overlay(builtin_files(), user_files),
        skipped,
    }
}

/// The files `problems` are in, each with how many it has, in the order first met.
pub fn problems_by_file(problems: &[Problem]) -> Vec<(&str, usize)> {
    let mut files: Vec<(&str, usize)> = Vec::new();
    for problem in problems {
        match files.iter_mut().find(|(path, _)| *path == problem.path) {
            Some((_, count)) => *count += 1,
            None => files.push((&problem.path, 1)),
        }
    }
    files
}

/// Reads and checks the given files as one set (an id may appear in only one of them).
/// Returns the files that passed and every problem of those that did not. `links` says
/// whether the files may be links: not in the home, yes when the user names them.
pub fn check_paths(paths: &[PathBuf], links: Links) -> (Vec<PromptFile>, Vec<Problem>) {
    check_files(paths.iter().map(|path| read_file(path.clone(), links)))
}

/// The `*.toml` files in the user's prompts folder, sorted by name; none when it does not exist.
pub fn user_prompt_files(prompts_dir: &Path) -> Result<Vec<PathBuf>, Problem> {
    let unreadable = |error: io::Error| Problem {
        path: prompts_dir.display().to_string(),
        line: None,
        message: format!("cannot list prompt files: {error}"),
    };
    let entries = match std::fs::read_dir(prompts_dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(unreadable(error)),
    };
    let mut paths = Vec::new();
    for entry in entries {
        let path = entry.map_err(unreadable)?.path();
        if path.extension().is_some_and(|ext| ext == "toml") {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

/// The built-in files, parsed. They are checked by the tests, so a problem here is a bug.
pub(super) fn builtin_files() -> Vec<PromptFile> {
    builtin::FILES
        .iter()
        .map(|(path, source)| {
            parse_prompt_file(path, source).unwrap_or_else(|problems| {
                panic!("the built-in prompt bank is broken: {}", problems[0]);
            })
        })
        .collect()
}

fn read_file(path: PathBuf, links: Links) -> Result<(String, String), Problem> {
    let shown = path.display().to_string();
    let problem = |message: String| Problem {
        path: shown.clone(),
        line: None,
        message,
    };
    let bytes = read_regular(&path, links).map_err(|error| match error.kind() {
        io::ErrorKind::InvalidInput => problem(error.to_string()),
        _ => problem(format!("cannot read: {error}")),
    })?;
    let source = String::from_utf8(bytes).map_err(|_| problem("not UTF-8 text".into()))?;
    Ok((shown.clone(), source))
}

fn check_files(
    sources: impl Iterator<Item = Result<(String, String), Problem>>,
) -> (Vec<PromptFile>, Vec<Problem>) {
    let mut accepted = Vec::new();
    let mut problems = Vec::new();
    let mut first_use: HashMap<String, Origin> = HashMap::new();
    for source in sources {
        let parsed = source
            .map_err(|problem| vec![problem])
            .and_then(|(path, text)| parse_prompt_file(&path, &text));
        let file = match parsed {
            Ok(file) => file,
            Err(found) => {
                problems.extend(found);
                continue;
            }
        };
        let clashes: Vec<Problem> = file
            .prompts
            .iter()
            .filter_map(|prompt| {
                let first = first_use.get(&prompt.id)?;
                Some(Problem {
                    path: prompt.origin.path.clone(),
                    line: Some(prompt.origin.line),
                    message: format!("id '{}' is already used at {first}", prompt.id),
                })
            })
            .collect();
        if clashes.is_empty() {
            for prompt in &file.prompts {
                first_use.insert(prompt.id.clone(), prompt.origin.clone());
            }
            accepted.push(file);
        } else {
            problems.extend(clashes);
        }
    }
    problems.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    (accepted, problems)
}

/// The built-in prompts with the user's laid over them: same id replaces, new ids add. The
/// user's keywords add to the built-in ones of the same category.
fn overlay(builtin: Vec<PromptFile>, user: Vec<PromptFile>) -> Bank {
    let files: Vec<PromptFile> = builtin.into_iter().chain(user).collect();
    let keywords = pool(&files);
    let mut prompts = BTreeMap::new();
    let mut about = BTreeMap::new();
    for file in files {
        about.extend(file.about);
        for prompt in file.prompts {
            prompts.insert(prompt.id.clone(), prompt);
        }
    }
    Bank::new(prompts.into_values().collect(), about).with_keywords(keywords)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn builtin_bank() -> Bank {
        overlay(builtin_files(), Vec::new())
    }

    #[test]
    fn the_builtin_bank_is_large_varied_and_well_formed() {
        let bank = builtin_bank();
        assert!(
            bank.prompts().len() >= 100,
            "{} prompts",
            bank.prompts().len()
        );
        let categories = bank.categories();
        assert!(categories.len() >= 10, "{categories:?}");
        for needed in ["hardest-problem", "mistake", "conflict", "customer"] {
            assert!(categories.contains(&needed), "missing {needed}");
            assert!(bank.about(needed).is_some(), "no description for {needed}");
        }
        for prompt in bank.prompts() {
            assert!(
                (1..=3).contains(&prompt.follow_ups.len()),
                "{} follow-ups",
                prompt.id
            );
            assert!(
                prompt.text.ends_with(['?', '.']),
                "{}: {}",
                prompt.id,
                prompt.text
            );
        }
        let with_alternates = bank
            .prompts()
            .iter()
            .filter(|p| !p.alternates.is_empty())
            .count();
        assert!(
            with_alternates * 2 >= bank.prompts().len(),
            "only {with_alternates} have alternates"
        );
    }

    #[test]
    fn builtin_ids_are_unique_across_files() {
        let files = builtin_files();
        let total: usize = files.iter().map(|f| f.prompts.len()).sum();
        assert_eq!(builtin_bank().prompts().len(), total);
    }

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn user_files_replace_builtin_ids_and_add_categories() {
        let home = tempfile::tempdir().unwrap();
        write(
            home.path(),
            "mine.toml",
            "category = \"negotiation\"\nabout = \"Deals.\"\n[[prompt]]\nid = \"negotiation-salary\"\ntext = \"How did you negotiate?\"\n\n[[prompt]]\nid = \"conflict-manager\"\ncategory = \"conflict\"\ntext = \"My own wording.\"\n",
        );
        let loaded = load_bank(home.path());
        assert!(loaded.skipped.is_empty(), "{:?}", loaded.skipped);
        let bank = loaded.bank;
        assert_eq!(bank.prompts().len(), builtin_bank().prompts().len() + 1);
        assert_eq!(
            bank.prompt("conflict-manager").unwrap().text,
            "My own wording."
        );
        assert!(bank.categories().contains(&"negotiation"));
        assert_eq!(bank.about("negotiation"), Some("Deals."));
    }

    #[test]
    fn user_keywords_add_to_the_builtin_ones_of_their_category() {
        let home = tempfile::tempdir().unwrap();
        write(
            home.path(),
            "mine.toml",
            "category = \"conflict\"\nkeywords = [\"standoff*\", \"Conflict*\"]\n[[prompt]]\nid = \"conflict-mine\"\ntext = \"q?\"\n",
        );
        write(
            home.path(),
            "deals.toml",
            "category = \"negotiation\"\nkeywords = [\"deal*\"]\n[[prompt]]\nid = \"negotiation-a\"\ntext = \"q?\"\n",
        );
        let loaded = load_bank(home.path());
        assert!(loaded.skipped.is_empty(), "{:?}", loaded.skipped);
        let keywords = loaded.bank.category_keywords();
        let names: Vec<&str> = keywords.iter().map(|(name, _)| name.as_str()).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
        let of = |name: &str| &keywords.iter().find(|(c, _)| c == name).unwrap().1;
        let builtin = builtin_bank().category_keywords();
        let builtin_conflict = &builtin.iter().find(|(c, _)| c == "conflict").unwrap().1;
        // The built-in ones first, then the user's new one; "Conflict*" is already there.
        assert_eq!(
            of("conflict")[..builtin_conflict.len()],
            builtin_conflict[..]
        );
        assert_eq!(of("conflict")[builtin_conflict.len()..], ["standoff*"]);
        assert_eq!(of("negotiation"), &["deal*"]);
        assert_eq!(keywords.len(), builtin.len() + 1);
    }

    #[test]
    fn a_category_with_keywords_but_no_prompts_is_left_out_of_the_keywords() {
        let home = tempfile::tempdir().unwrap();
        write(
            home.path(),
            "odd.toml",
            "category = \"unused\"\nkeywords = [\"thing*\"]\n[[prompt]]\nid = \"odd-a\"\ncategory = \"conflict\"\ntext = \"q?\"\n",
        );
        let keywords = load_bank(home.path()).bank.category_keywords();
        assert!(keywords.iter().all(|(name, _)| name != "unused"));
    }

    #[test]
    fn a_bad_user_file_is_skipped_and_reported_while_good_ones_load() {
        let home = tempfile::tempdir().unwrap();
        write(
            home.path(),
            "a-good.toml",
            "category = \"x\"\n[[prompt]]\nid = \"x-one\"\ntext = \"q?\"\n",
        );
        write(
            home.path(),
            "b-bad.toml",
            "category = \"x\"\n[[prompt]]\nid = \"x-two\"\n",
        );
        write(home.path(), "notes.txt", "not a prompt file");
        let loaded = load_bank(home.path());
        let shown: Vec<String> = loaded.skipped.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 1);
        assert!(
            shown[0].ends_with("b-bad.toml:2: prompt 'x-two' has no text"),
            "{shown:?}"
        );
        assert!(loaded.bank.prompt("x-one").is_ok());
        assert!(loaded.bank.prompt("x-two").is_err());
    }

    #[test]
    fn the_same_id_in_two_user_files_is_a_problem_in_the_second() {
        let home = tempfile::tempdir().unwrap();
        let first = write(
            home.path(),
            "a.toml",
            "category = \"x\"\n[[prompt]]\nid = \"x-one\"\ntext = \"q?\"\n",
        );
        let second = write(
            home.path(),
            "b.toml",
            "category = \"x\"\n\n[[prompt]]\nid = \"x-one\"\ntext = \"r?\"\n",
        );
        let (accepted, problems) = check_paths(&[first.clone(), second.clone()], Links::Refuse);
        assert_eq!(accepted.len(), 1);
        assert_eq!(
            problems[0].to_string(),
            format!(
                "{}:3: id 'x-one' is already used at {}:2",
                second.display(),
                first.display()
            )
        );
    }

    #[test]
    fn problems_are_counted_a_file_in_the_order_met() {
        let problem = |path: &str, line| Problem {
            path: path.into(),
            line: Some(line),
            message: "m".into(),
        };
        let problems = [
            problem("b.toml", 1),
            problem("b.toml", 4),
            problem("a.toml", 2),
            problem("b.toml", 9),
        ];
        assert_eq!(problems_by_file(&problems), [("b.toml", 3), ("a.toml", 1)]);
        assert!(problems_by_file(&[]).is_empty());
    }

    #[test]
    fn a_missing_folder_means_no_user_prompts_and_no_problems() {
        let home = tempfile::tempdir().unwrap();
        let loaded = load_bank(&home.path().join("prompts"));
        assert!(loaded.skipped.is_empty());
        assert_eq!(loaded.bank.prompts().len(), builtin_bank().prompts().len());
        assert!(!home.path().join("prompts").exists());
    }

    #[test]
    fn an_unreadable_file_is_reported_without_a_line() {
        let home = tempfile::tempdir().unwrap();
        let missing = home.path().join("gone.toml");
        let (_, problems) = check_paths(std::slice::from_ref(&missing), Links::Refuse);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .to_string()
                .starts_with(&format!("{}: cannot read:", missing.display()))
        );
    }
}
