//! The WAV files a session's audio is kept in: an incremental writer that keeps its file
//! readable while a recording grows, readers (any WAV, and the stored 16 kHz mono 16-bit
//! kind), and the repair of a WAV whose writer stopped before it could finish the header.
//!
//! A WAV header states two sizes, the whole RIFF chunk's and the data chunk's, and a writer
//! can only state them once it knows them. A recording that is killed mid-way leaves the
//! sizes of its last flush (or zero) in front of more samples; [`repair`] restates them
//! from the file's real length, so everything that reached the disk can be heard.

use std::io::{self, Cursor, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::files::{self, Cap, Links};

use super::SAMPLE_RATE;
use super::resample::{Resampler, f32_to_i16, i16_to_f32};

/// Audio in memory: mono 16-bit samples at `sample_rate` samples a second.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pcm {
    pub samples: Vec<i16>,
    pub sample_rate: u32,
}

impl Pcm {
    /// How long the audio lasts, in whole milliseconds.
    pub fn ms(&self) -> u64 {
        samples_to_ms(self.samples.len() as u64, self.sample_rate)
    }

    /// The same audio at the stored rate, resampled when it is at another. Samples said to
    /// be at a rate of zero have no length in time, and come out as none.
    pub fn into_16k(self) -> Pcm16k {
        match self.sample_rate {
            SAMPLE_RATE => return Pcm16k::new(self.samples),
            0 => return Pcm16k::default(),
            _ => {}
        }
        let input: Vec<f32> = self.samples.iter().map(|&s| i16_to_f32(s)).collect();
        let mut resampler = Resampler::new(self.sample_rate);
        let mut out = Vec::new();
        resampler.push(&input, &mut out);
        resampler.finish(&mut out);
        Pcm16k::new(out)
    }
}

/// Audio at the one stored rate, [`SAMPLE_RATE`], mono 16-bit: what a recording is kept as
/// and what the measures and speech recognition are given. The type says the rate, so a
/// caller cannot hand the store audio at another.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pcm16k {
    samples: Vec<i16>,
}

impl Pcm16k {
    /// Samples taken at [`SAMPLE_RATE`].
    pub fn new(samples: Vec<i16>) -> Pcm16k {
        Pcm16k { samples }
    }

    pub fn samples(&self) -> &[i16] {
        &self.samples
    }

    pub fn into_samples(self) -> Vec<i16> {
        self.samples
    }

    /// How long the audio lasts, in whole milliseconds.
    pub fn ms(&self) -> u64 {
        samples_to_ms(self.samples.len() as u64, SAMPLE_RATE)
    }
}

/// Whole milliseconds in `samples` at `sample_rate` (zero for a rate of zero).
pub(crate) fn samples_to_ms(samples: u64, sample_rate: u32) -> u64 {
    match sample_rate {
        0 => 0,
        rate => samples * 1000 / u64::from(rate),
    }
}

/// Why a WAV could not be read or repaired, and which file it was when there was one.
#[derive(Debug)]
pub struct WavError {
    path: Option<PathBuf>,
    problem: WavProblem,
}

/// What was wrong, for a caller that tells the cases apart.
#[derive(Debug, thiserror::Error)]
pub enum WavProblem {
    #[error("cannot read it: {0}")]
    Io(#[source] io::Error),
    #[error("not a WAV file ({0})")]
    NotWav(&'static str),
    #[error("damaged WAV file: {0}")]
    Damaged(String),
    #[error("unsupported WAV encoding: {0}")]
    Unsupported(String),
    /// A WAV of another kind where a stored recording was expected.
    #[error("{found}, where a stored recording is {SAMPLE_RATE} Hz mono 16-bit")]
    NotStored { found: String },
    #[error("too long for a WAV file (over 4 GiB of samples)")]
    TooLong,
}

impl WavError {
    fn new(problem: WavProblem) -> WavError {
        WavError {
            path: None,
            problem,
        }
    }

    fn at(mut self, path: &Path) -> WavError {
        self.path = Some(path.to_path_buf());
        self
    }

    pub fn problem(&self) -> &WavProblem {
        &self.problem
    }

    pub fn into_problem(self) -> WavProblem {
        self.problem
    }

    /// The file, when the error came from reading one.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }
}

impl std::fmt::Display for WavError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.path {
            Some(path) => write!(f, "{}: {}", path.display(), self.problem),
            None => write!(f, "{}", self.problem),
        }
    }
}

