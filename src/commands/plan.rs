//! `rehearse plan`: today's few drills, each a story or a category and why.

use std::io::Write;

use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;

use super::{bank_for, briefs_for, store_for, stories_for};
use crate::cli::PlanArgs;
use crate::clock::local_today;
use crate::config::Config;
use crate::exit::Exit;
use crate::paint::Paint;
use crate::report::plan::{PlanItem, describe, plan, plan_progress};
use crate::text::shown_line;
use crate::ui::{Output, write_json};

/// `plan --json`. The names are a contract.
#[derive(Debug, Serialize)]
struct PlanJson<'a> {
    date: NaiveDate,
    items: Vec<ItemJson<'a>>,
}

#[derive(Debug, Serialize)]
struct ItemJson<'a> {
    #[serde(flatten)]
    item: &'a PlanItem,
    command: String,
}

pub fn run(config: &Config, args: &PlanArgs, out: &mut Output<'_>) -> Result<Exit> {
    let bank = bank_for(config);
    let stories = stories_for(config);
    let briefs = briefs_for(&store_for(config));
    let today = local_today();
    let items = plan(
        &stories,
        &briefs,
        &bank.categories(),
        today,
        usize::from(args.count),
    );
    if args.json {
        let json = PlanJson {
            date: today,
            items: items
                .iter()
                .map(|item| ItemJson {
                    item,
                    command: item.target.command(),
                })
                .collect(),
        };
        write_json(out.raw()?, &json)?;
        return Ok(Exit::Success);
    }
    let paint = Paint {
        enabled: config.colored(),
    };
    write!(out, "{}", plan_text(&items, today, paint))?;
    Ok(Exit::Success)
}

/// The plan as a person reads it: a line a drill with its reason and command, then how far
/// today has got.
fn plan_text(items: &[PlanItem], today: NaiveDate, paint: Paint) -> String {
    let mut text = format!(
        "{}\n",
        paint.bold(&format!("Today's plan, {}", today.format("%A %-d %B")))
    );
    for (index, item) in items.iter().enumerate() {
        let mark = if item.done { "[x]" } else { "[ ]" };
        text.push_str(&format!(
            "  {}. {mark} {}: {}\n       {}\n",
            index + 1,
            shown_line(&describe(&item.target)),
            shown_line(&item.why),
            paint.dim(&item.target.command())
        ));
    }
    if let Some(progress) = plan_progress(items) {
        text.push_str(&format!("{}\n", shown_line(&progress)));
    }
    if items.iter().any(|item| !item.done) {
        text.push_str("Run what is left: rehearse drill --plan\n");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::plan::Target;

    #[test]
    fn the_plan_reads_a_line_a_drill_with_its_command() {
        let items = [
            PlanItem {
                target: Target::Story {
                    title: "Team reorg".into(),
                    slug: "team-reorg".into(),
                    categories: vec!["conflict".into()],
                },
                why: "not told for 18 days".into(),
                done: true,
            },
            PlanItem {
                target: Target::Category {
                    category: "growth".into(),
                },
                why: "growth never practised".into(),
                done: false,
            },
        ];
        let text = plan_text(
            &items,
            "2026-12-02".parse().unwrap(),
            Paint { enabled: false },
        );
        assert_eq!(
            text,
            "Today's plan, Wednesday 2 December\n  \
             1. [x] tell 'Team reorg': not told for 18 days\n       \
             rehearse drill --story team-reorg\n  \
             2. [ ] a growth question: growth never practised\n       \
             rehearse drill --category growth\n\
             today's plan: 1 of 2 done; next: a growth question (growth never practised)\n\
             Run what is left: rehearse drill --plan\n"
        );
    }
}
