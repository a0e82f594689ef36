//! The report on answers written for these tests, timed by hand, with fillers and their
//! look-alikes in known places, so every count below is exact.

use super::*;
use crate::speech::transcript::Word;
use proptest::prelude::*;

/// `text` as heard at a steady `wpm`: word `i` starts at `i` slots and lasts 80% of one.
fn timed(text: &str, wpm: f64) -> Transcript {
    let slot_ms = 60_000.0 / wpm;
    let mut transcript = Transcript::typed(text);
    for (index, word) in transcript.words.iter_mut().enumerate() {
        let start = (index as f64 * slot_ms).round() as u64;
        word.start_ms = Some(start);
        word.end_ms = Some(start + (slot_ms * 0.8).round() as u64);
        word.confidence = Some(0.9);
    }
    transcript.model = "ggml-base".into();
    transcript
}

/// A conflict-and-process answer: 198 words, 11 fillers (three "so", "um", "uh", "like",
/// "kind of", two "you know", "I mean", "actually") and as many look-alikes that are not
/// ("looked like a", "I'd like to", "felt like", "do you know", "so nobody").
const RELEASES: &str = "So, at my last job I was a backend engineer on the billing team. \
Um, our team was, like, five people, and we owned the invoice service. It looked like a \
simple system, but it was kind of fragile. The problem was that every release broke \
something, you know? My job was to make the releases safe. I'd like to say I had a plan, \
but honestly, I mean, I didn't. So I started by reading every incident report from the \
last year. Uh, what I did next was write a checklist, and I sat down with each engineer to \
walk through it. Actually, the checklist was the easy part. The hard part was getting \
people to use it, because it felt like extra work. I think people were tired of process. \
So I added the checks to the pipeline instead, so nobody had to remember them. Do you know \
how long that took? About two weeks. As a result, we went from four failed releases a \
month to one in the next quarter, and we cut rollback time by forty percent. I guess the \
lesson, you know what I mean, is that a tool beats a rule.";

/// An answer full of words that only look like fillers: none of them is one.
const LOOK_ALIKES: &str = "When I was at the agency, our team built a kind of dashboard \
that clients could log into. I liked the work. The question I kept asking was what sort of \
report a client would actually read. Do you know which page they opened first? The usage \
page, like the one their finance people used. I would like to think we got it right. We \
didn't know so much at first, and it seemed like a small thing. I needed to find out, so I \
asked three clients what they meant. I meant to write it up, and I mean to still. As you \
know, a small change can matter. In the end, usage doubled.";

fn word_at(transcript: &Transcript, index: usize) -> &str {
    &transcript.words[index].text
}

#[test]
fn the_written_answers_are_a_real_answers_length() {
    assert_eq!(Transcript::typed(RELEASES).words.len(), 198);
    assert_eq!(Transcript::typed(LOOK_ALIKES).words.len(), 115);
}

#[test]
fn fillers_are_counted_where_they_fill_and_nowhere_else() {
    let transcript = timed(RELEASES, 150.0);
    let fillers = count_fillers(&transcript.words, Some(2.0));
    let by_word: Vec<(&str, usize)> = fillers
        .by_word
        .iter()
        .map(|(word, count)| (word.as_str(), *count))
        .collect();
    assert_eq!(
        by_word,
        [
            ("actually", 1),
            ("i mean", 1),
            ("kind of", 1),
            ("like", 1),
            ("so", 3),
            ("uh", 1),
            ("um", 1),
            ("you know", 2),
        ]
    );
    assert_eq!(fillers.total, 11);
    assert_eq!(fillers.per_min, Some(5.5));
    assert_eq!(fillers.hesitations_from_audio, 0);
    let marked = filler_word_indices(&transcript.words);
    assert_eq!(
        marked,
        [
            0, 14, 18, 36, 37, 47, 48, 67, 68, 71, 83, 103, 132, 186, 187, 188, 189, 190
        ]
    );
    assert_eq!(word_at(&transcript, 18), "like,");
    assert_eq!(word_at(&transcript, 190), "mean,");
}

