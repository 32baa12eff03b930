//! cw-template against the `gotmpl` crate (a Rust port of Go's text/template, the reference of
//! the engine's speed target), side by side in one run, on the same builtins-only chart template
//! (`engine_only.yaml` + `engine_helpers.tpl`, 317 lines: a Deployment, Service, Ingress,
//! ServiceAccount and HPA with fields, if/range/with, variables, `template`,
//! printf/index/eq/not/or) and the same values: executing (group `engine_only_vs_gotmpl`; both
//! outputs are checked to be identical first) and parsing both files into a set (group
//! `parse_vs_gotmpl`; ours with spans and error recovery, as the language server parses).
//! The machine is shared, so read the ratio of the two figures of one run, not the absolutes.
//!
//! For instruction counts: `COMPARE_ONLY=cw|gotmpl COMPARE_ITERS=N` runs N executions of one
//! side and no measurement; under `valgrind --tool=callgrind --toggle-collect='*run_cw*'` (or
//! `'*run_gotmpl*'`) the total divided by N is the count per execution. Instruction counts do
//! not show everything: moving a value that was just built (through `Result` slots, into
//! vectors) stalls on store forwarding, which only time shows (`perf stat -e task-clock` over
//! the same `COMPARE_ONLY`/`COMPARE_ITERS` runs, minus a `COMPARE_ITERS=0` run for the setup;
//! `perf record -e cpu-clock` and `perf annotate` for where).

use criterion::{criterion_group, criterion_main, Criterion};
use cw_template::{Elem, FuncMap, MissingKey, TemplateSet, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/");
const MAIN: &str = "app/templates/deployment.yaml";

fn read(name: &str) -> String {
    std::fs::read_to_string(format!("{DIR}{name}")).unwrap()
}

fn values_json() -> serde_json::Value {
    serde_json::from_str(&read("values.json")).unwrap()
}

fn cw_value(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Nil,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => Value::Float(n.as_f64().unwrap_or(0.0)),
        serde_json::Value::String(s) => Value::str(s),
        serde_json::Value::Array(a) => Value::list(a.iter().map(cw_value).collect()),
        serde_json::Value::Object(o) => {
            Value::map(o.iter().map(|(k, v)| (k.clone(), cw_value(v))).collect())
        }
    }
}

fn gt_value(v: &serde_json::Value) -> gotmpl::Value {
    use gotmpl::Value as G;
    match v {
        serde_json::Value::Null => G::Nil,
        serde_json::Value::Bool(b) => G::Bool(*b),
        serde_json::Value::Number(n) => G::Float(n.as_f64().unwrap_or(0.0)),
        serde_json::Value::String(s) => G::String(Arc::from(s.as_str())),
        serde_json::Value::Array(a) => G::List(a.iter().map(gt_value).collect()),
        serde_json::Value::Object(o) => G::Map(Arc::new(
            o.iter()
                .map(|(k, v)| (Arc::from(k.as_str()), gt_value(v)))
                .collect(),
        )),
    }
}

/// The release and chart objects, as string-keyed (key, value) pairs.
fn objects() -> Vec<(&'static str, Vec<(&'static str, serde_json::Value)>)> {
    use serde_json::json;
    vec![
        (
            "Chart",
            vec![
                ("Name", json!("app")),
                ("Version", json!("1.2.3")),
                ("AppVersion", json!("1.24.3")),
            ],
        ),
        (
            "Release",
            vec![
                ("Name", json!("prod")),
                ("Namespace", json!("payments")),
                ("Service", json!("Helm")),
                ("IsInstall", json!(true)),
                ("Revision", json!(1.0)),
            ],
        ),
    ]
}

