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
        "session" => &[],
        "bank" => &["session"],
        "story" => &["session"],
        "report" => &["story", "session"],
        "drill" => &["report", "story", "bank", "session"],
        "config" => &[],
        "cli" => &["config", "bank", "report", "session"],
        "commands" => &[
            "cli", "config", "drill", "report", "story", "bank", "session",
        ],
        _ => return None,
    })
}

/// The rooms a source file names as `crate::room`, outside its tests.
fn imports(text: &str) -> BTreeSet<String> {
    let code = text.split("#[cfg(test)]").next().unwrap_or(text);
    code.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .flat_map(|line| {
            line.match_indices("crate::")
                .map(move |(at, _)| &line[at + 7..])
        })
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .filter(|name| !name.is_empty())
        .collect()
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
