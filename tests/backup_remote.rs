//! #28: backups that leave the host, encrypted, over SFTP to a real sshd on loopback.

use serde_json::Value;

use crate::support::Env;
use crate::support::sshd::{self, ClientKey, Sshd};

/// A host of the inventory pointing at the test sshd, its key trusted the documented way.
fn add_vault(env: &Env, server: &Sshd, key: &ClientKey) {
    let port = server.addr.port().to_string();
    env.run(&[
        "inspect",
        "host",
        "add",
        "vault",
        "--addr",
        "127.0.0.1",
        "--port",
        &port,
        "--identity",
        key.private.to_str().expect("utf8"),
        "--threshold",
        "skip=ssh,firewall,exposed-ports,updates,audit,nginx,network",
    ])
    .success();
    env.run(&["inspect", "vault", "--accept-new", "--json"]);
}

fn backups(env: &Env, job: &str) -> Vec<Value> {
    let out = env.run(&["backup", "list", job, "--json"]);
    out.success();
    out.json()["backups"].as_array().expect("backups").clone()
}

fn remote_file(entry: &Value) -> std::path::PathBuf {
    let remote = entry["remote_path"].as_str().expect("remote_path");
    let (host, path) = remote.split_once(':').expect("HOST:/path");
    assert_eq!(host, "vault");
    std::path::PathBuf::from(path)
}

/// Sent to the test sshd over SFTP, encrypted: the remote file holds no plaintext, `verify`
/// reads it back, a tampered copy fails `verify`; on a fresh state (catalog rebuilt from the
/// remote, the key given) the restore returns the original bytes after the local copy is gone;
/// `prune` deletes expired remote copies; without the key nothing leaves.
#[test]
#[expect(clippy::too_many_lines, reason = "one backup's trip, out and back")]
fn an_encrypted_copy_leaves_the_host_and_comes_back() {
    if !sshd::available() {
        return;
    }
    let key = ClientKey::new();
    let server = Sshd::start(&key, None, false);
    let vault = tempfile::tempdir().expect("vault dir");
    let remote = format!("vault:{}", vault.path().display());
    let env = Env::initialized();
    add_vault(&env, &server, &key);
    let secret = "TOP-SECRET-LEDGER-ROW;".repeat(5000);
    let source = env.path("ledger.csv");
    std::fs::write(&source, &secret).expect("source");
    let dest = env.path("local-backups");
    let add = [
        "backup",
        "add",
        "ledger",
        "--kind",
        "files",
        "--source",
        source.to_str().expect("utf8"),
        "--dest",
        dest.to_str().expect("utf8"),
        "--remote",
        &remote,
    ];
    env.run(&add).success();
    // No backup key yet: the backup is kept here and the run says why it did not leave.
    let out = env.run(&["backup", "run", "ledger", "--json"]);
    out.code(2);
    assert!(out.stdout.contains("backup key init"), "{}", out.stdout);
    env.run(&["backup", "key", "init"]).success();
    env.run(&["backup", "key", "init"]).code(2);

    let out = env.run(&["backup", "run", "ledger", "--json"]);
    out.success();
    let entry = backups(&env, "ledger")[0].clone();
    let copy = remote_file(&entry);
    assert!(copy.starts_with(vault.path().join("ledger")), "{copy:?}");
    let sealed = std::fs::read(&copy).expect("remote copy");
    assert!(sealed.len() > 1000);
    assert!(
        !sealed.windows(18).any(|w| w == b"TOP-SECRET-LEDGER-"),
        "the remote copy holds no plaintext"
    );
    let verify = env.run(&["backup", "verify", "ledger", "--json"]);
    verify.success();

    // A changed byte in the middle of the remote copy: verify fails, naming the copy.
    let mut bent = sealed.clone();
    let middle = bent.len() / 2;
    bent[middle] ^= 0x20;
    std::fs::write(&copy, &bent).expect("tamper");
    let verify = env.run(&["backup", "verify", "ledger", "--json"]);
    verify.code(2);
    assert!(verify.stdout.contains("was changed"), "{}", verify.stdout);
    std::fs::write(&copy, &sealed).expect("untamper");
    env.run(&["backup", "verify", "ledger"]).success();

    // The disk is lost: a fresh state with only the backup key and the inventory host.
    std::fs::remove_dir_all(&dest).expect("lose the disk");
    let fresh = Env::initialized();
    add_vault(&fresh, &server, &key);
    let import = ["backup", "remote", "import", &remote, "--json"];
    let keyless = fresh.run(&import);
    keyless.code(64);
    assert!(
        keyless.stdout.contains("backup key init"),
        "{}",
        keyless.stdout
    );
    let stray = fresh.path("stray.key");
    std::fs::copy(fresh.key_file(), &stray).expect("another key");
    let wrong = fresh
        .cmd()
        .env("BIZWINGS_BACKUP_KEY_FILE", &stray)
        .args(&import)
        .run();
    assert_ne!(wrong.code, Some(0));
    assert!(
        wrong.stdout.contains("another backup key"),
        "{}",
        wrong.stdout
    );
    let given = fresh.path("backup.key");
    std::fs::copy(env.path("backup.key"), &given).expect("the key, given");
    let imported = fresh.run(&import);
    imported.success();
    let list = imported.json()["imported"]
        .as_array()
        .expect("imported")
        .clone();
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(
        fresh.run(&import).json()["imported"],
        serde_json::json!([]),
        "once"
    );
    let landing = list[0]["path"].as_str().expect("path");
    assert!(
        landing.starts_with(fresh.path("fetched").to_str().expect("utf8")),
        "an imported copy lands beside the new DB, not where the copy says: {landing}"
    );
    let id = list[0]["id"].to_string();
    let back = fresh.path("ledger.restored.csv");
    fresh
        .run(&[
            "backup",
            "restore",
            &id,
            "--to",
            back.to_str().expect("utf8"),
        ])
        .success();
    assert_eq!(std::fs::read_to_string(&back).expect("restored"), secret);

    // Retention reaches the remote: an older backup goes, its copy with it.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    env.run(&["backup", "run", "ledger"]).success();
    // The keyless run's backup stayed here; the next two went out too.
    let both = backups(&env, "ledger");
    assert_eq!(both.len(), 3);
    assert!(both[2]["remote_path"].is_null());
    let older = remote_file(&both[1]);
    let pruned = env.run(&["backup", "prune", "--now", "2099-01-01T00:00:00Z", "--json"]);
    pruned.success();
    assert!(!older.exists(), "the expired remote copy is deleted");
    assert!(remote_file(&both[0]).exists(), "the newest stays");
}
