//! Fuzzing the spec loader: real specs mutated at random (bytes flipped, ranges deleted or
//! duplicated, YAML syntax inserted, lines swapped or re-indented) must never make the generator
//! panic, hang or fail with an internal error. Valid mutants are generated all the way to
//! formatted Rust, and must also conform to the editor schema (`specs/schema.json`).
//!
//! `APIGEN_FUZZ_CASES` sets the number of cases (default 1,500); `APIGEN_FUZZ_SEED` the seed.
//! `cargo xtask fuzz` runs a long campaign in release mode.

mod support;
#[path = "support/rng.rs"]
mod rng;

use std::time::{Duration, Instant};
use rng::Rng;
use support::json_schema;

const TOKENS: &[&str] = &[
    "{", "}", "[", "]", ": ", "- ", "&a ", "*a", "!!str ", "\"", "'", "#", "\n", "  ", "~", "null", "<<: *a\n", "---\n", "\t", "\u{0}", "\u{1F600}",
    "list<", ">", "map<", "{id}", "/", "5xx", "-1", "1e999", "true", "? ", "|\n", ">-\n", "%YAML 1.2\n", "\u{feff}", "\\", "type: ", "in: path",
    "required: true", "nullable: true", "style: json", "pagination: next_link", "envelope: none", "response: any", "body: Empty",
];

fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut bytes = input.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(7) {
            0 if !bytes.is_empty() => {
                let index = rng.below(bytes.len());
                bytes[index] ^= 1 << rng.below(8);
            }
            1 => {
                let end = (at + rng.below(64)).min(bytes.len());
                bytes.drain(at..end);
            }
            2 => {
                let end = (at + rng.below(256)).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                let to = rng.below(bytes.len() + 1);
                bytes.splice(to..to, copy);
            }
            3 | 4 => {
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                bytes.splice(at..at, token.iter().copied());
            }
            5 => {
                let mut lines: Vec<Vec<u8>> = bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
                let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
                lines.swap(a, b);
                bytes = lines.join(&b'\n');
            }
            _ => {
                let mut lines: Vec<Vec<u8>> = bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
                let line = rng.below(lines.len());
                if rng.below(2) == 0 {
                    lines[line].splice(0..0, *b"  ");
                } else {
                    let spaces = lines[line].iter().take_while(|&&b| b == b' ').count().min(2);
                    lines[line].drain(..spaces);
                }
                bytes = lines.join(&b'\n');
            }
        }
    }
    bytes
}

fn seeds() -> Vec<(String, Vec<u8>)> {
    support::files::specs_and_fixtures().into_iter().map(|path| (path.display().to_string(), std::fs::read(&path).expect("seed readable"))).collect()
}

/// How many accepted mutants a campaign saves for building.
const FUZZ_SAMPLE: usize = 40;

#[test]
fn mutated_specs_never_panic_hang_or_break_the_emitter() {
    let cases: usize = std::env::var("APIGEN_FUZZ_CASES").ok().and_then(|text| text.parse().ok()).unwrap_or(1_500);
    let seed: u64 = std::env::var("APIGEN_FUZZ_SEED").ok().and_then(|text| text.parse().ok()).unwrap_or(0x5EED_0FA9_1CE5);
    let seeds = seeds();
    let schema = json_schema::spec_schema();
    let mut rng = Rng(seed | 1);
    let started = Instant::now();
    let (mut valid, mut slowest) = (0usize, Duration::ZERO);
    // `cargo xtask fuzz` builds a sample of the accepted mutants: they are saved here.
    let sample_dir = std::env::var_os("APIGEN_FUZZ_SAMPLE_DIR").map(std::path::PathBuf::from);
    let mut sampled = 0usize;
    for case in 0..cases {
        let (name, original) = &seeds[case % seeds.len()];
        let input = mutate(&mut rng, original);
        let case_started = Instant::now();
        let outcome = std::panic::catch_unwind(|| match apigen::check_with_warnings(&input, "fuzz.yaml") {
            Ok((api, warnings)) => {
                warnings.render(&String::from_utf8_lossy(&input));
                Some(apigen::generate_api(&api).map(|_| ()))
            }
            // Rendering locates every diagnostic in the mutated text: that must not panic either.
            Err(diagnostics) => {
                diagnostics.render(&String::from_utf8_lossy(&input));
                None
            }
        });
        let elapsed = case_started.elapsed();
        slowest = slowest.max(elapsed);
        // What the generator accepts, the editor schema must accept too.
        let schema_errors = match &outcome {
            Ok(Some(_)) => apigen::yaml::parse(&input).map(|tree| json_schema::validate(&schema, &json_schema::to_json(&tree))).unwrap_or_default(),
            _ => Vec::new(),
        };
        let failure = match &outcome {
            Err(_) => Some("panicked".to_owned()),
            Ok(Some(Err(error))) => Some(format!("valid spec, but generation failed: {error}")),
            _ if !schema_errors.is_empty() => Some(format!("valid spec, but the schema rejects it: {}", schema_errors.join("; "))),
            _ if elapsed > Duration::from_secs(10) => Some(format!("took {elapsed:?}")),
            _ => None,
        };
        if let Some(failure) = failure {
            let saved = std::env::temp_dir().join(format!("apigen-fuzz-case-{case}.yaml"));
            let _ = std::fs::write(&saved, &input);
            panic!("case {case} (seed {seed}, mutant of {name}) {failure}; input saved to {}", saved.display());
        }
        if matches!(outcome, Ok(Some(Ok(())))) {
            valid += 1;
            if let Some(dir) = &sample_dir
                && sampled < FUZZ_SAMPLE
                && input != *original
            {
                std::fs::create_dir_all(dir).expect("sample directory");
                std::fs::write(dir.join(format!("{sampled:03}.yaml")), &input).expect("sample written");
                sampled += 1;
            }
        }
    }
    println!(
        "fuzz: {cases} cases from {} seeds in {:.1?} ({valid} still valid and generated; slowest case {slowest:?}); seed {seed}",
        seeds.len(),
        started.elapsed()
    );
}
