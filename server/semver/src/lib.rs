//! Masterminds/semver v3 versions and constraints, as Helm evaluates them.
