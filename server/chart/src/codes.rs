//! The stable codes of the problems the loader reports (documented with the lint rules).

/// Chart.yaml does not exist (`Chart.yaml file is missing`).
pub const CHART_YAML_MISSING: &str = "chart-yaml-missing";
/// A duplicate key in Chart.yaml (`helm lint`'s strict parse warns).
pub const CHART_YAML_DUPLICATE_KEY: &str = "chart-yaml-duplicate-key";
/// A chart YAML file (Chart.yaml, values.yaml, lock or requirements files) does not parse.
pub const YAML_INVALID: &str = "yaml-invalid";
/// A Chart.yaml / requirements / lock field has the wrong type (`json: cannot unmarshal ...`).
pub const FILE_TYPE_MISMATCH: &str = "chart-field-type";
/// A `.tgz` chart that is not a valid, safe chart archive.
pub const ARCHIVE_INVALID: &str = "archive-invalid";
/// A `.helmignore` line Helm refuses.
pub const HELMIGNORE_INVALID: &str = "helmignore-invalid";
/// A symbolic link that points outside the chart (not followed).
pub const SYMLINK_OUTSIDE_CHART: &str = "symlink-outside-chart";
/// A symbolic link that dangles or loops.
pub const SYMLINK_BROKEN: &str = "symlink-broken";
/// A symbolic link back to a directory being loaded.
pub const SYMLINK_CYCLE: &str = "symlink-cycle";
/// A device, socket or pipe in the chart.
pub const FILE_IRREGULAR: &str = "file-irregular";
/// A file above Helm's 5 MiB limit.
pub const FILE_TOO_LARGE: &str = "file-too-large";
/// A file or directory that cannot be read.
pub const FILE_UNREADABLE: &str = "file-unreadable";
/// A subchart under `charts/` that Helm cannot load.
pub const SUBCHART_INVALID: &str = "subchart-invalid";

/// Every loader code.
pub const ALL: &[&str] = &[
    CHART_YAML_MISSING,
    CHART_YAML_DUPLICATE_KEY,
    YAML_INVALID,
    FILE_TYPE_MISMATCH,
    ARCHIVE_INVALID,
    HELMIGNORE_INVALID,
    SYMLINK_OUTSIDE_CHART,
    SYMLINK_BROKEN,
    SYMLINK_CYCLE,
    FILE_IRREGULAR,
    FILE_TOO_LARGE,
    FILE_UNREADABLE,
    SUBCHART_INVALID,
];
