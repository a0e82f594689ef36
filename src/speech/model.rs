//! The speech model: where it lives, what a file holds (whisper.cpp's ggml format), and
//! putting one in place, downloaded or copied, checked before it takes its name.
//!
//! The model is 142 MiB and belongs to no one session, so it lives in a folder of its own
//! beside the data home (`~/.local/share/rehearse-models/` on Linux), never among the
//! sessions, where backups, exports and `rm` would carry it around. Reading a file's header
//! and checksums is always compiled; hashing, copying and the download are behind the
//! `transcribe` feature.

use std::fs::File;
#[cfg(feature = "transcribe")]
use std::io::Write;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

#[cfg(feature = "transcribe")]
use crate::atomic::{Existing, write_atomic_with};

/// Where `rehearse model install` fetches from by default: whisper.cpp's English-only base
/// model, as its authors publish it.
pub const DEFAULT_URL: &str =
    "https://huggingface.co/ggerganov/whisper.cpp/resolve/main/ggml-base.en.bin";

/// The checksum whisper.cpp's `models/README.md` lists for `ggml-base.en.bin`. It lists
/// SHA-1 only, so that is what the default download is checked against.
pub const DEFAULT_CHECKSUM: &str = "137c40403d78fd54d454da0f9bd998f78703390c";

/// What a ggml file starts with: "ggml" as a little-endian 32-bit number.
const GGML_MAGIC: u32 = 0x6767_6d6c;

/// The folder the model is installed in, and the file's name there.
const MODEL_FOLDER: &str = "rehearse-models";
const MODEL_FILE: &str = "whisper.bin";

/// The script that turns a CTranslate2 (faster-whisper) model into a ggml file.
pub const CONVERTER: &str = "tools/convert_ct2_to_ggml.py";

/// Where the model is installed, and looked for when neither config.toml nor the
/// environment names one; none when there is no home folder to find it from.
pub fn default_path() -> Option<PathBuf> {
    let base = directories::BaseDirs::new()?;
    Some(base.data_dir().join(MODEL_FOLDER).join(MODEL_FILE))
}

/// What whisper.cpp's header says about a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub vocabulary: u32,
    pub audio_layers: u32,
}

impl Header {
    /// Reads the header at the start of a ggml file; none when it is not one.
    pub fn read(head: &[u8]) -> Option<Header> {
        let word = |index: usize| -> Option<u32> {
            let bytes = head.get(index * 4..index * 4 + 4)?;
            Some(u32::from_le_bytes(bytes.try_into().ok()?))
        };
        if word(0)? != GGML_MAGIC {
            return None;
        }
        // After the magic: n_vocab, n_audio_ctx, n_audio_state, n_audio_head, n_audio_layer.
        Some(Header {
            vocabulary: word(1)?,
            audio_layers: word(5)?,
        })
    }

    /// The model's name as whisper.cpp's files are named: `ggml-base.en`. The size follows
    /// from the encoder's depth, and English-only models have one token fewer.
    pub fn name(&self) -> String {
        let size = match self.audio_layers {
            4 => "tiny",
            6 => "base",
            12 => "small",
            24 => "medium",
            32 => "large",
            _ => "whisper",
        };
        let english = if self.vocabulary == 51_864 { ".en" } else { "" };
        format!("ggml-{size}{english}")
    }
}

/// The first bytes of the file at `path`, enough for its header.
fn head_of(path: &Path) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(48);
    File::open(path)?.take(48).read_to_end(&mut head)?;
    Ok(head)
}

/// The model at `path`, described: its name, size and SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelFile {
    pub path: PathBuf,
    pub name: String,
    pub bytes: u64,
    pub sha256: String,
}

