//! Keywords across files: each category's pooled from every file that lists some.

use std::collections::BTreeMap;

use super::file::PromptFile;

/// Each category's keywords from these files, in the order the files list them, each once:
/// several files of one category add to each other, the user's to the built-in ones.
pub(super) fn pool<'a>(
    files: impl IntoIterator<Item = &'a PromptFile>,
) -> BTreeMap<String, Vec<String>> {
    let mut pooled: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for file in files {
        for (category, keywords) in &file.keywords {
            let known = pooled.entry(category.clone()).or_default();
            for keyword in keywords {
                if !known.contains(&keyword.text) {
                    known.push(keyword.text.clone());
                }
            }
        }
    }
    pooled
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::file::parse_prompt_file;
    use crate::bank::load::builtin_files;

    fn file(path: &str, category: &str, keywords: &str) -> PromptFile {
        let source = format!(
            "category = \"{category}\"\nkeywords = [{keywords}]\n[[prompt]]\nid = \"{category}-x\"\ntext = \"q?\"\n"
        );
        parse_prompt_file(path, &source).unwrap()
    }

    #[test]
    fn files_of_one_category_pool_their_keywords_each_once() {
        let pooled = pool(&[
            file("a.toml", "deals", "\"deal*\", \"offer\""),
            file("b.toml", "salary", "\"pay\""),
            file("c.toml", "deals", "\"Offer\", \"bargain*\""),
        ]);
        assert_eq!(pooled["deals"], ["deal*", "offer", "bargain*"]);
        assert_eq!(pooled["salary"], ["pay"]);
    }

    #[test]
    fn every_builtin_category_has_keywords() {
        let builtin = builtin_files();
        let pooled = pool(&builtin);
        for file in &builtin {
            for prompt in &file.prompts {
                assert!(pooled.contains_key(&prompt.category), "{}", prompt.category);
            }
        }
    }
}
