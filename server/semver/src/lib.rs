//! Masterminds/semver v3 versions and constraints, as Helm evaluates them.
//!
//! Helm v4.1.4 links `github.com/Masterminds/semver/v3` v3.4.0. This crate reproduces it:
//!
//! - [`Version::parse`] is `NewVersion` (loose: `v1.2`, `1.35`, `01.2.3` are accepted),
//!   [`Version::parse_strict`] is `StrictNewVersion` (SemVer 2.0.0 only), `Display` is
//!   `String()`, ordering is `Compare`.
//! - [`Constraints::parse`] is `NewConstraint`, [`Constraints::check`] is `Check`,
//!   [`Constraints::validate`] is `Validate`; parse errors carry Masterminds' text and a byte
//!   range into the constraint text.
//! - [`helm`] holds the ways Helm combines them: `semverCompare`, the Chart.yaml `kubeVersion`
//!   check, picking a dependency version from a repository index, and the lint checks on
//!   `version`.
//!
//! Error texts are Masterminds' (v3.4.0 spells them in lower case: `invalid semantic version`,
//! `improper constraint: foo`). The behaviour is checked against a table recorded from the real
//! Helm binary (`testdata/semver/cases.json`, written by `tests/record/record_semver.py`).

mod constraints;
pub mod helm;
mod version;

pub use constraints::{
    Constraint, ConstraintError, ConstraintErrorKind, Constraints, Group, Operator,
    MAX_CONSTRAINT_LEN,
};
pub use version::{Version, VersionError};
