//! The session record: one timed answer, as the JSON file the user owns.
//!
//! The field names are a contract (see `sessions/README.md`). Fields this version does not
//! know are kept in `extra` and written back unchanged, so an older program editing a newer
//! file loses nothing.

use std::time::Duration;

use chrono::{DateTime, FixedOffset, SecondsFormat};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::domain::duration::{MAX_TYPED, millis};
/// Where a part begins: kept in `domain` so what is measured from speech can name it too.
pub use crate::domain::star::PartMark;
use crate::domain::star::{Scores, StarTotal};
use crate::domain::window::Window;
use crate::speech::coach::{Fillers, Hedges, PaceFlag};
use crate::speech::measures::SoundMeasures;

/// The newest record layout this program reads and writes.
pub const SCHEMA: u32 = 1;

/// The longest pause a record may hold: a drill left paused overnight is plausible, a week is
/// not.
pub const MAX_PAUSED: Duration = Duration::from_secs(7 * 24 * 3600);

/// One timed answer to one prompt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub schema: u32,
    pub id: String,
    #[serde(with = "local_time")]
    pub started_at: DateTime<FixedOffset>,
    pub prompt: PromptRef,
    #[serde(with = "window_seconds")]
    pub window: Window,
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
    /// How long a story's cue card was on the screen during the answer, when the drill
    /// offered one: 0 for an answer told from memory, more for one read along.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue_shown_ms: Option<u64>,
    /// The recording of the answer, kept beside the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio: Option<AudioRef>,
    /// What was measured of how the answer was spoken: from its recording, its transcript,
    /// or both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speech: Option<Speech>,
    /// Where the parts begin by the answer's words, found in its transcript: beside the
    /// speaker's own `parts`, in the same shape.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts_detected: Vec<PartMark>,
    /// The transcript of the answer's recording, kept in a file of its own beside the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transcript: Option<TranscriptRef>,
    /// The version of the program that wrote the record.
    pub version: String,
    /// Fields from a newer version, kept as they were.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A follow-up probe and the answer to it, timed like the main answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowUp {
    pub text: String,
    pub answer_ms: u64,
    pub outcome: Outcome,
    /// The recording of the follow-up's answer, in a file of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio: Option<AudioRef>,
    /// What was measured from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speech: Option<Speech>,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl FollowUp {
    /// What the follow-up's recording showed, when it was measured.
    pub fn sound(&self) -> Option<&SoundMeasures> {
        self.speech.as_ref()?.sound.as_ref()
    }

    /// Keeps `sound` as what the follow-up's recording showed.
    pub fn set_sound(&mut self, sound: SoundMeasures) {
        self.speech.get_or_insert_with(Speech::default).sound = Some(sound);
    }
}

/// Where a recording of an answer is and what it holds: a 16 kHz mono WAV file in the
/// record's folder, named by the session's id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AudioRef {
    /// The file's name, beside the record.
    pub file: String,
    pub ms: u64,
    pub sample_rate: u32,
    /// What became of paused time: a drill leaves it out of the recording.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused: Option<PausedAudio>,
    /// The name of the file it was converted from, when it was recorded elsewhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attached_from: Option<String>,
    /// The day `rehearse prune` deleted the file; what was measured from it stays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pruned_on: Option<chrono::NaiveDate>,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// What was measured of how an answer was spoken, written as one flat object: the sound's
/// measures (`speaking_ms`, `long_pauses`, ...) when it was recorded, the words' (`wpm`,
/// `fillers`, ...) when it has a transcript. A record may hold either or both.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(from = "speech_fields::Fields", into = "speech_fields::Fields")]
pub struct Speech {
    /// What the recording's sound showed.
    pub sound: Option<SoundMeasures>,
    /// What the transcript's words showed.
    pub words: Option<WordMeasures>,
    /// Fields from a newer version, kept as they were.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Speech {
    /// Speech measured from the sound alone.
    pub fn of_sound(sound: SoundMeasures) -> Speech {
        Speech {
            sound: Some(sound),
            ..Speech::default()
        }
    }
}

