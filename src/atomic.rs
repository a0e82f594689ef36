//! The one place that writes files. Every file the program writes goes through
//! `write_atomic`, so a crash or a full disk never leaves a half-written record behind. The
//! one exception is a recording, which must reach the disk while it is made: a
//! [`GrowingFile`] has a name of its own while it grows and takes its real name, in one
//! step, only once it is whole.

use std::fs::{DirBuilder, File};
use std::io::{self, Read, Seek, Write};
use std::os::unix::fs::DirBuilderExt;
use std::path::Path;
use std::time::{Duration, SystemTime};

/// What to do when the target file already exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Fail with `AlreadyExists`: a new record never replaces another.
    Keep,
    /// Replace it in one step (an edit of a record).
    Replace,
}

/// Writes `contents` to `path` so that the file is either wholly there or not at all: a
/// private temporary file in the same folder is written and synced, renamed into place, and
/// the folder synced so the rename itself survives a crash. Missing folders are created
/// private (0700); the file is private (0600).
pub fn write_atomic(path: &Path, contents: &[u8], existing: Existing) -> io::Result<()> {
    write_atomic_with(path, existing, |file| file.write_all(contents))
}

/// `write_atomic` for contents produced as they are written (an export of any length): `fill`
/// writes them to the temporary file, and nothing is renamed into place unless it succeeds.
pub fn write_atomic_with(
    path: &Path,
    existing: Existing,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    write(path, existing, Durability::Synced, fill)
}

/// Writes derived data that can be made again from the records at any time (the store's
/// briefs): whole or not at all like every write, but not synced to disk, since losing it
/// in a crash loses nothing and a sync would cost a read-only command two disk flushes.
pub fn write_derived(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    write(path, Existing::Replace, Durability::Derived, fill)
}

/// Whether a write waits for the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Durability {
    Synced,
    Derived,
}

fn write(
    path: &Path,
    existing: Existing,
    durability: Durability,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let folder = match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    create_private_dirs(folder)?;
    remove_stale_partials(folder);
    // A leading dot keeps an interrupted write out of every folder listing we make.
    let temporary = tempfile::Builder::new()
        .prefix(PARTIAL)
        .tempfile_in(folder)?;
    let mut buffered = io::BufWriter::new(temporary);
    fill(&mut buffered)?;
    let temporary = buffered
        .into_inner()
        .map_err(io::IntoInnerError::into_error)?;
    if durability == Durability::Synced {
        temporary.as_file().sync_all()?;
    }
    match existing {
        Existing::Keep => temporary
            .persist_noclobber(path)
            .map_err(|error| error.error)?,
        Existing::Replace => temporary.persist(path).map_err(|error| error.error)?,
    };
    match durability {
        Durability::Synced => File::open(folder)?.sync_all(),
        Durability::Derived => Ok(()),
    }
}

/// A file written as it is made (a recording, which cannot wait for its end to reach the disk),
/// under a name that says it is unfinished. The writer holds an exclusive lock on it for its
/// whole life, so a reader can tell one being made ([`is_being_written`]) from one a killed
/// writer left. [`GrowingFile::finish`] gives it its real name in one rename.
#[derive(Debug)]
pub struct GrowingFile {
    file: File,
    path: std::path::PathBuf,
}

impl GrowingFile {
    /// Creates `path`, which must not exist, private (0600; missing folders 0700), and locks
    /// it.
    pub fn create(path: &Path) -> io::Result<GrowingFile> {
        use std::os::unix::fs::OpenOptionsExt;
        if let Some(folder) = path
            .parent()
            .filter(|folder| !folder.as_os_str().is_empty())
        {
            create_private_dirs(folder)?;
        }
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW)
            .open(path)?;
        rustix::fs::flock(&file, rustix::fs::FlockOperation::NonBlockingLockExclusive)?;
        Ok(GrowingFile {
            file,
            path: path.to_path_buf(),
        })
    }

    /// Where it is while it grows.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Pushes what was written so far to the disk, so that a crash loses only what came after.
    pub fn sync(&self) -> io::Result<()> {
        self.file.sync_data()
    }

    /// Syncs the file and renames it to `to` (never over another file), then syncs the folder
    /// so the rename survives a crash.
    pub fn finish(self, to: &Path) -> io::Result<()> {
        self.file.sync_all()?;
        rename_noclobber(&self.path, to)?;
        let folder = match to.parent() {
            Some(folder) if !folder.as_os_str().is_empty() => folder,
            _ => Path::new("."),
        };
        File::open(folder)?.sync_all()
    }

    /// Removes it: what it held is not wanted (an answer that was not one).
    pub fn discard(self) -> io::Result<()> {
        std::fs::remove_file(&self.path)
    }
}

