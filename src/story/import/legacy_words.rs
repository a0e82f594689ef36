//! The built-in words that point to each category, until the bank carries them.

/// Words that point to each bank category. A trailing `*` matches any word starting so.
const CATEGORY_WORDS: &[(&str, &[&str])] = &[
    (
        "ambiguity",
        &[
            "ambigu*",
            "unclear",
            "uncertain*",
            "vague",
            "incomplete information",
            "not enough information",
            "unknowns",
        ],
    ),
    (
        "conflict",
        &[
            "conflict*",
            "disagree*",
            "argument*",
            "clash*",
            "push back",
            "pushback",
        ],
    ),
    ("customer", &["customer*", "client*", "user", "users"]),
    (
        "deadline",
        &[
            "deadline*",
            "pressure",
            "time pressure",
            "tight",
            "timeline*",
            "crunch",
            "last minute",
            "last-minute",
            "short on time",
            "out of time",
            "time constraint*",
            "rush*",
        ],
    ),
    (
        "growth",
        &[
            "learn*",
            "grow*",
            "grew",
            "new skill*",
            "comfort zone",
            "weakness*",
        ],
    ),
    (
        "hardest-problem",
        &[
            "hardest",
            "toughest",
            "challeng*",
            "most difficult",
            "hard problem",
            "difficult problem",
            "complex problem",
        ],
    ),
    (
        "influence",
        &[
            "persuad*",
            "convinc*",
            "influenc*",
            "buy-in",
            "buy in",
            "without authority",
            "win over",
            "won over",
        ],
    ),
    (
        "leadership",
        &[
            "lead", "leads", "leading", "leader*", "led", "mentor*", "coach*",
        ],
    ),
    (
        "mistake",
        &[
            "mistake*",
            "fail*",
            "wrong",
            "error*",
            "regret*",
            "screwed up",
            "messed up",
        ],
    ),
    (
        "ownership",
        &[
            "ownership",
            "owned",
            "owning",
            "above and beyond",
            "responsibilit*",
            "responsible",
            "initiative",
            "without being asked",
        ],
    ),
    (
        "prioritization",
        &[
            "prioriti*",
            "competing",
            "trade-off*",
            "tradeoff*",
            "trade off*",
        ],
    ),
    ("teamwork", &["team*", "collaborat*", "cross-functional"]),
];

/// Signs that feedback was received (growth) rather than gathered from customers.
const RECEIVED_FEEDBACK: &[&str] = &[
    "receiv*",
    "were given",
    "constructive",
    "critical",
    "criticism",
    "criticized",
    "criticised",
];

/// The bank categories `text` (a question and a title) points to, sorted.
pub fn guess_categories(text: &str) -> Vec<String> {
    let words = word_string(text);
    let mut categories: Vec<String> = CATEGORY_WORDS
        .iter()
        .filter(|(_, keys)| mentions_any(&words, keys))
        .map(|(category, _)| category.to_string())
        .collect();
    if mentions_any(&words, &["feedback"]) {
        let category = if mentions_any(&words, RECEIVED_FEEDBACK) {
            "growth"
        } else {
            "customer"
        };
        categories.push(category.to_string());
    }
    categories.sort();
    categories.dedup();
    categories
}

/// `text` as lowercase words separated and surrounded by single spaces, for whole-word search.
fn word_string(text: &str) -> String {
    let cleaned: String = text
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    format!(" {} ", words.join(" "))
}

fn mentions_any(words: &str, keys: &[&str]) -> bool {
    keys.iter().any(|key| match key.strip_suffix('*') {
        Some(stem) => words.contains(&format!(" {stem}")),
        None => words.contains(&format!(" {key} ")),
    })
}
