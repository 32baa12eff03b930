//! `chartwright template`: renders a chart as `helm template` does (same positional arguments
//! and flags), printing the manifests on stdout and `Error: ...` on stderr.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use cw_engine::output::OutputOptions;
use cw_engine::template::{render_name_template, template, TemplateOptions};
use cw_engine::Engine;

/// The flags of `helm template` that chartwright supports.
#[derive(Args, Debug)]
pub struct TemplateArgs {
    /// `[NAME] CHART`: the release name (optional) and the chart directory or archive.
    #[arg(required = true, num_args = 1..=2, value_name = "NAME] [CHART")]
    args: Vec<String>,
    /// Namespace of the release.
    #[arg(short = 'n', long, default_value = "default")]
    namespace: String,
    /// Values files (comma-separated or repeated).
    #[arg(short = 'f', long = "values", value_delimiter = ',')]
    values: Vec<String>,
    /// Set values on the command line (key1=val1,key2=val2).
    #[arg(long = "set")]
    set: Vec<String>,
    /// Set STRING values on the command line.
    #[arg(long = "set-string")]
    set_string: Vec<String>,
    /// Set JSON values on the command line.
    #[arg(long = "set-json")]
    set_json: Vec<String>,
    /// Set values from files (key=path).
    #[arg(long = "set-file")]
    set_file: Vec<String>,
    /// Set a literal STRING value on the command line.
    #[arg(long = "set-literal")]
    set_literal: Vec<String>,
    /// Only show manifests rendered from the given templates.
    #[arg(short = 's', long = "show-only")]
    show_only: Vec<String>,
    /// Include CRDs in the templated output.
    #[arg(long)]
    include_crds: bool,
    /// Accepted for compatibility: CRDs are only printed with --include-crds.
    #[arg(long)]
    skip_crds: bool,
    /// Skip tests from templated output.
    #[arg(long)]
    skip_tests: bool,
    /// Prevent hooks from being printed.
    #[arg(long)]
    no_hooks: bool,
    /// Set .Release.IsUpgrade instead of .Release.IsInstall.
    #[arg(long)]
    is_upgrade: bool,
    /// Kubernetes version used for Capabilities.KubeVersion.
    #[arg(long)]
    kube_version: Option<String>,
    /// Kubernetes api versions used for Capabilities.APIVersions (comma-separated or repeated).
    #[arg(short = 'a', long = "api-versions", value_delimiter = ',')]
    api_versions: Vec<String>,
    /// Specify template used to name the release.
    #[arg(long)]
    name_template: Option<String>,
    /// Generate the name (ignored when a name is given; helm template defaults to release-name).
    #[arg(short = 'g', long)]
    generate_name: bool,
    /// Disable JSON schema validation of values.
    #[arg(long)]
    skip_schema_validation: bool,
    /// Accepted for compatibility (ignored).
    #[arg(long)]
    debug: bool,
}

fn name_and_chart(a: &TemplateArgs) -> Result<(String, String), String> {
    if a.args.len() == 2 {
        if a.generate_name {
            return Err("cannot set --generate-name and also specify a name".into());
        }
        if a.name_template.is_some() {
            return Err("cannot set --name-template and also specify a name".into());
        }
        return Ok((a.args[0].clone(), a.args[1].clone()));
    }
    if let Some(t) = &a.name_template {
        return Ok((render_name_template(t)?, a.args[0].clone()));
    }
    Ok(("release-name".into(), a.args[0].clone()))
}

/// Runs the subcommand; exit code 1 on any error, as helm.
pub fn run(a: TemplateArgs) -> ExitCode {
    let (name, chart) = match name_and_chart(&a) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("Error: {e}");
            return ExitCode::from(1);
        }
    };
    let opts = TemplateOptions {
        release_name: name,
        namespace: a.namespace,
        is_upgrade: a.is_upgrade,
        kube_version: a.kube_version,
        api_versions: a.api_versions,
        value_files: a.values,
        set: a.set,
        set_string: a.set_string,
        set_json: a.set_json,
        set_file: a.set_file,
        set_literal: a.set_literal,
        skip_schema_validation: a.skip_schema_validation,
        output: OutputOptions {
            include_crds: a.include_crds,
            skip_tests: a.skip_tests,
            no_hooks: a.no_hooks,
            show_only: a.show_only,
        },
    };
    let res = template(&PathBuf::from(chart), &opts, &Engine::default());
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for w in &res.warnings {
        let _ = writeln!(err, "{w}");
    }
    if let Some(e) = &res.error {
        let _ = writeln!(err, "Error: {e}");
        return ExitCode::from(1);
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if out.write_all(res.stdout.as_bytes()).is_err() {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
