//! Rule `lock-out-of-sync`: Chart.lock does not match the declared dependencies.

use cw_base::Finding;

use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Compares Chart.lock (or requirements.lock) with the declared dependencies: a dependency
    /// added or removed since the lock was written, or a locked version that no longer satisfies the
    /// declared constraint. (Helm also stores a digest of the declarations; the declarations are
    /// compared here instead, so reformatting does not count.)
    ///
    /// ## Why is this bad?
    /// `helm dependency build` refuses an out-of-date lock (`the lock file (Chart.lock) is out of
    /// sync with the dependencies file (Chart.yaml)`), and `charts/` no longer matches what was
    /// reviewed.
    ///
    /// ## Example
    /// ```yaml
    /// dependencies:
    ///   - name: redis
    ///     version: 19.x      # Chart.lock still locks redis 18.6.1
    /// ```
    pub static RULE = ("lock-out-of-sync", Warning, "Chart.lock does not match the declared dependencies");
}

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let c = cx.chart;
    let Some(lock) = &c.lock else { return };
    let deps_file = super::deps_file(cx);
    let head = format!(
        "the lock file ({}) is out of sync with the dependencies file ({deps_file})",
        lock.file
    );
    for dep in c.metadata.dependencies() {
        let name = dep.name();
        let Some(locked) = lock.dependencies().find(|l| l.name() == name) else {
            out.push(RULE.finding(
                deps_file,
                super::field_range(&dep.name).or(Some(dep.range)),
                format!("{head}: {} is not locked", super::go_quote(name)),
            ));
            continue;
        };
        let constraint = cw_chart::str_of(&dep.version);
        let version = cw_chart::str_of(&locked.version);
        if constraint.is_empty() || cw_semver::Constraints::parse(constraint).is_err() {
            continue;
        }
        if !cw_semver::helm::is_compatible_range(constraint, version) {
            out.push(
                RULE.finding(
                    deps_file,
                    super::field_range(&dep.version),
                    format!(
                        "{head}: {} is locked at {version}, which does not satisfy {}",
                        super::go_quote(name),
                        super::go_quote(constraint)
                    ),
                )
                .with_related(
                    lock.file.as_str(),
                    super::field_range(&locked.version),
                    "locked here",
                ),
            );
        }
    }
    for locked in lock.dependencies() {
        if !c.metadata.dependencies().any(|d| d.name() == locked.name()) {
            out.push(RULE.finding(
                lock.file.as_str(),
                super::field_range(&locked.name).or(Some(locked.range)),
                format!(
                    "{head}: {} is locked but not declared",
                    super::go_quote(locked.name())
                ),
            ));
        }
    }
}
