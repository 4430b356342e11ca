#!/usr/bin/env bash
# Builds the base layer of the ruaflow container image from this machine's own packages, because the build
# reaches Maven Central, Debian and npm but no container registry: a JRE cut down with jlink to the modules
# ruaflow.jar uses, the shared libraries it and DuckDB's native library load (found with ldd), the CA
# certificates, a passwd/group naming the non-root user 65532, and writable /tmp and /var/lib/ruaflow.
# Jib puts this folder on top of `scratch` (deploy/pom.xml, profile `image`).
#
# usage: base-layer.sh JAR OUT_DIR   (needs a JDK 17 with jmods: Debian's openjdk-17-jdk-headless)
set -euo pipefail
jar=$1
out=$2
java_home=${RUAFLOW_IMAGE_JDK:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
if [ ! -d "$java_home/jmods" ]; then
  echo "base-layer.sh: $java_home has no jmods folder: jlink needs a full JDK (openjdk-17-jdk-headless)" >&2
  exit 1
fi
rm -rf "$out"
mkdir -p "$out/opt" "$out/etc" "$out/tmp" "$out/var/lib/ruaflow/inbox" "$out/home/nonroot"

# The modules ruaflow and its libraries use (jdeps cannot resolve the shaded jar: its libraries' versioned
# module-info files name modules it merged), plus the ones reached only through ServiceLoader or by name:
# TLS elliptic curves (IMAP, SMTP, Kafka over TLS), JMX for Kafka's metrics, zip file systems, charsets.
# ImageTest runs roles in the image: a missing module shows there as a NoClassDefFoundError.
modules=java.base,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml,java.desktop
modules="$modules,java.security.jgss,java.security.sasl,java.compiler,jdk.unsupported,jdk.crypto.ec"
modules="$modules,jdk.management,jdk.zipfs,jdk.localedata,jdk.charsets,jdk.naming.dns"
test -f "$jar" || { echo "base-layer.sh: no $jar: run after the shade plugin" >&2; exit 1; }
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --compress=2 --output "$out/opt/java"
# Debian's JDK keeps the trust store outside the JDK (a symlink into /etc): copy the real file.
if [ -f /etc/ssl/certs/java/cacerts ]; then
  rm -f "$out/opt/java/lib/security/cacerts"
  cp -L /etc/ssl/certs/java/cacerts "$out/opt/java/lib/security/cacerts"
fi

# Every shared library the JRE's binaries and libraries load, plus the C++ runtime of DuckDB's native
# library (extracted from its jar at run time), with the dynamic loader; copied to the same paths.
# The JRE's own libraries resolve inside it; the X11 and splash-screen ones load only with a display, and the
# image runs headless.
libs() {
  find "$out/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) \
    ! -name libawt_xawt.so ! -name libsplashscreen.so ! -name libjawt.so -print0 \
    | xargs -0 -r ldd 2>/dev/null | awk -v out="$out" '/=> \// && index($3, out) != 1 {print $3}'
  for extra in libstdc++.so.6 libgcc_s.so.1 libdl.so.2 libpthread.so.0 librt.so.1; do
    ldconfig -p | awk -v lib="$extra" '$1 == lib && /x86-64|x86_64|aarch64/ {print $NF; exit}'
  done
}
for lib in $(libs | sort -u); do
  real=$(readlink -f "$lib")
  mkdir -p "$out$(dirname "$lib")"
  cp "$real" "$out$lib"
  for dep in $(ldd "$real" 2>/dev/null | awk '/=> \// {print $3}'); do
    if [ ! -e "$out$dep" ]; then
      mkdir -p "$out$(dirname "$dep")"
      cp "$(readlink -f "$dep")" "$out$dep"
    fi
  done
done
loader=$(ldd "$out/opt/java/bin/java" | awk '/ld-linux/ {print $1}')
mkdir -p "$out$(dirname "$loader")"
cp -n "$(readlink -f "$loader")" "$out$loader" 2>/dev/null || true
# Debian links /lib64/ld-linux-x86-64.so.2 to /lib/x86_64-linux-gnu/: keep both names valid.
if [ "$(uname -m)" = x86_64 ] && [ ! -e "$out/lib64/ld-linux-x86-64.so.2" ]; then
  mkdir -p "$out/lib64"
  cp "$(readlink -f /lib64/ld-linux-x86-64.so.2)" "$out/lib64/ld-linux-x86-64.so.2"
fi

cat > "$out/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/sbin/nologin
nonroot:x:65532:65532:ruaflow:/home/nonroot:/sbin/nologin
EOF
cat > "$out/etc/group" <<'EOF'
root:x:0:
nonroot:x:65532:
EOF
echo "hosts: files dns" > "$out/etc/nsswitch.conf"
echo "base-layer.sh: $(du -sh "$out" | cut -f1) in $out (modules: $modules)"
