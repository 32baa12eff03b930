//! The loader: a chart directory or `.tgz` into a [`Chart`], as Helm's `loader.Load` does, but
//! best-effort: it reports every problem as a [`Finding`] and keeps going, where Helm stops at the
//! first error. [`LoadResult::helm_error`] says what Helm itself would answer.

use cw_yaml::go_quote;
use std::path::{Path, PathBuf};

use cw_base::Finding;
use cw_yaml::{Node, YamlError, YamlErrorKind};

use crate::archive::{
    self, strip_bom, BufferedFile, MAX_DECOMPRESSED_CHART_SIZE, MAX_DECOMPRESSED_FILE_SIZE,
};
use crate::codes;
use crate::decode::{decode_lock, decode_metadata, DecodeError};
use crate::deps::resolve_dependencies;
use crate::fs::{FileKind, FileSystem};
use crate::ignore::{Rules, HELM_IGNORE};
use crate::model::{Chart, DependencySource, File, Metadata, Origin, ValuesFile};
use crate::validate::validate_metadata;

/// Subcharts nested deeper than this are not loaded (an archive can contain itself).
const MAX_SUBCHART_DEPTH: usize = 32;

/// What all the subchart archives of one chart may decompress to together. Helm gives each
/// archive its own 100 MiB, so nested archives multiply; chartwright stays bounded.
const NESTED_ARCHIVE_BUDGET: u64 = 256 * 1024 * 1024;

/// What loading produced.
#[derive(Clone, Debug, Default)]
pub struct LoadResult {
    /// The chart, as complete as the input allowed.
    pub chart: Chart,
    /// Every problem found, with paths relative to the root chart.
    pub findings: Vec<Finding>,
    /// The error Helm's loader would return for this chart (Helm then refuses it), if any.
    pub helm_error: Option<String>,
}

impl LoadResult {
    fn fail(&mut self, finding: Finding) {
        if self.helm_error.is_none() {
            self.helm_error = Some(finding.message.clone());
        }
        self.findings.push(finding);
    }
}

/// Loads a chart from a directory or a `.tgz` file, as `helm lint`/`helm template` do.
pub fn load(fs: &dyn FileSystem, path: &Path) -> LoadResult {
    match fs.metadata(path) {
        Ok(m) if m.kind == FileKind::Dir => load_dir(fs, path),
        Ok(_) => match fs.read(path) {
            Ok(data) => {
                let name = path.display().to_string();
                let mut r = load_archive(&name, &data);
                r.chart.origin = Some(Origin::Archive(path.to_path_buf()));
                r
            }
            Err(e) => failed(codes::FILE_UNREADABLE, "", e.to_string()),
        },
        Err(e) => failed(
            codes::FILE_UNREADABLE,
            "",
            format!("stat {}: {}", path.display(), io_reason(&e)),
        ),
    }
}

fn failed(code: &'static str, file: &str, message: String) -> LoadResult {
    let mut r = LoadResult::default();
    r.fail(Finding::error(code, file, None, message));
    r
}

/// Go's wording of common I/O errors.
fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// Loads a chart archive held in memory (`name` is used in messages).
pub fn load_archive(name: &str, data: &[u8]) -> LoadResult {
    if let Err(msg) = archive::ensure_archive(name, data) {
        return failed(codes::ARCHIVE_INVALID, "", msg);
    }
    match archive::load_archive_files(data) {
        Ok(files) => load_files(files),
        Err(msg) => {
            let msg = if msg == "gzip: invalid header" {
                format!("file '{name}' does not appear to be a valid chart file (details: {msg})")
            } else {
                msg
            };
            failed(codes::ARCHIVE_INVALID, "", msg)
        }
    }
}

