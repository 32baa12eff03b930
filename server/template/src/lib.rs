//! Go text/template execution: value model, Go fmt, builtins, function registry and budgets.
