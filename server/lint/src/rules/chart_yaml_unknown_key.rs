//! Rule `chart-yaml-unknown-key`: Chart.yaml has a key Helm does not know.

use cw_base::Finding;
use cw_chart::decode::{match_field, DEPENDENCY_FIELDS, MAINTAINER_FIELDS, METADATA_FIELDS};
use cw_yaml::Mapping;

use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports Chart.yaml keys that are not Chart.yaml fields, in the chart and in its
    /// `dependencies` and `maintainers` entries, with the closest field name. `helm lint` reports
    /// the first one as `failed to strictly parse chart metadata file`. Also reports keys that match
    /// a field only when case is ignored (`kubeversion`): Helm accepts those, because Go's JSON
    /// decoding ignores case, but other tools do not.
    ///
    /// ## Why is this bad?
    /// Helm silently ignores an unknown key, so a misspelt field (`maintainer`, `dependancies`)
    /// has no effect.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v2
    /// name: demo
    /// version: 1.0.0
    /// maintainer:            # did you mean "maintainers"?
    ///   - name: jane
    /// ```
    pub static RULE = ("chart-yaml-unknown-key", Warning, "Chart.yaml has a key Helm does not know");
}

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(cf) = super::parsed_chart_file(cx) else {
        return;
    };
    let Some(map) = cf.root.as_ref().and_then(|r| r.as_map()) else {
        return;
    };
    let file = super::CHART_YAML;
    check_map(file, map, METADATA_FIELDS, out);
    for (list, fields) in [
        ("dependencies", DEPENDENCY_FIELDS),
        ("maintainers", MAINTAINER_FIELDS),
    ] {
        for item in map.get(list).and_then(|n| n.as_seq()).unwrap_or_default() {
            if let Some(m) = item.as_map() {
                check_map(file, m, fields, out);
            }
        }
    }
    // requirements.yaml's dependency entries (Helm never parses it strictly, so a misspelt
    // `condition` or `import-values` there is silently dropped).
    let Some(req) = cx.chart.file("requirements.yaml") else {
        return;
    };
    let text = String::from_utf8_lossy(&req.data);
    let loaded = cw_yaml::load_documents(&text).into_iter().next();
    let root = loaded.and_then(|l| l.root);
    let deps = root
        .as_ref()
        .and_then(|r| r.as_map())
        .and_then(|m| m.get("dependencies"))
        .and_then(|d| d.as_seq())
        .unwrap_or_default();
    for item in deps {
        if let Some(m) = item.as_map() {
            check_map("requirements.yaml", m, DEPENDENCY_FIELDS, out);
        }
    }
}

fn check_map(file: &str, map: &Mapping, fields: &[&str], out: &mut Vec<Finding>) {
    for e in &map.entries {
        if fields.contains(&e.key.as_str()) {
            continue;
        }
        if let Some(field) = match_field(fields, &e.key) {
            out.push(RULE.finding(
                file,
                Some(e.key_range),
                format!(
                    "{} should be written {}: Helm matches it to the field only because case is ignored",
                    super::go_quote(&e.key),
                    super::go_quote(field)
                ),
            ));
            continue;
        }
        let message = if file == super::CHART_YAML {
            format!(
                "failed to strictly parse chart metadata file\n\terror unmarshaling JSON: while decoding JSON: json: unknown field {}",
                super::go_quote(&e.key)
            )
        } else {
            format!(
                "unknown field {} in a dependency: Helm ignores it",
                super::go_quote(&e.key)
            )
        };
        let mut f = RULE.finding(file, Some(e.key_range), message);
        if let Some(s) = suggest(&e.key, fields) {
            // A note, so that the message stays Helm's text.
            f = f.with_related(
                file,
                Some(e.key_range),
                format!("did you mean {}?", super::go_quote(s)),
            );
        }
        out.push(f);
    }
}

/// The field closest to a misspelt key, if one is close enough.
fn suggest<'f>(key: &str, fields: &[&'f str]) -> Option<&'f str> {
    let key = key.to_ascii_lowercase();
    let limit = if key.len() <= 4 { 1 } else { 2 };
    fields
        .iter()
        .map(|f| (strsim::levenshtein(&key, &f.to_ascii_lowercase()), *f))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, f)| f)
}