impl Write for GrowingFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl Seek for GrowingFile {
    fn seek(&mut self, position: io::SeekFrom) -> io::Result<u64> {
        self.file.seek(position)
    }
}

impl Read for GrowingFile {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.file.read(buf)
    }
}

/// Whether a writer is making `path` now, as a [`GrowingFile`]: it holds the file's lock. A
/// file nobody holds was left by a writer that was killed.
pub fn is_being_written(path: &Path) -> bool {
    let Ok(file) = File::open(path) else {
        return false;
    };
    rustix::fs::flock(&file, rustix::fs::FlockOperation::NonBlockingLockShared).is_err()
}

/// Renames `from` to `to` unless `to` exists; never replaces a file. Both must be on one
/// file system (two folders of the data home are).
pub fn rename_noclobber(from: &Path, to: &Path) -> io::Result<()> {
    // A hard link fails when the name is taken, which a rename would not; then the old name
    // goes.
    std::fs::hard_link(from, to)?;
    std::fs::remove_file(from)
}

/// Creates `folder` and any missing parents with mode 0700. Folders that exist are left as
/// they are. A file where a folder belongs is an error that names it (never "already
/// exists", which a caller would take for a name in use).
pub fn create_private_dirs(folder: &Path) -> io::Result<()> {
    match DirBuilder::new().recursive(true).mode(0o700).create(folder) {
        Ok(()) => Ok(()),
        Err(error)
            if matches!(
                error.kind(),
                io::ErrorKind::AlreadyExists | io::ErrorKind::NotADirectory
            ) =>
        {
            let in_the_way = folder
                .ancestors()
                .find(|ancestor| ancestor.symlink_metadata().is_ok_and(|m| !m.is_dir()))
                .unwrap_or(folder);
            Err(io::Error::new(
                io::ErrorKind::NotADirectory,
                format!(
                    "cannot make the folder {}: {} is a file where a folder belongs",
                    folder.display(),
                    in_the_way.display()
                ),
            ))
        }
        Err(error) => Err(error),
    }
}

/// The prefix of every temporary file a write makes.
const PARTIAL: &str = ".partial-";

/// How old a temporary file must be before it counts as left by a writer that was killed:
/// no write of this program takes anywhere near that long.
const STALE_AFTER: Duration = Duration::from_secs(3600);

