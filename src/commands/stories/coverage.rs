//! `rehearse stories coverage`: which stories can answer which categories.

use std::io::Write;

use anyhow::Result;

use super::super::{bank_for, stories_for};
use crate::config::Config;
use crate::exit::Exit;
use crate::paint::Paint;
use crate::story::coverage::{coverage_of, coverage_text};
use crate::ui::Output;
use crate::ui::write_json;

pub fn run(config: &Config, json: bool, out: &mut Output<'_>) -> Result<Exit> {
    let bank = bank_for(config);
    let stories = stories_for(config);
    let bank_categories = bank.categories();
    let coverage = coverage_of(&bank_categories, &stories);
    if json {
        write_json(out.raw()?, &coverage)?;
        return Ok(Exit::Success);
    }
    let paint = Paint {
        enabled: config.colored(),
    };
    write!(
        out,
        "{}",
        coverage_text(&coverage, config.output_width(false), paint)
    )?;
    Ok(Exit::Success)
}
