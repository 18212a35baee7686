use std::process::ExitCode;

fn main() -> ExitCode {
    // `COMPLETE=bash bizwings` prints the shell's hook; the hook calls back here to complete.
    clap_complete::CompleteEnv::with_factory(bizwings::cli::command).complete();
    match bizwings::cli::parse() {
        Ok(cli) => ExitCode::from(bizwings::cli::run(cli)),
        Err(err) => {
            // clap exits 2 on usage errors, which would read as CRITICAL: use 64 instead.
            let code = if err.use_stderr() {
                bizwings::exit::USAGE
            } else {
                0
            };
            let _ = err.print();
            // `--json` promises one JSON document on stdout, usage errors included.
            if code != 0 && std::env::args_os().any(|a| a == "--json") {
                let text = err.to_string();
                let message = text.lines().next().unwrap_or_default();
                bizwings::output::json_error(message.trim_start_matches("error: "), code);
            }
            ExitCode::from(code)
        }
    }
}
