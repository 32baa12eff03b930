//! `chartwright lint`: headless lint for pre-commit and CI — `helm lint`'s checks and
//! chartwright's own over every chart named (or found), in parallel, printed as rustc-style
//! snippets, JSON, SARIF 2.1.0, GitHub annotations or `helm lint`'s own lines.
//!
//! Besides helm's checks (loader, Chart.yaml and dependency rules, the render in lint mode and
//! the rules over rendered templates), every format but `helm` reports each `ci/*-values.yaml`
//! profile's render and the analysis core's values findings (`values-undefined`,
//! `values-unused`, see [`crate::lint_values`]); `--format helm` keeps helm's checks only, so its
//! output and exit code stay helm lint's.
//!
//! Configuration: `.chartwright.toml` at the repository root (the nearest folder above the chart
//! holding `.git`) and at the chart root (applied after it):
//!
//! ```toml
//! [lint]
//! ignore = ["chart-icon-missing"]
//! [lint.severity]
//! api-version-deprecated = "error"
//! ```
//!
//! Inline: `# chartwright: ignore[code, ...]` (YAML) or `{{/* chartwright: ignore[code] */}}`
//! (templates) on the reported line or the line above.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use clap::{Args, ValueEnum};
use cw_base::{Finding, LineIndex, Severity, TextRange};
use cw_chart::{Chart, DiskFs};

use crate::check::source_text;
use crate::render::write_finding;

/// Output formats of `chartwright lint`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style snippets: file:line:col, the source line and a caret.
    Human,
    /// One JSON array of findings.
    Json,
    /// SARIF 2.1.0 for code scanning.
    Sarif,
    /// GitHub Actions workflow annotations.
    Github,
    /// `helm lint`'s own lines.
    Helm,
}

/// The flags of `helm lint` plus `--format` and `--explain`.
#[derive(Args, Debug)]
pub struct LintArgs {
    /// Chart folders, .tgz archives, or files inside charts (each chart is linted once).
    /// Without paths: every chart under the current folder.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Fail on warnings too.
    #[arg(long)]
    strict: bool,
    /// Values files (comma-separated or repeated).
    #[arg(short = 'f', long = "values", value_delimiter = ',')]
    values: Vec<String>,
    /// Set values on the command line (key1=val1,key2=val2).
    #[arg(long = "set")]
    set: Vec<String>,
    /// Set STRING values on the command line.
    #[arg(long = "set-string")]
    set_string: Vec<String>,
    /// Set values from files (key=path).
    #[arg(long = "set-file")]
    set_file: Vec<String>,
    /// Set JSON values on the command line.
    #[arg(long = "set-json")]
    set_json: Vec<String>,
    /// Set a literal STRING value on the command line.
    #[arg(long = "set-literal")]
    set_literal: Vec<String>,
    /// Do not validate the values against values.schema.json.
    #[arg(long)]
    skip_schema_validation: bool,
    /// Kubernetes version for capabilities and deprecation checks.
    #[arg(long)]
    kube_version: Option<String>,
    /// Lint the charts under charts/ too.
    #[arg(long)]
    with_subcharts: bool,
    /// Print only warnings and errors.
    #[arg(long)]
    quiet: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Print the documentation of a rule and exit.
    #[arg(long, value_name = "CODE")]
    explain: Option<String>,
}

/// Runs the subcommand: exit 1 on errors (or warnings with `--strict`), 0 otherwise, 2 on usage
/// errors.
pub fn run(args: LintArgs) -> ExitCode {
    // Lint never shows rendered output: charts that generate keys on every render need not
    // wait seconds per key (see the function's documentation).
    cw_sprig::reuse_generated_keys(true);
    if let Some(code) = &args.explain {
        return match cw_lint::explain(code) {
            Some(text) => {
                let _ = writeln!(io::stdout(), "{text}");
                ExitCode::SUCCESS
            }
            None => {
                eprintln!("error: no lint rule `{code}` (codes: chartwright lint --explain CODE)");
                ExitCode::from(2)
            }
        };
    }
    let kube = match &args.kube_version {
        None => None,
        Some(k) => match cw_engine::parse_kube_version(k) {
            Ok(v) => Some(v),
            Err(e) => {
                eprintln!("Error: invalid kube version '{k}': {e}");
                return ExitCode::from(2);
            }
        },
    };
    let opts = Options {
        values: args.values.clone(),
        set: args.set.clone(),
        set_string: args.set_string.clone(),
        set_file: args.set_file.clone(),
        set_json: args.set_json.clone(),
        set_literal: args.set_literal.clone(),
        skip_schema_validation: args.skip_schema_validation,
        kube,
        // `--format helm` stands in for `helm lint` in pipelines: helm's checks only, so the
        // exit code is helm's.
        ci_profiles: args.format != Format::Helm,
        values_analysis: args.format != Format::Helm,
    };
    // Values that cannot be read or parsed stop the run before any chart, as in helm lint
    // (whose exit code `--format helm` keeps; a usage error otherwise).
    if let Err(e) = user_values(&opts) {
        eprintln!("Error: {e}");
        return ExitCode::from(if args.format == Format::Helm { 1 } else { 2 });
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let charts = match resolve_charts(&args.paths, &cwd, args.with_subcharts) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("Error: {e}");
            return ExitCode::from(2);
        }
    };
    // A broken .chartwright.toml is a usage error: each file's problem once, nothing linted.
    let mut configs = Vec::new();
    let mut config_errors = BTreeSet::new();
    for t in &charts {
        match Config::for_chart(&t.path) {
            Ok(c) => configs.push(c),
            Err(e) => config_errors.extend(e),
        }
    }
    if !config_errors.is_empty() {
        for e in config_errors {
            eprintln!("Error: {e}");
        }
        return ExitCode::from(2);
    }
    let reports = lint_all(&charts, &configs, &opts);
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let res = print(&mut out, &reports, args.format, args.quiet, args.strict);
    let _ = out.flush();
    match res {
        Ok(failed) if failed => ExitCode::from(1),
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("chartwright: {e}");
            ExitCode::from(2)
        }
    }
}

