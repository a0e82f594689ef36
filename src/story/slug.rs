//! Story file names: a title made into a safe kebab-case slug, and the numbered variants
//! (`-2`, `-3`, ...) that keep two stories of one title apart.

/// Longest slug `slug_for` returns, numeric suffix included.
pub const MAX_SLUG: usize = 60;

/// A file name for a story called `title`: lowercase ASCII words joined by dashes (accents
/// transliterated, other characters dropped), at most 60 bytes, `story` when nothing is left.
/// When `taken(slug)` says the slug is in use, `-2`, `-3`, ... is appended until one is free,
/// so `taken` must leave some slug free.
pub fn slug_for(title: &str, taken: &dyn Fn(&str) -> bool) -> String {
    let base = slugify(title);
    if !taken(&base) {
        return base;
    }
    (2usize..)
        .map(|n| with_suffix(&base, n))
        .find(|slug| !taken(slug))
        .expect("taken leaves some numbered slug free")
}

/// The `n`th variant of `base` (`base-n`), within [`MAX_SLUG`].
pub fn numbered(base: &str, n: usize) -> String {
    with_suffix(base, n)
}

/// `title` as a bounded kebab-case slug, `story` when nothing usable is left.
pub fn slugify(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if let Some(ascii) = transliterate(c) {
            slug.push_str(ascii);
        } else if c == '\'' || c == '\u{2019}' || ('\u{300}'..='\u{36f}').contains(&c) {
            // "don't" reads better as "dont" than "don-t"; combining accents just go.
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = bound(slug.trim_matches('-'), MAX_SLUG);
    if slug.is_empty() {
        "story".to_string()
    } else {
        slug.to_string()
    }
}

/// `base` with `-n`, shortened so the whole stays within `MAX_SLUG`.
fn with_suffix(base: &str, n: usize) -> String {
    let suffix = format!("-{n}");
    let base = bound(base, MAX_SLUG.saturating_sub(suffix.len()));
    let base = if base.is_empty() { "story" } else { base };
    format!("{base}{suffix}")
}

/// An ASCII kebab-case `slug` cut to at most `max` bytes, at a dash when there is one.
fn bound(slug: &str, max: usize) -> &str {
    if slug.len() <= max {
        return slug;
    }
    let head = &slug[..max];
    let cut = if slug.as_bytes()[max] == b'-' {
        head
    } else {
        head.rfind('-').map_or(head, |dash| &head[..dash])
    };
    cut.trim_end_matches('-')
}

/// The ASCII spelling of a lowercase accented Latin letter.
fn transliterate(c: char) -> Option<&'static str> {
    const TABLE: &[(&str, &str)] = &[
        ("àáâãäåāăą", "a"),
        ("æ", "ae"),
        ("çćĉċč", "c"),
        ("ďđð", "d"),
        ("èéêëēĕėęě", "e"),
        ("ĝğġģ", "g"),
        ("ĥħ", "h"),
        ("ìíîïĩīĭįı", "i"),
        ("ĳ", "ij"),
        ("ĵ", "j"),
        ("ķ", "k"),
        ("ĺļľŀł", "l"),
        ("ñńņňŉ", "n"),
        ("òóôõöøōŏő", "o"),
        ("œ", "oe"),
        ("ŕŗř", "r"),
        ("śŝşš", "s"),
        ("ß", "ss"),
        ("ţťŧ", "t"),
        ("þ", "th"),
        ("ùúûüũūŭůűų", "u"),
        ("ŵ", "w"),
        ("ýÿŷ", "y"),
        ("źżž", "z"),
    ];
    TABLE
        .iter()
        .find(|(letters, _)| letters.contains(c))
        .map(|(_, ascii)| *ascii)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn slugs_are_safe_kebab_case_and_avoid_taken_names() {
        let free = |_: &str| false;
        assert_eq!(
            slug_for("Billing export outage", &free),
            "billing-export-outage"
        );
        assert_eq!(
            slug_for("Crème brûlée: Straße & Ærø!", &free),
            "creme-brulee-strasse-aero"
        );
        assert_eq!(slug_for("Don't panic", &free), "dont-panic");
        assert_eq!(slug_for("../../etc/passwd", &free), "etc-passwd");
        assert_eq!(slug_for(".hidden", &free), "hidden");
        assert_eq!(slug_for("日本語", &free), "story");
        assert_eq!(slug_for("", &free), "story");
        let long = slug_for(&"word ".repeat(30), &free);
        assert!(long.len() <= MAX_SLUG && long.ends_with("word"), "{long}");
        let taken = |slug: &str| ["mistake", "mistake-2"].contains(&slug);
        assert_eq!(slug_for("Mistake", &taken), "mistake-3");
        let long_taken = |slug: &str| slug == long;
        let numbered = slug_for(&"word ".repeat(30), &long_taken);
        assert!(
            numbered.len() <= MAX_SLUG && numbered.ends_with("-2"),
            "{numbered}"
        );
    }

    /// The slug rules, checked character by character: `[a-z0-9]+(-[a-z0-9]+)*`, at most 60.
    fn is_safe_slug(slug: &str) -> bool {
        !slug.is_empty()
            && slug.len() <= MAX_SLUG
            && slug
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !slug.starts_with('-')
            && !slug.ends_with('-')
            && !slug.contains("--")
    }

    proptest! {
        #[test]
        fn every_slug_is_safe(title in "\\PC{0,200}", taken_count in 0usize..4) {
            let base = slug_for(&title, &|_| false);
            prop_assert!(is_safe_slug(&base), "{:?} -> {:?}", title, base);
            prop_assert!(crate::text::is_kebab_case(&base));
            let mut taken = vec![base.clone()];
            for n in 2..taken_count + 2 {
                taken.push(format!("{base}-{n}"));
            }
            let slug = slug_for(&title, &|slug| taken.iter().any(|t| t == slug));
            prop_assert!(is_safe_slug(&slug), "{:?} -> {:?}", title, slug);
            prop_assert!(!taken.contains(&slug));
        }
    }
}
