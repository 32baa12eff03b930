//! Rule `crd-yaml-invalid`: a file under crds/ is not valid YAML.

use cw_base::Finding;
use cw_yaml::Loaded;

use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Parses each document of every `crds/*.yaml` file (which Helm installs as is, without
    /// templating) and reports the first that does not parse (`unable to parse YAML: ...`).
    ///
    /// ## Why is this bad?
    /// `helm install` fails before installing anything. Files under `crds/` are not templates:
    /// `{{ }}` there is not rendered.
    ///
    /// ## Example
    /// ```yaml
    /// # crds/widgets.yaml
    /// apiVersion: apiextensions.k8s.io/v1
    /// kind: CustomResourceDefinition
    /// metadata:
    ///   name: {{ .Values.crdName }}   # not rendered: move templated CRDs to templates/
    /// ```
    pub static RULE = ("crd-yaml-invalid", Error, "a file under crds/ is not valid YAML");
}

/// Reports the document's error; returns whether there was one (Helm stops there).
pub(crate) fn check(path: &str, _text: &str, doc: &Loaded, out: &mut Vec<Finding>) -> bool {
    let Some((message, range)) = super::yaml_error_text(doc) else {
        return false;
    };
    out.push(RULE.finding(path, Some(range), message));
    true
}

#[cfg(test)]
mod tests {
    use cw_chart::{load, MemoryFs};

    #[test]
    fn bad_crd_yaml() {
        let mut fs = MemoryFs::new();
        fs.insert_file("c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 1.0.0\n");
        fs.insert_file("c/crds/a.yaml", "a: [\n");
        let chart = load(&fs, std::path::Path::new("c")).chart;
        let f = super::super::check_crds(&chart);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].code, super::RULE.code);
        assert_eq!(f[0].file, std::path::Path::new("crds/a.yaml"));
        assert!(f[0].message.starts_with("unable to parse YAML: "));
    }
}
