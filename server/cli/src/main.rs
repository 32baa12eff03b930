//! The `chartwright` binary: parses the command line and dispatches to a subcommand.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Language server and command-line tooling for Helm charts.
#[derive(Parser)]
#[command(name = "chartwright", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {}
}
