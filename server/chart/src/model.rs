//! The chart model, named as Helm names it (pkg/chart/v2): `Chart`, `Metadata`, `Dependency`,
//! `Maintainer`, `Lock`, `File`, with the byte range of every key and value of Chart.yaml.

use cw_base::TextRange;
use cw_yaml::Node;

/// A value read from a YAML file with where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    /// The range of the mapping key (`name` in `name: demo`).
    pub key_range: TextRange,
    /// The range of the value (`demo`).
    pub range: TextRange,
}

impl<T> Spanned<T> {
    pub fn new(value: T, key_range: TextRange, range: TextRange) -> Spanned<T> {
        Spanned {
            value,
            key_range,
            range,
        }
    }
}

/// A string field: `Option::None` when the key is absent. Helm treats absent, `null` and `""` alike
/// (the Go field stays empty); use [`str_of`] for that view.
pub type StrField = Option<Spanned<String>>;

/// The value of a string field as Helm sees it (`""` when absent).
pub fn str_of(f: &StrField) -> &str {
    f.as_ref().map_or("", |s| s.value.as_str())
}

/// A file of the chart with its path relative to the chart root (`templates/deployment.yaml`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct File {
    pub name: String,
    pub data: Vec<u8>,
}

impl File {
    /// The contents as text, when they are UTF-8.
    pub fn text(&self) -> Option<&str> {
        std::str::from_utf8(&self.data).ok()
    }
}

/// A chart maintainer (`maintainers[]`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Maintainer {
    pub name: StrField,
    pub email: StrField,
    pub url: StrField,
    /// The range of the whole entry.
    pub range: TextRange,
}

/// One `dependencies[]` entry of Chart.yaml, requirements.yaml or a lock file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dependency {
    pub name: StrField,
    pub version: StrField,
    pub repository: StrField,
    pub condition: StrField,
    pub tags: Option<Spanned<Vec<Spanned<String>>>>,
    pub enabled: Option<Spanned<bool>>,
    /// `import-values`: strings or `{child, parent}` maps, kept as YAML for the values layer.
    pub import_values: Option<Spanned<Vec<Node>>>,
    pub alias: StrField,
    /// The range of the whole entry.
    pub range: TextRange,
}

impl Dependency {
    pub fn name(&self) -> &str {
        str_of(&self.name)
    }

    pub fn alias(&self) -> &str {
        str_of(&self.alias)
    }

    /// The name the subchart goes by in its parent (`alias` if set, else `name`), as Helm keys it.
    pub fn effective_name(&self) -> &str {
        if self.alias().is_empty() {
            self.name()
        } else {
            self.alias()
        }
    }
}

/// Which file a dependency list was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DependencySource {
    ChartYaml,
    /// `requirements.yaml` (apiVersion v1 charts; Helm also reads it in v2 charts).
    RequirementsYaml,
}

impl DependencySource {
    pub fn file_name(self) -> &'static str {
        match self {
            DependencySource::ChartYaml => "Chart.yaml",
            DependencySource::RequirementsYaml => "requirements.yaml",
        }
    }
}

/// One `annotations` entry: key and value.
pub type Annotation = (Spanned<String>, Spanned<String>);

/// Chart.yaml. Every field records where it was written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Metadata {
    pub api_version: StrField,
    pub name: StrField,
    pub version: StrField,
    pub kube_version: StrField,
    pub description: StrField,
    /// `type`: `application` (the default) or `library`.
    pub chart_type: StrField,
    pub keywords: Option<Spanned<Vec<Spanned<String>>>>,
    pub home: StrField,
    pub sources: Option<Spanned<Vec<Spanned<String>>>>,
    pub dependencies: Option<Spanned<Vec<Option<Dependency>>>>,
    /// `maintainers`; a `null` entry is `None` (Helm reports it).
    pub maintainers: Option<Spanned<Vec<Option<Maintainer>>>>,
    pub icon: StrField,
    pub app_version: StrField,
    pub deprecated: Option<Spanned<bool>>,
    pub annotations: Option<Spanned<Vec<Annotation>>>,
    /// Deprecated Helm 2 fields Helm still reads.
    pub condition: StrField,
    pub tags: StrField,
    /// Which file `dependencies` came from.
    pub dependencies_source: Option<DependencySource>,
    /// True when Chart.yaml had no apiVersion and the loader assumed `v1`, as Helm does.
    pub api_version_defaulted: bool,
}

impl Metadata {
    pub fn name(&self) -> &str {
        str_of(&self.name)
    }

    pub fn version(&self) -> &str {
        str_of(&self.version)
    }

    /// The apiVersion as the loader sees it (`v1` when Chart.yaml has none).
    pub fn api_version(&self) -> &str {
        if self.api_version_defaulted {
            "v1"
        } else {
            str_of(&self.api_version)
        }
    }

