
use builtin;
use str;

set edit:completion:arg-completer[bizwings] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'bizwings'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'bizwings'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Create the state database and a master key file if missing'
            cand sidecar 'OpenAI-compatible multi-pool proxy in front of many provider keys'
            cand provider 'Manage upstream provider keys, pools and model mappings'
            cand usage 'Token, cost and error reports from the sidecar''s accounting'
            cand heartbeat 'Cron-scheduled liveness and task-progress checks of agents and jobs'
            cand inspect 'Server checklist over SSH on many hosts at once'
            cand backup 'SQLite, MySQL and file backups with a checksummed catalog'
            cand alert 'Alertmanager webhooks to Feishu cards'
            cand exporter 'Serve the state as Prometheus metrics (agents, their LLM calls, backups, inspect results, the alert outbox) and take heartbeat pings over HTTP'
            cand apply 'Converge the state to a TOML file (providers, clients, alerts, agents, backups, hosts)'
            cand export 'Print the state as the TOML file `apply` takes (secrets by reference only)'
            cand completions 'Print a shell completion script to stdout'
            cand generate 'Write completions and man pages (for packagers and the repo)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bizwings;init'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;sidecar'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand serve 'Serve the OpenAI-compatible proxy on /v1/* (and /health)'
            cand client 'Client tokens for /v1 (once one exists, every request needs one)'
            cand requests 'The request log: who asked for what, each attempt and why the sidecar moved on'
            cand request 'One logged request with its attempt chain, by its x-request-id'
            cand fleet 'The live sidecars of a fleet (shared mode), read from its Redis'
            cand admin-token 'Create the admin API token of the dashboard (stored hashed; printed once)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bizwings;sidecar;serve'= {
            cand --listen 'Address of the proxy [default: 127.0.0.1:9190, or SIDECAR_HOST:SIDECAR_PORT]'
            cand --metrics-listen 'Address of the Prometheus /metrics listener, or "off" [default: 127.0.0.1:9191]'
            cand --cooldown-base 'First 429 cooldown; it doubles with each 429 in a row [default: 30s]'
            cand --cooldown-max 'Longest 429 cooldown [default: 600s]'
            cand --max-retries 'Upstream attempts per request, across providers [default: 5]'
            cand --queue-max-depth 'Requests that may wait for a rate-limited provider at once [default: 500]'
            cand --queue-timeout 'How long a request may wait in the queue [default: 30s]'
            cand --emergency-rpm-fraction 'Share of a provider''s RPM still used while every provider is cooling [default: 0.1]'
            cand --max-body-bytes 'Largest request body accepted, in bytes [default: 10485760]'
            cand --reload-interval 'How often provider changes are looked for [default: 1s]'
            cand --health-interval 'How often each provider is probed with GET <base>/models, or "off" [default: 60s]'
            cand --backup-dir 'Directory of the daily online backup of the state DB, or "off" [default: backups/ beside the DB]'
            cand --backup-keep-days 'Daily backups kept [default: 7]'
            cand --request-log 'How long the request log keeps each request (`sidecar requests`), or "off" [default: 7d]'
            cand --request-log-max-bytes 'What the request log may take in the DB, in bytes (the oldest go first) [default: 1073741824]'
            cand --otlp-endpoint 'Send a span per request (and per upstream attempt) to this OpenTelemetry collector, as OTLP/HTTP protobuf: its base URL, e.g. http://127.0.0.1:4318 (/v1/traces is added)'
            cand --demo-429 'With --demo: percent of the demo provider''s answers that are 429, to watch failover and cooldowns [default: 0]'
            cand --header-timeout 'A client must send a whole request header within this; an idle keep-alive connection is closed after it too [default: 30s]'
            cand --body-timeout 'Longest pause between two chunks of a request body before it is cut with 408 [default: 30s]'
            cand --max-connections 'Connections served at once; more wait for a free slot [default: 1024]'
            cand --max-buffered-bytes 'Bytes of request bodies held in memory at once, across requests; beyond it, 503 [default: 67108864]'
            cand --allowed-host 'Host name browsers may use to reach /v1, besides loopback and the listen address (repeatable)'
            cand --allowed-origin 'Web origin whose pages may call /v1, e.g. https://app.example.com, or * (repeatable)'
            cand --passthrough 'A /v1 path besides the routed ones (chat, completions, embeddings, responses, messages) to pass to a provider unpriced, with everything under it, e.g. /v1/files (repeatable). Others get 404. A client with budgets needs --allow-passthrough for them'
            cand --shared 'Share each provider''s limits and cooldowns with every sidecar of the fleet through this Redis (or Valkey): redis://HOST:6379/0 or rediss://… A password belongs in BIZWINGS_SHARED_URL or --shared-url-file, never on the command line'
            cand --shared-url-file 'Read the shared-mode Redis URL from this file (mode 0600 if it holds a password)'
            cand --fleet 'Name of the fleet: sidecars with the same name share limits [default: bizwings]'
            cand --shared-timeout 'Longest a Redis call may hold a request before this sidecar routes on local limits for a second; raise it when Redis is across a slow link [default: 50ms]'
            cand --shutdown-grace 'How long in-flight requests may run on after SIGTERM [default: 30s]'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --allow-unauthenticated 'Serve /v1 on a non-loopback address even without client tokens'
            cand --demo 'Try it without a key: two in-process providers, demo and demo-backup, answer the models demo-chat and demo-embed (creates the state DB if there is none)'
            cand --shared-required 'While Redis is away, refuse requests (503) instead of routing on local limits of RPM ÷ sidecars'
            cand --shared-exact-budgets 'Admit every budgeted request in Redis one by one, instead of leasing this sidecar a slice of each busy client''s budget to admit against (then each request costs Redis an admission and a settlement besides its pick, and the fleet''s count is current to the request rather than to a quarter second)'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;sidecar;client'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand add 'Create a client token for NAME and print it once (only its hash is stored)'
            cand set 'Change a client''s request rate or budgets (running sidecars apply it within a second)'
            cand list 'List clients, their limits and what they used of their budgets'
            cand rm 'Remove a client: its token stops working within a second'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bizwings;sidecar;client;add'= {
            cand --budget 'A budget per UTC period: AMOUNT UNIT/PERIOD, e.g. 20usd/day, $0.50/hour, 2M-tokens/month (repeatable; replaces the budget of the same unit and period). Over it, requests get 429 `budget_exceeded` until the period renews'
            cand --rpm 'Requests per minute this client may send (0: no limit); over it, 429 `client_rate_limited`'
            cand --allow-passthrough 'Let this client through the /v1 paths the sidecar passes unpriced (`serve --passthrough`: files, audio, batches…) although it has a budget; without it they get 403 `passthrough_refused` [default: false]'
            cand --log-bodies 'Keep this client''s request and answer bodies in the request log (16 KiB each, bearer tokens, provider keys and bizwings tokens redacted; streamed answers are not kept) [default: false]'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --clear-budgets 'Remove every budget first (with --budget: replace them all)'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;sidecar;client;set'= {
            cand --budget 'A budget per UTC period: AMOUNT UNIT/PERIOD, e.g. 20usd/day, $0.50/hour, 2M-tokens/month (repeatable; replaces the budget of the same unit and period). Over it, requests get 429 `budget_exceeded` until the period renews'
            cand --rpm 'Requests per minute this client may send (0: no limit); over it, 429 `client_rate_limited`'
            cand --allow-passthrough 'Let this client through the /v1 paths the sidecar passes unpriced (`serve --passthrough`: files, audio, batches…) although it has a budget; without it they get 403 `passthrough_refused` [default: false]'
            cand --log-bodies 'Keep this client''s request and answer bodies in the request log (16 KiB each, bearer tokens, provider keys and bizwings tokens redacted; streamed answers are not kept) [default: false]'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --clear-budgets 'Remove every budget first (with --budget: replace them all)'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;sidecar;client;list'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;sidecar;client;rm'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand -y 'Do not ask for confirmation (required when stdin is not a terminal)'
            cand --yes 'Do not ask for confirmation (required when stdin is not a terminal)'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;sidecar;client;help'= {
            cand add 'Create a client token for NAME and print it once (only its hash is stored)'
            cand set 'Change a client''s request rate or budgets (running sidecars apply it within a second)'
            cand list 'List clients, their limits and what they used of their budgets'
            cand rm 'Remove a client: its token stops working within a second'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bizwings;sidecar;client;help;add'= {
        }
        &'bizwings;sidecar;client;help;set'= {
        }
        &'bizwings;sidecar;client;help;list'= {
        }
        &'bizwings;sidecar;client;help;rm'= {
        }
        &'bizwings;sidecar;client;help;help'= {
        }
        &'bizwings;sidecar;requests'= {
            cand --client 'Only this client''s requests (repeatable)'
            cand --agent 'Only the requests of this heartbeat agent (through its client; repeatable)'
            cand --model 'Only requests for this model (as the client named it)'
            cand --provider 'Only requests with an attempt at this provider'
            cand --status 'Only requests answered with this HTTP status'
            cand --since 'Only requests in this window, ending now'
            cand --slower-than 'Only requests slower than this'
            cand --limit 'At most this many (the newest)'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --failed 'Only requests that failed or were refused (status 400 and above)'
            cand --follow 'Keep printing requests as they are logged, until interrupted (JSON: one per line)'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;sidecar;request'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;sidecar;fleet'= {
            cand --shared 'Share each provider''s limits and cooldowns with every sidecar of the fleet through this Redis (or Valkey): redis://HOST:6379/0 or rediss://… A password belongs in BIZWINGS_SHARED_URL or --shared-url-file, never on the command line'
            cand --shared-url-file 'Read the shared-mode Redis URL from this file (mode 0600 if it holds a password)'
            cand --fleet 'Name of the fleet: sidecars with the same name share limits [default: bizwings]'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;sidecar;admin-token'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --rotate 'Replace the current token (the old one stops working)'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;sidecar;help'= {
            cand serve 'Serve the OpenAI-compatible proxy on /v1/* (and /health)'
            cand client 'Client tokens for /v1 (once one exists, every request needs one)'
            cand requests 'The request log: who asked for what, each attempt and why the sidecar moved on'
            cand request 'One logged request with its attempt chain, by its x-request-id'
            cand fleet 'The live sidecars of a fleet (shared mode), read from its Redis'
            cand admin-token 'Create the admin API token of the dashboard (stored hashed; printed once)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bizwings;sidecar;help;serve'= {
        }
        &'bizwings;sidecar;help;client'= {
            cand add 'Create a client token for NAME and print it once (only its hash is stored)'
            cand set 'Change a client''s request rate or budgets (running sidecars apply it within a second)'
            cand list 'List clients, their limits and what they used of their budgets'
            cand rm 'Remove a client: its token stops working within a second'
        }
        &'bizwings;sidecar;help;client;add'= {
        }
        &'bizwings;sidecar;help;client;set'= {
        }
        &'bizwings;sidecar;help;client;list'= {
        }
        &'bizwings;sidecar;help;client;rm'= {
        }
        &'bizwings;sidecar;help;requests'= {
        }
        &'bizwings;sidecar;help;request'= {
        }
        &'bizwings;sidecar;help;fleet'= {
        }
        &'bizwings;sidecar;help;admin-token'= {
        }
        &'bizwings;sidecar;help;help'= {
        }
        &'bizwings;provider'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand add 'Add an upstream provider: one API key and base URL'
            cand list 'List providers (keys masked)'
            cand show 'Show one provider with its model mappings'
            cand set 'Change fields of a provider'
            cand map 'Map a canonical model name to the provider''s native model id (replaces an existing mapping)'
            cand unmap 'Remove a model mapping'
            cand enable 'Let the sidecar route to a provider again (also clears an `error` status)'
            cand disable 'Stop routing to a provider without deleting it'
            cand rm 'Delete providers and their model mappings (usage history is kept)'
            cand rotate-key 'Replace one provider''s upstream key, or re-encrypt every secret under a new master key'
            cand cooldown 'A provider''s cooldown after rate limits or failures'
            cand import 'Import providers, model mappings and usage from a Sidecar V2 database (idempotent)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bizwings;provider;add'= {
            cand --url 'Base URL of the OpenAI-compatible API, e.g. https://api.openai.com/v1'
            cand --key-file 'Read the upstream key from a file'
            cand --key-env 'Read the upstream key from this environment variable'
            cand --pool 'Pool: primary is tried first, fallback when primary has no capacity'
            cand --rpm 'Requests per minute allowed on this key [default: 40]'
            cand --max-concurrency 'Requests in flight on this key at most; more wait for a slot or go elsewhere [default: no cap]'
            cand --tpm 'Tokens per minute allowed on this key (each request reserves its estimate, settled with its real usage) [default: no limit]'
            cand --timeout 'Upstream request timeout, e.g. 90s or 2m [default: 120s]'
            cand --label 'Display name'
            cand --model 'Serve a canonical model, optionally under another native id (repeatable)'
            cand --price 'Prices of a model given with --model, USD per 1M input,output tokens, optionally then cached input read and written [default: the input price] (repeatable)'
            cand --dialects 'The API dialects the provider serves: chat (OpenAI chat/completions, completions, embeddings), responses (OpenAI Responses), messages (Anthropic Messages) [default: chat, plus each one given a URL below]'
            cand --responses-url 'Serve OpenAI Responses at this base URL (`/responses` is appended; "" means --url)'
            cand --messages-url 'Serve Anthropic Messages at this base URL, what ANTHROPIC_BASE_URL would be, e.g. https://api.deepseek.com/anthropic (`/v1/messages` is appended; "" means --url)'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --key-stdin 'Read the upstream key from stdin'
            cand --disabled 'Add the provider disabled'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;provider;list'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;provider;show'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;provider;set'= {
            cand --rename 'New name'
            cand --url 'New base URL'
            cand --pool 'New pool'
            cand --rpm 'New requests-per-minute limit'
            cand --max-concurrency 'New cap on requests in flight; 0 removes it'
            cand --tpm 'New tokens-per-minute limit; 0 removes it'
            cand --timeout 'New upstream timeout, e.g. 90s or 2m'
            cand --label 'New display name'
            cand --dialects 'The API dialects the provider serves: chat (OpenAI chat/completions, completions, embeddings), responses (OpenAI Responses), messages (Anthropic Messages) [default: chat, plus each one given a URL below]'
            cand --responses-url 'Serve OpenAI Responses at this base URL (`/responses` is appended; "" means --url)'
            cand --messages-url 'Serve Anthropic Messages at this base URL, what ANTHROPIC_BASE_URL would be, e.g. https://api.deepseek.com/anthropic (`/v1/messages` is appended; "" means --url)'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;provider;map'= {
            cand --in-price 'USD per 1M input tokens'
            cand --out-price 'USD per 1M output tokens'
            cand --cache-read-price 'USD per 1M cached input tokens read [default: the input price]'
            cand --cache-write-price 'USD per 1M input tokens written to the cache [default: the input price]'
            cand --context-window 'Context window in tokens'
            cand --max-tokens 'Largest completion in tokens'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;provider;unmap'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;provider;enable'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;provider;disable'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;provider;rm'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand -y 'Do not ask for confirmation (required when stdin is not a terminal)'
            cand --yes 'Do not ask for confirmation (required when stdin is not a terminal)'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;provider;rotate-key'= {
            cand --key-file 'Read the upstream key from a file'
            cand --key-env 'Read the upstream key from this environment variable'
            cand --new-key-file 'With --master: the new key file (created with a fresh key if missing)'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --key-stdin 'Read the upstream key from stdin'
            cand --master 'Re-encrypt every stored secret under a new master key instead'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;provider;cooldown'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand clear 'End it now: running sidecars route to the provider again at their next reload (within a second); with --shared, every sidecar of the fleet at once'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bizwings;provider;cooldown;clear'= {
            cand --shared 'Share each provider''s limits and cooldowns with every sidecar of the fleet through this Redis (or Valkey): redis://HOST:6379/0 or rediss://… A password belongs in BIZWINGS_SHARED_URL or --shared-url-file, never on the command line'
            cand --shared-url-file 'Read the shared-mode Redis URL from this file (mode 0600 if it holds a password)'
            cand --fleet 'Name of the fleet: sidecars with the same name share limits [default: bizwings]'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;provider;cooldown;help'= {
            cand clear 'End it now: running sidecars route to the provider again at their next reload (within a second); with --shared, every sidecar of the fleet at once'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bizwings;provider;cooldown;help;clear'= {
        }
        &'bizwings;provider;cooldown;help;help'= {
        }
        &'bizwings;provider;import'= {
            cand --sidecar-v2-db 'The Sidecar V2 SQLite file'
            cand --old-key-file 'File with the old 64-hex SIDECAR_ENCRYPTION_KEY'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;provider;help'= {
            cand add 'Add an upstream provider: one API key and base URL'
            cand list 'List providers (keys masked)'
            cand show 'Show one provider with its model mappings'
            cand set 'Change fields of a provider'
            cand map 'Map a canonical model name to the provider''s native model id (replaces an existing mapping)'
            cand unmap 'Remove a model mapping'
            cand enable 'Let the sidecar route to a provider again (also clears an `error` status)'
            cand disable 'Stop routing to a provider without deleting it'
            cand rm 'Delete providers and their model mappings (usage history is kept)'
            cand rotate-key 'Replace one provider''s upstream key, or re-encrypt every secret under a new master key'
            cand cooldown 'A provider''s cooldown after rate limits or failures'
            cand import 'Import providers, model mappings and usage from a Sidecar V2 database (idempotent)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bizwings;provider;help;add'= {
        }
        &'bizwings;provider;help;list'= {
        }
        &'bizwings;provider;help;show'= {
        }
        &'bizwings;provider;help;set'= {
        }
        &'bizwings;provider;help;map'= {
        }
        &'bizwings;provider;help;unmap'= {
        }
        &'bizwings;provider;help;enable'= {
        }
        &'bizwings;provider;help;disable'= {
        }
        &'bizwings;provider;help;rm'= {
        }
        &'bizwings;provider;help;rotate-key'= {
        }
        &'bizwings;provider;help;cooldown'= {
            cand clear 'End it now: running sidecars route to the provider again at their next reload (within a second); with --shared, every sidecar of the fleet at once'
        }
        &'bizwings;provider;help;cooldown;clear'= {
        }
        &'bizwings;provider;help;import'= {
        }
        &'bizwings;provider;help;help'= {
        }
        &'bizwings;usage'= {
            cand --hours 'Report the last N hours [default: 24, or 720 with --daily]'
            cand --by 'Sum over models (provider) or over providers (model) [default: both]'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --daily 'One row per UTC day instead of per hour'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;heartbeat'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand add 'Register an agent or job with a cron schedule'
            cand set 'Change an agent (only the given settings)'
            cand list 'List agents and jobs'
            cand show 'Show one agent'
            cand rm 'Remove an agent (its beats stay)'
            cand pause 'Stop evaluating an agent until resumed'
            cand resume 'Evaluate a paused agent again; also lifts the pause of its client (--on-spin pause) and counts its spend since progress from zero'
            cand ping 'Report from the job itself: success (default), --start, --fail or --exit-code N'
            cand run 'Check the agents that are due (from cron or a timer), or keep checking with --daemon'
            cand status 'One row per agent: state, last beat, pending, stuck, blocked, rounds, next start'
            cand report 'Per agent over a window: beats, triggers sent and failed, tasks worked, stuck incidents and recoveries, round caps, rounds'
            cand discover 'Add an agent for every workspace under DIR that has none (HEARTBEAT.md or board/)'
            cand ping-key 'Create the key for pings over HTTP, or with --rotate a new one (stored hashed; printed once)'
            cand exporter 'The same as `bizwings exporter`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bizwings;heartbeat;add'= {
            cand --schedule 'Crontab schedule (5 fields), e.g. "*/15 * * * *" [add: required; discover: */15]'
            cand --tz 'Time zone of the schedule [default: Asia/Shanghai]'
            cand --grace 'Slack after a period before the agent counts as stale; bounds a run after --start [default: 5m]'
            cand --source 'Task source KIND:SPEC (repeatable; replaces the list on `set`)'
            cand --stagnant-after 'An in-progress task without an update for this long is stuck [default: 20m]'
            cand --max-rounds 'Round cap per task [default: 50]'
            cand --warn-rounds-pct 'Warn at this share of the round cap [default: 80]'
            cand --owner 'Receiver told of every state change (instead of the alert routes)'
            cand --escalate 'Receiver also told when the agent turns critical'
            cand --label 'Display name'
            cand --trigger 'What starts the agent''s turn when it has work: command:CMD or http:URL (POST of JSON); off removes it'
            cand --trigger-message 'The trigger''s message; {agent}, {label}, {pending}, {stuck}, {blocked} and {due} are filled in'
            cand --trigger-token-env 'Environment variable of `heartbeat run` whose value an HTTP trigger sends as its bearer token (the token itself is never stored); off removes it'
            cand --trigger-always 'Trigger even when nothing is pending [default: false]'
            cand --trigger-timeout 'A trigger still running after this is killed and counts as failed [default: 1m]'
            cand --offset 'Start this long after each slot, or auto: spread over the period among the agents with a trigger on the same schedule [default: auto]'
            cand --fail-after 'Failed triggers in a row that make the agent critical ("not responding") [default: 3]'
            cand --on-stuck 'Run this once per task stuck at two beats in a row (command:CMD), or off'
            cand --client 'The sidecar client token the agent calls LLMs with, for its agent_429_error_rate and agent_response_time_seconds; off: the client of its own name [default: its name]'
            cand --spin-warn-tokens 'Warning when the agent''s client spent this many tokens since a task last moved (k and M suffixes; 0: off) [default: 500k]'
            cand --spin-critical-tokens 'Critical at this many tokens since a task last moved (0: off) [default: 2M]'
            cand --spin-warn-usd 'Warning when the agent''s client spent this many dollars since a task last moved (0: off) [default: 2]'
            cand --spin-critical-usd 'Critical at this many dollars since a task last moved (0: off) [default: 10]'
            cand --on-spin 'At critical spinning also: pause (the sidecar refuses the agent''s client with 429 `x-bizwings-limit: paused` until `heartbeat resume`), command:CMD (run once), or off'
            cand --turn-window 'After a trigger was answered, the agent must show life within this: LLM calls through its client, a task update or a ping [default: 10m]'
            cand --silent-after 'Silent turns in a row that make the agent critical ("not working") [default: 3]'
            cand --ack 'Text in the trigger''s answer that says the turn ran (e.g. a gateway''s "completed"); off removes it'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;heartbeat;set'= {
            cand --schedule 'Crontab schedule (5 fields), e.g. "*/15 * * * *" [add: required; discover: */15]'
            cand --tz 'Time zone of the schedule [default: Asia/Shanghai]'
            cand --grace 'Slack after a period before the agent counts as stale; bounds a run after --start [default: 5m]'
            cand --source 'Task source KIND:SPEC (repeatable; replaces the list on `set`)'
            cand --stagnant-after 'An in-progress task without an update for this long is stuck [default: 20m]'
            cand --max-rounds 'Round cap per task [default: 50]'
            cand --warn-rounds-pct 'Warn at this share of the round cap [default: 80]'
            cand --owner 'Receiver told of every state change (instead of the alert routes)'
            cand --escalate 'Receiver also told when the agent turns critical'
            cand --label 'Display name'
            cand --trigger 'What starts the agent''s turn when it has work: command:CMD or http:URL (POST of JSON); off removes it'
            cand --trigger-message 'The trigger''s message; {agent}, {label}, {pending}, {stuck}, {blocked} and {due} are filled in'
            cand --trigger-token-env 'Environment variable of `heartbeat run` whose value an HTTP trigger sends as its bearer token (the token itself is never stored); off removes it'
            cand --trigger-always 'Trigger even when nothing is pending [default: false]'
            cand --trigger-timeout 'A trigger still running after this is killed and counts as failed [default: 1m]'
            cand --offset 'Start this long after each slot, or auto: spread over the period among the agents with a trigger on the same schedule [default: auto]'
            cand --fail-after 'Failed triggers in a row that make the agent critical ("not responding") [default: 3]'
            cand --on-stuck 'Run this once per task stuck at two beats in a row (command:CMD), or off'
            cand --client 'The sidecar client token the agent calls LLMs with, for its agent_429_error_rate and agent_response_time_seconds; off: the client of its own name [default: its name]'
            cand --spin-warn-tokens 'Warning when the agent''s client spent this many tokens since a task last moved (k and M suffixes; 0: off) [default: 500k]'
            cand --spin-critical-tokens 'Critical at this many tokens since a task last moved (0: off) [default: 2M]'
            cand --spin-warn-usd 'Warning when the agent''s client spent this many dollars since a task last moved (0: off) [default: 2]'
            cand --spin-critical-usd 'Critical at this many dollars since a task last moved (0: off) [default: 10]'
            cand --on-spin 'At critical spinning also: pause (the sidecar refuses the agent''s client with 429 `x-bizwings-limit: paused` until `heartbeat resume`), command:CMD (run once), or off'
            cand --turn-window 'After a trigger was answered, the agent must show life within this: LLM calls through its client, a task update or a ping [default: 10m]'
            cand --silent-after 'Silent turns in a row that make the agent critical ("not working") [default: 3]'
            cand --ack 'Text in the trigger''s answer that says the turn ran (e.g. a gateway''s "completed"); off removes it'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;heartbeat;list'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;heartbeat;show'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;heartbeat;rm'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand -y 'Do not ask for confirmation (required when stdin is not a terminal)'
            cand --yes 'Do not ask for confirmation (required when stdin is not a terminal)'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;heartbeat;pause'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;heartbeat;resume'= {
            cand --shared 'Share each provider''s limits and cooldowns with every sidecar of the fleet through this Redis (or Valkey): redis://HOST:6379/0 or rediss://… A password belongs in BIZWINGS_SHARED_URL or --shared-url-file, never on the command line'
            cand --shared-url-file 'Read the shared-mode Redis URL from this file (mode 0600 if it holds a password)'
            cand --fleet 'Name of the fleet: sidecars with the same name share limits [default: bizwings]'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;heartbeat;ping'= {
            cand --exit-code 'The run''s exit code: 0 is success, anything else a failure'
            cand --message 'A note kept with the ping'
            cand --rid 'Run id: tells overlapping runs apart and measures each from its --start'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --start 'The run starts now (the grace period bounds its length)'
            cand --fail 'The run failed'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;heartbeat;run'= {
            cand --now 'Pretend it is this time (RFC 3339), for tests and what-ifs'
            cand --shared 'Share each provider''s limits and cooldowns with every sidecar of the fleet through this Redis (or Valkey): redis://HOST:6379/0 or rediss://… A password belongs in BIZWINGS_SHARED_URL or --shared-url-file, never on the command line'
            cand --shared-url-file 'Read the shared-mode Redis URL from this file (mode 0600 if it holds a password)'
            cand --fleet 'Name of the fleet: sidecars with the same name share limits [default: bizwings]'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --once 'Each due agent once, then exit (the default)'
            cand --daemon 'Keep running on the agents'' schedules until SIGTERM'
            cand --force 'Evaluate the named agents now, due or not'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;heartbeat;status'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;heartbeat;report'= {
            cand --since 'The window, ending now'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;heartbeat;discover'= {
            cand --schedule 'Crontab schedule (5 fields), e.g. "*/15 * * * *" [add: required; discover: */15]'
            cand --tz 'Time zone of the schedule [default: Asia/Shanghai]'
            cand --grace 'Slack after a period before the agent counts as stale; bounds a run after --start [default: 5m]'
            cand --source 'Task source KIND:SPEC (repeatable; replaces the list on `set`)'
            cand --stagnant-after 'An in-progress task without an update for this long is stuck [default: 20m]'
            cand --max-rounds 'Round cap per task [default: 50]'
            cand --warn-rounds-pct 'Warn at this share of the round cap [default: 80]'
            cand --owner 'Receiver told of every state change (instead of the alert routes)'
            cand --escalate 'Receiver also told when the agent turns critical'
            cand --label 'Display name'
            cand --trigger 'What starts the agent''s turn when it has work: command:CMD or http:URL (POST of JSON); off removes it'
            cand --trigger-message 'The trigger''s message; {agent}, {label}, {pending}, {stuck}, {blocked} and {due} are filled in'
            cand --trigger-token-env 'Environment variable of `heartbeat run` whose value an HTTP trigger sends as its bearer token (the token itself is never stored); off removes it'
            cand --trigger-always 'Trigger even when nothing is pending [default: false]'
            cand --trigger-timeout 'A trigger still running after this is killed and counts as failed [default: 1m]'
            cand --offset 'Start this long after each slot, or auto: spread over the period among the agents with a trigger on the same schedule [default: auto]'
            cand --fail-after 'Failed triggers in a row that make the agent critical ("not responding") [default: 3]'
            cand --on-stuck 'Run this once per task stuck at two beats in a row (command:CMD), or off'
            cand --client 'The sidecar client token the agent calls LLMs with, for its agent_429_error_rate and agent_response_time_seconds; off: the client of its own name [default: its name]'
            cand --spin-warn-tokens 'Warning when the agent''s client spent this many tokens since a task last moved (k and M suffixes; 0: off) [default: 500k]'
            cand --spin-critical-tokens 'Critical at this many tokens since a task last moved (0: off) [default: 2M]'
            cand --spin-warn-usd 'Warning when the agent''s client spent this many dollars since a task last moved (0: off) [default: 2]'
            cand --spin-critical-usd 'Critical at this many dollars since a task last moved (0: off) [default: 10]'
            cand --on-spin 'At critical spinning also: pause (the sidecar refuses the agent''s client with 429 `x-bizwings-limit: paused` until `heartbeat resume`), command:CMD (run once), or off'
            cand --turn-window 'After a trigger was answered, the agent must show life within this: LLM calls through its client, a task update or a ping [default: 10m]'
            cand --silent-after 'Silent turns in a row that make the agent critical ("not working") [default: 3]'
            cand --ack 'Text in the trigger''s answer that says the turn ran (e.g. a gateway''s "completed"); off removes it'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --dry-run 'Only say what would be added'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;heartbeat;ping-key'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --rotate 'Replace the current key (the old one stops working)'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;heartbeat;exporter'= {
            cand --listen 'Listen address; pings beyond loopback need a ping key (BIZWINGS_PING_KEY or `heartbeat ping-key --rotate`)'
            cand --min-interval 'Scrapes within this of the last one get the same values (the DB is read at most once per interval)'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --ping-create 'A ping with ?create=1 creates an unknown job (daily, 1h grace, UTC) instead of 404'
            cand --badges 'Serve an SVG status badge per agent (/badge/NAME.svg) and for all (/badge.svg), without a key: anyone who can reach the listener sees the states'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;heartbeat;help'= {
            cand add 'Register an agent or job with a cron schedule'
            cand set 'Change an agent (only the given settings)'
            cand list 'List agents and jobs'
            cand show 'Show one agent'
            cand rm 'Remove an agent (its beats stay)'
            cand pause 'Stop evaluating an agent until resumed'
            cand resume 'Evaluate a paused agent again; also lifts the pause of its client (--on-spin pause) and counts its spend since progress from zero'
            cand ping 'Report from the job itself: success (default), --start, --fail or --exit-code N'
            cand run 'Check the agents that are due (from cron or a timer), or keep checking with --daemon'
            cand status 'One row per agent: state, last beat, pending, stuck, blocked, rounds, next start'
            cand report 'Per agent over a window: beats, triggers sent and failed, tasks worked, stuck incidents and recoveries, round caps, rounds'
            cand discover 'Add an agent for every workspace under DIR that has none (HEARTBEAT.md or board/)'
            cand ping-key 'Create the key for pings over HTTP, or with --rotate a new one (stored hashed; printed once)'
            cand exporter 'The same as `bizwings exporter`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bizwings;heartbeat;help;add'= {
        }
        &'bizwings;heartbeat;help;set'= {
        }
        &'bizwings;heartbeat;help;list'= {
        }
        &'bizwings;heartbeat;help;show'= {
        }
        &'bizwings;heartbeat;help;rm'= {
        }
        &'bizwings;heartbeat;help;pause'= {
        }
        &'bizwings;heartbeat;help;resume'= {
        }
        &'bizwings;heartbeat;help;ping'= {
        }
        &'bizwings;heartbeat;help;run'= {
        }
        &'bizwings;heartbeat;help;status'= {
        }
        &'bizwings;heartbeat;help;report'= {
        }
        &'bizwings;heartbeat;help;discover'= {
        }
        &'bizwings;heartbeat;help;ping-key'= {
        }
        &'bizwings;heartbeat;help;exporter'= {
        }
        &'bizwings;heartbeat;help;help'= {
        }
        &'bizwings;inspect'= {
            cand --group 'Only hosts in this group'
            cand --concurrency 'Hosts checked at once'
            cand --timeout 'Time allowed per host, e.g. 10s'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --all 'Every host in the inventory (the default when no host is named)'
            cand --local 'Check this machine, without SSH; alone unless hosts, --group or --all are given too'
            cand --nagios 'One line per host in Nagios plugin format, with perfdata'
            cand --summary 'One row per host instead of a table per host'
            cand --accept-new 'Trust and record host keys seen for the first time'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand host 'Manage the inventory'
            cand history 'Trends of each check over past runs'
            cand threshold 'Thresholds for every host or for a group'
            cand predeploy 'The deployment SOP''s pre-checks for a service, then (with --backup) its backups'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bizwings;inspect;host'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand add 'Add a host to the inventory'
            cand set 'Change a host (only the given settings)'
            cand list 'List hosts'
            cand show 'Show one host'
            cand rm 'Remove a host (its history stays)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bizwings;inspect;host;add'= {
            cand --addr 'Address or DNS name [add: required]'
            cand --port 'SSH port [default: 22]'
            cand --user 'SSH user [default: root]'
            cand --identity 'Private key file'
            cand --group 'Group (repeatable)'
            cand --services 'Services to check, comma-separated [default: nginx,mysql,docker,sshd if installed]'
            cand --ports 'Ports that must be listening, comma-separated'
            cand --threshold 'Threshold for this host, NAME=VALUE (repeatable), e.g. disk_warn=70'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --password-stdin 'Read the SSH password from stdin (stored encrypted)'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;inspect;host;set'= {
            cand --addr 'Address or DNS name [add: required]'
            cand --port 'SSH port [default: 22]'
            cand --user 'SSH user [default: root]'
            cand --identity 'Private key file'
            cand --group 'Group (repeatable)'
            cand --services 'Services to check, comma-separated [default: nginx,mysql,docker,sshd if installed]'
            cand --ports 'Ports that must be listening, comma-separated'
            cand --threshold 'Threshold for this host, NAME=VALUE (repeatable), e.g. disk_warn=70'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --password-stdin 'Read the SSH password from stdin (stored encrypted)'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;inspect;host;list'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;inspect;host;show'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;inspect;host;rm'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand -y 'Do not ask for confirmation (required when stdin is not a terminal)'
            cand --yes 'Do not ask for confirmation (required when stdin is not a terminal)'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;inspect;host;help'= {
            cand add 'Add a host to the inventory'
            cand set 'Change a host (only the given settings)'
            cand list 'List hosts'
            cand show 'Show one host'
            cand rm 'Remove a host (its history stays)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bizwings;inspect;host;help;add'= {
        }
        &'bizwings;inspect;host;help;set'= {
        }
        &'bizwings;inspect;host;help;list'= {
        }
        &'bizwings;inspect;host;help;show'= {
        }
        &'bizwings;inspect;host;help;rm'= {
        }
        &'bizwings;inspect;host;help;help'= {
        }
        &'bizwings;inspect;history'= {
            cand --since 'How far back, e.g. 7d'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;inspect;threshold'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand set 'Set a threshold for every host, or with --group for that group''s hosts, e.g. disk_warn=75 (a host''s own --threshold wins, then its groups'', then the global one)'
            cand list 'The thresholds in force, globally or for a group, and where each comes from'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bizwings;inspect;threshold;set'= {
            cand --group 'Only for the hosts of this group (over the global value)'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;inspect;threshold;list'= {
            cand --group 'The thresholds the hosts of this group get'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;inspect;threshold;help'= {
            cand set 'Set a threshold for every host, or with --group for that group''s hosts, e.g. disk_warn=75 (a host''s own --threshold wins, then its groups'', then the global one)'
            cand list 'The thresholds in force, globally or for a group, and where each comes from'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bizwings;inspect;threshold;help;set'= {
        }
        &'bizwings;inspect;threshold;help;list'= {
        }
        &'bizwings;inspect;threshold;help;help'= {
        }
        &'bizwings;inspect;predeploy'= {
            cand --group 'Only hosts in this group'
            cand --concurrency 'Hosts checked at once'
            cand --timeout 'Time allowed per host, e.g. 10s'
            cand --service 'The service being deployed: its own unit may hold --port (a redeploy)'
            cand --port 'The port it will listen on: free, or held by --service'
            cand --path 'Where it is deployed: that filesystem needs --min-free'
            cand --needs 'What must be up first, comma-separated: systemd services, or :PORT for a listener'
            cand --min-free 'Least free space on --path''s filesystem, %'
            cand --max-cpu 'Most CPU busy, %'
            cand --max-mem 'Most memory used, %'
            cand --backup 'A backup job to run once the checks pass, before answering OK (repeatable)'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --all 'Every host in the inventory (the default when no host is named)'
            cand --local 'Check this machine, without SSH; alone unless hosts, --group or --all are given too'
            cand --nagios 'One line per host in Nagios plugin format, with perfdata'
            cand --summary 'One row per host instead of a table per host'
            cand --accept-new 'Trust and record host keys seen for the first time'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;inspect;help'= {
            cand host 'Manage the inventory'
            cand history 'Trends of each check over past runs'
            cand threshold 'Thresholds for every host or for a group'
            cand predeploy 'The deployment SOP''s pre-checks for a service, then (with --backup) its backups'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bizwings;inspect;help;host'= {
            cand add 'Add a host to the inventory'
            cand set 'Change a host (only the given settings)'
            cand list 'List hosts'
            cand show 'Show one host'
            cand rm 'Remove a host (its history stays)'
        }
        &'bizwings;inspect;help;host;add'= {
        }
        &'bizwings;inspect;help;host;set'= {
        }
        &'bizwings;inspect;help;host;list'= {
        }
        &'bizwings;inspect;help;host;show'= {
        }
        &'bizwings;inspect;help;host;rm'= {
        }
        &'bizwings;inspect;help;history'= {
        }
        &'bizwings;inspect;help;threshold'= {
            cand set 'Set a threshold for every host, or with --group for that group''s hosts, e.g. disk_warn=75 (a host''s own --threshold wins, then its groups'', then the global one)'
            cand list 'The thresholds in force, globally or for a group, and where each comes from'
        }
        &'bizwings;inspect;help;threshold;set'= {
        }
        &'bizwings;inspect;help;threshold;list'= {
        }
        &'bizwings;inspect;help;predeploy'= {
        }
        &'bizwings;inspect;help;help'= {
        }
        &'bizwings;backup'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand add 'Define a backup job'
            cand list 'List jobs, or the backups of one job'
            cand run 'Run backup jobs (the built-in `state` job backs up bizwings'' own DB)'
            cand verify 'Re-check backups: checksum, and that each can be read back'
            cand prune 'Delete backups past their job''s retention (never a job''s newest good backup)'
            cand restore 'Restore a backup by id (see `backup list NAME`)'
            cand snapshot 'Copy files into the catalog before changing them (one job per path, `snap-…`, kept 90 days; restore with `backup restore ID --apply`)'
            cand diff 'Show what changed in a file since a backup of it (`diff -u`, backup first)'
            cand key 'The key backups are encrypted under when they leave the host'
            cand remote 'Backups kept on another host'
            cand rm 'Remove a job (its backups and catalog are kept)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bizwings;backup;add'= {
            cand --kind 'What to back up'
            cand --source 'The SQLite file, the databases (''*'' for all), or the directory or files'
            cand --dest 'Directory for the backup files (created 0700 if missing)'
            cand --retention 'How long backups are kept, e.g. 30d, 12h [default: by category]'
            cand --category 'Retention class [default: db for sqlite/mysql, data for a directory, config for files]'
            cand --mysql-host 'MySQL host'
            cand --mysql-port 'MySQL port'
            cand --mysql-socket 'MySQL socket'
            cand --mysql-user 'MySQL user'
            cand --mysql-defaults-file 'MySQL option file with the credentials'
            cand --remote 'Also send each backup, encrypted under the backup key, to HOST:/dir over SFTP (HOST from `inspect host list`, its host key already trusted)'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --mysql-password-stdin 'Read the MySQL password from stdin (stored encrypted)'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;backup;list'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;backup;run'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --all 'Run every job'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;backup;verify'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --all 'Check every backup (the default)'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;backup;prune'= {
            cand --now 'Pretend it is this time (RFC 3339), for tests and what-ifs'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --dry-run 'Show what would be deleted, delete nothing'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;backup;restore'= {
            cand --to 'Where to restore a SQLite DB or file (a new path), or a directory archive (an empty or new directory)'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --apply 'Put it back where it came from: MySQL runs the import; a SQLite DB or file replaces the job''s source (the current one is kept beside it as SOURCE.before-restore-TIME). Asks first'
            cand -y 'With --apply: do not ask (required when stdin is not a terminal)'
            cand --yes 'With --apply: do not ask (required when stdin is not a terminal)'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;backup;snapshot'= {
            cand --dest 'Where the copies go [default: snapshots/ beside the state DB]'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;backup;diff'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;backup;key'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand init 'Create the backup key (backup.key beside the DB, or BIZWINGS_BACKUP_KEY_FILE); keep a copy off this host: without it no remote copy can be restored'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bizwings;backup;key;init'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;backup;key;help'= {
            cand init 'Create the backup key (backup.key beside the DB, or BIZWINGS_BACKUP_KEY_FILE); keep a copy off this host: without it no remote copy can be restored'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bizwings;backup;key;help;init'= {
        }
        &'bizwings;backup;key;help;help'= {
        }
        &'bizwings;backup;remote'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand import 'Enter the copies kept at HOST:/dir into the catalog (a new host restoring from them)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bizwings;backup;remote;import'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;backup;remote;help'= {
            cand import 'Enter the copies kept at HOST:/dir into the catalog (a new host restoring from them)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bizwings;backup;remote;help;import'= {
        }
        &'bizwings;backup;remote;help;help'= {
        }
        &'bizwings;backup;rm'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand -y 'Do not ask for confirmation (required when stdin is not a terminal)'
            cand --yes 'Do not ask for confirmation (required when stdin is not a terminal)'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;backup;help'= {
            cand add 'Define a backup job'
            cand list 'List jobs, or the backups of one job'
            cand run 'Run backup jobs (the built-in `state` job backs up bizwings'' own DB)'
            cand verify 'Re-check backups: checksum, and that each can be read back'
            cand prune 'Delete backups past their job''s retention (never a job''s newest good backup)'
            cand restore 'Restore a backup by id (see `backup list NAME`)'
            cand snapshot 'Copy files into the catalog before changing them (one job per path, `snap-…`, kept 90 days; restore with `backup restore ID --apply`)'
            cand diff 'Show what changed in a file since a backup of it (`diff -u`, backup first)'
            cand key 'The key backups are encrypted under when they leave the host'
            cand remote 'Backups kept on another host'
            cand rm 'Remove a job (its backups and catalog are kept)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bizwings;backup;help;add'= {
        }
        &'bizwings;backup;help;list'= {
        }
        &'bizwings;backup;help;run'= {
        }
        &'bizwings;backup;help;verify'= {
        }
        &'bizwings;backup;help;prune'= {
        }
        &'bizwings;backup;help;restore'= {
        }
        &'bizwings;backup;help;snapshot'= {
        }
        &'bizwings;backup;help;diff'= {
        }
        &'bizwings;backup;help;key'= {
            cand init 'Create the backup key (backup.key beside the DB, or BIZWINGS_BACKUP_KEY_FILE); keep a copy off this host: without it no remote copy can be restored'
        }
        &'bizwings;backup;help;key;init'= {
        }
        &'bizwings;backup;help;remote'= {
            cand import 'Enter the copies kept at HOST:/dir into the catalog (a new host restoring from them)'
        }
        &'bizwings;backup;help;remote;import'= {
        }
        &'bizwings;backup;help;rm'= {
        }
        &'bizwings;backup;help;help'= {
        }
        &'bizwings;alert'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand bridge 'Receive Alertmanager webhooks and deliver Feishu cards'
            cand receiver 'Manage receivers (Feishu bots, JSON webhooks or commands)'
            cand route 'Manage routes from alert labels to receivers'
            cand test 'Send a sample card to a receiver now'
            cand history 'Alerts received by the bridge'
            cand outbox 'Messages waiting for delivery or given up on'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bizwings;alert;bridge'= {
            cand --listen 'Address of the webhook listener [default: 127.0.0.1:9094]'
            cand --tz 'Time zone of the times on cards (as `heartbeat add --tz`)'
            cand --dashboard-url 'Dashboard linked from cards of alerts that carry no generator URL'
            cand --max-age 'Give up on a message this old'
            cand --name 'Name shown in the card footer'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --allow-unauthenticated 'Listen beyond loopback even without BIZWINGS_ALERT_TOKEN or BIZWINGS_ALERT_BASIC_AUTH'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;alert;receiver'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand add 'Add a Feishu bot or JSON webhook (URL and secret from stdin or the environment), or a command'
            cand list 'List receivers (webhook tokens masked)'
            cand rm 'Remove a receiver and its routes'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bizwings;alert;receiver;add'= {
            cand --feishu-url-env 'Read the bot''s webhook URL from this environment variable'
            cand --webhook-url-env 'A generic JSON webhook instead: read its URL from this environment variable'
            cand --secret-env 'Read the signing secret from this environment variable'
            cand --command 'Deliver by running this command (sh -c, clean environment) with the card JSON on stdin'
            cand --mention 'Feishu open_id to @ on firing alerts (repeatable)'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --feishu-url-stdin 'Read the bot''s webhook URL from the first line of stdin'
            cand --webhook-url-stdin 'A generic JSON webhook instead: read its URL from the first line of stdin'
            cand --secret-stdin 'Read the signing secret from stdin (the line after the URL, if that is on stdin too)'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;alert;receiver;list'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;alert;receiver;rm'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand -y 'Do not ask for confirmation (required when stdin is not a terminal)'
            cand --yes 'Do not ask for confirmation (required when stdin is not a terminal)'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;alert;receiver;help'= {
            cand add 'Add a Feishu bot or JSON webhook (URL and secret from stdin or the environment), or a command'
            cand list 'List receivers (webhook tokens masked)'
            cand rm 'Remove a receiver and its routes'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bizwings;alert;receiver;help;add'= {
        }
        &'bizwings;alert;receiver;help;list'= {
        }
        &'bizwings;alert;receiver;help;rm'= {
        }
        &'bizwings;alert;receiver;help;help'= {
        }
        &'bizwings;alert;route'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand add 'Append a route: alerts whose labels match go to the receiver'
            cand list 'List routes in order'
            cand rm 'Remove a route by id'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bizwings;alert;route;add'= {
            cand --match 'label=value, label!=value, label=~regex or label!~regex (repeatable; all must hold)'
            cand --receiver 'Receiver name'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --continue 'Keep matching later routes after this one matched'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;alert;route;list'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;alert;route;rm'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand -y 'Do not ask for confirmation (required when stdin is not a terminal)'
            cand --yes 'Do not ask for confirmation (required when stdin is not a terminal)'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;alert;route;help'= {
            cand add 'Append a route: alerts whose labels match go to the receiver'
            cand list 'List routes in order'
            cand rm 'Remove a route by id'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bizwings;alert;route;help;add'= {
        }
        &'bizwings;alert;route;help;list'= {
        }
        &'bizwings;alert;route;help;rm'= {
        }
        &'bizwings;alert;route;help;help'= {
        }
        &'bizwings;alert;test'= {
            cand --severity 'Severity of the sample'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;alert;history'= {
            cand --since 'How far back, e.g. 1d, 6h'
            cand --limit 'At most this many'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;alert;outbox'= {
            cand --limit 'At most this many'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --all 'Include delivered messages'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;alert;help'= {
            cand bridge 'Receive Alertmanager webhooks and deliver Feishu cards'
            cand receiver 'Manage receivers (Feishu bots, JSON webhooks or commands)'
            cand route 'Manage routes from alert labels to receivers'
            cand test 'Send a sample card to a receiver now'
            cand history 'Alerts received by the bridge'
            cand outbox 'Messages waiting for delivery or given up on'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bizwings;alert;help;bridge'= {
        }
        &'bizwings;alert;help;receiver'= {
            cand add 'Add a Feishu bot or JSON webhook (URL and secret from stdin or the environment), or a command'
            cand list 'List receivers (webhook tokens masked)'
            cand rm 'Remove a receiver and its routes'
        }
        &'bizwings;alert;help;receiver;add'= {
        }
        &'bizwings;alert;help;receiver;list'= {
        }
        &'bizwings;alert;help;receiver;rm'= {
        }
        &'bizwings;alert;help;route'= {
            cand add 'Append a route: alerts whose labels match go to the receiver'
            cand list 'List routes in order'
            cand rm 'Remove a route by id'
        }
        &'bizwings;alert;help;route;add'= {
        }
        &'bizwings;alert;help;route;list'= {
        }
        &'bizwings;alert;help;route;rm'= {
        }
        &'bizwings;alert;help;test'= {
        }
        &'bizwings;alert;help;history'= {
        }
        &'bizwings;alert;help;outbox'= {
        }
        &'bizwings;alert;help;help'= {
        }
        &'bizwings;exporter'= {
            cand --listen 'Listen address; pings beyond loopback need a ping key (BIZWINGS_PING_KEY or `heartbeat ping-key --rotate`)'
            cand --min-interval 'Scrapes within this of the last one get the same values (the DB is read at most once per interval)'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --ping-create 'A ping with ?create=1 creates an unknown job (daily, 1h grace, UTC) instead of 404'
            cand --badges 'Serve an SVG status badge per agent (/badge/NAME.svg) and for all (/badge.svg), without a key: anyone who can reach the listener sees the states'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;apply'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --dry-run 'Show what would change, change nothing; exit 1 when something would'
            cand --prune 'Also remove what the file does not name (of every kind it manages)'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;export'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;completions'= {
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;generate'= {
            cand --out-dir 'Directory that receives completions/ and man/'
            cand --db 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]'
            cand --master-key-file 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]'
            cand --log-format 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]'
            cand --json 'Print one machine-readable JSON document on stdout instead of tables'
            cand -v 'More log output on stderr (repeat for more)'
            cand --verbose 'More log output on stderr (repeat for more)'
            cand -q 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand --quiet 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bizwings;help'= {
            cand init 'Create the state database and a master key file if missing'
            cand sidecar 'OpenAI-compatible multi-pool proxy in front of many provider keys'
            cand provider 'Manage upstream provider keys, pools and model mappings'
            cand usage 'Token, cost and error reports from the sidecar''s accounting'
            cand heartbeat 'Cron-scheduled liveness and task-progress checks of agents and jobs'
            cand inspect 'Server checklist over SSH on many hosts at once'
            cand backup 'SQLite, MySQL and file backups with a checksummed catalog'
            cand alert 'Alertmanager webhooks to Feishu cards'
            cand exporter 'Serve the state as Prometheus metrics (agents, their LLM calls, backups, inspect results, the alert outbox) and take heartbeat pings over HTTP'
            cand apply 'Converge the state to a TOML file (providers, clients, alerts, agents, backups, hosts)'
            cand export 'Print the state as the TOML file `apply` takes (secrets by reference only)'
            cand completions 'Print a shell completion script to stdout'
            cand generate 'Write completions and man pages (for packagers and the repo)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bizwings;help;init'= {
        }
        &'bizwings;help;sidecar'= {
            cand serve 'Serve the OpenAI-compatible proxy on /v1/* (and /health)'
            cand client 'Client tokens for /v1 (once one exists, every request needs one)'
            cand requests 'The request log: who asked for what, each attempt and why the sidecar moved on'
            cand request 'One logged request with its attempt chain, by its x-request-id'
            cand fleet 'The live sidecars of a fleet (shared mode), read from its Redis'
            cand admin-token 'Create the admin API token of the dashboard (stored hashed; printed once)'
        }
        &'bizwings;help;sidecar;serve'= {
        }
        &'bizwings;help;sidecar;client'= {
            cand add 'Create a client token for NAME and print it once (only its hash is stored)'
            cand set 'Change a client''s request rate or budgets (running sidecars apply it within a second)'
            cand list 'List clients, their limits and what they used of their budgets'
            cand rm 'Remove a client: its token stops working within a second'
        }
        &'bizwings;help;sidecar;client;add'= {
        }
        &'bizwings;help;sidecar;client;set'= {
        }
        &'bizwings;help;sidecar;client;list'= {
        }
        &'bizwings;help;sidecar;client;rm'= {
        }
        &'bizwings;help;sidecar;requests'= {
        }
        &'bizwings;help;sidecar;request'= {
        }
        &'bizwings;help;sidecar;fleet'= {
        }
        &'bizwings;help;sidecar;admin-token'= {
        }
        &'bizwings;help;provider'= {
            cand add 'Add an upstream provider: one API key and base URL'
            cand list 'List providers (keys masked)'
            cand show 'Show one provider with its model mappings'
            cand set 'Change fields of a provider'
            cand map 'Map a canonical model name to the provider''s native model id (replaces an existing mapping)'
            cand unmap 'Remove a model mapping'
            cand enable 'Let the sidecar route to a provider again (also clears an `error` status)'
            cand disable 'Stop routing to a provider without deleting it'
            cand rm 'Delete providers and their model mappings (usage history is kept)'
            cand rotate-key 'Replace one provider''s upstream key, or re-encrypt every secret under a new master key'
            cand cooldown 'A provider''s cooldown after rate limits or failures'
            cand import 'Import providers, model mappings and usage from a Sidecar V2 database (idempotent)'
        }
        &'bizwings;help;provider;add'= {
        }
        &'bizwings;help;provider;list'= {
        }
        &'bizwings;help;provider;show'= {
        }
        &'bizwings;help;provider;set'= {
        }
        &'bizwings;help;provider;map'= {
        }
        &'bizwings;help;provider;unmap'= {
        }
        &'bizwings;help;provider;enable'= {
        }
        &'bizwings;help;provider;disable'= {
        }
        &'bizwings;help;provider;rm'= {
        }
        &'bizwings;help;provider;rotate-key'= {
        }
        &'bizwings;help;provider;cooldown'= {
            cand clear 'End it now: running sidecars route to the provider again at their next reload (within a second); with --shared, every sidecar of the fleet at once'
        }
        &'bizwings;help;provider;cooldown;clear'= {
        }
        &'bizwings;help;provider;import'= {
        }
        &'bizwings;help;usage'= {
        }
        &'bizwings;help;heartbeat'= {
            cand add 'Register an agent or job with a cron schedule'
            cand set 'Change an agent (only the given settings)'
            cand list 'List agents and jobs'
            cand show 'Show one agent'
            cand rm 'Remove an agent (its beats stay)'
            cand pause 'Stop evaluating an agent until resumed'
            cand resume 'Evaluate a paused agent again; also lifts the pause of its client (--on-spin pause) and counts its spend since progress from zero'
            cand ping 'Report from the job itself: success (default), --start, --fail or --exit-code N'
            cand run 'Check the agents that are due (from cron or a timer), or keep checking with --daemon'
            cand status 'One row per agent: state, last beat, pending, stuck, blocked, rounds, next start'
            cand report 'Per agent over a window: beats, triggers sent and failed, tasks worked, stuck incidents and recoveries, round caps, rounds'
            cand discover 'Add an agent for every workspace under DIR that has none (HEARTBEAT.md or board/)'
            cand ping-key 'Create the key for pings over HTTP, or with --rotate a new one (stored hashed; printed once)'
            cand exporter 'The same as `bizwings exporter`'
        }
        &'bizwings;help;heartbeat;add'= {
        }
        &'bizwings;help;heartbeat;set'= {
        }
        &'bizwings;help;heartbeat;list'= {
        }
        &'bizwings;help;heartbeat;show'= {
        }
        &'bizwings;help;heartbeat;rm'= {
        }
        &'bizwings;help;heartbeat;pause'= {
        }
        &'bizwings;help;heartbeat;resume'= {
        }
        &'bizwings;help;heartbeat;ping'= {
        }
        &'bizwings;help;heartbeat;run'= {
        }
        &'bizwings;help;heartbeat;status'= {
        }
        &'bizwings;help;heartbeat;report'= {
        }
        &'bizwings;help;heartbeat;discover'= {
        }
        &'bizwings;help;heartbeat;ping-key'= {
        }
        &'bizwings;help;heartbeat;exporter'= {
        }
        &'bizwings;help;inspect'= {
            cand host 'Manage the inventory'
            cand history 'Trends of each check over past runs'
            cand threshold 'Thresholds for every host or for a group'
            cand predeploy 'The deployment SOP''s pre-checks for a service, then (with --backup) its backups'
        }
        &'bizwings;help;inspect;host'= {
            cand add 'Add a host to the inventory'
            cand set 'Change a host (only the given settings)'
            cand list 'List hosts'
            cand show 'Show one host'
            cand rm 'Remove a host (its history stays)'
        }
        &'bizwings;help;inspect;host;add'= {
        }
        &'bizwings;help;inspect;host;set'= {
        }
        &'bizwings;help;inspect;host;list'= {
        }
        &'bizwings;help;inspect;host;show'= {
        }
        &'bizwings;help;inspect;host;rm'= {
        }
        &'bizwings;help;inspect;history'= {
        }
        &'bizwings;help;inspect;threshold'= {
            cand set 'Set a threshold for every host, or with --group for that group''s hosts, e.g. disk_warn=75 (a host''s own --threshold wins, then its groups'', then the global one)'
            cand list 'The thresholds in force, globally or for a group, and where each comes from'
        }
        &'bizwings;help;inspect;threshold;set'= {
        }
        &'bizwings;help;inspect;threshold;list'= {
        }
        &'bizwings;help;inspect;predeploy'= {
        }
        &'bizwings;help;backup'= {
            cand add 'Define a backup job'
            cand list 'List jobs, or the backups of one job'
            cand run 'Run backup jobs (the built-in `state` job backs up bizwings'' own DB)'
            cand verify 'Re-check backups: checksum, and that each can be read back'
            cand prune 'Delete backups past their job''s retention (never a job''s newest good backup)'
            cand restore 'Restore a backup by id (see `backup list NAME`)'
            cand snapshot 'Copy files into the catalog before changing them (one job per path, `snap-…`, kept 90 days; restore with `backup restore ID --apply`)'
            cand diff 'Show what changed in a file since a backup of it (`diff -u`, backup first)'
            cand key 'The key backups are encrypted under when they leave the host'
            cand remote 'Backups kept on another host'
            cand rm 'Remove a job (its backups and catalog are kept)'
        }
        &'bizwings;help;backup;add'= {
        }
        &'bizwings;help;backup;list'= {
        }
        &'bizwings;help;backup;run'= {
        }
        &'bizwings;help;backup;verify'= {
        }
        &'bizwings;help;backup;prune'= {
        }
        &'bizwings;help;backup;restore'= {
        }
        &'bizwings;help;backup;snapshot'= {
        }
        &'bizwings;help;backup;diff'= {
        }
        &'bizwings;help;backup;key'= {
            cand init 'Create the backup key (backup.key beside the DB, or BIZWINGS_BACKUP_KEY_FILE); keep a copy off this host: without it no remote copy can be restored'
        }
        &'bizwings;help;backup;key;init'= {
        }
        &'bizwings;help;backup;remote'= {
            cand import 'Enter the copies kept at HOST:/dir into the catalog (a new host restoring from them)'
        }
        &'bizwings;help;backup;remote;import'= {
        }
        &'bizwings;help;backup;rm'= {
        }
        &'bizwings;help;alert'= {
            cand bridge 'Receive Alertmanager webhooks and deliver Feishu cards'
            cand receiver 'Manage receivers (Feishu bots, JSON webhooks or commands)'
            cand route 'Manage routes from alert labels to receivers'
            cand test 'Send a sample card to a receiver now'
            cand history 'Alerts received by the bridge'
            cand outbox 'Messages waiting for delivery or given up on'
        }
        &'bizwings;help;alert;bridge'= {
        }
        &'bizwings;help;alert;receiver'= {
            cand add 'Add a Feishu bot or JSON webhook (URL and secret from stdin or the environment), or a command'
            cand list 'List receivers (webhook tokens masked)'
            cand rm 'Remove a receiver and its routes'
        }
        &'bizwings;help;alert;receiver;add'= {
        }
        &'bizwings;help;alert;receiver;list'= {
        }
        &'bizwings;help;alert;receiver;rm'= {
        }
        &'bizwings;help;alert;route'= {
            cand add 'Append a route: alerts whose labels match go to the receiver'
            cand list 'List routes in order'
            cand rm 'Remove a route by id'
        }
        &'bizwings;help;alert;route;add'= {
        }
        &'bizwings;help;alert;route;list'= {
        }
        &'bizwings;help;alert;route;rm'= {
        }
        &'bizwings;help;alert;test'= {
        }
        &'bizwings;help;alert;history'= {
        }
        &'bizwings;help;alert;outbox'= {
        }
        &'bizwings;help;exporter'= {
        }
        &'bizwings;help;apply'= {
        }
        &'bizwings;help;export'= {
        }
        &'bizwings;help;completions'= {
        }
        &'bizwings;help;generate'= {
        }
        &'bizwings;help;help'= {
        }
    ]
    $completions[$command]
}