/// How to lint each chart.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub values: Vec<String>,
    pub set: Vec<String>,
    pub set_string: Vec<String>,
    pub set_file: Vec<String>,
    pub set_json: Vec<String>,
    pub set_literal: Vec<String>,
    pub skip_schema_validation: bool,
    pub kube: Option<cw_engine::KubeVersion>,
    /// Also render with each `ci/*-values.yaml` of the chart on top of the other values, as
    /// `ct lint` does (offline).
    pub ci_profiles: bool,
    /// Also report the analysis core's `values-undefined` and `values-unused` findings.
    pub values_analysis: bool,
}

/// A chart to lint: where it is and how to show it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Target {
    pub path: PathBuf,
    pub shown: String,
}

fn has_chart_yaml(dir: &Path) -> bool {
    dir.join("Chart.yaml").exists()
}

/// The outermost chart holding `start` (a subchart's changes are linted through its parent).
fn chart_root_of(start: &Path) -> Option<PathBuf> {
    let mut root = start.ancestors().find(|d| has_chart_yaml(d))?.to_path_buf();
    while let Some(parent) = root
        .parent()
        .filter(|p| p.file_name().is_some_and(|n| n == "charts"))
        .and_then(Path::parent)
        .filter(|g| has_chart_yaml(g))
    {
        root = parent.to_path_buf();
    }
    Some(root)
}

/// `a/./b/../c` as `a/c`, without touching the file system.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Every chart folder under `dir` (not descending into charts, hidden folders or build output).
fn discover(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    if depth > 32 {
        return;
    }
    if has_chart_yaml(dir) {
        out.push(dir.to_path_buf());
        return;
    }
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut subdirs: Vec<PathBuf> = rd
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|e| {
            let n = e.file_name();
            let n = n.to_string_lossy();
            !n.starts_with('.') && n != "target" && n != "node_modules"
        })
        .map(|e| e.path())
        .collect();
    subdirs.sort();
    for d in subdirs {
        discover(&d, depth + 1, out);
    }
}

fn subcharts_of(chart: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(chart.join("charts")) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() && has_chart_yaml(&p) {
            out.push(p.clone());
            subcharts_of(&p, out);
        } else if p.extension().is_some_and(|e| e == "tgz") {
            out.push(p);
        }
    }
}

/// Maps the paths given to the charts to lint, each once, in the order first named.
pub fn resolve_charts(
    paths: &[PathBuf],
    cwd: &Path,
    with_subcharts: bool,
) -> Result<Vec<Target>, String> {
    let mut roots: Vec<PathBuf> = Vec::new();
    let cwd = &normalize(cwd);
    let mut given: BTreeMap<PathBuf, String> = BTreeMap::new();
    if paths.is_empty() {
        discover(cwd, 0, &mut roots);
        if roots.is_empty() {
            return Err(format!("no chart (Chart.yaml) under {}", cwd.display()));
        }
    }
    for p in paths {
        if !p.exists() {
            return Err(format!("path \"{}\" not found", p.display()));
        }
        let is_archive = p.is_file() && p.extension().is_some_and(|e| e == "tgz");
        let abs = normalize(&cwd.join(p));
        let start = if abs.is_dir() {
            abs.clone()
        } else {
            abs.parent().map_or_else(|| abs.clone(), Path::to_path_buf)
        };
        match chart_root_of(&start) {
            // A chart named itself is shown as given, as helm lint does.
            Some(root) if root == abs => {
                given.insert(root.clone(), p.display().to_string());
                roots.push(root);
            }
            Some(root) => roots.push(root),
            None if is_archive => roots.push(abs),
            None if abs.is_dir() => {
                let before = roots.len();
                discover(&abs, 0, &mut roots);
                if roots.len() == before {
                    return Err(format!("no chart (Chart.yaml) under {}", p.display()));
                }
            }
            // A file outside any chart (pre-commit passes every matching file): nothing to lint.
            None => {}
        }
    }
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for r in roots {
        let mut all = vec![r.clone()];
        if with_subcharts && r.is_dir() {
            subcharts_of(&r, &mut all);
        }
        for c in all {
            let key = std::fs::canonicalize(&c).unwrap_or_else(|_| c.clone());
            if seen.insert(key) {
                let shown = match c.strip_prefix(cwd) {
                    _ if given.contains_key(&c) => given[&c].clone(),
                    Ok(s) if s.as_os_str().is_empty() => ".".to_string(),
                    Ok(s) => s.display().to_string(),
                    Err(_) => c.display().to_string(),
                };
                out.push(Target { path: c, shown });
            }
        }
    }
    Ok(out)
}

/// 1-based (line, column, end line, end column), columns in characters.
pub type Span = (usize, usize, usize, usize);

/// One finding with where to show it.
#[derive(Clone, Debug)]
pub struct Located {
    pub finding: Finding,
    /// The file as shown (`charts/x/templates/a.yaml`), or the chart path for chart-level findings.
    pub path: String,
    /// The file relative to the chart, as `helm lint` prints it (the chart path when empty).
    pub helm_path: String,
    /// 1-based line and column, and the end, when the finding has a range in a known file.
    pub span: Option<Span>,
    pub text: Option<String>,
    pub related: Vec<String>,
}

/// One linted chart.
#[derive(Debug)]
pub struct Report {
    pub target: Target,
    pub findings: Vec<Located>,
}

impl Report {
    fn count(&self, sev: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.finding.severity == sev)
            .count()
    }

    /// Whether the chart fails: errors, or warnings under `--strict`.
    pub fn failed(&self, strict: bool) -> bool {
        self.count(Severity::Error) > 0 || (strict && self.count(Severity::Warning) > 0)
    }
}

