//! The session store: every file of every session under `<home>/sessions`, addressed by
//! session id. Only this module knows where a session's files live.
//!
//! A session is its record, `YYYY/MM/<id>.json`, and the files beside it that share its id
//! (`<id>.wav`, `<id>.transcript.json`; see [`SessionFile`]). Saving never replaces another
//! record (two runs in the same second get different ids). Reading never changes a record: a
//! file that cannot be read, is not a record, holds impossible values or comes from a newer
//! version is reported and skipped, and left exactly as it is.
//!
//! Records live only in month folders, `YYYY/MM` under the store's root (four digits, then
//! `01` to `12`); one walk ([`Store::months`]) finds them for every reader. Anything else
//! there (a record outside a month, a folder named otherwise, such as a copy of a month, a
//! file where a folder belongs) is named and skipped rather than read by some commands and
//! not others, or twice.
//!
//! For each month folder the store keeps `.briefs/YYYY-MM`, one [`Brief`] a record, so that
//! the facts a drill starts from cost one folder listing a month and a look at each
//! record's inode, change time and size (no read of any record) instead of one read a
//! session. It is derived data, checked before every use: every record in the listing must
//! have a brief made from that very file as it is now (the same name and [`Stamp`]); a
//! record new, renamed, replaced, written over in place or restored from a backup has none
//! and is read, a record gone takes its brief with it, a damaged record is read again every
//! time, and the file is written anew when anything changed. So it can neither hide nor
//! lose a record. Deleting the files loses nothing.

use std::collections::HashMap;
use std::ffi::{OsStr, OsString};
use std::fmt;
use std::io::{self, Write};
use std::ops::ControlFlow;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use rand::RngExt;

use super::audio::{is_left_unfinished, recover_unfinished};
use super::brief::Brief;
use super::lock::{PATIENCE, lock_records};
use super::record::{SCHEMA, Session};
use crate::atomic::{Existing, write_atomic, write_derived};
use crate::exit::BadInput;
use crate::files::{
    BRIEFS_CAP, Links, NO_LINKS, RECORD_CAP, check_real_folders, read_regular_capped,
    read_regular_into,
};
use crate::text::shown_path;
use crate::ui;

/// How many fresh ids a save tries before giving up on a crowded second.
const ID_ATTEMPTS: usize = 32;

/// The folder of derived briefs, one file a month (`.briefs/YYYY-MM`), in the store's root: a
/// leading dot keeps it out of listings, and being outside the month folders, writing it
/// never makes a month folder look changed.
const BRIEFS_FOLDER: &str = ".briefs";

/// The files one session may have, all named by its id in its month folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionFile {
    /// The JSON record: the session itself.
    Record,
    /// The recorded answer.
    Audio,
    /// The recorded answer to the follow-up probe.
    FollowUpAudio,
    /// The transcript of the recorded answer.
    Transcript,
}

impl SessionFile {
    pub const ALL: [SessionFile; 4] = [
        SessionFile::Record,
        SessionFile::Audio,
        SessionFile::FollowUpAudio,
        SessionFile::Transcript,
    ];

    /// What follows the id in the file's name.
    pub(super) fn suffix(self) -> &'static str {
        match self {
            SessionFile::Record => ".json",
            SessionFile::Audio => ".wav",
            SessionFile::FollowUpAudio => ".follow-up.wav",
            SessionFile::Transcript => ".transcript.json",
        }
    }
}

/// The id a file name gives a record, when the name is a record's: `<id>.json`, but not
/// the name of another of a session's files that also ends in `.json`.
pub(super) fn record_id(name: &str) -> Option<&str> {
    let companion = SessionFile::ALL
        .into_iter()
        .filter(|file| *file != SessionFile::Record)
        .any(|file| name.ends_with(file.suffix()));
    let id = name.strip_suffix(SessionFile::Record.suffix())?;
    (!id.is_empty() && !companion).then_some(id)
}

/// The session files under one data home.
#[derive(Debug, Clone)]
pub struct Store {
    pub(super) root: PathBuf,
}

/// A record file that was left out of a listing, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "skipped {}: {}", shown_path(&self.path), self.reason)
    }
}

/// The order [`Store::visit`] hands records over in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    OldestFirst,
    NewestFirst,
}

/// The brief of every readable record, newest first, and the files that were skipped.
#[derive(Debug, Default)]
pub struct Briefs {
    pub briefs: Vec<Brief>,
    pub skipped: Vec<Skipped>,
}

/// A new id for a session started at `started_at`: its local date and time and four random
/// lowercase letters or digits (`20261123-073105-k3f9`).
pub fn new_session_id(started_at: &DateTime<FixedOffset>) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    let suffix: String = (0..4)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect();
    format!("{}-{suffix}", started_at.format("%Y%m%d-%H%M%S"))
}

impl Store {
    /// The store in `<home>/sessions`.
    pub fn new(home: &Path) -> Store {
        Store {
            root: home.join("sessions"),
        }
    }

    /// Where one of a session's files belongs: the year and month come from the id's date.
    pub(super) fn path_of(&self, id: &str, file: SessionFile) -> PathBuf {
        let (year, month) = (id.get(0..4).unwrap_or("0000"), id.get(4..6).unwrap_or("00"));
        self.root
            .join(year)
            .join(month)
            .join(format!("{id}{}", file.suffix()))
    }

    /// Refuses to write below a link or a file where a folder belongs: a record saved there
    /// could never be listed again.
    pub(super) fn check_folders_of(&self, path: &Path) -> io::Result<()> {
        let month = path.parent().unwrap_or(&self.root);
        let year = month.parent().unwrap_or(&self.root);
        check_real_folders([self.root.as_path(), year, month])
    }

    /// The record file of the session `id`: where its id puts it, or, for a record moved to
    /// another month by hand, wherever a file of that name is.
    pub(super) fn record_file(&self, id: &str) -> Option<PathBuf> {
        let is_file = |path: &Path| path.symlink_metadata().is_ok_and(|m| m.is_file());
        let expected = self.path_of(id, SessionFile::Record);
        if is_file(&expected) {
            return Some(expected);
        }
        let name = format!("{id}{}", SessionFile::Record.suffix());
        self.months(Order::NewestFirst, &mut Vec::new())
            .into_iter()
            .map(|month| month.join(&name))
            .find(|path| is_file(path))
    }

    /// The record's file, to show a person where it is.
    pub fn location(&self, id: &str) -> PathBuf {
        self.record_file(id)
            .unwrap_or_else(|| self.path_of(id, SessionFile::Record))
    }

    /// The session's files that exist, record first: what is moved or removed together.
    pub fn files_of(&self, id: &str) -> Vec<(SessionFile, PathBuf)> {
        let record = self.location(id);
        let folder = record.parent().unwrap_or(&self.root);
        SessionFile::ALL
            .into_iter()
            .map(|file| (file, folder.join(format!("{id}{}", file.suffix()))))
            .filter(|(_, path)| path.symlink_metadata().is_ok())
            .collect()
    }

