//! The command tree as a user meets it: help, exit codes, generated completions and man pages.

use std::fs;
use std::path::Path;

use crate::support::Env;

#[test]
fn help_lists_every_subsystem() {
    let out = Env::new().run(&["--help"]);
    out.success();
    for command in [
        "init",
        "sidecar",
        "provider",
        "usage",
        "heartbeat",
        "inspect",
        "backup",
        "alert",
        "completions",
    ] {
        assert!(
            out.stdout
                .lines()
                .any(|l| l.trim_start().starts_with(command)),
            "--help lacks {command}:\n{}",
            out.stdout
        );
    }
    assert!(!out.stdout.contains("generate"), "generate is hidden");
    assert!(out.stdout.contains("Exit codes"));
}

#[test]
fn usage_errors_exit_64_and_version_exits_0() {
    let env = Env::new();
    env.run(&["--no-such-flag"]).code(64);
    env.run(&["provider", "add"]).code(64).stderr_has("--url");
    let out = env.run(&["--version"]);
    out.success();
    assert!(out.stdout.starts_with("bizwings "));
}

#[test]
fn completions_print_a_script() {
    let out = Env::new().run(&["completions", "bash"]);
    out.success();
    assert!(out.stdout.contains("_bizwings()"));
    assert!(out.stdout.contains("rotate-key"));
}

/// The committed completions/ and man/ must equal what the binary generates now; when this
/// fails, run `cargo run -- generate all --out-dir .` and commit the result.
#[test]
fn committed_completions_and_man_pages_are_fresh() {
    let env = Env::new();
    let out_dir = env.path("gen");
    env.run(&[
        "generate",
        "all",
        "--out-dir",
        out_dir.to_str().expect("utf8"),
    ])
    .success();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for sub in ["completions", "man"] {
        let generated = sorted_files(&out_dir.join(sub));
        let committed = sorted_files(&repo.join(sub));
        assert!(!generated.is_empty());
        assert_eq!(
            committed.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            generated.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            "{sub}/ file list is stale: run `cargo run -- generate all --out-dir .`"
        );
        for ((name, want), (_, have)) in generated.iter().zip(&committed) {
            assert!(
                want == have,
                "{sub}/{name} is stale: run `cargo run -- generate all --out-dir .`"
            );
        }
    }
    assert!(out_dir.join("man/bizwings-provider-rotate-key.1").exists());
}

