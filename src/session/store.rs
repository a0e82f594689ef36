//! The session store: every file of every session under `<home>/sessions`, addressed by
//! session id. Only this module knows where a session's files live.
//!
//! A session is its record, `YYYY/MM/<id>.json`, and the files beside it that share its id
//! (`<id>.wav`, `<id>.transcript.json`; see [`SessionFile`]). Saving never replaces another
//! record (two runs in the same second get different ids). Reading never changes a record: a
//! file that cannot be read, is not a record, holds impossible values or comes from a newer
//! version is reported and skipped, and left exactly as it is.
//!
//! For each month folder the store keeps `.briefs/YYYY-MM`, one [`Brief`] a record, so
//! that the facts a drill starts from cost one small read a month instead of one read a
//! session. It is derived data and never trusted blindly: a month's file is used as it is
//! only when the folder has not changed since the file was made (every write of a record
//! renames a file into the folder, which changes the folder); otherwise the folder is listed
//! again, each brief is checked against its record's size and modification time, the records
//! that changed are read, and the file is written anew. Times too close to the listing to
//! tell apart are never trusted. Deleting the files loses nothing.

use std::collections::HashMap;
use std::fmt;
use std::io::{self, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use chrono::{DateTime, FixedOffset};
use rand::RngExt;

use super::brief::Brief;
use super::lock::{PATIENCE, lock_records};
use super::record::{SCHEMA, Session};
use crate::atomic::{Existing, write_atomic};
use crate::exit::BadInput;
use crate::files::{Links, NO_LINKS, check_real_folders, read_regular, read_regular_into};
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
    /// The transcript of the recorded answer.
    Transcript,
}

impl SessionFile {
    pub const ALL: [SessionFile; 3] = [
        SessionFile::Record,
        SessionFile::Audio,
        SessionFile::Transcript,
    ];

    /// What follows the id in the file's name.
    fn suffix(self) -> &'static str {
        match self {
            SessionFile::Record => ".json",
            SessionFile::Audio => ".wav",
            SessionFile::Transcript => ".transcript.json",
        }
    }
}

/// The id a file name gives a record, when the name is a record's: `<id>.json`, where an id
/// has no dot (so `<id>.transcript.json` is not a record).
fn record_id(name: &str) -> Option<&str> {
    let id = name.strip_suffix(SessionFile::Record.suffix())?;
    (!id.is_empty() && !id.contains('.')).then_some(id)
}

/// The session files under one data home.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
}