/// Loads a chart directory: `.helmignore`, Helm's default ignores, symbolic links followed inside
/// the chart (never outside it), then [`load_files`].
pub fn load_dir(fs: &dyn FileSystem, dir: &Path) -> LoadResult {
    let mut result = LoadResult::default();
    let top = match fs.canonicalize(dir) {
        Ok(p) => p,
        Err(e) => {
            return failed(
                codes::FILE_UNREADABLE,
                "",
                format!("{}: {}", dir.display(), io_reason(&e)),
            )
        }
    };
    let mut rules = Rules::empty();
    let ignore_path = top.join(HELM_IGNORE);
    // Only a .helmignore inside the chart is read (it may be a link to elsewhere in the chart).
    let inside = fs
        .canonicalize(&ignore_path)
        .is_ok_and(|p| p.starts_with(&top));
    if inside
        && fs
            .metadata(&ignore_path)
            .is_ok_and(|m| m.kind == FileKind::File)
    {
        match fs.read(&ignore_path) {
            Ok(data) => {
                let text = String::from_utf8_lossy(&data);
                let (r, errors) = Rules::parse(&text);
                rules = r;
                for e in errors {
                    result.fail(Finding::error(
                        codes::HELMIGNORE_INVALID,
                        HELM_IGNORE,
                        Some(e.range),
                        e.message,
                    ));
                }
            }
            Err(e) => result.fail(Finding::error(
                codes::FILE_UNREADABLE,
                HELM_IGNORE,
                None,
                e.to_string(),
            )),
        }
    }
    rules.add_defaults();

    let mut walker = Walker {
        fs,
        top: top.clone(),
        rules,
        files: Vec::new(),
        result: &mut result,
        stack: vec![top.clone()],
        total: 0,
        full: false,
    };
    walker.walk(&top, "");
    let files = std::mem::take(&mut walker.files);
    let loaded = load_files(files);
    let mut findings = std::mem::take(&mut result.findings);
    findings.extend(loaded.findings);
    LoadResult {
        chart: Chart {
            origin: Some(Origin::Directory(dir.to_path_buf())),
            ..loaded.chart
        },
        findings,
        helm_error: result.helm_error.or(loaded.helm_error),
    }
}

struct Walker<'a> {
    fs: &'a dyn FileSystem,
    top: PathBuf,
    rules: Rules,
    files: Vec<BufferedFile>,
    result: &'a mut LoadResult,
    /// Canonical directories being walked, to stop at symbolic-link cycles.
    stack: Vec<PathBuf>,
    /// Bytes read so far, against [`MAX_DECOMPRESSED_CHART_SIZE`].
    total: u64,
    /// Set once the size limit is reached: nothing more is read.
    full: bool,
}

/// Directories nested deeper than this are not walked.
const MAX_DIR_DEPTH: usize = 256;

