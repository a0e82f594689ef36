//! The session record: one timed answer, as the JSON file the user owns.
//!
//! The field names are a contract (see `sessions/README.md`). Fields this version does not
//! know are kept in `extra` and written back unchanged, so an older program editing a newer
//! file loses nothing.

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, FixedOffset, SecondsFormat};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::bank::Prompt;
use crate::drill::timer::Window;
use crate::star::Part;

/// The newest record layout this program reads and writes.
pub const SCHEMA: u32 = 1;

/// One timed answer to one prompt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub schema: u32,
    pub id: String,
    #[serde(with = "local_time")]
    pub started_at: DateTime<FixedOffset>,
    pub prompt: PromptRef,
    pub window: WindowSeconds,
    pub outcome: Outcome,
    pub answer_ms: u64,
    pub paused_ms: u64,
    pub parts: Vec<PartMark>,
    pub story: Option<String>,
    pub scores: Option<Scores>,
    pub note: Option<String>,
    /// The follow-up probe answered after the main answer, if one was asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<FollowUp>,
    /// The version of the program that wrote the record.
    pub version: String,
    /// Fields from a newer version, kept as they were.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A follow-up probe and the answer to it, timed like the main answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub text: String,
    pub answer_ms: u64,
    pub outcome: Outcome,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// The prompt as it was asked, so the record stays readable if the bank changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromptRef {
    pub id: String,
    pub category: String,
    pub text: String,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// The answer window, in seconds (whole seconds are written without a fraction).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WindowSeconds {
    pub min_s: Seconds,
    pub max_s: Seconds,
}

/// Whether the answer was finished or given up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Completed,
    Aborted,
}

/// Where the speaker marked the start of a part, in answer time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartMark {
    pub part: Part,
    pub at_ms: u64,
}

/// The user's 0 to 2 rating of each part; a part left unrated is `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Scores {
    #[serde(rename = "S")]
    pub s: Option<u8>,
    #[serde(rename = "T")]
    pub t: Option<u8>,
    #[serde(rename = "A")]
    pub a: Option<u8>,
    #[serde(rename = "R")]
    pub r: Option<u8>,
}

impl Scores {
    /// All four parts rated.
    pub fn new(s: u8, t: u8, a: u8, r: u8) -> Scores {
        Scores {
            s: Some(s),
            t: Some(t),
            a: Some(a),
            r: Some(r),
        }
    }

    /// The rating of one part.
    pub fn get(&self, part: Part) -> Option<u8> {
        match part {
            Part::S => self.s,
            Part::T => self.t,
            Part::A => self.a,
            Part::R => self.r,
        }
    }

    /// The sum of the rated parts, out of 8; `None` when nothing is rated.
    pub fn total(&self) -> Option<u8> {
        let rated: Vec<u8> = Part::ALL
            .iter()
            .filter_map(|&part| self.get(part))
            .collect();
        (!rated.is_empty()).then(|| rated.iter().sum())
    }
}

/// Why a `--score` value could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("bad scores '{text}': give four numbers 0 to 2 for S, T, A and R, like 2,1,2,2 or 2122")]
pub struct BadScores {
    pub text: String,
}

impl Scores {
    /// Reads `2,1,2,2`, `2 1 2 2` or `2122`: one 0 to 2 rating for each of S, T, A and R.
    pub fn parse(text: &str) -> Result<Scores, BadScores> {
        let bad = || BadScores {
            text: text.to_string(),
        };
        let trimmed = text.trim();
        let pieces: Vec<&str> = if trimmed.contains([',', ' ']) {
            trimmed
                .split([',', ' '])
                .filter(|piece| !piece.is_empty())
                .collect()
        } else {
            trimmed
                .char_indices()
                .map(|(i, c)| &trimmed[i..i + c.len_utf8()])
                .collect()
        };
        let values: Vec<u8> = pieces
            .iter()
            .map(|piece| piece.parse::<u8>().ok().filter(|value| *value <= 2))
            .collect::<Option<_>>()
            .ok_or_else(bad)?;
        match values[..] {
            [s, t, a, r] => Ok(Scores::new(s, t, a, r)),
            _ => Err(bad()),
        }
    }
}

