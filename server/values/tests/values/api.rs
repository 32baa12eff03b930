//! The API the engine and the language server use: the per-chart `.Values` tree, source
//! ranges of values, Go values for toJson, typed inputs, and hostile chart trees.

use std::path::Path;

use cw_chart::MemoryFs;
use cw_template::Value;
use cw_values::{
    compute, merge_user_values, to_go_value, ComputeOptions, ValueOptions, ValuesSource,
};

fn json(v: &Value) -> String {
    cw_yaml::go_json_marshal(&to_go_value(v))
}

fn load(files: &[(&str, &str)]) -> cw_chart::Chart {
    let mut fs = MemoryFs::new();
    for (p, t) in files {
        fs.insert_file(Path::new("/c").join(p), t.as_bytes());
    }
    let r = cw_chart::load(&fs, Path::new("/c"));
    assert_eq!(r.helm_error, None);
    r.chart
}

fn no_files(p: &str) -> Result<String, String> {
    Err(format!("open {p}: no such file or directory"))
}

#[test]
fn chart_tree_with_aliases_and_scoped_values() {
    let chart = load(&[
        (
            "Chart.yaml",
            "apiVersion: v2\nname: p\nversion: 1.0.0\ndependencies:\n- name: sub\n  version: 0.1.0\n  alias: one\n- name: sub\n  version: 0.1.0\n  alias: two\n  condition: two.enabled\n",
        ),
        ("values.yaml", "one: {v: 1}\ntwo: {enabled: false}\nglobal: {g: x}\n"),
        ("charts/sub/Chart.yaml", "apiVersion: v2\nname: sub\nversion: 0.1.0\n"),
        ("charts/sub/values.yaml", "v: 0\nd: default\n"),
    ]);
    let r = compute(&chart, &cw_values::empty_map(), &ComputeOptions::default());
    assert_eq!(r.helm_error(), None);
    assert_eq!(r.root.name, "p");
    assert_eq!(r.values().type_name(), "common.Values");
    let names: Vec<&str> = r.root.subcharts.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["one"], "two is disabled by its condition");
    assert_eq!(
        r.disabled,
        [cw_values::DisabledDependency {
            parent: vec![],
            name: "two".into(),
            reason: cw_values::DisabledBy::Condition("two.enabled".into()),
        }]
    );
    let one = &r.root.subcharts[0];
    assert_eq!(one.path, ["one"]);
    assert_eq!(one.chart.name(), "sub");
    assert_eq!(one.values.type_name(), "common.Values");
    assert_eq!(
        json(&one.values),
        r#"{"d":"default","global":{"g":"x"},"v":1}"#
    );
    assert_eq!(r.root.walk().len(), 2);
    let src = cw_values::values_source(one.chart).expect("values.yaml");
    assert_eq!(src.file, "charts/sub/values.yaml");
    assert!(src.get("/d").is_some());
}

