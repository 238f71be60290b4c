//! The `token-warden` command line: argument parsing and dispatch only. Each command's work lives in
//! the pure modules; the files beside this one turn their results into text.
//!
//! Exit codes: 0 success, 1 the command ran and found something that fails the run (documented per
//! command), 2 bad usage or bad input.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod audit;
mod mcp;
mod scopes;
mod service_account;

/// Keep Atlassian Cloud integrations off personal API tokens.
#[derive(Debug, Parser)]
#[command(name = "token-warden", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scope advice: least-privilege scopes for what an integration does.
    Scopes {
        #[command(subcommand)]
        command: scopes::ScopesCommand,
    },
    /// Audit an org's user API tokens through Atlassian's admin APIs.
    Audit(audit::AuditArgs),
    /// Service accounts through Atlassian's admin APIs (experimental API).
    ServiceAccount {
        #[command(subcommand)]
        command: service_account::ServiceAccountCommand,
    },
    /// Scope advice for AI agents: a Model Context Protocol server on stdin/stdout.
    Mcp,
    /// Developer tools used by the build (not for everyday use).
    #[command(hide = true)]
    Dev {
        #[command(subcommand)]
        what: DevCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum DevCommand {
    /// Print the content script's default page plan as JavaScript.
    DefaultPlan,
    /// Print the message tags of `protocol` as JavaScript (`generated/protocol.js`).
    Protocol,
}

/// Parses the arguments and runs the command.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Scopes { command } => scopes::run(command),
        Command::Audit(args) => audit::run(args),
        Command::ServiceAccount { command } => service_account::run(command),
        Command::Mcp => mcp::run(),
        Command::Dev {
            what: DevCommand::DefaultPlan,
        } => {
            print!("{}", crate::plan::default_plan_js());
            ExitCode::SUCCESS
        }
        Command::Dev {
            what: DevCommand::Protocol,
        } => {
            print!("{}", crate::protocol::protocol_js());
            ExitCode::SUCCESS
        }
    }
}