/// A record file that was left out of a listing, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "skipped {}: {}", self.path.display(), self.reason)
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

    /// Where one of a session's files lives: the year and month come from the id's date.
    fn path_of(&self, id: &str, file: SessionFile) -> PathBuf {
        let (year, month) = (id.get(0..4).unwrap_or("0000"), id.get(4..6).unwrap_or("00"));
        self.root
            .join(year)
            .join(month)
            .join(format!("{id}{}", file.suffix()))
    }

    /// Refuses to write below a link or a file where a folder belongs: a record saved there
    /// could never be listed again.
    fn check_folders_of(&self, path: &Path) -> io::Result<()> {
        let month = path.parent().unwrap_or(&self.root);
        let year = month.parent().unwrap_or(&self.root);
        check_real_folders([self.root.as_path(), year, month])
    }

    /// The record's file, to show a person where it is.
    pub fn location(&self, id: &str) -> PathBuf {
        self.path_of(id, SessionFile::Record)
    }

    /// The session's files that exist, record first.
    pub fn files_of(&self, id: &str) -> Vec<(SessionFile, PathBuf)> {
        SessionFile::ALL
            .into_iter()
            .map(|file| (file, self.path_of(id, file)))
            .filter(|(_, path)| path.symlink_metadata().is_ok())
            .collect()
    }

    /// Saves a new record, choosing a fresh id when its id is taken; `session.id` is the id
    /// it was saved under.
    pub fn save_new(&self, session: &mut Session) -> io::Result<()> {
        for _ in 0..ID_ATTEMPTS {
            let path = self.location(&session.id);
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
        let _lock = lock_records(&self.root, PATIENCE)?;
        let path = self.location(id);
        self.check_folders_of(&path)?;
        let mut session = read_record(&path, &mut Vec::new()).map_err(|reason| {
            io::Error::other(format!("cannot use {}: {reason}", path.display()))
        })?;
        change(&mut session);
        write_atomic(&path, &to_json(&session)?, Existing::Replace)?;
        Ok(session)
    }

    /// Writes a saved session back in one step, as it is (tests build records this way).
    #[cfg(test)]
    pub fn replace(&self, session: &Session) -> io::Result<()> {
        let path = self.location(&session.id);
        if path.symlink_metadata().is_err() {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("no saved session {} to replace", session.id),
            ));
        }
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
        let mut matches: Vec<PathBuf> = Vec::new();
        let _ = self.walk(Order::OldestFirst, &mut Vec::new(), &mut |path, id| {
            if id.starts_with(wanted) || id.ends_with(wanted) {
                matches.push(path.to_path_buf());
            }
            ControlFlow::Continue(())
        });
        match matches.len() {
            0 => Err(BadInput::new(format!(
                "no session with an id starting '{wanted}' (see `rehearse history`)"
            ))
            .into()),
            1 => read_record(&matches[0], &mut Vec::new())
                .map_err(|reason| anyhow::anyhow!("cannot use {}: {reason}", matches[0].display())),
            count => {
                let ids: Vec<&str> = matches
                    .iter()
                    .filter_map(|path| path.file_name()?.to_str().and_then(record_id))
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
    /// fails; its error comes back as it was. Only one folder's names are held at once, so a
    /// report over a long history needs little memory. Returns the files that were skipped.
    pub fn visit<E>(
        &self,
        order: Order,
        mut visitor: impl FnMut(Session) -> Result<ControlFlow<()>, E>,
    ) -> Result<Vec<Skipped>, E> {
        let mut skipped = Vec::new();
        let mut buffer = Vec::new();
        let mut failure = None;
        let mut damaged = Vec::new();
        let _ = self.walk(
            order,
            &mut skipped,
            &mut |path, _| match read_record(path, &mut buffer) {
                Ok(session) => match visitor(session) {
                    Ok(flow) => flow,
                    Err(error) => {
                        failure = Some(error);
                        ControlFlow::Break(())
                    }
                },
                Err(reason) => {
                    damaged.push(Skipped {
                        path: path.to_path_buf(),
                        reason,
                    });
                    ControlFlow::Continue(())
                }
            },
        );
        if let Some(error) = failure {
            return Err(error);
        }
        skipped.extend(damaged);
        Ok(skipped)
    }

    /// Every readable record, newest first, and what was skipped.
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
        for month in self.month_folders(&mut result.skipped) {
            let file = self.briefs_file_of(&month);
            let listing = month_briefs(&month, &file, &mut result.skipped);
            for entry in listing.into_iter().rev() {
                match entry.content {
                    Content::Brief(brief) => result.briefs.push(brief),
                    Content::Damaged(reason) => result.skipped.push(Skipped {
                        path: month.join(&entry.name),
                        reason,
                    }),
                }
            }
        }
        result
    }

    /// Where the briefs of a month folder are kept: `.briefs/YYYY-MM`.
    fn briefs_file_of(&self, month: &Path) -> PathBuf {
        let name = month
            .strip_prefix(&self.root)
            .map(|relative| relative.to_string_lossy().replace('/', "-"))
            .unwrap_or_default();
        self.root.join(BRIEFS_FOLDER).join(name)
    }

    /// The month folders (`YYYY/MM`), newest first. Anything else is left to the walk.
    fn month_folders(&self, skipped: &mut Vec<Skipped>) -> Vec<PathBuf> {
        let mut months = Vec::new();
        for year in sorted_folders(&self.root, skipped) {
            months.extend(sorted_folders(&year, skipped));
        }
        months.reverse();
        months
    }

    /// The one walk over the store: every record file (by name) in id order, handed to
    /// `found` with its id until it says stop. Folders that cannot be listed are reported in
    /// `skipped`.
    fn walk(
        &self,
        order: Order,
        skipped: &mut Vec<Skipped>,
        found: &mut dyn FnMut(&Path, &str) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        walk_folder(&self.root, order, skipped, found)
    }
}

