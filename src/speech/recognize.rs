//! Speech recognition: a recording heard by a Whisper model (whisper.cpp through `whisper-rs`)
//! and written down as a [`Transcript`], word by word with times and confidence.
//!
//! A thin adapter: what is computed from a transcript (fillers, pace, parts) lives elsewhere
//! and is pure. Everything but [`unavailable`] is behind the `transcribe` feature.

/// What to tell a person who asks to transcribe with a build that cannot: how to get one that
/// can.
pub fn unavailable() -> &'static str {
    concat!(
        "transcription needs the `transcribe` feature: ",
        "cargo install --path . --features transcribe (needs cmake and a C++ compiler)"
    )
}

#[cfg(feature = "transcribe")]
pub use whisper::{Hearer, Recognizer};

#[cfg(feature = "transcribe")]
mod whisper {
    use std::path::Path;
    use std::sync::mpsc;
    use std::time::Duration;

    use whisper_rs::{
        FullParams, SamplingStrategy, WhisperContext, WhisperContextParameters, WhisperState,
    };

    use crate::speech::background::{Haste, Hear};
    use crate::speech::transcript::{Transcript, Word};
    use crate::speech::wav::Pcm16k;

    /// Words said the way people say them in an answer. Whisper writes what a clean
    /// transcript would hold and drops "um" and "uh" unless the text before the audio has
    /// them; this prompt shows it a speaker who hesitates, so the fillers the speech report
    /// counts are kept.
    const INITIAL_PROMPT: &str = "Um, so, uh, I was, like, leading the team, and, you know, \
                                  we had, um, a deadline that, uh, kept moving.";

    /// How often the waiting thread looks whether the recogniser's thread has ended without
    /// saying so (a panic in it), so a failure there can never leave the caller waiting.
    const POLL: Duration = Duration::from_millis(100);

    /// A loaded Whisper model, ready to transcribe any number of recordings.
    pub struct Recognizer {
        context: WhisperContext,
        model: String,
    }

