#!/usr/bin/env bash
# Installs everything rtclab needs on a bare Debian bookworm machine. Idempotent: each step
# checks first and does nothing when its part is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  build-essential cmake ninja-build pkg-config
  emscripten binaryen node-acorn
  nlohmann-json3-dev libboost-dev libssl-dev libjemalloc-dev libsimdjson-dev doctest-dev libimgui-dev libstb-dev
  chromium firefox-esr xvfb coturn iproute2 util-linux xz-utils fonts-nanum
  clang-14 libfuzzer-14-dev libclang-rt-14-dev
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
# Node.js comes with the machine (and is what emscripten depends on); npm is usually bundled.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if ((${#missing[@]})); then
  echo "deps: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Dear ImGui sources for the wasm build: Debian's libimgui-dev ships only a native library, so
# the upstream sources come from Debian's source package, into an ignored cache folder.
IMGUI_DIR=.cache/imgui
if [ ! -f "$IMGUI_DIR/imgui.cpp" ]; then
  echo "deps: fetching Dear ImGui sources (Debian source package imgui)"
  work=$(mktemp -d)
  mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$mirror" ] || mirror=http://deb.debian.org/debian
  echo "deb-src $mirror bookworm main" > "$work/sources.list"
  mkdir -p "$work/lists/partial"
  apt_opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/dev/null
            -o "Dir::State::Lists=$work/lists")
  apt-get "${apt_opts[@]}" update -q
  (cd "$work" && apt-get "${apt_opts[@]}" source --download-only imgui)
  mkdir -p "$IMGUI_DIR"
  tar -xJf "$work"/imgui_*.orig.tar.xz -C "$IMGUI_DIR" --strip-components=1
  rm -rf "$work"
fi

# Browser-test drivers, no browser download: playwright-core drives Debian's Chromium and
# puppeteer-core Debian's firefox-esr (WebDriver BiDi); webrtc-adapter is served to the labs.
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/pngjs ] || [ ! -d node_modules/ws ] ||
   [ ! -d node_modules/puppeteer-core ] || [ ! -f node_modules/webrtc-adapter/out/adapter.js ]; then
  echo "deps: installing npm packages"
  npm ci --no-audit --no-fund
fi
echo "deps: ok"
