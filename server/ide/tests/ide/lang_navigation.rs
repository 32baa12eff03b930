//! Go to definition, references and rename for template names (`define` / `include` /
//! `template`), `.Chart.*` members and `$variables`. `$0` is the cursor.

use cw_ide::fixture::Fixture;
use cw_ide::{FileRange, RenameTarget, TextRange};

/// Renders file ranges as `path:text` for readable assertions.
fn show(f: &Fixture, ranges: &[FileRange]) -> Vec<String> {
    let snap = f.host.snapshot();
    ranges
        .iter()
        .map(|r| {
            let text = snap.file_text(&r.path).unwrap();
            let rel = r.path.strip_prefix(&f.root).unwrap().display();
            format!("{rel}@{}:{}", r.range.start(), &text[r.range.to_usize()])
        })
        .collect()
}

const HELPERS: &str = r#"
//- /Chart.yaml
apiVersion: v2
name: demo
version: 0.1.0
appVersion: "2.0"
//- /templates/_helpers.tpl
{{- define "demo.name" -}}
{{ .Chart.Name }}
{{- end }}
{{- define "demo.labels" -}}
name: {{ include "demo.name" . }}
{{- end }}
//- /charts/sub/Chart.yaml
apiVersion: v2
name: sub
version: 0.1.0
//- /charts/sub/templates/x.yaml
n: {{ include "demo.name" $ }}
"#;

fn fixture(extra: &str) -> Fixture {
    let indent = extra
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let extra: String = extra
        .lines()
        .map(|l| format!("{}\n", l.get(indent..).unwrap_or(l.trim_start())))
        .collect();
    Fixture::parse(&format!("{HELPERS}{extra}"))
}

#[test]
fn include_goes_to_the_define() {
    let f = fixture(
        r#"
        //- /templates/cm.yaml
        {{ include "demo.na$0me" . }}
        "#,
    );
    let (path, offset) = f.cursor();
    let got = f.host.snapshot().goto_definition(path, offset).unwrap();
    assert_eq!(show(&f, &got), ["templates/_helpers.tpl@12:demo.name"]);
}

#[test]
fn a_name_defined_twice_has_two_definitions() {
    let f = fixture(
        r#"
        //- /templates/other.tpl
        {{ define "demo.name" }}again{{ end }}
        //- /templates/cm.yaml
        {{ template "demo.name$0" . }}
        "#,
    );
    let (path, offset) = f.cursor();
    let got = f.host.snapshot().goto_definition(path, offset).unwrap();
    assert_eq!(
        show(&f, &got),
        [
            "templates/_helpers.tpl@12:demo.name",
            "templates/other.tpl@11:demo.name"
        ]
    );
}

#[test]
fn chart_name_goes_to_chart_yaml() {
    let f = fixture(
        r#"
        //- /templates/cm.yaml
        v: {{ .Chart.AppVer$0sion }}
        "#,
    );
    let (path, offset) = f.cursor();
    let got = f.host.snapshot().goto_definition(path, offset).unwrap();
    assert_eq!(show(&f, &got), ["Chart.yaml@41:appVersion"]);
    // A subchart's template goes to its own Chart.yaml.
    let f = fixture(
        r#"
        //- /charts/sub/templates/y.yaml
        v: {{ .Chart.Na$0me }}
        "#,
    );
    let (path, offset) = f.cursor();
    let got = f.host.snapshot().goto_definition(path, offset).unwrap();
    assert_eq!(show(&f, &got), ["charts/sub/Chart.yaml@15:name"]);
}

#[test]
fn a_variable_goes_to_its_declaration() {
    let f = fixture(
        r#"
        //- /templates/cm.yaml
        {{- $x := 1 }}
        {{- range $x := .Values.list }}{{ $x$0 }}{{ end }}
        "#,
    );
    let (path, offset) = f.cursor();
    let got = f.host.snapshot().goto_definition(path, offset).unwrap();
    // The inner declaration shadows the outer one.
    assert_eq!(show(&f, &got), ["templates/cm.yaml@25:$x"]);
}

