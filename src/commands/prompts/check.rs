//! `rehearse prompts check`: every problem of prompt files, as `path:line: message`, and
//! what their keywords come to beside the built-in ones.

use std::io::Write;

use anyhow::Result;

use crate::bank::keywords::review_keywords;
use crate::bank::load::{check_paths, user_prompt_files};
use crate::config::Config;
use crate::exit::Exit;
use crate::files::Links;
use crate::text::counted;
use crate::ui::Output;

pub fn run(config: &Config, files: &[std::path::PathBuf], out: &mut Output<'_>) -> Result<Exit> {
    let paths = if files.is_empty() {
        match user_prompt_files(&config.home.prompts_dir()) {
            Ok(paths) => paths,
            Err(problem) => {
                writeln!(out, "{problem}")?;
                return Ok(Exit::BadInput);
            }
        }
    } else {
        files.to_vec()
    };
    if paths.is_empty() {
        writeln!(
            out,
            "no prompt files in {}",
            config.home.prompts_dir().display()
        )?;
        return Ok(Exit::Success);
    }
    // Files the user names may be links; the home's own are not followed.
    let links = if files.is_empty() {
        Links::Refuse
    } else {
        Links::Follow
    };
    let (accepted, problems) = check_paths(&paths, links);
    for problem in &problems {
        writeln!(out, "{problem}")?;
    }
    // Only worth a warning: a story that says a shared keyword is guessed into both
    // categories, which may be what the user wants.
    let keywords = review_keywords(&accepted);
    for shared in &keywords.shared {
        writeln!(out, "{shared}")?;
    }
    let warnings = match keywords.shared.len() {
        0 => String::new(),
        count => format!(" ({})", counted(count, "warning", "warnings")),
    };
    let prompts: usize = accepted.iter().map(|file| file.prompts.len()).sum();
    let files = counted(paths.len(), "file", "files");
    let bad_files = paths.len() - accepted.len();
    let problem_count = counted(problems.len(), "problem", "problems");
    if problems.is_empty() {
        let prompts = counted(prompts, "prompt", "prompts");
        writeln!(out, "{files}, {prompts}: all valid{warnings}")?;
    } else if bad_files == paths.len() {
        writeln!(out, "{problem_count} in {files}{warnings}")?;
    } else {
        writeln!(out, "{problem_count} in {bad_files} of {files}{warnings}")?;
    }
    if !keywords.without_keywords.is_empty() {
        let (pronoun, possessive) = match keywords.without_keywords.len() {
            1 => ("it", "its"),
            _ => ("them", "their"),
        };
        writeln!(
            out,
            "no keywords for {}: stories import will not guess {pronoun} (add keywords = [...] beside {possessive} category)",
            keywords.without_keywords.join(", ")
        )?;
    }
    Ok(if problems.is_empty() {
        Exit::Success
    } else {
        Exit::BadInput
    })
}