#[test]
fn user_values_override_and_null_deletes() {
    let chart = load(&[
        ("Chart.yaml", "apiVersion: v2\nname: p\nversion: 1.0.0\n"),
        ("values.yaml", "a: 1\nm: {x: 1, z: 2}\nl: [1, 2]\n"),
    ]);
    let opts = ValueOptions {
        value_files: vec![("f.yaml".into(), "m: {x: null}\nl: [3]\n".into())],
        values: vec!["a=10".into()],
        ..Default::default()
    };
    let user = merge_user_values(&opts, &no_files).unwrap();
    assert_eq!(user.sources.len(), 1);
    let r = compute(&chart, &user.values, &ComputeOptions::default());
    assert_eq!(json(r.values()), r#"{"a":10,"l":[3],"m":{"z":2}}"#);
    let Value::Map(m) = r.values() else {
        panic!("map")
    };
    assert_eq!(m.get("a").unwrap().type_name(), "int64");
    // A common.Values as input behaves like a plain map.
    let typed = cw_values::as_values_type(&user.values);
    let again = compute(&chart, &typed, &ComputeOptions::default());
    assert_eq!(json(again.values()), json(r.values()));
}

#[test]
fn errors_are_reported_with_values_kept_best_effort() {
    let chart = load(&[
        ("Chart.yaml", "apiVersion: v2\nname: p\nversion: 1.0.0\ndependencies:\n- name: sub\n  version: 0.1.0\n"),
        ("values.yaml", "sub: 5\n"),
        ("charts/sub/Chart.yaml", "apiVersion: v2\nname: sub\nversion: 0.1.0\n"),
    ]);
    let r = compute(&chart, &cw_values::empty_map(), &ComputeOptions::default());
    assert_eq!(
        r.helm_error().as_deref(),
        Some("chart dependencies processing failed: type mismatch on sub: %!t(float64=5)")
    );
    assert!(r.warnings.iter().any(|w| w.starts_with("level=ERROR")));
}

#[test]
fn schema_errors_name_the_chart_and_location() {
    let chart = load(&[
        ("Chart.yaml", "apiVersion: v2\nname: p\nversion: 1.0.0\n"),
        ("values.yaml", "image: {tag: 1}\n"),
        (
            "values.schema.json",
            r#"{"properties":{"image":{"properties":{"tag":{"type":"string"}}}}}"#,
        ),
    ]);
    let r = compute(&chart, &cw_values::empty_map(), &ComputeOptions::default());
    let s = r.schema.as_ref().expect("schema error");
    assert_eq!(s.charts[0].chart, "p");
    assert_eq!(s.charts[0].violations[0].instance_location, "/image/tag");
    assert_eq!(
        r.helm_error().unwrap(),
        "values don't meet the specifications of the schema(s) in the following chart(s):\np:\n- at '/image/tag': got number, want string\n"
    );
    let skipped = compute(
        &chart,
        &cw_values::empty_map(),
        &ComputeOptions {
            skip_schema_validation: true,
        },
    );
    assert_eq!(skipped.helm_error(), None);
}

#[test]
fn source_table_maps_pointers_to_ranges() {
    let text = "image:\n  tag: \"1.0\"\nlist:\n- a\n- {b: 2}\n\"x/y~z\": 1\n";
    let loaded = cw_yaml::load(text);
    let src = ValuesSource::new("values.yaml", loaded.root.as_slice());
    let slice = |p: &str| {
        let s = src.get(p).unwrap_or_else(|| panic!("no {p}"));
        (
            &text[s.key_range.start() as usize..s.key_range.end() as usize],
            &text[s.range.start() as usize..s.range.end() as usize],
        )
    };
    assert_eq!(slice("/image/tag"), ("tag", "\"1.0\""));
    assert_eq!(slice("/list/0"), ("a", "a"));
    assert_eq!(slice("/list/1/b"), ("b", "2"));
    assert_eq!(slice("/x~1y~0z"), ("\"x/y~z\"", "1"));
    assert_eq!(src.get_path(&["image", "tag"]), src.get("/image/tag"));
    assert!(src.get("/nope").is_none());
    assert_eq!(src.file, "values.yaml");
}

#[test]
fn go_values_for_json() {
    let v = Value::map_from([
        ("b", Value::Bytes(std::sync::Arc::from(&b"hi"[..]))),
        ("c", Value::Complex(1.0, 2.0)),
    ]);
    // complex128 cannot be encoded: toJson prints nothing, as Helm's does.
    assert_eq!(json(&v), "");
    let v = Value::map_from([("b", Value::Bytes(std::sync::Arc::from(&b"hi"[..])))]);
    assert_eq!(json(&v), r#"{"b":"aGk="}"#);
}

#[test]
fn alias_bombs_are_bounded() {
    // Ten aliases of a chart that itself has ten aliases of another: 1 + 10 + 100 charts is
    // fine; a third level would make 1,111 and a fourth 11,111.
    let mut files: Vec<(String, String)> = Vec::new();
    let deps = |name: &str| {
        let mut s = String::from("dependencies:\n");
        for i in 0..10 {
            s.push_str(&format!(
                "- name: {name}\n  version: 0.1.0\n  alias: {name}{i}\n"
            ));
        }
        s
    };
    files.push((
        "Chart.yaml".into(),
        format!("apiVersion: v2\nname: p\nversion: 0.1.0\n{}", deps("a")),
    ));
    let mut prefix = String::from("charts/a/");
    for (name, next) in [
        ("a", Some("b")),
        ("b", Some("c")),
        ("c", Some("d")),
        ("d", None),
    ] {
        let mut chart_yaml = format!("apiVersion: v2\nname: {name}\nversion: 0.1.0\n");
        if let Some(n) = next {
            chart_yaml.push_str(&deps(n));
        }
        files.push((format!("{prefix}Chart.yaml"), chart_yaml));
        if let Some(n) = next {
            prefix = format!("{prefix}charts/{n}/");
        }
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let chart = load(&refs);
    let r = compute(&chart, &cw_values::empty_map(), &ComputeOptions::default());
    let e = r.helm_error().expect("bounded");
    assert!(e.contains("more than 2000 charts"), "{e}");
}

#[test]
fn hostile_schemas_end_in_bounded_time() {
    let values = cw_values::strvals::parse("a.a.a.a=1,b=x").unwrap();
    for schema in [
        r##"{"$ref": "#"}"##,
        r##"{"properties": {"a": {"$ref": "#"}}, "type": "object"}"##,
        r##"{"$defs": {"x": {"$ref": "#/$defs/y"}, "y": {"$ref": "#/$defs/x"}}, "$ref": "#/$defs/x"}"##,
        r#"{"properties": {"b": {"pattern": "^(a+)+$"}}}"#,
        r#"{"type": 5}"#,
        r#"{"$ref": "http://example.invalid/schema.json"}"#,
        &format!("{}{}", "[".repeat(5000), "]".repeat(5000)),
    ] {
        // Either verdict is fine; it must come back.
        let _ = cw_values::schema::validate_values(schema.as_bytes(), &values);
    }
}
