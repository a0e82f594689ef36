//! A session's recordings in the store. A drill's recording grows under an unfinished name,
//! `<id>.wav.recording`, while its writer holds it, and takes its real name, `<id>.wav` (the
//! follow-up's `<id>.follow-up.wav`), in one rename once whole; one that a killed drill left
//! is repaired and named the next time the store lists its month. A recording made elsewhere
//! is written whole.

use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::record::{AudioRef, Session};
use super::store::{Order, SessionFile, Store};
use crate::atomic::{Existing, GrowingFile, is_being_written, write_atomic};
use crate::files::{Links, read_regular};
use crate::speech::SAMPLE_RATE;
use crate::speech::measures::measure;
use crate::speech::wav::{Pcm16k, WavSink, repair};
use crate::text::shown_path;
use crate::ui;

/// Which answer of a session a recording is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Take {
    Answer,
    FollowUp,
}

impl Take {
    pub const ALL: [Take; 2] = [Take::Answer, Take::FollowUp];

    fn file(self) -> SessionFile {
        match self {
            Take::Answer => SessionFile::Audio,
            Take::FollowUp => SessionFile::FollowUpAudio,
        }
    }
}

/// What follows a recording's name while it is being made.
pub(super) const GROWING_SUFFIX: &str = ".recording";

/// One recording file in the store, for the disk it takes and for pruning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordingFile {
    pub id: String,
    pub take: Take,
    pub path: PathBuf,
    pub bytes: u64,
    pub modified: SystemTime,
}

/// The unfinished name of the file at `path`.
fn growing_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(GROWING_SUFFIX);
    PathBuf::from(name)
}

impl Store {
    /// Starts the recording of `take` for the session to be saved as `id`: a new private file
    /// under its unfinished name in the session's month folder.
    pub fn begin_recording(&self, id: &str, take: Take) -> io::Result<GrowingFile> {
        let path = self.path_of(id, take.file());
        self.check_folders_of(&path)?;
        GrowingFile::create(&growing_path(&path))
    }

    /// Gives a finished recording its real name beside the record of `id` (the id the record
    /// was saved under, which may not be the one it was begun for), never over another file.
    /// Returns the file's name, as the record names it.
    pub fn keep_recording(&self, growing: GrowingFile, id: &str, take: Take) -> io::Result<String> {
        let path = self.file_beside(id, take.file());
        growing.finish(&path)?;
        Ok(file_name(&path))
    }

    /// The name the recording of `take` of the session `id` has, beside its record.
    pub fn recording_name(id: &str, take: Take) -> String {
        format!("{id}{}", take.file().suffix())
    }

    /// Writes a recording made elsewhere (already converted) as the recording of `take` of
    /// the saved session `id`, replacing the one it had. Returns the file's name.
    pub fn save_recording(&self, id: &str, take: Take, wav: &[u8]) -> io::Result<String> {
        let path = self.file_beside(id, take.file());
        self.check_folders_of(&path)?;
        write_atomic(&path, wav, Existing::Replace)?;
        Ok(file_name(&path))
    }

    /// Keeps `audio`, recorded elsewhere (`from` names its file) or again, as the recording
    /// of `take` of the saved session `id`, measured, replacing any it had; the record says
    /// so. Returns the record as saved.
    pub fn attach_recording(
        &self,
        id: &str,
        take: Take,
        audio: &Pcm16k,
        from: Option<&str>,
    ) -> io::Result<Session> {
        let file = self.save_recording(id, take, &wav_bytes(audio)?)?;
        let audio_ref = AudioRef {
            file,
            ms: audio.ms(),
            sample_rate: SAMPLE_RATE,
            paused: None,
            attached_from: from.map(str::to_string),
            pruned_on: None,
            extra: Default::default(),
        };
        let measures = measure(audio.samples(), SAMPLE_RATE);
        self.update(id, |session| match take {
            Take::Answer => {
                session.audio = Some(audio_ref.clone());
                session.set_sound(measures.clone());
            }
            Take::FollowUp => {
                if let Some(follow_up) = session.follow_up.as_mut() {
                    follow_up.audio = Some(audio_ref.clone());
                    follow_up.set_sound(measures.clone());
                }
            }
        })
    }

    /// The recording of `take` of the session `id`, when there is one.
    pub fn recording_of(&self, id: &str, take: Take) -> Option<PathBuf> {
        let path = self.file_beside(id, take.file());
        path.symlink_metadata()
            .is_ok_and(|metadata| metadata.is_file())
            .then_some(path)
    }

    /// Every finished recording in the store, oldest first.
    pub fn recordings(&self) -> Vec<RecordingFile> {
        let mut found = Vec::new();
        for month in self.months(Order::OldestFirst, &mut Vec::new()) {
            let Ok(entries) = std::fs::read_dir(&month) else {
                continue;
            };
            let mut names: Vec<_> = entries.flatten().collect();
            names.sort_by_key(|entry| entry.file_name());
            for entry in names {
                let name = entry.file_name();
                let Some(name) = name.to_str() else {
                    continue;
                };
                let Some((id, take)) = recording_name(name) else {
                    continue;
                };
                let Ok(metadata) = entry.metadata() else {
                    continue;
                };
                if !metadata.is_file() {
                    continue;
                }
                found.push(RecordingFile {
                    id: id.to_string(),
                    take,
                    path: entry.path(),
                    bytes: metadata.len(),
                    modified: metadata.modified().unwrap_or(SystemTime::UNIX_EPOCH),
                });
            }
        }
        found
    }

