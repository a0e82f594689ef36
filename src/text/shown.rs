//! The one sanitiser: text from files, notes, titles and prompt files made harmless before it
//! reaches a terminal. Control characters and escape sequences are made visible in caret
//! notation, as `cat -v` shows them (`ESC` is `^[`, DEL `^?`, the C1 control U+009B `M-^[`),
//! so a note cannot rename the window, hide the cursor, clear the screen or write the
//! clipboard; the text still says what it holds. Text taken in to keep, such as imported
//! notes, can have them taken out instead ([`without_controls`]).

use std::borrow::Cow;
use std::io::{self, Write};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

/// `text` for a person, keeping line breaks and tabs.
pub fn shown(text: &str) -> Cow<'_, str> {
    sanitise(text, |c| c == '\n' || c == '\t')
}

/// `text` for one line of a table or a message: line breaks and tabs are made visible too.
pub fn shown_line(text: &str) -> Cow<'_, str> {
    sanitise(text, |_| false)
}

/// A path for a person: as [`shown_line`] shows text, with each byte of a name that is not
/// UTF-8 text written `\xNN`, so a file named oddly is still named exactly enough to find.
pub fn shown_path(path: &Path) -> Cow<'_, str> {
    let bytes = path.as_os_str().as_bytes();
    let Ok(text) = std::str::from_utf8(bytes) else {
        let mut out = String::with_capacity(bytes.len() + 8);
        for chunk in bytes.utf8_chunks() {
            out.push_str(&shown_line(chunk.valid()));
            for byte in chunk.invalid() {
                out.push_str(&format!("\\x{byte:02x}"));
            }
        }
        return Cow::Owned(out);
    };
    shown_line(text)
}

