//! The `chartwright` settings section (initializationOptions, workspace/configuration,
//! didChangeConfiguration) read into [`cw_ide::Config`].

use std::path::PathBuf;

use serde::Deserialize;
use serde_json::Value;

/// The settings as an editor sends them (camelCase; every key optional).
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Settings {
    values_files: Option<Vec<String>>,
    kube_version: Option<String>,
    api_versions: Option<Vec<String>>,
    release_name: Option<String>,
    namespace: Option<String>,
    crd_paths: Option<Vec<PathBuf>>,
    diagnostics: DiagnosticsSettings,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct DiagnosticsSettings {
    scope: Option<DiagnosticsScope>,
    enable: Option<bool>,
    render: Option<bool>,
    rendered_yaml: Option<bool>,
    lint: Option<bool>,
    undefined_values: Option<bool>,
    unused_values: Option<bool>,
}

/// Which charts get diagnostics (`diagnostics.scope`); a concern of the language server only,
/// the analysis is the same either way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum DiagnosticsScope {
    /// Every chart under the workspace folders: the charts with an open document first, the
    /// others in the background while the editor is idle (a monorepo's problems show up in
    /// the problems list without opening each chart, as rust-analyzer's check does).
    #[default]
    Workspace,
    /// Only the charts with an open document (pyright's `openFilesOnly`): closing the last
    /// document of a chart clears its diagnostics.
    OpenCharts,
}

/// The `chartwright` section of a settings object: `{"chartwright": {...}}` or the section
/// itself (initializationOptions are usually the section; didChangeConfiguration's `settings`
/// the whole tree).
pub fn section(value: &Value) -> Option<&Value> {
    match value {
        Value::Object(m) if m.contains_key("chartwright") => m.get("chartwright"),
        Value::Object(_) => Some(value),
        _ => None,
    }
}

/// The `diagnostics.scope` of a settings section (the default when absent).
pub fn scope(section: &Value) -> Result<DiagnosticsScope, String> {
    if section.is_null() {
        return Ok(DiagnosticsScope::default());
    }
    let s = Settings::deserialize(section).map_err(|e| format!("chartwright settings: {e}"))?;
    Ok(s.diagnostics.scope.unwrap_or_default())
}

/// Reads a settings section into a configuration: keys that are absent keep chartwright's
/// defaults. An ill-typed section is an error (the caller keeps the settings it had).
pub fn parse(section: &Value) -> Result<cw_ide::Config, String> {
    let s: Settings = if section.is_null() {
        Settings::default()
    } else {
        Settings::deserialize(section).map_err(|e| format!("chartwright settings: {e}"))?
    };
    let mut c = cw_ide::Config::default();
    if let Some(v) = s.values_files {
        c.value_files = v;
    }
    // An empty kubeVersion (the usual "unset" in editor settings UIs) means Helm's default.
    c.kube_version = s.kube_version.filter(|k| !k.trim().is_empty());
    if let Some(v) = s.api_versions {
        c.api_versions = v;
    }
    if let Some(v) = s.release_name.filter(|v| !v.is_empty()) {
        c.release_name = v;
    }
    if let Some(v) = s.namespace.filter(|v| !v.is_empty()) {
        c.namespace = v;
    }
    if let Some(v) = s.crd_paths {
        c.crd_paths = v;
    }
    let d = &mut c.diagnostics;
    let ds = s.diagnostics;
    d.enable = ds.enable.unwrap_or(d.enable);
    d.render = ds.render.unwrap_or(d.render);
    d.rendered_yaml = ds.rendered_yaml.unwrap_or(d.rendered_yaml);
    d.lint = ds.lint.unwrap_or(d.lint);
    d.undefined_values = ds.undefined_values.unwrap_or(d.undefined_values);
    d.unused_values = ds.unused_values.unwrap_or(d.unused_values);
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_setting_is_read() {
        let v = json!({"chartwright": {
            "valuesFiles": ["ci/*.yaml"],
            "kubeVersion": "1.29.0",
            "apiVersions": ["monitoring.coreos.com/v1"],
            "releaseName": "rel",
            "namespace": "ns",
            "crdPaths": ["crds"],
            "diagnostics": {"enable": true, "render": false, "renderedYaml": false, "lint": false,
                            "undefinedValues": false, "unusedValues": false}
        }});
        let c = parse(section(&v).unwrap()).unwrap();
        assert_eq!(scope(section(&v).unwrap()), Ok(DiagnosticsScope::Workspace));
        assert_eq!(c.value_files, vec!["ci/*.yaml".to_string()]);
        assert_eq!(c.kube_version.as_deref(), Some("1.29.0"));
        assert_eq!(c.api_versions, vec!["monitoring.coreos.com/v1".to_string()]);
        assert_eq!(
            (c.release_name.as_str(), c.namespace.as_str()),
            ("rel", "ns")
        );
        assert_eq!(c.crd_paths, vec![PathBuf::from("crds")]);
        let d = &c.diagnostics;
        assert!(d.enable);
        assert!(!d.render && !d.rendered_yaml && !d.lint);
        assert!(!d.undefined_values && !d.unused_values);
    }

    #[test]
    fn absent_keys_keep_defaults_and_bad_types_are_errors() {
        let c = parse(&json!({"valuesFiles": ["a.yaml"], "kubeVersion": ""})).unwrap();
        assert_eq!(c.value_files, vec!["a.yaml".to_string()]);
        assert_eq!(c.kube_version, None);
        assert_eq!(c.release_name, cw_ide::Config::default().release_name);
        assert_eq!(c.diagnostics, cw_ide::DiagnosticsConfig::default());
        assert_eq!(parse(&Value::Null).unwrap(), cw_ide::Config::default());
        assert_eq!(scope(&Value::Null), Ok(DiagnosticsScope::Workspace));
        assert_eq!(
            scope(&json!({"diagnostics": {"scope": "openCharts"}})),
            Ok(DiagnosticsScope::OpenCharts)
        );
        assert!(scope(&json!({"diagnostics": {"scope": "everything"}})).is_err());
        let err = parse(&json!({"valuesFiles": "a.yaml"})).unwrap_err();
        assert!(
            err.contains("valuesFiles") || err.contains("sequence"),
            "{err}"
        );
    }
}