/// What an answer's words showed of how it was spoken (see `speech::coach` for how each is
/// found). The names are the record's.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WordMeasures {
    /// How many words were said.
    pub words: usize,
    /// Words a minute over the speaking time; `None` for a typed transcript.
    pub wpm: Option<f64>,
    /// Words a minute in each 15 seconds of the answer.
    pub wpm_by_stretch: Vec<f64>,
    /// Set when the pace was far from the aim.
    pub pace_flag: Option<PaceFlag>,
    pub fillers: Fillers,
    /// The share of "I" among "I" and "we", 0 to 1; `None` when neither was said.
    pub i_share: Option<f64>,
    pub hedges: Hedges,
    /// Whether the Result states a figure; `None` when no Result part is known.
    pub result_has_number: Option<bool>,
    /// The linked story's points the answer covered; `None` without a story with points.
    pub talking_points: Option<TalkingPoints>,
}

/// Which of the story's points an answer covered: how many, and the missed ones by name,
/// since those are what a person practises next.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TalkingPoints {
    pub total: usize,
    pub covered: usize,
    pub missed: Vec<String>,
}

/// The record's flat `speech` object, and how it divides into the sound's and the words'
/// measures: the sound's are there when `speaking_ms` is, the words' when `words` is.
mod speech_fields {
    use super::*;
    use crate::speech::measures::Pause;

    #[derive(Clone, Serialize, Deserialize)]
    pub struct Fields {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        speaking_ms: Option<u64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        silence_ms: Option<u64>,
        /// `null` when the recording held no word; left out when there was no recording.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        first_word_ms: Option<Option<u64>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        long_pauses: Option<Vec<Pause>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        longest_pause_ms: Option<u64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        words: Option<usize>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        wpm: Option<f64>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        wpm_by_stretch: Vec<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pace_flag: Option<PaceFlag>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fillers: Option<Fillers>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        i_share: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        hedges: Option<Hedges>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        result_has_number: Option<bool>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        talking_points: Option<TalkingPoints>,
        #[serde(flatten)]
        extra: serde_json::Map<String, serde_json::Value>,
    }

    impl From<Fields> for Speech {
        fn from(fields: Fields) -> Speech {
            let sound = fields.speaking_ms.map(|speaking_ms| SoundMeasures {
                speaking_ms,
                silence_ms: fields.silence_ms.unwrap_or(0),
                first_word_ms: fields.first_word_ms.flatten(),
                long_pauses: fields.long_pauses.unwrap_or_default(),
                longest_pause_ms: fields.longest_pause_ms.unwrap_or(0),
            });
            let words = fields.words.map(|words| WordMeasures {
                words,
                wpm: fields.wpm,
                wpm_by_stretch: fields.wpm_by_stretch,
                pace_flag: fields.pace_flag,
                fillers: fields.fillers.unwrap_or_default(),
                i_share: fields.i_share,
                hedges: fields.hedges.unwrap_or_default(),
                result_has_number: fields.result_has_number,
                talking_points: fields.talking_points,
            });
            Speech {
                sound,
                words,
                extra: fields.extra,
            }
        }
    }

    impl From<Speech> for Fields {
        fn from(speech: Speech) -> Fields {
            let Speech {
                sound,
                words,
                extra,
            } = speech;
            let sound = sound.as_ref();
            let said = words.as_ref();
            Fields {
                speaking_ms: sound.map(|sound| sound.speaking_ms),
                silence_ms: sound.map(|sound| sound.silence_ms),
                first_word_ms: sound.map(|sound| sound.first_word_ms),
                long_pauses: sound.map(|sound| sound.long_pauses.clone()),
                longest_pause_ms: sound.map(|sound| sound.longest_pause_ms),
                words: said.map(|said| said.words),
                wpm: said.and_then(|said| said.wpm),
                wpm_by_stretch: said
                    .map(|said| said.wpm_by_stretch.clone())
                    .unwrap_or_default(),
                pace_flag: said.and_then(|said| said.pace_flag),
                fillers: said.map(|said| said.fillers.clone()),
                i_share: said.and_then(|said| said.i_share),
                hedges: said.map(|said| said.hedges.clone()),
                result_has_number: said.and_then(|said| said.result_has_number),
                talking_points: said.and_then(|said| said.talking_points.clone()),
                extra,
            }
        }
    }
}

