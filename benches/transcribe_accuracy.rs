//! How well the real Whisper model hears made answers, and what hearing costs: the speech
//! report's targets of the transcript issue, measured.
//!
//! Run from the repository root (needs espeak-ng, sox and the model; `.ci/whisper-model.sh`
//! makes it and prints its path):
//!
//! ```text
//! REHEARSE_MODEL=$(.ci/whisper-model.sh) \
//!   cargo bench --features record,transcribe --bench transcribe_accuracy [-- --quick]
//! ```
//!
//! Five stories, each with its notes (the story file a user writes) and an answer told from
//! them in other words, with the hesitations ("um", "uh") and word fillers a speaker has,
//! sentence by sentence in one espeak-ng voice of five at 145 to 175 words a minute, with
//! silences of 0.5 to 1.2 s between sentences and one of about 3 s. The builder and its truth
//! (where each sentence's speech begins and ends) are `tests/sound_accuracy.rs`'s. For each
//! answer, heard after the fact as `rehearse transcribe` hears it:
//! - the word error rate against the script, hesitations left out of both (they are counted
//!   on their own) and numbers compared by value ("forty thousand" is `40,000`);
//! - the pace against the script's: its words over the speech's true speaking time;
//! - where each STAR part begins, found with the story linked (the story's terms and the cue
//!   phrases) and by the cue phrases alone, against where its first sentence begins;
//! - the hesitations: how many the model wrote, how many the voiced gaps of the recording
//!   add, against how many were said (more found than said are false finds);
//! - the word fillers found against those the script holds.
//!
//! Then the cost, on all five answers told one after another (about three minutes):
//! - heard after the fact, as `rehearse transcribe` does, against the target of 0.3 times
//!   the answer's length;
//! - heard in the background as during a drill: the sound handed over in real time, 100 ms
//!   at a time, and the time from the end of the answer until the transcript is ready,
//!   against the target of 10 s; meanwhile a stand-in for the drill's timer wakes every 50 ms
//!   and how late it wakes is measured, and measured again with nothing heard, to compare;
//! - the process's peak resident memory (VmHWM) after each, against 600 MB.
//!
//! And the hesitations found in the same five answers told without one, all of them false.
//! `--quick` skips the background run (three minutes of real time); `--words` prints each
//! answer's words as compared, said and heard, and its part starts, true and found.
//!
//! A missed target is printed, not fatal; it stops (panics) only when something could not be
//! measured at all.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use rehearse::domain::star::{Part, PartMark};
use rehearse::report::speech::assess;
use rehearse::speech::SAMPLE_RATE;
use rehearse::speech::background::Listening;
use rehearse::speech::coach::{PaceRange, is_hesitation, voiced_gaps};
use rehearse::speech::decode::decode_file;
use rehearse::speech::measures::measure;
use rehearse::speech::recognize::Recognizer;
use rehearse::speech::transcript::Transcript;
use rehearse::speech::wav::Pcm16k;
use rehearse::story::parse_story;
use rehearse::testkit::{SessionBuilder, word_error_rate};
use rehearse::text::numbers::numbers;
use rehearse::text::words::tokens;

// Shared with the tests and the speech bench; this bench uses only the answer builder.
#[allow(dead_code)]
#[path = "../tests/sound_accuracy.rs"]
mod accuracy;

use accuracy::{Answer, Built, Sentence, build, require_tools};

/// The targets of the transcript issue.
const WER_TARGET: f64 = 0.10;
const PACE_TARGET: f64 = 0.05;
const PART_START_TARGET_MS: f64 = 3_000.0;
const AFTER_THE_FACT_TARGET: f64 = 0.3;
const READY_TARGET: Duration = Duration::from_secs(10);
const MEMORY_TARGET_MB: f64 = 600.0;

/// How often the stand-in timer wakes: about how often the drill's screen is redrawn.
const TICK: Duration = Duration::from_millis(50);

/// A story's notes and an answer told from them.
struct Script {
    name: &'static str,
    notes: &'static str,
    voice: &'static str,
    words_per_minute: u32,
    /// Each sentence and the part it belongs to; a part begins at its first sentence.
    sentences: &'static [(Part, &'static str)],
    /// The silence after each sentence but the last, in ms.
    silences_ms: &'static [u32],
}

