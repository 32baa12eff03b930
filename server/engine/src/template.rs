//! The whole of `helm template` (pkg/cmd/template.go and install.go's client-only install):
//! load the chart, merge user values, check installability and dependencies, compute values,
//! render, assemble the output, with Helm's error texts and warnings.

use std::path::Path;

use cw_chart::{DiskFs, FileSystem};

use crate::capabilities::{parse_kube_version, Capabilities};
use crate::output::{assemble, Output, OutputOptions};
use crate::render::{Engine, Release, RenderChart, Rendered};

/// The flags of `helm template` chartwright understands.
#[derive(Clone, Debug, Default)]
pub struct TemplateOptions {
    pub release_name: String,
    pub namespace: String,
    /// `--is-upgrade`.
    pub is_upgrade: bool,
    /// `--kube-version`.
    pub kube_version: Option<String>,
    /// `--api-versions` (`-a`), appended to the defaults.
    pub api_versions: Vec<String>,
    /// `-f`/`--values`: file paths, in order.
    pub value_files: Vec<String>,
    /// `--set`, `--set-string`, `--set-json`, `--set-file`, `--set-literal`.
    pub set: Vec<String>,
    pub set_string: Vec<String>,
    pub set_json: Vec<String>,
    pub set_file: Vec<String>,
    pub set_literal: Vec<String>,
    pub skip_schema_validation: bool,
    pub output: OutputOptions,
}

/// What `helm template` would print.
#[derive(Clone, Debug, Default)]
pub struct TemplateResult {
    /// Standard output.
    pub stdout: String,
    /// Warnings helm prints on standard error before the error (`level=WARN msg="..."` lines
    /// and `coalesce.go` warnings), one per entry.
    pub warnings: Vec<String>,
    /// The error (the text after `Error: `), when helm would fail.
    pub error: Option<String>,
    /// The render, when it got that far (for source maps and the IDE).
    pub rendered: Option<Rendered>,
    pub output: Option<Output>,
}

const DEBUG_HINT: &str = "\n\nUse --debug flag to render out invalid YAML";

/// Helm's `ValidateReleaseName`.
pub fn validate_release_name(name: &str) -> Result<(), String> {
    let ok_label = |l: &str| {
        !l.is_empty()
            && l.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if name.is_empty() || name.len() > 53 || !name.split('.').all(ok_label) {
        return Err(format!(
            "release name \"{name}\": invalid release name, must match regex ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ and the length must not be longer than 53"
        ));
    }
    Ok(())
}

fn read_text(fs: &dyn FileSystem, path: &str) -> Result<String, String> {
    fs.read(Path::new(path))
        .map(|d| String::from_utf8_lossy(&d).into_owned())
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => format!("open {path}: no such file or directory"),
            _ => format!("open {path}: {e}"),
        })
}

/// Runs `helm template NAME CHART` with the given flags against the disk.
pub fn template(chart_path: &Path, opts: &TemplateOptions, engine: &Engine) -> TemplateResult {
    template_with_fs(&DiskFs, chart_path, opts, engine)
}

/// [`template`] over any file system (the language server passes unsaved buffers).
pub fn template_with_fs(
    fs: &dyn FileSystem,
    chart_path: &Path,
    opts: &TemplateOptions,
    engine: &Engine,
) -> TemplateResult {
    let mut res = TemplateResult::default();
    let fail = |mut res: TemplateResult, e: String| {
        res.error = Some(e);
        res
    };
    if fs.metadata(chart_path).is_err() {
        return fail(res, format!("path \"{}\" not found", chart_path.display()));
    }
    let mut value_files = Vec::new();
    for f in &opts.value_files {
        match read_text(fs, f) {
            Ok(t) => value_files.push((f.clone(), t)),
            Err(e) => return fail(res, e),
        }
    }
    let vopts = cw_values::ValueOptions {
        value_files,
        json_values: opts.set_json.clone(),
        values: opts.set.clone(),
        string_values: opts.set_string.clone(),
        file_values: opts.set_file.clone(),
        literal_values: opts.set_literal.clone(),
    };
    let user = match cw_values::merge_user_values(&vopts, &|p| read_text(fs, p)) {
        Ok(u) => u,
        Err(e) => return fail(res, e),
    };
    let loaded = cw_chart::load(fs, chart_path);
    if let Some(e) = &loaded.helm_error {
        return fail(res, e.clone());
    }
    let chart = &loaded.chart;
    let ty = cw_chart::str_of(&chart.metadata.chart_type);
    if !(ty.is_empty() || ty == "application") {
        return fail(res, format!("{ty} charts are not installable"));
    }
    if chart.metadata.deprecated.as_ref().is_some_and(|d| d.value) {
        res.warnings
            .push("level=WARN msg=\"this chart is deprecated\"".to_string());
    }
    let missing: Vec<&str> = chart
        .metadata
        .dependencies()
        .filter(|d| !chart.dependencies.iter().any(|c| c.name() == d.name()))
        .map(|d| d.name())
        .collect();
    if !missing.is_empty() {
        return fail(
            res,
            format!(
                "an error occurred while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: {}",
                missing.join(", ")
            ),
        );
    }
    if let Err(e) = validate_release_name(&opts.release_name) {
        return fail(res, e);
    }
    let kube = match &opts.kube_version {
        None => None,
        Some(k) => match parse_kube_version(k) {
            Ok(v) => Some(v),
            Err(e) => return fail(res, format!("invalid kube version '{k}': {e}")),
        },
    };
    let caps = Capabilities::default().with_overrides(kube, &opts.api_versions);
    let computed = cw_values::compute(
        chart,
        &user.values,
        &cw_values::ComputeOptions {
            skip_schema_validation: opts.skip_schema_validation,
        },
    );
    res.warnings.extend(computed.warnings.iter().cloned());
    if let Some(e) = computed.helm_error() {
        return fail(res, e);
    }
    let root = RenderChart::from_values(&computed.root);
    let kv = cw_chart::str_of(&chart.metadata.kube_version);
    if !kv.is_empty() && !cw_semver::helm::is_compatible_range(kv, &caps.kube_version.version) {
        return fail(
            res,
            format!(
                "chart requires kubeVersion: {kv} which is incompatible with Kubernetes {}{DEBUG_HINT}",
                caps.kube_version.version
            ),
        );
    }
    let release = Release {
        name: opts.release_name.clone(),
        namespace: opts.namespace.clone(),
        revision: 1,
        is_install: !opts.is_upgrade,
        is_upgrade: opts.is_upgrade,
    };
    let rendered = match engine.render(&root, &release, &caps) {
        Ok(r) => r,
        Err(e) => return fail(res, format!("{}{DEBUG_HINT}", e.message())),
    };
    match assemble(&root, &rendered, &opts.output) {
        Ok(out) => {
            res.stdout = out.text.clone();
            res.output = Some(out);
        }
        Err(e) => {
            res.error = Some(if e.with_release {
                format!("{}{DEBUG_HINT}", e.message)
            } else {
                e.message
            });
        }
    }
    res.rendered = Some(rendered);
    res
}

/// Helm's `TemplateName` (`--name-template`): the text rendered with Sprig and no data.
pub fn render_name_template(text: &str) -> Result<String, String> {
    let (out, err) = cw_template::render_text(
        "name-template",
        text,
        cw_sprig::funcs(),
        cw_template::MissingKey::Default,
        cw_template::Value::Nil,
    );
    match err {
        Some(e) => Err(e),
        None => Ok(out),
    }
}
