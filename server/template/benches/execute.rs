//! Executes a 280-line Helm-like chart template (deployment + service + ingress through
//! `include`d helpers) over realistic values. Sprig/Helm functions are minimal stand-ins
//! registered here, so the figure measures the engine (reference: Go's text/template ~30 µs).

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

fn to_s(v: &Value) -> String {
    match v {
        Value::String(s) => s.to_string(),
        Value::Nil => String::new(),
        other => cw_template::fmt::sprint(std::slice::from_ref(other)),
    }
}

fn funcs() -> FuncMap {
    let mut f = FuncMap::new();
    f.add("default", Signature::variadic(1), |_, a| {
        let given = a.get(1).cloned().unwrap_or(Value::Nil);
        Ok(if given.truth() { given } else { a[0].clone() })
    });
    f.add("trunc63", Signature::fixed(1), |_, a| {
        let s = to_s(&a[0]);
        Ok(Value::string(s.chars().take(63).collect()))
    });
    f.add("trimSuffix", Signature::fixed(2), |_, a| {
        let s = to_s(&a[1]);
        let suf = to_s(&a[0]);
        Ok(Value::str(s.strip_suffix(&suf).unwrap_or(&s)))
    });
    f.add("contains", Signature::fixed(2), |_, a| {
        Ok(Value::Bool(to_s(&a[1]).contains(&to_s(&a[0]))))
    });
    f.add("replace", Signature::fixed(3), |_, a| {
        Ok(Value::string(
            to_s(&a[2]).replace(&to_s(&a[0]), &to_s(&a[1])),
        ))
    });
    f.add("quote", Signature::variadic(0), |_, a| {
        Ok(Value::string(format!("{:?}", to_s(&a[0]))))
    });
    f.add("upper", Signature::fixed(1), |_, a| {
        Ok(Value::string(to_s(&a[0]).to_uppercase()))
    });
    f.add("nindent", Signature::fixed(2), |_, a| {
        let n = match a[0] {
            Value::Int(i) => i as usize,
            _ => 0,
        };
        let pad = " ".repeat(n);
        let s = to_s(&a[1]);
        Ok(Value::string(format!(
            "\n{pad}{}",
            s.replace('\n', &format!("\n{pad}"))
        )))
    });
    f.add("dict", Signature::variadic(0), |_, a| {
        let mut m = BTreeMap::new();
        for kv in a.chunks(2) {
            m.insert(to_s(&kv[0]), kv.get(1).cloned().unwrap_or(Value::Nil));
        }
        Ok(Value::map(m))
    });
    f.add("include", Signature::fixed(2), |ctx, a| {
        let name = to_s(&a[0]);
        ctx.execute_template(&name, a[1].clone())
            .map(Value::string)
            .map_err(FuncError::from)
    });
    f
}

fn setup() -> (TemplateSet, Value) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/");
    let helpers = std::fs::read_to_string(format!("{dir}helpers.tpl")).unwrap();
    let deployment = std::fs::read_to_string(format!("{dir}deployment.yaml")).unwrap();
    let values: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{dir}values.json")).unwrap())
            .unwrap();
    let mut set = TemplateSet::new("gotpl")
        .with_funcs(funcs())
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

criterion_group!(benches, bench);
criterion_main!(benches);

/// One execution of the benchmark template (also used to profile it outside criterion).
#[allow(dead_code)]
pub fn steps_probe_exec() -> usize {
    thread_local! {
        static SETUP: (TemplateSet, Value) = setup();
    }
    SETUP.with(|(set, data)| {
        let mut out = String::with_capacity(8192);
        set.execute("app/templates/deployment.yaml", data.clone(), &mut out)
            .unwrap();
        out.len()
    })
}

#[allow(dead_code)]
pub fn steps_probe() -> (u64, usize) {
    let (set, data) = setup();
    let mut out = String::new();
    let mut b = cw_template::Budget::default();
    set.execute_with_budget("app/templates/deployment.yaml", data, &mut out, &mut b)
        .unwrap();
    (b.steps(), out.len())
}
