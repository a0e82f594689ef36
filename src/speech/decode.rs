//! Recordings made elsewhere (a phone's voice memo, an export from another program) turned
//! into the stored kind: any WAV, FLAC, MP3, Ogg Vorbis or M4A/AAC file, known by its
//! content rather than its name, mixed to mono and brought to 16 kHz.
//!
//! WAV files go through the WAV reader, which also hears a file whose writer never
//! finished its header; every other kind, and a WAV in an encoding that reader does not
//! know, goes through `symphonia`.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use symphonia::core::codecs::audio::well_known::{
    CODEC_ID_AC3, CODEC_ID_ALAC, CODEC_ID_DCA, CODEC_ID_EAC3, CODEC_ID_MONKEYS_AUDIO, CODEC_ID_MP1,
    CODEC_ID_MP2, CODEC_ID_MP3, CODEC_ID_OPUS, CODEC_ID_SPEEX, CODEC_ID_TRUEHD, CODEC_ID_TTA,
    CODEC_ID_WAVPACK, CODEC_ID_WMA,
};
use symphonia::core::codecs::audio::{AudioCodecId, AudioDecoder, AudioDecoderOptions};
use symphonia::core::errors::Error as SymphoniaError;
use symphonia::core::formats::probe::Hint;
use symphonia::core::formats::{FormatOptions, FormatReader, TrackType};
use symphonia::core::io::MediaSourceStream;
use symphonia::core::meta::MetadataOptions;

use crate::files::{self, Cap, Links};

use super::resample::{Resampler, mix_to_mono};
use super::wav::{self, Pcm16k, WavProblem};

/// Why a recording could not be brought in, and which file it was.
#[derive(Debug, thiserror::Error)]
#[error("{}: {problem}", path.display())]
pub struct DecodeError {
    pub path: PathBuf,
    #[source]
    pub problem: DecodeProblem,
}

