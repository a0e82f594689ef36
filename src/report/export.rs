//! The export formats: pure functions from records, oldest first as the caller gives them, to
//! the bytes of a file. One function a format; choosing the sessions and writing the bytes
//! is the command's job.

use std::io::{self, Write};

use chrono::SecondsFormat;

use crate::domain::duration::millis;
use crate::domain::star::Part;
use crate::report::summary::Verdict;
use crate::session::record::{Outcome, Session};

/// The CSV columns before the scores, in order. Scripts and spreadsheets rely on the names.
const CSV_LEADING: [&str; 10] = [
    "id",
    "started_at",
    "category",
    "prompt_id",
    "prompt",
    "story",
    "answer_s",
    "window_min_s",
    "window_max_s",
    "verdict",
];

/// The CSV columns after the scores. A recording is not exported, only named (`audio_file`,
/// beside the record), with what was measured from it. New columns go at the end, so a
/// script that reads columns by position keeps working.
const CSV_TRAILING: [&str; 10] = [
    "total",
    "note",
    "outcome",
    "audio_file",
    "speaking_s",
    "first_word_s",
    "long_pauses",
    "follow_up",
    "follow_up_s",
    "follow_up_outcome",
];

/// Every CSV column, in order: the leading ones, one a scored part (its letter in lowercase:
/// `s`, `t`, `a`, `r`), then the trailing ones.
pub fn csv_columns() -> Vec<String> {
    CSV_LEADING
        .iter()
        .map(|name| name.to_string())
        .chain(
            Part::SCORED
                .iter()
                .map(|part| part.letter().to_ascii_lowercase().to_string()),
        )
        .chain(CSV_TRAILING.iter().map(|name| name.to_string()))
        .collect()
}

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The records themselves as one pretty JSON array (unknown fields included).
    Json,
    /// One compact record a line.
    Jsonl,
    /// A header row and one flat row a session, in the columns of [`csv_columns`].
    Csv,
}

/// Writes sessions in one format as they come, so an export of any length holds one record
/// in memory at a time. `finish` completes the document.
pub struct Exporter<'w> {
    format: Format,
    out: &'w mut dyn Write,
    written: usize,
}

impl<'w> Exporter<'w> {
    /// An exporter writing to `out`; a CSV export writes its header row at once.
    pub fn new(format: Format, out: &'w mut dyn Write) -> io::Result<Exporter<'w>> {
        if format == Format::Csv {
            out.write_all(&csv_line(csv_columns())?)?;
        }
        Ok(Exporter {
            format,
            out,
            written: 0,
        })
    }

    pub fn write(&mut self, session: &Session) -> io::Result<()> {
        match self.format {
            Format::Csv => self.out.write_all(&csv_line(csv_row(session))?)?,
            Format::Jsonl => {
                let mut line = serde_json::to_vec(session)?;
                line.push(b'\n');
                self.out.write_all(&line)?;
            }
            Format::Json => {
                // Each record is indented one level, as an element of the array.
                let record = serde_json::to_string_pretty(session)?;
                let mut text = String::from(if self.written == 0 { "[\n" } else { ",\n" });
                for (index, line) in record.lines().enumerate() {
                    if index > 0 {
                        text.push('\n');
                    }
                    text.push_str("  ");
                    text.push_str(line);
                }
                self.out.write_all(text.as_bytes())?;
            }
        }
        self.written += 1;
        Ok(())
    }

    /// Completes the document and flushes it; returns how many sessions were written.
    pub fn finish(self) -> io::Result<usize> {
        if self.format == Format::Json {
            let closing: &[u8] = if self.written == 0 { b"[]\n" } else { b"\n]\n" };
            self.out.write_all(closing)?;
        }
        self.out.flush()?;
        Ok(self.written)
    }
}

/// One CSV line, quoted where a field needs it.
fn csv_line<I, T>(fields: I) -> io::Result<Vec<u8>>
where
    I: IntoIterator<Item = T>,
    T: AsRef<[u8]>,
{
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(fields)?;
    writer.into_inner().map_err(|error| error.into_error())
}

/// The whole export of `sessions` in memory.
fn export_all(format: Format, sessions: &[&Session]) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut exporter = Exporter::new(format, &mut bytes).expect("writing to memory cannot fail");
    for session in sessions {
        exporter
            .write(session)
            .expect("writing to memory cannot fail");
    }
    exporter.finish().expect("writing to memory cannot fail");
    bytes
}

