//! Helm's own template functions (pkg/engine/funcs.go and the late-bound ones of engine.go):
//! `toYaml`, `fromYaml`, `toJson`, `include`, `tpl`, `required`, `fail`, `lookup`,
//! `getHostByName`…, each with a doc entry, on top of the Sprig map.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use cw_sprig::FuncDoc;
use cw_template::{FuncError, FuncMap, Function, Param, Signature, Value};

use crate::convert::{node_to_value, value_to_go};

/// Helm's `recursionMaxNums`: how deep one name may be `include`d within itself.
pub const INCLUDE_MAX_DEPTH: usize = 1000;

/// Marks the message of `required`/`fail` so the error reads `execution error at (...): msg`.
pub const HELM_ERR_START: &str = "HELM_ERR_START";
pub const HELM_ERR_END: &str = "HELM_ERR_END";

/// The cluster behind `lookup`. Without one, `lookup` returns an empty map (as `helm template`
/// does).
pub trait LookupProvider: Send + Sync {
    /// The object (a map), or a list object for an empty `name`, or an empty map when absent.
    /// The error is the text Helm would wrap.
    fn lookup(
        &self,
        api_version: &str,
        kind: &str,
        namespace: &str,
        name: &str,
    ) -> Result<Value, String>;
}

/// Per-render state the late-bound functions share.
#[derive(Default)]
pub(crate) struct RenderState {
    /// Helm's `includedNames`: current nesting of each `include`d name.
    included: Mutex<HashMap<String, usize>>,
    /// Lint-mode notes (`[INFO] Missing required value: ...`, `[INFO] Fail: ...`).
    pub(crate) notes: Mutex<Vec<String>>,
}

/// Options that change the function map.
#[derive(Clone, Default)]
pub struct FuncOptions {
    /// Helm's lint mode: `required` and `fail` log and return `""` instead of failing.
    pub lint_mode: bool,
    pub lookup: Option<Arc<dyn LookupProvider>>,
}

fn s_arg(args: &[Value], i: usize) -> String {
    args.get(i)
        .and_then(|a| a.as_str())
        .unwrap_or("")
        .to_string()
}

/// go-yaml via sigs.k8s.io/yaml `Marshal` (JSON first), the final newline trimmed.
fn try_to_yaml(v: &Value) -> Result<String, String> {
    cw_yaml::try_to_yaml(&value_to_go(v)?)
}

/// The first YAML document of `text` decoded as sigs.k8s.io/yaml `Unmarshal` does (or its
/// error text).
fn yaml_unmarshal(text: &str) -> Result<Value, String> {
    let docs = cw_yaml::load_documents(text);
    let Some(first) = docs.first() else {
        return Ok(Value::Nil);
    };
    if let Some(e) = first.first_error() {
        return Err(if e.message.starts_with("error") {
            e.message.clone()
        } else {
            format!("error converting YAML to JSON: {}", e.message)
        });
    }
    Ok(first.root.as_ref().map(node_to_value).unwrap_or(Value::Nil))
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Nil => "null",
        Value::Bool(_) => "bool",
        Value::String(_) => "string",
        Value::List(_) => "array",
        Value::Map(_) => "object",
        _ => "number",
    }
}

/// Go's `json.Unmarshal` into `interface{}` (see [`crate::json`]): the value, or the error
/// text; a saved decoding error (Go goes on after it) comes with the value.
fn json_unmarshal(text: &str) -> Result<(Value, Option<String>), String> {
    crate::json::unmarshal(text.as_bytes()).map(|d| (d.value, d.error))
}

/// Helm's `fromJson`: `json.Unmarshal` into a fresh map; its error under `Error`.
fn from_json(text: &str) -> Value {
    match json_unmarshal(text) {
        Ok((Value::Map(m), saved)) => {
            if let Some(e) = saved {
                m.insert("Error", Value::string(e));
            }
            Value::Map(m)
        }
        Ok((Value::Nil, _)) => Value::map(BTreeMap::new()),
        Ok((other, _)) => into_map(Ok(other), ""),
        Err(e) => into_map(Err(e), ""),
    }
}

