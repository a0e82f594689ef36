//! `rehearse prompts check`: every problem of prompt files, as `path:line: message`.

use std::io::Write;

use anyhow::Result;

use crate::bank::load::{check_paths, user_prompt_files};
use crate::config::Config;
use crate::exit::Exit;
use crate::files::Links;
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
    let prompts: usize = accepted.iter().map(|file| file.prompts.len()).sum();
    let bad_files = paths.len() - accepted.len();
    if problems.is_empty() {
        writeln!(out, "{} files, {prompts} prompts: all valid", paths.len())?;
        Ok(Exit::Success)
    } else {
        writeln!(
            out,
            "{} problems in {bad_files} of {} files",
            problems.len(),
            paths.len()
        )?;
        Ok(Exit::BadInput)
    }
}
