//! Hearing a recording back: the [`Playback`] trait over a recording's 16 kHz mono samples,
//! [`open_player`] that picks the way to play, and, behind the `record` feature, the sound
//! card itself through `cpal`. The external programs are in `players`.

use std::ffi::OsStr;
use std::io;
use std::sync::Arc;
use std::time::Instant;

use super::players::{ExternalPlayer, find_player, no_player};

#[cfg(feature = "record")]
pub use sound_card::SoundCard;

/// Where a player's time comes from: the wall clock in use, a fake one in tests, so a
/// position after "half a second" is exact.
pub type Now = Box<dyn Fn() -> Instant + Send>;

/// The real monotonic clock.
pub fn wall_clock() -> Now {
    Box::new(Instant::now)
}

/// What a player is doing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlayState {
    /// Not playing: paused, stopped, or not yet started. The position says where.
    Idle,
    Playing,
    /// Played to the end.
    Finished,
    /// The sound stopped by itself, and why (a program that exited with an error, a sound
    /// card that went away). Playing again tries again.
    Failed(String),
}

/// Plays one recording (16 kHz mono samples), from any sample, with pause and resume.
/// Positions are in samples of the recording, whatever rate the sound goes out at. `Send`
/// so a player can be handed to the thread that runs the review.
pub trait Playback: Send {
    /// Samples in the recording.
    fn len(&self) -> usize;

    /// Whether the recording has no samples at all.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Plays from `sample` (the end, if past it), cutting off whatever was playing.
    fn play_from(&mut self, sample: usize) -> io::Result<()>;

    /// Stops the sound and keeps the position, for [`Playback::resume`].
    fn pause(&mut self);

    /// Plays on from where the sound was paused (or failed).
    fn resume(&mut self) -> io::Result<()> {
        let at = self.position();
        self.play_from(at)
    }

    /// Stops the sound, lets go of the device or program, and goes back to the start.
    fn stop(&mut self);

    /// The sample being heard now, at most [`Playback::len`]. Takes `&mut self` because a
    /// player may have to look at its program or device to know.
    fn position(&mut self) -> usize;

    /// What the player is doing now.
    fn state(&mut self) -> PlayState;

    /// Whether the recording has played to its end.
    fn is_finished(&mut self) -> bool {
        self.state() == PlayState::Finished
    }

    /// What plays the sound, for a person: "aplay", or "the sound card (…)".
    fn describe(&self) -> String;
}

/// The best way to play `samples` here: the sound card when the build has the `record`
/// feature and a device opens, else the first sound program on `PATH`, else the line saying
/// what to install.
pub fn open_player(samples: Arc<[i16]>) -> Result<Box<dyn Playback>, String> {
    let path = std::env::var_os("PATH");
    open_player_on(samples, path.as_deref(), cfg!(feature = "record"))
}

/// [`open_player`] with the `PATH` to search given, and the sound card tried only when
/// `try_sound_card` (and the build has it), so tests choose what is there.
pub fn open_player_on(
    samples: Arc<[i16]>,
    path: Option<&OsStr>,
    try_sound_card: bool,
) -> Result<Box<dyn Playback>, String> {
    #[cfg(feature = "record")]
    let sound_card = match try_sound_card.then(|| SoundCard::open(Arc::clone(&samples))) {
        Some(Ok(card)) => return Ok(Box::new(card)),
        Some(Err(reason)) => Some(reason),
        None => None,
    };
    #[cfg(not(feature = "record"))]
    let sound_card: Option<String> = {
        // This build has no sound card to try.
        let _ = try_sound_card;
        None
    };
    match find_player(path) {
        Some(found) => Ok(Box::new(ExternalPlayer::new(found, samples, wall_clock()))),
        None => Err(no_player(sound_card.as_deref())),
    }
}

#[cfg(feature = "record")]
mod sound_card {
    use std::io;
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    use std::sync::{Arc, Mutex};

    use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
    use cpal::{FromSample, Sample, SampleFormat, SizedSample};

    use super::{PlayState, Playback};
    use crate::speech::capture::{Chosen, QuietAlsa, choose_config, one_line};

    /// Output rates in the order they are preferred: the recording's own first, so nothing
    /// is interpolated, then what devices run at natively.
    const PLAYBACK_RATES: [u32; 3] = [crate::speech::SAMPLE_RATE, 48_000, 44_100];

