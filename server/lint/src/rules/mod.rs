//! The rules, one per file, and the order `helm lint` runs them in.

pub mod archive_invalid;
pub mod chart_api_version_invalid;
pub mod chart_api_version_required;
pub mod chart_app_version_type;
pub mod chart_dependencies_v1;
pub mod chart_field_type;
pub mod chart_icon_invalid;
pub mod chart_icon_missing;
pub mod chart_kube_version_invalid;
pub mod chart_maintainer_invalid;
pub mod chart_name_invalid;
pub mod chart_name_required;
pub mod chart_source_invalid;
pub mod chart_type_invalid;
pub mod chart_type_v1;
pub mod chart_version_invalid;
pub mod chart_version_not_strict;
pub mod chart_version_required;
pub mod chart_version_type;
pub mod chart_yaml_duplicate_key;
pub mod chart_yaml_is_directory;
pub mod chart_yaml_missing;
pub mod chart_yaml_unknown_key;
pub mod dependency_alias_invalid;
pub mod dependency_condition_unknown;
pub mod dependency_duplicate;
pub mod dependency_import_values_invalid;
pub mod dependency_missing_in_charts_dir;
pub mod dependency_missing_in_metadata;
pub mod dependency_name_missing;
pub mod dependency_null;
pub mod dependency_repository_invalid;
pub mod dependency_version_invalid;
pub mod dependency_version_mismatch;
pub mod file_irregular;
pub mod file_too_large;
pub mod file_unreadable;
pub mod helmignore_invalid;
pub mod lock_out_of_sync;
pub mod requirements_in_v2;
pub mod subchart_duplicate;
pub mod subchart_invalid;
pub mod symlink_broken;
pub mod symlink_cycle;
pub mod symlink_outside_chart;
pub mod templates_dir_missing;
pub mod values_file_missing;
pub mod yaml_invalid;

use cw_base::Finding;

use crate::{Context, Rule};

/// Every rule, in registry order.
pub(crate) static ALL: &[&Rule] = &[
    &chart_yaml_missing::RULE,
    &chart_yaml_is_directory::RULE,
    &yaml_invalid::RULE,
    &chart_field_type::RULE,
    &chart_yaml_duplicate_key::RULE,
    &archive_invalid::RULE,
    &helmignore_invalid::RULE,
    &symlink_outside_chart::RULE,
    &symlink_broken::RULE,
    &symlink_cycle::RULE,
    &file_irregular::RULE,
    &file_too_large::RULE,
    &file_unreadable::RULE,
    &subchart_invalid::RULE,
    &subchart_duplicate::RULE,
    &chart_yaml_unknown_key::RULE,
    &chart_name_required::RULE,
    &chart_name_invalid::RULE,
    &chart_api_version_required::RULE,
    &chart_api_version_invalid::RULE,
    &chart_version_type::RULE,
    &chart_version_required::RULE,
    &chart_version_invalid::RULE,
    &chart_app_version_type::RULE,
    &chart_maintainer_invalid::RULE,
    &chart_source_invalid::RULE,
    &chart_icon_missing::RULE,
    &chart_icon_invalid::RULE,
    &chart_type_v1::RULE,
    &chart_type_invalid::RULE,
    &chart_dependencies_v1::RULE,
    &chart_version_not_strict::RULE,
    &chart_kube_version_invalid::RULE,
    &dependency_missing_in_charts_dir::RULE,
    &dependency_missing_in_metadata::RULE,
    &dependency_duplicate::RULE,
    &dependency_alias_invalid::RULE,
    &dependency_null::RULE,
    &dependency_name_missing::RULE,
    &dependency_version_invalid::RULE,
    &dependency_version_mismatch::RULE,
    &dependency_repository_invalid::RULE,
    &dependency_condition_unknown::RULE,
    &dependency_import_values_invalid::RULE,
    &requirements_in_v2::RULE,
    &lock_out_of_sync::RULE,
    &values_file_missing::RULE,
    &templates_dir_missing::RULE,
    &crate::rendered::template_extension_invalid::RULE,
    &crate::rendered::manifest_indent::RULE,
    &crate::rendered::manifest_yaml_invalid::RULE,
    &crate::rendered::object_name_invalid::RULE,
    &crate::rendered::api_version_deprecated::RULE,
    &crate::rendered::workload_selector_missing::RULE,
    &crate::rendered::list_resource_policy::RULE,
    &crate::rendered::crd_yaml_invalid::RULE,
    &crate::rendered::crd_api_version_invalid::RULE,
    &crate::rendered::crd_kind_invalid::RULE,
    &crate::external::values_invalid::RULE,
    &crate::external::template_render_failed::RULE,
    &crate::external::ci_profile_failed::RULE,
    &crate::external::values_undefined::RULE,
    &crate::external::values_unused::RULE,
];

