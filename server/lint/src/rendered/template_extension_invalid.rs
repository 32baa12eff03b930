//! Rule `template-extension-invalid`: a file under templates/ with an extension Helm does not expect.

use cw_base::Finding;

use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a file under `templates/` whose extension is not `.yaml`, `.yml`, `.tpl` or
    /// `.txt` (`file extension '.json' not valid. Valid extensions are .yaml, .yml, .tpl, or .txt`).
    ///
    /// ## Why is this bad?
    /// Helm renders every file under `templates/`; a stray `.json`, `.md` or editor backup is
    /// rendered and sent to the cluster, or breaks the install. `helm lint` fails on it.
    ///
    /// ## Example
    /// ```text
    /// templates/deployment.yaml.orig   # move it out of templates/ or add it to .helmignore
    /// ```
    pub static RULE = ("template-extension-invalid", Error, "a template has an extension Helm does not expect");
}

pub(crate) fn check(name: &str, out: &mut Vec<Finding>) {
    let base = name.rsplit('/').next().unwrap_or(name);
    // Go's filepath.Ext: from the last dot of the base name.
    let ext = base.rfind('.').map_or("", |i| &base[i..]);
    if !matches!(ext, ".yaml" | ".yml" | ".tpl" | ".txt") {
        out.push(RULE.finding(
            name,
            None,
            format!(
                "file extension '{ext}' not valid. Valid extensions are .yaml, .yml, .tpl, or .txt"
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn extensions() {
        let f = super::super::run_one("templates/a.json", "{}");
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].message,
            "file extension '.json' not valid. Valid extensions are .yaml, .yml, .tpl, or .txt"
        );
        assert_eq!(
            super::super::run_one("templates/README", "")[0].message,
            "file extension '' not valid. Valid extensions are .yaml, .yml, .tpl, or .txt"
        );
        for ok in ["templates/_h.tpl", "templates/NOTES.txt", "templates/x.yml"] {
            assert!(super::super::run_one(ok, "").is_empty(), "{ok}");
        }
    }
}