/// What was wrong with a recording, for a caller that tells the cases apart.
#[derive(Debug, thiserror::Error)]
pub enum DecodeProblem {
    #[error("cannot read it: {0}")]
    Unreadable(#[source] std::io::Error),
    #[error("the file is empty")]
    Empty,
    #[error("not a sound file ({KNOWN} can be read)")]
    NotAudio,
    #[error("holds no audio track")]
    NoAudioTrack,
    #[error("its sound is {0}, which cannot be decoded here ({KNOWN} can)")]
    UnsupportedCodec(String),
    #[error("holds no sound: not one sample could be decoded")]
    NoSound,
    #[error("damaged: {0}")]
    Damaged(String),
    /// A WAV file that neither reader could read, as the WAV reader found it.
    #[error("{0}")]
    Wav(WavProblem),
}

/// The kinds of file this module reads, for messages.
const KNOWN: &str = "WAV, FLAC, MP3, Ogg Vorbis and M4A/AAC";

/// The most a recording to bring in may hold: hours of any usual kind.
const RECORDING_CAP: Cap = Cap {
    bytes: 2 << 30,
    what: "a recording to import",
};

/// Decodes the sound file at `path` (a symbolic link is followed: this is a file a person
/// names) to 16 kHz mono.
pub fn decode_file(path: &Path) -> Result<Pcm16k, DecodeError> {
    let at = |problem| DecodeError {
        path: path.to_path_buf(),
        problem,
    };
    let bytes = files::read_regular_capped(path, Links::Follow, RECORDING_CAP)
        .map_err(|error| at(DecodeProblem::Unreadable(error)))?;
    let extension = path.extension().and_then(|extension| extension.to_str());
    decode_bytes(bytes, extension).map_err(at)
}

/// Decodes a whole sound file held in memory; `extension` is only a hint, the content
/// decides.
fn decode_bytes(bytes: Vec<u8>, extension: Option<&str>) -> Result<Pcm16k, DecodeProblem> {
    if bytes.is_empty() {
        return Err(DecodeProblem::Empty);
    }
    if !wav::looks_like_wav(&bytes) {
        return decode_with_symphonia(bytes, extension);
    }
    let refused = match wav::read_bytes(&bytes) {
        Ok(pcm) if pcm.samples.is_empty() => return Err(DecodeProblem::NoSound),
        Ok(pcm) => return Ok(pcm.into_16k()),
        Err(error) => error,
    };
    // An encoding the WAV reader does not know (ADPCM, a-law, 64-bit float, ...) may be
    // one symphonia knows. When neither reads it, the WAV reader says best what is wrong,
    // unless symphonia found the codec and knows it cannot decode it.
    match decode_with_symphonia(bytes, extension) {
        Ok(pcm) => Ok(pcm),
        Err(unsupported @ DecodeProblem::UnsupportedCodec(_)) => Err(unsupported),
        Err(_) => Err(DecodeProblem::Wav(refused.into_problem())),
    }
}

/// A file's audio track, opened for decoding.
struct Opened {
    format: Box<dyn FormatReader>,
    decoder: Box<dyn AudioDecoder>,
    track_id: u32,
    /// Frames at the start that are the codec's delay, not the recording.
    late_frames: usize,
}

/// Finds what kind of file `bytes` is, its audio track, and a decoder for it.
fn open(bytes: Vec<u8>, extension: Option<&str>) -> Result<Opened, DecodeProblem> {
    let source = MediaSourceStream::new(Box::new(Cursor::new(bytes)), Default::default());
    let mut hint = Hint::new();
    if let Some(extension) = extension {
        hint.with_extension(extension);
    }
    let format = symphonia::default::get_probe()
        .probe(
            &hint,
            source,
            FormatOptions::default(),
            MetadataOptions::default(),
        )
        .map_err(|error| match error {
            SymphoniaError::Unsupported(_) | SymphoniaError::IoError(_) => DecodeProblem::NotAudio,
            other => DecodeProblem::Damaged(other.to_string()),
        })?;
    let track = format
        .default_track(TrackType::Audio)
        .ok_or(DecodeProblem::NoAudioTrack)?;
    let params = track
        .codec_params
        .as_ref()
        .and_then(|params| params.audio())
        .ok_or(DecodeProblem::NoAudioTrack)?;
    let decoder = symphonia::default::get_codecs()
        .make_audio_decoder(params, &AudioDecoderOptions::default())
        .map_err(|error| match error {
            SymphoniaError::Unsupported(_) => {
                DecodeProblem::UnsupportedCodec(codec_name(params.codec))
            }
            other => DecodeProblem::Damaged(other.to_string()),
        })?;
    // An MP3 without the header that states its delay (sox and many tools write none)
    // starts late by the encoder's delay and the decoder's own 529 samples, 50 ms at
    // 22.05 kHz, which would move every pause that much. LAME, by far the usual encoder,
    // delays by 576; another encoder's delay is within a few milliseconds of it.
    let late_frames = if params.codec == CODEC_ID_MP3 && track.delay.is_none() {
        576 + 529
    } else {
        0
    };
    let track_id = track.id;
    Ok(Opened {
        format,
        decoder,
        track_id,
        late_frames,
    })
}

fn decode_with_symphonia(bytes: Vec<u8>, extension: Option<&str>) -> Result<Pcm16k, DecodeProblem> {
    let Opened {
        mut format,
        mut decoder,
        track_id,
        mut late_frames,
    } = open(bytes, extension)?;
    let mut resampler: Option<Resampler> = None;
    let mut out = Vec::new();
    let mut interleaved: Vec<f32> = Vec::new();
    let mut mono: Vec<f32> = Vec::new();
    let mut failed_packet = false;
    loop {
        let packet = match format.next_packet() {
            Ok(Some(packet)) => packet,
            // The end; or a second stream chained after the first (Ogg), which an answer
            // never has; or a file cut short, whose sound up to the cut is still good.
            Ok(None) | Err(SymphoniaError::ResetRequired) | Err(SymphoniaError::IoError(_)) => {
                break;
            }
            Err(error) if resampler.is_none() => {
                return Err(DecodeProblem::Damaged(error.to_string()));
            }
            // Damage after some sound: keep the sound before it.
            Err(_) => break,
        };
        if packet.track_id != track_id {
            continue;
        }
        let decoded = match decoder.decode(&packet) {
            Ok(decoded) => decoded,
            // One bad packet is a moment's glitch; the rest of the answer is still worth
            // measuring.
            Err(SymphoniaError::DecodeError(_) | SymphoniaError::IoError(_)) => {
                failed_packet = true;
                continue;
            }
            Err(error) => return Err(DecodeProblem::Damaged(error.to_string())),
        };
        let rate = decoded.spec().rate();
        let channels = decoded.spec().channels().count();
        if rate == 0 || channels == 0 {
            return Err(DecodeProblem::Damaged("it states no sample rate".into()));
        }
        if let Some(mut finished) = resampler.take_if(|r| r.from_rate() != rate) {
            // The rate changed midway: end the first part cleanly and go on at the new one.
            finished.finish(&mut out);
        }
        let resampler = resampler.get_or_insert_with(|| Resampler::new(rate));
        decoded.copy_to_vec_interleaved(&mut interleaved);
        let late = late_frames.min(interleaved.len() / channels);
        interleaved.drain(..late * channels);
        late_frames -= late;
        mono.clear();
        mix_to_mono(&interleaved, channels, &mut mono);
        resampler.push(&mono, &mut out);
    }
    match resampler {
        Some(mut resampler) => resampler.finish(&mut out),
        None if failed_packet => {
            return Err(DecodeProblem::Damaged(
                "not one packet could be decoded".into(),
            ));
        }
        None => return Err(DecodeProblem::NoSound),
    }
    if out.is_empty() {
        return Err(DecodeProblem::NoSound);
    }
    Ok(Pcm16k::new(out))
}

/// A codec's name as people know it, for the message that it cannot be decoded.
fn codec_name(codec: AudioCodecId) -> String {
    let names = [
        (CODEC_ID_OPUS, "Opus"),
        (CODEC_ID_SPEEX, "Speex"),
        (CODEC_ID_ALAC, "Apple Lossless (ALAC)"),
        (CODEC_ID_AC3, "AC-3"),
        (CODEC_ID_EAC3, "E-AC-3"),
        (CODEC_ID_DCA, "DTS"),
        (CODEC_ID_TRUEHD, "Dolby TrueHD"),
        (CODEC_ID_WMA, "WMA"),
        (CODEC_ID_WAVPACK, "WavPack"),
        (CODEC_ID_MONKEYS_AUDIO, "Monkey's Audio"),
        (CODEC_ID_TTA, "TTA"),
        (CODEC_ID_MP1, "MPEG layer I"),
        (CODEC_ID_MP2, "MPEG layer II"),
    ];
    match names.iter().find(|(id, _)| *id == codec) {
        Some((_, name)) => format!("in {name}"),
        None => format!("in a codec unknown here ({codec})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::speech::SAMPLE_RATE;

    /// A WAV of `seconds` of a 1 kHz tone starting at `tone_from` seconds (silence before),
    /// at `rate` with `channels` channels, the tone in the first channel only.
    fn tone_wav(rate: u32, channels: u16, seconds: f64, tone_from: f64) -> Vec<u8> {
        let spec = hound::WavSpec {
            channels,
            sample_rate: rate,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut out = Cursor::new(Vec::new());
        let mut writer = hound::WavWriter::new(&mut out, spec).unwrap();
        for i in 0..(f64::from(rate) * seconds) as usize {
            let t = i as f64 / f64::from(rate);
            let value = if t >= tone_from {
                (t * 1_000.0 * std::f64::consts::TAU).sin() * 16_000.0
            } else {
                0.0
            };
            writer.write_sample(value as i16).unwrap();
            for _ in 1..channels {
                writer.write_sample(0i16).unwrap();
            }
        }
        writer.finalize().unwrap();
        out.into_inner()
    }

    /// When the sound first reaches a tenth of its peak.
    fn onset_ms(pcm: &Pcm16k) -> u64 {
        let peak = pcm
            .samples()
            .iter()
            .map(|s| s.unsigned_abs())
            .max()
            .unwrap();
        let first = pcm
            .samples()
            .iter()
            .position(|s| s.unsigned_abs() > peak / 10);
        first.unwrap() as u64 * 1000 / u64::from(SAMPLE_RATE)
    }

    fn decoded(bytes: Vec<u8>, name: &str) -> Result<Pcm16k, DecodeError> {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        decode_file(&path)
    }

    #[test]
    fn wavs_at_other_rates_and_in_stereo_come_out_at_16_khz_mono() {
        for (rate, channels) in [(44_100, 2), (8_000, 1), (48_000, 6), (16_000, 1)] {
            let pcm = decoded(tone_wav(rate, channels, 3.0, 1.0), "answer.wav").unwrap();
            assert_eq!(pcm.ms(), 3_000, "{rate} Hz");
            // The tone starts where it started, whatever the rate was.
            let first = onset_ms(&pcm);
            assert!(first.abs_diff(1_000) <= 1, "{rate} Hz: {first}");
            let peak = pcm
                .samples()
                .iter()
                .map(|s| s.unsigned_abs())
                .max()
                .unwrap();
            let expected = 16_000 / channels;
            assert!(peak.abs_diff(expected) < expected / 50, "{rate} Hz: {peak}");
        }
    }

    #[test]
    fn the_content_decides_not_the_name() {
        let pcm = decoded(tone_wav(22_050, 1, 1.0, 0.0), "voice memo.mp3").unwrap();
        assert_eq!(pcm.samples().len(), 16_000);
    }

    #[test]
    fn a_wav_whose_writer_was_killed_is_heard_to_the_cut() {
        let mut bytes = tone_wav(44_100, 1, 2.0, 0.0);
        bytes[40..44].copy_from_slice(&0u32.to_le_bytes());
        bytes[4..8].copy_from_slice(&0u32.to_le_bytes());
        let pcm = decoded(bytes, "crashed.wav").unwrap();
        assert_eq!(pcm.ms(), 2_000);
    }

    /// A stereo WAV of 64-bit floats, which the WAV reader leaves to symphonia: `seconds` of
    /// silence, then as long of a 1 kHz tone at half scale in both channels.
    fn float64_wav(rate: u32, seconds: u32) -> Vec<u8> {
        let frames = rate * seconds * 2;
        let data_len = frames * 2 * 8;
        let mut bytes = Vec::new();
        bytes.extend_from_slice(b"RIFF");
        bytes.extend_from_slice(&(36 + data_len).to_le_bytes());
        bytes.extend_from_slice(b"WAVEfmt ");
        bytes.extend_from_slice(&16u32.to_le_bytes());
        bytes.extend_from_slice(&3u16.to_le_bytes()); // IEEE float
        bytes.extend_from_slice(&2u16.to_le_bytes());
        bytes.extend_from_slice(&rate.to_le_bytes());
        bytes.extend_from_slice(&(rate * 16).to_le_bytes());
        bytes.extend_from_slice(&16u16.to_le_bytes());
        bytes.extend_from_slice(&64u16.to_le_bytes());
        bytes.extend_from_slice(b"data");
        bytes.extend_from_slice(&data_len.to_le_bytes());
        for i in 0..frames {
            let t = f64::from(i) / f64::from(rate);
            let value = if t >= f64::from(seconds) {
                0.5 * (t * 1_000.0 * std::f64::consts::TAU).sin()
            } else {
                0.0
            };
            bytes.extend_from_slice(&value.to_le_bytes());
            bytes.extend_from_slice(&value.to_le_bytes());
        }
        bytes
    }

    #[test]
    fn a_wav_encoding_the_wav_reader_does_not_know_goes_through_symphonia() {
        let bytes = float64_wav(48_000, 1);
        assert!(wav::read_bytes(&bytes).is_err());
        let pcm = decoded(bytes, "float.wav").unwrap();
        assert_eq!(pcm.ms(), 2_000);
        assert!(onset_ms(&pcm).abs_diff(1_000) <= 1);
        let peak = pcm
            .samples()
            .iter()
            .map(|s| s.unsigned_abs())
            .max()
            .unwrap();
        assert!(peak.abs_diff(16_384) < 200, "{peak}");
    }

    #[test]
    fn a_codec_that_cannot_be_decoded_is_named() {
        // A WAV whose format tag says a codec neither reader decodes (0x0161, WMA).
        let mut bytes = float64_wav(8_000, 1);
        bytes[20..22].copy_from_slice(&0x0161u16.to_le_bytes());
        let error = decoded(bytes, "call.wav").unwrap_err();
        assert!(
            error
                .to_string()
                .ends_with("call.wav: unsupported WAV encoding: format tag 0x0161"),
            "{error}"
        );
    }

    #[test]
    fn what_is_not_sound_is_refused_in_one_line_naming_the_file() {
        let mut garbage = Vec::new();
        let mut state = 0x2545_f491_u32;
        for _ in 0..20_000 {
            // A fixed xorshift, so the bytes are noise but the same every run.
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            garbage.push(state as u8);
        }
        let header_only = tone_wav(16_000, 1, 0.0, 0.0);
        for (bytes, name, expected) in [
            (
                garbage,
                "noise.mp3",
                format!("not a sound file ({KNOWN} can be read)"),
            ),
            (
                b"Situation: the build was red for a week.\n".to_vec(),
                "notes.wav",
                format!("not a sound file ({KNOWN} can be read)"),
            ),
            (Vec::new(), "empty.m4a", "the file is empty".into()),
            (
                b"RIFF\x04\0\0\0WAVEfmt ".to_vec(),
                "cut.wav",
                "damaged WAV file: no data chunk".into(),
            ),
            (
                header_only,
                "nothing.wav",
                "holds no sound: not one sample could be decoded".into(),
            ),
        ] {
            let error = decoded(bytes, name).unwrap_err();
            let message = error.to_string();
            assert!(
                message.ends_with(&format!("{name}: {expected}")),
                "{message}"
            );
            assert!(!message.contains('\n'));
        }
        let missing = decode_file(Path::new("/nonexistent/answer.flac")).unwrap_err();
        assert!(matches!(missing.problem, DecodeProblem::Unreadable(_)));
        assert!(
            missing
                .to_string()
                .starts_with("/nonexistent/answer.flac: cannot read it")
        );
    }
}