/// Lints every chart with its configuration (`configs[i]` for `charts[i]`), in parallel,
/// keeping the input order.
pub fn lint_all(charts: &[Target], configs: &[Config], opts: &Options) -> Vec<Report> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Report>>> = Mutex::new((0..charts.len()).map(|_| None).collect());
    // Charts whose templates generate RSA keys while another worker is generating the key they
    // would reuse: linted after the others, so no worker sits waiting for a key while charts
    // remain.
    let deferred: Mutex<Vec<(usize, LoadedForLint)>> = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(charts.len().max(1));
    let finish = |i: usize, lf: LoadedForLint| {
        let r = finish_chart(&charts[i], &configs[i], opts, lf);
        if let Ok(mut v) = results.lock() {
            v[i] = Some(r);
        }
    };
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(t) = charts.get(i) else { break };
                    let lf = load_chart(t, opts);
                    // Once both keys exist (early in a run over many charts), nothing waits.
                    let all_ready = KEY_SIZES
                        .iter()
                        .all(|&b| cw_sprig::reusable_rsa_key_ready(b));
                    let waiting: Vec<usize> = match (all_ready, lf.loaded()) {
                        (false, Some(l)) => rsa_key_sizes(&l.chart)
                            .into_iter()
                            .filter(|&b| !cw_sprig::reusable_rsa_key_ready(b))
                            .collect(),
                        _ => Vec::new(),
                    };
                    // With other charts left, this worker makes a missing key now (the
                    // others go on), and a chart whose key another worker is making waits
                    // at the back. The last charts render as usual: a key is made only if
                    // a template really asks for it.
                    let others_left = next.load(Ordering::Relaxed) < charts.len();
                    let mut wait = false;
                    for b in waiting {
                        wait |= others_left && !cw_sprig::make_reusable_rsa_key(b);
                    }
                    if !wait {
                        finish(i, lf);
                    } else if let Ok(mut d) = deferred.lock() {
                        d.push((i, lf));
                    }
                }
                loop {
                    let item = deferred.lock().ok().and_then(|mut d| d.pop());
                    let Some((i, lf)) = item else { break };
                    finish(i, lf);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect()
}

/// The RSA key sizes a chart's templates (and its subcharts') look like they generate, read
/// from their text: `genPrivateKey` with `"rsa"` or a non-literal type makes 4096-bit keys,
/// `genCA`, `genSelfSignedCert` and `genSignedCert` 2048-bit ones. Only schedules work (see
/// [`lint_all`]); rendering generates whatever the templates really ask for.
fn rsa_key_sizes(chart: &Chart) -> Vec<usize> {
    let (mut k2048, mut k4096) = (false, false);
    let finder = memchr::memmem::Finder::new(b"gen");
    let mut stack = vec![chart];
    while let Some(c) = stack.pop() {
        for t in &c.templates {
            // One pass for "gen"; the function names are checked where it occurs.
            for at in finder.find_iter(&t.data) {
                let rest = &t.data[at..];
                if let Some(args) = rest.strip_prefix(b"genPrivateKey") {
                    let literal = args
                        .trim_ascii_start()
                        .strip_prefix(b"\"")
                        .map(|r| r.split(|&b| b == b'"').next().unwrap_or_default());
                    k4096 |= matches!(literal, None | Some(b"rsa" | b""));
                } else if let Some(name) = ["genCA", "genSelfSignedCert", "genSignedCert"]
                    .iter()
                    .find(|f| rest.starts_with(f.as_bytes()))
                {
                    k2048 |= !rest[name.len()..].starts_with(b"WithKey");
                }
            }
        }
        stack.extend(c.dependencies.iter());
    }
    KEY_SIZES
        .into_iter()
        .zip([k2048, k4096])
        .filter_map(|(b, on)| on.then_some(b))
        .collect()
}

/// The RSA key sizes Sprig's functions generate: 2048 bits (certificates), 4096
/// (`genPrivateKey`).
const KEY_SIZES: [usize; 2] = [2048, 4096];

/// What the engine produced for the root chart: rendered templates (by file relative to the
/// root chart) and the error that stopped rendering, in Helm's text.
struct RenderOutcome {
    rendered: BTreeMap<String, String>,
    values_error: Option<String>,
    error: Option<String>,
}

fn read_text(path: &str) -> Result<String, String> {
    std::fs::read(path)
        .map(|d| String::from_utf8_lossy(&d).into_owned())
        .map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => format!("open {path}: no such file or directory"),
            _ => format!("open {path}: {e}"),
        })
}

/// The values of `-f` and the `--set` family merged as Helm merges them, or Helm's error.
fn user_values(opts: &Options) -> Result<cw_values::UserValues, String> {
    let mut value_files = Vec::new();
    for f in &opts.values {
        value_files.push((f.clone(), read_text(f)?));
    }
    let vopts = cw_values::ValueOptions {
        value_files,
        json_values: opts.set_json.clone(),
        values: opts.set.clone(),
        string_values: opts.set_string.clone(),
        file_values: opts.set_file.clone(),
        literal_values: opts.set_literal.clone(),
    };
    cw_values::merge_user_values(&vopts, &read_text)
}

/// Renders the chart as `helm lint` does: lint mode (`required`/`fail` return `""`), release
/// `test-release` in `default`, default capabilities or `--kube-version`, user values merged.
/// Templates are parsed unless `parsed` has them.
fn render(
    chart: &Chart,
    opts: &Options,
    parsed: Option<&cw_engine::ParsedTemplates>,
) -> RenderOutcome {
    let mut res = RenderOutcome {
        rendered: BTreeMap::new(),
        values_error: None,
        error: None,
    };
    let user = match user_values(opts) {
        Ok(u) => u,
        Err(e) => {
            res.values_error = Some(e);
            return res;
        }
    };
    let copts = cw_values::ComputeOptions {
        skip_schema_validation: opts.skip_schema_validation,
    };
    let computed = cw_values::compute(chart, &user.values, &copts);
    if !opts.skip_schema_validation {
        res.values_error = values_rule_schema_error(chart, &user.values);
    }
    if let Some(e) = computed.helm_error() {
        res.error = Some(e);
        return res;
    }
    let root = cw_engine::RenderChart::from_values(&computed.root);
    let caps = cw_engine::Capabilities::default().with_overrides(opts.kube.clone(), &[]);
    let release = cw_engine::Release {
        name: "test-release".into(),
        namespace: "default".into(),
        revision: 0,
        is_install: false,
        is_upgrade: false,
    };
    let mut engine = cw_engine::Engine::default();
    engine.funcs.lint_mode = true;
    match engine.render_parsed(&root, &release, &caps, parsed) {
        Ok(r) => {
            for t in r.templates {
                res.rendered.insert(t.file, t.content);
            }
        }
        Err(e) => res.error = Some(e.message().to_string()),
    }
    res
}

