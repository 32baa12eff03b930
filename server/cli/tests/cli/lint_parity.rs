//! Parity of `chartwright lint --format helm` with `helm lint` over the public corpus
//! (`../shared/corpus`): every `[ERROR]`/`[WARNING]` message of each chart's recorded
//! `lint.txt` (helm v4.1.4) must appear in our output, and the exit code must match `lint.rc`.
//! Skipped, with one line, when the corpus is not beside the repository. Run with `--release`
//! (the debug engine is slow): `cargo test --release -p cw-cli --test cli lint_parity -- --nocapture`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Charts that must agree at least (raise it when parity improves; it must never drop).
const MIN_AGREEING: usize = 417;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
}

/// The `[ERROR]`/`[WARNING]` messages of a helm lint output, continuation lines included.
fn messages(stdout: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current: Option<String> = None;
    for line in stdout.lines() {
        if line.starts_with('[') || line.starts_with("==> ") || line.is_empty() {
            out.extend(current.take());
            if line.starts_with("[ERROR]") || line.starts_with("[WARNING]") {
                current = Some(line.to_string());
            }
        } else if let Some(c) = current.as_mut() {
            c.push('\n');
            c.push_str(line);
        }
    }
    out.extend(current);
    out
}

#[test]
fn lint_parity_with_helm() {
    let corpus = corpus();
    if !corpus.join("goldens").is_dir() {
        println!("lint_parity: skipped, no corpus at {}", corpus.display());
        return;
    }
    let mut charts = Vec::new();
    for src in std::fs::read_dir(corpus.join("goldens")).unwrap().flatten() {
        if !src.path().is_dir() {
            continue;
        }
        for c in std::fs::read_dir(src.path()).unwrap().flatten() {
            if c.path().join("lint.txt").is_file() {
                charts.push(format!(
                    "{}/{}",
                    src.file_name().to_string_lossy(),
                    c.file_name().to_string_lossy()
                ));
            }
        }
    }
    charts.sort();
    let bin = env!("CARGO_BIN_EXE_chartwright");
    let next = AtomicUsize::new(0);
    let misses: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let agreeing = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..std::thread::available_parallelism().map_or(2, |n| n.get()) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(chart) = charts.get(i) else { break };
                let golden_dir = corpus.join("goldens").join(chart);
                let golden = std::fs::read_to_string(golden_dir.join("lint.txt")).unwrap();
                let golden_stdout = golden.split("--- stderr ---").next().unwrap_or("");
                let rc: i32 = std::fs::read_to_string(golden_dir.join("lint.rc"))
                    .unwrap()
                    .trim()
                    .parse()
                    .unwrap();
                let out = Command::new(bin)
                    .current_dir(&corpus)
                    .args(["lint", "--format", "helm", &format!("charts/{chart}")])
                    .output()
                    .unwrap();
                let ours = String::from_utf8_lossy(&out.stdout).to_string();
                let ours_msgs = messages(&ours);
                let mut problems = Vec::new();
                for m in messages(golden_stdout) {
                    if !ours_msgs.contains(&m) {
                        problems.push(format!("  missing: {m}"));
                    }
                }
                let our_rc = out.status.code().unwrap_or(-1);
                if our_rc != rc {
                    problems.push(format!("  exit code {our_rc}, helm {rc}"));
                }
                if problems.is_empty() {
                    agreeing.fetch_add(1, Ordering::Relaxed);
                } else {
                    misses
                        .lock()
                        .unwrap()
                        .push(format!("{chart}:\n{}", problems.join("\n")));
                }
            });
        }
    });
    let mut misses = misses.into_inner().unwrap();
    misses.sort();
    for m in &misses {
        println!("{m}");
    }
    let agreeing = agreeing.into_inner();
    println!(
        "lint parity: {agreeing}/{} charts agree with helm lint ({:.1}%)",
        charts.len(),
        100.0 * agreeing as f64 / charts.len().max(1) as f64
    );
    assert!(!charts.is_empty());
    assert!(
        agreeing >= MIN_AGREEING,
        "parity dropped: {agreeing} < {MIN_AGREEING}"
    );
}
