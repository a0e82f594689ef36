//! The one way files are read: only regular files, never in a way that can block (a named
//! pipe is refused, not opened and waited on), and, inside the data home, never through a
//! symbolic link. Writing has its own door, `atomic`; both follow the same policy on links,
//! so nothing is saved where it could not be read back.

use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

/// Whether a symbolic link may be followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// Inside the data home: a link is refused, never followed.
    Refuse,
    /// A file the user named on the command line: a link to a regular file is fine.
    Follow,
}

/// Why the data home does not follow links, said once for every message.
pub const NO_LINKS: &str = "links inside the data home are not followed";

/// The bytes of the regular file at `path`. Anything else (a folder, a named pipe, a device,
/// a socket, and with [`Links::Refuse`] a symbolic link) is an error that says what it is,
/// found without blocking.
pub fn read_regular(path: &Path, links: Links) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    read_regular_into(path, links, &mut bytes)?;
    Ok(bytes)
}

/// [`read_regular`] into `buffer` (cleared first), to reuse it between many files.
pub fn read_regular_into(path: &Path, links: Links, buffer: &mut Vec<u8>) -> io::Result<()> {
    buffer.clear();
    // Looked at before it is opened: opening a device can itself do something.
    let seen = match links {
        Links::Refuse => path.symlink_metadata()?,
        Links::Follow => path.metadata()?,
    };
    refuse_odd(&seen)?;
    let mut flags = libc::O_NONBLOCK;
    if links == Links::Refuse {
        flags |= libc::O_NOFOLLOW;
    }
    let mut file: File = OpenOptions::new()
        .read(true)
        .custom_flags(flags)
        .open(path)
        .map_err(|error| match error.raw_os_error() {
            Some(libc::ELOOP) => odd(&format!("a symbolic link ({NO_LINKS})")),
            _ => error,
        })?;
    // And again once open, in case it was swapped in between.
    refuse_odd(&file.metadata()?)?;
    file.read_to_end(buffer)?;
    Ok(())
}

/// An error for something that is not a regular file, saying what it is.
pub fn refuse_odd(metadata: &Metadata) -> io::Result<()> {
    match odd_kind(metadata) {
        None => Ok(()),
        Some(kind) => Err(odd(kind)),
    }
}

/// What a file is when it is not a regular file: `a folder`, `a named pipe`, ...
pub fn odd_kind(metadata: &Metadata) -> Option<&'static str> {
    let kind = metadata.file_type();
    if kind.is_file() {
        None
    } else if kind.is_dir() {
        Some("a folder, not a file")
    } else if kind.is_symlink() {
        Some("a symbolic link (links inside the data home are not followed)")
    } else if kind.is_fifo() {
        Some("a named pipe, not a file")
    } else if kind.is_socket() {
        Some("a socket, not a file")
    } else if kind.is_block_device() || kind.is_char_device() {
        Some("a device, not a file")
    } else {
        Some("not a regular file")
    }
}

fn odd(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, what.to_string())
}

/// Checks that each of `folders` that exists is a real folder, not a link or a file, so a
/// write never lands where a listing does not look.
pub fn check_real_folders<'a>(folders: impl IntoIterator<Item = &'a Path>) -> io::Result<()> {
    for folder in folders {
        match folder.symlink_metadata() {
            Err(error) if error.kind() == io::ErrorKind::NotFound => {}
            Err(error) => return Err(error),
            Ok(metadata) if metadata.is_dir() => {}
            Ok(metadata) if metadata.file_type().is_symlink() => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!(
                        "{} is a symbolic link, and {NO_LINKS}: make it a folder",
                        folder.display()
                    ),
                ));
            }
            Ok(_) => {
                return Err(io::Error::new(
                    io::ErrorKind::NotADirectory,
                    format!("{} is a file where a folder belongs", folder.display()),
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_are_read_and_nothing_blocks() {
        let root = tempfile::tempdir().unwrap();
        let file = root.path().join("a.json");
        std::fs::write(&file, b"{}").unwrap();
        assert_eq!(read_regular(&file, Links::Refuse).unwrap(), b"{}");
        let fifo = root.path().join("pipe.json");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        let error = read_regular(&fifo, Links::Follow).unwrap_err();
        assert_eq!(error.to_string(), "a named pipe, not a file");
        let link = root.path().join("link.json");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        assert!(
            read_regular(&link, Links::Refuse)
                .unwrap_err()
                .to_string()
                .contains("symbolic link")
        );
        assert_eq!(read_regular(&link, Links::Follow).unwrap(), b"{}");
        let error = read_regular(root.path(), Links::Refuse).unwrap_err();
        assert_eq!(error.to_string(), "a folder, not a file");
        let error = read_regular(Path::new("/dev/null"), Links::Follow).unwrap_err();
        assert_eq!(error.to_string(), "a device, not a file");
    }

    #[test]
    fn folders_must_be_real_folders() {
        let root = tempfile::tempdir().unwrap();
        let real = root.path().join("real");
        std::fs::create_dir(&real).unwrap();
        let link = root.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let file = root.path().join("file");
        std::fs::write(&file, b"").unwrap();
        let missing = root.path().join("missing");
        assert!(check_real_folders([real.as_path(), missing.as_path()]).is_ok());
        assert!(
            check_real_folders([link.as_path()])
                .unwrap_err()
                .to_string()
                .contains("symbolic link")
        );
        let error = check_real_folders([file.as_path()]).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::NotADirectory);
    }
}