    /// Refuses, saying why, when nothing could be saved in the store at all: its folder is a
    /// link (never written through) or a file. A command that will write checks this before
    /// it asks or times anything.
    pub fn check_writable(&self) -> io::Result<()> {
        check_real_folders([self.root.as_path()])
    }

    /// What the layout holds that no listing reads (a link, a folder or a file named as
    /// no year or month is), for a command that reads one record to name all the same.
    pub fn layout_problems(&self) -> Vec<Skipped> {
        let mut skipped = Vec::new();
        self.months(Order::OldestFirst, &mut skipped);
        skipped
    }

    /// Saves a new record, choosing a fresh id when its id is taken; `session.id` is the id
    /// it was saved under.
    pub fn save_new(&self, session: &mut Session) -> io::Result<()> {
        for _ in 0..ID_ATTEMPTS {
            let path = self.path_of(&session.id, SessionFile::Record);
            self.check_folders_of(&path)?;
            match write_atomic(&path, &to_json(session)?, Existing::Keep) {
                Ok(()) => return Ok(()),
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
                    session.id = new_session_id(&session.started_at);
                }
                Err(error) => return Err(error),
            }
        }
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "no free session id for this second",
        ))
    }

    /// Changes a saved record in one step under the records' lock: the record is read
    /// afresh, `change` is made to it, and it is written back; the changed record comes back.
    /// Two changes at once never lose one another. When the lock is not had in time, nothing
    /// is written.
    pub fn update(&self, id: &str, change: impl FnOnce(&mut Session)) -> io::Result<Session> {
        // Before the lock, whose file would otherwise be made through a link.
        self.check_writable()?;
        let _lock = lock_records(&self.root, PATIENCE)?;
        let path = self.record_file(id).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::NotFound,
                format!("no saved session {id} to change"),
            )
        })?;
        self.check_folders_of(&path)?;
        let mut session = read_record_as_written(&path, &mut Vec::new()).map_err(|reason| {
            io::Error::other(format!("cannot use {}: {reason}", path.display()))
        })?;
        // The record's own id is one of the fields no change is about: a record renamed by
        // hand keeps what it says, though it is known by its file name.
        let written_id = session.id.clone();
        change(&mut session);
        session.id = written_id;
        write_atomic(&path, &to_json(&session)?, Existing::Replace)?;
        // Found as `<id>.json`, it is known as `id` (whoever asked was told of a difference).
        session.id = id.to_string();
        Ok(session)
    }

    /// Writes a saved session back as it is, without the lock (tests build records this way).
    #[cfg(test)]
    pub fn replace(&self, session: &Session) -> io::Result<()> {
        let path = self.record_file(&session.id).ok_or_else(|| {
            io::Error::new(io::ErrorKind::NotFound, "no saved session to replace")
        })?;
        write_atomic(&path, &to_json(session)?, Existing::Replace)
    }

    /// Saves a new record; when that fails (a read-only home, a full disk) the whole record
    /// is printed on `out` so nothing is lost, the reason goes to stderr, and false comes
    /// back.
    pub fn save_or_print(&self, session: &mut Session, out: &mut dyn Write) -> io::Result<bool> {
        match self.save_new(session) {
            Ok(()) => Ok(true),
            Err(error) => {
                out.write_all(&to_json(session)?)?;
                ui::note(format!(
                    "could not save the session ({error}); the record is printed above"
                ));
                Ok(false)
            }
        }
    }

    /// Makes `change` to `session` and to its saved record ([`Store::update`]), keeping
    /// `session` as saved; when that fails, prints `session` (changed) on `out` as
    /// [`Store::save_or_print`] does, and false comes back.
    pub fn update_or_print(
        &self,
        session: &mut Session,
        change: impl Fn(&mut Session),
        out: &mut dyn Write,
        what: &str,
    ) -> io::Result<bool> {
        change(session);
        match self.update(&session.id, &change) {
            Ok(saved) => {
                *session = saved;
                Ok(true)
            }
            Err(error) => {
                out.write_all(&to_json(session)?)?;
                ui::note(format!(
                    "the answer is saved but its {what} is not ({error}); it is printed above"
                ));
                Ok(false)
            }
        }
    }

    /// The one session whose id starts with `wanted`, or ends with it (the four random
    /// characters `history` shows). No match and several matches are bad input; the latter
    /// lists the candidates.
    pub fn get(&self, wanted: &str) -> anyhow::Result<Session> {
        let wanted = wanted.trim();
        if wanted.is_empty() {
            return Err(BadInput::new("give a session id (or the start of one)").into());
        }
        let mut matches: Vec<RecordEntry> = Vec::new();
        for month in self.months(Order::OldestFirst, &mut Vec::new()) {
            matches.extend(
                records_in(&month, Order::OldestFirst, &mut Vec::new())
                    .into_iter()
                    .filter(|entry| entry.id.starts_with(wanted) || entry.id.ends_with(wanted)),
            );
        }
        match matches.len() {
            0 => {
                let in_trash = self.trashed().into_iter().find(|trashed| {
                    trashed.name.starts_with(wanted) || trashed.id.ends_with(wanted)
                });
                let see = match in_trash {
                    Some(trashed) => format!(
                        "it is in the trash: `rehearse restore {}` brings it back",
                        trashed.name
                    ),
                    None => "see `rehearse history`".to_string(),
                };
                Err(
                    BadInput::new(format!("no session with an id starting '{wanted}' ({see})"))
                        .into(),
                )
            }
            1 => read_record(&matches[0].path, &mut Vec::new()).map_err(|reason| {
                anyhow::anyhow!("cannot use {}: {reason}", matches[0].path.display())
            }),
            count => {
                let ids: Vec<&str> = matches
                    .iter()
                    .map(|entry| entry.id.as_str())
                    .take(10)
                    .collect();
                let more = if count > ids.len() { ", ..." } else { "" };
                Err(BadInput::new(format!(
                    "'{wanted}' matches {count} sessions: {}{more}",
                    ids.join(", ")
                ))
                .into())
            }
        }
    }

    /// Hands each readable record to `visitor`, one at a time, in id order (ids begin with
    /// the local start time, and the folders are laid out by it), until it says stop or
    /// fails; its error comes back as it was. One folder's names are held at a time, so a
    /// report over a long history needs little memory. Returns the files that were skipped.
    pub fn visit<E>(
        &self,
        order: Order,
        mut visitor: impl FnMut(Session) -> Result<ControlFlow<()>, E>,
    ) -> Result<Vec<Skipped>, E> {
        let mut skipped = Vec::new();
        let mut buffer = Vec::new();
        for month in self.months(order, &mut skipped) {
            for entry in records_in(&month, order, &mut skipped) {
                match read_record(&entry.path, &mut buffer) {
                    Ok(session) => {
                        if visitor(session)?.is_break() {
                            return Ok(skipped);
                        }
                    }
                    Err(reason) => skipped.push(Skipped {
                        path: entry.path,
                        reason,
                    }),
                }
            }
        }
        Ok(skipped)
    }

    /// Every readable record, newest first, and what was skipped.
    #[cfg(test)]
    pub fn all(&self) -> (Vec<Session>, Vec<Skipped>) {
        let mut sessions = Vec::new();
        let skipped = self
            .visit(Order::NewestFirst, |session| {
                sessions.push(session);
                Ok::<_, std::convert::Infallible>(ControlFlow::Continue(()))
            })
            .unwrap_or_else(|never| match never {});
        (sessions, skipped)
    }

    /// The brief of every readable record, newest first, from the month files where they
    /// are still true and from the records where they are not (see the module notes).
    pub fn briefs(&self) -> Briefs {
        let mut result = Briefs::default();
        let months = self.months(Order::NewestFirst, &mut result.skipped);
        let kept = !months.is_empty() && self.briefs_can_be_kept(&mut result.skipped);
        for month in months {
            let file = kept.then(|| self.briefs_file_of(&month));
            let mut month_briefs = month_briefs(&month, file.as_deref(), &mut result.skipped);
            month_briefs.reverse();
            for (path, content) in month_briefs {
                match content {
                    Content::Brief(brief) => result.briefs.push(brief),
                    Content::Damaged(reason) => result.skipped.push(Skipped { path, reason }),
                }
            }
        }
        result
    }

    /// Whether the briefs folder may be read and written: it is a folder, or is not there
    /// yet. A link would have them read from and written to somewhere else, and a file
    /// cannot hold them: either is named, and the briefs are made from the records alone.
    fn briefs_can_be_kept(&self, skipped: &mut Vec<Skipped>) -> bool {
        let folder = self.root.join(BRIEFS_FOLDER);
        let what = match folder.symlink_metadata() {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                format!("a symbolic link ({NO_LINKS})")
            }
            Ok(metadata) if !metadata.is_dir() => "a file where a folder belongs".to_string(),
            _ => return true,
        };
        skipped.push(Skipped {
            path: folder,
            reason: format!(
                "{what}; the briefs are made from the records each time, and kept nowhere, \
                 until it is removed"
            ),
        });
        false
    }

    /// Where the briefs of a month folder are kept: `.briefs/YYYY-MM`.
    fn briefs_file_of(&self, month: &Path) -> PathBuf {
        let name = month
            .strip_prefix(&self.root)
            .map(|relative| relative.to_string_lossy().replace('/', "-"))
            .unwrap_or_default();
        self.root.join(BRIEFS_FOLDER).join(name)
    }

    /// The one walk of the store's layout: the month folders `YYYY/MM`, in `order`. What
    /// else is found there that a reader might miss (a record, a link, a folder or file
    /// named like neither) is named in `skipped`.
    pub(super) fn months(&self, order: Order, skipped: &mut Vec<Skipped>) -> Vec<PathBuf> {
        // The store's own folder is looked at first: read_dir would follow a link.
        let reason = match self.root.symlink_metadata() {
            Err(_) => return Vec::new(),
            Ok(metadata) if metadata.file_type().is_symlink() => {
                format!("a symbolic link ({NO_LINKS}): no session in it is read")
            }
            Ok(metadata) if !metadata.is_dir() => {
                "a file where the sessions folder belongs: no session can be read or saved"
                    .to_string()
            }
            Ok(_) => String::new(),
        };
        if !reason.is_empty() {
            skipped.push(Skipped {
                path: self.root.clone(),
                reason,
            });
            return Vec::new();
        }
        let mut months = Vec::new();
        for year in folders_in(&self.root, Level::Years, order, skipped) {
            months.extend(folders_in(&year, Level::Months, order, skipped));
        }
        months
    }
}

