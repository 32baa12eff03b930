//! Hover on values: on a `.Values` path segment, its computed value, its value in each values
//! file, its comment and its schema description; on a key of values.yaml, where it is used.

use crate::values_util as util;

use expect_test::expect;
use util::hover;

const CHART: &str = r#"
//- /Chart.yaml
apiVersion: v2
name: demo
version: 0.1.0
//- /values.yaml
image:
  # The image tag (defaults to the appVersion).
  tag: "1.25"
service:
  port: 80  # the service port
"#;

#[test]
fn a_template_segment_shows_value_comment_and_files() {
    expect![[r#"
        [tag]
        **`.Values.image.tag`** — `string = 1.25`

        The image tag (defaults to the appVersion).

        - `values.yaml`: `"1.25"`
    "#]]
    .assert_eq(&hover(&format!(
        "{CHART}//- /templates/a.yaml\nimage: {{{{ .Values.image.t$0ag }}}}\n"
    )));
}

#[test]
fn a_parent_segment_shows_the_map() {
    expect![[r#"
        [image]
        **`.Values.image`** — `map = {…1 key}`

        - `values.yaml`: `{…1 key}`
    "#]]
    .assert_eq(&hover(&format!(
        "{CHART}//- /templates/a.yaml\nimage: {{{{ .Values.im$0age.tag }}}}\n"
    )));
}

#[test]
fn trailing_comment_and_schema_description() {
    expect![[r#"
        [port]
        **`.Values.service.port`** — `number = 80`

        the service port

        - `values.yaml`: `80`

        Schema: Port the Service listens on.
    "#]]
    .assert_eq(&hover(&format!(
        r#"{CHART}//- /values.schema.json
{{"properties": {{"service": {{"properties": {{"port": {{"type": "integer", "description": "Port the Service listens on."}}}}}}}}}}
//- /templates/a.yaml
port: {{{{ .Values.service.po$0rt }}}}
"#
    )));
}

#[test]
fn a_key_in_values_yaml_shows_its_uses() {
    expect![[r#"
        [tag]
        **`image.tag`** — used by 2 references in templates: `templates/a.yaml:1`, `templates/b.yaml:2`

        The image tag (defaults to the appVersion).

        - `values.yaml`: `"1.25"`
    "#]]
    .assert_eq(&hover(
        r#"
//- /Chart.yaml
apiVersion: v2
name: demo
version: 0.1.0
//- /values.yaml
image:
  # The image tag (defaults to the appVersion).
  t$0ag: "1.25"
//- /templates/a.yaml
a: {{ .Values.image.tag }}
//- /templates/b.yaml
{{- with .Values.image }}
b: {{ .tag }}
{{- end }}
"#,
    ));
}

#[test]
fn an_unused_key() {
    expect![[r#"
        [port]
        **`service.port`** — not used by any template

        the service port

        - `values.yaml`: `80`
    "#]]
    .assert_eq(&hover(&format!(
        "{}//- /templates/a.yaml\na: 1\n",
        CHART.replace("port: 80", "p$0ort: 80")
    )));
}

#[test]
fn an_undefined_value_says_so() {
    expect![[r#"
        [nope]
        **`.Values.image.nope`**

        Not set by any values file or schema.
    "#]]
    .assert_eq(&hover(&format!(
        "{CHART}//- /templates/a.yaml\nimage: {{{{ .Values.image.no$0pe }}}}\n"
    )));
}
