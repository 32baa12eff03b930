//! Completion of `.Values` paths in templates: any depth, while typing (the text does not
//! parse), under `with`, through variables, subcharts, `global`, schema-only keys; each item
//! with its type and value, and its comment and per-file values as documentation.

use crate::values_util as util;

use cw_ide::fixture::Fixture;
use expect_test::expect;
use util::completion;

const CHART: &str = r#"
//- /Chart.yaml
apiVersion: v2
name: demo
version: 0.1.0
//- /values.yaml
# The container image.
image:
  # -- Registry and name.
  repository: nginx
  tag: "1.25"
  pullPolicy: IfNotPresent
replicas: 2
labels: {}
"#;

fn chart(template: &str) -> String {
    format!("{CHART}//- /templates/deploy.yaml\n{template}\n")
}

#[test]
fn top_level_keys_after_values_dot_while_typing() {
    // `{{ .Values. }}` does not parse: the chain before the cursor is read instead.
    expect![[r#"
        global — global values (shared with every subchart)
        image — map = {…3 keys}
        labels — map = {}
        replicas — number = 2
    "#]]
    .assert_eq(&completion(&chart("x: {{ .Values.$0 }}")));
}

#[test]
fn nested_keys_with_a_partial_segment() {
    expect![[r#"
        pullPolicy — string = IfNotPresent
        repository — string = nginx
        tag — string = 1.25
    "#]]
    .assert_eq(&completion(&chart("x: {{ .Values.image.re$0")));
}

#[test]
fn completing_a_segment_that_parses_replaces_it() {
    let f = Fixture::parse(&chart("x: {{ .Values.image.rep$0 | quote }}"));
    let (path, offset) = f.cursor();
    let items = f.host.snapshot().completion(path, offset).unwrap();
    let repo = items.iter().find(|i| i.label == "repository").unwrap();
    let text = f.host.snapshot().file_text(path).unwrap();
    assert_eq!(&text[repo.replace_range.unwrap().to_usize()], "rep");
}

#[test]
fn documentation_is_the_comment_and_the_value_in_each_file() {
    let f = Fixture::with_config(
        &format!(
            "{CHART}//- /ci/prod.yaml\nimage:\n  repository: registry.example/nginx\n//- /templates/a.yaml\n{{{{ .Values.image.$0 }}}}\n"
        ),
        cw_ide::Config {
            value_files: vec!["ci/prod.yaml".into()],
            ..cw_ide::Config::default()
        },
    );
    let (path, offset) = f.cursor();
    let items = f.host.snapshot().completion(path, offset).unwrap();
    let repo = items.iter().find(|i| i.label == "repository").unwrap();
    expect![[r#"
        Some(
            "string = registry.example/nginx",
        )
        Registry and name.

        - `values.yaml`: `nginx`
        - `ci/prod.yaml`: `registry.example/nginx`"#]]
    .assert_eq(&format!(
        "{:#?}\n{}",
        repo.detail,
        repo.documentation.as_deref().unwrap()
    ));
}

#[test]
fn relative_fields_under_with() {
    expect![[r#"
        pullPolicy — string = IfNotPresent
        repository — string = nginx
        tag — string = 1.25
    "#]]
    .assert_eq(&completion(&chart(
        "{{- with .Values.image }}\nx: {{ .$0 }}\n{{- end }}",
    )));
}

#[test]
fn through_a_variable_and_root_dollar() {
    expect![[r#"
        pullPolicy — string = IfNotPresent
        repository — string = nginx
        tag — string = 1.25
    "#]]
    .assert_eq(&completion(&chart(
        "{{- $img := .Values.image }}\nx: {{ $img.$0 }}",
    )));
    expect![[r#"
        pullPolicy — string = IfNotPresent
        repository — string = nginx
        tag — string = 1.25
    "#]]
    .assert_eq(&completion(&chart(
        "{{- range .Values.list }}\nx: {{ $.Values.image.$0 }}\n{{- end }}",
    )));
}

#[test]
fn nothing_inside_range_where_dot_is_an_item() {
    expect![[r#""#]].assert_eq(&completion(&chart(
        "{{- range .Values.image }}\nx: {{ .$0 }}\n{{- end }}",
    )));
}

#[test]
fn schema_only_keys_with_their_description() {
    let f = Fixture::parse(&format!(
        r#"{CHART}//- /values.schema.json
{{"type": "object", "properties": {{"image": {{"type": "object", "properties": {{"digest": {{"type": "string", "description": "Pin the image by digest."}}}}}}}}}}
//- /templates/a.yaml
{{{{ .Values.image.$0 }}}}
"#
    ));
    let (path, offset) = f.cursor();
    let items = f.host.snapshot().completion(path, offset).unwrap();
    let digest = items.iter().find(|i| i.label == "digest").unwrap();
    assert_eq!(digest.detail.as_deref(), Some("string (schema)"));
    assert_eq!(
        digest.documentation.as_deref(),
        Some("Schema: Pin the image by digest.")
    );
}

#[test]
fn subcharts_by_alias_and_their_values() {
    let fixture = r#"
//- /Chart.yaml
apiVersion: v2
name: demo
version: 0.1.0
dependencies:
  - name: db
    version: 1.0.0
    alias: database
//- /values.yaml
database:
  size: 10Gi
//- /charts/db/Chart.yaml
apiVersion: v2
name: db
version: 1.0.0
//- /charts/db/values.yaml
# Storage size.
size: 1Gi
user: admin
//- /templates/a.yaml
{{ .Values.$0 }}
"#;
    expect![[r#"
        database — map = {…3 keys}
        global — global values (shared with every subchart)
    "#]]
    .assert_eq(&completion(fixture));
    let sub = fixture.replace(".Values.$0", ".Values.database.$0");
    expect![[r#"
        global — map = {}
        size — string = 10Gi
        user — string = admin
    "#]]
    .assert_eq(&completion(&sub));
}

#[test]
fn keys_that_are_not_field_names_are_read_with_index() {
    let f = Fixture::parse(
        r#"
//- /Chart.yaml
apiVersion: v2
name: demo
version: 0.1.0
//- /values.yaml
annotations:
  my-key: x
//- /templates/a.yaml
{{ .Values.annotations.$0 }}
"#,
    );
    let (path, offset) = f.cursor();
    let items = f.host.snapshot().completion(path, offset).unwrap();
    let it = items.iter().find(|i| i.label == "my-key").unwrap();
    let text = f.host.snapshot().file_text(path).unwrap();
    assert_eq!(
        &text[it.replace_range.unwrap().to_usize()],
        ".Values.annotations."
    );
    assert_eq!(
        it.insert_text.as_deref(),
        Some(r#"(index .Values.annotations "my-key")"#)
    );
}