/// A level of folders above the records: the years in the store's root, the months in a
/// year. Only folders named as their level names them hold records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Years,
    Months,
}

impl Level {
    /// Whether `name` is a folder's of this level: four digits for a year, `01` to `12` for
    /// a month.
    fn is_named(self, name: &str) -> bool {
        let digits = |count: usize| name.len() == count && name.bytes().all(|b| b.is_ascii_digit());
        match self {
            Level::Years => digits(4),
            Level::Months => digits(2) && matches!(name.parse::<u8>(), Ok(1..=12)),
        }
    }

    /// What a folder of this level holds the sessions of.
    fn unit(self) -> &'static str {
        match self {
            Level::Years => "year",
            Level::Months => "month",
        }
    }

    /// What a folder of this level is, in a message.
    fn folder(self) -> &'static str {
        match self {
            Level::Years => "a year folder (sessions/YYYY)",
            Level::Months => "a month folder (sessions/YYYY/MM, MM from 01 to 12)",
        }
    }
}

/// One record file of a month folder, as its listing shows it.
struct RecordEntry {
    path: PathBuf,
    id: String,
    /// The listing's entry, to look at the file by name in its open folder: much quicker
    /// than by its whole path, for every record of a long history.
    entry: std::fs::DirEntry,
}

/// What a record's file is on disk, as a brief made from it must still match: its inode, its
/// change time (seconds and nanoseconds) and its size. A record written again by this
/// program, renamed in by an editor, put back from a backup (`cp` keeps the modification
/// time with `-a`, and a freed inode is often reused) or written over in place has a new
/// change time, which the system sets on every change and no program can set back, so a
/// brief made from another file, or from this one before, is never taken for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Stamp {
    inode: u64,
    changed_s: i64,
    changed_ns: i64,
    size: u64,
}

impl Stamp {
    /// The stamp of a listed file now (not following a link), if it can be had.
    fn of(entry: &std::fs::DirEntry) -> Option<Stamp> {
        let metadata = entry.metadata().ok()?;
        Some(Stamp {
            inode: metadata.ino(),
            changed_s: metadata.ctime(),
            changed_ns: metadata.ctime_nsec(),
            size: metadata.size(),
        })
    }

    /// The stamp as the briefs file holds it: four tab-separated numbers.
    fn to_fields(self) -> String {
        format!(
            "{}\t{}\t{}\t{}",
            self.inode, self.changed_s, self.changed_ns, self.size
        )
    }

    /// The stamp at the start of a line of the briefs file, and the rest of the line.
    fn from_line(line: &str) -> Option<(Stamp, &str)> {
        let mut fields = line.splitn(5, '\t');
        let mut next = || fields.next();
        let stamp = Stamp {
            inode: next()?.parse().ok()?,
            changed_s: next()?.parse().ok()?,
            changed_ns: next()?.parse().ok()?,
            size: next()?.parse().ok()?,
        };
        Some((stamp, next()?))
    }
}