/// Removes this program's own temporary files in `folder` that a killed writer left behind
/// (they hold private text). Best effort: a file that cannot be removed stays.
fn remove_stale_partials(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        if !entry.file_name().to_string_lossy().starts_with(PARTIAL) {
            continue;
        }
        let Ok(metadata) = entry.metadata() else {
            continue;
        };
        let old = metadata
            .modified()
            .ok()
            .and_then(|modified| now.duration_since(modified).ok())
            .is_some_and(|age| age > STALE_AFTER);
        if metadata.is_file() && old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn writes_the_file_and_its_folders_privately() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("home/sessions/2026/11/a.json");
        write_atomic(&path, b"{}", Existing::Keep).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"{}");
        assert_eq!(mode(&path), 0o600);
        for folder in [
            "home",
            "home/sessions",
            "home/sessions/2026",
            "home/sessions/2026/11",
        ] {
            assert_eq!(mode(&root.path().join(folder)), 0o700, "{folder}");
        }
    }

    #[test]
    fn keep_never_replaces_and_leaves_no_temporary_file() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("a.json");
        write_atomic(&path, b"first", Existing::Keep).unwrap();
        let error = write_atomic(&path, b"second", Existing::Keep).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        let names: Vec<_> = std::fs::read_dir(root.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["a.json"]);
    }

    #[test]
    fn a_failed_fill_leaves_the_old_file_and_no_temporary() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("a.json");
        write_atomic(&path, b"first", Existing::Keep).unwrap();
        let result = write_atomic_with(&path, Existing::Replace, |file| {
            file.write_all(b"half")?;
            Err(io::Error::other("disk full"))
        });
        assert!(result.is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 1);
    }

    #[test]
    fn stale_temporary_files_are_cleaned_up_and_fresh_ones_left() {
        let root = tempfile::tempdir().unwrap();
        let stale = root.path().join(".partial-old");
        let fresh = root.path().join(".partial-new");
        let theirs = root.path().join("notes.txt");
        for path in [&stale, &fresh, &theirs] {
            std::fs::write(path, b"private").unwrap();
        }
        let long_ago = SystemTime::now() - Duration::from_secs(7200);
        for path in [&stale, &theirs] {
            File::options()
                .write(true)
                .open(path)
                .unwrap()
                .set_modified(long_ago)
                .unwrap();
        }
        write_atomic(&root.path().join("a.json"), b"{}", Existing::Keep).unwrap();
        assert!(!stale.exists(), "a killed writer's file stayed");
        assert!(fresh.exists(), "a live writer's file was taken");
        assert!(theirs.exists());
    }

    #[test]
    fn a_file_where_a_folder_belongs_is_named() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("sessions/2026")).unwrap();
        std::fs::write(root.path().join("sessions/2026/12"), b"").unwrap();
        let error = write_atomic(
            &root.path().join("sessions/2026/12/a.json"),
            b"{}",
            Existing::Keep,
        )
        .unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::NotADirectory);
        assert!(
            error
                .to_string()
                .contains("2026/12 is a file where a folder belongs"),
            "{error}"
        );
    }

    #[test]
    fn replace_swaps_the_content() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("a.json");
        write_atomic(&path, b"first", Existing::Keep).unwrap();
        write_atomic(&path, b"second", Existing::Replace).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        assert_eq!(mode(&path), 0o600);
    }

    #[test]
    fn a_folder_that_cannot_be_made_is_an_error_and_writes_nothing() {
        let root = tempfile::tempdir().unwrap();
        // A file where a folder should be fails for every user, root included.
        let blocker = root.path().join("home");
        std::fs::write(&blocker, b"not a folder").unwrap();
        let result = write_atomic(&blocker.join("sessions/a.json"), b"x", Existing::Keep);
        assert!(result.is_err());
        assert_eq!(std::fs::read(&blocker).unwrap(), b"not a folder");
    }

    #[test]
    fn a_growing_file_is_locked_while_written_and_takes_its_name_only_when_whole() {
        let folder = tempfile::tempdir().unwrap();
        let growing_path = folder.path().join("month").join("a.wav.recording");
        let finished = folder.path().join("month").join("a.wav");
        let mut growing = GrowingFile::create(&growing_path).unwrap();
        assert_eq!(mode(&growing_path), 0o600);
        growing.write_all(b"sound").unwrap();
        growing.sync().unwrap();
        assert!(is_being_written(&growing_path), "its writer holds it");
        assert!(!finished.exists());
        growing.finish(&finished).unwrap();
        assert_eq!(std::fs::read(&finished).unwrap(), b"sound");
        assert!(!growing_path.exists());
        assert!(!is_being_written(&finished));
    }

    #[test]
    fn a_growing_file_never_replaces_one_and_a_dropped_writer_lets_go() {
        let folder = tempfile::tempdir().unwrap();
        let growing_path = folder.path().join("b.wav.recording");
        let taken = folder.path().join("b.wav");
        std::fs::write(&taken, b"kept").unwrap();
        assert!(
            GrowingFile::create(&taken).is_err(),
            "never made over a file"
        );
        let mut growing = GrowingFile::create(&growing_path).unwrap();
        growing.write_all(b"new").unwrap();
        let kept = GrowingFile::create(&growing_path);
        assert!(kept.is_err(), "two writers never share one");
        let error = growing.finish(&taken).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&taken).unwrap(), b"kept");
        assert!(
            growing_path.exists(),
            "the unfinished file stays to be kept another way"
        );
        assert!(
            !is_being_written(&growing_path),
            "a writer gone is no writer"
        );
    }
}