impl Session {
    /// A new record of an answer to `prompt`, unreviewed, from this version of the program.
    pub fn new(
        id: String,
        started_at: DateTime<FixedOffset>,
        prompt: &Prompt,
        window: Window,
    ) -> Session {
        Session {
            schema: SCHEMA,
            id,
            started_at,
            prompt: PromptRef {
                id: prompt.id.clone(),
                category: prompt.category.clone(),
                text: prompt.text.clone(),
                extra: Default::default(),
            },
            window: WindowSeconds {
                min_s: Seconds::from_duration(window.min),
                max_s: Seconds::from_duration(window.max),
            },
            outcome: Outcome::Completed,
            answer_ms: 0,
            paused_ms: 0,
            parts: Vec::new(),
            story: None,
            scores: None,
            note: None,
            follow_up: None,
            version: env!("CARGO_PKG_VERSION").to_string(),
            extra: Default::default(),
        }
    }

    /// The answer time.
    pub fn answer(&self) -> Duration {
        Duration::from_millis(self.answer_ms)
    }

    /// The STAR total, when the session was scored.
    pub fn star_total(&self) -> Option<u8> {
        self.scores.as_ref().and_then(Scores::total)
    }

    /// The answer window the session was timed against.
    pub fn window(&self) -> Window {
        Window {
            min: self.window.min_s.to_duration(),
            max: self.window.max_s.to_duration(),
        }
    }

    /// Whether the answer was finished (reports leave aborted ones out unless asked).
    pub fn is_completed(&self) -> bool {
        self.outcome == Outcome::Completed
    }
}

/// A number of seconds that is written as an integer when it is whole (`120`, not `120.0`).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Seconds(pub f64);

impl Seconds {
    pub fn from_duration(duration: Duration) -> Seconds {
        Seconds(duration.as_millis() as f64 / 1000.0)
    }

    pub fn to_duration(self) -> Duration {
        Duration::from_millis((self.0.max(0.0) * 1000.0).round() as u64)
    }
}

impl fmt::Display for Seconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Serialize for Seconds {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.fract() == 0.0 && self.0 >= 0.0 && self.0 < u64::MAX as f64 {
            serializer.serialize_u64(self.0 as u64)
        } else {
            serializer.serialize_f64(self.0)
        }
    }
}

impl<'de> Deserialize<'de> for Seconds {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Seconds, D::Error> {
        f64::deserialize(deserializer).map(Seconds)
    }
}

/// `started_at` as RFC 3339 with the local offset and only as many fraction digits as it has.
mod local_time {
    use super::*;

    pub fn serialize<S: Serializer>(
        time: &DateTime<FixedOffset>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&time.to_rfc3339_opts(SecondsFormat::AutoSi, false))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<DateTime<FixedOffset>, D::Error> {
        let text = String::deserialize(deserializer)?;
        DateTime::parse_from_rfc3339(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const EXAMPLE: &str = r#"{
  "schema": 1,
  "id": "20261123-073105-k3f9",
  "started_at": "2026-11-23T07:31:05.120+01:00",
  "prompt": { "id": "conflict-manager", "category": "conflict", "text": "Tell me about a disagreement." },
  "window": { "min_s": 120, "max_s": 180 },
  "outcome": "completed",
  "answer_ms": 161234,
  "paused_ms": 0,
  "parts": [ { "part": "S", "at_ms": 0 }, { "part": "A", "at_ms": 41000 } ],
  "story": "Audit flag broke time entry",
  "scores": { "S": 2, "T": 1, "A": 2, "R": 2 },
  "note": "Result too vague; give the number.",
  "version": "0.1.0"
}"#;

    /// The example records in `sessions/examples` are part of the documentation: each must
    /// read, and write back byte for byte (unknown fields included).
    #[test]
    fn the_documented_example_records_round_trip_exactly() {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/sessions/examples");
        let mut seen = 0;
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let session: Session =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let written = serde_json::to_string_pretty(&session).unwrap() + "\n";
            assert_eq!(written, text, "{} does not round-trip", path.display());
            seen += 1;
        }
        assert!(seen >= 2, "the examples are missing");
    }

    #[test]
    fn reads_the_documented_example() {
        let session: Session = serde_json::from_str(EXAMPLE).unwrap();
        assert_eq!(session.id, "20261123-073105-k3f9");
        assert_eq!(session.started_at.offset().local_minus_utc(), 3600);
        assert_eq!(session.window.min_s, Seconds(120.0));
        assert_eq!(session.star_total(), Some(7));
        assert_eq!(
            session.parts[1],
            PartMark {
                part: Part::A,
                at_ms: 41_000
            }
        );
        assert!(session.is_completed());
    }

