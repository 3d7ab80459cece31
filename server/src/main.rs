use std::process::ExitCode;

use clap::Parser;
use prefcentre::{
    cli::{self, Cli},
    config::{Settings, Sources},
    telemetry,
};

fn main() -> ExitCode {
    let cli = Cli::parse();
    telemetry::init();
    let settings = match Settings::load(Sources {
        file: cli.config.as_deref(),
        env: &|key| std::env::var(key).ok(),
    }) {
        Ok(settings) => settings,
        Err(err) => {
            eprintln!("prefcentre: {err}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("prefcentre: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(cli::run(cli.command.unwrap_or_default(), settings)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // One line: the operator reads it in a terminal or a unit's status.
            eprintln!("prefcentre: {}", format!("{err:#}").replace('\n', " "));
            ExitCode::FAILURE
        }
    }
}