/// Helm's `fromJsonArray`: `json.Unmarshal` into a list; on error a list of the error alone.
fn from_json_array(text: &str) -> Value {
    match json_unmarshal(text) {
        Ok((_, Some(e))) => Value::list(vec![Value::string(e)]),
        Ok((v, None)) => into_list(Ok(v), ""),
        Err(e) => into_list(Err(e), ""),
    }
}

fn into_map(r: Result<Value, String>, prefix: &str) -> Value {
    match r {
        Ok(Value::Map(m)) => Value::Map(m),
        Ok(Value::Nil) => Value::map(BTreeMap::new()),
        Ok(other) => Value::map_from([(
            "Error",
            Value::string(format!(
                "{prefix}json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
                json_kind(&other)
            )),
        )]),
        Err(e) => Value::map_from([("Error", Value::string(e))]),
    }
}

fn into_list(r: Result<Value, String>, prefix: &str) -> Value {
    match r {
        Ok(Value::List(l)) => Value::List(l),
        Ok(Value::Nil) => Value::list(Vec::new()),
        Ok(other) => Value::list(vec![Value::string(format!(
            "{prefix}json: cannot unmarshal {} into Go value of type []interface {{}}",
            json_kind(&other)
        ))]),
        Err(e) => Value::list(vec![Value::string(e)]),
    }
}

const YAML_PREFIX: &str = "error unmarshaling JSON: while decoding JSON: ";

/// Helm's static additions to Sprig (funcs.go), without the late-bound ones.
pub(crate) fn add_static(m: &mut FuncMap) {
    let one = || Signature::fixed(1);
    let s1 = || Signature::typed(&[Param::String], None);
    m.add("toYaml", one(), |_, a| {
        if cw_template::limit::value_too_big(&a[0]) {
            return Ok(Value::Nil);
        }
        Ok(Value::string(try_to_yaml(&a[0]).unwrap_or_default()))
    });
    m.add("mustToYaml", one(), |_, a| {
        if cw_template::limit::value_too_big(&a[0]) {
            return Ok(Value::Nil);
        }
        try_to_yaml(&a[0])
            .map(Value::string)
            .map_err(FuncError::msg)
    });
    m.add("toYamlPretty", one(), |_, a| {
        if cw_template::limit::value_too_big(&a[0]) {
            return Ok(Value::Nil);
        }
        Ok(Value::string(
            crate::convert::value_to_go_yaml_v3(&a[0])
                .ok()
                .map(|g| cw_yaml::to_yaml_pretty(&g))
                .unwrap_or_default(),
        ))
    });
    m.add("fromYaml", s1(), |_, a| {
        Ok(into_map(yaml_unmarshal(&s_arg(&a, 0)), YAML_PREFIX))
    });
    m.add("fromYamlArray", s1(), |_, a| {
        Ok(into_list(yaml_unmarshal(&s_arg(&a, 0)), YAML_PREFIX))
    });
    m.add("toJson", one(), |_, a| {
        if cw_template::limit::value_too_big(&a[0]) {
            return Ok(Value::Nil);
        }
        Ok(Value::string(
            value_to_go(&a[0])
                .and_then(|g| cw_yaml::try_go_json_marshal(&g))
                .unwrap_or_default(),
        ))
    });
    m.add("mustToJson", one(), |_, a| {
        if cw_template::limit::value_too_big(&a[0]) {
            return Ok(Value::Nil);
        }
        value_to_go(&a[0])
            .and_then(|g| cw_yaml::try_go_json_marshal(&g))
            .map(Value::string)
            .map_err(FuncError::msg)
    });
    m.add("fromJson", s1(), |_, a| Ok(from_json(&s_arg(&a, 0))));
    m.add("fromJsonArray", s1(), |_, a| {
        Ok(from_json_array(&s_arg(&a, 0)))
    });
    // `toToml nil` is a Go panic inside the encoder, which text/template reports as the
    // function's error; encoding errors are the output text.
    m.add("toToml", one(), |_, a| {
        if cw_template::limit::value_too_big(&a[0]) {
            return Ok(Value::Nil);
        }
        crate::toml::to_toml_checked(&a[0])
            .map(Value::string)
            .map_err(FuncError::msg)
    });
    m.add("fromToml", s1(), |_, a| {
        Ok(crate::toml::from_toml(&s_arg(&a, 0)))
    });
    m.add(
        "getHostByName",
        Signature::typed(&[Param::String], None),
        |_, _| Ok(Value::str("")),
    );
}

