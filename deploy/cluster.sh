#!/bin/bash
# Beyond one machine, on one machine: a PostgreSQL primary and a streaming read replica,
# Redis as the shared cache, and two app servers (each with its background worker), all
# on this machine, for trying the scaled-out set-up and for tests/deploy/test_cluster.py.
#
#   deploy/cluster.sh start      # prints the app servers' addresses
#   deploy/cluster.sh stop       # stops everything it started, removes CLUSTER_DIR
#
# Settings (environment):
#   CLUSTER_DIR      where everything lives            (/tmp/dossiers-cluster)
#   OWN_PRIMARY      1: a new primary server in CLUSTER_DIR (initdb; port PRIMARY_PORT);
#                    0: the local server at 127.0.0.1:5432, whose pg_hba.conf must allow
#                    replication connections (host replication all 127.0.0.1/32 trust)
#   PRIMARY_PORT     5441 with OWN_PRIMARY=1, else 5432
#   REPLICA_PORT     5442        REDIS_PORT 6391        APP_PORTS "8101 8102"
#   CLUSTER_DB       the site's database on the primary (dossiers_cluster)
#   DOSSIERS         the dossiers command (.venv/bin/dossiers)
#
# Run as root (PostgreSQL's servers run as the postgres user) or as the postgres user.
set -eu

DIR=${CLUSTER_DIR:-/tmp/dossiers-cluster}
OWN_PRIMARY=${OWN_PRIMARY:-1}
if [ "$OWN_PRIMARY" = 1 ]; then PRIMARY_PORT=${PRIMARY_PORT:-5441}; else PRIMARY_PORT=${PRIMARY_PORT:-5432}; fi
REPLICA_PORT=${REPLICA_PORT:-5442}
REDIS_PORT=${REDIS_PORT:-6391}
APP_PORTS=${APP_PORTS:-"8101 8102"}
DB=${CLUSTER_DB:-dossiers_cluster}
DOSSIERS=${DOSSIERS:-.venv/bin/dossiers}
PGBIN=$(pg_config --bindir)

as_postgres() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

wait_for_port() {  # port, what
    for _ in $(seq 1 360); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
        sleep 0.5
    done
    echo "$2 did not start on port $1" >&2
    return 1
}

start() {
    mkdir -p "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres "$DIR"
    chmod 700 "$DIR"
    if [ "$OWN_PRIMARY" = 1 ]; then
        as_postgres "$PGBIN/initdb" -D "$DIR/primary" -A trust -U postgres >"$DIR/initdb.log"
        echo "host replication all 127.0.0.1/32 trust" >>"$DIR/primary/pg_hba.conf"
        as_postgres "$PGBIN/pg_ctl" -D "$DIR/primary" -l "$DIR/primary.log" -w \
            -o "-p $PRIMARY_PORT -k $DIR -c listen_addresses=127.0.0.1" start >/dev/null
    fi
    # The replica: a base backup of the primary that keeps streaming from it (-R writes
    # standby.signal and primary_conninfo), read-only, on its own port.
    as_postgres "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres \
        -D "$DIR/replica" -X stream -R
    # A packaged server keeps its configuration outside its data directory.
    [ -f "$DIR/replica/postgresql.conf" ] || as_postgres touch "$DIR/replica/postgresql.conf"
    [ -f "$DIR/replica/pg_hba.conf" ] ||
        printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' |
        as_postgres tee "$DIR/replica/pg_hba.conf" >/dev/null
    as_postgres "$PGBIN/pg_ctl" -D "$DIR/replica" -l "$DIR/replica.log" -w \
        -o "-p $REPLICA_PORT -k $DIR -c listen_addresses=127.0.0.1 -c hot_standby=on" start >/dev/null

    PRIMARY_URL="postgres://postgres@127.0.0.1:$PRIMARY_PORT/$DB"
    REPLICA_URL="postgres://postgres@127.0.0.1:$REPLICA_PORT/$DB"
    psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -qc "CREATE DATABASE $DB" postgres

    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --dir "$DIR" \
        --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log" --save "" --appendonly no

    cat >"$DIR/env" <<ENV
DATABASE_URL=$PRIMARY_URL
DATABASE_REPLICA_URLS=$REPLICA_URL
DOSSIERS_CACHE_URL=redis://127.0.0.1:$REDIS_PORT/0
DOSSIERS_DATA_DIR=$DIR/data
SECRET_KEY=${SECRET_KEY:-cluster-trial-secret-$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')}
ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1,localhost}
ENV
    set -a
    . "$DIR/env"
    set +a
    mkdir -p "$DIR/data"
    "$DOSSIERS" migrate --noinput -v0
    "$DOSSIERS" demo --if-empty >/dev/null
    for port in $APP_PORTS; do
        # setsid: each server and its workers in a process group of their own, stopped as one.
        # One after the other: each collects the static files at start.
        setsid "$DOSSIERS" serve --host 127.0.0.1 --port "$port" --workers 2 \
            >"$DIR/app-$port.log" 2>&1 &
        echo $! >"$DIR/app-$port.pid"
        wait_for_port "$port" "app server"
        echo "app server: http://127.0.0.1:$port/"
    done
    echo "primary: $PRIMARY_URL"
    echo "replica: $REPLICA_URL"
    echo "redis:   redis://127.0.0.1:$REDIS_PORT/0"
}

stop() {
    for pidfile in "$DIR"/app-*.pid; do
        [ -f "$pidfile" ] || continue
        kill -TERM -- "-$(cat "$pidfile")" 2>/dev/null || true
        rm -f "$pidfile"
    done
    [ -f "$DIR/redis.pid" ] && kill "$(cat "$DIR/redis.pid")" 2>/dev/null || true
    [ -d "$DIR/replica" ] && as_postgres "$PGBIN/pg_ctl" -D "$DIR/replica" -m fast -w stop >/dev/null 2>&1 || true
    if [ "$OWN_PRIMARY" = 1 ]; then
        [ -d "$DIR/primary" ] && as_postgres "$PGBIN/pg_ctl" -D "$DIR/primary" -m fast -w stop >/dev/null 2>&1 || true
    else
        psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" postgres || true
    fi
    rm -rf "$DIR"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
*) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
