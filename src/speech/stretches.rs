//! A growing recording cut into stretches the speech model can hear one at a time, while the
//! answer is still being given: a stretch closes at a pause once it holds enough speech, so
//! no word is cut in two, and never grows past the model's window of 30 seconds. Silence
//! before a stretch's first word is left out, so the model is never handed a stretch with
//! nothing said (where Whisper makes words up). Each stretch knows where it begins in the
//! recording, so what is heard in it can be placed in answer time.
//!
//! Speech and silence are told apart as [`super::measures`] tells them, from the energy of
//! 10 ms frames against a threshold set from the recording's own quiet floor and typical
//! speech, here read over what has been heard so far.

use super::SAMPLE_RATE;
use super::measures::{BRIDGE_MS, FRAME_MS, MIN_BURST_MS, level_db, thresholds_db};
use super::wav::samples_to_ms;

/// The most the model hears at once: Whisper's window.
pub const WINDOW_MS: u64 = 30_000;

/// A stretch closes at the first pause once it holds this much speech: long enough that the
/// model's fixed cost a stretch is paid over many words and that it hears a sentence or two
/// of context, short enough that the last stretch, heard after the answer ends, is quick.
pub const ENOUGH_SPEECH_MS: u64 = 8_000;

/// A silence this long closes a stretch: longer than the gaps inside a phrase (a bridge, in
/// the measures' words), as short as a breath between two sentences.
pub const PAUSE_MS: u64 = 2 * BRIDGE_MS;

/// A stretch forced closed at the window is cut no earlier than this into it, at its
/// quietest place there.
const FORCED_CUT_FROM_MS: u64 = WINDOW_MS / 2;

/// How much silence is kept before a stretch's first word: a lead-in the model expects.
const LEAD_IN_MS: u64 = 300;

/// How much of the recording, the latest, the threshold is read over: long enough to hold
/// both pauses and speech, short enough to follow a voice that grows quieter.
const THRESHOLD_OVER_MS: u64 = 120_000;

/// How often the threshold is read again.
const THRESHOLD_EVERY_MS: u64 = 250;

/// One stretch of a recording, to be heard on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stretch {
    /// Where it begins in the recording, in samples.
    pub start: u64,
    /// Its sound, 16 kHz mono.
    pub samples: Vec<i16>,
}

impl Stretch {
    /// Where it begins in the recording, in milliseconds.
    pub fn start_ms(&self) -> u64 {
        samples_to_ms(self.start, SAMPLE_RATE)
    }

    /// How long it lasts, in milliseconds.
    pub fn ms(&self) -> u64 {
        samples_to_ms(self.samples.len() as u64, SAMPLE_RATE)
    }
}

/// Frames, a count of 10 ms frames.
fn frames(ms: u64) -> usize {
    (ms / u64::from(FRAME_MS)) as usize
}

/// Samples a frame.
const FRAME_LEN: usize = (SAMPLE_RATE / (1000 / FRAME_MS)) as usize;

/// Cuts a recording into [`Stretch`]es as its samples arrive.
#[derive(Debug, Default)]
pub struct Cutter {
    /// The sound of the stretch not yet closed, a partial frame at its end included.
    open: Vec<i16>,
    /// Where it begins in the recording, in samples.
    open_start: u64,
    /// The level of each whole frame of it, in dB.
    open_levels: Vec<f64>,
    /// The levels of the latest frames of the whole recording, for the threshold; at most
    /// twice [`THRESHOLD_OVER_MS`] of them.
    heard: Vec<f64>,
    /// Above this a frame is speech; `None` while nothing has risen above the floor.
    threshold: Option<f64>,
    /// Frames since the threshold was read.
    since_threshold: usize,
}

impl Cutter {
    pub fn new() -> Cutter {
        Cutter::default()
    }

    /// Takes the next `samples` of the recording, and adds to `closed` each stretch they
    /// close, in order.
    pub fn push(&mut self, samples: &[i16], closed: &mut Vec<Stretch>) {
        for &sample in samples {
            self.open.push(sample);
            if self.open.len() == (self.open_levels.len() + 1) * FRAME_LEN {
                self.frame_done(closed);
            }
        }
    }