/// Where a session's transcript is and what made it; the words themselves are in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranscriptRef {
    /// The file's name, beside the record.
    pub file: String,
    /// How many words it has.
    pub words: usize,
    /// What heard them: the speech model's name (`ggml-base.en`), or `typed`.
    pub model: String,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// What a recording holds of the time an answer was paused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PausedAudio {
    /// Capture stopped while paused: the recording runs on from where the pause began.
    NotRecorded,
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

impl PromptRef {
    /// The prompt with this id, category and text.
    pub fn new(id: &str, category: &str, text: &str) -> PromptRef {
        PromptRef {
            id: id.to_string(),
            category: category.to_string(),
            text: text.to_string(),
            extra: Default::default(),
        }
    }
}

/// Whether the answer was finished or given up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Completed,
    Aborted,
}

impl Session {
    /// A new record of an answer to `prompt`, unreviewed, from this version of the program.
    pub fn new(
        id: String,
        started_at: DateTime<FixedOffset>,
        prompt: PromptRef,
        window: Window,
    ) -> Session {
        Session {
            schema: SCHEMA,
            id,
            started_at,
            prompt,
            window,
            outcome: Outcome::Completed,
            answer_ms: 0,
            paused_ms: 0,
            parts: Vec::new(),
            story: None,
            scores: None,
            note: None,
            follow_up: None,
            cue_shown_ms: None,
            audio: None,
            speech: None,
            parts_detected: Vec::new(),
            transcript: None,
            version: env!("CARGO_PKG_VERSION").to_string(),
            extra: Default::default(),
        }
    }

    /// The part marks the answer's time balance is judged by: the speaker's own, else,
    /// when they marked none, the ones found in its words.
    pub fn part_marks(&self) -> &[PartMark] {
        if self.parts.is_empty() {
            &self.parts_detected
        } else {
            &self.parts
        }
    }

    /// What the answer's recording showed, when it was measured.
    pub fn sound(&self) -> Option<&SoundMeasures> {
        self.speech.as_ref()?.sound.as_ref()
    }

    /// What the answer's transcript showed, when it has one.
    pub fn word_measures(&self) -> Option<&WordMeasures> {
        self.speech.as_ref()?.words.as_ref()
    }

    /// Keeps `sound` as what the answer's recording showed, beside anything its words showed.
    pub fn set_sound(&mut self, sound: SoundMeasures) {
        self.speech.get_or_insert_with(Speech::default).sound = Some(sound);
    }

    /// The answer time.
    pub fn answer(&self) -> Duration {
        Duration::from_millis(self.answer_ms)
    }

    /// The STAR total, when the session was scored.
    pub fn star_total(&self) -> Option<StarTotal> {
        self.scores.as_ref().and_then(Scores::total)
    }

    /// Whether the answer was finished (reports leave aborted ones out unless asked).
    pub fn is_completed(&self) -> bool {
        self.outcome == Outcome::Completed
    }

