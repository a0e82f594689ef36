//! The words people put before a part of a story: the STAR names in English and a few other
//! languages, single letters, role words (`My role`, `Outcome`, `What I learned`), typos of
//! the names, and combinations (`Situation/Task`, `A+R`).

use crate::domain::star::Part;
use crate::text::edit_distance;

/// How sure a phrase is to be a label, which decides where it may stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    /// A role word (`Goal`, `Impact`), which is an ordinary word too.
    Role,
    /// A single letter (`S`), which needs a colon, a dash or markup.
    Letter,
    /// A part's own name, in some language, or a near typo of it.
    Star,
}

/// What a label names: the parts, in the order written (two or more for `Situation/Task`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelName {
    pub parts: Vec<Part>,
    /// The weakest of the phrases it is made of.
    pub strength: Strength,
}

/// The names of each part people write, lowercase, in English and the languages notes are
/// most often kept in beside it (Spanish, French, German, Portuguese, Italian), `|` between.
const NAMES: [(Part, &str); 5] = [
    (
        Part::Situation,
        "situation|situations|situación|situacion|situação|situacao|situazione|contexto|\
         contexte|kontext|ausgangslage|ausgangssituation",
    ),
    (
        Part::Task,
        "task|tasks|tarea|tâche|tache|tâches|aufgabe|aufgaben|tarefa|compito|objetivo|\
         objectif|ziel",
    ),
    (
        Part::Action,
        "action|actions|acción|accion|acciones|ação|acao|ações|handlung|maßnahme|maßnahmen|\
         massnahme|massnahmen|vorgehen|umsetzung|azione|azioni",
    ),
    (
        Part::Result,
        "result|results|resultado|resultados|résultat|résultats|resultat|ergebnis|ergebnisse|\
         risultato|risultati",
    ),
    (
        Part::Learning,
        "learning|learnings|aprendizaje|aprendizado|aprendizagem|apprentissage|lektion|\
         erkenntnis|erkenntnisse|lezione|leçon|leçons|enseignement|enseignements|lección|\
         lecciones|lição|lições|gelernt",
    ),
];

/// Short forms people type in a hurry (`Sit:`, `Act -`, `Res:`): like letters, they count only
/// before a colon or a dash, or in markup.
const SHORT_FORMS: [(Part, &str); 5] = [
    (Part::Situation, "sit|situ|sitn|ctx"),
    (Part::Task, "tsk"),
    (Part::Action, "act|acts"),
    (Part::Result, "res|rslt|outc"),
    (Part::Learning, "lrn|learn|learns"),
];

/// Phrases people use for a part that are ordinary words too (`Goal`, `Impact`): they count
/// only where a label stands (a heading, markup, before a colon, or alone on a line).
const ROLES: [(Part, &str); 5] = [
    (
        Part::Situation,
        "background|the background|context|the context|challenge|the challenge|setting|\
         problem|the problem|problem statement|issue|the issue|scenario|brief|the brief",
    ),
    (
        Part::Task,
        "role|my role|responsibility|my responsibility|responsibilities|my responsibilities|\
         goal|goals|the goal|my goal|objective|objectives|my task|mission|the ask|obstacle|\
         obstacles|the obstacle",
    ),
    (
        Part::Action,
        "what i did|what i actually did|what we did|approach|my approach|the approach|\
         response|my response|the response|solution|the solution|my solution|proposal|\
         my proposal|the proposal|steps|steps taken|steps i took|actions taken|how i did it|\
         what i did about it|process|my process|the process|execution|implementation",
    ),
    (
        Part::Result,
        "outcome|outcomes|the outcome|impact|the impact|my impact|the result|the results|\
         results and impact|outcome and impact|what happened|end result",
    ),
    (
        Part::Learning,
        "lesson|lessons|lesson learned|lessons learned|lesson learnt|lessons learnt|\
         what i learned|what i learnt|what i'd do differently|what i would do differently|\
         takeaway|takeaways|key takeaways|key takeaway|what i took away|take away|take-away|\
         key learnings|reflection|reflections|looking back|learned|learnt|\
         learnings and reflection",
    ),
];

