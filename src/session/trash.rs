//! The trash of sessions, `<home>/trash/sessions/`: one folder a removed session, holding all
//! its files (record, recordings, transcript) under their own names. `rm` moves a session
//! there and `restore` brings it back. No report ever reads the trash: the store lists only
//! `<home>/sessions`.

use std::io;
use std::path::{Path, PathBuf};

use super::lock::{PATIENCE, lock_records};
use super::store::{SessionFile, Store, read_record, record_id};
use crate::atomic::{create_private_dirs, rename_noclobber};
use crate::exit::BadInput;
use crate::text::shown_path;

/// A session in the trash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trashed {
    /// The session's id, as its record file names it.
    pub id: String,
    /// The trash folder's name: the id, or the id and a number when the same id was
    /// removed before and is still there.
    pub name: String,
    pub folder: PathBuf,
}

/// A session brought back from the trash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    pub id: String,
    /// Where its record is now.
    pub record: PathBuf,
    /// The prompt it answered, when the record could be read.
    pub question: Option<String>,
}

impl Store {
    /// `<home>/trash/sessions`.
    fn trash_root(&self) -> PathBuf {
        self.root
            .parent()
            .unwrap_or(&self.root)
            .join("trash")
            .join("sessions")
    }

    /// Moves every file of the session `id` (its record, recordings and transcript) into a
    /// folder of its own in the trash, `<home>/trash/sessions/<id>`, under the records' lock.
    /// Returns where they went. A recording still being made is left to its drill.
    pub fn move_to_trash(&self, id: &str) -> io::Result<PathBuf> {
        self.check_writable()?;
        let _lock = lock_records(&self.root, PATIENCE)?;
        let files = self.files_of(id);
        if !files.iter().any(|(file, _)| *file == SessionFile::Record) {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("no saved session {id}"),
            ));
        }
        let folder = self.trash_folder_for(id);
        create_private_dirs(&folder)?;
        // The record last: until it goes, the session is whole where it was.
        for (file, path) in files.iter().rev() {
            let name = format!("{id}{}", file.suffix());
            std::fs::rename(path, folder.join(name))?;
        }
        Ok(folder)
    }

    /// A folder in the trash for the files of `id`, not yet used.
    fn trash_folder_for(&self, id: &str) -> PathBuf {
        let trash = self.trash_root();
        let mut folder = trash.join(id);
        let mut count = 2;
        while folder.symlink_metadata().is_ok() {
            folder = trash.join(format!("{id}-{count}"));
            count += 1;
        }
        folder
    }

    /// The sessions in the trash, by folder name. A link, a file, or a folder that holds no
    /// record is not a session in the trash and is left out.
    pub fn trashed(&self) -> Vec<Trashed> {
        let root = self.trash_root();
        if !is_real_folder(&root) {
            return Vec::new();
        }
        let Ok(entries) = std::fs::read_dir(&root) else {
            return Vec::new();
        };
        let mut found: Vec<Trashed> = entries
            .flatten()
            .filter_map(|entry| {
                let folder = entry.path();
                let name = entry.file_name().to_str()?.to_string();
                let id = is_real_folder(&folder)
                    .then(|| record_in(&folder))
                    .flatten()?;
                Some(Trashed { id, name, folder })
            })
            .collect();
        found.sort_by(|a, b| a.name.cmp(&b.name));
        found
    }

    /// Brings the session in the trash that `wanted` names (its folder's name, or a unique
    /// start or end of its id) back to its month folder with all its files, under the
    /// records' lock. Refused as bad input, with nothing moved, when nothing in the trash
    /// matches, several sessions do, or the session (or one of its files) is in the store
    /// already.
    pub fn restore_from_trash(&self, wanted: &str) -> anyhow::Result<Restored> {
        let wanted = wanted.trim();
        if wanted.is_empty() {
            return Err(BadInput::new("give the id of a session in the trash").into());
        }
        // Looked for once before the lock, so a wrong id on a new home leaves no lock file
        // (nor a home) behind, and again under it, as another process may have moved it.
        self.trashed_one(wanted)?;
        self.check_writable()?;
        let _lock = lock_records(&self.root, PATIENCE)?;
        let trashed = self.trashed_one(wanted)?;
        let id = trashed.id.as_str();
        if self.record_file(id).is_some() {
            return Err(BadInput::new(format!(
                "a session {id} is saved already ({}); nothing restored",
                shown_path(&self.location(id))
            ))
            .into());
        }
        let mut moves = Vec::new();
        for file in SessionFile::ALL {
            let from = trashed.folder.join(format!("{id}{}", file.suffix()));
            if from.symlink_metadata().is_err() {
                continue;
            }
            let to = self.path_of(id, file);
            if to.symlink_metadata().is_ok() {
                return Err(BadInput::new(format!(
                    "{} is in the way of session {id}; nothing restored",
                    shown_path(&to)
                ))
                .into());
            }
            moves.push((file, from, to));
        }
        let record = self.path_of(id, SessionFile::Record);
        self.check_folders_of(&record)?;
        create_private_dirs(record.parent().unwrap_or(&self.root))?;
        // The record last: until it arrives, the session is not back, and its record is
        // still in the trash to try again from.
        moves.sort_by_key(|(file, _, _)| *file == SessionFile::Record);
        for (_, from, to) in &moves {
            rename_noclobber(from, to)?;
        }
        // Empty now, unless something else was put in it: then it stays, with that.
        let _ = std::fs::remove_dir(&trashed.folder);
        let question = read_record(&record, &mut Vec::new())
            .ok()
            .map(|session| session.prompt.text);
        Ok(Restored {
            id: trashed.id,
            record,
            question,
        })
    }

    /// The one session in the trash `wanted` names.
    fn trashed_one(&self, wanted: &str) -> Result<Trashed, BadInput> {
        let all = self.trashed();
        if let Some(exact) = all.iter().find(|trashed| trashed.name == wanted) {
            return Ok(exact.clone());
        }
        let matches: Vec<&Trashed> = all
            .iter()
            .filter(|trashed| trashed.name.starts_with(wanted) || trashed.id.ends_with(wanted))
            .collect();
        match matches.as_slice() {
            [] => Err(BadInput::new(format!(
                "no session with an id starting '{wanted}' in the trash ({})",
                shown_path(&self.trash_root())
            ))),
            [one] => Ok((*one).clone()),
            several => {
                let names: Vec<&str> = several
                    .iter()
                    .map(|trashed| trashed.name.as_str())
                    .take(10)
                    .collect();
                let more = if several.len() > names.len() {
                    ", ..."
                } else {
                    ""
                };
                Err(BadInput::new(format!(
                    "'{wanted}' matches {} sessions in the trash: {}{more}",
                    several.len(),
                    names.join(", ")
                )))
            }
        }
    }
}