impl Walker<'_> {
    fn walk(&mut self, dir: &Path, rel: &str) {
        let mut names = match self.fs.read_dir(dir) {
            Ok(n) => n,
            Err(e) => {
                self.result.fail(Finding::error(
                    codes::FILE_UNREADABLE,
                    rel,
                    None,
                    format!("error reading {rel}: {}", io_reason(&e)),
                ));
                return;
            }
        };
        names.sort();
        for name in names {
            let path = dir.join(&name);
            let rel_name = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            let mut meta = match self.fs.symlink_metadata(&path) {
                Ok(m) => m,
                Err(e) => {
                    self.result.fail(Finding::error(
                        codes::FILE_UNREADABLE,
                        rel_name.as_str(),
                        None,
                        format!("error reading {rel_name}: {}", io_reason(&e)),
                    ));
                    continue;
                }
            };
            let mut real = path.clone();
            if meta.kind == FileKind::Symlink {
                match self.fs.canonicalize(&path) {
                    Err(e) => {
                        self.result.fail(Finding::error(
                            codes::SYMLINK_BROKEN,
                            rel_name.as_str(),
                            None,
                            format!(
                                "error evaluating symlink {}: {}",
                                path.display(),
                                io_reason(&e)
                            ),
                        ));
                        continue;
                    }
                    Ok(target) => {
                        if !target.starts_with(&self.top) {
                            self.result.findings.push(Finding::warning(
                                codes::SYMLINK_OUTSIDE_CHART,
                                rel_name.as_str(),
                                None,
                                format!(
                                    "symbolic link {rel_name} resolves to {}, outside the chart: not loaded (Helm would include it)",
                                    target.display()
                                ),
                            ));
                            continue;
                        }
                        match self.fs.symlink_metadata(&target) {
                            Ok(m) => meta = m,
                            Err(e) => {
                                self.result.fail(Finding::error(
                                    codes::SYMLINK_BROKEN,
                                    rel_name.as_str(),
                                    None,
                                    format!(
                                        "error evaluating symlink {}: {}",
                                        path.display(),
                                        io_reason(&e)
                                    ),
                                ));
                                continue;
                            }
                        }
                        real = target;
                    }
                }
            }
            if meta.kind == FileKind::Dir {
                if self.rules.ignore(&rel_name, true) {
                    continue;
                }
                if self.stack.len() > MAX_DIR_DEPTH {
                    self.result.fail(Finding::error(
                        codes::FILE_UNREADABLE,
                        rel_name.as_str(),
                        None,
                        format!("directories nested more than {MAX_DIR_DEPTH} levels deep are not loaded"),
                    ));
                    continue;
                }
                // `dir` is canonical (the top, or a link's resolved target), so an entry that
                // is not a link is canonical as it is: no path resolution per directory.
                let canonical = if real == path {
                    real.clone()
                } else {
                    self.fs.canonicalize(&real).unwrap_or(real.clone())
                };
                if self.stack.contains(&canonical) {
                    self.result.fail(Finding::error(
                        codes::SYMLINK_CYCLE,
                        rel_name.as_str(),
                        None,
                        format!(
                            "symbolic link {rel_name} leads back to a directory being loaded: not followed"
                        ),
                    ));
                    continue;
                }
                self.stack.push(canonical);
                self.walk(&real, &rel_name);
                self.stack.pop();
                continue;
            }
            if self.rules.ignore(&rel_name, false) {
                continue;
            }
            if meta.kind != FileKind::File {
                self.result.fail(Finding::error(
                    codes::FILE_IRREGULAR,
                    rel_name.as_str(),
                    None,
                    format!(
                        "cannot load irregular file {} as it has file mode type bits set",
                        path.display()
                    ),
                ));
                continue;
            }
            if meta.len > MAX_DECOMPRESSED_FILE_SIZE {
                self.result.fail(Finding::error(
                    codes::FILE_TOO_LARGE,
                    rel_name.as_str(),
                    None,
                    format!(
                        "chart file {} is larger than the maximum file size {MAX_DECOMPRESSED_FILE_SIZE}",
                        go_quote(&name)
                    ),
                ));
                continue;
            }
            if self.full {
                continue;
            }
            if self.total + meta.len > MAX_DECOMPRESSED_CHART_SIZE {
                // Helm reads any size of directory, but refuses the archive `helm package` makes
                // of it; chartwright stops reading here to stay bounded.
                self.full = true;
                self.result.findings.push(Finding::warning(
                    codes::FILE_TOO_LARGE,
                    rel_name.as_str(),
                    None,
                    format!(
                        "the chart is larger than {MAX_DECOMPRESSED_CHART_SIZE} bytes, the most Helm unpacks from a chart archive: this file and the rest are not loaded"
                    ),
                ));
                continue;
            }
            match self.fs.read(&real) {
                Ok(data) => {
                    self.total += data.len() as u64;
                    self.files.push(BufferedFile {
                        name: rel_name,
                        data: strip_bom(data),
                    })
                }
                Err(e) => {
                    let msg = format!("error reading {rel_name}: {}", io_reason(&e));
                    self.result.fail(Finding::error(
                        codes::FILE_UNREADABLE,
                        rel_name.as_str(),
                        None,
                        msg,
                    ));
                }
            }
        }
    }
}

/// Parses a chart metadata file as sigs.k8s.io/yaml's `Unmarshal` does: the first YAML
/// document only (later documents, and their errors, are never read).
fn parse_yaml(text: &str) -> (Option<Node>, Vec<YamlError>) {
    match cw_yaml::load_documents(text).into_iter().next() {
        Some(first) => (first.root, first.errors),
        None => (None, Vec::new()),
    }
}

