//! `token-warden scopes …`: scope advice from specs, code and traffic. (Issue 4.)

use std::process::ExitCode;

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum ScopesCommand {
    /// List the use-case templates and the scopes the solver computes for each.
    Templates,
}

pub fn run(command: ScopesCommand) -> ExitCode {
    match command {
        ScopesCommand::Templates => {
            eprintln!("token-warden: the scope catalog is not built yet");
            ExitCode::from(2)
        }
    }
}