/// The entries of `folder` that are not dot files (unfinished writes, the briefs, the lock,
/// the user's own), in name order, or none when it cannot be listed (reported). Names are
/// as the system has them: one that is not UTF-8 text is for the caller to name.
fn entries_of(
    folder: &Path,
    order: Order,
    skipped: &mut Vec<Skipped>,
) -> Vec<(OsString, std::fs::DirEntry)> {
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Vec::new(),
        Err(error) => {
            skipped.push(Skipped {
                path: folder.to_path_buf(),
                reason: format!("cannot list: {error}"),
            });
            return Vec::new();
        }
    };
    let mut named: Vec<(OsString, std::fs::DirEntry)> = entries
        .flatten()
        .map(|entry| (entry.file_name(), entry))
        .filter(|(name, _)| !name.as_bytes().starts_with(b"."))
        .collect();
    named.sort_by(|a, b| a.0.cmp(&b.0));
    if order == Order::NewestFirst {
        named.reverse();
    }
    named
}

/// Whether a file name, UTF-8 or not, is a record's.
fn looks_like_record(name: &OsStr) -> bool {
    match name.to_str() {
        Some(name) => record_id(name).is_some(),
        None => name
            .as_bytes()
            .ends_with(SessionFile::Record.suffix().as_bytes()),
    }
}

/// The folders of `level` in `folder` (the years of the root, the months of a year). Anything
/// a reader would never see is named: a link, a folder named unlike the level's, a file
/// where one of its folders belongs, a record outside a month.
fn folders_in(
    folder: &Path,
    level: Level,
    order: Order,
    skipped: &mut Vec<Skipped>,
) -> Vec<PathBuf> {
    let mut folders = Vec::new();
    for (name, entry) in entries_of(folder, order, skipped) {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let named = name.to_str().is_some_and(|name| level.is_named(name));
        let reason = if kind.is_symlink() {
            format!("a symbolic link ({NO_LINKS})")
        } else if kind.is_dir() && named {
            folders.push(entry.path());
            continue;
        } else if kind.is_dir() {
            format!("not {}: nothing in it is read", level.folder())
        } else if named {
            format!(
                "a file where {} belongs: move it away, or no session of that {} can be saved",
                level.folder(),
                level.unit()
            )
        } else if looks_like_record(&name) {
            "a record outside a month folder (sessions/YYYY/MM) is not read: move it into its \
             month"
                .into()
        } else {
            continue;
        };
        skipped.push(Skipped {
            path: entry.path(),
            reason,
        });
    }
    folders
}

/// The record files of one month folder; links, odd files, folders and names that are not
/// UTF-8 text inside it are reported.
fn records_in(month: &Path, order: Order, skipped: &mut Vec<Skipped>) -> Vec<RecordEntry> {
    let mut records = Vec::new();
    for (name, entry) in entries_of(month, order, skipped) {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let reason = if kind.is_symlink() {
            format!("a symbolic link ({NO_LINKS})")
        } else if kind.is_dir() {
            "a folder inside a month folder is not read: move its records into the month".into()
        } else if let Some(id) = name.to_str().and_then(record_id) {
            if kind.is_file() {
                records.push(RecordEntry {
                    path: entry.path(),
                    id: id.to_string(),
                    entry,
                });
                continue;
            }
            "not a regular file (a named pipe, a device or a socket)".into()
        } else if looks_like_record(&name) {
            "a file name that is not UTF-8 text is not read: rename it".into()
        } else if kind.is_file() && is_left_unfinished(&entry.path()) {
            match recover_unfinished(&entry.path()) {
                Ok(()) => continue,
                Err(reason) => reason,
            }
        } else {
            continue;
        };
        skipped.push(Skipped {
            path: entry.path(),
            reason,
        });
    }
    records
}

fn to_json(session: &Session) -> io::Result<Vec<u8>> {
    let mut text = serde_json::to_vec_pretty(session).map_err(io::Error::other)?;
    text.push(b'\n');
    Ok(text)
}

/// One record, read through `buffer` (reused between files to spare allocations), or why it
/// cannot be used. It is known by its file name (see [`known_by_file_name`]).
pub(super) fn read_record(path: &Path, buffer: &mut Vec<u8>) -> Result<Session, String> {
    let mut session = read_record_as_written(path, buffer)?;
    known_by_file_name(path, &mut session);
    Ok(session)
}

/// One record exactly as its file has it, `id` included, or why it cannot be used.
fn read_record_as_written(path: &Path, buffer: &mut Vec<u8>) -> Result<Session, String> {
    read_regular_into(path, Links::Refuse, RECORD_CAP, buffer).map_err(|error| {
        match error.kind() {
            io::ErrorKind::InvalidInput => error.to_string(),
            _ => format!("cannot read: {error}"),
        }
    })?;
    // An editor's byte-order mark is no reason to call a record broken.
    let text = buffer.strip_prefix("\u{feff}".as_bytes()).unwrap_or(buffer);
    let session = match serde_json::from_slice::<Session>(text) {
        Ok(session) if session.schema > SCHEMA => return Err(newer_schema(session.schema)),
        Ok(session) => session,
        Err(error) => return Err(diagnose(text, &error)),
    };
    if let Some(problem) = session.impossibility() {
        return Err(format!("damaged record: {problem}"));
    }
    Ok(session)
}

/// Gives `session` the id its file's name says, with a warning when the record says
/// another: the file's name is the session's handle, by which `show` and `edit` find it.
fn known_by_file_name(path: &Path, session: &mut Session) {
    let file_id = path
        .file_name()
        .and_then(|name| name.to_str())
        .and_then(record_id);
    if let Some(file_id) = file_id
        && file_id != session.id
    {
        ui::warn(format!(
            "{}: the record says its id is {}; it is known by its file name, {file_id}",
            path.display(),
            session.id
        ));
        session.id = file_id.to_string();
    }
}

fn newer_schema(schema: impl fmt::Display) -> String {
    format!("written by a newer version of rehearse (schema {schema}; this one reads {SCHEMA})")
}

/// Says why a file is not a record, in the words a person needs to fix or ignore it.
fn diagnose(text: &[u8], error: &serde_json::Error) -> String {
    if error.is_eof() {
        return "cut short (the file ends in the middle of the record)".to_string();
    }
    if error.is_syntax() {
        return format!(
            "not valid JSON (line {}, column {})",
            error.line(),
            error.column()
        );
    }
    // Valid JSON that is not a record this version understands: a newer schema says so.
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(text)
        && let Some(schema) = value.get("schema").and_then(serde_json::Value::as_u64)
    {
        if schema > u64::from(SCHEMA) {
            return newer_schema(schema);
        }
        return format!("damaged record: {error}");
    }
    format!("not a session record: {error}")
}

// ---------------------------------------------------------------------------------------------
// The briefs of a month
// ---------------------------------------------------------------------------------------------

/// What the briefs remember of a record.
#[derive(Debug)]
enum Content {
    Brief(Brief),
    /// Why the record was skipped; never kept, so a record mended by hand is read again.
    Damaged(String),
}

/// The first line of a month's briefs file.
const BRIEFS_HEADER: &str = "rehearse briefs 4";

