//! `rehearse stats`: where the user stands, over all time or a range of days.

use std::io::Write;
use std::ops::ControlFlow;

use anyhow::Result;

use super::{bank_for, day_range, local_today, visit_sessions, write_json};
use crate::cli::StatsArgs;
use crate::config::Config;
use crate::exit::Exit;
use crate::paint::Paint;
use crate::report::filter::Filter;
use crate::report::stats::StatsBuilder;
use crate::report::stats_view::render;
use crate::session::store::Order;

pub fn run(config: &Config, args: &StatsArgs, out: &mut dyn Write) -> Result<Exit> {
    let today = local_today();
    let (since, until) = day_range(&args.days, today)?;
    // Aborted answers are counted (as aborted) in the practice figures and nowhere else.
    let filter = Filter {
        since,
        until,
        include_aborted: true,
        ..Filter::default()
    };
    let mut builder = StatsBuilder::default().with_guide(config.settings.guide.value);
    let mut any = false;
    visit_sessions(config, Order::OldestFirst, |session| {
        if filter.matches(&session) {
            builder.add(&session);
            any = true;
        }
        ControlFlow::Continue(())
    });
    let bank = bank_for(config);
    let stats = builder.finish(today, &bank.categories());
    if args.json {
        write_json(out, &stats)?;
    } else if !any {
        writeln!(
            out,
            "no sessions yet: run `rehearse` to answer a question, then come back here"
        )?;
    } else {
        write!(
            out,
            "{}",
            render(
                &stats,
                Paint {
                    enabled: config.color
                }
            )
        )?;
    }
    Ok(Exit::Success)
}
