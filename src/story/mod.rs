//! Stories: prepared experiences told in STAR form, one markdown file each in
//! `<home>/stories/<slug>.md`.
//!
//! For now this reads just enough of each file to offer the stories in a drill's review: the
//! `# Title` line and the `Categories:` line of the metadata block under it.

use std::path::Path;

/// What the review needs to know of a story file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryCard {
    /// The file name without `.md`.
    pub slug: String,
    pub title: String,
    /// The prompt categories the story can answer.
    pub categories: Vec<String>,
}

/// The stories in `stories_dir`, sorted by title. A missing folder means none; files that
/// cannot be read are left out (they are the user's to fix, and `stories` will report them).
pub fn list_stories(stories_dir: &Path) -> Vec<StoryCard> {
    let Ok(entries) = std::fs::read_dir(stories_dir) else {
        return Vec::new();
    };
    let mut cards: Vec<StoryCard> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .filter_map(|path| {
            let slug = path.file_stem()?.to_str()?.to_string();
            let text = std::fs::read_to_string(&path).ok()?;
            Some(read_card(&slug, &text))
        })
        .collect();
    cards.sort_by_key(|card| card.title.to_lowercase());
    cards
}

/// The title (the first `# ` line, else the slug) and categories of a story's text.
pub fn read_card(slug: &str, text: &str) -> StoryCard {
    let mut title = None;
    let mut categories = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with("## ") {
            break;
        }
        if let Some(heading) = line.strip_prefix("# ") {
            title.get_or_insert_with(|| heading.trim().to_string());
        } else if let Some((key, value)) = line.split_once(':')
            && key
                .trim()
                .trim_matches('*')
                .eq_ignore_ascii_case("categories")
        {
            categories = value
                .split(',')
                .map(|c| c.trim().to_lowercase())
                .filter(|c| !c.is_empty())
                .collect();
        }
    }
    StoryCard {
        slug: slug.to_string(),
        title: title
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| slug.to_string()),
        categories,
    }
}

/// The stories to offer for a prompt of `category`: those that can answer it first, then the
/// other story files, then titles used in past sessions that have no file (`past_titles`, most
/// recent first). Each title once, whatever its case.
pub fn story_choices(cards: &[StoryCard], past_titles: &[String], category: &str) -> Vec<String> {
    let (matching, others): (Vec<&StoryCard>, Vec<&StoryCard>) = cards
        .iter()
        .partition(|card| card.categories.iter().any(|c| c == category));
    let mut choices: Vec<String> = Vec::new();
    let candidates = matching
        .into_iter()
        .chain(others)
        .map(|card| card.title.clone())
        .chain(past_titles.iter().cloned());
    for title in candidates {
        if !choices
            .iter()
            .any(|known| known.eq_ignore_ascii_case(&title))
        {
            choices.push(title);
        }
    }
    choices
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_title_and_categories_above_the_first_part() {
        let text = "# Audit flag broke time entry\n\nCategories: Mistake, customer\nTags: billing\n\n## Situation\ncategories: not this\n";
        let card = read_card("audit-flag", text);
        assert_eq!(card.title, "Audit flag broke time entry");
        assert_eq!(card.categories, ["mistake", "customer"]);
        assert_eq!(read_card("bare", "no heading here").title, "bare");
    }

    #[test]
    fn stories_for_the_category_come_first_then_files_then_past_titles() {
        let card = |title: &str, categories: &[&str]| StoryCard {
            slug: title.to_lowercase(),
            title: title.into(),
            categories: categories.iter().map(|c| c.to_string()).collect(),
        };
        let cards = [
            card("Alpha", &["mistake"]),
            card("Beta", &["conflict"]),
            card("Gamma", &[]),
        ];
        let past = vec!["Old launch".to_string(), "beta".to_string()];
        assert_eq!(
            story_choices(&cards, &past, "conflict"),
            ["Beta", "Alpha", "Gamma", "Old launch"]
        );
    }

    #[test]
    fn lists_story_files_sorted_and_ignores_other_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("b.md"),
            "# Zed story\nCategories: conflict\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("a.md"), "# alpha story\n").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "# not a story\n").unwrap();
        let titles: Vec<String> = list_stories(dir.path())
            .into_iter()
            .map(|c| c.title)
            .collect();
        assert_eq!(titles, ["alpha story", "Zed story"]);
        assert!(list_stories(&dir.path().join("missing")).is_empty());
    }
}
