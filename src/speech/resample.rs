//! Bringing sound from whatever rate a sound card or a file has to the stored 16 kHz, as it
//! arrives: a streaming band-limited resampler (a Kaiser-windowed sinc low-pass evaluated
//! at each output sample's exact position), and mixing several channels to one.
//!
//! Speech keeps what matters to a listener and to speech recognition below 7 kHz, so the
//! filter passes everything up to 7/8 of the narrower band (7 kHz for 16 kHz out) and stops
//! anything above 98.75% of it (7.9 kHz), where a tone would fold back over the speech: by
//! about 90 dB at that edge and below 16-bit's reach beyond it. The filter is centred on each output sample, so nothing is delayed: a
//! sound at 2.000 s in the input is at 2.000 s in the output, which the pause measures
//! rely on.
//!
//! It is cheap enough to run beside a recording: `benches/speech_accuracy.rs` measures
//! 44.1 or 48 kHz in a sound card's 10 ms pieces at about 0.1% of one core, 96 kHz at
//! under 0.2%.

use super::SAMPLE_RATE;

/// Converts a stream at one rate to [`SAMPLE_RATE`], whatever size the pieces come in: the
/// output of many pushes is the output of one push of them all, sample for sample.
#[derive(Debug, Clone)]
pub struct Resampler {
    from_rate: u32,
    kind: Kind,
}

#[derive(Debug, Clone)]
enum Kind {
    /// Already at the stored rate: only converted to 16 bits.
    Passthrough,
    Filter(Box<SincFilter>),
}

/// How far a stopband tone is pushed down, in dB; it sets the filter's length.
const STOPBAND_DB: f64 = 90.0;

/// The filter edges as fractions of the narrower of the two bands (input and output).
const PASS_EDGE: f64 = 0.875;
const STOP_EDGE: f64 = 0.9875;

/// The most filter phases kept in the table. Every common rate needs fewer (44.1 kHz needs
/// 160, 11.025 kHz 640) and gets each output position exactly; an odd rate gets positions
/// between table rows by interpolating two neighbours.
const MAX_PHASES: u64 = 1024;

#[derive(Debug, Clone)]
struct SincFilter {
    /// Output positions step `down / up` input samples: the rates' reduced ratio.
    up: u64,
    down: u64,
    /// Rows in the table less one: row `p` is the filter at phase `p / phases`, and the
    /// extra last row (phase 1) lets the last row be interpolated like any other.
    phases: u64,
    taps: usize,
    table: Vec<f32>,
    /// Input samples still needed, preceded at the very start by `taps / 2 - 1` zeros so
    /// the first output is centred on the first input. `history[0]` is sample
    /// `history_start` of that zero-led stream.
    history: Vec<f32>,
    history_start: u64,
    /// Input samples pushed since the start (without the leading zeros).
    input_len: u64,
    /// Output samples produced since the start.
    output_len: u64,
}

impl Resampler {
    /// A resampler from `from_rate` samples a second (any rate above zero) to
    /// [`SAMPLE_RATE`].
    pub fn new(from_rate: u32) -> Resampler {
        assert!(from_rate > 0, "a sample rate of zero");
        let kind = if from_rate == SAMPLE_RATE {
            Kind::Passthrough
        } else {
            Kind::Filter(Box::new(SincFilter::new(from_rate)))
        };
        Resampler { from_rate, kind }
    }

    /// The rate this resampler takes.
    pub fn from_rate(&self) -> u32 {
        self.from_rate
    }

    /// Takes samples in [-1, 1] and appends to `out` every output sample they complete.
    /// A filtered rate holds back about half the filter's length (a few milliseconds)
    /// until more input or [`Resampler::finish`] arrives.
    pub fn push(&mut self, input: &[f32], out: &mut Vec<i16>) {
        match &mut self.kind {
            Kind::Passthrough => out.extend(input.iter().map(|&s| f32_to_i16(s))),
            Kind::Filter(filter) => {
                filter.history.extend_from_slice(input);
                filter.input_len += input.len() as u64;
                filter.emit(u64::MAX, out);
            }
        }
    }

