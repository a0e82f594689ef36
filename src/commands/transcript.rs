//! `rehearse transcript ID`: a session's transcript as a person reads it (fillers marked,
//! long pauses and where the parts begin in brackets) and what its words say; `--from FILE`
//! (or `-`) keeps a transcript the person typed, so everything that needs no timing works
//! without a recording or a speech model.

use std::io::{Read, Write};

use anyhow::{Context, Result};

use super::{store_for, stories_for, warn_skipped};
use crate::cli::TranscriptArgs;
use crate::config::Config;
use crate::exit::{BadInput, Exit};
use crate::files::{Links, STORY_CAP, read_regular_capped};
use crate::session::record::Session;
use crate::speech::coach::{PaceRange, SpeechReport, build_report};
use crate::speech::transcript::Transcript;
use crate::story::find_story;
use crate::story::points::{coverage, summary_line, talking_points};
use crate::text::{shown, shown_line, shown_path};
use crate::ui::{self, Output, terminal_width};

pub fn run(config: &Config, args: &TranscriptArgs, out: &mut Output<'_>) -> Result<Exit> {
    let store = store_for(config);
    warn_skipped(&store.layout_problems());
    let session = store.get(&args.id)?;
    if let Some(from) = &args.from {
        let text = typed_text(from)?;
        let transcript = Transcript::typed(&text);
        store.check_writable()?;
        store
            .save_transcript(&session.id, &transcript)
            .with_context(|| format!("keeping the transcript of {}", session.id))?;
        ui::note(format!(
            "kept {} words as the transcript of {}",
            transcript.words.len(),
            session.id
        ));
    }
    let Some(transcript) = store.transcript_of(&session.id)? else {
        return Err(BadInput::new(format!(
            "session {} has no transcript: `rehearse transcribe {}` hears its recording, or give one with --from FILE",
            session.id, session.id
        ))
        .into());
    };
    let report = build_report(
        &transcript,
        session.speech.as_ref(),
        &session.parts,
        PaceRange::default(),
    );
    for line in textwrap::wrap(
        &marked_text(&transcript, &report, &session),
        terminal_width().unwrap_or(usize::MAX).max(20),
    ) {
        writeln!(out, "{line}")?;
    }
    writeln!(out)?;
    for line in report_lines(&report) {
        writeln!(out, "{line}")?;
    }
    if let Some(points) = story_points(config, &session, &transcript) {
        writeln!(out, "story points: {}", shown_line(&points))?;
    }
    Ok(Exit::Success)
}

/// The text of `--from`: a file, or standard input for `-`; text with words in it.
fn typed_text(from: &std::path::Path) -> Result<String> {
    let bytes = if from.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(STORY_CAP.bytes + 1)
            .read_to_end(&mut bytes)
            .context("reading the transcript from standard input")?;
        if bytes.len() as u64 > STORY_CAP.bytes {
            return Err(BadInput::new("the transcript on standard input is over 4 MiB").into());
        }
        bytes
    } else {
        read_regular_capped(from, Links::Follow, STORY_CAP)
            .map_err(|error| BadInput::new(format!("{}: {error}", shown_path(from))))?
    };
    let what = if from.as_os_str() == "-" {
        "standard input".to_string()
    } else {
        shown_path(from).into_owned()
    };
    let text =
        String::from_utf8(bytes).map_err(|_| BadInput::new(format!("{what} is not UTF-8 text")))?;
    if text.split_whitespace().next().is_none() {
        return Err(BadInput::new(format!("{what} holds no words")).into());
    }
    Ok(text)
}

/// The transcript with its fillers in `*stars*`, each long pause as `[3.1 s]` where it fell,
/// and `[Action]` where a part begins (the speaker's own marks, else the ones found).
fn marked_text(transcript: &Transcript, report: &SpeechReport, session: &Session) -> String {
    let marks = if session.parts.is_empty() {
        &report.parts_detected
    } else {
        &session.parts
    };
    let pauses = session
        .speech
        .as_ref()
        .map(|speech| speech.long_pauses.clone())
        .unwrap_or_default();
    let mut pending_pauses = pauses.iter().peekable();
    let mut pending_marks = marks.iter().peekable();
    let mut words = Vec::with_capacity(transcript.words.len());
    for (index, word) in transcript.words.iter().enumerate() {
        if let Some(start) = word.start_ms {
            while let Some(mark) = pending_marks.next_if(|mark| mark.at_ms <= start) {
                words.push(format!("[{}]", mark.part.name()));
            }
            while let Some(pause) = pending_pauses.next_if(|pause| pause.at_ms <= start) {
                words.push(format!("[{:.1} s]", pause.ms as f64 / 1000.0));
            }
        } else if let Some(at) = report
            .parts_detected_at_words
            .iter()
            .find(|at| at.word == index && session.parts.is_empty())
        {
            words.push(format!("[{}]", at.part.name()));
        }
        let text = shown(&word.text).into_owned();
        words.push(if report.fillers_marked.contains(&index) {
            format!("*{text}*")
        } else {
            text
        });
    }
    words.join(" ")
}

/// What the words say, a line a measure.
fn report_lines(report: &SpeechReport) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(wpm) = report.wpm {
        let flag = report
            .pace_flag
            .map(|flag| format!(" ({flag:?})").to_lowercase())
            .unwrap_or_default();
        lines.push(format!("pace: {wpm:.0} words a minute{flag}"));
    }
    let fillers = &report.fillers;
    let by_word: Vec<String> = fillers
        .by_word
        .iter()
        .map(|(word, count)| format!("{} {count}", shown_line(word)))
        .collect();
    let per_min = fillers
        .per_min
        .map(|rate| format!(", {rate:.1} a minute"))
        .unwrap_or_default();
    lines.push(match fillers.total {
        0 => "fillers: none".to_string(),
        total => format!("fillers: {total} ({}){per_min}", by_word.join(", ")),
    });
    if let Some(share) = report.i_share {
        lines.push(format!(
            "ownership: \"I\" in {:.0}% of I and we",
            share * 100.0
        ));
    }
    let hedges: Vec<String> = report
        .hedges
        .by_phrase
        .iter()
        .map(|(phrase, count)| format!("{} {count}", shown_line(phrase)))
        .collect();
    lines.push(match report.hedges.total {
        0 => "hedges: none".to_string(),
        total => format!("hedges: {total} ({})", hedges.join(", ")),
    });
    if let Some(figure) = report.result_has_number {
        lines.push(if figure {
            "result: states a figure".to_string()
        } else {
            "result: no figure in it (say the number: how much, how many, how fast)".to_string()
        });
    }
    lines
}

/// Which of the told story's points the answer covered, when the session names a story the
/// bank has.
fn story_points(config: &Config, session: &Session, transcript: &Transcript) -> Option<String> {
    let title = session.story.as_deref()?;
    let stories = stories_for(config);
    let story = find_story(&stories, title).ok().flatten()?;
    let points = talking_points(story);
    if points.is_empty() {
        return None;
    }
    Some(summary_line(&coverage(&points, transcript)))
}
