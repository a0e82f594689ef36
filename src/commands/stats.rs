//! `rehearse stats`: where the user stands, over all time or a range of days.

use std::io::Write;
use std::ops::ControlFlow;

use anyhow::Result;

use super::{bank_for, pace_aim, store_for, warn_skipped};
use crate::cli::StatsArgs;
use crate::clock::local_today;
use crate::config::{Config, SettingFlags};
use crate::exit::Exit;
use crate::paint::Paint;
use crate::report::filter::{Filter, day_range};
use crate::report::stats::StatsBuilder;
use crate::report::stats_view::render;
use crate::session::store::Order;
use crate::ui::Output;
use crate::ui::write_json;

pub fn run(config: &Config, args: &StatsArgs, out: &mut Output<'_>) -> Result<Exit> {
    let today = local_today();
    let days = &args.days;
    let (since, until) = day_range(days.since.as_deref(), days.until.as_deref(), today)?;
    // Aborted answers are counted (as aborted) in the practice figures and nowhere else.
    let filter = Filter {
        since,
        until,
        include_aborted: true,
        ..Filter::default()
    };
    let guide = config.settings(&SettingFlags::default()).guide.value;
    let store = store_for(config);
    let recordings = store.recordings();
    let disk_bytes = recordings.iter().map(|recording| recording.bytes).sum();
    let mut builder = StatsBuilder::default()
        .with_guide(guide)
        .with_disk(recordings.len(), disk_bytes)
        .with_pace_aim(pace_aim(config));
    let mut any = false;
    let skipped = store.visit(Order::OldestFirst, |session| {
        if filter.matches(&session) {
            builder.add(&session);
            any = true;
        }
        Ok::<_, std::convert::Infallible>(ControlFlow::Continue(()))
    });
    let Ok(skipped) = skipped;
    warn_skipped(&skipped);
    let bank = bank_for(config);
    // Figures over days that end before today are counted to their last day: a streak or
    // "the last 7 days" as of then, not a run that today's date has long broken.
    let counted_to = until.map_or(today, |until| until.min(today));
    let mut stats = builder.finish(counted_to, &bank.categories());
    stats.before_today = counted_to < today;
    if args.json {
        write_json(out.raw()?, &stats)?;
    } else if !any {
        writeln!(
            out,
            "no sessions yet: run `rehearse` to answer a question, then come back here"
        )?;
    } else {
        let paint = Paint {
            enabled: config.colored(),
        };
        write!(out, "{}", render(&stats, config.output_width(false), paint))?;
    }
    Ok(Exit::Success)
}
