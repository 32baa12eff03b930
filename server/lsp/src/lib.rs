//! The chartwright language server: LSP over stdio on the shared analysis (`cw-ide`).
//!
//! The only crate that knows lsp-types and UTF-16. A main loop ([`server`]) owns the
//! [`cw_ide::AnalysisHost`] and applies notifications in order; requests and diagnostics run on a
//! small pool of worker threads from immutable snapshots, and a newer edit cancels them.
//! Handlers ([`handlers`]) are thin: convert positions ([`pos`]), call `cw_ide::Analysis`,
//! convert back ([`snap`]).
//!
//! Custom protocol:
//! - request `chartwright/render` `{uri, valuesFiles?, onlyTemplate?}` → the rendered manifests
//!   of the chart of `uri` with a source map ([`handlers::RenderResult`]);
//! - notification `chartwright/renderChanged` `{uri, version}`, sent for each open document
//!   of a chart after the chart is analysed (rendered) again.

pub mod caps;
pub mod config;
pub mod handlers;
pub mod pos;
mod server;
pub mod snap;
#[cfg(test)]
mod tests;

pub use server::{run, DIAGNOSTICS_DEBOUNCE};

/// Logs to stderr (the client shows it in its log), filtered by `CHARTWRIGHT_LOG`
/// (`tracing` env-filter syntax, default `info`).
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("CHARTWRIGHT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // A second initialisation (tests) is not an error.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}

/// Runs the language server over stdin/stdout until the client says `exit`. An error means a
/// protocol failure or an exit without shutdown (the process should exit with status 1).
pub fn run_stdio() -> Result<(), String> {
    init_logging();
    // Charts re-render on every keystroke and the output never reaches a cluster: reuse the
    // first generated RSA key of each size instead of waiting up to a second per key.
    cw_sprig::reuse_generated_keys(true);
    let (connection, io_threads) = lsp_server::Connection::stdio();
    let result = run(connection);
    match &result {
        Ok(()) => tracing::info!("exit"),
        Err(e) => tracing::error!("{e}"),
    }
    // The reader thread ends at end of input; after `exit` the client may keep stdin open, so
    // only wait for it when the loop ended normally and the writer has flushed.
    if result.is_ok() {
        let _ = io_threads.join();
    }
    result
}
