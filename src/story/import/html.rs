//! Notes saved as HTML, read line by line as the markdown their tags stand for: headings,
//! bold and italics, list items; every other tag dropped and entities decoded. Each line stays
//! a line, so the line numbers in warnings are the file's own.

/// `line` of HTML as markdown.
pub fn as_markdown(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let tag = rest[open + 1..open + close].trim().to_ascii_lowercase();
        out.push_str(&markdown_for(&tag));
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    decode_entities(&out).trim_end().to_string()
}

/// The markdown a tag stands for (`h2` a heading mark, `b` bold), or nothing.
fn markdown_for(tag: &str) -> String {
    let name: String = tag
        .trim_start_matches('/')
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    let closing = tag.starts_with('/');
    match name.as_str() {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" if !closing => {
            let level = usize::from(name.as_bytes()[1] - b'0');
            format!("{} ", "#".repeat(level))
        }
        "b" | "strong" => "**".to_string(),
        "i" | "em" => "*".to_string(),
        "li" if !closing => "- ".to_string(),
        "br" => " ".to_string(),
        _ => String::new(),
    }
}

/// `text` with its HTML entities (`&nbsp;`, `&ndash;`, `&#39;`) as the characters they name.
fn decode_entities(text: &str) -> String {
    const NAMED: [(&str, &str); 16] = [
        ("nbsp", " "),
        ("amp", "&"),
        ("lt", "<"),
        ("gt", ">"),
        ("quot", "\""),
        ("apos", "'"),
        ("ndash", "\u{2013}"),
        ("mdash", "\u{2014}"),
        ("lsquo", "\u{2018}"),
        ("rsquo", "\u{2019}"),
        ("ldquo", "\u{201c}"),
        ("rdquo", "\u{201d}"),
        ("hellip", "\u{2026}"),
        ("euro", "\u{20ac}"),
        ("pound", "\u{a3}"),
        ("rarr", "\u{2192}"),
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let end = after.find(';').filter(|&end| end <= 10);
        let decoded = end.and_then(|end| {
            let name = &after[..end];
            if let Some(number) = name.strip_prefix('#') {
                let code = match number.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => number.parse().ok(),
                };
                code.and_then(char::from_u32).map(String::from)
            } else {
                NAMED
                    .iter()
                    .find(|(known, _)| *known == name)
                    .map(|(_, text)| (*text).to_string())
            }
        });
        match (decoded, end) {
            (Some(decoded), Some(end)) => {
                out.push_str(&decoded);
                rest = &after[end + 1..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_become_markdown_and_entities_characters() {
        assert_eq!(
            as_markdown("<p><b>Situation:</b>&nbsp;We had &ndash; two<br>teams &amp; no plan</p>"),
            "**Situation:** We had \u{2013} two teams & no plan"
        );
        assert_eq!(as_markdown("<h2>Q1: Tell me</h2>"), "## Q1: Tell me");
        assert_eq!(as_markdown("<li>one</li>"), "- one");
        assert_eq!(
            as_markdown("a < b &unknown; &#39;x&#x27;"),
            "a < b &unknown; 'x'"
        );
    }
}
