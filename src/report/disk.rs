//! How much disk the recordings take, in the units a person reads.

/// Bytes as a person reads them: `812 KB`, `19.2 MB`, `1.4 GB` (powers of 1000, like the
/// sizes file managers show).
pub fn format_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 999.95 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    if value < 10.0 && unit > 0 {
        format!("{value:.1} {}", UNITS[unit])
    } else {
        format!("{value:.0} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_a_file_manager_shows_them() {
        assert_eq!(format_bytes(0), "0 B");
        assert_eq!(format_bytes(999), "999 B");
        assert_eq!(format_bytes(1_000), "1 KB");
        assert_eq!(format_bytes(812_400), "812 KB");
        assert_eq!(format_bytes(5_760_044), "5.8 MB");
        assert_eq!(format_bytes(19_200_044), "19 MB");
        assert_eq!(format_bytes(999_990_000), "1.0 GB");
        assert_eq!(format_bytes(1_400_000_000), "1.4 GB");
    }
}