fn walk_folder(
    folder: &Path,
    order: Order,
    skipped: &mut Vec<Skipped>,
    found: &mut dyn FnMut(&Path, &str) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            return ControlFlow::Continue(());
        }
        Err(error) => {
            skipped.push(Skipped {
                path: folder.to_path_buf(),
                reason: format!("cannot list: {error}"),
            });
            return ControlFlow::Continue(());
        }
    };
    let mut names: Vec<(String, Option<std::fs::FileType>)> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            // Dot files are unfinished writes, the briefs, or the user's own; never records.
            (!name.starts_with('.')).then(|| (name, entry.file_type().ok()))
        })
        .collect();
    names.sort_by(|a, b| a.0.cmp(&b.0));
    if order == Order::NewestFirst {
        names.reverse();
    }
    for (name, kind) in names {
        let path = folder.join(&name);
        let Some(kind) = kind else { continue };
        if kind.is_dir() {
            walk_folder(&path, order, skipped, found)?;
        } else if kind.is_symlink() {
            // Followed by neither reading nor writing, so said, not silently passed over.
            skipped.push(Skipped {
                path,
                reason: format!("a symbolic link ({NO_LINKS})"),
            });
        } else if let Some(id) = record_id(&name) {
            if kind.is_file() {
                found(&path, id)?;
            } else {
                skipped.push(Skipped {
                    path,
                    reason: "not a regular file (a named pipe, a device or a socket)".into(),
                });
            }
        }
    }
    ControlFlow::Continue(())
}

fn to_json(session: &Session) -> io::Result<Vec<u8>> {
    let mut text = serde_json::to_vec_pretty(session).map_err(io::Error::other)?;
    text.push(b'\n');
    Ok(text)
}

/// One record, read through `buffer` (reused between files to spare allocations), or why it
/// cannot be used.
fn read_record(path: &Path, buffer: &mut Vec<u8>) -> Result<Session, String> {
    read_regular_into(path, Links::Refuse, buffer).map_err(|error| match error.kind() {
        io::ErrorKind::InvalidInput => error.to_string(),
        _ => format!("cannot read: {error}"),
    })?;
    // An editor's byte-order mark is no reason to call a record broken.
    let text = buffer.strip_prefix("\u{feff}".as_bytes()).unwrap_or(buffer);
    let mut session = match serde_json::from_slice::<Session>(text) {
        Ok(session) if session.schema > SCHEMA => return Err(newer_schema(session.schema)),
        Ok(session) => session,
        Err(error) => return Err(diagnose(text, &error)),
    };
    if let Some(problem) = session.impossibility() {
        return Err(format!("damaged record: {problem}"));
    }
    // The file's name is the session's handle: `show` and `edit` find it by that name.
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
    Ok(session)
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

/// How close to the listing a modification time may be and still be trusted: file times move
/// in coarse steps (a few milliseconds on Linux, seconds on some file systems), so a change
/// made just after a listing could carry the same time as the listing saw.
const SETTLE_NS: u64 = 2_000_000_000;

/// The folders directly in `folder`, in name order; a folder that cannot be listed is
/// reported.
fn sorted_folders(folder: &Path, skipped: &mut Vec<Skipped>) -> Vec<PathBuf> {
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
    let mut folders: Vec<PathBuf> = entries
        .flatten()
        .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_dir()))
        .filter(|entry| !entry.file_name().to_string_lossy().starts_with('.'))
        .map(|entry| entry.path())
        .collect();
    folders.sort();
    folders
}

/// What tells a file or folder changed: its size and modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    mtime_ns: u64,
}

impl Stamp {
    fn of(path: &Path) -> io::Result<Stamp> {
        let metadata = path.symlink_metadata()?;
        Ok(Stamp {
            len: metadata.len(),
            mtime_ns: nanos_since_epoch(metadata.modified()?),
        })
    }

    /// Whether this stamp, seen by a listing made at `listed_ns`, was far enough before it
    /// that any later change must show in a new stamp.
    fn settled_before(self, listed_ns: u64) -> bool {
        self.mtime_ns.saturating_add(SETTLE_NS) < listed_ns
    }
}

fn nanos_since_epoch(time: std::time::SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH).map_or(0, |since| {
        u64::try_from(since.as_nanos()).unwrap_or(u64::MAX)
    })
}

/// One record file of a month, as the briefs file remembers it.
#[derive(Debug)]
struct CachedEntry {
    name: String,
    stamp: Stamp,
    content: Content,
}

#[derive(Debug)]
enum Content {
    Brief(Brief),
    /// Why the record is skipped, so a damaged file is not read again until it changes.
    Damaged(String),
}

