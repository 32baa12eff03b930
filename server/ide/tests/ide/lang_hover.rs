//! Hover in templates (template-language side): functions, built-in objects and members,
//! `include`/`template` names, variables. `$0` is the cursor.

use cw_ide::fixture::Fixture;
use cw_ide::{HoverResult, TextRange};

fn hover(fixture: &str) -> Option<HoverResult> {
    let f = Fixture::parse(fixture);
    let (path, offset) = f.cursor();
    f.host.snapshot().hover(path, offset).unwrap()
}

#[test]
fn a_function_shows_its_signature_docs_and_example() {
    let h = hover(
        r#"
        //- /Chart.yaml
        apiVersion: v2
        name: demo
        version: 0.1.0
        //- /templates/cm.yaml
        name: {{ .Release.Name | tru$0nc 63 }}
        "#,
    )
    .unwrap();
    let start = "name: {{ .Release.Name | ".len() as u32;
    assert_eq!(h.range, TextRange::new(start, start + 5));
    assert!(h.markdown.starts_with("```go\ntrunc("), "{}", h.markdown);
    assert!(h.markdown.contains("Example:"), "{}", h.markdown);
}

#[test]
fn a_go_builtin_has_written_docs() {
    let h = hover(
        r#"
        //- /Chart.yaml
        apiVersion: v2
        name: demo
        version: 0.1.0
        //- /templates/cm.yaml
        {{ if a$0nd .Values.a .Values.b }}x{{ end }}
        "#,
    )
    .unwrap();
    expect_test::expect![[r#"
        ```go
        and(arg0 any, args ...any) any
        ```
        Returns the first empty argument or the last argument: `and x y` behaves as `if x then y else x`. Arguments are evaluated left to right and evaluation stops at the first empty one.

        *Go template builtin*

        Example:
        ```gotmpl
        {{ if and .Values.ingress.enabled .Values.ingress.tls }}tls: true{{ end }}
        ```"#]]
    .assert_eq(&h.markdown);
}

#[test]
fn a_built_in_member() {
    let h = hover(
        r#"
        //- /Chart.yaml
        apiVersion: v2
        name: demo
        version: 0.1.0
        //- /templates/cm.yaml
        ns: {{ .Release.Names$0pace }}
        "#,
    )
    .unwrap();
    expect_test::expect![[r#"
        ```go
        .Release.Namespace string
        ```
        The namespace the release is installed into (`--namespace`).

        Example:
        ```gotmpl
        namespace: {{ .Release.Namespace }}
        ```"#]]
    .assert_eq(&h.markdown);
    let start = "ns: {{ .Release.".len() as u32;
    assert_eq!(h.range, TextRange::new(start, start + 9));
}

#[test]
fn a_built_in_object_and_a_method_through_dollar() {
    let h = hover(
        r#"
        //- /Chart.yaml
        apiVersion: v2
        name: demo
        version: 0.1.0
        //- /templates/cm.yaml
        {{ range .Values.x }}{{ $.Capabilities.APIVersions.H$0as "v1" }}{{ end }}
        "#,
    )
    .unwrap();
    assert!(
        h.markdown
            .starts_with("```go\nmethod .Capabilities.APIVersions.Has func(string) bool\n```"),
        "{}",
        h.markdown
    );
    let h = hover(
        r#"
        //- /Chart.yaml
        apiVersion: v2
        name: demo
        version: 0.1.0
        //- /templates/cm.yaml
        {{ .Cap$0abilities.KubeVersion.Minor }}
        "#,
    )
    .unwrap();
    assert!(
        h.markdown.contains("What the cluster supports"),
        "{}",
        h.markdown
    );
}

#[test]
fn include_shows_the_defines_body_and_file() {
    let h = hover(
        r#"
        //- /Chart.yaml
        apiVersion: v2
        name: demo
        version: 0.1.0
        //- /templates/_helpers.tpl
        {{- define "demo.labels" -}}
        app: {{ .Chart.Name }}
        release: {{ .Release.Name }}
        {{- end }}
        //- /templates/cm.yaml
        metadata:
          labels: {{- include "demo.lab$0els" . | nindent 4 }}
        "#,
    )
    .unwrap();
    expect_test::expect![[r#"
        ```gotmpl
        {{ define "demo.labels" }}
        app: {{ .Chart.Name }}
        release: {{ .Release.Name }}
        {{ end }}
        ```
        Defined in `templates/_helpers.tpl`"#]]
    .assert_eq(&h.markdown);
    // The range is the name inside the quotes.
    let start = "metadata:\n  labels: {{- include \"".len() as u32;
    assert_eq!(
        h.range,
        TextRange::new(start, start + "demo.labels".len() as u32)
    );
}

#[test]
fn template_action_name_from_a_subchart_define() {
    let h = hover(
        r#"
        //- /Chart.yaml
        apiVersion: v2
        name: demo
        version: 0.1.0
        //- /templates/cm.yaml
        {{ template "sub.na$0me" . }}
        //- /charts/sub/Chart.yaml
        apiVersion: v2
        name: sub
        version: 0.1.0
        //- /charts/sub/templates/_h.tpl
        {{ define "sub.name" }}sub{{ end }}
        "#,
    )
    .unwrap();
    assert!(h.markdown.contains("\nsub\n"), "{}", h.markdown);
    assert!(
        h.markdown
            .contains("Defined in `charts/sub/templates/_h.tpl`"),
        "{}",
        h.markdown
    );
}

#[test]
fn an_undefined_template_name_says_so() {
    let h = hover(
        r#"
        //- /Chart.yaml
        apiVersion: v2
        name: demo
        version: 0.1.0
        //- /templates/cm.yaml
        {{ include "nope$0" . }}
        "#,
    )
    .unwrap();
    assert_eq!(
        h.markdown,
        "No template named `nope` is defined in this chart or its subcharts."
    );
}

#[test]
fn a_variable_shows_its_declaration() {
    let h = hover(
        r#"
        //- /Chart.yaml
        apiVersion: v2
        name: demo
        version: 0.1.0
        //- /templates/cm.yaml
        {{- $fullname := printf "%s-%s" .Release.Name .Chart.Name | trunc 63 }}
        name: {{ $full$0name }}
        "#,
    )
    .unwrap();
    expect_test::expect![[r#"
        ```gotmpl
        $fullname := printf "%s-%s" .Release.Name .Chart.Name | trunc 63
        ```
        Declared on line 1."#]]
    .assert_eq(&h.markdown);
}

#[test]
fn dollar_is_the_root() {
    let h = hover(
        r#"
        //- /Chart.yaml
        apiVersion: v2
        name: demo
        version: 0.1.0
        //- /templates/cm.yaml
        {{ range .Values.hosts }}{{ $$0.Release.Name }}{{ end }}
        "#,
    )
    .unwrap();
    assert!(h.markdown.contains("top-level object"), "{}", h.markdown);
}

#[test]
fn nothing_for_values_paths_and_inside_with() {
    // `.Values.x` belongs to the values module (which answers from the values files).
    let f = Fixture::parse(
        r#"
        //- /Chart.yaml
        apiVersion: v2
        name: demo
        version: 0.1.0
        //- /templates/cm.yaml
        {{ with .Values.x }}{{ .Rele$0ase }}{{ end }}
        "#,
    );
    let (path, offset) = f.cursor();
    // (The values module may describe `.Release` as a field of `.Values.x`; not as the built-in.)
    let h = f.host.snapshot().hover(path, offset).unwrap();
    assert!(h.is_none_or(|h| !h.markdown.contains("The release being installed")));
}

#[test]
fn a_member_through_a_variable_holding_the_root() {
    let h = hover(
        r#"
        //- /Chart.yaml
        apiVersion: v2
        name: demo
        version: 0.1.0
        //- /templates/cm.yaml
        {{- $top := . }}{{ with .Values.x }}{{ $top.Release.Rev$0ision }}{{ end }}
        "#,
    )
    .unwrap();
    assert!(
        h.markdown.starts_with("```go\n.Release.Revision int"),
        "{}",
        h.markdown
    );
}

#[test]
fn keywords_have_docs() {
    let h = hover(
        r#"
        //- /Chart.yaml
        apiVersion: v2
        name: demo
        version: 0.1.0
        //- /templates/cm.yaml
        {{- ran$0ge $k, $v := .Values.ports }}{{ $k }}{{ end }}
        "#,
    )
    .unwrap();
    assert!(
        h.markdown.starts_with(
            "```gotmpl\n{{ range [$i, $v :=] pipeline }} T1 {{ else }} T0 {{ end }}\n```"
        ),
        "{}",
        h.markdown
    );
    assert_eq!(h.range, TextRange::new(4, 9));
    // A field named like a keyword is not the keyword.
    let f = Fixture::parse(
        r#"
        //- /Chart.yaml
        apiVersion: v2
        name: demo
        version: 0.1.0
        //- /templates/cm.yaml
        {{ .Values.if$0 }}
        "#,
    );
    let (path, offset) = f.cursor();
    let h = f.host.snapshot().hover(path, offset).unwrap();
    assert!(h.is_none_or(|h| !h.markdown.contains("{{ if pipeline }}")));
}

#[test]
fn the_comment_above_a_define_documents_it() {
    let h = hover(
        r#"
        //- /Chart.yaml
        apiVersion: v2
        name: demo
        version: 0.1.0
        //- /templates/_helpers.tpl
        {{/*
        Expand the name of the chart.
        */}}
        {{- define "demo.name" -}}
        {{ .Chart.Name | trunc 63 }}
        {{- end }}
        //- /templates/cm.yaml
        name: {{ include "demo.name$0" . }}
        "#,
    )
    .unwrap();
    expect_test::expect![[r#"
        Expand the name of the chart.

        ```gotmpl
        {{ define "demo.name" }}
        {{ .Chart.Name | trunc 63 }}
        {{ end }}
        ```
        Defined in `templates/_helpers.tpl`"#]]
    .assert_eq(&h.markdown);
}
