//! Anything in the home that is not what it should be is named and skipped, never opened in
//! a way that blocks, never written through.

mod common;

use std::path::Path;
use std::time::Duration;

use common::{Sandbox, save, stdout_of};
use rehearse::testkit::{SessionBuilder, record_path};

fn mkfifo(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

fn a_record(sandbox: &Sandbox, id: &str) {
    save(
        sandbox,
        &SessionBuilder::new("conflict-manager").id(id).json(),
    );
}

#[test]
fn named_pipes_where_files_belong_are_skipped_not_waited_on() {
    let sandbox = Sandbox::new();
    a_record(&sandbox, "20261120-080000-good");
    mkfifo(&sandbox.home().join(record_path("20261120-090000-pipe")));
    mkfifo(&sandbox.home().join("stories/pipe.md"));
    mkfifo(&sandbox.home().join("prompts/pipe.toml"));
    for args in [
        &["history"][..],
        &["stats"],
        &["export"],
        &["pick"],
        &["stories"],
        &["prompts", "check"],
    ] {
        let output = sandbox
            .cmd()
            .args(args)
            .timeout(Duration::from_secs(10))
            .output()
            .unwrap();
        // `prompts check` reports on stdout; the others warn on stderr.
        let said = String::from_utf8_lossy(&output.stderr).to_string()
            + &String::from_utf8_lossy(&output.stdout);
        assert!(output.status.code().is_some(), "{args:?} hung");
        assert!(
            said.contains("pipe"),
            "{args:?} said nothing of the pipe: {said}"
        );
    }
    mkfifo(&sandbox.home().join("config.toml"));
    let output = sandbox
        .cmd()
        .arg("history")
        .timeout(Duration::from_secs(10))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("config.toml: a named pipe, not a file"),
        "{stderr}"
    );
}

#[test]
fn a_file_where_a_folder_belongs_is_named_not_taken_for_a_busy_second() {
    let sandbox = Sandbox::new();
    sandbox.write("sessions/2026/12", "not a folder");
    let output = sandbox
        .cmd()
        .args([
            "log",
            "--prompt",
            "conflict-manager",
            "--duration",
            "2m",
            "--at",
            "2026-12-01 08:00",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("is a file where a folder belongs"),
        "{stderr}"
    );
    assert!(!stderr.contains("no free session id"), "{stderr}");
    // Nothing lost: the record is printed for the person to keep.
    assert!(String::from_utf8_lossy(&output.stdout).contains("\"answer_ms\": 120000"));

    sandbox.write("stories", "not a folder either");
    let output = sandbox
        .cmd()
        .args(["stories", "add", "--title", "Launch day"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("is a file where a folder belongs"),
        "{stderr}"
    );
    assert!(!stderr.contains("no free file name"), "{stderr}");
}

#[test]
fn links_in_the_home_are_followed_neither_to_read_nor_to_write() {
    let sandbox = Sandbox::new();
    let elsewhere = sandbox.root().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::create_dir_all(sandbox.home().join("sessions/2026")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, sandbox.home().join("sessions/2026/12")).unwrap();
    let output = sandbox
        .cmd()
        .args([
            "log",
            "--prompt",
            "conflict-manager",
            "--duration",
            "2m",
            "--at",
            "2026-12-01 08:00",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("is a symbolic link"), "{stderr}");
    assert_eq!(
        std::fs::read_dir(&elsewhere).unwrap().count(),
        0,
        "saved through the link"
    );
    // A record put there by hand is not read, and the listing says why.
    std::fs::write(
        elsewhere.join("20261201-080000-away.json"),
        serde_json::to_string(
            &SessionBuilder::new("conflict-manager")
                .id("20261201-080000-away")
                .json(),
        )
        .unwrap(),
    )
    .unwrap();
    let output = sandbox.cmd().arg("history").output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("a symbolic link (links inside the data home are not followed)"),
        "{stderr}"
    );
    assert!(!String::from_utf8_lossy(&output.stdout).contains("away"));
}

#[test]
fn a_record_named_unlike_its_id_is_known_by_its_file_name() {
    let sandbox = Sandbox::new();
    let record = SessionBuilder::new("conflict-manager")
        .id("20261120-080000-said")
        .json();
    sandbox.write(
        &record_path("20261120-080000-file"),
        &serde_json::to_string_pretty(&record).unwrap(),
    );
    let output = sandbox.cmd().arg("history").output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stdout.contains(" file"), "{stdout}");
    assert!(
        stderr.contains("the record says its id is 20261120-080000-said"),
        "{stderr}"
    );
    let shown = stdout_of(sandbox.cmd().args(["show", "file"]));
    assert!(shown.contains("session 20261120-080000-file"), "{shown}");
    let edited = sandbox
        .cmd()
        .args(["edit", "file", "--note", "found it"])
        .output()
        .unwrap();
    assert!(edited.status.success());
    let stderr = String::from_utf8_lossy(&edited.stderr);
    assert!(stderr.contains("updated 20261120-080000-file"), "{stderr}");
    // An edit changes only what it changes: the record keeps the id it says.
    let edited: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(sandbox.home().join(record_path("20261120-080000-file"))).unwrap(),
    )
    .unwrap();
    assert_eq!(edited["id"], "20261120-080000-said");
    assert_eq!(edited["note"], "found it");
}

