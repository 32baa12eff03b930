//! Loader behaviour over in-memory charts: what goes where, and Helm's messages for bad input.

use std::path::Path;

use cw_chart::{load, Chart, DependencySource, LoadResult, MemoryFs};

fn fs_with(files: &[(&str, &str)]) -> MemoryFs {
    let mut fs = MemoryFs::new();
    for (p, t) in files {
        fs.insert_file(format!("/c/{p}"), t.as_bytes());
    }
    fs
}

fn load_c(fs: &MemoryFs) -> LoadResult {
    load(fs, Path::new("/c"))
}

fn summary(r: &LoadResult) -> Vec<String> {
    r.findings
        .iter()
        .map(|f| {
            format!(
                "{} {} {}: {}",
                f.severity,
                f.code,
                f.file.display(),
                f.message
            )
        })
        .collect()
}

fn names(files: &[cw_chart::File]) -> Vec<&str> {
    files.iter().map(|f| f.name.as_str()).collect()
}

#[test]
fn sorts_files_like_helm() {
    let fs = fs_with(&[
        ("Chart.yaml", "apiVersion: v2\nname: c\nversion: 1.0.0\n"),
        ("values.yaml", "a: 1\n---\nb: 2\n"),
        ("values.schema.json", "{}"),
        ("templates/a.yaml", "a"),
        ("templates/sub/b.tpl", "b"),
        ("templates/.swp", "ignored by default"),
        ("crds/crd.yaml", "kind: CustomResourceDefinition"),
        ("README.md", "hi"),
        ("charts/sub-1.0.0.tgz.prov", "sig"),
    ]);
    let r = load_c(&fs);
    assert!(r.findings.is_empty(), "{:?}", summary(&r));
    assert_eq!(r.helm_error, None);
    let c = &r.chart;
    assert_eq!(c.name(), "c");
    assert_eq!(
        names(&c.templates),
        ["templates/a.yaml", "templates/sub/b.tpl"]
    );
    assert_eq!(
        names(&c.files),
        ["README.md", "charts/sub-1.0.0.tgz.prov", "crds/crd.yaml"]
    );
    assert_eq!(c.crds().count(), 1);
    let values = c.values.as_ref().unwrap();
    assert!(values.lookup(&["a"]).is_some() && values.lookup(&["b"]).is_some());
    assert!(c.schema.is_some());
}

#[test]
fn numbers_in_string_fields_become_go_strings() {
    let fs = fs_with(&[(
        "Chart.yaml",
        "apiVersion: v2\nname: c\nversion: 1.10\nappVersion: 2.0\n",
    )]);
    let c = load_c(&fs).chart;
    assert_eq!(c.metadata.version(), "1.1");
    assert_eq!(cw_chart::str_of(&c.metadata.app_version), "2");
}

#[test]
fn wrong_shapes_are_helm_unmarshal_errors() {
    let fs = fs_with(&[("Chart.yaml", "apiVersion: v2\nname: [a]\nversion: 1.0.0\n")]);
    let r = load_c(&fs);
    assert_eq!(
        r.helm_error.as_deref(),
        Some("cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go struct field Metadata.name of type string")
    );
    assert_eq!(r.findings[0].range.map(|r| r.to_usize()), Some(21..24));
}

#[test]
fn missing_chart_yaml_and_validation_errors() {
    let r = load_c(&fs_with(&[("values.yaml", "a: 1")]));
    assert_eq!(r.helm_error.as_deref(), Some("Chart.yaml file is missing"));
    let r = load_c(&fs_with(&[("Chart.yaml", "name: c\n")]));
    assert_eq!(
        r.helm_error.as_deref(),
        Some("validation: chart.metadata.version is required")
    );
    assert!(r.chart.metadata.api_version_defaulted);
    assert_eq!(r.chart.metadata.api_version(), "v1");
}

#[test]
fn v1_requirements_are_merged_and_kept_in_files() {
    let fs = fs_with(&[
        ("Chart.yaml", "apiVersion: v1\nname: c\nversion: 1.0.0\n"),
        (
            "requirements.yaml",
            "dependencies:\n- name: db\n  version: 1.x\n  repository: https://x\n",
        ),
        (
            "requirements.lock",
            "dependencies:\n- name: db\n  version: 1.2.0\n",
        ),
        ("charts/db/Chart.yaml", "name: db\nversion: 1.2.0\n"),
    ]);
    let r = load_c(&fs);
    assert!(r.findings.is_empty(), "{:?}", summary(&r));
    let c = &r.chart;
    assert_eq!(
        c.metadata.dependencies_source,
        Some(DependencySource::RequirementsYaml)
    );
    assert_eq!(c.metadata.dependencies().count(), 1);
    assert_eq!(names(&c.files), ["requirements.lock", "requirements.yaml"]);
    assert_eq!(c.lock.as_ref().unwrap().dependencies().count(), 1);
    assert_eq!(c.dependencies.len(), 1);
    assert_eq!(c.dependencies[0].prefix, "charts/db/");
    assert_eq!(c.resolved[0].chart, Some(0));
    assert!(c.resolved[0].version_compatible);
}

