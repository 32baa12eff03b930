//! `chartwright check`: rustc-style output, summary line and exit codes, run as a process.

use std::path::Path;
use std::process::Command;

use expect_test::expect;

fn run(args: &[&str]) -> (String, String, i32) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = Command::new(env!("CARGO_BIN_EXE_chartwright"))
        .args(args)
        .current_dir(repo)
        .output()
        .expect("runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn reports_findings_with_source_and_carets_and_fails_on_errors() {
    let (stdout, _, code) = run(&[
        "check",
        "testdata/charts/chart-yaml-number-versions",
        "testdata/charts/chart-yaml-unknown-key",
    ]);
    expect![[r#"
        warning[chart-version-not-strict]: version '1.1' is not a valid SemVerV2
         --> testdata/charts/chart-yaml-number-versions/Chart.yaml:3:10
          |
        3 | version: 1.10
          |          ^^^^

        error[chart-version-type]: version should be of type string but it's of type float64
         --> testdata/charts/chart-yaml-number-versions/Chart.yaml:3:10
          |
        3 | version: 1.10
          |          ^^^^

        error[chart-app-version-type]: appVersion should be of type string but it's of type float64
         --> testdata/charts/chart-yaml-number-versions/Chart.yaml:4:13
          |
        4 | appVersion: 2.0
          |             ^^^

        warning[chart-yaml-unknown-key]: "kubeversion" should be written "kubeVersion": Helm matches it to the field only because case is ignored
         --> testdata/charts/chart-yaml-unknown-key/Chart.yaml:4:1
          |
        4 | kubeversion: ">=1.20.0-0"
          | ^^^^^^^^^^^

        warning[chart-yaml-unknown-key]: failed to strictly parse chart metadata file
          error unmarshaling JSON: while decoding JSON: json: unknown field "maintainer"
         --> testdata/charts/chart-yaml-unknown-key/Chart.yaml:5:1
          |
        5 | maintainer:
          | ^^^^^^^^^^
          = note: did you mean "maintainers"?: testdata/charts/chart-yaml-unknown-key/Chart.yaml:5:1

        warning[chart-yaml-unknown-key]: failed to strictly parse chart metadata file
          error unmarshaling JSON: while decoding JSON: json: unknown field "engine"
         --> testdata/charts/chart-yaml-unknown-key/Chart.yaml:7:1
          |
        7 | engine: gotpl
          | ^^^^^^

        warning[chart-yaml-unknown-key]: failed to strictly parse chart metadata file
          error unmarshaling JSON: while decoding JSON: json: unknown field "repo"
          --> testdata/charts/chart-yaml-unknown-key/Chart.yaml:12:5
           |
        12 |     repo: https://example.com/charts
           |     ^^^^

        checked 2 charts: 2 errors, 5 warnings, 0 infos
    "#]]
    .assert_eq(&stdout);
    assert_eq!(code, 1);
}

#[test]
fn clean_chart_exits_zero() {
    let (stdout, _, code) = run(&["check", "testdata/charts/subchart-tgz"]);
    assert_eq!(stdout, "checked 1 chart: 0 errors, 0 warnings, 0 infos\n");
    assert_eq!(code, 0);
}

#[test]
fn whole_file_findings_have_no_source_line() {
    let (stdout, _, code) = run(&["check", "testdata/charts/chart-yaml-missing"]);
    expect![[r#"
        error[chart-yaml-missing]: Chart.yaml file is missing
         --> testdata/charts/chart-yaml-missing/Chart.yaml

        checked 1 chart: 1 error, 0 warnings, 0 infos
    "#]]
    .assert_eq(&stdout);
    assert_eq!(code, 1);
}

#[test]
fn usage_errors_exit_two() {
    let (_, stderr, code) = run(&["check"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("CHART"), "{stderr}");
    let (_, _, code) = run(&["check", "--no-such-flag", "x"]);
    assert_eq!(code, 2);
}

#[test]
fn related_locations_are_shown_with_line_and_column() {
    let (stdout, _, code) = run(&["check", "testdata/charts/chart-yaml-duplicate-key"]);
    expect![[r#"
        warning[chart-yaml-duplicate-key]: failed to strictly parse chart metadata file
          error converting YAML to JSON: yaml: unmarshal errors:
            line 5: key "name" already set in map
         --> testdata/charts/chart-yaml-duplicate-key/Chart.yaml:5:1
          |
        5 | name: chart-yaml-duplicate-key-2
          | ^^^^
          = note: first defined here: testdata/charts/chart-yaml-duplicate-key/Chart.yaml:2:1

        checked 1 chart: 0 errors, 1 warning, 0 infos
    "#]]
    .assert_eq(&stdout);
    assert_eq!(code, 0);
}