#[test]
fn look_alikes_are_no_fillers() {
    let transcript = Transcript::typed(LOOK_ALIKES);
    let found = find_fillers(&transcript.words);
    assert!(found.is_empty(), "{found:?}");
    assert_eq!(count_hedges(&transcript.words).total, 0);
}

/// Each sentence with the fillers it holds, by their usual spelling, in order.
#[test]
fn each_rule_on_its_own_sentence() {
    let cases: &[(&str, &[&str])] = &[
        (
            "Umm, we shipped. Uhh, then Hmm, er, ERM, ah.",
            &["um", "uh", "hmm", "er", "erm", "ah"],
        ),
        ("Um, so we rolled it back.", &["um", "so"]),
        ("So far it works. So much for that plan.", &[]),
        ("It was fast, right? Turn right at the lab.", &["right"]),
        ("Right? That was the point.", &[]),
        ("Basically the cache was cold.", &["basically"]),
        (
            "We actually shipped it. It was, actually, fine.",
            &["actually"],
        ),
        (
            "I kind of took over. It was a kind of tool. All kinds of bugs.",
            &["kind of"],
        ),
        ("It was sort of slow, that sort of thing.", &["sort of"]),
        (
            "I mean, the data was wrong. I meant it. I mean to fix it.",
            &["i mean"],
        ),
        (
            "You know, it broke. If you know the code, you know.",
            &["you know", "you know"],
        ),
        (
            "We had like three weeks. Like I said, it was tight.",
            &["like"],
        ),
        (
            "It was like a maze, and like, nobody knew the way.",
            &["like"],
        ),
        ("We’d like more time. Things like logs helped.", &[]),
        ("You know what I mean? It was hard.", &["you know"]),
        ("He asked do you know why.", &[]),
    ];
    for (text, expected) in cases {
        let keys: Vec<&str> = find_fillers(&Transcript::typed(text).words)
            .iter()
            .map(|filler| filler.key)
            .collect();
        assert_eq!(&keys, expected, "{text}");
    }
}

#[test]
fn hedges_are_counted_by_phrase() {
    let hedges = count_hedges(&Transcript::typed(RELEASES).words);
    assert_eq!(hedges.total, 3);
    let phrases: Vec<&str> = hedges.by_phrase.keys().map(String::as_str).collect();
    assert_eq!(phrases, ["i guess", "i think", "kind of"]);
    let hedges = count_hedges(
        &Transcript::typed(
            "Maybe it was the cache. I'm not sure, but probably, perhaps, I believe it was. \
             I feel like it sort of worked.",
        )
        .words,
    );
    assert_eq!(hedges.total, 7);
    assert_eq!(hedges.by_phrase["i'm not sure"], 1);
    assert_eq!(hedges.by_phrase.get("not sure"), None);
    assert_eq!(hedges.by_phrase["sort of"], 1);
    assert_eq!(hedges.by_phrase["i feel like"], 1);
}

#[test]
fn the_share_of_i_leaves_out_fillers_hedges_and_the_country() {
    // Ten I-words (the "I" of "I mean", "I think", "I guess" and "what I mean" left out)
    // against four we-words.
    let share = i_share(&Transcript::typed(RELEASES).words).unwrap();
    assert!((share - 10.0 / 14.0).abs() < 1e-12, "{share}");
    let share = i_share(&Transcript::typed(LOOK_ALIKES).words).unwrap();
    assert!((share - 8.0 / 11.0).abs() < 1e-12, "{share}");
    let share = i_share(&Transcript::typed("We launched in the US and I led it.").words);
    assert_eq!(share, Some(0.5));
    assert_eq!(
        i_share(&Transcript::typed("The US team shipped it.").words),
        None
    );
    assert_eq!(i_share(&Transcript::typed("").words), None);
}