    /// The last stretch, once the recording has ended; none when it holds no speech.
    pub fn finish(mut self) -> Option<Stretch> {
        self.read_threshold();
        self.first_speech().map(|_| Stretch {
            start: self.open_start,
            samples: self.open,
        })
    }

    /// Measures the frame just completed, and closes or trims the open stretch where that
    /// frame says to.
    fn frame_done(&mut self, closed: &mut Vec<Stretch>) {
        let at = self.open_levels.len() * FRAME_LEN;
        let level = level_db(&self.open[at..at + FRAME_LEN]);
        self.open_levels.push(level);
        self.heard.push(level);
        if self.heard.len() >= 2 * frames(THRESHOLD_OVER_MS) {
            self.heard.drain(..frames(THRESHOLD_OVER_MS));
        }
        self.since_threshold += 1;
        if self.threshold.is_none() || self.since_threshold >= frames(THRESHOLD_EVERY_MS) {
            self.read_threshold();
        }
        let Some(first_word) = self.first_speech() else {
            if self.threshold.is_some() {
                self.trim_lead_in(self.open_levels.len());
            } else if self.open_levels.len() >= frames(WINDOW_MS) {
                // A window of sound all at one level, told from nothing: let it go.
                self.close_at(self.open_levels.len(), closed);
            }
            return;
        };
        // Silence heard before speech could be told from it goes now.
        let first_word = self.trim_lead_in(first_word);
        let length = self.open_levels.len();
        if length >= frames(WINDOW_MS) {
            let cut = self.quietest_frame(frames(FORCED_CUT_FROM_MS)..length);
            self.close_at(cut, closed);
            return;
        }
        let pause = self.quiet_run_at_end();
        // What it holds of speech: from its first word to its last, the gaps between the
        // words included.
        let talk = length - pause - first_word;
        if pause >= frames(PAUSE_MS) && talk >= frames(ENOUGH_SPEECH_MS) {
            // Cut in the middle of the pause: each side keeps a little of the silence.
            self.close_at(length - frames(PAUSE_MS) / 2, closed);
        }
    }

    fn read_threshold(&mut self) {
        self.since_threshold = 0;
        self.threshold = match self.heard.is_empty() {
            true => None,
            false => thresholds_db(&self.heard).map(|found| found.speech),
        };
    }

    fn is_speech(&self, level: f64) -> bool {
        self.threshold.is_some_and(|threshold| level > threshold)
    }

    /// The first frame of speech in the open stretch, if it has one.
    fn first_speech(&self) -> Option<usize> {
        self.open_levels
            .iter()
            .position(|&level| self.is_speech(level))
    }

    /// How many frames at the end of the open stretch are silence.
    fn quiet_run_at_end(&self) -> usize {
        self.open_levels
            .iter()
            .rev()
            .take_while(|&&level| !self.is_speech(level))
            .count()
    }

    /// The silence at the start of a stretch goes, all but a short lead-in: only once speech
    /// can be told from silence, since until then (a steady sound from the first sample on)
    /// what is heard may be speech.
    /// Drops what comes before the open stretch's frame `first_word`, all but a short
    /// lead-in; returns where that frame is then.
    fn trim_lead_in(&mut self, first_word: usize) -> usize {
        let keep = frames(LEAD_IN_MS);
        if first_word <= keep {
            return first_word;
        }
        let dropped = first_word - keep;
        self.open.drain(..dropped * FRAME_LEN);
        self.open_levels.drain(..dropped);
        self.open_start += (dropped * FRAME_LEN) as u64;
        keep
    }

    /// Where in `range` a stretch that must close is best cut: the middle of the longest
    /// silence there, or when there is none, its quietest frame.
    fn quietest_frame(&self, range: std::ops::Range<usize>) -> usize {
        let mut longest: Option<(usize, usize)> = None;
        let mut run_start = None;
        for index in range.clone() {
            let quiet = !self.is_speech(self.open_levels[index]);
            match (quiet, run_start) {
                (true, None) => run_start = Some(index),
                (false, Some(from)) => {
                    if longest.is_none_or(|(a, b)| index - from > b - a) {
                        longest = Some((from, index));
                    }
                    run_start = None;
                }
                _ => {}
            }
        }
        if let Some(from) = run_start
            && longest.is_none_or(|(a, b)| range.end - from > b - a)
        {
            longest = Some((from, range.end));
        }
        match longest {
            Some((from, to)) => from + (to - from) / 2,
            None => range
                .clone()
                .min_by(|&a, &b| self.open_levels[a].total_cmp(&self.open_levels[b]))
                .unwrap_or(range.end),
        }
    }

