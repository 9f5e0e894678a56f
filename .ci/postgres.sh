# Starts a throwaway PostgreSQL 15 cluster on 127.0.0.1 for the PostgreSQL contract tests
# and exports LABELBOT_TEST_POSTGRES. Sourced by .ci/run; usable by hand the same way.
PG_PORT=${PG_PORT:-55432}
PG_DIR=${PG_DIR:-/tmp/labelbot-pg}

start_postgres() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  rm -rf "$PG_DIR"; mkdir -p "$PG_DIR"; chown postgres "$PG_DIR"
  su postgres -c "$bin/initdb -D $PG_DIR/data -A trust -U postgres" >/dev/null
  su postgres -c "$bin/pg_ctl -D $PG_DIR/data -o '-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR' -l $PG_DIR/log -w start" >/dev/null
  su postgres -c "$bin/createdb -h 127.0.0.1 -p $PG_PORT labelbot_test"
  export LABELBOT_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=labelbot_test"
  echo "PostgreSQL ready on 127.0.0.1:$PG_PORT"
}

stop_postgres() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  su postgres -c "$bin/pg_ctl -D $PG_DIR/data -m fast stop" >/dev/null 2>&1
}
