//! Helm's built-in objects that are Go structs or named types rather than plain maps:
//! `.Capabilities` (`*common.Capabilities` with `KubeVersion`, `APIVersions`, `HelmVersion`)
//! and `.Files` (`engine.files`, files.go).

use std::collections::BTreeMap;
use std::sync::Arc;

use cw_template::{Elem, Function, Object, Param, Repr, Signature, Value};
use cw_yaml::GoValue;

use crate::capabilities::{Capabilities, HelmVersion, KubeVersion};
use crate::glob::Glob;

/// `.Capabilities`.
pub struct CapabilitiesObject(pub Arc<Capabilities>);

impl Object for CapabilitiesObject {
    fn type_name(&self) -> String {
        "*common.Capabilities".into()
    }
    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "KubeVersion" => Value::object(KubeVersionObject(self.0.kube_version.clone())),
            "APIVersions" => Value::object(VersionSetObject(Arc::new(self.0.api_versions.clone()))),
            "HelmVersion" => Value::object(HelmVersionObject(self.0.helm_version.clone())),
            _ => return None,
        })
    }
    fn repr(&self) -> Repr {
        Repr::Struct {
            pointer: true,
            fields: ["KubeVersion", "APIVersions", "HelmVersion"]
                .iter()
                .map(|f| (f.to_string(), self.field(f).unwrap_or(Value::Nil)))
                .collect(),
        }
    }
}

/// `.Capabilities.KubeVersion` (`common.KubeVersion`). Its `String` method (the version
/// without a suffix, `v1.29.3` for `--kube-version 1.29.3-gke.1`) has a pointer receiver:
/// `{{ .Capabilities.KubeVersion }}` prints with it, but a function or `printf` sees the struct,
/// `{v1.29.3-gke.1 v1.29.3 1 29}` (fields `Version`, unexported `normalizedVersion`, `Major`,
/// `Minor`).
pub struct KubeVersionObject(pub KubeVersion);

impl Object for KubeVersionObject {
    fn type_name(&self) -> String {
        "common.KubeVersion".into()
    }
    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "Version" => Value::str(&self.0.version),
            "Major" => Value::str(&self.0.major),
            "Minor" => Value::str(&self.0.minor),
            _ => return None,
        })
    }
    fn method(&self, name: &str) -> Option<Function> {
        let s = match name {
            "GitVersion" => self.0.version.clone(),
            "String" => self.0.normalized(),
            _ => return None,
        };
        Some(Function::new(Signature::fixed(0), move |_, _| {
            Ok(Value::str(&s))
        }))
    }
    fn repr(&self) -> Repr {
        let k = &self.0;
        Repr::Struct {
            pointer: false,
            fields: vec![
                ("Version".into(), Value::str(&k.version)),
                ("normalizedVersion".into(), Value::string(k.normalized())),
                ("Major".into(), Value::str(&k.major)),
                ("Minor".into(), Value::str(&k.minor)),
            ],
        }
    }
    fn pointer_string(&self) -> Option<String> {
        Some(self.0.normalized())
    }
}

/// `.Capabilities.APIVersions` (`common.VersionSet`, a `[]string` with a `Has` method).
pub struct VersionSetObject(pub Arc<Vec<String>>);

impl VersionSetObject {
    fn as_list(&self) -> Value {
        Value::List(Arc::new(cw_template::List {
            elem: Elem::String,
            name: Some(Arc::from("common.VersionSet")),
            items: self.0.iter().map(|s| Value::str(s)).collect(),
            nil: false,
        }))
    }
}

impl Object for VersionSetObject {
    fn type_name(&self) -> String {
        "common.VersionSet".into()
    }
    fn field(&self, _name: &str) -> Option<Value> {
        None
    }
    fn method(&self, name: &str) -> Option<Function> {
        if name != "Has" {
            return None;
        }
        let set = self.0.clone();
        Some(Function::new(
            Signature::typed(&[Param::String], None),
            move |_, args| {
                let want = args.first().and_then(|a| a.as_str()).unwrap_or("");
                Ok(Value::Bool(set.iter().any(|v| v == want)))
            },
        ))
    }
    fn repr(&self) -> Repr {
        Repr::Value(self.as_list())
    }
    fn truth(&self) -> bool {
        !self.0.is_empty()
    }
    fn len(&self) -> Option<usize> {
        Some(self.0.len())
    }
    fn range(&self) -> Option<Vec<(Value, Value)>> {
        Some(
            self.0
                .iter()
                .enumerate()
                .map(|(i, v)| (Value::Int(i as i64), Value::str(v)))
                .collect(),
        )
    }
}

/// `.Capabilities.HelmVersion` (`version.BuildInfo`).
pub struct HelmVersionObject(pub HelmVersion);

impl Object for HelmVersionObject {
    fn type_name(&self) -> String {
        "version.BuildInfo".into()
    }
    fn field(&self, name: &str) -> Option<Value> {
        let h = &self.0;
        Some(Value::str(match name {
            "Version" => &h.version,
            "GitCommit" => &h.git_commit,
            "GitTreeState" => &h.git_tree_state,
            "GoVersion" => &h.go_version,
            "KubeClientVersion" => &h.kube_client_version,
            _ => return None,
        }))
    }
    fn repr(&self) -> Repr {
        Repr::Struct {
            pointer: false,
            fields: [
                "Version",
                "GitCommit",
                "GitTreeState",
                "GoVersion",
                "KubeClientVersion",
            ]
            .iter()
            .map(|f| (f.to_string(), self.field(f).unwrap_or(Value::Nil)))
            .collect(),
        }
    }
    /// `json:"version,omitempty"` and the like on every field.
    fn json_fields(&self) -> Option<Vec<(String, Value)>> {
        let h = &self.0;
        Some(
            [
                ("version", &h.version),
                ("git_commit", &h.git_commit),
                ("git_tree_state", &h.git_tree_state),
                ("go_version", &h.go_version),
                ("kube_client_version", &h.kube_client_version),
            ]
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k.to_string(), Value::str(v)))
            .collect(),
        )
    }
}