    #[test]
    fn writes_whole_seconds_and_the_offset_as_documented() {
        let session: Session = serde_json::from_str(EXAMPLE).unwrap();
        let written = serde_json::to_value(&session).unwrap();
        assert_eq!(written["window"]["min_s"], serde_json::json!(120));
        assert_eq!(written["started_at"], "2026-11-23T07:31:05.120+01:00");
        assert_eq!(written["scores"]["T"], 1);
    }

    #[test]
    fn unknown_fields_survive_a_round_trip() {
        let mut value: serde_json::Value = serde_json::from_str(EXAMPLE).unwrap();
        value["mood"] = serde_json::json!({"energy": 3});
        value["prompt"]["asked_as"] = serde_json::json!("alternate 1");
        let session: Session = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(serde_json::to_value(&session).unwrap(), value);
    }

    #[test]
    fn scores_read_in_every_written_form() {
        for text in ["2,1,2,2", "2 1 2 2", "2122", " 2, 1, 2, 2 "] {
            assert_eq!(Scores::parse(text), Ok(Scores::new(2, 1, 2, 2)), "{text}");
        }
        for text in [
            "",
            "2,1,2",
            "2,1,2,2,2",
            "3,1,2,2",
            "a,b,c,d",
            "21223",
            "-1,0,0,0",
        ] {
            assert!(Scores::parse(text).is_err(), "{text}");
        }
    }

    #[test]
    fn partial_scores_total_what_is_rated() {
        let scores = Scores {
            s: Some(2),
            t: None,
            a: Some(1),
            r: None,
        };
        assert_eq!(scores.total(), Some(3));
        assert_eq!(Scores::default().total(), None);
    }

    fn arb_session() -> impl Strategy<Value = Session> {
        let part = prop_oneof![Just(Part::S), Just(Part::T), Just(Part::A), Just(Part::R)];
        let score = proptest::option::of(0u8..=2);
        (
            (
                0i64..4_000_000_000_000,
                -50_400i32..=50_400,
                "[a-z0-9-]{1,30}",
                ".{0,80}",
            ),
            (
                0u64..10_000_000,
                0u64..10_000_000,
                proptest::collection::vec((part, 0u64..1_000_000), 0..6),
            ),
            (
                proptest::option::of(".{0,40}"),
                proptest::option::of((score.clone(), score.clone(), score.clone(), score)),
                proptest::option::of(".{0,80}"),
            ),
            (
                0u32..100_000,
                0u32..100_000,
                any::<bool>(),
                proptest::collection::btree_map("x_[a-z]{1,8}", ".{0,20}", 0..3),
            ),
        )
            .prop_map(
                |(
                    (millis, offset, prompt_id, text),
                    (answer_ms, paused_ms, marks),
                    (story, scores, note),
                    (min_ms, max_ms, aborted, extra),
                )| {
                    let offset = FixedOffset::east_opt(offset / 60 * 60).unwrap();
                    let started_at = DateTime::from_timestamp_millis(millis)
                        .unwrap()
                        .with_timezone(&offset);
                    Session {
                        schema: SCHEMA,
                        id: "20261123-073105-k3f9".into(),
                        started_at,
                        prompt: PromptRef {
                            id: prompt_id,
                            category: "conflict".into(),
                            text,
                            extra: Default::default(),
                        },
                        window: WindowSeconds {
                            min_s: Seconds(f64::from(min_ms) / 1000.0),
                            max_s: Seconds(f64::from(max_ms) / 1000.0),
                        },
                        outcome: if aborted {
                            Outcome::Aborted
                        } else {
                            Outcome::Completed
                        },
                        answer_ms,
                        paused_ms,
                        parts: marks
                            .into_iter()
                            .map(|(part, at_ms)| PartMark { part, at_ms })
                            .collect(),
                        story,
                        scores: scores.map(|(s, t, a, r)| Scores { s, t, a, r }),
                        note,
                        follow_up: None,
                        version: "0.1.0".into(),
                        extra: extra
                            .into_iter()
                            .map(|(k, v)| (k, serde_json::Value::String(v)))
                            .collect(),
                    }
                },
            )
    }

    proptest! {
        #[test]
        fn any_record_survives_writing_and_reading(session in arb_session()) {
            let text = serde_json::to_string_pretty(&session).unwrap();
            let back: Session = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(&back, &session);
            prop_assert_eq!(serde_json::to_string_pretty(&back).unwrap(), text);
        }
    }
}
