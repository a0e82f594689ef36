//! Checks shared by the files people write by hand in TOML (prompt files, `config.toml`):
//! parsing into a spanned tree, and naming keys that are not allowed, with a likely fix.

use std::ops::Range;

use toml::Spanned;
use toml::de::DeTable;

use crate::text::closest;

/// The spanned tree of `source`, or where and why it is not TOML.
pub fn parse_tree(source: &str) -> Result<Spanned<DeTable<'_>>, (Range<usize>, String)> {
    DeTable::parse(source).map_err(|error| {
        let span = error.span().unwrap_or(0..0);
        let message = error.message().trim();
        match source.get(span.clone()) {
            // The parser says only "duplicate key"; a person wants to know which, and where
            // the one to keep or merge with is.
            Some(key) if message == "duplicate key" && !key.is_empty() => {
                let message = given_twice(source, span.start, key);
                (span, message)
            }
            _ => (span, format!("not valid TOML: {message}")),
        }
    })
}

/// `'keywords' is given twice (first at line 2): keep one`, for `key` given again at byte
/// `at`. The first time is looked for in the lines of the same table above it; a key it
/// cannot find there (a table header given twice) is named without a line.
fn given_twice(source: &str, at: usize, key: &str) -> String {
    let line_start = source[..at].rfind('\n').map_or(0, |newline| newline + 1);
    let gives_key = |line: &str| {
        line.trim_start()
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(['=', '.']))
    };
    let above: Vec<&str> = source[..line_start].lines().collect();
    let first = above
        .iter()
        .enumerate()
        .rev()
        .take_while(|(_, line)| !line.trim_start().starts_with('['))
        .filter(|(_, line)| gives_key(line))
        .last()
        .map(|(index, _)| index + 1);
    match first {
        Some(line) => format!("'{key}' is given twice (first at line {line}): keep one"),
        None => format!("'{key}' is given twice: keep one"),
    }
}

/// Each key of `table` that is not `allowed`, with its place and a message such as
/// `unknown key 'txt' in a prompt (did you mean 'text'?)`. `place` follows the key's name as
/// given (`" in a prompt"`, or `""`).
pub fn unknown_keys(
    table: &DeTable<'_>,
    allowed: &[&str],
    place: &str,
) -> Vec<(Range<usize>, String)> {
    table
        .keys()
        .filter(|key| !allowed.contains(&key.get_ref().as_ref()))
        .map(|key| {
            let name: &str = key.get_ref();
            let near = allowed
                .iter()
                .copied()
                .find(|candidate| candidate.eq_ignore_ascii_case(name))
                .or_else(|| closest(name, allowed.iter().copied()));
            let hint = match near {
                Some(near) => format!("did you mean '{near}'?"),
                None => format!("expected {}", allowed.join(", ")),
            };
            (key.span(), format!("unknown key '{name}'{place} ({hint})"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_unknown_keys_with_the_nearest_allowed_one() {
        let tree = parse_tree("txt = 1\ns = 2\ncolour = 3\n").unwrap();
        let found: Vec<String> = unknown_keys(tree.get_ref(), &["text", "S"], " here")
            .into_iter()
            .map(|(_, m)| m)
            .collect();
        assert_eq!(
            found,
            [
                "unknown key 'colour' here (expected text, S)",
                "unknown key 's' here (did you mean 'S'?)",
                "unknown key 'txt' here (did you mean 'text'?)",
            ]
        );
    }

    #[test]
    fn a_key_given_twice_is_named_with_the_line_it_was_first_given_on() {
        let source = "a = 1\nkeywords = [\"x\"]\nb = 2\nkeywords = [\n \"y\"\n]\n";
        let (span, message) = parse_tree(source).unwrap_err();
        assert_eq!(&source[span], "keywords");
        assert_eq!(
            message,
            "'keywords' is given twice (first at line 2): keep one"
        );
        // Only the same table counts: an `id` of the prompt before is another prompt's.
        let prompts = "[[prompt]]\nid = \"a\"\n[[prompt]]\nid = \"b\"\nid = \"c\"\n";
        assert_eq!(
            parse_tree(prompts).unwrap_err().1,
            "'id' is given twice (first at line 4): keep one"
        );
        assert_eq!(
            parse_tree("[guide]\nS = 1\n[guide]\n").unwrap_err().1,
            "'guide' is given twice: keep one"
        );
    }

    #[test]
    fn not_toml_says_where() {
        let (span, message) = parse_tree("a = = 1").unwrap_err();
        assert!(message.starts_with("not valid TOML"), "{message}");
        assert!(span.start <= 4);
    }
}
