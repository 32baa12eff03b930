//! Sprig's `semver` (a `*semver.Version` object with Masterminds' methods), `semverCompare`,
//! and Sprig's `fail`, over cw-semver's Masterminds v3 implementation.

use std::cmp::Ordering;
use std::sync::Arc;

use cw_semver::Version;
use cw_template::{FuncError, Function, Object, Param, Repr, Signature, Value};

use crate::{FuncDoc, Registry};

/// A `*semver.Version` as templates see it: prints as `String()`, with Masterminds' methods.
struct SemverValue(Arc<Version>);

impl SemverValue {
    fn other(v: &Value) -> Result<Arc<Version>, FuncError> {
        if let Value::Object(o) = v {
            if o.type_name() == "*semver.Version" {
                if let Repr::Stringer(s) = o.repr() {
                    if let Ok(v) = Version::parse(&s) {
                        return Ok(Arc::new(v));
                    }
                }
            }
        }
        Err(FuncError::msg(format!(
            "wrong type for value; expected *semver.Version; got {}",
            v.type_name()
        )))
    }
}

impl Object for SemverValue {
    fn type_name(&self) -> String {
        "*semver.Version".into()
    }
    fn field(&self, _name: &str) -> Option<Value> {
        None
    }
    fn method(&self, name: &str) -> Option<Function> {
        let v = self.0.clone();
        let none = Signature::fixed(0);
        let f = match name {
            "Major" => Function::new(none, move |_, _| Ok(Value::Uint64(v.major()))),
            "Minor" => Function::new(none, move |_, _| Ok(Value::Uint64(v.minor()))),
            "Patch" => Function::new(none, move |_, _| Ok(Value::Uint64(v.patch()))),
            "Prerelease" => Function::new(none, move |_, _| Ok(Value::str(v.prerelease()))),
            "Metadata" => Function::new(none, move |_, _| Ok(Value::str(v.metadata()))),
            "Original" => Function::new(none, move |_, _| Ok(Value::str(v.original()))),
            "String" => Function::new(none, move |_, _| Ok(Value::string(v.to_string()))),
            "Compare" | "LessThan" | "GreaterThan" | "Equal" => {
                let which = name.to_string();
                Function::new(Signature::fixed(1), move |_, a| {
                    let o = SemverValue::other(&a[0])?;
                    let ord = v.compare(&o);
                    Ok(match which.as_str() {
                        "Compare" => Value::Int(match ord {
                            Ordering::Less => -1,
                            Ordering::Equal => 0,
                            Ordering::Greater => 1,
                        }),
                        "LessThan" => Value::Bool(ord == Ordering::Less),
                        "GreaterThan" => Value::Bool(ord == Ordering::Greater),
                        _ => Value::Bool(ord == Ordering::Equal),
                    })
                })
            }
            _ => return None,
        };
        Some(f)
    }
    fn repr(&self) -> Repr {
        Repr::Stringer(self.0.to_string())
    }
}

/// A `*semver.Version` whose fields are all zero (what copying one through copystructure
/// gives, as its fields are unexported).
pub(crate) fn zero_version() -> Value {
    Value::object(SemverValue(Arc::new(Version::new(0, 0, 0, "", ""))))
}

pub(crate) fn register(r: &mut Registry) {
    use Param::String as Str;
    let f = &mut r.funcs;
    f.insert(
        "semver",
        Function::new(Signature::typed(&[Str], None), |_, a| {
            let v = cw_semver::helm::semver(a[0].as_str().unwrap_or(""))
                .map_err(|e| FuncError::msg(e.to_string()))?;
            Ok(Value::object(SemverValue(Arc::new(v))))
        }),
    );
    f.insert(
        "semverCompare",
        Function::new(Signature::typed(&[Str, Str], None), |_, a| {
            let ok = cw_semver::helm::semver_compare(
                a[0].as_str().unwrap_or(""),
                a[1].as_str().unwrap_or(""),
            )
            .map_err(|e| FuncError::msg(e.to_string()))?;
            Ok(Value::Bool(ok))
        }),
    );
    f.insert(
        "fail",
        Function::new(Signature::typed(&[Str], None), |_, a| {
            Err(FuncError::msg(a[0].as_str().unwrap_or("")))
        }),
    );
    let d: &[(&'static str, &'static str, &'static str, &'static str)] = &[
        ("semver", "semver(version string) (*semver.Version, error)", "Parses a semantic version (Masterminds rules: `v1.2`, `1.35` are accepted); has .Major, .Minor, .Patch, .Prerelease, .Metadata, .Compare.", "{{ (semver \"1.2.3-beta\").Prerelease }} → beta"),
        ("semverCompare", "semverCompare(constraint, version string) (bool, error)", "Whether a version satisfies a Masterminds constraint (`>=1.20-0`, `^1.2`, `~1.2.3`, `1.2 - 1.4`, `||`).", "{{ semverCompare \">=1.20-0\" .Capabilities.KubeVersion.Version }} → true"),
        ("fail", "fail(msg string) (string, error)", "Stops rendering with an error message.", "{{ fail \"values.x is required\" }}"),
    ];
    for &(name, signature, summary, example) in d {
        r.docs.push(FuncDoc {
            name,
            signature,
            summary,
            example,
        });
    }
}
