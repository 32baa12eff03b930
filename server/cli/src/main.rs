//! The `chartwright` binary: parses the command line and dispatches to a subcommand.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod check;
mod lint;
mod lint_values;
mod render;
mod template;

/// Language server and command-line tooling for Helm charts.
#[derive(Parser)]
#[command(name = "chartwright", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Loads charts (directories or .tgz) and reports loader, Chart.yaml and dependency problems.
    ///
    /// Exits 1 when any error is found, 0 otherwise.
    Check {
        /// Chart directories or archives.
        #[arg(required = true, value_name = "CHART")]
        charts: Vec<PathBuf>,
    },
    /// Renders a chart locally as `helm template` does (same arguments and flags).
    Template(template::TemplateArgs),
    /// Lints charts as `helm lint` does, plus chartwright's rules (for pre-commit and CI).
    Lint(lint::LintArgs),
    /// Runs the language server (LSP over stdin/stdout) for editors.
    Serve {
        /// Speak LSP over stdin/stdout (the default and only transport; accepted because
        /// editors pass it, some twice: vscode-languageclient appends it to the arguments).
        #[arg(long, action = clap::ArgAction::Count)]
        stdio: u8,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Template(args) => template::run(args),
        Command::Lint(args) => lint::run(args),
        Command::Serve { stdio: _ } => match cw_lsp::run_stdio() {
            Ok(()) => ExitCode::SUCCESS,
            // Logged by the server; LSP asks for status 1 after an exit without shutdown.
            Err(_) => ExitCode::from(1),
        },
        Command::Check { charts } => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            match check::run(&charts, &mut out) {
                Ok(true) => ExitCode::from(1),
                Ok(false) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("chartwright: {e}");
                    ExitCode::from(2)
                }
            }
        }
    }
}