/// `text` without its control characters and escape sequences, line breaks and tabs kept:
/// for text taken in to keep (imported notes), where a colour code or a title sequence is
/// noise from the terminal it was copied out of, not words. A whole sequence goes, not only
/// its `ESC` (`ESC [ 1 m`, `ESC ] 0 ; title BEL`), so no `[1m` is left in the words.
pub fn without_controls(text: &str) -> Cow<'_, str> {
    let dropped = |c: char| is_control(c) && !matches!(c, '\n' | '\t');
    if !text.chars().any(dropped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => match chars.peek() {
                Some('[') => {
                    chars.next();
                    skip_control_sequence(&mut chars);
                }
                Some(']' | 'P' | '_' | '^' | 'X') => {
                    chars.next();
                    skip_control_string(&mut chars);
                }
                // A two-character escape (`ESC 7`, `ESC c`).
                Some(' '..='~') => {
                    chars.next();
                }
                _ => {}
            },
            '\u{9b}' => skip_control_sequence(&mut chars),
            '\u{90}' | '\u{9d}' | '\u{9e}' | '\u{9f}' | '\u{98}' => skip_control_string(&mut chars),
            c if dropped(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Skips the rest of a control sequence after its introducer: parameter and intermediate
/// characters, then the one final character.
fn skip_control_sequence(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while chars.next_if(|c| matches!(c, ' '..='?')).is_some() {}
    chars.next_if(|c| matches!(c, '@'..='~'));
}

/// Skips the rest of a control string (a title, a clipboard write) after its introducer, up
/// to its terminator (`BEL`, `ESC \\` or `ST`), or to the end of the line when it has none.
fn skip_control_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next_if(|c| *c != '\n') {
        match c {
            '\u{7}' | '\u{9c}' => return,
            '\u{1b}' => {
                chars.next_if_eq(&'\\');
                return;
            }
            _ => {}
        }
    }
}

/// Whether `text` holds anything [`shown`] would change.
pub fn has_controls(text: &str) -> bool {
    matches!(shown(text), Cow::Owned(_))
}

fn sanitise(text: &str, kept: impl Fn(char) -> bool) -> Cow<'_, str> {
    let needs = |c: char| is_control(c) && !kept(c);
    if !text.chars().any(needs) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if needs(c) {
            out.push_str(&caret(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// C0 controls, DEL and C1 controls.
fn is_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
}

/// The caret form of a control character: `^[`, `^?`, `M-^[`.
fn caret(c: char) -> String {
    let code = c as u32;
    match code {
        0x00..=0x1f => format!("^{}", char::from_u32(code + 0x40).unwrap_or('?')),
        0x7f => "^?".to_string(),
        0x80..=0x9f => format!("M-^{}", char::from_u32(code - 0x80 + 0x40).unwrap_or('?')),
        _ => c.to_string(),
    }
}

/// The last door of standard output for text meant for a person: bytes pass as they are,
/// except control characters and escape sequences, which are made visible as [`shown`]
/// makes them, and the colour and weight sequences (`ESC [ ... m`) the program's own styling
/// writes, which pass. Text from files is sanitised where it is rendered too; this catches
/// anything a renderer missed. Sequences split across writes are put together first.
pub struct ShownWriter<W: Write> {
    inner: W,
    state: Pending,
}

/// What has been seen of a sequence not yet finished.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Pending {
    Nothing,
    Escape,
    /// `ESC [` and the parameters so far.
    Csi(Vec<u8>),
    /// The first byte of a two-byte character that may be a C1 control.
    C2,
}

/// Longest parameter list of a style sequence; anything longer is not ours.
const MAX_STYLE_PARAMETERS: usize = 32;

impl<W: Write> ShownWriter<W> {
    pub fn new(inner: W) -> ShownWriter<W> {
        ShownWriter {
            inner,
            state: Pending::Nothing,
        }
    }

    /// The writer underneath, for data that must go out exactly (JSON, CSV, a man page).
    /// Anything pending is written out (made visible) first.
    pub fn raw(&mut self) -> io::Result<&mut W> {
        self.settle()?;
        Ok(&mut self.inner)
    }

    /// Writes out what a sequence left unfinished, made visible.
    fn settle(&mut self) -> io::Result<()> {
        let pending = std::mem::replace(&mut self.state, Pending::Nothing);
        let text = match pending {
            Pending::Nothing => return Ok(()),
            Pending::Escape => b"^[".to_vec(),
            Pending::Csi(parameters) => [b"^[[".as_slice(), &parameters].concat(),
            Pending::C2 => vec![0xc2],
        };
        self.inner.write_all(&text)
    }

    fn push(&mut self, byte: u8, out: &mut Vec<u8>) {
        match std::mem::replace(&mut self.state, Pending::Nothing) {
            Pending::Nothing => match byte {
                0x1b => self.state = Pending::Escape,
                0xc2 => self.state = Pending::C2,
                b'\n' | b'\t' => out.push(byte),
                0x00..=0x1f | 0x7f => out.extend_from_slice(caret(char::from(byte)).as_bytes()),
                _ => out.push(byte),
            },
            Pending::Escape if byte == b'[' => self.state = Pending::Csi(Vec::new()),
            Pending::Escape => {
                out.extend_from_slice(b"^[");
                self.push(byte, out);
            }
            Pending::Csi(mut parameters) => {
                if byte == b'm' {
                    out.extend_from_slice(b"\x1b[");
                    out.extend_from_slice(&parameters);
                    out.push(b'm');
                } else if (byte.is_ascii_digit() || byte == b';')
                    && parameters.len() < MAX_STYLE_PARAMETERS
                {
                    parameters.push(byte);
                    self.state = Pending::Csi(parameters);
                } else {
                    out.extend_from_slice(b"^[[");
                    out.extend_from_slice(&parameters);
                    self.push(byte, out);
                }
            }
            Pending::C2 => {
                if (0x80..=0x9f).contains(&byte) {
                    let control = char::from_u32(u32::from(byte)).unwrap_or('?');
                    out.extend_from_slice(caret(control).as_bytes());
                } else {
                    out.push(0xc2);
                    self.push(byte, out);
                }
            }
        }
    }
}

impl<W: Write> Write for ShownWriter<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let mut out = Vec::with_capacity(bytes.len());
        for &byte in bytes {
            self.push(byte, &mut out);
        }
        self.inner.write_all(&out)?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.settle()?;
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_become_caret_notation_and_plain_text_is_untouched() {
        assert!(matches!(shown("Audit flag: 2,000 users"), Cow::Borrowed(_)));
        assert_eq!(shown("title\u{1b}]2;pwned\u{7}"), "title^[]2;pwned^G");
        assert_eq!(shown("a\u{1b}[?25lb"), "a^[[?25lb");
        assert_eq!(shown("del\u{7f} c1\u{9b}2J"), "del^? c1M-^[2J");
        assert_eq!(shown("two\nlines\tand a tab\r"), "two\nlines\tand a tab^M");
        assert_eq!(shown_line("two\nlines\t"), "two^Jlines^I");
        assert_eq!(shown("日本語 é"), "日本語 é");
        assert!(has_controls("x\u{1b}") && !has_controls("x\ny"));
    }

    #[test]
    fn controls_and_whole_sequences_can_be_taken_out() {
        assert!(matches!(
            without_controls("plain\ttext\n"),
            Cow::Borrowed(_)
        ));
        for (noisy, clean) in [
            ("\u{1b}[1;31mSituation:\u{1b}[0m text", "Situation: text"),
            ("a\u{1b}[?25lb", "ab"),
            ("\u{1b}]0;title\u{7}kept", "kept"),
            ("\u{1b}]52;c;aGk=\u{1b}\\kept", "kept"),
            ("\u{1b}]2;never ends\nnext", "\nnext"),
            ("\u{9b}2Jc1 \u{9d}x\u{9c}done", "c1 done"),
            ("bell\u{7} back\u{8}space\r del\u{7f}", "bell backspace del"),
            ("end\u{1b}", "end"),
            ("\u{1b}7saved", "saved"),
            ("日本語\u{1b}[0m é", "日本語 é"),
        ] {
            assert_eq!(without_controls(noisy), clean, "{noisy:?}");
        }
    }

    #[test]
    fn a_path_shows_bytes_that_are_not_text_as_hex() {
        use std::os::unix::ffi::OsStrExt;
        let odd = Path::new(std::ffi::OsStr::from_bytes(
            b"/h/sessions/2026/11/a\xff\x1b.json",
        ));
        assert_eq!(shown_path(odd), "/h/sessions/2026/11/a\\xff^[.json");
        assert!(matches!(
            shown_path(Path::new("/h/a.json")),
            Cow::Borrowed(_)
        ));
    }

    fn through_writer(chunks: &[&[u8]]) -> String {
        let mut writer = ShownWriter::new(Vec::new());
        for chunk in chunks {
            writer.write_all(chunk).unwrap();
        }
        writer.flush().unwrap();
        String::from_utf8(writer.inner).unwrap()
    }

    #[test]
    fn the_writer_passes_styles_and_shows_every_other_sequence() {
        let styled = "\u{1b}[1mbold\u{1b}[0m \u{1b}[38;5;2mgreen\u{1b}[39m";
        assert_eq!(through_writer(&[styled.as_bytes()]), styled);
        for (hostile, seen) in [
            ("\u{1b}]52;c;cGF5\u{7}", "^[]52;c;cGF5^G"),
            ("\u{1b}[2J\u{1b}[H", "^[[2J^[[H"),
            ("\u{1b}[?1049l", "^[[?1049l"),
            ("\u{9b}31m", "M-^[31m"),
            ("end\u{1b}", "end^["),
            ("\u{1b}[12", "^[[12"),
        ] {
            assert_eq!(through_writer(&[hostile.as_bytes()]), seen, "{hostile:?}");
        }
        // A style split over several writes is still one style.
        assert_eq!(
            through_writer(&[b"\x1b", b"[3", b"1", b"mred"]),
            "\u{1b}[31mred"
        );
        assert_eq!(through_writer(&["é".as_bytes()]), "é");
        assert_eq!(through_writer(&["\u{85}".as_bytes()]), "M-^E");
    }

    #[test]
    fn raw_data_goes_out_exactly_after_what_was_pending() {
        let mut writer = ShownWriter::new(Vec::new());
        writer.write_all(b"x\x1b").unwrap();
        writer
            .raw()
            .unwrap()
            .write_all(b"{\"a\":\"\x7f\"}")
            .unwrap();
        assert_eq!(writer.inner, b"x^[{\"a\":\"\x7f\"}");
    }
}
