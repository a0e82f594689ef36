//! The transcript of an answer: what was said, word by word, with when each word was said when
//! it was heard from a recording. Kept as `<id>.transcript.json` beside the record; a
//! transcript the person typed (or pasted) has the words without times.

use serde::{Deserialize, Serialize};

use crate::speech::measures::SoundMeasures;

/// The model name of a transcript the person gave as text.
pub const TYPED: &str = "typed";

/// What was said in one answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transcript {
    /// What heard it: the speech model's name (`ggml-base`), or [`TYPED`].
    pub model: String,
    /// The whole text, as it reads.
    pub text: String,
    /// The words in order, each as written in `text` (with its punctuation).
    pub words: Vec<Word>,
    /// Fields from a newer version, kept as they were.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// One word of a transcript.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Word {
    pub text: String,
    /// When it began and ended in the recording; absent for typed text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_ms: Option<u64>,
    /// How sure the recogniser was, 0 to 1; absent for typed text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
}

impl Transcript {
    /// The transcript with each word's start moved out of the silences `sound` found: a
    /// recogniser times the first word after a long silence (and the answer's first word)
    /// from where the silence began, seconds before it was said. A word starts where speech
    /// does; its end is kept unless that is now before its start.
    pub fn started_where_speech_is(&self, sound: &SoundMeasures) -> Transcript {
        let mut fitted = self.clone();
        for word in &mut fitted.words {
            let Some(mut start) = word.start_ms else {
                continue;
            };
            if let Some(first) = sound.first_word_ms {
                start = start.max(first);
            }
            if let Some(pause) = sound
                .long_pauses
                .iter()
                .find(|pause| (pause.at_ms..pause.at_ms + pause.ms).contains(&start))
            {
                start = pause.at_ms + pause.ms;
            }
            word.start_ms = Some(start);
            word.end_ms = word.end_ms.map(|end| end.max(start));
        }
        fitted
    }

    /// A transcript of text the person gave: its words split at white space, untimed.
    pub fn typed(text: &str) -> Transcript {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let words = text
            .split(' ')
            .filter(|word| !word.is_empty())
            .map(|word| Word {
                text: word.to_string(),
                start_ms: None,
                end_ms: None,
                confidence: None,
            })
            .collect();
        Transcript {
            model: TYPED.to_string(),
            text,
            words,
            extra: Default::default(),
        }
    }

    /// Whether every word has its times, so measures over time (pace, where parts begin)
    /// can be taken.
    pub fn is_timed(&self) -> bool {
        !self.words.is_empty()
            && self
                .words
                .iter()
                .all(|word| word.start_ms.is_some() && word.end_ms.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_text_becomes_untimed_words_in_order() {
        let transcript = Transcript::typed("  So, um, I led\nthe  migration. ");
        assert_eq!(transcript.text, "So, um, I led the migration.");
        let words: Vec<&str> = transcript.words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(words, ["So,", "um,", "I", "led", "the", "migration."]);
        assert!(!transcript.is_timed());
        assert_eq!(transcript.model, TYPED);
        assert!(!Transcript::typed("").is_timed());
    }

    #[test]
    fn words_timed_inside_a_silence_start_where_speech_does() {
        use crate::speech::measures::Pause;
        let timed = |text: &str, start_ms: u64, end_ms: u64| Word {
            text: text.into(),
            start_ms: Some(start_ms),
            end_ms: Some(end_ms),
            confidence: None,
        };
        let mut heard = Transcript::typed("So we shipped. Then I");
        heard.words = vec![
            timed("So", 0, 1_100),
            timed("we", 1_200, 1_400),
            timed("shipped.", 1_400, 14_900),
            timed("Then", 15_100, 18_400),
            timed("I", 15_200, 15_300),
        ];
        let sound = SoundMeasures {
            first_word_ms: Some(800),
            long_pauses: vec![Pause {
                at_ms: 15_000,
                ms: 3_200,
            }],
            ..SoundMeasures::default()
        };
        let fitted = heard.started_where_speech_is(&sound);
        let spans: Vec<(Option<u64>, Option<u64>)> = fitted
            .words
            .iter()
            .map(|word| (word.start_ms, word.end_ms))
            .collect();
        assert_eq!(
            spans,
            [
                (Some(800), Some(1_100)),
                (Some(1_200), Some(1_400)),
                (Some(1_400), Some(14_900)),
                (Some(18_200), Some(18_400)),
                (Some(18_200), Some(18_200)),
            ]
        );
        assert_eq!(fitted.text, heard.text);
        let typed = Transcript::typed("So we shipped");
        assert_eq!(typed.started_where_speech_is(&sound), typed);
    }

    #[test]
    fn a_transcript_file_reads_back_and_keeps_what_it_does_not_know() {
        let json = r#"{"model":"ggml-base","text":"Hello there","words":[
            {"text":"Hello","start_ms":120,"end_ms":480,"confidence":0.93},
            {"text":"there","start_ms":500,"end_ms":820,"confidence":0.88}],
            "language":"en"}"#;
        let transcript: Transcript = serde_json::from_str(json).unwrap();
        assert!(transcript.is_timed());
        assert_eq!(transcript.words[1].start_ms, Some(500));
        let again: serde_json::Value = serde_json::to_value(&transcript).unwrap();
        assert_eq!(again["language"], "en");
    }
}
