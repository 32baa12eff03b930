//! End-to-end tests of `chartwright lint` on testdata/lint: helm-format output against the
//! recorded `helm lint` goldens, located human output, SARIF 2.1.0 structure, GitHub annotations,
//! suppressions, `--explain` and exit codes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use expect_test::expect_file;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/lint")
}

fn lint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chartwright"))
        .current_dir(fixtures())
        .arg("lint")
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn helm_format_matches_recorded_helm_lint() {
    let o = lint(&["--format", "helm", "workload-problems"]);
    let golden = std::fs::read_to_string(fixtures().join("workload-problems.helm.txt")).unwrap();
    let golden_out: Vec<&str> = golden
        .lines()
        .skip(1)
        .take_while(|l| *l != "--- stderr ---")
        .collect();
    let ours = stdout(&o);
    let ours: Vec<&str> = ours.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(ours, golden_out);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "Error: 1 chart(s) linted, 1 chart(s) failed\n"
    );
}

#[test]
fn human_output_is_located() {
    let o = lint(&["workload-problems/templates/service.yaml"]);
    let out = stdout(&o);
    assert!(
        out.contains("warning[object-name-invalid]: object name does not conform"),
        "{out}"
    );
    assert!(
        out.contains("--> workload-problems/templates/service.yaml:4:9\n  |\n4 |   name: My_Service\n  |         ^^^^^^^^^^"),
        "{out}"
    );
    assert!(
        out.contains("--> workload-problems/templates/deployment.yaml:1:13"),
        "{out}"
    );
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn suppressions_config_and_inline() {
    let o = lint(&["--format", "json", "suppressed"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let codes: Vec<(&str, &str)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["code"].as_str().unwrap(), f["severity"].as_str().unwrap()))
        .collect();
    // icon ignored by .chartwright.toml, the deprecation by the comment above it, the naming
    // warning raised to an error.
    assert_eq!(codes, [("object-name-invalid", "error")]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn sarif_has_the_required_structure() {
    let o = lint(&["--format", "sarif", "workload-problems"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    assert!(v["$schema"].as_str().unwrap().contains("sarif"));
    let run = &v["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "chartwright");
    let rules = driver["rules"].as_array().unwrap();
    assert!(rules.len() > 50);
    for r in rules {
        assert!(r["id"].is_string());
        assert!(r["shortDescription"]["text"].is_string());
        // SARIF1001: a `name` equal to the `id` must be left out.
        assert_ne!(r.get("name"), Some(&r["id"]));
    }
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 5);
    for res in results {
        let id = res["ruleId"].as_str().unwrap();
        let idx = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], id);
        assert!(["error", "warning", "note"].contains(&res["level"].as_str().unwrap()));
        assert!(res["message"]["text"].is_string());
        let loc = &res["locations"][0]["physicalLocation"];
        assert!(loc["artifactLocation"]["uri"].is_string());
        if let Some(region) = loc.get("region") {
            assert!(region["startLine"].as_u64().unwrap() >= 1);
            assert!(region["startColumn"].as_u64().unwrap() >= 1);
        }
    }
    let help = rules
        .iter()
        .find(|r| r["id"] == "workload-selector-missing")
        .unwrap();
    assert!(help["help"]["markdown"]
        .as_str()
        .unwrap()
        .contains("## What it does"));
}

#[test]
fn github_annotations() {
    let o = lint(&["--format", "github", "--quiet", "workload-problems"]);
    let out = stdout(&o);
    assert!(out.contains("::warning file=workload-problems/templates/service.yaml,line=4,col=9,endLine=4,endColumn=19,title=object-name-invalid::object name does not conform"), "{out}");
    assert!(out.contains("::error file=workload-problems/templates/extra.json,title=template-extension-invalid::file extension"), "{out}");
    assert!(!out.contains("icon is recommended"));
}

#[test]
fn explain_and_usage_errors() {
    let o = lint(&["--explain", "workload-selector-missing"]);
    assert!(stdout(&o).starts_with("# workload-selector-missing (error)"));
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(lint(&["--explain", "nope"]).status.code(), Some(2));
    assert_eq!(lint(&["no-such-dir"]).status.code(), Some(2));
    assert_eq!(lint(&["--format", "xml"]).status.code(), Some(2));
    // --strict fails on warnings; the suppressed chart has an error anyway, so use a clean one.
    let o = lint(&[
        "--strict",
        "--format",
        "helm",
        "workload-problems/Chart.yaml",
    ]);
    assert_eq!(o.status.code(), Some(1));
}

/// The recorded `helm lint` golden's stdout lines (between the header and `--- stderr ---`).
fn golden_stdout(name: &str) -> Vec<String> {
    let golden = std::fs::read_to_string(fixtures().join(name)).unwrap();
    golden
        .lines()
        .skip(1)
        .take_while(|l| *l != "--- stderr ---")
        .map(str::to_string)
        .collect()
}

#[test]
fn ci_profiles_render_like_helm_lint_with_their_values() {
    // Default values lint clean, in chartwright as in helm.
    let o = lint(&["--format", "helm", "ci-profiles"]);
    let ours: Vec<String> = stdout(&o)
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    let helm: Vec<String> = golden_stdout("ci-profiles.helm.txt")
        .into_iter()
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(ours, helm);
    assert_eq!(o.status.code(), Some(0));

    // Every other format renders each ci/*-values.yaml too: the broken profile fails with the
    // error helm lint gives for `--values ci/broken-values.yaml`, the good one adds nothing.
    let o = lint(&["--format", "json", "ci-profiles"]);
    assert_eq!(o.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let findings = json.as_array().unwrap();
    assert_eq!(findings.len(), 1, "{json}");
    assert_eq!(findings[0]["code"], "ci-profile-failed");
    assert_eq!(findings[0]["file"], "ci-profiles/ci/broken-values.yaml");
    let helm = golden_stdout("ci-profiles.broken-values.helm.txt");
    let helm_error = helm[1]
        .strip_prefix("[ERROR] templates/: ")
        .map(|first| {
            std::iter::once(first.to_string())
                .chain(helm[2..].iter().filter(|l| !l.is_empty()).cloned())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap();
    assert_eq!(
        findings[0]["message"].as_str().unwrap(),
        format!("with ci/broken-values.yaml: {helm_error}")
    );
    assert!(golden_stdout("ci-profiles.ok-values.helm.txt")
        .iter()
        .all(|l| !l.starts_with("[ERROR]")));
}

/// The analysis core's values findings (`values-undefined`, `values-unused`) in each output
/// format, against snapshots in testdata/lint/expected (update them with
/// `UPDATE_EXPECT=1 cargo test -p cw-cli --test cli lint_cli`).
#[test]
fn values_findings_in_every_format() {
    let chart = "values-undefined-and-unused";
    let o = lint(&[chart]);
    // Warnings only: the run passes, unless --strict.
    assert_eq!(o.status.code(), Some(0));
    expect_file!["../../../../testdata/lint/expected/values-undefined-and-unused.human.txt"]
        .assert_eq(&stdout(&o));
    assert_eq!(lint(&["--strict", chart]).status.code(), Some(1));

    let o = lint(&["--format", "json", chart]);
    expect_file!["../../../../testdata/lint/expected/values-undefined-and-unused.json"]
        .assert_eq(&stdout(&o));

    let o = lint(&["--format", "github", chart]);
    expect_file!["../../../../testdata/lint/expected/values-undefined-and-unused.github.txt"]
        .assert_eq(&stdout(&o));

    let o = lint(&["--format", "sarif", chart]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let results = serde_json::to_string_pretty(&v["runs"][0]["results"]).unwrap();
    expect_file![
        "../../../../testdata/lint/expected/values-undefined-and-unused.sarif-results.json"
    ]
    .assert_eq(&format!("{results}\n"));
    let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    for code in ["values-undefined", "values-unused"] {
        let rule = rules.iter().find(|r| r["id"] == code).unwrap();
        assert_eq!(rule["defaultConfiguration"]["level"], "warning");
        let help = rule["help"]["markdown"].as_str().unwrap();
        assert!(help.contains("## Why is this bad?"), "{help}");
    }
}

#[test]
fn helm_format_leaves_values_findings_out() {
    // `--format helm` stands in for `helm lint --strict` in pipelines: helm's output and exit
    // code, which has nothing to say about this chart.
    let chart = "values-undefined-and-unused";
    for strict in [false, true] {
        let mut args = vec!["--format", "helm", chart];
        if strict {
            args.push("--strict");
        }
        let o = lint(&args);
        let ours: Vec<String> = stdout(&o).lines().map(str::to_string).collect();
        assert_eq!(ours, golden_stdout(&format!("{chart}.helm.txt")));
        assert_eq!(o.status.code(), Some(0));
    }
}

#[test]
fn values_findings_suppressed_inline_in_templates_and_values_files_and_by_config() {
    let o = lint(&["--format", "json", "values-suppressed"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let found: Vec<(&str, &str, &str, u64)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap(),
                f["severity"].as_str().unwrap(),
                f["file"].as_str().unwrap(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    // `.Values.region` is silenced by the template comment above it, `operatorHints` by the
    // values.yaml comment above it; `values-unused` is an error by .chartwright.toml.
    assert_eq!(
        found,
        [
            (
                "values-undefined",
                "warning",
                "values-suppressed/templates/configmap.yaml",
                8
            ),
            ("values-unused", "error", "values-suppressed/values.yaml", 6),
        ]
    );
    assert_eq!(o.status.code(), Some(1));
}

/// The `values-undefined` findings of the fixture under some values flags, as `path: message`.
fn undefined_with(args: &[&str]) -> Vec<String> {
    let mut all = vec!["--format", "json", "values-undefined-and-unused"];
    all.extend_from_slice(args);
    let o = lint(&all);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "values-undefined")
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn values_and_set_flags_define_values_as_in_the_render() {
    let typo = "`.Values.image.tga` is not defined in any values file or values schema; did you mean `.Values.image.tag`?";
    let target = "`.Values.service.targetPort` is not defined in any values file or values schema";
    let resources = "`.Values.resources` is not defined in any values file or values schema (values.yaml only mentions it in a comment)";
    assert_eq!(undefined_with(&[]), [typo, resources, target]);
    assert_eq!(
        undefined_with(&["--set", "service.targetPort=8080"]),
        [typo, resources]
    );
    assert_eq!(
        undefined_with(&["--set-string", "service.targetPort=http"]),
        [typo, resources]
    );
    assert_eq!(
        undefined_with(&["--set-json", r#"resources={"limits":{"cpu":"1"}}"#]),
        [typo, target]
    );
    let dir = std::env::temp_dir().join(format!("cw-lint-values-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("extra-values.yaml");
    std::fs::write(&file, "image:\n  tga: latest\n").unwrap();
    let file = file.display().to_string();
    assert_eq!(undefined_with(&["-f", &file]), [resources, target]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn explain_documents_every_rule() {
    for rule in cw_lint::registry() {
        let o = lint(&["--explain", rule.code]);
        assert_eq!(o.status.code(), Some(0), "{}", rule.code);
        let text = stdout(&o);
        assert!(
            text.starts_with(&format!("# {} ({})\n\n", rule.code, rule.severity)),
            "{text}"
        );
        for section in ["## What it does", "## Why is this bad?", "## Example"] {
            assert!(text.contains(section), "{}: {section}", rule.code);
        }
    }
    // The codes chartwright lint reports besides the rules that run in cw-lint.
    for code in [
        "values-undefined",
        "values-unused",
        "values-invalid",
        "template-render-failed",
        "ci-profile-failed",
    ] {
        assert!(cw_lint::rule(code).is_some(), "{code}");
    }
}

#[test]
fn an_archive_is_linted_as_helm_lints_it_and_located_inside() {
    let archive = "archives/values-undefined-and-unused-0.1.0.tgz";
    let o = lint(&["--format", "helm", archive]);
    let ours: Vec<String> = stdout(&o).lines().map(str::to_string).collect();
    assert_eq!(ours, golden_stdout(&format!("{archive}.helm.txt")));
    assert_eq!(o.status.code(), Some(0));

    // Human output names the member and its line; GitHub and SARIF point at the archive (the
    // repository's file) and name the member in the message.
    let human = stdout(&lint(&[archive]));
    assert!(
        human.contains(&format!("--> {archive}:templates/deployment.yaml:17:67\n")),
        "{human}"
    );
    let github = stdout(&lint(&["--format", "github", archive]));
    assert!(
        github.contains(&format!("::warning file={archive},title=values-undefined::templates/deployment.yaml:17:67: `.Values.image.tga` is not defined")),
        "{github}"
    );
    let o = lint(&["--format", "sarif", archive]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let size = std::fs::metadata(fixtures().join(archive)).unwrap().len();
    for res in v["runs"][0]["results"].as_array().unwrap() {
        let loc = &res["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], archive);
        assert_eq!(loc["region"]["byteLength"], size);
    }
}

#[test]
fn without_paths_every_chart_under_the_folder() {
    let charts = std::fs::read_dir(fixtures())
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("Chart.yaml").is_file())
        .count();
    let o = lint(&["--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut linted: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["chart"].as_str().unwrap())
        .collect();
    linted.sort();
    linted.dedup();
    // Every fixture chart has at least one finding in the default run.
    assert_eq!(linted.len(), charts, "{linted:?}");
    let o = lint(&[]);
    assert!(stdout(&o).contains(&format!("linted {charts} chart(s)")));
}

#[test]
fn files_map_to_their_chart_and_files_outside_charts_to_nothing() {
    let o = lint(&[
        "--format",
        "json",
        "values-suppressed/values.yaml",
        "values-suppressed/templates/configmap.yaml",
        "record.sh",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let charts: std::collections::BTreeSet<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["chart"].as_str().unwrap())
        .collect();
    assert_eq!(
        charts.into_iter().collect::<Vec<_>>(),
        ["values-suppressed"]
    );
    let o = lint(&["record.sh"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("linted 0 chart(s)"));
}

#[test]
fn a_broken_config_file_is_a_usage_error() {
    let dir = std::env::temp_dir().join(format!("cw-lint-config-{}", std::process::id()));
    let chart = dir.join("demo");
    std::fs::create_dir_all(chart.join("templates")).unwrap();
    std::fs::write(
        chart.join("Chart.yaml"),
        "apiVersion: v2\nname: demo\nversion: 0.1.0\n",
    )
    .unwrap();
    for (config, error) in [
        (
            "[lint]\nignore = [\"values-unusd\"]\n",
            "unknown lint rule `values-unusd`",
        ),
        (
            "[lint]\nignored = [\"values-unused\"]\n",
            "unknown key `lint.ignored`",
        ),
    ] {
        std::fs::write(chart.join(".chartwright.toml"), config).unwrap();
        let o = Command::new(env!("CARGO_BIN_EXE_chartwright"))
            .current_dir(&dir)
            .args(["lint", "demo"])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(error), "{err}");
        assert!(o.stdout.is_empty());
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn render_failures_point_at_the_failing_action_and_stay_at_templates_for_helm() {
    let chart = "render-failure-located";
    let o = lint(&["--format", "helm", chart]);
    let ours: Vec<String> = stdout(&o)
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    assert_eq!(ours, golden_stdout(&format!("{chart}.helm.txt")));
    assert_eq!(o.status.code(), Some(1));

    let o = lint(&["--format", "json", chart]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let failed = v
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "template-render-failed")
        .unwrap();
    // Helm's column 23 is a 0-based byte offset: the `.storage` of the action.
    assert_eq!(
        failed["file"],
        "render-failure-located/templates/configmap.yaml"
    );
    assert_eq!(
        (failed["line"].as_u64(), failed["column"].as_u64()),
        (Some(7), Some(24))
    );
    assert_eq!(failed["endColumn"], 55);
    assert_eq!(o.status.code(), Some(1));
}

/// A recorded `helm lint` run: stdout (trailing blank lines dropped, as the recording's
/// `$(...)` drops them), stderr and the exit code.
fn golden_run(name: &str) -> (String, String, i32) {
    let golden = std::fs::read_to_string(fixtures().join(name)).unwrap();
    let body = golden.split_once('\n').unwrap().1;
    let (out, rest) = body.split_once("--- stderr ---\n").unwrap();
    let (err, code) = rest.rsplit_once("[exit code: ").unwrap();
    let code = code.trim_end().trim_end_matches(']').parse().unwrap();
    (out.trim_end().to_string(), err.to_string(), code)
}

#[test]
fn helm_format_is_helm_lint_byte_for_byte_with_its_values_flags() {
    // (recording, flags) as testdata/lint/record.sh runs them.
    let runs: &[(&str, &[&str])] = &[
        ("values-schema-violated.helm.txt", &[]),
        (
            "values-schema-violated.skip-schema-validation.helm.txt",
            &["--skip-schema-validation"],
        ),
        (
            "values-schema-violated.set-literal.helm.txt",
            &["--skip-schema-validation", "--set-literal", "name=My_Web,2"],
        ),
        (
            "values-schema-violated.set-string.helm.txt",
            &["--set", "replicas=3", "--set-string", "replicas=x"],
        ),
        (
            "values-schema-violated.set.helm.txt",
            &["--set", "replicas=3"],
        ),
        // Values that cannot be read stop helm lint before any chart.
        (
            "values-schema-violated.missing-values-file.helm.txt",
            &["-f", "no-such-values.yaml"],
        ),
        (
            "values-schema-violated.bad-set-json.helm.txt",
            &["--set-json", "replicas={"],
        ),
    ];
    for (golden, flags) in runs {
        let mut args = vec!["--format", "helm", "values-schema-violated"];
        args.extend_from_slice(flags);
        let o = lint(&args);
        let (out, err, code) = golden_run(golden);
        assert_eq!(stdout(&o).trim_end(), out, "{golden}");
        assert_eq!(String::from_utf8_lossy(&o.stderr), err, "{golden}");
        assert_eq!(o.status.code(), Some(code), "{golden}");
    }
    // In chartwright's own formats, values that cannot be read are a usage error.
    let o = lint(&["values-schema-violated", "-f", "no-such-values.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "Error: open no-such-values.yaml: no such file or directory\n"
    );
}
