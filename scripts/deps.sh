#!/bin/sh
# deps.sh — makes sure the Debian packages khabar builds and tests with are
# installed (scripts/apt-need.sh: as root it installs what is missing,
# otherwise it prints the one apt-get line to run and fails).
exec sh "$(dirname "$0")/apt-need.sh" khabar gcc make pkg-config python3 clang time \
    libutf8proc-dev libstemmer-dev libcmocka-dev libicu-dev libjansson-dev libgumbo-dev \
    libzstd-dev libxxhash-dev libmicrohttpd-dev curl