/// Reports YAML problems of a chart file. Returns true when the file could not be loaded (Helm
/// would stop with `cannot load <file>: ...`).
fn report_yaml(result: &mut LoadResult, file: &str, text: &str, errors: &[YamlError]) -> bool {
    let mut fatal = false;
    for e in errors {
        match e.kind {
            YamlErrorKind::DuplicateKey => {
                // Helm's lenient parse accepts duplicates (last wins); `helm lint` warns about
                // Chart.yaml's in its strict pass. Other files are not checked by Helm.
                if file == "Chart.yaml" {
                    let mut f = Finding::warning(
                        codes::CHART_YAML_DUPLICATE_KEY,
                        file,
                        Some(e.range),
                        format!(
                            "failed to strictly parse chart metadata file\n\terror converting YAML to JSON: yaml: unmarshal errors:\n  line {}: key {} already set in map",
                            cw_base::LineIndex::new(text).line_col(e.range.start()).line + 1,
                            cw_yaml::go_quote(text.get(e.range.to_usize()).map_or("", unquote))
                        ),
                    );
                    if let Some(r) = e.related {
                        f = f.with_related(file, Some(r), "first defined here");
                    }
                    result.findings.push(f);
                }
            }
            YamlErrorKind::Syntax | YamlErrorKind::Unsupported => {
                fatal = true;
                result.fail(Finding::error(
                    codes::YAML_INVALID,
                    file,
                    Some(e.range),
                    if file == "values.yaml" {
                        format!(
                            "cannot load values.yaml: {}",
                            cw_yaml::helm_values_error_text(e)
                        )
                    } else {
                        format!("cannot load {file}: {}", yaml_error_text(e))
                    },
                ));
            }
        }
    }
    fatal
}

/// The text Helm prints after `cannot load Chart.yaml: ` for a YAML problem.
fn yaml_error_text(e: &YamlError) -> String {
    if e.message.starts_with("error unmarshaling JSON") {
        e.message.clone()
    } else {
        format!("error converting YAML to JSON: {}", e.message)
    }
}

/// A key as written, without its quotes.
fn unquote(s: &str) -> &str {
    let t = s.trim();
    if t.len() >= 2
        && (t.starts_with('"') && t.ends_with('"') || t.starts_with('\'') && t.ends_with('\''))
    {
        &t[1..t.len() - 1]
    } else {
        t
    }
}

fn report_decode(result: &mut LoadResult, file: &str, errors: Vec<DecodeError>) {
    for e in errors {
        result.fail(Finding::error(
            codes::FILE_TYPE_MISMATCH,
            file,
            Some(e.range),
            format!("cannot load {file}: {}", e.helm_message()),
        ));
    }
}

/// Helm's `LoadFiles`: sorts chart files into Chart.yaml, lock, values, schema, templates,
/// subcharts and `.Files`, validates the metadata and loads the subcharts. Paths in findings are
/// relative to this chart.
pub fn load_files(files: Vec<BufferedFile>) -> LoadResult {
    let mut budget = NESTED_ARCHIVE_BUDGET;
    let mut result = load_files_at(files, 0, &mut budget);
    // `helm lint` words the root chart's Chart.yaml problems as `unable to parse YAML`; the
    // loader's `cannot load Chart.yaml: ...` stays in `helm_error` (and in subchart messages).
    for f in &mut result.findings {
        if f.file.as_os_str() == "Chart.yaml"
            && (f.code == codes::YAML_INVALID || f.code == codes::FILE_TYPE_MISMATCH)
        {
            if let Some(rest) = f.message.strip_prefix("cannot load Chart.yaml: ") {
                f.message = format!("unable to parse YAML\n\t{rest}");
            }
        }
    }
    result
}

