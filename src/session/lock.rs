//! The lock every change of a saved record holds for its read-change-write, so two `edit`s
//! (or a drill's review and an `edit`) at once never lose one another's change.
//!
//! One lock file for the store, `<home>/sessions/.lock`, taken with `flock`: the kernel lets
//! go of it when the holder exits however it exits, so a killed writer never leaves the store
//! locked. A writer waits a little for its turn and then gives up, saying so, writing nothing.

use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::time::{Duration, Instant};

use rustix::fs::{FlockOperation, flock};

use crate::files::odd_kind;

/// How long a writer waits for another to finish before giving up.
pub const PATIENCE: Duration = Duration::from_secs(5);

/// How often a waiting writer tries again.
const RETRY: Duration = Duration::from_millis(10);

/// The lock, held until dropped.
#[derive(Debug)]
pub struct RecordLock {
    _file: File,
}

/// The lock file's name in the store's folder.
const LOCK_FILE: &str = ".lock";

/// Takes the lock in `folder` (creating the lock file and the folder when missing), waiting
/// up to `patience` for a writer that holds it. The lock must be a regular file: anything
/// else there (a link, a folder, a named pipe, a socket, a device) is refused, found without
/// following a link or waiting, and named with what to do.
pub fn lock_records(folder: &Path, patience: Duration) -> io::Result<RecordLock> {
    lock_folder(folder, "sessions", patience)
}

/// [`lock_records`] for any folder whose files change together (`what` names them in
/// messages: the story bank locks `stories/` the same way).
pub fn lock_folder(folder: &Path, what: &str, patience: Duration) -> io::Result<RecordLock> {
    crate::atomic::create_private_dirs(folder)?;
    let path = folder.join(LOCK_FILE);
    // Looked at before it is opened: opening a device or a pipe can itself do something.
    if let Ok(seen) = path.symlink_metadata()
        && let Some(kind) = odd_kind(&seen)
    {
        return Err(odd_lock(&path, what, kind));
    }
    // The lock file stays empty: it is a name to lock, never data.
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(&path)
        .map_err(|error| match error.raw_os_error() {
            // Swapped in since it was looked at.
            Some(libc::ELOOP) => odd_lock(&path, what, "a symbolic link"),
            Some(libc::EISDIR) => odd_lock(&path, what, "a folder"),
            Some(libc::ENXIO) => odd_lock(&path, what, "a socket"),
            _ => error,
        })?;
    if let Some(kind) = odd_kind(&file.metadata()?) {
        return Err(odd_lock(&path, what, kind));
    }
    let started = Instant::now();
    loop {
        match flock(&file, FlockOperation::NonBlockingLockExclusive) {
            Ok(()) => return Ok(RecordLock { _file: file }),
            Err(error) if error == rustix::io::Errno::WOULDBLOCK => {
                if started.elapsed() >= patience {
                    return Err(io::Error::new(
                        io::ErrorKind::WouldBlock,
                        format!(
                            "another rehearse is changing {what} and did not finish within {} s",
                            patience.as_secs()
                        ),
                    ));
                }
                std::thread::sleep(RETRY);
            }
            Err(error) => return Err(error.into()),
        }
    }
}

/// The error for a lock file that is not a regular file: what it is, and what to do.
fn odd_lock(path: &Path, what: &str, kind: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!(
            "cannot lock the {what}: {} is {kind}, where rehearse keeps their lock (an empty \
             regular file); remove it and run again",
            path.display()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_waits_and_then_gives_up_while_the_first_holds_it() {
        let folder = tempfile::tempdir().unwrap();
        let held = lock_records(folder.path(), PATIENCE).unwrap();
        let started = Instant::now();
        let error = lock_records(folder.path(), Duration::from_millis(50)).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::WouldBlock);
        assert!(started.elapsed() >= Duration::from_millis(50));
        drop(held);
        assert!(lock_records(folder.path(), Duration::ZERO).is_ok());
    }

    #[test]
    fn a_lock_that_is_not_a_regular_file_is_named_with_what_to_do_and_never_waited_on() {
        type Make = fn(&Path);
        let make: [(&str, Make); 4] = [
            ("a symbolic link", |lock| {
                std::os::unix::fs::symlink("/nowhere", lock).unwrap()
            }),
            ("a folder", |lock| std::fs::create_dir(lock).unwrap()),
            ("a named pipe", |lock| {
                let status = std::process::Command::new("mkfifo").arg(lock).status();
                assert!(status.unwrap().success());
            }),
            ("a socket", |lock| {
                std::mem::forget(std::os::unix::net::UnixListener::bind(lock).unwrap());
            }),
        ];
        for (kind, make) in make {
            let folder = tempfile::tempdir().unwrap();
            let lock = folder.path().join(".lock");
            make(&lock);
            let error = lock_records(folder.path(), PATIENCE).unwrap_err();
            let message = error.to_string();
            assert!(
                message.contains(&format!("{} is {kind}", lock.display()))
                    && message.ends_with("remove it and run again"),
                "{kind}: {message}"
            );
        }
    }
}