impl std::error::Error for WavError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.problem)
    }
}

/// Writes a stored recording (16 kHz mono 16-bit) as it is captured, over any seekable
/// writer, starting at the writer's current position.
///
/// The header's sizes are restated by [`WavSink::flush`]. The caller flushes about twice a
/// second while recording, so a crash or a kill loses at most about a second: everything up
/// to the last flush reads as a finished WAV, and [`repair`] recovers what came after it.
///
/// The header is written here rather than by `hound::WavWriter` because that writer, once
/// finished, drops the file it wrote to, and the caller needs it back (to sync it, or to
/// read a recording made in memory); `hound` reads these files in the tests.
#[derive(Debug)]
pub struct WavSink<W: Write + Seek> {
    out: W,
    /// Where the header starts in `out`.
    start: u64,
    samples_written: u64,
    /// Samples converted to bytes, reused between writes.
    buffer: Vec<u8>,
}

/// The header a [`WavSink`] writes: RIFF, a 16-byte `fmt ` chunk, and the data chunk's head.
const SINK_HEADER_LEN: u64 = 44;
/// Where the RIFF size and the data size sit in that header.
const RIFF_SIZE_AT: u64 = 4;
const DATA_SIZE_AT: u64 = 40;
const BYTES_PER_SAMPLE: u64 = 2;

/// The 44-byte header of a stored recording (16 kHz mono 16-bit PCM) of `samples`
/// samples: what a finished [`WavSink`] starts with, and what a player that reads a WAV
/// stream is handed first.
pub fn stored_header(samples: u64) -> [u8; SINK_HEADER_LEN as usize] {
    let data_bytes = u32::try_from(samples * BYTES_PER_SAMPLE)
        .unwrap_or(u32::MAX - (SINK_HEADER_LEN as u32 - 8));
    let byte_rate = SAMPLE_RATE * BYTES_PER_SAMPLE as u32;
    let mut header = Vec::with_capacity(SINK_HEADER_LEN as usize);
    header.extend_from_slice(b"RIFF");
    header.extend_from_slice(&(data_bytes + SINK_HEADER_LEN as u32 - 8).to_le_bytes());
    header.extend_from_slice(b"WAVEfmt ");
    header.extend_from_slice(&16u32.to_le_bytes());
    header.extend_from_slice(&1u16.to_le_bytes()); // integer PCM
    header.extend_from_slice(&1u16.to_le_bytes()); // mono
    header.extend_from_slice(&SAMPLE_RATE.to_le_bytes());
    header.extend_from_slice(&byte_rate.to_le_bytes());
    header.extend_from_slice(&(BYTES_PER_SAMPLE as u16).to_le_bytes()); // a frame's bytes
    header.extend_from_slice(&16u16.to_le_bytes()); // bits a sample
    header.extend_from_slice(b"data");
    header.extend_from_slice(&data_bytes.to_le_bytes());
    header.try_into().expect("a header of 44 bytes")
}

impl<W: Write + Seek> WavSink<W> {
    /// Starts a recording: writes the header of an empty one, which is already a valid WAV.
    pub fn new(mut out: W) -> io::Result<WavSink<W>> {
        let start = out.stream_position()?;
        out.write_all(&stored_header(0))?;
        Ok(WavSink {
            out,
            start,
            samples_written: 0,
            buffer: Vec::new(),
        })
    }

    /// Appends samples. They reach the writer now; the header counts them at the next flush.
    pub fn write(&mut self, samples: &[i16]) -> io::Result<()> {
        let data_bytes = (self.samples_written + samples.len() as u64) * BYTES_PER_SAMPLE;
        if data_bytes + SINK_HEADER_LEN - 8 > u64::from(u32::MAX) {
            return Err(io::Error::other(WavProblem::TooLong.to_string()));
        }
        self.buffer.clear();
        for sample in samples {
            self.buffer.extend_from_slice(&sample.to_le_bytes());
        }
        self.out.write_all(&self.buffer)?;
        self.samples_written += samples.len() as u64;
        Ok(())
    }

