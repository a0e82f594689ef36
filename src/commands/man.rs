//! `rehearse man`: the top man page on stdout, or `--dir DIR`: every page written there.

use std::io::Write;

use anyhow::{Context, Result};

use crate::atomic::{Existing, write_atomic};
use crate::cli::{ManArgs, man_pages, top_man_page};
use crate::exit::Exit;
use crate::text::shown_path;
use crate::ui;

pub fn run(args: &ManArgs, out: &mut dyn Write) -> Result<Exit> {
    let Some(dir) = &args.dir else {
        out.write_all(&top_man_page()?.roff)?;
        return Ok(Exit::Success);
    };
    let pages = man_pages()?;
    for page in &pages {
        let path = dir.join(&page.file_name);
        write_atomic(&path, &page.roff, Existing::Replace)
            .with_context(|| format!("writing {}", path.display()))?;
        writeln!(out, "{}", shown_path(&path))?;
    }
    ui::note(format!(
        "wrote {} man pages to {} (read one with: man {}/rehearse-drill.1)",
        pages.len(),
        dir.display(),
        dir.display()
    ));
    Ok(Exit::Success)
}