const SCRIPTS: [Script; 5] = [
    Script {
        name: "billing",
        notes: "# Billing charged customers twice\n\n\
            Categories: problem-solving\n\n\
            ## Situation\n\
            - Nightly billing job at a subscription company kept failing halfway\n\
            - Retries charged about 300 customers twice every week\n\n\
            ## Task\n\
            - I owned billing; fix it within two weeks without stopping billing\n\n\
            ## Action\n\
            - Grouped the failures by cause from the job logs\n\
            - Added a payment key so a retry never charges twice\n\
            - Rolled out to one region first\n\n\
            ## Result\n\
            - Double charges went to zero\n\
            - Saved about $40,000 a quarter in refunds\n\
            - Support tickets about billing fell 60%\n",
        voice: "en-us",
        words_per_minute: 165,
        sentences: &[
            (
                Part::Situation,
                "At my last company our nightly billing job kept failing halfway through",
            ),
            (
                Part::Situation,
                "Every time it retried um about three hundred customers were charged twice",
            ),
            (
                Part::Task,
                "My job was to fix it within two weeks without ever stopping billing",
            ),
            (
                Part::Action,
                "So I grouped every failure by its cause from the job logs",
            ),
            (
                Part::Action,
                "Then I added a payment key so that uh a retry could never charge anyone again",
            ),
            (
                Part::Action,
                "We rolled it out to one region first and basically watched it for a week",
            ),
            (Part::Result, "As a result double charges went to zero"),
            (
                Part::Result,
                "We saved about forty thousand dollars a quarter in refunds",
            ),
            (Part::Result, "And billing tickets fell by sixty percent"),
        ],
        silences_ms: &[700, 900, 3_000, 600, 800, 1_000, 600, 500],
    },
    Script {
        name: "launch",
        notes: "# Pushed back on a launch date\n\n\
            Categories: conflict\n\n\
            ## Situation\n\
            - Mobile app release; the product manager wanted to ship with a known crash\n\
            - The crash hit Android phones on startup\n\n\
            ## Task\n\
            - I was responsible for release quality and had to make the case\n\n\
            ## Action\n\
            - Pulled the crash reports: 3% of Android users\n\
            - Met the product manager one to one with the numbers\n\
            - Proposed a one week delay with a beta group\n\n\
            ## Result\n\
            - Shipped eight days later\n\
            - Crash rate 0.2%\n\
            - Store rating rose from 3.9 to 4.5\n",
        voice: "en-gb",
        words_per_minute: 155,
        sentences: &[
            (
                Part::Situation,
                "A couple of years ago we were about to release a new version of our mobile app",
            ),
            (
                Part::Situation,
                "The product manager wanted to ship it even though um it crashed on some Android phones",
            ),
            (
                Part::Task,
                "I was responsible for release quality so I had to make the case for waiting",
            ),
            (Part::Action, "What I did first was pull the crash reports"),
            (
                Part::Action,
                "They showed that three percent of our Android users would hit it on startup",
            ),
            (
                Part::Action,
                "I sat down with the product manager one to one and uh walked through the numbers",
            ),
            (
                Part::Action,
                "Then I proposed a one week delay with a small beta group",
            ),
            (Part::Result, "In the end we shipped eight days later"),
            (
                Part::Result,
                "The crash rate was under half a percent and our rating went from three point nine to four point five",
            ),
        ],
        silences_ms: &[800, 1_100, 700, 600, 2_900, 900, 700, 600],
    },
    Script {
        name: "onboarding",
        notes: "# Onboarding after the team doubled\n\n\
            Categories: leadership\n\n\
            ## Situation\n\
            - Team grew from six to twelve engineers in one quarter\n\
            - New people waited weeks for a first change\n\n\
            ## Task\n\
            - As the tech lead I had to get new engineers shipping quickly\n\n\
            ## Action\n\
            - Wrote a starter guide for the codebase\n\
            - Paired every new hire with a buddy\n\
            - Kept a list of small first tickets\n\n\
            ## Result\n\
            - First merged change went from three weeks to four days\n\
            - Two of the new hires now run the guide\n",
        voice: "en-us+m3",
        words_per_minute: 150,
        sentences: &[
            (
                Part::Situation,
                "When I was working as a tech lead our team grew from six to twelve engineers in one quarter",
            ),
            (
                Part::Situation,
                "The new people were waiting uh weeks before they could ship anything",
            ),
            (
                Part::Task,
                "My task was to get every new engineer shipping in their first week",
            ),
            (
                Part::Action,
                "I started by writing a starter guide to the codebase",
            ),
            (
                Part::Action,
                "I paired each new hire with a buddy and um kept a list of small first tickets",
            ),
            (
                Part::Action,
                "I also met each of them after their first change to hear what was confusing",
            ),
            (
                Part::Result,
                "By the end of the quarter the first merged change came after four days instead of three weeks",
            ),
            (
                Part::Result,
                "Two of those new engineers now look after the guide themselves",
            ),
        ],
        silences_ms: &[900, 700, 1_200, 3_100, 800, 700, 900],
    },
    Script {
        name: "migration",
        notes: "# Ran a migration against production\n\n\
            Categories: mistake\n\n\
            ## Situation\n\
            - Logistics company, Friday data migration for the shipments database\n\n\
            ## Task\n\
            - I was asked to run the migration script on staging\n\n\
            ## Action\n\
            - Ran it against production by mistake; noticed within minutes\n\
            - Told my manager straight away\n\
            - Restored from the morning snapshot\n\
            - Wrote a checklist and a guard in the script\n\n\
            ## Result\n\
            - 40 minutes of downtime, no shipment lost\n\
            - The checklist is used by three teams\n",
        voice: "en-gb-x-rp",
        words_per_minute: 170,
        sentences: &[
            (
                Part::Situation,
                "At my previous job at a logistics company we had a data migration planned for a Friday",
            ),
            (
                Part::Task,
                "I was asked to run the migration script against the staging database",
            ),
            (
                Part::Action,
                "Um I ran it against production by mistake and noticed within a few minutes",
            ),
            (
                Part::Action,
                "I told my manager straight away and we restored the morning snapshot together",
            ),
            (
                Part::Action,
                "Afterwards I wrote a checklist and uh added a guard to the script that asks which database you mean",
            ),
            (
                Part::Result,
                "The outcome was forty minutes of downtime and not a single shipment lost",
            ),
            (
                Part::Result,
                "Three teams now use that checklist before every migration",
            ),
        ],
        silences_ms: &[800, 600, 900, 3_000, 700, 800],
    },
    Script {
        name: "customer",
        notes: "# Kept our largest customer\n\n\
            Categories: customer\n\n\
            ## Situation\n\
            - Largest customer, a hospital group, threatened to leave over slow reports\n\n\
            ## Task\n\
            - Account engineer; keep them before the renewal in six weeks\n\n\
            ## Action\n\
            - Visited their office and timed the reports with them\n\
            - Found a missing index on the visits table\n\
            - Set up a weekly call with their analysts\n\n\
            ## Result\n\
            - Reports from 90 seconds to 4 seconds\n\
            - They renewed for three years, worth $1.2M\n",
        voice: "en-us+f2",
        words_per_minute: 175,
        sentences: &[
            (
                Part::Situation,
                "Last year our largest customer a hospital group told us they would leave because their reports were so slow",
            ),
            (
                Part::Task,
                "I was the engineer on their account and it was up to me to keep them before the renewal in six weeks",
            ),
            (
                Part::Action,
                "So I went to their office and timed the reports with their analysts",
            ),
            (
                Part::Action,
                "It turned out that um the visits table was missing an index",
            ),
            (
                Part::Action,
                "I fixed that and set up a weekly call with their analysts you know to catch the next problem early",
            ),
            (
                Part::Result,
                "The reports went from ninety seconds to four seconds",
            ),
            (
                Part::Result,
                "And they renewed for three years which was worth one point two million dollars",
            ),
        ],
        silences_ms: &[900, 700, 600, 2_800, 800, 700],
    },
];

