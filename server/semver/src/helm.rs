//! How Helm v4.1.4 uses Masterminds/semver: template functions, `kubeVersion`, dependency
//! resolution from a repository index, and the lint checks on a chart's `version`.

use std::fmt;

use crate::{ConstraintError, Constraints, Version, VersionError};

/// Why sprig's `semverCompare` failed: the constraint is parsed first, then the version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CompareError {
    /// `NewConstraint` refused the constraint (first argument).
    Constraint(ConstraintError),
    /// `NewVersion` refused the version (second argument).
    Version(VersionError),
}

impl fmt::Display for CompareError {
    /// Masterminds' text; Helm shows it after `error calling semverCompare: `.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CompareError::Constraint(e) => e.fmt(f),
            CompareError::Version(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for CompareError {}

/// Sprig's `semverCompare CONSTRAINT VERSION`: `NewConstraint(constraint)`, then
/// `NewVersion(version)`, then `Check`. A bad constraint is reported even when the version is
/// also bad.
pub fn semver_compare(constraint: &str, version: &str) -> Result<bool, CompareError> {
    let c = Constraints::parse(constraint).map_err(CompareError::Constraint)?;
    let v = Version::parse(version).map_err(CompareError::Version)?;
    Ok(c.check(&v))
}

/// Sprig's `semver VERSION`: `NewVersion`. Helm shows an error after `error calling semver: `.
pub fn semver(version: &str) -> Result<Version, VersionError> {
    Version::parse(version)
}

/// Helm's `chartutil.IsCompatibleRange(constraint, version)`, used for Chart.yaml
/// `kubeVersion` against the cluster version (`.Capabilities.KubeVersion`, e.g. `v1.35.0`):
/// false when either does not parse, otherwise `Check`. The version is parsed first, and
/// nothing is stripped: a prerelease cluster version (`v1.30.0-gke.1`) only satisfies a
/// constraint group that names a prerelease, which is why charts write `>=1.20.0-0`.
///
/// When false, Helm fails with
/// `chart requires kubeVersion: CONSTRAINT which is incompatible with Kubernetes VERSION`.
pub fn is_compatible_range(constraint: &str, version: &str) -> bool {
    let Ok(v) = Version::parse(version) else {
        return false;
    };
    let Ok(c) = Constraints::parse(constraint) else {
        return false;
    };
    c.check(&v)
}

/// Which version a dependency constraint picks from the versions a repository index lists
/// (`helm dependency update`: Helm's resolver walks the index entries sorted from highest to
/// lowest and takes the first that parses with `NewVersion` and satisfies `Check`; the lock
/// records the index's spelling, e.g. `v2.1.0` or `2.2`). Returns the index into `candidates`
/// of the highest matching version. Among versions that compare equal (differing only in build
/// metadata or spelling) Helm's unstable sort decides; here the first listed wins. Unparsable
/// candidates are skipped.
///
/// Helm's messages around it: a constraint that does not parse gives
/// `dependency "NAME" has an invalid version/constraint format: <ConstraintError>`; no match
/// gives `can't get a valid version for 1 subchart(s): "NAME" (repository "URL", version
/// "CONSTRAINT"). Make sure a matching chart version exists in the repo, or change the version
/// constraint in Chart.yaml` (the count and list cover every unresolved dependency).
pub fn highest_matching<'a, I>(constraints: &Constraints, candidates: I) -> Option<usize>
where
    I: IntoIterator<Item = &'a str>,
{
    let mut best: Option<(usize, Version)> = None;
    for (i, text) in candidates.into_iter().enumerate() {
        let Ok(v) = Version::parse(text) else {
            continue;
        };
        if !constraints.check(&v) {
            continue;
        }
        if best.as_ref().is_none_or(|(_, b)| v > *b) {
            best = Some((i, v));
        }
    }
    best.map(|(i, _)| i)
}

/// Helm lint's `validateChartVersion` (rule `chartfile`): the error text after
/// `Chart.yaml: `, or `Ok` for a good version.
///
/// - empty: `version is required`
/// - not `NewVersion`-parsable: `version '1.2.3.4' is not a valid SemVer`
/// - otherwise checked against `>0.0.0-0`; a failure gives `version ` and the first
///   `Validate` reason (e.g. `version 0.0.0 is less than or equal to 0.0.0-0`).
pub fn lint_chart_version(version: &str) -> Result<(), String> {
    if version.is_empty() {
        return Err("version is required".to_owned());
    }
    let Ok(v) = Version::parse(version) else {
        return Err(format!("version '{version}' is not a valid SemVer"));
    };
    let c = Constraints::parse(">0.0.0-0").expect("static constraint");
    match c.validate(&v) {
        Ok(()) => Ok(()),
        Err(reasons) => match reasons.first() {
            Some(first) => Err(format!("version {first}")),
            None => Ok(()),
        },
    }
}

/// Helm lint's `validateChartVersionStrictSemVerV2`: the warning text when the version is
/// not strict SemVer 2 (`StrictNewVersion`), e.g. `version 'v1.2.3' is not a valid SemVerV2`.
pub fn lint_chart_version_strict(version: &str) -> Result<(), String> {
    match Version::parse_strict(version) {
        Ok(_) => Ok(()),
        Err(_) => Err(format!("version '{version}' is not a valid SemVerV2")),
    }
}