    impl std::fmt::Debug for Recognizer {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "Recognizer({})", self.model)
        }
    }

    /// What the recogniser's thread tells the caller's.
    enum Heard {
        Progress(u8),
        Done(Result<Transcript, String>),
    }

    impl Recognizer {
        /// Loads the ggml model at `path` (whisper.cpp's format, e.g. `ggml-base.en.bin`).
        /// The model's name (`ggml-base.en`) is read from the file's header.
        pub fn load(path: &Path) -> Result<Recognizer, String> {
            // whisper.cpp writes its load log and timings to stderr; with no logging
            // backend enabled these hooks drop them, so the terminal only shows our lines.
            whisper_rs::install_logging_hooks();
            let shown = path.display();
            let text_path = path
                .to_str()
                .ok_or_else(|| format!("{shown}: the model's path is not UTF-8"))?;
            if !path.is_file() {
                return Err(format!("{shown}: no model file there"));
            }
            let context =
                WhisperContext::new_with_params(text_path, WhisperContextParameters::default())
                    .map_err(|error| format!("{shown}: not a model whisper.cpp loads ({error})"))?;
            let model = crate::speech::model::name_of(path);
            Ok(Recognizer { context, model })
        }

        /// The model's name, as transcripts record it.
        pub fn model(&self) -> &str {
            &self.model
        }

        /// Hears `audio` (English, greedy decoding, one thread a core) and writes it down.
        /// `progress` is told how far it is, 0 to 100, on the caller's thread.
        pub fn transcribe(
            &self,
            audio: &Pcm16k,
            progress: &mut dyn FnMut(u8),
        ) -> Result<Transcript, String> {
            let samples = to_float(audio.samples())?;
            let mut state = self
                .context
                .create_state()
                .map_err(|error| format!("cannot start the model: {error}"))?;
            let (tell, told) = mpsc::channel();
            let mut params = params(every_core());
            let progress_tell = tell.clone();
            // whisper-rs needs a 'static callback, so it cannot call `progress` itself: it
            // sends, and the caller's thread (which owns `progress`) receives.
            params.set_progress_callback_safe(move |percent: i32| {
                let _ = progress_tell.send(Heard::Progress(percent.clamp(0, 100) as u8));
            });
            let model = self.model.clone();
            let end_of_text = self.context.token_eot();
            std::thread::scope(|scope| {
                let worker = scope.spawn(move || {
                    let heard = run(&mut state, params, &samples, &model, end_of_text);
                    let _ = tell.send(Heard::Done(heard));
                });
                loop {
                    match told.recv_timeout(POLL) {
                        Ok(Heard::Progress(percent)) => progress(percent),
                        Ok(Heard::Done(heard)) => {
                            progress(100);
                            return heard;
                        }
                        Err(mpsc::RecvTimeoutError::Timeout) if !worker.is_finished() => {}
                        Err(_) => return Err("the recogniser stopped without a result".into()),
                    }
                }
            })
        }

        /// A hearer of stretches of one answer after another, with one state of the model
        /// kept for all of them (a state holds some tens of megabytes of buffers).
        pub fn hearer(&self) -> Result<Hearer, String> {
            let state = self
                .context
                .create_state()
                .map_err(|error| format!("cannot start the model: {error}"))?;
            Ok(Hearer {
                state,
                model: self.model.clone(),
                end_of_text: self.context.token_eot(),
            })
        }
    }

    /// Hears the stretches of an answer while it is given (see `speech::background`).
    pub struct Hearer {
        state: WhisperState,
        model: String,
        end_of_text: i32,
    }

    impl Hear for Hearer {
        fn model(&self) -> &str {
            &self.model
        }

        fn hear(&mut self, samples: &[i16], haste: Haste) -> Result<Transcript, String> {
            let threads = match haste {
                // One core left to the timer, the terminal and the recording. whisper.cpp's
                // workers spin while they wait for each other, so two of them on two busy
                // cores slow down far more than their share; one alone never waits.
                Haste::Background => every_core().saturating_sub(1).max(1),
                Haste::Awaited => every_core(),
            };
            let samples = to_float(samples)?;
            run(
                &mut self.state,
                params(threads),
                &samples,
                &self.model,
                self.end_of_text,
            )
        }
    }

    fn every_core() -> usize {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    }

    /// Samples as the model takes them.
    fn to_float(samples: &[i16]) -> Result<Vec<f32>, String> {
        let mut floats = vec![0.0f32; samples.len()];
        whisper_rs::convert_integer_to_float_audio(samples, &mut floats)
            .map_err(|error| format!("cannot convert the audio: {error}"))?;
        Ok(floats)
    }

    /// Hears `samples` with `state` and writes down what was heard.
    fn run(
        state: &mut WhisperState,
        params: FullParams,
        samples: &[f32],
        model: &str,
        end_of_text: i32,
    ) -> Result<Transcript, String> {
        state
            .full(params, samples)
            .map_err(|error| format!("the model failed: {error}"))?;
        read_transcript(state, model, end_of_text)
    }

    /// The decoding settings every transcription uses, on `threads` threads.
    fn params(threads: usize) -> FullParams<'static, 'static> {
        // Greedy: on the 2-core machine it was measured on, beam search (5) took 1.7 times
        // as long for the same words.
        let mut params = FullParams::new(SamplingStrategy::Greedy { best_of: 1 });
        params.set_n_threads(i32::try_from(threads).unwrap_or(1));
        params.set_language(Some("en"));
        params.set_translate(false);
        params.set_print_special(false);
        params.set_print_progress(false);
        params.set_print_realtime(false);
        params.set_print_timestamps(false);
        params.set_token_timestamps(true);
        params.set_initial_prompt(INITIAL_PROMPT);
        params
    }

    /// One piece of a word as the model gave it.
    struct Piece {
        bytes: Vec<u8>,
        start_ms: u64,
        end_ms: u64,
        probability: f32,
    }

    /// The transcript of a finished run.
    fn read_transcript(
        state: &WhisperState,
        model: &str,
        end_of_text: i32,
    ) -> Result<Transcript, String> {
        let mut pieces = Vec::new();
        let mut text = String::new();
        for segment in state.as_iter() {
            let said = segment
                .to_str_lossy()
                .map_err(|error| format!("cannot read what was heard: {error}"))?;
            text.push_str(&said);
            let segment_start = centiseconds_to_ms(segment.start_timestamp());
            let segment_end = centiseconds_to_ms(segment.end_timestamp());
            for index in 0..segment.n_tokens() {
                let Some(token) = segment.get_token(index) else {
                    continue;
                };
                let data = token.token_data();
                // Ids from end-of-text up are markers (timestamps, language, task).
                if data.id >= end_of_text {
                    continue;
                }
                let Ok(bytes) = token.to_bytes() else {
                    continue;
                };
                // A token's times are missing (-1) when whisper.cpp could not place it.
                let start_ms = if data.t0 < 0 {
                    segment_start
                } else {
                    centiseconds_to_ms(data.t0)
                };
                let end_ms = if data.t1 < 0 {
                    segment_end
                } else {
                    centiseconds_to_ms(data.t1)
                };
                pieces.push(Piece {
                    bytes: bytes.to_vec(),
                    start_ms,
                    end_ms,
                    probability: data.p,
                });
            }
        }
        Ok(Transcript {
            model: model.to_string(),
            text: text.split_whitespace().collect::<Vec<_>>().join(" "),
            words: join_pieces(pieces),
            extra: Default::default(),
        })
    }

    /// Whisper's tokens are pieces of words, and a piece that starts with a space starts a
    /// new word. The pieces are joined as bytes, since one letter can be split across two.
    /// A word lasts from its first piece's start to its last's end, and is as sure as its
    /// pieces on average.
    fn join_pieces(pieces: Vec<Piece>) -> Vec<Word> {
        let mut words: Vec<Word> = Vec::new();
        let mut current: Vec<Piece> = Vec::new();
        let finish = |current: &mut Vec<Piece>, words: &mut Vec<Word>| {
            if let Some(word) = word_of(current, words.last()) {
                words.push(word);
            }
            current.clear();
        };
        for piece in pieces {
            if piece.bytes.first() == Some(&b' ') {
                finish(&mut current, &mut words);
            }
            current.push(piece);
        }
        finish(&mut current, &mut words);
        words
    }

    /// The word `pieces` make, after `previous`; none when they are only white space.
    fn word_of(pieces: &[Piece], previous: Option<&Word>) -> Option<Word> {
        let bytes: Vec<u8> = pieces
            .iter()
            .flat_map(|p| p.bytes.iter().copied())
            .collect();
        let text = String::from_utf8_lossy(&bytes).trim().to_string();
        if text.is_empty() {
            return None;
        }
        // Token times are estimates and can step back a little where segments meet; the
        // measures over a transcript expect words in time order.
        let floor = previous.and_then(|word| word.start_ms).unwrap_or(0);
        let start_ms = pieces.first()?.start_ms.max(floor);
        let end_ms = pieces.iter().map(|p| p.end_ms).max()?.max(start_ms);
        let confidence = pieces.iter().map(|p| p.probability).sum::<f32>() / pieces.len() as f32;
        Some(Word {
            text,
            start_ms: Some(start_ms),
            end_ms: Some(end_ms),
            confidence: Some(confidence.clamp(0.0, 1.0)),
        })
    }

    fn centiseconds_to_ms(centiseconds: i64) -> u64 {
        u64::try_from(centiseconds).unwrap_or(0) * 10
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn piece(text: &str, start_ms: u64, end_ms: u64, probability: f32) -> Piece {
            Piece {
                bytes: text.as_bytes().to_vec(),
                start_ms,
                end_ms,
                probability,
            }
        }

        #[test]
        fn pieces_join_into_words_at_spaces_with_their_times_and_mean_confidence() {
            let words = join_pieces(vec![
                piece(" Um", 0, 300, 0.9),
                piece(",", 300, 320, 0.7),
                piece(" migr", 500, 700, 1.0),
                piece("ation", 700, 900, 0.5),
                piece(".", 900, 910, 0.9),
            ]);
            let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
            assert_eq!(texts, ["Um,", "migration."]);
            assert_eq!((words[1].start_ms, words[1].end_ms), (Some(500), Some(910)));
            let confidence = words[1].confidence.unwrap();
            assert!((confidence - 0.8).abs() < 1e-6, "{confidence}");
        }

        #[test]
        fn a_letter_split_across_pieces_is_whole_again_and_times_never_step_back() {
            let e_acute = "é".as_bytes();
            let words = join_pieces(vec![
                piece(" caf", 1000, 1200, 1.0),
                Piece {
                    bytes: vec![e_acute[0]],
                    start_ms: 1200,
                    end_ms: 1250,
                    probability: 1.0,
                },
                Piece {
                    bytes: vec![e_acute[1]],
                    start_ms: 1250,
                    end_ms: 1300,
                    probability: 1.0,
                },
                piece(" next", 900, 800, 1.0),
            ]);
            assert_eq!(words[0].text, "café");
            assert_eq!(
                (words[1].start_ms, words[1].end_ms),
                (Some(1000), Some(1000))
            );
        }
    }
}
