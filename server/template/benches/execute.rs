//! Executes a 280-line Helm-like chart template (deployment + service + ingress through
//! `include`d helpers) over realistic values. Sprig/Helm functions are minimal stand-ins
//! registered here (`quote` does not escape), so the figure measures the engine (reference: Go's
//! text/template ~30 µs). The `source_map` group runs the same execution with and
//! without recording a source map, so the ratio on/off comes from one run.

use std::collections::BTreeMap;

use criterion::{criterion_group, criterion_main, Criterion};
use cw_template::{Elem, FuncError, FuncMap, MissingKey, Signature, TemplateSet, Value};

fn from_json(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Nil,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => Value::Float(n.as_f64().unwrap_or(0.0)),
        serde_json::Value::String(s) => Value::str(s),
        serde_json::Value::Array(a) => Value::list(a.iter().map(from_json).collect()),
        serde_json::Value::Object(o) => {
            Value::map(o.iter().map(|(k, v)| (k.clone(), from_json(v))).collect())
        }
    }
}

/// The string form Sprig's functions use (`fmt.Sprint` for non-strings), borrowed when possible.
fn to_s(v: &Value) -> std::borrow::Cow<'_, str> {
    match v {
        Value::String(s) => std::borrow::Cow::Borrowed(s),
        Value::Nil => std::borrow::Cow::Borrowed(""),
        other => std::borrow::Cow::Owned(cw_template::fmt::sprint(std::slice::from_ref(other))),
    }
}

fn funcs() -> FuncMap {
    let mut f = FuncMap::new();
    f.add("default", Signature::variadic(1), |_, mut a| {
        let given = if a.len() > 1 {
            a.swap_remove(1)
        } else {
            Value::Nil
        };
        Ok(if given.truth() {
            given
        } else {
            a.swap_remove(0)
        })
    });
    f.add("trunc63", Signature::fixed(1), |_, a| {
        let s = to_s(&a[0]);
        match s.char_indices().nth(63) {
            Some((i, _)) => Ok(Value::str(&s[..i])),
            None => Ok(match &a[0] {
                Value::String(_) => a[0].clone(),
                _ => Value::str(&s),
            }),
        }
    });
    f.add("trimSuffix", Signature::fixed(2), |_, a| {
        let s = to_s(&a[1]);
        let suf = to_s(&a[0]);
        match s.strip_suffix(&*suf) {
            Some(t) if !suf.is_empty() => Ok(Value::str(t)),
            _ => Ok(match &a[1] {
                Value::String(_) => a[1].clone(),
                _ => Value::str(&s),
            }),
        }
    });
    f.add("contains", Signature::fixed(2), |_, a| {
        Ok(Value::Bool(to_s(&a[1]).contains(&*to_s(&a[0]))))
    });
    f.add("replace", Signature::fixed(3), |_, a| {
        Ok(Value::string(
            to_s(&a[2]).replace(&*to_s(&a[0]), &to_s(&a[1])),
        ))
    });
    f.add("quote", Signature::variadic(0), |_, a| {
        let s = to_s(&a[0]);
        let mut q = String::with_capacity(s.len() + 2);
        q.push('"');
        q.push_str(&s);
        q.push('"');
        Ok(Value::string(q))
    });
    f.add("upper", Signature::fixed(1), |_, a| {
        Ok(Value::string(to_s(&a[0]).to_uppercase()))
    });
    f.add("nindent", Signature::fixed(2), |_, a| {
        let n = match a[0] {
            Value::Int(i) => i as usize,
            _ => 0,
        };
        let s = to_s(&a[1]);
        let mut out = String::with_capacity(s.len() + 16 * n);
        out.push('\n');
        for (i, line) in s.split('\n').enumerate() {
            if i > 0 {
                out.push('\n');
            }
            for _ in 0..n {
                out.push(' ');
            }
            out.push_str(line);
        }
        Ok(Value::string(out))
    });
    f.add("dict", Signature::variadic(0), |_, a| {
        let mut m = BTreeMap::new();
        let mut it = a.into_iter();
        while let Some(k) = it.next() {
            m.insert(to_s(&k).into_owned(), it.next().unwrap_or(Value::Nil));
        }
        Ok(Value::map(m))
    });
    f.add("include", Signature::fixed(2), |ctx, mut a| {
        let data = a.pop().unwrap_or(Value::Nil);
        let name = to_s(&a[0]);
        ctx.execute_template(&name, data)
            .map(Value::string)
            .map_err(FuncError::from)
    });
    f
}

