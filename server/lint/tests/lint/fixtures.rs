//! The fixture charts of testdata/charts: a snapshot of each one's findings (code, severity,
//! file:line:col, message), and agreement with `helm lint` recorded on the same fixtures
//! (testdata/charts/.goldens, written by its record.sh with real helm v4.1.4).

use std::path::{Path, PathBuf};

use cw_base::{Finding, LineIndex, Severity};
use cw_chart::{Chart, DiskFs, LoadResult};
use expect_test::{expect, Expect};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/charts")
}

/// The text of a finding's file, looked up in the loaded chart (so archive members work too).
fn source(chart: &Chart, file: &Path) -> Option<String> {
    let name = file.to_str()?;
    let mut c = chart;
    'descend: loop {
        let rest = name.strip_prefix(c.prefix.as_str())?;
        for sub in &c.dependencies {
            if name.starts_with(sub.prefix.as_str()) {
                c = sub;
                continue 'descend;
            }
        }
        return c
            .file(rest)
            .map(|f| String::from_utf8_lossy(&f.data).into_owned());
    }
}

fn render(loaded: &LoadResult, findings: &[Finding]) -> String {
    let mut findings = findings.to_vec();
    findings.sort_by(|a, b| {
        (&a.file, a.range.map(|r| r.start()), a.code).cmp(&(
            &b.file,
            b.range.map(|r| r.start()),
            b.code,
        ))
    });
    let mut out = String::new();
    for f in &findings {
        let loc = match (f.range, source(&loaded.chart, &f.file)) {
            (Some(r), Some(text)) => {
                let lc = LineIndex::new(&text).line_col(r.start());
                format!("{}:{}:{}", f.file.display(), lc.line + 1, lc.col + 1)
            }
            _ => f.file.display().to_string(),
        };
        out.push_str(&format!(
            "{} {} {loc}: {}\n",
            f.severity,
            f.code,
            f.message.replace('\n', "\\n").replace('\t', "\\t")
        ));
    }
    if let Some(e) = &loaded.helm_error {
        out.push_str(&format!("helm refuses: {e}\n"));
    }
    out
}

fn lint_fixture(name: &str) -> (LoadResult, Vec<Finding>) {
    cw_lint::lint(&DiskFs, &fixtures_dir().join(name))
}

fn check(name: &str, expect: Expect) {
    let (loaded, findings) = lint_fixture(name);
    expect.assert_eq(&render(&loaded, &findings));
}