/// The briefs of one month folder's records, oldest first, each with its record's path: from
/// the month's briefs file for the records it has a brief of (the same id and [`Stamp`]),
/// read from the records for the others, and the file written anew when that changed
/// anything. Without a file (the briefs cannot be kept), every record is read.
fn month_briefs(
    month: &Path,
    file: Option<&Path>,
    skipped: &mut Vec<Skipped>,
) -> Vec<(PathBuf, Content)> {
    let mut known = KnownBriefs::new(file.map(read_month_file).unwrap_or_default());
    let records = records_in(month, Order::OldestFirst, skipped);
    let mut changed = records.len() != known.len();
    let mut buffer = Vec::new();
    let mut briefs = Vec::with_capacity(records.len());
    for record in records {
        // Stamped before it is read: a change made in between is a new stamp next time.
        let stamp = Stamp::of(&record.entry);
        let content = match stamp.and_then(|stamp| known.take(&record.id, stamp)) {
            Some(brief) => Content::Brief(brief),
            None => {
                changed = true;
                match read_record(&record.path, &mut buffer) {
                    Ok(session) => Content::Brief(Brief::of(&session)),
                    Err(reason) => Content::Damaged(reason),
                }
            }
        };
        briefs.push((record, stamp, content));
    }
    if changed && let Some(file) = file {
        // Derived data: a home that cannot take the file still works, only more slowly.
        let _ = write_month_file(file, &briefs);
    }
    briefs
        .into_iter()
        .map(|(record, _, content)| (record.path, content))
        .collect()
}

/// A month's briefs as the file holds them, in the order the records were listed when it
/// was written, so that a listing of the same records meets them in turn; only after the
/// first record that is not next is an index built.
struct KnownBriefs {
    entries: Vec<Option<(Stamp, Brief)>>,
    next: usize,
    index: Option<HashMap<(String, Stamp), usize>>,
}

impl KnownBriefs {
    fn new(entries: Vec<(Stamp, Brief)>) -> KnownBriefs {
        KnownBriefs {
            entries: entries.into_iter().map(Some).collect(),
            next: 0,
            index: None,
        }
    }

    fn len(&self) -> usize {
        self.entries.len()
    }

    /// The brief made from the record `id` with this stamp, if there is one.
    fn take(&mut self, id: &str, stamp: Stamp) -> Option<Brief> {
        if let Some(Some((known_stamp, brief))) = self.entries.get(self.next)
            && *known_stamp == stamp
            && brief.id == id
        {
            self.next += 1;
            return self.entries[self.next - 1].take().map(|(_, brief)| brief);
        }
        let entries = &self.entries;
        let index = self.index.get_or_insert_with(|| {
            entries
                .iter()
                .enumerate()
                .filter_map(|(at, entry)| {
                    entry
                        .as_ref()
                        .map(|(stamp, brief)| ((brief.id.clone(), *stamp), at))
                })
                .collect()
        });
        let at = index.remove(&(id.to_string(), stamp))?;
        self.entries[at].take().map(|(_, brief)| brief)
    }
}

/// A month's briefs with the stamps of the files they were made from, in file order; none
/// when the file is missing, not ours, or damaged in any way.
fn read_month_file(path: &Path) -> Vec<(Stamp, Brief)> {
    let read = || -> Option<Vec<(Stamp, Brief)>> {
        let bytes = read_regular_capped(path, Links::Refuse, BRIEFS_CAP).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let mut lines = text.lines();
        if lines.next()? != BRIEFS_HEADER {
            return None;
        }
        lines
            .map(|line| {
                let (stamp, brief) = Stamp::from_line(line)?;
                Some((stamp, Brief::from_line(brief)?))
            })
            .collect()
    };
    read().unwrap_or_default()
}