/// Wraps a message as `required`/`fail` do.
fn warn_wrap(msg: &str) -> FuncError {
    FuncError::msg(format!("{HELM_ERR_START}{msg}{HELM_ERR_END}"))
}

/// The complete function map of one render: Sprig, Helm's functions, and `include`/`tpl`/
/// `required`/`fail`/`lookup` bound to this render's state.
pub(crate) fn render_funcs(opts: &FuncOptions, state: Arc<RenderState>) -> FuncMap {
    let mut m = cw_sprig::funcs();
    add_static(&mut m);

    let st = state.clone();
    m.insert(
        "include",
        Function::new(
            Signature::typed(&[Param::String, Param::Any], None),
            move |ctx, a| {
                let name = s_arg(&a, 0);
                {
                    let mut inc = st.included.lock().unwrap_or_else(|e| e.into_inner());
                    let n = inc.entry(name.clone()).or_insert(0);
                    if *n > INCLUDE_MAX_DEPTH {
                        return Err(FuncError::msg(format!(
                            "rendering template has a nested reference name: {name}: unable to execute template"
                        )));
                    }
                    *n += 1;
                }
                let data = a.get(1).cloned().unwrap_or(Value::Nil);
                let r = ctx.execute_template(&name, data);
                {
                    let mut inc = st.included.lock().unwrap_or_else(|e| e.into_inner());
                    if let Some(n) = inc.get_mut(&name) {
                        *n = n.saturating_sub(1);
                    }
                }
                r.map(Value::string).map_err(FuncError::from)
            },
        ),
    );

    m.insert(
        "tpl",
        Function::new(
            Signature::typed(&[Param::String, Param::Any], None),
            move |ctx, a| {
                let text = s_arg(&a, 0);
                let vals = a.get(1).cloned().unwrap_or(Value::Nil);
                let mut set = ctx.template_set().clone();
                let parse = set.parse_and_add(crate::render::TPL_NAME, &text);
                if let Some(e) = parse.first_error() {
                    return Err(FuncError::msg(format!(
                        "cannot parse template {}: {}",
                        cw_yaml::go_quote(&text),
                        e.go_text()
                    )));
                }
                // Go executes the new template itself: when its tree is empty (whitespace and
                // comments) it does not replace an existing `gotpl` in the set (a tpl inside a
                // tpl), but its own text is still what it prints.
                let main = parse.main();
                if main.root.nodes.iter().all(|n| {
                    matches!(n, cw_syntax::Node::Comment(_))
                        || matches!(n, cw_syntax::Node::Text(t) if t.text.trim().is_empty())
                }) {
                    let ws: String = main
                        .root
                        .nodes
                        .iter()
                        .filter_map(|n| match n {
                            cw_syntax::Node::Text(t) => Some(t.text.as_str()),
                            _ => None,
                        })
                        .collect();
                    return Ok(Value::string(ws));
                }
                match ctx.execute_in(&set, crate::render::TPL_NAME, vals) {
                    Ok(s) => Ok(Value::string(s.replace("<no value>", ""))),
                    Err(e) => match e.kind {
                        cw_template::ExecErrorKind::Budget(_) => Err(FuncError::from(e)),
                        _ => Err(FuncError::msg(format!(
                            "error during tpl function execution for {}: {}",
                            cw_yaml::go_quote(&text),
                            e.message
                        ))),
                    },
                }
            },
        )
        .returning_interface(),
    );

    let lint = opts.lint_mode;
    let st = state.clone();
    m.insert(
        "required",
        Function::new(
            Signature::typed(&[Param::String, Param::Any], None),
            move |_, a| {
                let warn = s_arg(&a, 0);
                let val = a.get(1).cloned().unwrap_or(Value::Nil);
                let missing = match &val {
                    Value::Nil => true,
                    Value::String(s) => s.is_empty(),
                    _ => false,
                };
                if !missing {
                    return Ok(val);
                }
                if lint {
                    st.notes
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(format!("[INFO] Missing required value: {warn}"));
                    return Ok(Value::str(""));
                }
                Err(warn_wrap(&warn))
            },
        )
        .returning_interface(),
    );

    let st = state;
    m.insert(
        "fail",
        Function::new(Signature::typed(&[Param::String], None), move |_, a| {
            let msg = s_arg(&a, 0);
            if lint {
                st.notes
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(format!("[INFO] Fail: {msg}"));
                return Ok(Value::str(""));
            }
            Err(warn_wrap(&msg))
        }),
    );

    let provider = if lint { None } else { opts.lookup.clone() };
    m.insert(
        "lookup",
        Function::new(
            Signature::typed(
                &[Param::String, Param::String, Param::String, Param::String],
                None,
            ),
            move |_, a| match &provider {
                None => Ok(Value::map(BTreeMap::new())),
                Some(p) => p
                    .lookup(&s_arg(&a, 0), &s_arg(&a, 1), &s_arg(&a, 2), &s_arg(&a, 3))
                    .map_err(FuncError::msg),
            },
        ),
    );
    m
}

