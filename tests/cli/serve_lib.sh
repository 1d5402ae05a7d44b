# Sourced by the tests that need a running `aftercare serve`:
#   start_serve BINARY LOG_FILE   starts it on a free port of 127.0.0.1 and sets
#                                 $serve_pid and $serve_port (returns 1 when it
#                                 does not say where it listens within 10 s).
start_serve() {
  "$1" serve --port 0 2> "$2" &
  serve_pid=$!
  serve_port=""
  for _ in $(seq 1 100); do
    serve_port=$(grep -o '127\.0\.0\.1:[0-9]*' "$2" | head -1 | cut -d: -f2)
    [[ -n "$serve_port" ]] && return 0
    sleep 0.1
  done
  echo "serve did not say where it listens:"; cat "$2"
  return 1
}
