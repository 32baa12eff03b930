//! Quick fixes on a `.Values` reference: "Did you mean" replaces a misspelled segment of an
//! undefined path; "Add ... to values.yaml" inserts the key path with `""` when the chart's
//! values.yaml does not set it, creating parent maps and keeping the file's indentation.

use crate::values_util as util;

use cw_base::TextRange;
use cw_ide::fixture::Fixture;
use expect_test::expect;
use util::apply;

fn actions(fixture: &str) -> String {
    let f = Fixture::parse(fixture);
    let (path, offset) = f.cursor();
    let actions = f
        .host
        .snapshot()
        .code_actions(path, TextRange::empty(offset))
        .unwrap();
    let mut out = String::new();
    for a in actions
        .iter()
        .filter(|a| a.title.starts_with("Add `") || a.title.starts_with("Did you mean"))
    {
        let fixes = a
            .fixes
            .as_deref()
            .map_or(String::new(), |c| format!(" (fixes {c})"));
        out.push_str(&format!("# {}{fixes}\n{}", a.title, apply(&f, &a.edit)));
    }
    out
}

const HEAD: &str = "//- /Chart.yaml\napiVersion: v2\nname: demo\nversion: 0.1.0\n";

#[test]
fn did_you_mean_and_add_under_an_existing_map() {
    expect![[r#"
        # Did you mean `.Values.image.tag`? (fixes values-undefined)
        //- /templates/a.yaml
        image: {{ .Values.image.tag }}
        # Add `image.tga` to values.yaml (fixes values-undefined)
        //- /values.yaml
        image:
            repository: nginx
            tag: "1"
            tga: ""
        replicas: 1
    "#]]
    .assert_eq(&actions(&format!(
        "{HEAD}//- /values.yaml\nimage:\n    repository: nginx\n    tag: \"1\"\nreplicas: 1\n//- /templates/a.yaml\nimage: {{{{ .Values.image.tg$0a }}}}\n"
    )));
}

#[test]
fn add_creates_parent_maps_at_the_end() {
    expect![[r#"
        # Add `probes.liveness.path` to values.yaml (fixes values-undefined)
        //- /values.yaml
        image:
          tag: "1"
        probes:
          liveness:
            path: ""
    "#]]
    .assert_eq(&actions(&format!(
        "{HEAD}//- /values.yaml\nimage:\n  tag: \"1\"\n//- /templates/a.yaml\np: {{{{ .Values.probes.liv$0eness.path }}}}\n"
    )));
}

#[test]
fn documenting_a_value_an_open_map_allows_under_an_empty_map() {
    // `resources: {}` leaves the map open, so `.limits.cpu` is not undefined; adding it to
    // values.yaml documents it.
    expect![[r#"
        # Add `resources.limits.cpu` to values.yaml
        //- /values.yaml
        resources:
          limits:
            cpu: ""
        other: 1
    "#]]
    .assert_eq(&actions(&format!(
        "{HEAD}//- /values.yaml\nresources: {{}}\nother: 1\n//- /templates/a.yaml\n{{{{- with .Values.resources }}}}{{{{ .limits.c$0pu }}}}{{{{ end }}}}\n"
    )));
}

#[test]
fn add_into_a_flow_map_and_into_an_empty_file() {
    expect![[r#"
        # Add `sel.zone` to values.yaml (fixes values-undefined)
        //- /values.yaml
        sel: {app: web, zone: ""}
    "#]]
    .assert_eq(&actions(&format!(
        "{HEAD}//- /values.yaml\nsel: {{app: web}}\n//- /templates/a.yaml\n{{{{ .Values.sel.zo$0ne }}}}\n"
    )));
    expect![[r#"
        # Add `name` to values.yaml (fixes values-undefined)
        //- /values.yaml
        # no values yet
        name: ""
    "#]]
    .assert_eq(&actions(&format!(
        "{HEAD}//- /values.yaml\n# no values yet\n//- /templates/a.yaml\n{{{{ .Values.na$0me }}}}\n"
    )));
}

#[test]
fn documenting_a_value_under_a_null_key() {
    expect![[r#"
        # Add `tolerations.key` to values.yaml
        //- /values.yaml
        tolerations:
          key: ""
        other: 1
    "#]]
    .assert_eq(&actions(&format!(
        "{HEAD}//- /values.yaml\ntolerations:\nother: 1\n//- /templates/a.yaml\n{{{{ .Values.tolerations.k$0ey }}}}\n"
    )));
}

#[test]
fn nothing_for_a_defined_value() {
    expect![[r#""#]].assert_eq(&actions(&format!(
        "{HEAD}//- /values.yaml\nname: x\n//- /templates/a.yaml\n{{{{ .Values.na$0me }}}}\n"
    )));
}