/// `.Files`: the chart's non-template files by path (Helm's `engine.files`, a
/// `map[string][]byte` with methods). Only holds files the loader kept (`.helmignore` applied),
/// so templates can never read outside the chart.
#[derive(Clone, Default)]
pub struct FilesObject {
    pub files: Arc<BTreeMap<String, Arc<[u8]>>>,
}

impl FilesObject {
    pub fn new(files: impl IntoIterator<Item = (String, Vec<u8>)>) -> FilesObject {
        FilesObject {
            files: Arc::new(
                files
                    .into_iter()
                    .map(|(k, v)| (k, Arc::from(v.into_boxed_slice())))
                    .collect(),
            ),
        }
    }

    /// `GetBytes`: the file's bytes, empty when absent.
    pub fn get_bytes(&self, name: &str) -> Arc<[u8]> {
        self.files
            .get(name)
            .cloned()
            .unwrap_or_else(|| Arc::from(Vec::new().into_boxed_slice()))
    }

    /// `Glob`: the files whose path matches the gobwas pattern.
    pub fn glob(&self, pattern: &str) -> FilesObject {
        let g = Glob::compile_or_all(pattern);
        FilesObject {
            files: Arc::new(
                self.files
                    .iter()
                    .filter(|(k, _)| g.is_match(k))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            ),
        }
    }

    fn base_map(&self, f: impl Fn(&[u8]) -> String) -> String {
        let mut m: BTreeMap<String, String> = BTreeMap::new();
        for (k, v) in self.files.iter() {
            let base = match k.rsplit_once('/') {
                Some((_, b)) => b,
                None => k.as_str(),
            };
            m.insert(base.to_string(), f(v));
        }
        cw_yaml::to_yaml(&GoValue::Map(
            m.into_iter()
                .map(|(k, v)| (k, GoValue::String(v)))
                .collect(),
        ))
    }

    /// `AsConfig`: base names to contents, as YAML (for a ConfigMap's `data`).
    pub fn as_config(&self) -> String {
        self.base_map(|v| String::from_utf8_lossy(v).into_owned())
    }

    /// `AsSecrets`: base names to base64 contents, as YAML (for a Secret's `data`).
    pub fn as_secrets(&self) -> String {
        self.base_map(crate::convert::base64_std)
    }

    /// `Lines`: the file split on newlines (one final newline dropped).
    pub fn lines(&self, name: &str) -> Vec<String> {
        let Some(data) = self.files.get(name) else {
            return Vec::new();
        };
        let mut s = cw_template::gostr::from_go_bytes(data);
        if s.is_empty() {
            return Vec::new();
        }
        if s.ends_with('\n') {
            s.pop();
        }
        s.split('\n').map(str::to_string).collect()
    }
}

fn string_arg(args: &[Value]) -> String {
    args.first()
        .and_then(|a| a.as_str())
        .unwrap_or("")
        .to_string()
}

impl Object for FilesObject {
    fn type_name(&self) -> String {
        "engine.files".into()
    }
    fn field(&self, name: &str) -> Option<Value> {
        self.files.get(name).map(|v| Value::Bytes(v.clone()))
    }
    fn method(&self, name: &str) -> Option<Function> {
        let me = self.clone();
        let one = Signature::typed(&[Param::String], None);
        let f: Function = match name {
            "Get" => Function::new(one, move |_, a| {
                Ok(Value::string(cw_template::gostr::from_go_bytes(
                    &me.get_bytes(&string_arg(&a)),
                )))
            }),
            "GetBytes" => Function::new(one, move |_, a| {
                Ok(Value::Bytes(me.get_bytes(&string_arg(&a))))
            }),
            "Glob" => Function::new(one, move |_, a| Ok(Value::object(me.glob(&string_arg(&a))))),
            "Lines" => Function::new(one, move |_, a| {
                Ok(Value::typed_list(
                    Elem::String,
                    me.lines(&string_arg(&a))
                        .into_iter()
                        .map(Value::string)
                        .collect(),
                ))
            }),
            "AsConfig" => Function::new(Signature::fixed(0), move |_, _| {
                Ok(Value::string(me.as_config()))
            }),
            "AsSecrets" => Function::new(Signature::fixed(0), move |_, _| {
                Ok(Value::string(me.as_secrets()))
            }),
            _ => return None,
        };
        Some(f)
    }
    fn repr(&self) -> Repr {
        Repr::Value(Value::typed_map(
            Some("engine.files"),
            Elem::Any,
            self.files
                .iter()
                .map(|(k, v)| (k.clone(), Value::Bytes(v.clone())))
                .collect(),
        ))
    }
    fn truth(&self) -> bool {
        !self.files.is_empty()
    }
    fn len(&self) -> Option<usize> {
        Some(self.files.len())
    }
    fn range(&self) -> Option<Vec<(Value, Value)>> {
        Some(
            self.files
                .iter()
                .map(|(k, v)| (Value::str(k), Value::Bytes(v.clone())))
                .collect(),
        )
    }
    fn is_map(&self) -> bool {
        true
    }
}
