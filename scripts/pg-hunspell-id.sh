#!/usr/bin/env bash
# Installs Debian's hunspell-id (id_ID.aff/.dic) as a PostgreSQL ispell dictionary, for the
# morphology comparison (`npm run bench -- morphology`) only: the product never loads hunspell
# into PostgreSQL (its stemmer reads the bundled copy third_party/hunspell-id/id_ID.dic).
# Needs write access to PostgreSQL's share directory (root); the files are plain ASCII.
set -euo pipefail
share="$(pg_config --sharedir 2>/dev/null || echo /usr/share/postgresql/15)/tsearch_data"
cp /usr/share/hunspell/id_ID.aff "$share/esurat_id_hunspell.affix"
cp /usr/share/hunspell/id_ID.dic "$share/esurat_id_hunspell.dict"
echo "installed $share/esurat_id_hunspell.{affix,dict}"