#[test]
fn a_byte_order_mark_does_not_make_a_record_unreadable() {
    let sandbox = Sandbox::new();
    let record = SessionBuilder::new("conflict-manager")
        .id("20261120-080000-bom1")
        .json();
    sandbox.write(
        &record_path("20261120-080000-bom1"),
        &format!("\u{feff}{}", serde_json::to_string_pretty(&record).unwrap()),
    );
    let output = sandbox.cmd().arg("history").output().unwrap();
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("bom1"));
}

#[test]
fn a_killed_writers_old_temporary_file_is_cleared_by_the_next_write() {
    let sandbox = Sandbox::new();
    a_record(&sandbox, "20261201-070000-aaaa");
    let stale = sandbox.write("sessions/2026/12/.partial-abc123", "private half record");
    let hours_ago = std::time::SystemTime::now() - Duration::from_secs(3 * 3600);
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(hours_ago)
        .unwrap();
    stdout_of(sandbox.cmd().args(["edit", "aaaa", "--note", "x"]));
    assert!(!stale.exists());
}

/// Copies a folder and everything in it, keeping the files' times, as `cp -a` does.
fn copy_folder(from: &Path, to: &Path) {
    let status = std::process::Command::new("cp")
        .arg("-a")
        .arg(from)
        .arg(to)
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn a_copied_month_folder_is_named_and_not_read_twice() {
    let sandbox = Sandbox::new();
    a_record(&sandbox, "20261120-080000-only");
    let sessions = sandbox.home().join("sessions");
    copy_folder(&sessions.join("2026/11"), &sessions.join("2026/11 backup"));
    let stats: serde_json::Value =
        serde_json::from_str(&stdout_of(sandbox.cmd().args(["stats", "--json"]))).unwrap();
    assert_eq!(stats["practice"]["completed"], 1);
    let output = sandbox.cmd().arg("history").output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stdout.matches("only").count(), 1, "{stdout}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("2026/11 backup: not a month folder"),
        "{stderr}"
    );
    stdout_of(sandbox.cmd().args(["show", "only"]));
    stdout_of(sandbox.cmd().args(["edit", "only", "--note", "once"]));
}