#[test]
fn pace_over_the_words_over_the_speaking_time_and_by_stretch() {
    let transcript = timed(RELEASES, 150.0);
    // 198 words from 0 to the last word's end: 197 slots of 400 ms and 320 ms.
    let expected = 198.0 * 60_000.0 / 79_120.0;
    assert!((wpm(&transcript, None).unwrap() - expected).abs() < 1e-9);
    let sound = SoundMeasures {
        speaking_ms: 72_000,
        silence_ms: 12_000,
        ..SoundMeasures::default()
    };
    assert_eq!(wpm(&transcript, Some(&sound)), Some(165.0));
    // 38, 37, 38, 37 and 38 words in the first five stretches; the last 4.12 s (ten words)
    // is folded into the fifth.
    let stretches = wpm_by_stretch(&transcript);
    assert_eq!(stretches.len(), 5);
    assert_eq!(&stretches[..4], [152.0, 148.0, 152.0, 148.0]);
    assert!((stretches[4] - 48.0 * 60_000.0 / 19_120.0).abs() < 1e-9);
    let typed = Transcript::typed(RELEASES);
    // Typed, it has a pace only when the answer was recorded: the words over its speaking.
    assert_eq!(wpm(&typed, None), None);
    assert_eq!(wpm(&typed, Some(&sound)), Some(165.0));
    assert!(wpm_by_stretch(&typed).is_empty());
}

#[test]
fn pace_is_flagged_only_well_outside_the_aim() {
    let aim = PaceRange::default();
    assert_eq!((aim.low, aim.high), (130.0, 170.0));
    for (pace, flag) in [
        (100.0, Some(PaceFlag::Slow)),
        (109.9, Some(PaceFlag::Slow)),
        (110.0, None),
        (125.0, None),
        (190.0, None),
        (190.1, Some(PaceFlag::Fast)),
    ] {
        assert_eq!(aim.flag(pace), flag, "{pace}");
    }
    let slow = build_report(&timed(RELEASES, 100.0), None, &[], aim);
    assert_eq!(slow.pace_flag, Some(PaceFlag::Slow));
    let fast = build_report(&timed(RELEASES, 210.0), None, &[], aim);
    assert_eq!(fast.pace_flag, Some(PaceFlag::Fast));
    let steady = timed(RELEASES, 150.0);
    assert_eq!(build_report(&steady, None, &[], aim).pace_flag, None);
    let brisk_aim = PaceRange {
        low: 180.0,
        high: 220.0,
    };
    assert_eq!(
        build_report(&steady, None, &[], brisk_aim).pace_flag,
        Some(PaceFlag::Slow)
    );
}

#[test]
fn parts_are_found_in_order_from_their_cues() {
    let transcript = timed(RELEASES, 150.0);
    let at_words = parts_detected_at_words(&transcript.words);
    let found: Vec<(Part, &str)> = at_words
        .iter()
        .map(|mark| (mark.part, word_at(&transcript, mark.word)))
        .collect();
    assert_eq!(
        found,
        [
            (Part::Situation, "at"),
            (Part::Task, "My"),
            (Part::Action, "So"),
            (Part::Result, "As")
        ]
    );
    let words: Vec<usize> = at_words.iter().map(|mark| mark.word).collect();
    assert_eq!(words, [1, 49, 71, 157]);
    let marks = parts_detected(&transcript);
    let times: Vec<(Part, u64)> = marks.iter().map(|m| (m.part, m.at_ms)).collect();
    assert_eq!(
        times,
        [
            (Part::Situation, 400),
            (Part::Task, 19_600),
            (Part::Action, 28_400),
            (Part::Result, 62_800)
        ]
    );
    // Typed, the words still place the parts; there are no times to give.
    let typed = Transcript::typed(RELEASES);
    assert_eq!(parts_detected_at_words(&typed.words), at_words);
    assert!(parts_detected(&typed).is_empty());
}

