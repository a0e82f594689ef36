//! Sound: what is measured from a recorded answer and its transcript (pure functions, always
//! compiled: `measures` from the sound, `coach` from the words), the
//! 16 kHz mono WAV files a session's audio is kept in, converting recordings made elsewhere,
//! behind the `record` feature, the sound card (capture and playback through `cpal`), and
//! behind the `transcribe` feature, speech recognition (whisper.cpp) and its model.

/// The one rate every stored recording has: enough for speech, and what speech
/// recognition expects.
pub const SAMPLE_RATE: u32 = 16_000;

pub mod background;
pub mod capture;
pub mod coach;
pub mod decode;
pub mod measures;
pub mod model;
pub mod playback;
pub mod players;
pub mod recognize;
pub mod resample;
pub mod stretches;
pub mod transcript;
pub mod wav;