/// A month's briefs file: the folder's stamp and the time it was listed, then its entries.
struct MonthFile {
    folder: Stamp,
    listed_ns: u64,
    entries: Vec<CachedEntry>,
}

/// The first line of a month's briefs file, before the folder's stamp and listing time.
const BRIEFS_HEADER: &str = "rehearse briefs 2";

/// The briefs of one month folder's records, oldest first: from its briefs file when the
/// folder has not changed since, else from a fresh listing (and the file written anew).
fn month_briefs(month: &Path, file: &Path, skipped: &mut Vec<Skipped>) -> Vec<CachedEntry> {
    let cached = read_month_file(file);
    let folder = match Stamp::of(month) {
        Ok(stamp) => stamp,
        Err(error) => {
            skipped.push(Skipped {
                path: month.to_path_buf(),
                reason: format!("cannot read: {error}"),
            });
            return Vec::new();
        }
    };
    let cached = match cached {
        Some(cached) if cached.folder == folder && folder.settled_before(cached.listed_ns) => {
            return cached.entries;
        }
        other => other,
    };
    let listed_ns = nanos_since_epoch(std::time::SystemTime::now());
    let mut known: HashMap<String, CachedEntry> = cached
        .map(|cached| {
            let listed = cached.listed_ns;
            cached
                .entries
                .into_iter()
                .filter(|entry| entry.stamp.settled_before(listed))
                .map(|entry| (entry.name.clone(), entry))
                .collect()
        })
        .unwrap_or_default();
    let mut entries = Vec::new();
    let mut buffer = Vec::new();
    let mut unreadable = Vec::new();
    let _ = walk_folder(month, Order::OldestFirst, skipped, &mut |path, _| {
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or_default()
            .to_string();
        let stamp = match Stamp::of(path) {
            Ok(stamp) => stamp,
            Err(error) => {
                unreadable.push(Skipped {
                    path: path.to_path_buf(),
                    reason: format!("cannot read: {error}"),
                });
                return ControlFlow::Continue(());
            }
        };
        let entry = match known.remove(&name) {
            Some(entry) if entry.stamp == stamp => entry,
            _ => CachedEntry {
                name,
                stamp,
                content: match read_record(path, &mut buffer) {
                    Ok(session) => Content::Brief(Brief::of(&session)),
                    Err(reason) => Content::Damaged(reason),
                },
            },
        };
        entries.push(entry);
        ControlFlow::Continue(())
    });
    skipped.extend(unreadable);
    // Derived data: a home that cannot take the file still works, only more slowly.
    let _ = write_month_file(file, folder, listed_ns, &entries);
    entries
}

/// A month's briefs file, or `None` when it is missing, not ours, or damaged in any way.
fn read_month_file(path: &Path) -> Option<MonthFile> {
    let bytes = read_regular(path, Links::Refuse).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let mut lines = text.lines();
    let mut header = lines.next()?.split(' ');
    let _ = header.next()?;
    let _ = header.next()?;
    let version = header.next()?;
    let folder = Stamp {
        len: header.next()?.parse().ok()?,
        mtime_ns: header.next()?.parse().ok()?,
    };
    let listed_ns = header.next()?.parse().ok()?;
    if format!("rehearse briefs {version}") != BRIEFS_HEADER {
        return None;
    }
    let mut entries = Vec::new();
    for line in lines {
        let mut fields = line.splitn(4, '\t');
        let name = crate::session::brief::unescape(fields.next()?)?;
        let stamp = Stamp {
            len: fields.next()?.parse().ok()?,
            mtime_ns: fields.next()?.parse().ok()?,
        };
        let rest = fields.next()?;
        let content = match rest.strip_prefix('!') {
            Some(reason) => Content::Damaged(crate::session::brief::unescape(reason)?),
            None => Content::Brief(Brief::from_line(rest)?),
        };
        entries.push(CachedEntry {
            name,
            stamp,
            content,
        });
    }
    Some(MonthFile {
        folder,
        listed_ns,
        entries,
    })
}

