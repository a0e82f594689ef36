//! The bits of markdown that story files and notes share: headings, list markers, fenced code
//! and the blank lines around a block. One reading of each, so a story file, an imported note
//! and a cue card agree on what a heading or a list item is.

/// The level and text of an ATX heading (`## Task`), indented at most three spaces. A closing
/// run of `#` is left out when a space comes before it (`## C#` keeps its `#`).
pub fn heading(line: &str) -> Option<(usize, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let level = rest.bytes().take_while(|&b| b == b'#').count();
    let after = &rest[level..];
    if !(1..=6).contains(&level) || !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    let text = after.trim();
    let unclosed = text.trim_end_matches('#');
    let text = if unclosed.is_empty() || unclosed.ends_with([' ', '\t']) {
        unclosed.trim_end()
    } else {
        text
    };
    Some((level, text))
}

/// The text after a list marker (`- `, `* `, `+ `, `1. `, `2) `) at the start of `text`, with
/// the spaces after the marker taken off; `None` when `text` does not start with one.
pub fn strip_list_marker(text: &str) -> Option<&str> {
    for bullet in ["- ", "* ", "+ "] {
        if let Some(rest) = text.strip_prefix(bullet) {
            return Some(rest.trim_start());
        }
    }
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if !(1..=3).contains(&digits) {
        return None;
    }
    let rest = &text[digits..];
    let rest = rest.strip_prefix('.').or_else(|| rest.strip_prefix(')'))?;
    rest.starts_with([' ', '\t']).then(|| rest.trim_start())
}

/// How many bytes of `line` come before its text: its indentation and any list marker.
pub fn list_lead(line: &str) -> usize {
    let text = line.trim_start();
    line.len() - strip_list_marker(text).unwrap_or(text).len()
}

/// The lines joined with `\n`, without the blank lines at either end; everything between is
/// kept as written.
pub fn trim_blank_lines<S: AsRef<str>>(lines: &[S]) -> String {
    let is_blank = |line: &S| line.as_ref().trim().is_empty();
    let start = lines.iter().position(|line| !is_blank(line));
    let end = lines.iter().rposition(|line| !is_blank(line));
    match (start, end) {
        (Some(start), Some(end)) => lines[start..=end]
            .iter()
            .map(AsRef::as_ref)
            .collect::<Vec<&str>>()
            .join("\n"),
        _ => String::new(),
    }
}

/// The lines of `text` outside fenced code blocks (the fence lines left out too): what a
/// person reads as prose.
pub fn prose_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut fence: Option<Fence> = None;
    text.lines().filter(move |line| match fence {
        Some(open) => {
            if open.is_closed_by(line) {
                fence = None;
            }
            false
        }
        None => {
            fence = Fence::opened_by(line);
            fence.is_none()
        }
    })
}

/// An open fenced code block: its character and how many opened it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fence {
    mark: char,
    count: usize,
}

impl Fence {
    /// The fence `line` opens (```` ``` ```` or `~~~`, indented at most three spaces).
    pub fn opened_by(line: &str) -> Option<Fence> {
        let trimmed = line.trim_start_matches(' ');
        if line.len() - trimmed.len() > 3 {
            return None;
        }
        let mark = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
        let count = trimmed.chars().take_while(|&c| c == mark).count();
        (count >= 3).then_some(Fence { mark, count })
    }

    /// A line that closes this fence.
    pub fn closing(self) -> String {
        std::iter::repeat_n(self.mark, self.count).collect()
    }

    /// Whether `line` closes this fence: at least as many of the same mark, and nothing else.
    pub fn is_closed_by(self, line: &str) -> bool {
        let trimmed = line.trim();
        Fence::opened_by(line).is_some_and(|other| {
            other.mark == self.mark
                && other.count >= self.count
                && trimmed.chars().all(|c| c == self.mark)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_lines_leave_out_fenced_code_and_its_fences() {
        let text = "one\n```sh\nrm -rf x\n~~~\nstill code\n```\ntwo\n~~~~\nlast code";
        assert_eq!(prose_lines(text).collect::<Vec<_>>(), ["one", "two"]);
    }

    #[test]
    fn headings_have_a_level_and_lose_a_closing_run() {
        assert_eq!(heading("## Task"), Some((2, "Task")));
        assert_eq!(heading("   # Title ##"), Some((1, "Title")));
        assert_eq!(heading("## C#"), Some((2, "C#")));
        assert_eq!(heading("##"), Some((2, "")));
        assert_eq!(heading("    ## code"), None);
        assert_eq!(heading("#hashtag"), None);
        assert_eq!(heading("####### seven"), None);
    }

    #[test]
    fn list_markers_are_bullets_or_short_numbers() {
        assert_eq!(strip_list_marker("- item"), Some("item"));
        assert_eq!(strip_list_marker("*   item"), Some("item"));
        assert_eq!(strip_list_marker("12. step"), Some("step"));
        assert_eq!(strip_list_marker("3) step"), Some("step"));
        assert_eq!(strip_list_marker("2026. a year"), None);
        assert_eq!(strip_list_marker("1.5 million"), None);
        assert_eq!(strip_list_marker("-dash"), None);
        assert_eq!(list_lead("  - item"), 4);
        assert_eq!(list_lead("plain"), 0);
        assert_eq!(list_lead("  indented"), 2);
    }

    #[test]
    fn blank_lines_are_trimmed_at_the_ends_only() {
        assert_eq!(
            trim_blank_lines(&["", "  ", "a", "", "b ", "\t"]),
            "a\n\nb "
        );
        assert_eq!(trim_blank_lines::<&str>(&[]), "");
        assert_eq!(trim_blank_lines(&[" ".to_string()]), "");
    }

    #[test]
    fn fences_close_with_the_same_mark_at_least_as_long() {
        let fence = Fence::opened_by("````text").unwrap();
        assert!(!fence.is_closed_by("```"));
        assert!(!fence.is_closed_by("~~~~"));
        assert!(fence.is_closed_by("`````"));
        assert!(Fence::opened_by("    ```").is_none());
    }
}
