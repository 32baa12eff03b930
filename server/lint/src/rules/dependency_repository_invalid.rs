//! Rule `dependency-repository-invalid`: A dependency repository is malformed or missing.

use cw_base::Finding;

use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports a dependency `repository` that is none of the forms Helm accepts: an `http(s)://`
    /// or `oci://` URL, a `file://` path (which must exist, relative to the chart), or a repository
    /// alias (`@name` or `alias:name`).
    ///
    /// ## Why is this bad?
    /// `helm dependency update` cannot fetch the dependency.
    ///
    /// ## Example
    /// ```yaml
    /// dependencies:
    ///   - name: common
    ///     version: 1.x
    ///     repository: file://../comon     # no such directory
    /// ```
    pub static RULE = ("dependency-repository-invalid", Warning, "A dependency repository is malformed or missing");
}

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let file = super::deps_file(cx);
    for dep in cx.chart.metadata.dependencies() {
        let Some(repo) = &dep.repository else {
            continue;
        };
        let r = repo.value.as_str();
        if r.is_empty() {
            continue;
        }
        let name = super::go_quote(dep.name());
        let problem = if let Some(alias) = r.strip_prefix('@').or_else(|| r.strip_prefix("alias:"))
        {
            alias
                .is_empty()
                .then(|| "the repository alias is empty".to_string())
        } else if let Some(path) = r.strip_prefix("file://") {
            match cx.fs {
                Some((fs, root)) if cx.chart.prefix.is_empty() => {
                    let target = root.join(path);
                    match fs.metadata(&target) {
                        Ok(_) => None,
                        Err(_) => Some(format!(
                            "{path} does not exist (paths are relative to the chart)"
                        )),
                    }
                }
                _ => None,
            }
        } else if let Some(rest) = r.strip_prefix("oci://") {
            rest.is_empty()
                .then(|| "the oci:// reference has no registry".to_string())
        } else if r.starts_with("http://") || r.starts_with("https://") {
            (!crate::is_request_url(r)).then(|| "it is not a valid URL".to_string())
        } else {
            Some("expected an http(s)://, oci:// or file:// URL, or a repository alias (@name, alias:name)".to_string())
        };
        if let Some(p) = problem {
            out.push(RULE.finding(
                file,
                Some(repo.range),
                format!(
                    "dependency {name} has an invalid repository {}: {p}",
                    super::go_quote(r)
                ),
            ));
        }
    }
}
