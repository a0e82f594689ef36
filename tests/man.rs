//! The man pages, end to end: `rehearse man --dir DIR` writes a page for every command and
//! subcommand, each with its own options and the sections a reader looks for.

mod common;

use clap::CommandFactory;
use common::{Sandbox, stdout_of};
use rehearse::cli::Cli;

/// `rehearse-drill`, `rehearse-stories-show`, ...: the page every command should have.
fn every_command(command: &clap::Command, prefix: &str, names: &mut Vec<(String, clap::Command)>) {
    let name = if prefix.is_empty() {
        command.get_name().to_string()
    } else {
        format!("{prefix}-{}", command.get_name())
    };
    names.push((name.clone(), command.clone()));
    for sub in command.get_subcommands() {
        every_command(sub, &name, names);
    }
}

#[test]
fn every_command_has_a_page_with_its_options_files_environment_and_exit_statuses() {
    let sandbox = Sandbox::new();
    let dir = sandbox.root().join("man/man1");
    let written = stdout_of(sandbox.cmd().args(["man", "--dir"]).arg(&dir));
    let mut commands = Vec::new();
    every_command(&Cli::command(), "", &mut commands);
    assert!(commands.len() > 25, "{}", commands.len());
    assert_eq!(written.lines().count(), commands.len(), "{written}");
    for (name, command) in &commands {
        let path = dir.join(format!("{name}.1"));
        let page = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("no page {name}"));
        assert!(written.contains(&path.display().to_string()), "{name}");
        assert!(page.starts_with(".ie") || page.starts_with(".TH"), "{name}");
        assert!(page.contains(&format!(".TH {name} 1")), "{name}");
        for heading in [
            ".SH NAME",
            ".SH SYNOPSIS",
            ".SH OPTIONS",
            "FILES",
            "ENVIRONMENT",
            "EXIT STATUS",
        ] {
            assert!(page.contains(heading), "{name} lacks {heading}");
        }
        for arg in command.get_arguments().filter(|arg| !arg.is_hide_set()) {
            if let Some(long) = arg.get_long() {
                let roff = format!("\\-\\-{}", long.replace('-', "\\-"));
                assert!(page.contains(&roff), "{name} lacks --{long}");
            }
        }
        for sub in command.get_subcommands() {
            assert!(
                page.contains(&format!("{name}-{}(1)", sub.get_name()).replace('-', "\\-")),
                "{name} does not point at its {} page",
                sub.get_name()
            );
        }
        assert!(
            page.contains("REHEARSE_HOME") && page.contains("trash/sessions"),
            "{name}"
        );
        assert!(page.contains(".TP\n\\fB130\\fR\n"), "{name}");
    }
    let drill = std::fs::read_to_string(dir.join("rehearse-drill.1")).unwrap();
    assert!(drill.contains(".SH \"KEYS\""), "{drill}");
    for key in ["Space", "Enter", "s, t, a, r", "q, Esc", "Ctrl\\-C"] {
        assert!(
            drill.contains(&format!(".TP\n\\fB{key}\\fR\n")),
            "drill lacks {key}"
        );
    }
    assert!(drill.contains("\\fBrehearse\\fR(1)"), "no SEE ALSO");
    let history = std::fs::read_to_string(dir.join("rehearse-history.1")).unwrap();
    assert!(
        !history.contains("\"KEYS\""),
        "only the drill's pages list its keys"
    );
}

#[test]
fn man_alone_prints_the_top_page_and_dir_replaces_old_pages() {
    let sandbox = Sandbox::new();
    let top = stdout_of(sandbox.cmd().arg("man"));
    assert!(top.contains(".TH rehearse 1"), "{top}");
    assert!(
        top.contains("rehearse\\-drill(1)") && top.contains("\"KEYS\""),
        "{top}"
    );
    let dir = sandbox.root().join("pages");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("rehearse.1"), "old").unwrap();
    stdout_of(sandbox.cmd().args(["man", "--dir"]).arg(&dir));
    assert_eq!(
        std::fs::read_to_string(dir.join("rehearse.1")).unwrap(),
        top
    );
    // A file where the folder belongs: a failure, said in one line, and nothing written.
    let blocked = sandbox.root().join("blocked");
    std::fs::write(&blocked, "a file").unwrap();
    let output = sandbox
        .cmd()
        .args(["man", "--dir"])
        .arg(blocked.join("man1"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&output.stderr).lines().count(), 1);
    assert_eq!(std::fs::read_to_string(&blocked).unwrap(), "a file");
}
