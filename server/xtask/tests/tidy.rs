//! Tidy checks over the whole source tree: module docs, no ignored or should-panic tests.

use xtask::{files_with_extension, repo_root};

#[test]
fn every_rust_file_starts_with_a_module_doc() {
    let root = repo_root();
    let files = files_with_extension(&root.join("server"), ".rs");
    assert!(files.len() > 5, "found only {} Rust files", files.len());
    let offenders: Vec<_> = files
        .iter()
        .filter(|p| {
            let text = std::fs::read_to_string(p).unwrap_or_default();
            !text.trim_start().starts_with("//!")
        })
        .map(|p| p.strip_prefix(&root).unwrap_or(p).display().to_string())
        .collect();
    assert!(
        offenders.is_empty(),
        "these files do not start with a `//!` line saying what they are for:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn no_ignored_or_should_panic_tests() {
    let root = repo_root();
    let mut offenders = Vec::new();
    for path in files_with_extension(&root.join("server"), ".rs") {
        if path.ends_with("tidy.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            let t = line.trim_start();
            if t.starts_with("#[ignore") || t.starts_with("#[should_panic") {
                offenders.push(format!("{}:{}: {}", path.display(), n + 1, t));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "tests must run and assert; found:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn every_crate_is_documented_in_the_architecture() {
    let root = repo_root();
    let arch = std::fs::read_to_string(root.join("server/ARCHITECTURE.md"))
        .expect("server/ARCHITECTURE.md exists");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(root.join("server")).unwrap().flatten() {
        if entry.path().join("Cargo.toml").is_file() {
            let dir = format!("server/{}", entry.file_name().to_string_lossy());
            if !arch.contains(&format!("`{dir}/`")) {
                missing.push(dir);
            }
        }
    }
    assert!(
        missing.is_empty(),
        "crates missing from the code map in server/ARCHITECTURE.md: {missing:?}"
    );
}
