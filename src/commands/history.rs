//! `rehearse history`: one row a session, newest first, after the report filters.

use std::collections::BTreeSet;
use std::io::Write;
use std::ops::ControlFlow;

use anyhow::Result;

use super::{bank_for, store_for, warn_skipped};
use crate::cli::HistoryArgs;
use crate::clock::local_today;
use crate::config::Config;
use crate::exit::Exit;
use crate::paint::Paint;
use crate::report::export::{Exporter, Format};
use crate::report::filter::{Filter, check_categories, day_range};
use crate::report::history_view::{Entries, nothing_to_list};
use crate::session::store::{Order, Store};
use crate::ui::Output;

pub fn run(config: &Config, args: &HistoryArgs, out: &mut Output<'_>) -> Result<Exit> {
    let days = &args.filter.days;
    let (since, until) = day_range(days.since.as_deref(), days.until.as_deref(), local_today())?;
    let filter = Filter {
        since,
        until,
        categories: args.filter.categories.clone(),
        story: args.filter.story.clone(),
        include_aborted: args.filter.all,
    };
    let store = store_for(config);
    let bank = bank_for(config);
    let limit = args.limit.unwrap_or(usize::MAX);
    // A category that is not in the bank may still be in old sessions; only then is a look
    // through all of them needed before anything is printed.
    if filter
        .categories
        .iter()
        .any(|name| !bank.categories().contains(&name.as_str()))
    {
        check_categories(
            &bank.categories(),
            &filter.categories,
            &categories_in_history(&store)?,
        )?;
    }
    if args.json {
        let mut exporter = Exporter::new(Format::Json, out.raw()?)?;
        let mut shown = 0;
        let skipped = store.visit(Order::NewestFirst, |session| {
            if shown >= limit {
                return Ok(ControlFlow::Break(()));
            }
            if filter.matches(&session) {
                shown += 1;
                exporter.write(&session)?;
            }
            Ok::<_, std::io::Error>(ControlFlow::Continue(()))
        })?;
        warn_skipped(&skipped);
        exporter.finish()?;
        return Ok(Exit::Success);
    }
    let mut entries = Entries::default();
    let mut seen_any = false;
    let mut aborted_left_out = 0;
    let skipped = store.visit(Order::NewestFirst, |session| {
        seen_any = true;
        if entries.len() >= limit {
            return Ok(ControlFlow::Break(()));
        }
        if filter.matches(&session) {
            entries.push(&session);
        } else if !session.is_completed()
            && (Filter {
                include_aborted: true,
                ..filter.clone()
            })
            .matches(&session)
        {
            aborted_left_out += 1;
        }
        Ok::<_, std::convert::Infallible>(ControlFlow::Continue(()))
    });
    let Ok(skipped) = skipped;
    warn_skipped(&skipped);
    if entries.is_empty() {
        writeln!(out, "{}", nothing_to_list(seen_any, aborted_left_out))?;
    } else {
        let paint = Paint {
            enabled: config.colored(),
        };
        entries.write_table(out, config.output_width(args.wide), paint)?;
    }
    Ok(Exit::Success)
}

/// Every category named in the history.
fn categories_in_history(store: &Store) -> Result<BTreeSet<String>> {
    // No warnings here: the listing that follows names every file it skips, once.
    Ok(store
        .briefs()
        .briefs
        .into_iter()
        .map(|brief| brief.category)
        .collect())
}
