//! The session store: `<home>/sessions/YYYY/MM/<id>.json`, one record a file.
//!
//! Saving never replaces another record (two runs in the same second get different ids).
//! Reading never changes anything: a file that cannot be read, is not a record, or comes
//! from a newer version is reported and skipped, and left exactly as it is.

use std::fmt;
use std::io;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use rand::RngExt;

use super::record::{SCHEMA, Session};
use crate::atomic::{Existing, write_atomic};
use crate::exit::BadInput;

/// How many fresh ids a save tries before giving up on a crowded second.
const ID_ATTEMPTS: usize = 32;

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

/// The order `Store::visit` hands records over in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    OldestFirst,
    NewestFirst,
}

/// Every readable record, newest first, and the files that were skipped.
#[derive(Debug, Default)]
pub struct Scan {
    pub sessions: Vec<Session>,
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

    /// Where a record with this id lives: the year and month come from the id's date.
    pub fn path_for(&self, id: &str) -> PathBuf {
        let (year, month) = (id.get(0..4).unwrap_or("0000"), id.get(4..6).unwrap_or("00"));
        self.root.join(year).join(month).join(format!("{id}.json"))
    }

    /// Saves a new record, choosing a fresh id when its id is taken. Returns the file's path;
    /// `session.id` is the id it was saved under.
    pub fn save_new(&self, session: &mut Session) -> io::Result<PathBuf> {
        for _ in 0..ID_ATTEMPTS {
            let path = self.path_for(&session.id);
            match write_atomic(&path, &to_json(session)?, Existing::Keep) {
                Ok(()) => return Ok(path),
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

    /// Writes an existing record back to `path` in one step.
    pub fn rewrite(&self, session: &Session, path: &Path) -> io::Result<()> {
        write_atomic(path, &to_json(session)?, Existing::Replace)
    }

    /// Reads every record, newest first. Missing folders mean no sessions.
    pub fn scan(&self) -> Scan {
        let mut sessions = Vec::new();
        let skipped = self.visit(Order::NewestFirst, |session| {
            sessions.push(session);
            ControlFlow::Continue(())
        });
        Scan { sessions, skipped }
    }

    /// Hands each record to `visitor`, one at a time, in id order (ids begin with the local
    /// start time, and the folders are laid out by it), until it says stop. Only one folder's
    /// names are held at once, so a report over a long history needs little memory. Returns
    /// the files that were skipped.
    pub fn visit(
        &self,
        order: Order,
        mut visitor: impl FnMut(Session) -> ControlFlow<()>,
    ) -> Vec<Skipped> {
        let mut skipped = Vec::new();
        let mut buffer = Vec::new();
        let _ = self.visit_folder(&self.root, order, &mut buffer, &mut skipped, &mut visitor);
        skipped
    }

    fn visit_folder(
        &self,
        folder: &Path,
        order: Order,
        buffer: &mut Vec<u8>,
        skipped: &mut Vec<Skipped>,
        visitor: &mut dyn FnMut(Session) -> ControlFlow<()>,
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
        let mut names: Vec<(std::ffi::OsString, bool)> = entries
            .flatten()
            // Dot files are unfinished writes (or the user's own); never records.
            .filter(|entry| !entry.file_name().to_string_lossy().starts_with('.'))
            .map(|entry| {
                (
                    entry.file_name(),
                    entry.file_type().is_ok_and(|kind| kind.is_dir()),
                )
            })
            .collect();
        names.sort();
        if order == Order::NewestFirst {
            names.reverse();
        }
        for (name, is_dir) in names {
            let path = folder.join(&name);
            if is_dir {
                self.visit_folder(&path, order, buffer, skipped, visitor)?;
            } else if path.extension().is_some_and(|ext| ext == "json") {
                match read_record_into(&path, buffer) {
                    Ok(session) => visitor(session)?,
                    Err(reason) => skipped.push(Skipped { path, reason }),
                }
            }
        }
        ControlFlow::Continue(())
    }

    /// The one record whose id starts with `prefix`, or ends with it (the four random
    /// characters `history` shows), with its path. No match and several matches are bad
    /// input; the latter lists the candidates.
    pub fn find(&self, prefix: &str) -> anyhow::Result<(Session, PathBuf)> {
        let prefix = prefix.trim();
        if prefix.is_empty() {
            return Err(BadInput::new("give a session id (or the start of one)").into());
        }
        let mut ignored = Vec::new();
        let mut matches: Vec<PathBuf> = self
            .record_files(&mut ignored)
            .into_iter()
            .filter(|path| {
                file_id(path).is_some_and(|id| id.starts_with(prefix) || id.ends_with(prefix))
            })
            .collect();
        matches.sort();
        match matches.len() {
            0 => Err(BadInput::new(format!(
                "no session with an id starting '{prefix}' (see `rehearse history`)"
            ))
            .into()),
            1 => {
                let path = matches.remove(0);
                let session = read_record(&path)
                    .map_err(|reason| anyhow::anyhow!("cannot use {}: {reason}", path.display()))?;
                Ok((session, path))
            }
            count => {
                let ids: Vec<&str> = matches
                    .iter()
                    .filter_map(|path| file_id(path))
                    .take(10)
                    .collect();
                let more = if count > ids.len() { ", ..." } else { "" };
                Err(BadInput::new(format!(
                    "'{prefix}' matches {count} sessions: {}{more}",
                    ids.join(", ")
                ))
                .into())
            }
        }
    }

    /// Every `*.json` file under the store, in no particular order. Folders that cannot be
    /// listed are reported in `skipped`.
    fn record_files(&self, skipped: &mut Vec<Skipped>) -> Vec<PathBuf> {
        let mut files = Vec::new();
        let mut folders = vec![self.root.clone()];
        while let Some(folder) = folders.pop() {
            let entries = match std::fs::read_dir(&folder) {
                Ok(entries) => entries,
                Err(error) if error.kind() == io::ErrorKind::NotFound => continue,
                Err(error) => {
                    skipped.push(Skipped {
                        path: folder,
                        reason: format!("cannot list: {error}"),
                    });
                    continue;
                }
            };
            for entry in entries.flatten() {
                let name = entry.file_name();
                // Dot files are unfinished writes (or the user's own); never records.
                if name.to_string_lossy().starts_with('.') {
                    continue;
                }
                let path = entry.path();
                match entry.file_type() {
                    Ok(kind) if kind.is_dir() => folders.push(path),
                    Ok(_) if path.extension().is_some_and(|ext| ext == "json") => files.push(path),
                    _ => {}
                }
            }
        }
        files
    }
}

fn file_id(path: &Path) -> Option<&str> {
    path.file_stem().and_then(|stem| stem.to_str())
}

fn to_json(session: &Session) -> io::Result<Vec<u8>> {
    let mut text = serde_json::to_vec_pretty(session).map_err(io::Error::other)?;
    text.push(b'\n');
    Ok(text)
}

/// One record, or why it cannot be used.
fn read_record(path: &Path) -> Result<Session, String> {
    read_record_into(path, &mut Vec::new())
}

/// One record, read through `buffer` (reused between files to spare allocations).
fn read_record_into(path: &Path, buffer: &mut Vec<u8>) -> Result<Session, String> {
    buffer.clear();
    std::fs::File::open(path)
        .and_then(|mut file| std::io::Read::read_to_end(&mut file, buffer))
        .map_err(|error| format!("cannot read: {error}"))?;
    match serde_json::from_slice::<Session>(buffer) {
        Ok(session) if session.schema > SCHEMA => Err(newer_schema(session.schema)),
        Ok(session) => Ok(session),
        Err(error) => Err(diagnose(buffer, &error)),
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
        && schema > u64::from(SCHEMA)
    {
        return newer_schema(schema);
    }
    format!("not a session record: {error}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::record::{Outcome, PromptRef, Seconds, WindowSeconds};

    pub(crate) fn sample(id: &str, started_at: &str) -> Session {
        Session {
            schema: SCHEMA,
            id: id.to_string(),
            started_at: DateTime::parse_from_rfc3339(started_at).unwrap(),
            prompt: PromptRef {
                id: "conflict-manager".into(),
                category: "conflict".into(),
                text: "Tell me about a disagreement.".into(),
                extra: Default::default(),
            },
            window: WindowSeconds {
                min_s: Seconds(120.0),
                max_s: Seconds(180.0),
            },
            outcome: Outcome::Completed,
            answer_ms: 150_000,
            paused_ms: 0,
            parts: vec![],
            story: None,
            scores: None,
            note: None,
            follow_up: None,
            version: "0.1.0".into(),
            extra: Default::default(),
        }
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
        let path = store.save_new(&mut older).unwrap();
        assert_eq!(
            path,
            home.path()
                .join("sessions/2026/10/20261001-080000-aaaa.json")
        );
        store.save_new(&mut newer).unwrap();
        let scan = store.scan();
        assert!(scan.skipped.is_empty());
        let ids: Vec<&str> = scan.sessions.iter().map(|s| s.id.as_str()).collect();
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
        let ids = |order| {
            let mut seen = Vec::new();
            store.visit(order, |session| {
                seen.push(session.id);
                ControlFlow::Continue(())
            });
            seen
        };
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
        store.visit(Order::NewestFirst, |session| {
            first_two.push(session.id);
            if first_two.len() == 2 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        assert_eq!(first_two, ["20260215-090000-cccc", "20260101-080000-bbbb"]);
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
        assert_eq!(store.scan().sessions.len(), 2);
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
        let damaged: [(&str, String); 5] = [
            ("bad.json", "{ not json".to_string()),
            ("cut.json", good[..good.len() / 2].to_string()),
            ("future.json", future),
            ("future-shape.json", future_and_different),
            ("other.json", "[1, 2, 3]".to_string()),
        ];
        for (name, text) in &damaged {
            std::fs::write(folder.join(name), text).unwrap();
        }
        let scan = store.scan();
        assert_eq!(scan.sessions.len(), 1);
        let reason = |name: &str| {
            scan.skipped
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
        assert_eq!(store.find("20261124").unwrap().0.id, "20261124-100000-zzzz");
        assert_eq!(store.find("k3f9").unwrap().0.id, "20261123-073105-k3f9");
        let ambiguous = store.find("20261123").unwrap_err().to_string();
        assert_eq!(
            ambiguous,
            "'20261123' matches 2 sessions: 20261123-073105-k3f9, 20261123-090000-abcd"
        );
        let unknown = store.find("1999").unwrap_err();
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
        let scan = Store::new(&home.path().join("nowhere")).scan();
        assert!(scan.sessions.is_empty() && scan.skipped.is_empty());
        assert!(!home.path().join("nowhere").exists());
    }
}
