//! Recording from the default microphone through `cpal`.
//!
//! The audio callback runs on the sound system's thread and must never wait: it only mixes
//! each frame down to mono and copies it into a fixed ring buffer. A thread of our own empties
//! the ring and hands the blocks to the caller's sink, so a slow sink (a disk write, a
//! resampler) costs at worst samples dropped for overflow, counted, and never a glitch or a
//! stall in the callback. Nothing here panics or ends the drill when the device misbehaves:
//! stream errors are kept and reported when the capture stops.
//!
//! Everything but [`unavailable`] is behind the `record` feature.

/// What to tell a person who asks to record with a build that cannot: how to get one that can.
pub fn unavailable() -> &'static str {
    concat!(
        "recording needs the `record` feature: ",
        "cargo install --path . --features record (needs libasound2-dev)"
    )
}

#[cfg(feature = "record")]
pub use microphone::{Capture, CaptureCounts, CaptureEnd, Microphone, NoMicrophone};

/// Shared with playback, which chooses an output configuration the same way.
#[cfg(feature = "record")]
pub(crate) use microphone::{Chosen, QuietAlsa, choose_config, one_line};

#[cfg(feature = "record")]
mod microphone {
    use std::fmt;
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    use std::sync::{Arc, Mutex};
    use std::thread::{self, JoinHandle};
    use std::time::Duration;

    use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
    use cpal::{FromSample, Sample, SampleFormat, SizedSample, SupportedStreamConfigRange};

    /// Seconds of audio the ring buffer holds between the callback and the sink's thread: enough
    /// to ride out a slow disk for a moment, small enough (under a megabyte at 48 kHz) not to
    /// matter.
    const RING_SECONDS: u32 = 5;

    /// How long the sink's thread sleeps when the ring is empty. The ring holds far more than
    /// this, so the only cost of a longer wait would be larger blocks handed to the sink.
    const DRAIN_INTERVAL: Duration = Duration::from_millis(20);

    /// Recording rates in the order they are preferred. 48 kHz first because it is what
    /// nearly every device runs at natively, so nothing in between resamples with a filter
    /// worse than ours; 16 kHz next because it is the stored rate and needs no resampling.
    const RECORDING_RATES: [u32; 3] = [48_000, 16_000, 44_100];

    /// Sample formats the callbacks convert, best first: `f32` needs no conversion, `i16` is
    /// the commonest hardware format.
    const READABLE_FORMATS: [SampleFormat; 5] = [
        SampleFormat::F32,
        SampleFormat::I16,
        SampleFormat::I32,
        SampleFormat::U16,
        SampleFormat::I8,
    ];

    /// Why there is no microphone to record from, in words a person can act on.
    #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
    pub enum NoMicrophone {
        /// The system has no input device at all.
        #[error("no microphone found")]
        NotFound,
        /// There is a default input device, but it could not be opened or asked what it offers.
        #[error("the default microphone cannot be opened: {0}")]
        CannotOpen(String),
        /// The device offers only sample formats the capture cannot convert.
        #[error("the default microphone offers no sample format rehearse can read ({0})")]
        NoReadableFormat(String),
        /// The device opened but its stream could not be built or started.
        #[error("the default microphone would not start: {0}")]
        WouldNotStart(String),
    }

    /// The default input device with the stream configuration chosen for it, ready to start.
    pub struct Microphone {
        device: cpal::Device,
        config: cpal::StreamConfig,
        sample_format: SampleFormat,
        name: String,
    }