/// Docs of Helm's own functions (the Sprig ones come from `cw_sprig::registry`).
pub const HELM_FUNC_DOCS: &[FuncDoc] = &[
    FuncDoc {
        name: "toYaml",
        signature: "toYaml(v interface{}) string",
        summary: "Encodes a value as YAML (through JSON, as sigs.k8s.io/yaml does), without the final newline; errors give an empty string.",
        example: "{{ toYaml .Values.resources | nindent 12 }}",
    },
    FuncDoc {
        name: "mustToYaml",
        signature: "mustToYaml(v interface{}) (string, error)",
        summary: "Like toYaml, but fails the render when the value cannot be encoded.",
        example: "{{ mustToYaml .Values.config }}",
    },
    FuncDoc {
        name: "toYamlPretty",
        signature: "toYamlPretty(v interface{}) string",
        summary: "Encodes a value as YAML with go-yaml v3 (lists indented under their key, no JSON round trip).",
        example: "{{ toYamlPretty (dict \"l\" (list 1 2)) }} → l:\\n  - 1\\n  - 2",
    },
    FuncDoc {
        name: "fromYaml",
        signature: "fromYaml(str string) map[string]interface{}",
        summary: "Decodes a YAML document into a map; on error the map holds the message under `Error`.",
        example: "{{ (fromYaml \"a: 1\").a }} → 1",
    },
    FuncDoc {
        name: "fromYamlArray",
        signature: "fromYamlArray(str string) []interface{}",
        summary: "Decodes a YAML list; on error the list holds the message.",
        example: "{{ fromYamlArray \"[a, b]\" }} → [a b]",
    },
    FuncDoc {
        name: "toJson",
        signature: "toJson(v interface{}) string",
        summary: "Encodes a value as JSON (Go's json.Marshal: sorted keys, HTML-safe escapes); errors give an empty string.",
        example: "{{ toJson (dict \"a\" 1) }} → {\"a\":1}",
    },
    FuncDoc {
        name: "mustToJson",
        signature: "mustToJson(v interface{}) (string, error)",
        summary: "Like toJson, but fails the render when the value cannot be encoded.",
        example: "{{ mustToJson .Values.config }}",
    },
    FuncDoc {
        name: "fromJson",
        signature: "fromJson(str string) map[string]interface{}",
        summary: "Decodes a JSON object; on error the map holds the message under `Error`.",
        example: "{{ (fromJson \"{\\\"a\\\":1}\").a }} → 1",
    },
    FuncDoc {
        name: "fromJsonArray",
        signature: "fromJsonArray(str string) []interface{}",
        summary: "Decodes a JSON array; on error the list holds the message.",
        example: "{{ fromJsonArray \"[1,2]\" }} → [1 2]",
    },
    FuncDoc {
        name: "toToml",
        signature: "toToml(v interface{}) string",
        summary: "Encodes a value as TOML (BurntSushi/toml); on error returns the error text.",
        example: "{{ toToml (dict \"a\" 1) }} → a = 1",
    },
    FuncDoc {
        name: "fromToml",
        signature: "fromToml(str string) map[string]interface{}",
        summary: "Decodes a TOML document into a map; on error the map holds the message under `Error`.",
        example: "{{ (fromToml \"a = 1\").a }} → 1",
    },
    FuncDoc {
        name: "include",
        signature: "include(name string, data interface{}) (string, error)",
        summary: "Executes a named template with the given data and returns its output as a string, so it can be piped (unlike the `template` action).",
        example: "{{ include \"mychart.labels\" . | nindent 4 }}",
    },
    FuncDoc {
        name: "tpl",
        signature: "tpl(template string, values interface{}) (string, error)",
        summary: "Renders a string as a template with the given data; defines of the chart can be included from it.",
        example: "{{ tpl .Values.annotationTemplate . }}",
    },
    FuncDoc {
        name: "required",
        signature: "required(message string, value interface{}) (interface{}, error)",
        summary: "Fails the render with the message when the value is nil or an empty string; otherwise returns it.",
        example: "{{ required \"image.repository is required\" .Values.image.repository }}",
    },
    FuncDoc {
        name: "fail",
        signature: "fail(message string) (string, error)",
        summary: "Fails the render with the message (`execution error at (file:line:col): message`).",
        example: "{{ if not .Values.ok }}{{ fail \"ok must be set\" }}{{ end }}",
    },
    FuncDoc {
        name: "lookup",
        signature: "lookup(apiVersion, kind, namespace, name string) (map[string]interface{}, error)",
        summary: "Reads an object from the cluster; without a cluster (helm template) it returns an empty map.",
        example: "{{ (lookup \"v1\" \"Secret\" .Release.Namespace \"s\").data }}",
    },
    FuncDoc {
        name: "getHostByName",
        signature: "getHostByName(name string) string",
        summary: "Resolves a host name; Helm returns an empty string unless DNS lookups are enabled.",
        example: "{{ getHostByName \"example.com\" }}",
    },
];

