//! Shell completions and man pages, generated from the clap tree so they never drift from
//! `--help`. `bizwings generate all --out-dir .` refreshes the committed copies; a test checks
//! they are current.

use std::fs;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use clap_complete::Shell;

use super::{Failure, Outcome};
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
    clap_complete::generate(args.shell, &mut super::command(), "bizwings", &mut buf);
    output::raw(&buf)?;
    Ok(0)
}

pub(super) fn run(args: &GenerateArgs) -> Outcome {
    if matches!(args.what, Generated::Completions | Generated::All) {
        let dir = create(&args.out_dir.join("completions"))?;
        for shell in SHELLS {
            clap_complete::generate_to(shell, &mut super::command(), "bizwings", &dir).map_err(
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
        let mut cmd = super::command().disable_help_subcommand(true);
        cmd.build();
        man_pages(cmd, &dir)
            .map_err(|e| Failure::context(e, format!("writing man pages to {}", dir.display())))?;
    }
    Ok(0)
}

/// One page per command, as `clap_mangen::generate_to` writes them, plus EXAMPLES (the
/// `Example:` block of the long help) and EXIT STATUS (its `Exit codes:` paragraph, or the
/// codes every command shares).
fn man_pages(cmd: clap::Command, dir: &Path) -> std::io::Result<()> {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned() {
        man_pages(sub, dir)?;
    }
    let about = cmd
        .get_long_about()
        .map(ToString::to_string)
        .unwrap_or_default();
    let after = cmd
        .get_after_long_help()
        .map(ToString::to_string)
        .unwrap_or_default();
    let man = clap_mangen::Man::new(cmd.after_long_help(None::<&str>));
    let mut page = Vec::new();
    man.render(&mut page)?;
    let mut extra = String::new();
    let mut examples = block_after(&about, &["Examples:", "Example:"]);
    if examples.is_empty() {
        examples = block_after(&after, &["Examples:"]);
    }
    if !examples.is_empty() {
        extra.push_str(".SH EXAMPLES\n.nf\n");
        for line in examples.lines() {
            extra.push_str(&roff_line(line.strip_prefix("  ").unwrap_or(line)));
        }
        extra.push_str(".fi\n");
    }
    let codes = block_after(&about, &["Exit codes:"]);
    extra.push_str(".SH \"EXIT STATUS\"\n");
    if codes.is_empty() {
        extra.push_str(&roff_line(
            "0 ok, 1 warning (or changes pending), 2 critical or refused, 3 could not find out (unreachable, cannot run), 64 usage error. With --json the document's \"status\" field says the same.",
        ));
    } else {
        extra.push_str(&roff_line(
            &codes.split_whitespace().collect::<Vec<_>>().join(" "),
        ));
    }
    page.extend_from_slice(extra.as_bytes());
    fs::write(dir.join(man.get_filename()), page)
}

/// The text after the first of `heads` up to the next blank line (the head's own line
/// included when the text goes on there).
fn block_after(text: &str, heads: &[&str]) -> String {
    let Some((at, head)) = heads
        .iter()
        .find_map(|h| text.find(h).map(|at| (at, h.len())))
    else {
        return String::new();
    };
    let rest = text[at + head..].trim_start_matches([' ', '\n']);
    rest.split("\n\n")
        .next()
        .unwrap_or("")
        .trim_end()
        .to_owned()
}

/// A line of text as roff: backslashes and leading dots or quotes escaped, dashes literal.
fn roff_line(line: &str) -> String {
    let text = line.replace('\\', "\\e").replace('-', "\\-");
    if text.starts_with(['.', '\'']) {
        format!("\\&{text}\n")
    } else {
        format!("{text}\n")
    }
}

fn create(dir: &Path) -> Result<PathBuf, Failure> {
    fs::create_dir_all(dir)
        .map_err(|e| Failure::context(e, format!("creating {}", dir.display())))?;
    Ok(dir.to_owned())
}
