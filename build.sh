#!/usr/bin/env bash
# Runs Maven with a JDK 21+ (found automatically). Without arguments: the full build and test
# suite, `mvn -B verify`. Any arguments are passed to Maven instead.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/find-jdk.sh
if [ $# -eq 0 ]; then set -- verify; fi
exec mvn -B -ntp "$@"