    /// Deletes one recording to free the disk it takes (`prune`, which the person asked for
    /// and was told of); the record keeps what was measured from it.
    pub fn delete_recording(&self, recording: &RecordingFile) -> io::Result<()> {
        std::fs::remove_file(&recording.path)
    }

    /// Where a session's file of this kind belongs: beside its record wherever the record is.
    pub(super) fn file_beside(&self, id: &str, file: SessionFile) -> PathBuf {
        match self.record_file(id) {
            Some(record) => record.with_file_name(format!("{id}{}", file.suffix())),
            None => self.path_of(id, file),
        }
    }
}

/// Whether a listed file is a recording a killed drill left unfinished (not one being made).
pub(super) fn is_left_unfinished(path: &Path) -> bool {
    path.to_str()
        .is_some_and(|text| text.ends_with(&format!(".wav{GROWING_SUFFIX}")))
        && !is_being_written(path)
}

/// Repairs a recording a killed drill left unfinished: its header is restated from what
/// reached the disk and it takes its real name, with a warning that says what happened and,
/// when no record names it, how to keep it. Why not, when it cannot be.
pub(super) fn recover_unfinished(path: &Path) -> Result<(), String> {
    let bytes =
        read_regular(path, Links::Refuse).map_err(|error| format!("cannot read: {error}"))?;
    let repaired = match repair(&bytes) {
        Ok(Some(repaired)) => repaired,
        Ok(None) => bytes,
        Err(error) => {
            return Err(format!(
                "a recording cut short that cannot be repaired: {error}"
            ));
        }
    };
    let text = path.to_string_lossy();
    let target = PathBuf::from(text.strip_suffix(GROWING_SUFFIX).unwrap_or(&text));
    match write_atomic(&target, &repaired, Existing::Keep) {
        Ok(()) => {}
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
            return Err(format!(
                "a recording cut short, beside a finished one of the same name ({}); move one away",
                shown_path(&target)
            ));
        }
        Err(error) => {
            return Err(format!(
                "a recording cut short that cannot be kept: {error}"
            ));
        }
    }
    let _ = std::fs::remove_file(path);
    let name = file_name(&target);
    let id = name.split('.').next().unwrap_or_default();
    let record = target.with_file_name(format!("{id}{}", SessionFile::Record.suffix()));
    let keep = if record.exists() {
        String::new()
    } else {
        format!(
            "; no record has it (the drill was stopped before saving): `rehearse log --prompt ID --duration D --audio {}` keeps it",
            shown_path(&target)
        )
    };
    ui::warn(format!(
        "{}: a recording its drill never finished was repaired and kept as {name}{keep}",
        shown_path(path)
    ));
    Ok(())
}

/// A whole WAV file of `audio`, in memory.
fn wav_bytes(audio: &Pcm16k) -> io::Result<Vec<u8>> {
    let mut sink = WavSink::new(io::Cursor::new(Vec::new()))?;
    sink.write(audio.samples())?;
    Ok(sink.finish()?.into_inner())
}

/// The session id and take a finished recording's file name gives.
fn recording_name(name: &str) -> Option<(&str, Take)> {
    // The follow-up's first: its suffix ends like the answer's.
    for take in [Take::FollowUp, Take::Answer] {
        if let Some(id) = name.strip_suffix(take.file().suffix())
            && !id.is_empty()
            && !id.contains('.')
        {
            return Some((id, take));
        }
    }
    None
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;
    use crate::testkit::SessionBuilder;

    #[test]
    fn a_recording_grows_under_its_unfinished_name_and_is_kept_beside_its_record() {
        let home = tempfile::tempdir().unwrap();
        let store = Store::new(home.path());
        let mut session = SessionBuilder::new("conflict-1")
            .at("2026-12-02T10:15:00+01:00")
            .id("20261202-101500-abcd")
            .build();
        let mut growing = store.begin_recording(&session.id, Take::Answer).unwrap();
        growing.write_all(b"RIFF").unwrap();
        let month = home.path().join("sessions/2026/12");
        assert!(month.join("20261202-101500-abcd.wav.recording").exists());
        assert!(store.recording_of(&session.id, Take::Answer).is_none());
        store.save_new(&mut session).unwrap();
        let name = store
            .keep_recording(growing, &session.id, Take::Answer)
            .unwrap();
        assert_eq!(name, "20261202-101500-abcd.wav");
        assert_eq!(
            store.recording_of(&session.id, Take::Answer),
            Some(month.join(&name))
        );
        let listed = store.recordings();
        assert_eq!(listed.len(), 1);
        assert_eq!(
            (listed[0].id.as_str(), listed[0].take),
            (session.id.as_str(), Take::Answer)
        );
        assert_eq!(listed[0].bytes, 4);
    }
}