fn setup() -> (TemplateSet, Value) {
    setup_files("helpers.tpl", "deployment.yaml", funcs())
}

/// The same chart with every function call removed (`include` became `template`): the figure
/// of the engine alone.
fn setup_engine_only() -> (TemplateSet, Value) {
    setup_files("engine_helpers.tpl", "engine_only.yaml", FuncMap::new())
}

fn setup_files(helpers: &str, main: &str, funcs: FuncMap) -> (TemplateSet, Value) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/");
    let helpers = std::fs::read_to_string(format!("{dir}{helpers}")).unwrap();
    let deployment = std::fs::read_to_string(format!("{dir}{main}")).unwrap();
    let values: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{dir}values.json")).unwrap())
            .unwrap();
    let mut set = TemplateSet::new("gotpl")
        .with_funcs(funcs)
        .with_missing_key(MissingKey::Zero);
    for (name, text) in [
        ("app/templates/_helpers.tpl", helpers.as_str()),
        ("app/templates/deployment.yaml", deployment.as_str()),
    ] {
        let p = set.parse_and_add(name, text);
        assert!(!p.has_errors(), "{:?}", p.errors);
    }
    let vals = match from_json(&values) {
        Value::Map(m) => {
            let e = m.read().entries.clone();
            Value::typed_map(Some("common.Values"), Elem::Any, e)
        }
        v => v,
    };
    let chart = Value::map_from([
        ("Name", Value::str("app")),
        ("Version", Value::str("1.2.3")),
        ("AppVersion", Value::str("1.24.3")),
    ]);
    let release = Value::map_from([
        ("Name", Value::str("prod")),
        ("Namespace", Value::str("payments")),
        ("Service", Value::str("Helm")),
        ("IsInstall", Value::Bool(true)),
        ("Revision", Value::Int(1)),
    ]);
    let data = Value::map_from([("Values", vals), ("Chart", chart), ("Release", release)]);
    (set, data)
}

fn bench(c: &mut Criterion) {
    eprintln!("steps, output bytes: {:?}", steps_probe());
    let (set, data) = setup();
    let mut out = String::new();
    set.execute("app/templates/deployment.yaml", data.clone(), &mut out)
        .expect("renders");
    assert!(out.len() > 4000 && out.contains("kind: Ingress"), "{out}");
    c.bench_function("execute_deployment_280_lines", |b| {
        b.iter(|| {
            let mut out = String::with_capacity(8192);
            set.execute("app/templates/deployment.yaml", data.clone(), &mut out)
                .unwrap();
            out
        })
    });
}

/// The same execution recording a source map, next to the plain one: the cost of mapping.
fn bench_mapped(c: &mut Criterion) {
    let (set, data) = setup();
    let mut g = c.benchmark_group("source_map");
    g.bench_function("off", |b| {
        b.iter(|| {
            let mut out = String::with_capacity(8192);
            set.execute("app/templates/deployment.yaml", data.clone(), &mut out)
                .unwrap();
            out
        })
    });
    g.bench_function("on", |b| {
        b.iter(|| {
            let mut out = String::with_capacity(8192);
            let mut map = cw_template::SourceMap::new();
            set.execute_with_budget_mapped(
                "app/templates/deployment.yaml",
                data.clone(),
                &mut out,
                &mut cw_template::Budget::default(),
                &mut map,
            )
            .unwrap();
            (out, map)
        })
    });
    g.finish();
}

fn bench_engine_only(c: &mut Criterion) {
    let (set, data) = setup_engine_only();
    let mut out = String::new();
    set.execute("app/templates/deployment.yaml", data.clone(), &mut out)
        .expect("renders");
    assert!(out.len() > 3000 && out.contains("kind: Ingress"), "{out}");
    c.bench_function("execute_deployment_engine_only", |b| {
        b.iter(|| {
            let mut out = String::with_capacity(8192);
            set.execute("app/templates/deployment.yaml", data.clone(), &mut out)
                .unwrap();
            out
        })
    });
}

criterion_group!(benches, bench, bench_engine_only, bench_mapped);
criterion_main!(benches);

/// Steps and output size of one execution, printed with the figures.
fn steps_probe() -> (u64, usize) {
    let (set, data) = if std::env::var_os("ENGINE_ONLY").is_some() {
        setup_engine_only()
    } else {
        setup()
    };
    let mut out = String::new();
    let mut b = cw_template::Budget::default();
    set.execute_with_budget("app/templates/deployment.yaml", data, &mut out, &mut b)
        .unwrap();
    (b.steps(), out.len())
}