/// The records themselves as one pretty JSON array (unknown fields included), and a newline.
pub fn to_json(sessions: &[&Session]) -> Vec<u8> {
    export_all(Format::Json, sessions)
}

/// One compact record a line; nothing at all for no sessions.
pub fn to_jsonl(sessions: &[&Session]) -> Vec<u8> {
    export_all(Format::Jsonl, sessions)
}

/// A header row and one flat row a session, in the columns of [`csv_columns`]. Fields holding
/// commas, quotes or line breaks are quoted, so every value reads back exactly.
pub fn to_csv(sessions: &[&Session]) -> Vec<u8> {
    export_all(Format::Csv, sessions)
}

/// A duration in seconds as the record writes them: `120`, `150.5`.
fn seconds_text(duration: std::time::Duration) -> String {
    (millis(duration) as f64 / 1000.0).to_string()
}

/// One session's fields, matching [`csv_columns`].
fn csv_row(session: &Session) -> Vec<String> {
    let score = |part| {
        session
            .scores
            .and_then(|scores| scores.get(part))
            .map(|score| score.to_string())
            .unwrap_or_default()
    };
    let outcome = outcome_word(session.outcome);
    let mut row = vec![
        session.id.clone(),
        session
            .started_at
            .to_rfc3339_opts(SecondsFormat::AutoSi, false),
        session.prompt.category.clone(),
        session.prompt.id.clone(),
        session.prompt.text.clone(),
        session.story.clone().unwrap_or_default(),
        format!(
            "{}.{:03}",
            session.answer_ms / 1000,
            session.answer_ms % 1000
        ),
        seconds_text(session.window.min()),
        seconds_text(session.window.max()),
        Verdict::of(session).word().to_string(),
    ];
    row.extend(Part::SCORED.into_iter().map(score));
    row.extend([
        session
            .star_total()
            .map(|total| total.points().to_string())
            .unwrap_or_default(),
        session.note.clone().unwrap_or_default(),
        outcome.to_string(),
    ]);
    let speech = session.sound();
    let seconds = |ms: u64| format!("{}.{:03}", ms / 1000, ms % 1000);
    row.extend([
        session
            .audio
            .as_ref()
            .filter(|audio| audio.pruned_on.is_none())
            .map(|audio| audio.file.clone())
            .unwrap_or_default(),
        speech
            .map(|speech| seconds(speech.speaking_ms))
            .unwrap_or_default(),
        speech
            .and_then(|speech| speech.first_word_ms)
            .map(seconds)
            .unwrap_or_default(),
        speech
            .map(|speech| speech.long_pauses.len().to_string())
            .unwrap_or_default(),
    ]);
    let follow_up = session.follow_up.as_ref();
    row.extend([
        follow_up
            .map(|follow_up| follow_up.text.clone())
            .unwrap_or_default(),
        follow_up
            .map(|follow_up| seconds(follow_up.answer_ms))
            .unwrap_or_default(),
        follow_up
            .map(|follow_up| outcome_word(follow_up.outcome).to_string())
            .unwrap_or_default(),
    ]);
    row
}