    /// Steps through a recording at another rate, drawing each output sample by straight-line
    /// interpolation between the two recorded samples around it: plain, but for speech played
    /// back for review it is enough, and it costs two reads and a multiply a sample.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    struct Cursor {
        /// The position in recorded samples, in 32.32 fixed point: the rounding of a step
        /// adds up to under a tenth of a sample over an hour.
        at: u64,
        step: u64,
    }

    /// One recorded sample in the cursor's fixed point.
    const WHOLE: u64 = 1 << 32;

    impl Cursor {
        /// A cursor at `sample` stepping from the recording's rate to `output_rate`.
        fn new(sample: usize, output_rate: u32) -> Cursor {
            Cursor {
                at: sample as u64 * WHOLE,
                step: (u64::from(crate::speech::SAMPLE_RATE) * WHOLE)
                    / u64::from(output_rate.max(1)),
            }
        }

        /// The recorded sample the cursor is in.
        fn sample(&self) -> usize {
            (self.at / WHOLE) as usize
        }

        /// The next output sample in -1.0..1.0, or `None` past the end.
        fn next(&mut self, samples: &[i16]) -> Option<f32> {
            let index = self.sample();
            let here = f32::from(*samples.get(index)?);
            let next = samples.get(index + 1).map_or(here, |s| f32::from(*s));
            let fraction = (self.at % WHOLE) as f32 / WHOLE as f32;
            self.at += self.step;
            Some((here + (next - here) * fraction) / 32_768.0)
        }
    }

    /// The default output device playing a recording.
    ///
    /// The stream is opened once and runs until [`Playback::stop`]; while paused its
    /// callback writes silence, so resuming is immediate.
    pub struct SoundCard {
        device: cpal::Device,
        chosen: Chosen,
        name: String,
        samples: Arc<[i16]>,
        shared: Arc<Shared>,
        stream: Option<cpal::Stream>,
    }

    /// What the owner and the callback share, all atomic but the rare error.
    struct Shared {
        /// The cursor's position (see `Cursor::at`); the owner moves it to seek, the
        /// callback to advance.
        at: AtomicU64,
        playing: AtomicBool,
        finished: AtomicBool,
        error: Mutex<Option<String>>,
    }

    impl SoundCard {
        /// Opens the default output device for `samples`, or says why it cannot.
        pub fn open(samples: Arc<[i16]>) -> Result<SoundCard, String> {
            let _quiet = QuietAlsa::new();
            let device = cpal::default_host()
                .default_output_device()
                .ok_or_else(|| "no sound card found".to_owned())?;
            let ranges: Vec<_> = device
                .supported_output_configs()
                .map_err(|error| one_line(&error.to_string()))?
                .collect();
            let chosen = choose_config(&ranges, &PLAYBACK_RATES)
                .ok_or_else(|| "it offers no sample format rehearse can write".to_owned())?;
            let name = device
                .description()
                .map(|description| description.name().to_owned())
                .unwrap_or_else(|_| "default output".to_owned());
            let mut card = SoundCard {
                device,
                chosen,
                name,
                samples,
                shared: Arc::new(Shared {
                    at: AtomicU64::new(0),
                    playing: AtomicBool::new(false),
                    finished: AtomicBool::new(false),
                    error: Mutex::new(None),
                }),
                stream: None,
            };
            card.ensure_stream()
                .map_err(|error| format!("the sound card would not start: {error}"))?;
            Ok(card)
        }

        /// Frames a second the device plays at.
        pub fn rate(&self) -> u32 {
            self.chosen.config.sample_rate
        }

        /// The sample format the device takes.
        pub fn sample_format(&self) -> SampleFormat {
            self.chosen.sample_format
        }

        fn ensure_stream(&mut self) -> io::Result<()> {
            if self.stream.is_some() {
                return Ok(());
            }
            let _quiet = QuietAlsa::new();
            let stream = match self.chosen.sample_format {
                SampleFormat::F32 => self.build::<f32>(),
                SampleFormat::I16 => self.build::<i16>(),
                SampleFormat::I32 => self.build::<i32>(),
                SampleFormat::U16 => self.build::<u16>(),
                SampleFormat::I8 => self.build::<i8>(),
                other => return Err(io::Error::other(format!("cannot write {other}"))),
            }
            .map_err(|error| io::Error::other(one_line(&error.to_string())))?;
            stream
                .play()
                .map_err(|error| io::Error::other(one_line(&error.to_string())))?;
            self.stream = Some(stream);
            Ok(())
        }

        fn build<T>(&self) -> Result<cpal::Stream, cpal::Error>
        where
            T: SizedSample + FromSample<f32>,
        {
            let shared = Arc::clone(&self.shared);
            let errors = Arc::clone(&self.shared);
            let samples = Arc::clone(&self.samples);
            let channels = usize::from(self.chosen.config.channels.max(1));
            let rate = self.chosen.config.sample_rate;
            self.device.build_output_stream::<T, _, _>(
                self.chosen.config,
                move |out: &mut [T], _: &cpal::OutputCallbackInfo| {
                    shared.fill(out, &samples, channels, rate)
                },
                move |error| errors.note_error(&error),
                None,
            )
        }
    }

    impl Shared {
        /// The output callback: the next frames of the recording on every channel, or
        /// silence. It never waits; a seek made meanwhile wins over its own advance.
        fn fill<T>(&self, out: &mut [T], samples: &[i16], channels: usize, rate: u32)
        where
            T: Sample + FromSample<f32>,
        {
            if !self.playing.load(Ordering::Acquire) {
                out.fill(T::EQUILIBRIUM);
                return;
            }
            let start = self.at.load(Ordering::Acquire);
            let mut cursor = Cursor {
                at: start,
                ..Cursor::new(0, rate)
            };
            let mut ended = false;
            for frame in out.chunks_exact_mut(channels) {
                let value = match cursor.next(samples) {
                    Some(value) => T::from_sample(value),
                    None => {
                        ended = true;
                        T::EQUILIBRIUM
                    }
                };
                frame.fill(value);
            }
            let end = cursor.at.min(samples.len() as u64 * WHOLE);
            let kept = self
                .at
                .compare_exchange(start, end, Ordering::AcqRel, Ordering::Acquire)
                .is_ok();
            if kept && ended {
                self.playing.store(false, Ordering::Release);
                self.finished.store(true, Ordering::Release);
            }
        }

        fn note_error(&self, error: &cpal::Error) {
            // An underrun is a click, not a reason to stop.
            if error.kind() == cpal::ErrorKind::Xrun {
                return;
            }
            if let Ok(mut first) = self.error.try_lock() {
                first.get_or_insert_with(|| one_line(&error.to_string()));
            }
        }
    }

    impl Playback for SoundCard {
        fn len(&self) -> usize {
            self.samples.len()
        }

        fn play_from(&mut self, sample: usize) -> io::Result<()> {
            self.ensure_stream()?;
            if let Ok(mut error) = self.shared.error.lock() {
                *error = None;
            }
            let from = sample.min(self.samples.len());
            self.shared.playing.store(false, Ordering::Release);
            self.shared.at.store(from as u64 * WHOLE, Ordering::Release);
            let at_end = from == self.samples.len();
            self.shared.finished.store(at_end, Ordering::Release);
            self.shared.playing.store(!at_end, Ordering::Release);
            Ok(())
        }

        fn pause(&mut self) {
            self.shared.playing.store(false, Ordering::Release);
        }

        fn stop(&mut self) {
            self.shared.playing.store(false, Ordering::Release);
            self.stream = None;
            self.shared.at.store(0, Ordering::Release);
            self.shared.finished.store(false, Ordering::Release);
        }

        fn position(&mut self) -> usize {
            let at = self.shared.at.load(Ordering::Acquire) / WHOLE;
            (at as usize).min(self.samples.len())
        }

        fn state(&mut self) -> PlayState {
            let error = self
                .shared
                .error
                .lock()
                .ok()
                .and_then(|error| error.clone());
            if let Some(error) = error {
                return PlayState::Failed(format!("the sound card stopped: {error}"));
            }
            if self.shared.finished.load(Ordering::Acquire) {
                PlayState::Finished
            } else if self.shared.playing.load(Ordering::Acquire) {
                PlayState::Playing
            } else {
                PlayState::Idle
            }
        }

        fn describe(&self) -> String {
            format!("the sound card ({})", self.name)
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn run(cursor: &mut Cursor, samples: &[i16], count: usize) -> Vec<f32> {
            (0..count).filter_map(|_| cursor.next(samples)).collect()
        }

        #[test]
        fn at_the_recordings_own_rate_every_sample_comes_out_once() {
            let samples = [0, 16_384, -32_768, 8_192];
            let mut cursor = Cursor::new(1, 16_000);
            assert_eq!(run(&mut cursor, &samples, 10), [0.5, -1.0, 0.25]);
            assert_eq!(cursor.next(&samples), None);
        }

        #[test]
        fn at_48_khz_each_sample_is_followed_by_two_points_on_the_line_to_the_next() {
            let samples = [0, 3_072, 0];
            let mut cursor = Cursor::new(0, 48_000);
            let out = run(&mut cursor, &samples, 9);
            let expected = [
                0.0, 1_024.0, 2_048.0, 3_072.0, 2_048.0, 1_024.0, 0.0, 0.0, 0.0,
            ];
            assert_eq!(out.len(), expected.len());
            for (got, want) in out.iter().zip(expected) {
                // A third is not exact in binary fixed point: within a hundredth of a step.
                assert!((got * 32_768.0 - want).abs() < 0.5, "{got} vs {want}");
            }
        }

        #[test]
        fn at_44_1_khz_a_second_of_output_covers_a_second_of_recording() {
            let samples = vec![0i16; 16_000];
            let mut cursor = Cursor::new(0, 44_100);
            let out = run(&mut cursor, &samples, 44_100);
            assert_eq!(out.len(), 44_100);
            assert!((15_999..=16_000).contains(&cursor.sample()));
        }

        fn shared_at(sample: usize) -> Shared {
            Shared {
                at: AtomicU64::new(sample as u64 * WHOLE),
                playing: AtomicBool::new(true),
                finished: AtomicBool::new(false),
                error: Mutex::new(None),
            }
        }

        #[test]
        fn the_callback_spreads_each_sample_over_every_channel_and_ends_in_silence() {
            let shared = shared_at(1);
            let mut out = [9.0f32; 8];
            shared.fill(&mut out, &[0, 16_384, -16_384], 2, 16_000);
            assert_eq!(out, [0.5, 0.5, -0.5, -0.5, 0.0, 0.0, 0.0, 0.0]);
            assert!(shared.finished.load(Ordering::Acquire));
            assert!(!shared.playing.load(Ordering::Acquire));
            assert_eq!(shared.at.load(Ordering::Acquire), 3 * WHOLE);
        }

        #[test]
        fn a_paused_callback_writes_silence_and_keeps_its_place() {
            let shared = shared_at(1);
            shared.playing.store(false, Ordering::Release);
            let mut out = [7i16; 4];
            shared.fill(&mut out, &[100, 200, 300], 1, 16_000);
            assert_eq!(out, [0; 4]);
            assert_eq!(shared.at.load(Ordering::Acquire), WHOLE);
        }

        #[test]
        fn only_the_first_real_error_is_kept() {
            let shared = shared_at(0);
            shared.note_error(&cpal::Error::new(cpal::ErrorKind::Xrun));
            assert_eq!(*shared.error.lock().unwrap(), None);
            shared.note_error(&cpal::Error::with_message(
                cpal::ErrorKind::DeviceNotAvailable,
                "gone",
            ));
            shared.note_error(&cpal::Error::with_message(cpal::ErrorKind::Other, "later"));
            assert_eq!(shared.error.lock().unwrap().as_deref(), Some("gone"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn with_no_program_and_no_sound_card_the_error_says_what_to_install() {
        let empty = tempfile::tempdir().unwrap();
        let error = open_player_on(
            Arc::from(vec![0i16; 10]),
            Some(empty.path().as_os_str()),
            false,
        )
        .err()
        .unwrap();
        assert_eq!(
            error,
            "no way to play sound here: install alsa-utils (aplay) or build with --features record"
        );
    }

    #[test]
    fn a_program_on_the_path_is_the_player_when_the_sound_card_is_not_tried() {
        let dir = tempfile::tempdir().unwrap();
        let aplay = dir.path().join("aplay");
        std::fs::write(&aplay, "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(&aplay, std::fs::Permissions::from_mode(0o755)).unwrap();
        let player = open_player_on(
            Arc::from(vec![0i16; 10]),
            Some(dir.path().as_os_str()),
            false,
        )
        .unwrap();
        assert_eq!(player.describe(), "aplay");
        assert_eq!(player.len(), 10);
    }
}