fn load_files_at(files: Vec<BufferedFile>, depth: usize, budget: &mut u64) -> LoadResult {
    let mut result = LoadResult::default();
    let mut metadata: Option<Metadata> = None;
    let mut c = Chart::default();

    // First pass: Chart.yaml, wherever it comes in the list.
    for f in files.iter().filter(|f| f.name == "Chart.yaml") {
        let text = String::from_utf8_lossy(&f.data);
        let (root, errors) = parse_yaml(&text);
        let mut md = metadata.take().unwrap_or_default();
        let yaml_fatal = report_yaml(&mut result, "Chart.yaml", &text, &errors);
        if !yaml_fatal {
            let mut errs = decode_metadata(root.as_ref(), &mut md);
            for e in &mut errs {
                // Helm 4's loader first reads Chart.yaml into its `chartBase` (to find the
                // apiVersion), so a document that is not a map fails there.
                e.message = e.message.replace(
                    "Go value of type v2.Metadata",
                    "Go value of type loader.chartBase",
                );
            }
            report_decode(&mut result, "Chart.yaml", errs);
        }
        if md.dependencies.is_some() {
            md.dependencies_source = Some(DependencySource::ChartYaml);
        }
        if md.api_version.as_ref().is_none_or(|a| a.value.is_empty()) {
            md.api_version_defaulted = true;
        }
        metadata = Some(md);
        c.chart_yaml = Some(File {
            name: f.name.clone(),
            data: f.data.clone(),
        });
    }

    let mut subcharts: Vec<(String, Vec<BufferedFile>)> = Vec::new();
    for f in files {
        let name = f.name.as_str();
        match name {
            "Chart.yaml" => continue,
            "Chart.lock" | "requirements.lock" => {
                let text = String::from_utf8_lossy(&f.data);
                let (root, errors) = parse_yaml(&text);
                if !report_yaml(&mut result, name, &text, &errors) {
                    let (lock, errs) = decode_lock(root.as_ref(), name);
                    report_decode(&mut result, name, errs);
                    c.lock = Some(lock);
                }
                // Helm creates the metadata for requirements.lock (not for Chart.lock).
                let v1 = name == "requirements.lock"
                    && metadata.get_or_insert_with(Metadata::default).api_version() == "v1";
                if v1 {
                    c.files.push(into_file(f));
                } else {
                    c.raw.push(into_file(f));
                }
            }
            "values.yaml" => {
                // Helm's `LoadValues`: every document must be a map; they are merged.
                let text = String::from_utf8_lossy(&f.data);
                let loaded = cw_yaml::load(&text);
                report_yaml(&mut result, name, &text, &loaded.errors);
                c.values = Some(ValuesFile {
                    file: into_file(f),
                    root: loaded.root,
                });
            }
            "values.schema.json" => c.schema = Some(into_file(f)),
            "requirements.yaml" => {
                let md = metadata.get_or_insert_with(Metadata::default);
                let text = String::from_utf8_lossy(&f.data);
                let (root, errors) = parse_yaml(&text);
                if !report_yaml(&mut result, name, &text, &errors) {
                    let had = md.dependencies.clone();
                    let errs = decode_metadata(root.as_ref(), md);
                    report_decode(&mut result, name, errs);
                    if md.dependencies != had {
                        md.dependencies_source = Some(DependencySource::RequirementsYaml);
                    }
                }
                if md.api_version() == "v1" {
                    c.files.push(into_file(f));
                } else {
                    c.raw.push(into_file(f));
                }
            }
            _ if name.starts_with("templates/") => c.templates.push(into_file(f)),
            _ if name.starts_with("charts/") => {
                if name.ends_with(".prov") {
                    c.files.push(into_file(f));
                    continue;
                }
                let rest = &name["charts/".len()..];
                let cname = rest.split('/').next().unwrap_or("").to_string();
                let entry = BufferedFile {
                    name: rest.to_string(),
                    data: f.data,
                };
                match subcharts.iter_mut().find(|(n, _)| *n == cname) {
                    Some((_, v)) => v.push(entry),
                    None => subcharts.push((cname, vec![entry])),
                }
            }
            _ => c.files.push(into_file(f)),
        }
    }

    let Some(md) = metadata else {
        result.fail(Finding::error(
            codes::CHART_YAML_MISSING,
            "Chart.yaml",
            None,
            "Chart.yaml file is missing",
        ));
        return LoadResult { chart: c, ..result };
    };
    c.metadata = md;
    if c.chart_yaml.is_none() {
        // requirements.yaml or requirements.lock alone make Helm create the metadata, and then
        // fail validation; the missing file is the problem to show.
        result.findings.push(Finding::error(
            codes::CHART_YAML_MISSING,
            "Chart.yaml",
            None,
            "Chart.yaml file is missing",
        ));
    }
    if let Some((msg, _)) = validate_metadata(&c.metadata) {
        c.validation_error = Some(msg.clone());
        if result.helm_error.is_none() {
            result.helm_error = Some(msg);
        }
    }

    subcharts.sort_by(|a, b| a.0.cmp(&b.0));
    let parent_name = c.name().to_string();
    for (n, files) in subcharts {
        if n.starts_with(['_', '.']) {
            continue;
        }
        let prefix = format!("charts/{n}/");
        let wrap = |msg: &str| format!("error unpacking subchart {n} in {parent_name}: {msg}");
        if depth >= MAX_SUBCHART_DEPTH {
            result.fail(Finding::error(
                codes::SUBCHART_INVALID,
                format!("charts/{n}"),
                None,
                wrap(&format!(
                    "subcharts nested more than {MAX_SUBCHART_DEPTH} levels deep are not loaded"
                )),
            ));
            continue;
        }
        let sub = if n.ends_with(".tgz") {
            let file = &files[0];
            if file.name != n {
                result.fail(Finding::error(
                    codes::SUBCHART_INVALID,
                    format!("charts/{n}"),
                    None,
                    format!(
                        "error unpacking subchart tar in {parent_name}: expected {n}, got {}",
                        file.name
                    ),
                ));
                continue;
            }
            let limit = (*budget).min(archive::MAX_DECOMPRESSED_CHART_SIZE);
            match archive::load_archive_files_with_limits(
                &file.data,
                limit,
                MAX_DECOMPRESSED_FILE_SIZE,
            ) {
                Ok(files) => {
                    let size: u64 = files.iter().map(|f| f.data.len() as u64).sum();
                    *budget = budget.saturating_sub(size);
                    load_files_at(files, depth + 1, budget)
                }
                Err(msg) => {
                    result.fail(Finding::error(
                        codes::SUBCHART_INVALID,
                        format!("charts/{n}"),
                        None,
                        wrap(&msg),
                    ));
                    continue;
                }
            }
        } else {
            let buff: Vec<BufferedFile> = files
                .into_iter()
                .filter_map(|f| {
                    let (_, rest) = f.name.split_once('/')?;
                    Some(BufferedFile {
                        name: rest.to_string(),
                        data: f.data,
                    })
                })
                .collect();
            if buff.is_empty() {
                result.fail(Finding::error(
                    codes::SUBCHART_INVALID,
                    format!("charts/{n}"),
                    None,
                    wrap("Chart.yaml file is missing"),
                ));
                continue;
            }
            load_files_at(buff, depth + 1, budget)
        };
        let LoadResult {
            chart: mut sub,
            findings,
            helm_error,
        } = sub;
        let sub_had_errors = findings
            .iter()
            .any(|f| f.severity == cw_base::Severity::Error);
        for mut f in findings {
            f.file = PathBuf::from(format!("{prefix}{}", f.file.display()));
            if f.severity == cw_base::Severity::Error {
                f.message = wrap(&f.message);
            }
            for r in &mut f.related {
                r.file = PathBuf::from(format!("{prefix}{}", r.file.display()));
            }
            result.findings.push(f);
        }
        if let Some((msg, range)) = validate_metadata(&sub.metadata) {
            if sub.chart_yaml.is_some() && !sub_had_errors {
                result.findings.push(Finding::error(
                    codes::SUBCHART_INVALID,
                    format!("{prefix}Chart.yaml"),
                    range,
                    wrap(&msg),
                ));
            }
        }
        if let Some(e) = helm_error {
            if result.helm_error.is_none() {
                result.helm_error = Some(wrap(&e));
            }
        }
        add_prefix(&mut sub, &prefix);
        sub.origin = Some(Origin::Subchart);
        c.dependencies.push(sub);
        c.subchart_entries.push(n);
    }
    c.resolved = resolve_dependencies(&c);
    LoadResult { chart: c, ..result }
}

fn into_file(f: BufferedFile) -> File {
    File {
        name: f.name,
        data: f.data,
    }
}

/// Makes a subchart's (and its own subcharts') prefix relative to the parent's root.
fn add_prefix(chart: &mut Chart, prefix: &str) {
    chart.prefix = format!("{prefix}{}", chart.prefix);
    for d in &mut chart.dependencies {
        add_prefix(d, prefix);
    }
}
