//! `zhibu-server`: see `zhibu-server --help`. Logs go to stderr, so stdout carries only
//! the listening line and the demo logins.

use clap::Parser;
use std::process::ExitCode;
use tracing_subscriber::EnvFilter;
use zhibu_server::Config;

#[tokio::main]
async fn main() -> ExitCode {
    let config = Config::parse();
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    match zhibu_server::serve(config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("zhibu-server: {e}");
            ExitCode::FAILURE
        }
    }
}
