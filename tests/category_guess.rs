//! The built-in bank's keywords as the importer reads them (through `CategoryWords`): the
//! questions it has always sorted still land where they did, and feedback goes to growth
//! when it was received and to customer when customers or users gave it.

use rehearse::bank::load::load_bank;
use rehearse::story::categories::CategoryWords;

fn builtin_words() -> CategoryWords {
    let home = tempfile::tempdir().unwrap();
    let loaded = load_bank(&home.path().join("prompts"));
    assert!(loaded.skipped.is_empty());
    CategoryWords::new(loaded.bank.category_keywords())
}

#[test]
fn questions_land_in_the_categories_they_name() {
    let words = builtin_words();
    let cases: &[(&str, &[&str])] = &[
        ("Tell me about a conflict", &["conflict"]),
        (
            "What's the toughest challenge you faced?",
            &["hardest-problem"],
        ),
        (
            "A time you had to prioritise under time pressure",
            &["deadline", "prioritization"],
        ),
        (
            "Convince your team to take responsibility",
            &["influence", "ownership", "teamwork"],
        ),
        (
            "Tell me about a time you learned something new",
            &["growth"],
        ),
        (
            "Tell me about a time you took ownership of something nobody else wanted.",
            &["ownership"],
        ),
        (
            "tell me about a time you had to deliver under a tight deadline",
            &["deadline"],
        ),
        (
            "Made a mistake that affected a customer",
            &["customer", "mistake"],
        ),
        ("Had to persuade a skeptical stakeholder", &["influence"]),
        (
            "How do you handle competing priorities",
            &["prioritization"],
        ),
        ("Mentored someone", &["leadership"]),
        (
            "The requirements were ambiguous and the deadline kept moving",
            &["ambiguity", "deadline"],
        ),
        (
            "Had to make a decision with incomplete information",
            &["ambiguity"],
        ),
        (
            "Tell me about a time you coached a colleague",
            &["leadership", "teamwork"],
        ),
    ];
    for (question, expected) in cases {
        assert_eq!(words.guess(question), *expected, "{question}");
    }
}

#[test]
fn feedback_received_is_growth_and_feedback_from_users_is_customer() {
    let words = builtin_words();
    for question in [
        "Tell me about feedback you received from your manager",
        "Tell me about a time you received critical feedback",
        "What's the most useful constructive feedback you've had?",
        "How did you handle criticism of your design?",
        "Describe negative feedback about your work",
    ] {
        assert_eq!(words.guess(question), ["growth"], "{question}");
    }
    for question in [
        "Tell me about a time you got feedback from a customer",
        "Describe a time user feedback changed your plans",
    ] {
        assert_eq!(words.guess(question), ["customer"], "{question}");
    }
}

#[test]
fn words_in_every_question_point_nowhere() {
    let words = builtin_words();
    for question in [
        "Tell me about a time you shipped something",
        "Misleading metrics",
        "Describe a situation where you had to make a decision. What did you do, and what happened?",
        "Give me an example of a project you worked on",
    ] {
        assert!(
            words.guess(question).is_empty(),
            "{question}: {:?}",
            words.guess(question)
        );
    }
}