    /// Closes the open stretch before its frame `cut`; what follows begins the next one.
    fn close_at(&mut self, cut: usize, closed: &mut Vec<Stretch>) {
        // A stretch that is only a click or two is not worth the model's time.
        let speech = self.open_levels[..cut]
            .iter()
            .filter(|&&level| self.is_speech(level))
            .count();
        let rest = self.open.split_off(cut * FRAME_LEN);
        let rest_levels = self.open_levels.split_off(cut);
        let stretch = Stretch {
            start: self.open_start,
            samples: std::mem::replace(&mut self.open, rest),
        };
        self.open_levels = rest_levels;
        self.open_start += stretch.samples.len() as u64;
        if speech >= frames(MIN_BURST_MS) {
            closed.push(stretch);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    const RATE: usize = SAMPLE_RATE as usize;

    fn at(ms: u64) -> usize {
        ms as usize * RATE / 1000
    }

    /// A made answer: `phrases` of the given lengths (ms) of syllable-like noise bursts with
    /// the short gaps of speech between them, each followed by the silence given after it,
    /// all over a faint hiss. Returns the samples and where each phrase begins and ends.
    fn answer(seed: u64, lead_in_ms: u64, phrases: &[(u64, u64)]) -> (Vec<i16>, Vec<(u64, u64)>) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut samples: Vec<i16> = Vec::new();
        let hiss = |rng: &mut ChaCha8Rng, count: usize, samples: &mut Vec<i16>| {
            samples.extend((0..count).map(|_| rng.random_range(-20..=20)));
        };
        hiss(&mut rng, at(lead_in_ms), &mut samples);
        let mut spans = Vec::new();
        for &(phrase_ms, silence_ms) in phrases {
            let start = samples.len();
            while samples.len() < start + at(phrase_ms) {
                let left = start + at(phrase_ms) - samples.len();
                let syllable = at(rng.random_range(120..260)).min(left);
                for i in 0..syllable {
                    let x = i as f64 / syllable as f64;
                    let envelope = (std::f64::consts::PI * x).sin().powf(0.6);
                    samples.push((envelope * rng.random_range(-12_000.0..12_000.0)) as i16);
                }
                let gap = at(rng.random_range(20..90)).min(start + at(phrase_ms) - samples.len());
                hiss(&mut rng, gap, &mut samples);
            }
            spans.push((
                (start * 1000 / RATE) as u64,
                (samples.len() * 1000 / RATE) as u64,
            ));
            hiss(&mut rng, at(silence_ms), &mut samples);
        }
        (samples, spans)
    }

    /// Cuts `samples` fed in blocks of `block` samples, the tail included.
    fn cut(samples: &[i16], block: usize) -> Vec<Stretch> {
        let mut cutter = Cutter::new();
        let mut closed = Vec::new();
        for piece in samples.chunks(block) {
            cutter.push(piece, &mut closed);
        }
        closed.extend(cutter.finish());
        closed
    }

    fn end_ms(stretch: &Stretch) -> u64 {
        stretch.start_ms() + stretch.ms()
    }

    #[test]
    fn stretches_close_at_pauses_once_they_hold_enough_speech_and_keep_their_place() {
        // Phrases of 3 s with pauses of 0.8 s: a stretch closes at the third pause, once it
        // holds 8 s of speech, and the pauses before that (too little speech) do not cut.
        let phrases = [(3_000, 800); 9];
        let (samples, spans) = answer(1, 1_000, &phrases);
        let stretches = cut(&samples, 320);
        assert_eq!(
            stretches.len(),
            3,
            "{:?}",
            stretches.iter().map(Stretch::start_ms).collect::<Vec<_>>()
        );
        for (index, stretch) in stretches.iter().enumerate() {
            let first = spans[3 * index];
            let last = spans[3 * index + 2];
            // Each begins a little before its first phrase and ends in the pause after its last.
            assert!(
                stretch.start_ms() <= first.0 && first.0 - stretch.start_ms() <= LEAD_IN_MS + 10
            );
            assert!(
                end_ms(stretch) > last.1 && end_ms(stretch) < last.1 + 800,
                "{index}: {} after {}",
                end_ms(stretch),
                last.1
            );
            // Its samples are the recording's own at its place.
            let from = stretch.start as usize;
            assert_eq!(
                stretch.samples[..],
                samples[from..from + stretch.samples.len()]
            );
        }
    }

    #[test]
    fn how_the_samples_arrive_does_not_change_the_cuts() {
        let phrases = [
            (2_500, 700),
            (4_000, 650),
            (3_500, 1_200),
            (5_000, 900),
            (2_000, 0),
        ];
        let (samples, _) = answer(2, 400, &phrases);
        let whole = cut(&samples, samples.len());
        assert_eq!(cut(&samples, 1), whole);
        assert_eq!(cut(&samples, 777), whole);
    }

    #[test]
    fn speech_without_a_pause_is_cut_within_the_window_at_its_quietest() {
        // 75 s of speech whose only breaks are the short gaps between words.
        let (samples, _) = answer(3, 0, &[(75_000, 0)]);
        let stretches = cut(&samples, 1_600);
        assert!(stretches.len() >= 3, "{}", stretches.len());
        let mut next = 0;
        for stretch in &stretches {
            assert!(stretch.ms() <= WINDOW_MS, "{}", stretch.ms());
            assert_eq!(stretch.start, next, "the stretches leave nothing out");
            next += stretch.samples.len() as u64;
        }
        assert_eq!(next as usize, samples.len());
        assert!(
            stretches[..stretches.len() - 1]
                .iter()
                .all(|s| s.ms() >= FORCED_CUT_FROM_MS)
        );
    }

    #[test]
    fn silence_is_left_out_and_a_silent_recording_has_no_stretch() {
        // Ten seconds of silence before the answer, and twenty in the middle of it.
        let (samples, spans) = answer(4, 10_000, &[(9_000, 20_000), (9_000, 3_000)]);
        let stretches = cut(&samples, 480);
        assert_eq!(stretches.len(), 2);
        assert!(stretches[0].start_ms() >= spans[0].0 - LEAD_IN_MS - 10);
        assert!(stretches[1].start_ms() >= spans[1].0 - LEAD_IN_MS - 10);
        let total: u64 = stretches.iter().map(Stretch::ms).sum();
        assert!(total < 20_000 + 2_000, "{total} ms handed to the model");

        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let hiss: Vec<i16> = (0..at(40_000))
            .map(|_| rng.random_range(-300..300))
            .collect();
        assert!(cut(&hiss, 320).is_empty());
        assert!(cut(&vec![0; at(5_000)], 320).is_empty());
        assert!(cut(&[], 320).is_empty());
    }

    #[test]
    fn the_tail_closes_when_the_recording_ends() {
        // Too little speech to close at its pause: all of it is the tail.
        let (samples, spans) = answer(6, 500, &[(2_000, 700), (1_500, 200)]);
        let stretches = cut(&samples, 160);
        assert_eq!(stretches.len(), 1);
        assert!(end_ms(&stretches[0]) >= spans[1].1);
        assert_eq!(end_ms(&stretches[0]), (samples.len() * 1000 / RATE) as u64);
    }

    #[test]
    fn a_tone_between_silences_is_speech_too() {
        // Tones of 5 s with a second of faint hiss between: two close at pauses.
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut samples = Vec::new();
        for _ in 0..4 {
            samples.extend((0..at(5_000)).map(|n| ((n as f64 * 0.14).sin() * 9_000.0) as i16));
            samples.extend((0..at(1_000)).map(|_| rng.random_range(-30..=30)));
        }
        let stretches = cut(&samples, 320);
        assert_eq!(
            stretches.len(),
            2,
            "{:?}",
            stretches
                .iter()
                .map(|s| (s.start_ms(), s.ms()))
                .collect::<Vec<_>>()
        );
        // Each ends in the pause after its second tone, and the second begins in the pause
        // before its first.
        assert!(
            (11_000..11_600).contains(&stretches[0].ms()),
            "{}",
            stretches[0].ms()
        );
        assert!((11_000..12_000).contains(&stretches[1].start_ms()));
        assert!((23_000..23_600).contains(&end_ms(&stretches[1])));
    }
}