/// `helm lint`'s values rule: the root chart's values.yaml with the user values coalesced over
/// it (subcharts left out, as Helm's `validateValuesFile` does), checked against the root's
/// values.schema.json alone; the error in Helm's text (`- at '/replicas': got string, want
/// integer`). A schema violation also fails the render, which reports the whole tree's.
fn values_rule_schema_error(chart: &Chart, user: &cw_template::Value) -> Option<String> {
    let schema = chart.schema.as_ref().filter(|s| !s.data.is_empty())?;
    chart.values.as_ref()?;
    let coalesced = cw_values::empty_map();
    let (
        cw_template::Value::Map(dst),
        cw_template::Value::Map(over),
        cw_template::Value::Map(defaults),
    ) = (
        &coalesced,
        &cw_values::deep_copy(user),
        &cw_values::chart_values(chart),
    )
    else {
        return None;
    };
    let mut printf = Vec::new();
    cw_values::coalesce::coalesce_tables(&mut printf, dst, over);
    cw_values::coalesce::coalesce_tables(&mut printf, dst, defaults);
    match cw_values::schema::validate_values(&schema.data, &coalesced) {
        Ok(()) => None,
        Err((_, Some(problem))) => Some(problem),
        Err((violations, None)) => {
            fn render(v: &cw_values::SchemaViolation, indent: usize, out: &mut String) {
                let _ = writeln!(
                    out,
                    "{}- at '{}': {}",
                    "  ".repeat(indent),
                    v.instance_location,
                    v.message
                );
                for c in &v.causes {
                    render(c, indent + 1, out);
                }
            }
            let mut out = String::new();
            for v in &violations {
                render(v, 0, &mut out);
            }
            Some(out)
        }
    }
}

/// A chart read for linting, with the findings of reading it.
struct LoadedForLint {
    /// The values analysis (its chart is the loaded chart), when the format shows its findings.
    ide: Option<Option<crate::lint_values::ChartValues>>,
    /// The chart loaded by `cw_lint::lint`, without the values analysis.
    own: Option<cw_chart::LoadResult>,
    findings: Vec<Finding>,
}

impl LoadedForLint {
    fn loaded(&self) -> Option<&cw_chart::LoadResult> {
        match self.ide.as_ref().and_then(Option::as_ref) {
            Some(v) => Some(&v.chart.loaded),
            None => self.own.as_ref(),
        }
    }
}

/// Reads one chart for linting: the loader and the Chart.yaml rules (with the values analysis,
/// when the format shows its findings). [`finish_chart`] does the rest.
fn load_chart(target: &Target, opts: &Options) -> LoadedForLint {
    // With the values findings, the analysis core loads the chart and runs the Chart.yaml
    // rules (`cw_lint::lint`, as below) once for both.
    let ide = opts.values_analysis.then(|| {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        crate::lint_values::analyse(&target.path, &cwd, opts, &read_text)
    });
    match ide.as_ref().and_then(Option::as_ref) {
        Some(v) => {
            let findings = v.chart.chart_findings.clone();
            LoadedForLint {
                ide,
                own: None,
                findings,
            }
        }
        None => {
            let (l, findings) = cw_lint::lint(&DiskFs, &target.path);
            LoadedForLint {
                ide,
                own: Some(l),
                findings,
            }
        }
    }
}

/// Lints a chart [`load_chart`] read: values, dependency and CRD rules, then the template rules
/// over the rendered output; config and inline suppressions applied.
fn finish_chart(target: &Target, config: &Config, opts: &Options, mut lf: LoadedForLint) -> Report {
    let mut findings = std::mem::take(&mut lf.findings);
    let Some(loaded) = lf.loaded() else {
        return Report {
            target: target.clone(),
            findings: Vec::new(),
        };
    };
    let ide = &lf.ide;
    let chart = &loaded.chart;
    // The values analysis parsed every template already: the renders take its parses.
    let parsed = match ide {
        Some(Some(v)) => Some(v.chart.template_parses()),
        _ => None,
    };
    let parsed = parsed.as_deref();
    if chart.chart_yaml.is_some() && loaded.helm_error.is_none() {
        let out = render(chart, opts, parsed);
        if let Some(e) = out.values_error {
            findings.push(Finding::error("values-invalid", "values.yaml", None, e));
        }
        if let Some(e) = out.error {
            findings.push(Finding::error(
                "template-render-failed",
                "templates/",
                None,
                e,
            ));
        } else {
            findings.extend(template_findings(chart, &out.rendered, opts));
        }
    }
    if opts.ci_profiles && chart.chart_yaml.is_some() && loaded.helm_error.is_none() {
        findings.extend(ci_profile_findings(
            chart,
            &target.path,
            opts,
            parsed,
            &findings,
        ));
    }
    if let Some(Some(v)) = ide {
        if chart.chart_yaml.is_some() && loaded.helm_error.is_none() {
            findings.extend(v.findings());
        }
    }
    let mut kept = Vec::new();
    for mut f in findings {
        if config.ignore.contains(f.code) {
            continue;
        }
        if let Some(sev) = config.severity.get(f.code) {
            f.severity = *sev;
        }
        // Helm reports render failures at `templates/`; its message names the failing
        // template, line and column: point there (helm's path stays for `--format helm`).
        let mut helm_file = None;
        if f.range.is_none() {
            if let Some((file, range)) = render_error_location(chart, f.code, &f.message) {
                if f.code == "template-render-failed" {
                    helm_file = Some(std::mem::replace(&mut f.file, file));
                    f.range = Some(range);
                } else {
                    f.related.push(cw_base::Related {
                        file,
                        range: Some(range),
                        message: "the template action that failed".into(),
                    });
                }
            }
        }
        let text = source_text(chart, &f.file);
        if let (Some(range), Some(text)) = (f.range, text.as_deref()) {
            if suppressed_inline(text, range, f.code) {
                continue;
            }
        }
        kept.push((f, text, helm_file));
    }
    // In helm's order: by the file helm names, then position.
    let key = |(f, _, helm_file): &(Finding, Option<String>, Option<PathBuf>)| {
        (
            helm_file.clone().unwrap_or_else(|| f.file.clone()),
            f.range.map(|r| r.start()),
            f.code,
        )
    };
    kept.sort_by_key(key);
    let findings = kept
        .into_iter()
        .map(|(f, text, helm_file)| locate(target, chart, f, text, helm_file))
        .collect();
    Report {
        target: target.clone(),
        findings,
    }
}