/// Writes a month's briefs: of the readable records with a stamp only, since a damaged one
/// is read anew, and so is one whose file could not be looked at.
fn write_month_file(
    path: &Path,
    briefs: &[(RecordEntry, Option<Stamp>, Content)],
) -> io::Result<()> {
    write_derived(path, |out| {
        writeln!(out, "{BRIEFS_HEADER}")?;
        for (_, stamp, content) in briefs {
            if let (Some(stamp), Content::Brief(brief)) = (stamp, content) {
                writeln!(out, "{}\t{}", stamp.to_fields(), brief.to_line())?;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::SessionBuilder;

    fn ids(store: &Store, order: Order) -> Vec<String> {
        let mut seen = Vec::new();
        store
            .visit(order, |session| {
                seen.push(session.id);
                Ok::<_, ()>(ControlFlow::Continue(()))
            })
            .unwrap();
        seen
    }

    fn sample(id: &str, started_at: &str) -> Session {
        SessionBuilder::new("conflict-manager")
            .id(id)
            .at(started_at)
            .build()
    }

    #[test]
    fn ids_carry_the_local_date_time_and_four_random_characters() {
        let at = DateTime::parse_from_rfc3339("2026-11-23T07:31:05.120+01:00").unwrap();
        let id = new_session_id(&at);
        assert!(id.starts_with("20261123-073105-"), "{id}");
        let suffix = &id[16..];
        assert_eq!(suffix.len(), 4);
        assert!(
            suffix
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        );
    }

    #[test]
    fn saves_under_year_and_month_and_reads_back_newest_first() {
        let home = tempfile::tempdir().unwrap();
        let store = Store::new(home.path());
        let mut older = sample("20261001-080000-aaaa", "2026-10-01T08:00:00+02:00");
        let mut newer = sample("20261123-073105-k3f9", "2026-11-23T07:31:05.120+01:00");
        store.save_new(&mut older).unwrap();
        assert!(
            home.path()
                .join("sessions/2026/10/20261001-080000-aaaa.json")
                .is_file()
        );
        assert_eq!(
            store.location(&older.id),
            home.path()
                .join("sessions/2026/10/20261001-080000-aaaa.json")
        );
        store.save_new(&mut newer).unwrap();
        let (sessions, skipped) = store.all();
        assert!(skipped.is_empty());
        let ids: Vec<&str> = sessions.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["20261123-073105-k3f9", "20261001-080000-aaaa"]);
    }

    #[test]
    fn visit_goes_in_id_order_either_way_and_can_stop_early() {
        let home = tempfile::tempdir().unwrap();
        let store = Store::new(home.path());
        for id in [
            "20251231-230000-aaaa",
            "20260101-080000-bbbb",
            "20260215-090000-cccc",
            "20260101-080000-abcd",
        ] {
            store
                .save_new(&mut sample(id, "2026-01-01T08:00:00+00:00"))
                .unwrap();
        }
        let ids = |order| ids(&store, order);
        assert_eq!(
            ids(Order::OldestFirst),
            [
                "20251231-230000-aaaa",
                "20260101-080000-abcd",
                "20260101-080000-bbbb",
                "20260215-090000-cccc"
            ]
        );
        let mut newest = ids(Order::OldestFirst);
        newest.reverse();
        assert_eq!(ids(Order::NewestFirst), newest);
        let mut first_two = Vec::new();
        store
            .visit(Order::NewestFirst, |session| {
                first_two.push(session.id);
                Ok::<_, ()>(if first_two.len() == 2 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                })
            })
            .unwrap();
        assert_eq!(first_two, ["20260215-090000-cccc", "20260101-080000-bbbb"]);
        let failed = store.visit(Order::OldestFirst, |session| {
            if session.id.starts_with("2026") {
                Err(format!("stopped at {}", session.id))
            } else {
                Ok(ControlFlow::Continue(()))
            }
        });
        assert_eq!(failed.unwrap_err(), "stopped at 20260101-080000-abcd");
    }

    #[test]
    fn a_taken_id_gets_a_fresh_suffix_and_both_records_stay() {
        let home = tempfile::tempdir().unwrap();
        let store = Store::new(home.path());
        let mut first = sample("20261123-073105-k3f9", "2026-11-23T07:31:05+01:00");
        let mut second = first.clone();
        second.answer_ms = 1;
        store.save_new(&mut first).unwrap();
        store.save_new(&mut second).unwrap();
        assert_ne!(first.id, second.id);
        assert!(second.id.starts_with("20261123-073105-"));
        assert_eq!(store.all().0.len(), 2);
    }

    #[test]
    fn damaged_files_are_skipped_with_a_reason_and_left_untouched() {
        let home = tempfile::tempdir().unwrap();
        let store = Store::new(home.path());
        store
            .save_new(&mut sample(
                "20261123-073105-k3f9",
                "2026-11-23T07:31:05+01:00",
            ))
            .unwrap();
        let folder = home.path().join("sessions/2026/11");
        let good = std::fs::read_to_string(folder.join("20261123-073105-k3f9.json")).unwrap();
        let future = good.replace("\"schema\": 1", "\"schema\": 9");
        let future_and_different =
            future.replace("\"answer_ms\": 150000", "\"answer_ms\": \"soon\"");
        let with = |from: &str, to: &str| {
            assert!(good.contains(from), "{from}");
            good.replace(from, to)
        };
        let damaged: [(&str, String); 9] = [
            ("bad.json", "{ not json".to_string()),
            (
                "score.json",
                with("\"scores\": null", "\"scores\": {\"S\": 200}"),
            ),
            ("window.json", with("\"min_s\": 120", "\"min_s\": 900")),
            (
                "negative.json",
                with("\"answer_ms\": 150000", "\"answer_ms\": -5"),
            ),
            (
                "absurd.json",
                with("\"answer_ms\": 150000", "\"answer_ms\": 999999999999"),
            ),
            ("cut.json", good[..good.len() / 2].to_string()),
            ("future.json", future),
            ("future-shape.json", future_and_different),
            ("other.json", "[1, 2, 3]".to_string()),
        ];
        for (name, text) in &damaged {
            std::fs::write(folder.join(name), text).unwrap();
        }
        let (sessions, skipped) = store.all();
        assert_eq!(sessions.len(), 1);
        let reason = |name: &str| {
            skipped
                .iter()
                .find(|s| s.path.ends_with(name))
                .map(|s| s.reason.clone())
                .unwrap_or_default()
        };
        assert!(
            reason("bad.json").starts_with("not valid JSON (line 1"),
            "{}",
            reason("bad.json")
        );
        assert!(
            reason("cut.json").starts_with("cut short"),
            "{}",
            reason("cut.json")
        );
        assert!(reason("future.json").contains("newer version of rehearse (schema 9"));
        assert!(reason("future-shape.json").contains("newer version of rehearse (schema 9"));
        assert!(reason("other.json").starts_with("not a session record"));
        assert!(
            reason("score.json").contains("a score is 0, 1 or 2, not 200"),
            "{}",
            reason("score.json")
        );
        assert!(
            reason("window.json").contains("min is above max"),
            "{}",
            reason("window.json")
        );
        assert!(
            reason("negative.json").starts_with("damaged record"),
            "{}",
            reason("negative.json")
        );
        assert!(
            reason("absurd.json").contains("longer than a day"),
            "{}",
            reason("absurd.json")
        );
        // Every report reads through the briefs too: the same files are left out there.
        let briefs = store.briefs();
        assert_eq!(briefs.briefs.len(), 1);
        assert_eq!(briefs.skipped.len(), damaged.len());
        for (name, text) in &damaged {
            assert_eq!(
                &std::fs::read_to_string(folder.join(name)).unwrap(),
                text,
                "{name} was changed"
            );
        }
    }

    #[test]
    fn find_takes_a_unique_prefix_and_lists_an_ambiguous_one() {
        let home = tempfile::tempdir().unwrap();
        let store = Store::new(home.path());
        for id in [
            "20261123-073105-k3f9",
            "20261123-090000-abcd",
            "20261124-100000-zzzz",
        ] {
            store
                .save_new(&mut sample(id, "2026-11-23T07:31:05+01:00"))
                .unwrap();
        }
        assert_eq!(store.get("20261124").unwrap().id, "20261124-100000-zzzz");
        assert_eq!(store.get("k3f9").unwrap().id, "20261123-073105-k3f9");
        let ambiguous = store.get("20261123").unwrap_err().to_string();
        assert_eq!(
            ambiguous,
            "'20261123' matches 2 sessions: 20261123-073105-k3f9, 20261123-090000-abcd"
        );
        let unknown = store.get("1999").unwrap_err();
        assert!(
            unknown
                .to_string()
                .starts_with("no session with an id starting '1999'")
        );
        assert!(unknown.is::<BadInput>());
    }

    #[test]
    fn an_empty_store_has_no_sessions_and_creates_nothing() {
        let home = tempfile::tempdir().unwrap();
        let store = Store::new(&home.path().join("nowhere"));
        let (sessions, skipped) = store.all();
        assert!(sessions.is_empty() && skipped.is_empty());
        let briefs = store.briefs();
        assert!(briefs.briefs.is_empty() && briefs.skipped.is_empty());
        assert!(!home.path().join("nowhere").exists());
    }

    #[test]
    fn briefs_follow_the_records_through_saves_edits_removals_and_a_lost_file() {
        let home = tempfile::tempdir().unwrap();
        let store = Store::new(home.path());
        let ids_of = |briefs: &Briefs| -> Vec<String> {
            briefs.briefs.iter().map(|brief| brief.id.clone()).collect()
        };
        let mut first = sample("20261101-080000-aaaa", "2026-11-01T08:00:00+00:00");
        let mut second = sample("20261102-080000-bbbb", "2026-11-02T08:00:00+00:00");
        store.save_new(&mut first).unwrap();
        store.save_new(&mut second).unwrap();
        let both = [second.id.clone(), first.id.clone()];
        assert_eq!(ids_of(&store.briefs()), both);
        let cache = home
            .path()
            .join("sessions")
            .join(BRIEFS_FOLDER)
            .join("2026-11");
        assert!(cache.is_file(), "the briefs are kept");
        let kept = std::fs::read(&cache).unwrap();

        // An edit by this program replaces the file: its brief is made again.
        store
            .update(&first.id, |session| {
                session.story = Some("Audit flag".into())
            })
            .unwrap();
        assert_eq!(
            store.briefs().briefs[1].story.as_deref(),
            Some("Audit flag")
        );
        // So does an edit by another program that writes a new file and renames it in.
        let path = store.location(&second.id);
        let text = std::fs::read_to_string(&path).unwrap();
        let renamed = path.with_extension("tmp");
        std::fs::write(
            &renamed,
            text.replace("conflict-manager", "conflict-renamed"),
        )
        .unwrap();
        std::fs::rename(&renamed, &path).unwrap();
        assert_eq!(store.briefs().briefs[0].prompt_id, "conflict-renamed");

        // A backup put back, briefs and all, cannot hide a record saved since.
        let mut third = sample("20261103-080000-cccc", "2026-11-03T08:00:00+00:00");
        store.save_new(&mut third).unwrap();
        std::fs::write(&cache, &kept).unwrap();
        assert_eq!(
            ids_of(&store.briefs()),
            [third.id.clone(), second.id.clone(), first.id.clone()]
        );

        // A record that goes away takes its brief; a broken or lost briefs file is rebuilt.
        std::fs::remove_file(store.location(&first.id)).unwrap();
        let two = [third.id.clone(), second.id.clone()];
        assert_eq!(ids_of(&store.briefs()), two);
        std::fs::write(&cache, "something else entirely").unwrap();
        assert_eq!(ids_of(&store.briefs()), two);
        std::fs::remove_file(&cache).unwrap();
        assert_eq!(ids_of(&store.briefs()), two);
    }

    #[test]
    fn a_record_written_over_in_place_keeping_inode_time_and_size_gets_a_new_brief() {
        use std::io::{Seek, Write};
        use std::os::unix::fs::MetadataExt;
        let home = tempfile::tempdir().unwrap();
        let store = Store::new(home.path());
        let mut session = sample("20261101-080000-aaaa", "2026-11-01T08:00:00+00:00");
        store.save_new(&mut session).unwrap();
        assert_eq!(store.briefs().briefs[0].prompt_id, "conflict-manager");
        let path = store.location(&session.id);
        let before = path.metadata().unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        // The system's clock for change times may tick only every few milliseconds.
        std::thread::sleep(std::time::Duration::from_millis(50));
        // Another program writes the same file over, the same length, and sets its
        // modification time back, as `cp -a` or an editor may.
        let mut file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        file.write_all(
            text.replace("conflict-manager", "conflict-inplace")
                .as_bytes(),
        )
        .unwrap();
        file.rewind().unwrap();
        file.set_modified(before.modified().unwrap()).unwrap();
        drop(file);
        let after = path.metadata().unwrap();
        assert_eq!(
            (after.ino(), after.size(), after.modified().unwrap()),
            (before.ino(), before.size(), before.modified().unwrap())
        );
        assert_eq!(store.briefs().briefs[0].prompt_id, "conflict-inplace");
    }

    #[test]
    fn a_backup_put_back_over_a_changed_record_is_seen() {
        let home = tempfile::tempdir().unwrap();
        let store = Store::new(home.path());
        let mut session = SessionBuilder::new("conflict-manager")
            .id("20261101-080000-aaaa")
            .story("Before")
            .build();
        store.save_new(&mut session).unwrap();
        let path = store.location(&session.id);
        let backup = home.path().join("backup.json");
        std::fs::copy(&path, &backup).unwrap();
        let modified = path.metadata().unwrap().modified().unwrap();
        store
            .update(&session.id, |session| session.story = Some("Edited".into()))
            .unwrap();
        assert_eq!(store.briefs().briefs[0].story.as_deref(), Some("Edited"));
        std::thread::sleep(std::time::Duration::from_millis(50));
        std::fs::remove_file(&path).unwrap();
        std::fs::copy(&backup, &path).unwrap();
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(modified)
            .unwrap();
        assert_eq!(store.briefs().briefs[0].story.as_deref(), Some("Before"));
    }

    #[test]
    fn a_damaged_record_mended_in_place_is_read_again() {
        let home = tempfile::tempdir().unwrap();
        let store = Store::new(home.path());
        let mut session = sample("20261101-080000-aaaa", "2026-11-01T08:00:00+00:00");
        store.save_new(&mut session).unwrap();
        let path = store.location(&session.id);
        let good = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, "{ broken").unwrap();
        assert_eq!(store.briefs().skipped.len(), 1);
        std::fs::write(&path, &good).unwrap();
        let briefs = store.briefs();
        assert_eq!((briefs.briefs.len(), briefs.skipped.len()), (1, 0));
    }

    #[test]
    fn records_outside_the_month_folders_are_named_by_every_reader() {
        let home = tempfile::tempdir().unwrap();
        let store = Store::new(home.path());
        let mut session = sample("20261101-080000-aaaa", "2026-11-01T08:00:00+00:00");
        store.save_new(&mut session).unwrap();
        let text = std::fs::read_to_string(store.location(&session.id)).unwrap();
        let sessions = home.path().join("sessions");
        std::fs::write(sessions.join("20261101-090000-root.json"), &text).unwrap();
        std::fs::create_dir_all(sessions.join("2026/11/old")).unwrap();
        std::fs::write(
            sessions.join("2026/11/old/20261101-100000-deep.json"),
            &text,
        )
        .unwrap();
        let (read, skipped) = store.all();
        let briefs = store.briefs();
        assert_eq!((read.len(), briefs.briefs.len()), (1, 1));
        for skipped in [&skipped, &briefs.skipped] {
            let reasons: Vec<&str> = skipped.iter().map(|s| s.reason.as_str()).collect();
            assert_eq!(reasons.len(), 2, "{reasons:?}");
            assert!(reasons.iter().any(|r| r.contains("outside a month folder")));
            assert!(reasons.iter().any(|r| r.contains("inside a month folder")));
        }
    }

    #[test]
    fn only_year_and_month_folders_are_read_and_every_other_is_named_once() {
        let home = tempfile::tempdir().unwrap();
        let store = Store::new(home.path());
        let mut session = sample("20261101-080000-aaaa", "2026-11-01T08:00:00+00:00");
        store.save_new(&mut session).unwrap();
        let sessions = home.path().join("sessions");
        let record = store.location(&session.id);
        let not_read = [
            "2026/11 backup",
            "2026/13",
            "2026/Nov",
            "2026/1",
            "26/11",
            "archive/2025/01",
        ];
        for folder in not_read {
            let folder = sessions.join(folder);
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::copy(&record, folder.join(record.file_name().unwrap())).unwrap();
        }
        std::fs::write(sessions.join("2027"), "").unwrap();
        std::fs::write(sessions.join("2026/12"), "").unwrap();
        let (read, skipped) = store.all();
        let briefs = store.briefs();
        assert_eq!((read.len(), briefs.briefs.len()), (1, 1));
        assert_eq!(store.get("aaaa").unwrap().id, session.id);
        for skipped in [&skipped, &briefs.skipped] {
            let named = |path: &str, reason: &str| {
                let path = sessions.join(path);
                let found: Vec<&Skipped> = skipped.iter().filter(|s| s.path == path).collect();
                assert_eq!(found.len(), 1, "{path:?} in {skipped:#?}");
                assert!(found[0].reason.contains(reason), "{:?}", found[0]);
            };
            for month in ["2026/11 backup", "2026/13", "2026/Nov", "2026/1"] {
                named(
                    month,
                    "not a month folder (sessions/YYYY/MM, MM from 01 to 12)",
                );
            }
            named(
                "26",
                "not a year folder (sessions/YYYY): nothing in it is read",
            );
            named("archive", "not a year folder");
            named("2027", "a file where a year folder (sessions/YYYY) belongs");
            named("2026/12", "a file where a month folder");
            assert_eq!(skipped.len(), 8, "{skipped:#?}");
        }
    }

    #[test]
    fn names_that_are_not_utf8_text_are_named_not_hidden() {
        use std::os::unix::ffi::OsStrExt;
        let home = tempfile::tempdir().unwrap();
        let store = Store::new(home.path());
        let mut session = sample("20261101-080000-aaaa", "2026-11-01T08:00:00+00:00");
        store.save_new(&mut session).unwrap();
        let record = std::fs::read(store.location(&session.id)).unwrap();
        let odd = |name: &[u8]| OsStr::from_bytes(name).to_owned();
        let month = home.path().join("sessions/2026/11");
        std::fs::write(month.join(odd(b"20261102-080000-\xff.json")), &record).unwrap();
        let odd_month = home.path().join("sessions/2026").join(odd(b"1\xff"));
        std::fs::create_dir(&odd_month).unwrap();
        let (read, skipped) = store.all();
        assert_eq!(read.len(), 1);
        let shown: Vec<String> = skipped.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 2, "{shown:?}");
        assert!(
            shown.iter().any(|line| line.contains(
                "2026/11/20261102-080000-\\xff.json: a file name that is not UTF-8 text"
            )),
            "{shown:?}"
        );
        assert!(
            shown
                .iter()
                .any(|line| line.contains("2026/1\\xff: not a month folder")),
            "{shown:?}"
        );
    }

    #[test]
    fn a_linked_store_is_read_as_empty_and_nothing_is_made_through_it_not_even_the_lock() {
        let home = tempfile::tempdir().unwrap();
        let elsewhere = home.path().join("elsewhere");
        let real = Store::new(&elsewhere);
        let mut session = sample("20261101-080000-aaaa", "2026-11-01T08:00:00+00:00");
        real.save_new(&mut session).unwrap();
        let linked = home.path().join("linked");
        std::fs::create_dir(&linked).unwrap();
        std::os::unix::fs::symlink(elsewhere.join("sessions"), linked.join("sessions")).unwrap();
        let store = Store::new(&linked);
        let (read, skipped) = store.all();
        assert!(read.is_empty());
        assert_eq!(skipped.len(), 1, "{skipped:?}");
        assert!(
            skipped[0].reason.starts_with("a symbolic link"),
            "{skipped:?}"
        );
        assert!(store.check_writable().is_err());
        let error = store.update(&session.id, |_| {}).unwrap_err();
        assert!(error.to_string().contains("is a symbolic link"), "{error}");
        assert!(!elsewhere.join("sessions/.lock").exists());
        assert!(store.save_new(&mut session.clone()).is_err());
    }

    #[test]
    fn a_record_moved_to_another_month_is_still_found_and_changed_where_it_is() {
        let home = tempfile::tempdir().unwrap();
        let store = Store::new(home.path());
        let mut session = sample("20261101-080000-aaaa", "2026-11-01T08:00:00+00:00");
        store.save_new(&mut session).unwrap();
        let moved = home
            .path()
            .join("sessions/2026/12/20261101-080000-aaaa.json");
        std::fs::create_dir_all(moved.parent().unwrap()).unwrap();
        std::fs::rename(store.location(&session.id), &moved).unwrap();
        assert_eq!(store.location(&session.id), moved);
        store
            .update(&session.id, |session| session.note = Some("moved".into()))
            .unwrap();
        assert!(std::fs::read_to_string(&moved).unwrap().contains("moved"));
        assert!(
            !home
                .path()
                .join("sessions/2026/11/20261101-080000-aaaa.json")
                .exists()
        );
        assert_eq!(store.get("aaaa").unwrap().note.as_deref(), Some("moved"));
    }

    #[test]
    fn an_update_of_a_renamed_record_keeps_the_id_it_says() {
        let home = tempfile::tempdir().unwrap();
        let store = Store::new(home.path());
        let mut session = sample("20261101-080000-aaaa", "2026-11-01T08:00:00+00:00");
        store.save_new(&mut session).unwrap();
        let renamed = home
            .path()
            .join("sessions/2026/11/20261101-080000-copy.json");
        std::fs::rename(store.location(&session.id), &renamed).unwrap();
        let changed = store
            .update("20261101-080000-copy", |session| {
                session.note = Some("x".into())
            })
            .unwrap();
        assert_eq!(changed.id, "20261101-080000-copy");
        let written: Session =
            serde_json::from_str(&std::fs::read_to_string(&renamed).unwrap()).unwrap();
        assert_eq!(
            (written.id.as_str(), written.note.as_deref()),
            ("20261101-080000-aaaa", Some("x"))
        );
    }

    #[test]
    fn files_beside_a_record_are_not_records() {
        let home = tempfile::tempdir().unwrap();
        let store = Store::new(home.path());
        let mut session = sample("20261101-080000-aaaa", "2026-11-01T08:00:00+00:00");
        store.save_new(&mut session).unwrap();
        let folder = store.location(&session.id).parent().unwrap().to_path_buf();
        std::fs::write(folder.join(format!("{}.transcript.json", session.id)), "{}").unwrap();
        std::fs::write(folder.join(format!("{}.wav", session.id)), "RIFF").unwrap();
        std::fs::write(folder.join(format!("{}.follow-up.wav", session.id)), "RIFF").unwrap();
        let (sessions, skipped) = store.all();
        assert_eq!((sessions.len(), skipped.len()), (1, 0), "{skipped:?}");
        let kinds: Vec<SessionFile> = store
            .files_of(&session.id)
            .into_iter()
            .map(|(kind, _)| kind)
            .collect();
        assert_eq!(kinds, SessionFile::ALL);
    }

    #[test]
    fn replace_needs_a_saved_record() {
        let home = tempfile::tempdir().unwrap();
        let store = Store::new(home.path());
        let session = sample("20261101-080000-aaaa", "2026-11-01T08:00:00+00:00");
        let error = store.replace(&session).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::NotFound);
        assert!(!home.path().join("sessions").exists());
    }
}
