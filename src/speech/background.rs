//! Hearing an answer while it is given. The recording's writer hands each block of samples it
//! writes to a [`Feed`]; a thread of its own, at low priority, cuts them into stretches at
//! pauses ([`super::stretches`]) and has each finished stretch heard as soon as it closes, so
//! when the answer ends only its last stretch is left to hear. What is heard comes back as one
//! [`Transcript`] of the whole recording, each word placed in recording (answer) time.
//!
//! What hears is behind [`Hear`]: the speech model behind the `transcribe` feature
//! (`recognize::Hearer`), or a test's stand-in, so this is compiled and tested in every build.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread::JoinHandle;

use super::stretches::{Cutter, Stretch};
use super::transcript::{Transcript, Word};

/// What hears a stretch of speech and writes it down.
pub trait Hear: Send {
    /// The model's name, as transcripts record it.
    fn model(&self) -> &str;

    /// Hears `samples` (16 kHz mono, at most [`super::stretches::WINDOW_MS`] long); the
    /// words' times are from their start.
    fn hear(&mut self, samples: &[i16], haste: Haste) -> Result<Transcript, String>;
}

/// Whether anyone waits for a stretch to be heard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Haste {
    /// The answer is still being given: its timer and its recording come first, so the
    /// hearing leaves them a core.
    Background,
    /// The recording has ended and the person waits for the report: every core.
    Awaited,
}

/// Where the recording's writer hands the samples it writes, as it writes them.
#[derive(Debug)]
pub struct Feed(mpsc::Sender<Vec<i16>>);

impl Feed {
    /// Hands over the next `samples` of the recording (16 kHz mono). Never waits; once the
    /// hearing has stopped (it failed), the samples are dropped.
    pub fn give(&self, samples: &[i16]) {
        if !samples.is_empty() {
            let _ = self.0.send(samples.to_vec());
        }
    }
}

/// How hearing a recording ended.
pub struct Heard {
    /// The whole recording's transcript, or why it could not be made.
    pub transcript: Result<Transcript, String>,
    /// The hearer, back for the next answer; none when its thread failed.
    pub hearer: Option<Box<dyn Hear>>,
}

/// What the hearing thread hands back: the transcript, and the hearer for the next answer.
type HearingEnd = (Result<Transcript, String>, Box<dyn Hear>);

/// A recording being heard in the background. Dropped without [`Listening::wait`], it stops
/// after the stretch it is hearing, and the hearer goes with it.
pub struct Listening {
    thread: Option<JoinHandle<HearingEnd>>,
    stop: Arc<AtomicBool>,
}

/// The nice value the hearing runs at: below the timer, the terminal and the recording,
/// which are not niced, whatever the model asks of the cores.
pub const NICE: i32 = 10;

impl Listening {
    /// Starts hearing a recording with `hearer`; the samples come through the [`Feed`], and
    /// the recording ends when the feed is dropped.
    pub fn start(hearer: Box<dyn Hear>) -> (Listening, Feed) {
        let (give, take) = mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("hearing".into())
            .spawn(move || {
                lower_priority();
                listen(hearer, &take, &stopped)
            })
            .ok();
        let listening = Listening { thread, stop };
        (listening, Feed(give))
    }

    /// Whether the transcript is ready, so [`Listening::wait`] will not wait.
    pub fn is_heard(&self) -> bool {
        self.thread.as_ref().is_none_or(JoinHandle::is_finished)
    }

    /// Waits until every stretch is heard (the feed must have been dropped: the recording
    /// finished), and gives back the transcript and the hearer.
    pub fn wait(mut self) -> Heard {
        let failed = |why: &str| Heard {
            transcript: Err(why.to_string()),
            hearer: None,
        };
        let Some(thread) = self.thread.take() else {
            return failed("the hearing could not start");
        };
        match thread.join() {
            Ok((transcript, hearer)) => Heard {
                transcript,
                hearer: Some(hearer),
            },
            Err(_) => failed("the hearing stopped without a result"),
        }
    }
}