    /// Why the record cannot be true, if it cannot: no layout of the record (schema 0), times
    /// no answer takes, a mark after the answer ended, a part that is never marked, a part
    /// marked twice, marks out of time order. (Scores out of range and windows upside down
    /// do not even read.) A record like this is damaged: reported and skipped, never
    /// changed.
    pub fn impossibility(&self) -> Option<String> {
        if self.schema == 0 {
            return Some(format!(
                "schema 0 is no layout of the record (they start at 1; this version reads {SCHEMA})"
            ));
        }
        let too_long = |ms: u64, limit: Duration| Duration::from_millis(ms) > limit;
        if too_long(self.answer_ms, MAX_TYPED) {
            return Some(format!("answer_ms {} is longer than a day", self.answer_ms));
        }
        if too_long(self.paused_ms, MAX_PAUSED) {
            return Some(format!(
                "paused_ms {} is longer than a week",
                self.paused_ms
            ));
        }
        if let Some(mark) = self.parts.iter().find(|mark| !mark.part.is_scored()) {
            return Some(format!("{} is never marked in an answer", mark.part.name()));
        }
        if let Some(mark) = self.parts.iter().find(|mark| mark.at_ms > self.answer_ms) {
            return Some(format!(
                "the {} mark at {} ms is after the answer ended ({} ms)",
                mark.part.name(),
                mark.at_ms,
                self.answer_ms
            ));
        }
        // The card is on the screen only while the answer runs, paused or not (a second
        // allows for the two being measured at slightly different instants).
        if let Some(shown) = self.cue_shown_ms
            && shown
                > self
                    .answer_ms
                    .saturating_add(self.paused_ms)
                    .saturating_add(1_000)
        {
            return Some(format!(
                "cue_shown_ms {shown} is longer than the answer and its pauses ({} ms)",
                self.answer_ms.saturating_add(self.paused_ms)
            ));
        }
        // One mark a part, in time order: what the timer writes, and what reports count on.
        for (at, mark) in self.parts.iter().enumerate() {
            if self.parts[..at]
                .iter()
                .any(|earlier| earlier.part == mark.part)
            {
                return Some(format!("{} is marked twice", mark.part.name()));
            }
        }
        if let Some(pair) = self
            .parts
            .windows(2)
            .find(|pair| pair[1].at_ms < pair[0].at_ms)
        {
            return Some(format!(
                "the {} mark at {} ms comes after the {} mark at {} ms (marks are in time order)",
                pair[1].part.name(),
                pair[1].at_ms,
                pair[0].part.name(),
                pair[0].at_ms
            ));
        }
        if let Some(follow_up) = &self.follow_up
            && too_long(follow_up.answer_ms, MAX_TYPED)
        {
            return Some(format!(
                "follow_up answer_ms {} is longer than a day",
                follow_up.answer_ms
            ));
        }
        None
    }
}

/// `window` as `{ "min_s": 120, "max_s": 180 }`: seconds, written without a fraction when
/// whole. Reading refuses what makes no window (negative, not a number, min above max).
mod window_seconds {
    use super::*;

    #[derive(Serialize, Deserialize)]
    struct Seconds {
        min_s: SecondsValue,
        max_s: SecondsValue,
    }

    #[derive(Clone, Copy)]
    struct SecondsValue(f64);