/// The rules over rendered templates (`helm lint`'s template checks) for one render.
fn template_findings(
    chart: &Chart,
    rendered: &BTreeMap<String, String>,
    opts: &Options,
) -> Vec<Finding> {
    let kube = opts
        .kube
        .as_ref()
        .and_then(|k| cw_lint::KubeVersion::parse(&k.version))
        .unwrap_or(cw_lint::KubeVersion::DEFAULT);
    let sources: Vec<(String, String)> = chart
        .templates
        .iter()
        .map(|t| {
            (
                t.name.clone(),
                String::from_utf8_lossy(&t.data).into_owned(),
            )
        })
        .collect();
    let templates: Vec<cw_lint::RenderedTemplate> = sources
        .iter()
        .map(|(name, source)| cw_lint::RenderedTemplate {
            name,
            source,
            rendered: rendered.get(name).map(String::as_str),
        })
        .collect();
    cw_lint::check_templates(&templates, kube)
}

/// The chart's `ci/*-values.yaml` files (chart-testing's profiles), in name order.
fn ci_profiles(chart_dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(chart_dir.join("ci")) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| n.ends_with("-values.yaml"))
        .collect();
    names.sort();
    names
}

/// Renders the chart once per ci profile (the profile's values over the others, as `ct lint`
/// runs `helm lint --values ci/x-values.yaml`) and reports what fails only with that profile.
fn ci_profile_findings(
    chart: &Chart,
    chart_dir: &Path,
    opts: &Options,
    parsed: Option<&cw_engine::ParsedTemplates>,
    already: &[Finding],
) -> Vec<Finding> {
    let mut out = Vec::new();
    for name in ci_profiles(chart_dir) {
        let rel = format!("ci/{name}");
        let mut popts = opts.clone();
        popts
            .values
            .push(chart_dir.join(&rel).display().to_string());
        let res = render(chart, &popts, parsed);
        if let Some(e) = res.values_error.or(res.error) {
            out.push(Finding::error(
                "ci-profile-failed",
                rel.as_str(),
                None,
                format!("with {rel}: {e}"),
            ));
            continue;
        }
        for mut f in template_findings(chart, &res.rendered, opts) {
            let seen = already
                .iter()
                .chain(out.iter())
                .any(|a| a.code == f.code && a.file == f.file && a.range == f.range);
            if !seen {
                f.message = format!("with {rel}: {}", f.message);
                out.push(f);
            }
        }
    }
    out
}

fn locate(
    target: &Target,
    chart: &Chart,
    f: Finding,
    text: Option<String>,
    helm_file: Option<PathBuf>,
) -> Located {
    let rel = f.file.display().to_string();
    let path = if rel.is_empty() {
        target.shown.clone()
    } else if target.shown == "." {
        rel.clone()
    } else if target.path.is_dir() {
        Path::new(&target.shown).join(&rel).display().to_string()
    } else {
        format!("{}:{rel}", target.shown)
    };
    let helm_rel = helm_file.map_or(rel, |h| h.display().to_string());
    let helm_path = if helm_rel.is_empty() {
        target.shown.clone()
    } else {
        helm_rel
    };
    let span = match (f.range, text.as_deref()) {
        (Some(r), Some(t)) => Some(span_of(t, r)),
        _ => None,
    };
    let related = f
        .related
        .iter()
        .map(|r| {
            let at = match (r.range, source_text(chart, &r.file)) {
                (Some(range), Some(t)) => {
                    let (l, c, _, _) = span_of(&t, range);
                    format!(
                        "{}:{l}:{c}",
                        Path::new(&target.shown).join(&r.file).display()
                    )
                }
                _ => Path::new(&target.shown).join(&r.file).display().to_string(),
            };
            format!("{}: {at}", r.message)
        })
        .collect();
    Located {
        finding: f,
        path,
        helm_path,
        span,
        text,
        related,
    }
}

/// Where a render failure happened, from helm's message: the template is named
/// `CHART/templates/x.yaml:LINE:COL` (execution errors; COL a 0-based byte offset, as Go's
/// `ErrorContext` counts) or `(CHART/templates/x.yaml:LINE)` (parse errors). Returns the file
/// relative to the chart and the failing action (or the line), when the file is the chart's.
fn render_error_location(chart: &Chart, code: &str, message: &str) -> Option<(PathBuf, TextRange)> {
    if code != "template-render-failed" && code != "ci-profile-failed" {
        return None;
    }
    let prefix = format!("{}/", chart.name());
    let mut from = 0;
    while let Some(i) = message[from..].find(&prefix) {
        let start = from + i;
        from = start + prefix.len();
        if start > 0 && !matches!(message.as_bytes()[start - 1], b'(' | b' ' | b'\n') {
            continue;
        }
        let rest = &message[from..];
        let Some(colon) = rest.find(':') else {
            continue;
        };
        let file = &rest[..colon];
        let digits = |s: &str| -> Option<usize> {
            let n: String = s.chars().take_while(char::is_ascii_digit).collect();
            n.parse().ok()
        };
        let Some(line) = digits(&rest[colon + 1..]) else {
            continue;
        };
        let after = &rest[colon + 1 + line.to_string().len()..];
        let col = after.strip_prefix(':').and_then(digits);
        let Some(text) = source_text(chart, Path::new(file)) else {
            continue;
        };
        return action_range(&text, line, col).map(|r| (PathBuf::from(file), r));
    }
    None
}

/// The range from a 0-based byte column of a 1-based line to the end of its action (`}}`),
/// or the line's text without its indentation when there is no column.
fn action_range(text: &str, line: usize, col: Option<usize>) -> Option<TextRange> {
    let line_start = match line {
        0 => return None,
        1 => 0,
        n => text.match_indices('\n').nth(n - 2)?.0 + 1,
    };
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let line_text = &text[line_start..line_end];
    let (start, end) = match col {
        Some(c) if c < line_text.len() && line_text.is_char_boundary(c) => {
            let rest = &line_text[c..];
            let action = &rest[..rest.find("}}").unwrap_or(rest.len())];
            let len = action.trim_end_matches([' ', '\t', '-', '\r']).len();
            (
                c,
                c + len.max(rest.chars().next().map_or(0, char::len_utf8)),
            )
        }
        _ => {
            let indent = line_text.len() - line_text.trim_start().len();
            (indent, line_text.trim_end().len().max(indent))
        }
    };
    let at = |o: usize| u32::try_from(line_start + o).ok();
    Some(TextRange::new(at(start)?, at(end)?))
}

