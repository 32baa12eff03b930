//! The incremental render: after an edit, only the templates whose inputs changed are executed
//! again, and the result is the same as a render from scratch. Each test edits a chart in a
//! host (which reuses the previous render and values model) and compares with a fresh host's
//! render and diagnostics.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use cw_ide::{AnalysisHost, Config};

fn chart_dir(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("cw-ide-incremental-{name}-{}", std::process::id()))
}

/// A host with the files of a chart open (relative paths), analysed and rendered once.
fn host(root: &Path, files: &[(&str, &str)]) -> AnalysisHost {
    let mut host = AnalysisHost::new(Config::default());
    host.set_roots(vec![root.to_path_buf()]);
    for (p, t) in files {
        host.set_file(&root.join(p), Arc::from(*t));
    }
    let snap = host.snapshot();
    let chart = snap.chart(root).unwrap();
    snap.render_of(&chart).unwrap();
    host
}

/// Every template's output or error, and the parse errors, as text.
fn outcome(host: &AnalysisHost, root: &Path) -> (Vec<String>, Option<Vec<String>>) {
    let snap = host.snapshot();
    let chart = snap.chart(root).unwrap();
    let render = snap.render_of(&chart).unwrap().unwrap();
    let mut out: Vec<String> = render
        .templates
        .iter()
        .map(|t| {
            format!(
                "{}: {:?} {:?} {}",
                t.name,
                t.content,
                t.error.as_ref().map(|e| e.message().to_string()),
                t.source_map.as_ref().map_or(0, |m| m.segments().len())
            )
        })
        .collect();
    out.extend(render.parse_errors.iter().map(|e| e.message().to_string()));
    // The diagnostics too: the values model and the lint memo are reused across edits.
    for (file, findings) in snap.diagnostics(root).unwrap() {
        let file = file
            .strip_prefix(root)
            .unwrap_or(&file)
            .display()
            .to_string();
        for f in findings {
            out.push(format!("{file}: {} {:?} {}", f.code, f.range, f.message));
        }
    }
    (out, chart.reexecuted_templates().map(<[String]>::to_vec))
}

/// Edits `path` in `host`, and checks the render equals a fresh host's with the same files.
/// Returns the templates executed again (`None`: in full).
fn edit(
    host: &mut AnalysisHost,
    root: &Path,
    files: &mut Vec<(String, String)>,
    path: &str,
    text: &str,
) -> Option<Vec<String>> {
    host.set_file(&root.join(path), Arc::from(text));
    match files.iter_mut().find(|(p, _)| p == path) {
        Some(f) => f.1 = text.to_string(),
        None => files.push((path.to_string(), text.to_string())),
    }
    let (got, reexecuted) = outcome(host, root);
    let fresh_root = chart_dir(&format!(
        "fresh-{}",
        root.file_name().unwrap().to_string_lossy()
    ));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let fresh = self::host(&fresh_root, &refs);
    let (want, none) = outcome(&fresh, &fresh_root);
    assert_eq!(none, None);
    let want: Vec<String> = want
        .into_iter()
        .map(|w| w.replace(&*fresh_root.to_string_lossy(), &root.to_string_lossy()))
        .collect();
    assert_eq!(got, want, "incremental render differs from a full render");
    reexecuted
}

fn start(name: &str, files: &[(&str, &str)]) -> (PathBuf, AnalysisHost, Vec<(String, String)>) {
    let root = chart_dir(name);
    let host = host(&root, files);
    let files = files
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect();
    (root, host, files)
}

const CHART: &str = "apiVersion: v2\nname: demo\nversion: 0.1.0\n";
const HELPERS: &str = "{{- define \"demo.name\" -}}{{ .Values.name }}{{- end -}}\n";

#[test]
fn an_edit_in_a_template_body_executes_that_template_only() {
    let (root, mut host, mut files) = start(
        "body",
        &[
            ("Chart.yaml", CHART),
            ("values.yaml", "name: x\n"),
            ("templates/_helpers.tpl", HELPERS),
            ("templates/a.yaml", "a: {{ include \"demo.name\" . }}\n"),
            ("templates/b.yaml", "b: {{ include \"demo.name\" . }}\n"),
        ],
    );
    let again = edit(
        &mut host,
        &root,
        &mut files,
        "templates/a.yaml",
        "a: {{ include \"demo.name\" . | upper }}\n",
    );
    assert_eq!(again, Some(vec!["demo/templates/a.yaml".to_string()]));
    // A syntax error, then fixed: still one template each time.
    let again = edit(
        &mut host,
        &root,
        &mut files,
        "templates/b.yaml",
        "b: {{ end }}\n",
    );
    assert_eq!(again, Some(vec![]));
    let again = edit(&mut host, &root, &mut files, "templates/b.yaml", "b: 2\n");
    assert_eq!(again, Some(vec!["demo/templates/b.yaml".to_string()]));
}

