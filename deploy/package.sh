#!/usr/bin/env bash
# Builds the services' tarballs (README.md): one jlink runtime of the modules in runtime-modules, then for each
# service a directory with its launcher, jar, runtime, systemd unit, sysusers entry and configuration template,
# packed as target/liveplane-{control-plane,media-node}-VERSION-linux-x64.tar.gz. Maven runs it during package.
#   package.sh JAVA_HOME VERSION CONTROL_PLANE_JAR MEDIA_NODE_JAR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
java_home=$1 version=$2 cp_jar=$3 node_jar=$4
target="$here/target"
runtime="$target/runtime"
mkdir -p "$target"

# jlink takes about 10 s: the runtime is made again only when the module list, the options or the JDK changed.
modules="$(grep -v -e '^#' -e '^$' "$here/runtime-modules" | paste -sd, -)"
options=(--strip-debug --no-man-pages --no-header-files --compress=2)
stamp="$modules ${options[*]} $("$java_home/bin/java" -XshowSettings:properties -version 2>&1 | grep -E 'java\.(home|vm\.version) ')"
if [ ! -x "$runtime/bin/java" ] || [ "$(cat "$target/runtime.stamp" 2>/dev/null)" != "$stamp" ]; then
  rm -rf "$runtime" "$target/runtime.stamp"
  module_path=()
  [ -d "$java_home/jmods" ] && module_path=(--module-path "$java_home/jmods")
  #: the JDK's class-data archive, as a stock JDK has it (a faster start).
  "$java_home/bin/jlink" "${module_path[@]}" --add-modules "$modules" "${options[@]}" --output "$runtime"
  echo "$stamp" >"$target/runtime.stamp"
fi

# The tarball's files are root's and dated by the last commit, so two builds of one commit differ only by the jar.
mtime="@$(git -C "$here" log -1 --format=%ct 2>/dev/null || date +%s)"
pack() {
  local name=$1 jar=$2 dir="liveplane-$1-$version"
  local stage="$target/stage/$dir" src="$here/$name"
  rm -rf "$stage"
  mkdir -p "$stage/bin" "$stage/lib" "$stage/etc" "$stage/systemd"
  cp -al "$runtime" "$stage/runtime"
  cp "$jar" "$stage/lib/$name.jar"
  install -m 755 "$src/$name" "$stage/bin/$name"
  install -m 755 "$here/install" "$stage/bin/install"
  install -m 644 "$src/$name.env" "$stage/etc/$name.env"
  install -m 644 "$src/liveplane-$name.service" "$src/liveplane-$name.sysusers.conf" "$stage/systemd/"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="$mtime" -C "$target/stage" \
    -czf "$target/$dir-linux-x64.tar.gz" "$dir"
  echo "deploy: $(du -h "$target/$dir-linux-x64.tar.gz" | cut -f1) $target/$dir-linux-x64.tar.gz"
}
pack control-plane "$cp_jar"
pack media-node "$node_jar"
