//! The transcript of an answer: what was said, word by word, with when each word was said when
//! it was heard from a recording. Kept as `<id>.transcript.json` beside the record; a
//! transcript the person typed (or pasted) has the words without times.

use serde::{Deserialize, Serialize};

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