    /// Ends the stream: appends the held-back samples, so the whole output has the input's
    /// length times the rates' ratio, rounded up. The resampler is then ready for a new
    /// stream.
    pub fn finish(&mut self, out: &mut Vec<i16>) {
        if let Kind::Filter(filter) = &mut self.kind {
            let total = (filter.input_len * filter.up).div_ceil(filter.down);
            // Silence after the end, enough for the last output's filter to reach past it.
            let tail = filter.taps / 2 + 1;
            filter.history.extend(std::iter::repeat_n(0.0, tail));
            filter.emit(total, out);
            filter.restart();
        }
    }
}

impl SincFilter {
    fn new(from_rate: u32) -> SincFilter {
        let common = gcd(u64::from(from_rate), u64::from(SAMPLE_RATE));
        let up = u64::from(SAMPLE_RATE) / common;
        let down = u64::from(from_rate) / common;
        let from = f64::from(from_rate);
        let band = f64::from(from_rate.min(SAMPLE_RATE)) / 2.0;
        // In cycles per input sample.
        let cutoff = (PASS_EDGE + STOP_EDGE) / 2.0 * band / from;
        let transition = (STOP_EDGE - PASS_EDGE) * band / from;
        // Kaiser's estimate of the length for this stopband and transition width.
        let length = (STOPBAND_DB - 7.95) / (14.36 * transition);
        // A multiple of eight, so the inner product runs in whole blocks.
        let taps = (length.ceil() as usize).div_ceil(8) * 8;
        let beta = 0.1102 * (STOPBAND_DB - 8.7);
        let phases = up.min(MAX_PHASES);
        let half = taps as f64 / 2.0;
        let mut table = Vec::with_capacity((phases as usize + 1) * taps);
        for phase in 0..=phases {
            let offset = phase as f64 / phases as f64;
            let row: Vec<f64> = (0..taps)
                .map(|tap| {
                    // How far this tap's input sample is from the output position.
                    let t = offset + half - 1.0 - tap as f64;
                    2.0 * cutoff * sinc(2.0 * cutoff * t) * kaiser(t / half, beta)
                })
                .collect();
            // Each row sums to one, so a steady level comes out at exactly that level.
            let sum: f64 = row.iter().sum();
            table.extend(row.iter().map(|&c| (c / sum) as f32));
        }
        let mut filter = SincFilter {
            up,
            down,
            phases,
            taps,
            table,
            history: Vec::new(),
            history_start: 0,
            input_len: 0,
            output_len: 0,
        };
        filter.restart();
        filter
    }

    fn restart(&mut self) {
        self.history.clear();
        self.history.resize(self.taps / 2 - 1, 0.0);
        self.history_start = 0;
        self.input_len = 0;
        self.output_len = 0;
    }

    /// Appends every output sample the history covers, stopping at `limit` outputs in all,
    /// and lets go of the input no later output needs.
    fn emit(&mut self, limit: u64, out: &mut Vec<i16>) {
        let history_end = self.history_start + self.history.len() as u64;
        while self.output_len < limit {
            let position = self.output_len * self.down;
            let first = position / self.up;
            if first + self.taps as u64 > history_end {
                break;
            }
            let at = (first - self.history_start) as usize;
            let window = &self.history[at..at + self.taps];
            let scaled = position % self.up * self.phases;
            let row = (scaled / self.up) as usize;
            let between = scaled % self.up;
            let value = if between == 0 {
                dot(window, self.row(row))
            } else {
                let t = between as f32 / self.up as f32;
                (1.0 - t) * dot(window, self.row(row)) + t * dot(window, self.row(row + 1))
            };
            out.push(f32_to_i16(value));
            self.output_len += 1;
        }
        let next_first = self.output_len * self.down / self.up;
        let unneeded = next_first.saturating_sub(self.history_start) as usize;
        let unneeded = unneeded.min(self.history.len());
        self.history.drain(..unneeded);
        self.history_start += unneeded as u64;
    }

    fn row(&self, row: usize) -> &[f32] {
        &self.table[row * self.taps..(row + 1) * self.taps]
    }
}

/// The inner product of two equal slices whose length is a multiple of eight, in eight
/// running sums so the compiler can keep them in one vector register.
fn dot(samples: &[f32], coefficients: &[f32]) -> f32 {
    let mut sums = [0.0f32; 8];
    for (x, c) in samples.chunks_exact(8).zip(coefficients.chunks_exact(8)) {
        for lane in 0..8 {
            sums[lane] += x[lane] * c[lane];
        }
    }
    sums.iter().sum()
}

