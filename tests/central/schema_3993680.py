"""The central database schema as commit 3993680 created it (before versioned migrations).

Captured from that commit's ``storage.SCHEMA``, ``roles.migrate`` (three ``ADD COLUMN``),
``counters.SCHEMA`` and ``enroll_limits._TABLE``, in the order its start ran them: the
upgrade test builds a database with it, fills it, and lets today's migrations upgrade it.
"""

DDL: tuple[str, ...] = (
    """CREATE TABLE IF NOT EXISTS devices (
        device_id TEXT PRIMARY KEY,
        center TEXT NOT NULL,
        public_key TEXT NOT NULL,
        enrolled_at DOUBLE PRECISION NOT NULL,
        chain_seq BIGINT NOT NULL DEFAULT 0,
        chain_hash TEXT NOT NULL,
        last_seen DOUBLE PRECISION
    )""",
    """CREATE TABLE IF NOT EXISTS enroll_codes (
        code_hash TEXT PRIMARY KEY,
        center TEXT NOT NULL,
        expires_at DOUBLE PRECISION NOT NULL,
        used_by TEXT
    )""",
    """CREATE TABLE IF NOT EXISTS records (
        id TEXT PRIMARY KEY,
        device_id TEXT NOT NULL,
        seq BIGINT NOT NULL,
        kind TEXT NOT NULL,
        visit TEXT,
        created_at TEXT NOT NULL,
        received_at DOUBLE PRECISION NOT NULL,
        hash TEXT NOT NULL,
        prev TEXT NOT NULL,
        body TEXT NOT NULL,
        UNIQUE (device_id, seq)
    )""",
    """CREATE TABLE IF NOT EXISTS chain_flags (
        device_id TEXT NOT NULL,
        seq BIGINT NOT NULL,
        problem TEXT NOT NULL,
        detail TEXT NOT NULL,
        PRIMARY KEY (device_id, seq, problem)
    )""",
    """CREATE TABLE IF NOT EXISTS nonces (
        device_id TEXT NOT NULL,
        nonce TEXT NOT NULL,
        seen_at DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (device_id, nonce)
    )""",
    """CREATE TABLE IF NOT EXISTS ticket_counters (
        center TEXT NOT NULL,
        service TEXT NOT NULL,
        day TEXT NOT NULL,
        next_number BIGINT NOT NULL,
        PRIMARY KEY (center, service, day)
    )""",
    """CREATE TABLE IF NOT EXISTS leases (
        block TEXT PRIMARY KEY,
        device_id TEXT NOT NULL,
        center TEXT NOT NULL,
        service TEXT NOT NULL,
        day TEXT NOT NULL,
        first_number BIGINT NOT NULL,
        last_number BIGINT NOT NULL,
        granted_at DOUBLE PRECISION NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS tickets (
        center TEXT NOT NULL,
        service TEXT NOT NULL,
        day TEXT NOT NULL,
        number BIGINT NOT NULL,
        record_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        block TEXT NOT NULL,
        PRIMARY KEY (center, service, day, number)
    )""",
    """CREATE TABLE IF NOT EXISTS ticket_flags (
        record_id TEXT PRIMARY KEY,
        center TEXT NOT NULL,
        day TEXT NOT NULL,
        problem TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS submissions (
        id TEXT PRIMARY KEY,
        device_id TEXT NOT NULL,
        procedure_code TEXT NOT NULL,
        status TEXT NOT NULL,
        received_at DOUBLE PRECISION NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS device_health (
        device_id TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        checks TEXT NOT NULL,
        reported_at TEXT NOT NULL
    )""",
    'CREATE INDEX IF NOT EXISTS records_kind ON records (kind, device_id)',
    """CREATE TABLE IF NOT EXISTS sealed_fields (
        record_id TEXT PRIMARY KEY,
        key_id TEXT NOT NULL,
        sealed TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS citizen_index (
        record_id TEXT PRIMARY KEY,
        center TEXT NOT NULL,
        id_hmac TEXT NOT NULL,
        created_at TEXT NOT NULL
    )""",
    'CREATE INDEX IF NOT EXISTS citizen_index_hmac ON citizen_index (id_hmac, center, created_at)',
    """CREATE TABLE IF NOT EXISTS central_meta (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS staff (
        username TEXT PRIMARY KEY,
        name_sealed TEXT NOT NULL,
        services TEXT NOT NULL,
        pin_hash TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0,
        created_at DOUBLE PRECISION NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS staff_failures (
        username TEXT NOT NULL,
        failed_at DOUBLE PRECISION NOT NULL
    )""",
    'CREATE INDEX IF NOT EXISTS staff_failures_user ON staff_failures (username, failed_at)',
    """CREATE TABLE IF NOT EXISTS pin_attempts (
        username TEXT NOT NULL,
        device_id TEXT NOT NULL,
        attempted_at DOUBLE PRECISION NOT NULL
    )""",
    'CREATE INDEX IF NOT EXISTS pin_attempts_user ON pin_attempts (username, attempted_at)',
    """CREATE TABLE IF NOT EXISTS staff_sessions (
        token_hash TEXT PRIMARY KEY,
        username TEXT NOT NULL,
        device_id TEXT NOT NULL,
        counter TEXT NOT NULL,
        expires_at DOUBLE PRECISION NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS lookup_audit (
        looked_at DOUBLE PRECISION NOT NULL,
        device_id TEXT NOT NULL,
        username TEXT NOT NULL,
        counter TEXT NOT NULL,
        id_hmac TEXT NOT NULL,
        found INTEGER NOT NULL
    )""",
    'ALTER TABLE devices ADD COLUMN role TEXT',
    'ALTER TABLE enroll_codes ADD COLUMN role TEXT',
    'ALTER TABLE staff ADD COLUMN center TEXT',
    """CREATE TABLE IF NOT EXISTS counter_claims (
        center TEXT NOT NULL,
        service TEXT NOT NULL,
        day TEXT NOT NULL,
        number BIGINT NOT NULL,
        claim_round INTEGER NOT NULL,
        counter TEXT NOT NULL,
        device_id TEXT NOT NULL,
        claimed_at DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (center, service, day, number, claim_round)
    )""",
    'CREATE INDEX IF NOT EXISTS records_created ON records (created_at)',
    """CREATE TABLE IF NOT EXISTS enroll_attempts (
    token TEXT PRIMARY KEY,
    address TEXT NOT NULL,
    tried_at DOUBLE PRECISION NOT NULL
)""",
)
