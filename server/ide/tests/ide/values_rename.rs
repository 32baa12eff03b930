//! Rename of a value key: every values file (the subchart's default, the parent's `sub.key`
//! override, `-f` files) and every template segment that reads it, from a template or from
//! values.yaml; refused with a reason when a dynamic read could pick the key at render time.

use crate::values_util as util;

use cw_ide::fixture::Fixture;
use cw_ide::Config;
use expect_test::expect;
use util::apply;

fn rename(f: &Fixture, new_name: &str) -> String {
    let (path, offset) = f.cursor();
    match f.host.snapshot().rename(path, offset, new_name).unwrap() {
        Ok(change) => apply(f, &change),
        Err(e) => format!("refused: {e}\n"),
    }
}

#[test]
fn from_a_template_segment_renames_keys_and_every_use() {
    let f = Fixture::parse(
        r#"
//- /Chart.yaml
apiVersion: v2
name: demo
version: 0.1.0
//- /values.yaml
image:
  tag: "1"
  "pullPolicy": Always
//- /templates/a.yaml
{{- with .Values.image }}
a: {{ .tag }}
{{- end }}
b: {{ .Values.image.t$0ag | quote }}
c: {{ index .Values "image" "tag" }}
d: {{ .Values.image.pullPolicy }}
"#,
    );
    let (path, offset) = f.cursor();
    let target = f
        .host
        .snapshot()
        .prepare_rename(path, offset)
        .unwrap()
        .unwrap();
    assert_eq!(target.placeholder, "tag");
    expect![[r#"
        //- /templates/a.yaml
        {{- with .Values.image }}
        a: {{ .version }}
        {{- end }}
        b: {{ .Values.image.version | quote }}
        c: {{ index .Values "image" "version" }}
        d: {{ .Values.image.pullPolicy }}
        //- /values.yaml
        image:
          version: "1"
          "pullPolicy": Always
    "#]]
    .assert_eq(&rename(&f, "version"));
}

#[test]
fn from_values_yaml_a_quoted_key_keeps_its_quotes() {
    let f = Fixture::parse(
        r#"
//- /Chart.yaml
apiVersion: v2
name: demo
version: 0.1.0
//- /values.yaml
image:
  "pull$0Policy": Always
//- /templates/a.yaml
d: {{ .Values.image.pullPolicy }}
"#,
    );
    expect![[r#"
        //- /templates/a.yaml
        d: {{ .Values.image.policy }}
        //- /values.yaml
        image:
          "policy": Always
    "#]]
    .assert_eq(&rename(&f, "policy"));
}

#[test]
fn a_subchart_value_is_renamed_in_the_parent_override_and_f_files() {
    let f = Fixture::with_config(
        r#"
//- /Chart.yaml
apiVersion: v2
name: shop
version: 0.1.0
dependencies:
  - name: cache
    version: 1.0.0
    alias: redis
//- /values.yaml
redis:
  ttl: 60
//- /ci/prod.yaml
redis:
  ttl: 600
//- /templates/a.yaml
ttl: {{ .Values.redis.ttl }}
//- /charts/cache/Chart.yaml
apiVersion: v2
name: cache
version: 1.0.0
//- /charts/cache/values.yaml
ttl: 30
//- /charts/cache/templates/cm.yaml
ttl: {{ .Values.t$0tl }}
"#,
        Config {
            value_files: vec!["ci/prod.yaml".into()],
            ..Config::default()
        },
    );
    expect![[r#"
        //- /charts/cache/templates/cm.yaml
        ttl: {{ .Values.expiry }}
        //- /charts/cache/values.yaml
        expiry: 30
        //- /ci/prod.yaml
        redis:
          expiry: 600
        //- /templates/a.yaml
        ttl: {{ .Values.redis.expiry }}
        //- /values.yaml
        redis:
          expiry: 60
    "#]]
    .assert_eq(&rename(&f, "expiry"));
}

#[test]
fn refused_when_a_dynamic_index_reads_the_parent_map() {
    let f = Fixture::parse(
        r#"
//- /Chart.yaml
apiVersion: v2
name: demo
version: 0.1.0
//- /values.yaml
ports:
  ht$0tp: 80
//- /templates/a.yaml
{{- range $name := list "http" "https" }}
{{ $name }}: {{ index $.Values.ports $name }}
{{- end }}
"#,
    );
    expect![[r#"
        refused: cannot rename `http` safely: `.Values.ports` is read with a key computed at render time at templates/a.yaml:2
    "#]]
    .assert_eq(&rename(&f, "web"));
}

#[test]
fn refused_for_invalid_names_collisions_and_subchart_names() {
    let f = Fixture::parse(
        r#"
//- /Chart.yaml
apiVersion: v2
name: demo
version: 0.1.0
//- /values.yaml
a: 1
b$0: 2
//- /templates/a.yaml
{{ .Values.a }}{{ .Values.b }}
"#,
    );
    expect![[r#"
        refused: `my-key` is not a valid field name: templates could not write `.Values.my-key`
    "#]]
    .assert_eq(&rename(&f, "my-key"));
    expect![[r#"
        refused: `a` already exists in values.yaml
    "#]]
    .assert_eq(&rename(&f, "a"));

    let f = Fixture::parse(
        r#"
//- /Chart.yaml
apiVersion: v2
name: shop
version: 0.1.0
//- /values.yaml
ca$0che:
  ttl: 60
//- /charts/cache/Chart.yaml
apiVersion: v2
name: cache
version: 1.0.0
//- /charts/cache/templates/cm.yaml
ttl: {{ .Values.ttl }}
"#,
    );
    expect![[r#"
        refused: `cache` holds the values of subchart `cache`: rename the dependency (or its alias) instead
    "#]]
    .assert_eq(&rename(&f, "store"));
}
