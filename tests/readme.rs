//! The README's command reference agrees with `--help`: both come from the one clap
//! definition, so every command and every long flag the definition has is in the reference,
//! under its command, and the README names no flag that does not exist.

use std::collections::{BTreeMap, BTreeSet};

use clap::CommandFactory;
use rehearse::cli::Cli;

/// Flags of other programs the README quotes (cargo's, the benchmark script's, an editor's).
const OTHER_PROGRAMS: &[&str] = &[
    "--release",
    "--locked",
    "--path",
    "--features",
    "--all-features",
    "--all-targets",
    "--bench",
    "--check",
    "--answers",
    "--quick",
    "--words",
    "--wait",
];

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

/// The `--long-flag` words of `text`.
fn long_flags(text: &str) -> BTreeSet<String> {
    let bytes = text.as_bytes();
    let mut found = BTreeSet::new();
    let mut at = 0;
    while let Some(offset) = text[at..].find("--") {
        let start = at + offset;
        let before_is_dash = start > 0 && bytes[start - 1] == b'-';
        let mut end = start + 2;
        while end < bytes.len()
            && (bytes[end].is_ascii_lowercase()
                || bytes[end].is_ascii_digit()
                || bytes[end] == b'-')
        {
            end += 1;
        }
        let word = text[start..end].trim_end_matches('-');
        if !before_is_dash && word.len() > 2 && bytes[start + 2].is_ascii_lowercase() {
            found.insert(word.to_string());
        }
        at = end.max(start + 2);
    }
    found
}

/// Every command below `rehearse`, as the words that name it (`stories show`), with its
/// own flags (a flag global to a command is its, not its subcommands').
fn commands() -> BTreeMap<String, (BTreeSet<String>, BTreeSet<char>)> {
    fn walk(
        command: &clap::Command,
        path: &str,
        found: &mut BTreeMap<String, (BTreeSet<String>, BTreeSet<char>)>,
    ) {
        for sub in command.get_subcommands() {
            let path = format!("{path} {}", sub.get_name()).trim().to_string();
            let own = sub.get_arguments().filter(|arg| !arg.is_hide_set());
            let mut longs = BTreeSet::new();
            let mut shorts = BTreeSet::new();
            for arg in own {
                if let Some(long) = arg.get_long() {
                    longs.insert(format!("--{long}"));
                }
                shorts.extend(arg.get_short());
            }
            found.insert(path.clone(), (longs, shorts));
            walk(sub, &path, found);
        }
    }
    let mut found = BTreeMap::new();
    walk(&Cli::command(), "", &mut found);
    found
}

/// The reference's rows: the command each names, and the row.
fn reference_rows(readme: &str) -> (String, BTreeMap<String, String>) {
    let start = readme
        .find("## Command reference")
        .expect("no command reference");
    let section = &readme[start..];
    let end = section[3..]
        .find("\n## ")
        .map_or(section.len(), |at| at + 3);
    let section = &section[..end];
    let mut rows = BTreeMap::new();
    for line in section
        .lines()
        .filter(|line| line.starts_with("| `rehearse "))
    {
        let cell = line.split('`').nth(1).unwrap();
        let path: Vec<&str> = cell
            .split_whitespace()
            .skip(1)
            .take_while(|word| word.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
            .collect();
        let previous = rows.insert(path.join(" "), line.to_string());
        assert!(
            previous.is_none(),
            "two rows for rehearse {}",
            path.join(" ")
        );
    }
    (section.to_string(), rows)
}

#[test]
fn every_command_and_flag_is_in_the_reference_under_its_command() {
    let readme = readme();
    let (section, rows) = reference_rows(&readme);
    let commands = commands();
    let listed: BTreeSet<&String> = rows.keys().collect();
    let defined: BTreeSet<&String> = commands.keys().filter(|path| *path != "help").collect();
    assert_eq!(
        listed, defined,
        "the reference's commands and the definition's differ"
    );
    let mut wrong = Vec::new();
    for (path, (longs, shorts)) in &commands {
        let Some(row) = rows.get(path) else { continue };
        let named = long_flags(row);
        for missing in longs.difference(&named) {
            wrong.push(format!("rehearse {path}: {missing} is not in its row"));
        }
        for unknown in named.difference(longs) {
            wrong.push(format!(
                "rehearse {path}: its row names {unknown}, which it does not take"
            ));
        }
        for short in shorts {
            if !row.contains(&format!("`-{short}`")) {
                wrong.push(format!("rehearse {path}: -{short} is not in its row"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // The options of every command, before the table.
    let root = Cli::command();
    for arg in root.get_arguments().filter(|arg| arg.is_global_set()) {
        let long = format!("--{}", arg.get_long().unwrap());
        assert!(
            section.contains(&format!("`{long} ")),
            "{long} is not in the reference"
        );
    }
    assert!(section.contains("--version") && section.contains("--help"));
}

#[test]
fn the_readme_names_no_flag_that_does_not_exist() {
    let mut known: BTreeSet<String> = commands()
        .into_values()
        .flat_map(|(longs, _)| longs)
        .collect();
    let root = Cli::command();
    known.extend(
        root.get_arguments()
            .filter_map(|arg| arg.get_long())
            .map(|long| format!("--{long}")),
    );
    known.extend(["--help", "--version"].map(String::from));
    known.extend(OTHER_PROGRAMS.iter().map(|flag| flag.to_string()));
    let unknown: Vec<String> = long_flags(&readme()).difference(&known).cloned().collect();
    assert!(
        unknown.is_empty(),
        "the README names flags that do not exist: {unknown:?}"
    );
}

#[test]
fn long_flags_are_read_as_a_reader_reads_them() {
    let found = long_flags("`--no-bell`/`--bell`, `cargo test -- --x`, | --- |, --7d, a-- b");
    let found: Vec<&str> = found.iter().map(String::as_str).collect();
    assert_eq!(found, ["--bell", "--no-bell", "--x"]);
}