    /// Restates the header's sizes for every sample written so far and flushes the writer,
    /// so the file is a finished WAV up to here even if nothing more is ever written.
    pub fn flush(&mut self) -> io::Result<()> {
        let data_bytes = (self.samples_written * BYTES_PER_SAMPLE) as u32;
        let end = self.start + SINK_HEADER_LEN + u64::from(data_bytes);
        self.out.seek(SeekFrom::Start(self.start + RIFF_SIZE_AT))?;
        self.out
            .write_all(&(data_bytes + SINK_HEADER_LEN as u32 - 8).to_le_bytes())?;
        self.out.seek(SeekFrom::Start(self.start + DATA_SIZE_AT))?;
        self.out.write_all(&data_bytes.to_le_bytes())?;
        self.out.seek(SeekFrom::Start(end))?;
        self.out.flush()
    }

    /// How many samples have been written (flushed or not).
    pub fn samples_written(&self) -> u64 {
        self.samples_written
    }

    /// The writer, for syncing a file to disk between flushes.
    pub fn get_ref(&self) -> &W {
        &self.out
    }

    /// Ends the recording with a last flush and hands the writer back.
    pub fn finish(mut self) -> io::Result<W> {
        self.flush()?;
        Ok(self.out)
    }
}

/// The most a stored recording may hold: about nine hours at 16 kHz mono 16-bit.
const STORED_CAP: Cap = Cap {
    bytes: 1 << 30,
    what: "a stored recording",
};

/// Reads any WAV file (integer PCM of 8 to 32 bits or 32-bit float, any rate, any number of
/// channels, averaged to one). A file a crashed writer left is read whole, as [`repair`]
/// would restate it. A symbolic link is followed: this is for files a person names.
pub fn read(path: &Path) -> Result<Pcm, WavError> {
    let bytes = files::read_regular(path, Links::Follow)
        .map_err(|error| WavError::new(WavProblem::Io(error)).at(path))?;
    read_bytes(&bytes).map_err(|error| error.at(path))
}

/// [`read`] of a WAV already in memory.
pub fn read_bytes(bytes: &[u8]) -> Result<Pcm, WavError> {
    let repaired = repair(bytes)?;
    let bytes = repaired.as_deref().unwrap_or(bytes);
    let reader = hound::WavReader::new(Cursor::new(bytes)).map_err(|error| match error {
        hound::Error::Unsupported => match Layout::of(bytes, bytes.len() as u64) {
            Ok(layout) => WavError::new(WavProblem::Unsupported(format!(
                "format tag {:#06x}",
                layout.format_tag
            ))),
            Err(error) => error,
        },
        other => from_hound(other),
    })?;
    let spec = reader.spec();
    let channels = usize::from(spec.channels);
    if channels == 0 || spec.sample_rate == 0 {
        return Err(WavError::new(WavProblem::Damaged(
            "it states no channels or no sample rate".into(),
        )));
    }
    let frames = interleaved_i16(reader)?;
    let samples = if channels == 1 {
        frames
    } else {
        frames
            .chunks_exact(channels)
            .map(|frame| {
                let sum: i32 = frame.iter().map(|&s| i32::from(s)).sum();
                (sum as f32 / channels as f32).round() as i16
            })
            .collect()
    };
    Ok(Pcm {
        samples,
        sample_rate: spec.sample_rate,
    })
}

/// Every sample of the file, in its channels' order, scaled to 16 bits.
fn interleaved_i16(reader: hound::WavReader<Cursor<&[u8]>>) -> Result<Vec<i16>, WavError> {
    let spec = reader.spec();
    match (spec.sample_format, spec.bits_per_sample) {
        (hound::SampleFormat::Int, 16) => reader
            .into_samples::<i16>()
            .collect::<Result<_, _>>()
            .map_err(from_hound),
        (hound::SampleFormat::Int, bits @ 1..=32) => reader
            .into_samples::<i32>()
            .map(|sample| {
                sample.map(|value| {
                    if bits < 16 {
                        (value << (16 - bits)) as i16
                    } else {
                        (value >> (bits - 16)) as i16
                    }
                })
            })
            .collect::<Result<_, _>>()
            .map_err(from_hound),
        (hound::SampleFormat::Float, 32) => reader
            .into_samples::<f32>()
            .map(|sample| sample.map(f32_to_i16))
            .collect::<Result<_, _>>()
            .map_err(from_hound),
        (format, bits) => Err(WavError::new(WavProblem::Unsupported(format!(
            "{bits}-bit {}",
            match format {
                hound::SampleFormat::Int => "integer",
                hound::SampleFormat::Float => "float",
            }
        )))),
    }
}

