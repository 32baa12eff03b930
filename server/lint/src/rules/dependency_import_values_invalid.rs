//! Rule `dependency-import-values-invalid`: An import-values entry has the wrong shape.

use cw_base::Finding;

use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports `import-values` entries that are neither a string (a key under the subchart's
    /// `exports`) nor a map with string `child` and `parent` keys.
    ///
    /// ## Why is this bad?
    /// Helm formats whatever it finds with `%v`: a missing `child` imports from the path
    /// `<nil>`, which exists nowhere, and the import silently does nothing.
    ///
    /// ## Example
    /// ```yaml
    /// dependencies:
    ///   - name: redis
    ///     import-values:
    ///       - child: default.data
    ///         parnt: myimports       # misspelt: `parent`
    /// ```
    pub static RULE = ("dependency-import-values-invalid", Warning, "An import-values entry has the wrong shape");
}

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    for dep in cx.chart.metadata.dependencies() {
        let Some(iv) = &dep.import_values else {
            continue;
        };
        for item in &iv.value {
            let ok = match &item.value {
                cw_yaml::Value::String(_) => true,
                cw_yaml::Value::Map(m) => {
                    ["child", "parent"]
                        .iter()
                        .all(|k| m.get(k).is_some_and(|v| v.as_str().is_some()))
                        && m.entries
                            .iter()
                            .all(|e| e.key == "child" || e.key == "parent")
                }
                _ => false,
            };
            if !ok {
                out.push(RULE.finding(
                    super::deps_file(cx),
                    Some(item.range),
                    format!(
                        "import-values entry of dependency {} must be a string or a map with string \"child\" and \"parent\" keys",
                        super::go_quote(dep.name())
                    ),
                ));
            }
        }
    }
}