#[test]
fn a_file_where_a_year_or_month_folder_belongs_is_named_by_every_reader() {
    let sandbox = Sandbox::new();
    a_record(&sandbox, "20261120-080000-good");
    sandbox.write("sessions/2026/12", "not a folder");
    sandbox.write("sessions/2027", "not a folder either");
    for args in [&["history"][..], &["pick"], &["stories"], &["stats"]] {
        let output = sandbox.cmd().args(args).output().unwrap();
        assert!(output.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        for (path, folder) in [("2026/12", "a month folder"), ("2027", "a year folder")] {
            let warnings = stderr
                .lines()
                .filter(|line| line.contains(&format!("{path}: a file where {folder}")))
                .count();
            assert_eq!(warnings, 1, "{args:?}: {stderr}");
        }
    }
}

/// Every path under `folder`, sorted: what a test compares to see that nothing was written.
fn tree(folder: &Path) -> Vec<std::path::PathBuf> {
    let mut paths = Vec::new();
    let mut folders = vec![folder.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path.clone());
            }
            paths.push(path);
        }
    }
    paths.sort();
    paths
}

#[test]
fn a_linked_sessions_or_stories_folder_is_named_read_as_empty_and_never_written_through() {
    let sandbox = Sandbox::new();
    let elsewhere = sandbox.root().join("elsewhere");
    let record = SessionBuilder::new("conflict-manager")
        .id("20261120-080000-away")
        .story("Away story")
        .json();
    let path = elsewhere.join(record_path("20261120-080000-away"));
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, serde_json::to_string(&record).unwrap()).unwrap();
    std::fs::create_dir_all(elsewhere.join("stories")).unwrap();
    std::fs::write(elsewhere.join("stories/away.md"), "# Away story\n").unwrap();
    std::fs::create_dir_all(sandbox.home()).unwrap();
    for folder in ["sessions", "stories"] {
        std::os::unix::fs::symlink(elsewhere.join(folder), sandbox.home().join(folder)).unwrap();
    }
    let before = tree(&elsewhere);
    let link_warning = |stderr: &str, folder: &str| {
        let named = format!(
            "skipped {}: a symbolic link",
            sandbox.home().join(folder).display()
        );
        let shown = format!("{}: a symbolic link", sandbox.home().join(folder).display());
        stderr
            .lines()
            .filter(|line| line.contains(&named) || line.contains(&shown))
            .count()
    };
    for (args, folders) in [
        (&["history"][..], &["sessions"][..]),
        (&["stats"], &["sessions"]),
        (&["pick"], &["sessions"]),
        (&["stories"], &["sessions", "stories"]),
    ] {
        let output = sandbox.cmd().args(args).output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{args:?}: {stderr}");
        for folder in folders {
            assert_eq!(link_warning(&stderr, folder), 1, "{args:?}: {stderr}");
        }
        assert!(
            !stdout.contains("away") && !stdout.contains("Away"),
            "{args:?}: {stdout}"
        );
    }
    let output = sandbox.cmd().args(["show", "away"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        link_warning(&String::from_utf8_lossy(&output.stderr), "sessions"),
        1
    );
    for args in [
        &["log", "--prompt", "conflict-manager", "--duration", "2m"][..],
        &[
            "drill",
            "--plain",
            "--min",
            "0",
            "--max",
            "1s",
            "--no-review",
        ],
        &["stories", "add", "--title", "Launch day"],
    ] {
        let output = sandbox.cmd().args(args).write_stdin("\n").output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains("is a symbolic link"), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty() || args[0] == "log", "{args:?}");
    }
    assert_eq!(tree(&elsewhere), before, "written through a link");
}

#[test]
fn a_linked_briefs_folder_is_named_and_never_written_through() {
    let sandbox = Sandbox::new();
    a_record(&sandbox, "20261120-080000-good");
    let outside = sandbox.root().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::os::unix::fs::symlink(&outside, sandbox.home().join("sessions/.briefs")).unwrap();
    for args in [
        &["pick"][..],
        &["log", "--prompt", "conflict-manager", "--duration", "2m"],
        &["stories"],
    ] {
        let output = sandbox.cmd().args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{args:?}: {stderr}");
        assert!(
            stderr.contains(".briefs: a symbolic link (links inside the data home are not followed); the briefs are made from the records"),
            "{args:?}: {stderr}"
        );
    }
    assert_eq!(
        tree(&outside),
        Vec::<std::path::PathBuf>::new(),
        "briefs written through the link"
    );
}