/// 1-based (line, column, end line, end column), columns in characters.
fn span_of(text: &str, range: TextRange) -> Span {
    let idx = LineIndex::new(text);
    let at = |off: u32| {
        let lc = idx.line_col(off);
        let start = idx.line_start(lc.line).unwrap_or(0) as usize;
        let col = text
            .get(start..off as usize)
            .map_or(lc.col as usize, |s| s.chars().count());
        (lc.line as usize + 1, col + 1)
    };
    let (l, c) = at(range.start());
    let (el, ec) = at(range.end());
    (l, c, el, ec)
}

/// Whether a `chartwright: ignore[code]` comment on the finding's line or the line above
/// names the finding's code (or `all`).
pub fn suppressed_inline(text: &str, range: TextRange, code: &str) -> bool {
    let start = (range.start() as usize).min(text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let prev_start = if line_start == 0 {
        None
    } else {
        Some(text[..line_start - 1].rfind('\n').map_or(0, |i| i + 1))
    };
    let mut lines = vec![&text[line_start..line_end]];
    if let Some(p) = prev_start {
        lines.push(&text[p..line_start - 1]);
    }
    lines.iter().any(|l| ignores(l, code))
}

fn ignores(line: &str, code: &str) -> bool {
    let mut rest = line;
    while let Some(i) = rest.find("chartwright: ignore[") {
        let after = &rest[i + "chartwright: ignore[".len()..];
        let Some(end) = after.find(']') else {
            return false;
        };
        if after[..end]
            .split(',')
            .map(str::trim)
            .any(|c| c == code || c == "all")
        {
            return true;
        }
        rest = &after[end..];
    }
    false
}

/// `.chartwright.toml` settings: rules off, and severities changed.
#[derive(Debug, Default)]
pub struct Config {
    pub ignore: BTreeSet<String>,
    pub severity: BTreeMap<String, Severity>,
}

impl Config {
    /// The repository's config, then the chart's over it; the errors of either file
    /// (`FILE: message`), which make the run a usage error.
    pub fn for_chart(chart: &Path) -> Result<Config, Vec<String>> {
        let mut cfg = Config::default();
        let dir = if chart.is_dir() {
            chart.to_path_buf()
        } else {
            chart.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        let abs = std::fs::canonicalize(&dir).unwrap_or(dir);
        let repo = abs
            .ancestors()
            .find(|d| d.join(".git").exists())
            .map(Path::to_path_buf);
        let mut files = Vec::new();
        if let Some(r) = &repo {
            if *r != abs {
                files.push(r.join(".chartwright.toml"));
            }
        }
        files.push(abs.join(".chartwright.toml"));
        let mut errors = Vec::new();
        for f in files {
            if let Ok(text) = std::fs::read_to_string(&f) {
                if let Err(e) = cfg.apply(&text) {
                    errors.push(format!("{}: {e}", f.display()));
                }
            }
        }
        if errors.is_empty() {
            Ok(cfg)
        } else {
            Err(errors)
        }
    }

    /// Applies one config file's text.
    pub fn apply(&mut self, text: &str) -> Result<(), String> {
        let table: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| e.message().to_string())?;
        let Some(lint) = table.get("lint") else {
            return Ok(());
        };
        let lint = lint.as_table().ok_or("[lint] must be a table")?;
        if let Some(key) = lint.keys().find(|k| *k != "ignore" && *k != "severity") {
            return Err(format!(
                "unknown key `lint.{key}` (expected `ignore` or `severity`)"
            ));
        }
        if let Some(ignore) = lint.get("ignore") {
            let arr = ignore
                .as_array()
                .ok_or("lint.ignore must be an array of rule codes")?;
            for v in arr {
                let code = v
                    .as_str()
                    .ok_or("lint.ignore must be an array of rule codes")?;
                check_code(code)?;
                self.ignore.insert(code.to_string());
            }
        }
        if let Some(sev) = lint.get("severity") {
            let t = sev.as_table().ok_or("[lint.severity] must be a table")?;
            for (code, v) in t {
                check_code(code)?;
                let s = match v.as_str() {
                    Some("error") => Severity::Error,
                    Some("warning") => Severity::Warning,
                    Some("info") => Severity::Info,
                    _ => {
                        return Err(format!(
                            "lint.severity.{code}: expected \"error\", \"warning\" or \"info\""
                        ))
                    }
                };
                self.severity.insert(code.clone(), s);
            }
        }
        Ok(())
    }
}

fn check_code(code: &str) -> Result<(), String> {
    if cw_lint::rule(code).is_some() {
        Ok(())
    } else {
        Err(format!("unknown lint rule `{code}`"))
    }
}

/// Prints the reports; returns whether any chart failed.
pub fn print(
    out: &mut dyn Write,
    reports: &[Report],
    format: Format,
    quiet: bool,
    strict: bool,
) -> io::Result<bool> {
    let failed = reports.iter().filter(|r| r.failed(strict)).count();
    let shown = |f: &Located| !quiet || f.finding.severity > Severity::Info;
    match format {
        Format::Helm => print_helm(out, reports, quiet, strict)?,
        Format::Human => {
            let mut counts = [0usize; 3];
            for r in reports {
                for f in r.findings.iter().filter(|f| shown(f)) {
                    write_finding(out, &f.finding, &f.path, f.text.as_deref(), &f.related)?;
                    counts[f.finding.severity as usize] += 1;
                }
            }
            let [infos, warnings, errors] = counts;
            writeln!(
                out,
                "linted {} chart(s), {} failed: {errors} error(s), {warnings} warning(s), {infos} info(s)",
                reports.len(),
                failed
            )?;
        }
        Format::Github => {
            for r in reports {
                for f in r.findings.iter().filter(|f| shown(f)) {
                    writeln!(out, "{}", github_line(f))?;
                }
            }
        }
        Format::Json => {
            let items: Vec<serde_json::Value> = reports
                .iter()
                .flat_map(|r| {
                    r.findings
                        .iter()
                        .filter(|f| shown(f))
                        .map(move |f| json_item(r, f))
                })
                .collect();
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&items).unwrap_or_default()
            )?;
        }
        Format::Sarif => {
            let v = sarif(reports, &|f| shown(f));
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&v).unwrap_or_default()
            )?;
        }
    }
    Ok(failed > 0)
}