#[test]
fn chart_yaml_unknown_key() {
    check(
        "chart-yaml-unknown-key",
        expect![[r#"
            warning chart-yaml-unknown-key Chart.yaml:4:1: "kubeversion" should be written "kubeVersion": Helm matches it to the field only because case is ignored
            warning chart-yaml-unknown-key Chart.yaml:5:1: failed to strictly parse chart metadata file\n\terror unmarshaling JSON: while decoding JSON: json: unknown field "maintainer"
            warning chart-yaml-unknown-key Chart.yaml:7:1: failed to strictly parse chart metadata file\n\terror unmarshaling JSON: while decoding JSON: json: unknown field "engine"
            warning chart-yaml-unknown-key Chart.yaml:12:5: failed to strictly parse chart metadata file\n\terror unmarshaling JSON: while decoding JSON: json: unknown field "repo"
        "#]],
    );
}

#[test]
fn chart_yaml_number_versions() {
    check(
        "chart-yaml-number-versions",
        expect![[r#"
        warning chart-version-not-strict Chart.yaml:3:10: version '1.1' is not a valid SemVerV2
        error chart-version-type Chart.yaml:3:10: version should be of type string but it's of type float64
        error chart-app-version-type Chart.yaml:4:13: appVersion should be of type string but it's of type float64
    "#]],
    );
}

#[test]
fn chart_yaml_bad_values() {
    check(
        "chart-yaml-bad-values",
        expect![[r#"
        error chart-api-version-invalid Chart.yaml:1:13: apiVersion 'v3' is not valid. The value must be either "v1" or "v2"
        error chart-name-invalid Chart.yaml:2:7: chart name "charts/bad" is invalid
        error chart-version-invalid Chart.yaml:3:10: version '1.2.3.4' is not a valid SemVer
        warning chart-version-not-strict Chart.yaml:3:10: version '1.2.3.4' is not a valid SemVerV2
        error chart-type-v1 Chart.yaml:4:7: chart type is not valid in apiVersion 'v3'. It is valid in apiVersion 'v2'
        error chart-kube-version-invalid Chart.yaml:5:23: kubeVersion ">= 1.20 <" is not a valid constraint: improper constraint: >= 1.20 <
        error chart-icon-invalid Chart.yaml:6:7: invalid icon URL 'icon.png'
        error chart-source-invalid Chart.yaml:9:5: invalid source URL 'github.com/example/bad'
        error chart-maintainer-invalid Chart.yaml:13:12: invalid email 'jane-at-example.com' for maintainer 'jane'
        error chart-maintainer-invalid Chart.yaml:14:5: each maintainer requires a name
        error chart-maintainer-invalid Chart.yaml:16:10: invalid url 'not a url' for maintainer 'joe'
        helm refuses: validation: chart.metadata.name "charts/bad" is invalid
    "#]],
    );
}

#[test]
fn chart_yaml_wrong_shape() {
    check(
        "chart-yaml-wrong-shape",
        expect![[r#"
        error chart-field-type Chart.yaml:4:11: unable to parse YAML\n\terror unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go struct field Metadata.keywords of type []string
        error chart-field-type Chart.yaml:6:5: unable to parse YAML\n\terror unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go struct field Metadata.maintainers of type v2.Maintainer
        helm refuses: cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go struct field Metadata.keywords of type []string
    "#]],
    );
}

#[test]
fn chart_yaml_syntax_error() {
    check(
        "chart-yaml-syntax-error",
        expect![[r#"
        error yaml-invalid Chart.yaml:4:15: unable to parse YAML\n\terror converting YAML to JSON: yaml: line 4: mapping values are not allowed in this context
        helm refuses: cannot load Chart.yaml: error converting YAML to JSON: yaml: line 4: mapping values are not allowed in this context
    "#]],
    );
}

#[test]
fn chart_yaml_missing() {
    check(
        "chart-yaml-missing",
        expect![[r#"
        error chart-yaml-missing Chart.yaml: Chart.yaml file is missing
        helm refuses: Chart.yaml file is missing
    "#]],
    );
}

#[test]
fn chart_yaml_duplicate_key() {
    check(
        "chart-yaml-duplicate-key",
        expect![[r#"
        warning chart-yaml-duplicate-key Chart.yaml:5:1: failed to strictly parse chart metadata file\n\terror converting YAML to JSON: yaml: unmarshal errors:\n  line 5: key "name" already set in map
    "#]],
    );
}

#[test]
fn v1_with_requirements() {
    check(
        "v1-with-requirements",
        expect![[r#"
            warning chart-yaml-unknown-key requirements.yaml:6:5: unknown field "conditon" in a dependency: Helm ignores it
        "#]],
    );
    let (loaded, _) = lint_fixture("v1-with-requirements");
    let c = &loaded.chart;
    let dep = c.metadata.dependencies().next().unwrap();
    assert_eq!(dep.effective_name(), "db");
    assert_eq!(cw_chart::str_of(&dep.condition), "db.enabled");
    assert_eq!(dep.tags.as_ref().unwrap().value[0].value, "backend");
    assert_eq!(dep.import_values.as_ref().unwrap().value.len(), 2);
    assert_eq!(c.subchart_for(0).map(|s| s.name()), Some("db"));
}

#[test]
fn v1_dependencies_in_chart_yaml() {
    check(
        "v1-dependencies-in-chart-yaml",
        expect![[r#"
        error chart-type-v1 Chart.yaml:5:7: chart type is not valid in apiVersion 'v1'. It is valid in apiVersion 'v2'
        error chart-dependencies-v1 Chart.yaml:6:1: dependencies are not valid in the Chart file with apiVersion 'v1'. They are valid in apiVersion 'v2'
    "#]],
    );
}

#[test]
fn v2_with_requirements_yaml() {
    check(
        "v2-with-requirements-yaml",
        expect![[r#"
        warning requirements-in-v2 requirements.yaml: Dependencies are handled in Chart.yaml since apiVersion "v2". We recommend migrating dependencies to Chart.yaml.
    "#]],
    );
}

#[test]
fn lock_out_of_sync() {
    check(
        "lock-out-of-sync",
        expect![[r#"
        warning lock-out-of-sync Chart.lock:5:9: the lock file (Chart.lock) is out of sync with the dependencies file (Chart.yaml): "queue" is locked but not declared
        warning dependency-version-mismatch Chart.yaml:7:14: subchart "db" in charts/ has version 1.4.0, which does not satisfy "2.x": Helm renders it as an undeclared subchart
        warning lock-out-of-sync Chart.yaml:7:14: the lock file (Chart.lock) is out of sync with the dependencies file (Chart.yaml): "db" is locked at 1.4.0, which does not satisfy "2.x"
        warning lock-out-of-sync Chart.yaml:9:11: the lock file (Chart.lock) is out of sync with the dependencies file (Chart.yaml): "cache" is not locked
    "#]],
    );
}

#[test]
fn dependency_problems() {
    check(
        "dependency-problems",
        expect![[r#"
            error dependency-missing-in-metadata Chart.yaml:5:1: chart metadata is missing these dependencies: extra
            warning dependency-version-invalid Chart.yaml:7:22: dependency "db" has an invalid version constraint ">= 1.2 <": improper constraint: >= 1.2 <
            warning dependency-condition-unknown Chart.yaml:9:16: condition "db.enable" of dependency "db" is not set in values.yaml: Helm leaves the dependency enabled
            warning dependency-missing-in-charts-dir Chart.yaml:10:11: chart directory is missing these dependencies: cache
            warning dependency-repository-invalid Chart.yaml:12:17: dependency "cache" has an invalid repository "file://../no-such-chart": ../no-such-chart does not exist (paths are relative to the chart)
            error dependency-alias-invalid Chart.yaml:13:12: validation: dependency "cache" has disallowed characters in the alias
            warning dependency-missing-in-charts-dir Chart.yaml:14:11: chart directory is missing these dependencies: queue
            warning dependency-version-invalid Chart.yaml:14:11: dependency "queue" has no version constraint
            warning dependency-repository-invalid Chart.yaml:15:17: dependency "queue" has an invalid repository "example.com/charts": expected an http(s)://, oci:// or file:// URL, or a repository alias (@name, alias:name)
            warning dependency-import-values-invalid Chart.yaml:17:9: import-values entry of dependency "queue" must be a string or a map with string "child" and "parent" keys
            warning dependency-import-values-invalid Chart.yaml:19:9: import-values entry of dependency "queue" must be a string or a map with string "child" and "parent" keys
            warning dependency-name-missing Chart.yaml:20:5: dependency has no name
            helm refuses: validation: dependency "cache" has disallowed characters in the alias
        "#]],
    );
}

#[test]
fn dependency_duplicate_alias() {
    check(
        "dependency-duplicate-alias",
        expect![[r#"
        error dependency-duplicate Chart.yaml:10:12: multiple dependencies with name or alias: db
        helm refuses: validation: more than one dependency with name or alias "db"
    "#]],
    );
}

#[test]
fn subchart_version_mismatch() {
    check(
        "subchart-version-mismatch",
        expect![[r#"
        warning dependency-version-mismatch Chart.yaml:7:14: subchart "db" in charts/ has version 1.2.0, which does not satisfy ">=2.0.0": Helm renders it as an undeclared subchart
    "#]],
    );
}

#[test]
fn subchart_duplicate() {
    check(
        "subchart-duplicate",
        expect![[r#"
            warning subchart-duplicate charts/db-2.0.0.tgz: charts/ holds 2 subcharts named "db": db, db-2.0.0.tgz
            info values-file-missing values.yaml: file does not exist
        "#]],
    );
}

#[test]
fn subchart_tgz() {
    check("subchart-tgz", expect![[r#""#]]);
    let (loaded, _) = lint_fixture("subchart-tgz");
    let sub = &loaded.chart.dependencies[0];
    assert_eq!(sub.name(), "sub");
    assert_eq!(sub.prefix, "charts/sub-0.1.0.tgz/");
    assert_eq!(sub.templates[0].name, "templates/cm.yaml");
    assert!(loaded.chart.resolved[0].version_compatible);
    assert_eq!(
        loaded
            .chart
            .metadata
            .dependencies()
            .next()
            .unwrap()
            .effective_name(),
        "child"
    );
}

#[test]
fn library_chart() {
    check(
        "library-chart",
        expect![[r#"
        info values-file-missing values.yaml: file does not exist
    "#]],
    );
    assert!(lint_fixture("library-chart").0.chart.is_library());
}

#[test]
fn helmignore_negation() {
    check("helmignore-negation", expect![[r#""#]]);
    let (loaded, _) = lint_fixture("helmignore-negation");
    assert!(loaded.chart.templates.is_empty());
    assert!(loaded.chart.files.iter().all(|f| f.name != "notes.txt"));
}

#[test]
fn helmignore_patterns() {
    check("helmignore-patterns", expect![[r#""#]]);
}

#[test]
fn helmignore_double_star() {
    check(
        "helmignore-double-star",
        expect![[r#"
        error helmignore-invalid .helmignore:2:1: double-star (**) syntax is not supported
        helm refuses: double-star (**) syntax is not supported
    "#]],
    );
}

#[test]
fn charts_dir_stray_file() {
    check(
        "charts-dir-stray-file",
        expect![[r#"
        error subchart-invalid charts/README.md: error unpacking subchart README.md in charts-dir-stray-file: Chart.yaml file is missing
        helm refuses: error unpacking subchart README.md in charts-dir-stray-file: Chart.yaml file is missing
    "#]],
    );
}

#[test]
fn subchart_invalid() {
    check(
        "subchart-invalid",
        expect![[r#"
            error yaml-invalid charts/broken/Chart.yaml:5:1: error unpacking subchart broken in subchart-invalid: cannot load Chart.yaml: error converting YAML to JSON: yaml: line 4: did not find expected ',' or ']'
            helm refuses: error unpacking subchart broken in subchart-invalid: cannot load Chart.yaml: error converting YAML to JSON: yaml: line 4: did not find expected ',' or ']'
        "#]],
    );
}

/// The link is made at run time (never committed): files/passwd -> a file outside the chart.
#[test]
fn symlink_escape() {
    let tmp = tempfile::tempdir().unwrap();
    let chart = tmp.path().join("symlink-escape");
    copy_dir(&fixtures_dir().join("symlink-escape"), &chart);
    std::fs::write(tmp.path().join("outside.txt"), "secret").unwrap();
    std::os::unix::fs::symlink("../../outside.txt", chart.join("files/passwd")).unwrap();
    let (loaded, findings) = cw_lint::lint(&DiskFs, &chart);
    let text = render(&loaded, &findings);
    let text = text.replace(
        &tmp.path().canonicalize().unwrap().display().to_string(),
        "$TMP",
    );
    expect![[r#"
        warning symlink-outside-chart files/passwd: symbolic link files/passwd resolves to $TMP/outside.txt, outside the chart: not loaded (Helm would include it)
    "#]]
    .assert_eq(&text);
    assert!(loaded.chart.files.iter().all(|f| f.name != "files/passwd"));
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

/// A chart archive whose member climbs out of the chart is refused with Helm's message.
#[test]
fn archive_path_traversal() {
    let mut tar = tar::Builder::new(Vec::new());
    for (name, data) in [
        (
            "evil/Chart.yaml",
            &b"apiVersion: v2\nname: evil\nversion: 1.0.0\n"[..],
        ),
        ("evil/../../escape.txt", b"x"),
    ] {
        let mut h = tar::Header::new_old();
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        h.as_old_mut().name[..name.len()].copy_from_slice(name.as_bytes());
        h.set_cksum();
        tar.append(&h, data).unwrap();
    }
    let raw = tar.into_inner().unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, &raw).unwrap();
    let data = gz.finish().unwrap();
    let loaded = cw_chart::load_archive("evil-1.0.0.tgz", &data);
    expect![[r#"
        error archive-invalid : chart illegally references parent directory
        helm refuses: chart illegally references parent directory
    "#]]
    .assert_eq(&render(&loaded, &loaded.findings));
}

const DEP_LISTS: [&str; 2] = [
    "chart metadata is missing these dependencies: ",
    "chart directory is missing these dependencies: ",
];

/// Every Chart.yaml/dependency line `helm lint` printed on a fixture has a finding of ours with
/// the same severity and text, and Helm's loader error is the one we predict.
#[test]
fn fixtures_agree_with_helm_lint() {
    let goldens = fixtures_dir().join(".goldens");
    let mut checked = 0;
    let mut problems = Vec::new();
    for entry in std::fs::read_dir(&goldens).unwrap().flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(name) = file.strip_suffix(".lint.txt") else {
            continue;
        };
        if name == "symlink-escape" {
            continue; // needs its link; checked in `symlink_escape`
        }
        checked += 1;
        let golden = std::fs::read_to_string(entry.path()).unwrap();
        let (loaded, findings) = lint_fixture(name);
        let mut lines = golden.lines().peekable();
        while let Some(line) = lines.next() {
            if line.starts_with("Error unable to check Chart.yaml file in chart") {
                if !findings.iter().any(|f| f.code == "chart-yaml-missing") {
                    problems.push(format!("{name}: no chart-yaml-missing"));
                }
                continue;
            }
            let Some((sev, rest)) = [
                ("[ERROR] ", Severity::Error),
                ("[WARNING] ", Severity::Warning),
                ("[INFO] ", Severity::Info),
            ]
            .into_iter()
            .find_map(|(p, s)| line.strip_prefix(p).map(|r| (s, r))) else {
                continue;
            };
            if let Some(_msg) = rest.strip_prefix(": unable to load chart") {
                let detail = lines.next().unwrap_or("").trim_start_matches('\t');
                if loaded.helm_error.as_deref() != Some(detail) {
                    problems.push(format!(
                        "{name}: helm's loader error {detail:?}, ours {:?}",
                        loaded.helm_error
                    ));
                }
                continue;
            }
            let (path, message) = rest.split_once(": ").unwrap_or(("", rest));
            let is_dep = DEP_LISTS.iter().any(|p| message.starts_with(p));
            if path != "Chart.yaml" && !is_dep {
                continue;
            }
            let wanted: Vec<String> = match DEP_LISTS.iter().find(|p| message.starts_with(*p)) {
                Some(p) => message[p.len()..]
                    .split(',')
                    .map(|n| format!("{p}{n}"))
                    .collect(),
                None => vec![message.to_string()],
            };
            for w in wanted {
                if !findings
                    .iter()
                    .any(|f| f.severity == sev && f.message.lines().next() == Some(w.as_str()))
                {
                    problems.push(format!("{name}: no finding for helm's [{sev}] {w}"));
                }
            }
        }
    }
    assert!(checked >= 20, "only {checked} goldens");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// An unsaved editor buffer replaces the file on disk: the language server's view.
#[test]
fn overlay_of_unsaved_buffers() {
    let dir = fixtures_dir()
        .join("chart-yaml-number-versions")
        .canonicalize()
        .unwrap();
    let mut fs = cw_chart::OverlayFs::new(&DiskFs);
    fs.set(
        dir.join("Chart.yaml"),
        "apiVersion: v2\nname: chart-yaml-number-versions\nversion: 1.10.0\nappVersion: \"2.0\"\nicon: https://example.com/icon.svg\nkubeVersion: \">= 1.20 <\"\n",
    );
    let (loaded, findings) = cw_lint::lint(&fs, &dir);
    expect![[r#"
        error chart-kube-version-invalid Chart.yaml:6:23: kubeVersion ">= 1.20 <" is not a valid constraint: improper constraint: >= 1.20 <
    "#]]
    .assert_eq(&render(&loaded, &findings));
}

/// Every file the loader read, as `helm package` writes them: subcharts unpacked under
/// `charts/<name>/`.
fn packaged_files(chart: &Chart, prefix: &str, out: &mut Vec<String>) {
    let mut push = |name: &str| out.push(format!("{prefix}{name}"));
    for f in chart
        .chart_yaml
        .iter()
        .chain(chart.values.iter().map(|v| &v.file))
        .chain(chart.schema.iter())
        .chain(chart.templates.iter())
        .chain(chart.files.iter())
        // Of the files kept out of `.Files`, Helm saves only the lock (requirements files of a
        // v2 chart are dropped).
        .chain(chart.raw.iter().filter(|f| f.name == "Chart.lock"))
    {
        push(&f.name);
    }
    for sub in &chart.dependencies {
        packaged_files(sub, &format!("{prefix}charts/{}/", sub.name()), out);
    }
}

/// The files the loader keeps (after `.helmignore` and Helm's default ignores) are the files
/// `helm package` archives, for every fixture helm can package.
#[test]
fn loaded_files_match_helm_package() {
    let goldens = fixtures_dir().join(".goldens");
    let mut checked = 0;
    let mut problems = Vec::new();
    for entry in std::fs::read_dir(&goldens).unwrap().flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(name) = file.strip_suffix(".files.txt") else {
            continue;
        };
        if name == "symlink-escape" {
            continue; // helm packages the link's target; chartwright does not read outside
        }
        checked += 1;
        let golden = std::fs::read_to_string(entry.path()).unwrap();
        let want: Vec<&str> = golden.lines().filter(|l| !l.starts_with('#')).collect();
        let (loaded, _) = lint_fixture(name);
        let mut got = Vec::new();
        packaged_files(&loaded.chart, "", &mut got);
        got.sort();
        if got != want {
            problems.push(format!("{name}:\n  helm: {want:?}\n  ours: {got:?}"));
        }
    }
    assert!(checked >= 10, "only {checked} goldens");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
