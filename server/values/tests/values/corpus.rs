//! Conformance over the shared corpus (`../shared/corpus` beside the repo): `.Values` of every
//! rendered chart of 417 real charts (with their ci/*-values.yaml files) against digests
//! recorded from helm v4.1.4 by `tests/record/record_values.py --corpus`
//! (testdata/values/corpus.json).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use cw_template::Value;
use cw_values::{
    compute, merge_user_values, to_go_value, ChartValues, ComputeOptions, ValueOptions,
};
use serde_json::Value as Json;

fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    dir.join("charts").is_dir().then_some(dir)
}

fn fnv1a64(data: &[u8]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in data {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{h:016x}")
}

fn walk_types(path: &str, v: &Value, out: &mut String) {
    out.push_str(path);
    out.push('=');
    out.push_str(&v.type_name());
    out.push(';');
    match v {
        Value::Map(m) => {
            for (k, x) in m.entries() {
                walk_types(&format!("{path}/{k}"), &x, out);
            }
        }
        Value::List(l) => {
            for (i, x) in l.items.iter().enumerate() {
                walk_types(&format!("{path}/{i}"), x, out);
            }
        }
        _ => {}
    }
}

fn template_path(root: &str, cv: &ChartValues<'_>) -> String {
    let mut p = root.to_string();
    for n in &cv.path {
        p.push_str("/charts/");
        p.push_str(n);
    }
    p.push_str("/templates/cwvalues.yaml");
    p
}

fn run(corpus: &Path, case: &Json) -> Result<(), String> {
    let chart_dir = corpus.join(case["chart"].as_str().unwrap_or_default());
    let mut opts = ValueOptions::default();
    if let Some(f) = case["values_file"].as_str() {
        let text = std::fs::read_to_string(corpus.join(f)).map_err(|e| e.to_string())?;
        opts.value_files.push((f.to_string(), text));
    }
    let loaded = cw_chart::load_dir(&cw_chart::DiskFs, &chart_dir);
    if let Some(e) = &loaded.helm_error {
        return Err(format!("chart failed to load: {e}"));
    }
    let user = merge_user_values(&opts, &|p| {
        Err(format!("open {p}: no such file or directory"))
    })?;
    let result = compute(&loaded.chart, &user.values, &ComputeOptions::default());
    let ours: Result<BTreeMap<String, [String; 2]>, String> = match result.helm_error() {
        Some(e) => Err(e),
        None => Ok(result
            .root
            .walk()
            .into_iter()
            .filter(|cv| !cv.chart.is_library())
            .map(|cv| {
                let mut types = String::new();
                walk_types("", &cv.values, &mut types);
                let json = cw_yaml::go_json_marshal(&to_go_value(&cv.values));
                (
                    template_path(&result.root.name, cv),
                    [fnv1a64(json.as_bytes()), fnv1a64(types.as_bytes())],
                )
            })
            .collect()),
    };
    match (&case["error"], ours) {
        (Json::String(e), Err(got)) if e.trim_end() == got.trim_end() => Ok(()),
        (Json::String(e), got) => Err(format!("helm failed with {e:?}; ours: {got:?}")),
        (_, Err(got)) => Err(format!("we failed with {got:?}, helm did not")),
        (_, Ok(ours)) => {
            let helm: BTreeMap<String, [String; 2]> = case["outputs"]
                .as_object()
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| {
                            let d = |i: usize| v[i].as_str().unwrap_or_default().to_string();
                            (k.clone(), [d(0), d(1)])
                        })
                        .collect()
                })
                .unwrap_or_default();
            if helm == ours {
                return Ok(());
            }
            let mut diffs = Vec::new();
            for k in helm
                .keys()
                .chain(ours.keys())
                .collect::<std::collections::BTreeSet<_>>()
            {
                match (helm.get(k), ours.get(k)) {
                    (Some(a), Some(b)) if a == b => {}
                    (Some(a), Some(b)) => diffs.push(format!(
                        "{k}: {}{}",
                        if a[0] != b[0] { "values differ " } else { "" },
                        if a[1] != b[1] { "types differ" } else { "" }
                    )),
                    (Some(_), None) => diffs.push(format!("{k}: rendered by helm only")),
                    (None, _) => diffs.push(format!("{k}: rendered by us only")),
                }
            }
            Err(diffs.join("; "))
        }
    }
}

#[test]
fn corpus_values_match_helm() {
    let Some(corpus) = corpus_dir() else {
        eprintln!("corpus_values_match_helm: ../shared/corpus is absent; nothing compared");
        return;
    };
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/values/corpus.json"),
    )
    .expect("corpus.json");
    let table: Json = serde_json::from_str(&text).expect("valid json");
    assert!(table["helm_version"]
        .as_str()
        .unwrap_or_default()
        .starts_with("v4.1.4"));
    let cases = table["cases"].as_array().expect("cases");
    assert!(cases.len() >= 500, "only {} corpus cases", cases.len());
    let mut failures = Vec::new();
    for case in cases {
        if let Err(e) = run(&corpus, case) {
            failures.push(format!(
                "{} {}: {e}",
                case["chart"].as_str().unwrap_or_default(),
                case["values_file"].as_str().unwrap_or_default()
            ));
        }
    }
    eprintln!(
        "{} of {} corpus cases agree with helm",
        cases.len() - failures.len(),
        cases.len()
    );
    assert!(
        failures.is_empty(),
        "{} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