/// `helm lint`'s output: `==> Linting PATH`, `[SEV] path: message` lines, a blank line per
/// chart, then the summary (on stderr behind `Error: ` when a chart failed).
fn print_helm(
    out: &mut dyn Write,
    reports: &[Report],
    quiet: bool,
    strict: bool,
) -> io::Result<()> {
    let mut failed = 0;
    let mut errors_or_warnings = 0;
    let mut text = String::new();
    for r in reports {
        let has = r
            .findings
            .iter()
            .any(|f| f.finding.severity > Severity::Info);
        if has {
            errors_or_warnings += 1;
        }
        if r.failed(strict) {
            failed += 1;
        }
        if quiet && !has {
            continue;
        }
        let _ = writeln!(text, "==> Linting {}", r.target.shown);
        let mut merged = BTreeSet::new();
        // Helm's values rule runs before its templates rule: the values.yaml error comes
        // before the render failure it causes.
        let mut order: Vec<&Located> = r.findings.iter().collect();
        if let Some(first) = order
            .iter()
            .position(|f| f.finding.code == "template-render-failed")
        {
            let (values, rest): (Vec<&Located>, Vec<&Located>) = order[first..]
                .iter()
                .partition(|f| f.finding.code == "values-invalid");
            order.truncate(first);
            order.extend(values);
            order.extend(rest);
        }
        for f in order {
            if quiet && f.finding.severity == Severity::Info {
                continue;
            }
            let code = f.finding.code;
            if MERGED_CODES.contains(&code) {
                // Helm reports the missing dependencies of a chart in one line, at the chart.
                if !merged.insert(code) {
                    continue;
                }
                let names: Vec<&str> = r
                    .findings
                    .iter()
                    .filter(|g| g.finding.code == code)
                    .filter_map(|g| g.finding.message.rsplit_once(": ").map(|(_, n)| n))
                    .collect();
                let prefix = f.finding.message.rsplit_once(": ").map_or("", |(p, _)| p);
                let _ = writeln!(
                    text,
                    "[{}] {}: {prefix}: {}",
                    f.finding.severity.helm_label(),
                    r.target.shown,
                    names.join(",")
                );
                continue;
            }
            let _ = writeln!(
                text,
                "[{}] {}: {}",
                f.finding.severity.helm_label(),
                f.helm_path,
                f.finding.message
            );
        }
        text.push('\n');
    }
    out.write_all(text.as_bytes())?;
    let summary = format!(
        "{} chart(s) linted, {failed} chart(s) failed",
        reports.len()
    );
    if failed > 0 {
        out.flush()?;
        eprintln!("Error: {summary}");
    } else if !quiet || errors_or_warnings > 0 {
        writeln!(out, "{summary}")?;
    }
    Ok(())
}

/// Rules reported once per dependency by chartwright and once per chart by Helm.
const MERGED_CODES: &[&str] = &[
    "dependency-missing-in-metadata",
    "dependency-missing-in-charts-dir",
];

/// Escapes a GitHub workflow command's message (`%`, CR, LF) or property (also `:` and `,`).
fn gh_escape(s: &str, property: bool) -> String {
    let mut o = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        o = o.replace(':', "%3A").replace(',', "%2C");
    }
    o
}

/// `::error file=...,line=...,col=...,title=code::message`.
pub fn github_line(f: &Located) -> String {
    let level = match f.finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let (file, span, message) = repo_location(f);
    let mut props = format!("file={}", gh_escape(&file, true));
    if let Some((l, c, el, ec)) = span {
        let _ = write!(props, ",line={l},col={c},endLine={el},endColumn={ec}");
    }
    let _ = write!(props, ",title={}", gh_escape(f.finding.code, true));
    format!("::{level} {props}::{}", gh_escape(&message, false))
}

/// Where a finding is for tools that address the repository's files (SARIF, GitHub
/// annotations): a file inside a `.tgz` is the archive itself, with the member and its line
/// named in the message. Returns (file, span, message).
fn repo_location(f: &Located) -> (String, Option<Span>, String) {
    for sep in [".tgz:", ".tgz/"] {
        if let Some(i) = f.path.find(sep) {
            let archive = &f.path[..i + 4];
            let member = &f.path[i + sep.len()..];
            let at = f
                .span
                .map_or(String::new(), |(l, c, _, _)| format!(":{l}:{c}"));
            return (
                archive.to_string(),
                None,
                format!("{member}{at}: {}", f.finding.message),
            );
        }
    }
    (f.path.clone(), f.span, f.finding.message.clone())
}

