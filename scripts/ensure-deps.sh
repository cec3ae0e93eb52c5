# Sourced by the two entry scripts: installs what a fresh machine lacks, and nothing more.
ensure_node_modules() {
  if [ ! -d node_modules/.bin ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "flow-sms: installing npm dependencies (npm ci)..."
    npm ci --no-audit --no-fund
  fi
}

ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then return; fi
  echo "flow-sms: installing Debian's Chromium for the browser tests..."
  local sudo=""
  if [ "$(id -u)" != "0" ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
}