fn sinc(x: f64) -> f64 {
    if x.abs() < 1e-12 {
        1.0
    } else {
        let px = std::f64::consts::PI * x;
        px.sin() / px
    }
}

/// The Kaiser window at `x` in [-1, 1].
fn kaiser(x: f64, beta: f64) -> f64 {
    let inside = (1.0 - x * x).max(0.0);
    bessel_i0(beta * inside.sqrt()) / bessel_i0(beta)
}

/// The modified Bessel function of the first kind, order zero, by its power series (which
/// converges fast for the window's arguments, at most about 9).
fn bessel_i0(x: f64) -> f64 {
    let quarter_square = x * x / 4.0;
    let mut term = 1.0;
    let mut sum = 1.0;
    for k in 1..64 {
        term *= quarter_square / (k * k) as f64;
        sum += term;
        if term < sum * 1e-17 {
            break;
        }
    }
    sum
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// A 16-bit sample as a float in [-1, 1); [`f32_to_i16`] undoes it exactly, so a
/// recording already at the stored rate passes through unchanged.
pub fn i16_to_f32(sample: i16) -> f32 {
    f32::from(sample) / 32768.0
}

/// A float sample as 16 bits, rounded, with anything beyond full scale held at full scale.
pub fn f32_to_i16(sample: f32) -> i16 {
    (sample * 32768.0).round().clamp(-32768.0, 32767.0) as i16
}

/// Appends to `out` the average of each frame of `interleaved` (`channels` samples a
/// frame): what a sound card or a file with several channels sounds like in one. A cut
/// frame at the end is dropped.
pub fn mix_to_mono(interleaved: &[f32], channels: usize, out: &mut Vec<f32>) {
    match channels {
        0 => {}
        1 => out.extend_from_slice(interleaved),
        _ => out.extend(
            interleaved
                .chunks_exact(channels)
                .map(|frame| frame.iter().sum::<f32>() / channels as f32),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    const RATES: [u32; 8] = [
        8_000, 11_025, 22_050, 32_000, 44_100, 48_000, 96_000, 44_056,
    ];

    fn sine(rate: u32, frequency: f64, amplitude: f64, seconds: f64) -> Vec<f32> {
        let len = (f64::from(rate) * seconds) as usize;
        (0..len)
            .map(|i| {
                let t = i as f64 / f64::from(rate);
                (amplitude * (t * frequency * std::f64::consts::TAU).sin()) as f32
            })
            .collect()
    }

    fn resample(rate: u32, input: &[f32]) -> Vec<i16> {
        let mut resampler = Resampler::new(rate);
        let mut out = Vec::new();
        resampler.push(input, &mut out);
        resampler.finish(&mut out);
        out
    }

    /// The amplitude of `frequency` in `samples` (at 16 kHz), from a least-squares fit of a
    /// sine and a cosine over the middle, away from the ends' ramps.
    fn amplitude_at(samples: &[i16], frequency: f64) -> f64 {
        let middle = &samples[samples.len() / 4..samples.len() * 3 / 4];
        let (mut sin_sum, mut cos_sum) = (0.0, 0.0);
        for (i, &s) in middle.iter().enumerate() {
            let phase = i as f64 / f64::from(SAMPLE_RATE) * frequency * std::f64::consts::TAU;
            let value = f64::from(s) / 32768.0;
            sin_sum += value * phase.sin();
            cos_sum += value * phase.cos();
        }
        2.0 * (sin_sum * sin_sum + cos_sum * cos_sum).sqrt() / middle.len() as f64
    }

    fn rms(samples: &[i16]) -> f64 {
        let middle = &samples[samples.len() / 4..samples.len() * 3 / 4];
        let sum: f64 = middle
            .iter()
            .map(|&s| (f64::from(s) / 32768.0).powi(2))
            .sum();
        (sum / middle.len() as f64).sqrt()
    }

    #[test]
    fn the_stored_rate_passes_through_untouched() {
        let input: Vec<f32> = (-300..300)
            .map(|i| f32::from(i as i16 * 100) / 32768.0)
            .collect();
        let out = resample(SAMPLE_RATE, &input);
        let expected: Vec<i16> = (-300..300).map(|i| i as i16 * 100).collect();
        assert_eq!(out, expected);
    }

    #[test]
    fn chunk_boundaries_do_not_change_a_sample() {
        let mut rng = ChaCha8Rng::seed_from_u64(14);
        for rate in RATES {
            let input: Vec<f32> = (0..rate as usize / 2)
                .map(|_| rng.random_range(-0.5..0.5))
                .collect();
            let whole = resample(rate, &input);
            let mut resampler = Resampler::new(rate);
            let mut pieces = Vec::new();
            let mut rest = &input[..];
            while !rest.is_empty() {
                let take = rng.random_range(0..=rest.len().min(3_000));
                resampler.push(&rest[..take], &mut pieces);
                rest = &rest[take..];
            }
            resampler.finish(&mut pieces);
            assert_eq!(pieces, whole, "{rate} Hz");
        }
    }

    #[test]
    fn the_length_follows_the_ratio_and_a_finished_resampler_starts_over() {
        for rate in RATES {
            let mut resampler = Resampler::new(rate);
            for len in [0usize, 1, 7, 12_345, rate as usize * 3] {
                let mut out = Vec::new();
                resampler.push(&vec![0.1; len], &mut out);
                resampler.finish(&mut out);
                let exact = len as f64 * f64::from(SAMPLE_RATE) / f64::from(rate);
                assert!(
                    (out.len() as f64 - exact).abs() < 1.0,
                    "{rate} Hz, {len} in: {} out, {exact} exact",
                    out.len()
                );
            }
        }
    }

    #[test]
    fn a_1_khz_tone_keeps_its_level_and_its_pitch() {
        for rate in RATES {
            let out = resample(rate, &sine(rate, 1_000.0, 0.5, 1.0));
            let at_1k = amplitude_at(&out, 1_000.0);
            assert!((at_1k / 0.5 - 1.0).abs() < 0.002, "{rate} Hz: {at_1k}");
            // All of it is at 1 kHz: what is left is the 16-bit rounding.
            let rest = (rms(&out).powi(2) - at_1k.powi(2) / 2.0).max(0.0).sqrt();
            assert!(rest < 1e-3, "{rate} Hz: {rest} elsewhere");
        }
    }

    #[test]
    fn tones_above_the_band_are_stopped_instead_of_folding_into_speech() {
        for rate in [22_050, 44_100, 48_000, 96_000] {
            for frequency in [7_900.0, 8_500.0, 10_000.0, 11_000.0] {
                let out = resample(rate, &sine(rate, frequency, 0.9, 0.5));
                let level = 20.0 * (rms(&out) / (0.9 / 2f64.sqrt())).log10();
                assert!(
                    level < -80.0,
                    "{rate} Hz, {frequency} Hz tone: {level:.1} dB"
                );
            }
        }
    }

    #[test]
    fn eight_khz_up_adds_no_image_of_a_tone() {
        let out = resample(8_000, &sine(8_000, 1_000.0, 0.5, 1.0));
        // Without the filter, a 1 kHz tone at 8 kHz would also sound at 7 kHz.
        let image = amplitude_at(&out, 7_000.0);
        assert!(20.0 * (image / 0.5).log10() < -80.0, "image {image}");
    }

    #[test]
    fn nothing_is_delayed() {
        for rate in RATES {
            let mut input = vec![0.0f32; rate as usize];
            let click = rate as usize / 2;
            input[click] = 0.9;
            let out = resample(rate, &input);
            let peak = (0..out.len()).max_by_key(|&i| out[i].abs()).unwrap();
            let heard = peak as f64 / f64::from(SAMPLE_RATE);
            let made = click as f64 / f64::from(rate);
            let half_sample = 0.5 / f64::from(SAMPLE_RATE);
            assert!(
                (heard - made).abs() <= half_sample,
                "{rate} Hz: {heard} for {made}"
            );
        }
    }

    #[test]
    fn channels_are_averaged() {
        let mut out = Vec::new();
        mix_to_mono(&[0.5, 0.25, -1.0, 1.0, 0.3], 2, &mut out);
        assert_eq!(out, [0.375, 0.0]);
        mix_to_mono(&[0.1, 0.2], 1, &mut out);
        assert_eq!(out, [0.375, 0.0, 0.1, 0.2]);
    }
}
