# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_bizwings_global_optspecs
    string join \n db= master-key-file= json v/verbose q/quiet log-format= h/help V/version
end

function __fish_bizwings_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_bizwings_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_bizwings_using_subcommand
    set -l cmd (__fish_bizwings_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c bizwings -n "__fish_bizwings_needs_command" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_needs_command" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_needs_command" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_needs_command" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_needs_command" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_needs_command" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_needs_command" -s V -l version -d 'Print version'
complete -c bizwings -n "__fish_bizwings_needs_command" -f -a "init" -d 'Create the state database and a master key file if missing'
complete -c bizwings -n "__fish_bizwings_needs_command" -f -a "sidecar" -d 'OpenAI-compatible multi-pool proxy in front of many provider keys'
complete -c bizwings -n "__fish_bizwings_needs_command" -f -a "provider" -d 'Manage upstream provider keys, pools and model mappings'
complete -c bizwings -n "__fish_bizwings_needs_command" -f -a "usage" -d 'Token, cost and error reports from the sidecar\'s accounting'
complete -c bizwings -n "__fish_bizwings_needs_command" -f -a "heartbeat" -d 'Cron-scheduled liveness and task-progress checks of agents and jobs'
complete -c bizwings -n "__fish_bizwings_needs_command" -f -a "inspect" -d 'Server checklist over SSH on many hosts at once'
complete -c bizwings -n "__fish_bizwings_needs_command" -f -a "backup" -d 'SQLite, MySQL and file backups with a checksummed catalog'
complete -c bizwings -n "__fish_bizwings_needs_command" -f -a "alert" -d 'Alertmanager webhooks to Feishu cards'
complete -c bizwings -n "__fish_bizwings_needs_command" -f -a "exporter" -d 'Serve the state as Prometheus metrics (agents, their LLM calls, backups, inspect results, the alert outbox) and take heartbeat pings over HTTP'
complete -c bizwings -n "__fish_bizwings_needs_command" -f -a "apply" -d 'Converge the state to a TOML file (providers, clients, alerts, agents, backups, hosts)'
complete -c bizwings -n "__fish_bizwings_needs_command" -f -a "export" -d 'Print the state as the TOML file `apply` takes (secrets by reference only)'
complete -c bizwings -n "__fish_bizwings_needs_command" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c bizwings -n "__fish_bizwings_needs_command" -f -a "generate" -d 'Write completions and man pages (for packagers and the repo)'
complete -c bizwings -n "__fish_bizwings_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bizwings -n "__fish_bizwings_using_subcommand init" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand init" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand init" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand init" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand init" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand init" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and not __fish_seen_subcommand_from serve client requests request fleet admin-token help" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and not __fish_seen_subcommand_from serve client requests request fleet admin-token help" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and not __fish_seen_subcommand_from serve client requests request fleet admin-token help" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and not __fish_seen_subcommand_from serve client requests request fleet admin-token help" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and not __fish_seen_subcommand_from serve client requests request fleet admin-token help" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and not __fish_seen_subcommand_from serve client requests request fleet admin-token help" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and not __fish_seen_subcommand_from serve client requests request fleet admin-token help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and not __fish_seen_subcommand_from serve client requests request fleet admin-token help" -f -a "serve" -d 'Serve the OpenAI-compatible proxy on /v1/* (and /health)'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and not __fish_seen_subcommand_from serve client requests request fleet admin-token help" -f -a "client" -d 'Client tokens for /v1 (once one exists, every request needs one)'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and not __fish_seen_subcommand_from serve client requests request fleet admin-token help" -f -a "requests" -d 'The request log: who asked for what, each attempt and why the sidecar moved on'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and not __fish_seen_subcommand_from serve client requests request fleet admin-token help" -f -a "request" -d 'One logged request with its attempt chain, by its x-request-id'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and not __fish_seen_subcommand_from serve client requests request fleet admin-token help" -f -a "fleet" -d 'The live sidecars of a fleet (shared mode), read from its Redis'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and not __fish_seen_subcommand_from serve client requests request fleet admin-token help" -f -a "admin-token" -d 'Create the admin API token of the dashboard (stored hashed; printed once)'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and not __fish_seen_subcommand_from serve client requests request fleet admin-token help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -l listen -d 'Address of the proxy [default: 127.0.0.1:9190, or SIDECAR_HOST:SIDECAR_PORT]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -l metrics-listen -d 'Address of the Prometheus /metrics listener, or "off" [default: 127.0.0.1:9191]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -l cooldown-base -d 'First 429 cooldown; it doubles with each 429 in a row [default: 30s]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -l cooldown-max -d 'Longest 429 cooldown [default: 600s]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -l max-retries -d 'Upstream attempts per request, across providers [default: 5]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -l queue-max-depth -d 'Requests that may wait for a rate-limited provider at once [default: 500]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -l queue-timeout -d 'How long a request may wait in the queue [default: 30s]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -l emergency-rpm-fraction -d 'Share of a provider\'s RPM still used while every provider is cooling [default: 0.1]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -l max-body-bytes -d 'Largest request body accepted, in bytes [default: 10485760]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -l reload-interval -d 'How often provider changes are looked for [default: 1s]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -l health-interval -d 'How often each provider is probed with GET <base>/models, or "off" [default: 60s]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -l backup-dir -d 'Directory of the daily online backup of the state DB, or "off" [default: backups/ beside the DB]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -l backup-keep-days -d 'Daily backups kept [default: 7]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -l request-log -d 'How long the request log keeps each request (`sidecar requests`), or "off" [default: 7d]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -l request-log-max-bytes -d 'What the request log may take in the DB, in bytes (the oldest go first) [default: 1073741824]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -l otlp-endpoint -d 'Send a span per request (and per upstream attempt) to this OpenTelemetry collector, as OTLP/HTTP protobuf: its base URL, e.g. http://127.0.0.1:4318 (/v1/traces is added)' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -l demo-429 -d 'With --demo: percent of the demo provider\'s answers that are 429, to watch failover and cooldowns [default: 0]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -l header-timeout -d 'A client must send a whole request header within this; an idle keep-alive connection is closed after it too [default: 30s]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -l body-timeout -d 'Longest pause between two chunks of a request body before it is cut with 408 [default: 30s]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -l max-connections -d 'Connections served at once; more wait for a free slot [default: 1024]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -l max-buffered-bytes -d 'Bytes of request bodies held in memory at once, across requests; beyond it, 503 [default: 67108864]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -l allowed-host -d 'Host name browsers may use to reach /v1, besides loopback and the listen address (repeatable)' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -l allowed-origin -d 'Web origin whose pages may call /v1, e.g. https://app.example.com, or * (repeatable)' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -l passthrough -d 'A /v1 path besides the routed ones (chat, completions, embeddings, responses, messages) to pass to a provider unpriced, with everything under it, e.g. /v1/files (repeatable). Others get 404. A client with budgets needs --allow-passthrough for them' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -l shared -d 'Share each provider\'s limits and cooldowns with every sidecar of the fleet through this Redis (or Valkey): redis://HOST:6379/0 or rediss://… A password belongs in BIZWINGS_SHARED_URL or --shared-url-file, never on the command line' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -l shared-url-file -d 'Read the shared-mode Redis URL from this file (mode 0600 if it holds a password)' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -l fleet -d 'Name of the fleet: sidecars with the same name share limits [default: bizwings]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -l shared-timeout -d 'Longest a Redis call may hold a request before this sidecar routes on local limits for a second; raise it when Redis is across a slow link [default: 50ms]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -l shutdown-grace -d 'How long in-flight requests may run on after SIGTERM [default: 30s]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -l allow-unauthenticated -d 'Serve /v1 on a non-loopback address even without client tokens'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -l demo -d 'Try it without a key: two in-process providers, demo and demo-backup, answer the models demo-chat and demo-embed (creates the state DB if there is none)'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -l shared-required -d 'While Redis is away, refuse requests (503) instead of routing on local limits of RPM ÷ sidecars'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -l shared-exact-budgets -d 'Admit every budgeted request in Redis one by one, instead of leasing this sidecar a slice of each busy client\'s budget to admit against (then each request costs Redis an admission and a settlement besides its pick, and the fleet\'s count is current to the request rather than to a quarter second)'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from client" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from client" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from client" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from client" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from client" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from client" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from client" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from client" -f -a "add" -d 'Create a client token for NAME and print it once (only its hash is stored)'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from client" -f -a "set" -d 'Change a client\'s request rate or budgets (running sidecars apply it within a second)'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from client" -f -a "list" -d 'List clients, their limits and what they used of their budgets'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from client" -f -a "rm" -d 'Remove a client: its token stops working within a second'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from client" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from requests" -l client -d 'Only this client\'s requests (repeatable)' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from requests" -l agent -d 'Only the requests of this heartbeat agent (through its client; repeatable)' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from requests" -l model -d 'Only requests for this model (as the client named it)' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from requests" -l provider -d 'Only requests with an attempt at this provider' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from requests" -l status -d 'Only requests answered with this HTTP status' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from requests" -l since -d 'Only requests in this window, ending now' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from requests" -l slower-than -d 'Only requests slower than this' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from requests" -l limit -d 'At most this many (the newest)' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from requests" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from requests" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from requests" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from requests" -l failed -d 'Only requests that failed or were refused (status 400 and above)'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from requests" -l follow -d 'Keep printing requests as they are logged, until interrupted (JSON: one per line)'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from requests" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from requests" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from requests" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from requests" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from request" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from request" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from request" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from request" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from request" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from request" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from request" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from fleet" -l shared -d 'Share each provider\'s limits and cooldowns with every sidecar of the fleet through this Redis (or Valkey): redis://HOST:6379/0 or rediss://… A password belongs in BIZWINGS_SHARED_URL or --shared-url-file, never on the command line' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from fleet" -l shared-url-file -d 'Read the shared-mode Redis URL from this file (mode 0600 if it holds a password)' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from fleet" -l fleet -d 'Name of the fleet: sidecars with the same name share limits [default: bizwings]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from fleet" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from fleet" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from fleet" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from fleet" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from fleet" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from fleet" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from fleet" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from admin-token" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from admin-token" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from admin-token" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from admin-token" -l rotate -d 'Replace the current token (the old one stops working)'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from admin-token" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from admin-token" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from admin-token" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from admin-token" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from help" -f -a "serve" -d 'Serve the OpenAI-compatible proxy on /v1/* (and /health)'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from help" -f -a "client" -d 'Client tokens for /v1 (once one exists, every request needs one)'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from help" -f -a "requests" -d 'The request log: who asked for what, each attempt and why the sidecar moved on'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from help" -f -a "request" -d 'One logged request with its attempt chain, by its x-request-id'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from help" -f -a "fleet" -d 'The live sidecars of a fleet (shared mode), read from its Redis'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from help" -f -a "admin-token" -d 'Create the admin API token of the dashboard (stored hashed; printed once)'
complete -c bizwings -n "__fish_bizwings_using_subcommand sidecar; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and not __fish_seen_subcommand_from add list show set map unmap enable disable rm rotate-key cooldown import help" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and not __fish_seen_subcommand_from add list show set map unmap enable disable rm rotate-key cooldown import help" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and not __fish_seen_subcommand_from add list show set map unmap enable disable rm rotate-key cooldown import help" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and not __fish_seen_subcommand_from add list show set map unmap enable disable rm rotate-key cooldown import help" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and not __fish_seen_subcommand_from add list show set map unmap enable disable rm rotate-key cooldown import help" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and not __fish_seen_subcommand_from add list show set map unmap enable disable rm rotate-key cooldown import help" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and not __fish_seen_subcommand_from add list show set map unmap enable disable rm rotate-key cooldown import help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and not __fish_seen_subcommand_from add list show set map unmap enable disable rm rotate-key cooldown import help" -f -a "add" -d 'Add an upstream provider: one API key and base URL'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and not __fish_seen_subcommand_from add list show set map unmap enable disable rm rotate-key cooldown import help" -f -a "list" -d 'List providers (keys masked)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and not __fish_seen_subcommand_from add list show set map unmap enable disable rm rotate-key cooldown import help" -f -a "show" -d 'Show one provider with its model mappings'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and not __fish_seen_subcommand_from add list show set map unmap enable disable rm rotate-key cooldown import help" -f -a "set" -d 'Change fields of a provider'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and not __fish_seen_subcommand_from add list show set map unmap enable disable rm rotate-key cooldown import help" -f -a "map" -d 'Map a canonical model name to the provider\'s native model id (replaces an existing mapping)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and not __fish_seen_subcommand_from add list show set map unmap enable disable rm rotate-key cooldown import help" -f -a "unmap" -d 'Remove a model mapping'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and not __fish_seen_subcommand_from add list show set map unmap enable disable rm rotate-key cooldown import help" -f -a "enable" -d 'Let the sidecar route to a provider again (also clears an `error` status)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and not __fish_seen_subcommand_from add list show set map unmap enable disable rm rotate-key cooldown import help" -f -a "disable" -d 'Stop routing to a provider without deleting it'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and not __fish_seen_subcommand_from add list show set map unmap enable disable rm rotate-key cooldown import help" -f -a "rm" -d 'Delete providers and their model mappings (usage history is kept)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and not __fish_seen_subcommand_from add list show set map unmap enable disable rm rotate-key cooldown import help" -f -a "rotate-key" -d 'Replace one provider\'s upstream key, or re-encrypt every secret under a new master key'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and not __fish_seen_subcommand_from add list show set map unmap enable disable rm rotate-key cooldown import help" -f -a "cooldown" -d 'A provider\'s cooldown after rate limits or failures'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and not __fish_seen_subcommand_from add list show set map unmap enable disable rm rotate-key cooldown import help" -f -a "import" -d 'Import providers, model mappings and usage from a Sidecar V2 database (idempotent)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and not __fish_seen_subcommand_from add list show set map unmap enable disable rm rotate-key cooldown import help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from add" -l url -d 'Base URL of the OpenAI-compatible API, e.g. https://api.openai.com/v1' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from add" -l key-file -d 'Read the upstream key from a file' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from add" -l key-env -d 'Read the upstream key from this environment variable' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from add" -l pool -d 'Pool: primary is tried first, fallback when primary has no capacity' -r -f -a "primary\t''
fallback\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from add" -l rpm -d 'Requests per minute allowed on this key [default: 40]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from add" -l max-concurrency -d 'Requests in flight on this key at most; more wait for a slot or go elsewhere [default: no cap]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from add" -l tpm -d 'Tokens per minute allowed on this key (each request reserves its estimate, settled with its real usage) [default: no limit]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from add" -l timeout -d 'Upstream request timeout, e.g. 90s or 2m [default: 120s]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from add" -l label -d 'Display name' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from add" -l model -d 'Serve a canonical model, optionally under another native id (repeatable)' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from add" -l price -d 'Prices of a model given with --model, USD per 1M input,output tokens, optionally then cached input read and written [default: the input price] (repeatable)' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from add" -l dialects -d 'The API dialects the provider serves: chat (OpenAI chat/completions, completions, embeddings), responses (OpenAI Responses), messages (Anthropic Messages) [default: chat, plus each one given a URL below]' -r -f -a "chat\t'OpenAI chat completions (and completions, embeddings, models)'
responses\t'OpenAI Responses'
messages\t'Anthropic Messages'"
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from add" -l responses-url -d 'Serve OpenAI Responses at this base URL (`/responses` is appended; "" means --url)' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from add" -l messages-url -d 'Serve Anthropic Messages at this base URL, what ANTHROPIC_BASE_URL would be, e.g. https://api.deepseek.com/anthropic (`/v1/messages` is appended; "" means --url)' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from add" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from add" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from add" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from add" -l key-stdin -d 'Read the upstream key from stdin'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from add" -l disabled -d 'Add the provider disabled'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from add" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from add" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from list" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from list" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from list" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from list" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from show" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from show" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from show" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from show" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from set" -l rename -d 'New name' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from set" -l url -d 'New base URL' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from set" -l pool -d 'New pool' -r -f -a "primary\t''
fallback\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from set" -l rpm -d 'New requests-per-minute limit' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from set" -l max-concurrency -d 'New cap on requests in flight; 0 removes it' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from set" -l tpm -d 'New tokens-per-minute limit; 0 removes it' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from set" -l timeout -d 'New upstream timeout, e.g. 90s or 2m' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from set" -l label -d 'New display name' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from set" -l dialects -d 'The API dialects the provider serves: chat (OpenAI chat/completions, completions, embeddings), responses (OpenAI Responses), messages (Anthropic Messages) [default: chat, plus each one given a URL below]' -r -f -a "chat\t'OpenAI chat completions (and completions, embeddings, models)'
responses\t'OpenAI Responses'
messages\t'Anthropic Messages'"
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from set" -l responses-url -d 'Serve OpenAI Responses at this base URL (`/responses` is appended; "" means --url)' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from set" -l messages-url -d 'Serve Anthropic Messages at this base URL, what ANTHROPIC_BASE_URL would be, e.g. https://api.deepseek.com/anthropic (`/v1/messages` is appended; "" means --url)' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from set" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from set" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from set" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from set" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from set" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from map" -l in-price -d 'USD per 1M input tokens' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from map" -l out-price -d 'USD per 1M output tokens' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from map" -l cache-read-price -d 'USD per 1M cached input tokens read [default: the input price]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from map" -l cache-write-price -d 'USD per 1M input tokens written to the cache [default: the input price]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from map" -l context-window -d 'Context window in tokens' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from map" -l max-tokens -d 'Largest completion in tokens' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from map" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from map" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from map" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from map" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from map" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from map" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from map" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from unmap" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from unmap" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from unmap" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from unmap" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from unmap" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from unmap" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from unmap" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from enable" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from enable" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from enable" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from enable" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from enable" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from enable" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from enable" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from disable" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from disable" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from disable" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from disable" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from disable" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from disable" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from disable" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from rm" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from rm" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from rm" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from rm" -s y -l yes -d 'Do not ask for confirmation (required when stdin is not a terminal)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from rm" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from rotate-key" -l key-file -d 'Read the upstream key from a file' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from rotate-key" -l key-env -d 'Read the upstream key from this environment variable' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from rotate-key" -l new-key-file -d 'With --master: the new key file (created with a fresh key if missing)' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from rotate-key" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from rotate-key" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from rotate-key" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from rotate-key" -l key-stdin -d 'Read the upstream key from stdin'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from rotate-key" -l master -d 'Re-encrypt every stored secret under a new master key instead'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from rotate-key" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from rotate-key" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from rotate-key" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from rotate-key" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from cooldown" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from cooldown" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from cooldown" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from cooldown" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from cooldown" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from cooldown" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from cooldown" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from cooldown" -f -a "clear" -d 'End it now: running sidecars route to the provider again at their next reload (within a second); with --shared, every sidecar of the fleet at once'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from cooldown" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from import" -l sidecar-v2-db -d 'The Sidecar V2 SQLite file' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from import" -l old-key-file -d 'File with the old 64-hex SIDECAR_ENCRYPTION_KEY' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from import" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from import" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from import" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from import" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from import" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add an upstream provider: one API key and base URL'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from help" -f -a "list" -d 'List providers (keys masked)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one provider with its model mappings'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from help" -f -a "set" -d 'Change fields of a provider'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from help" -f -a "map" -d 'Map a canonical model name to the provider\'s native model id (replaces an existing mapping)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from help" -f -a "unmap" -d 'Remove a model mapping'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from help" -f -a "enable" -d 'Let the sidecar route to a provider again (also clears an `error` status)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from help" -f -a "disable" -d 'Stop routing to a provider without deleting it'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Delete providers and their model mappings (usage history is kept)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from help" -f -a "rotate-key" -d 'Replace one provider\'s upstream key, or re-encrypt every secret under a new master key'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from help" -f -a "cooldown" -d 'A provider\'s cooldown after rate limits or failures'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from help" -f -a "import" -d 'Import providers, model mappings and usage from a Sidecar V2 database (idempotent)'
complete -c bizwings -n "__fish_bizwings_using_subcommand provider; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bizwings -n "__fish_bizwings_using_subcommand usage" -l hours -d 'Report the last N hours [default: 24, or 720 with --daily]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand usage" -l by -d 'Sum over models (provider) or over providers (model) [default: both]' -r -f -a "provider\t''
model\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand usage" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand usage" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand usage" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand usage" -l daily -d 'One row per UTC day instead of per hour'
complete -c bizwings -n "__fish_bizwings_using_subcommand usage" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand usage" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand usage" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand usage" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and not __fish_seen_subcommand_from add set list show rm pause resume ping run status report discover ping-key exporter help" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and not __fish_seen_subcommand_from add set list show rm pause resume ping run status report discover ping-key exporter help" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and not __fish_seen_subcommand_from add set list show rm pause resume ping run status report discover ping-key exporter help" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and not __fish_seen_subcommand_from add set list show rm pause resume ping run status report discover ping-key exporter help" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and not __fish_seen_subcommand_from add set list show rm pause resume ping run status report discover ping-key exporter help" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and not __fish_seen_subcommand_from add set list show rm pause resume ping run status report discover ping-key exporter help" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and not __fish_seen_subcommand_from add set list show rm pause resume ping run status report discover ping-key exporter help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and not __fish_seen_subcommand_from add set list show rm pause resume ping run status report discover ping-key exporter help" -f -a "add" -d 'Register an agent or job with a cron schedule'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and not __fish_seen_subcommand_from add set list show rm pause resume ping run status report discover ping-key exporter help" -f -a "set" -d 'Change an agent (only the given settings)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and not __fish_seen_subcommand_from add set list show rm pause resume ping run status report discover ping-key exporter help" -f -a "list" -d 'List agents and jobs'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and not __fish_seen_subcommand_from add set list show rm pause resume ping run status report discover ping-key exporter help" -f -a "show" -d 'Show one agent'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and not __fish_seen_subcommand_from add set list show rm pause resume ping run status report discover ping-key exporter help" -f -a "rm" -d 'Remove an agent (its beats stay)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and not __fish_seen_subcommand_from add set list show rm pause resume ping run status report discover ping-key exporter help" -f -a "pause" -d 'Stop evaluating an agent until resumed'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and not __fish_seen_subcommand_from add set list show rm pause resume ping run status report discover ping-key exporter help" -f -a "resume" -d 'Evaluate a paused agent again; also lifts the pause of its client (--on-spin pause) and counts its spend since progress from zero'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and not __fish_seen_subcommand_from add set list show rm pause resume ping run status report discover ping-key exporter help" -f -a "ping" -d 'Report from the job itself: success (default), --start, --fail or --exit-code N'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and not __fish_seen_subcommand_from add set list show rm pause resume ping run status report discover ping-key exporter help" -f -a "run" -d 'Check the agents that are due (from cron or a timer), or keep checking with --daemon'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and not __fish_seen_subcommand_from add set list show rm pause resume ping run status report discover ping-key exporter help" -f -a "status" -d 'One row per agent: state, last beat, pending, stuck, blocked, rounds, next start'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and not __fish_seen_subcommand_from add set list show rm pause resume ping run status report discover ping-key exporter help" -f -a "report" -d 'Per agent over a window: beats, triggers sent and failed, tasks worked, stuck incidents and recoveries, round caps, rounds'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and not __fish_seen_subcommand_from add set list show rm pause resume ping run status report discover ping-key exporter help" -f -a "discover" -d 'Add an agent for every workspace under DIR that has none (HEARTBEAT.md or board/)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and not __fish_seen_subcommand_from add set list show rm pause resume ping run status report discover ping-key exporter help" -f -a "ping-key" -d 'Create the key for pings over HTTP, or with --rotate a new one (stored hashed; printed once)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and not __fish_seen_subcommand_from add set list show rm pause resume ping run status report discover ping-key exporter help" -f -a "exporter" -d 'The same as `bizwings exporter`'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and not __fish_seen_subcommand_from add set list show rm pause resume ping run status report discover ping-key exporter help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from add" -l schedule -d 'Crontab schedule (5 fields), e.g. "*/15 * * * *" [add: required; discover: */15]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from add" -l tz -d 'Time zone of the schedule [default: Asia/Shanghai]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from add" -l grace -d 'Slack after a period before the agent counts as stale; bounds a run after --start [default: 5m]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from add" -l source -d 'Task source KIND:SPEC (repeatable; replaces the list on `set`)' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from add" -l stagnant-after -d 'An in-progress task without an update for this long is stuck [default: 20m]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from add" -l max-rounds -d 'Round cap per task [default: 50]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from add" -l warn-rounds-pct -d 'Warn at this share of the round cap [default: 80]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from add" -l owner -d 'Receiver told of every state change (instead of the alert routes)' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from add" -l escalate -d 'Receiver also told when the agent turns critical' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from add" -l label -d 'Display name' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from add" -l trigger -d 'What starts the agent\'s turn when it has work: command:CMD or http:URL (POST of JSON); off removes it' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from add" -l trigger-message -d 'The trigger\'s message; {agent}, {label}, {pending}, {stuck}, {blocked} and {due} are filled in' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from add" -l trigger-token-env -d 'Environment variable of `heartbeat run` whose value an HTTP trigger sends as its bearer token (the token itself is never stored); off removes it' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from add" -l trigger-always -d 'Trigger even when nothing is pending [default: false]' -r -f -a "true\t''
false\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from add" -l trigger-timeout -d 'A trigger still running after this is killed and counts as failed [default: 1m]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from add" -l offset -d 'Start this long after each slot, or auto: spread over the period among the agents with a trigger on the same schedule [default: auto]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from add" -l fail-after -d 'Failed triggers in a row that make the agent critical ("not responding") [default: 3]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from add" -l on-stuck -d 'Run this once per task stuck at two beats in a row (command:CMD), or off' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from add" -l client -d 'The sidecar client token the agent calls LLMs with, for its agent_429_error_rate and agent_response_time_seconds; off: the client of its own name [default: its name]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from add" -l spin-warn-tokens -d 'Warning when the agent\'s client spent this many tokens since a task last moved (k and M suffixes; 0: off) [default: 500k]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from add" -l spin-critical-tokens -d 'Critical at this many tokens since a task last moved (0: off) [default: 2M]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from add" -l spin-warn-usd -d 'Warning when the agent\'s client spent this many dollars since a task last moved (0: off) [default: 2]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from add" -l spin-critical-usd -d 'Critical at this many dollars since a task last moved (0: off) [default: 10]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from add" -l on-spin -d 'At critical spinning also: pause (the sidecar refuses the agent\'s client with 429 `x-bizwings-limit: paused` until `heartbeat resume`), command:CMD (run once), or off' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from add" -l turn-window -d 'After a trigger was answered, the agent must show life within this: LLM calls through its client, a task update or a ping [default: 10m]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from add" -l silent-after -d 'Silent turns in a row that make the agent critical ("not working") [default: 3]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from add" -l ack -d 'Text in the trigger\'s answer that says the turn ran (e.g. a gateway\'s "completed"); off removes it' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from add" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from add" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from add" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from add" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from add" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from set" -l schedule -d 'Crontab schedule (5 fields), e.g. "*/15 * * * *" [add: required; discover: */15]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from set" -l tz -d 'Time zone of the schedule [default: Asia/Shanghai]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from set" -l grace -d 'Slack after a period before the agent counts as stale; bounds a run after --start [default: 5m]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from set" -l source -d 'Task source KIND:SPEC (repeatable; replaces the list on `set`)' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from set" -l stagnant-after -d 'An in-progress task without an update for this long is stuck [default: 20m]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from set" -l max-rounds -d 'Round cap per task [default: 50]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from set" -l warn-rounds-pct -d 'Warn at this share of the round cap [default: 80]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from set" -l owner -d 'Receiver told of every state change (instead of the alert routes)' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from set" -l escalate -d 'Receiver also told when the agent turns critical' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from set" -l label -d 'Display name' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from set" -l trigger -d 'What starts the agent\'s turn when it has work: command:CMD or http:URL (POST of JSON); off removes it' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from set" -l trigger-message -d 'The trigger\'s message; {agent}, {label}, {pending}, {stuck}, {blocked} and {due} are filled in' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from set" -l trigger-token-env -d 'Environment variable of `heartbeat run` whose value an HTTP trigger sends as its bearer token (the token itself is never stored); off removes it' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from set" -l trigger-always -d 'Trigger even when nothing is pending [default: false]' -r -f -a "true\t''
false\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from set" -l trigger-timeout -d 'A trigger still running after this is killed and counts as failed [default: 1m]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from set" -l offset -d 'Start this long after each slot, or auto: spread over the period among the agents with a trigger on the same schedule [default: auto]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from set" -l fail-after -d 'Failed triggers in a row that make the agent critical ("not responding") [default: 3]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from set" -l on-stuck -d 'Run this once per task stuck at two beats in a row (command:CMD), or off' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from set" -l client -d 'The sidecar client token the agent calls LLMs with, for its agent_429_error_rate and agent_response_time_seconds; off: the client of its own name [default: its name]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from set" -l spin-warn-tokens -d 'Warning when the agent\'s client spent this many tokens since a task last moved (k and M suffixes; 0: off) [default: 500k]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from set" -l spin-critical-tokens -d 'Critical at this many tokens since a task last moved (0: off) [default: 2M]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from set" -l spin-warn-usd -d 'Warning when the agent\'s client spent this many dollars since a task last moved (0: off) [default: 2]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from set" -l spin-critical-usd -d 'Critical at this many dollars since a task last moved (0: off) [default: 10]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from set" -l on-spin -d 'At critical spinning also: pause (the sidecar refuses the agent\'s client with 429 `x-bizwings-limit: paused` until `heartbeat resume`), command:CMD (run once), or off' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from set" -l turn-window -d 'After a trigger was answered, the agent must show life within this: LLM calls through its client, a task update or a ping [default: 10m]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from set" -l silent-after -d 'Silent turns in a row that make the agent critical ("not working") [default: 3]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from set" -l ack -d 'Text in the trigger\'s answer that says the turn ran (e.g. a gateway\'s "completed"); off removes it' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from set" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from set" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from set" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from set" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from set" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from list" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from list" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from list" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from list" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from show" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from show" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from show" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from show" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from rm" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from rm" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from rm" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from rm" -s y -l yes -d 'Do not ask for confirmation (required when stdin is not a terminal)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from rm" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from pause" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from pause" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from pause" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from pause" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from pause" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from pause" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from pause" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from resume" -l shared -d 'Share each provider\'s limits and cooldowns with every sidecar of the fleet through this Redis (or Valkey): redis://HOST:6379/0 or rediss://… A password belongs in BIZWINGS_SHARED_URL or --shared-url-file, never on the command line' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from resume" -l shared-url-file -d 'Read the shared-mode Redis URL from this file (mode 0600 if it holds a password)' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from resume" -l fleet -d 'Name of the fleet: sidecars with the same name share limits [default: bizwings]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from resume" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from resume" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from resume" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from resume" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from resume" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from resume" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from resume" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from ping" -l exit-code -d 'The run\'s exit code: 0 is success, anything else a failure' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from ping" -l message -d 'A note kept with the ping' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from ping" -l rid -d 'Run id: tells overlapping runs apart and measures each from its --start' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from ping" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from ping" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from ping" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from ping" -l start -d 'The run starts now (the grace period bounds its length)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from ping" -l fail -d 'The run failed'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from ping" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from ping" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from ping" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from ping" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from run" -l now -d 'Pretend it is this time (RFC 3339), for tests and what-ifs' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from run" -l shared -d 'Share each provider\'s limits and cooldowns with every sidecar of the fleet through this Redis (or Valkey): redis://HOST:6379/0 or rediss://… A password belongs in BIZWINGS_SHARED_URL or --shared-url-file, never on the command line' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from run" -l shared-url-file -d 'Read the shared-mode Redis URL from this file (mode 0600 if it holds a password)' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from run" -l fleet -d 'Name of the fleet: sidecars with the same name share limits [default: bizwings]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from run" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from run" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from run" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from run" -l once -d 'Each due agent once, then exit (the default)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from run" -l daemon -d 'Keep running on the agents\' schedules until SIGTERM'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from run" -l force -d 'Evaluate the named agents now, due or not'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from run" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from run" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from run" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from run" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from status" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from status" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from status" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from status" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from status" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from report" -l since -d 'The window, ending now' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from report" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from report" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from report" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from report" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from report" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from report" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from report" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from discover" -l schedule -d 'Crontab schedule (5 fields), e.g. "*/15 * * * *" [add: required; discover: */15]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from discover" -l tz -d 'Time zone of the schedule [default: Asia/Shanghai]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from discover" -l grace -d 'Slack after a period before the agent counts as stale; bounds a run after --start [default: 5m]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from discover" -l source -d 'Task source KIND:SPEC (repeatable; replaces the list on `set`)' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from discover" -l stagnant-after -d 'An in-progress task without an update for this long is stuck [default: 20m]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from discover" -l max-rounds -d 'Round cap per task [default: 50]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from discover" -l warn-rounds-pct -d 'Warn at this share of the round cap [default: 80]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from discover" -l owner -d 'Receiver told of every state change (instead of the alert routes)' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from discover" -l escalate -d 'Receiver also told when the agent turns critical' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from discover" -l label -d 'Display name' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from discover" -l trigger -d 'What starts the agent\'s turn when it has work: command:CMD or http:URL (POST of JSON); off removes it' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from discover" -l trigger-message -d 'The trigger\'s message; {agent}, {label}, {pending}, {stuck}, {blocked} and {due} are filled in' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from discover" -l trigger-token-env -d 'Environment variable of `heartbeat run` whose value an HTTP trigger sends as its bearer token (the token itself is never stored); off removes it' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from discover" -l trigger-always -d 'Trigger even when nothing is pending [default: false]' -r -f -a "true\t''
false\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from discover" -l trigger-timeout -d 'A trigger still running after this is killed and counts as failed [default: 1m]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from discover" -l offset -d 'Start this long after each slot, or auto: spread over the period among the agents with a trigger on the same schedule [default: auto]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from discover" -l fail-after -d 'Failed triggers in a row that make the agent critical ("not responding") [default: 3]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from discover" -l on-stuck -d 'Run this once per task stuck at two beats in a row (command:CMD), or off' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from discover" -l client -d 'The sidecar client token the agent calls LLMs with, for its agent_429_error_rate and agent_response_time_seconds; off: the client of its own name [default: its name]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from discover" -l spin-warn-tokens -d 'Warning when the agent\'s client spent this many tokens since a task last moved (k and M suffixes; 0: off) [default: 500k]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from discover" -l spin-critical-tokens -d 'Critical at this many tokens since a task last moved (0: off) [default: 2M]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from discover" -l spin-warn-usd -d 'Warning when the agent\'s client spent this many dollars since a task last moved (0: off) [default: 2]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from discover" -l spin-critical-usd -d 'Critical at this many dollars since a task last moved (0: off) [default: 10]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from discover" -l on-spin -d 'At critical spinning also: pause (the sidecar refuses the agent\'s client with 429 `x-bizwings-limit: paused` until `heartbeat resume`), command:CMD (run once), or off' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from discover" -l turn-window -d 'After a trigger was answered, the agent must show life within this: LLM calls through its client, a task update or a ping [default: 10m]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from discover" -l silent-after -d 'Silent turns in a row that make the agent critical ("not working") [default: 3]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from discover" -l ack -d 'Text in the trigger\'s answer that says the turn ran (e.g. a gateway\'s "completed"); off removes it' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from discover" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from discover" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from discover" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from discover" -l dry-run -d 'Only say what would be added'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from discover" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from discover" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from discover" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from discover" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from ping-key" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from ping-key" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from ping-key" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from ping-key" -l rotate -d 'Replace the current key (the old one stops working)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from ping-key" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from ping-key" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from ping-key" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from ping-key" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from exporter" -l listen -d 'Listen address; pings beyond loopback need a ping key (BIZWINGS_PING_KEY or `heartbeat ping-key --rotate`)' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from exporter" -l min-interval -d 'Scrapes within this of the last one get the same values (the DB is read at most once per interval)' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from exporter" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from exporter" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from exporter" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from exporter" -l ping-create -d 'A ping with ?create=1 creates an unknown job (daily, 1h grace, UTC) instead of 404'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from exporter" -l badges -d 'Serve an SVG status badge per agent (/badge/NAME.svg) and for all (/badge.svg), without a key: anyone who can reach the listener sees the states'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from exporter" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from exporter" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from exporter" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from exporter" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from help" -f -a "add" -d 'Register an agent or job with a cron schedule'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from help" -f -a "set" -d 'Change an agent (only the given settings)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from help" -f -a "list" -d 'List agents and jobs'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one agent'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Remove an agent (its beats stay)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from help" -f -a "pause" -d 'Stop evaluating an agent until resumed'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from help" -f -a "resume" -d 'Evaluate a paused agent again; also lifts the pause of its client (--on-spin pause) and counts its spend since progress from zero'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from help" -f -a "ping" -d 'Report from the job itself: success (default), --start, --fail or --exit-code N'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from help" -f -a "run" -d 'Check the agents that are due (from cron or a timer), or keep checking with --daemon'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from help" -f -a "status" -d 'One row per agent: state, last beat, pending, stuck, blocked, rounds, next start'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from help" -f -a "report" -d 'Per agent over a window: beats, triggers sent and failed, tasks worked, stuck incidents and recoveries, round caps, rounds'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from help" -f -a "discover" -d 'Add an agent for every workspace under DIR that has none (HEARTBEAT.md or board/)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from help" -f -a "ping-key" -d 'Create the key for pings over HTTP, or with --rotate a new one (stored hashed; printed once)'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from help" -f -a "exporter" -d 'The same as `bizwings exporter`'
complete -c bizwings -n "__fish_bizwings_using_subcommand heartbeat; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and not __fish_seen_subcommand_from host history threshold predeploy help" -l group -d 'Only hosts in this group' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and not __fish_seen_subcommand_from host history threshold predeploy help" -l concurrency -d 'Hosts checked at once' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and not __fish_seen_subcommand_from host history threshold predeploy help" -l timeout -d 'Time allowed per host, e.g. 10s' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and not __fish_seen_subcommand_from host history threshold predeploy help" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and not __fish_seen_subcommand_from host history threshold predeploy help" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and not __fish_seen_subcommand_from host history threshold predeploy help" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and not __fish_seen_subcommand_from host history threshold predeploy help" -l all -d 'Every host in the inventory (the default when no host is named)'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and not __fish_seen_subcommand_from host history threshold predeploy help" -l local -d 'Check this machine, without SSH; alone unless hosts, --group or --all are given too'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and not __fish_seen_subcommand_from host history threshold predeploy help" -l nagios -d 'One line per host in Nagios plugin format, with perfdata'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and not __fish_seen_subcommand_from host history threshold predeploy help" -l summary -d 'One row per host instead of a table per host'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and not __fish_seen_subcommand_from host history threshold predeploy help" -l accept-new -d 'Trust and record host keys seen for the first time'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and not __fish_seen_subcommand_from host history threshold predeploy help" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and not __fish_seen_subcommand_from host history threshold predeploy help" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and not __fish_seen_subcommand_from host history threshold predeploy help" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and not __fish_seen_subcommand_from host history threshold predeploy help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and not __fish_seen_subcommand_from host history threshold predeploy help" -a "host" -d 'Manage the inventory'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and not __fish_seen_subcommand_from host history threshold predeploy help" -a "history" -d 'Trends of each check over past runs'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and not __fish_seen_subcommand_from host history threshold predeploy help" -a "threshold" -d 'Thresholds for every host or for a group'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and not __fish_seen_subcommand_from host history threshold predeploy help" -a "predeploy" -d 'The deployment SOP\'s pre-checks for a service, then (with --backup) its backups'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and not __fish_seen_subcommand_from host history threshold predeploy help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from host" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from host" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from host" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from host" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from host" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from host" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from host" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from host" -f -a "add" -d 'Add a host to the inventory'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from host" -f -a "set" -d 'Change a host (only the given settings)'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from host" -f -a "list" -d 'List hosts'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from host" -f -a "show" -d 'Show one host'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from host" -f -a "rm" -d 'Remove a host (its history stays)'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from host" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from history" -l since -d 'How far back, e.g. 7d' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from history" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from history" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from history" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from history" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from history" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from history" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from threshold" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from threshold" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from threshold" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from threshold" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from threshold" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from threshold" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from threshold" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from threshold" -f -a "set" -d 'Set a threshold for every host, or with --group for that group\'s hosts, e.g. disk_warn=75 (a host\'s own --threshold wins, then its groups\', then the global one)'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from threshold" -f -a "list" -d 'The thresholds in force, globally or for a group, and where each comes from'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from threshold" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from predeploy" -l group -d 'Only hosts in this group' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from predeploy" -l concurrency -d 'Hosts checked at once' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from predeploy" -l timeout -d 'Time allowed per host, e.g. 10s' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from predeploy" -l service -d 'The service being deployed: its own unit may hold --port (a redeploy)' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from predeploy" -l port -d 'The port it will listen on: free, or held by --service' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from predeploy" -l path -d 'Where it is deployed: that filesystem needs --min-free' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from predeploy" -l needs -d 'What must be up first, comma-separated: systemd services, or :PORT for a listener' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from predeploy" -l min-free -d 'Least free space on --path\'s filesystem, %' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from predeploy" -l max-cpu -d 'Most CPU busy, %' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from predeploy" -l max-mem -d 'Most memory used, %' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from predeploy" -l backup -d 'A backup job to run once the checks pass, before answering OK (repeatable)' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from predeploy" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from predeploy" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from predeploy" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from predeploy" -l all -d 'Every host in the inventory (the default when no host is named)'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from predeploy" -l local -d 'Check this machine, without SSH; alone unless hosts, --group or --all are given too'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from predeploy" -l nagios -d 'One line per host in Nagios plugin format, with perfdata'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from predeploy" -l summary -d 'One row per host instead of a table per host'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from predeploy" -l accept-new -d 'Trust and record host keys seen for the first time'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from predeploy" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from predeploy" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from predeploy" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from predeploy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from help" -f -a "host" -d 'Manage the inventory'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from help" -f -a "history" -d 'Trends of each check over past runs'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from help" -f -a "threshold" -d 'Thresholds for every host or for a group'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from help" -f -a "predeploy" -d 'The deployment SOP\'s pre-checks for a service, then (with --backup) its backups'
complete -c bizwings -n "__fish_bizwings_using_subcommand inspect; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and not __fish_seen_subcommand_from add list run verify prune restore snapshot diff key remote rm help" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and not __fish_seen_subcommand_from add list run verify prune restore snapshot diff key remote rm help" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and not __fish_seen_subcommand_from add list run verify prune restore snapshot diff key remote rm help" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and not __fish_seen_subcommand_from add list run verify prune restore snapshot diff key remote rm help" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and not __fish_seen_subcommand_from add list run verify prune restore snapshot diff key remote rm help" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and not __fish_seen_subcommand_from add list run verify prune restore snapshot diff key remote rm help" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and not __fish_seen_subcommand_from add list run verify prune restore snapshot diff key remote rm help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and not __fish_seen_subcommand_from add list run verify prune restore snapshot diff key remote rm help" -f -a "add" -d 'Define a backup job'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and not __fish_seen_subcommand_from add list run verify prune restore snapshot diff key remote rm help" -f -a "list" -d 'List jobs, or the backups of one job'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and not __fish_seen_subcommand_from add list run verify prune restore snapshot diff key remote rm help" -f -a "run" -d 'Run backup jobs (the built-in `state` job backs up bizwings\' own DB)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and not __fish_seen_subcommand_from add list run verify prune restore snapshot diff key remote rm help" -f -a "verify" -d 'Re-check backups: checksum, and that each can be read back'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and not __fish_seen_subcommand_from add list run verify prune restore snapshot diff key remote rm help" -f -a "prune" -d 'Delete backups past their job\'s retention (never a job\'s newest good backup)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and not __fish_seen_subcommand_from add list run verify prune restore snapshot diff key remote rm help" -f -a "restore" -d 'Restore a backup by id (see `backup list NAME`)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and not __fish_seen_subcommand_from add list run verify prune restore snapshot diff key remote rm help" -f -a "snapshot" -d 'Copy files into the catalog before changing them (one job per path, `snap-…`, kept 90 days; restore with `backup restore ID --apply`)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and not __fish_seen_subcommand_from add list run verify prune restore snapshot diff key remote rm help" -f -a "diff" -d 'Show what changed in a file since a backup of it (`diff -u`, backup first)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and not __fish_seen_subcommand_from add list run verify prune restore snapshot diff key remote rm help" -f -a "key" -d 'The key backups are encrypted under when they leave the host'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and not __fish_seen_subcommand_from add list run verify prune restore snapshot diff key remote rm help" -f -a "remote" -d 'Backups kept on another host'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and not __fish_seen_subcommand_from add list run verify prune restore snapshot diff key remote rm help" -f -a "rm" -d 'Remove a job (its backups and catalog are kept)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and not __fish_seen_subcommand_from add list run verify prune restore snapshot diff key remote rm help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from add" -l kind -d 'What to back up' -r -f -a "sqlite\t''
mysql\t''
files\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from add" -l source -d 'The SQLite file, the databases (\'*\' for all), or the directory or files' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from add" -l dest -d 'Directory for the backup files (created 0700 if missing)' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from add" -l retention -d 'How long backups are kept, e.g. 30d, 12h [default: by category]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from add" -l category -d 'Retention class [default: db for sqlite/mysql, data for a directory, config for files]' -r -f -a "db\t''
config\t''
data\t''
logs\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from add" -l mysql-host -d 'MySQL host' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from add" -l mysql-port -d 'MySQL port' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from add" -l mysql-socket -d 'MySQL socket' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from add" -l mysql-user -d 'MySQL user' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from add" -l mysql-defaults-file -d 'MySQL option file with the credentials' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from add" -l remote -d 'Also send each backup, encrypted under the backup key, to HOST:/dir over SFTP (HOST from `inspect host list`, its host key already trusted)' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from add" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from add" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from add" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from add" -l mysql-password-stdin -d 'Read the MySQL password from stdin (stored encrypted)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from add" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from add" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from list" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from list" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from list" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from list" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from run" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from run" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from run" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from run" -l all -d 'Run every job'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from run" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from run" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from run" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from run" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from verify" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from verify" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from verify" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from verify" -l all -d 'Check every backup (the default)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from verify" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from verify" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from prune" -l now -d 'Pretend it is this time (RFC 3339), for tests and what-ifs' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from prune" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from prune" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from prune" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from prune" -l dry-run -d 'Show what would be deleted, delete nothing'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from prune" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from prune" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from prune" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from prune" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from restore" -l to -d 'Where to restore a SQLite DB or file (a new path), or a directory archive (an empty or new directory)' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from restore" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from restore" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from restore" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from restore" -l apply -d 'Put it back where it came from: MySQL runs the import; a SQLite DB or file replaces the job\'s source (the current one is kept beside it as SOURCE.before-restore-TIME). Asks first'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from restore" -s y -l yes -d 'With --apply: do not ask (required when stdin is not a terminal)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from restore" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from restore" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from restore" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from restore" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from snapshot" -l dest -d 'Where the copies go [default: snapshots/ beside the state DB]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from snapshot" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from snapshot" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from snapshot" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from snapshot" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from snapshot" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from snapshot" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from snapshot" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from diff" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from diff" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from diff" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from diff" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from diff" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from diff" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from key" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from key" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from key" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from key" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from key" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from key" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from key" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from key" -f -a "init" -d 'Create the backup key (backup.key beside the DB, or BIZWINGS_BACKUP_KEY_FILE); keep a copy off this host: without it no remote copy can be restored'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from key" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from remote" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from remote" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from remote" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from remote" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from remote" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from remote" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from remote" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from remote" -f -a "import" -d 'Enter the copies kept at HOST:/dir into the catalog (a new host restoring from them)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from remote" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from rm" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from rm" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from rm" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from rm" -s y -l yes -d 'Do not ask for confirmation (required when stdin is not a terminal)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from rm" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "add" -d 'Define a backup job'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "list" -d 'List jobs, or the backups of one job'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "run" -d 'Run backup jobs (the built-in `state` job backs up bizwings\' own DB)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Re-check backups: checksum, and that each can be read back'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "prune" -d 'Delete backups past their job\'s retention (never a job\'s newest good backup)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "restore" -d 'Restore a backup by id (see `backup list NAME`)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "snapshot" -d 'Copy files into the catalog before changing them (one job per path, `snap-…`, kept 90 days; restore with `backup restore ID --apply`)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "diff" -d 'Show what changed in a file since a backup of it (`diff -u`, backup first)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "key" -d 'The key backups are encrypted under when they leave the host'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "remote" -d 'Backups kept on another host'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Remove a job (its backups and catalog are kept)'
complete -c bizwings -n "__fish_bizwings_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and not __fish_seen_subcommand_from bridge receiver route test history outbox help" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and not __fish_seen_subcommand_from bridge receiver route test history outbox help" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and not __fish_seen_subcommand_from bridge receiver route test history outbox help" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and not __fish_seen_subcommand_from bridge receiver route test history outbox help" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and not __fish_seen_subcommand_from bridge receiver route test history outbox help" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and not __fish_seen_subcommand_from bridge receiver route test history outbox help" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and not __fish_seen_subcommand_from bridge receiver route test history outbox help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and not __fish_seen_subcommand_from bridge receiver route test history outbox help" -f -a "bridge" -d 'Receive Alertmanager webhooks and deliver Feishu cards'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and not __fish_seen_subcommand_from bridge receiver route test history outbox help" -f -a "receiver" -d 'Manage receivers (Feishu bots, JSON webhooks or commands)'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and not __fish_seen_subcommand_from bridge receiver route test history outbox help" -f -a "route" -d 'Manage routes from alert labels to receivers'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and not __fish_seen_subcommand_from bridge receiver route test history outbox help" -f -a "test" -d 'Send a sample card to a receiver now'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and not __fish_seen_subcommand_from bridge receiver route test history outbox help" -f -a "history" -d 'Alerts received by the bridge'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and not __fish_seen_subcommand_from bridge receiver route test history outbox help" -f -a "outbox" -d 'Messages waiting for delivery or given up on'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and not __fish_seen_subcommand_from bridge receiver route test history outbox help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from bridge" -l listen -d 'Address of the webhook listener [default: 127.0.0.1:9094]' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from bridge" -l tz -d 'Time zone of the times on cards (as `heartbeat add --tz`)' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from bridge" -l dashboard-url -d 'Dashboard linked from cards of alerts that carry no generator URL' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from bridge" -l max-age -d 'Give up on a message this old' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from bridge" -l name -d 'Name shown in the card footer' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from bridge" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from bridge" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from bridge" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from bridge" -l allow-unauthenticated -d 'Listen beyond loopback even without BIZWINGS_ALERT_TOKEN or BIZWINGS_ALERT_BASIC_AUTH'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from bridge" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from bridge" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from bridge" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from bridge" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from receiver" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from receiver" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from receiver" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from receiver" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from receiver" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from receiver" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from receiver" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from receiver" -f -a "add" -d 'Add a Feishu bot or JSON webhook (URL and secret from stdin or the environment), or a command'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from receiver" -f -a "list" -d 'List receivers (webhook tokens masked)'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from receiver" -f -a "rm" -d 'Remove a receiver and its routes'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from receiver" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from route" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from route" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from route" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from route" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from route" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from route" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from route" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from route" -f -a "add" -d 'Append a route: alerts whose labels match go to the receiver'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from route" -f -a "list" -d 'List routes in order'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from route" -f -a "rm" -d 'Remove a route by id'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from route" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from test" -l severity -d 'Severity of the sample' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from test" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from test" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from test" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from test" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from test" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from test" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from test" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from history" -l since -d 'How far back, e.g. 1d, 6h' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from history" -l limit -d 'At most this many' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from history" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from history" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from history" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from history" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from history" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from history" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from outbox" -l limit -d 'At most this many' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from outbox" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from outbox" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from outbox" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from outbox" -l all -d 'Include delivered messages'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from outbox" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from outbox" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from outbox" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from outbox" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from help" -f -a "bridge" -d 'Receive Alertmanager webhooks and deliver Feishu cards'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from help" -f -a "receiver" -d 'Manage receivers (Feishu bots, JSON webhooks or commands)'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from help" -f -a "route" -d 'Manage routes from alert labels to receivers'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from help" -f -a "test" -d 'Send a sample card to a receiver now'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from help" -f -a "history" -d 'Alerts received by the bridge'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from help" -f -a "outbox" -d 'Messages waiting for delivery or given up on'
complete -c bizwings -n "__fish_bizwings_using_subcommand alert; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bizwings -n "__fish_bizwings_using_subcommand exporter" -l listen -d 'Listen address; pings beyond loopback need a ping key (BIZWINGS_PING_KEY or `heartbeat ping-key --rotate`)' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand exporter" -l min-interval -d 'Scrapes within this of the last one get the same values (the DB is read at most once per interval)' -r
complete -c bizwings -n "__fish_bizwings_using_subcommand exporter" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand exporter" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand exporter" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand exporter" -l ping-create -d 'A ping with ?create=1 creates an unknown job (daily, 1h grace, UTC) instead of 404'
complete -c bizwings -n "__fish_bizwings_using_subcommand exporter" -l badges -d 'Serve an SVG status badge per agent (/badge/NAME.svg) and for all (/badge.svg), without a key: anyone who can reach the listener sees the states'
complete -c bizwings -n "__fish_bizwings_using_subcommand exporter" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand exporter" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand exporter" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand exporter" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand apply" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand apply" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand apply" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand apply" -l dry-run -d 'Show what would change, change nothing; exit 1 when something would'
complete -c bizwings -n "__fish_bizwings_using_subcommand apply" -l prune -d 'Also remove what the file does not name (of every kind it manages)'
complete -c bizwings -n "__fish_bizwings_using_subcommand apply" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand apply" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand apply" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand apply" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand export" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand export" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand export" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand export" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand export" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand export" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand completions" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand completions" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand completions" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand completions" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand completions" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand completions" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand generate" -l out-dir -d 'Directory that receives completions/ and man/' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand generate" -l db -d 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand generate" -l master-key-file -d 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]' -r -F
complete -c bizwings -n "__fish_bizwings_using_subcommand generate" -l log-format -d 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]' -r -f -a "auto\t'Human on a terminal or plain stderr, JSON under systemd'
human\t''
json\t''"
complete -c bizwings -n "__fish_bizwings_using_subcommand generate" -l json -d 'Print one machine-readable JSON document on stdout instead of tables'
complete -c bizwings -n "__fish_bizwings_using_subcommand generate" -s v -l verbose -d 'More log output on stderr (repeat for more)'
complete -c bizwings -n "__fish_bizwings_using_subcommand generate" -s q -l quiet -d 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
complete -c bizwings -n "__fish_bizwings_using_subcommand generate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and not __fish_seen_subcommand_from init sidecar provider usage heartbeat inspect backup alert exporter apply export completions generate help" -f -a "init" -d 'Create the state database and a master key file if missing'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and not __fish_seen_subcommand_from init sidecar provider usage heartbeat inspect backup alert exporter apply export completions generate help" -f -a "sidecar" -d 'OpenAI-compatible multi-pool proxy in front of many provider keys'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and not __fish_seen_subcommand_from init sidecar provider usage heartbeat inspect backup alert exporter apply export completions generate help" -f -a "provider" -d 'Manage upstream provider keys, pools and model mappings'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and not __fish_seen_subcommand_from init sidecar provider usage heartbeat inspect backup alert exporter apply export completions generate help" -f -a "usage" -d 'Token, cost and error reports from the sidecar\'s accounting'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and not __fish_seen_subcommand_from init sidecar provider usage heartbeat inspect backup alert exporter apply export completions generate help" -f -a "heartbeat" -d 'Cron-scheduled liveness and task-progress checks of agents and jobs'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and not __fish_seen_subcommand_from init sidecar provider usage heartbeat inspect backup alert exporter apply export completions generate help" -f -a "inspect" -d 'Server checklist over SSH on many hosts at once'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and not __fish_seen_subcommand_from init sidecar provider usage heartbeat inspect backup alert exporter apply export completions generate help" -f -a "backup" -d 'SQLite, MySQL and file backups with a checksummed catalog'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and not __fish_seen_subcommand_from init sidecar provider usage heartbeat inspect backup alert exporter apply export completions generate help" -f -a "alert" -d 'Alertmanager webhooks to Feishu cards'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and not __fish_seen_subcommand_from init sidecar provider usage heartbeat inspect backup alert exporter apply export completions generate help" -f -a "exporter" -d 'Serve the state as Prometheus metrics (agents, their LLM calls, backups, inspect results, the alert outbox) and take heartbeat pings over HTTP'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and not __fish_seen_subcommand_from init sidecar provider usage heartbeat inspect backup alert exporter apply export completions generate help" -f -a "apply" -d 'Converge the state to a TOML file (providers, clients, alerts, agents, backups, hosts)'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and not __fish_seen_subcommand_from init sidecar provider usage heartbeat inspect backup alert exporter apply export completions generate help" -f -a "export" -d 'Print the state as the TOML file `apply` takes (secrets by reference only)'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and not __fish_seen_subcommand_from init sidecar provider usage heartbeat inspect backup alert exporter apply export completions generate help" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and not __fish_seen_subcommand_from init sidecar provider usage heartbeat inspect backup alert exporter apply export completions generate help" -f -a "generate" -d 'Write completions and man pages (for packagers and the repo)'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and not __fish_seen_subcommand_from init sidecar provider usage heartbeat inspect backup alert exporter apply export completions generate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from sidecar" -f -a "serve" -d 'Serve the OpenAI-compatible proxy on /v1/* (and /health)'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from sidecar" -f -a "client" -d 'Client tokens for /v1 (once one exists, every request needs one)'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from sidecar" -f -a "requests" -d 'The request log: who asked for what, each attempt and why the sidecar moved on'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from sidecar" -f -a "request" -d 'One logged request with its attempt chain, by its x-request-id'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from sidecar" -f -a "fleet" -d 'The live sidecars of a fleet (shared mode), read from its Redis'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from sidecar" -f -a "admin-token" -d 'Create the admin API token of the dashboard (stored hashed; printed once)'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from provider" -f -a "add" -d 'Add an upstream provider: one API key and base URL'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from provider" -f -a "list" -d 'List providers (keys masked)'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from provider" -f -a "show" -d 'Show one provider with its model mappings'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from provider" -f -a "set" -d 'Change fields of a provider'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from provider" -f -a "map" -d 'Map a canonical model name to the provider\'s native model id (replaces an existing mapping)'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from provider" -f -a "unmap" -d 'Remove a model mapping'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from provider" -f -a "enable" -d 'Let the sidecar route to a provider again (also clears an `error` status)'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from provider" -f -a "disable" -d 'Stop routing to a provider without deleting it'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from provider" -f -a "rm" -d 'Delete providers and their model mappings (usage history is kept)'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from provider" -f -a "rotate-key" -d 'Replace one provider\'s upstream key, or re-encrypt every secret under a new master key'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from provider" -f -a "cooldown" -d 'A provider\'s cooldown after rate limits or failures'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from provider" -f -a "import" -d 'Import providers, model mappings and usage from a Sidecar V2 database (idempotent)'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from heartbeat" -f -a "add" -d 'Register an agent or job with a cron schedule'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from heartbeat" -f -a "set" -d 'Change an agent (only the given settings)'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from heartbeat" -f -a "list" -d 'List agents and jobs'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from heartbeat" -f -a "show" -d 'Show one agent'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from heartbeat" -f -a "rm" -d 'Remove an agent (its beats stay)'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from heartbeat" -f -a "pause" -d 'Stop evaluating an agent until resumed'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from heartbeat" -f -a "resume" -d 'Evaluate a paused agent again; also lifts the pause of its client (--on-spin pause) and counts its spend since progress from zero'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from heartbeat" -f -a "ping" -d 'Report from the job itself: success (default), --start, --fail or --exit-code N'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from heartbeat" -f -a "run" -d 'Check the agents that are due (from cron or a timer), or keep checking with --daemon'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from heartbeat" -f -a "status" -d 'One row per agent: state, last beat, pending, stuck, blocked, rounds, next start'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from heartbeat" -f -a "report" -d 'Per agent over a window: beats, triggers sent and failed, tasks worked, stuck incidents and recoveries, round caps, rounds'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from heartbeat" -f -a "discover" -d 'Add an agent for every workspace under DIR that has none (HEARTBEAT.md or board/)'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from heartbeat" -f -a "ping-key" -d 'Create the key for pings over HTTP, or with --rotate a new one (stored hashed; printed once)'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from heartbeat" -f -a "exporter" -d 'The same as `bizwings exporter`'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from inspect" -f -a "host" -d 'Manage the inventory'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from inspect" -f -a "history" -d 'Trends of each check over past runs'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from inspect" -f -a "threshold" -d 'Thresholds for every host or for a group'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from inspect" -f -a "predeploy" -d 'The deployment SOP\'s pre-checks for a service, then (with --backup) its backups'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "add" -d 'Define a backup job'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "list" -d 'List jobs, or the backups of one job'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "run" -d 'Run backup jobs (the built-in `state` job backs up bizwings\' own DB)'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "verify" -d 'Re-check backups: checksum, and that each can be read back'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "prune" -d 'Delete backups past their job\'s retention (never a job\'s newest good backup)'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "restore" -d 'Restore a backup by id (see `backup list NAME`)'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "snapshot" -d 'Copy files into the catalog before changing them (one job per path, `snap-…`, kept 90 days; restore with `backup restore ID --apply`)'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "diff" -d 'Show what changed in a file since a backup of it (`diff -u`, backup first)'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "key" -d 'The key backups are encrypted under when they leave the host'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "remote" -d 'Backups kept on another host'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "rm" -d 'Remove a job (its backups and catalog are kept)'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from alert" -f -a "bridge" -d 'Receive Alertmanager webhooks and deliver Feishu cards'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from alert" -f -a "receiver" -d 'Manage receivers (Feishu bots, JSON webhooks or commands)'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from alert" -f -a "route" -d 'Manage routes from alert labels to receivers'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from alert" -f -a "test" -d 'Send a sample card to a receiver now'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from alert" -f -a "history" -d 'Alerts received by the bridge'
complete -c bizwings -n "__fish_bizwings_using_subcommand help; and __fish_seen_subcommand_from alert" -f -a "outbox" -d 'Messages waiting for delivery or given up on'
