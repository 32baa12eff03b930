//! Lint rules over loaded charts: one file per rule, each documented for hover and `--explain`.
