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
        (span, format!("not valid TOML: {}", error.message().trim()))
    })
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
    fn not_toml_says_where() {
        let (span, message) = parse_tree("a = = 1").unwrap_err();
        assert!(message.starts_with("not valid TOML"), "{message}");
        assert!(span.start <= 4);
    }
}
