//! A session's transcript in the store: `<id>.transcript.json` beside its record, written
//! whole (and private, like every session file), and named by the record with its word
//! count and the model that heard it.

use std::io;

use super::record::{Session, TranscriptRef};
use super::store::{SessionFile, Store};
use crate::atomic::{Existing, write_atomic};
use crate::files::{Links, read_regular};
use crate::speech::transcript::Transcript;

impl Store {
    /// Keeps `transcript` as the transcript of the saved session `id`, replacing any it had,
    /// and says so in the record. The file is written before the record names it, so a
    /// record never names a transcript that is not there. Returns the record as saved.
    pub fn save_transcript(&self, id: &str, transcript: &Transcript) -> io::Result<Session> {
        let path = self.file_beside(id, SessionFile::Transcript);
        self.check_folders_of(&path)?;
        let mut json = serde_json::to_vec_pretty(transcript).map_err(io::Error::other)?;
        json.push(b'\n');
        write_atomic(&path, &json, Existing::Replace)?;
        let reference = TranscriptRef {
            file: Store::transcript_name(id),
            words: transcript.words.len(),
            model: transcript.model.clone(),
            extra: Default::default(),
        };
        self.update(id, |session| session.transcript = Some(reference.clone()))
    }

    /// The transcript of the session `id`: `Ok(None)` when it has none, an error when its
    /// file cannot be read or is not a transcript.
    pub fn transcript_of(&self, id: &str) -> io::Result<Option<Transcript>> {
        let path = self.file_beside(id, SessionFile::Transcript);
        let bytes = match read_regular(&path, Links::Refuse) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(error),
        };
        serde_json::from_slice(&bytes).map(Some).map_err(|error| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{}: not a transcript: {error}", path.display()),
            )
        })
    }

    /// The name the transcript of the session `id` has, beside its record.
    pub fn transcript_name(id: &str) -> String {
        format!("{id}{}", SessionFile::Transcript.suffix())
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;
    use crate::testkit::SessionBuilder;

    #[test]
    fn a_transcript_is_kept_beside_its_record_which_names_it() {
        let home = tempfile::tempdir().unwrap();
        let store = Store::new(home.path());
        let mut session = SessionBuilder::new("conflict-1")
            .at("2026-12-02T10:15:00+01:00")
            .id("20261202-101500-abcd")
            .build();
        store.save_new(&mut session).unwrap();
        assert_eq!(store.transcript_of(&session.id).unwrap(), None);
        let transcript = Transcript::typed("So, um, I led the migration.");
        let saved = store.save_transcript(&session.id, &transcript).unwrap();
        let reference = saved.transcript.unwrap();
        assert_eq!(reference.file, "20261202-101500-abcd.transcript.json");
        assert_eq!((reference.words, reference.model.as_str()), (6, "typed"));
        let path = home
            .path()
            .join("sessions/2026/12/20261202-101500-abcd.transcript.json");
        assert_eq!(path.metadata().unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(store.transcript_of(&session.id).unwrap(), Some(transcript));
        let record = store.get(&session.id).unwrap();
        assert_eq!(record.transcript.unwrap().words, 6);
    }
}
