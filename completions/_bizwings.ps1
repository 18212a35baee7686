
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'bizwings' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'bizwings'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'bizwings' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create the state database and a master key file if missing')
            [CompletionResult]::new('sidecar', 'sidecar', [CompletionResultType]::ParameterValue, 'OpenAI-compatible multi-pool proxy in front of many provider keys')
            [CompletionResult]::new('provider', 'provider', [CompletionResultType]::ParameterValue, 'Manage upstream provider keys, pools and model mappings')
            [CompletionResult]::new('usage', 'usage', [CompletionResultType]::ParameterValue, 'Token, cost and error reports from the sidecar''s accounting')
            [CompletionResult]::new('heartbeat', 'heartbeat', [CompletionResultType]::ParameterValue, 'Cron-scheduled liveness and task-progress checks of agents and jobs')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Server checklist over SSH on many hosts at once')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'SQLite, MySQL and file backups with a checksummed catalog')
            [CompletionResult]::new('alert', 'alert', [CompletionResultType]::ParameterValue, 'Alertmanager webhooks to Feishu cards')
            [CompletionResult]::new('exporter', 'exporter', [CompletionResultType]::ParameterValue, 'Serve the state as Prometheus metrics (agents, their LLM calls, backups, inspect results, the alert outbox) and take heartbeat pings over HTTP')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Converge the state to a TOML file (providers, clients, alerts, agents, backups, hosts)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print the state as the TOML file `apply` takes (secrets by reference only)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script to stdout')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Write completions and man pages (for packagers and the repo)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bizwings;init' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;sidecar' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve the OpenAI-compatible proxy on /v1/* (and /health)')
            [CompletionResult]::new('client', 'client', [CompletionResultType]::ParameterValue, 'Client tokens for /v1 (once one exists, every request needs one)')
            [CompletionResult]::new('requests', 'requests', [CompletionResultType]::ParameterValue, 'The request log: who asked for what, each attempt and why the sidecar moved on')
            [CompletionResult]::new('request', 'request', [CompletionResultType]::ParameterValue, 'One logged request with its attempt chain, by its x-request-id')
            [CompletionResult]::new('fleet', 'fleet', [CompletionResultType]::ParameterValue, 'The live sidecars of a fleet (shared mode), read from its Redis')
            [CompletionResult]::new('admin-token', 'admin-token', [CompletionResultType]::ParameterValue, 'Create the admin API token of the dashboard (stored hashed; printed once)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bizwings;sidecar;serve' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address of the proxy [default: 127.0.0.1:9190, or SIDECAR_HOST:SIDECAR_PORT]')
            [CompletionResult]::new('--metrics-listen', '--metrics-listen', [CompletionResultType]::ParameterName, 'Address of the Prometheus /metrics listener, or "off" [default: 127.0.0.1:9191]')
            [CompletionResult]::new('--cooldown-base', '--cooldown-base', [CompletionResultType]::ParameterName, 'First 429 cooldown; it doubles with each 429 in a row [default: 30s]')
            [CompletionResult]::new('--cooldown-max', '--cooldown-max', [CompletionResultType]::ParameterName, 'Longest 429 cooldown [default: 600s]')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Upstream attempts per request, across providers [default: 5]')
            [CompletionResult]::new('--queue-max-depth', '--queue-max-depth', [CompletionResultType]::ParameterName, 'Requests that may wait for a rate-limited provider at once [default: 500]')
            [CompletionResult]::new('--queue-timeout', '--queue-timeout', [CompletionResultType]::ParameterName, 'How long a request may wait in the queue [default: 30s]')
            [CompletionResult]::new('--emergency-rpm-fraction', '--emergency-rpm-fraction', [CompletionResultType]::ParameterName, 'Share of a provider''s RPM still used while every provider is cooling [default: 0.1]')
            [CompletionResult]::new('--max-body-bytes', '--max-body-bytes', [CompletionResultType]::ParameterName, 'Largest request body accepted, in bytes [default: 10485760]')
            [CompletionResult]::new('--reload-interval', '--reload-interval', [CompletionResultType]::ParameterName, 'How often provider changes are looked for [default: 1s]')
            [CompletionResult]::new('--health-interval', '--health-interval', [CompletionResultType]::ParameterName, 'How often each provider is probed with GET <base>/models, or "off" [default: 60s]')
            [CompletionResult]::new('--backup-dir', '--backup-dir', [CompletionResultType]::ParameterName, 'Directory of the daily online backup of the state DB, or "off" [default: backups/ beside the DB]')
            [CompletionResult]::new('--backup-keep-days', '--backup-keep-days', [CompletionResultType]::ParameterName, 'Daily backups kept [default: 7]')
            [CompletionResult]::new('--request-log', '--request-log', [CompletionResultType]::ParameterName, 'How long the request log keeps each request (`sidecar requests`), or "off" [default: 7d]')
            [CompletionResult]::new('--request-log-max-bytes', '--request-log-max-bytes', [CompletionResultType]::ParameterName, 'What the request log may take in the DB, in bytes (the oldest go first) [default: 1073741824]')
            [CompletionResult]::new('--otlp-endpoint', '--otlp-endpoint', [CompletionResultType]::ParameterName, 'Send a span per request (and per upstream attempt) to this OpenTelemetry collector, as OTLP/HTTP protobuf: its base URL, e.g. http://127.0.0.1:4318 (/v1/traces is added)')
            [CompletionResult]::new('--demo-429', '--demo-429', [CompletionResultType]::ParameterName, 'With --demo: percent of the demo provider''s answers that are 429, to watch failover and cooldowns [default: 0]')
            [CompletionResult]::new('--header-timeout', '--header-timeout', [CompletionResultType]::ParameterName, 'A client must send a whole request header within this; an idle keep-alive connection is closed after it too [default: 30s]')
            [CompletionResult]::new('--body-timeout', '--body-timeout', [CompletionResultType]::ParameterName, 'Longest pause between two chunks of a request body before it is cut with 408 [default: 30s]')
            [CompletionResult]::new('--max-connections', '--max-connections', [CompletionResultType]::ParameterName, 'Connections served at once; more wait for a free slot [default: 1024]')
            [CompletionResult]::new('--max-buffered-bytes', '--max-buffered-bytes', [CompletionResultType]::ParameterName, 'Bytes of request bodies held in memory at once, across requests; beyond it, 503 [default: 67108864]')
            [CompletionResult]::new('--allowed-host', '--allowed-host', [CompletionResultType]::ParameterName, 'Host name browsers may use to reach /v1, besides loopback and the listen address (repeatable)')
            [CompletionResult]::new('--allowed-origin', '--allowed-origin', [CompletionResultType]::ParameterName, 'Web origin whose pages may call /v1, e.g. https://app.example.com, or * (repeatable)')
            [CompletionResult]::new('--passthrough', '--passthrough', [CompletionResultType]::ParameterName, 'A /v1 path besides the routed ones (chat, completions, embeddings, responses, messages) to pass to a provider unpriced, with everything under it, e.g. /v1/files (repeatable). Others get 404. A client with budgets needs --allow-passthrough for them')
            [CompletionResult]::new('--shared', '--shared', [CompletionResultType]::ParameterName, 'Share each provider''s limits and cooldowns with every sidecar of the fleet through this Redis (or Valkey): redis://HOST:6379/0 or rediss://… A password belongs in BIZWINGS_SHARED_URL or --shared-url-file, never on the command line')
            [CompletionResult]::new('--shared-url-file', '--shared-url-file', [CompletionResultType]::ParameterName, 'Read the shared-mode Redis URL from this file (mode 0600 if it holds a password)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'Name of the fleet: sidecars with the same name share limits [default: bizwings]')
            [CompletionResult]::new('--shared-timeout', '--shared-timeout', [CompletionResultType]::ParameterName, 'Longest a Redis call may hold a request before this sidecar routes on local limits for a second; raise it when Redis is across a slow link [default: 50ms]')
            [CompletionResult]::new('--shutdown-grace', '--shutdown-grace', [CompletionResultType]::ParameterName, 'How long in-flight requests may run on after SIGTERM [default: 30s]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--allow-unauthenticated', '--allow-unauthenticated', [CompletionResultType]::ParameterName, 'Serve /v1 on a non-loopback address even without client tokens')
            [CompletionResult]::new('--demo', '--demo', [CompletionResultType]::ParameterName, 'Try it without a key: two in-process providers, demo and demo-backup, answer the models demo-chat and demo-embed (creates the state DB if there is none)')
            [CompletionResult]::new('--shared-required', '--shared-required', [CompletionResultType]::ParameterName, 'While Redis is away, refuse requests (503) instead of routing on local limits of RPM ÷ sidecars')
            [CompletionResult]::new('--shared-exact-budgets', '--shared-exact-budgets', [CompletionResultType]::ParameterName, 'Admit every budgeted request in Redis one by one, instead of leasing this sidecar a slice of each busy client''s budget to admit against (then each request costs Redis an admission and a settlement besides its pick, and the fleet''s count is current to the request rather than to a quarter second)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;sidecar;client' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a client token for NAME and print it once (only its hash is stored)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a client''s request rate or budgets (running sidecars apply it within a second)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List clients, their limits and what they used of their budgets')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a client: its token stops working within a second')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bizwings;sidecar;client;add' {
            [CompletionResult]::new('--budget', '--budget', [CompletionResultType]::ParameterName, 'A budget per UTC period: AMOUNT UNIT/PERIOD, e.g. 20usd/day, $0.50/hour, 2M-tokens/month (repeatable; replaces the budget of the same unit and period). Over it, requests get 429 `budget_exceeded` until the period renews')
            [CompletionResult]::new('--rpm', '--rpm', [CompletionResultType]::ParameterName, 'Requests per minute this client may send (0: no limit); over it, 429 `client_rate_limited`')
            [CompletionResult]::new('--allow-passthrough', '--allow-passthrough', [CompletionResultType]::ParameterName, 'Let this client through the /v1 paths the sidecar passes unpriced (`serve --passthrough`: files, audio, batches…) although it has a budget; without it they get 403 `passthrough_refused` [default: false]')
            [CompletionResult]::new('--log-bodies', '--log-bodies', [CompletionResultType]::ParameterName, 'Keep this client''s request and answer bodies in the request log (16 KiB each, bearer tokens, provider keys and bizwings tokens redacted; streamed answers are not kept) [default: false]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--clear-budgets', '--clear-budgets', [CompletionResultType]::ParameterName, 'Remove every budget first (with --budget: replace them all)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;sidecar;client;set' {
            [CompletionResult]::new('--budget', '--budget', [CompletionResultType]::ParameterName, 'A budget per UTC period: AMOUNT UNIT/PERIOD, e.g. 20usd/day, $0.50/hour, 2M-tokens/month (repeatable; replaces the budget of the same unit and period). Over it, requests get 429 `budget_exceeded` until the period renews')
            [CompletionResult]::new('--rpm', '--rpm', [CompletionResultType]::ParameterName, 'Requests per minute this client may send (0: no limit); over it, 429 `client_rate_limited`')
            [CompletionResult]::new('--allow-passthrough', '--allow-passthrough', [CompletionResultType]::ParameterName, 'Let this client through the /v1 paths the sidecar passes unpriced (`serve --passthrough`: files, audio, batches…) although it has a budget; without it they get 403 `passthrough_refused` [default: false]')
            [CompletionResult]::new('--log-bodies', '--log-bodies', [CompletionResultType]::ParameterName, 'Keep this client''s request and answer bodies in the request log (16 KiB each, bearer tokens, provider keys and bizwings tokens redacted; streamed answers are not kept) [default: false]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--clear-budgets', '--clear-budgets', [CompletionResultType]::ParameterName, 'Remove every budget first (with --budget: replace them all)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;sidecar;client;list' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;sidecar;client;rm' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when stdin is not a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;sidecar;client;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a client token for NAME and print it once (only its hash is stored)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a client''s request rate or budgets (running sidecars apply it within a second)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List clients, their limits and what they used of their budgets')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a client: its token stops working within a second')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bizwings;sidecar;client;help;add' {
            break
        }
        'bizwings;sidecar;client;help;set' {
            break
        }
        'bizwings;sidecar;client;help;list' {
            break
        }
        'bizwings;sidecar;client;help;rm' {
            break
        }
        'bizwings;sidecar;client;help;help' {
            break
        }
        'bizwings;sidecar;requests' {
            [CompletionResult]::new('--client', '--client', [CompletionResultType]::ParameterName, 'Only this client''s requests (repeatable)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Only the requests of this heartbeat agent (through its client; repeatable)')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'Only requests for this model (as the client named it)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Only requests with an attempt at this provider')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only requests answered with this HTTP status')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only requests in this window, ending now')
            [CompletionResult]::new('--slower-than', '--slower-than', [CompletionResultType]::ParameterName, 'Only requests slower than this')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many (the newest)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--failed', '--failed', [CompletionResultType]::ParameterName, 'Only requests that failed or were refused (status 400 and above)')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'Keep printing requests as they are logged, until interrupted (JSON: one per line)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;sidecar;request' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;sidecar;fleet' {
            [CompletionResult]::new('--shared', '--shared', [CompletionResultType]::ParameterName, 'Share each provider''s limits and cooldowns with every sidecar of the fleet through this Redis (or Valkey): redis://HOST:6379/0 or rediss://… A password belongs in BIZWINGS_SHARED_URL or --shared-url-file, never on the command line')
            [CompletionResult]::new('--shared-url-file', '--shared-url-file', [CompletionResultType]::ParameterName, 'Read the shared-mode Redis URL from this file (mode 0600 if it holds a password)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'Name of the fleet: sidecars with the same name share limits [default: bizwings]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;sidecar;admin-token' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--rotate', '--rotate', [CompletionResultType]::ParameterName, 'Replace the current token (the old one stops working)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;sidecar;help' {
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve the OpenAI-compatible proxy on /v1/* (and /health)')
            [CompletionResult]::new('client', 'client', [CompletionResultType]::ParameterValue, 'Client tokens for /v1 (once one exists, every request needs one)')
            [CompletionResult]::new('requests', 'requests', [CompletionResultType]::ParameterValue, 'The request log: who asked for what, each attempt and why the sidecar moved on')
            [CompletionResult]::new('request', 'request', [CompletionResultType]::ParameterValue, 'One logged request with its attempt chain, by its x-request-id')
            [CompletionResult]::new('fleet', 'fleet', [CompletionResultType]::ParameterValue, 'The live sidecars of a fleet (shared mode), read from its Redis')
            [CompletionResult]::new('admin-token', 'admin-token', [CompletionResultType]::ParameterValue, 'Create the admin API token of the dashboard (stored hashed; printed once)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bizwings;sidecar;help;serve' {
            break
        }
        'bizwings;sidecar;help;client' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a client token for NAME and print it once (only its hash is stored)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a client''s request rate or budgets (running sidecars apply it within a second)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List clients, their limits and what they used of their budgets')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a client: its token stops working within a second')
            break
        }
        'bizwings;sidecar;help;client;add' {
            break
        }
        'bizwings;sidecar;help;client;set' {
            break
        }
        'bizwings;sidecar;help;client;list' {
            break
        }
        'bizwings;sidecar;help;client;rm' {
            break
        }
        'bizwings;sidecar;help;requests' {
            break
        }
        'bizwings;sidecar;help;request' {
            break
        }
        'bizwings;sidecar;help;fleet' {
            break
        }
        'bizwings;sidecar;help;admin-token' {
            break
        }
        'bizwings;sidecar;help;help' {
            break
        }
        'bizwings;provider' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add an upstream provider: one API key and base URL')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List providers (keys masked)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one provider with its model mappings')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change fields of a provider')
            [CompletionResult]::new('map', 'map', [CompletionResultType]::ParameterValue, 'Map a canonical model name to the provider''s native model id (replaces an existing mapping)')
            [CompletionResult]::new('unmap', 'unmap', [CompletionResultType]::ParameterValue, 'Remove a model mapping')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Let the sidecar route to a provider again (also clears an `error` status)')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Stop routing to a provider without deleting it')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete providers and their model mappings (usage history is kept)')
            [CompletionResult]::new('rotate-key', 'rotate-key', [CompletionResultType]::ParameterValue, 'Replace one provider''s upstream key, or re-encrypt every secret under a new master key')
            [CompletionResult]::new('cooldown', 'cooldown', [CompletionResultType]::ParameterValue, 'A provider''s cooldown after rate limits or failures')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import providers, model mappings and usage from a Sidecar V2 database (idempotent)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bizwings;provider;add' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the OpenAI-compatible API, e.g. https://api.openai.com/v1')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the upstream key from a file')
            [CompletionResult]::new('--key-env', '--key-env', [CompletionResultType]::ParameterName, 'Read the upstream key from this environment variable')
            [CompletionResult]::new('--pool', '--pool', [CompletionResultType]::ParameterName, 'Pool: primary is tried first, fallback when primary has no capacity')
            [CompletionResult]::new('--rpm', '--rpm', [CompletionResultType]::ParameterName, 'Requests per minute allowed on this key [default: 40]')
            [CompletionResult]::new('--max-concurrency', '--max-concurrency', [CompletionResultType]::ParameterName, 'Requests in flight on this key at most; more wait for a slot or go elsewhere [default: no cap]')
            [CompletionResult]::new('--tpm', '--tpm', [CompletionResultType]::ParameterName, 'Tokens per minute allowed on this key (each request reserves its estimate, settled with its real usage) [default: no limit]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Upstream request timeout, e.g. 90s or 2m [default: 120s]')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'Display name')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'Serve a canonical model, optionally under another native id (repeatable)')
            [CompletionResult]::new('--price', '--price', [CompletionResultType]::ParameterName, 'Prices of a model given with --model, USD per 1M input,output tokens, optionally then cached input read and written [default: the input price] (repeatable)')
            [CompletionResult]::new('--dialects', '--dialects', [CompletionResultType]::ParameterName, 'The API dialects the provider serves: chat (OpenAI chat/completions, completions, embeddings), responses (OpenAI Responses), messages (Anthropic Messages) [default: chat, plus each one given a URL below]')
            [CompletionResult]::new('--responses-url', '--responses-url', [CompletionResultType]::ParameterName, 'Serve OpenAI Responses at this base URL (`/responses` is appended; "" means --url)')
            [CompletionResult]::new('--messages-url', '--messages-url', [CompletionResultType]::ParameterName, 'Serve Anthropic Messages at this base URL, what ANTHROPIC_BASE_URL would be, e.g. https://api.deepseek.com/anthropic (`/v1/messages` is appended; "" means --url)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--key-stdin', '--key-stdin', [CompletionResultType]::ParameterName, 'Read the upstream key from stdin')
            [CompletionResult]::new('--disabled', '--disabled', [CompletionResultType]::ParameterName, 'Add the provider disabled')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;provider;list' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;provider;show' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;provider;set' {
            [CompletionResult]::new('--rename', '--rename', [CompletionResultType]::ParameterName, 'New name')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'New base URL')
            [CompletionResult]::new('--pool', '--pool', [CompletionResultType]::ParameterName, 'New pool')
            [CompletionResult]::new('--rpm', '--rpm', [CompletionResultType]::ParameterName, 'New requests-per-minute limit')
            [CompletionResult]::new('--max-concurrency', '--max-concurrency', [CompletionResultType]::ParameterName, 'New cap on requests in flight; 0 removes it')
            [CompletionResult]::new('--tpm', '--tpm', [CompletionResultType]::ParameterName, 'New tokens-per-minute limit; 0 removes it')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'New upstream timeout, e.g. 90s or 2m')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'New display name')
            [CompletionResult]::new('--dialects', '--dialects', [CompletionResultType]::ParameterName, 'The API dialects the provider serves: chat (OpenAI chat/completions, completions, embeddings), responses (OpenAI Responses), messages (Anthropic Messages) [default: chat, plus each one given a URL below]')
            [CompletionResult]::new('--responses-url', '--responses-url', [CompletionResultType]::ParameterName, 'Serve OpenAI Responses at this base URL (`/responses` is appended; "" means --url)')
            [CompletionResult]::new('--messages-url', '--messages-url', [CompletionResultType]::ParameterName, 'Serve Anthropic Messages at this base URL, what ANTHROPIC_BASE_URL would be, e.g. https://api.deepseek.com/anthropic (`/v1/messages` is appended; "" means --url)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;provider;map' {
            [CompletionResult]::new('--in-price', '--in-price', [CompletionResultType]::ParameterName, 'USD per 1M input tokens')
            [CompletionResult]::new('--out-price', '--out-price', [CompletionResultType]::ParameterName, 'USD per 1M output tokens')
            [CompletionResult]::new('--cache-read-price', '--cache-read-price', [CompletionResultType]::ParameterName, 'USD per 1M cached input tokens read [default: the input price]')
            [CompletionResult]::new('--cache-write-price', '--cache-write-price', [CompletionResultType]::ParameterName, 'USD per 1M input tokens written to the cache [default: the input price]')
            [CompletionResult]::new('--context-window', '--context-window', [CompletionResultType]::ParameterName, 'Context window in tokens')
            [CompletionResult]::new('--max-tokens', '--max-tokens', [CompletionResultType]::ParameterName, 'Largest completion in tokens')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;provider;unmap' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;provider;enable' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;provider;disable' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;provider;rm' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when stdin is not a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;provider;rotate-key' {
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the upstream key from a file')
            [CompletionResult]::new('--key-env', '--key-env', [CompletionResultType]::ParameterName, 'Read the upstream key from this environment variable')
            [CompletionResult]::new('--new-key-file', '--new-key-file', [CompletionResultType]::ParameterName, 'With --master: the new key file (created with a fresh key if missing)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--key-stdin', '--key-stdin', [CompletionResultType]::ParameterName, 'Read the upstream key from stdin')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'Re-encrypt every stored secret under a new master key instead')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;provider;cooldown' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'End it now: running sidecars route to the provider again at their next reload (within a second); with --shared, every sidecar of the fleet at once')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bizwings;provider;cooldown;clear' {
            [CompletionResult]::new('--shared', '--shared', [CompletionResultType]::ParameterName, 'Share each provider''s limits and cooldowns with every sidecar of the fleet through this Redis (or Valkey): redis://HOST:6379/0 or rediss://… A password belongs in BIZWINGS_SHARED_URL or --shared-url-file, never on the command line')
            [CompletionResult]::new('--shared-url-file', '--shared-url-file', [CompletionResultType]::ParameterName, 'Read the shared-mode Redis URL from this file (mode 0600 if it holds a password)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'Name of the fleet: sidecars with the same name share limits [default: bizwings]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;provider;cooldown;help' {
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'End it now: running sidecars route to the provider again at their next reload (within a second); with --shared, every sidecar of the fleet at once')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bizwings;provider;cooldown;help;clear' {
            break
        }
        'bizwings;provider;cooldown;help;help' {
            break
        }
        'bizwings;provider;import' {
            [CompletionResult]::new('--sidecar-v2-db', '--sidecar-v2-db', [CompletionResultType]::ParameterName, 'The Sidecar V2 SQLite file')
            [CompletionResult]::new('--old-key-file', '--old-key-file', [CompletionResultType]::ParameterName, 'File with the old 64-hex SIDECAR_ENCRYPTION_KEY')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;provider;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add an upstream provider: one API key and base URL')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List providers (keys masked)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one provider with its model mappings')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change fields of a provider')
            [CompletionResult]::new('map', 'map', [CompletionResultType]::ParameterValue, 'Map a canonical model name to the provider''s native model id (replaces an existing mapping)')
            [CompletionResult]::new('unmap', 'unmap', [CompletionResultType]::ParameterValue, 'Remove a model mapping')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Let the sidecar route to a provider again (also clears an `error` status)')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Stop routing to a provider without deleting it')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete providers and their model mappings (usage history is kept)')
            [CompletionResult]::new('rotate-key', 'rotate-key', [CompletionResultType]::ParameterValue, 'Replace one provider''s upstream key, or re-encrypt every secret under a new master key')
            [CompletionResult]::new('cooldown', 'cooldown', [CompletionResultType]::ParameterValue, 'A provider''s cooldown after rate limits or failures')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import providers, model mappings and usage from a Sidecar V2 database (idempotent)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bizwings;provider;help;add' {
            break
        }
        'bizwings;provider;help;list' {
            break
        }
        'bizwings;provider;help;show' {
            break
        }
        'bizwings;provider;help;set' {
            break
        }
        'bizwings;provider;help;map' {
            break
        }
        'bizwings;provider;help;unmap' {
            break
        }
        'bizwings;provider;help;enable' {
            break
        }
        'bizwings;provider;help;disable' {
            break
        }
        'bizwings;provider;help;rm' {
            break
        }
        'bizwings;provider;help;rotate-key' {
            break
        }
        'bizwings;provider;help;cooldown' {
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'End it now: running sidecars route to the provider again at their next reload (within a second); with --shared, every sidecar of the fleet at once')
            break
        }
        'bizwings;provider;help;cooldown;clear' {
            break
        }
        'bizwings;provider;help;import' {
            break
        }
        'bizwings;provider;help;help' {
            break
        }
        'bizwings;usage' {
            [CompletionResult]::new('--hours', '--hours', [CompletionResultType]::ParameterName, 'Report the last N hours [default: 24, or 720 with --daily]')
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'Sum over models (provider) or over providers (model) [default: both]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--daily', '--daily', [CompletionResultType]::ParameterName, 'One row per UTC day instead of per hour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;heartbeat' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Register an agent or job with a cron schedule')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change an agent (only the given settings)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List agents and jobs')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one agent')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove an agent (its beats stay)')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Stop evaluating an agent until resumed')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Evaluate a paused agent again; also lifts the pause of its client (--on-spin pause) and counts its spend since progress from zero')
            [CompletionResult]::new('ping', 'ping', [CompletionResultType]::ParameterValue, 'Report from the job itself: success (default), --start, --fail or --exit-code N')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Check the agents that are due (from cron or a timer), or keep checking with --daemon')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'One row per agent: state, last beat, pending, stuck, blocked, rounds, next start')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Per agent over a window: beats, triggers sent and failed, tasks worked, stuck incidents and recoveries, round caps, rounds')
            [CompletionResult]::new('discover', 'discover', [CompletionResultType]::ParameterValue, 'Add an agent for every workspace under DIR that has none (HEARTBEAT.md or board/)')
            [CompletionResult]::new('ping-key', 'ping-key', [CompletionResultType]::ParameterValue, 'Create the key for pings over HTTP, or with --rotate a new one (stored hashed; printed once)')
            [CompletionResult]::new('exporter', 'exporter', [CompletionResultType]::ParameterValue, 'The same as `bizwings exporter`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bizwings;heartbeat;add' {
            [CompletionResult]::new('--schedule', '--schedule', [CompletionResultType]::ParameterName, 'Crontab schedule (5 fields), e.g. "*/15 * * * *" [add: required; discover: */15]')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Time zone of the schedule [default: Asia/Shanghai]')
            [CompletionResult]::new('--grace', '--grace', [CompletionResultType]::ParameterName, 'Slack after a period before the agent counts as stale; bounds a run after --start [default: 5m]')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Task source KIND:SPEC (repeatable; replaces the list on `set`)')
            [CompletionResult]::new('--stagnant-after', '--stagnant-after', [CompletionResultType]::ParameterName, 'An in-progress task without an update for this long is stuck [default: 20m]')
            [CompletionResult]::new('--max-rounds', '--max-rounds', [CompletionResultType]::ParameterName, 'Round cap per task [default: 50]')
            [CompletionResult]::new('--warn-rounds-pct', '--warn-rounds-pct', [CompletionResultType]::ParameterName, 'Warn at this share of the round cap [default: 80]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Receiver told of every state change (instead of the alert routes)')
            [CompletionResult]::new('--escalate', '--escalate', [CompletionResultType]::ParameterName, 'Receiver also told when the agent turns critical')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'Display name')
            [CompletionResult]::new('--trigger', '--trigger', [CompletionResultType]::ParameterName, 'What starts the agent''s turn when it has work: command:CMD or http:URL (POST of JSON); off removes it')
            [CompletionResult]::new('--trigger-message', '--trigger-message', [CompletionResultType]::ParameterName, 'The trigger''s message; {agent}, {label}, {pending}, {stuck}, {blocked} and {due} are filled in')
            [CompletionResult]::new('--trigger-token-env', '--trigger-token-env', [CompletionResultType]::ParameterName, 'Environment variable of `heartbeat run` whose value an HTTP trigger sends as its bearer token (the token itself is never stored); off removes it')
            [CompletionResult]::new('--trigger-always', '--trigger-always', [CompletionResultType]::ParameterName, 'Trigger even when nothing is pending [default: false]')
            [CompletionResult]::new('--trigger-timeout', '--trigger-timeout', [CompletionResultType]::ParameterName, 'A trigger still running after this is killed and counts as failed [default: 1m]')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'Start this long after each slot, or auto: spread over the period among the agents with a trigger on the same schedule [default: auto]')
            [CompletionResult]::new('--fail-after', '--fail-after', [CompletionResultType]::ParameterName, 'Failed triggers in a row that make the agent critical ("not responding") [default: 3]')
            [CompletionResult]::new('--on-stuck', '--on-stuck', [CompletionResultType]::ParameterName, 'Run this once per task stuck at two beats in a row (command:CMD), or off')
            [CompletionResult]::new('--client', '--client', [CompletionResultType]::ParameterName, 'The sidecar client token the agent calls LLMs with, for its agent_429_error_rate and agent_response_time_seconds; off: the client of its own name [default: its name]')
            [CompletionResult]::new('--spin-warn-tokens', '--spin-warn-tokens', [CompletionResultType]::ParameterName, 'Warning when the agent''s client spent this many tokens since a task last moved (k and M suffixes; 0: off) [default: 500k]')
            [CompletionResult]::new('--spin-critical-tokens', '--spin-critical-tokens', [CompletionResultType]::ParameterName, 'Critical at this many tokens since a task last moved (0: off) [default: 2M]')
            [CompletionResult]::new('--spin-warn-usd', '--spin-warn-usd', [CompletionResultType]::ParameterName, 'Warning when the agent''s client spent this many dollars since a task last moved (0: off) [default: 2]')
            [CompletionResult]::new('--spin-critical-usd', '--spin-critical-usd', [CompletionResultType]::ParameterName, 'Critical at this many dollars since a task last moved (0: off) [default: 10]')
            [CompletionResult]::new('--on-spin', '--on-spin', [CompletionResultType]::ParameterName, 'At critical spinning also: pause (the sidecar refuses the agent''s client with 429 `x-bizwings-limit: paused` until `heartbeat resume`), command:CMD (run once), or off')
            [CompletionResult]::new('--turn-window', '--turn-window', [CompletionResultType]::ParameterName, 'After a trigger was answered, the agent must show life within this: LLM calls through its client, a task update or a ping [default: 10m]')
            [CompletionResult]::new('--silent-after', '--silent-after', [CompletionResultType]::ParameterName, 'Silent turns in a row that make the agent critical ("not working") [default: 3]')
            [CompletionResult]::new('--ack', '--ack', [CompletionResultType]::ParameterName, 'Text in the trigger''s answer that says the turn ran (e.g. a gateway''s "completed"); off removes it')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;heartbeat;set' {
            [CompletionResult]::new('--schedule', '--schedule', [CompletionResultType]::ParameterName, 'Crontab schedule (5 fields), e.g. "*/15 * * * *" [add: required; discover: */15]')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Time zone of the schedule [default: Asia/Shanghai]')
            [CompletionResult]::new('--grace', '--grace', [CompletionResultType]::ParameterName, 'Slack after a period before the agent counts as stale; bounds a run after --start [default: 5m]')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Task source KIND:SPEC (repeatable; replaces the list on `set`)')
            [CompletionResult]::new('--stagnant-after', '--stagnant-after', [CompletionResultType]::ParameterName, 'An in-progress task without an update for this long is stuck [default: 20m]')
            [CompletionResult]::new('--max-rounds', '--max-rounds', [CompletionResultType]::ParameterName, 'Round cap per task [default: 50]')
            [CompletionResult]::new('--warn-rounds-pct', '--warn-rounds-pct', [CompletionResultType]::ParameterName, 'Warn at this share of the round cap [default: 80]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Receiver told of every state change (instead of the alert routes)')
            [CompletionResult]::new('--escalate', '--escalate', [CompletionResultType]::ParameterName, 'Receiver also told when the agent turns critical')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'Display name')
            [CompletionResult]::new('--trigger', '--trigger', [CompletionResultType]::ParameterName, 'What starts the agent''s turn when it has work: command:CMD or http:URL (POST of JSON); off removes it')
            [CompletionResult]::new('--trigger-message', '--trigger-message', [CompletionResultType]::ParameterName, 'The trigger''s message; {agent}, {label}, {pending}, {stuck}, {blocked} and {due} are filled in')
            [CompletionResult]::new('--trigger-token-env', '--trigger-token-env', [CompletionResultType]::ParameterName, 'Environment variable of `heartbeat run` whose value an HTTP trigger sends as its bearer token (the token itself is never stored); off removes it')
            [CompletionResult]::new('--trigger-always', '--trigger-always', [CompletionResultType]::ParameterName, 'Trigger even when nothing is pending [default: false]')
            [CompletionResult]::new('--trigger-timeout', '--trigger-timeout', [CompletionResultType]::ParameterName, 'A trigger still running after this is killed and counts as failed [default: 1m]')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'Start this long after each slot, or auto: spread over the period among the agents with a trigger on the same schedule [default: auto]')
            [CompletionResult]::new('--fail-after', '--fail-after', [CompletionResultType]::ParameterName, 'Failed triggers in a row that make the agent critical ("not responding") [default: 3]')
            [CompletionResult]::new('--on-stuck', '--on-stuck', [CompletionResultType]::ParameterName, 'Run this once per task stuck at two beats in a row (command:CMD), or off')
            [CompletionResult]::new('--client', '--client', [CompletionResultType]::ParameterName, 'The sidecar client token the agent calls LLMs with, for its agent_429_error_rate and agent_response_time_seconds; off: the client of its own name [default: its name]')
            [CompletionResult]::new('--spin-warn-tokens', '--spin-warn-tokens', [CompletionResultType]::ParameterName, 'Warning when the agent''s client spent this many tokens since a task last moved (k and M suffixes; 0: off) [default: 500k]')
            [CompletionResult]::new('--spin-critical-tokens', '--spin-critical-tokens', [CompletionResultType]::ParameterName, 'Critical at this many tokens since a task last moved (0: off) [default: 2M]')
            [CompletionResult]::new('--spin-warn-usd', '--spin-warn-usd', [CompletionResultType]::ParameterName, 'Warning when the agent''s client spent this many dollars since a task last moved (0: off) [default: 2]')
            [CompletionResult]::new('--spin-critical-usd', '--spin-critical-usd', [CompletionResultType]::ParameterName, 'Critical at this many dollars since a task last moved (0: off) [default: 10]')
            [CompletionResult]::new('--on-spin', '--on-spin', [CompletionResultType]::ParameterName, 'At critical spinning also: pause (the sidecar refuses the agent''s client with 429 `x-bizwings-limit: paused` until `heartbeat resume`), command:CMD (run once), or off')
            [CompletionResult]::new('--turn-window', '--turn-window', [CompletionResultType]::ParameterName, 'After a trigger was answered, the agent must show life within this: LLM calls through its client, a task update or a ping [default: 10m]')
            [CompletionResult]::new('--silent-after', '--silent-after', [CompletionResultType]::ParameterName, 'Silent turns in a row that make the agent critical ("not working") [default: 3]')
            [CompletionResult]::new('--ack', '--ack', [CompletionResultType]::ParameterName, 'Text in the trigger''s answer that says the turn ran (e.g. a gateway''s "completed"); off removes it')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;heartbeat;list' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;heartbeat;show' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;heartbeat;rm' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when stdin is not a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;heartbeat;pause' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;heartbeat;resume' {
            [CompletionResult]::new('--shared', '--shared', [CompletionResultType]::ParameterName, 'Share each provider''s limits and cooldowns with every sidecar of the fleet through this Redis (or Valkey): redis://HOST:6379/0 or rediss://… A password belongs in BIZWINGS_SHARED_URL or --shared-url-file, never on the command line')
            [CompletionResult]::new('--shared-url-file', '--shared-url-file', [CompletionResultType]::ParameterName, 'Read the shared-mode Redis URL from this file (mode 0600 if it holds a password)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'Name of the fleet: sidecars with the same name share limits [default: bizwings]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;heartbeat;ping' {
            [CompletionResult]::new('--exit-code', '--exit-code', [CompletionResultType]::ParameterName, 'The run''s exit code: 0 is success, anything else a failure')
            [CompletionResult]::new('--message', '--message', [CompletionResultType]::ParameterName, 'A note kept with the ping')
            [CompletionResult]::new('--rid', '--rid', [CompletionResultType]::ParameterName, 'Run id: tells overlapping runs apart and measures each from its --start')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--start', '--start', [CompletionResultType]::ParameterName, 'The run starts now (the grace period bounds its length)')
            [CompletionResult]::new('--fail', '--fail', [CompletionResultType]::ParameterName, 'The run failed')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;heartbeat;run' {
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend it is this time (RFC 3339), for tests and what-ifs')
            [CompletionResult]::new('--shared', '--shared', [CompletionResultType]::ParameterName, 'Share each provider''s limits and cooldowns with every sidecar of the fleet through this Redis (or Valkey): redis://HOST:6379/0 or rediss://… A password belongs in BIZWINGS_SHARED_URL or --shared-url-file, never on the command line')
            [CompletionResult]::new('--shared-url-file', '--shared-url-file', [CompletionResultType]::ParameterName, 'Read the shared-mode Redis URL from this file (mode 0600 if it holds a password)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'Name of the fleet: sidecars with the same name share limits [default: bizwings]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--once', '--once', [CompletionResultType]::ParameterName, 'Each due agent once, then exit (the default)')
            [CompletionResult]::new('--daemon', '--daemon', [CompletionResultType]::ParameterName, 'Keep running on the agents'' schedules until SIGTERM')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Evaluate the named agents now, due or not')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;heartbeat;status' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;heartbeat;report' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'The window, ending now')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;heartbeat;discover' {
            [CompletionResult]::new('--schedule', '--schedule', [CompletionResultType]::ParameterName, 'Crontab schedule (5 fields), e.g. "*/15 * * * *" [add: required; discover: */15]')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Time zone of the schedule [default: Asia/Shanghai]')
            [CompletionResult]::new('--grace', '--grace', [CompletionResultType]::ParameterName, 'Slack after a period before the agent counts as stale; bounds a run after --start [default: 5m]')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Task source KIND:SPEC (repeatable; replaces the list on `set`)')
            [CompletionResult]::new('--stagnant-after', '--stagnant-after', [CompletionResultType]::ParameterName, 'An in-progress task without an update for this long is stuck [default: 20m]')
            [CompletionResult]::new('--max-rounds', '--max-rounds', [CompletionResultType]::ParameterName, 'Round cap per task [default: 50]')
            [CompletionResult]::new('--warn-rounds-pct', '--warn-rounds-pct', [CompletionResultType]::ParameterName, 'Warn at this share of the round cap [default: 80]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Receiver told of every state change (instead of the alert routes)')
            [CompletionResult]::new('--escalate', '--escalate', [CompletionResultType]::ParameterName, 'Receiver also told when the agent turns critical')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'Display name')
            [CompletionResult]::new('--trigger', '--trigger', [CompletionResultType]::ParameterName, 'What starts the agent''s turn when it has work: command:CMD or http:URL (POST of JSON); off removes it')
            [CompletionResult]::new('--trigger-message', '--trigger-message', [CompletionResultType]::ParameterName, 'The trigger''s message; {agent}, {label}, {pending}, {stuck}, {blocked} and {due} are filled in')
            [CompletionResult]::new('--trigger-token-env', '--trigger-token-env', [CompletionResultType]::ParameterName, 'Environment variable of `heartbeat run` whose value an HTTP trigger sends as its bearer token (the token itself is never stored); off removes it')
            [CompletionResult]::new('--trigger-always', '--trigger-always', [CompletionResultType]::ParameterName, 'Trigger even when nothing is pending [default: false]')
            [CompletionResult]::new('--trigger-timeout', '--trigger-timeout', [CompletionResultType]::ParameterName, 'A trigger still running after this is killed and counts as failed [default: 1m]')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'Start this long after each slot, or auto: spread over the period among the agents with a trigger on the same schedule [default: auto]')
            [CompletionResult]::new('--fail-after', '--fail-after', [CompletionResultType]::ParameterName, 'Failed triggers in a row that make the agent critical ("not responding") [default: 3]')
            [CompletionResult]::new('--on-stuck', '--on-stuck', [CompletionResultType]::ParameterName, 'Run this once per task stuck at two beats in a row (command:CMD), or off')
            [CompletionResult]::new('--client', '--client', [CompletionResultType]::ParameterName, 'The sidecar client token the agent calls LLMs with, for its agent_429_error_rate and agent_response_time_seconds; off: the client of its own name [default: its name]')
            [CompletionResult]::new('--spin-warn-tokens', '--spin-warn-tokens', [CompletionResultType]::ParameterName, 'Warning when the agent''s client spent this many tokens since a task last moved (k and M suffixes; 0: off) [default: 500k]')
            [CompletionResult]::new('--spin-critical-tokens', '--spin-critical-tokens', [CompletionResultType]::ParameterName, 'Critical at this many tokens since a task last moved (0: off) [default: 2M]')
            [CompletionResult]::new('--spin-warn-usd', '--spin-warn-usd', [CompletionResultType]::ParameterName, 'Warning when the agent''s client spent this many dollars since a task last moved (0: off) [default: 2]')
            [CompletionResult]::new('--spin-critical-usd', '--spin-critical-usd', [CompletionResultType]::ParameterName, 'Critical at this many dollars since a task last moved (0: off) [default: 10]')
            [CompletionResult]::new('--on-spin', '--on-spin', [CompletionResultType]::ParameterName, 'At critical spinning also: pause (the sidecar refuses the agent''s client with 429 `x-bizwings-limit: paused` until `heartbeat resume`), command:CMD (run once), or off')
            [CompletionResult]::new('--turn-window', '--turn-window', [CompletionResultType]::ParameterName, 'After a trigger was answered, the agent must show life within this: LLM calls through its client, a task update or a ping [default: 10m]')
            [CompletionResult]::new('--silent-after', '--silent-after', [CompletionResultType]::ParameterName, 'Silent turns in a row that make the agent critical ("not working") [default: 3]')
            [CompletionResult]::new('--ack', '--ack', [CompletionResultType]::ParameterName, 'Text in the trigger''s answer that says the turn ran (e.g. a gateway''s "completed"); off removes it')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only say what would be added')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;heartbeat;ping-key' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--rotate', '--rotate', [CompletionResultType]::ParameterName, 'Replace the current key (the old one stops working)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;heartbeat;exporter' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Listen address; pings beyond loopback need a ping key (BIZWINGS_PING_KEY or `heartbeat ping-key --rotate`)')
            [CompletionResult]::new('--min-interval', '--min-interval', [CompletionResultType]::ParameterName, 'Scrapes within this of the last one get the same values (the DB is read at most once per interval)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--ping-create', '--ping-create', [CompletionResultType]::ParameterName, 'A ping with ?create=1 creates an unknown job (daily, 1h grace, UTC) instead of 404')
            [CompletionResult]::new('--badges', '--badges', [CompletionResultType]::ParameterName, 'Serve an SVG status badge per agent (/badge/NAME.svg) and for all (/badge.svg), without a key: anyone who can reach the listener sees the states')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;heartbeat;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Register an agent or job with a cron schedule')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change an agent (only the given settings)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List agents and jobs')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one agent')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove an agent (its beats stay)')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Stop evaluating an agent until resumed')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Evaluate a paused agent again; also lifts the pause of its client (--on-spin pause) and counts its spend since progress from zero')
            [CompletionResult]::new('ping', 'ping', [CompletionResultType]::ParameterValue, 'Report from the job itself: success (default), --start, --fail or --exit-code N')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Check the agents that are due (from cron or a timer), or keep checking with --daemon')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'One row per agent: state, last beat, pending, stuck, blocked, rounds, next start')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Per agent over a window: beats, triggers sent and failed, tasks worked, stuck incidents and recoveries, round caps, rounds')
            [CompletionResult]::new('discover', 'discover', [CompletionResultType]::ParameterValue, 'Add an agent for every workspace under DIR that has none (HEARTBEAT.md or board/)')
            [CompletionResult]::new('ping-key', 'ping-key', [CompletionResultType]::ParameterValue, 'Create the key for pings over HTTP, or with --rotate a new one (stored hashed; printed once)')
            [CompletionResult]::new('exporter', 'exporter', [CompletionResultType]::ParameterValue, 'The same as `bizwings exporter`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bizwings;heartbeat;help;add' {
            break
        }
        'bizwings;heartbeat;help;set' {
            break
        }
        'bizwings;heartbeat;help;list' {
            break
        }
        'bizwings;heartbeat;help;show' {
            break
        }
        'bizwings;heartbeat;help;rm' {
            break
        }
        'bizwings;heartbeat;help;pause' {
            break
        }
        'bizwings;heartbeat;help;resume' {
            break
        }
        'bizwings;heartbeat;help;ping' {
            break
        }
        'bizwings;heartbeat;help;run' {
            break
        }
        'bizwings;heartbeat;help;status' {
            break
        }
        'bizwings;heartbeat;help;report' {
            break
        }
        'bizwings;heartbeat;help;discover' {
            break
        }
        'bizwings;heartbeat;help;ping-key' {
            break
        }
        'bizwings;heartbeat;help;exporter' {
            break
        }
        'bizwings;heartbeat;help;help' {
            break
        }
        'bizwings;inspect' {
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Only hosts in this group')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Hosts checked at once')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time allowed per host, e.g. 10s')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every host in the inventory (the default when no host is named)')
            [CompletionResult]::new('--local', '--local', [CompletionResultType]::ParameterName, 'Check this machine, without SSH; alone unless hosts, --group or --all are given too')
            [CompletionResult]::new('--nagios', '--nagios', [CompletionResultType]::ParameterName, 'One line per host in Nagios plugin format, with perfdata')
            [CompletionResult]::new('--summary', '--summary', [CompletionResultType]::ParameterName, 'One row per host instead of a table per host')
            [CompletionResult]::new('--accept-new', '--accept-new', [CompletionResultType]::ParameterName, 'Trust and record host keys seen for the first time')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('host', 'host', [CompletionResultType]::ParameterValue, 'Manage the inventory')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Trends of each check over past runs')
            [CompletionResult]::new('threshold', 'threshold', [CompletionResultType]::ParameterValue, 'Thresholds for every host or for a group')
            [CompletionResult]::new('predeploy', 'predeploy', [CompletionResultType]::ParameterValue, 'The deployment SOP''s pre-checks for a service, then (with --backup) its backups')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bizwings;inspect;host' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a host to the inventory')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a host (only the given settings)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List hosts')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one host')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a host (its history stays)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bizwings;inspect;host;add' {
            [CompletionResult]::new('--addr', '--addr', [CompletionResultType]::ParameterName, 'Address or DNS name [add: required]')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'SSH port [default: 22]')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'SSH user [default: root]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Private key file')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Group (repeatable)')
            [CompletionResult]::new('--services', '--services', [CompletionResultType]::ParameterName, 'Services to check, comma-separated [default: nginx,mysql,docker,sshd if installed]')
            [CompletionResult]::new('--ports', '--ports', [CompletionResultType]::ParameterName, 'Ports that must be listening, comma-separated')
            [CompletionResult]::new('--threshold', '--threshold', [CompletionResultType]::ParameterName, 'Threshold for this host, NAME=VALUE (repeatable), e.g. disk_warn=70')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the SSH password from stdin (stored encrypted)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;inspect;host;set' {
            [CompletionResult]::new('--addr', '--addr', [CompletionResultType]::ParameterName, 'Address or DNS name [add: required]')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'SSH port [default: 22]')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'SSH user [default: root]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Private key file')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Group (repeatable)')
            [CompletionResult]::new('--services', '--services', [CompletionResultType]::ParameterName, 'Services to check, comma-separated [default: nginx,mysql,docker,sshd if installed]')
            [CompletionResult]::new('--ports', '--ports', [CompletionResultType]::ParameterName, 'Ports that must be listening, comma-separated')
            [CompletionResult]::new('--threshold', '--threshold', [CompletionResultType]::ParameterName, 'Threshold for this host, NAME=VALUE (repeatable), e.g. disk_warn=70')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the SSH password from stdin (stored encrypted)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;inspect;host;list' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;inspect;host;show' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;inspect;host;rm' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when stdin is not a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;inspect;host;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a host to the inventory')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a host (only the given settings)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List hosts')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one host')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a host (its history stays)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bizwings;inspect;host;help;add' {
            break
        }
        'bizwings;inspect;host;help;set' {
            break
        }
        'bizwings;inspect;host;help;list' {
            break
        }
        'bizwings;inspect;host;help;show' {
            break
        }
        'bizwings;inspect;host;help;rm' {
            break
        }
        'bizwings;inspect;host;help;help' {
            break
        }
        'bizwings;inspect;history' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'How far back, e.g. 7d')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;inspect;threshold' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set a threshold for every host, or with --group for that group''s hosts, e.g. disk_warn=75 (a host''s own --threshold wins, then its groups'', then the global one)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The thresholds in force, globally or for a group, and where each comes from')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bizwings;inspect;threshold;set' {
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Only for the hosts of this group (over the global value)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;inspect;threshold;list' {
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'The thresholds the hosts of this group get')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;inspect;threshold;help' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set a threshold for every host, or with --group for that group''s hosts, e.g. disk_warn=75 (a host''s own --threshold wins, then its groups'', then the global one)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The thresholds in force, globally or for a group, and where each comes from')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bizwings;inspect;threshold;help;set' {
            break
        }
        'bizwings;inspect;threshold;help;list' {
            break
        }
        'bizwings;inspect;threshold;help;help' {
            break
        }
        'bizwings;inspect;predeploy' {
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Only hosts in this group')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Hosts checked at once')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time allowed per host, e.g. 10s')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service being deployed: its own unit may hold --port (a redeploy)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The port it will listen on: free, or held by --service')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'Where it is deployed: that filesystem needs --min-free')
            [CompletionResult]::new('--needs', '--needs', [CompletionResultType]::ParameterName, 'What must be up first, comma-separated: systemd services, or :PORT for a listener')
            [CompletionResult]::new('--min-free', '--min-free', [CompletionResultType]::ParameterName, 'Least free space on --path''s filesystem, %')
            [CompletionResult]::new('--max-cpu', '--max-cpu', [CompletionResultType]::ParameterName, 'Most CPU busy, %')
            [CompletionResult]::new('--max-mem', '--max-mem', [CompletionResultType]::ParameterName, 'Most memory used, %')
            [CompletionResult]::new('--backup', '--backup', [CompletionResultType]::ParameterName, 'A backup job to run once the checks pass, before answering OK (repeatable)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every host in the inventory (the default when no host is named)')
            [CompletionResult]::new('--local', '--local', [CompletionResultType]::ParameterName, 'Check this machine, without SSH; alone unless hosts, --group or --all are given too')
            [CompletionResult]::new('--nagios', '--nagios', [CompletionResultType]::ParameterName, 'One line per host in Nagios plugin format, with perfdata')
            [CompletionResult]::new('--summary', '--summary', [CompletionResultType]::ParameterName, 'One row per host instead of a table per host')
            [CompletionResult]::new('--accept-new', '--accept-new', [CompletionResultType]::ParameterName, 'Trust and record host keys seen for the first time')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;inspect;help' {
            [CompletionResult]::new('host', 'host', [CompletionResultType]::ParameterValue, 'Manage the inventory')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Trends of each check over past runs')
            [CompletionResult]::new('threshold', 'threshold', [CompletionResultType]::ParameterValue, 'Thresholds for every host or for a group')
            [CompletionResult]::new('predeploy', 'predeploy', [CompletionResultType]::ParameterValue, 'The deployment SOP''s pre-checks for a service, then (with --backup) its backups')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bizwings;inspect;help;host' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a host to the inventory')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a host (only the given settings)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List hosts')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one host')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a host (its history stays)')
            break
        }
        'bizwings;inspect;help;host;add' {
            break
        }
        'bizwings;inspect;help;host;set' {
            break
        }
        'bizwings;inspect;help;host;list' {
            break
        }
        'bizwings;inspect;help;host;show' {
            break
        }
        'bizwings;inspect;help;host;rm' {
            break
        }
        'bizwings;inspect;help;history' {
            break
        }
        'bizwings;inspect;help;threshold' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set a threshold for every host, or with --group for that group''s hosts, e.g. disk_warn=75 (a host''s own --threshold wins, then its groups'', then the global one)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The thresholds in force, globally or for a group, and where each comes from')
            break
        }
        'bizwings;inspect;help;threshold;set' {
            break
        }
        'bizwings;inspect;help;threshold;list' {
            break
        }
        'bizwings;inspect;help;predeploy' {
            break
        }
        'bizwings;inspect;help;help' {
            break
        }
        'bizwings;backup' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Define a backup job')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List jobs, or the backups of one job')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run backup jobs (the built-in `state` job backs up bizwings'' own DB)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Re-check backups: checksum, and that each can be read back')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete backups past their job''s retention (never a job''s newest good backup)')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Restore a backup by id (see `backup list NAME`)')
            [CompletionResult]::new('snapshot', 'snapshot', [CompletionResultType]::ParameterValue, 'Copy files into the catalog before changing them (one job per path, `snap-…`, kept 90 days; restore with `backup restore ID --apply`)')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Show what changed in a file since a backup of it (`diff -u`, backup first)')
            [CompletionResult]::new('key', 'key', [CompletionResultType]::ParameterValue, 'The key backups are encrypted under when they leave the host')
            [CompletionResult]::new('remote', 'remote', [CompletionResultType]::ParameterValue, 'Backups kept on another host')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a job (its backups and catalog are kept)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bizwings;backup;add' {
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'What to back up')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'The SQLite file, the databases (''*'' for all), or the directory or files')
            [CompletionResult]::new('--dest', '--dest', [CompletionResultType]::ParameterName, 'Directory for the backup files (created 0700 if missing)')
            [CompletionResult]::new('--retention', '--retention', [CompletionResultType]::ParameterName, 'How long backups are kept, e.g. 30d, 12h [default: by category]')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'Retention class [default: db for sqlite/mysql, data for a directory, config for files]')
            [CompletionResult]::new('--mysql-host', '--mysql-host', [CompletionResultType]::ParameterName, 'MySQL host')
            [CompletionResult]::new('--mysql-port', '--mysql-port', [CompletionResultType]::ParameterName, 'MySQL port')
            [CompletionResult]::new('--mysql-socket', '--mysql-socket', [CompletionResultType]::ParameterName, 'MySQL socket')
            [CompletionResult]::new('--mysql-user', '--mysql-user', [CompletionResultType]::ParameterName, 'MySQL user')
            [CompletionResult]::new('--mysql-defaults-file', '--mysql-defaults-file', [CompletionResultType]::ParameterName, 'MySQL option file with the credentials')
            [CompletionResult]::new('--remote', '--remote', [CompletionResultType]::ParameterName, 'Also send each backup, encrypted under the backup key, to HOST:/dir over SFTP (HOST from `inspect host list`, its host key already trusted)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--mysql-password-stdin', '--mysql-password-stdin', [CompletionResultType]::ParameterName, 'Read the MySQL password from stdin (stored encrypted)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;backup;list' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;backup;run' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Run every job')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;backup;verify' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Check every backup (the default)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;backup;prune' {
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend it is this time (RFC 3339), for tests and what-ifs')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be deleted, delete nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;backup;restore' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Where to restore a SQLite DB or file (a new path), or a directory archive (an empty or new directory)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--apply', '--apply', [CompletionResultType]::ParameterName, 'Put it back where it came from: MySQL runs the import; a SQLite DB or file replaces the job''s source (the current one is kept beside it as SOURCE.before-restore-TIME). Asks first')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'With --apply: do not ask (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'With --apply: do not ask (required when stdin is not a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;backup;snapshot' {
            [CompletionResult]::new('--dest', '--dest', [CompletionResultType]::ParameterName, 'Where the copies go [default: snapshots/ beside the state DB]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;backup;diff' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;backup;key' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create the backup key (backup.key beside the DB, or BIZWINGS_BACKUP_KEY_FILE); keep a copy off this host: without it no remote copy can be restored')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bizwings;backup;key;init' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;backup;key;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create the backup key (backup.key beside the DB, or BIZWINGS_BACKUP_KEY_FILE); keep a copy off this host: without it no remote copy can be restored')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bizwings;backup;key;help;init' {
            break
        }
        'bizwings;backup;key;help;help' {
            break
        }
        'bizwings;backup;remote' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Enter the copies kept at HOST:/dir into the catalog (a new host restoring from them)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bizwings;backup;remote;import' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;backup;remote;help' {
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Enter the copies kept at HOST:/dir into the catalog (a new host restoring from them)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bizwings;backup;remote;help;import' {
            break
        }
        'bizwings;backup;remote;help;help' {
            break
        }
        'bizwings;backup;rm' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when stdin is not a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;backup;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Define a backup job')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List jobs, or the backups of one job')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run backup jobs (the built-in `state` job backs up bizwings'' own DB)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Re-check backups: checksum, and that each can be read back')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete backups past their job''s retention (never a job''s newest good backup)')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Restore a backup by id (see `backup list NAME`)')
            [CompletionResult]::new('snapshot', 'snapshot', [CompletionResultType]::ParameterValue, 'Copy files into the catalog before changing them (one job per path, `snap-…`, kept 90 days; restore with `backup restore ID --apply`)')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Show what changed in a file since a backup of it (`diff -u`, backup first)')
            [CompletionResult]::new('key', 'key', [CompletionResultType]::ParameterValue, 'The key backups are encrypted under when they leave the host')
            [CompletionResult]::new('remote', 'remote', [CompletionResultType]::ParameterValue, 'Backups kept on another host')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a job (its backups and catalog are kept)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bizwings;backup;help;add' {
            break
        }
        'bizwings;backup;help;list' {
            break
        }
        'bizwings;backup;help;run' {
            break
        }
        'bizwings;backup;help;verify' {
            break
        }
        'bizwings;backup;help;prune' {
            break
        }
        'bizwings;backup;help;restore' {
            break
        }
        'bizwings;backup;help;snapshot' {
            break
        }
        'bizwings;backup;help;diff' {
            break
        }
        'bizwings;backup;help;key' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create the backup key (backup.key beside the DB, or BIZWINGS_BACKUP_KEY_FILE); keep a copy off this host: without it no remote copy can be restored')
            break
        }
        'bizwings;backup;help;key;init' {
            break
        }
        'bizwings;backup;help;remote' {
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Enter the copies kept at HOST:/dir into the catalog (a new host restoring from them)')
            break
        }
        'bizwings;backup;help;remote;import' {
            break
        }
        'bizwings;backup;help;rm' {
            break
        }
        'bizwings;backup;help;help' {
            break
        }
        'bizwings;alert' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('bridge', 'bridge', [CompletionResultType]::ParameterValue, 'Receive Alertmanager webhooks and deliver Feishu cards')
            [CompletionResult]::new('receiver', 'receiver', [CompletionResultType]::ParameterValue, 'Manage receivers (Feishu bots, JSON webhooks or commands)')
            [CompletionResult]::new('route', 'route', [CompletionResultType]::ParameterValue, 'Manage routes from alert labels to receivers')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Send a sample card to a receiver now')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Alerts received by the bridge')
            [CompletionResult]::new('outbox', 'outbox', [CompletionResultType]::ParameterValue, 'Messages waiting for delivery or given up on')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bizwings;alert;bridge' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address of the webhook listener [default: 127.0.0.1:9094]')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Time zone of the times on cards (as `heartbeat add --tz`)')
            [CompletionResult]::new('--dashboard-url', '--dashboard-url', [CompletionResultType]::ParameterName, 'Dashboard linked from cards of alerts that carry no generator URL')
            [CompletionResult]::new('--max-age', '--max-age', [CompletionResultType]::ParameterName, 'Give up on a message this old')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name shown in the card footer')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--allow-unauthenticated', '--allow-unauthenticated', [CompletionResultType]::ParameterName, 'Listen beyond loopback even without BIZWINGS_ALERT_TOKEN or BIZWINGS_ALERT_BASIC_AUTH')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;alert;receiver' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a Feishu bot or JSON webhook (URL and secret from stdin or the environment), or a command')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List receivers (webhook tokens masked)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a receiver and its routes')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bizwings;alert;receiver;add' {
            [CompletionResult]::new('--feishu-url-env', '--feishu-url-env', [CompletionResultType]::ParameterName, 'Read the bot''s webhook URL from this environment variable')
            [CompletionResult]::new('--webhook-url-env', '--webhook-url-env', [CompletionResultType]::ParameterName, 'A generic JSON webhook instead: read its URL from this environment variable')
            [CompletionResult]::new('--secret-env', '--secret-env', [CompletionResultType]::ParameterName, 'Read the signing secret from this environment variable')
            [CompletionResult]::new('--command', '--command', [CompletionResultType]::ParameterName, 'Deliver by running this command (sh -c, clean environment) with the card JSON on stdin')
            [CompletionResult]::new('--mention', '--mention', [CompletionResultType]::ParameterName, 'Feishu open_id to @ on firing alerts (repeatable)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--feishu-url-stdin', '--feishu-url-stdin', [CompletionResultType]::ParameterName, 'Read the bot''s webhook URL from the first line of stdin')
            [CompletionResult]::new('--webhook-url-stdin', '--webhook-url-stdin', [CompletionResultType]::ParameterName, 'A generic JSON webhook instead: read its URL from the first line of stdin')
            [CompletionResult]::new('--secret-stdin', '--secret-stdin', [CompletionResultType]::ParameterName, 'Read the signing secret from stdin (the line after the URL, if that is on stdin too)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;alert;receiver;list' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;alert;receiver;rm' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when stdin is not a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;alert;receiver;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a Feishu bot or JSON webhook (URL and secret from stdin or the environment), or a command')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List receivers (webhook tokens masked)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a receiver and its routes')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bizwings;alert;receiver;help;add' {
            break
        }
        'bizwings;alert;receiver;help;list' {
            break
        }
        'bizwings;alert;receiver;help;rm' {
            break
        }
        'bizwings;alert;receiver;help;help' {
            break
        }
        'bizwings;alert;route' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Append a route: alerts whose labels match go to the receiver')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List routes in order')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a route by id')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bizwings;alert;route;add' {
            [CompletionResult]::new('--match', '--match', [CompletionResultType]::ParameterName, 'label=value, label!=value, label=~regex or label!~regex (repeatable; all must hold)')
            [CompletionResult]::new('--receiver', '--receiver', [CompletionResultType]::ParameterName, 'Receiver name')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--continue', '--continue', [CompletionResultType]::ParameterName, 'Keep matching later routes after this one matched')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;alert;route;list' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;alert;route;rm' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when stdin is not a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;alert;route;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Append a route: alerts whose labels match go to the receiver')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List routes in order')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a route by id')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bizwings;alert;route;help;add' {
            break
        }
        'bizwings;alert;route;help;list' {
            break
        }
        'bizwings;alert;route;help;rm' {
            break
        }
        'bizwings;alert;route;help;help' {
            break
        }
        'bizwings;alert;test' {
            [CompletionResult]::new('--severity', '--severity', [CompletionResultType]::ParameterName, 'Severity of the sample')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;alert;history' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'How far back, e.g. 1d, 6h')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;alert;outbox' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Include delivered messages')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;alert;help' {
            [CompletionResult]::new('bridge', 'bridge', [CompletionResultType]::ParameterValue, 'Receive Alertmanager webhooks and deliver Feishu cards')
            [CompletionResult]::new('receiver', 'receiver', [CompletionResultType]::ParameterValue, 'Manage receivers (Feishu bots, JSON webhooks or commands)')
            [CompletionResult]::new('route', 'route', [CompletionResultType]::ParameterValue, 'Manage routes from alert labels to receivers')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Send a sample card to a receiver now')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Alerts received by the bridge')
            [CompletionResult]::new('outbox', 'outbox', [CompletionResultType]::ParameterValue, 'Messages waiting for delivery or given up on')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bizwings;alert;help;bridge' {
            break
        }
        'bizwings;alert;help;receiver' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a Feishu bot or JSON webhook (URL and secret from stdin or the environment), or a command')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List receivers (webhook tokens masked)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a receiver and its routes')
            break
        }
        'bizwings;alert;help;receiver;add' {
            break
        }
        'bizwings;alert;help;receiver;list' {
            break
        }
        'bizwings;alert;help;receiver;rm' {
            break
        }
        'bizwings;alert;help;route' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Append a route: alerts whose labels match go to the receiver')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List routes in order')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a route by id')
            break
        }
        'bizwings;alert;help;route;add' {
            break
        }
        'bizwings;alert;help;route;list' {
            break
        }
        'bizwings;alert;help;route;rm' {
            break
        }
        'bizwings;alert;help;test' {
            break
        }
        'bizwings;alert;help;history' {
            break
        }
        'bizwings;alert;help;outbox' {
            break
        }
        'bizwings;alert;help;help' {
            break
        }
        'bizwings;exporter' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Listen address; pings beyond loopback need a ping key (BIZWINGS_PING_KEY or `heartbeat ping-key --rotate`)')
            [CompletionResult]::new('--min-interval', '--min-interval', [CompletionResultType]::ParameterName, 'Scrapes within this of the last one get the same values (the DB is read at most once per interval)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--ping-create', '--ping-create', [CompletionResultType]::ParameterName, 'A ping with ?create=1 creates an unknown job (daily, 1h grace, UTC) instead of 404')
            [CompletionResult]::new('--badges', '--badges', [CompletionResultType]::ParameterName, 'Serve an SVG status badge per agent (/badge/NAME.svg) and for all (/badge.svg), without a key: anyone who can reach the listener sees the states')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;apply' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change, change nothing; exit 1 when something would')
            [CompletionResult]::new('--prune', '--prune', [CompletionResultType]::ParameterName, 'Also remove what the file does not name (of every kind it manages)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;export' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;completions' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;generate' {
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Directory that receives completions/ and man/')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database file [default: /var/lib/bizwings/bizwings.db as root, else $XDG_STATE_HOME/bizwings/bizwings.db]')
            [CompletionResult]::new('--master-key-file', '--master-key-file', [CompletionResultType]::ParameterName, 'File holding the 64-hex-character master key (mode 0600) [default: master.key beside the DB; BIZWINGS_MASTER_KEY may hold the key itself]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format on stderr [env: BIZWINGS_LOG_FORMAT or LOG_FORMAT] [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (failures and warnings still print); less log output on stderr (repeat for less)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bizwings;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create the state database and a master key file if missing')
            [CompletionResult]::new('sidecar', 'sidecar', [CompletionResultType]::ParameterValue, 'OpenAI-compatible multi-pool proxy in front of many provider keys')
            [CompletionResult]::new('provider', 'provider', [CompletionResultType]::ParameterValue, 'Manage upstream provider keys, pools and model mappings')
            [CompletionResult]::new('usage', 'usage', [CompletionResultType]::ParameterValue, 'Token, cost and error reports from the sidecar''s accounting')
            [CompletionResult]::new('heartbeat', 'heartbeat', [CompletionResultType]::ParameterValue, 'Cron-scheduled liveness and task-progress checks of agents and jobs')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Server checklist over SSH on many hosts at once')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'SQLite, MySQL and file backups with a checksummed catalog')
            [CompletionResult]::new('alert', 'alert', [CompletionResultType]::ParameterValue, 'Alertmanager webhooks to Feishu cards')
            [CompletionResult]::new('exporter', 'exporter', [CompletionResultType]::ParameterValue, 'Serve the state as Prometheus metrics (agents, their LLM calls, backups, inspect results, the alert outbox) and take heartbeat pings over HTTP')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Converge the state to a TOML file (providers, clients, alerts, agents, backups, hosts)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print the state as the TOML file `apply` takes (secrets by reference only)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script to stdout')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Write completions and man pages (for packagers and the repo)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bizwings;help;init' {
            break
        }
        'bizwings;help;sidecar' {
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve the OpenAI-compatible proxy on /v1/* (and /health)')
            [CompletionResult]::new('client', 'client', [CompletionResultType]::ParameterValue, 'Client tokens for /v1 (once one exists, every request needs one)')
            [CompletionResult]::new('requests', 'requests', [CompletionResultType]::ParameterValue, 'The request log: who asked for what, each attempt and why the sidecar moved on')
            [CompletionResult]::new('request', 'request', [CompletionResultType]::ParameterValue, 'One logged request with its attempt chain, by its x-request-id')
            [CompletionResult]::new('fleet', 'fleet', [CompletionResultType]::ParameterValue, 'The live sidecars of a fleet (shared mode), read from its Redis')
            [CompletionResult]::new('admin-token', 'admin-token', [CompletionResultType]::ParameterValue, 'Create the admin API token of the dashboard (stored hashed; printed once)')
            break
        }
        'bizwings;help;sidecar;serve' {
            break
        }
        'bizwings;help;sidecar;client' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a client token for NAME and print it once (only its hash is stored)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a client''s request rate or budgets (running sidecars apply it within a second)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List clients, their limits and what they used of their budgets')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a client: its token stops working within a second')
            break
        }
        'bizwings;help;sidecar;client;add' {
            break
        }
        'bizwings;help;sidecar;client;set' {
            break
        }
        'bizwings;help;sidecar;client;list' {
            break
        }
        'bizwings;help;sidecar;client;rm' {
            break
        }
        'bizwings;help;sidecar;requests' {
            break
        }
        'bizwings;help;sidecar;request' {
            break
        }
        'bizwings;help;sidecar;fleet' {
            break
        }
        'bizwings;help;sidecar;admin-token' {
            break
        }
        'bizwings;help;provider' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add an upstream provider: one API key and base URL')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List providers (keys masked)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one provider with its model mappings')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change fields of a provider')
            [CompletionResult]::new('map', 'map', [CompletionResultType]::ParameterValue, 'Map a canonical model name to the provider''s native model id (replaces an existing mapping)')
            [CompletionResult]::new('unmap', 'unmap', [CompletionResultType]::ParameterValue, 'Remove a model mapping')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Let the sidecar route to a provider again (also clears an `error` status)')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Stop routing to a provider without deleting it')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete providers and their model mappings (usage history is kept)')
            [CompletionResult]::new('rotate-key', 'rotate-key', [CompletionResultType]::ParameterValue, 'Replace one provider''s upstream key, or re-encrypt every secret under a new master key')
            [CompletionResult]::new('cooldown', 'cooldown', [CompletionResultType]::ParameterValue, 'A provider''s cooldown after rate limits or failures')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import providers, model mappings and usage from a Sidecar V2 database (idempotent)')
            break
        }
        'bizwings;help;provider;add' {
            break
        }
        'bizwings;help;provider;list' {
            break
        }
        'bizwings;help;provider;show' {
            break
        }
        'bizwings;help;provider;set' {
            break
        }
        'bizwings;help;provider;map' {
            break
        }
        'bizwings;help;provider;unmap' {
            break
        }
        'bizwings;help;provider;enable' {
            break
        }
        'bizwings;help;provider;disable' {
            break
        }
        'bizwings;help;provider;rm' {
            break
        }
        'bizwings;help;provider;rotate-key' {
            break
        }
        'bizwings;help;provider;cooldown' {
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'End it now: running sidecars route to the provider again at their next reload (within a second); with --shared, every sidecar of the fleet at once')
            break
        }
        'bizwings;help;provider;cooldown;clear' {
            break
        }
        'bizwings;help;provider;import' {
            break
        }
        'bizwings;help;usage' {
            break
        }
        'bizwings;help;heartbeat' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Register an agent or job with a cron schedule')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change an agent (only the given settings)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List agents and jobs')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one agent')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove an agent (its beats stay)')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Stop evaluating an agent until resumed')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Evaluate a paused agent again; also lifts the pause of its client (--on-spin pause) and counts its spend since progress from zero')
            [CompletionResult]::new('ping', 'ping', [CompletionResultType]::ParameterValue, 'Report from the job itself: success (default), --start, --fail or --exit-code N')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Check the agents that are due (from cron or a timer), or keep checking with --daemon')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'One row per agent: state, last beat, pending, stuck, blocked, rounds, next start')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Per agent over a window: beats, triggers sent and failed, tasks worked, stuck incidents and recoveries, round caps, rounds')
            [CompletionResult]::new('discover', 'discover', [CompletionResultType]::ParameterValue, 'Add an agent for every workspace under DIR that has none (HEARTBEAT.md or board/)')
            [CompletionResult]::new('ping-key', 'ping-key', [CompletionResultType]::ParameterValue, 'Create the key for pings over HTTP, or with --rotate a new one (stored hashed; printed once)')
            [CompletionResult]::new('exporter', 'exporter', [CompletionResultType]::ParameterValue, 'The same as `bizwings exporter`')
            break
        }
        'bizwings;help;heartbeat;add' {
            break
        }
        'bizwings;help;heartbeat;set' {
            break
        }
        'bizwings;help;heartbeat;list' {
            break
        }
        'bizwings;help;heartbeat;show' {
            break
        }
        'bizwings;help;heartbeat;rm' {
            break
        }
        'bizwings;help;heartbeat;pause' {
            break
        }
        'bizwings;help;heartbeat;resume' {
            break
        }
        'bizwings;help;heartbeat;ping' {
            break
        }
        'bizwings;help;heartbeat;run' {
            break
        }
        'bizwings;help;heartbeat;status' {
            break
        }
        'bizwings;help;heartbeat;report' {
            break
        }
        'bizwings;help;heartbeat;discover' {
            break
        }
        'bizwings;help;heartbeat;ping-key' {
            break
        }
        'bizwings;help;heartbeat;exporter' {
            break
        }
        'bizwings;help;inspect' {
            [CompletionResult]::new('host', 'host', [CompletionResultType]::ParameterValue, 'Manage the inventory')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Trends of each check over past runs')
            [CompletionResult]::new('threshold', 'threshold', [CompletionResultType]::ParameterValue, 'Thresholds for every host or for a group')
            [CompletionResult]::new('predeploy', 'predeploy', [CompletionResultType]::ParameterValue, 'The deployment SOP''s pre-checks for a service, then (with --backup) its backups')
            break
        }
        'bizwings;help;inspect;host' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a host to the inventory')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a host (only the given settings)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List hosts')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one host')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a host (its history stays)')
            break
        }
        'bizwings;help;inspect;host;add' {
            break
        }
        'bizwings;help;inspect;host;set' {
            break
        }
        'bizwings;help;inspect;host;list' {
            break
        }
        'bizwings;help;inspect;host;show' {
            break
        }
        'bizwings;help;inspect;host;rm' {
            break
        }
        'bizwings;help;inspect;history' {
            break
        }
        'bizwings;help;inspect;threshold' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set a threshold for every host, or with --group for that group''s hosts, e.g. disk_warn=75 (a host''s own --threshold wins, then its groups'', then the global one)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The thresholds in force, globally or for a group, and where each comes from')
            break
        }
        'bizwings;help;inspect;threshold;set' {
            break
        }
        'bizwings;help;inspect;threshold;list' {
            break
        }
        'bizwings;help;inspect;predeploy' {
            break
        }
        'bizwings;help;backup' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Define a backup job')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List jobs, or the backups of one job')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run backup jobs (the built-in `state` job backs up bizwings'' own DB)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Re-check backups: checksum, and that each can be read back')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete backups past their job''s retention (never a job''s newest good backup)')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Restore a backup by id (see `backup list NAME`)')
            [CompletionResult]::new('snapshot', 'snapshot', [CompletionResultType]::ParameterValue, 'Copy files into the catalog before changing them (one job per path, `snap-…`, kept 90 days; restore with `backup restore ID --apply`)')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Show what changed in a file since a backup of it (`diff -u`, backup first)')
            [CompletionResult]::new('key', 'key', [CompletionResultType]::ParameterValue, 'The key backups are encrypted under when they leave the host')
            [CompletionResult]::new('remote', 'remote', [CompletionResultType]::ParameterValue, 'Backups kept on another host')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a job (its backups and catalog are kept)')
            break
        }
        'bizwings;help;backup;add' {
            break
        }
        'bizwings;help;backup;list' {
            break
        }
        'bizwings;help;backup;run' {
            break
        }
        'bizwings;help;backup;verify' {
            break
        }
        'bizwings;help;backup;prune' {
            break
        }
        'bizwings;help;backup;restore' {
            break
        }
        'bizwings;help;backup;snapshot' {
            break
        }
        'bizwings;help;backup;diff' {
            break
        }
        'bizwings;help;backup;key' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create the backup key (backup.key beside the DB, or BIZWINGS_BACKUP_KEY_FILE); keep a copy off this host: without it no remote copy can be restored')
            break
        }
        'bizwings;help;backup;key;init' {
            break
        }
        'bizwings;help;backup;remote' {
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Enter the copies kept at HOST:/dir into the catalog (a new host restoring from them)')
            break
        }
        'bizwings;help;backup;remote;import' {
            break
        }
        'bizwings;help;backup;rm' {
            break
        }
        'bizwings;help;alert' {
            [CompletionResult]::new('bridge', 'bridge', [CompletionResultType]::ParameterValue, 'Receive Alertmanager webhooks and deliver Feishu cards')
            [CompletionResult]::new('receiver', 'receiver', [CompletionResultType]::ParameterValue, 'Manage receivers (Feishu bots, JSON webhooks or commands)')
            [CompletionResult]::new('route', 'route', [CompletionResultType]::ParameterValue, 'Manage routes from alert labels to receivers')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Send a sample card to a receiver now')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Alerts received by the bridge')
            [CompletionResult]::new('outbox', 'outbox', [CompletionResultType]::ParameterValue, 'Messages waiting for delivery or given up on')
            break
        }
        'bizwings;help;alert;bridge' {
            break
        }
        'bizwings;help;alert;receiver' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a Feishu bot or JSON webhook (URL and secret from stdin or the environment), or a command')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List receivers (webhook tokens masked)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a receiver and its routes')
            break
        }
        'bizwings;help;alert;receiver;add' {
            break
        }
        'bizwings;help;alert;receiver;list' {
            break
        }
        'bizwings;help;alert;receiver;rm' {
            break
        }
        'bizwings;help;alert;route' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Append a route: alerts whose labels match go to the receiver')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List routes in order')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a route by id')
            break
        }
        'bizwings;help;alert;route;add' {
            break
        }
        'bizwings;help;alert;route;list' {
            break
        }
        'bizwings;help;alert;route;rm' {
            break
        }
        'bizwings;help;alert;test' {
            break
        }
        'bizwings;help;alert;history' {
            break
        }
        'bizwings;help;alert;outbox' {
            break
        }
        'bizwings;help;exporter' {
            break
        }
        'bizwings;help;apply' {
            break
        }
        'bizwings;help;export' {
            break
        }
        'bizwings;help;completions' {
            break
        }
        'bizwings;help;generate' {
            break
        }
        'bizwings;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