fn write_month_file(
    path: &Path,
    folder: Stamp,
    listed_ns: u64,
    entries: &[CachedEntry],
) -> io::Result<()> {
    use crate::session::brief::escape;
    crate::atomic::write_atomic_with(path, Existing::Replace, |out| {
        writeln!(
            out,
            "{BRIEFS_HEADER} {} {} {listed_ns}",
            folder.len, folder.mtime_ns
        )?;
        for entry in entries {
            let content = match &entry.content {
                Content::Brief(brief) => brief.to_line(),
                Content::Damaged(reason) => format!("!{}", escape(reason)),
            };
            writeln!(
                out,
                "{}\t{}\t{}\t{content}",
                escape(&entry.name),
                entry.stamp.len,
                entry.stamp.mtime_ns
            )?;
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
        let ids =
            |list: &[&String]| -> Vec<String> { list.iter().map(|id| id.to_string()).collect() };
        let mut first = sample("20261101-080000-aaaa", "2026-11-01T08:00:00+00:00");
        let mut second = sample("20261102-080000-bbbb", "2026-11-02T08:00:00+00:00");
        store.save_new(&mut first).unwrap();
        store.save_new(&mut second).unwrap();
        assert_eq!(ids_of(&store.briefs()), ids(&[&second.id, &first.id]));
        let cache = home
            .path()
            .join("sessions")
            .join(BRIEFS_FOLDER)
            .join("2026-11");
        assert!(cache.is_file(), "the briefs are kept");

        // An edit by this program, and one by hand that keeps the file's size.
        first.story = Some("Audit flag".into());
        store.replace(&first).unwrap();
        assert_eq!(
            store.briefs().briefs[1].story.as_deref(),
            Some("Audit flag")
        );
        let path = store.location(&second.id);
        let text = std::fs::read_to_string(&path).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&path, text.replace("conflict-manager", "conflict-managex")).unwrap();
        assert_eq!(store.briefs().briefs[0].prompt_id, "conflict-managex");

        // A record that goes away, one that comes in behind our back, and a lost cache.
        std::fs::remove_file(store.location(&first.id)).unwrap();
        assert_eq!(ids_of(&store.briefs()), ids(&[&second.id]));
        let mut third = sample("20261103-080000-cccc", "2026-11-03T08:00:00+00:00");
        std::fs::write(
            store.location(&third.id),
            serde_json::to_string(&third).unwrap(),
        )
        .unwrap();
        assert_eq!(ids_of(&store.briefs()), ids(&[&third.id, &second.id]));
        std::fs::write(&cache, "something else entirely").unwrap();
        assert_eq!(ids_of(&store.briefs()), ids(&[&third.id, &second.id]));
        std::fs::remove_file(&cache).unwrap();
        third.note = Some("x".into());
        assert_eq!(ids_of(&store.briefs()), ids(&[&third.id, &second.id]));
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

    /// Sets the modification time of `path` (a file or a folder).
    fn age(path: &Path, when: std::time::SystemTime) {
        std::fs::File::open(path)
            .unwrap()
            .set_modified(when)
            .unwrap();
    }

    #[test]
    fn a_settled_month_is_read_from_its_briefs_alone_until_the_folder_changes() {
        let home = tempfile::tempdir().unwrap();
        let store = Store::new(home.path());
        let mut first = sample("20261101-080000-aaaa", "2026-11-01T08:00:00+00:00");
        store.save_new(&mut first).unwrap();
        let month = store.location(&first.id).parent().unwrap().to_path_buf();
        let hour = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        age(&store.location(&first.id), hour);
        age(&month, hour);
        assert_eq!(store.briefs().briefs.len(), 1);
        // Settled: the month's briefs file alone answers. A record written behind the
        // store's back with the folder's time put back is not seen (the documented limit of
        // a change that leaves its folder as it was)...
        let mut hidden = sample("20261102-080000-bbbb", "2026-11-02T08:00:00+00:00");
        std::fs::write(store.location(&hidden.id), to_json(&hidden).unwrap()).unwrap();
        age(&month, hour);
        assert_eq!(store.briefs().briefs.len(), 1);
        // ...but any change of the folder, as every write of this program makes, is.
        let mut third = sample("20261103-080000-cccc", "2026-11-03T08:00:00+00:00");
        store.save_new(&mut third).unwrap();
        let ids: Vec<String> = store.briefs().briefs.into_iter().map(|b| b.id).collect();
        assert_eq!(ids, [third.id.clone(), hidden.id.clone(), first.id.clone()]);
        hidden.note = Some("changed".into());
    }
}
