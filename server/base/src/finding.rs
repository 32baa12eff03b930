//! `Finding`: one problem chartwright reports, shared by the language server and `lint`.

use std::fmt;
use std::path::PathBuf;

use crate::TextRange;

/// How serious a finding is. Ordered like Helm's lint severities: Info < Warning < Error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    /// The word Helm's lint output uses: `INFO`, `WARNING`, `ERROR`.
    pub fn helm_label(self) -> &'static str {
        match self {
            Severity::Info => "INFO",
            Severity::Warning => "WARNING",
            Severity::Error => "ERROR",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary location attached to a finding ("first defined here").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub file: PathBuf,
    pub range: Option<TextRange>,
    pub message: String,
}

/// One problem, with a stable rule code, where it is and what to say about it.
///
/// `file` is relative to the root of the chart the finding belongs to (as Helm prints paths in
/// `helm lint`), or absolute for files outside any chart. `range` is a byte range into that
/// file's text, or `None` when the problem concerns the file as a whole (it does not exist, it
/// is a directory).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// A stable code such as `chart-name-invalid`; see each rule's documentation.
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub file: PathBuf,
    pub range: Option<TextRange>,
    pub related: Vec<Related>,
}

impl Finding {
    pub fn new(
        code: &'static str,
        severity: Severity,
        file: impl Into<PathBuf>,
        range: Option<TextRange>,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            code,
            severity,
            message: message.into(),
            file: file.into(),
            range,
            related: Vec::new(),
        }
    }

    pub fn error(
        code: &'static str,
        file: impl Into<PathBuf>,
        range: Option<TextRange>,
        message: impl Into<String>,
    ) -> Finding {
        Finding::new(code, Severity::Error, file, range, message)
    }

    pub fn warning(
        code: &'static str,
        file: impl Into<PathBuf>,
        range: Option<TextRange>,
        message: impl Into<String>,
    ) -> Finding {
        Finding::new(code, Severity::Warning, file, range, message)
    }

    pub fn info(
        code: &'static str,
        file: impl Into<PathBuf>,
        range: Option<TextRange>,
        message: impl Into<String>,
    ) -> Finding {
        Finding::new(code, Severity::Info, file, range, message)
    }

    /// Adds a related location.
    pub fn with_related(
        mut self,
        file: impl Into<PathBuf>,
        range: Option<TextRange>,
        message: impl Into<String>,
    ) -> Finding {
        self.related.push(Related {
            file: file.into(),
            range,
            message: message.into(),
        });
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severities_order_like_helm() {
        assert!(Severity::Info < Severity::Warning);
        assert!(Severity::Warning < Severity::Error);
        assert_eq!(Severity::Warning.helm_label(), "WARNING");
    }

    #[test]
    fn related_locations_accumulate() {
        let f = Finding::warning("x", "values.yaml", Some(TextRange::new(1, 2)), "dup")
            .with_related("values.yaml", Some(TextRange::new(0, 1)), "first here");
        assert_eq!(f.related.len(), 1);
        assert_eq!(f.severity, Severity::Warning);
    }
}