#[cfg(feature = "transcribe")]
/// Describes the model at `path`: `Ok(None)` when there is no file there, an error when the
/// file is not a ggml model.
pub fn describe(path: &Path) -> Result<Option<ModelFile>, String> {
    let shown = path.display();
    match path.metadata() {
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(format!("{shown}: {error}")),
        Ok(metadata) if !metadata.is_file() => return Err(format!("{shown}: not a file")),
        Ok(_) => {}
    }
    let head = head_of(path).map_err(|error| format!("{shown}: {error}"))?;
    let header = Header::read(&head)
        .ok_or_else(|| format!("{shown}: not a ggml model (whisper.cpp's format)"))?;
    let mut file = File::open(path).map_err(|error| format!("{shown}: {error}"))?;
    let mut hasher = Hasher::new(Algorithm::Sha256);
    let bytes = io::copy(&mut file, &mut hasher).map_err(|error| format!("{shown}: {error}"))?;
    Ok(Some(ModelFile {
        path: path.to_path_buf(),
        name: header.name(),
        bytes,
        sha256: hasher.hex(),
    }))
}

/// The name of the model at `path` from its header, or from the file's name when the header
/// cannot be read.
pub fn name_of(path: &Path) -> String {
    match head_of(path).ok().as_deref().and_then(Header::read) {
        Some(header) => header.name(),
        None => path
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_else(|| "whisper".to_string()),
    }
}

/// A checksum a file must have: SHA-256 (64 hex digits) or SHA-1 (40), told apart by length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checksum {
    algorithm: Algorithm,
    hex: String,
}

/// The checksums a model is published with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    Sha1,
    Sha256,
}

impl Checksum {
    /// Reads a checksum written in hex.
    pub fn parse(hex: &str) -> Result<Checksum, String> {
        let hex = hex.trim().to_ascii_lowercase();
        let algorithm = match hex.len() {
            40 => Algorithm::Sha1,
            64 => Algorithm::Sha256,
            _ => return Err(format!("{hex:?} is neither a SHA-1 nor a SHA-256 checksum")),
        };
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!("{hex:?} is not a checksum in hex"));
        }
        Ok(Checksum { algorithm, hex })
    }
}

impl std::fmt::Display for Checksum {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = match self.algorithm {
            Algorithm::Sha1 => "sha1",
            Algorithm::Sha256 => "sha256",
        };
        write!(f, "{name} {}", self.hex)
    }
}

/// A writer that only hashes what goes through it.
#[cfg(feature = "transcribe")]
enum Hasher {
    Sha1(sha1::Sha1),
    Sha256(sha2::Sha256),
}

#[cfg(feature = "transcribe")]
impl Hasher {
    fn new(algorithm: Algorithm) -> Hasher {
        use sha2::Digest;
        match algorithm {
            Algorithm::Sha1 => Hasher::Sha1(sha1::Sha1::new()),
            Algorithm::Sha256 => Hasher::Sha256(sha2::Sha256::new()),
        }
    }

    fn hex(self) -> String {
        use sha2::Digest;
        let digest: Vec<u8> = match self {
            Hasher::Sha1(hasher) => hasher.finalize().to_vec(),
            Hasher::Sha256(hasher) => hasher.finalize().to_vec(),
        };
        digest.iter().map(|byte| format!("{byte:02x}")).collect()
    }
}