/// Docs of every function a Helm template can call: Sprig's and Helm's (Helm's replace Sprig's
/// of the same name).
pub fn func_docs() -> Vec<FuncDoc> {
    let mut docs: Vec<FuncDoc> = cw_sprig::registry()
        .docs
        .into_iter()
        .filter(|d| !HELM_FUNC_DOCS.iter().any(|h| h.name == d.name))
        .collect();
    docs.extend(HELM_FUNC_DOCS.iter().cloned());
    docs.sort_by(|a, b| a.name.cmp(b.name));
    docs
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Helm v4.1.4's function map: `sprig.TxtFuncMap()` minus `env`/`expandenv`, plus Helm's
    /// extras (from helm's pkg/engine/funcs.go and Sprig v3.3.0's functions.go).
    const HELM_FUNCS: &[&str] = &[
        "abbrev",
        "abbrevboth",
        "add",
        "add1",
        "add1f",
        "addf",
        "adler32sum",
        "ago",
        "all",
        "any",
        "append",
        "atoi",
        "b32dec",
        "b32enc",
        "b64dec",
        "b64enc",
        "base",
        "bcrypt",
        "biggest",
        "buildCustomCert",
        "camelcase",
        "cat",
        "ceil",
        "chunk",
        "clean",
        "coalesce",
        "compact",
        "concat",
        "contains",
        "date",
        "dateInZone",
        "dateModify",
        "date_in_zone",
        "date_modify",
        "decryptAES",
        "deepCopy",
        "deepEqual",
        "default",
        "derivePassword",
        "dict",
        "dig",
        "dir",
        "div",
        "divf",
        "duration",
        "durationRound",
        "empty",
        "encryptAES",
        "ext",
        "fail",
        "first",
        "float64",
        "floor",
        "fromJson",
        "fromJsonArray",
        "fromToml",
        "fromYaml",
        "fromYamlArray",
        "genCA",
        "genCAWithKey",
        "genPrivateKey",
        "genSelfSignedCert",
        "genSelfSignedCertWithKey",
        "genSignedCert",
        "genSignedCertWithKey",
        "get",
        "getHostByName",
        "has",
        "hasKey",
        "hasPrefix",
        "hasSuffix",
        "hello",
        "htmlDate",
        "htmlDateInZone",
        "htpasswd",
        "include",
        "indent",
        "initial",
        "initials",
        "int",
        "int64",
        "isAbs",
        "join",
        "kebabcase",
        "keys",
        "kindIs",
        "kindOf",
        "last",
        "list",
        "lookup",
        "lower",
        "max",
        "maxf",
        "merge",
        "mergeOverwrite",
        "min",
        "minf",
        "mod",
        "mul",
        "mulf",
        "mustAppend",
        "mustChunk",
        "mustCompact",
        "mustDateModify",
        "mustDeepCopy",
        "mustFirst",
        "mustFromJson",
        "mustHas",
        "mustInitial",
        "mustLast",
        "mustMerge",
        "mustMergeOverwrite",
        "mustPrepend",
        "mustRegexFind",
        "mustRegexFindAll",
        "mustRegexMatch",
        "mustRegexReplaceAll",
        "mustRegexReplaceAllLiteral",
        "mustRegexSplit",
        "mustRest",
        "mustReverse",
        "mustSlice",
        "mustToDate",
        "mustToJson",
        "mustToPrettyJson",
        "mustToRawJson",
        "mustToYaml",
        "mustUniq",
        "mustWithout",
        "must_date_modify",
        "nindent",
        "nospace",
        "now",
        "omit",
        "osBase",
        "osClean",
        "osDir",
        "osExt",
        "osIsAbs",
        "pick",
        "pluck",
        "plural",
        "prepend",
        "quote",
        "randAlpha",
        "randAlphaNum",
        "randAscii",
        "randBytes",
        "randInt",
        "randNumeric",
        "regexFind",
        "regexFindAll",
        "regexMatch",
        "regexQuoteMeta",
        "regexReplaceAll",
        "regexReplaceAllLiteral",
        "regexSplit",
        "repeat",
        "replace",
        "required",
        "rest",
        "reverse",
        "round",
        "semver",
        "semverCompare",
        "seq",
        "set",
        "sha1sum",
        "sha256sum",
        "sha512sum",
        "shuffle",
        "slice",
        "snakecase",
        "sortAlpha",
        "split",
        "splitList",
        "splitn",
        "squote",
        "sub",
        "subf",
        "substr",
        "swapcase",
        "ternary",
        "title",
        "toDate",
        "toDecimal",
        "toJson",
        "toPrettyJson",
        "toRawJson",
        "toString",
        "toStrings",
        "toToml",
        "toYaml",
        "toYamlPretty",
        "tpl",
        "trim",
        "trimAll",
        "trimPrefix",
        "trimSuffix",
        "trimall",
        "trunc",
        "tuple",
        "typeIs",
        "typeIsLike",
        "typeOf",
        "uniq",
        "unixEpoch",
        "unset",
        "until",
        "untilStep",
        "untitle",
        "upper",
        "urlJoin",
        "urlParse",
        "uuidv4",
        "values",
        "without",
        "wrap",
        "wrapWith",
    ];

    #[test]
    fn function_map_is_exactly_helms() {
        assert_eq!(HELM_FUNCS.len(), 219);
        let map = render_funcs(&FuncOptions::default(), Arc::new(RenderState::default()));
        let mut ours: Vec<&str> = map.names().collect();
        ours.sort_unstable();
        let missing: Vec<_> = HELM_FUNCS.iter().filter(|n| !map.contains(n)).collect();
        let extra: Vec<_> = ours.iter().filter(|n| !HELM_FUNCS.contains(n)).collect();
        assert!(
            missing.is_empty(),
            "missing from the function map: {missing:?}"
        );
        assert!(extra.is_empty(), "not in Helm's function map: {extra:?}");
        for gone in [
            "env",
            "expandenv",
            "toJSON",
            "mustDig",
            "toPrettyYaml",
            "tojson",
        ] {
            assert!(!map.contains(gone), "{gone} must not be callable");
        }
    }

    #[test]
    fn every_function_has_a_doc_entry() {
        let docs = func_docs();
        let undocumented: Vec<_> = HELM_FUNCS
            .iter()
            .filter(|n| !docs.iter().any(|d| d.name == **n))
            .collect();
        assert!(undocumented.is_empty(), "no doc entry: {undocumented:?}");
        for d in &docs {
            assert!(
                !d.signature.is_empty() && !d.summary.is_empty(),
                "{}",
                d.name
            );
        }
    }
}
