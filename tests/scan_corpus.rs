//! The held-out scan corpus (`tests/scan-corpus/`, labels in `labels.json`, see its README): runs
//! `scan::scan` on every program and measures, per language, the recall of labelled operations
//! (method + catalog path, path parameters compared by position), method accuracy (of the labelled
//! operations whose path was found, the share found with the labelled method), false operations
//! (reported operations that are neither labelled nor dynamic) and false writes (false operations
//! that are not GET/HEAD). Prints a table for the scanner and for the light path
//! (`scopes::source::scan_source`, the wasm advisor page's scanner) and asserts the floors below.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use token_warden::scan::{self, ScanOptions};
use token_warden::scopes::{catalog, matcher, source};

/// Floors the scanner must keep: what it reaches on the corpus (the targets are 0.98 /
/// 0.98 / 0 false writes; measured 1.000 / 1.000 / 0 false operations on 90 programs).
const RECALL_FLOOR: f64 = 1.0;
const METHOD_ACCURACY_FLOOR: f64 = 1.0;
/// Reported operations that are neither labelled nor dynamic (of any method): none, as measured.
const FALSE_OPERATIONS: usize = 0;

const CORPUS: &str = "tests/scan-corpus";

/// `/issue/{issueIdOrKey}/comment` → `/issue/{}/comment`.
fn shape(path: &str) -> String {
    path.split('/')
        .map(|s| {
            if s.starts_with('{') && s.ends_with('}') {
                "{}"
            } else {
                s
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

type Op = (String, String);

#[derive(Default, Clone)]
struct Tally {
    programs: usize,
    labelled: usize,
    found: usize,
    path_found: usize,
    method_right: usize,
    false_ops: usize,
    false_writes: usize,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.programs += o.programs;
        self.labelled += o.labelled;
        self.found += o.found;
        self.path_found += o.path_found;
        self.method_right += o.method_right;
        self.false_ops += o.false_ops;
        self.false_writes += o.false_writes;
    }
    fn recall(&self) -> f64 {
        ratio(self.found, self.labelled)
    }
    fn method_accuracy(&self) -> f64 {
        ratio(self.method_right, self.path_found)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

fn ops_of(list: &serde_json::Value) -> BTreeSet<Op> {
    list.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|o| {
                    Some((
                        o["method"].as_str()?.to_string(),
                        shape(o["path"].as_str()?),
                    ))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `METHOD /full/template` (as `AnalysedRequest::operation` prints it) → (method, catalog path).
fn catalog_op(id: catalog::OperationId) -> Option<Op> {
    let op = catalog::operation(id)?;
    Some((op.method.as_str().to_string(), shape(op.path())))
}

fn scanner_ops(dir: &Path) -> BTreeSet<Op> {
    let report = scan::scan(&[dir.to_path_buf()], &ScanOptions::default()).expect("scan runs");
    report
        .analysis
        .requests
        .iter()
        .filter_map(|r| r.operation_id.and_then(catalog_op))
        .collect()
}

fn light_ops(dir: &Path) -> BTreeSet<Op> {
    let mut ops = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)
            .expect("corpus dir readable")
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                for call in source::scan_source(&path.display().to_string(), &text) {
                    let m = matcher::match_request(&call.method, &call.url);
                    if let Some(op) = m.operation.and_then(catalog_op) {
                        ops.insert(op);
                    }
                }
            }
        }
    }
    ops
}

/// Per-language tallies of the whole corpus, the same per batch of added programs, and the misses.
struct Evaluation {
    per_language: BTreeMap<String, Tally>,
    batches: BTreeMap<String, BTreeMap<String, Tally>>,
    misses: Vec<String>,
}

/// The batches of added programs (`"batch"` in labels.json), each written before the scanner ran
/// on it: `scan4` measured the scanner of main, then guided fixes; `scan5` was written after those
/// fixes, so its recall is the number for inputs the current scanner was not tuned on.
const BATCHES: [&str; 2] = ["scan4", "scan5"];

fn evaluate(name: &str, scanner: impl Fn(&Path) -> BTreeSet<Op>) -> Evaluation {
    let text = std::fs::read_to_string(Path::new(CORPUS).join("labels.json")).expect("labels");
    let labels: serde_json::Value = serde_json::from_str(&text).expect("labels.json is JSON");
    let programs = labels["programs"].as_array().expect("programs");
    assert!(programs.len() >= 60, "the corpus has at least 60 programs");
    let mut per_language: BTreeMap<String, Tally> = BTreeMap::new();
    let mut batches: BTreeMap<String, BTreeMap<String, Tally>> = BTreeMap::new();
    let mut misses = Vec::new();
    for program in programs {
        let id = program["id"].as_str().unwrap_or("?");
        let language = program["language"].as_str().unwrap_or("?").to_string();
        let dir: PathBuf = Path::new(CORPUS).join(program["dir"].as_str().expect("dir"));
        let labelled = ops_of(&program["operations"]);
        let dynamic = ops_of(&program["dynamic"]);
        let reported = scanner(&dir);
        let mut t = Tally {
            programs: 1,
            labelled: labelled.len(),
            ..Tally::default()
        };
        for (method, path) in &labelled {
            if reported.contains(&(method.clone(), path.clone())) {
                t.found += 1;
            } else {
                misses.push(format!("{name}: {id}: missed {method} {path}"));
            }
            if reported.iter().any(|(_, p)| p == path) {
                t.path_found += 1;
                if reported.contains(&(method.clone(), path.clone())) {
                    t.method_right += 1;
                }
            }
        }
        for op in &reported {
            if !labelled.contains(op) && !dynamic.contains(op) {
                t.false_ops += 1;
                misses.push(format!("{name}: {id}: false {} {}", op.0, op.1));
                if op.0 != "GET" && op.0 != "HEAD" {
                    t.false_writes += 1;
                }
            }
        }
        if let Some(batch) = program["batch"].as_str() {
            batches
                .entry(batch.to_string())
                .or_default()
                .entry(language.clone())
                .or_default()
                .add(&t);
        }
        per_language.entry(language).or_default().add(&t);
    }
    Evaluation {
        per_language,
        batches,
        misses,
    }
}

fn print_table(name: &str, per_language: &BTreeMap<String, Tally>) -> Tally {
    let mut total = Tally::default();
    println!("\n{name}");
    println!(
        "{:<12} {:>8} {:>9} {:>7} {:>8} {:>6} {:>7}",
        "language", "programs", "labelled", "recall", "method", "false", "f.write"
    );
    for (language, t) in per_language {
        total.add(t);
        println!(
            "{:<12} {:>8} {:>9} {:>7.3} {:>8.3} {:>6} {:>7}",
            language,
            t.programs,
            t.labelled,
            t.recall(),
            t.method_accuracy(),
            t.false_ops,
            t.false_writes
        );
    }
    println!(
        "{:<12} {:>8} {:>9} {:>7.3} {:>8.3} {:>6} {:>7}",
        "ALL",
        total.programs,
        total.labelled,
        total.recall(),
        total.method_accuracy(),
        total.false_ops,
        total.false_writes
    );
    total
}

#[test]
fn scanner_meets_the_corpus_floors() {
    let Evaluation {
        per_language,
        batches,
        misses,
    } = evaluate("scan", scanner_ops);
    let total = print_table("scopes scan (src/scan)", &per_language);
    for batch in BATCHES {
        if let Some(tallies) = batches.get(batch) {
            print_table(
                &format!("scopes scan, batch {batch} only (written before the scanner ran on it)"),
                tallies,
            );
        }
    }
    for m in &misses {
        println!("{m}");
    }
    assert_eq!(total.false_writes, 0, "no false write operations");
    assert_eq!(total.false_ops, FALSE_OPERATIONS, "false operations");
    assert!(
        total.recall() >= RECALL_FLOOR,
        "recall {:.3} < {RECALL_FLOOR}",
        total.recall()
    );
    assert!(
        total.method_accuracy() >= METHOD_ACCURACY_FLOOR,
        "method accuracy {:.3} < {METHOD_ACCURACY_FLOOR}",
        total.method_accuracy()
    );
}

/// The light path is measured (and printed) but has no floor: the advisor page keeps it for
/// pasted snippets and the issue asks only that its recall be reported.
#[test]
fn light_path_recall_is_measured() {
    let evaluation = evaluate("light", light_ops);
    let total = print_table(
        "light path (scopes::source::scan_source)",
        &evaluation.per_language,
    );
    assert!(
        total.labelled >= 150,
        "the corpus labels at least 150 operations"
    );
}
