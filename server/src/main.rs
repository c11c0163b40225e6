//! `zhibu-server`: see `zhibu-server --help`. Logs go to stderr, so stdout carries only
//! the listening line and the demo logins.

use clap::Parser;
use std::process::ExitCode;
use tracing_subscriber::EnvFilter;
use zhibu_server::admin::{Cli, Command};

#[tokio::main]
async fn main() -> ExitCode {
    let Cli { config, command } = Cli::parse();
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    if let Some(Command::Admin(admin)) = command {
        return match zhibu_server::admin::run(&config, &admin).await {
            Ok(out) => {
                print!("{out}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("zhibu-server admin: {e}");
                ExitCode::FAILURE
            }
        };
    }
    match zhibu_server::serve(config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("zhibu-server: {e}");
            ExitCode::FAILURE
        }
    }
}
