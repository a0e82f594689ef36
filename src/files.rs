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

/// The most a file of one kind may hold for it to be read: far more than any real one
/// holds, so that a huge (or sparse) file in the home is named and skipped, never read
/// into memory or waited on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cap {
    pub bytes: u64,
    /// What the file is, in a message: `a session record`.
    pub what: &'static str,
}

/// A session record: a real one is a few kilobytes.
pub const RECORD_CAP: Cap = Cap {
    bytes: 1 << 20,
    what: "a session record",
};

/// A story file: a real one is a few kilobytes of notes.
pub const STORY_CAP: Cap = Cap {
    bytes: 4 << 20,
    what: "a story file",
};

/// `config.toml`.
pub const CONFIG_CAP: Cap = Cap {
    bytes: 4 << 20,
    what: "config.toml",
};

/// A month's derived briefs: a line of about 150 bytes a session, so room for hundreds of
/// thousands of sessions in one month.
pub const BRIEFS_CAP: Cap = Cap {
    bytes: 64 << 20,
    what: "a month's briefs",
};

/// The bytes of the regular file at `path`. Anything else (a folder, a named pipe, a device,
/// a socket, and with [`Links::Refuse`] a symbolic link) is an error that says what it is,
/// found without blocking. The file is read whole, however large: a file of the home has a
/// [`Cap`] and is read with [`read_regular_capped`].
pub fn read_regular(path: &Path, links: Links) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    read_regular_into(path, links, NO_CAP, &mut bytes)?;
    Ok(bytes)
}

/// [`read_regular`] of a file that may hold at most `cap`: a larger one is an error naming
/// its size and the cap, found from the open file's size before anything is read.
pub fn read_regular_capped(path: &Path, links: Links, cap: Cap) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    read_regular_into(path, links, cap, &mut bytes)?;
    Ok(bytes)
}

/// No cap at all, for [`read_regular`].
const NO_CAP: Cap = Cap {
    bytes: u64::MAX,
    what: "a file",
};

/// [`read_regular_capped`] into `buffer` (cleared first), to reuse it between many files.
pub fn read_regular_into(
    path: &Path,
    links: Links,
    cap: Cap,
    buffer: &mut Vec<u8>,
) -> io::Result<()> {
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
    let file: File = OpenOptions::new()
        .read(true)
        .custom_flags(flags)
        .open(path)
        .map_err(|error| match error.raw_os_error() {
            Some(libc::ELOOP) => odd(&format!("a symbolic link ({NO_LINKS})")),
            _ => error,
        })?;
    // And again once open, in case it was swapped in between.
    let opened = file.metadata()?;
    refuse_odd(&opened)?;
    if opened.len() > cap.bytes {
        return Err(too_large(&size_in_words(opened.len()), cap));
    }
    // At most one byte more than the cap: a file that grows meanwhile is still refused.
    file.take(cap.bytes.saturating_add(1)).read_to_end(buffer)?;
    if buffer.len() as u64 > cap.bytes {
        buffer.clear();
        return Err(odd(&format!(
            "grew while read past the {} {} may hold",
            size_in_words(cap.bytes),
            cap.what
        )));
    }
    Ok(())
}

/// The error for a file over its cap: its size, and the cap.
fn too_large(size: &str, cap: Cap) -> io::Error {
    odd(&format!(
        "{size}, more than {} may hold ({})",
        cap.what,
        size_in_words(cap.bytes)
    ))
}

/// A size as a person reads it: `512 bytes`, `1 MiB`, `4.0 GiB`.
pub fn size_in_words(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if value.fract() == 0.0 && bytes.is_power_of_two() {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
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
    fn a_file_over_its_cap_is_refused_by_its_size_before_it_is_read() {
        let root = tempfile::tempdir().unwrap();
        let cap = Cap {
            bytes: 10,
            what: "a test file",
        };
        let file = root.path().join("a.json");
        std::fs::write(&file, b"0123456789").unwrap();
        assert_eq!(
            read_regular_capped(&file, Links::Refuse, cap).unwrap(),
            b"0123456789"
        );
        // Sparse: four gigabytes long, nothing written, so only its size can be known cheaply.
        let huge = root.path().join("huge.json");
        File::create(&huge).unwrap().set_len(4 << 30).unwrap();
        let error = read_regular_capped(&huge, Links::Refuse, RECORD_CAP).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::InvalidInput);
        assert_eq!(
            error.to_string(),
            "4 GiB, more than a session record may hold (1 MiB)"
        );
        // A file that says it is empty and is not, as /proc's are, is read to the cap only.
        let error =
            read_regular_capped(Path::new("/proc/self/status"), Links::Follow, cap).unwrap_err();
        assert_eq!(
            error.to_string(),
            "grew while read past the 10 bytes a test file may hold"
        );
        assert_eq!(size_in_words(1536), "1.5 KiB");
        assert_eq!(size_in_words(4_300_000_000), "4.0 GiB");
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