fn from_hound(error: hound::Error) -> WavError {
    WavError::new(match error {
        hound::Error::IoError(error) if error.kind() == io::ErrorKind::UnexpectedEof => {
            WavProblem::Damaged("it ends inside its header".into())
        }
        hound::Error::IoError(error) => WavProblem::Io(error),
        hound::Error::FormatError(reason) => WavProblem::Damaged(reason.to_lowercase()),
        hound::Error::Unsupported => WavProblem::Unsupported("a compressed encoding".into()),
        other => WavProblem::Damaged(other.to_string()),
    })
}

/// Reads a stored recording: a WAV that is not 16 kHz mono 16-bit integer PCM is refused
/// with what it is instead. Inside the data home, so a symbolic link is refused too.
pub fn read_stored(path: &Path) -> Result<Pcm16k, WavError> {
    let bytes = files::read_regular_capped(path, Links::Refuse, STORED_CAP)
        .map_err(|error| WavError::new(WavProblem::Io(error)).at(path))?;
    read_stored_bytes(&bytes).map_err(|error| error.at(path))
}

/// [`read_stored`] of a WAV already in memory.
pub fn read_stored_bytes(bytes: &[u8]) -> Result<Pcm16k, WavError> {
    let repaired = repair(bytes)?;
    let whole = repaired.as_deref().unwrap_or(bytes);
    let spec = hound::WavReader::new(Cursor::new(whole))
        .map_err(from_hound)?
        .spec();
    let stored = spec.sample_rate == SAMPLE_RATE
        && spec.channels == 1
        && spec.bits_per_sample == 16
        && spec.sample_format == hound::SampleFormat::Int;
    if !stored {
        let kind = match spec.sample_format {
            hound::SampleFormat::Int => "",
            hound::SampleFormat::Float => " float",
        };
        let channels = match spec.channels {
            1 => "mono".to_string(),
            2 => "stereo".to_string(),
            n => format!("{n} channels"),
        };
        return Err(WavError::new(WavProblem::NotStored {
            found: format!(
                "{} Hz {channels} {}-bit{kind}",
                spec.sample_rate, spec.bits_per_sample
            ),
        }));
    }
    Ok(Pcm16k::new(read_bytes(whole)?.samples))
}

/// How many of a file's first bytes [`needs_repair`] wants: enough for any header this
/// program writes, and for the usual extra chunks (`LIST`, `fact`) of other writers.
pub const HEADER_PROBE_LEN: usize = 4096;

/// Whether a WAV's header needs [`repair`], from its first bytes (up to
/// [`HEADER_PROBE_LEN`]) and its length alone, so a store can check a long recording
/// without reading it.
pub fn needs_repair(head: &[u8], file_len: u64) -> Result<bool, WavError> {
    let layout = Layout::of(head, file_len)?;
    Ok(!layout.is_sound(file_len))
}

/// Restates the sizes in the header of a WAV whose writer stopped before finishing it: the
/// RIFF size and the data size come from the file's real length, and a sample cut in half
/// at the end is dropped. `Ok(None)` when the header already agrees with the file.
///
/// The data chunk is taken to run to the end of the file, as a recording's does while it is
/// written; bytes after a finished file's RIFF chunk are taken for samples too.
pub fn repair(bytes: &[u8]) -> Result<Option<Vec<u8>>, WavError> {
    let file_len = bytes.len() as u64;
    let layout = Layout::of(bytes, file_len)?;
    if layout.is_sound(file_len) {
        return Ok(None);
    }
    let frame = u64::from(layout.block_align.max(1));
    let data_len = (file_len - layout.data_start) / frame * frame;
    let riff_size = layout.data_start + data_len - 8;
    if riff_size > u64::from(u32::MAX) {
        return Err(WavError::new(WavProblem::TooLong));
    }
    let end = (layout.data_start + data_len) as usize;
    let mut fixed = bytes[..end].to_vec();
    let data_size_at = layout.data_start as usize - 4;
    fixed[4..8].copy_from_slice(&(riff_size as u32).to_le_bytes());
    fixed[data_size_at..data_size_at + 4].copy_from_slice(&(data_len as u32).to_le_bytes());
    Ok(Some(fixed))
}