/// The two files, as (template name, text).
fn sources() -> [(&'static str, String); 2] {
    [
        ("app/templates/_helpers.tpl", read("engine_helpers.tpl")),
        (MAIN, read("engine_only.yaml")),
    ]
}

#[inline(never)]
fn parse_cw(sources: &[(&'static str, String); 2]) -> TemplateSet {
    let mut set = TemplateSet::new("gotpl")
        .with_funcs(FuncMap::new())
        .with_missing_key(MissingKey::Zero);
    for (name, text) in sources {
        let p = set.parse_and_add(name, text);
        assert!(!p.has_errors(), "{:?}", p.errors);
    }
    set
}

#[inline(never)]
fn parse_gotmpl(sources: &[(&'static str, String); 2]) -> gotmpl::Template {
    let mut t = gotmpl::Template::new(MAIN).missing_key(gotmpl::MissingKey::ZeroValue);
    for (_, text) in sources {
        t = t.parse(text).unwrap();
    }
    t
}

fn setup_cw() -> (TemplateSet, Value) {
    let set = parse_cw(&sources());
    let vals = match cw_value(&values_json()) {
        Value::Map(m) => {
            let e = m.read().entries.clone();
            Value::typed_map(Some("common.Values"), Elem::Any, e)
        }
        v => v,
    };
    let mut top = BTreeMap::new();
    top.insert("Values".to_string(), vals);
    for (name, fields) in objects() {
        let m = fields
            .iter()
            .map(|(k, v)| (k.to_string(), cw_value(v)))
            .collect();
        top.insert(name.to_string(), Value::map(m));
    }
    (set, Value::map(top))
}

fn setup_gotmpl() -> (gotmpl::Template, gotmpl::Value) {
    let t = parse_gotmpl(&sources());
    let mut top = BTreeMap::new();
    top.insert(Arc::from("Values"), gt_value(&values_json()));
    for (name, fields) in objects() {
        let m = fields
            .iter()
            .map(|(k, v)| (Arc::from(*k), gt_value(v)))
            .collect();
        top.insert(Arc::from(name), gotmpl::Value::Map(Arc::new(m)));
    }
    (t, gotmpl::Value::Map(Arc::new(top)))
}

#[inline(never)]
fn run_cw(set: &TemplateSet, data: &Value) -> String {
    let mut out = String::with_capacity(8192);
    set.execute(MAIN, data.clone(), &mut out).unwrap();
    out
}

#[inline(never)]
fn run_gotmpl(t: &gotmpl::Template, data: &gotmpl::Value) -> String {
    let mut out = String::with_capacity(8192);
    t.execute_fmt(&mut out, data).unwrap();
    out
}

fn bench(c: &mut Criterion) {
    let (set, cw_data) = setup_cw();
    let (t, gt_data) = setup_gotmpl();
    let a = run_cw(&set, &cw_data);
    let b = run_gotmpl(&t, &gt_data);
    assert!(a.len() > 3000 && a.contains("kind: Ingress"), "{a}");
    assert_eq!(a, b, "both engines render the same text");
    let only = std::env::var("COMPARE_ONLY").unwrap_or_default();
    if let Some(n) = std::env::var("COMPARE_ITERS")
        .ok()
        .and_then(|n| n.parse::<u32>().ok())
    {
        for _ in 0..n {
            if only != "gotmpl" {
                std::hint::black_box(run_cw(&set, &cw_data));
            }
            if only != "cw" {
                std::hint::black_box(run_gotmpl(&t, &gt_data));
            }
        }
        return;
    }
    let mut g = c.benchmark_group("engine_only_vs_gotmpl");
    if only != "gotmpl" {
        g.bench_function("cw_template", |bch| bch.iter(|| run_cw(&set, &cw_data)));
    }
    if only != "cw" {
        g.bench_function("gotmpl", |bch| bch.iter(|| run_gotmpl(&t, &gt_data)));
    }
    g.finish();
    let src = sources();
    let mut g = c.benchmark_group("parse_vs_gotmpl");
    if only != "gotmpl" {
        g.bench_function("cw_template", |bch| bch.iter(|| parse_cw(&src)));
        // Into a set, as the engine parses (the set shares the parse's trees).
        g.bench_function("cw_template_parse_into", |bch| {
            bch.iter(|| {
                let mut set = TemplateSet::new("gotpl")
                    .with_funcs(FuncMap::new())
                    .with_missing_key(MissingKey::Zero);
                for (name, text) in &src {
                    assert!(set.parse_into(name, text).is_empty());
                }
                set
            })
        });
        // The parses alone (the set above also takes the trees in).
        g.bench_function("cw_syntax", |bch| {
            bch.iter(|| {
                src.iter()
                    .map(|(name, text)| {
                        let check = |f: &str| cw_template::BUILTIN_NAMES.contains(&f);
                        cw_syntax::parse(text, &cw_syntax::ParseOptions::new(name, &check))
                    })
                    .collect::<Vec<_>>()
            })
        });
    }
    if only != "cw" {
        g.bench_function("gotmpl", |bch| bch.iter(|| parse_gotmpl(&src)));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
