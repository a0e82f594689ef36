//! `rehearse prune`: deletes the recordings older than `keep_audio_days` (or `--older-than`),
//! naming each and asking first on a terminal. Only the audio goes: the record keeps what was
//! measured from it, and says when its recording was pruned.

use std::io::Write;

use anyhow::{Context, Result};
use chrono::NaiveDate;

use super::{store_for, warn_skipped};
use crate::cli::PruneArgs;
use crate::clock::local_today;
use crate::config::Config;
use crate::exit::{BadInput, Exit};
use crate::report::disk::format_bytes;
use crate::session::audio::{RecordingFile, Take};
use crate::text::shown_path;
use crate::ui::{self, Output};

pub fn run(config: &Config, args: &PruneArgs, out: &mut Output<'_>) -> Result<Exit> {
    let Some(keep_days) = args.older_than.or(config.keep_audio_days()) else {
        return Err(BadInput::new(
            "prune needs to know how long to keep recordings: set keep_audio_days in config.toml, or give --older-than DAYS",
        )
        .into());
    };
    // Refused before anything is listed: nothing of a refused run reaches standard output.
    if !args.yes && !args.dry_run && !ui::can_ask() {
        return Err(BadInput::new(
            "prune asks before it deletes recordings; give --yes to delete them without asking",
        )
        .into());
    }
    let store = store_for(config);
    warn_skipped(&store.layout_problems());
    let today = local_today();
    let old: Vec<(RecordingFile, NaiveDate)> = store
        .recordings()
        .into_iter()
        .filter_map(|recording| {
            let day = day_of(&recording)?;
            (today.signed_duration_since(day).num_days() > i64::from(keep_days))
                .then_some((recording, day))
        })
        .collect();
    if old.is_empty() {
        ui::note(format!("no recording is older than {keep_days} days"));
        return Ok(Exit::Success);
    }
    let bytes: u64 = old.iter().map(|(recording, _)| recording.bytes).sum();
    for (recording, day) in &old {
        writeln!(
            out,
            "{}  {day}  {}",
            shown_path(&recording.path),
            format_bytes(recording.bytes)
        )?;
    }
    let what = format!(
        "{} older than {keep_days} days, {}",
        recordings_naming(old.len()),
        format_bytes(bytes)
    );
    if args.dry_run {
        ui::note(format!("would delete {what}"));
        return Ok(Exit::Success);
    }
    if !args.yes {
        out.flush()?;
        if let Some(stop) = ui::confirm_or_stop(&format!("Delete {what}?"), "nothing deleted")? {
            return Ok(stop);
        }
    }
    for (recording, _) in &old {
        store
            .delete_recording(recording)
            .with_context(|| format!("deleting {}", shown_path(&recording.path)))?;
        let take = recording.take;
        // The record says the recording was there and is gone; a record that cannot be
        // changed now still lists a file that is not there, which `show` says.
        let _ = store.update(&recording.id, |session| {
            let audio = match take {
                Take::Answer => session.audio.as_mut(),
                Take::FollowUp => session
                    .follow_up
                    .as_mut()
                    .and_then(|follow_up| follow_up.audio.as_mut()),
            };
            if let Some(audio) = audio {
                audio.pruned_on = Some(today);
            }
        });
    }
    ui::note(format!("deleted {what}"));
    Ok(Exit::Success)
}

/// The day of the session a recording is of, from its id (`YYYYMMDD-...`).
fn day_of(recording: &RecordingFile) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(recording.id.get(0..8)?, "%Y%m%d").ok()
}

fn recordings_naming(count: usize) -> String {
    match count {
        1 => "1 recording".to_string(),
        count => format!("{count} recordings"),
    }
}