#[test]
fn the_look_alike_answer_still_has_its_parts() {
    let transcript = Transcript::typed(LOOK_ALIKES);
    let found: Vec<(Part, &str, &str)> = parts_detected_at_words(&transcript.words)
        .iter()
        .map(|mark| {
            (
                mark.part,
                word_at(&transcript, mark.word),
                word_at(&transcript, mark.word + 1),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (Part::Situation, "When", "I"),
            (Part::Task, "I", "needed"),
            (Part::Action, "so", "I"),
            (Part::Result, "In", "the")
        ]
    );
}

#[test]
fn an_answer_that_opens_with_context_begins_its_situation_at_the_first_word() {
    let transcript = Transcript::typed(
        "We were moving the app to a new cloud. My task was the database. I decided to copy \
         it table by table. In the end it took a weekend.",
    );
    let found: Vec<(Part, usize)> = parts_detected_at_words(&transcript.words)
        .iter()
        .map(|mark| (mark.part, mark.word))
        .collect();
    assert_eq!(
        found,
        [
            (Part::Situation, 0),
            (Part::Task, 9),
            (Part::Action, 14),
            (Part::Result, 22)
        ]
    );
    // Straight into the action: no scene was set, and a "last year" later sets none.
    let transcript = Transcript::typed("I decided to rewrite it. Last year we had tried.");
    let found: Vec<Part> = parts_detected_at_words(&transcript.words)
        .iter()
        .map(|mark| mark.part)
        .collect();
    assert_eq!(found, [Part::Action]);
    assert!(parts_detected_at_words(&[]).is_empty());
}

#[test]
fn the_parts_found_are_held_against_the_speakers_marks() {
    let own = [
        PartMark {
            part: Part::Situation,
            at_ms: 0,
        },
        PartMark {
            part: Part::Task,
            at_ms: 20_000,
        },
        PartMark {
            part: Part::Action,
            at_ms: 28_000,
        },
        PartMark {
            part: Part::Result,
            at_ms: 62_000,
        },
    ];
    let report = build_report(&timed(RELEASES, 150.0), None, &own, PaceRange::default());
    let differences: Vec<(Part, i64)> = report
        .part_agreement
        .iter()
        .map(|agreement| (agreement.part, agreement.difference_ms))
        .collect();
    assert_eq!(
        differences,
        [
            (Part::Situation, 400),
            (Part::Task, -400),
            (Part::Action, 400),
            (Part::Result, 800)
        ]
    );
    assert_eq!(report.part_agreement[3].own_ms, 62_000);
    assert_eq!(report.part_agreement[3].detected_ms, 62_800);
    // A part only one side has is left out.
    let agreement = part_agreement(&own[..1], &report.parts_detected[1..]);
    assert!(agreement.is_empty());
}

#[test]
fn the_result_states_a_figure_or_not() {
    let timed_answer = timed(RELEASES, 150.0);
    let found = build_report(&timed_answer, None, &[], PaceRange::default());
    assert_eq!(found.result_has_number, Some(true));
    // The speaker's own Result, at words 100 to 129, has no number: their mark wins.
    let own = [
        PartMark {
            part: Part::Result,
            at_ms: 40_000,
        },
        PartMark {
            part: Part::Learning,
            at_ms: 52_000,
        },
    ];
    let marked = build_report(&timed_answer, None, &own, PaceRange::default());
    assert_eq!(marked.result_has_number, Some(false));
    // Typed, the mark cannot be placed, so the Result found in the words is used.
    let typed = build_report(
        &Transcript::typed(RELEASES),
        None,
        &own,
        PaceRange::default(),
    );
    assert_eq!(typed.result_has_number, Some(true));
    let vague = Transcript::typed(
        "My job was to calm the client. I called them every day. In the end, they were \
         happy and the project went really well.",
    );
    assert_eq!(
        build_report(&vague, None, &[], PaceRange::default()).result_has_number,
        Some(false)
    );
    let no_result = Transcript::typed("My job was to calm the client. I called them daily.");
    assert_eq!(
        build_report(&no_result, None, &[], PaceRange::default()).result_has_number,
        None
    );
    for (result, figure) in [
        ("we saved $1.2M", true),
        ("errors fell 40%", true),
        ("we cut it by forty percent", true),
        ("it took three weeks", true),
        ("we halved the queue", true),
        ("sign-ups doubled", true),
        ("it took one week", true),
        ("it was one of our best", false),
        ("the team was happy", false),
        ("in half the time", true),
    ] {
        assert_eq!(
            figures::states_figure(&Transcript::typed(result).words),
            figure,
            "{result}"
        );
    }
}

#[test]
fn the_whole_report_of_a_recorded_answer() {
    let sound = SoundMeasures {
        speaking_ms: 72_000,
        silence_ms: 12_000,
        ..SoundMeasures::default()
    };
    let mut report = build_report(
        &timed(RELEASES, 150.0),
        Some(&sound),
        &[],
        PaceRange::default(),
    );
    assert_eq!(report.words, 198);
    assert_eq!(report.answer_ms, Some(84_000));
    assert_eq!(report.wpm, Some(165.0));
    assert_eq!(report.fillers.total, 11);
    // 11 fillers over 1.4 minutes of recording.
    assert!((report.fillers.per_min.unwrap() - 11.0 / 1.4).abs() < 1e-9);
    assert_eq!(report.fillers_marked.len(), 18);
    report.add_hesitations(&VoicedGaps {
        count: 3,
        gaps: Vec::new(),
    });
    assert_eq!(report.fillers.total, 14);
    assert_eq!(report.fillers.hesitations_from_audio, 3);
    assert_eq!(report.fillers.by_word.values().sum::<usize>(), 11);
    assert!((report.fillers.per_min.unwrap() - 10.0).abs() < 1e-9);
    // Adding again replaces the count, so a second look at the audio does not add twice.
    report.add_hesitations(&VoicedGaps {
        count: 1,
        gaps: Vec::new(),
    });
    assert_eq!(report.fillers.total, 12);
}

#[test]
fn an_untimed_answer_has_no_rates_but_all_its_counts() {
    let report = build_report(
        &Transcript::typed(RELEASES),
        None,
        &[],
        PaceRange::default(),
    );
    assert_eq!(report.wpm, None);
    assert_eq!(report.answer_ms, None);
    assert!(report.wpm_by_stretch.is_empty());
    assert_eq!(report.pace_flag, None);
    assert_eq!(report.fillers.total, 11);
    assert_eq!(report.fillers.per_min, None);
    assert_eq!(report.hedges.total, 3);
    assert!(report.parts_detected.is_empty());
    assert_eq!(report.parts_detected_at_words.len(), 4);
    let empty = build_report(&Transcript::typed(""), None, &[], PaceRange::default());
    assert_eq!(empty, SpeechReport::default());
}

#[test]
fn the_report_keeps_its_field_names_and_reads_when_fields_are_missing() {
    let report = build_report(&timed(RELEASES, 150.0), None, &[], PaceRange::default());
    let json = serde_json::to_value(&report).unwrap();
    for field in [
        "words",
        "answer_ms",
        "wpm",
        "wpm_by_stretch",
        "pace_flag",
        "fillers",
        "fillers_marked",
        "i_share",
        "hedges",
        "result_has_number",
        "parts_detected",
        "parts_detected_at_words",
        "part_agreement",
    ] {
        assert!(json.get(field).is_some(), "{field} missing from {json}");
    }
    assert_eq!(json["fillers"]["by_word"]["so"], 3);
    assert_eq!(json["fillers"]["hesitations_from_audio"], 0);
    assert_eq!(json["hedges"]["by_phrase"]["i think"], 1);
    assert_eq!(
        json["parts_detected"][3],
        serde_json::json!({"part": "R", "at_ms": 62_800})
    );
    let slow = build_report(&timed(RELEASES, 90.0), None, &[], PaceRange::default());
    assert_eq!(serde_json::to_value(&slow).unwrap()["pace_flag"], "slow");
    let back: SpeechReport = serde_json::from_value(json).unwrap();
    assert_eq!(back, report);
    let old: SpeechReport =
        serde_json::from_str(r#"{"wpm": 151.5, "fillers": {"total": 4}}"#).unwrap();
    assert_eq!(old.wpm, Some(151.5));
    assert_eq!(old.fillers.total, 4);
    assert!(old.parts_detected.is_empty());
    let aim: PaceRange = toml::from_str("low = 120.0").unwrap();
    assert_eq!((aim.low, aim.high), (120.0, 170.0));
}

// ---------------------------------------------------------------------------------------------
// Hesitations in the audio
// ---------------------------------------------------------------------------------------------

const RATE: u32 = 16_000;

/// A voice-like sound: a few harmonics of `pitch_hz` at `amplitude` (full scale is 1).
fn voice(samples: &mut [f64], from_ms: u64, to_ms: u64, pitch_hz: f64, amplitude: f64) {
    let at = |ms: u64| (ms * u64::from(RATE) / 1000) as usize;
    let from = at(from_ms);
    for (offset, sample) in samples[from..at(to_ms)].iter_mut().enumerate() {
        let t = (from + offset) as f64 / f64::from(RATE);
        let tau = std::f64::consts::TAU;
        *sample += amplitude
            * (0.6 * (tau * pitch_hz * t).sin()
                + 0.3 * (tau * 2.0 * pitch_hz * t).sin()
                + 0.1 * (tau * 3.0 * pitch_hz * t).sin());
    }
}

/// A breath: noise at `amplitude`, from a fixed seed.
fn breath(samples: &mut [f64], from_ms: u64, to_ms: u64, amplitude: f64) {
    use rand::{RngExt, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
    let at = |ms: u64| (ms * u64::from(RATE) / 1000) as usize;
    for sample in &mut samples[at(from_ms)..at(to_ms)] {
        *sample += amplitude * rng.random_range(-1.0..1.0);
    }
}

fn word(text: &str, start_ms: u64, end_ms: u64) -> Word {
    Word {
        text: text.into(),
        start_ms: Some(start_ms),
        end_ms: Some(end_ms),
        confidence: None,
    }
}

#[test]
fn a_voiced_gap_is_a_hesitation_and_a_breath_or_a_silence_is_not() {
    // Six words of 300 ms. After "we": 800 ms with a 350 ms hum in it (an "um" the
    // recogniser dropped). After "moved": a 700 ms breath. After "the": 700 ms of
    // silence. After "whole": only 200 ms, with sound bridging it, too short a gap.
    let words = [
        word("So", 0, 300),
        word("we", 400, 700),
        word("moved", 1_500, 1_800),
        word("the", 2_500, 2_800),
        word("whole", 3_500, 3_800),
        word("service.", 4_000, 4_300),
    ];
    let mut sound = vec![0.0; 5 * RATE as usize];
    for w in &words {
        voice(
            &mut sound,
            w.start_ms.unwrap(),
            w.end_ms.unwrap(),
            140.0,
            0.5,
        );
    }
    voice(&mut sound, 900, 1_250, 120.0, 0.2);
    breath(&mut sound, 1_850, 2_450, 0.15);
    voice(&mut sound, 3_800, 4_000, 120.0, 0.3);
    breath(&mut sound, 0, 5_000, 0.0005);
    let samples: Vec<i16> = sound.iter().map(|s| (s * 32_767.0) as i16).collect();
    let found = voiced_gaps(&words, &samples, RATE);
    assert_eq!(found.count, 1, "{found:?}");
    let gap = found.gaps[0];
    assert_eq!(gap.after_word, 1);
    assert!(gap.at_ms.abs_diff(900) <= 10, "{gap:?}");
    assert!(gap.ms.abs_diff(350) <= 20, "{gap:?}");
    // Untimed words or no recording find nothing.
    assert_eq!(
        voiced_gaps(&Transcript::typed("So we moved").words, &samples, RATE).count,
        0
    );
    assert_eq!(voiced_gaps(&words, &[], RATE).count, 0);
}

#[test]
fn voice_that_runs_into_a_word_is_that_word_timed_short_not_a_hesitation() {
    // The recogniser says "moved" ended at 1_000 ms, but its sound goes on to 1_400; then
    // quiet until "the" at 1_900. The same gap with the voice standing alone is an "um".
    let words = [
        word("we", 0, 300),
        word("moved", 600, 1_000),
        word("the", 1_900, 2_200),
    ];
    let said = |extra: (u64, u64)| {
        let mut sound = vec![0.0; 3 * RATE as usize];
        for (from, to) in [(0, 300), (600, 1_000), (1_900, 2_200), extra] {
            voice(&mut sound, from, to, 140.0, 0.5);
        }
        breath(&mut sound, 0, 3_000, 0.0005);
        let samples: Vec<i16> = sound.iter().map(|s| (s * 32_767.0) as i16).collect();
        voiced_gaps(&words, &samples, RATE).count
    };
    assert_eq!(said((1_000, 1_400)), 0);
    assert_eq!(said((1_200, 1_600)), 1);
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

/// Sentences with fillers in true and false places, for building answers.
const SENTENCES: &[&str] = &[
    "So, um, I took the ticket.",
    "It was, like, a mess.",
    "It looked like a mess.",
    "I'd like to say it was easy, you know?",
    "Do you know why?",
    "Basically we rewrote it.",
    "Actually, it was kind of slow.",
    "It was a kind of queue.",
    "I mean, the tests passed.",
    "We cut it by half, right?",
    "So far so good.",
    "Uhh, we shipped.",
];

/// Sentences with no filler and nothing a filler rule reads.
const PLAIN: &[&str] = &[
    "The project ran for months.",
    "Our database held the invoices.",
    "Three engineers reviewed the change.",
];

proptest! {
    #[test]
    fn a_plain_sentence_between_two_others_never_changes_the_fillers(
        chosen in proptest::collection::vec(0..SENTENCES.len(), 1..12),
        plain in 0..PLAIN.len(),
        at in 0usize..12,
    ) {
        let sentences: Vec<&str> = chosen.iter().map(|&i| SENTENCES[i]).collect();
        let before = Transcript::typed(&sentences.join(" "));
        let mut with = sentences.clone();
        with.insert(at.min(sentences.len()), PLAIN[plain]);
        let after = Transcript::typed(&with.join(" "));
        prop_assert_eq!(
            count_fillers(&before.words, None),
            count_fillers(&after.words, None)
        );
        prop_assert_eq!(count_hedges(&before.words), count_hedges(&after.words));
    }

    #[test]
    fn shouting_changes_no_count(chosen in proptest::collection::vec(0..SENTENCES.len(), 1..12)) {
        let text = chosen.iter().map(|&i| SENTENCES[i]).collect::<Vec<_>>().join(" ");
        let quiet = Transcript::typed(&text);
        let loud = Transcript::typed(&text.to_uppercase());
        prop_assert_eq!(count_fillers(&quiet.words, None), count_fillers(&loud.words, None));
        prop_assert_eq!(count_hedges(&quiet.words), count_hedges(&loud.words));
    }

    #[test]
    fn stretching_an_answer_in_time_slows_its_pace_as_much(
        lengths in proptest::collection::vec((1u64..800, 0u64..1_500), 2..200),
        stretch in 1u64..5,
    ) {
        let mut transcript = Transcript::typed(&vec!["word"; lengths.len()].join(" "));
        let mut at = 0;
        for (word, (length, gap)) in transcript.words.iter_mut().zip(&lengths) {
            word.start_ms = Some(at);
            word.end_ms = Some(at + length);
            at += length + gap;
        }
        let mut slower = transcript.clone();
        for word in &mut slower.words {
            word.start_ms = word.start_ms.map(|ms| ms * stretch);
            word.end_ms = word.end_ms.map(|ms| ms * stretch);
        }
        let (pace, slower_pace) = (wpm(&transcript, None).unwrap(), wpm(&slower, None).unwrap());
        prop_assert!((pace / stretch as f64 - slower_pace).abs() < 1e-9 * pace);
    }
}

#[test]
fn a_result_told_by_what_changed_is_found_without_a_we_in_front() {
    let transcript = Transcript::typed(
        "Last spring our checkout kept timing out during sales. What I did was add a queue in \
         front of the card processor, and the errors fell by ninety percent.",
    );
    let found: Vec<(Part, &str)> = parts_detected_at_words(&transcript.words)
        .iter()
        .map(|mark| (mark.part, word_at(&transcript, mark.word + 1)))
        .collect();
    assert_eq!(
        found,
        [
            (Part::Situation, "spring"),
            (Part::Action, "I"),
            (Part::Result, "by")
        ]
    );
}
