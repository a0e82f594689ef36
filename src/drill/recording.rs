//! Recording the answers of a drill: where a recording comes from ([`Recorders`]: the
//! microphone, behind the `record` feature, or a test's generator), and what a finished one
//! is. The flow asks for one recording a take, lets the timer roll it, and keeps it beside the
//! record once the record is saved.

use std::io;

use super::driver::Tape;
use crate::atomic::GrowingFile;
use crate::speech::background::Feed;

/// An answer being recorded into its growing file: rolling only while the person answers.
pub trait Recording: Tape {
    /// Stops, completes the WAV file (still under its unfinished name) and says how long it is
    /// and anything that went wrong while it was made.
    fn finish(self: Box<Self>) -> io::Result<Finished>;
}

/// A recording once stopped.
#[derive(Debug)]
pub struct Finished {
    pub file: GrowingFile,
    pub ms: u64,
    /// What went wrong while recording that cost some of it (the device went away, samples
    /// came faster than they could be written): said to the person, never an error.
    pub trouble: Option<String>,
}

/// What makes recordings: one a take, each into the file it is given.
pub trait Recorders {
    /// Starts a recording into `file`, not rolling yet; why not, in a line, when it cannot.
    /// With a `feed`, every sample written to the file is handed to it too, and the feed is
    /// dropped once the recording finishes.
    fn start(
        &mut self,
        file: GrowingFile,
        feed: Option<Feed>,
    ) -> Result<Box<dyn Recording>, String>;
}

/// An answer that may be recorded rolls its recording, when it has one.
impl Tape for Option<Box<dyn Recording>> {
    fn roll(&mut self, answering: bool) {
        if let Some(recording) = self {
            recording.roll(answering);
        }
    }
}

#[cfg(feature = "record")]
pub use microphone::MicrophoneRecorders;

/// Recordings from the default microphone: capture hands blocks at the device's rate to a
/// thread of its own, which resamples them to 16 kHz and writes them to the growing WAV,
/// restating its header and syncing it about twice a second, so a crash loses at most that.
#[cfg(feature = "record")]
mod microphone {
    use std::io;
    use std::sync::{Arc, Mutex};

    use super::{Finished, Recorders, Recording, Tape};
    use crate::atomic::GrowingFile;
    use crate::speech::background::Feed;
    use crate::speech::capture::{Capture, Microphone};
    use crate::speech::resample::Resampler;
    use crate::speech::wav::WavSink;
    use crate::speech::{SAMPLE_RATE, wav::samples_to_ms};

    /// How many stored samples go between two restatements of the header and syncs.
    const SYNC_EVERY: u64 = SAMPLE_RATE as u64 / 2;

    /// Opens the default microphone for each take.
    pub struct MicrophoneRecorders;

    impl MicrophoneRecorders {
        /// The recorders, once the microphone has been seen to open; why not, in a line.
        pub fn check() -> Result<MicrophoneRecorders, String> {
            Microphone::open().map_err(|reason| reason.to_string())?;
            Ok(MicrophoneRecorders)
        }
    }

    /// What the capture thread writes into.
    struct Writer {
        resampler: Resampler,
        sink: WavSink<GrowingFile>,
        resampled: Vec<i16>,
        synced_at: u64,
        /// The first write that failed: the rest of the answer is not recorded.
        failed: Option<io::Error>,
        /// Who hears the answer while it is given, handed what is written as it is. On this
        /// thread, not the audio callback's: that one only copies into the ring.
        feed: Option<Feed>,
    }

    impl Writer {
        fn take(&mut self, block: &[f32]) {
            if self.failed.is_some() {
                return;
            }
            self.resampled.clear();
            self.resampler.push(block, &mut self.resampled);
            if let Err(error) = self.write() {
                self.failed = Some(error);
            }
        }

        fn write(&mut self) -> io::Result<()> {
            self.sink.write(&self.resampled)?;
            if let Some(feed) = &self.feed {
                feed.give(&self.resampled);
            }
            if self.sink.samples_written() >= self.synced_at + SYNC_EVERY {
                self.sink.flush()?;
                self.sink.get_ref().sync()?;
                self.synced_at = self.sink.samples_written();
            }
            Ok(())
        }
    }

    struct MicrophoneRecording {
        capture: Capture,
        writer: Arc<Mutex<Writer>>,
        rolling: bool,
    }

    impl Recorders for MicrophoneRecorders {
        fn start(
            &mut self,
            file: GrowingFile,
            feed: Option<Feed>,
        ) -> Result<Box<dyn Recording>, String> {
            let path = file.path().to_path_buf();
            let refuse = |reason: String| {
                // Nothing was recorded: the empty file goes.
                let _ = std::fs::remove_file(&path);
                reason
            };
            let microphone = Microphone::open().map_err(|reason| refuse(reason.to_string()))?;
            let sink = WavSink::new(file).map_err(|error| refuse(error.to_string()))?;
            let writer = Arc::new(Mutex::new(Writer {
                resampler: Resampler::new(microphone.rate()),
                sink,
                resampled: Vec::new(),
                synced_at: 0,
                failed: None,
                feed,
            }));
            let fed = Arc::clone(&writer);
            let capture = microphone
                .start(move |block: &[f32]| {
                    if let Ok(mut writer) = fed.lock() {
                        writer.take(block);
                    }
                })
                .map_err(|reason| refuse(reason.to_string()))?;
            // Nothing is kept until the answer starts.
            capture.pause();
            Ok(Box::new(MicrophoneRecording {
                capture,
                writer,
                rolling: false,
            }))
        }
    }

    impl Tape for MicrophoneRecording {
        fn roll(&mut self, answering: bool) {
            if answering == self.rolling {
                return;
            }
            self.rolling = answering;
            if answering {
                self.capture.resume();
            } else {
                self.capture.pause();
            }
        }
    }

    impl Recording for MicrophoneRecording {
        fn finish(self: Box<Self>) -> io::Result<Finished> {
            let MicrophoneRecording {
                capture, writer, ..
            } = *self;
            let ended = capture.stop();
            let writer = Arc::try_unwrap(writer)
                .map_err(|_| io::Error::other("the capture thread still holds the recording"))?
                .into_inner()
                .map_err(|_| io::Error::other("the capture thread failed"))?;
            let Writer {
                mut resampler,
                mut sink,
                mut resampled,
                failed,
                feed,
                ..
            } = writer;
            let mut trouble = ended.warning();
            if let Some(error) = failed {
                trouble = Some(format!("writing it failed ({error}); it ends there"));
            } else {
                resampled.clear();
                resampler.finish(&mut resampled);
                sink.write(&resampled)?;
                if let Some(feed) = &feed {
                    feed.give(&resampled);
                }
            }
            // The recording has ended: what hears it knows by the feed going.
            drop(feed);
            let ms = samples_to_ms(sink.samples_written(), SAMPLE_RATE);
            let file = sink.finish()?;
            Ok(Finished { file, ms, trouble })
        }
    }
}
