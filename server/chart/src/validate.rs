//! Helm's `Metadata.Validate` (run by the loader): the first reason Helm refuses a chart's
//! metadata, with its `validation: ...` message and where in Chart.yaml it applies.

use cw_base::TextRange;
use cw_yaml::go_quote;

use crate::model::{str_of, Metadata, StrField};

/// Helm's `sanitizeString`: every Unicode space becomes ' ', non-printable characters go.
pub fn sanitize(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            if c.is_whitespace() {
                Some(' ')
            } else if c.is_control() {
                None
            } else {
                Some(c)
            }
        })
        .collect()
}

/// Go's `filepath.Base` on Unix.
pub fn go_base(path: &str) -> &str {
    if path.is_empty() {
        return ".";
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/";
    }
    match trimmed.rfind('/') {
        Some(i) => &trimmed[i + 1..],
        None => trimmed,
    }
}

/// Helm's `aliasNameFormat`: `^[a-zA-Z0-9_-]+$`.
pub fn is_valid_alias(alias: &str) -> bool {
    !alias.is_empty()
        && alias
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

fn range_of(f: &StrField) -> Option<TextRange> {
    f.as_ref().map(|s| s.range)
}

/// The first error Helm's `Metadata.Validate` reports, prefixed `validation: ` as Helm prints
/// it, with the range of the offending value in the file the metadata came from.
pub fn validate_metadata(md: &Metadata) -> Option<(String, Option<TextRange>)> {
    let err = |m: String, r: Option<TextRange>| Some((format!("validation: {m}"), r));
    if md.api_version().is_empty() {
        return err("chart.metadata.apiVersion is required".into(), None);
    }
    let name = sanitize(md.name());
    if name.is_empty() {
        return err(
            "chart.metadata.name is required".into(),
            md.name.as_ref().map(|n| n.key_range),
        );
    }
    if name != go_base(&name) {
        return err(
            format!("chart.metadata.name {} is invalid", go_quote(&name)),
            range_of(&md.name),
        );
    }
    let version = md.version();
    if version.is_empty() {
        return err(
            "chart.metadata.version is required".into(),
            md.version.as_ref().map(|n| n.key_range),
        );
    }
    if cw_semver::Version::parse(version).is_err() {
        return err(
            format!("chart.metadata.version {} is invalid", go_quote(version)),
            range_of(&md.version),
        );
    }
    if !matches!(str_of(&md.chart_type), "" | "application" | "library") {
        return err(
            "chart.metadata.type must be application or library".into(),
            range_of(&md.chart_type),
        );
    }
    if let Some(ms) = &md.maintainers {
        if ms.value.iter().any(Option::is_none) {
            return err(
                "maintainers must not contain empty or null nodes".into(),
                Some(ms.range),
            );
        }
    }
    if let Some(deps) = &md.dependencies {
        let mut seen: Vec<String> = Vec::new();
        for dep in &deps.value {
            let Some(dep) = dep else {
                return err(
                    "dependencies must not contain empty or null nodes".into(),
                    Some(deps.range),
                );
            };
            if !dep.alias().is_empty() && !is_valid_alias(dep.alias()) {
                return err(
                    format!(
                        "dependency {} has disallowed characters in the alias",
                        go_quote(&sanitize(dep.name()))
                    ),
                    range_of(&dep.alias),
                );
            }
            let key = if dep.alias().is_empty() {
                sanitize(dep.name())
            } else {
                dep.alias().to_string()
            };
            if seen.contains(&key) {
                return err(
                    format!(
                        "more than one dependency with name or alias {}",
                        go_quote(&key)
                    ),
                    Some(dep.range),
                );
            }
            seen.push(key);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_and_alias() {
        assert_eq!(go_base("a/b"), "b");
        assert_eq!(go_base("a/"), "a");
        assert_eq!(go_base("."), ".");
        assert!(is_valid_alias("my_alias-1"));
        assert!(!is_valid_alias("a.b"));
        assert_eq!(sanitize("a\tb\u{7}"), "a b");
    }
}
