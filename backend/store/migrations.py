"""The store's schema, as numbered migrations applied in order at open.

Migration N brings a database from `PRAGMA user_version` N-1 to N. A migration is never edited
once released; a change is a new entry at the end. Times are Go wire strings (RFC 3339, local
offset) so a row reads exactly as the API will show it; NULL stands for Go's zero time.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: KubeFATE's four tables (users, clusters, helm_charts, jobs), with the invariants KubeFATE
    # only checks in code made into indexes, so that two processes sharing the file keep them.
    """
    CREATE TABLE users (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        uuid          TEXT NOT NULL UNIQUE,
        username      TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        salt          TEXT NOT NULL,
        email         TEXT NOT NULL DEFAULT '',
        status        INTEGER NOT NULL,
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL
    );

    CREATE TABLE clusters (
        id                INTEGER PRIMARY KEY AUTOINCREMENT,
        uuid              TEXT NOT NULL UNIQUE,
        name              TEXT NOT NULL,
        namespace         TEXT NOT NULL,
        chart_name        TEXT NOT NULL DEFAULT '',
        chart_version     TEXT NOT NULL DEFAULT '',
        values_text       TEXT NOT NULL DEFAULT '',
        spec_json         TEXT,
        revision          INTEGER NOT NULL DEFAULT 0,
        helm_revision     INTEGER NOT NULL DEFAULT 0,
        chart_values_json TEXT,
        status            INTEGER NOT NULL,
        info_json         TEXT,
        created_at        TEXT NOT NULL,
        updated_at        TEXT NOT NULL,
        deleted_at        TEXT
    );
    -- At most one live cluster per namespace/name (KubeFATE: a racy check in code, §3.7).
    CREATE UNIQUE INDEX clusters_one_live_per_name
        ON clusters (namespace, name) WHERE deleted_at IS NULL;

    CREATE TABLE helm_charts (
        id                      INTEGER PRIMARY KEY AUTOINCREMENT,
        uuid                    TEXT NOT NULL UNIQUE,
        name                    TEXT NOT NULL,
        version                 TEXT NOT NULL,
        app_version             TEXT NOT NULL DEFAULT '',
        chart                   TEXT NOT NULL DEFAULT '',
        values_text             TEXT NOT NULL DEFAULT '',
        values_template         TEXT NOT NULL DEFAULT '',
        values_template_example TEXT NOT NULL DEFAULT '',
        templates_json          TEXT NOT NULL DEFAULT '[]',
        archive                 BLOB,
        created_at              TEXT NOT NULL,
        updated_at              TEXT NOT NULL,
        deleted_at              TEXT
    );
    CREATE UNIQUE INDEX helm_charts_one_live_per_version
        ON helm_charts (name, version) WHERE deleted_at IS NULL;

    CREATE TABLE jobs (
        id                    INTEGER PRIMARY KEY AUTOINCREMENT,
        uuid                  TEXT NOT NULL UNIQUE,
        method                TEXT NOT NULL,
        creator               TEXT NOT NULL,
        cluster_id            TEXT REFERENCES clusters (uuid),
        cluster_key           TEXT NOT NULL,
        status                INTEGER NOT NULL,
        start_time            TEXT,
        end_time              TEXT,
        time_limit_ns         INTEGER NOT NULL,
        sub_jobs_json         TEXT,
        states_json           TEXT,
        has_meta_data         INTEGER NOT NULL DEFAULT 0,
        args_name             TEXT NOT NULL DEFAULT '',
        args_namespace        TEXT NOT NULL DEFAULT '',
        args_chart_name       TEXT NOT NULL DEFAULT '',
        args_chart_version    TEXT NOT NULL DEFAULT '',
        args_cover            INTEGER NOT NULL DEFAULT 0,
        args_data             BLOB NOT NULL DEFAULT x'',
        args_keep_upgrade_job INTEGER NOT NULL DEFAULT 0,
        created_at            TEXT NOT NULL,
        updated_at            TEXT NOT NULL,
        deleted_at            TEXT
    );
    CREATE INDEX jobs_by_cluster ON jobs (cluster_id);
    -- One non-terminal job (Pending 1, Running 2, Stopping 7) per cluster at a time.
    CREATE UNIQUE INDEX jobs_one_active_per_cluster
        ON jobs (cluster_key) WHERE deleted_at IS NULL AND status IN (1, 2, 7);
    """,
    # 2: the jobs list reads this narrow index instead of the wide rows (sub-jobs, states, the
    # cluster.yaml): a page of it is a seek, counting the live jobs does not touch the table,
    # and 100,000 summaries read about 15 MB instead of the whole file.
    """
    CREATE INDEX jobs_live_list
        ON jobs (id, uuid, method, creator, cluster_id, status, start_time, end_time,
                 time_limit_ns)
        WHERE deleted_at IS NULL;
    """,
    # 3: each user's token generation, a claim (`gen`) in every token issued to them. A token
    # whose `gen` is not the account's current one is refused, so logging out, changing the
    # password or deleting the account ends every token issued before (docs/kubefate-
    # compatibility.md, "Authentication and sessions"). Accounts that exist already get a fresh
    # generation: their old tokens, issued without the claim, need a new login.
    """
    ALTER TABLE users ADD COLUMN token_generation TEXT NOT NULL DEFAULT '';
    UPDATE users SET token_generation = lower(hex(randomblob(16)));
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