impl Drop for Listening {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// The hearing thread: cuts what the feed brings, hears each stretch as it closes, and once
/// the feed is gone, the rest; then puts the pieces together.
fn listen(
    mut hearer: Box<dyn Hear>,
    samples: &mpsc::Receiver<Vec<i16>>,
    stop: &AtomicBool,
) -> (Result<Transcript, String>, Box<dyn Hear>) {
    let mut cutter = Some(Cutter::new());
    let mut waiting: std::collections::VecDeque<Stretch> = Default::default();
    let mut closed = Vec::new();
    let mut pieces = Vec::new();
    loop {
        // With nothing to hear, wait for sound; then take all that came meanwhile.
        let mut next = match (waiting.is_empty(), &cutter) {
            (true, Some(_)) => samples.recv().ok(),
            _ => None,
        };
        while let Some(cutter_now) = cutter.as_mut() {
            let block = match next.take() {
                Some(block) => block,
                None => match samples.try_recv() {
                    Ok(block) => block,
                    Err(mpsc::TryRecvError::Empty) => break,
                    Err(mpsc::TryRecvError::Disconnected) => {
                        closed.extend(cutter.take().and_then(Cutter::finish));
                        break;
                    }
                },
            };
            cutter_now.push(&block, &mut closed);
        }
        waiting.extend(closed.drain(..));
        if stop.load(Ordering::Relaxed) {
            return (Err("stopped".into()), hearer);
        }
        let Some(stretch) = waiting.pop_front() else {
            if cutter.is_none() {
                break;
            }
            continue;
        };
        let haste = match cutter {
            Some(_) => Haste::Background,
            None => Haste::Awaited,
        };
        match hearer.hear(&stretch.samples, haste) {
            Ok(heard) => pieces.push((stretch, heard)),
            // The rest is not worth hearing: a transcript with a hole would mislead.
            Err(error) => return (Err(error), hearer),
        }
    }
    let model = hearer.model().to_string();
    (Ok(joined(model, &pieces)), hearer)
}

/// One transcript of the stretches heard, in order: each word moved to where its stretch
/// begins in the recording, and kept inside its stretch (the model can place a word's end a
/// little past the sound it was given).
fn joined(model: String, pieces: &[(Stretch, Transcript)]) -> Transcript {
    let mut words: Vec<Word> = Vec::new();
    let mut texts: Vec<&str> = Vec::new();
    for (stretch, heard) in pieces {
        let from = stretch.start_ms();
        let to = from + stretch.ms();
        let place = |ms: Option<u64>| ms.map(|ms| (from + ms).min(to));
        words.extend(heard.words.iter().map(|word| Word {
            start_ms: place(word.start_ms),
            end_ms: place(word.end_ms),
            ..word.clone()
        }));
        let text = heard.text.trim();
        if !text.is_empty() {
            texts.push(text);
        }
    }
    Transcript {
        model,
        text: texts.join(" "),
        words,
        extra: Default::default(),
    }
}

/// Lowers the calling thread's priority to [`NICE`]. On Linux the nice value belongs to a
/// thread, and threads it starts (whisper.cpp's workers) inherit it, so only the hearing is
/// lowered; elsewhere it would lower the whole process, timer included, so nothing changes.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: plain system calls on the calling thread, no memory handed over.
        let result = unsafe {
            let thread = libc::gettid() as libc::id_t;
            libc::setpriority(libc::PRIO_PROCESS, thread, NICE)
        };
        // Not lowered (a sandbox that forbids it): the hearing still works, only less
        // politely.
        let _ = result;
    }
}