#[test]
fn stray_file_in_charts_is_a_subchart_without_chart_yaml() {
    let fs = fs_with(&[
        ("Chart.yaml", "apiVersion: v2\nname: e2\nversion: 1.0.0\n"),
        ("charts/README.md", "hi"),
        ("charts/_skipped/x", "x"),
        ("charts/.hidden/x", "x"),
    ]);
    let r = load_c(&fs);
    assert_eq!(
        r.helm_error.as_deref(),
        Some("error unpacking subchart README.md in e2: Chart.yaml file is missing")
    );
    assert_eq!(r.chart.dependencies.len(), 0);
}

#[test]
fn subchart_errors_are_located_in_the_subchart_and_wrapped() {
    let fs = fs_with(&[
        ("Chart.yaml", "apiVersion: v2\nname: top\nversion: 1.0.0\n"),
        ("charts/a/Chart.yaml", "apiVersion: v2\nname: a\n"),
        (
            "charts/b/Chart.yaml",
            "apiVersion: v2\nname: b\nversion: 1.0.0\n",
        ),
        ("charts/b/charts/c/Chart.yaml", "name: c\nversion: 1.0.0\n"),
    ]);
    let r = load_c(&fs);
    assert_eq!(
        summary(&r),
        ["error subchart-invalid charts/a/Chart.yaml: error unpacking subchart a in top: validation: chart.metadata.version is required"]
    );
    let c: &Chart = &r.chart;
    assert_eq!(
        c.dependencies[1].dependencies[0].prefix,
        "charts/b/charts/c/"
    );
}

#[test]
fn helmignore_negation_ignores_everything_else() {
    let fs = fs_with(&[
        ("Chart.yaml", "apiVersion: v2\nname: c\nversion: 1.0.0\n"),
        (".helmignore", "!*.yaml\n"),
        ("templates/a.yaml", "a"),
        ("notes.txt", "x"),
    ]);
    let r = load_c(&fs);
    // `!*.yaml` ignores every path that is not a .yaml: the templates directory itself too.
    assert!(r.chart.templates.is_empty());
    assert_eq!(names(&r.chart.files), Vec::<&str>::new());
    assert_eq!(r.chart.name(), "c");
}

#[test]
fn symlinks_inside_are_followed_outside_are_reported() {
    let mut fs = fs_with(&[
        ("Chart.yaml", "apiVersion: v2\nname: c\nversion: 1.0.0\n"),
        ("real/a.txt", "a"),
    ]);
    fs.insert_file("/secret/passwd", "root");
    fs.insert_symlink("/c/inside", "real");
    fs.insert_symlink("/c/escape", "../secret/passwd");
    fs.insert_symlink("/c/dangling", "nowhere");
    fs.insert_symlink("/c/real/up", "..");
    let r = load_c(&fs);
    assert_eq!(names(&r.chart.files), ["inside/a.txt", "real/a.txt"]);
    assert_eq!(
        summary(&r),
        [
            "error symlink-broken dangling: error evaluating symlink /c/dangling: no such file or directory",
            "warning symlink-outside-chart escape: symbolic link escape resolves to /secret/passwd, outside the chart: not loaded (Helm would include it)",
            "error symlink-cycle inside/up: symbolic link inside/up leads back to a directory being loaded: not followed",
            "error symlink-cycle real/up: symbolic link real/up leads back to a directory being loaded: not followed",
        ]
    );
}

#[test]
fn requirements_without_chart_yaml_fail_validation_like_helm() {
    let r = load_c(&fs_with(&[(
        "requirements.yaml",
        "dependencies:\n- name: db\n  version: 1.x\n",
    )]));
    assert_eq!(
        r.helm_error.as_deref(),
        Some("validation: chart.metadata.apiVersion is required")
    );
    assert_eq!(
        summary(&r),
        ["error chart-yaml-missing Chart.yaml: Chart.yaml file is missing"]
    );
}

#[test]
fn only_the_first_chart_yaml_document_counts() {
    let r = load_c(&fs_with(&[(
        "Chart.yaml",
        "apiVersion: v2\nname: c\nversion: 1.0.0\n---\nname: [broken\n",
    )]));
    assert!(r.findings.is_empty(), "{:?}", summary(&r));
    assert_eq!(r.chart.name(), "c");
}

#[test]
fn values_documents_must_be_maps() {
    let r = load_c(&fs_with(&[
        ("Chart.yaml", "apiVersion: v2\nname: c\nversion: 1.0.0\n"),
        ("values.yaml", "a: 1\n---\n- x\n"),
    ]));
    assert_eq!(
        r.helm_error.as_deref(),
        Some("cannot load values.yaml: cannot unmarshal yaml document: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}")
    );
}

#[test]
fn helmignore_linking_outside_the_chart_is_not_read() {
    let mut fs = fs_with(&[
        ("Chart.yaml", "apiVersion: v2\nname: c\nversion: 1.0.0\n"),
        ("templates/a.yaml", "a"),
    ]);
    fs.insert_file("/elsewhere/ignore", "templates/\n");
    fs.insert_symlink("/c/.helmignore", "../elsewhere/ignore");
    let r = load_c(&fs);
    assert_eq!(names(&r.chart.templates), ["templates/a.yaml"]);
    assert_eq!(
        summary(&r),
        ["warning symlink-outside-chart .helmignore: symbolic link .helmignore resolves to /elsewhere/ignore, outside the chart: not loaded (Helm would include it)"]
    );
}