#[test]
fn references_of_a_define_across_the_chart_tree() {
    let f = fixture(
        r#"
        //- /templates/cm.yaml
        {{ template "demo.name" . }}
        "#,
    );
    // From the define itself.
    let snap = f.host.snapshot();
    let helpers = f.path("/templates/_helpers.tpl");
    let on_define = 14; // inside "demo.name" of the first define
    let with_decl = snap.references(&helpers, on_define, true).unwrap();
    assert_eq!(
        show(&f, &with_decl),
        [
            "charts/sub/templates/x.yaml@15:demo.name",
            "templates/_helpers.tpl@12:demo.name",
            "templates/_helpers.tpl@103:demo.name",
            "templates/cm.yaml@13:demo.name",
        ]
    );
    let uses_only = snap.references(&helpers, on_define, false).unwrap();
    assert_eq!(uses_only.len(), 3);
}

#[test]
fn references_of_a_variable_within_its_scope() {
    let f = fixture(
        r#"
        //- /templates/cm.yaml
        {{- $v := 1 }}{{ $v$0 }}
        {{- if true }}{{ $v = 2 }}{{ $v := 3 }}{{ $v }}{{ end }}
        {{ $v }}
        "#,
    );
    let (path, offset) = f.cursor();
    let got = f.host.snapshot().references(path, offset, true).unwrap();
    // The assignment inside `if` is the outer `$v`; the redeclaration starts a new one.
    assert_eq!(
        show(&f, &got),
        [
            "templates/cm.yaml@4:$v",
            "templates/cm.yaml@17:$v",
            "templates/cm.yaml@40:$v",
            "templates/cm.yaml@83:$v",
        ]
    );
}

#[test]
fn rename_a_define_everywhere() {
    let f = fixture(
        r#"
        //- /templates/cm.yaml
        {{ include "demo.name$0" . }}
        "#,
    );
    let (path, offset) = f.cursor();
    let snap = f.host.snapshot();
    assert_eq!(
        snap.prepare_rename(path, offset).unwrap(),
        Some(RenameTarget {
            range: TextRange::new(12, 21),
            placeholder: "demo.name".into()
        })
    );
    let change = snap.rename(path, offset, "demo.appName").unwrap().unwrap();
    let mut got = Vec::new();
    for (p, edits) in &change.edits {
        for e in edits {
            let rel = p.strip_prefix(&f.root).unwrap().display().to_string();
            got.push(format!("{rel} {:?} -> {}", e.range, e.new_text));
        }
    }
    assert_eq!(
        got,
        [
            "charts/sub/templates/x.yaml 15..24 -> demo.appName",
            "templates/_helpers.tpl 12..21 -> demo.appName",
            "templates/_helpers.tpl 103..112 -> demo.appName",
            "templates/cm.yaml 12..21 -> demo.appName",
        ]
    );
}

#[test]
fn rename_a_define_refuses_a_taken_or_bad_name() {
    let f = fixture(
        r#"
        //- /templates/cm.yaml
        {{ include "demo.name$0" . }}
        "#,
    );
    let (path, offset) = f.cursor();
    let snap = f.host.snapshot();
    assert_eq!(
        snap.rename(path, offset, "demo.labels").unwrap(),
        Err("a template named `demo.labels` is already defined in templates/_helpers.tpl".into())
    );
    assert!(snap.rename(path, offset, "bad\"name").unwrap().is_err());
}

#[test]
fn rename_a_variable_within_its_scope() {
    let f = fixture(
        r#"
        //- /templates/cm.yaml
        {{- range $i, $item := .Values.list }}{{ $item$0.name }}{{ $item }}{{ end }}
        {{- $item := 1 }}{{ $item }}
        "#,
    );
    let (path, offset) = f.cursor();
    let snap = f.host.snapshot();
    assert_eq!(
        snap.prepare_rename(path, offset).unwrap(),
        Some(RenameTarget {
            range: TextRange::new(41, 46),
            placeholder: "$item".into()
        })
    );
    let change = snap.rename(path, offset, "entry").unwrap().unwrap();
    let text = snap.file_text(path).unwrap();
    let mut new = text.to_string();
    for e in change.edits[path].iter().rev() {
        new.replace_range(e.range.to_usize(), &e.new_text);
    }
    assert_eq!(
        new,
        "{{- range $i, $entry := .Values.list }}{{ $entry.name }}{{ $entry }}{{ end }}\n{{- $item := 1 }}{{ $item }}\n"
    );
    assert!(snap.rename(path, offset, "$not-a-name").unwrap().is_err());
}

#[test]
fn dollar_and_functions_cannot_be_renamed() {
    let f = fixture(
        r#"
        //- /templates/cm.yaml
        {{ $$0.Values.x | quote }}
        "#,
    );
    let (path, offset) = f.cursor();
    assert_eq!(
        f.host.snapshot().prepare_rename(path, offset).unwrap(),
        None
    );
}
