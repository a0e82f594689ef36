//! `rehearse prompts`: the bank grouped by category.

use std::io::Write;

use anyhow::Result;

use super::super::bank_for;
use crate::cli::PromptsArgs;
use crate::config::Config;
use crate::exit::Exit;
use crate::paint::Paint;
use crate::text::shown_line;
use crate::text::truncate_to_width;
use crate::ui::Output;
use crate::ui::{terminal_width, write_json};

pub fn run(config: &Config, args: &PromptsArgs, out: &mut Output<'_>) -> Result<Exit> {
    let bank = bank_for(config);
    let prompts = bank.in_categories(&args.categories)?;
    if args.json {
        write_json(out.raw()?, &prompts)?;
        return Ok(Exit::Success);
    }
    let paint = Paint {
        enabled: config.colored(),
    };
    // Cut long questions to the terminal's width; a pipe or file gets them whole.
    let width = terminal_width();
    let id_width = prompts.iter().map(|p| p.id.len()).max().unwrap_or(0);
    let mut categories = 0;
    for category in bank.categories() {
        let in_category: Vec<_> = prompts.iter().filter(|p| p.category == category).collect();
        if in_category.is_empty() {
            continue;
        }
        if categories > 0 {
            writeln!(out)?;
        }
        categories += 1;
        let heading = format!("{category} ({})", in_category.len());
        match bank.about(category) {
            Some(about) => writeln!(out, "{}  {}", paint.bold(&heading), paint.dim(about))?,
            None => writeln!(out, "{}", paint.bold(&heading))?,
        }
        for prompt in in_category {
            let line = format!(
                "  {:id_width$}  {}",
                shown_line(&prompt.id),
                shown_line(&prompt.text)
            );
            let line = match width {
                Some(width) => truncate_to_width(&line, width),
                None => line,
            };
            writeln!(out, "{line}")?;
        }
    }
    writeln!(
        out,
        "\n{} prompts in {categories} categories",
        prompts.len()
    )?;
    Ok(Exit::Success)
}
