//! Renders the fixture charts (testdata/render/charts) and examples as `helm template` and
//! compares byte for byte with the goldens recorded from real helm by
//! tests/record/record_render.py (header line with helm version, arguments and exit code).

use std::path::{Path, PathBuf};

use cw_engine::output::OutputOptions;
use cw_engine::template::{template, TemplateOptions};
use cw_engine::Engine;

/// Goldens known to differ from helm, with the reason.
const KNOWN_GAPS: &[(&str, &str)] = &[(
    "values-mutation-subchart",
    "a subchart's .Values is a copy of the map under its name in the parent's .Values (nested \
     maps shared): Helm uses the same map, typed common.Values for the subchart and \
     map[string]interface {} for the parent, and one cw-template map has one Go type name",
)];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

struct Case {
    name: String,
    args: Vec<String>,
    rc: i32,
    body: String,
}

fn cases() -> Vec<Case> {
    let dir = repo().join("testdata/render/goldens");
    let mut out = Vec::new();
    for e in std::fs::read_dir(&dir).expect("goldens directory") {
        let path = e.expect("entry").path();
        if path.extension().and_then(|x| x.to_str()) != Some("yaml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("golden text");
        let (header, body) = text.split_once('\n').expect("header line");
        assert!(
            header.starts_with("# helm v"),
            "{}: bad header",
            path.display()
        );
        let args_json = header
            .split(" | args: ")
            .nth(1)
            .and_then(|s| s.split(" | rc: ").next())
            .expect("args");
        let rc: i32 = header.rsplit(" | rc: ").next().unwrap().parse().unwrap();
        let args: Vec<String> = serde_json::from_str(args_json).expect("args json");
        out.push(Case {
            name: path.file_stem().unwrap().to_string_lossy().into_owned(),
            args,
            rc,
            body: body.to_string(),
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// The flags the recorded cases use, parsed as helm does.
fn options(args: &[String]) -> (PathBuf, TemplateOptions) {
    let mut opts = TemplateOptions {
        namespace: "default".into(),
        ..Default::default()
    };
    let mut pos = Vec::new();
    let mut out = OutputOptions::default();
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        let mut next = || {
            i += 1;
            args[i].clone()
        };
        match a {
            "-n" | "--namespace" => opts.namespace = next(),
            "--set" => opts.set.push(next()),
            "-f" | "--values" => opts.value_files.push(next()),
            "-s" | "--show-only" => out.show_only.push(next()),
            "--include-crds" => out.include_crds = true,
            "--skip-tests" => out.skip_tests = true,
            "--no-hooks" => out.no_hooks = true,
            "--is-upgrade" => opts.is_upgrade = true,
            "--kube-version" => opts.kube_version = Some(next()),
            "-a" | "--api-versions" => opts.api_versions.push(next()),
            flag if flag.starts_with('-') => panic!("flag {flag} not handled by the test"),
            _ => pos.push(a.to_string()),
        }
        i += 1;
    }
    opts.output = out;
    opts.release_name = pos[0].clone();
    (repo().join(&pos[1]), opts)
}

#[test]
fn goldens_match_helm() {
    let cases = cases();
    assert!(cases.len() >= 10, "goldens missing: {}", cases.len());
    let mut failures = Vec::new();
    let mut gaps = Vec::new();
    for c in &cases {
        if let Some((_, why)) = KNOWN_GAPS.iter().find(|(n, _)| *n == c.name) {
            let (chart, opts) = options(&c.args);
            let res = template(&chart, &opts, &Engine::default());
            // Printed, not hidden; a gap that starts to pass must leave the list.
            assert_eq!(res.error, None, "{}: renders, only differently", c.name);
            assert_ne!(
                res.stdout, c.body,
                "{} now matches helm: remove it from KNOWN_GAPS",
                c.name
            );
            gaps.push(format!("{}: {why}", c.name));
            continue;
        }
        let (chart, mut opts) = options(&c.args);
        // Goldens were recorded from the repository root with relative paths.
        opts.value_files = opts
            .value_files
            .iter()
            .map(|f| repo().join(f).display().to_string())
            .collect();
        let res = template(&chart, &opts, &Engine::default());
        if c.rc == 0 {
            match &res.error {
                Some(e) => failures.push(format!("{}: unexpected error: {e}", c.name)),
                None if res.stdout != c.body => failures.push(format!(
                    "{}: output differs\n--- helm\n{}\n--- chartwright\n{}",
                    c.name, c.body, res.stdout
                )),
                None => {}
            }
        } else {
            let want = c
                .body
                .lines()
                .skip_while(|l| !l.starts_with("Error: "))
                .collect::<Vec<_>>()
                .join("\n");
            match &res.error {
                None => failures.push(format!("{}: helm failed but we did not", c.name)),
                Some(e) => {
                    let got = format!("Error: {e}");
                    if got.trim_end() != want.trim_end() {
                        failures.push(format!(
                            "{}: error differs\n--- helm\n{want}\n--- chartwright\n{got}",
                            c.name
                        ));
                    }
                }
            }
        }
    }
    for g in &gaps {
        println!("known gap: {g}");
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}
