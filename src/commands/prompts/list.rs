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
use crate::ui::write_json;
use unicode_width::UnicodeWidthStr;

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
    // Cut long questions to the width (COLUMNS, else the terminal's) after their ids, which
    // are what `--prompt` takes; a pipe or a file, or `--wide`, gets them whole.
    let width = config.output_width(args.wide);
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
        // Ids line up within a category: one long id elsewhere costs no question its room.
        let id_width = in_category
            .iter()
            .map(|p| shown_line(&p.id).width())
            .max()
            .unwrap_or(0);
        let heading = format!("{category} ({})", in_category.len());
        match bank.about(category) {
            Some(about) => {
                let about = match width {
                    Some(width) => truncate_to_width(
                        &shown_line(about),
                        width.saturating_sub(heading.width() + 2),
                    ),
                    None => about.to_string(),
                };
                writeln!(out, "{}  {}", paint.bold(&heading), paint.dim(&about))?
            }
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
