//! `rehearse pick`: one question from the bank, without timing, and the weighted choice of
//! questions that `drill` shares.

use std::io::Write;
use std::ops::ControlFlow;

use anyhow::Result;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use serde_json::{Value, json};

use super::{bank_for, local_today, terminal_width, visit_sessions, write_json};
use crate::bank::pick::{PracticeFacts, Weighted, pick_uniform, pick_weighted, picker_rng, weigh};
use crate::bank::{Bank, Prompt};
use crate::cli::{PickArgs, PromptChoiceArgs};
use crate::config::Config;
use crate::exit::{BadInput, Exit};
use crate::paint::Paint;
use crate::report::table::{self, Align, Cell, Column};
use crate::session::record::Session;
use crate::session::store::Order;

/// How many of the heaviest candidates `--explain` lists (the chosen one is added if lighter).
const EXPLAIN_ROWS: usize = 10;

pub fn run(config: &Config, args: &PickArgs, out: &mut dyn Write) -> Result<Exit> {
    let bank = bank_for(config);
    let draw = draw(&bank, &args.choice, 1, || practice_facts(config))?;
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
            None => write_json(out, prompt)?,
        }
    } else {
        let paint = Paint {
            enabled: config.color,
        };
        write_prompt(out, prompt, paint)?;
        if let Some(rows) = &explained {
            write_explain(
                out,
                rows,
                draw.first_round.len(),
                args.choice.uniform,
                paint,
            )?;
        }
    }
    Ok(Exit::Success)
}

/// `count` different prompts for the user's category, seed and `--uniform` choices: drawn in
/// proportion to their weights from the practice history (see `bank::pick`), or evenly with
/// `--uniform`. One rng seeded from `--seed` serves every draw, so a seed repeats the series.
/// `history` is every saved session, which the caller has read already.
pub(super) fn choose_prompts<'a>(
    bank: &'a Bank,
    choice: &PromptChoiceArgs,
    count: usize,
    history: &[Session],
) -> Result<Vec<&'a Prompt>> {
    let facts = || {
        let mut facts = PracticeFacts::default();
        history.iter().for_each(|session| facts.add(session));
        facts
    };
    Ok(draw(bank, choice, count, facts)?.chosen)
}

/// The prompts a draw chose, and the weights the first of them was drawn with.
struct Draw<'a> {
    chosen: Vec<&'a Prompt>,
    /// Every candidate of the first draw; with `--uniform` each weighs 1 and has no reasons.
    first_round: Vec<Weighted<'a>>,
}

/// Draws `count` prompts; `facts` is asked for only when the draw is weighted.
fn draw<'a>(
    bank: &'a Bank,
    choice: &PromptChoiceArgs,
    count: usize,
    facts: impl FnOnce() -> PracticeFacts,
) -> Result<Draw<'a>> {
    let mut left = candidates(bank, choice, count)?;
    let mut rng = picker_rng(choice.seed);
    let facts = (!choice.uniform).then(facts);
    let today = local_today();
    let mut chosen = Vec::with_capacity(count);
    let mut first_round = Vec::new();
    while chosen.len() < count {
        // Weighed again each round: once fresh prompts run out, the held-back ones return.
        let weighted = match &facts {
            Some(facts) => weigh(&left, facts, today),
            None => evenly(&left),
        };
        let prompt = next_prompt(&weighted, &left, facts.is_none(), &mut rng)
            .ok_or_else(|| BadInput::new("the prompt bank is empty"))?;
        if chosen.is_empty() {
            first_round = weighted;
        }
        left.retain(|candidate| candidate.id != prompt.id);
        chosen.push(prompt);
    }
    Ok(Draw {
        chosen,
        first_round,
    })
}

/// The prompts allowed by `--category`, after checking there are at least `count`.
fn candidates<'a>(
    bank: &'a Bank,
    choice: &PromptChoiceArgs,
    count: usize,
) -> Result<Vec<&'a Prompt>> {
    let candidates = bank.in_categories(&choice.categories)?;
    if candidates.is_empty() {
        return Err(BadInput::new("the prompt bank is empty").into());
    }
    if candidates.len() < count {
        let n = candidates.len();
        let which = if choice.categories.is_empty() {
            "the bank"
        } else {
            "those categories"
        };
        return Err(BadInput::new(format!(
            "only {n} prompts in {which}; ask for fewer with --count"
        ))
        .into());
    }
    Ok(candidates)
}

/// The next prompt: the plain draw `pick_uniform` makes with `--uniform` (so a seed names the
/// same prompt it always did), else the weighted one.
fn next_prompt<'a>(
    weighted: &[Weighted<'a>],
    left: &[&'a Prompt],
    uniform: bool,
    rng: &mut ChaCha8Rng,
) -> Option<&'a Prompt> {
    if uniform {
        pick_uniform(left, rng)
    } else {
        pick_weighted(weighted, rng)
    }
}

/// Every candidate at weight 1, for explaining a `--uniform` draw.
fn evenly<'a>(candidates: &[&'a Prompt]) -> Vec<Weighted<'a>> {
    let mut ordered = candidates.to_vec();
    ordered.sort_by(|a, b| a.id.cmp(&b.id));
    ordered
        .into_iter()
        .map(|prompt| Weighted {
            prompt,
            weight: 1.0,
            reasons: Vec::new(),
        })
        .collect()
}

/// What the weighted draw needs from the saved sessions, read one at a time.
fn practice_facts(config: &Config) -> PracticeFacts {
    let mut facts = PracticeFacts::default();
    visit_sessions(config, Order::NewestFirst, |session| {
        facts.add(&session);
        ControlFlow::Continue(())
    });
    facts
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
        Column {
            heading: "share",
            align: Align::Right,
            cuttable: false,
        },
        Column {
            heading: "id",
            align: Align::Left,
            cuttable: false,
        },
        Column {
            heading: "why",
            align: Align::Left,
            cuttable: true,
        },
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
    write!(
        out,
        "{}",
        table::render(&columns, &cells, terminal_width(), paint)
    )?;
    Ok(())
}

/// The question, then its category and id on a quieter line.
pub(super) fn write_prompt(out: &mut dyn Write, prompt: &Prompt, paint: Paint) -> Result<()> {
    writeln!(out, "{}", paint.bold(&prompt.text))?;
    let detail = format!("  category: {}   id: {}", prompt.category, prompt.id);
    writeln!(out, "{}", paint.dim(&detail))?;
    Ok(())
}
