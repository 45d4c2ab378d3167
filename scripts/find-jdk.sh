# Sourced by ./gorgo, ./build.sh and .ci/run: exports JAVA_HOME pointing at a JDK 21 or newer.
# Order: $JAVA_HOME if it is 21+, the `java` on PATH if it is 21+, then the newest JDK under the
# usual install roots. Fails with a clear message when none is found.

gorgo_java_major() { # prints the feature version of the java binary given, or 0
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1 || echo 0
}

gorgo_find_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(gorgo_java_major "$JAVA_HOME/bin/java")
    if [ "${major:-0}" -ge 21 ]; then return 0; fi
  fi
  if command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(gorgo_java_major "$candidate/bin/java")
    if [ "${major:-0}" -ge 21 ]; then export JAVA_HOME="$candidate"; return 0; fi
  fi
  for candidate in /usr/lib/jvm/* /opt/java/* /opt/jdk* /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/*; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(gorgo_java_major "$candidate/bin/java")
    if [ "${major:-0}" -gt "$best_major" ]; then best="$candidate"; best_major=$major; fi
  done
  if [ "$best_major" -ge 21 ]; then export JAVA_HOME="$best"; return 0; fi
  echo "error: GORGO needs a JDK 21 or newer (found none; the default java is $(java -version 2>&1 | head -n 1))." >&2
  echo "       Install one (for example Temurin 25) or set JAVA_HOME to it." >&2
  return 1
}

gorgo_find_jdk || exit 1
export PATH="$JAVA_HOME/bin:$PATH"
