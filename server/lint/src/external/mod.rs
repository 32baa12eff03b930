//! Rules whose check runs above this crate, documented here so that the registry serves
//! `--explain`, hover, SARIF and `.chartwright.toml` for every code chartwright reports: the
//! values analysis of the analysis core (cw-ide: `values-undefined`, `values-unused`) and the
//! render outcomes of `chartwright lint` (`values-invalid`, `template-render-failed`,
//! `ci-profile-failed`). Each file holds the rule's code, default severity and documentation;
//! the check itself lives with the data it needs (the values model, the engine).

pub mod ci_profile_failed;
pub mod template_render_failed;
pub mod values_invalid;
pub mod values_undefined;
pub mod values_unused;
