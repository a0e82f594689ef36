//! The speech report: what a transcript tells of how an answer was spoken, for the review
//! and for `show`. Pure functions over a [`Transcript`], and optionally the recording's
//! [`SoundMeasures`] and the parts the speaker marked; always compiled, no model needed.
//!
//! - [`pace`]: words a minute, over the whole and by 15-second stretch, and a flag when far
//!   from the aim;
//! - [`fillers`]: um, uh, and the words that only fill, where they only fill;
//! - [`gaps`]: the "um"s a recogniser left out, found in the recording between words;
//! - [`hedges`]: "I think", "maybe", "kind of";
//! - [`ownership`]: the share of "I" against "we";
//! - [`figures`]: whether the Result states a number;
//! - [`parts`]: where the STAR parts begin, from the phrases that turn to them.

pub mod figures;
pub mod fillers;
pub mod gaps;
pub mod hedges;
pub mod ownership;
pub mod pace;
pub mod parts;
mod tokens;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use fillers::{
    Filler, Fillers, count_fillers, filler_word_indices, find_fillers, is_hesitation,
};
pub use gaps::{VoicedGap, VoicedGaps, voiced_gaps};
pub use hedges::{Hedges, count_hedges};
pub use ownership::i_share;
pub use pace::{PaceFlag, PaceRange, answer_ms, wpm, wpm_by_stretch};
pub use parts::{
    PartAgreement, PartAtWord, part_agreement, parts_detected, parts_detected_at_words,
};

use crate::domain::star::{Part, PartMark};
use crate::speech::measures::SoundMeasures;
use crate::speech::transcript::Transcript;

/// What the words of one answer say about how it was spoken. Every field reads as its
/// default when missing, so a report written by an older version still reads.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SpeechReport {
    /// How many words were heard.
    pub words: usize,
    /// How long the answer was, in ms, the rates a minute are over: the recording's length
    /// when measured, else from the first word to the last; `None` untimed.
    pub answer_ms: Option<u64>,
    /// Words a minute over the speaking time; `None` untimed. See [`wpm`].
    pub wpm: Option<f64>,
    /// Words a minute in each 15 seconds of the answer; empty untimed. See [`wpm_by_stretch`].
    pub wpm_by_stretch: Vec<f64>,
    /// Set when the pace was far from the aim; `None` inside or untimed.
    pub pace_flag: Option<PaceFlag>,
    /// The fillers, heard and (once [`SpeechReport::add_hesitations`] is called) found in
    /// the audio.
    pub fillers: Fillers,
    /// The indices of the words that are fillers, for marking them in the transcript.
    pub fillers_marked: Vec<usize>,
    /// The share of "I" among "I" and "we", 0 to 1; `None` when neither was said.
    pub i_share: Option<f64>,
    /// The hedges.
    pub hedges: Hedges,
    /// Whether the Result states a figure; `None` when no Result part is known.
    pub result_has_number: Option<bool>,
    /// Where the parts begin by the words, in answer time; empty untimed.
    pub parts_detected: Vec<PartMark>,
    /// Where the parts begin by the words, by word index; timed or not.
    pub parts_detected_at_words: Vec<PartAtWord>,
    /// How the parts found agree with the speaker's own marks.
    pub part_agreement: Vec<PartAgreement>,
}

/// The speech report of `transcript`, with the recording's measures when it has one, the
/// parts the speaker marked (may be empty), and the pace to aim for.
pub fn build_report(
    transcript: &Transcript,
    sound: Option<&SoundMeasures>,
    own_parts: &[PartMark],
    pace: PaceRange,
) -> SpeechReport {
    let words = &transcript.words;
    let answer_ms = pace::answer_ms(transcript, sound);
    let wpm = pace::wpm(transcript, sound);
    let parts_detected = parts::parts_detected(transcript);
    let at_words = parts::parts_detected_at_words(words);
    SpeechReport {
        words: words.len(),
        answer_ms,
        wpm,
        wpm_by_stretch: pace::wpm_by_stretch(transcript),
        pace_flag: wpm.and_then(|wpm| pace.flag(wpm)),
        fillers: fillers::count_fillers(words, minutes(answer_ms)),
        fillers_marked: fillers::filler_word_indices(words),
        i_share: ownership::i_share(words),
        hedges: hedges::count_hedges(words),
        result_has_number: result_has_number(transcript, own_parts, &at_words),
        part_agreement: parts::part_agreement(own_parts, &parts_detected),
        parts_detected,
        parts_detected_at_words: at_words,
    }
}

impl SpeechReport {
    /// Counts the hesitations found in the recording ([`voiced_gaps`]) into the fillers:
    /// kept as their own count, and added into the total and the rate.
    pub fn add_hesitations(&mut self, gaps: &VoicedGaps) {
        self.fillers =
            std::mem::take(&mut self.fillers).with_hesitations(gaps.count, minutes(self.answer_ms));
    }
}

fn minutes(ms: Option<u64>) -> Option<f64> {
    ms.map(|ms| ms as f64 / 60_000.0)
}

/// Whether the Result states a figure: the Result as the speaker marked it when the
/// transcript has times to place the mark in, else as found in the words; `None` when
/// neither knows a Result. The Result runs to the next part marked after it, or the end.
pub fn result_has_number(
    transcript: &Transcript,
    own_parts: &[PartMark],
    detected: &[PartAtWord],
) -> Option<bool> {
    let words = &transcript.words;
    let own_result = own_parts.iter().find(|mark| mark.part == Part::Result);
    let range = match own_result {
        Some(result) if transcript.is_timed() => {
            let until = own_parts
                .iter()
                .filter(|mark| mark.at_ms > result.at_ms)
                .map(|mark| mark.at_ms)
                .min()
                .unwrap_or(u64::MAX);
            let inside = |ms: Option<u64>| ms.is_some_and(|ms| ms >= result.at_ms && ms < until);
            let first = words.iter().position(|word| inside(word.start_ms));
            let last = words.iter().rposition(|word| inside(word.start_ms));
            match (first, last) {
                (Some(first), Some(last)) => first..last + 1,
                _ => return Some(false),
            }
        }
        _ => {
            let at = detected.iter().position(|mark| mark.part == Part::Result)?;
            let end = detected.get(at + 1).map_or(words.len(), |next| next.word);
            detected[at].word..end
        }
    };
    Some(figures::states_figure(&words[range]))
}