    impl Serialize for SecondsValue {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            if self.0.fract() == 0.0 && self.0 >= 0.0 && self.0 < u64::MAX as f64 {
                serializer.serialize_u64(self.0 as u64)
            } else {
                serializer.serialize_f64(self.0)
            }
        }
    }

    impl<'de> Deserialize<'de> for SecondsValue {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<SecondsValue, D::Error> {
            f64::deserialize(deserializer).map(SecondsValue)
        }
    }

    fn seconds(duration: Duration) -> SecondsValue {
        SecondsValue(millis(duration) as f64 / 1000.0)
    }

    fn duration<E: serde::de::Error>(name: &str, value: SecondsValue) -> Result<Duration, E> {
        let limit = MAX_TYPED.as_secs_f64();
        if !(0.0..=limit).contains(&value.0) {
            return Err(E::custom(format!(
                "window {name} {} is not from 0 to {limit} seconds",
                value.0
            )));
        }
        Ok(Duration::from_millis((value.0 * 1000.0).round() as u64))
    }

    pub fn serialize<S: Serializer>(window: &Window, serializer: S) -> Result<S::Ok, S::Error> {
        Seconds {
            min_s: seconds(window.min()),
            max_s: seconds(window.max()),
        }
        .serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Window, D::Error> {
        let raw = Seconds::deserialize(deserializer)?;
        let min = duration("min_s", raw.min_s)?;
        let max = duration("max_s", raw.max_s)?;
        Window::new(min, max).map_err(|problem| {
            serde::de::Error::custom(format!(
                "window {} to {} seconds: {problem}",
                raw.min_s.0, raw.max_s.0
            ))
        })
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
    use crate::domain::star::{Part, Score};
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
        assert_eq!(session.window.min(), Duration::from_secs(120));
        assert_eq!(session.star_total().unwrap().to_string(), "7/8");
        assert_eq!(
            session.parts[1],
            PartMark {
                part: Part::Action,
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
    fn impossible_records_do_not_read_or_are_named_impossible() {
        let mut value: serde_json::Value = serde_json::from_str(EXAMPLE).unwrap();
        for (pointer, bad) in [
            ("/scores/S", serde_json::json!(200)),
            ("/window/min_s", serde_json::json!(500)),
            ("/window/max_s", serde_json::json!(-5)),
            ("/window/max_s", serde_json::json!(1e12)),
            ("/answer_ms", serde_json::json!(-1)),
        ] {
            let mut damaged = value.clone();
            *damaged.pointer_mut(pointer).unwrap() = bad.clone();
            assert!(
                serde_json::from_value::<Session>(damaged).is_err(),
                "{pointer} = {bad}"
            );
        }
        value["answer_ms"] = serde_json::json!(90_000_000u64);
        let session: Session = serde_json::from_value(value.clone()).unwrap();
        assert!(
            session
                .impossibility()
                .unwrap()
                .contains("longer than a day")
        );
        value["answer_ms"] = serde_json::json!(30_000);
        let session: Session = serde_json::from_value(value).unwrap();
        assert!(
            session
                .impossibility()
                .unwrap()
                .contains("after the answer ended"),
            "{:?}",
            session.impossibility()
        );
        let mut fine: Session = serde_json::from_str(EXAMPLE).unwrap();
        assert_eq!(fine.impossibility(), None);
        fine.cue_shown_ms = Some(fine.answer_ms + fine.paused_ms);
        assert_eq!(
            fine.impossibility(),
            None,
            "on screen all through is possible"
        );
        fine.cue_shown_ms = Some(fine.answer_ms + fine.paused_ms + 60_000);
        assert!(
            fine.impossibility()
                .unwrap_or_default()
                .contains("cue_shown_ms"),
            "a card on screen longer than the answer"
        );
    }

    #[test]
    fn a_part_marked_twice_marks_out_of_order_and_schema_zero_are_impossible() {
        let with = |pointer: &str, bad: serde_json::Value| {
            let mut value: serde_json::Value = serde_json::from_str(EXAMPLE).unwrap();
            *value.pointer_mut(pointer).unwrap() = bad;
            let session: Session = serde_json::from_value(value).unwrap();
            session.impossibility().unwrap_or_default()
        };
        let marks = |marks: serde_json::Value| with("/parts", marks);
        assert_eq!(
            marks(serde_json::json!([
                { "part": "S", "at_ms": 0 },
                { "part": "A", "at_ms": 41000 },
                { "part": "S", "at_ms": 50000 }
            ])),
            "Situation is marked twice"
        );
        assert_eq!(
            marks(serde_json::json!([
                { "part": "A", "at_ms": 41000 },
                { "part": "S", "at_ms": 0 }
            ])),
            "the Situation mark at 0 ms comes after the Action mark at 41000 ms (marks are in time order)"
        );
        // Two parts begun at the same moment are in order.
        assert_eq!(
            marks(serde_json::json!([
                { "part": "S", "at_ms": 0 },
                { "part": "T", "at_ms": 0 }
            ])),
            ""
        );
        assert!(
            with("/schema", serde_json::json!(0)).starts_with("schema 0 is no layout"),
            "{}",
            with("/schema", serde_json::json!(0))
        );
    }

    fn arb_session() -> impl Strategy<Value = Session> {
        let part = proptest::sample::select(Part::SCORED.to_vec());
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
                proptest::option::of(proptest::array::uniform::<_, { Part::SCORED_COUNT }>(score)),
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
                        window: Window::new(
                            Duration::from_millis(u64::from(min_ms.min(max_ms))),
                            Duration::from_millis(u64::from(min_ms.max(max_ms).max(1))),
                        )
                        .unwrap(),
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
                        scores: scores.map(|values: [Option<u8>; Part::SCORED_COUNT]| {
                            let mut scores = Scores::default();
                            for (part, value) in Part::SCORED.into_iter().zip(values) {
                                scores.set(part, value.and_then(Score::new));
                            }
                            scores
                        }),
                        note,
                        follow_up: None,
                        cue_shown_ms: None,
                        audio: None,
                        speech: None,
                        parts_detected: Vec::new(),
                        transcript: None,
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