    impl fmt::Debug for Microphone {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "Microphone({self})")
        }
    }

    impl fmt::Display for Microphone {
        /// For example "Default Audio Device, 48000 Hz, 2 channels, f32".
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            let channels = self.config.channels;
            let plural = if channels == 1 { "" } else { "s" };
            write!(
                f,
                "{}, {} Hz, {channels} channel{plural}, {}",
                self.name, self.config.sample_rate, self.sample_format
            )
        }
    }

    impl Microphone {
        /// Opens the default input device and chooses a configuration it supports: a preferred
        /// rate (48, 16 or 44.1 kHz) before mono, mono before the sample format; otherwise
        /// whatever it offers.
        pub fn open() -> Result<Microphone, NoMicrophone> {
            let _quiet = QuietAlsa::new();
            let host = cpal::default_host();
            let device = host.default_input_device().ok_or(NoMicrophone::NotFound)?;
            let ranges: Vec<SupportedStreamConfigRange> = device
                .supported_input_configs()
                .map_err(|error| opening_failed(&error))?
                .collect();
            if ranges.is_empty() {
                return Err(NoMicrophone::NotFound);
            }
            let chosen = choose_config(&ranges, &RECORDING_RATES).ok_or_else(|| {
                let mut offered: Vec<String> = ranges
                    .iter()
                    .map(|range| range.sample_format().to_string())
                    .collect();
                offered.dedup();
                NoMicrophone::NoReadableFormat(format!("it offers {}", offered.join(", ")))
            })?;
            let name = device
                .description()
                .map(|description| description.name().to_owned())
                .unwrap_or_else(|_| "default microphone".to_owned());
            Ok(Microphone {
                device,
                config: chosen.config,
                sample_format: chosen.sample_format,
                name,
            })
        }

        /// Frames a second: the rate of the mono samples handed to the sink.
        pub fn rate(&self) -> u32 {
            self.config.sample_rate
        }

        /// Channels the device delivers; the sink always gets them mixed down to one.
        pub fn channels(&self) -> u16 {
            self.config.channels
        }

        /// The sample format the device delivers, before conversion to `f32`.
        pub fn sample_format(&self) -> SampleFormat {
            self.sample_format
        }

        /// Starts recording. `sink` is called on a thread of its own with consecutive blocks of
        /// mono samples at [`Microphone::rate`], in the range -1.0..=1.0; it may take its time,
        /// since the device's callback only copies into a ring buffer.
        pub fn start(
            self,
            sink: impl FnMut(&[f32]) + Send + 'static,
        ) -> Result<Capture, NoMicrophone> {
            let _quiet = QuietAlsa::new();
            let ring_frames = (self.config.sample_rate * RING_SECONDS) as usize;
            let (producer, consumer) = rtrb::RingBuffer::new(ring_frames);
            let shared = Arc::new(Shared::default());
            let intake = Intake {
                producer,
                channels: usize::from(self.config.channels.max(1)),
                shared: Arc::clone(&shared),
            };
            let stream = match self.sample_format {
                SampleFormat::F32 => self.build::<f32>(intake, &shared),
                SampleFormat::I16 => self.build::<i16>(intake, &shared),
                SampleFormat::I32 => self.build::<i32>(intake, &shared),
                SampleFormat::U16 => self.build::<u16>(intake, &shared),
                SampleFormat::I8 => self.build::<i8>(intake, &shared),
                other => return Err(NoMicrophone::NoReadableFormat(other.to_string())),
            }
            .map_err(|error| NoMicrophone::WouldNotStart(error.to_string()))?;

            let drain_shared = Arc::clone(&shared);
            let drainer = thread::Builder::new()
                .name("rehearse-capture".to_owned())
                .spawn(move || drain(consumer, &drain_shared, sink))
                .map_err(|error| NoMicrophone::WouldNotStart(error.to_string()))?;
            if let Err(error) = stream.play() {
                drop(stream);
                drainer.thread().unpark();
                let _ = drainer.join();
                return Err(NoMicrophone::WouldNotStart(error.to_string()));
            }
            Ok(Capture {
                stream: Some(stream),
                drainer: Some(drainer),
                shared,
            })
        }

        fn build<T>(
            &self,
            mut intake: Intake,
            shared: &Arc<Shared>,
        ) -> Result<cpal::Stream, cpal::Error>
        where
            T: SizedSample,
            f32: FromSample<T>,
        {
            let errors = Arc::clone(shared);
            self.device.build_input_stream::<T, _, _>(
                self.config,
                move |data: &[T], _: &cpal::InputCallbackInfo| intake.take(data),
                move |error| errors.note_error(&error),
                None,
            )
        }
    }

    /// Keeps ALSA from printing its own error lines on this thread while alive. Opening a
    /// device that is not there makes it print half a dozen, which would break a
    /// full-screen view and say less than the one line given instead.
    pub(crate) struct QuietAlsa {
        #[cfg(target_os = "linux")]
        previous: alsa_sys::snd_local_error_handler_t,
    }

    impl QuietAlsa {
        pub(crate) fn new() -> QuietAlsa {
            #[cfg(target_os = "linux")]
            {
                // SAFETY: sets this thread's handler to one that reads none of its arguments.
                let previous =
                    unsafe { alsa_sys::snd_lib_error_set_local(Some(ignore_alsa_error)) };
                QuietAlsa { previous }
            }
            #[cfg(not(target_os = "linux"))]
            QuietAlsa {}
        }
    }

    impl Drop for QuietAlsa {
        fn drop(&mut self) {
            // SAFETY: puts back the handler that was there before.
            #[cfg(target_os = "linux")]
            unsafe {
                alsa_sys::snd_lib_error_set_local(self.previous);
            }
        }
    }

    #[cfg(target_os = "linux")]
    unsafe extern "C" fn ignore_alsa_error(
        _file: *const std::ffi::c_char,
        _line: std::ffi::c_int,
        _function: *const std::ffi::c_char,
        _error: std::ffi::c_int,
        _format: *const std::ffi::c_char,
        _arguments: *mut alsa_sys::__va_list_tag,
    ) {
    }

    /// "cannot be opened" for most failures, but "not found" when ALSA has no card at all, so
    /// the message says what to fix.
    fn opening_failed(error: &cpal::Error) -> NoMicrophone {
        match error.kind() {
            cpal::ErrorKind::DeviceNotAvailable | cpal::ErrorKind::HostUnavailable => {
                NoMicrophone::NotFound
            }
            _ => NoMicrophone::CannotOpen(one_line(&error.to_string())),
        }
    }

    /// Backend messages sometimes run over several lines; a reason is shown on one.
    pub(crate) fn one_line(text: &str) -> String {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The configuration chosen from what a device offers.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub(crate) struct Chosen {
        pub(crate) config: cpal::StreamConfig,
        pub(crate) sample_format: SampleFormat,
    }

    /// The best of `ranges` for speech, or `None` when none has a readable format.
    ///
    /// A rate in `preferred` matters most (a poor rate costs quality or a resampling step),
    /// then mono (mixing down or spreading out ourselves is cheap, but there is no need to),
    /// then the format.
    pub(crate) fn choose_config(
        ranges: &[SupportedStreamConfigRange],
        preferred: &[u32],
    ) -> Option<Chosen> {
        ranges
            .iter()
            .filter_map(|range| {
                let format_rank = READABLE_FORMATS
                    .iter()
                    .position(|format| *format == range.sample_format())?;
                let (rate, rate_rank) = pick_rate(range, preferred);
                let mono_rank = usize::from(range.channels() != 1);
                let chosen = Chosen {
                    config: cpal::StreamConfig {
                        channels: range.channels(),
                        sample_rate: rate,
                        buffer_size: cpal::BufferSize::Default,
                    },
                    sample_format: range.sample_format(),
                };
                Some((
                    (rate_rank, mono_rank, range.channels(), format_rank),
                    chosen,
                ))
            })
            .min_by_key(|(rank, _)| *rank)
            .map(|(_, chosen)| chosen)
    }

    /// The rate to use from `range` and how good it is (lower is better): the first of
    /// `preferred` it contains, else the rate in it nearest the first preferred.
    fn pick_rate(range: &SupportedStreamConfigRange, preferred: &[u32]) -> (u32, usize) {
        match preferred.iter().position(|rate| range.contains_rate(*rate)) {
            Some(rank) => (preferred[rank], rank),
            None => {
                let first = preferred.first().copied().unwrap_or(48_000);
                let nearest = first.clamp(range.min_sample_rate(), range.max_sample_rate());
                (nearest, preferred.len())
            }
        }
    }

    /// What the callback, the sink's thread and the owner share: flags and counters only, all
    /// atomic, so the callback never takes a lock on the way through.
    #[derive(Default)]
    struct Shared {
        paused: AtomicBool,
        delivered: AtomicU64,
        skipped_while_paused: AtomicU64,
        dropped_for_overflow: AtomicU64,
        overruns: AtomicU64,
        /// The first error other than an overrun; rare, so a lock is fine here.
        first_error: Mutex<Option<String>>,
        sink_panicked: AtomicBool,
    }

    impl Shared {
        fn note_error(&self, error: &cpal::Error) {
            if error.kind() == cpal::ErrorKind::Xrun {
                // The device overran its own buffer: samples were lost before we saw them. Not
                // an error worth ending anything for, but worth counting, unless the capture
                // is paused: then nothing was to be kept (a process stopped by Ctrl-Z makes the
                // device overrun while it is away), and saying so would be a false alarm.
                if !self.paused.load(Ordering::Acquire) {
                    self.overruns.fetch_add(1, Ordering::Relaxed);
                }
                return;
            }
            // try_lock: the error callback runs on the audio thread too, and the first error is
            // the one worth keeping, so a contended lock loses nothing that matters.
            if let Ok(mut first) = self.first_error.try_lock() {
                first.get_or_insert_with(|| one_line(&error.to_string()));
            }
        }

        fn counts(&self) -> CaptureCounts {
            CaptureCounts {
                delivered: self.delivered.load(Ordering::Acquire),
                skipped_while_paused: self.skipped_while_paused.load(Ordering::Acquire),
                dropped_for_overflow: self.dropped_for_overflow.load(Ordering::Acquire),
            }
        }
    }

    /// The callback's end of the ring: mixes each frame to mono and copies it in.
    struct Intake {
        producer: rtrb::Producer<f32>,
        channels: usize,
        shared: Arc<Shared>,
    }

    impl Intake {
        /// Takes one callback's interleaved samples. Never blocks and never allocates: while
        /// paused the frames are only counted, and what does not fit in the ring is counted as
        /// dropped.
        fn take<T>(&mut self, interleaved: &[T])
        where
            T: Sample,
            f32: FromSample<T>,
        {
            let frames = interleaved.len() / self.channels;
            if self.shared.paused.load(Ordering::Acquire) {
                self.shared
                    .skipped_while_paused
                    .fetch_add(frames as u64, Ordering::Release);
                return;
            }
            let kept = frames.min(self.producer.slots());
            if let Ok(chunk) = self.producer.write_chunk_uninit(kept) {
                let channels = self.channels;
                let scale = 1.0 / channels as f32;
                let mono = interleaved.chunks_exact(channels).map(|frame| {
                    if channels == 1 {
                        f32::from_sample(frame[0])
                    } else {
                        frame.iter().map(|s| f32::from_sample(*s)).sum::<f32>() * scale
                    }
                });
                chunk.fill_from_iter(mono);
            }
            if kept < frames {
                self.shared
                    .dropped_for_overflow
                    .fetch_add((frames - kept) as u64, Ordering::Release);
            }
        }
    }

    /// The sink's thread: empties the ring into `sink` until the callback's end is gone (the
    /// stream was dropped) and nothing is left.
    fn drain(mut consumer: rtrb::Consumer<f32>, shared: &Shared, mut sink: impl FnMut(&[f32])) {
        loop {
            let available = consumer.slots();
            if available == 0 {
                if consumer.is_abandoned() {
                    // The producer is dropped only after its last write, so a final look
                    // finds anything written between the two checks.
                    if consumer.slots() == 0 {
                        return;
                    }
                    continue;
                }
                thread::park_timeout(DRAIN_INTERVAL);
                continue;
            }
            let Ok(chunk) = consumer.read_chunk(available) else {
                continue;
            };
            let (first, second) = chunk.as_slices();
            if !first.is_empty() {
                sink(first);
            }
            if !second.is_empty() {
                sink(second);
            }
            chunk.commit_all();
            shared
                .delivered
                .fetch_add(available as u64, Ordering::Release);
        }
    }

    /// Samples counted so far by a running or stopped capture, all at the device's rate.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct CaptureCounts {
        /// Mono samples handed to the sink.
        pub delivered: u64,
        /// Frames the device gave while paused, left out on purpose.
        pub skipped_while_paused: u64,
        /// Frames lost because the sink fell more than the ring's length behind.
        pub dropped_for_overflow: u64,
    }

    /// How a capture ended: what it delivered and anything that went wrong on the way.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct CaptureEnd {
        /// The samples counted over the whole capture.
        pub counts: CaptureCounts,
        /// Times the device overran its own buffer (samples lost before the callback saw them).
        pub overruns: u64,
        /// The first stream error, if any: the recording may have stopped early there.
        pub error: Option<String>,
    }

    impl CaptureEnd {
        /// One line for the person when something was lost, `None` when the recording is whole.
        pub fn warning(&self) -> Option<String> {
            if let Some(error) = &self.error {
                return Some(format!("the recording may be cut short: {error}"));
            }
            let lost = self.counts.dropped_for_overflow;
            if lost > 0 || self.overruns > 0 {
                return Some(format!(
                    "the recording has gaps: {lost} samples dropped and {} device overruns",
                    self.overruns
                ));
            }
            None
        }
    }

    /// A running recording. Dropping it stops the stream and the sink's thread, like
    /// [`Capture::stop`] without the report.
    pub struct Capture {
        stream: Option<cpal::Stream>,
        drainer: Option<JoinHandle<()>>,
        shared: Arc<Shared>,
    }

    impl Capture {
        /// Leaves out what the device records from now on, until [`Capture::resume`]: the drill
        /// cuts paused time out of the recording. Takes effect at the next device callback.
        pub fn pause(&self) {
            self.shared.paused.store(true, Ordering::Release);
        }

        /// Keeps what the device records again.
        pub fn resume(&self) {
            self.shared.paused.store(false, Ordering::Release);
        }

        /// Whether the capture is paused.
        pub fn is_paused(&self) -> bool {
            self.shared.paused.load(Ordering::Acquire)
        }

        /// The counts so far; `delivered` over the rate is the length recorded.
        pub fn counts(&self) -> CaptureCounts {
            self.shared.counts()
        }

        /// Stops the stream, hands the sink everything still in the ring, and reports.
        pub fn stop(mut self) -> CaptureEnd {
            self.finish()
        }

        fn finish(&mut self) -> CaptureEnd {
            // Dropping the stream joins the device's thread, which drops the ring's producer;
            // the sink's thread then drains what is left and returns.
            drop(self.stream.take());
            if let Some(drainer) = self.drainer.take() {
                drainer.thread().unpark();
                if drainer.join().is_err() {
                    self.shared.sink_panicked.store(true, Ordering::Release);
                }
            }
            let mut error = self
                .shared
                .first_error
                .lock()
                .map(|first| first.clone())
                .unwrap_or_else(|poisoned| poisoned.into_inner().clone());
            if self.shared.sink_panicked.load(Ordering::Acquire) {
                error.get_or_insert_with(|| "the recording's writer failed".to_owned());
            }
            CaptureEnd {
                counts: self.shared.counts(),
                overruns: self.shared.overruns.load(Ordering::Acquire),
                error,
            }
        }
    }

    impl Drop for Capture {
        fn drop(&mut self) {
            if self.stream.is_some() || self.drainer.is_some() {
                self.finish();
            }
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use cpal::SupportedBufferSize;

        fn range(
            channels: u16,
            min: u32,
            max: u32,
            format: SampleFormat,
        ) -> SupportedStreamConfigRange {
            SupportedStreamConfigRange::new(
                channels,
                min,
                max,
                SupportedBufferSize::Unknown,
                format,
            )
        }

        fn intake(capacity: usize, channels: usize) -> (Intake, rtrb::Consumer<f32>, Arc<Shared>) {
            let (producer, consumer) = rtrb::RingBuffer::new(capacity);
            let shared = Arc::new(Shared::default());
            let intake = Intake {
                producer,
                channels,
                shared: Arc::clone(&shared),
            };
            (intake, consumer, shared)
        }

        fn drained(consumer: &mut rtrb::Consumer<f32>) -> Vec<f32> {
            std::iter::from_fn(|| consumer.pop().ok()).collect()
        }

        #[test]
        fn a_preferred_rate_wins_over_mono_and_mono_over_format() {
            let offered = [
                range(1, 8_000, 8_000, SampleFormat::F32),
                range(2, 48_000, 48_000, SampleFormat::I16),
                range(1, 48_000, 48_000, SampleFormat::I32),
                range(1, 16_000, 16_000, SampleFormat::F32),
            ];
            let chosen = choose_config(&offered, &RECORDING_RATES).unwrap();
            assert_eq!(chosen.config.sample_rate, 48_000);
            assert_eq!(chosen.config.channels, 1);
            assert_eq!(chosen.sample_format, SampleFormat::I32);
        }

        #[test]
        fn a_continuous_range_gives_48_khz_mono_f32() {
            let offered = [
                range(1, 4_000, 192_000, SampleFormat::I16),
                range(1, 4_000, 192_000, SampleFormat::F32),
                range(2, 4_000, 192_000, SampleFormat::F32),
            ];
            let chosen = choose_config(&offered, &RECORDING_RATES).unwrap();
            assert_eq!(
                (
                    chosen.config.sample_rate,
                    chosen.config.channels,
                    chosen.sample_format
                ),
                (48_000, 1, SampleFormat::F32)
            );
        }

        #[test]
        fn an_odd_device_still_gets_the_rate_nearest_48_khz_and_fewest_channels() {
            let offered = [
                range(4, 96_000, 192_000, SampleFormat::I16),
                range(2, 96_000, 192_000, SampleFormat::I16),
            ];
            let chosen = choose_config(&offered, &RECORDING_RATES).unwrap();
            assert_eq!(chosen.config.sample_rate, 96_000);
            assert_eq!(chosen.config.channels, 2);
        }

        #[test]
        fn unreadable_formats_are_never_chosen() {
            assert_eq!(
                choose_config(
                    &[range(1, 48_000, 48_000, SampleFormat::DsdU8)],
                    &RECORDING_RATES
                ),
                None
            );
        }

        #[test]
        fn frames_are_mixed_down_to_mono_and_converted_to_f32() {
            let (mut intake, mut consumer, shared) = intake(16, 2);
            intake.take::<i16>(&[16_384, 0, -32_768, -32_768, 100, -100]);
            assert_eq!(drained(&mut consumer), [0.25, -1.0, 0.0]);
            assert_eq!(shared.counts().dropped_for_overflow, 0);
        }

        #[test]
        fn paused_frames_are_counted_and_left_out() {
            let (mut intake, mut consumer, shared) = intake(16, 1);
            intake.take::<f32>(&[0.1, 0.2]);
            shared.paused.store(true, Ordering::Release);
            intake.take::<f32>(&[0.3, 0.4, 0.5]);
            shared.paused.store(false, Ordering::Release);
            intake.take::<f32>(&[0.6]);
            assert_eq!(drained(&mut consumer), [0.1, 0.2, 0.6]);
            assert_eq!(shared.counts().skipped_while_paused, 3);
        }

        #[test]
        fn what_does_not_fit_is_dropped_and_counted_without_blocking() {
            let (mut intake, mut consumer, shared) = intake(4, 1);
            intake.take::<f32>(&[0.1, 0.2, 0.3]);
            intake.take::<f32>(&[0.4, 0.5, 0.6]);
            assert_eq!(drained(&mut consumer), [0.1, 0.2, 0.3, 0.4]);
            assert_eq!(shared.counts().dropped_for_overflow, 2);
        }

        #[test]
        fn the_drain_hands_over_everything_written_before_the_producer_went_away() {
            let (mut intake, consumer, shared) = intake(1024, 1);
            let received = Arc::new(Mutex::new(Vec::new()));
            let into = Arc::clone(&received);
            let drain_shared = Arc::clone(&shared);
            let drainer = thread::spawn(move || {
                drain(consumer, &drain_shared, move |block| {
                    into.lock().unwrap().extend_from_slice(block)
                })
            });
            let written: Vec<f32> = (0..1000).map(|i| i as f32 / 1000.0).collect();
            for block in written.chunks(64) {
                intake.take::<f32>(block);
            }
            drop(intake);
            drainer.thread().unpark();
            drainer.join().unwrap();
            assert_eq!(*received.lock().unwrap(), written);
            assert_eq!(shared.counts().delivered, 1000);
        }

        #[test]
        fn an_overrun_is_counted_and_only_the_first_real_error_is_kept() {
            let shared = Shared::default();
            shared.note_error(&cpal::Error::new(cpal::ErrorKind::Xrun));
            shared.note_error(&cpal::Error::with_message(
                cpal::ErrorKind::DeviceNotAvailable,
                "Device\ndisconnected",
            ));
            shared.note_error(&cpal::Error::new(cpal::ErrorKind::BackendError));
            assert_eq!(shared.overruns.load(Ordering::Relaxed), 1);
            // While paused (the process stopped away, say), an overrun loses nothing kept.
            shared.paused.store(true, Ordering::Release);
            shared.note_error(&cpal::Error::new(cpal::ErrorKind::Xrun));
            assert_eq!(shared.overruns.load(Ordering::Relaxed), 1);
            shared.paused.store(false, Ordering::Release);
            assert_eq!(
                shared.first_error.lock().unwrap().as_deref(),
                Some("Device disconnected")
            );
        }

        #[test]
        fn a_whole_recording_has_no_warning_and_a_broken_one_says_why() {
            let whole = CaptureEnd {
                counts: CaptureCounts::default(),
                overruns: 0,
                error: None,
            };
            assert_eq!(whole.warning(), None);
            let broken = CaptureEnd {
                error: Some("Device disconnected".to_owned()),
                ..whole.clone()
            };
            assert_eq!(
                broken.warning().unwrap(),
                "the recording may be cut short: Device disconnected"
            );
        }
    }
}