#[test]
fn a_file_where_the_sessions_folder_belongs_stops_a_drill_before_its_question() {
    let sandbox = Sandbox::new();
    sandbox.write("sessions", "in the way");
    let output = sandbox
        .cmd()
        .args(["drill", "--plain", "--min", "0", "--max", "1s"])
        .write_stdin("\n")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(output.stdout.is_empty(), "a question was asked");
    assert!(
        stderr.contains("is a file where a folder belongs"),
        "{stderr}"
    );
    let output = sandbox.cmd().arg("history").output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("a file where the sessions folder belongs"),
        "{stderr}"
    );
}

#[test]
fn names_that_are_not_utf8_text_are_named_not_hidden() {
    use std::os::unix::ffi::OsStrExt;
    let sandbox = Sandbox::new();
    let record = SessionBuilder::new("conflict-manager")
        .id("20261120-080000-good")
        .json();
    let month = sandbox.home().join("sessions/2026/11");
    std::fs::create_dir_all(&month).unwrap();
    let odd_record = std::ffi::OsStr::from_bytes(b"20261120-080000-\xff.json");
    std::fs::write(
        month.join(odd_record),
        serde_json::to_string(&record).unwrap(),
    )
    .unwrap();
    let stories = sandbox.home().join("stories");
    std::fs::create_dir_all(&stories).unwrap();
    let odd_story = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
    std::fs::write(stories.join(odd_story), "# A story\n").unwrap();
    let output = sandbox.cmd().arg("history").output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("2026/11/20261120-080000-\\xff.json: a file name that is not UTF-8 text"),
        "{stderr}"
    );
    let output = sandbox.cmd().arg("stories").output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("stories/caf\\xe9.md: a file name that is not UTF-8 text"),
        "{stderr}"
    );
}

#[test]
fn a_lock_that_is_not_a_file_stops_an_edit_saying_what_to_do() {
    let sandbox = Sandbox::new();
    a_record(&sandbox, "20261120-080000-good");
    mkfifo(&sandbox.home().join("sessions/.lock"));
    let output = sandbox
        .cmd()
        .args(["edit", "good", "--note", "x"])
        .timeout(Duration::from_secs(10))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("sessions/.lock is a named pipe") && stderr.contains("remove it"),
        "{stderr}"
    );
    let record = std::fs::read_to_string(sandbox.home().join(record_path("20261120-080000-good")));
    assert!(!record.unwrap().contains("\"note\": \"x\""));
}

#[test]
fn a_huge_record_or_story_is_named_with_its_size_and_never_read() {
    let sandbox = Sandbox::new();
    a_record(&sandbox, "20261120-080000-good");
    // Sparse: four gigabytes by their size, nothing on the disk.
    let huge = |relative: &str| {
        let path = sandbox.write(relative, "");
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_len(4 << 30)
            .unwrap();
    };
    huge(&record_path("20261121-080000-huge"));
    huge("stories/huge.md");
    for (args, needle) in [
        (
            &["history"][..],
            "20261121-080000-huge.json: 4 GiB, more than a session record may hold (1 MiB)",
        ),
        (
            &["stories"],
            "stories/huge.md: 4 GiB, more than a story file may hold (4 MiB)",
        ),
    ] {
        let started = std::time::Instant::now();
        let output = sandbox
            .cmd()
            .args(args)
            .timeout(Duration::from_secs(20))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{args:?}: {stderr}");
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{args:?} read it"
        );
    }
    huge("config.toml");
    let output = sandbox.cmd().arg("history").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("config.toml: 4 GiB, more than config.toml may hold (4 MiB)"),
        "{stderr}"
    );
}
