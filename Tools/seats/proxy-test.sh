#!/usr/bin/env bash
# The reverse proxy of Documentation/Seats.md, tested as the page prints it: nginx (Debian's
# package) terminating TLS in front of a real `cdx run --listen`, with a certificate made
# here for exercise.example. Joins, views, decides and reads the event stream through it.
#
#   Tools/seats/proxy-test.sh          (CDX=path/to/cdx to use another build)
#
# Exits 0 when every check holds, 1 on a failed check, 2 when nginx or openssl is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
cdx=${CDX:-.build/debug/cdx}
nginx=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx" ] || { echo "proxy-test: nginx is not installed (apt-get install nginx)" >&2; exit 2; }
command -v openssl >/dev/null || { echo "proxy-test: openssl is not installed" >&2; exit 2; }

tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "proxy-test: FAILED: $*" >&2; [ -f "$tmp/error.log" ] && tail -5 "$tmp/error.log" >&2; exit 1; }

# The server block exactly as Seats.md prints it.
awk '/^```nginx$/ { inside = 1; next } /^```$/ { if (inside) exit } inside' Documentation/Seats.md > "$tmp/site.conf"
grep -q 'proxy_pass http://127.0.0.1:8080;' "$tmp/site.conf" || fail "no nginx server block with proxy_pass in Documentation/Seats.md"

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=exercise.example" -addext "subjectAltName=DNS:exercise.example" \
  -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null

"$cdx" run Documentation/Examples/tiny.exercise --journal "$tmp/day.jsonl" --listen 127.0.0.1:0 --no-console \
  --allow-host exercise.example > "$tmp/cdx.out" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q '^seat codes:' "$tmp/cdx.out" && break; sleep 0.1; done
port=$(sed -n 's|^seats: http://127.0.0.1:\([0-9]*\)/$|\1|p' "$tmp/cdx.out")
[ -n "$port" ] || fail "cdx did not start: $(cat "$tmp/cdx.out")"
proxy=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# Only what a test machine needs changed: its ports and the certificate's folder.
sed -e "s|listen 8443 ssl;|listen 127.0.0.1:$proxy ssl;|" -e "s|/etc/cdx/tls/|$tmp/|g" -e "s|127.0.0.1:8080|127.0.0.1:$port|" \
  "$tmp/site.conf" > "$tmp/site.local.conf"
cat > "$tmp/nginx.conf" <<CONF
daemon off;
pid $tmp/nginx.pid;
error_log $tmp/error.log;
events {}
http {
    access_log $tmp/access.log;
    client_body_temp_path $tmp/body;
    proxy_temp_path $tmp/proxy;
    fastcgi_temp_path $tmp/fastcgi;
    uwsgi_temp_path $tmp/uwsgi;
    scgi_temp_path $tmp/scgi;
    include $tmp/site.local.conf;
}
CONF
"$nginx" -c "$tmp/nginx.conf" -p "$tmp" -e "$tmp/error.log" &
pids+=($!)
base="https://exercise.example:$proxy"
c=(curl -s --cacert "$tmp/cert.pem" --resolve "exercise.example:$proxy:127.0.0.1")
for _ in $(seq 50); do "${c[@]}" -o /dev/null "$base/" && break; sleep 0.1; done

code=$(awk '$1 == "jcdc" { print $2 }' "$tmp/day.jsonl.seats")
white=$(awk '$1 == "white" { print $2 }' "$tmp/day.jsonl.seats")
"${c[@]}" -D "$tmp/join.head" -c "$tmp/jcdc.jar" --data-urlencode "code=$code" -H "Origin: $base" "$base/api/join" > "$tmp/join.json"
grep -q '"role":"jcdc"' "$tmp/join.json" || fail "join through the proxy: $(cat "$tmp/join.json")"
grep -qi '^set-cookie: cdx_seat=.*HttpOnly; SameSite=Strict; Secure' "$tmp/join.head" || fail "the cookie is not Secure behind TLS: $(grep -i set-cookie "$tmp/join.head")"
grep -qi '^content-security-policy:' "$tmp/join.head" || fail "the CSP did not come through"
csrf=$(sed 's/.*"csrf":"\([0-9a-f]*\)".*/\1/' "$tmp/join.json")

"${c[@]}" -b "$tmp/jcdc.jar" "$base/api/view" | grep -q '"turn":1' || fail "view through the proxy"
out=$("${c[@]}" -b "$tmp/jcdc.jar" -H "X-CSRF-Token: $csrf" -H "Origin: $base" --data-urlencode "line=detect mail" -d turn=1 "$base/api/decide")
echo "$out" | grep -q '"outcome":"applied"' || fail "decide through the proxy: $out"
grep -q '"line":"jcdc detect mail","seat":"jcdc"' "$tmp/day.jsonl" || fail "the decision is not in the journal"

# Another origin is refused through the proxy too.
status=$("${c[@]}" -o /dev/null -w '%{http_code}' -b "$tmp/jcdc.jar" -H "X-CSRF-Token: $csrf" -H "Origin: https://attacker.example" \
  --data-urlencode "line=contain mail" "$base/api/decide")
[ "$status" = 403 ] || fail "a foreign Origin got $status through the proxy"

# The event stream comes through unbuffered: a change pushed by another seat arrives while the stream is open.
"${c[@]}" -N -b "$tmp/jcdc.jar" --max-time 5 "$base/api/events" > "$tmp/events.txt" &
stream=$!
sleep 1
wcsrf=$("${c[@]}" -c "$tmp/white.jar" --data-urlencode "code=$white" "$base/api/join" | sed 's/.*"csrf":"\([0-9a-f]*\)".*/\1/')
"${c[@]}" -b "$tmp/white.jar" -H "X-CSRF-Token: $wcsrf" -d line=next -d turn=1 "$base/api/decide" | grep -q '"outcome":"done"' || fail "next through the proxy"
wait "$stream" || true
[ "$(grep -c '^event: change' "$tmp/events.txt")" -ge 2 ] || fail "the event stream did not come through live: $(cat "$tmp/events.txt")"
grep -q '"turn":2' "$tmp/events.txt" || fail "the stream did not tell of turn 2"

"$cdx" verify "$tmp/day.jsonl" > /dev/null || fail "cdx verify of the journal played through the proxy"
echo "proxy-test: ok — TLS through nginx ($("$nginx" -v 2>&1 | sed 's/.*: //')): join (Secure cookie), view, decide, a foreign Origin refused, live events, verify"