#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// A stand-in for the speech model: hears each stretch as one word a second of it, named
    /// by the order it was heard in (`s1w1 s1w2 ...`), and says what it was given.
    pub struct FakeHearer {
        pub heard: Arc<std::sync::Mutex<Vec<(usize, Haste)>>>,
        /// Fails on this stretch (counted from 1).
        pub fails_on: Option<usize>,
        /// Takes this long over each stretch.
        pub slow: std::time::Duration,
    }

    impl FakeHearer {
        pub fn new() -> FakeHearer {
            FakeHearer {
                heard: Default::default(),
                fails_on: None,
                slow: std::time::Duration::ZERO,
            }
        }
    }

    impl Hear for FakeHearer {
        fn model(&self) -> &str {
            "fake-model"
        }

        fn hear(&mut self, samples: &[i16], haste: Haste) -> Result<Transcript, String> {
            let mut heard = self.heard.lock().unwrap();
            heard.push((samples.len(), haste));
            let number = heard.len();
            drop(heard);
            std::thread::sleep(self.slow);
            if self.fails_on == Some(number) {
                return Err(format!("stretch {number} could not be heard"));
            }
            let seconds = samples.len() as u64 / u64::from(crate::speech::SAMPLE_RATE);
            let words: Vec<Word> = (0..seconds.max(1))
                .map(|second| Word {
                    text: format!("s{number}w{}", second + 1),
                    start_ms: Some(second * 1000 + 100),
                    // A last word ending past the sound, as the model's sometimes do.
                    end_ms: Some(second * 1000 + 1_400),
                    confidence: Some(0.9),
                })
                .collect();
            let text = words
                .iter()
                .map(|word| word.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            Ok(Transcript {
                model: "fake-model".into(),
                text,
                words,
                extra: Default::default(),
            })
        }
    }

    /// A made answer: `phrases` seconds of a tone whose loudness rises and falls like
    /// syllables, each followed by a second of faint hiss.
    pub fn spoken(phrases: &[u64]) -> Vec<i16> {
        let rate = crate::speech::SAMPLE_RATE as usize;
        let mut samples = Vec::new();
        let mut hiss: u32 = 0x1234_5678;
        for &seconds in phrases {
            samples.extend((0..seconds as usize * rate).map(|n| {
                let t = n as f64 / rate as f64;
                let syllables = 0.5 - 0.5 * (std::f64::consts::TAU * 4.0 * t).cos();
                (syllables * (std::f64::consts::TAU * 220.0 * t).sin() * 12_000.0) as i16
            }));
            samples.extend((0..rate).map(|_| {
                hiss ^= hiss << 13;
                hiss ^= hiss >> 17;
                hiss ^= hiss << 5;
                (hiss % 41) as i16 - 20
            }));
        }
        samples
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{FakeHearer, spoken};
    use super::*;
    use crate::speech::SAMPLE_RATE;

    /// Feeds `samples` in 20 ms blocks, as the recording's writer does, then ends.
    fn hear_all(hearer: FakeHearer, samples: &[i16]) -> Heard {
        let (listening, feed) = Listening::start(Box::new(hearer));
        for block in samples.chunks(SAMPLE_RATE as usize / 50) {
            feed.give(block);
        }
        drop(feed);
        listening.wait()
    }

    fn starts(transcript: &Transcript) -> Vec<(String, u64)> {
        transcript
            .words
            .iter()
            .map(|word| (word.text.clone(), word.start_ms.unwrap()))
            .collect()
    }

    #[test]
    fn each_stretch_is_heard_in_order_and_its_words_are_placed_in_answer_time() {
        // Phrases of 5 s with a second's pause: two make a stretch (0-11.3 s, 12-23.3 s), and
        // the last phrase is the tail, heard once the recording has ended.
        let samples = spoken(&[5, 5, 5, 5, 3]);
        let hearer = FakeHearer::new();
        let given = Arc::clone(&hearer.heard);
        let heard = hear_all(hearer, &samples);
        let transcript = heard.transcript.unwrap();
        assert_eq!(transcript.model, "fake-model");
        let given = given.lock().unwrap().clone();
        assert_eq!(given.len(), 3, "{given:?}");
        assert_eq!(
            given[2].1,
            Haste::Awaited,
            "the tail is heard while waited for"
        );
        let words = starts(&transcript);
        let first = |stretch: usize| {
            words
                .iter()
                .find(|(text, _)| text == &format!("s{stretch}w1"))
                .unwrap()
                .1
        };
        // Each stretch's first word, 100 ms into it, where the stretch begins.
        assert_eq!(first(1), 100);
        assert!((11_800..12_200).contains(&first(2)), "{}", first(2));
        assert!((23_800..24_200).contains(&first(3)), "{}", first(3));
        assert!(
            words.windows(2).all(|pair| pair[0].1 <= pair[1].1),
            "{words:?}"
        );
        // A word's end is kept inside its stretch, so none runs past the recording.
        let total_ms = samples.len() as u64 * 1000 / u64::from(SAMPLE_RATE);
        assert!(
            transcript
                .words
                .iter()
                .all(|w| w.end_ms.unwrap() <= total_ms)
        );
        assert!(
            transcript.text.starts_with("s1w1 s1w2"),
            "{}",
            transcript.text
        );
        assert!(
            heard.hearer.is_some(),
            "the hearer comes back for the next answer"
        );
    }

    #[test]
    fn stretches_are_heard_while_the_answer_goes_on() {
        let samples = spoken(&[5, 5, 5, 5, 5, 5]);
        let hearer = FakeHearer::new();
        let given = Arc::clone(&hearer.heard);
        let (listening, feed) = Listening::start(Box::new(hearer));
        // Two thirds of the answer: its first stretch is heard before it ends.
        feed.give(&samples[..samples.len() * 2 / 3]);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while given.lock().unwrap().is_empty() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert_eq!(given.lock().unwrap()[0].1, Haste::Background);
        assert!(!listening.is_heard(), "not done before the recording ends");
        feed.give(&samples[samples.len() * 2 / 3..]);
        drop(feed);
        let transcript = listening.wait().transcript.unwrap();
        assert_eq!(given.lock().unwrap().len(), 3);
        assert_eq!(transcript.words.len(), 11 + 11 + 11, "{}", transcript.text);
    }

    #[test]
    fn a_failing_hearer_fails_the_transcript_and_is_given_back() {
        let mut hearer = FakeHearer::new();
        hearer.fails_on = Some(2);
        let heard = hear_all(hearer, &spoken(&[5, 5, 5, 5, 5, 5]));
        assert_eq!(
            heard.transcript.unwrap_err(),
            "stretch 2 could not be heard"
        );
        assert!(heard.hearer.is_some());
    }

    #[test]
    fn a_silent_recording_is_an_empty_transcript_without_troubling_the_model() {
        let hearer = FakeHearer::new();
        let given = Arc::clone(&hearer.heard);
        let silence = vec![0i16; 10 * SAMPLE_RATE as usize];
        let transcript = hear_all(hearer, &silence).transcript.unwrap();
        assert!(given.lock().unwrap().is_empty());
        assert!(transcript.words.is_empty() && transcript.text.is_empty());
        assert_eq!(transcript.model, "fake-model");
    }

    #[test]
    fn dropped_unwaited_it_stops_after_the_stretch_in_hand() {
        let mut hearer = FakeHearer::new();
        hearer.slow = std::time::Duration::from_millis(200);
        let given = Arc::clone(&hearer.heard);
        let (listening, feed) = Listening::start(Box::new(hearer));
        feed.give(&spoken(&[5, 5, 5, 5, 5, 5, 5, 5]));
        drop(feed);
        while given.lock().unwrap().is_empty() {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        drop(listening);
        std::thread::sleep(std::time::Duration::from_millis(500));
        assert_eq!(given.lock().unwrap().len(), 1, "no stretch after the first");
    }
}
