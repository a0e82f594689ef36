//! `rehearse export`: the sessions in a date range, oldest first, as JSON, JSON lines or CSV,
//! on standard output or in a file written in one step.

use std::io::{self, Write};
use std::ops::ControlFlow;
use std::path::Path;

use anyhow::{Context, Result};

use super::{day_range, local_today, visit_sessions};
use crate::atomic::{Existing, write_atomic_with};
use crate::cli::{ExportArgs, ExportFormat};
use crate::config::Config;
use crate::exit::{BadInput, Exit};
use crate::report::export::{Exporter, Format};
use crate::report::filter::Filter;
use crate::session::store::Order;

pub fn run(config: &Config, args: &ExportArgs, out: &mut dyn Write) -> Result<Exit> {
    let (since, until) = day_range(&args.days, local_today())?;
    if let Some(path) = &args.output {
        check_output(path)?;
    }
    let filter = Filter {
        since,
        until,
        include_aborted: args.all,
        ..Filter::default()
    };
    let format = match args.format {
        ExportFormat::Json => Format::Json,
        ExportFormat::Jsonl => Format::Jsonl,
        ExportFormat::Csv => Format::Csv,
    };
    match &args.output {
        None => {
            export(config, &filter, format, out)?;
        }
        Some(path) => {
            let mut count = 0;
            write_atomic_with(path, Existing::Replace, |file| {
                count = export(config, &filter, format, file)?;
                Ok(())
            })
            .with_context(|| format!("cannot write {}", path.display()))?;
            let noun = if count == 1 { "session" } else { "sessions" };
            eprintln!("exported {count} {noun} to {}", path.display());
        }
    }
    Ok(Exit::Success)
}

/// Streams the sessions `filter` keeps to `out`, oldest first (in id order, which is local
/// start time), and returns how many there were.
fn export(
    config: &Config,
    filter: &Filter,
    format: Format,
    out: &mut dyn Write,
) -> io::Result<usize> {
    let mut exporter = Exporter::new(format, out)?;
    let mut failure = None;
    visit_sessions(config, Order::OldestFirst, |session| {
        if !filter.matches(&session) {
            return ControlFlow::Continue(());
        }
        match exporter.write(&session) {
            Ok(()) => ControlFlow::Continue(()),
            Err(error) => {
                failure = Some(error);
                ControlFlow::Break(())
            }
        }
    });
    match failure {
        Some(error) => Err(error),
        None => exporter.finish(),
    }
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