/// Runs every rule that checks something (loader problems are reported by the loader).
pub(crate) fn run(cx: &Context, out: &mut Vec<Finding>) {
    chart_yaml_is_directory::check(cx, out);
    chart_yaml_unknown_key::check(cx, out);
    chart_name_required::check(cx, out);
    chart_name_invalid::check(cx, out);
    chart_api_version_required::check(cx, out);
    chart_api_version_invalid::check(cx, out);
    chart_version_type::check(cx, out);
    chart_version_required::check(cx, out);
    chart_version_invalid::check(cx, out);
    chart_app_version_type::check(cx, out);
    chart_maintainer_invalid::check(cx, out);
    chart_source_invalid::check(cx, out);
    chart_icon_missing::check(cx, out);
    chart_icon_invalid::check(cx, out);
    chart_type_v1::check(cx, out);
    chart_type_invalid::check(cx, out);
    chart_dependencies_v1::check(cx, out);
    chart_version_not_strict::check(cx, out);
    chart_kube_version_invalid::check(cx, out);
    values_file_missing::check(cx, out);
    templates_dir_missing::check(cx, out);
    dependency_missing_in_charts_dir::check(cx, out);
    dependency_missing_in_metadata::check(cx, out);
    subchart_duplicate::check(cx, out);
    dependency_duplicate::check(cx, out);
    dependency_alias_invalid::check(cx, out);
    dependency_null::check(cx, out);
    dependency_name_missing::check(cx, out);
    dependency_version_invalid::check(cx, out);
    dependency_version_mismatch::check(cx, out);
    dependency_repository_invalid::check(cx, out);
    dependency_condition_unknown::check(cx, out);
    dependency_import_values_invalid::check(cx, out);
    requirements_in_v2::check(cx, out);
    lock_out_of_sync::check(cx, out);
    out.extend(crate::rendered::check_crds(cx.chart));
}

use cw_base::TextRange;
use cw_chart::{Spanned, StrField};

use crate::ChartFile;

/// The name Helm prints for Chart.yaml findings.
pub(crate) const CHART_YAML: &str = "Chart.yaml";

/// Chart.yaml when it parsed: Helm skips its other Chart.yaml checks after `unable to parse YAML`.
pub(crate) fn parsed_chart_file<'a>(cx: &'a Context) -> Option<&'a ChartFile> {
    cx.chart_file.as_ref().filter(|cf| cf.parsed)
}

/// Where to point for a string field: the value, or the key and value when the value is empty.
pub(crate) fn field_range(f: &StrField) -> Option<TextRange> {
    f.as_ref().map(|s| {
        if s.value.is_empty() {
            s.key_range.cover(s.range)
        } else {
            s.range
        }
    })
}

/// The file the chart's dependency list was read from.
pub(crate) fn deps_file(cx: &Context) -> &'static str {
    cx.chart
        .metadata
        .dependencies_source
        .map_or(CHART_YAML, |s| s.file_name())
}

/// Go's `%q` for the strings Helm quotes in messages.
pub(crate) fn go_quote(s: &str) -> String {
    cw_yaml::go_quote(s)
}

/// Maps a range inside a string value (as the program sees it) to the file, when the value is
/// written plainly or in simple quotes; otherwise the whole value.
pub(crate) fn range_within(text: &str, value: &Spanned<String>, inner: TextRange) -> TextRange {
    let whole = value.range;
    let Some(src) = text.get(whole.to_usize()) else {
        return whole;
    };
    let offset = if src == value.value {
        0
    } else if src.len() == value.value.len() + 2
        && (src.starts_with('"') || src.starts_with('\''))
        && src[1..src.len() - 1] == value.value
    {
        1
    } else {
        return whole;
    };
    let r = inner.shifted(whole.start() + offset);
    if whole.contains_range(r) {
        r
    } else {
        whole
    }
}

/// Helm's check that a Chart.yaml `key` holds a string (`KEY should be of type string but it's
/// of type float64`): the finding sits on the value, or on the key when the value is empty.
pub(crate) fn check_string_field(
    cx: &Context,
    key: &str,
    rule: &'static Rule,
    out: &mut Vec<Finding>,
) {
    let Some(cf) = parsed_chart_file(cx) else {
        return;
    };
    let Some(entry) = cf.entry(key) else {
        return;
    };
    if entry.value.as_str().is_none() {
        let range = if matches!(entry.value.value, cw_yaml::Value::Null) {
            entry.key_range
        } else {
            entry.value.range
        };
        out.push(rule.finding(
            CHART_YAML,
            Some(range),
            format!(
                "{key} should be of type string but it's of type {}",
                entry.value.go_type_name()
            ),
        ));
    }
}