#[cfg(feature = "transcribe")]
impl Write for Hasher {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        use sha2::Digest;
        match self {
            Hasher::Sha1(hasher) => hasher.update(bytes),
            Hasher::Sha256(hasher) => hasher.update(bytes),
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Why a model could not be put in place. Nothing is left behind in any case.
#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    /// What was given is not something the model can be made from (the person's mistake).
    #[error("{0}")]
    NotAModel(String),
    /// The download arrived, but not as published.
    #[error("{url}: the download should have {expected} but has {actual}; nothing was installed")]
    WrongChecksum {
        url: String,
        expected: Checksum,
        actual: String,
    },
    /// The network or the disk failed.
    #[error("{0}")]
    Failed(String),
}

/// How far a copy or download is: bytes so far, and of how many when known.
pub type Progress<'a> = &'a mut dyn FnMut(u64, Option<u64>);

#[cfg(feature = "transcribe")]
/// Copies everything from `from` into `to`, hashing it and telling `progress`.
fn copy_hashing(
    from: &mut dyn Read,
    to: &mut dyn Write,
    hasher: &mut Hasher,
    total: Option<u64>,
    progress: Progress<'_>,
) -> io::Result<u64> {
    let mut buffer = vec![0u8; 256 * 1024];
    let mut done = 0u64;
    progress(0, total);
    loop {
        let read = match from.read(&mut buffer) {
            Ok(0) => break,
            Ok(read) => read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        to.write_all(&buffer[..read])?;
        hasher.write_all(&buffer[..read])?;
        done += read as u64;
        progress(done, total);
    }
    Ok(done)
}

#[cfg(feature = "transcribe")]
/// A stream of bytes that must be a ggml model with `expected`'s checksum (when given),
/// written to `dest` whole or not at all. `source` names it in messages.
fn install_stream(
    source: &str,
    from: &mut dyn Read,
    total: Option<u64>,
    expected: Option<&Checksum>,
    dest: &Path,
    progress: Progress<'_>,
) -> Result<(), InstallError> {
    let mut hasher = Hasher::new(expected.map_or(Algorithm::Sha256, |c| c.algorithm));
    // The checks run inside the atomic write, so a failed one leaves only the temporary file,
    // which the atomic writer removes: the model already in place, if any, stays.
    let mut refused: Option<InstallError> = None;
    let written = write_atomic_with(dest, Existing::Replace, |out| {
        let mut head = [0u8; 24];
        let mut got = 0;
        while got < head.len() {
            match from.read(&mut head[got..])? {
                0 => break,
                read => got += read,
            }
        }
        if Header::read(&head[..got]).is_none() {
            refused = Some(InstallError::NotAModel(format!(
                "{source}: not a ggml model (whisper.cpp's format)"
            )));
            return Err(io::Error::other("refused"));
        }
        out.write_all(&head[..got])?;
        hasher.write_all(&head[..got])?;
        let mut after_head = |done: u64, total: Option<u64>| progress(done + got as u64, total);
        copy_hashing(from, out, &mut hasher, total, &mut after_head)?;
        let actual = std::mem::replace(&mut hasher, Hasher::new(Algorithm::Sha256)).hex();
        if let Some(expected) = expected
            && expected.hex != actual
        {
            refused = Some(InstallError::WrongChecksum {
                url: source.to_string(),
                expected: expected.clone(),
                actual: format!(
                    "{}",
                    Checksum {
                        algorithm: expected.algorithm,
                        hex: actual
                    }
                ),
            });
            return Err(io::Error::other("refused"));
        }
        Ok(())
    });
    match (written, refused) {
        (_, Some(refused)) => Err(refused),
        (Ok(()), None) => Ok(()),
        (Err(error), None) => Err(InstallError::Failed(format!(
            "cannot write {}: {error}",
            dest.display()
        ))),
    }
}

/// Downloads the model at `url` into `dest` (through a temporary file in the same folder),
/// checked against `expected` before it takes its name.
#[cfg(feature = "transcribe")]
pub fn install(
    url: &str,
    expected: &Checksum,
    dest: &Path,
    progress: Progress<'_>,
) -> Result<(), InstallError> {
    let response = ureq::get(url)
        .call()
        .map_err(|error| InstallError::Failed(format!("{url}: {error}")))?;
    let total = response
        .headers()
        .get("content-length")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    let mut body = response.into_body();
    // ureq caps a body at 10 MB unless told otherwise; a model is far larger.
    let mut reader = body.with_config().limit(u64::MAX).reader();
    install_stream(url, &mut reader, total, Some(expected), dest, progress)
}

#[cfg(feature = "transcribe")]
/// Puts a model the person already has in place at `dest`: a ggml file is copied; a
/// CTranslate2 folder (faster-whisper's format) is refused with the way to convert it.
pub fn install_from(from: &Path, dest: &Path, progress: Progress<'_>) -> Result<(), InstallError> {
    let shown = from.display().to_string();
    if from.is_dir() {
        let message = if from.join("model.bin").is_file() && from.join("tokenizer.json").is_file() {
            format!(
                "{shown} is a CTranslate2 model (faster-whisper's format); convert it to ggml first: python3 {CONVERTER} {shown} ggml-base.bin (needs numpy), then rehearse model install --from ggml-base.bin"
            )
        } else {
            format!("{shown} is a folder, not a ggml model file")
        };
        return Err(InstallError::NotAModel(message));
    }
    let mut file =
        File::open(from).map_err(|error| InstallError::NotAModel(format!("{shown}: {error}")))?;
    let total = file.metadata().ok().map(|metadata| metadata.len());
    install_stream(&shown, &mut file, total, None, dest, progress)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The start of a ggml file with `vocabulary` tokens and `layers` encoder layers.
    fn fake_ggml(vocabulary: u32, layers: u32, filler: usize) -> Vec<u8> {
        let mut bytes = Vec::new();
        for word in [GGML_MAGIC, vocabulary, 1500, 512, 8, layers] {
            bytes.extend_from_slice(&word.to_le_bytes());
        }
        bytes.resize(bytes.len() + filler, 7);
        bytes
    }

    #[test]
    fn a_header_names_the_model_as_whisper_cpp_does() {
        let english = Header::read(&fake_ggml(51_864, 6, 0)).unwrap();
        assert_eq!(english.name(), "ggml-base.en");
        let multilingual = Header::read(&fake_ggml(51_865, 6, 0)).unwrap();
        assert_eq!(multilingual.name(), "ggml-base");
        assert_eq!(Header::read(b"RIFF\0\0\0\0WAVEfmt "), None);
        assert_eq!(Header::read(b"lmgg"), None);
    }

    #[test]
    fn checksums_are_told_apart_by_length() {
        let sha1 = Checksum::parse(DEFAULT_CHECKSUM).unwrap();
        assert_eq!(sha1.algorithm, Algorithm::Sha1);
        let sha256 = Checksum::parse(&"A".repeat(64)).unwrap();
        assert_eq!(sha256.algorithm, Algorithm::Sha256);
        assert_eq!(sha256.hex, "a".repeat(64));
        assert!(Checksum::parse("abc").is_err());
        assert!(Checksum::parse(&"g".repeat(40)).is_err());
    }

    #[cfg(feature = "transcribe")]
    #[test]
    fn a_file_that_is_not_ggml_is_refused_and_nothing_is_left() {
        let folder = tempfile::tempdir().unwrap();
        let wav = folder.path().join("answer.wav");
        std::fs::write(&wav, b"RIFF\0\0\0\0WAVEfmt more bytes here").unwrap();
        let dest = folder.path().join("models/whisper.bin");
        let error = install_from(&wav, &dest, &mut |_, _| {}).unwrap_err();
        assert!(matches!(error, InstallError::NotAModel(_)), "{error}");
        assert!(error.to_string().contains("not a ggml model"), "{error}");
        let left: Vec<_> = std::fs::read_dir(dest.parent().unwrap()).unwrap().collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[cfg(feature = "transcribe")]
    #[test]
    fn a_ctranslate2_folder_is_refused_with_the_way_to_convert_it() {
        let folder = tempfile::tempdir().unwrap();
        std::fs::write(folder.path().join("model.bin"), b"\x06\0\0\0").unwrap();
        std::fs::write(folder.path().join("tokenizer.json"), b"{}").unwrap();
        let dest = folder.path().join("whisper.bin");
        let error = install_from(folder.path(), &dest, &mut |_, _| {}).unwrap_err();
        assert!(error.to_string().contains(CONVERTER), "{error}");
        assert!(!dest.exists());
    }

    #[cfg(feature = "transcribe")]
    #[test]
    fn a_ggml_file_is_copied_into_place_and_described() {
        let folder = tempfile::tempdir().unwrap();
        let source = folder.path().join("ggml-base.en.bin");
        let model = fake_ggml(51_864, 6, 300_000);
        std::fs::write(&source, &model).unwrap();
        let dest = folder.path().join("models/whisper.bin");
        let mut last = (0, None);
        install_from(&source, &dest, &mut |done, total| last = (done, total)).unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), model);
        assert_eq!(last, (model.len() as u64, Some(model.len() as u64)));
        let described = describe(&dest).unwrap().unwrap();
        assert_eq!(described.name, "ggml-base.en");
        assert_eq!(described.bytes, model.len() as u64);
        assert_eq!(describe(&folder.path().join("none.bin")).unwrap(), None);
    }
}