/// The word the record uses for an outcome.
fn outcome_word(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Completed => "completed",
        Outcome::Aborted => "aborted",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::{Value, json};

    /// The first fixture: reviewed, in the window, a note that needs quoting, an extra field.
    fn reviewed() -> Value {
        json!({
            "schema": 1,
            "id": "20261123-073105-k3f9",
            "started_at": "2026-11-23T07:31:05.120+01:00",
            "prompt": {
                "id": "conflict-manager",
                "category": "conflict",
                "text": "Tell me about a disagreement with your manager, and how it ended."
            },
            "window": {"min_s": 120, "max_s": 180},
            "outcome": "completed",
            "answer_ms": 161_234,
            "paused_ms": 0,
            "parts": [{"part": "S", "at_ms": 0}, {"part": "A", "at_ms": 41_000}],
            "story": "Audit flag broke time entry",
            "scores": {"S": 2, "T": 1, "A": 2, "R": 2},
            "note": "Result too vague, say \"40%\".\nNext time: the number first.",
            "audio": {"file": "20261123-073105-k3f9.wav", "ms": 161_200, "sample_rate": 16_000},
            "speech": {
                "speaking_ms": 140_500,
                "silence_ms": 20_700,
                "first_word_ms": 1_200,
                "long_pauses": [{"at_ms": 60_000, "ms": 3_100}],
                "longest_pause_ms": 3_100
            },
            "follow_up": {"text": "What would you do differently, now?", "answer_ms": 45_300, "outcome": "aborted"},
            "version": "0.1.0",
            "mood": {"energy": 3}
        })
    }

    /// The second fixture: aborted, a fractional window, partly rated, no story or note.
    fn aborted() -> Value {
        json!({
            "schema": 1,
            "id": "20261124-181502-zq7d",
            "started_at": "2026-11-24T18:15:02-05:00",
            "prompt": {"id": "mistake-work", "category": "mistake", "text": "Describe a mistake."},
            "window": {"min_s": 90.5, "max_s": 150},
            "outcome": "aborted",
            "answer_ms": 37_005,
            "paused_ms": 1_200,
            "parts": [],
            "story": null,
            "scores": {"S": 1, "T": null, "A": 0, "R": null},
            "note": null,
            "version": "0.1.0"
        })
    }

    fn sessions() -> Vec<Session> {
        [reviewed(), aborted()]
            .into_iter()
            .map(|value| serde_json::from_value(value).unwrap())
            .collect()
    }

    fn text(bytes: Vec<u8>) -> String {
        String::from_utf8(bytes).unwrap()
    }

    /// The rows of `csv`, header included, as a CSV reader sees them.
    fn parse_csv(csv: &[u8]) -> Vec<Vec<String>> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(csv);
        reader
            .records()
            .map(|record| record.unwrap().iter().map(String::from).collect())
            .collect()
    }

    #[test]
    fn the_streamed_json_array_is_what_serde_writes_for_the_whole_list() {
        let sessions: Vec<Session> = (0..3)
            .map(|n| {
                let mut value = reviewed();
                value["id"] = json!(format!("id-{n}"));
                serde_json::from_value(value).unwrap()
            })
            .collect();
        let refs: Vec<&Session> = sessions.iter().collect();
        let mut whole = serde_json::to_vec_pretty(&refs).unwrap();
        whole.push(b'\n');
        assert_eq!(
            String::from_utf8(to_json(&refs)).unwrap(),
            String::from_utf8(whole).unwrap()
        );
        assert_eq!(to_json(&[]), b"[]\n");
    }

    #[test]
    fn json_is_a_pretty_array_of_the_records_themselves() {
        let sessions = sessions();
        let chosen: Vec<&Session> = sessions.iter().collect();
        let out = text(to_json(&chosen));
        assert!(out.starts_with("[\n  {\n    \"schema\": 1,"), "{out}");
        assert!(out.ends_with("]\n"), "{out}");
        let back: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back, json!([reviewed(), aborted()]));
        assert_eq!(text(to_json(&[])), "[]\n");
    }

    #[test]
    fn jsonl_is_one_compact_record_a_line() {
        let sessions = sessions();
        let chosen: Vec<&Session> = sessions.iter().collect();
        let out = text(to_jsonl(&chosen));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2, "{out}");
        assert!(out.ends_with('\n'));
        assert!(lines[0].starts_with("{\"schema\":1,\"id\":\"20261123-073105-k3f9\""));
        assert_eq!(serde_json::from_str::<Value>(lines[0]).unwrap(), reviewed());
        assert_eq!(serde_json::from_str::<Value>(lines[1]).unwrap(), aborted());
        assert_eq!(text(to_jsonl(&[])), "");
    }

    #[test]
    fn csv_with_no_sessions_is_the_header_alone() {
        assert_eq!(text(to_csv(&[])), csv_columns().join(",") + "\n");
    }

    #[test]
    fn csv_reads_back_to_every_value_of_the_records() {
        let sessions = sessions();
        let chosen: Vec<&Session> = sessions.iter().collect();
        let rows = parse_csv(&to_csv(&chosen));
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0], csv_columns());
        let expected = [
            [
                "20261123-073105-k3f9",
                "2026-11-23T07:31:05.120+01:00",
                "conflict",
                "conflict-manager",
                "Tell me about a disagreement with your manager, and how it ended.",
                "Audit flag broke time entry",
                "161.234",
                "120",
                "180",
                "ok",
                "2",
                "1",
                "2",
                "2",
                "7",
                "Result too vague, say \"40%\".\nNext time: the number first.",
                "completed",
                "20261123-073105-k3f9.wav",
                "140.500",
                "1.200",
                "1",
                "What would you do differently, now?",
                "45.300",
                "aborted",
            ],
            [
                "20261124-181502-zq7d",
                "2026-11-24T18:15:02-05:00",
                "mistake",
                "mistake-work",
                "Describe a mistake.",
                "",
                "37.005",
                "90.5",
                "150",
                "aborted",
                "1",
                "",
                "0",
                "",
                "1",
                "",
                "aborted",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
        ];
        for (row, expected) in rows[1..].iter().zip(expected) {
            assert_eq!(row, &expected);
        }
        // And column by column against the records themselves.
        for (row, session) in rows[1..].iter().zip(&sessions) {
            let field =
                |name: &str| row[csv_columns().iter().position(|c| c == name).unwrap()].clone();
            assert_eq!(field("id"), session.id);
            assert_eq!(field("category"), session.prompt.category);
            assert_eq!(field("prompt_id"), session.prompt.id);
            assert_eq!(field("prompt"), session.prompt.text);
            assert_eq!(field("story"), session.story.clone().unwrap_or_default());
            assert_eq!(field("note"), session.note.clone().unwrap_or_default());
            assert_eq!(field("verdict"), Verdict::of(session).word());
            let answer_ms = (field("answer_s").parse::<f64>().unwrap() * 1000.0).round();
            assert_eq!(answer_ms as u64, session.answer_ms);
            assert_eq!(
                field("started_at")
                    .parse::<chrono::DateTime<chrono::FixedOffset>>()
                    .unwrap(),
                session.started_at
            );
            for part in Part::SCORED {
                let name = part.letter().to_ascii_lowercase().to_string();
                let name = name.as_str();
                let rated = session.scores.and_then(|scores| scores.get(part));
                assert_eq!(
                    field(name),
                    rated.map(|s| s.to_string()).unwrap_or_default()
                );
            }
        }
    }

    #[test]
    fn unrated_sessions_leave_every_score_column_empty() {
        let mut session: Session = serde_json::from_value(reviewed()).unwrap();
        session.scores = None;
        let rows = parse_csv(&to_csv(&[&session]));
        assert_eq!(rows[1][10..15], ["", "", "", "", ""]);
        assert_eq!(rows[1][9], "ok");
    }

    #[test]
    fn the_csv_of_two_fixed_records() {
        let sessions = sessions();
        let chosen: Vec<&Session> = sessions.iter().collect();
        insta::assert_snapshot!(text(to_csv(&chosen)));
    }

    /// Any text up to 40 characters, line breaks included, with commas, quotes, line breaks
    /// and spaces about half the time.
    const TEXT: &str = "(?s)([,\"\r\n ]|.){0,40}";

    proptest! {
        #[test]
        fn any_story_and_note_read_back_from_csv(
            story in proptest::option::of(TEXT),
            note in proptest::option::of(TEXT),
            prompt in TEXT,
        ) {
            let mut session: Session = serde_json::from_value(reviewed()).unwrap();
            session.story = story.clone();
            session.note = note.clone();
            session.prompt.text = prompt.clone();
            let rows = parse_csv(&to_csv(&[&session]));
            prop_assert_eq!(rows.len(), 2);
            prop_assert_eq!(&rows[1][4], &prompt);
            prop_assert_eq!(&rows[1][5], &story.unwrap_or_default());
            prop_assert_eq!(&rows[1][15], &note.unwrap_or_default());
        }
    }
}
