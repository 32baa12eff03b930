//! Go to definition of built-in members: `.Chart.X` goes to the Chart.yaml key it comes
//! from — for an aliased subchart, `.Chart.Name` is the alias, declared in the parent.

use crate::fixture::Fixture;

fn definitions(fixture: &str) -> Vec<String> {
    let f = Fixture::parse(fixture);
    let (path, offset) = f.cursor();
    let analysis = f.host.snapshot();
    let defs = analysis.goto_definition(path, offset).unwrap();
    defs.iter()
        .map(|d| {
            let text = analysis.file_text(&d.path).unwrap();
            let rel = d.path.strip_prefix(&f.root).unwrap().display();
            format!("{rel}@{}", &text[d.range.to_usize()])
        })
        .collect()
}

const CHART: &str = r#"//- /Chart.yaml
apiVersion: v2
name: demo
version: 0.1.0
appVersion: "2.0"
dependencies:
  - name: db
    version: 1.0.0
    alias: database
  - name: cache
    version: 1.0.0
//- /charts/db/Chart.yaml
apiVersion: v2
name: db
version: 1.0.0
//- /charts/cache/Chart.yaml
apiVersion: v2
name: cache
version: 1.0.0
"#;

#[test]
fn chart_members_go_to_their_chart_yaml_key() {
    let at = |file: &str, template: &str| definitions(&format!("{CHART}//- {file}\n{template}\n"));
    assert_eq!(
        at("/templates/a.yaml", "{{ .Chart.AppVer$0sion }}"),
        ["Chart.yaml@appVersion"]
    );
    assert_eq!(
        at(
            "/templates/a.yaml",
            "{{ range .Values.x }}{{ $.Chart.Na$0me }}{{ end }}"
        ),
        ["Chart.yaml@name"]
    );
    assert_eq!(
        at("/charts/cache/templates/a.yaml", "{{ .Chart.Na$0me }}"),
        ["charts/cache/Chart.yaml@name"]
    );
    // Helm names the aliased subchart `database`.
    assert_eq!(
        at("/charts/db/templates/a.yaml", "{{ .Chart.Na$0me }}"),
        ["Chart.yaml@database"]
    );
    assert_eq!(
        at("/charts/db/templates/a.yaml", "{{ .Chart.Ver$0sion }}"),
        ["charts/db/Chart.yaml@version"]
    );
}
