//! `rehearse pick`: one question from the bank, without timing, and with `--explain` the
//! weights behind the draw.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;
use serde_json::{Value, json};

use super::{bank_for, briefs_for, store_for};
use crate::bank::Prompt;
use crate::bank::draw::draw;
use crate::bank::pick::{PracticeFacts, Weighted};
use crate::cli::PickArgs;
use crate::clock::local_today;
use crate::config::Config;
use crate::exit::Exit;
use crate::paint::Paint;
use crate::table::{self, Align, Cell, Column};
use crate::ui::Output;
use crate::ui::write_json;

/// How many of the heaviest candidates `--explain` lists (the chosen one is added if lighter).
const EXPLAIN_ROWS: usize = 10;

pub fn run(config: &Config, args: &PickArgs, out: &mut Output<'_>) -> Result<Exit> {
    let bank = bank_for(config);
    let facts = || PracticeFacts::from_briefs(&briefs_for(&store_for(config)));
    let draw = draw(&bank, &args.choice.choice(), 1, facts, local_today())?;
    let prompt = draw.chosen[0];
    let explained = args
        .explain
        .then(|| explain_rows(&draw.first_round, prompt));
    if args.json {
        match &explained {
            Some(rows) => write_json(
                out,
                &Explained {
                    prompt,
                    explain: explain_json(rows),
                },
            )?,
            None => write_json(out.raw()?, prompt)?,
        }
    } else {
        let paint = Paint {
            enabled: config.colored(),
        };
        write_prompt(out, prompt, paint)?;
        if let Some(rows) = &explained {
            write_explain(
                out,
                rows,
                draw.first_round.len(),
                args.choice.uniform,
                config.output_width(false),
                paint,
            )?;
        }
    }
    Ok(Exit::Success)
}

/// One line of `--explain`.
struct ExplainRow<'a> {
    prompt: &'a Prompt,
    /// Percent of the total weight.
    share: f64,
    reasons: &'a [String],
    chosen: bool,
}

/// The heaviest candidates (ties in id order), plus the chosen one when it is not among them.
fn explain_rows<'a>(weighted: &'a [Weighted<'a>], chosen: &Prompt) -> Vec<ExplainRow<'a>> {
    let total: f64 = weighted.iter().map(|w| w.weight).sum();
    let mut order: Vec<&Weighted> = weighted.iter().collect();
    order.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    let is_chosen = |w: &Weighted| w.prompt.id == chosen.id;
    let mut shown: Vec<&Weighted> = order.iter().copied().take(EXPLAIN_ROWS).collect();
    if !shown.iter().any(|w| is_chosen(w))
        && let Some(lighter) = order.iter().copied().find(|w| is_chosen(w))
    {
        shown.push(lighter);
    }
    shown
        .into_iter()
        .map(|w| ExplainRow {
            prompt: w.prompt,
            share: if total > 0.0 {
                100.0 * w.weight / total
            } else {
                0.0
            },
            reasons: &w.reasons,
            chosen: is_chosen(w),
        })
        .collect()
}

/// The prompt's JSON fields as `pick --json` writes them, in the same order, then `explain`.
#[derive(Serialize)]
struct Explained<'a> {
    #[serde(flatten)]
    prompt: &'a Prompt,
    explain: Value,
}

fn explain_json(rows: &[ExplainRow]) -> Value {
    rows.iter()
        .map(|row| {
            json!({
                "id": row.prompt.id,
                "category": row.prompt.category,
                "share_percent": (row.share * 10.0).round() / 10.0,
                "reasons": row.reasons,
                "chosen": row.chosen,
            })
        })
        .collect()
}

/// A blank line, a heading, and the table of shares and reasons; the chosen row is marked `*`.
fn write_explain(
    out: &mut dyn Write,
    rows: &[ExplainRow],
    candidates: usize,
    uniform: bool,
    width: Option<usize>,
    paint: Paint,
) -> Result<()> {
    let how = if uniform {
        "a plain random draw (--uniform): every prompt weighs the same"
    } else {
        "weighted toward what you have neglected"
    };
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        paint.dim(&format!("{candidates} candidates, {how}"))
    )?;
    let columns = [
        Column::new("share", Align::Right, false),
        Column::new("id", Align::Left, false),
        Column::new("why", Align::Left, true),
    ];
    let cells: Vec<Vec<Cell>> = rows
        .iter()
        .map(|row| {
            let mark = if row.chosen { " *" } else { "" };
            vec![
                Cell::plain(format!("{:.1}%", row.share)),
                Cell::plain(format!("{}{mark}", row.prompt.id)),
                Cell::plain(if row.reasons.is_empty() {
                    "-".to_string()
                } else {
                    row.reasons.join("; ")
                }),
            ]
        })
        .collect();
    write!(out, "{}", table::render(&columns, &cells, width, paint))?;
    Ok(())
}

/// The question, then its category and id on a quieter line.
fn write_prompt(out: &mut dyn Write, prompt: &Prompt, paint: Paint) -> Result<()> {
    writeln!(out, "{}", paint.bold(&prompt.text))?;
    let detail = format!("  category: {}   id: {}", prompt.category, prompt.id);
    writeln!(out, "{}", paint.dim(&detail))?;
    Ok(())
}