/// The part `table` files `phrase` under, if any.
fn listed(table: &[(Part, &str)], phrase: &str) -> Option<Part> {
    table
        .iter()
        .find(|(_, words)| words.split('|').any(|word| word.trim() == phrase))
        .map(|(part, _)| *part)
}

/// The label `phrase` is, if any: markup, case, spacing and a closing colon ignored.
pub fn label_name(phrase: &str) -> Option<LabelName> {
    let norm = normalise(phrase);
    if norm.is_empty() || norm.chars().count() > 40 {
        return None;
    }
    if let Some(single) = single_label(&norm) {
        return Some(single);
    }
    combined(&norm)
}

/// One part's label: its name, a letter, a role phrase, or a near typo of a name.
fn single_label(norm: &str) -> Option<LabelName> {
    let one = |part: Part, strength: Strength| {
        Some(LabelName {
            parts: vec![part],
            strength,
        })
    };
    if let Some(part) = listed(&NAMES, norm) {
        return one(part, Strength::Star);
    }
    let mut chars = norm.chars();
    if let (Some(letter), None) = (chars.next(), chars.next())
        && let Some(part) = Part::from_letter(letter.to_ascii_uppercase())
    {
        return one(part, Strength::Letter);
    }
    if let Some(part) = listed(&SHORT_FORMS, norm) {
        return one(part, Strength::Letter);
    }
    if let Some(part) = listed(&ROLES, norm) {
        return one(part, Strength::Role);
    }
    // `What I'd do next time`, `Lessons I learned the hard way`: said many ways, always
    // about learning.
    const LEARNING_WORDS: [&str; 6] = [
        "learn",
        "lesson",
        "takeaway",
        "next time",
        "hindsight",
        "differently",
    ];
    const LEADS: [&str; 10] = [
        "what i",
        "what we",
        "lesson",
        "key ",
        "takeaway",
        "things i",
        "how i",
        "next time",
        "in hindsight",
        "if i",
    ];
    if norm.split_whitespace().count() <= 6
        && LEADS.iter().any(|lead| norm.starts_with(lead))
        && LEARNING_WORDS.iter().any(|word| norm.contains(word))
    {
        return one(Part::Learning, Strength::Role);
    }
    // `The Outcome`, `My Action`: an article before a name.
    for article in ["the ", "my ", "our "] {
        if let Some(rest) = norm.strip_prefix(article)
            && let Some(part) = listed(&NAMES, rest)
        {
            return one(part, Strength::Star);
        }
    }
    near_name(norm).and_then(|part| one(part, Strength::Star))
}

/// `Situation/Task`, `S/T`, `A+R`, `Situation and task`, `What I did / approach`: every piece a
/// label. Each part once, in the order written.
fn combined(norm: &str) -> Option<LabelName> {
    let pieces: Vec<&str> = norm
        .split(['/', '+', '&', ','])
        .flat_map(|piece| piece.split(" and "))
        .map(str::trim)
        .collect();
    if pieces.len() < 2 || pieces.iter().any(|piece| piece.is_empty()) {
        return None;
    }
    let mut parts = Vec::new();
    let mut strength = Strength::Star;
    for piece in pieces {
        let label = single_label(piece)?;
        strength = strength.min(label.strength);
        for part in label.parts {
            if !parts.contains(&part) {
                parts.push(part);
            }
        }
    }
    Some(LabelName { parts, strength })
}

