//! Conformance check on the shared corpus (an extra check, beside the tests): loads every
//! values.yaml of `../shared/corpus/charts` and compares `toJson`, `toYaml` and `toYamlPretty`
//! of the loaded values with the digests recorded from the real helm in
//! testdata/yaml/corpus.json (`python3 tests/record/record_yaml.py --corpus`).
//!
//! It also reads every rendered manifest of the corpus goldens (`helm template` output, which
//! helm itself parsed document by document) with [`load_documents`] and counts documents we
//! refuse: there should be none.
//!
//! Run: `cargo run -p cw-yaml --release --example corpus_check [-- -v]`

use cw_yaml::{
    go_json_marshal, load, load_documents, to_yaml, to_yaml_pretty, GoValue, YamlErrorKind,
};

fn fnv1a64(data: &[u8]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for &b in data {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{h:016x}")
}

fn main() {
    let verbose = std::env::args().any(|a| a == "-v");
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let table = std::fs::read_to_string(format!("{root}/testdata/yaml/corpus.json"))
        .expect("testdata/yaml/corpus.json");
    let table: serde_json::Value = serde_json::from_str(&table).expect("valid JSON");
    let corpus = format!("{root}/../shared/corpus/charts");
    if !std::path::Path::new(&corpus).is_dir() {
        eprintln!("corpus_check: {corpus} not found (the shared corpus sits beside the project)");
        std::process::exit(2);
    }
    let names = ["toJson", "toYaml", "toYamlPretty"];
    let mut passed = [0usize; 3];
    let mut failed = [0usize; 3];
    let files = table["files"].as_array().expect("files");
    let start = std::time::Instant::now();
    for f in files {
        let path = f["path"].as_str().unwrap_or_default();
        let bytes = std::fs::read(format!("{corpus}/{path}")).expect("corpus file");
        let text = String::from_utf8_lossy(&bytes);
        let loaded = load(&text);
        let want: Vec<&str> = f["digests"]
            .as_array()
            .map(|d| d.iter().filter_map(|x| x.as_str()).collect())
            .unwrap_or_default();
        if want.is_empty() {
            // helm refused the file: we must refuse it too.
            let ok = loaded.first_error().is_some();
            for i in 0..3 {
                if ok {
                    passed[i] += 1;
                } else {
                    failed[i] += 1;
                }
            }
            continue;
        }
        let v = loaded
            .root
            .as_ref()
            .map(GoValue::from_node)
            .unwrap_or(GoValue::Map(Vec::new()));
        let got = [go_json_marshal(&v), to_yaml(&v), to_yaml_pretty(&v)];
        for i in 0..3 {
            if want.get(i).copied() == Some(fnv1a64(got[i].as_bytes()).as_str()) {
                passed[i] += 1;
            } else {
                failed[i] += 1;
                if verbose {
                    println!("{} differs: {path}", names[i]);
                }
            }
        }
    }
    for i in 0..3 {
        println!(
            "corpus values ({}) {}: {} passed, {} failed",
            table["helm_version"].as_str().unwrap_or("?"),
            names[i],
            passed[i],
            failed[i]
        );
    }
    println!("{} files in {:?}", files.len(), start.elapsed());

    let goldens = format!("{root}/../shared/corpus/goldens");
    let (mut docs, mut refused, mut manifests, mut dup_warnings) = (0usize, 0usize, 0usize, 0usize);
    let start = std::time::Instant::now();
    let mut stack = vec![std::path::PathBuf::from(&goldens)];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "yaml") {
                let text =
                    String::from_utf8_lossy(&std::fs::read(&p).unwrap_or_default()).into_owned();
                manifests += 1;
                for d in load_documents(&text) {
                    docs += 1;
                    if let Some(err) = d.first_error() {
                        refused += 1;
                        if verbose {
                            println!("refused: {} {}", p.display(), err.message);
                        }
                    }
                    dup_warnings += d
                        .errors
                        .iter()
                        .filter(|e| e.kind == YamlErrorKind::DuplicateKey)
                        .count();
                }
            }
        }
    }
    println!(
        "rendered manifests: {manifests} files, {docs} documents, {refused} refused, {dup_warnings} duplicate-key warnings, in {:?}",
        start.elapsed()
    );
    if refused > 0 {
        failed[0] += refused;
    }
    if failed.iter().any(|&n| n > 0) {
        std::process::exit(1);
    }
}
