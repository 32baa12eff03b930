//! Go text/template execution: value model, Go fmt, builtins, function registry and budgets.
//!
//! Drive it with [`TemplateSet`]: parse texts into it ([`TemplateSet::parse_and_add`] or
//! [`TemplateSet::add_parse`]), register functions ([`FuncMap`]) and objects ([`Object`]), then
//! [`TemplateSet::execute`] a named template with a [`Value`] as dot. Execution errors carry Go's
//! exact text (`template: NAME:LINE:COL: executing "NAME" at <.a.b>: ...`) and the node's range.
//!
//! This crate knows nothing of Helm.

mod builtins;
mod exec;
pub mod fmt;
mod func;
mod value;

pub use builtins::BUILTIN_NAMES;
pub use exec::{
    Budget, BudgetKind, CallCtx, ErrorLocation, ExecError, ExecErrorKind, Limits, MissingKey,
    Source, Template, TemplateSet, GO_MAX_TEMPLATE_DEPTH,
};
pub use func::{FuncError, FuncMap, Function, NativeFn, Param, Signature};
pub use value::{Elem, List, Map, MapMethods, MapRef, Object, Repr, Value};

/// Parses `text` as template `name` into a new set with `funcs` (and Go's builtins) and executes
/// it with `data`: the output (partial on error) and Go's error text, parse or execution.
pub fn render_text(
    name: &str,
    text: &str,
    funcs: FuncMap,
    missing_key: MissingKey,
    data: Value,
) -> (String, Option<String>) {
    let mut set = TemplateSet::new(name)
        .with_funcs(funcs)
        .with_missing_key(missing_key);
    let parse = set.parse_and_add(name, text);
    if let Some(e) = parse.first_error() {
        return (String::new(), Some(e.go_text()));
    }
    let (out, err) = set.render(name, data);
    (out, err.map(|e| e.message))
}