#[test]
fn a_define_or_values_change_renders_everything() {
    let (root, mut host, mut files) = start(
        "define",
        &[
            ("Chart.yaml", CHART),
            ("values.yaml", "name: x\n"),
            ("templates/_helpers.tpl", HELPERS),
            ("templates/a.yaml", "a: {{ include \"demo.name\" . }}\n"),
            ("templates/b.yaml", "{{ define \"b\" }}in b{{ end }}b: 1\n"),
        ],
    );
    let helpers = "{{- define \"demo.name\" -}}<{{ .Values.name }}>{{- end -}}\n";
    assert_eq!(
        edit(
            &mut host,
            &root,
            &mut files,
            "templates/_helpers.tpl",
            helpers
        ),
        None
    );
    assert_eq!(
        edit(&mut host, &root, &mut files, "values.yaml", "name: y\n"),
        None
    );
    // A define inside a rendered template changes too.
    let b = "{{ define \"b\" }}in b, changed{{ end }}b: 1\n";
    assert_eq!(
        edit(&mut host, &root, &mut files, "templates/b.yaml", b),
        None
    );
    // Its body alone: the define is kept while b is executed again.
    let b = "{{ define \"b\" }}in b, changed{{ end }}b: 2 {{ template \"b\" }}\n";
    let again = edit(&mut host, &root, &mut files, "templates/b.yaml", b);
    assert_eq!(again, Some(vec!["demo/templates/b.yaml".to_string()]));
}

#[test]
fn a_template_included_by_file_name_re_renders_its_includer() {
    let (root, mut host, mut files) = start(
        "by-name",
        &[
            ("Chart.yaml", CHART),
            ("values.yaml", "name: x\n"),
            ("templates/config.yaml", "data: 1\n"),
            (
                "templates/deploy.yaml",
                "sum: {{ include (print $.Template.BasePath \"/config.yaml\") . | sha256sum }}\n",
            ),
            ("templates/other.yaml", "other: 1\n"),
        ],
    );
    let mut again = edit(
        &mut host,
        &root,
        &mut files,
        "templates/config.yaml",
        "data: 2\n",
    )
    .expect("incremental");
    again.sort();
    assert_eq!(
        again,
        vec!["demo/templates/config.yaml", "demo/templates/deploy.yaml"]
    );
    // An include whose name is only known when it runs: every edit executes the includer.
    let dynamic =
        "{{ $n := \"config.yaml\" }}x: {{ include (print $.Template.BasePath \"/\" $n) . }}\n";
    assert_eq!(
        edit(
            &mut host,
            &root,
            &mut files,
            "templates/other.yaml",
            dynamic
        ),
        None
    );
    assert_eq!(
        edit(
            &mut host,
            &root,
            &mut files,
            "templates/config.yaml",
            "data: 3\n"
        ),
        None
    );
}

#[test]
fn templates_that_change_shared_state_are_rendered_in_full() {
    // a.yaml sets a value b.yaml reads (a runs first: Helm's order is reverse by name).
    let (root, mut host, mut files) = start(
        "shared",
        &[
            ("Chart.yaml", CHART),
            ("values.yaml", "name: x\n"),
            (
                "templates/b.yaml",
                "{{ $_ := set .Values \"extra\" \"from b\" }}b: 1\n",
            ),
            ("templates/a.yaml", "a: {{ .Values.extra }}\n"),
        ],
    );
    assert_eq!(
        edit(
            &mut host,
            &root,
            &mut files,
            "templates/a.yaml",
            "a: [{{ .Values.extra }}]\n"
        ),
        None
    );
    // The dot itself.
    let (root, mut host, mut files) = start(
        "dot",
        &[
            ("Chart.yaml", CHART),
            (
                "templates/b.yaml",
                "{{ $_ := set $ \"extra\" \"from b\" }}b: 1\n",
            ),
            ("templates/a.yaml", "a: {{ .extra }}\n"),
        ],
    );
    assert_eq!(
        edit(
            &mut host,
            &root,
            &mut files,
            "templates/a.yaml",
            "a: [{{ .extra }}]\n"
        ),
        None
    );
    // A template that starts changing `.Values` is caught in the render that executes it.
    let (root, mut host, mut files) = start(
        "starts",
        &[
            ("Chart.yaml", CHART),
            ("values.yaml", "name: x\n"),
            ("templates/b.yaml", "b: 1\n"),
            ("templates/a.yaml", "a: {{ .Values.extra }}\n"),
        ],
    );
    let b = "{{ $_ := set .Values \"extra\" \"from b\" }}b: 1\n";
    assert_eq!(
        edit(&mut host, &root, &mut files, "templates/b.yaml", b),
        None
    );
}

#[test]
fn the_values_model_follows_templates_values_and_schema() {
    let schema = |props: &str| format!("{{\"type\": \"object\", \"properties\": {{{props}}}}}\n");
    let (root, mut host, mut files) = start(
        "model",
        &[
            ("Chart.yaml", CHART),
            (
                "values.yaml",
                "name: x\nports:\n  http: 80\n# extra: 1\nunused: 2\n",
            ),
            (
                "values.schema.json",
                &schema("\"name\": {\"type\": \"string\"}"),
            ),
            (
                "templates/a.yaml",
                "a: {{ .Values.name }} {{ .Values.extra }} {{ .Values.ports.http }}\n",
            ),
            ("templates/b.yaml", "b: {{ .Values.nmae }}\n"),
        ],
    );
    // A range over a map: its entries become elements.
    let b = "b: {{ range .Values.ports }}{{ .port }}{{ end }}\n";
    edit(&mut host, &root, &mut files, "templates/b.yaml", b);
    let values = "name: x\nports:\n  http:\n    port: 80\nunused: 2\n";
    edit(&mut host, &root, &mut files, "values.yaml", values);
    let props = "\"name\": {\"type\": \"string\"}, \"other\": {\"type\": \"string\"}";
    edit(
        &mut host,
        &root,
        &mut files,
        "values.schema.json",
        &schema(props),
    );
    let b = "b: {{ .Values.other }} {{ .Values.unused }} {{ .Values.missing }}\n";
    edit(&mut host, &root, &mut files, "templates/b.yaml", b);
    edit(&mut host, &root, &mut files, "templates/a.yaml", "a: 1\n");
}
