//! `rehearse log`: record a practice done away from the timer.

use std::io::Write;

use anyhow::Result;
use chrono::{DateTime, FixedOffset, Local, NaiveDateTime, TimeZone};

use super::drill::{apply_review, story_link};
use super::stories::{StoryLink, start_story};
use super::{bank_for, local_now, review_from, save_or_print, sessions_for, write_summary};
use crate::cli::LogArgs;
use crate::config::{Config, window_over};
use crate::drill::timer::Window;
use crate::exit::{BadInput, Exit};
use crate::session::record::Session;
use crate::session::store::{Store, new_session_id};

pub fn run(config: &Config, args: &LogArgs, out: &mut dyn Write) -> Result<Exit> {
    let (min, max) = window_over(&config.settings, args.min, args.max)?;
    let bank = bank_for(config);
    let prompt = bank.prompt(&args.prompt_id)?;
    let started_at = match &args.at {
        Some(text) => parse_at(text, &Local)?,
        None => local_now(),
    };
    let link = story_link(config, args.review.story.as_deref())?;
    let mut session = Session::new(
        new_session_id(&started_at),
        started_at,
        prompt,
        Window { min, max },
    );
    session.answer_ms = args.duration.as_millis() as u64;
    let mut review = review_from(&args.review);
    if let Some(link) = &link {
        review.story = Some(link.title().to_string());
    }
    apply_review(&mut session, &review);
    let store = Store::new(&config.home.path);
    if save_or_print(&store, &mut session, out)?.is_none() {
        return Ok(Exit::Failure);
    }
    if let Some(StoryLink::New(title)) = &link {
        start_story(config, title, &prompt.category);
    }
    write_summary(out, &session, &sessions_for(config))?;
    eprintln!("rehearse: saved as {}", session.id);
    Ok(Exit::Success)
}

/// Reads `--at`: RFC 3339 (`2026-11-23T07:31:00+01:00`), or `YYYY-MM-DD HH:MM[:SS]` in the
/// time zone `zone` (the user's local one).
pub fn parse_at<Z: TimeZone>(text: &str, zone: &Z) -> Result<DateTime<FixedOffset>, BadInput> {
    let trimmed = text.trim();
    if let Ok(time) = DateTime::parse_from_rfc3339(trimmed) {
        return Ok(time);
    }
    let naive = [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
    ]
    .iter()
    .find_map(|format| NaiveDateTime::parse_from_str(trimmed, format).ok());
    naive
        // A time that a clock change skipped or repeated takes its earlier reading.
        .and_then(|naive| zone.from_local_datetime(&naive).earliest())
        .map(|time| time.fixed_offset())
        .ok_or_else(|| {
            BadInput::new(format!(
                "bad time '{text}' for --at: use YYYY-MM-DD HH:MM (local time) or RFC 3339 like 2026-11-23T07:31:00+01:00"
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rfc3339_and_local_times() {
        let plus_one = FixedOffset::east_opt(3600).unwrap();
        let time = parse_at("2026-11-23T07:31:00+01:00", &plus_one).unwrap();
        assert_eq!(time.to_rfc3339(), "2026-11-23T07:31:00+01:00");
        let local = parse_at("2026-11-23 07:31", &plus_one).unwrap();
        assert_eq!(local, time);
        assert_eq!(
            parse_at("2026-11-23 07:31:09", &plus_one)
                .unwrap()
                .to_rfc3339(),
            "2026-11-23T07:31:09+01:00"
        );
    }

    #[test]
    fn refuses_anything_else_naming_the_text() {
        let zone = FixedOffset::east_opt(0).unwrap();
        for text in [
            "yesterday",
            "2026-11-23",
            "23/11/2026 07:31",
            "2026-11-23 25:00",
        ] {
            let error = parse_at(text, &zone).unwrap_err();
            assert!(
                error
                    .to_string()
                    .starts_with(&format!("bad time '{text}' for --at")),
                "{error}"
            );
        }
    }
}
