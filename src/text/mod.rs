//! Text helpers shared by parsers and renderers: edit distance, kebab-case, line numbers,
//! widths, and (in `markdown`) the markdown that story files and notes share.
//!
//! `words` splits a text into the words matchers read, and `numbers` reads the numbers in
//! them however they are written ("$1.2M", "forty-two percent"), for every room that asks
//! whether, or which, figures a text states.
//!
//! Text shown to a person passes one sanitiser (`shown`), beside the width helpers, so that
//! every renderer reaches it the same way.

pub mod markdown;
pub mod numbers;
pub mod shown;
pub mod words;

pub use shown::{shown, shown_line, shown_path, without_controls};

/// The number of single-character insertions, deletions, substitutions or swaps of two
/// neighbours that turn `a` into `b`, compared case-insensitively (`Acton` is one away from
/// `action`, and so is `Tsak` from `task`).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    // Three rows: the one being filled and the two before it, for swaps.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            let mut best = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
            if i > 0 && j > 0 && ca == b[j - 1] && a[i - 1] == cb {
                best = best.min(before[j - 1] + 1);
            }
            current[j + 1] = best;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(word, candidate), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// A count with its noun, one or many: `1 file`, `3 files`.
pub fn counted(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

/// Whether `name` is kebab-case: lowercase ASCII letters and digits in words joined by
/// single dashes (`conflict-manager`).
pub fn is_kebab_case(name: &str) -> bool {
    !name.is_empty()
        && name.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// The 1-based line of a byte offset in `source`. For many lookups in one text, build a
/// [`LineIndex`] once instead.
pub fn line_of(source: &str, offset: usize) -> usize {
    LineIndex::new(source).line(offset)
}

/// Where each line of a text starts, so that the line of any offset is a binary search
/// (a file with a problem on every line is reported in linear time).
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offsets just after each newline.
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(source: &str) -> LineIndex {
        let starts = source
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .map(|(at, _)| at + 1)
            .collect();
        LineIndex {
            starts,
            len: source.len(),
        }
    }

    /// The 1-based line of a byte offset (the last line for one past the end).
    pub fn line(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        self.starts.partition_point(|&start| start <= offset) + 1
    }
}

/// `text` cut to at most `width` terminal columns, ending in `...` when something was cut.
pub fn truncate_to_width(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    if unicode_width::UnicodeWidthStr::width(text) <= width {
        return text.to_string();
    }
    let room = width.saturating_sub(3);
    let mut kept = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        kept.push(c);
        used += w;
    }
    kept.truncate(kept.trim_end().len());
    kept.push_str(&".".repeat(width.min(3)));
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_typos_and_ignores_case() {
        assert_eq!(edit_distance("Situtation", "situation"), 1);
        assert_eq!(edit_distance("Acton", "action"), 1);
        assert_eq!(edit_distance("ACtion", "action"), 0);
        assert_eq!(edit_distance("", "task"), 4);
        assert_eq!(edit_distance("result", "resort"), 2);
    }

    #[test]
    fn closest_suggests_near_words_only() {
        let keys = ["id", "text", "category", "alternates", "follow_ups"];
        assert_eq!(closest("txt", keys), Some("text"));
        assert_eq!(closest("followups", keys), Some("follow_ups"));
        assert_eq!(closest("colour", keys), None);
    }

    #[test]
    fn kebab_case_is_lowercase_words_and_single_dashes() {
        assert!(is_kebab_case("conflict-manager"));
        assert!(is_kebab_case("mistake-2"));
        for bad in [
            "",
            "Conflict",
            "conflict_manager",
            "-x",
            "x-",
            "a--b",
            "a b",
            "ü",
        ] {
            assert!(!is_kebab_case(bad), "{bad}");
        }
    }

    #[test]
    fn line_of_counts_from_one() {
        let source = "a\nb\nc";
        assert_eq!(line_of(source, 0), 1);
        assert_eq!(line_of(source, 2), 2);
        assert_eq!(line_of(source, 4), 3);
        assert_eq!(line_of(source, 99), 3);
    }

    #[test]
    fn truncation_fits_the_width_and_marks_the_cut() {
        assert_eq!(truncate_to_width("short", 10), "short");
        assert_eq!(truncate_to_width("a longer sentence", 10), "a longe...");
        assert_eq!(truncate_to_width("word boundary here", 8), "word...");
        assert_eq!(truncate_to_width("日本語のテキスト", 9), "日本語...");
        assert_eq!(truncate_to_width("abcdef", 2), "..");
    }
}
