//! `rehearse export`: the sessions in a date range, oldest first, as JSON, JSON lines or CSV,
//! on standard output or in a file written in one step.

use std::io::{self, Write};
use std::ops::ControlFlow;
use std::path::Path;

use anyhow::{Context, Result};

use super::{store_for, warn_skipped};
use crate::atomic::{Existing, write_atomic_with};
use crate::cli::ExportArgs;
use crate::clock::local_today;
use crate::config::Config;
use crate::exit::{BadInput, Exit};
use crate::report::export::{Exporter, Format};
use crate::report::filter::{Filter, day_range};
use crate::session::store::{Order, Store};
use crate::ui::Output;

pub fn run(config: &Config, args: &ExportArgs, out: &mut Output<'_>) -> Result<Exit> {
    let days = &args.days;
    let (since, until) = day_range(days.since.as_deref(), days.until.as_deref(), local_today())?;
    if let Some(path) = &args.output {
        check_output(path)?;
    }
    let filter = Filter {
        since,
        until,
        include_aborted: args.all,
        ..Filter::default()
    };
    let format = args.format;
    let store = store_for(config);
    match &args.output {
        None => {
            export(&store, &filter, format, out.raw()?)?;
        }
        Some(path) => {
            let mut count = 0;
            write_atomic_with(path, Existing::Replace, |file| {
                count = export(&store, &filter, format, file)?;
                Ok(())
            })
            .with_context(|| format!("cannot write {}", path.display()))?;
            let noun = if count == 1 { "session" } else { "sessions" };
            crate::ui::note(format!("exported {count} {noun} to {}", path.display()));
        }
    }
    Ok(Exit::Success)
}

/// Streams the sessions `filter` keeps to `out`, oldest first (in id order, which is local
/// start time), and returns how many there were.
fn export(
    store: &Store,
    filter: &Filter,
    format: Format,
    out: &mut dyn Write,
) -> io::Result<usize> {
    let mut exporter = Exporter::new(format, out)?;
    let skipped = store.visit(Order::OldestFirst, |session| {
        if filter.matches(&session) {
            exporter.write(&session)?;
        }
        Ok::<_, io::Error>(ControlFlow::Continue(()))
    })?;
    warn_skipped(&skipped);
    exporter.finish()
}

fn check_output(path: &Path) -> Result<(), BadInput> {
    let folder = match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    if !folder.is_dir() {
        return Err(BadInput::new(format!(
            "cannot write --output {}: no folder {}",
            path.display(),
            folder.display()
        )));
    }
    if path.is_dir() {
        return Err(BadInput::new(format!(
            "cannot write --output {}: it is a folder",
            path.display()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_output_needs_an_existing_folder_and_not_a_folder_itself() {
        let root = tempfile::tempdir().unwrap();
        assert!(check_output(&root.path().join("out.csv")).is_ok());
        assert!(check_output(Path::new("out.csv")).is_ok());
        let missing = check_output(&root.path().join("nope/out.csv")).unwrap_err();
        assert!(missing.to_string().contains("no folder"), "{missing}");
        let folder = check_output(root.path()).unwrap_err();
        assert!(folder.to_string().contains("it is a folder"), "{folder}");
    }
}
