# Sourced by ./mvnw, ./capstan and .ci/run: makes JAVA_HOME point at a JDK of version 21 or newer.
# Order: an existing JAVA_HOME if it is new enough, then `java` on PATH, then the JVMs installed
# in the usual places (newest first). The machine's default java may be 17, which cannot build us.
capstan_jdk_version() {
  # prints the feature version of the JDK at $1 (e.g. 25), or nothing
  [ -x "$1/bin/javac" ] || return 0
  # The JDK's release file names its version without starting a JVM (about 0.05-0.1 s per candidate,
  # paid on every ./capstan run); a JDK without one is asked.
  if [ -f "$1/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" | head -n 1)
    if [ -n "$v" ]; then echo "$v"; return 0; fi
  fi
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}
capstan_find_jdk() {
  if [ -n "${JAVA_HOME-}" ]; then
    v=$(capstan_jdk_version "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then return 0; fi
  fi
  candidates=""
  case $- in *f*) capstan_noglob=1; set +f ;; *) capstan_noglob=0 ;; esac
  if command -v javac >/dev/null 2>&1; then
    candidates=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
  fi
  for d in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$d" ] && candidates="$candidates
$d"
  done
  [ "$capstan_noglob" = 1 ] && set -f
  best="" bestv=0
  for d in $candidates; do
    v=$(capstan_jdk_version "$d")
    if [ -n "$v" ] && [ "$v" -ge 21 ] && [ "$v" -gt "$bestv" ]; then best=$d bestv=$v; fi
  done
  if [ -z "$best" ]; then
    echo "capstan: no JDK 21 or newer found (looked at JAVA_HOME, javac on PATH and /usr/lib/jvm). Install one and set JAVA_HOME." >&2
    return 1
  fi
  JAVA_HOME=$best
  export JAVA_HOME
}
capstan_find_jdk || exit 1