/// A path as a SARIF `uri` (a relative reference): `/` separators, and everything but
/// unreserved characters, `/` and sub-delimiters percent-encoded (a `:` would read as a scheme).
fn sarif_uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn json_item(r: &Report, f: &Located) -> serde_json::Value {
    let mut v = serde_json::json!({
        "chart": r.target.shown,
        "code": f.finding.code,
        "severity": f.finding.severity.as_str(),
        "file": f.path,
        "message": f.finding.message,
    });
    if let Some((l, c, el, ec)) = f.span {
        v["line"] = l.into();
        v["column"] = c.into();
        v["endLine"] = el.into();
        v["endColumn"] = ec.into();
    }
    v
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A SARIF 2.1.0 log: one run, every rule with its documentation, one result per finding.
pub fn sarif(reports: &[Report], shown: &dyn Fn(&Located) -> bool) -> serde_json::Value {
    let registry = cw_lint::registry();
    let rules: Vec<serde_json::Value> = registry
        .iter()
        .map(|r| {
            serde_json::json!({
                // No `name`: the code is already a readable identifier (SARIF1001 asks for
                // `name` to differ from `id` or be left out).
                "id": r.code,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": r.summary },
                "help": { "text": r.markdown(), "markdown": r.markdown() },
                "defaultConfiguration": { "level": sarif_level(r.severity) },
            })
        })
        .collect();
    let index = |code: &str| registry.iter().position(|r| r.code == code);
    let mut results = Vec::new();
    for r in reports {
        for f in r.findings.iter().filter(|f| shown(f)) {
            let (file, span, message) = repo_location(f);
            let mut loc = serde_json::json!({
                "physicalLocation": {
                    "artifactLocation": { "uri": sarif_uri(&file) },
                }
            });
            if let Some((l, c, el, ec)) = span {
                loc["physicalLocation"]["region"] = serde_json::json!({
                    "startLine": l, "startColumn": c, "endLine": el, "endColumn": ec,
                });
            } else if let (Some(text), true) = (&f.text, file == f.path) {
                // A finding about a whole file: its lines (SARIF2017), so viewers show the file.
                let last = text.lines().last().unwrap_or("");
                loc["physicalLocation"]["region"] = serde_json::json!({
                    "startLine": 1, "startColumn": 1,
                    "endLine": text.lines().count().max(1),
                    "endColumn": last.chars().count() + 1,
                });
            } else if let Some(meta) = std::fs::metadata(&file).ok().filter(|m| m.is_file()) {
                // The whole of an archive (a binary artifact) for its members' findings.
                loc["physicalLocation"]["region"] = serde_json::json!({
                    "byteOffset": 0, "byteLength": meta.len(),
                });
            }
            let mut res = serde_json::json!({
                "ruleId": f.finding.code,
                "level": sarif_level(f.finding.severity),
                "message": { "text": message },
                "locations": [loc],
            });
            if let Some(i) = index(f.finding.code) {
                res["ruleIndex"] = i.into();
            }
            results.push(res);
        }
    }
    serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "chartwright",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/chartwright/chartwright",
                "rules": rules,
            }},
            "results": results,
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_sizes_are_read_from_the_templates_of_the_chart_and_its_subcharts() {
        let chart = |texts: &[&str], deps: Vec<Chart>| Chart {
            templates: texts
                .iter()
                .map(|t| cw_chart::File {
                    name: "templates/t.yaml".into(),
                    data: t.as_bytes().to_vec(),
                })
                .collect(),
            dependencies: deps,
            ..Chart::default()
        };
        let sizes = |c: &Chart| rsa_key_sizes(c);
        assert_eq!(
            sizes(&chart(&["a: {{ .Values.generated }}"], vec![])),
            [0; 0]
        );
        assert_eq!(
            sizes(&chart(&["{{ genPrivateKey \"rsa\" }}"], vec![])),
            [4096]
        );
        assert_eq!(sizes(&chart(&["{{ genPrivateKey $t }}"], vec![])), [4096]);
        assert_eq!(
            sizes(&chart(&["{{ genPrivateKey \"ecdsa\" }}"], vec![])),
            [0; 0]
        );
        assert_eq!(
            sizes(&chart(&["{{ genCAWithKey \"x\" 1 $k }}"], vec![])),
            [0; 0]
        );
        let sub = chart(&["{{ $ca := genCA \"x\" 365 }}"], vec![]);
        assert_eq!(
            sizes(&chart(&["{{ genPrivateKey \"\" }}"], vec![sub])),
            [2048, 4096]
        );
    }

    #[test]
    fn inline_ignore_same_line_and_line_above() {
        let t = "a: 1\n# chartwright: ignore[x, y]\nb: 2\nc: 3 {{/* chartwright: ignore[z] */}}\n";
        let b = t.find("b:").unwrap() as u32;
        let c = t.find("c:").unwrap() as u32;
        assert!(suppressed_inline(t, TextRange::new(b, b + 1), "y"));
        assert!(!suppressed_inline(t, TextRange::new(b, b + 1), "z"));
        assert!(suppressed_inline(t, TextRange::new(c, c + 1), "z"));
        assert!(!suppressed_inline(t, TextRange::new(0, 1), "x"));
    }

    #[test]
    fn config_parses_and_refuses_unknown_codes() {
        let mut c = Config::default();
        c.apply("[lint]\nignore = [\"chart-icon-missing\"]\n[lint.severity]\napi-version-deprecated = \"error\"\n")
            .unwrap();
        assert!(c.ignore.contains("chart-icon-missing"));
        assert_eq!(c.severity["api-version-deprecated"], Severity::Error);
        assert!(c.apply("[lint]\nignore = [\"nope\"]\n").is_err());
        assert!(c
            .apply("[lint.severity]\nchart-icon-missing = \"loud\"\n")
            .is_err());
        assert!(c.apply("not toml ===").is_err());
        assert!(c.apply("[lint]\nignored = []\n").is_err());
    }

    #[test]
    fn render_failures_are_located_at_the_action() {
        let t = "a: 1\n  b: {{ .x.y }} z\n";
        let at = |r: Option<TextRange>| r.map(|r| &t[r.to_usize()]);
        assert_eq!(at(action_range(t, 2, Some(8))), Some(".x.y"));
        assert_eq!(at(action_range(t, 2, None)), Some("b: {{ .x.y }} z"));
        assert_eq!(action_range(t, 9, Some(0)), None);
        assert_eq!(action_range(t, 0, None), None);
        // A column inside a character: the line.
        let u = "é{{ x }}";
        assert_eq!(action_range(u, 1, Some(1)), Some(TextRange::new(0, 9)));
    }

    #[test]
    fn archive_members_are_located_at_the_archive() {
        let f = Located {
            finding: Finding::warning("x", "templates/a.yaml", None, "bad"),
            path: "charts/sub 1.tgz:templates/a.yaml".into(),
            helm_path: "templates/a.yaml".into(),
            span: Some((2, 3, 2, 5)),
            text: None,
            related: Vec::new(),
        };
        assert_eq!(
            github_line(&f),
            "::warning file=charts/sub 1.tgz,title=x::templates/a.yaml:2:3: bad"
        );
        assert_eq!(repo_location(&f).0, "charts/sub 1.tgz",);
        assert_eq!(sarif_uri("charts/sub 1.tgz"), "charts/sub%201.tgz");
        assert_eq!(sarif_uri("a\\b:c%.yaml"), "a/b%3Ac%25.yaml");
    }

    #[test]
    fn github_escapes() {
        let f = Located {
            finding: Finding::error("x", "a.yaml", None, "50% bad\nreally"),
            path: "c/a,b.yaml".into(),
            helm_path: "a.yaml".into(),
            span: Some((2, 3, 2, 5)),
            text: None,
            related: Vec::new(),
        };
        assert_eq!(
            github_line(&f),
            "::error file=c/a%2Cb.yaml,line=2,col=3,endLine=2,endColumn=5,title=x::50%25 bad%0Areally"
        );
    }
}