fn sorted_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| {
                    let e = e.expect("entry");
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        fs::read(e.path()).expect("read"),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// #13: `--json` keeps its promise on usage errors, and only `init` creates a state DB.
#[test]
fn usage_errors_speak_json_and_a_missing_db_is_never_created() {
    let env = Env::new();
    let out = env.run(&["provider", "add", "--json"]);
    out.code(64);
    let doc = out.json();
    assert_eq!(doc["status"], "usage");
    assert_eq!(doc["exit_code"], 64);
    let typo = env.path("typo.db");
    for args in [
        &["heartbeat", "status"][..],
        &["backup", "list"],
        &["provider", "list"],
        &["inspect", "host", "list"],
    ] {
        let mut all = vec!["--db", typo.to_str().expect("utf8")];
        all.extend_from_slice(args);
        env.run(&all)
            .code(2)
            .stderr_has("no state db at")
            .stderr_has("bizwings init");
        assert!(!typo.exists(), "{args:?} created {}", typo.display());
    }
}

/// #13: conflicting output flags are a usage error, and `-q` prints nothing on success but
/// still reports a failure.
#[test]
fn output_flags_conflict_and_quiet_silences_only_success() {
    let env = Env::initialized();
    let out = env.run(&["inspect", "--local", "--json", "--nagios"]);
    out.code(64);
    assert_eq!(out.json()["status"], "usage");

    env.run(&["heartbeat", "add", "w1", "--schedule", "*/5 * * * *"])
        .success();
    let quiet = env.run(&["-q", "heartbeat", "list"]);
    quiet.success();
    assert_eq!(quiet.stdout, "", "-q on success prints nothing");
    assert!(env.run(&["heartbeat", "list"]).stdout.contains("w1"));
    // A failure still speaks under -q.
    env.run(&["-q", "heartbeat", "show", "nope"])
        .code(2)
        .stderr_has("nope");
}

/// #13: every `rm` asks on a terminal; without one it needs `--yes` and removes nothing.
#[test]
fn every_rm_confirms_and_takes_yes() {
    let env = Env::initialized();
    env.run(&["heartbeat", "add", "w1", "--schedule", "*/5 * * * *"])
        .success();
    env.run(&["inspect", "host", "add", "h1", "--addr", "127.0.0.1"])
        .success();
    env.run(&["sidecar", "client", "add", "c1"]).success();
    for (rm, list, name) in [
        (
            &["heartbeat", "rm", "w1"][..],
            &["heartbeat", "list"][..],
            "w1",
        ),
        (
            &["inspect", "host", "rm", "h1"],
            &["inspect", "host", "list"],
            "h1",
        ),
        (
            &["sidecar", "client", "rm", "c1"],
            &["sidecar", "client", "list"],
            "c1",
        ),
    ] {
        env.run(rm).code(2).stderr_has("without --yes");
        assert!(env.run(list).stdout.contains(name), "{rm:?} removed it");
        let mut yes = rm.to_vec();
        yes.push("-y");
        env.run(&yes).success();
        assert!(!env.run(list).stdout.contains(name), "{rm:?} -y kept it");
    }
}

/// #13: one vocabulary: durations are `90s`/`2m` everywhere (a bare number still means
/// seconds), and the time-zone flag is `--tz` everywhere.
#[test]
fn durations_and_time_zones_read_the_same_everywhere() {
    let env = Env::initialized();
    env.cmd()
        .args(&[
            "provider",
            "add",
            "p1",
            "--url",
            "http://127.0.0.1:9/v1",
            "--key-stdin",
            "--timeout",
            "2m",
        ])
        .stdin("sk-test-0123456789")
        .run()
        .success();
    let shown = env.run(&["provider", "show", "p1", "--json"]).json();
    assert_eq!(shown["provider"]["timeout_secs"], 120.0, "{shown}");
    env.run(&["provider", "set", "p1", "--timeout", "45s"])
        .success();
    env.run(&["provider", "set", "p1", "--timeout", "2h"])
        .code(64)
        .stderr_has("at most 1h");
    let help = env.run(&["alert", "bridge", "--help"]);
    assert!(help.stdout.contains("--tz <ZONE>"), "{}", help.stdout);
}

/// #13: every leaf command shows examples in `--help` and its man page, and every example
/// line of the table is a command line the parser accepts.
#[test]
fn every_leaf_command_has_examples_that_parse() {
    let cmd = bizwings::cli::command();
    for (path, line) in bizwings::cli::help::all() {
        let words = command_words(line);
        assert_eq!(
            words.first().map(String::as_str),
            Some("bizwings"),
            "{line}"
        );
        if let Err(err) = cmd.clone().try_get_matches_from(&words) {
            panic!("the example of `{path}` does not parse: {line}\n{err}");
        }
    }
    // Long help is one line per paragraph (the terminal wraps it), examples as written.
    let serve = cmd
        .find_subcommand("sidecar")
        .and_then(|s| s.find_subcommand("serve"))
        .and_then(|s| s.get_long_about())
        .map(ToString::to_string)
        .unwrap_or_default();
    let paragraphs: Vec<&str> = serve.split("\n\n").collect();
    assert!(!paragraphs[1].contains('\n'), "{serve}");
    assert!(
        serve.contains("\n  bizwings sidecar serve --listen"),
        "{serve}"
    );
    let mut missing = Vec::new();
    leaves_without_examples(&cmd, "", &mut missing);
    assert!(missing.is_empty(), "no examples: {missing:?}");
}

fn leaves_without_examples(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
    let subs: Vec<_> = cmd.get_subcommands().filter(|s| !s.is_hide_set()).collect();
    if subs.is_empty() {
        let text = |s: Option<&clap::builder::StyledStr>| s.map(ToString::to_string);
        let about = text(cmd.get_long_about()).unwrap_or_default();
        let after = text(cmd.get_after_long_help()).unwrap_or_default();
        if !about.contains("Example") && !after.contains("Examples:") {
            missing.push(path.trim().to_owned());
        }
    }
    for sub in subs {
        if sub.get_name() != "help" {
            leaves_without_examples(sub, &format!("{path} {}", sub.get_name()), missing);
        }
    }
}

/// The words of the `bizwings …` command in a shell line: from the word `bizwings` up to a
/// pipe, redirection, `;`, `&&` or comment; quotes removed.
fn command_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote = None;
    let mut started = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '\'' | '"') => quote = Some(c),
            (None, ' ') => {
                if !word.is_empty() {
                    started |= word == "bizwings";
                    if started {
                        words.push(std::mem::take(&mut word));
                    } else {
                        word.clear();
                    }
                }
            }
            (None, '|' | '>' | ';' | '#' | '&') if started => break,
            (_, c) => word.push(c),
        }
    }
    if started && !word.is_empty() {
        words.push(word);
    }
    words
}

