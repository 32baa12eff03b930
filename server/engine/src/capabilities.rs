//! `.Capabilities`: the Kubernetes version, API versions and Helm version templates see, with
//! the defaults of `helm template` v4.1.4 (data/default-capabilities.txt) and a provider trait
//! so a cluster-backed source can be plugged in later.

/// `common.KubeVersion`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KubeVersion {
    /// `v1.35.0` (what `String()` and `GitVersion()` return).
    pub version: String,
    pub major: String,
    pub minor: String,
}

impl KubeVersion {
    /// What `String()` returns: Helm 4's `normalizedVersion`, `v` and the numeric components
    /// of k8s `ParseGeneric` (`v1.29.3-gke.1` -> `v1.29.3`, `v1.30` stays).
    pub fn normalized(&self) -> String {
        let body = self.version.strip_prefix('v').unwrap_or(&self.version);
        let end = body
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(body.len());
        let parts: Vec<String> = body[..end]
            .split('.')
            .map(|p| p.parse::<u64>().map(|n| n.to_string()))
            .collect::<Result<_, _>>()
            .unwrap_or_default();
        if parts.len() < 2 {
            return self.version.clone();
        }
        format!("v{}", parts.join("."))
    }
}

/// `version.BuildInfo`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelmVersion {
    pub version: String,
    pub git_commit: String,
    pub git_tree_state: String,
    pub go_version: String,
    pub kube_client_version: String,
}

/// `common.Capabilities`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Capabilities {
    pub kube_version: KubeVersion,
    pub api_versions: Vec<String>,
    pub helm_version: HelmVersion,
}

/// Where capabilities come from: the defaults below, or (later) a cluster.
pub trait CapabilitiesProvider: Send + Sync {
    fn capabilities(&self) -> Capabilities;
}

const DEFAULTS: &str = include_str!("../data/default-capabilities.txt");

fn default_field(key: &str) -> String {
    DEFAULTS
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(' '))
        .unwrap_or("")
        .to_string()
}

impl Default for Capabilities {
    /// What `helm template` v4.1.4 uses without a cluster (`DefaultCapabilities`).
    fn default() -> Capabilities {
        let kube = default_field("kubeVersion");
        let kube_version = parse_kube_version(&kube).unwrap_or(KubeVersion {
            version: kube,
            major: String::new(),
            minor: String::new(),
        });
        Capabilities {
            kube_version,
            api_versions: DEFAULTS
                .lines()
                .filter_map(|l| l.strip_prefix("apiVersion "))
                .map(str::to_string)
                .collect(),
            helm_version: HelmVersion {
                version: default_field("helmVersion"),
                git_commit: default_field("gitCommit"),
                git_tree_state: default_field("gitTreeState"),
                go_version: default_field("goVersion"),
                kube_client_version: default_field("kubeClientVersion"),
            },
        }
    }
}

impl CapabilitiesProvider for Capabilities {
    fn capabilities(&self) -> Capabilities {
        self.clone()
    }
}

impl Capabilities {
    /// `helm template --kube-version` and `--api-versions`: the defaults with another Kubernetes
    /// version and extra API versions appended.
    pub fn with_overrides(
        mut self,
        kube_version: Option<KubeVersion>,
        extra_api_versions: &[String],
    ) -> Capabilities {
        if let Some(k) = kube_version {
            self.kube_version = k;
        }
        self.api_versions.extend(extra_api_versions.iter().cloned());
        self
    }
}

/// Parses a `--kube-version` value as Helm does (k8s `ParseGeneric`: `v` optional, at least
/// major and minor, anything after the numbers kept in the version string). The error is the
/// text after `invalid kube version 'X': `.
pub fn parse_kube_version(s: &str) -> Result<KubeVersion, String> {
    let t = s.trim();
    let body = t.strip_prefix('v').unwrap_or(t);
    let num_end = body
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(body.len());
    let nums = &body[..num_end];
    let parts: Vec<&str> = nums.split('.').collect();
    let bad = || format!("could not parse {:?} as version", s);
    if parts.len() < 2
        || parts
            .iter()
            .any(|p| p.is_empty() || p.parse::<u64>().is_err())
    {
        return Err(bad());
    }
    let rest = &body[num_end..];
    if !rest.is_empty() && !rest.starts_with(['-', '+']) {
        return Err(bad());
    }
    let norm = |p: &str| p.parse::<u64>().map(|n| n.to_string()).unwrap_or_default();
    Ok(KubeVersion {
        version: if s.starts_with('v') {
            s.to_string()
        } else {
            format!("v{s}")
        },
        major: norm(parts[0]),
        minor: norm(parts[1]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_helm_4_1_4() {
        let c = Capabilities::default();
        assert_eq!(c.kube_version.version, "v1.35.0");
        assert_eq!(c.kube_version.major, "1");
        assert_eq!(c.kube_version.minor, "35");
        assert_eq!(c.helm_version.version, "v4.1.4");
        assert_eq!(c.api_versions.len(), 57);
        assert_eq!(c.api_versions[0], "v1");
    }

    #[test]
    fn kube_version_flag() {
        let k = parse_kube_version("1.29.3").unwrap();
        assert_eq!(
            (k.version.as_str(), k.major.as_str(), k.minor.as_str()),
            ("v1.29.3", "1", "29")
        );
        assert!(parse_kube_version("abc").is_err());
        for (flag, version, string) in [
            ("1.29.3-gke.1", "v1.29.3-gke.1", "v1.29.3"),
            ("v1.30", "v1.30", "v1.30"),
            ("1.31.2+k3s1", "v1.31.2+k3s1", "v1.31.2"),
        ] {
            let k = parse_kube_version(flag).unwrap();
            assert_eq!(
                (k.version.as_str(), k.normalized().as_str()),
                (version, string)
            );
        }
        assert!(parse_kube_version("1").is_err());
    }
}
