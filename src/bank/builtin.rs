//! The built-in prompt bank: the files under `prompts/`, compiled into the binary so that a
//! fresh install needs no files at all.

macro_rules! builtin_file {
    ($name:literal) => {
        (
            concat!("prompts/", $name, ".toml"),
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/prompts/",
                $name,
                ".toml"
            )),
        )
    };
}

/// Each built-in file's path in the repository, with its text.
pub(super) const FILES: &[(&str, &str)] = &[
    builtin_file!("ambiguity"),
    builtin_file!("conflict"),
    builtin_file!("customer"),
    builtin_file!("deadline"),
    builtin_file!("growth"),
    builtin_file!("hardest-problem"),
    builtin_file!("influence"),
    builtin_file!("leadership"),
    builtin_file!("mistake"),
    builtin_file!("ownership"),
    builtin_file!("prioritization"),
    builtin_file!("teamwork"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_in_the_prompts_folder_is_compiled_in() {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/prompts");
        let mut on_disk: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|entry| format!("prompts/{}", entry.unwrap().file_name().to_string_lossy()))
            .filter(|name| name.ends_with(".toml"))
            .collect();
        on_disk.sort();
        let compiled: Vec<&str> = FILES.iter().map(|(path, _)| *path).collect();
        assert_eq!(on_disk, compiled);
    }
}