/// Whether `head` starts like a WAV file (a RIFF chunk of WAVE form).
pub fn looks_like_wav(head: &[u8]) -> bool {
    head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WAVE"
}

/// Where a WAV's parts are, as its header states them.
#[derive(Debug, Clone, Copy)]
struct Layout {
    riff_size: u64,
    /// Where the data chunk's samples begin.
    data_start: u64,
    data_size: u64,
    /// The bytes of one frame (a sample of every channel), from the `fmt ` chunk.
    block_align: u16,
    /// What the samples are (1 integer PCM, 3 float, others compressed), from the same.
    format_tag: u16,
}

impl Layout {
    /// Walks the chunks of `head` (a file's first bytes, or all of them) to the data chunk.
    fn of(head: &[u8], file_len: u64) -> Result<Layout, WavError> {
        let damaged = |reason: &str| WavError::new(WavProblem::Damaged(reason.into()));
        if head.len() < 12 || &head[..4] != b"RIFF" {
            return Err(WavError::new(WavProblem::NotWav("no RIFF header")));
        }
        if &head[8..12] != b"WAVE" {
            return Err(WavError::new(WavProblem::NotWav(
                "a RIFF file of another kind",
            )));
        }
        let riff_size = u64::from(le_u32(&head[4..8]));
        let mut format = None;
        let mut at = 12usize;
        loop {
            if at + 8 > head.len() {
                return Err(
                    if (at as u64) + 8 > file_len || head.len() as u64 == file_len {
                        damaged("no data chunk")
                    } else {
                        damaged("no data chunk in its first 4 KiB")
                    },
                );
            }
            let id = &head[at..at + 4];
            let size = u64::from(le_u32(&head[at + 4..at + 8]));
            if id == b"fmt " {
                let fmt = &head[at + 8..];
                if size < 16 || fmt.len() < 14 {
                    return Err(damaged("its format chunk is cut short"));
                }
                let format_tag = u16::from_le_bytes([fmt[0], fmt[1]]);
                format = Some((u16::from_le_bytes([fmt[12], fmt[13]]), format_tag));
            }
            if id == b"data" {
                let Some((block_align, format_tag)) = format else {
                    return Err(damaged("its data comes before its format chunk"));
                };
                return Ok(Layout {
                    riff_size,
                    data_start: at as u64 + 8,
                    data_size: size,
                    block_align,
                    format_tag,
                });
            }
            // Chunks are padded to an even length.
            at = at.saturating_add(8 + size as usize + (size as usize & 1));
        }
    }

    /// Whether the sizes agree with a file of `file_len` bytes: the RIFF chunk is the whole
    /// file (give or take a pad byte) and the data fits inside it.
    fn is_sound(&self, file_len: u64) -> bool {
        let riff_end = self.riff_size + 8;
        let riff_fits = riff_end == file_len || riff_end + 1 == file_len;
        let data_fits = self.data_start + self.data_size <= riff_end.min(file_len);
        riff_fits && data_fits
    }
}