/// #13: the dynamic completion engine (`COMPLETE=bash bizwings`) offers the stored names of
/// providers, agents and backup jobs, and never creates a state DB.
#[test]
fn completion_offers_stored_names() {
    let env = Env::initialized();
    crate::support::upstream::add_provider(
        &env,
        "ds-1",
        "http://127.0.0.1:9/v1",
        "sk-test-0123456789",
        &[],
    );
    env.run(&["heartbeat", "add", "nightly", "--schedule", "15 3 * * *"])
        .success();
    let complete = |words: &[&str]| {
        let mut all = vec!["--", "bizwings"];
        all.extend_from_slice(words);
        env.cmd().env("COMPLETE", "fish").args(&all).run().stdout
    };
    let providers = complete(&["provider", "show", ""]);
    assert!(providers.lines().any(|l| l == "ds-1"), "{providers}");
    let agents = complete(&["heartbeat", "rm", ""]);
    assert!(agents.lines().any(|l| l == "nightly"), "{agents}");
    assert!(!agents.lines().any(|l| l == "ds-1"), "{agents}");

    let fresh = Env::new();
    let out = fresh
        .cmd()
        .env("COMPLETE", "fish")
        .args(&["--", "bizwings", "provider", "show", ""])
        .run();
    out.success();
    assert!(!fresh.db().exists(), "completion created a state DB");
}

/// #30: a secret shown once is for scripts: alone on stdout (the explanation on stderr), also
/// under `-q`, so `$(bizwings -q heartbeat ping-key --rotate)` captures exactly the key.
#[test]
fn a_secret_shown_once_is_alone_on_stdout_even_when_quiet() {
    let env = Env::initialized();
    for (args, prefix) in [
        (&["-q", "heartbeat", "ping-key", "--rotate"][..], "bwp_"),
        (&["-q", "sidecar", "client", "add", "agent"][..], "bwc_"),
        (&["sidecar", "admin-token", "--rotate"][..], ""),
    ] {
        let out = env.run(args);
        out.success();
        let secret = out.stdout.trim_end_matches('\n');
        assert!(
            !secret.is_empty() && !secret.contains('\n'),
            "{args:?}: {:?}",
            out.stdout
        );
        assert!(secret.starts_with(prefix), "{args:?}: {secret}");
        assert!(!secret.contains(' '), "{args:?}: {secret}");
        if !args.contains(&"-q") {
            assert!(
                out.stderr.contains("shown only this once"),
                "{}",
                out.stderr
            );
        }
    }
}

/// #30: what `$(…)` captured under `-q` is the working secret: the client token opens `/v1`,
/// the admin token the admin API, the ping key takes a ping.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn captured_secrets_work() {
    use crate::support::server::Server;
    let env = Env::initialized();
    let _up = crate::support::upstream::provide(
        &env,
        "a",
        crate::support::upstream::Mode::Ok,
        "k-aaaaaaaaaaaaaaaaaaa",
        &["--model", "m"],
    )
    .await;
    let captured = |args: &[&str]| env.run(args).stdout.trim_end_matches('\n').to_owned();
    let token = captured(&["-q", "sidecar", "client", "add", "a"]);
    let admin = captured(&["-q", "sidecar", "admin-token", "--rotate"]);
    let ping_key = captured(&["-q", "heartbeat", "ping-key", "--rotate"]);
    env.run(&["heartbeat", "add", "job", "--schedule", "@hourly"])
        .success();
    let sc = Server::sidecar(&env, &[]);
    let http = reqwest::Client::new();
    let chat = http
        .post(sc.url("/v1/chat/completions"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"model": "m", "messages": []}))
        .send()
        .await
        .expect("send");
    assert_eq!(chat.status(), 200);
    let backends = http
        .get(sc.url("/api/admin/backends"))
        .bearer_auth(&admin)
        .send()
        .await
        .expect("send");
    assert_eq!(backends.status(), 200);
    assert_eq!(sc.terminate(), Some(0));
    let exporter = Server::exporter(&env);
    let ping = http
        .post(format!("http://{}/ping/job", exporter.addr))
        .bearer_auth(&ping_key)
        .send()
        .await
        .expect("send");
    assert_eq!(ping.status(), 200);
    assert_eq!(exporter.terminate(), Some(0));
}
