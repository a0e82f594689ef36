//! Notes saved as HTML, read as the markdown their tags stand for: headings, bold and
//! italics, list items; every other tag dropped and entities decoded. Each line of the file
//! gives one line or more (a `<br>` or a second `<li>` starts another) and all of them carry
//! the file's own line number, so the line numbers in warnings are the file's; what a
//! `<script>` or `<style>` holds is no note at all and gives nothing.

/// Tags whose content is code for the browser, never the person's words.
const CODE_TAGS: [&str; 2] = ["script", "style"];

/// The `lines` of an HTML file as markdown: each with its 1-based line number in the file.
pub fn as_markdown<S: AsRef<str>>(lines: &[S]) -> Vec<(usize, String)> {
    let mut out = Vec::with_capacity(lines.len());
    let mut inside_code: Option<&str> = None;
    for (index, line) in lines.iter().enumerate() {
        let line = line.as_ref();
        let indent = &line[..line.len() - line.trim_start().len()];
        let mut broken: Vec<String> = Vec::new();
        let mut current = String::new();
        let mut rest = line;
        loop {
            if let Some(code) = inside_code {
                let closing = format!("</{code}");
                let Some(at) = rest.to_ascii_lowercase().find(&closing) else {
                    rest = "";
                    break;
                };
                let after = &rest[at..];
                rest = after.find('>').map_or("", |close| &after[close + 1..]);
                inside_code = None;
                continue;
            }
            let Some(open) = rest.find('<') else {
                break;
            };
            current.push_str(&rest[..open]);
            rest = &rest[open..];
            // A `<` that no `>` closes is text (`a < b`).
            let Some(close) = rest.find('>') else {
                break;
            };
            let tag = rest[1..close].trim().to_ascii_lowercase();
            rest = &rest[close + 1..];
            match Tag::of(&tag) {
                Tag::Code(code) => inside_code = Some(code),
                Tag::Break => broken.push(std::mem::take(&mut current)),
                // A block starts or ends a line of its own, even on a page saved as one line.
                Tag::Block => {
                    if !current.trim().is_empty() {
                        broken.push(std::mem::replace(&mut current, indent.to_string()));
                    }
                }
                heading @ Tag::Heading(_) if !current.trim().is_empty() => {
                    broken.push(std::mem::replace(&mut current, indent.to_string()));
                    current.push_str(heading.markdown());
                }
                // A second item on the line is its sibling: a line of its own, indented alike.
                Tag::ListItem if !current.trim().is_empty() => {
                    broken.push(std::mem::replace(&mut current, format!("{indent}- ")));
                }
                other => current.push_str(other.markdown()),
            }
        }
        current.push_str(rest);
        broken.push(current);
        // A `<br>` at either end of a line breaks nothing; a line of nothing is one blank line.
        let mut kept: Vec<String> = broken
            .iter()
            .map(|piece| decode_entities(piece).trim_end().to_string())
            .filter(|text| !text.trim().is_empty())
            .collect();
        if kept.is_empty() {
            kept.push(String::new());
        }
        out.extend(kept.into_iter().map(|text| (index + 1, text)));
    }
    out
}

/// What a tag stands for in the markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    /// `<script>` or `<style>`: what follows up to its closing tag is dropped.
    Code(&'static str),
    /// `<br>`, `<br/>`, `<BR >`: a line break.
    Break,
    /// `<li>`: a list item begins.
    ListItem,
    /// A paragraph, a list, a division or a row begins or ends, or a heading or an item ends.
    Block,
    /// `<h2>`: a heading of that level begins.
    Heading(usize),
    /// `<b>`, `<strong>` and their closing tags.
    Bold,
    /// `<i>`, `<em>` and their closing tags.
    Italic,
    /// Any other tag: dropped.
    Other,
}

impl Tag {
    /// The tag written `<tag>`, lowercase, without its brackets.
    fn of(tag: &str) -> Tag {
        let closing = tag.starts_with('/');
        let self_closing = tag.ends_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        const BLOCKS: [&str; 9] = [
            "p",
            "div",
            "ul",
            "ol",
            "tr",
            "table",
            "section",
            "article",
            "blockquote",
        ];
        match name.as_str() {
            "br" => Tag::Break,
            "b" | "strong" => Tag::Bold,
            "i" | "em" => Tag::Italic,
            block if BLOCKS.contains(&block) => Tag::Block,
            "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" if closing => Tag::Block,
            _ if closing => Tag::Other,
            "li" => Tag::ListItem,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                Tag::Heading(usize::from(name.as_bytes()[1] - b'0'))
            }
            _ if self_closing => Tag::Other,
            _ => CODE_TAGS
                .iter()
                .find(|code| **code == name)
                .map_or(Tag::Other, |code| Tag::Code(code)),
        }
    }

    /// The markdown written where the tag stood.
    fn markdown(self) -> &'static str {
        const HEADING_MARKS: [&str; 6] = ["# ", "## ", "### ", "#### ", "##### ", "###### "];
        match self {
            Tag::Heading(level) => HEADING_MARKS[level - 1],
            Tag::Bold => "**",
            Tag::Italic => "*",
            Tag::ListItem => "- ",
            Tag::Code(_) | Tag::Break | Tag::Block | Tag::Other => "",
        }
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

    fn markdown_of(lines: &[&str]) -> Vec<(usize, String)> {
        as_markdown(lines)
    }

    fn numbered(pairs: &[(usize, &str)]) -> Vec<(usize, String)> {
        pairs
            .iter()
            .map(|(line, text)| (*line, (*text).to_string()))
            .collect()
    }

    #[test]
    fn tags_become_markdown_and_entities_characters() {
        assert_eq!(
            markdown_of(&[
                "<p><b>Situation:</b>&nbsp;We had &ndash; two teams &amp; no plan</p>",
                "<h2>Q1: Tell me</h2>",
                "<li>one</li>",
                "a < b &unknown; &#39;x&#x27;",
            ]),
            numbered(&[
                (1, "**Situation:** We had \u{2013} two teams & no plan"),
                (2, "## Q1: Tell me"),
                (3, "- one"),
                (4, "a < b &unknown; 'x'"),
            ])
        );
    }

    #[test]
    fn breaks_and_later_list_items_start_lines_of_the_same_number() {
        assert_eq!(
            markdown_of(&[
                "two<br>teams<BR >and<br/>a plan<br />",
                "  <ul><li>one</li><li>two</li></ul>",
                "<br>",
            ]),
            numbered(&[
                (1, "two"),
                (1, "teams"),
                (1, "and"),
                (1, "a plan"),
                (2, "  - one"),
                (2, "  - two"),
                (3, ""),
            ])
        );
    }

    #[test]
    fn scripts_and_styles_give_nothing_across_lines() {
        assert_eq!(
            markdown_of(&[
                "<p>kept</p><SCRIPT type=\"x\">var a = '<b>';",
                "Situation: code",
                "</script><style>p { color: red }</style>after",
                "<script src=\"a.js\"/>still here",
            ]),
            numbered(&[(1, "kept"), (2, ""), (3, "after"), (4, "still here")])
        );
    }
}
