//! Shell completions and man pages, generated from the clap tree so they never drift from
//! `--help`. `bizwings generate all --out-dir .` refreshes the committed copies; a test checks
//! they are current.

use std::fs;
use std::path::{Path, PathBuf};

use clap::{Args, CommandFactory as _, ValueEnum};
use clap_complete::Shell;

use super::{Cli, Failure, Outcome};
use crate::output;

const SHELLS: [Shell; 5] = [
    Shell::Bash,
    Shell::Zsh,
    Shell::Fish,
    Shell::Elvish,
    Shell::PowerShell,
];

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to generate for
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// What to write
    #[arg(value_enum)]
    pub what: Generated,
    /// Directory that receives completions/ and man/
    #[arg(long, value_name = "DIR")]
    pub out_dir: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Generated {
    Completions,
    Man,
    All,
}

pub(super) fn completions(args: &CompletionsArgs) -> Outcome {
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "bizwings", &mut buf);
    output::raw(&buf)?;
    Ok(0)
}

pub(super) fn run(args: &GenerateArgs) -> Outcome {
    if matches!(args.what, Generated::Completions | Generated::All) {
        let dir = create(&args.out_dir.join("completions"))?;
        for shell in SHELLS {
            clap_complete::generate_to(shell, &mut Cli::command(), "bizwings", &dir).map_err(
                |e| {
                    Failure::context(
                        e,
                        format!("writing {shell} completions to {}", dir.display()),
                    )
                },
            )?;
        }
    }
    if matches!(args.what, Generated::Man | Generated::All) {
        let dir = create(&args.out_dir.join("man"))?;
        clap_mangen::generate_to(Cli::command(), &dir)
            .map_err(|e| Failure::context(e, format!("writing man pages to {}", dir.display())))?;
    }
    Ok(0)
}

fn create(dir: &Path) -> Result<PathBuf, Failure> {
    fs::create_dir_all(dir)
        .map_err(|e| Failure::context(e, format!("creating {}", dir.display())))?;
    Ok(dir.to_owned())
}