/// The word fillers the scripts hold that the report should count (not the hesitations).
const SCRIPTED_WORD_FILLERS: usize = 2;

fn main() {
    let quick = std::env::args().any(|arg| arg == "--quick");
    let show_words = std::env::args().any(|arg| arg == "--words");
    require_tools();
    let model = model();
    let folder = tempfile::tempdir().unwrap();
    let loaded_at = Instant::now();
    let recognizer = Recognizer::load(&model).unwrap_or_else(|error| panic!("{error}"));
    println!(
        "model {} loaded in {:.1} s; {} cores",
        recognizer.model(),
        loaded_at.elapsed().as_secs_f64(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );

    println!("\nEach answer, heard after the fact");
    println!(
        "{:<11} {:>6} {:>5} {:>9} {:>9} {:>6} {:>15} {:>15} {:>10} {:>8}",
        "answer",
        "length",
        "WER",
        "pace",
        "script",
        "error",
        "story parts",
        "cue parts",
        "hesitation",
        "fillers"
    );
    let mut totals = Totals::default();
    for script in &SCRIPTS {
        let built = build(&answer_of(script), folder.path());
        let audio = decode_file(&built.wav).unwrap_or_else(|error| panic!("{error}"));
        let heard = recognizer
            .transcribe(&audio, &mut |_| {})
            .unwrap_or_else(|error| panic!("{}: {error}", script.name));
        let row = score(script, &built, &audio, &heard);
        row.print(script.name);
        if show_words {
            print_words(script, &built, &audio, &heard);
        }
        totals.add(&row);
    }
    totals.print();
    false_hesitations(&recognizer, folder.path());

    println!("\nCost, on the five answers one after another");
    let long = build(&long_answer(), folder.path());
    let audio = decode_file(&long.wav).unwrap_or_else(|error| panic!("{error}"));
    let answer_s = audio.ms() as f64 / 1000.0;
    let started = Instant::now();
    let heard = recognizer
        .transcribe(&audio, &mut |_| {})
        .unwrap_or_else(|error| panic!("{error}"));
    let took = started.elapsed().as_secs_f64();
    let script_words: Vec<String> = SCRIPTS
        .iter()
        .flat_map(|script| script.sentences.iter().map(|(_, text)| *text))
        .flat_map(compared_words)
        .collect();
    println!(
        "after the fact: {answer_s:.0} s of answer heard in {took:.1} s, {:.2} times its length \
         (target {AFTER_THE_FACT_TARGET}){}; WER {:.1}%",
        took / answer_s,
        missed(took / answer_s <= AFTER_THE_FACT_TARGET),
        100.0 * word_error_rate(&script_words, &compared_words(&heard.text))
    );
    print_memory("after the fact");

    if quick {
        println!("\n--quick: the background run is left out");
        return;
    }
    let idle = timer_lateness(Duration::from_secs(20), || {});
    let hearer = recognizer
        .hearer()
        .unwrap_or_else(|error| panic!("{error}"));
    let (listening, feed) = Listening::start(Box::new(hearer));
    let samples = audio.samples().to_vec();
    let feeding_started = Instant::now();
    let block = SAMPLE_RATE as usize / 10;
    // The stand-in timer runs on this thread; the microphone's blocks arrive on another.
    let speaker = std::thread::spawn(move || {
        let mut handed = 0;
        for (index, chunk) in samples.chunks(block).enumerate() {
            sleep_until(feeding_started + Duration::from_millis(100 * index as u64));
            feed.give(chunk);
            handed += chunk.len();
        }
        drop(feed);
        (Instant::now(), handed)
    });
    let busy = timer_lateness(Duration::from_secs_f64(answer_s), || {});
    let (ended_at, handed) = speaker.join().unwrap();
    assert_eq!(handed, audio.samples().len());
    let heard = listening.wait();
    let ready = ended_at.elapsed();
    let transcript = heard.transcript.unwrap_or_else(|error| panic!("{error}"));
    println!(
        "background: ready {:.1} s after the end of a {answer_s:.0} s answer (target {} s){}; \
         WER {:.1}%",
        ready.as_secs_f64(),
        READY_TARGET.as_secs(),
        missed(ready <= READY_TARGET),
        100.0 * word_error_rate(&script_words, &compared_words(&transcript.text))
    );
    println!(
        "timer wake-ups every {} ms, late by: idle p50 {:.2} ms, p99 {:.2} ms, worst {:.2} ms; \
         while hearing p50 {:.2} ms, p99 {:.2} ms, worst {:.2} ms",
        TICK.as_millis(),
        idle.p50,
        idle.p99,
        idle.worst,
        busy.p50,
        busy.p99,
        busy.worst
    );
    print_memory("with the background run");
}

/// The model, or a stop that says how to get it.
fn model() -> PathBuf {
    let path = std::env::var_os("REHEARSE_MODEL").map(PathBuf::from);
    match path {
        Some(path) if path.is_file() => path,
        _ => panic!(
            "set REHEARSE_MODEL to a ggml model file: REHEARSE_MODEL=$(.ci/whisper-model.sh)"
        ),
    }
}

fn answer_of(script: &Script) -> Answer {
    Answer {
        name: script.name.into(),
        sentences: script
            .sentences
            .iter()
            .map(|(_, text)| Sentence {
                text: (*text).into(),
                voice: script.voice.into(),
                words_per_minute: script.words_per_minute,
                gain_db: 0.0,
            })
            .collect(),
        silences_ms: script.silences_ms.to_vec(),
        lead_in_ms: 800,
        tail_ms: 1_000,
        hiss_db: None,
    }
}

/// The hesitations counted in the same answers told without one: every one found is false.
fn false_hesitations(recognizer: &Recognizer, folder: &std::path::Path) {
    let mut written = 0;
    let mut from_gaps = 0;
    let mut minutes = 0.0;
    for script in &SCRIPTS {
        let mut answer = answer_of(script);
        answer.name = format!("{}-fluent", script.name);
        for sentence in &mut answer.sentences {
            let kept: Vec<&str> = sentence
                .text
                .split_whitespace()
                .filter(|word| !is_hesitation(word))
                .collect();
            sentence.text = kept.join(" ");
        }
        let built = build(&answer, folder);
        let audio = decode_file(&built.wav).unwrap_or_else(|error| panic!("{error}"));
        let heard = recognizer
            .transcribe(&audio, &mut |_| {})
            .unwrap_or_else(|error| panic!("{}: {error}", answer.name));
        written += heard
            .words
            .iter()
            .filter(|word| is_hesitation(&bare(&word.text)))
            .count();
        from_gaps += voiced_gaps(&heard.words, audio.samples(), SAMPLE_RATE).count;
        minutes += built.truth.speaking_ms / 60_000.0;
    }
    println!(
        "the same answers told without a hesitation: the model wrote {written}, the voiced gaps \
         add {from_gaps}, all false ({:.1} a minute)",
        (written + from_gaps) as f64 / minutes
    );
}

/// Every script's answer, one after another, a second and a half between them.
fn long_answer() -> Answer {
    let answers: Vec<Answer> = SCRIPTS.iter().map(answer_of).collect();
    let mut long = Answer {
        name: "all".into(),
        sentences: Vec::new(),
        silences_ms: Vec::new(),
        lead_in_ms: 800,
        tail_ms: 1_000,
        hiss_db: None,
    };
    for answer in answers {
        if !long.sentences.is_empty() {
            long.silences_ms.push(1_500);
        }
        long.sentences.extend(answer.sentences);
        long.silences_ms.extend(answer.silences_ms);
    }
    long
}

/// One answer's figures.
struct Row {
    answer_s: f64,
    wer: f64,
    wpm: Option<f64>,
    script_wpm: f64,
    /// The largest distance of a part's start from the truth, and how many of the four parts
    /// were found: with the story linked, and by cue phrases alone.
    story_parts: (f64, usize),
    cue_parts: (f64, usize),
    hesitations_said: usize,
    hesitations_written: usize,
    hesitations_from_gaps: usize,
    word_fillers: usize,
}

impl Row {
    fn pace_error(&self) -> f64 {
        self.wpm
            .map_or(1.0, |wpm| (wpm - self.script_wpm).abs() / self.script_wpm)
    }

    fn print(&self, name: &str) {
        let parts = |(worst, found): (f64, usize)| format!("{found}/4 ≤{:.1} s", worst / 1000.0);
        println!(
            "{:<11} {:>5.0}s {:>4.1}% {:>9} {:>9.0} {:>5.1}% {:>15} {:>15} {:>10} {:>8}",
            name,
            self.answer_s,
            100.0 * self.wer,
            self.wpm.map_or("-".into(), |wpm| format!("{wpm:.0}")),
            self.script_wpm,
            100.0 * self.pace_error(),
            parts(self.story_parts),
            parts(self.cue_parts),
            format!(
                "{}+{}/{}",
                self.hesitations_written, self.hesitations_from_gaps, self.hesitations_said
            ),
            format!("{}", self.word_fillers),
        );
    }
}

/// The figures over every answer.
#[derive(Default)]
struct Totals {
    worst_wer: f64,
    script_words: f64,
    wer_weighted: f64,
    worst_pace: f64,
    worst_story_part: f64,
    story_found: usize,
    worst_cue_part: f64,
    cue_found: usize,
    said: usize,
    written: usize,
    from_gaps: usize,
    word_fillers: usize,
    answers: usize,
}

impl Totals {
    fn add(&mut self, row: &Row) {
        let words = row.script_wpm * row.answer_s;
        self.worst_wer = self.worst_wer.max(row.wer);
        self.script_words += words;
        self.wer_weighted += row.wer * words;
        self.worst_pace = self.worst_pace.max(row.pace_error());
        self.worst_story_part = self.worst_story_part.max(row.story_parts.0);
        self.story_found += row.story_parts.1;
        self.worst_cue_part = self.worst_cue_part.max(row.cue_parts.0);
        self.cue_found += row.cue_parts.1;
        self.said += row.hesitations_said;
        self.written += row.hesitations_written;
        self.from_gaps += row.hesitations_from_gaps;
        self.word_fillers += row.word_fillers;
        self.answers += 1;
    }

    fn print(&self) {
        let parts = 4 * self.answers;
        println!(
            "WER: worst {:.1}%, over all {:.1}% (target {:.0}%){}",
            100.0 * self.worst_wer,
            100.0 * self.wer_weighted / self.script_words,
            100.0 * WER_TARGET,
            missed(self.worst_wer <= WER_TARGET)
        );
        println!(
            "pace: worst {:.1}% from the script's (target {:.0}%){}",
            100.0 * self.worst_pace,
            100.0 * PACE_TARGET,
            missed(self.worst_pace <= PACE_TARGET)
        );
        println!(
            "part starts with the story linked: {} of {parts} found, the worst {:.1} s off \
             (target {:.0} s){}",
            self.story_found,
            self.worst_story_part / 1000.0,
            PART_START_TARGET_MS / 1000.0,
            missed(self.story_found == parts && self.worst_story_part <= PART_START_TARGET_MS)
        );
        println!(
            "part starts by cue phrases alone: {} of {parts} found, the worst {:.1} s off",
            self.cue_found,
            self.worst_cue_part / 1000.0
        );
        println!(
            "hesitations: {} said; the model wrote {}, the recording's voiced gaps add {} \
             ({} counted; more than said would be false finds)",
            self.said,
            self.written,
            self.from_gaps,
            self.written + self.from_gaps
        );
        println!(
            "word fillers: {} found of {SCRIPTED_WORD_FILLERS} said",
            self.word_fillers
        );
    }
}

fn score(script: &Script, built: &Built, audio: &Pcm16k, heard: &Transcript) -> Row {
    let said: Vec<&str> = script.sentences.iter().map(|(_, text)| *text).collect();
    let said_text = said.join(" ");
    let script_words: Vec<&str> = said_text.split_whitespace().collect();
    let hesitations_said = script_words.iter().filter(|w| is_hesitation(w)).count();
    // The script's pace counts every word said, hesitations too, as the report counts every
    // word heard: what differs is only what the model left out.
    let script_wpm = script_words.len() as f64 / (built.truth.speaking_ms / 60_000.0);

    let mut session = SessionBuilder::new("bench-1")
        .story(script.name)
        .answer_ms(audio.ms())
        .build();
    session.set_sound(measure(audio.samples(), SAMPLE_RATE));
    let story = parse_story(script.name, script.notes);
    let gaps = voiced_gaps(&heard.words, audio.samples(), SAMPLE_RATE);
    let linked = assess(
        &session,
        heard,
        Some(&story),
        Some(&gaps),
        PaceRange::default(),
    );
    // As the report finds them for a session that names no story.
    let cues_alone = assess(&session, heard, None, Some(&gaps), PaceRange::default());
    let report = &linked.report;
    let hesitations_written = heard
        .words
        .iter()
        .filter(|word| is_hesitation(&bare(&word.text)))
        .count();
    let word_fillers = report
        .fillers
        .by_word
        .iter()
        .filter(|(word, _)| !is_hesitation(word))
        .map(|(_, count)| count)
        .sum();
    Row {
        answer_s: audio.ms() as f64 / 1000.0,
        wer: word_error_rate(&compared_words(&said_text), &compared_words(&heard.text)),
        wpm: report.wpm,
        script_wpm,
        story_parts: part_errors(script, built, &linked.parts_detected),
        cue_parts: part_errors(script, built, &cues_alone.parts_detected),
        hesitations_said,
        hesitations_written,
        hesitations_from_gaps: gaps.count,
        word_fillers,
    }
}

/// How far the parts found are from where each part's first sentence begins: the worst, in
/// ms, and how many of the four were found.
fn part_errors(script: &Script, built: &Built, found: &[PartMark]) -> (f64, usize) {
    let mut worst: f64 = 0.0;
    let mut count = 0;
    for part in [Part::Situation, Part::Task, Part::Action, Part::Result] {
        let first = script
            .sentences
            .iter()
            .position(|(of, _)| *of == part)
            .expect("every script tells every part");
        let truth = built.truth.sentence_spans_ms[first].0;
        if let Some(mark) = found.iter().find(|mark| mark.part == part) {
            count += 1;
            worst = worst.max((mark.at_ms as f64 - truth).abs());
        }
    }
    (worst, count)
}

fn bare(word: &str) -> String {
    word.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The words compared for the error rate: lowercase without punctuation, hesitations left
/// out, and every number as its value, however it was written.
fn compared_words(text: &str) -> Vec<String> {
    let words = tokens(text);
    let found = numbers(&words);
    let mut compared = Vec::new();
    let mut at = 0;
    while at < words.len() {
        if let Some(number) = found.iter().find(|number| number.words.start == at) {
            compared.push(format!("{}", number.quantity.value));
            at = number.words.end.max(at + 1);
            continue;
        }
        let word = bare(&words[at].word);
        if !word.is_empty() && !is_hesitation(&word) {
            compared.push(word);
        }
        at += 1;
    }
    compared
}

/// The words compared, said against heard, and the part starts, true and found, for seeing
/// where the errors are.
fn print_words(script: &Script, built: &Built, audio: &Pcm16k, heard: &Transcript) {
    let said: Vec<&str> = script.sentences.iter().map(|(_, text)| *text).collect();
    println!("    said:  {}", compared_words(&said.join(" ")).join(" "));
    println!("    heard: {}", compared_words(&heard.text).join(" "));
    let mut session = SessionBuilder::new("bench-1").answer_ms(audio.ms()).build();
    session.set_sound(measure(audio.samples(), SAMPLE_RATE));
    let story = parse_story(script.name, script.notes);
    let linked = assess(&session, heard, Some(&story), None, PaceRange::default());
    let cues = assess(&session, heard, None, None, PaceRange::default());
    let terms_alone = rehearse::story::points::parts_from_story(&story, heard);
    let at = |marks: &[PartMark], part: Part| {
        marks
            .iter()
            .find(|mark| mark.part == part)
            .map_or("-".to_string(), |mark| {
                format!("{:.1}", mark.at_ms as f64 / 1000.0)
            })
    };
    for part in [Part::Situation, Part::Task, Part::Action, Part::Result] {
        let first = script
            .sentences
            .iter()
            .position(|(of, _)| *of == part)
            .unwrap();
        println!(
            "    {part:?}: said at {:.1} s; found with the story {} (its terms {}), by cues {}",
            built.truth.sentence_spans_ms[first].0 / 1000.0,
            at(&linked.parts_detected, part),
            at(&terms_alone, part),
            at(&cues.parts_detected, part)
        );
    }
}

/// How late a thread that sleeps to each [`TICK`] wakes, over `length`.
struct Lateness {
    p50: f64,
    p99: f64,
    worst: f64,
}

fn timer_lateness(length: Duration, mut each_tick: impl FnMut()) -> Lateness {
    let started = Instant::now();
    let mut late_ms = Vec::new();
    let mut tick = 1;
    while started.elapsed() < length {
        let due = started + TICK * tick;
        sleep_until(due);
        late_ms.push(due.elapsed().as_secs_f64() * 1000.0);
        each_tick();
        tick += 1;
    }
    late_ms.sort_by(f64::total_cmp);
    let at = |share: f64| late_ms[((late_ms.len() - 1) as f64 * share) as usize];
    Lateness {
        p50: at(0.5),
        p99: at(0.99),
        worst: *late_ms.last().unwrap(),
    }
}

fn sleep_until(due: Instant) {
    let now = Instant::now();
    if due > now {
        std::thread::sleep(due - now);
    }
}

fn print_memory(when: &str) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak_kb: Option<f64> = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kb| kb.parse().ok());
    match peak_kb {
        Some(kb) => {
            let mb = kb / 1024.0;
            println!(
                "peak memory {when}: {mb:.0} MB (target {MEMORY_TARGET_MB:.0} MB){}",
                missed(mb <= MEMORY_TARGET_MB)
            );
        }
        None => println!("peak memory {when}: not known here (no /proc/self/status)"),
    }
}

fn missed(met: bool) -> &'static str {
    if met { "" } else { "  MISSED" }
}