/// Whether `path` is a folder itself, not a link to one.
fn is_real_folder(path: &Path) -> bool {
    path.symlink_metadata()
        .is_ok_and(|metadata| metadata.is_dir())
}

/// The id of the record in a trash folder, when it holds one.
fn record_in(folder: &Path) -> Option<String> {
    let entries = std::fs::read_dir(folder).ok()?;
    entries.flatten().find_map(|entry| {
        let name = entry.file_name();
        let id = record_id(name.to_str()?)?;
        entry
            .file_type()
            .is_ok_and(|kind| kind.is_file())
            .then(|| id.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::audio::Take;
    use crate::testkit::SessionBuilder;

    fn saved(store: &Store, id: &str) -> String {
        let mut session = SessionBuilder::new("conflict-1")
            .at("2026-12-02T10:15:00+01:00")
            .id(id)
            .build();
        store.save_new(&mut session).unwrap();
        session.id
    }

    fn names_in(folder: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| !name.starts_with('.'))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn removing_a_session_moves_all_its_files_into_a_trash_folder_of_its_own() {
        let home = tempfile::tempdir().unwrap();
        let store = Store::new(home.path());
        let mut session = SessionBuilder::new("conflict-1")
            .at("2026-12-02T10:15:00+01:00")
            .id("20261202-101500-abcd")
            .build();
        store.save_new(&mut session).unwrap();
        store
            .save_recording(&session.id, Take::Answer, b"answer")
            .unwrap();
        store
            .save_recording(&session.id, Take::FollowUp, b"probe")
            .unwrap();
        let trash = store.move_to_trash(&session.id).unwrap();
        assert_eq!(
            trash,
            home.path().join("trash/sessions/20261202-101500-abcd")
        );
        let mut moved: Vec<String> = std::fs::read_dir(&trash)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        moved.sort();
        assert_eq!(
            moved,
            [
                "20261202-101500-abcd.follow-up.wav",
                "20261202-101500-abcd.json",
                "20261202-101500-abcd.wav"
            ]
        );
        assert!(store.files_of(&session.id).is_empty());
        assert!(store.recordings().is_empty());
        let again = store.move_to_trash(&session.id).unwrap_err();
        assert_eq!(again.kind(), io::ErrorKind::NotFound);
    }

    #[test]
    fn a_session_restored_comes_back_whole_where_it_was_and_leaves_the_trash_empty() {
        let home = tempfile::tempdir().unwrap();
        let store = Store::new(home.path());
        let id = saved(&store, "20261202-101500-abcd");
        store.save_recording(&id, Take::Answer, b"answer").unwrap();
        let month = home.path().join("sessions/2026/12");
        let before = names_in(&month);
        assert_eq!(store.briefs().briefs.len(), 1);
        let folder = store.move_to_trash(&id).unwrap();
        assert_eq!(store.briefs().briefs.len(), 0);
        assert_eq!(
            store.trashed(),
            [Trashed {
                id: id.clone(),
                name: id.clone(),
                folder: folder.clone()
            }]
        );
        let restored = store.restore_from_trash("abcd").unwrap();
        assert_eq!(restored.id, id);
        assert_eq!(restored.record, month.join(format!("{id}.json")));
        assert_eq!(restored.question.as_deref(), Some("Question conflict-1?"));
        assert_eq!(names_in(&month), before);
        assert!(!folder.exists());
        assert!(store.trashed().is_empty());
        assert_eq!(store.briefs().briefs.len(), 1);
        assert!(store.recording_of(&id, Take::Answer).is_some());
    }

    #[test]
    fn restore_refuses_an_id_not_in_the_trash_or_one_saved_again_and_moves_nothing() {
        let home = tempfile::tempdir().unwrap();
        let store = Store::new(home.path());
        let id = saved(&store, "20261202-101500-abcd");
        let missing = store.restore_from_trash("zzzz").unwrap_err();
        assert!(missing.to_string().contains("in the trash"), "{missing}");
        assert!(missing.is::<BadInput>());
        let folder = store.move_to_trash(&id).unwrap();
        // A session of the same id saved since (copied back by hand, say).
        saved(&store, &id);
        let taken = store.restore_from_trash(&id).unwrap_err();
        assert!(taken.is::<BadInput>());
        assert!(taken.to_string().contains("saved already"), "{taken}");
        assert_eq!(names_in(&folder), [format!("{id}.json")]);
        // Removed again, the two are told apart by their folders' names.
        let second = store.move_to_trash(&id).unwrap();
        assert_eq!(
            second.file_name().unwrap().to_string_lossy(),
            format!("{id}-2")
        );
        let ambiguous = store.restore_from_trash("2026").unwrap_err();
        assert!(
            ambiguous.to_string().contains("matches 2 sessions"),
            "{ambiguous}"
        );
        store.restore_from_trash(&format!("{id}-2")).unwrap();
        assert!(!second.exists() && folder.exists());
        assert!(store.restore_from_trash(&id).is_err());
    }

    #[test]
    fn a_stray_file_in_the_way_stops_a_restore_before_anything_moves() {
        let home = tempfile::tempdir().unwrap();
        let store = Store::new(home.path());
        let id = saved(&store, "20261202-101500-abcd");
        store.save_recording(&id, Take::Answer, b"answer").unwrap();
        let folder = store.move_to_trash(&id).unwrap();
        let stray = home.path().join(format!("sessions/2026/12/{id}.wav"));
        std::fs::write(&stray, b"other").unwrap();
        let error = store.restore_from_trash(&id).unwrap_err();
        assert!(error.to_string().contains("in the way"), "{error}");
        assert_eq!(
            names_in(&folder),
            [format!("{id}.json"), format!("{id}.wav")]
        );
        assert_eq!(std::fs::read(&stray).unwrap(), b"other");
    }
}
