//! The module graph the README's "How the code is laid out" draws: each room imports only the
//! rooms below it. Read from the source, so a new `use` that climbs a layer fails here.

use std::collections::BTreeSet;
use std::path::Path;

/// The rooms at the bottom, which import only each other.
const FOUNDATION: &[&str] = &[
    "files",
    "domain",
    "text",
    "atomic",
    "exit",
    "ui",
    "clock",
    "paint",
    "table",
    "toml_check",
];

/// What each room above the foundation may import besides it.
fn allowed(room: &str) -> Option<&'static [&'static str]> {
    Some(match room {
        "speech" => &[],
        "session" => &["speech"],
        "bank" => &["session", "speech"],
        "story" => &["session", "speech"],
        "report" => &["story", "session", "speech"],
        "drill" => &["report", "story", "bank", "session", "speech"],
        "config" => &[],
        "cli" => &["config", "bank", "report", "story", "session", "speech"],
        "commands" => &[
            "cli", "config", "drill", "report", "story", "bank", "session", "speech",
        ],
        _ => return None,
    })
}

/// The rooms a source file names as `crate::room`, or in a group `crate::{room::..., ...}`,
/// outside its tests.
fn imports(text: &str) -> BTreeSet<String> {
    let code = text.split("#[cfg(test)]").next().unwrap_or(text);
    let code: String = code
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let name = |rest: &str| -> String {
        rest.trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut rooms = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + 7..];
        let Some(group) = rest.strip_prefix('{') else {
            rooms.insert(name(rest));
            continue;
        };
        // Every name at the group's top level: after the brace and after each comma that is
        // not inside an inner brace.
        let mut depth = 0;
        let mut start = true;
        for (index, c) in group.char_indices() {
            if start && depth == 0 && !c.is_whitespace() {
                rooms.insert(name(&group[index..]));
                start = false;
            }
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => break,
                '}' => depth -= 1,
                ',' if depth == 0 => start = true,
                _ => {}
            }
        }
    }
    rooms.retain(|room| !room.is_empty());
    rooms
}

#[test]
fn grouped_imports_are_seen_too() {
    let found = imports("use crate::{drill::flow, report::{a, b}, ui};\nuse crate::session::x;\n");
    let names: Vec<&str> = found.iter().map(String::as_str).collect();
    assert_eq!(names, ["drill", "report", "session", "ui"]);
}

fn visit(folder: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(folder).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            visit(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

#[test]
fn every_room_imports_only_the_rooms_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    visit(&src, &mut files);
    let mut climbs = Vec::new();
    let mut rooms_seen = BTreeSet::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let first = relative.components().next().unwrap().as_os_str();
        let room = first.to_str().unwrap().trim_end_matches(".rs").to_string();
        if ["main", "lib", "testkit"].contains(&room.as_str()) {
            continue;
        }
        rooms_seen.insert(room.clone());
        // A `tests.rs` is a module of tests as a whole (declared under `#[cfg(test)]`).
        if relative.file_name().is_some_and(|name| name == "tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        for target in imports(&text) {
            if target == room || FOUNDATION.contains(&target.as_str()) {
                continue;
            }
            let ok = if FOUNDATION.contains(&room.as_str()) {
                false
            } else {
                allowed(&room)
                    .unwrap_or_else(|| panic!("{room} is in no layer: add it to this test"))
                    .contains(&target.as_str())
            };
            if !ok {
                climbs.push(format!("{} imports crate::{target}", relative.display()));
            }
        }
    }
    assert!(
        climbs.is_empty(),
        "imports that climb a layer:\n{}",
        climbs.join("\n")
    );
    for room in [
        "domain", "session", "bank", "story", "report", "drill", "commands",
    ] {
        assert!(rooms_seen.contains(room), "no {room} room found");
    }
}
