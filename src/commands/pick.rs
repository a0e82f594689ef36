//! `rehearse pick`: one question from the bank, without timing.

use std::io::Write;

use anyhow::Result;

use super::{bank_for, write_json};
use crate::bank::Prompt;
use crate::bank::pick::{pick_uniform, picker_rng};
use crate::cli::{PickArgs, PromptChoiceArgs};
use crate::config::Config;
use crate::exit::{BadInput, Exit};
use crate::paint::Paint;

pub fn run(config: &Config, args: &PickArgs, out: &mut dyn Write) -> Result<Exit> {
    let bank = bank_for(config);
    let prompt = choose_prompt(&bank, &args.choice)?;
    if args.json {
        write_json(out, prompt)?;
    } else {
        write_prompt(
            out,
            prompt,
            Paint {
                enabled: config.color,
            },
        )?;
    }
    Ok(Exit::Success)
}

/// The prompt the user's category and seed choices lead to.
pub(super) fn choose_prompt<'a>(
    bank: &'a crate::bank::Bank,
    choice: &PromptChoiceArgs,
) -> Result<&'a Prompt> {
    let candidates = bank.in_categories(&choice.categories)?;
    let mut rng = picker_rng(choice.seed);
    let prompt = pick_uniform(&candidates, &mut rng)
        .ok_or_else(|| BadInput::new("the prompt bank is empty"))?;
    Ok(prompt)
}

/// The question, then its category and id on a quieter line.
pub(super) fn write_prompt(out: &mut dyn Write, prompt: &Prompt, paint: Paint) -> Result<()> {
    writeln!(out, "{}", paint.bold(&prompt.text))?;
    let detail = format!("  category: {}   id: {}", prompt.category, prompt.id);
    writeln!(out, "{}", paint.dim(&detail))?;
    Ok(())
}
