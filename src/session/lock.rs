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

/// How long a writer waits for another to finish before giving up.
pub const PATIENCE: Duration = Duration::from_secs(5);

/// How often a waiting writer tries again.
const RETRY: Duration = Duration::from_millis(10);

/// The lock, held until dropped.
#[derive(Debug)]
pub struct RecordLock {
    _file: File,
}

/// Takes the lock in `folder` (creating the lock file and the folder when missing), waiting
/// up to `patience` for a writer that holds it.
pub fn lock_records(folder: &Path, patience: Duration) -> io::Result<RecordLock> {
    crate::atomic::create_private_dirs(folder)?;
    // The lock file stays empty: it is a name to lock, never data.
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW)
        .open(folder.join(".lock"))?;
    let started = Instant::now();
    loop {
        match flock(&file, FlockOperation::NonBlockingLockExclusive) {
            Ok(()) => return Ok(RecordLock { _file: file }),
            Err(error) if error == rustix::io::Errno::WOULDBLOCK => {
                if started.elapsed() >= patience {
                    return Err(io::Error::new(
                        io::ErrorKind::WouldBlock,
                        format!(
                            "another rehearse is changing sessions and did not finish within {} s",
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
}
