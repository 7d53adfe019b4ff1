# Sourced by the bin/ scripts: exports JAVA_HOME pointing at a JDK 21 or newer.
# Order: $JAVA_HOME if it is new enough, then on macOS `/usr/libexec/java_home -v 21+`, then the
# newest JDK found under /usr/lib/jvm, /usr/java, /opt/java, ~/.sdkman/candidates/java and (macOS)
# /Library/Java/JavaVirtualMachines/*/Contents/Home. Fails with the fix spelled out.

jdk_major() {
  # Prints the major version of the JDK at $1, or nothing.
  local release="$1/release"
  [ -x "$1/bin/javac" ] && [ -f "$release" ] || return 0
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release"
}

select_jdk() {
  local wanted=21 candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(jdk_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge "$wanted" ]; then
      export JAVA_HOME
      return 0
    fi
  fi
  if [ -x /usr/libexec/java_home ]; then
    candidate=$(/usr/libexec/java_home -v "$wanted+" 2>/dev/null || true)
    major=$(jdk_major "$candidate")
    if [ -n "$candidate" ] && [ -n "$major" ] && [ "$major" -ge "$wanted" ]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/* /usr/java/* /opt/java/* "$HOME"/.sdkman/candidates/java/* \
    /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$candidate" ] || continue
    major=$(jdk_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge "$wanted" ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"
      best_major="$major"
    fi
  done
  if [ -z "$best" ]; then
    echo "error: Weft needs a JDK $wanted or newer and none was found." >&2
    echo "       JAVA_HOME is '${JAVA_HOME:-unset}'; searched /usr/libexec/java_home (macOS), /usr/lib/jvm," >&2
    echo "       /usr/java, /opt/java, ~/.sdkman and /Library/Java/JavaVirtualMachines." >&2
    echo "       Fix: install one (Debian: apt-get install openjdk-21-jdk-headless; macOS: brew install openjdk@21)" >&2
    echo "       or set JAVA_HOME to it." >&2
    exit 1
  fi
  export JAVA_HOME="$best"
}

select_jdk
export PATH="$JAVA_HOME/bin:$PATH"

# Maven's own libraries (jansi, guava) trip JDK 24+ warnings about native access and Unsafe.
if [ "$(jdk_major "$JAVA_HOME")" -ge 24 ]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
fi