fn le_u32(bytes: &[u8]) -> u32 {
    u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A second of a 440 Hz tone at 16 kHz, different in every sample.
    fn tone(len: usize) -> Vec<i16> {
        (0..len)
            .map(|i| {
                let t = i as f32 / SAMPLE_RATE as f32;
                (f32::sin(t * 440.0 * std::f32::consts::TAU) * 12_000.0) as i16
            })
            .collect()
    }

    fn written(samples: &[i16]) -> Vec<u8> {
        let mut sink = WavSink::new(Cursor::new(Vec::new())).unwrap();
        sink.write(samples).unwrap();
        sink.finish().unwrap().into_inner()
    }

    #[test]
    fn a_finished_recording_reads_back_with_hound_and_needs_no_repair() {
        let samples = tone(16_000);
        let bytes = written(&samples);
        let mut reader = hound::WavReader::new(Cursor::new(&bytes)).unwrap();
        assert_eq!(
            reader.spec(),
            hound::WavSpec {
                channels: 1,
                sample_rate: SAMPLE_RATE,
                bits_per_sample: 16,
                sample_format: hound::SampleFormat::Int,
            }
        );
        let read: Vec<i16> = reader.samples::<i16>().map(Result::unwrap).collect();
        assert_eq!(read, samples);
        assert_eq!(repair(&bytes).unwrap(), None);
        assert!(!needs_repair(&bytes[..HEADER_PROBE_LEN], bytes.len() as u64).unwrap());
        let stored = read_stored_bytes(&bytes).unwrap();
        assert_eq!(stored.samples(), samples);
        assert_eq!(stored.ms(), 1000);
    }

    #[test]
    fn an_empty_recording_is_a_valid_wav_from_the_start() {
        let bytes = written(&[]);
        assert_eq!(bytes.len(), 44);
        assert_eq!(repair(&bytes).unwrap(), None);
        assert!(read_stored_bytes(&bytes).unwrap().samples().is_empty());
    }

    #[test]
    fn a_crash_after_a_flush_loses_nothing_once_repaired() {
        let samples = tone(8_000);
        let mut sink = WavSink::new(Cursor::new(Vec::new())).unwrap();
        sink.write(&samples[..3_000]).unwrap();
        sink.flush().unwrap();
        // Written but never flushed: the header still counts 3000.
        sink.write(&samples[3_000..]).unwrap();
        assert_eq!(sink.samples_written(), 8_000);
        // Dropped without finish, as a kill would leave it.
        let bytes = sink.get_ref().get_ref().clone();
        drop(sink);
        let header_says = hound::WavReader::new(Cursor::new(&bytes)).unwrap().len();
        assert_eq!(header_says, 3_000, "the flush stated the samples so far");
        assert!(needs_repair(&bytes, bytes.len() as u64).unwrap());
        let fixed = repair(&bytes).unwrap().expect("the header undercounts");
        assert_eq!(read_stored_bytes(&fixed).unwrap().samples(), samples);
        assert_eq!(repair(&fixed).unwrap(), None, "a repair is final");
        // Reading repairs in memory, so even the unrepaired file is heard whole.
        assert_eq!(read_bytes(&bytes).unwrap().samples, samples);
    }

    #[test]
    fn a_file_cut_mid_sample_keeps_every_whole_sample_before_the_cut() {
        let samples = tone(4_000);
        let full = written(&samples);
        for cut in [44, 45, 46, 1_001, 5_000, full.len() - 1] {
            let bytes = &full[..cut];
            assert!(needs_repair(bytes, cut as u64).unwrap(), "cut at {cut}");
            let fixed = repair(bytes).unwrap().unwrap();
            let whole = (cut - 44) / 2;
            assert_eq!(
                read_stored_bytes(&fixed).unwrap().samples(),
                &samples[..whole],
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn a_header_never_updated_or_overstating_is_restated() {
        let samples = tone(1_000);
        let mut never = written(&samples);
        never[4..8].copy_from_slice(&0u32.to_le_bytes());
        never[40..44].copy_from_slice(&0u32.to_le_bytes());
        let mut streaming = written(&samples);
        // What writers to a pipe put in: the largest size there is.
        streaming[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
        streaming[40..44].copy_from_slice(&u32::MAX.to_le_bytes());
        for bytes in [never, streaming] {
            let fixed = repair(&bytes).unwrap().unwrap();
            assert_eq!(fixed.len(), bytes.len());
            assert_eq!(read_stored_bytes(&fixed).unwrap().samples(), samples);
        }
    }

    #[test]
    fn the_cheap_check_needs_only_the_head_and_the_length() {
        let bytes = written(&tone(16_000));
        let head = &bytes[..HEADER_PROBE_LEN];
        assert!(!needs_repair(head, bytes.len() as u64).unwrap());
        assert!(needs_repair(head, bytes.len() as u64 + 100).unwrap());
        assert!(needs_repair(head, bytes.len() as u64 - 100).unwrap());
    }

    #[test]
    fn a_sink_can_start_partway_into_its_writer() {
        let mut out = Cursor::new(b"junk".to_vec());
        out.seek(SeekFrom::End(0)).unwrap();
        let mut sink = WavSink::new(out).unwrap();
        sink.write(&[1, 2, 3]).unwrap();
        let bytes = sink.finish().unwrap().into_inner();
        assert_eq!(read_stored_bytes(&bytes[4..]).unwrap().samples(), [1, 2, 3]);
    }

    fn hound_wav(
        spec: hound::WavSpec,
        write: impl Fn(&mut hound::WavWriter<&mut Cursor<Vec<u8>>>),
    ) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut writer = hound::WavWriter::new(&mut out, spec).unwrap();
        write(&mut writer);
        writer.finalize().unwrap();
        out.into_inner()
    }

    #[test]
    fn any_wav_reads_as_mono_at_its_own_rate_but_only_the_stored_kind_is_stored() {
        let stereo = hound::WavSpec {
            channels: 2,
            sample_rate: 44_100,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let bytes = hound_wav(stereo, |w| {
            for (left, right) in [(100i16, 300i16), (-1000, -3000), (7, 8)] {
                w.write_sample(left).unwrap();
                w.write_sample(right).unwrap();
            }
        });
        let pcm = read_bytes(&bytes).unwrap();
        assert_eq!(pcm.sample_rate, 44_100);
        assert_eq!(pcm.samples, [200, -2000, 8]);
        let error = read_stored_bytes(&bytes).unwrap_err();
        assert_eq!(
            error.to_string(),
            "44100 Hz stereo 16-bit, where a stored recording is 16000 Hz mono 16-bit"
        );

        let float = hound::WavSpec {
            channels: 1,
            sample_rate: 16_000,
            bits_per_sample: 32,
            sample_format: hound::SampleFormat::Float,
        };
        let bytes = hound_wav(float, |w| {
            for value in [0.5f32, -0.25, 2.0] {
                w.write_sample(value).unwrap();
            }
        });
        assert_eq!(
            read_bytes(&bytes).unwrap().samples,
            [16_384, -8_192, 32_767]
        );
        assert!(matches!(
            read_stored_bytes(&bytes).unwrap_err().problem(),
            WavProblem::NotStored { .. }
        ));

        let wide = hound::WavSpec {
            channels: 1,
            sample_rate: 8_000,
            bits_per_sample: 24,
            sample_format: hound::SampleFormat::Int,
        };
        let bytes = hound_wav(wide, |w| {
            for value in [0x7f_ff00i32, -0x80_0000, 256] {
                w.write_sample(value).unwrap();
            }
        });
        assert_eq!(read_bytes(&bytes).unwrap().samples, [32_767, -32_768, 1]);
    }

    #[test]
    fn what_is_not_a_wav_is_refused_by_name() {
        for (bytes, expected) in [
            (&b""[..], "not a WAV file (no RIFF header)"),
            (
                b"hello, this is text and not sound",
                "not a WAV file (no RIFF header)",
            ),
            (
                b"RIFF\x04\0\0\0AVI LIST",
                "not a WAV file (a RIFF file of another kind)",
            ),
            (b"RIFF\x04\0\0\0WAVEfmt ", "damaged WAV file: no data chunk"),
        ] {
            assert_eq!(read_bytes(bytes).unwrap_err().to_string(), expected);
        }
    }

    #[test]
    fn a_file_error_names_the_file() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("answer.wav");
        std::fs::write(&path, b"not sound").unwrap();
        let error = read(&path).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!("{}: not a WAV file (no RIFF header)", path.display())
        );
        let missing = read_stored(&root.path().join("gone.wav")).unwrap_err();
        assert!(
            missing.to_string().contains("gone.wav: cannot read it"),
            "{missing}"
        );
    }

    #[test]
    fn a_recording_at_another_rate_is_brought_to_the_stored_rate() {
        let pcm = Pcm {
            samples: vec![0; 48_000],
            sample_rate: 48_000,
        };
        assert_eq!(pcm.ms(), 1000);
        let stored = pcm.into_16k();
        assert_eq!(stored.samples().len(), 16_000);
    }
}
