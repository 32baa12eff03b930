#!/bin/sh
# Rebuilds ../lang-archived-library/charts/common-1.0.0.tgz from ./common, byte-reproducibly.
set -eu
cd "$(dirname "$0")"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf - common \
  | gzip -n -9 > ../lang-archived-library/charts/common-1.0.0.tgz