/// The part whose English name `word` is a likely typo of: one edit for short words, two
/// for long ones, the first letter matching (so `Reaction` is not `Action`). Words under five
/// letters are too easily ordinary (`Talk` is one edit from `Task`) to be guessed.
fn near_name(word: &str) -> Option<Part> {
    let length = word.chars().count();
    if length < 4 || word.contains(' ') || !word.chars().all(char::is_alphabetic) {
        return None;
    }
    let limit = if length >= 8 { 2 } else { 1 };
    let sorted = |text: &str| {
        let mut letters: Vec<char> = text.chars().collect();
        letters.sort_unstable();
        letters
    };
    Part::ALL
        .into_iter()
        .flat_map(|part| {
            let name = part.name().to_lowercase();
            [(part, format!("{name}s")), (part, name)]
        })
        .chain([
            (Part::Learning, "learned".to_string()),
            (Part::Learning, "lessons".to_string()),
            (Part::Learning, "lesson".to_string()),
        ])
        .filter(|(_, name)| name.chars().next() == word.chars().next())
        // A four-letter word is a typo only with its letters swapped (`Tsak`, not `Talk`).
        .filter(|(_, name)| length > 4 || sorted(name) == sorted(word))
        .map(|(part, name)| (edit_distance(word, &name), part))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, part)| part)
}

/// `phrase` lowercase, without emphasis marks anywhere in it, with runs of spaces as one and
/// a closing colon, full stop or dash taken off.
pub fn normalise(phrase: &str) -> String {
    let unmarked: String = phrase
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '`') && !is_decoration(*c))
        .collect();
    let words: Vec<&str> = unmarked
        .trim()
        .trim_end_matches([':', '.', '-', '\u{2013}', '\u{2014}', ' '])
        .trim_start_matches(['(', '['])
        .trim_end_matches([')', ']'])
        .split_whitespace()
        .collect();
    words.join(" ").to_lowercase()
}

/// A character people put before a line for looks (`🟦`, `💡`, `→`, `•`), not for meaning.
pub fn is_decoration(c: char) -> bool {
    !c.is_ascii()
        && !c.is_alphanumeric()
        && !c.is_whitespace()
        && !matches!(
            c,
            '¿' | '¡' | '\u{2013}' | '\u{2014}' | '\u{201c}' | '\u{201d}' | '\u{2018}' | '\u{2019}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(phrase: &str) -> Option<String> {
        label_name(phrase).map(|label| label.parts.iter().map(|part| part.letter()).collect())
    }

    #[test]
    fn names_letters_roles_and_typos_are_labels() {
        for (phrase, letters) in [
            ("Situation", "S"),
            ("**SITUATION:**", "S"),
            ("situations", "S"),
            ("S", "S"),
            ("t", "T"),
            ("Situación", "S"),
            ("Tâche", "T"),
            ("Ergebnis", "R"),
            ("My role", "T"),
            ("The Outcome", "R"),
            ("What I learned", "L"),
            ("Lessons learned", "L"),
            ("Takeaways", "L"),
            ("Solution", "A"),
            ("Acton", "A"),
            ("Reslt", "R"),
        ] {
            assert_eq!(parts(phrase).as_deref(), Some(letters), "{phrase}");
        }
    }

    #[test]
    fn combined_labels_name_every_part_in_order() {
        for (phrase, letters) in [
            ("Situation/Task", "ST"),
            ("Situation/**Action**", "SA"),
            ("S/T", "ST"),
            ("A+R", "AR"),
            ("Situation and task", "ST"),
            ("What I did / approach", "A"),
        ] {
            assert_eq!(parts(phrase).as_deref(), Some(letters), "{phrase}");
        }
    }

    #[test]
    fn ordinary_words_are_not_labels() {
        for phrase in [
            "Reaction",
            "Talk",
            "Note",
            "Example",
            "Company",
            "Q",
            "Situation room",
            "Tasks and stuff",
            "",
            "Salary/benefits",
        ] {
            assert_eq!(parts(phrase), None, "{phrase}");
        }
        assert_eq!(label_name("Goal").unwrap().strength, Strength::Role);
        assert_eq!(label_name("Goal/Result").unwrap().strength, Strength::Role);
    }
}