    /// The declared dependencies, skipping `null` entries.
    pub fn dependencies(&self) -> impl Iterator<Item = &Dependency> {
        self.dependencies
            .iter()
            .flat_map(|d| d.value.iter())
            .flatten()
    }

    pub fn is_library(&self) -> bool {
        str_of(&self.chart_type) == "library"
    }
}

/// Chart.lock or requirements.lock.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Lock {
    /// The file it was read from.
    pub file: String,
    pub generated: StrField,
    pub digest: StrField,
    pub dependencies: Option<Spanned<Vec<Option<Dependency>>>>,
}

impl Lock {
    pub fn dependencies(&self) -> impl Iterator<Item = &Dependency> {
        self.dependencies
            .iter()
            .flat_map(|d| d.value.iter())
            .flatten()
    }
}

/// values.yaml: its text and its value (Helm merges the file's YAML documents into one map).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ValuesFile {
    pub file: File,
    /// The merged value; `None` for an empty file (Helm's empty map).
    pub root: Option<Node>,
}

impl ValuesFile {
    /// The value at a path of keys (`["image", "tag"]`).
    pub fn lookup(&self, path: &[&str]) -> Option<&Node> {
        self.root.as_ref()?.get_path(path)
    }
}

/// Where a chart was read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A directory on the file system.
    Directory(std::path::PathBuf),
    /// A `.tgz` archive on the file system.
    Archive(std::path::PathBuf),
    /// A subchart inside its parent (a directory or an archive under `charts/`).
    Subchart,
}

/// How a subchart relates to its parent's declared dependencies.
#[derive(Clone, Debug, PartialEq)]
pub struct ResolvedDependency {
    /// Index into `Metadata::dependencies` (null entries counted) of the declaration.
    pub declaration: usize,
    /// Index into `Chart::dependencies` of the subchart with the declared name, if `charts/` has
    /// one (the version-compatible one when there are several).
    pub chart: Option<usize>,
    /// Whether that subchart's version satisfies the declared constraint; when false Helm does
    /// not treat it as this dependency (no condition, tags or alias apply to it).
    pub version_compatible: bool,
}

/// A loaded chart.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Chart {
    pub metadata: Metadata,
    /// The Chart.yaml file itself, when there is one.
    pub chart_yaml: Option<File>,
    pub lock: Option<Lock>,
    pub templates: Vec<File>,
    pub values: Option<ValuesFile>,
    pub schema: Option<File>,
    /// Every other file (`.Files`), including `crds/`, README, requirements.yaml of v1 charts.
    pub files: Vec<File>,
    /// Files Helm reads but keeps out of `.Files`: Chart.lock, and requirements.yaml /
    /// requirements.lock of v2 charts.
    pub raw: Vec<File>,
    /// The loaded subcharts, in the order of their names under `charts/`.
    pub dependencies: Vec<Chart>,
    /// For each subchart, the name of its entry under `charts/` (`mysql` or `mysql-1.2.3.tgz`).
    pub subchart_entries: Vec<String>,
    /// Declared dependencies matched with loaded subcharts, as Helm matches them.
    pub resolved: Vec<ResolvedDependency>,
    /// Where this chart's files are, relative to the root chart (`""` for the root,
    /// `charts/mysql/` or `charts/mysql-1.2.3.tgz/` for a subchart).
    pub prefix: String,
    pub origin: Option<Origin>,
    /// Helm's error when `Metadata.Validate` refuses this chart (`validation: ...`); Helm then
    /// refuses to load it.
    pub validation_error: Option<String>,
}

impl Chart {
    pub fn name(&self) -> &str {
        self.metadata.name()
    }

    pub fn is_library(&self) -> bool {
        self.metadata.is_library()
    }

    /// Files under `crds/`, as Helm's `CRDObjects` selects them (`.yaml`, `.yml`, `.json`).
    pub fn crds(&self) -> impl Iterator<Item = &File> {
        self.files.iter().filter(|f| {
            f.name.starts_with("crds/") && {
                let ext = f.name.rsplit_once('.').map_or("", |(_, e)| e);
                ["yaml", "yml", "json"]
                    .iter()
                    .any(|x| x.eq_ignore_ascii_case(ext))
            }
        })
    }

    /// A file of this chart by name, whichever list it went to.
    pub fn file(&self, name: &str) -> Option<&File> {
        if name == "Chart.yaml" {
            return self.chart_yaml.as_ref();
        }
        if let Some(v) = &self.values {
            if v.file.name == name {
                return Some(&v.file);
            }
        }
        self.templates
            .iter()
            .chain(self.files.iter())
            .chain(self.schema.iter())
            .find(|f| f.name == name)
            .or_else(|| self.raw.iter().find(|f| f.name == name))
    }

    /// The subchart loaded for a declared dependency.
    pub fn subchart_for(&self, declaration: usize) -> Option<&Chart> {
        self.resolved
            .iter()
            .find(|r| r.declaration == declaration)
            .and_then(|r| r.chart)
            .and_then(|i| self.dependencies.get(i))
    }
}
