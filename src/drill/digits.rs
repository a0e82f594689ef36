//! A five-row block font for the elapsed time, so it can be read from across the room.

/// Rows of the font.
pub const HEIGHT: usize = 5;

/// The glyph rows for one character of a clock (`0`-`9`, `:`, `+`), `#` standing for a block.
fn glyph(c: char) -> Option<[&'static str; HEIGHT]> {
    Some(match c {
        '0' => ["####", "#  #", "#  #", "#  #", "####"],
        '1' => [" ## ", "  # ", "  # ", "  # ", " ###"],
        '2' => ["####", "   #", "####", "#   ", "####"],
        '3' => ["####", "   #", " ###", "   #", "####"],
        '4' => ["#  #", "#  #", "####", "   #", "   #"],
        '5' => ["####", "#   ", "####", "   #", "####"],
        '6' => ["####", "#   ", "####", "#  #", "####"],
        '7' => ["####", "   #", "  # ", " #  ", " #  "],
        '8' => ["####", "#  #", "####", "#  #", "####"],
        '9' => ["####", "#  #", "####", "   #", "####"],
        ':' => [" ", "#", " ", "#", " "],
        '+' => ["   ", " # ", "###", " # ", "   "],
        _ => return None,
    })
}

/// `text` drawn in the block font, one string a row, glyphs a column apart. Characters
/// without a glyph are left out.
pub fn big_text(text: &str) -> [String; HEIGHT] {
    let mut rows: [String; HEIGHT] = Default::default();
    for (index, glyph) in text.chars().filter_map(glyph).enumerate() {
        for (row, line) in rows.iter_mut().zip(glyph) {
            if index > 0 {
                row.push(' ');
            }
            row.extend(line.chars().map(|c| if c == '#' { '█' } else { ' ' }));
        }
    }
    rows
}

/// The width in columns of `text` in the block font.
pub fn big_width(text: &str) -> usize {
    big_text(text)[0].chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_clock_character_has_a_glyph_of_full_height() {
        for c in "0123456789:+".chars() {
            let glyph = glyph(c).unwrap();
            let width = glyph[0].len();
            assert!(
                glyph.iter().all(|row| row.len() == width),
                "ragged glyph {c}"
            );
        }
    }

    #[test]
    fn big_text_lays_glyphs_side_by_side() {
        let rows = big_text("1:05");
        assert!(
            rows.iter()
                .all(|row| row.chars().count() == big_width("1:05"))
        );
        assert_eq!(big_width("1:05"), 4 + 1 + 1 + 1 + 4 + 1 + 4);
        assert_eq!(rows[0], " ██    ████ ████");
    }
}
